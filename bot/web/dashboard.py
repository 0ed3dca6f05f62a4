"""GET /staff/dashboard: the staff dashboard (staff login required: bot/web/staff/auth.py).

What residents ask (topics, languages, channels, ISO weeks), the resolution rate, the peak
hours, the questions the assistant did not understand grouped by meaning, and the
residents' feedback, over the last `?weeks=` weeks (1, 4, 8, 12, 26 or 52; 4 by default).
The figures are computed by bot/analytics/dashboard.py from the tracker store (read only)
and the statistics database (bot/analytics/database.py).
"""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from bot.analytics.dashboard import DEFAULT_WEEKS, WEEK_CHOICES, DashboardView, build_dashboard
from bot.analytics.database import engine_for, stats_db_url, tracker_db_url
from bot.web.feedback_api import feedback_store
from bot.web.staff.accounts import StaffSession
from bot.web.staff.auth import require_staff
from bot.web.staff.pages import render

router = APIRouter(prefix="/staff/dashboard")
TEMPLATE = "dashboard/dashboard.html"


def chosen_weeks(value: Optional[str]) -> int:
    """The period asked for, if it is one of the choices; else the default."""
    try:
        weeks = int(value) if value else DEFAULT_WEEKS
    except ValueError:
        return DEFAULT_WEEKS
    return weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS


def current_view(weeks: int) -> DashboardView:
    return build_dashboard(engine_for(tracker_db_url()), engine_for(stats_db_url()), feedback_store(), weeks)


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, weeks: Optional[str] = None,
              session: StaffSession = Depends(require_staff)) -> HTMLResponse:
    view = current_view(chosen_weeks(weeks))
    return render(request, TEMPLATE, session, {"view": view, "choices": WEEK_CHOICES})
