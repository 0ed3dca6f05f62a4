"""What the resident is looking for (specialty, practitioner, language, filters, day, part of
day) and the free slots that match it.

The latest message says what changes; the slots remember the rest, so "et jeudi ?" keeps
the pediatrician asked about before. The booking form and the slot search share this.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import formatting
from actions.common.client import MunicipalClient
from actions.common.clock import PARIS
from actions.common.language import language_of
from actions.common.models import Practitioner, Slot
from actions.common.parsing import parse_day
from actions.health.labels import labels, language_name, specialty_label

MAX_SHOWN = 5
PAGE = 200            # the API's largest page
MAX_PAGES = 5         # part of day without a day: look this far for matching slots
PARTS = {"morning": (0, 12), "afternoon": (12, 18), "evening": (18, 24)}
# Filter values as the entity gives them: the services' synonyms map the AME forms to "ame".
C2S_VALUES = {"c2s", "cmu", "cmu-c", "cmuc", "css", "ame"}
SECTOR1_VALUES = {"sector1"}
SLOT_ID = re.compile(r"\b([a-z]+(?:-[a-z]+)*)\.(20\d{6}T\d{4})\b", re.IGNORECASE)
FILTER_SLOTS = ("specialty", "practitioner", "spoken_language", "health_filter", "search_date", "part_of_day")
# dateparser reads "je", "ma", "sa", "me" as weekdays (jeudi, mardi, samedi, mercredi),
# and "may I" as the month: those words never name a day in a resident's message.
_SHORT_WORD = re.compile(r"(?<![\w'’])(?<!\d )[^\W\d_]{1,2}(?![\w'’])")  # '25 de dezembro' keeps its 'de'
_MAY_MODAL = re.compile(r"\bmay(?=\s+(?:i|we|you|he|she|they)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Criteria:
    specialty: Optional[str] = None
    practitioner: Optional[str] = None
    spoken_language: Optional[str] = None
    health_filter: List[str] = field(default_factory=list)
    day: Optional[date] = None
    part_of_day: Optional[str] = None

    def has_who(self) -> bool:
        return bool(self.specialty or self.practitioner or self.spoken_language or self.health_filter)

    def has_when(self) -> bool:
        return bool(self.day or self.part_of_day)

    def without_when(self) -> "Criteria":
        return replace(self, day=None, part_of_day=None)

    def api_filters(self) -> Dict[str, Any]:
        return {
            "specialty": None if self.practitioner else self.specialty,
            "practitioner_id": self.practitioner,
            "language": self.spoken_language,
            "sector": "1" if "sector1" in self.health_filter else None,
            "accepts_c2s": True if "c2s" in self.health_filter else None,
        }

    def events(self) -> List[Dict[str, Any]]:
        return [
            SlotSet("specialty", self.specialty), SlotSet("practitioner", self.practitioner),
            SlotSet("spoken_language", self.spoken_language),
            SlotSet("health_filter", list(self.health_filter) or None),
            SlotSet("search_date", self.day.isoformat() if self.day else None),
            SlotSet("part_of_day", self.part_of_day),
        ]


def clear_filters() -> List[Dict[str, Any]]:
    return [SlotSet(name, None) for name in FILTER_SLOTS]


def _filters(values: List[Any]) -> List[str]:
    found = []
    for value in values:
        value = str(value).lower()
        canonical = "c2s" if value in C2S_VALUES else "sector1" if value in SECTOR1_VALUES else None
        if canonical and canonical not in found:
            found.append(canonical)
    return found


def is_payload(text: str) -> bool:
    return (text or "").startswith("/")


def day_in(text: str, language: str) -> Optional[date]:
    if not text or is_payload(text) or text.strip().isdigit():
        return None     # a bare number is a count or a place in a list, not a day
    cleaned = _SHORT_WORD.sub(" ", _MAY_MODAL.sub(" ", text))
    return parse_day(cleaned, language)


def from_message(tracker: Tracker) -> Criteria:
    message = tracker.latest_message or {}
    entities = message.get("entities") or []
    intent = (message.get("intent") or {}).get("name")

    def last(name: str) -> Optional[str]:
        values = [e.get("value") for e in entities if e.get("entity") == name and e.get("value")]
        return str(values[-1]) if values else None

    language = last("spoken_language") if intent != "choose_language" else None
    part = last("part_of_day")
    return Criteria(
        specialty=last("specialty"), practitioner=last("practitioner"),
        spoken_language=language if language and len(language) == 2 else None,
        health_filter=_filters([e.get("value") for e in entities if e.get("entity") == "health_filter"]),
        day=day_in(message.get("text") or "", language_of(tracker)),
        part_of_day=part if part in PARTS else None,
    )


def from_slots(tracker: Tracker) -> Criteria:
    saved_day = tracker.get_slot("search_date")
    try:
        day = date.fromisoformat(saved_day) if saved_day else None
    except ValueError:
        day = None
    part = tracker.get_slot("part_of_day")
    filters = tracker.get_slot("health_filter") or []
    return Criteria(
        specialty=tracker.get_slot("specialty"), practitioner=tracker.get_slot("practitioner"),
        spoken_language=tracker.get_slot("spoken_language"),
        health_filter=_filters(filters if isinstance(filters, list) else [filters]),
        day=day, part_of_day=part if part in PARTS else None,
    )


def merge(said: Criteria, saved: Criteria, keep_when: bool) -> Criteria:
    """Who and when each come from the message when it names them, else from memory.

    A new question about someone else ("un dentiste ?") starts from "the next free slot"
    unless `keep_when` (answers inside the booking form, "jeudi" after a list).
    """
    who = said if said.has_who() else saved
    if said.day:
        day, part = said.day, said.part_of_day
    elif said.part_of_day:
        day, part = (saved.day if keep_when or not said.has_who() else None), said.part_of_day
    elif keep_when or not said.has_who():
        day, part = saved.day, saved.part_of_day
    else:
        day, part = None, None
    return Criteria(
        specialty=None if who.practitioner else who.specialty, practitioner=who.practitioner,
        spoken_language=who.spoken_language, health_filter=list(who.health_filter), day=day, part_of_day=part,
    )


def _bounds(day: date, part: Optional[str]) -> tuple[str, str]:
    first, last = PARTS.get(part or "", (0, 24))
    start = datetime.combine(day, time(first), tzinfo=PARIS)
    end = datetime.combine(day, time(0), tzinfo=PARIS) + timedelta(hours=last) - timedelta(seconds=1)
    return start.isoformat(), end.isoformat()


def in_part(start: datetime, part: Optional[str]) -> bool:
    if not part:
        return True
    first, last = PARTS[part]
    return first <= start.astimezone(PARIS).hour < last


async def free_slots(client: MunicipalClient, criteria: Criteria, limit: int = MAX_SHOWN,
                     exclude: Optional[str] = None) -> List[Slot]:
    filters = criteria.api_filters()
    if criteria.day:
        start, end = _bounds(criteria.day, criteria.part_of_day)
        found = await client.slots(**filters, **{"from": start, "to": end, "limit": limit + 1})
    elif criteria.part_of_day:
        # The API filters by dates, not hours: page through and keep the part of day.
        found, seen, start = [], set(), None
        for _ in range(MAX_PAGES):
            page = await client.slots(**filters, **{"from": start, "limit": PAGE})
            for slot in page:
                if slot.id not in seen and in_part(slot.start, criteria.part_of_day):
                    seen.add(slot.id)
                    found.append(slot)
            if len(page) < PAGE or len(found) > limit:
                break
            start = page[-1].start.isoformat()
    else:
        found = await client.slots(**filters, limit=limit + 1)
    return [s for s in found if s.id != exclude][:limit]


def slot_start(slot_id: str) -> Optional[datetime]:
    """The local start a slot id names (docs/api-contract.md: <practitioner>.<YYYYMMDDTHHMM>)."""
    match = SLOT_ID.search(slot_id or "")
    if not match:
        return None
    return datetime.strptime(match.group(2).upper(), "%Y%m%dT%H%M").replace(tzinfo=PARIS)


def find_slot_id(text: str) -> Optional[str]:
    match = SLOT_ID.search(text or "")
    return f"{match.group(1).lower()}.{match.group(2).upper()}" if match else None


def specialty_name(practitioner: Optional[Practitioner], specialty: Optional[str],
                   names: Dict[str, Dict[str, str]], language: str) -> str:
    if practitioner is not None:
        return specialty_label(practitioner.specialty_names, practitioner.specialty, language)
    return specialty_label(names.get(specialty or "", {}), specialty, language)


def describe(criteria: Criteria, practitioners: Dict[str, Practitioner], language: str) -> str:
    """'pédiatre, parle arabe, secteur 1, mardi 8 décembre, le matin' (empty: no criteria)."""
    words = labels(language)
    names = {p.specialty: p.specialty_names for p in practitioners.values()}
    parts: List[str] = []
    if criteria.practitioner in practitioners:
        parts.append(practitioners[criteria.practitioner].name)
    elif criteria.specialty:
        parts.append(specialty_name(None, criteria.specialty, names, language))
    if criteria.spoken_language:
        parts.append(words["speaks"].format(language=language_name(criteria.spoken_language, language)))
    parts += [words["filter"][f] for f in criteria.health_filter]
    if criteria.day:
        parts.append(formatting.day(criteria.day, language))
    if criteria.part_of_day:
        parts.append(words["part_of_day"][criteria.part_of_day])
    return ", ".join(parts)


def slot_buttons(slots: List[Slot], practitioners: Dict[str, Practitioner], language: str,
                 intent: str) -> List[Dict[str, str]]:
    buttons = []
    for slot in slots:
        who = practitioners[slot.practitioner_id].name if slot.practitioner_id in practitioners else ""
        title = formatting.slot_time(slot.start, language) + (f" — {who}" if who else "")
        payload = f"/{intent}" + json.dumps({"appointment_slot_id": slot.id}, separators=(",", ":"))
        buttons.append({"title": title, "payload": payload})
    return buttons


async def practitioners_by_id(client: MunicipalClient) -> Dict[str, Practitioner]:
    return {p.id: p for p in await client.practitioners()}
