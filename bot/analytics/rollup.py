"""Counts rolled up from the conversations, kept in the statistics database.

Why: the tracker store forgets (conversations are deleted 30 days after their last message,
and at once on "forget me"), while the dashboard shows trends over months and the open
data is monthly. Counts per hour hold nothing personal and can be kept.

- analytics_questions: per hour (UTC), intent, language, channel: resident messages;
- analytics_conversations: per hour of their first message, language they ended in and
  channel: conversations with a question, those that fell back, were handed to a person,
  were resolved;
- analytics_days: the city's days already rolled up.

`refresh` rolls up every day the tracker store holds that was never rolled up, and rolls up
again the recent days (today included) whose conversations are all still stored: a day is
final once retention may have started deleting it. The dashboard refreshes when it is
shown; run `python -m bot.cli opendata` (or the dashboard) at least every RETENTION_DAYS - 2
days so that no day is missed.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, Iterable, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.analytics.conversations import Conversation, first_message_time, load_conversations
from bot.analytics.settings import analytics_settings

metadata = sa.MetaData()
questions_table = sa.Table(
    "analytics_questions", metadata,
    sa.Column("hour", sa.DateTime, primary_key=True),
    sa.Column("intent", sa.String(100), primary_key=True),
    sa.Column("language", sa.String(8), primary_key=True),
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("questions", sa.Integer, nullable=False),
)
conversations_table = sa.Table(
    "analytics_conversations", metadata,
    sa.Column("hour", sa.DateTime, primary_key=True),
    sa.Column("language", sa.String(8), primary_key=True),
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("conversations", sa.Integer, nullable=False),
    sa.Column("with_fallback", sa.Integer, nullable=False),
    sa.Column("handed_off", sa.Integer, nullable=False),
    sa.Column("resolved", sa.Integer, nullable=False),
)
days_table = sa.Table(
    "analytics_days", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("rolled_at", sa.DateTime, nullable=False),
)
NO_INTENT = "-"


def retention_days() -> int:
    try:
        return max(3, int(float(os.environ.get("RETENTION_DAYS") or 30)))
    except ValueError:
        return 30


def local_day_bounds(day: date) -> Tuple[datetime, datetime]:
    """The city's day as a UTC interval (23 or 25 hours when the clocks change)."""
    zone = analytics_settings().timezone
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None, minute=0, second=0, microsecond=0)


@dataclass
class DayCounts:
    questions: Counter      # (hour, intent, language, channel) -> messages
    conversations: Dict[tuple, List[int]]   # (hour, language, channel) -> [all, fallback, handoff, resolved]


def count_day(conversations: Iterable[Conversation], day: date) -> DayCounts:
    settings = analytics_settings()
    start, end = local_day_bounds(day)
    questions: Counter = Counter()
    per_conversation: Dict[tuple, List[int]] = {}
    for conversation in conversations:
        for message in conversation.messages:
            if start <= message.at < end:
                questions[(_hour(message.at), message.intent or NO_INTENT, message.language, message.channel)] += 1
        asked = conversation.questions(settings)
        if asked and start <= asked[0].at < end:
            key = (_hour(asked[0].at), conversation.language, conversation.channel)
            row = per_conversation.setdefault(key, [0, 0, 0, 0])
            row[0] += 1
            row[1] += conversation.had_fallback(settings)
            row[2] += conversation.handed_off(settings)
            row[3] += conversation.resolved(settings)
    return DayCounts(questions, per_conversation)


def _store_day(connection: sa.engine.Connection, day: date, counts: DayCounts, now: datetime) -> None:
    start, end = (_hour(moment) for moment in local_day_bounds(day))
    for table in (questions_table, conversations_table):
        connection.execute(table.delete().where(table.c.hour >= start, table.c.hour < end))
    if counts.questions:
        connection.execute(questions_table.insert(), [
            {"hour": h, "intent": i, "language": l, "channel": c, "questions": n}
            for (h, i, l, c), n in counts.questions.items()])
    if counts.conversations:
        connection.execute(conversations_table.insert(), [
            {"hour": h, "language": l, "channel": c, "conversations": row[0], "with_fallback": row[1],
             "handed_off": row[2], "resolved": row[3]}
            for (h, l, c), row in counts.conversations.items()])
    connection.execute(days_table.delete().where(days_table.c.day == day))
    connection.execute(days_table.insert().values(day=day, rolled_at=_hour(now)))


def days_to_roll(first: Optional[datetime], rolled: Iterable[date], now: datetime, keep_days: int) -> List[date]:
    """Days never rolled up since the first stored message, and the recent days again."""
    if first is None:
        return []
    zone = analytics_settings().timezone
    today = now.astimezone(zone).date()
    recent = today - timedelta(days=keep_days - 2)
    done = set(rolled)
    day, days = first.astimezone(zone).date(), []
    while day <= today:
        if day >= recent or day not in done:
            days.append(day)
        day += timedelta(days=1)
    return days


def create_tables(stats: Engine) -> None:
    metadata.create_all(stats)


def refresh(tracker: Engine, stats: Engine, now: Optional[datetime] = None,
            keep_days: Optional[int] = None) -> List[date]:
    """Rolls up what the tracker store holds (see the module's docstring); the days done."""
    now = now or datetime.now(timezone.utc)
    create_tables(stats)
    with stats.connect() as connection:
        rolled = [row[0] for row in connection.execute(sa.select(days_table.c.day))]
    days = days_to_roll(first_message_time(tracker), rolled, now, keep_days or retention_days())
    if not days:
        return []
    conversations = load_conversations(tracker, local_day_bounds(days[0])[0], local_day_bounds(days[-1])[1])
    with stats.begin() as connection:
        for day in days:
            _store_day(connection, day, count_day(conversations, day), now)
    return days
