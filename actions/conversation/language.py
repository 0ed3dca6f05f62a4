"""The conversation's language: sticky, switched only on clear evidence.

Runs after every message (Rasa calls action_validate_slot_mappings). A resident's
language changes on an explicit request ("English please") or on a confident detection
of a message of several words; "ok", "merci" or "1" never switch it.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.common.language import language_of
from bot.languages import load_languages
from bot.nlu.language_identifier import detection_of


def requested_language(tracker: Tracker) -> Optional[str]:
    """The language the resident explicitly asked for in their last message, if any."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") != "choose_language":
        return None
    supported = load_languages().languages
    for entity in message.get("entities") or []:
        if entity.get("entity") == "ui_language" and entity.get("value") in supported:
            return entity["value"]
    return None


def next_language(current: str, detection: Dict[str, Any], requested: Optional[str]) -> str:
    """The pure stickiness rule, kept apart so it is tested without a tracker."""
    settings = load_languages()
    if requested in settings.languages:
        return requested
    code = detection.get("code")
    if (
        code in settings.languages
        and code != current
        and detection.get("words", 0) >= settings.min_words
        and detection.get("confidence", 0.0) >= settings.min_confidence
    ):
        return code
    return current


class ValidateSlotMappings(ValidationAction):
    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        current = language_of(tracker)
        chosen = next_language(
            current, detection_of(tracker.latest_message), requested_language(tracker)
        )
        return {"language": chosen} if chosen != tracker.get_slot("language") else {}
