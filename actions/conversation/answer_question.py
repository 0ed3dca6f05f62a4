"""action_answer_question: answers a question asked while a form is active.

The form's digression rule runs it, then the form asks its question again. Help gets a
short reminder of what the resident can do in a form; a question nobody answers gets
the honest out-of-scope answer with the phone number.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common.questions import action_for
from actions.conversation.out_of_scope import ActionOutOfScope


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        if intent == "help":
            dispatcher.utter_message(response="utter_help_form")
            return []
        action_class = action_for(intent)
        if action_class is None:
            return await ActionOutOfScope().run(dispatcher, tracker, domain)
        events = await action_class().run(dispatcher, tracker, domain)
        # Slots the answer set (e.g. the place asked about) are kept; anything that
        # would end or restart the form is not.
        return [e for e in events if e.get("event") == "slot"]
