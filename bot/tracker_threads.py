"""Rasa's SQL tracker store with its blocking SQL work off the event loop.

Rasa's SQLTrackerStore methods are `async def` but call SQLAlchemy synchronously: while
the database answers, the Rasa instance's single event loop is stuck, and every other
conversation of the instance waits (bench/tracker_loop_lag.py: under 40 writing
conversations the loop did not run for 30 s). Here the same work runs in a small thread
pool and the loop only awaits it. The SQL is Rasa's, unchanged; subclasses put their own
blocking writing in `save_blocking`.

Threads are safe here: SQLAlchemy opens one session per call (Rasa's session_scope), the
PostgreSQL pool hands each thread its own connection, and SQLite files use NullPool. The
caller's context variables (bot.turn_context) travel into the thread.
"""
from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, Optional, Text, TypeVar

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)
T = TypeVar("T")

_pools: Dict[int, ThreadPoolExecutor] = {}


def _pool() -> ThreadPoolExecutor:
    """This process's threads: a forked child must not queue work on its parent's threads,
    which it does not have."""
    pool = _pools.get(os.getpid())
    if pool is None:
        # Fewer threads than the SQL pool has connections (Rasa's default pool: 50).
        pool = _pools[os.getpid()] = ThreadPoolExecutor(
            max_workers=int(os.environ.get("TRACKER_STORE_THREADS", "4")), thread_name_prefix="tracker-sql")
    return pool


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Runs `function(*args)` in the tracker store's threads, with the caller's context."""
    context = contextvars.copy_context()
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool(), functools.partial(context.run, function, *args))


class ThreadedSQLTrackerStore(SQLTrackerStore):
    async def keys(self) -> Iterable[Text]:
        return await in_thread(self.keys_blocking)

    def keys_blocking(self) -> Iterable[Text]:
        with self.session_scope() as session:
            return [sender_id for (sender_id,) in session.query(self.SQLEvent.sender_id).distinct().all()]

    async def _retrieve(self, sender_id: Text,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await in_thread(self.retrieve_blocking, sender_id, fetch_events_from_all_sessions)

    def retrieve_blocking(self, sender_id: Text,
                          fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's SQLTrackerStore._retrieve, as a plain function."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events = [json.loads(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await in_thread(self.save_blocking, tracker)

    def save_blocking(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save without the event broker (streamed before, on the loop)."""
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id, type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                    action_name=data.get("name"), data=json.dumps(data)))
            session.commit()
