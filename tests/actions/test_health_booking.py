"""The booking form against the real municipal API (frozen clock: Tuesday 2026-12-01 08:00).

The API's database lives for the whole session: each test books its own slots and phones
(midwife, physiotherapist, ophthalmologist), never the ones the search tests list.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk.events import SlotSet

from actions.common.client import MunicipalClient
from actions.common.fallback import fallback_contact
from actions.health.book import ActionBookAppointment, ActionResetHealthForm, idempotency_key
from actions.health.booking_form import (
    ActionAskAppointmentConfirm, ActionAskAppointmentSlotId, ActionAskSpecialty, ValidateAppointmentForm,
)
from tests.actions.health_forms import answer, warm_city  # noqa: F401  (autouse fixture)
from tests.trackers import run, tracker


CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")
FORGET_ALL = [SlotSet(name, None) for name in (
    "appointment_slot_id", "patient_name", "patient_phone", "appointment_confirm", "cancel_code",
    "specialty", "practitioner", "spoken_language", "health_filter", "search_date", "part_of_day")]


async def documents_to_bring(language: str) -> str:
    """What the city lists for an appointment, in the resident's language when it has a translation."""
    lists = await MunicipalClient(language=language).documents("maison-de-sante")
    return "\n".join(f"- {doc}" for item in lists for doc in item.documents)


def booking(slot_id: str, name: str, phone: str, *, sender: str, confirm: Optional[bool] = True, **slots: Any):
    return tracker(sender=sender, text="oui", intent="affirm",
                   slots={"appointment_slot_id": slot_id, "patient_name": name, "patient_phone": phone,
                          "appointment_confirm": confirm, **slots})


def inform_slot(slot_id: str, title: str) -> dict:
    return {"title": title, "payload": f'/inform{{"appointment_slot_id":"{slot_id}"}}'}


# --- the questions of the form

async def test_the_specialty_question_offers_the_city_s_specialties(city):
    t = tracker(text="je voudrais un rendez-vous mercredi", intent="book_appointment",
                active_loop="appointment_form", requested_slot="specialty")
    events, messages = await run(ActionAskSpecialty(), t)
    assert [m["response"] for m in messages] == ["utter_ask_specialty"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Médecin généraliste", "Pédiatre", "Gynécologue", "Ophtalmologue", "Chirurgien-dentiste", "Sage-femme",
        "Masseur-kinésithérapeute", "Psychologue", "Ostéopathe"]
    assert messages[0]["buttons"][1]["payload"] == '/inform{"specialty":"pediatrician"}'
    # The day asked with the request is kept for the slot question.
    assert events == [SlotSet("specialty", None), SlotSet("practitioner", None), SlotSet("spoken_language", None),
                      SlotSet("health_filter", None), SlotSet("search_date", "2026-12-02"),
                      SlotSet("part_of_day", None)]


async def test_the_slot_question_lists_slots_with_the_current_criteria(city):
    t = tracker(text="sage-femme", intent="inform", entities=[{"entity": "specialty", "value": "midwife"}],
                slots={"specialty": "midwife", "search_date": "2026-12-04", "part_of_day": "morning"},
                active_loop="appointment_form", requested_slot="appointment_slot_id")
    events, messages = await run(ActionAskAppointmentSlotId(), t)
    assert messages == [{
        "response": "utter_appointment_choose_slot",
        "criteria": "sage-femme, vendredi 4 décembre, le matin",
        "buttons": [
            inform_slot("sf-morel.20261204T0900", "vendredi 4 décembre à 9 h 00 — Inès Morel"),
            inform_slot("sf-morel.20261204T0930", "vendredi 4 décembre à 9 h 30 — Inès Morel"),
            inform_slot("sf-morel.20261204T1000", "vendredi 4 décembre à 10 h 00 — Inès Morel"),
            inform_slot("sf-morel.20261204T1030", "vendredi 4 décembre à 10 h 30 — Inès Morel"),
            inform_slot("sf-morel.20261204T1100", "vendredi 4 décembre à 11 h 00 — Inès Morel"),
        ],
    }]
    assert events == [SlotSet("specialty", "midwife"), SlotSet("practitioner", None),
                      SlotSet("spoken_language", None), SlotSet("health_filter", None),
                      SlotSet("search_date", "2026-12-04"), SlotSet("part_of_day", "morning")]


