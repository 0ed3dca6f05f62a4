"""action_submit_domiciliation: registers the request once the resident confirmed it.

A reference is given only when the city confirmed the request (201). Whatever happens,
the form's answers are then cleared: a new request starts from scratch.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable
from actions.common.fallback import fallback_contact
from actions.common.parsing import parse_secret_code
from actions.domiciliation.request_form import NO_PHONE
from actions.domiciliation.shared import contact_or_fallback

FORM_SLOTS = ("dom_link", "dom_has_id", "dom_phone", "dom_confirm")


def forget_request() -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionSubmitDomiciliation(CityAction):
    def name(self) -> Text:
        return "action_submit_domiciliation"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        confirmed = tracker.get_slot("dom_confirm")
        if confirmed is not True:
            # False: the resident said no at the summary. None: the form stopped early
            # (the city was unavailable and the resident was already told).
            if confirmed is False:
                reply.say("utter_domiciliation_not_sent")
            return forget_request()
        phone = tracker.get_slot("dom_phone")
        try:
            receipt = await self.client.create_domiciliation_request(
                link_with_commune=str(tracker.get_slot("dom_link")),
                has_identity_document=bool(tracker.get_slot("dom_has_id")),
                contact_phone=None if not phone or phone == NO_PHONE else phone,
                language=reply.language,
            )
        except CityUnavailable:
            reply.city_unavailable()
            return forget_request()
        except CityError:
            contact = fallback_contact()
            reply.say("utter_domiciliation_not_registered", place_name=contact["name"], phone=contact["phone"])
            return forget_request()
        reply.say("utter_domiciliation_registered", reference=receipt.reference,
                  access_code=parse_secret_code(receipt.access_code) or receipt.access_code)
        contact = await contact_or_fallback(self.client)
        reply.say("utter_domiciliation_next_steps", steps=formatting.bullets(receipt.next_steps), **contact)
        return forget_request()
