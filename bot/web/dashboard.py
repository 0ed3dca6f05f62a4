"""GET /staff/dashboard: the staff dashboard (staff login required: bot/web/staff/auth.py).

What residents ask (topics, languages, channels, ISO weeks), the resolution rate, the peak
hours, the questions the assistant did not understand grouped by meaning, and the
residents' feedback, over the last `?weeks=` weeks (1, 4, 8, 12, 26 or 52; 4 by default).
The figures are computed by bot/analytics/dashboard.py from the tracker store (read only)
and the statistics database (bot/analytics/database.py); the counts are rolled up from the
tracker store at most every 5 minutes.
"""
from __future__ import annotations

import threading
import time
from typing import Dict, Optional

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
REFRESH_SECONDS = 300
_LAST_REFRESH: Dict[str, float] = {}
_LOCK = threading.Lock()


def chosen_weeks(value: Optional[str]) -> int:
    """The period asked for, if it is one of the choices; else the default."""
    try:
        weeks = int(value) if value else DEFAULT_WEEKS
    except ValueError:
        return DEFAULT_WEEKS
    return weeks if weeks in WEEK_CHOICES else DEFAULT_WEEKS


def _refresh_due(tracker_url: str) -> bool:
    """Roll the counts up at most every REFRESH_SECONDS per tracker store: reading a month of
    conversations at every view of a busy city would be slow, and the figures move slowly."""
    now = time.monotonic()
    with _LOCK:
        if now - _LAST_REFRESH.get(tracker_url, -REFRESH_SECONDS) < REFRESH_SECONDS:
            return False
        _LAST_REFRESH[tracker_url] = now
        return True


def current_view(weeks: int) -> DashboardView:
    tracker_url = tracker_db_url()
    return build_dashboard(engine_for(tracker_url), engine_for(stats_db_url()), feedback_store(), weeks,
                           refresh=_refresh_due(tracker_url))


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, weeks: Optional[str] = None,
              session: StaffSession = Depends(require_staff)) -> HTMLResponse:
    view = current_view(chosen_weeks(weeks))
    return render(request, TEMPLATE, session, {"view": view, "choices": WEEK_CHOICES})
