"""action_book_appointment: books the confirmed slot, once, and says what to bring."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable
from actions.health.inputs import forget_all
from actions.health.labels import specialty_label
from actions.health.offers import offer_slots
from actions.health.search import from_slots, practitioners_by_id, slot_start

HEALTH_CENTRE = "maison-de-sante"
# The slot is gone or cannot be booked: offer others, keep name and phone for the retry.
SLOT_PROBLEMS = {"slot_taken", "slot_not_found", "idempotency_key_reused", "notice_too_short"}


def idempotency_key(sender_id: str, slot_id: str) -> str:
    """The same conversation booking the same slot is one booking, however often it is retried."""
    return "msp-" + hashlib.sha256(f"{sender_id}|{slot_id}".encode("utf-8")).hexdigest()[:40]


class ActionBookAppointment(CityAction):
    def name(self) -> Text:
        return "action_book_appointment"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        slot_id = tracker.get_slot("appointment_slot_id")
        name, phone = tracker.get_slot("patient_name"), tracker.get_slot("patient_phone")
        confirmed = tracker.get_slot("appointment_confirm")
        if confirmed is False:
            reply.say("utter_appointment_not_booked")
            return forget_all()
        if not (confirmed and slot_id and name and phone):
            return forget_all()     # the form was stopped (the city was unavailable): nothing to book
        try:
            # Read everything the answer needs first: once booked, nothing may fail.
            place = await self.client.place(HEALTH_CENTRE)
            documents = await self.client.documents(HEALTH_CENTRE)
            booked = await self.client.book_appointment(
                slot_id=slot_id, patient_name=name, phone=phone,
                idempotency_key=idempotency_key(tracker.sender_id, slot_id))
        except CityError as error:
            return await self._refused(reply, tracker, slot_id, error)
        except CityUnavailable:
            reply.city_unavailable()
            return forget_all()
        language = reply.language
        reply.say(
            "utter_appointment_booked",
            slot_time=formatting.slot_time(booked.slot.start, language),
            practitioner_name=booked.practitioner.name,
            specialty_name=specialty_label(booked.practitioner.specialty_names, booked.practitioner.specialty,
                                           language),
            place_name=place.name, address=place.address, cancel_code=booked.cancel_code,
        )
        things = [doc for item in documents for doc in item.documents]
        if things:
            reply.say("utter_appointment_bring", documents=formatting.bullets(things))
        return forget_all()

    async def _refused(self, reply: Reply, tracker: Tracker, slot_id: str,
                       error: CityError) -> List[Dict[Text, Any]]:
        language = reply.language
        try:
            if error.code in SLOT_PROBLEMS:
                when = formatting.slot_time(slot_start(slot_id), language)
                if error.code == "notice_too_short":
                    rules = (await self.client.health_info()).get("booking_rules") or {}
                    hours = formatting.number(int(rules.get("min_notice_minutes", 0)) / 60, language)
                    reply.say("utter_appointment_notice_too_short", slot_time=when, hours=hours)
                else:
                    reply.say("utter_slot_taken", slot_time=when)
                practitioners = await practitioners_by_id(self.client)
                criteria = from_slots(tracker)
                taken_from = practitioners.get(slot_id.rsplit(".", 1)[0])
                if not criteria.has_who() and taken_from is not None:
                    criteria = replace(criteria, specialty=taken_from.specialty)
                await offer_slots(reply, self.client, criteria, practitioners, intent="book_appointment",
                                  found="utter_health_slots", none="utter_health_no_slots", exclude=slot_id)
                return [SlotSet("appointment_slot_id", None), SlotSet("appointment_confirm", None)]
            if error.code == "too_many_upcoming":
                rules = (await self.client.health_info()).get("booking_rules") or {}
                reply.say("utter_appointment_too_many", max=rules.get("max_upcoming_per_phone", ""))
            elif error.code == "invalid_phone":
                reply.say("utter_phone_invalid")
            else:
                reply.city_unavailable()
        except CityUnavailable:
            reply.city_unavailable()
        return forget_all()


class ActionResetHealthForm(Action):
    """After a health form is cancelled: forget its answers (name, phone, code, slot)."""

    def name(self) -> Text:
        return "action_reset_health_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return forget_all()
