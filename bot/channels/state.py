"""What the phone channels remember between webhooks: messages already seen, last menus.

A small SQLite file (CHANNEL_STATE_DB, var/channels.db by default), not the tracker store:
- it must answer before Rasa sees the message: claiming a MessageSid is one atomic
  `INSERT OR IGNORE` on a primary key, so two deliveries of the same message, even
  concurrent, are processed once; the tracker would need a lock and a search of events;
- it survives a restart (a retry after a crash is still recognised), needs no server,
  and keeps working whichever tracker store endpoints.yml picks.
Its limit: one Rasa process. Several behind a load balancer would share Redis instead
(`SET message_id NX EX`): the same two operations.

Rows hold no phone number: message ids, hashed conversation ids and button payloads.
Seen ids are kept 7 days (providers retry for hours, not days); a menu expires after a day.
Calls run in a worker thread so the event loop never waits on the disk.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

SEEN_DAYS = 7
MENU_HOURS = 24


class ChannelState:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS seen_messages (channel TEXT NOT NULL, "
                       "message_id TEXT NOT NULL, seen_at REAL NOT NULL, PRIMARY KEY (channel, message_id))")
            db.execute("CREATE TABLE IF NOT EXISTS menus (sender_id TEXT PRIMARY KEY, "
                       "payloads TEXT NOT NULL, saved_at REAL NOT NULL)")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)   # autocommit
        try:
            yield db
        finally:
            db.close()

    # --- duplicates
    def claim_now(self, channel: str, message_id: str) -> bool:
        """True the first time this message id is seen, False for a repeat."""
        now = time.time()
        with self._connect() as db:
            inserted = db.execute("INSERT OR IGNORE INTO seen_messages VALUES (?, ?, ?)",
                                  (channel, message_id, now)).rowcount
            db.execute("DELETE FROM seen_messages WHERE seen_at < ?", (now - SEEN_DAYS * 86400,))
        return inserted == 1

    async def claim(self, channel: str, message_id: str) -> bool:
        return await asyncio.to_thread(self.claim_now, channel, message_id)

    # --- menus
    def menu_now(self, sender_id: str) -> List[str]:
        with self._connect() as db:
            row = db.execute("SELECT payloads, saved_at FROM menus WHERE sender_id = ?",
                             (sender_id,)).fetchone()
        if not row or row[1] < time.time() - MENU_HOURS * 3600:
            return []
        return json.loads(row[0])

    def remember_menu_now(self, sender_id: str, payloads: List[str]) -> None:
        """The turn's menu replaces the last one; a turn without buttons clears it."""
        with self._connect() as db:
            if payloads:
                db.execute("INSERT OR REPLACE INTO menus VALUES (?, ?, ?)",
                           (sender_id, json.dumps(payloads, ensure_ascii=False), time.time()))
            else:
                db.execute("DELETE FROM menus WHERE sender_id = ?", (sender_id,))
            db.execute("DELETE FROM menus WHERE saved_at < ?", (time.time() - MENU_HOURS * 3600,))

    async def menu(self, sender_id: str) -> List[str]:
        return await asyncio.to_thread(self.menu_now, sender_id)

    async def remember_menu(self, sender_id: str, payloads: List[str]) -> None:
        await asyncio.to_thread(self.remember_menu_now, sender_id, payloads)
