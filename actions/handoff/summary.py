"""The short summary a ticket carries: the last topics, what was already answered, and the
answers of the form the resident was filling in (only sent once the resident agreed)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Tracker

HANDOFF_FORM_SLOT = "handoff_form"


@lru_cache(maxsize=1)
def settings() -> Dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("summary.yml").read_text(encoding="utf-8"))


def _last_distinct(values: List[str], limit: int) -> List[str]:
    out: List[str] = []
    for value in reversed(values):
        if value not in out:
            out.append(value)
        if len(out) == limit:
            break
    return list(reversed(out))


def topics(tracker: Tracker) -> List[str]:
    skip = set(settings()["not_topics"])
    names = [(e.get("parse_data") or {}).get("intent", {}).get("name") for e in tracker.events
             if e.get("event") == "user"]
    return _last_distinct([n for n in names if n and n not in skip], settings()["max_topics"])


def answered(tracker: Tracker) -> List[str]:
    skip = set(settings()["not_answers"])
    names = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    return _last_distinct([n for n in names if n and n not in skip and not n.startswith(("validate_", "utter_ask_"))
                           and not n.endswith("_form")], settings()["max_answers"])


def form_answers(tracker: Tracker, domain: Dict[str, Any], form: Optional[str]) -> Dict[str, str]:
    """The filled slots of the form the resident was in when asking for a person."""
    if not form:
        return {}
    required = ((domain.get("forms") or {}).get(form) or {}).get("required_slots") or []
    values = {}
    for name in required:
        value = tracker.get_slot(name)
        if value not in (None, "", []):
            values[name] = str(value)[:200]
    return values


def summary(tracker: Tracker, domain: Dict[str, Any]) -> Dict[str, Any]:
    form = tracker.get_slot(HANDOFF_FORM_SLOT)
    return {"topics": topics(tracker), "answered": answered(tracker),
            "shared": form_answers(tracker, domain, form)}
