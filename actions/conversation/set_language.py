"""action_set_language: answers "English please", "parlez français", "changer de langue".

The `language` slot itself is switched before this action runs, by
action_validate_slot_mappings (actions/conversation/language.py), so the confirmation
is already rendered in the new language. Languages recognised but not spoken yet
(bot/languages.yml does not list them) get an honest "not yet" and the choice.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.languages import load_languages


def requested_languages(tracker: Tracker) -> List[str]:
    return [e["value"] for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == "ui_language" and isinstance(e.get("value"), str)]


class ActionSetLanguage(Action):
    def name(self) -> Text:
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        requested = requested_languages(tracker)
        if not requested:
            dispatcher.utter_message(response="utter_choose_language")
        elif requested[0] in load_languages().languages:
            dispatcher.utter_message(response="utter_language_switched")
        else:
            dispatcher.utter_message(response="utter_language_not_available")
        return []
