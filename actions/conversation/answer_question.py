"""action_answer_question: answers a question asked while a form is active."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common.questions import action_for


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        action_class = action_for(intent)
        if action_class is None:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        events = await action_class().run(dispatcher, tracker, domain)
        # Slots the answer set (e.g. the place asked about) are kept; anything that
        # would end or restart the form is not.
        return [e for e in events if e.get("event") == "slot"]
