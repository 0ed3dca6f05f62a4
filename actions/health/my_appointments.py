"""My appointments and cancelling one: a phone number and the cancel code given at booking.

A wrong phone or code gets the same "nothing found" whatever was wrong, as the API does:
the assistant must not tell someone guessing whether a number has appointments.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable, MunicipalClient
from actions.common.models import Appointment
from actions.health.inputs import PhoneAnswer, clean_code
from actions.health.labels import specialty_label

HEALTH_CENTRE = "maison-de-sante"


def forget_credentials() -> List[Dict[str, Any]]:
    return [SlotSet("patient_phone", None), SlotSet("cancel_code", None)]


class PhoneAndCode(PhoneAnswer):
    """The two answers of both forms (a mixin, so the action server does not register it)."""

    async def validate_cancel_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        code = clean_code(str(value or ""))
        if code is None:
            dispatcher.utter_message(response="utter_cancel_code_invalid")
        return {"cancel_code": code}


class ValidateMyAppointmentsForm(PhoneAndCode, FormValidationAction):
    def name(self) -> Text:
        return "validate_my_appointments_form"


class ValidateCancelAppointmentForm(PhoneAndCode, FormValidationAction):
    def name(self) -> Text:
        return "validate_cancel_appointment_form"


def _line(appointment: Appointment, language: str) -> str:
    specialty = specialty_label(appointment.practitioner.specialty_names, appointment.practitioner.specialty, language)
    return f"{formatting.slot_time(appointment.slot.start, language)} — {appointment.practitioner.name} ({specialty})"


async def appointments_of(client: MunicipalClient, reply: Reply, tracker: Tracker) -> Optional[List[Appointment]]:
    """This phone's upcoming appointments, or None (after saying so) when nothing matches."""
    phone, code = tracker.get_slot("patient_phone"), tracker.get_slot("cancel_code")
    if not (phone and code):
        return None
    try:
        return await client.my_appointments(phone, code)
    except CityError as error:
        if error.code not in {"appointments_not_found", "invalid_phone"}:
            raise CityUnavailable(error.code) from error
        reply.say("utter_appointments_not_found")
        return None


class ActionListMyAppointments(CityAction):
    def name(self) -> Text:
        return "action_list_my_appointments"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            found = await appointments_of(self.client, reply, tracker)
        except CityUnavailable:
            reply.city_unavailable()
            return forget_credentials()
        if found is not None:
            if found:
                reply.say("utter_my_appointments",
                          appointments=formatting.bullets(_line(a, reply.language) for a in found))
            else:
                reply.say("utter_my_appointments_none")
        return forget_credentials()


class ActionCancelAppointment(CityAction):
    def name(self) -> Text:
        return "action_cancel_appointment"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            await self._cancel(reply, tracker)
        except CityUnavailable:
            reply.city_unavailable()
        return forget_credentials()

    async def _cancel(self, reply: Reply, tracker: Tracker) -> None:
        found = await appointments_of(self.client, reply, tracker)
        if found is None:
            return
        # The code names one appointment; the others of this phone are not touched.
        target = next((a for a in found if a.matches_code), None)
        if target is None:
            reply.say("utter_appointments_not_found")
            return
        when = formatting.slot_time(target.slot.start, reply.language)
        try:
            await self.client.cancel_appointment(target.id, tracker.get_slot("cancel_code"))
        except CityError as error:
            if error.code == "cancel_too_late":
                place = await self.client.place(HEALTH_CENTRE)
                rules = (await self.client.health_info()).get("booking_rules") or {}
                hours = formatting.number(int(rules.get("cancel_notice_minutes", 0)) / 60, reply.language)
                reply.say("utter_cancel_too_late", slot_time=when, hours=hours, phone=place.phone)
            elif error.code == "appointment_not_found":
                reply.say("utter_appointments_not_found")
            else:
                raise CityUnavailable(error.code) from error
            return
        reply.say("utter_appointment_cancelled", slot_time=when, practitioner_name=target.practitioner.name)
