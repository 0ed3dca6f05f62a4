"""The tracker stores' Core SQL (bot/tracker_threads.py, bot/tracker_store.py) against Rasa's
own ORM queries (SQLTrackerStore._event_query, save, keys) on the same database.

SQLite and the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth; a throwaway
database, dropped after; TEST_POSTGRES_ADMIN_URL to change); the PostgreSQL cases are
skipped when no server answers there.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import rasa.core.tracker_store as rasa_tracker_store
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import PrivacySQLTrackerStore
from bot.tracker_threads import ThreadedSQLTrackerStore
from tests.postgres_databases import throwaway_database


DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, inform]
slots:
  language: {type: text, initial_value: fr, influence_conversation: false, mappings: [{type: custom}]}
  patient_phone: {type: text, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_greet: [{text: "Bonjour"}]
""")


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    yield from throwaway_database("store_sql_test")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url: str) -> Iterator[PrivacySQLTrackerStore]:
    created = PrivacySQLTrackerStore(domain=DOMAIN, host=url)
    yield created
    created.engine.dispose()


def session(at: float) -> List[Event]:
    return [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
            ActionExecuted("action_listen", timestamp=at)]


def turn(text: str, at: float, *extra: Event) -> List[Event]:
    return [UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at), *extra,
            ActionExecuted("utter_greet", timestamp=at), ActionExecuted("action_listen", timestamp=at + 0.5)]


def texts(tracker: DialogueStateTracker) -> List[str]:
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def save_all(store: ThreadedSQLTrackerStore, sender: str, events: List[Event]) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)
    store.save_blocking(tracker)
    return tracker


def undated(event: Event) -> dict:
    """An event without its timestamp (a row without one gets the time it is read)."""
    return {key: value for key, value in event.as_dict().items() if key != "timestamp"}


def rasa_rows(store: SQLTrackerStore, sender: str, all_sessions: bool) -> List[str]:
    with store.session_scope() as orm:
        return [row.data for row in store._event_query(orm, sender, all_sessions).all()]


def rasa_count(store: SQLTrackerStore, sender: str) -> int:
    with store.session_scope() as orm:
        return store._event_query(orm, sender, False).count()


def test_only_the_current_session_is_read_unless_all_are_asked_for(store: PrivacySQLTrackerStore) -> None:
    sender = f"s-{uuid.uuid4().hex}"
    save_all(store, sender, session(1.0) + turn("premier", 2.0) + session(10.0) + turn("second", 11.0))
    assert texts(store.retrieve_blocking(sender, False)) == ["second"]
    assert texts(store.retrieve_blocking(sender, True)) == ["premier", "second"]
    # Without any session start, every event of the sender is in the current session.
    bare = f"s-{uuid.uuid4().hex}"
    save_all(store, bare, turn("un", 1.0) + turn("deux", 2.0))
    assert texts(store.retrieve_blocking(bare, False)) == ["un", "deux"]
    assert store.retrieve_blocking(f"s-{uuid.uuid4().hex}", False) is None


def test_reading_matches_rasas_event_query(store: PrivacySQLTrackerStore) -> None:
    prefix = uuid.uuid4().hex[:8]
    senders = {f"{prefix}-bare": turn("un", 1.0) + turn("deux", 2.0),
               f"{prefix}-one": session(1.0) + turn("un", 1.0) + turn("deux", 3.0),
               f"{prefix}-three": (session(1.0) + turn("un", 2.0) + session(10.0) + turn("deux", 11.0)
                                   + session(20.0) + turn("trois", 20.0)),
               f"{prefix}-three-copy": session(1.0) + turn("un", 2.0) + session(10.0) + turn("deux", 11.0)}
    for sender, events in senders.items():
        save_all(store, sender, events)
    # Clock skew: an event stored after the session start but stamped before it is not in it.
    late = DialogueStateTracker.from_events(f"{prefix}-one", senders[f"{prefix}-one"], slots=DOMAIN.slots)
    late.update(UserUttered("en retard", {"name": "greet", "confidence": 1.0}, timestamp=0.5))
    store.save_blocking(late)
    # Rows without a timestamp: in the session only when the sender has no session start.
    with store.transaction() as connection:
        connection.execute(store.statements.insert, [
            {"sender_id": sender, "type_name": "action", "timestamp": None,
             "data": json.dumps({"event": "action", "name": "action_listen", "timestamp": None})}
            for sender in (f"{prefix}-bare", f"{prefix}-three")])
    for sender in [*senders, f"{prefix}-missing"]:
        for all_sessions in (False, True):
            statement = store.statements.all_sessions if all_sessions else store.statements.current_session
            with store.transaction() as connection:
                ours = connection.execute(statement, {"sender": sender}).scalars().all()
                count = store.stored_count(connection, sender)
            assert ours == rasa_rows(store, sender, all_sessions), (sender, all_sessions)
            assert count == rasa_count(store, sender), sender
            tracker = store.retrieve_blocking(sender, all_sessions)
            expected = [json.loads(data) for data in ours]
            assert (tracker is None) == (not expected)
            if tracker is not None:
                rebuilt = DialogueStateTracker.from_dict(sender, expected, DOMAIN.slots)
                assert [undated(e) for e in tracker.events] == [undated(e) for e in rebuilt.events]
    assert texts(store.retrieve_blocking(f"{prefix}-three", False)) == ["trois"]


