"""Questions per topic, language, channel and ISO week, from the rolled-up counts (rollup.py).

A question is a resident's message whose intent has a topic (analytics.yml): greetings,
thanks, yes/no and answers to a form are not questions; a message the assistant did not
understand is one (topic "Questions non comprises").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Dict, List, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.analytics.rollup import create_tables, questions_table
from bot.analytics.settings import analytics_settings


@dataclass(frozen=True)
class QuestionCount:
    hour: datetime        # UTC, aware
    intent: str
    topic: str
    language: str
    channel: str
    questions: int


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def question_counts(stats: Engine, since: datetime, until: datetime) -> List[QuestionCount]:
    """Rolled-up questions in [since, until) (messages that are not questions left out)."""
    settings = analytics_settings()
    create_tables(stats)
    q = questions_table.c
    query = (sa.select(q.hour, q.intent, q.language, q.channel, q.questions)
             .where(q.hour >= _naive_utc(since), q.hour < _naive_utc(until)))
    rows = []
    with stats.connect() as connection:
        for hour, intent, language, channel, questions in connection.execute(query):
            topic = settings.topic(intent)
            if topic is not None:
                rows.append(QuestionCount(hour.replace(tzinfo=timezone.utc), intent, topic, language,
                                          channel, questions))
    return rows


def total(rows: List[QuestionCount]) -> int:
    return sum(r.questions for r in rows)


def _ordered(counter: Counter, order: Tuple[str, ...]) -> List[Tuple[str, int]]:
    """Known keys in the settings' order, then any other key; zero rows kept for known keys."""
    known = [(key, counter.get(key, 0)) for key in order]
    extra = sorted((key, n) for key, n in counter.items() if key not in order)
    return known + extra


def by_topic(rows: List[QuestionCount]) -> List[Tuple[str, int]]:
    counter = Counter()
    for row in rows:
        counter[row.topic] += row.questions
    return sorted(_ordered(counter, analytics_settings().topics), key=lambda item: -item[1])


def by_language(rows: List[QuestionCount], languages: Tuple[str, ...]) -> List[Tuple[str, int]]:
    counter = Counter()
    for row in rows:
        counter[row.language] += row.questions
    return _ordered(counter, languages)


def by_channel(rows: List[QuestionCount]) -> List[Tuple[str, int]]:
    counter = Counter()
    for row in rows:
        counter[row.channel] += row.questions
    return _ordered(counter, analytics_settings().channels)


def iso_week(moment: datetime) -> str:
    """The city's ISO week of a moment: "2026-W49"."""
    year, week, _ = moment.astimezone(analytics_settings().timezone).isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(since: datetime, until: datetime) -> List[str]:
    zone = analytics_settings().timezone
    day: date = since.astimezone(zone).date()
    last: date = (until - timedelta(microseconds=1)).astimezone(zone).date()
    weeks: List[str] = []
    while day <= last:
        label = iso_week(datetime(day.year, day.month, day.day, 12, tzinfo=zone))
        if label not in weeks:
            weeks.append(label)
        day += timedelta(days=1)
    return weeks


def by_week(rows: List[QuestionCount], since: datetime, until: datetime) -> List[Tuple[str, int]]:
    counter: Dict[str, int] = {week: 0 for week in weeks_between(since, until)}
    for row in rows:
        week = iso_week(row.hour)
        counter[week] = counter.get(week, 0) + row.questions
    return sorted(counter.items())
