"""The booking form's answers that are not plain values: questions, names the NLU takes
for questions, slots picked by their place or time (real API, frozen clock)."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.health.booking_form import ValidateAppointmentForm
from tests.actions.health_forms import answer, warm_city  # noqa: F401  (autouse fixture)
from tests.trackers import run


# --- a question at the name question is answered; anything else may be a name

async def test_a_question_at_the_name_question_is_answered_and_the_name_asked_again(city):
    import actions.health.info  # noqa: F401  (registers the walk-in answer)
    t = answer("patient_name", "c'est quand le sans rendez-vous ?", intent="ask_walk_in",
               slots={"appointment_slot_id": "sf-morel.20261211T1500"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert [m["response"] for m in messages] == ["utter_walk_in"]
    assert events == [SlotSet("patient_name", None), SlotSet("requested_slot", "patient_name")]


async def test_a_name_the_nlu_takes_for_a_question_is_a_name(city):
    t = answer("patient_name", "Nguyen Van Anh", intent="ask_practitioners",
               entities=[{"entity": "practitioner", "value": "gyn-nguyen"}],
               slots={"appointment_slot_id": "sf-morel.20261211T1500"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert messages == []
    assert events == [SlotSet("patient_name", "Nguyen Van Anh"), SlotSet("requested_slot", "patient_phone")]


async def test_yes_is_not_a_name(city):
    t = answer("patient_name", "oui c'est bon", intent="affirm", slots={"specialty": "midwife"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert (events, messages) == ([SlotSet("patient_name", None)], [{"response": "utter_patient_name_invalid"}])


async def test_a_slot_picked_by_its_place_in_the_list(city):
    t = answer("appointment_slot_id", "le deuxième", slots={"specialty": "midwife", "search_date": "2026-12-11"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert messages == []
    assert events == [SlotSet("appointment_slot_id", "sf-morel.20261211T0930"), SlotSet("requested_slot", "patient_name")]


async def test_a_slot_picked_by_its_time(city):
    t = answer("appointment_slot_id", "je prends celui de 9h30", intent="book_appointment",
               slots={"specialty": "midwife", "search_date": "2026-12-11"})
    events, messages = await run(ValidateAppointmentForm(), t)
    assert messages == []
    assert events == [SlotSet("appointment_slot_id", "sf-morel.20261211T0930"), SlotSet("requested_slot", "patient_name")]


async def test_a_number_with_a_filter_is_not_a_place_in_the_list(city):
    t = answer("appointment_slot_id", "plutôt en secteur 1", entities=[{"entity": "health_filter", "value": "sector1"}],
               slots={"specialty": "midwife", "search_date": "2026-12-11"})
    assert await run(ValidateAppointmentForm(), t) == ([SlotSet("appointment_slot_id", None)], [])
