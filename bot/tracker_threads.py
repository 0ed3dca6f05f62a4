"""Rasa's SQL tracker store with its blocking SQL work off the event loop, in Core SQL.

Rasa's SQLTrackerStore methods are `async def` but call SQLAlchemy synchronously: while
the database answers, the Rasa instance's single event loop is stuck, and every other
conversation of the instance waits (bench/tracker_loop_lag.py: under 40 writing
conversations the loop did not run for 30 s). Here the same work runs in a small thread
pool and the loop only awaits it; subclasses put their own blocking writing in
`save_blocking`.

The SQL is Rasa's (`_event_query`, `_additional_events`, `save`) with the same results,
written as SQLAlchemy Core statements built once per store: Rasa's ORM queries, built anew
at every call, spent most of their time building the query and its cache key, and loading
ORM objects (a quarter of the Rasa process's Python time under load). A statement built
once keeps its cache key, so each call only binds the sender and runs it.

Threads are safe here: each call takes its own connection from the engine, the PostgreSQL
pool hands each thread its own, and SQLite files use NullPool. The caller's context
variables (bot.turn_context) travel into the thread.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
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


class EventStatements:
    """The store's SQL on Rasa's `events` table; the sender is bound as `sender`."""

    def __init__(self, events: sa.Table) -> None:
        c = events.c
        of_sender = c.sender_id == sa.bindparam("sender")
        # Rasa's _event_query: the current session starts at the sender's latest
        # session_started event; without one, every event of the sender is in it. A
        # one-row subquery in FROM, as Rasa's, so that both databases plan it as Rasa's.
        start = (sa.select(sa.func.max(c.timestamp).label("session_start"))
                 .where(of_sender, c.type_name == SessionStarted.type_name).subquery())
        current = sa.or_(c.timestamp >= start.c.session_start, start.c.session_start.is_(None))
        # Ordered by id: timestamps are neither unique nor precise (Rasa's comment).
        self.all_sessions = sa.select(c.data).where(of_sender).order_by(c.id)
        self.current_session = sa.select(c.data).where(of_sender, current).order_by(c.id)
        self.current_count = sa.select(sa.func.count()).select_from(events).where(of_sender, current)
        # Through the Table, so that PostgreSQL still takes ids from Rasa's declared sequence.
        self.insert = events.insert()
        self.senders = sa.select(c.sender_id).distinct()
        self.delete = events.delete().where(of_sender)


def event_row(sender_id: Text, type_name: Text, data: Dict[Text, Any]) -> Dict[Text, Any]:
    """The columns Rasa's SQLTrackerStore.save writes for one serialised event."""
    return {"sender_id": sender_id, "type_name": type_name, "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
            "action_name": data.get("name"), "data": json.dumps(data)}


class ThreadedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements = EventStatements(self.SQLEvent.__table__)
        self._schema_checked = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.engine.Connection]:
        """A connection in a transaction, committed at the end (rolled back on error)."""
        if not self._schema_checked:
            # Rasa's session_scope checks the PostgreSQL schema (POSTGRESQL_SCHEMA) and
            # exits when it is missing; once per store is enough, it does not come back.
            with self.session_scope():
                pass
            self._schema_checked = True
        with self.engine.begin() as connection:
            yield connection

    def stored_count(self, connection: sa.engine.Connection, sender_id: Text) -> int:
        """How many events of the current session are stored: Rasa saves the tracker's
        events from that index on (_additional_events)."""
        return connection.execute(self.statements.current_count, {"sender": sender_id}).scalar()

    def insert_rows(self, connection: sa.engine.Connection, rows: List[Dict[Text, Any]]) -> None:
        if rows:   # an empty list would run one "INSERT ... DEFAULT VALUES"
            connection.execute(self.statements.insert, rows)

    async def keys(self) -> Iterable[Text]:
        return await in_thread(self.keys_blocking)

    def keys_blocking(self) -> Iterable[Text]:
        with self.transaction() as connection:
            return list(connection.execute(self.statements.senders).scalars())

    async def _retrieve(self, sender_id: Text,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await in_thread(self.retrieve_blocking, sender_id, fetch_events_from_all_sessions)

    def retrieve_blocking(self, sender_id: Text,
                          fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's SQLTrackerStore._retrieve, as a plain function."""
        statement = (self.statements.all_sessions if fetch_events_from_all_sessions
                     else self.statements.current_session)
        with self.transaction() as connection:
            stored = connection.execute(statement, {"sender": sender_id}).scalars().all()
        events = [json.loads(data) for data in stored]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await in_thread(self.save_blocking, tracker)

    def save_blocking(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save without the event broker (streamed before, on the loop)."""
        with self.transaction() as connection:
            first_new = self.stored_count(connection, tracker.sender_id)
            self.insert_rows(connection, [event_row(tracker.sender_id, event.type_name, event.as_dict())
                                          for event in list(tracker.events)[first_new:]])
