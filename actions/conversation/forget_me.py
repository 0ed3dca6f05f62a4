"""action_forget_me: the resident asks to be forgotten.

The deletion itself is done by the tracker store (bot/tracker_store.py): when it saves a
turn in which this action ran, it erases every stored event of the conversation and
stores nothing of it, so the next message starts a fresh conversation. The action
confirms and clears the slots, so nothing personal is carried on even by a store that
keeps the conversation in memory (`rasa shell`, `rasa test`).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

FORGET_ME_ACTION = "action_forget_me"


class ActionForgetMe(Action):
    def name(self) -> Text:
        return FORGET_ME_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        # Rasa renders the confirmation before applying the events: it is still said in
        # the resident's language.
        dispatcher.utter_message(response="utter_forgotten")
        return [AllSlotsReset()]
