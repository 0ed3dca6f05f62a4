"""Conversations in SQL (SQLite by default, PostgreSQL in production), kept to the minimum.

endpoints.yml:

    tracker_store:
      type: bot.tracker_store.PrivacySQLTrackerStore
      dialect: sqlite
      db: var/tracker.db            # or url: postgresql://user@host:5432/db

What it stores differs from Rasa's SQLTrackerStore in two ways:

- **Redacted events** (bot/event_redaction.py): no phone number, e-mail, name or income
  figure is written; a personal slot's value is stored only while the conversation still
  holds it (a running form needs it at every message, as Rasa re-reads the conversation
  from here), and erased from every stored event as soon as it no longer does.
- **Forget me**: saving a turn in which action_forget_me ran deletes every stored event
  of the conversation (all its sessions) and stores nothing of it; the next message starts
  a new, empty conversation; what other parts keep of it is dropped too (bot/forgetting.py).
  bot/retention.py deletes old conversations.

Conversation ids are never phone numbers: the SMS and WhatsApp channels store a keyed
hash of the number (bot/channels/identity.py).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import event_types, forgetting, log_redaction
from bot.event_redaction import is_stale_personal_value, redact_new_events, touches_personal_slots, without_value
from bot.tracker_threads import ThreadedSQLTrackerStore, event_row
from bot.turn_context import current_turn

logger = logging.getLogger(__name__)
log_redaction.install()   # Rasa imports this module at start: its logs are redacted from then on
event_types.install()     # events deserialised without walking every Event subclass each time

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


class PrivacySQLTrackerStore(ThreadedSQLTrackerStore):
    def __init__(self, domain: Any = None, dialect: Text = "sqlite", host: Optional[Text] = None,
                 port: Optional[int] = None, db: Text = "rasa.db", **kwargs: Any) -> None:
        # A fresh checkout has no var/ yet; SQLite creates the file but not its directory.
        sqlite_file = _sqlite_file(dialect, host, db)
        if sqlite_file is not None:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db, **kwargs)
        if self.event_broker is not None:
            # A broker would receive the events unredacted: not supported.
            logger.warning("the privacy tracker store does not stream events to an event broker")
            self.event_broker = None
        events = self.SQLEvent.__table__
        self._slot_events = sa.select(events.c.id, events.c.data).where(
            events.c.sender_id == sa.bindparam("sender"), events.c.type_name == "slot")
        self._set_data = (events.update().where(events.c.id == sa.bindparam("event_id"))
                          .values(data=sa.bindparam("new_data")))

    async def save(self, tracker: DialogueStateTracker) -> None:
        turn = current_turn()
        if turn is not None:   # the channel still answers an emergency (bot/channels/paused.py)
            turn.paused = tracker.is_paused()
        await super().save(tracker)

    def save_blocking(self, tracker: DialogueStateTracker) -> None:
        # Runs in a thread, not on Rasa's event loop (bot/tracker_threads.py).
        if asked_to_be_forgotten(tracker):
            self.forget(tracker.sender_id)
            return
        events = list(tracker.events)
        serialised = [event.as_dict() for event in events]
        live_slots = tracker.current_slot_values()
        with self.transaction() as connection:
            # Rasa's rule: append the events beyond those stored for the current session.
            first_new = self.stored_count(connection, tracker.sender_id)
            new = redact_new_events(serialised, first_new, live_slots)
            self.insert_rows(connection, [event_row(tracker.sender_id, event.type_name, data)
                                          for event, data in zip(events[first_new:], new)])
            if touches_personal_slots(serialised[first_new:]):
                self._erase_stale_values(connection, tracker.sender_id, live_slots)

    def _erase_stale_values(self, connection: Any, sender_id: Text, live_slots: dict) -> int:
        """Erases, in every stored session, the personal values the conversation no longer holds."""
        rows = connection.execute(self._slot_events, {"sender": sender_id})
        erased = [{"event_id": event_id, "new_data": json.dumps(without_value(data))}
                  for event_id, data in ((event_id, json.loads(raw)) for event_id, raw in rows)
                  if is_stale_personal_value(data, live_slots)]
        if erased:
            connection.execute(self._set_data, erased)
        return len(erased)

    def forget(self, sender_id: Text) -> int:
        """Deletes every stored event of this conversation; returns how many there were."""
        with self.transaction() as connection:
            deleted = connection.execute(self.statements.delete, {"sender": sender_id}).rowcount
        forgetting.forget_elsewhere(sender_id)
        turn = current_turn()
        if turn is not None:
            turn.forgotten = True   # the channel drops the conversation's lock once the turn is over
        # Nothing that identifies the resident is logged, not even the conversation id.
        logger.info("a conversation was forgotten (%d events deleted)", deleted)
        return deleted
