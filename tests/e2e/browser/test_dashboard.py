"""The staff dashboard in Chromium (scenarios/dashboard.mjs), on a month of conversations
written through the assistant's tracker store and residents' feedback: only the web app
runs (the dashboard reads the tracker store and the statistics database, not Rasa).
`make screenshots` (WEB_SCREENSHOTS) writes docs/dashboard.png."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from bot.analytics.settings import analytics_settings
from bot.cli.stack import Stack, StackConfig, free_port
from bot.feedback.store import FeedbackStore
from bot.web.staff.accounts import StaffStore
from tests.analytics.seed import city_feedback, city_month, save_all, tracker_store
from tests.e2e.browser.test_web_pages import run_scenario, screenshot_dir

CONVERSATIONS = 260


def test_the_dashboard_in_chromium(tmp_path):
    var = tmp_path / "var"
    now = datetime.now(timezone.utc)
    store = tracker_store(var / "tracker.db")
    save_all(store, city_month(now, conversations=CONVERSATIONS))
    store.engine.dispose()
    stats = sa.create_engine(f"sqlite:///{var / 'analytics.db'}")
    city_feedback(FeedbackStore(stats), now)
    stats.dispose()
    password = "dashboard-" + secrets.token_urlsafe(12)
    StaffStore(var / "staff.db").add("claire", password, "Claire Agent")

    stack = Stack(StackConfig(model=Path("unused"), web_port=free_port(), var_dir=var, log_dir=var / "logs",
                              env={"MUNICIPAL_API_ENV_FILE": str(var / ".env")}))
    try:
        stack.start_web()
        result = run_scenario(stack, "dashboard", screenshot_dir(tmp_path), username="claire", password=password,
                              conversations=CONVERSATIONS, topics=len(analytics_settings().topics))
    finally:
        stack.stop()
    assert len(result["charts"]) == 7
    assert (screenshot_dir(tmp_path) / "dashboard.png").stat().st_size > 50_000
