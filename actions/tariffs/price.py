"""The price of an activity for a QF (`ask_tariff`), and the list of activities."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError
from actions.common.questions import answers
from actions.tariffs.catalogue import (
    activity_buttons, activity_from_message, is_resident, message_has_amount, qf_from_message, resolve,
    say_prices,
)


@answers("ask_tariff")
class ActionTariffPrice(CityAction):
    """Submits tariff_form, and answers a price question asked during another form.

    Without a QF a resident pays bracket F (the API's answer when no QF is given) and is
    told so; a non-resident pays bracket X whatever the QF.
    """

    def name(self) -> Text:
        return "action_tariff_price"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        activity = activity_from_message(tracker) or tracker.get_slot("activity")
        qf = tracker.get_slot("qf")
        if message_has_amount(tracker) and (tracker.latest_message.get("intent") or {}).get("name") == "ask_tariff":
            qf = qf_from_message(tracker)
        activities = await self.client.activities()
        chosen = resolve(activity, activities)
        events: List[Dict[Text, Any]] = []
        if not chosen:
            if activity:
                reply.say("utter_tariff_unknown_activity", buttons=activity_buttons(activities))
                return [SlotSet("activity", None)]
            reply.say("utter_ask_activity", buttons=activity_buttons(activities))
            return []
        try:
            await say_prices(reply, self.client, chosen, qf, is_resident(tracker))
        except CityError:  # an activity listed but not priced: the list changed meanwhile
            reply.say("utter_tariff_unknown_activity", buttons=activity_buttons(activities))
            return [SlotSet("activity", None)]
        if activity != tracker.get_slot("activity"):
            events.append(SlotSet("activity", activity))
        if qf != tracker.get_slot("qf"):
            events.append(SlotSet("qf", qf))
        return events


@answers("ask_activities")
class ActionListActivities(CityAction):
    def name(self) -> Text:
        return "action_list_activities"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        activities = await self.client.activities()
        reply.say("utter_activities_list", activities=formatting.bullets(a.name for a in activities),
                  buttons=activity_buttons(activities))
        return []
