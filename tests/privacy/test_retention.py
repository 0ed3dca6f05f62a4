"""The retention job on SQLite and PostgreSQL: old conversations deleted, recent ones kept,
personal values of abandoned forms erased; and `python -m bot.cli retention` end to end."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered

from bot.cli.stack import ROOT
import sqlalchemy as sa

from bot.analytics import rollup
from bot.retention import apply_retention, stats_engine_for
from bot.tracker_store import PrivacySQLTrackerStore
from tests.privacy.conftest import stored_rows

DAY = 86400.0


async def conversation(store: PrivacySQLTrackerStore, at: float, *slots: SlotSet) -> str:
    """A conversation whose every event happened at `at`."""
    sender = f"resident-{uuid.uuid4().hex}"
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    for event in [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                  ActionExecuted("action_listen", timestamp=at),
                  UserUttered("bonjour", {"name": "greet", "confidence": 1.0}, timestamp=at),
                  *slots, ActionExecuted("action_listen", timestamp=at)]:
        tracker.update(event)
    await store.save(tracker)
    return sender


def count(store: PrivacySQLTrackerStore, sender: str) -> int:
    return sum(1 for stored, _ in stored_rows(store) if stored == sender)


async def test_conversations_older_than_the_limit_are_deleted(store: PrivacySQLTrackerStore) -> None:
    now = time.time()
    old = await conversation(store, now - 40 * DAY)
    recent = await conversation(store, now - 2 * DAY)
    kept_events = count(store, recent)

    report = apply_retention(store, days=30, now=now)

    assert report.conversations_deleted >= 1
    assert count(store, old) == 0 and await store.retrieve(old) is None
    assert count(store, recent) == kept_events
    # A shorter retention takes the recent one too.
    apply_retention(store, days=1, now=now)
    assert count(store, recent) == 0


async def test_personal_values_of_an_abandoned_conversation_are_erased(store: PrivacySQLTrackerStore) -> None:
    now = time.time()
    abandoned = await conversation(store, now - 2 * 3600, SlotSet("qf", 871.53, timestamp=now - 2 * 3600),
                                   SlotSet("place", "msp", timestamp=now - 2 * 3600))
    active = await conversation(store, now - 60, SlotSet("qf", 640.0, timestamp=now - 60))

    report = apply_retention(store, days=30, idle_minutes=60, now=now)

    assert report.values_erased >= 1
    assert (await store.retrieve(abandoned)).get_slot("qf") is None
    assert (await store.retrieve(abandoned)).get_slot("place") == "msp"   # not personal: kept
    assert (await store.retrieve(active)).get_slot("qf") == 640.0
    assert "871.53" not in "\n".join(data for _, data in stored_rows(store))


def _endpoints(tmp_path: Path, store: PrivacySQLTrackerStore) -> Path:
    url = store.engine.url.render_as_string(hide_password=False)
    path = tmp_path / "endpoints.yml"
    path.write_text(f"tracker_store:\n  type: bot.tracker_store.PrivacySQLTrackerStore\n  url: {url}\n",
                    encoding="utf-8")
    return path


async def test_the_command_line_job(store: PrivacySQLTrackerStore, tmp_path: Path) -> None:
    now = time.time()
    old = await conversation(store, now - 31 * DAY)
    recent = await conversation(store, now - 29 * DAY)

    run = subprocess.run([sys.executable, "-m", "bot.cli", "retention", "--days", "30",
                          "--endpoints", str(_endpoints(tmp_path, store))],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore"))

    assert run.returncode == 0, run.stderr[-2000:]
    assert "conversations older than 30 days deleted" in run.stdout
    assert count(store, old) == 0 and count(store, recent) > 0
    # The deleted conversation still counts in the statistics: rolled up before deleting.
    with stats_engine_for(store).connect() as connection:
        questions = connection.execute(sa.select(sa.func.sum(rollup.questions_table.c.questions))).scalar()
    assert questions >= 2, "both conversations' questions are counted"


def test_the_command_line_refuses_a_store_it_cannot_clean(tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: InMemoryTrackerStore\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "retention", "--endpoints", str(endpoints)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore"))
    assert run.returncode != 0
    assert "not bot.tracker_store.PrivacySQLTrackerStore" in run.stderr


@pytest.mark.parametrize("days", ["0", "-3"])
def test_the_command_line_needs_a_positive_number_of_days(days: str) -> None:
    run = subprocess.run([sys.executable, "-m", "bot.cli", "retention", "--days", days],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 2 and "must be positive" in run.stderr
