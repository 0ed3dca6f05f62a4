"""Checking what the browser sends before anything is stored.

Every field but the comment must be one of the assistant's own names (settings.py): a
rating (up/down), an intent of the domain, a response of the domain, a language of
languages.yml, a channel of feedback.yml. The comment is only taken with a thumbs down,
is at most `comment_max_chars` long and is redacted (comment.py). Any other key is refused:
the browser has no way to make the server store a conversation id or anything personal.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from bot.feedback.comment import redact_comment
from bot.feedback.settings import RATINGS, feedback_settings, known_intents, known_languages, known_responses

NEW_FIELDS = {"rating", "intent", "response", "language", "channel", "comment"}
UPDATE_FIELDS = {"rating", "comment", "language"}


class FeedbackError(ValueError):
    """Refused feedback; `field` says which part (for the 4xx answer)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class NewFeedback:
    rating: str
    intent: Optional[str]
    response: str
    language: str
    channel: str
    comment: Optional[str] = None


@dataclass(frozen=True)
class FeedbackChange:
    rating: str
    comment: Optional[str] = None


def _text(payload: Dict[str, Any], name: str, required: bool = True) -> Optional[str]:
    value = payload.get(name)
    if value is None or value == "":
        if required:
            raise FeedbackError(name, "missing")
        return None
    if not isinstance(value, str) or len(value) > 100:
        raise FeedbackError(name, "not a name")
    return value


def _one_of(payload: Dict[str, Any], name: str, allowed: Any, required: bool = True) -> Optional[str]:
    value = _text(payload, name, required)
    if value is not None and value not in allowed:
        raise FeedbackError(name, "unknown")
    return value


def _unexpected(payload: Any, allowed: set) -> None:
    if not isinstance(payload, dict):
        raise FeedbackError("body", "not a JSON object")
    extra = sorted(set(payload) - allowed)
    if extra:
        raise FeedbackError(extra[0], "unexpected field")


def _comment(payload: Dict[str, Any], rating: str) -> Optional[str]:
    value = payload.get("comment")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise FeedbackError("comment", "not text")
    if rating != "down":
        raise FeedbackError("comment", "only with a thumbs down")
    if len(value) > feedback_settings().comment_max_chars:
        raise FeedbackError("comment", "too long")
    return redact_comment(value) or None


def parse_new(payload: Any) -> NewFeedback:
    _unexpected(payload, NEW_FIELDS)
    rating = _one_of(payload, "rating", RATINGS)
    response = _one_of(payload, "response", known_responses())
    if not feedback_settings().wants_feedback(response):
        raise FeedbackError("response", "not an answer")
    return NewFeedback(
        rating=rating,
        intent=_one_of(payload, "intent", known_intents(), required=False),
        response=response,
        language=_one_of(payload, "language", known_languages()),
        channel=_one_of(payload, "channel", feedback_settings().channels),
        comment=_comment(payload, rating),
    )


def parse_change(payload: Any) -> FeedbackChange:
    """A change of mind or a comment added: the rating again, and the comment if any."""
    _unexpected(payload, UPDATE_FIELDS)
    _one_of(payload, "language", known_languages(), required=False)   # only for the error's language
    rating = _one_of(payload, "rating", RATINGS)
    return FeedbackChange(rating=rating, comment=_comment(payload, rating))
