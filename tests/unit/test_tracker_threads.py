"""The tracker store leaves Rasa's event loop free while the database is slow.

Made deterministic with a lock instead of a stopwatch: another connection holds the
events table for a second, so the store's SQL waits on PostgreSQL; the loop must keep
running other coroutines meanwhile, and the store must finish once the table is free. (How much it helps under load: bench/tracker_loop_lag.py.)
"""
from __future__ import annotations

import asyncio
import os
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import PrivacySQLTrackerStore
from bot.turn_context import current_turn, turn

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def store():
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"threads_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(ADMIN_URL).set(database=name)
    store = PrivacySQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")),
                                   host=url.render_as_string(hide_password=False))
    yield store
    store.engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _tracker(store, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, store.domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("Bonjour", {"name": "greet", "confidence": 1.0}))
    return tracker


async def _while_table_is_locked(store, operation):
    """Runs `operation` while another connection locks the events table for a second
    (released by a timer thread, so a blocked loop cannot keep it); counts the loop's
    turns while the operation waits: none if the store blocked the loop."""
    holder = store.engine.connect()
    transaction = holder.begin()
    holder.execute(sa.text("LOCK TABLE events IN ACCESS EXCLUSIVE MODE"))
    release = threading.Timer(1.0, lambda: (transaction.rollback(), holder.close()))
    release.start()
    task = asyncio.create_task(operation())
    await asyncio.sleep(0)                  # the operation starts
    turns = 0
    while not task.done():
        await asyncio.sleep(0.01)
        turns += 1 if not task.done() else 0
    release.join()
    return turns, task.result()


async def test_saving_waits_for_the_database_without_stopping_the_loop(store):
    sender = f"s-{uuid.uuid4().hex[:8]}"
    turns, _ = await _while_table_is_locked(store, lambda: store.save(_tracker(store, sender)))
    assert turns >= 10
    stored = await store.retrieve(sender)
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["Bonjour"]


async def test_reading_waits_for_the_database_without_stopping_the_loop(store):
    sender = f"s-{uuid.uuid4().hex[:8]}"
    await store.save(_tracker(store, sender))
    turns, tracker = await _while_table_is_locked(store, lambda: store.retrieve(sender))
    assert turns >= 10
    assert tracker.sender_id == sender and tracker.latest_message.text == "Bonjour"
    turns, keys = await _while_table_is_locked(store, store.keys)
    assert turns >= 10 and sender in keys


async def test_the_turn_context_reaches_the_thread(store):
    """Forget me marks the running turn (bot.turn_context) from inside the thread."""
    sender = f"s-{uuid.uuid4().hex[:8]}"
    await store.save(_tracker(store, sender))
    tracker = _tracker(store, sender)
    tracker.update(ActionExecuted("action_forget_me"))
    with turn() as state:
        await store.save(tracker)
        assert current_turn() is state
    assert state.forgotten
    assert await store.retrieve(sender) is None


def _save_in_child(store, sender: str) -> None:
    asyncio.run(store.save(_tracker(store, sender)))


async def test_a_forked_process_gets_threads_of_its_own(store):
    """The parent's threads are not in a forked child: its work must not wait for them."""
    import multiprocessing

    await store.save(_tracker(store, f"s-{uuid.uuid4().hex[:8]}"))     # the parent's threads exist
    sender = f"s-{uuid.uuid4().hex[:8]}"
    store.engine.dispose()                                               # no shared connections
    child = multiprocessing.get_context("fork").Process(target=_save_in_child, args=(store, sender))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    assert (await store.retrieve(sender)).latest_message.text == "Bonjour"
