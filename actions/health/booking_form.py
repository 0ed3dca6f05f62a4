"""appointment_form: specialty, then a slot, then name and phone, then a confirmation.

The specialty is skipped when a practitioner or a slot is already known (a slot button).
The questions for the specialty, the slot and the confirmation come from the city (buttons);
if the city does not answer, the resident hears so and the form ends with nothing booked.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.clock import PARIS
from actions.common.client import CityUnavailable, MunicipalClient
from actions.common.language import language_of
from actions.common.questions import action_for
from actions.health.inputs import (
    PhoneAnswer, clean_name, forget_all, looks_like_a_question, ordinal_in, phone_display, time_in, without_time,
)
from actions.health.labels import specialty_words
from actions.health.offers import offer_slots, offered_slots, specialty_buttons
from actions.health.search import (
    Criteria, day_in, find_slot_id, from_message, from_slots, merge, practitioners_by_id, slot_start, specialty_name,
)

# Messages whose text may change what the form looks for ("jeudi plutôt", a specialty).
ANSWER_INTENTS = {"inform", "book_appointment", "ask_health_slots"}
YES_NO = {"affirm", "deny"}


def _fold(text: str) -> str:
    """Lower case without accents: "Pédiatre" and "pediatre" are the same answer."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def criteria_for_form(tracker: Tracker) -> Criteria:
    saved = from_slots(tracker)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent not in ANSWER_INTENTS:
        return saved
    return merge(from_message(tracker), saved, keep_when=True)


def stop_form(reply: Reply) -> List[Dict[str, Any]]:
    """The city is unavailable: say so, end the form, forget what was asked."""
    reply.city_unavailable()
    return [SlotSet("requested_slot", None), *forget_all()]


