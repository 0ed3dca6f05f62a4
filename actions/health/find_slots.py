"""action_search_slots: the next free slots for a specialty, practitioner, language, day..."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions.common.base import CityAction, Reply
from actions.common.questions import answers
from actions.health.offers import offer_slots, specialty_buttons
from actions.health.search import from_message, from_slots, merge, practitioners_by_id


@answers("ask_health_slots")
class ActionSearchSlots(CityAction):
    def name(self) -> Text:
        return "action_search_slots"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # "jeudi" or a specialty button after a list refines it; a new question starts afresh.
        criteria = merge(from_message(tracker), from_slots(tracker), keep_when=intent == "inform")
        events = criteria.events()
        if tracker.active_loop_name == "appointment_form" and not tracker.get_slot("appointment_slot_id"):
            # Asked while the booking form waits for a slot: the form shows them, with these criteria.
            return events
        if not criteria.has_who():
            info = await self.client.health_info()
            reply.say("utter_health_which_specialty",
                      buttons=specialty_buttons(info, reply.language, "inform"))
            return events
        practitioners = await practitioners_by_id(self.client)
        await offer_slots(reply, self.client, criteria, practitioners, intent="book_appointment",
                          found="utter_health_slots", none="utter_health_no_slots")
        return events