async def test_the_confirmation_sums_up_the_booking(city):
    t = tracker(text="06 12 34 56 78", intent="inform", active_loop="appointment_form",
                requested_slot="appointment_confirm",
                slots={"appointment_slot_id": "sf-morel.20261204T0930", "patient_name": "Marie Dupont",
                       "patient_phone": "+33612345678"})
    events, messages = await run(ActionAskAppointmentConfirm(), t)
    assert events == []
    assert messages == [{"response": "utter_ask_appointment_confirm",
                         "slot_time": "vendredi 4 décembre à 9 h 30", "practitioner_name": "Inès Morel",
                         "specialty_name": "sage-femme", "patient_name": "Marie Dupont", "phone": "06 12 34 56 78"}]


# --- validating the answers

async def test_a_specialty_typed_without_accent_is_understood(city):
    events, messages = await run(ValidateAppointmentForm(), answer("specialty", "pediatre"))
    assert (events, messages) == ([SlotSet("specialty", "pediatrician")], [])


async def test_an_unknown_specialty_is_asked_again(city):
    events, messages = await run(ValidateAppointmentForm(), answer("specialty", "plombier"))
    assert events == [SlotSet("specialty", None)]
    assert messages == [{"response": "utter_specialty_unknown"}]


async def test_a_free_slot_from_a_button_is_accepted_and_the_specialty_skipped(city):
    t = answer("appointment_slot_id", "sf-morel.20261211T1400", text='/book_appointment{"appointment_slot_id":'
               '"sf-morel.20261211T1400"}', intent="book_appointment")
    events, messages = await run(ValidateAppointmentForm(), t)
    assert messages == []
    assert events == [SlotSet("appointment_slot_id", "sf-morel.20261211T1400"),
                      SlotSet("requested_slot", "patient_name")]


async def test_a_slot_that_does_not_exist_is_refused(city):
    events, messages = await run(ValidateAppointmentForm(), answer("appointment_slot_id", "sf-morel.20261211T0715"))
    assert messages == [{"response": "utter_slot_no_longer_free", "slot_time": "vendredi 11 décembre à 7 h 15"}]
    # The next question offers other midwife slots, from that day on.
    assert events == [SlotSet("appointment_slot_id", None), SlotSet("search_date", "2026-12-11"),
                      SlotSet("specialty", "midwife")]


