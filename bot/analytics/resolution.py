"""Resolution rate: the share of conversations with a question that the assistant handled
alone — none of their messages fell back (nlu_fallback) and nobody asked for, or was handed
to, a person (intent request_human, an action named action_handoff*). The rule itself is
Conversation.resolved (conversations.py); the counts come from the roll-up (rollup.py),
per hour of the conversation's first question."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.analytics.counts import iso_week, weeks_between
from bot.analytics.rollup import conversations_table, create_tables


@dataclass
class Resolution:
    conversations: int = 0
    with_fallback: int = 0
    handed_off: int = 0
    resolved: int = 0

    @property
    def rate(self) -> Optional[float]:
        return self.resolved / self.conversations if self.conversations else None

    def add(self, other: "Resolution") -> None:
        self.conversations += other.conversations
        self.with_fallback += other.with_fallback
        self.handed_off += other.handed_off
        self.resolved += other.resolved


@dataclass(frozen=True)
class ConversationCount:
    hour: datetime
    language: str
    channel: str
    counts: Resolution


def conversation_counts(stats: Engine, since: datetime, until: datetime) -> List[ConversationCount]:
    create_tables(stats)
    c = conversations_table.c
    query = sa.select(c.hour, c.language, c.channel, c.conversations, c.with_fallback, c.handed_off,
                      c.resolved).where(c.hour >= since.astimezone(timezone.utc).replace(tzinfo=None),
                                        c.hour < until.astimezone(timezone.utc).replace(tzinfo=None))
    with stats.connect() as connection:
        return [ConversationCount(hour.replace(tzinfo=timezone.utc), language, channel,
                                  Resolution(conversations, fallback, handoff, resolved))
                for hour, language, channel, conversations, fallback, handoff, resolved
                in connection.execute(query)]


def overall(rows: List[ConversationCount]) -> Resolution:
    result = Resolution()
    for row in rows:
        result.add(row.counts)
    return result


def by_week(rows: List[ConversationCount], since: datetime, until: datetime) -> List[Tuple[str, Resolution]]:
    weeks: Dict[str, Resolution] = {week: Resolution() for week in weeks_between(since, until)}
    for row in rows:
        weeks.setdefault(iso_week(row.hour), Resolution()).add(row.counts)
    return sorted(weeks.items())


def by_channel(rows: List[ConversationCount]) -> List[Tuple[str, Resolution]]:
    channels: Dict[str, Resolution] = {}
    for row in rows:
        channels.setdefault(row.channel, Resolution()).add(row.counts)
    return sorted(channels.items(), key=lambda item: -item[1].conversations)
