"""Residents' thumbs up and down per intent (bot/feedback), and their latest comments
(already redacted when stored)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from bot.analytics.settings import analytics_settings
from bot.feedback.store import FeedbackStore, StoredFeedback

NO_INTENT = "(sans intention)"


@dataclass
class Votes:
    up: int = 0
    down: int = 0

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def positive_share(self) -> Optional[float]:
        return self.up / self.total if self.total else None


@dataclass(frozen=True)
class FeedbackSummary:
    overall: Votes
    per_intent: List[Tuple[str, str, Votes]]     # intent, topic label, votes; most votes first
    comments: List[StoredFeedback]               # latest thumbs down with a comment


def summarise(store: FeedbackStore, since: datetime, until: datetime, comments: int = 10) -> FeedbackSummary:
    settings = analytics_settings()
    rows = store.between(since, until)
    overall = Votes()
    per_intent: Dict[str, Votes] = {}
    for row in rows:
        votes = per_intent.setdefault(row.intent or NO_INTENT, Votes())
        for bucket in (votes, overall):
            if row.rating == "up":
                bucket.up += 1
            else:
                bucket.down += 1
    ranked = sorted(per_intent.items(), key=lambda item: (-item[1].total, item[0]))
    labelled = [(intent, "—" if intent == NO_INTENT else settings.topic_labels.get(settings.topic(intent) or "", "—"),
                 votes) for intent, votes in ranked]
    latest = [row for row in rows if row.rating == "down" and row.comment][:comments]
    return FeedbackSummary(overall, labelled, latest)
