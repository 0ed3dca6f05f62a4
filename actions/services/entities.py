"""What the resident named in their last message: places, partners, topics, a day."""
from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from dateparser.search import search_dates
from rasa_sdk import Tracker

from actions.common.clock import now, today
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
    # dateparser finds "le 1 janvier" in a sentence but not "le 1er janvier" ("14th July").
    text = _ORDINAL.sub(r"\1", text)
    languages = [language] + [code for code in load_languages().codes if code != language]
    for code in languages:
        found = parse_day(text, code)
        if found and found != today():
            return found
        other = _another_day(text, code)
        if other:
            return other
    return today()


_ORDINAL = re.compile(r"\b(\d{1,2})(?:er|re|e|ème|eme|st|nd|rd|th)\b", re.IGNORECASE)


def _another_day(text: str, language: str) -> Optional[date]:
    """A day other than today among the date fragments of `text`.

    parse_day keeps the first fragment, and in "what are the opening hours of the MSP on
    Saturday?" dateparser reads "hours of the" as a time today; "on Saturday" is meant.
    """
    settings = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False,
                "RELATIVE_BASE": now().replace(tzinfo=None)}
    try:
        fragments = search_dates(text, languages=[language], settings=settings) or []
    except Exception:  # dateparser fails on some odd strings: no day then
        return None
    for fragment, value in fragments:
        if re.fullmatch(r"[\d\s.,]+", fragment.strip()):  # amounts and counts are not days
            continue
        if value.date() != today():
            return value.date()
    return None
