"""The resident said yes: the ticket, then the pause (or the callback request).

- desk ticket on the city page, REST, SMS or WhatsApp: the number, then ConversationPaused:
  the assistant stays silent until staff hand the conversation back (staff console);
- desk ticket on the kiosk: the number shown large with the desk to go to; the kiosk is not
  paused (the resident walks to the desk, and the kiosk's wipe must still forget them);
- callback: the number and when the MSP reopens; nothing is paused. Off the phone channels
  the number to call is asked first: handoff_callback_form (a FollowupAction), whose end
  runs this action again.
Once the ticket holds them, the form answers and the callback number leave the conversation.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import phonenumbers
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError
from actions.common.fallback import fallback_contact
from actions.handoff.channel import channel_of
from actions.handoff.city import HandoffClient
from actions.handoff.offer import CALLBACK_FORM, KIND_SLOT
from actions.handoff.summary import HANDOFF_FORM_SLOT, form_answers, summary

logger = logging.getLogger(__name__)

PHONE_SLOT = "handoff_phone"
REGION = "FR"


def cleared(tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Forget the handoff's own slots and the answers of the form left for it."""
    shared = form_answers(tracker, domain, tracker.get_slot(HANDOFF_FORM_SLOT))
    return ([SlotSet(name, None) for name in shared]
            + [SlotSet(name, None) for name in (PHONE_SLOT, HANDOFF_FORM_SLOT, KIND_SLOT)])


class ActionHandoffCreate(CityAction):
    client_factory = HandoffClient

    def name(self) -> Text:
        return "action_handoff_create"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        channel = channel_of(tracker)
        kind = tracker.get_slot(KIND_SLOT)
        if kind is None:   # the offer could not reach the city: nothing to agree to
            reply.say("utter_handoff_failed", phone=fallback_contact()["phone"])
            return cleared(tracker, domain)
        phone = channel.reply_address if channel.by_phone else tracker.get_slot(PHONE_SLOT)
        if kind == "callback" and not phone:
            return [FollowupAction(CALLBACK_FORM)]
        try:
            ticket = await self.client.create_handoff_ticket(
                kind=kind, channel=channel.name, conversation_id=tracker.sender_id, language=reply.language,
                summary=summary(tracker, domain), contact_phone=phone, reply_from=channel.reply_from)
        except CityError as error:   # e.g. closed between the offer and the "yes"
            logger.warning("handoff ticket refused: %s", error.code)
            reply.say("utter_handoff_failed", phone=fallback_contact()["phone"])
            return cleared(tracker, domain)
        events = cleared(tracker, domain)
        if kind == "callback":
            state = await self.client.handoff_availability()
            when = formatting.slot_time(state.next_opening, reply.language) if state.next_opening else ""
            reply.say("utter_handoff_callback_registered", number=ticket.number, next_opening=when)
            return events
        if channel.name == "kiosk":
            reply.say("utter_handoff_ticket_kiosk", number=ticket.number, desk=ticket.desk.label)
            return events
        reply.say("utter_handoff_ticket_phone" if channel.by_phone else "utter_handoff_ticket_chat",
                  number=ticket.number, desk=ticket.desk.label)
        return events + [ConversationPaused()]


class ActionHandoffDeclined(CityAction):
    """No ticket: nothing is passed on; the MSP's number is given."""

    def name(self) -> Text:
        return "action_handoff_declined"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reply.say("utter_handoff_declined", phone=fallback_contact()["phone"])
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + cleared(tracker, domain)


def phone_number(text: str) -> Optional[str]:
    """E.164 when the text is a valid phone number (French ones need no +33)."""
    try:
        parsed = phonenumbers.parse(text.strip(), REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class ValidateHandoffCallbackForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_callback_form"

    def validate_handoff_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        number = phone_number(str(value or ""))
        if number is None:
            dispatcher.utter_message(response="utter_handoff_invalid_phone")
            return {PHONE_SLOT: None}
        return {PHONE_SLOT: number}
