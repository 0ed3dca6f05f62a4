"""The handoff queue (/staff): filled in by the handoff tickets of the municipal API."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from bot.web.staff.auth import COOKIE_PATH, require_staff
from bot.web.staff.accounts import StaffSession
from bot.web.staff.pages import render

router = APIRouter(prefix=COOKIE_PATH)


@router.get("", response_class=HTMLResponse)
def queue(request: Request, session: StaffSession = Depends(require_staff)) -> HTMLResponse:
    return render(request, "staff/queue.html", session, {"tickets": []})
