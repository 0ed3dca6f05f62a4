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
"Forget me" deletes the conversation's rows, its menu and its message ids, in every state
file open in the process (bot/forgetting.py calls `forget_in_every_state`).
Calls run in a worker thread so the event loop never waits on the disk.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

from bot.forgetting import on_forget

SEEN_DAYS = 7
MENU_HOURS = 24

_open_states: "weakref.WeakSet[ChannelState]" = weakref.WeakSet()


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
            columns = [row[1] for row in db.execute("PRAGMA table_info(seen_messages)")]
            if "sender_id" not in columns:   # files written before "forget me" reached them
                db.execute("ALTER TABLE seen_messages ADD COLUMN sender_id TEXT")
            db.execute("CREATE INDEX IF NOT EXISTS seen_by_sender ON seen_messages (sender_id)")
        _open_states.add(self)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)   # autocommit
        # WAL with NORMAL sync: never corrupt, and no disk sync per message (a power cut may
        # forget the last ids seen: a retry then gets one more answer, never a lost message).
        db.execute("PRAGMA synchronous=NORMAL")
        try:
            yield db
        finally:
            db.close()

    # --- duplicates
    def claim_now(self, channel: str, message_id: str, sender_id: Optional[str] = None) -> bool:
        """True the first time this message id is seen, False for a repeat."""
        now = time.time()
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")   # one commit (one disk sync) for both
            inserted = db.execute("INSERT OR IGNORE INTO seen_messages (channel, message_id, seen_at, sender_id) "
                                  "VALUES (?, ?, ?, ?)", (channel, message_id, now, sender_id)).rowcount
            db.execute("DELETE FROM seen_messages WHERE seen_at < ?", (now - SEEN_DAYS * 86400,))
            db.execute("COMMIT")
        return inserted == 1

    async def claim(self, channel: str, message_id: str, sender_id: Optional[str] = None) -> bool:
        return await asyncio.to_thread(self.claim_now, channel, message_id, sender_id)

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

    # --- forget me
    def forget_now(self, sender_id: str) -> int:
        """Deletes everything kept for this conversation; returns how many rows went."""
        with self._connect() as db:
            return (db.execute("DELETE FROM menus WHERE sender_id = ?", (sender_id,)).rowcount
                    + db.execute("DELETE FROM seen_messages WHERE sender_id = ?", (sender_id,)).rowcount)


@on_forget
def forget_in_every_state(sender_id: str) -> None:
    """The "forget me" hook: every state file this process has open, each once."""
    done = set()
    for state in list(_open_states):
        path = state.path.resolve()
        if path not in done and path.exists():
            state.forget_now(sender_id)
            done.add(path)
