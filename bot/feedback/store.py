"""Feedback rows in the statistics database (bot/analytics/database.py: SQLite next to the
tracker store by default, PostgreSQL in production).

A row is: thumbs up or down, the intent and the response it was about, the language,
the channel (web or kiosk), the hour (UTC, minutes and seconds dropped) and, for a thumbs
down, the redacted comment. No conversation id, no IP address, no exact time. Its id is
random: the browser that created the row can change its mind or add a comment, and
nothing links the row to the conversation.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.feedback.validation import FeedbackChange, NewFeedback

metadata = sa.MetaData()
feedback_table = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("rating", sa.String(4), nullable=False),
    sa.Column("intent", sa.String(100)),
    sa.Column("response", sa.String(100), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("hour", sa.DateTime, nullable=False, index=True),   # UTC, on the hour
    sa.Column("comment", sa.Text),
)


def on_the_hour(moment: datetime) -> datetime:
    """UTC, naive, minutes and seconds dropped."""
    return _utc(moment).replace(minute=0, second=0, microsecond=0)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


@dataclass(frozen=True)
class StoredFeedback:
    id: str
    rating: str
    intent: Optional[str]
    response: str
    language: str
    channel: str
    hour: datetime
    comment: Optional[str]


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def add(self, feedback: NewFeedback, now: Optional[datetime] = None) -> str:
        row_id = secrets.token_hex(16)
        hour = on_the_hour(now or datetime.now(timezone.utc))
        with self.engine.begin() as connection:
            connection.execute(feedback_table.insert().values(
                id=row_id, rating=feedback.rating, intent=feedback.intent, response=feedback.response,
                language=feedback.language, channel=feedback.channel, hour=hour, comment=feedback.comment))
        return row_id

    def change(self, row_id: str, change: FeedbackChange) -> bool:
        """The rating given again, with the comment when there is one; False if no such row.
        A thumbs up drops an earlier comment (it said what was wrong)."""
        values = {"rating": change.rating}
        if change.comment is not None or change.rating == "up":
            values["comment"] = change.comment
        with self.engine.begin() as connection:
            updated = connection.execute(
                feedback_table.update().where(feedback_table.c.id == row_id).values(**values)).rowcount
        return updated == 1

    def between(self, since: datetime, until: datetime) -> List[StoredFeedback]:
        """Feedback given from the hour of `since` to before `until`, latest first."""
        query = (sa.select(feedback_table)
                 .where(feedback_table.c.hour >= on_the_hour(since), feedback_table.c.hour < _utc(until))
                 .order_by(feedback_table.c.hour.desc(), feedback_table.c.id))
        with self.engine.connect() as connection:
            return [StoredFeedback(**row._mapping) for row in connection.execute(query)]

    def all(self) -> List[StoredFeedback]:
        with self.engine.connect() as connection:
            return [StoredFeedback(**row._mapping) for row in connection.execute(sa.select(feedback_table))]
