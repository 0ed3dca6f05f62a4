"""The dashboard's numbers on a tracker store seeded through Rasa's tracker store API
(the assistant's PrivacySQLTrackerStore on SQLite): questions per topic, language, channel
and ISO week, the resolution rate, peak hours, and the roll-up outliving retention."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.analytics import counts, peak_hours, resolution, rollup
from bot.analytics.conversations import load_conversations
from bot.analytics.dashboard import period_for
from bot.retention import delete_old_conversations
from tests.analytics.seed import Conversation, Say, save_all, tracker_store

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 27, 17, 0, tzinfo=timezone.utc)       # Friday 27 November 2026, 18:00 in Paris


def paris(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS).astimezone(timezone.utc)


A = Conversation("web", paris(23, 9, 15), [Say("horaires de la mairie samedi", "ask_opening_hours"),
                                           Say("merci", "thank"),
                                           Say("prix du conservatoire", "ask_tariff")], sender="seed-a")
SEEDED = [
    A,
    Conversation("kiosk", paris(23, 9, 40), [Say("مرحبا", "greet"),
                                             Say("comment refaire ma carte d'identité, appelez-moi au 06 12 34 56 78",
                                                 "nlu_fallback"),
                                             Say("وثائق الكاف", "ask_documents")], language="ar"),
    Conversation("sms", paris(24, 14, 5), [Say("a doctor tomorrow", "ask_health_slots"),
                                           Say("I want to talk to someone", "request_human",
                                               action="action_handoff_request")], language="en"),
    Conversation("whatsapp", paris(25, 18, 30), [Say("olá bom dia, tudo bem?", "greet", switch_to="pt"),
                                                 Say("o que é a domiciliação", "ask_domiciliation")]),
    Conversation("web", paris(25, 11, 0), [Say("bonjour", "greet"), Say("au revoir", "goodbye")]),
    Conversation("kiosk", paris(26, 10, 10), [Say("logement social", "ask_social_housing",
                                                  action="action_handoff_desk")]),
    Conversation("web", paris(15, 23, 30), [Say("horaires lundi", "ask_opening_hours")]),
]
LATER_SESSION = Conversation("web", paris(27, 9, 0), [Say("je cherche du travail", "ask_employment")],
                             sender="seed-a")   # the same resident, a new session


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("analytics")
    store = tracker_store(folder / "tracker.db")
    save_all(store, SEEDED)
    import asyncio

    from tests.analytics.seed import save

    asyncio.run(save(store, LATER_SESSION))
    stats = sa.create_engine(f"sqlite:///{folder / 'analytics.db'}")
    rollup.refresh(store.engine, stats, NOW)
    yield store, stats
    stats.dispose()
    store.engine.dispose()


def period():
    return period_for(2, NOW)      # from Saturday 14 November, Paris midnight


def test_the_conversations_read_back_are_the_sessions_with_a_message(seeded):
    store, _ = seeded
    conversations = load_conversations(store.engine, *period())
    assert len(conversations) == 8          # 7 conversations, one of them with two sessions
    a_sessions = [c for c in conversations if c.messages[0].text == "horaires de la mairie samedi"
                  or c.messages[0].text == "je cherche du travail"]
    assert len(a_sessions) == 2


def test_questions_per_topic_language_channel_and_week(seeded):
    _, stats = seeded
    rows = counts.question_counts(stats, *period())
    assert counts.total(rows) == 10          # greetings, thanks and goodbyes are not questions
    assert dict(counts.by_topic(rows)) == {
        "opening_hours": 2, "social_tariffs": 1, "not_understood": 1, "services": 1, "health": 1,
        "human_help": 1, "domiciliation": 1, "housing": 1, "employment": 1,
        "emergency": 0, "out_of_scope": 0, "other": 0}
    assert counts.by_topic(rows)[0] == ("opening_hours", 2)
    assert dict(counts.by_language(rows, ("fr", "en", "ar", "es", "pt", "uk"))) == {
        "fr": 5, "ar": 2, "en": 2, "pt": 1, "es": 0, "uk": 0}    # the WhatsApp resident switched to Portuguese
    assert dict(counts.by_channel(rows)) == {"web": 4, "kiosk": 3, "sms": 2, "whatsapp": 1, "rest": 0}
    assert counts.by_week(rows, *period()) == [("2026-W46", 1), ("2026-W47", 0), ("2026-W48", 9)]


def test_the_resolution_rate_counts_fallbacks_and_handoffs(seeded):
    _, stats = seeded
    rows = resolution.conversation_counts(stats, *period())
    overall = resolution.overall(rows)
    # 7 conversations with a question (the greeting-only one is not); resolved: the web ones,
    # the Portuguese one; not: a fallback, a request for a person, an action_handoff_* action.
    assert (overall.conversations, overall.resolved, overall.with_fallback, overall.handed_off) == (7, 4, 1, 2)
    assert overall.rate == pytest.approx(4 / 7)
    weeks = dict(resolution.by_week(rows, *period()))
    assert (weeks["2026-W46"].conversations, weeks["2026-W46"].rate) == (1, 1.0)
    assert weeks["2026-W47"].rate is None
    assert (weeks["2026-W48"].conversations, weeks["2026-W48"].resolved) == (6, 3)
    channels = {channel: (r.conversations, r.resolved) for channel, r in resolution.by_channel(rows)}
    assert channels == {"web": (3, 3), "kiosk": (2, 0), "sms": (1, 0), "whatsapp": (1, 1)}


def test_peak_hours_are_the_citys_hours_of_the_week(seeded):
    _, stats = seeded
    grid = peak_hours.hour_of_week(counts.question_counts(stats, *period()))
    monday, tuesday, wednesday, thursday, friday, _, sunday = grid
    assert monday[9] == 4 and tuesday[14] == 2 and wednesday[18] == 1 and thursday[10] == 1
    assert friday[9] == 1 and sunday[23] == 1
    assert sum(map(sum, grid)) == 10
    assert peak_hours.busiest(grid, 2) == [("lundi", 9, 4), ("mardi", 14, 2)]


def test_counts_outlive_the_conversations_retention_deletes(tmp_path):
    store = tracker_store(tmp_path / "tracker.db")
    save_all(store, SEEDED)
    stats = sa.create_engine(f"sqlite:///{tmp_path / 'analytics.db'}")
    try:
        rollup.refresh(store.engine, stats, NOW, keep_days=30)
        assert counts.total(counts.question_counts(stats, *period())) == 9
        # Forty days later, retention has deleted every conversation: the counts are still
        # there, and no day is rolled up again from an emptied store.
        later = NOW + timedelta(days=40)
        deleted, _ = delete_old_conversations(store, days=30, now=later.timestamp())
        assert deleted == 7
        assert rollup.refresh(store.engine, stats, later, keep_days=30) == []
        assert counts.total(counts.question_counts(stats, *period())) == 9
        assert resolution.overall(resolution.conversation_counts(stats, *period())).conversations == 6
    finally:
        stats.dispose()
        store.engine.dispose()


def test_recent_days_are_rolled_up_again_old_ones_are_kept():
    first = datetime(2026, 10, 1, 8, tzinfo=timezone.utc)
    done = {datetime(2026, 10, d).date() for d in range(1, 28)}
    days = rollup.days_to_roll(first, done, NOW, keep_days=30)
    # never rolled up: 28 October onwards; rolled up again: the last 28 days (29 October to today)
    assert days[0] == datetime(2026, 10, 28).date()
    assert days[-1] == NOW.date()
    assert datetime(2026, 10, 27).date() not in days
