"""PrivacySQLTrackerStore: "forget me" deletes the conversation, on SQLite and PostgreSQL.

PostgreSQL runs against the local server (127.0.0.1:5432, database `test`, trust auth), in
a schema of its own that is dropped afterwards; the tests are skipped when it is not there.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import PrivacySQLTrackerStore, asked_to_be_forgotten
from tests.postgres_databases import reachable_or_skip

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, forget_me, ask_opening_hours]
slots:
  language: {type: text, initial_value: fr, influence_conversation: false, mappings: [{type: custom}]}
  patient_phone: {type: text, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_greet: [{text: "Bonjour"}]
  utter_forgotten: [{text: "C'est fait"}]
actions: [action_forget_me, action_opening_hours]
""")


def session_start(timestamp: float) -> List[Event]:
    return [ActionExecuted("action_session_start", timestamp=timestamp),
            SessionStarted(timestamp=timestamp), ActionExecuted("action_listen", timestamp=timestamp)]


def turn(text: str, intent: str, action: str, timestamp: float, *extra: Event) -> List[Event]:
    return [UserUttered(text, {"name": intent, "confidence": 1.0}, timestamp=timestamp),
            ActionExecuted(action, timestamp=timestamp), BotUttered(text="...", timestamp=timestamp),
            *extra, ActionExecuted("action_listen", timestamp=timestamp)]


def stored_events(store: PrivacySQLTrackerStore, sender: str) -> int:
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).count()


async def say(store: PrivacySQLTrackerStore, tracker: DialogueStateTracker, events: List[Event]) -> None:
    """One turn as Rasa's processor does it: update the tracker, then save it."""
    for event in events:
        tracker.update(event)
    await store.save(tracker)


@pytest.fixture(scope="module")
def postgres_schema() -> Iterator[str]:
    engine = sa.create_engine(POSTGRES_URL)
    reachable_or_skip(engine)
    schema = f"tracker_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[PrivacySQLTrackerStore]:
    if request.param == "sqlite":
        created = PrivacySQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "var" / "tracker.db"))
    else:
        # Rasa reads the schema from the environment when it creates the engine.
        monkeypatch.setenv("POSTGRESQL_SCHEMA", request.getfixturevalue("postgres_schema"))
        created = PrivacySQLTrackerStore(domain=DOMAIN, host=POSTGRES_URL)
    yield created
    created.engine.dispose()


async def test_a_conversation_is_stored_turn_by_turn(store: PrivacySQLTrackerStore) -> None:
    sender = f"resident-{uuid.uuid4().hex}"
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    await say(store, tracker, session_start(1.0) + turn("bonjour", "greet", "utter_greet", 2.0))
    await say(store, tracker, turn("horaires samedi", "ask_opening_hours", "action_opening_hours", 3.0))

    stored = await store.retrieve(sender)
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["bonjour", "horaires samedi"]
    assert stored_events(store, sender) == len(tracker.events)


async def test_forget_me_deletes_every_session_and_keeps_other_residents(store: PrivacySQLTrackerStore) -> None:
    sender, other = f"resident-{uuid.uuid4().hex}", f"other-{uuid.uuid4().hex}"
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    await say(store, tracker, session_start(1.0) + turn("bonjour", "greet", "utter_greet", 2.0,
                                                        SlotSet("patient_phone", "+33612345678")))
    await say(store, tracker, session_start(10.0) + turn("horaires", "ask_opening_hours", "action_opening_hours", 11.0))
    neighbour = await store.get_or_create_tracker(other, append_action_listen=False)
    await say(store, neighbour, session_start(1.0) + turn("bonjour", "greet", "utter_greet", 2.0))
    kept = stored_events(store, other)

    await say(store, tracker, turn("oublie-moi", "forget_me", "action_forget_me", 20.0, AllSlotsReset()))

    assert stored_events(store, sender) == 0
    assert await store.retrieve(sender) is None
    assert await store.retrieve_full_tracker(sender) is None
    assert sender not in await store.keys()
    assert stored_events(store, other) == kept


async def test_the_next_message_starts_a_fresh_empty_conversation(store: PrivacySQLTrackerStore) -> None:
    sender = f"resident-{uuid.uuid4().hex}"
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    await say(store, tracker, session_start(1.0) + turn("je m'appelle Karim", "greet", "utter_greet", 2.0,
                                                        SlotSet("language", "en")))
    await say(store, tracker, turn("forget me", "forget_me", "action_forget_me", 3.0, AllSlotsReset()))

    # What Rasa's processor does with the next message of the same sender.
    fresh = await store.get_or_create_tracker(sender, append_action_listen=False)
    assert list(fresh.events) == []
    assert fresh.get_slot("language") == "fr"
    await say(store, fresh, session_start(4.0) + turn("bonjour", "greet", "utter_greet", 5.0))

    stored = await store.retrieve_full_tracker(sender)
    texts = [e.text for e in stored.events if isinstance(e, UserUttered)]
    assert texts == ["bonjour"]
    assert stored_events(store, sender) == len(fresh.events)


async def test_saving_the_forget_me_turn_twice_stores_nothing(store: PrivacySQLTrackerStore) -> None:
    sender = f"resident-{uuid.uuid4().hex}"
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    await say(store, tracker, session_start(1.0) + turn("oublie-moi", "forget_me", "action_forget_me", 2.0))
    await store.save(tracker)
    assert stored_events(store, sender) == 0


def test_forget_me_is_found_only_in_the_latest_turn() -> None:
    tracker = DialogueStateTracker.from_events("x", session_start(1.0), slots=DOMAIN.slots)
    for event in turn("oublie-moi", "forget_me", "action_forget_me", 2.0):
        tracker.update(event)
    assert asked_to_be_forgotten(tracker)
    tracker.update(UserUttered("bonjour", {"name": "greet", "confidence": 1.0}))
    assert not asked_to_be_forgotten(tracker)


def test_sqlite_directory_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "tracker.db"
    store = PrivacySQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{target}")
    assert target.parent.is_dir()
    store.engine.dispose()
