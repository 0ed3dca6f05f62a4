"""Named tracker fixtures for action tests (financial-demo style) and a runner.

    t = tracker(text="horaires samedi", intent="ask_opening_hours",
                entities=[{"entity": "place", "value": "msp"}], slots={"language": "en"})
    events, messages = await run(ActionOpeningHours(), t)
    assert messages == [{"response": "utter_opening_hours_day", "place_name": ..., ...}]

`messages` keep only the keys an action set (response name, its parameters, buttons),
so tests can assert them exactly.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.cli.stack import ROOT

_EMPTY = (None, "", [], {})  # unhashable members: a tuple, not a set


@lru_cache(maxsize=1)
def domain() -> Dict[str, Any]:
    """The domain as the action server receives it (domain.yml + data/responses)."""
    from rasa.shared.core.domain import Domain

    files = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
    merged = Domain.load([str(f) for f in files if f.exists()])
    return merged.as_dict()


def tracker(
    *,
    sender: str = "test-user",
    text: str = "",
    intent: Optional[str] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    requested_slot: Optional[str] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    language_detection: Optional[Dict[str, Any]] = None,
) -> Tracker:
    all_slots = {"language": "fr"}
    all_slots.update(slots or {})
    if requested_slot:
        all_slots["requested_slot"] = requested_slot
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    if language_detection is not None:
        latest["language_detection"] = language_detection
    return Tracker(
        sender_id=sender,
        slots=all_slots,
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def _clean(message: Dict[str, Any]) -> Dict[str, Any]:
    cleaned = {k: v for k, v in message.items() if v not in _EMPTY and k != "template"}
    return cleaned


async def run(action: Action, t: Tracker, dom: Optional[Dict[str, Any]] = None
              ) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, dom or domain())
    return list(events or []), [_clean(m) for m in dispatcher.messages]
