"""Conversations as the analytics see them, read from the tracker store's stored events.

The events are those bot/tracker_store.py wrote: already redacted (no phone, e-mail, name
or income figure). A conversation is one session of one conversation id (Rasa starts a new
session after an hour of silence); the id itself is only used to group events and never
leaves this module.

For every resident message: when, the intent, the stored (redacted) text, the language the
conversation was in once the message was handled (the `language` slot, which the turn may
switch) and the channel (Rasa's input channel; for socket.io, the `client` the widget sends:
web page or kiosk).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.analytics.settings import AnalyticsSettings, analytics_settings
from bot.languages import load_languages

_metadata = sa.MetaData()
# Rasa 3.6's SQLTrackerStore table (rasa/core/tracker_store.py), read only.
events_table = sa.Table(
    "events", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
_READ_TYPES = ("user", "slot", "action", "session_started")


@dataclass
class Message:
    at: datetime                 # UTC
    intent: Optional[str]
    text: str                    # as stored: redacted
    channel: str
    language: str = ""


@dataclass
class Conversation:
    messages: List[Message] = field(default_factory=list)
    actions: List[str] = field(default_factory=list)

    def questions(self, settings: Optional[AnalyticsSettings] = None) -> List[Message]:
        settings = settings or analytics_settings()
        return [m for m in self.messages if settings.topic(m.intent) is not None]

    def had_fallback(self, settings: Optional[AnalyticsSettings] = None) -> bool:
        settings = settings or analytics_settings()
        return any(m.intent == settings.fallback_intent for m in self.messages)

    def handed_off(self, settings: Optional[AnalyticsSettings] = None) -> bool:
        settings = settings or analytics_settings()
        return (any(m.intent in settings.handoff_intents for m in self.messages)
                or any(a.startswith(settings.handoff_action_prefix) for a in self.actions))

    def resolved(self, settings: Optional[AnalyticsSettings] = None) -> bool:
        """No message fell back and nobody asked for (or was handed to) a person."""
        return not self.had_fallback(settings) and not self.handed_off(settings)

    @property
    def started(self) -> datetime:
        return self.messages[0].at

    @property
    def language(self) -> str:
        """The language the conversation ended in (a resident may start in French, then switch)."""
        return self.messages[-1].language

    @property
    def channel(self) -> str:
        return self.messages[0].channel


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def channel_of(event: dict, settings: AnalyticsSettings) -> str:
    channel = event.get("input_channel") or ""
    if channel == "socketio":
        client = (event.get("metadata") or {}).get("client")
        return client if client in settings.channel_labels else settings.socketio_default_client
    return channel if channel in settings.channel_labels else "other"


def build_conversations(rows: Iterable[tuple], settings: Optional[AnalyticsSettings] = None) -> List[Conversation]:
    """Conversations from event rows (sender_id, type_name, timestamp, action_name, data),
    ordered by conversation id then storage order. Conversations without a resident's
    message are dropped."""
    settings = settings or analytics_settings()
    default_language = load_languages().default
    conversations: List[Conversation] = []
    sender, language, current = None, default_language, None
    for sender_id, type_name, timestamp, action_name, data in rows:
        if sender_id != sender or type_name == "session_started":
            if sender_id != sender:
                language = default_language
            sender, current = sender_id, Conversation()
            conversations.append(current)
        if type_name == "action" and action_name:
            current.actions.append(action_name)
        elif type_name == "slot":
            event = json.loads(data)
            if event.get("name") == "language" and isinstance(event.get("value"), str):
                language = event["value"]
                if current.messages:   # the turn's switch applies to the message it answered
                    current.messages[-1].language = language
        elif type_name == "user":
            event = json.loads(data)
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            current.messages.append(Message(at=_utc(timestamp), intent=intent, text=event.get("text") or "",
                                            channel=channel_of(event, settings), language=language))
    return [c for c in conversations if c.messages]


def _has_events_table(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("events")


def load_conversations(engine: Engine, since: datetime, until: datetime) -> List[Conversation]:
    """Every conversation with a resident's message in [since, until), whole."""
    if not _has_events_table(engine):
        return []
    e = events_table.c
    senders = (sa.select(e.sender_id).where(e.type_name == "user", e.timestamp >= since.timestamp(),
                                            e.timestamp < until.timestamp()).distinct())
    query = (sa.select(e.sender_id, e.type_name, e.timestamp, e.action_name, e.data)
             .where(e.sender_id.in_(senders), e.type_name.in_(_READ_TYPES))
             .order_by(e.sender_id, e.id))
    with engine.connect() as connection:
        return build_conversations(connection.execute(query))


def first_message_time(engine: Engine) -> Optional[datetime]:
    if not _has_events_table(engine):
        return None
    with engine.connect() as connection:
        first = connection.execute(sa.select(sa.func.min(events_table.c.timestamp))
                                   .where(events_table.c.type_name == "user")).scalar()
    return _utc(first) if first is not None else None


def fallback_texts(engine: Engine, since: datetime, until: datetime, limit: int) -> List[str]:
    """The stored (redacted) texts of messages that fell back, latest first."""
    if not _has_events_table(engine):
        return []
    e = events_table.c
    query = (sa.select(e.data).where(e.type_name == "user", e.intent_name == analytics_settings().fallback_intent,
                                     e.timestamp >= since.timestamp(), e.timestamp < until.timestamp())
             .order_by(e.timestamp.desc()).limit(limit))
    with engine.connect() as connection:
        return [json.loads(data).get("text") or "" for (data,) in connection.execute(query)]


def iter_messages(conversations: Iterable[Conversation]) -> Iterator[Message]:
    for conversation in conversations:
        yield from conversation.messages
