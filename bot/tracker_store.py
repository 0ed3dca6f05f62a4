"""Conversations in SQL (SQLite by default, PostgreSQL works too), with a right to be forgotten.

endpoints.yml:

    tracker_store:
      type: bot.tracker_store.PrivacySQLTrackerStore
      dialect: sqlite
      db: var/tracker.db            # or url: postgresql://user@host:5432/db

When a resident says "oublie-moi" / "forget me", action_forget_me runs. Saving that turn
deletes every stored event of the conversation (all its sessions) and stores nothing of
it. Rasa's SQLTrackerStore appends only the events beyond those already stored (it counts
them), so with nothing left stored the next message finds no tracker: Rasa creates a new,
empty conversation, with a new session.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

FORGET_ME_ACTION = "action_forget_me"


def asked_to_be_forgotten(tracker: DialogueStateTracker) -> bool:
    """Whether action_forget_me ran since the resident's last message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ME_ACTION:
            return True
    return False


def _sqlite_file(dialect: Text, host: Optional[Text], db: Text) -> Optional[Path]:
    """The SQLite file this store will open, if it is one (to create its directory)."""
    if host and "://" in host:
        prefix = "sqlite:///"
        return Path(host[len(prefix):]) if host.startswith(prefix) and host != prefix else None
    if dialect == "sqlite" and db and db != ":memory:":
        return Path(db)
    return None


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Any = None, dialect: Text = "sqlite", host: Optional[Text] = None,
                 port: Optional[int] = None, db: Text = "rasa.db", **kwargs: Any) -> None:
        # A fresh checkout has no var/ yet; SQLite creates the file but not its directory.
        sqlite_file = _sqlite_file(dialect, host, db)
        if sqlite_file is not None:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if asked_to_be_forgotten(tracker):
            self.forget(tracker.sender_id)
            return
        await super().save(tracker)

    def forget(self, sender_id: Text) -> int:
        """Deletes every stored event of this conversation; returns how many there were."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        # Nothing that identifies the resident is logged, not even the conversation id.
        logger.info("a conversation was forgotten (%d events deleted)", deleted)
        return deleted