class ValidateAppointmentForm(PhoneAnswer, FormValidationAction):
    client_factory = MunicipalClient

    def name(self) -> Text:
        return "validate_appointment_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if tracker.get_slot("practitioner") or tracker.get_slot("appointment_slot_id"):
            return [slot for slot in domain_slots if slot != "specialty"]
        return domain_slots

    async def validate_specialty(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        try:
            names = (await self.client_factory().health_info()).get("specialty_names") or {}
        except CityUnavailable:
            return {"specialty": None}      # the question that follows says the city is unavailable
        wanted = _fold(str(value or ""))
        if wanted in names:
            return {"specialty": wanted}
        for specialty, labels in names.items():
            # "pediatre", "un généraliste svp": a specialty name inside the answer, or the answer inside it.
            words = list(labels.values()) + specialty_words(specialty)
            if len(wanted) >= 3 and any(wanted in _fold(label) or _fold(label) in wanted for label in words):
                return {"specialty": specialty}
        dispatcher.utter_message(response="utter_specialty_unknown")
        return {"specialty": None}

    async def validate_appointment_slot_id(self, value: Any, dispatcher: CollectingDispatcher,
                                           tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        slot_id = find_slot_id(str(value or ""))
        if slot_id is None:
            said = from_message(tracker)
            if not said.has_who():
                slot_id = await self._picked(str(value or ""), tracker)
            if slot_id is None and (said.has_who() or said.has_when()):
                return {"appointment_slot_id": None}   # "jeudi plutôt": the next question lists that day
        if slot_id is None:
            dispatcher.utter_message(response="utter_slot_not_recognised")
            return {"appointment_slot_id": None}
        start = slot_start(slot_id)
        practitioner_id = slot_id.rsplit(".", 1)[0]
        try:
            free = await self.client_factory().slots(
                practitioner_id=practitioner_id, limit=200,
                **{"from": start.date().isoformat(), "to": start.date().isoformat()})
        except CityUnavailable:
            return {"appointment_slot_id": slot_id}    # the booking itself will tell
        if any(s.id == slot_id for s in free):
            return {"appointment_slot_id": slot_id}
        dispatcher.utter_message(response="utter_slot_no_longer_free",
                                 slot_time=formatting.slot_time(start, language_of(tracker)))
        # The next question offers other slots of the same kind, that day or the next ones.
        refused: Dict[Text, Any] = {"appointment_slot_id": None, "search_date": start.date().isoformat()}
        if not (tracker.get_slot("specialty") or tracker.get_slot("practitioner")):
            try:
                practitioners = await practitioners_by_id(self.client_factory())
            except CityUnavailable:
                return refused
            if practitioner_id in practitioners:
                refused["specialty"] = practitioners[practitioner_id].specialty
        return refused

    async def _picked(self, text: str, tracker: Tracker) -> Optional[str]:
        """'le deuxième', 'celui de 9h': a slot of the list the question offered (same criteria)."""
        position, hour = ordinal_in(text), time_in(text)
        if position is None and hour is None:
            return None
        try:
            offered, _ = await offered_slots(self.client_factory(), from_slots(tracker))
        except CityUnavailable:
            return None
        day = day_in(without_time(text), language_of(tracker))     # "jeudi 9h": Thursday's 9:00
        if day is not None:
            offered = [s for s in offered if s.start.astimezone(PARIS).date() == day]
        if hour is not None:
            at = [s for s in offered if (s.start.astimezone(PARIS).hour, s.start.astimezone(PARIS).minute) == hour]
            return at[0].id if at else None
        return offered[position].id if -len(offered) <= position < len(offered) else None

    async def validate_patient_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        # Any message may be a name ("Nguyen Van Anh" sounds like a question about Dr Nguyen to
        # the NLU), so this question does not yield to the digression rule: a message shaped like
        # a question is answered here, and the name asked again.
        text = str(value or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        answer = action_for(intent)
        if answer is not None and looks_like_a_question(text):
            events = await answer().run(dispatcher, tracker, domain)
            return {**{e["name"]: e["value"] for e in events if e.get("event") == "slot"}, "patient_name": None}
        name = None if intent in YES_NO else clean_name(text, language_of(tracker))
        if name is None and not text.startswith("/"):
            dispatcher.utter_message(response="utter_patient_name_invalid")
        return {"patient_name": name}


class ActionAskSpecialty(CityAction):
    def name(self) -> Text:
        return "action_ask_specialty"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            info = await self.client.health_info()
        except CityUnavailable:
            return stop_form(reply)
        reply.say("utter_ask_specialty", buttons=specialty_buttons(info, reply.language, "inform"))
        # Remember the day asked for with the request ("un rdv mercredi"), for the slot question.
        return criteria_for_form(tracker).events()


class ActionAskAppointmentSlotId(CityAction):
    def name(self) -> Text:
        return "action_ask_appointment_slot_id"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        criteria = criteria_for_form(tracker)
        try:
            practitioners = await practitioners_by_id(self.client)
            await offer_slots(reply, self.client, criteria, practitioners, intent="inform",
                              found="utter_appointment_choose_slot", none="utter_appointment_no_slots")
        except CityUnavailable:
            return stop_form(reply)
        return criteria.events()


class ActionAskAppointmentConfirm(CityAction):
    def name(self) -> Text:
        return "action_ask_appointment_confirm"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        slot_id = tracker.get_slot("appointment_slot_id")
        try:
            practitioners = await practitioners_by_id(self.client)
        except CityUnavailable:
            return stop_form(reply)
        practitioner = practitioners.get(slot_id.rsplit(".", 1)[0])
        reply.say(
            "utter_ask_appointment_confirm",
            slot_time=formatting.slot_time(slot_start(slot_id), reply.language),
            practitioner_name=practitioner.name if practitioner else "",
            specialty_name=specialty_name(practitioner, None, {}, reply.language),
            patient_name=tracker.get_slot("patient_name"),
            phone=phone_display(tracker.get_slot("patient_phone")),
        )
        return []
