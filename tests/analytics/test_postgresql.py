"""The production profile's database: the tracker store, the roll-up and the feedback in one
PostgreSQL database (TRACKER_DB_URL; tables of their own), on the local server. Skipped when
no PostgreSQL answers at 127.0.0.1:5432 (TEST_POSTGRES_ADMIN_URL to change)."""
from __future__ import annotations

from datetime import timedelta
from typing import Iterator

import pytest
import sqlalchemy as sa

from bot.analytics import counts, resolution, rollup
from bot.analytics.database import engine_for, stats_db_url, tracker_db_url
from bot.feedback.store import FeedbackStore
from bot.feedback.validation import NewFeedback
from bot.tracker_store import PrivacySQLTrackerStore
from tests.analytics.seed import domain, save_all
from tests.analytics.test_analytics_numbers import NOW, SEEDED, period
from tests.postgres_databases import throwaway_database



@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    yield from throwaway_database("analytics_test")


def test_the_production_database_holds_conversations_counts_and_feedback(postgres_url):
    env = {"TRACKER_DB_URL": postgres_url}
    assert tracker_db_url(env) == stats_db_url(env) == postgres_url    # one database, tables of their own
    store = PrivacySQLTrackerStore(domain=domain(), host=postgres_url)
    save_all(store, SEEDED)
    stats = engine_for(postgres_url)
    try:
        rollup.refresh(store.engine, stats, NOW)
        rollup.refresh(store.engine, stats, NOW)          # again: the recent days replaced, not doubled
        rows = counts.question_counts(stats, *period())
        assert counts.total(rows) == 9
        assert dict(counts.by_channel(rows))["kiosk"] == 3
        assert resolution.overall(resolution.conversation_counts(stats, *period())).resolved == 3
        feedback = FeedbackStore(stats)
        row_id = feedback.add(NewFeedback("down", "ask_tariff", "utter_tariff_line", "uk", "kiosk", "[name] ..."),
                              now=NOW)
        assert [(r.id, r.language, r.hour.minute) for r in feedback.between(NOW - timedelta(hours=2), NOW + timedelta(hours=1))] == [
            (row_id, "uk", 0)]
        tables = set(sa.inspect(stats).get_table_names())
        assert {"events", "feedback", "analytics_questions", "analytics_conversations", "analytics_days"} <= tables
    finally:
        store.engine.dispose()
        stats.dispose()