async def test_saving_writes_the_rows_rasas_save_writes(url: str) -> None:
    """Turn by turn as Rasa's processor: read the current session back, add a turn, save."""
    ours, rasas = ThreadedSQLTrackerStore(domain=DOMAIN, host=url), SQLTrackerStore(domain=DOMAIN, host=url)
    prefix = uuid.uuid4().hex[:8]
    turns = [session(1.0) + turn("un", 2.0), turn("deux", 3.0), [], session(10.0) + turn("trois", 11.0),
             turn("quatre", 12.0, SlotSet("language", "en", timestamp=12.0))]
    try:
        for events in turns:
            for store in (ours, rasas):
                sender = f"{prefix}-{type(store).__name__}"
                tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
                for event in events:
                    tracker.update(event)
                await store.save(tracker)
        table = ours.SQLEvent.__table__
        columns = [table.c.type_name, table.c.timestamp, table.c.intent_name, table.c.action_name, table.c.data]
        with ours.engine.connect() as connection:
            written = {store: connection.execute(sa.select(*columns).where(
                table.c.sender_id == f"{prefix}-{type(store).__name__}").order_by(table.c.id)).all()
                for store in (ours, rasas)}
        assert written[ours] == written[rasas]
        assert len(written[ours]) == sum(len(events) for events in turns)
        assert sorted(await ours.keys()) == sorted(await SQLTrackerStore.keys(ours))
    finally:
        ours.engine.dispose()
        rasas.engine.dispose()


def test_ids_follow_rasas_sequence_between_both_writers(url: str) -> None:
    """Rows inserted by the Core statement and by Rasa's ORM share the id column's source."""
    ours, rasas = ThreadedSQLTrackerStore(domain=DOMAIN, host=url), SQLTrackerStore(domain=DOMAIN, host=url)
    sender = f"s-{uuid.uuid4().hex}"
    table = ours.SQLEvent.__table__
    try:
        save_all(ours, sender, session(1.0))
        with rasas.session_scope() as orm:
            orm.add(rasas.SQLEvent(sender_id=sender, type_name="action", timestamp=2.0,
                                   data=json.dumps(ActionExecuted("action_listen", timestamp=2.0).as_dict())))
            orm.commit()
        save_all(ours, sender, session(1.0) + turn("un", 3.0))
        with ours.engine.connect() as connection:
            ids = connection.execute(sa.select(table.c.id).where(table.c.sender_id == sender)
                                     .order_by(table.c.id)).scalars().all()
        assert len(ids) == len(set(ids)) == 6   # 3, then 1 by Rasa, then the 2 beyond those 4
    finally:
        ours.engine.dispose()
        rasas.engine.dispose()


def test_stale_personal_values_are_erased_in_every_session(store: PrivacySQLTrackerStore) -> None:
    sender = f"s-{uuid.uuid4().hex}"
    tracker = save_all(store, sender, session(1.0) + turn("un", 2.0, SlotSet("patient_phone", "+33611111111", 2.0),
                                                          SlotSet("language", "en", 2.0)))
    for event in session(10.0) + turn("deux", 11.0, SlotSet("patient_phone", "+33622222222", 11.0)):
        tracker.update(event)
    store.save_blocking(tracker)     # a new session: the first session's number is no longer held
    table = store.SQLEvent.__table__

    def slot_values() -> list:
        with store.engine.connect() as connection:
            rows = connection.execute(sa.select(table.c.data).where(
                table.c.sender_id == sender, table.c.type_name == "slot").order_by(table.c.id)).scalars()
            return [(event["name"], event["value"]) for event in map(json.loads, rows)]

    assert slot_values() == [("patient_phone", None), ("language", "en"), ("patient_phone", "+33622222222")]
    with store.transaction() as connection:   # nothing held any more
        assert store._erase_stale_values(connection, sender, {}) == 1
        assert store._erase_stale_values(connection, sender, {}) == 0
    assert slot_values() == [("patient_phone", None), ("language", "en"), ("patient_phone", None)]
    assert store.forget(sender) == len(tracker.events)
    assert store.retrieve_blocking(sender, True) is None


def test_the_schema_is_checked_once_per_store(store: PrivacySQLTrackerStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's session_scope checks the PostgreSQL schema at every call; here once a store."""
    checks = []
    monkeypatch.setattr(rasa_tracker_store, "ensure_schema_exists", checks.append)
    fresh = PrivacySQLTrackerStore(domain=DOMAIN, host=str(store.engine.url.render_as_string(hide_password=False)))
    try:
        sender = f"s-{uuid.uuid4().hex}"
        save_all(fresh, sender, session(1.0) + turn("un", 2.0))
        fresh.retrieve_blocking(sender, False)
        fresh.keys_blocking()
        assert len(checks) == 1
    finally:
        fresh.engine.dispose()


def test_a_missing_postgresql_schema_stops_the_store_as_rasas_does(postgres_url: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGRESQL_SCHEMA", f"missing_{uuid.uuid4().hex[:8]}")
    store = PrivacySQLTrackerStore(domain=DOMAIN, host=postgres_url)
    try:
        with pytest.raises(SystemExit):
            store.retrieve_blocking("anyone", False)
    finally:
        store.engine.dispose()
