"""Which parts of a serialised Rasa event are personal, and what is stored instead.

Rasa rebuilds the conversation from the stored events at every message, so what a running
form still needs must stay readable: a personal slot's value is stored only while the
conversation still holds it (the slot's current value). Everything else is redacted
before it is written:

- a resident's message that answers a personal slot (the form had requested it) is
  stored as "[slot]", entities included; other messages keep their words, with phone
  numbers, e-mails, personal entities ("[amount]") and known personal values blanked;
- a bot message keeps its words, with the same blanks; personal response parameters
  (the cancel code, the name, the QF...) are replaced by their kind;
- channel metadata is redacted the same way.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Set

from bot.redaction import mark, privacy_rules, redact_text, redact_value

REQUESTED_SLOT = "requested_slot"
SESSION_METADATA_SLOT = "session_started_metadata"
Event = Dict[str, Any]


def personal_values(events: Iterable[Event]) -> Set[str]:
    """Every identifying value the conversation has seen (slots and response parameters)."""
    rules = privacy_rules()
    values: Set[str] = set()
    for event in events:
        if event.get("event") == "slot" and event.get("name") in rules.identifying_slots:
            value = event.get("value")
            if isinstance(value, str):
                values.add(value)
        elif event.get("event") == "bot":
            for key, value in (event.get("metadata") or {}).items():
                if key in rules.personal_parameters and isinstance(value, str):
                    values.add(value)
    return values


def is_stale_personal_value(event: Event, live_slots: Dict[str, Any]) -> bool:
    """A stored personal slot value the conversation no longer holds."""
    if event.get("event") != "slot" or event.get("name") not in privacy_rules().personal_slots:
        return False
    value = event.get("value")
    return value is not None and value != live_slots.get(event["name"])


def without_value(event: Event) -> Event:
    erased = dict(event)
    erased["value"] = None
    return erased


def touches_personal_slots(events: Iterable[Event]) -> bool:
    """Whether these events can change what a personal slot holds."""
    personal = privacy_rules().personal_slots
    for event in events:
        kind = event.get("event")
        if kind in {"reset_slots", "restart", "session_started"}:
            return True
        if kind == "slot" and event.get("name") in personal:
            return True
    return False


def _redact_entities(entities: List[Dict[str, Any]], everything: bool) -> List[Dict[str, Any]]:
    personal = privacy_rules().personal_entities
    redacted = []
    for entity in entities or []:
        entity = dict(entity)
        if everything or entity.get("entity") in personal:
            entity["value"] = mark(str(entity.get("entity")))
            entity.pop("text", None)
            entity.pop("additional_info", None)
        redacted.append(entity)
    return redacted


def _blank_entity_spans(text: str, entities: List[Dict[str, Any]]) -> str:
    personal = privacy_rules().personal_entities
    spans = sorted(((e.get("start"), e.get("end"), e.get("entity")) for e in entities or []
                    if e.get("entity") in personal and isinstance(e.get("start"), int)
                    and isinstance(e.get("end"), int)), reverse=True)
    for start, end, name in spans:
        if 0 <= start < end <= len(text):
            text = text[:start] + mark(str(name)) + text[end:]
    return text


def _redact_user(event: Event, answering: Optional[str], known: Set[str]) -> Event:
    event = copy.deepcopy(event)
    parse_data = event.get("parse_data") or {}
    entities = parse_data.get("entities") or []
    text = event.get("text") or ""
    if answering:
        text = mark(answering) if text else text
    else:
        text = redact_text(_blank_entity_spans(text, entities), known)
    event["text"] = text
    if parse_data:
        parse_data["text"] = text
        parse_data["entities"] = _redact_entities(entities, everything=bool(answering))
    for holder in (event, parse_data):
        if holder.get("metadata"):
            holder["metadata"] = redact_metadata(holder["metadata"], known)
    return event


def _mark_keys(mapping: Dict[str, Any], keys: FrozenSet[str], known: Set[str]) -> Dict[str, Any]:
    """The values under `keys` replaced by their kind, whatever they hold; the rest redacted."""
    return {key: (mark(key) if key in keys and value not in (None, "") else
                  redact_value(value, known)) for key, value in mapping.items()}


def redact_metadata(metadata: Any, known: Set[str]) -> Any:
    """Channel metadata: the address keys blanked whatever they hold, the rest redacted."""
    if not isinstance(metadata, dict):
        return redact_value(metadata, known)
    return _mark_keys(metadata, privacy_rules().personal_metadata, known)


def _redact_bot(event: Event, known: Set[str]) -> Event:
    event = copy.deepcopy(event)
    event["metadata"] = _mark_keys(event.get("metadata") or {}, privacy_rules().personal_parameters, known)
    if event.get("text"):
        event["text"] = redact_text(event["text"], known)
    if event.get("data"):
        event["data"] = redact_value(event["data"], known)
    return event


def redact_new_events(events: List[Event], first_new: int, live_slots: Dict[str, Any]) -> List[Event]:
    """The events from `first_new` on, as they may be stored.

    `events` is the whole conversation as Rasa holds it in memory (for the context: which
    slot was requested when a message came, which personal values were given).
    """
    personal = privacy_rules().personal_slots
    known = personal_values(events)
    requested: Optional[str] = None
    stored = []
    for index, event in enumerate(events):
        kind = event.get("event")
        if index >= first_new:
            if kind == "user":
                answering = requested if requested in personal else None
                stored.append(_redact_user(event, answering, known))
            elif kind == "bot":
                stored.append(_redact_bot(event, known))
            elif kind == "entities":
                redacted = dict(event, entities=_redact_entities(event.get("entities") or [], False))
                stored.append(redacted)
            elif kind == "slot" and event.get("name") == SESSION_METADATA_SLOT:
                # Rasa copies the first message's channel metadata (an SMS carries the
                # resident's number for the handoff) into this slot: redacted the same way.
                stored.append(dict(event, value=redact_metadata(event.get("value"), known)))
            elif is_stale_personal_value(event, live_slots):
                stored.append(without_value(event))
            else:
                stored.append(event)
        if kind == "slot" and event.get("name") == REQUESTED_SLOT:
            requested = event.get("value")
        elif kind in {"restart", "session_started", "reset_slots"}:
            requested = None
    return stored
