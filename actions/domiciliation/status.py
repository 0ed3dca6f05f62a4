"""domiciliation_status_form and action_domiciliation_status: a request's status.

An unknown reference and a wrong access code get the same answer (the API gives the same
404 for both), so the reference alone reveals nothing.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable
from actions.common.parsing import parse_reference, parse_secret_code
from actions.domiciliation.shared import bot_label, contact_or_fallback

STATUS_SLOTS = ("dom_reference", "dom_access_code")


def forget_lookup() -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in STATUS_SLOTS]


class ValidateDomiciliationStatusForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_domiciliation_status_form"

    def validate_dom_reference(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        reference = parse_reference(str(value or ""))
        if reference is None:
            Reply(dispatcher, tracker).say("utter_dom_reference_not_understood")
        return {"dom_reference": reference}

    def validate_dom_access_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        code = parse_secret_code(str(value or ""))
        if code is None:
            Reply(dispatcher, tracker).say("utter_dom_access_code_not_understood")
        return {"dom_access_code": code}


class ActionDomiciliationStatus(CityAction):
    def name(self) -> Text:
        return "action_domiciliation_status"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reference, code = tracker.get_slot("dom_reference"), tracker.get_slot("dom_access_code")
        if not reference or not code:
            return forget_lookup()   # the form stopped early
        try:
            request = await self.client.domiciliation_request(reference, code)
        except CityUnavailable:
            reply.city_unavailable()
            return forget_lookup()
        except CityError:
            contact = await contact_or_fallback(self.client)
            reply.say("utter_domiciliation_not_found", **contact)
            return forget_lookup()
        language = reply.language
        created = formatting.day(request.created_at.date(), language) if request.created_at else ""
        reply.say("utter_domiciliation_status", reference=request.reference, created=created,
                  status=bot_label(request.status, language))
        if request.next_steps:
            reply.say("utter_domiciliation_status_steps", steps=formatting.bullets(request.next_steps))
        return forget_lookup()