async def test_another_day_instead_of_a_slot_refines_the_list_quietly(city):
    t = answer("appointment_slot_id", "plutôt jeudi", slots={"specialty": "dentist"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert (events, messages) == ([SlotSet("appointment_slot_id", None)], [])


async def test_something_else_than_a_slot_is_explained(city):
    events, messages = await run(ValidateAppointmentForm(), answer("appointment_slot_id", "euh", slots={"specialty": "dentist"}))
    assert events == [SlotSet("appointment_slot_id", None)]
    assert messages == [{"response": "utter_slot_not_recognised"}]


async def test_the_name_is_cleaned_of_what_residents_say_before_it(city):
    t = answer("patient_name", "je m'appelle Marie Dupont", slots={"specialty": "midwife"})
    assert await run(ValidateAppointmentForm(), t) == ([SlotSet("patient_name", "Marie Dupont")], [])
    t = answer("patient_name", "my name is John Smith", slots={"specialty": "midwife", "language": "en"})
    assert await run(ValidateAppointmentForm(), t) == ([SlotSet("patient_name", "John Smith")], [])


async def test_a_number_is_not_a_name(city):
    events, messages = await run(ValidateAppointmentForm(), answer("patient_name", "06 12 34 56 78",
                                                                   slots={"specialty": "midwife"}))
    assert events == [SlotSet("patient_name", None)]
    assert messages == [{"response": "utter_patient_name_invalid"}]


async def test_a_french_phone_number_is_normalised(city):
    t = answer("patient_phone", "mon numéro c'est le 06 12 34 56 78",
               slots={"appointment_slot_id": "sf-morel.20261204T0930", "patient_name": "Marie Dupont"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert messages == []
    assert events == [SlotSet("patient_phone", "+33612345678"), SlotSet("requested_slot", "appointment_confirm")]


async def test_an_invalid_phone_number_is_explained(city):
    events, messages = await run(ValidateAppointmentForm(), answer("patient_phone", "123",
                                                                   slots={"specialty": "midwife"}))
    assert events == [SlotSet("patient_phone", None)]
    assert messages == [{"response": "utter_phone_invalid"}]


# --- booking

async def test_a_full_booking_gives_the_cancel_code_and_what_to_bring_once(city):
    t = booking("sf-morel.20261204T0930", "Marie Dupont", "+33612345678", sender="resident-booking",
                specialty="midwife", search_date="2026-12-04", part_of_day="morning")
    events, messages = await run(ActionBookAppointment(), t)
    assert events == FORGET_ALL
    code = messages[0].get("cancel_code", "")
    assert CODE.match(code), messages
    assert messages == [
        {"response": "utter_appointment_booked", "slot_time": "vendredi 4 décembre à 9 h 30",
         "practitioner_name": "Inès Morel", "specialty_name": "sage-femme",
         "place_name": "Maison de Santé de Levallois", "address": "5 rue Marius Aufan, 92300 Levallois-Perret",
         "cancel_code": code},
        {"response": "utter_appointment_bring", "documents": await documents_to_bring("fr")},
    ]
    # The same action retried (the same conversation, the same slot) does not book twice.
    _, again = await run(ActionBookAppointment(), t)
    assert again == messages
    mine = await MunicipalClient().my_appointments("+33612345678", code)
    assert [a.slot.id for a in mine] == ["sf-morel.20261204T0930"]

    # Someone else now gets "slot taken", other slots, and keeps name and phone for the retry.
    other = booking("sf-morel.20261204T0930", "Paul Durand", "+33698765432", sender="resident-too-late",
                    specialty="midwife", search_date="2026-12-04", part_of_day="morning")
    events, messages = await run(ActionBookAppointment(), other)
    assert events == [SlotSet("appointment_slot_id", None), SlotSet("appointment_confirm", None)]
    assert messages == [
        {"response": "utter_slot_taken", "slot_time": "vendredi 4 décembre à 9 h 30"},
        {"response": "utter_health_slots", "criteria": "sage-femme, vendredi 4 décembre, le matin", "buttons": [
            {"title": "vendredi 4 décembre à 9 h 00 — Inès Morel",
             "payload": '/book_appointment{"appointment_slot_id":"sf-morel.20261204T0900"}'},
            {"title": "vendredi 4 décembre à 10 h 00 — Inès Morel",
             "payload": '/book_appointment{"appointment_slot_id":"sf-morel.20261204T1000"}'},
            {"title": "vendredi 4 décembre à 10 h 30 — Inès Morel",
             "payload": '/book_appointment{"appointment_slot_id":"sf-morel.20261204T1030"}'},
            {"title": "vendredi 4 décembre à 11 h 00 — Inès Morel",
             "payload": '/book_appointment{"appointment_slot_id":"sf-morel.20261204T1100"}'},
            {"title": "vendredi 4 décembre à 11 h 30 — Inès Morel",
             "payload": '/book_appointment{"appointment_slot_id":"sf-morel.20261204T1130"}'},
        ]},
    ]


async def test_booking_in_english(city):
    t = booking("oph-dubois.20261210T0900", "John Smith", "+33611223344", sender="resident-en",
                language="en")
    events, messages = await run(ActionBookAppointment(), t)
    assert events == FORGET_ALL
    assert messages[0] == {
        "response": "utter_appointment_booked", "slot_time": "Thursday 10 December at 9:00",
        "practitioner_name": "Dr Marc Dubois", "specialty_name": "ophthalmologist",
        "place_name": "Maison de Santé de Levallois", "address": "5 rue Marius Aufan, 92300 Levallois-Perret",
        "cancel_code": messages[0]["cancel_code"]}
    assert messages[1] == {"response": "utter_appointment_bring", "documents": await documents_to_bring("en")}


async def test_a_third_upcoming_appointment_is_refused(city):
    client = MunicipalClient()
    for slot_id in ("kine-petit.20261214T0800", "kine-petit.20261214T0830"):
        await client.book_appointment(slot_id=slot_id, patient_name="Léa Martin", phone="+33600000002",
                                      idempotency_key=f"test-{slot_id}")
    t = booking("kine-petit.20261214T0900", "Léa Martin", "+33600000002", sender="resident-third")
    events, messages = await run(ActionBookAppointment(), t)
    assert events == FORGET_ALL
    assert messages == [{"response": "utter_appointment_too_many", "max": 2}]


async def test_a_slot_starting_too_soon_is_refused_with_other_slots(city):
    t = booking("gp-martin.20261201T0900", "Marie Dupont", "+33600000003", sender="resident-soon")
    events, messages = await run(ActionBookAppointment(), t)
    assert events == [SlotSet("appointment_slot_id", None), SlotSet("appointment_confirm", None)]
    assert messages[0] == {"response": "utter_appointment_notice_too_short",
                           "slot_time": "mardi 1 décembre à 9 h 00", "hours": "2"}
    assert messages[1]["response"] == "utter_health_slots"
    assert messages[1]["criteria"] == "médecin généraliste"
    assert [b["payload"] for b in messages[1]["buttons"]][:2] == [
        '/book_appointment{"appointment_slot_id":"gp-martin.20261201T1000"}',
        '/book_appointment{"appointment_slot_id":"gp-ferreira.20261201T1000"}']


async def test_no_at_the_confirmation_books_nothing(city):
    t = booking("sf-morel.20261211T1430", "Marie Dupont", "+33600000004", sender="resident-no", confirm=False)
    events, messages = await run(ActionBookAppointment(), t)
    assert (events, messages) == (FORGET_ALL, [{"response": "utter_appointment_not_booked"}])
    free = await MunicipalClient().slots(practitioner_id="sf-morel", **{"from": "2026-12-11", "to": "2026-12-11"},
                                         limit=50)
    assert "sf-morel.20261211T1430" in [s.id for s in free]


async def test_a_cancelled_form_forgets_its_answers(city):
    events, messages = await run(ActionResetHealthForm(), tracker(text="annuler", intent="cancel",
                                                                   slots={"patient_name": "Marie Dupont"}))
    assert (events, messages) == (FORGET_ALL, [])


def test_the_idempotency_key_depends_on_the_conversation_and_the_slot():
    key = idempotency_key("sender-1", "gp-martin.20261208T0920")
    assert key == idempotency_key("sender-1", "gp-martin.20261208T0920")
    assert key != idempotency_key("sender-2", "gp-martin.20261208T0920")
    assert key != idempotency_key("sender-1", "gp-martin.20261208T0940")
    assert len(key) <= 64 and key.isascii()


# --- the city down: a clear message, nothing booked, nothing kept

async def test_city_down_while_booking(city_down):
    contact = fallback_contact()
    t = booking("sf-morel.20261218T0900", "Marie Dupont", "+33600000005", sender="resident-down")
    events, messages = await run(ActionBookAppointment(), t)
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}]
    assert events == FORGET_ALL


async def test_city_down_while_asking_for_a_slot_ends_the_form(city_down):
    contact = fallback_contact()
    t = tracker(text="pédiatre", intent="inform", slots={"specialty": "pediatrician"},
                active_loop="appointment_form", requested_slot="appointment_slot_id")
    events, messages = await run(ActionAskAppointmentSlotId(), t)
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}]
    assert events == [SlotSet("requested_slot", None), *FORGET_ALL]
