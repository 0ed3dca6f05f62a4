"""The handoff console: the queue (/staff), a ticket with its conversation, replies to the
resident, taking a ticket, and closing it (which hands the conversation back to the bot).
Every route needs a staff session; every POST its CSRF token (bot/web/staff/auth.py)."""
from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from bot.web.staff.accounts import StaffSession
from bot.web.staff.auth import COOKIE_PATH, StaffForm, require_staff, require_staff_form
from bot.web.staff.delivery import REPLYABLE, Delivery, Providers
from bot.web.staff.pages import render
from bot.web.staff.services import Conversations, ServiceError, ServiceSettings, Tickets, history

logger = logging.getLogger(__name__)
router = APIRouter(prefix=COOKIE_PATH)
MAX_REPLY = 1600      # characters: a WhatsApp message through Twilio


@lru_cache(maxsize=1)
def labels() -> Dict[str, Dict[str, str]]:
    return yaml.safe_load(Path(__file__).with_name("labels.yml").read_text(encoding="utf-8"))


def services() -> Dict[str, Any]:
    settings = ServiceSettings.from_env()
    conversations = Conversations(settings)
    return {"tickets": Tickets(settings), "conversations": conversations,
            "delivery": Delivery(conversations, Providers())}


def _since(value: str) -> str:
    return datetime.fromisoformat(value).strftime("%H:%M")


def _ticket_or_404(error: LookupError) -> HTTPException:
    return HTTPException(404, "ticket inconnu")


@router.get("", response_class=HTMLResponse)
async def queue(request: Request, session: StaffSession = Depends(require_staff)) -> HTMLResponse:
    error, tickets = "", []
    try:
        tickets = await services()["tickets"].open()
    except ServiceError as problem:
        error = str(problem)
    return render(request, "staff/queue.html", session,
                  {"tickets": tickets, "error": error, "labels": labels(), "since": _since})


async def _ticket_context(ticket_id: str) -> Dict[str, Any]:
    found = services()
    try:
        ticket = await found["tickets"].get(ticket_id)
    except LookupError as missing:
        raise _ticket_or_404(missing) from missing
    conversation, problem = {}, ""
    try:
        conversation = await found["conversations"].tracker(ticket["conversation_id"])
    except ServiceError as error:
        problem = str(error)
    return {"ticket": ticket, "history": history(conversation.get("events") or []),
            "paused": bool(conversation.get("paused")), "conversation_error": problem}


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
async def ticket_page(request: Request, ticket_id: str, sent: str = "", error: str = "",
                      session: StaffSession = Depends(require_staff)) -> HTMLResponse:
    context = await _ticket_context(ticket_id)
    context.update({"labels": labels(), "since": _since, "sent": sent, "error": error,
                    "replyable": context["ticket"]["channel"] in REPLYABLE
                    and context["ticket"]["status"] != "closed", "max_reply": MAX_REPLY})
    return render(request, "staff/ticket.html", session, context)


@router.get("/tickets/{ticket_id}/history.json")
async def ticket_history(ticket_id: str, session: StaffSession = Depends(require_staff)) -> JSONResponse:
    """For the ticket page's refresh (static/staff.js): the conversation as stored."""
    context = await _ticket_context(ticket_id)
    return JSONResponse({"history": context["history"], "paused": context["paused"],
                         "status": context["ticket"]["status"]}, headers={"Cache-Control": "no-store"})


def _back(ticket_id: str, **query: str) -> RedirectResponse:
    suffix = "&".join(f"{key}={quote(value)}" for key, value in query.items() if value)
    return RedirectResponse(f"{COOKIE_PATH}/tickets/{ticket_id}" + (f"?{suffix}" if suffix else ""),
                            status_code=303)


@router.post("/tickets/{ticket_id}/take")
async def take(ticket_id: str, form: StaffForm = Depends(require_staff_form)) -> RedirectResponse:
    try:
        await services()["tickets"].take(ticket_id, form.session.staff.username)
    except LookupError as missing:
        raise _ticket_or_404(missing) from missing
    except ServiceError as error:
        return _back(ticket_id, error=str(error))
    return _back(ticket_id)


@router.post("/tickets/{ticket_id}/reply")
async def reply(ticket_id: str, form: StaffForm = Depends(require_staff_form)) -> RedirectResponse:
    text = form.get("message").strip()
    if not text or len(text) > MAX_REPLY:
        return _back(ticket_id, error=f"Le message doit faire entre 1 et {MAX_REPLY} caractères.")
    found = services()
    try:
        ticket = await found["tickets"].get(ticket_id)
        if ticket["status"] == "closed":
            return _back(ticket_id, error="Ce ticket est clôturé.")
        outcome = await found["delivery"].reply(ticket, text, form.session.staff.username)
        if ticket["status"] == "waiting":   # answering is taking the ticket
            await found["tickets"].take(ticket_id, form.session.staff.username)
    except LookupError as missing:
        raise _ticket_or_404(missing) from missing
    except ServiceError as error:
        logger.warning("a staff reply was not delivered: %s", error)
        return _back(ticket_id, error=str(error))
    return _back(ticket_id, sent=outcome)


@router.post("/tickets/{ticket_id}/close")
async def close(ticket_id: str, form: StaffForm = Depends(require_staff_form)) -> RedirectResponse:
    """Hands the conversation back to the bot first: a ticket is closed only once that worked."""
    found = services()
    try:
        ticket = await found["tickets"].get(ticket_id)
        if ticket["status"] != "closed":
            paused = False
            if ticket["channel"] in REPLYABLE:
                paused = bool((await found["conversations"].tracker(ticket["conversation_id"])).get("paused"))
            await found["delivery"].hand_back(ticket, paused)
            await found["tickets"].close(ticket_id, form.session.staff.username)
    except LookupError as missing:
        raise _ticket_or_404(missing) from missing
    except ServiceError as error:
        logger.warning("a ticket could not be closed: %s", error)
        return _back(ticket_id, error=str(error))
    return RedirectResponse(f"{COOKIE_PATH}?closed={quote(ticket['number'])}", status_code=303)
