""""Forget me" through the REST channel with Rasa's Redis lock store (the production kind):
once the turn is over, neither the conversation's rows nor its lock are left.

Redis at 127.0.0.1:6379 (REDIS_URL to change); skipped when none answers there."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.shared.core.events import ActionExecuted, AllSlotsReset, SessionStarted, UserUttered

from bot.tracker_store import PrivacySQLTrackerStore
from tests.privacy.conftest import stored_rows
from tests.security.channel_server import OPEN, channel_app

REDIS_HOST = os.environ.get("REDIS_HOST", "127.0.0.1")


@pytest.fixture
def redis_locks() -> RedisLockStore:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    try:
        store = RedisLockStore(host=REDIS_HOST, port=6379, db=1, key_prefix=prefix)
        store.red.ping()
    except Exception as error:
        pytest.skip(f"no Redis at {REDIS_HOST}:6379: {error}")
    yield store
    for key in store.red.scan_iter(f"{prefix}*"):
        store.red.delete(key)


async def test_forget_me_leaves_no_rows_and_no_lock(tmp_path: Path, redis_locks: RedisLockStore, domain) -> None:
    tracker_store = PrivacySQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    agent = SimpleNamespace(lock_store=redis_locks, tracker_store=tracker_store, processor=None)
    locks_seen = []

    async def handle(message) -> None:
        """What Rasa's agent does with a message: the turn runs under the conversation's lock."""
        async with redis_locks.lock(message.sender_id):
            locks_seen.append([k.decode() for k in redis_locks.red.keys(f"*{message.sender_id}*")])
            tracker = await tracker_store.get_or_create_tracker(message.sender_id, append_action_listen=False)
            intent = "forget_me" if message.text == "oublie-moi" else "greet"
            events = [UserUttered(message.text, {"name": intent, "confidence": 1.0})]
            if intent == "forget_me":
                events += [ActionExecuted("action_forget_me"), AllSlotsReset()]
            for event in ([ActionExecuted("action_session_start"), SessionStarted()] if not tracker.events else []) \
                    + events + [ActionExecuted("action_listen")]:
                tracker.update(event)
            await tracker_store.save(tracker)

    sender = f"web-{uuid.uuid4().hex}"
    try:
        async with channel_app(handle, agent) as app:
            for text in ("bonjour", "oublie-moi"):
                answer = await app.post(OPEN, {"sender": sender, "message": text})
                assert answer.status_code == 200
    finally:
        tracker_store.engine.dispose()

    assert locks_seen and all(locks_seen)                    # each turn held a lock in Redis...
    assert list(redis_locks.red.scan_iter(f"*{sender}*")) == []   # ...none is left
    assert redis_locks.get_lock(sender) is None
    assert [row for row in stored_rows(tracker_store) if row[0] == sender] == []
