"""action_handoff_offer: the resident asked for a person.

Open now (the municipal API decides, from the MSP's opening hours): ask consent for a desk
ticket. Closed: say when it reopens and offer a callback; on SMS / WhatsApp the number the
resident writes from is the one to call back, elsewhere the number is asked next
(handoff_callback_form). A form in progress is left, its answers kept for the summary (and
passed on only if the resident agrees). `handoff_kind` tells action_handoff_create what a
"yes" asks for (none when the city could not be reached).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable
from actions.handoff.channel import channel_of
from actions.handoff.city import HandoffClient
from actions.handoff.summary import HANDOFF_FORM_SLOT

logger = logging.getLogger(__name__)

KIND_SLOT = "handoff_kind"
CALLBACK_FORM = "handoff_callback_form"


class ActionHandoffOffer(CityAction):
    client_factory = HandoffClient

    def name(self) -> Text:
        return "action_handoff_offer"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        form = (tracker.active_loop or {}).get("name")
        # Always leaves any form (the rules say active_loop: null after this action).
        events: List[Dict[Text, Any]] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if form != CALLBACK_FORM:
            events.append(SlotSet(HANDOFF_FORM_SLOT, form))
        channel = channel_of(tracker)
        try:
            state = await self.client.handoff_availability()
        except (CityUnavailable, CityError) as error:
            logger.warning("handoff availability unknown: %s", error)
            reply.city_unavailable()
            return events + [SlotSet(KIND_SLOT, None)]
        if state.open_now:
            reply.say("utter_handoff_consent_desk_phone" if channel.by_phone else "utter_handoff_consent_desk")
            return events + [SlotSet(KIND_SLOT, "desk")]
        if state.next_opening is None:
            reply.city_unavailable()
            return events + [SlotSet(KIND_SLOT, None)]
        when = formatting.slot_time(state.next_opening, reply.language)
        if channel.by_phone:
            reply.say("utter_handoff_closed_phone", next_opening=when)
        else:
            reply.say("utter_handoff_closed", next_opening=when)
        return events + [SlotSet(KIND_SLOT, "callback")]
