"""What the resident named in their last message: places, partners, topics, a day."""
from __future__ import annotations

from datetime import date
from typing import List, Optional

from rasa_sdk import Tracker

from actions.common.clock import today
from actions.common.parsing import parse_day
from bot.languages import load_languages

# When no place is named, residents mean the Maison des Services Publics.
DEFAULT_PLACE = "msp"


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    """Values of `entity` in the latest message, in order, without repeats."""
    values: List[str] = []
    for item in (tracker.latest_message or {}).get("entities") or []:
        value = item.get("value")
        if item.get("entity") == entity and isinstance(value, str) and value and value not in values:
            values.append(value)
    return values


def first_entity(tracker: Tracker, entity: str) -> Optional[str]:
    values = entity_values(tracker, entity)
    return values[0] if values else None


def place_of(tracker: Tracker) -> str:
    """The place named in this message, else the MSP (an earlier place is not assumed)."""
    return first_entity(tracker, "place") or DEFAULT_PLACE


def day_of(tracker: Tracker, language: str) -> date:
    """The day named in the message ("samedi", "demain", "le 14 juillet"), else today.

    The conversation's language is tried first, then the others: "saturday" typed in a
    French conversation is still a day.
    """
    text = (tracker.latest_message or {}).get("text") or ""
    if text.startswith("/"):  # a button payload names no day
        return today()
    languages = [language] + [code for code in load_languages().codes if code != language]
    for code in languages:
        found = parse_day(text, code)
        if found:
            return found
    return today()
