"""The quotient familial calculator: qf_form's validation and action_compute_qf (real API)."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk.events import SlotSet

from actions.common.fallback import fallback_contact
from actions.tariffs.compute import ActionComputeQf
from actions.tariffs.qf_form import ValidateQfForm
from tests.trackers import run, tracker

HOUSEHOLD = ["household_adults", "household_children", "household_disabled_children",
             "annual_income", "monthly_benefits"]
CLEARED = [SlotSet(slot, None) for slot in HOUSEHOLD]
DEFINITION_FR = "QF = (revenu imposable annuel du foyer / 12 + prestations familiales mensuelles) / nombre de parts"
ROUNDING_FR = "le QF est arrondi à l'euro inférieur avant de chercher la tranche"


@pytest.fixture
def couple_three_children() -> Dict[str, Any]:
    """A couple with 3 children, 36 000 € a year and 400 € a month of benefits: 4 parts, QF 850."""
    return {"household_adults": 2.0, "household_children": 3.0, "household_disabled_children": 0.0,
            "annual_income": 36000.0, "monthly_benefits": 400.0}


async def test_couple_three_children_is_four_parts_and_qf_850(city, couple_three_children):
    events, messages = await run(ActionComputeQf(), tracker(slots=couple_three_children))
    assert events == CLEARED + [SlotSet("qf", 850.0)]
    assert messages[:2] == [
        {"response": "utter_qf_result", "qf": "850\u00a0€", "parts": "4", "bracket": "C"},
        {"response": "utter_qf_computation", "qf": "850\u00a0€", "parts": "4", "definition": DEFINITION_FR,
         "rounding": ROUNDING_FR, "income": "36\u202f000\u00a0€", "benefits": "400\u00a0€"},
    ]
    # No activity known yet: the activities are offered, each button asks its price.
    assert messages[2]["response"] == "utter_qf_ask_activity"
    assert {"title": "Piscine — carte de 10 entrées", "payload": '/ask_tariff{"activity": "sports-piscine-10"}'} \
        in messages[2]["buttons"]


async def test_with_an_activity_known_the_price_follows_the_qf(city, couple_three_children):
    slots = dict(couple_three_children, activity="conservatoire-cursus", language="en")
    events, messages = await run(ActionComputeQf(), tracker(slots=slots))
    assert events == CLEARED + [SlotSet("qf", 850.0)]
    assert messages == [
        {"response": "utter_qf_result", "qf": "€850.00", "parts": "4", "bracket": "C"},
        {"response": "utter_qf_computation", "qf": "€850.00", "parts": "4",
         "definition": "QF = (annual taxable income of the household / 12 + monthly family benefits) / number of parts",
         "rounding": "QF is rounded down to the euro before the bracket is looked up",
         "income": "€36,000.00", "benefits": "€400.00"},
        {"response": "utter_tariff_header_qf", "bracket": "C", "qf": "€850.00"},
        {"response": "utter_tariff_line", "price": "€150.00",
         "activity_name": "Conservatoire — cursus complet (instrument + formation musicale), per student and per year"},
    ]


async def test_a_disabled_child_adds_half_a_part_and_a_single_adult_has_one_part(city):
    slots = {"household_adults": 2.0, "household_children": 1.0, "household_disabled_children": 1.0,
             "annual_income": 30000.0, "monthly_benefits": 0.0, "activity": "sports-ecole"}
    _, messages = await run(ActionComputeQf(), tracker(slots=slots))
    # (30 000 / 12 + 0) / (2 + 0.5 + 0.5) = 833.33 -> 833
    assert messages[0] == {"response": "utter_qf_result", "qf": "833\u00a0€", "parts": "3", "bracket": "C"}
    single = {"household_adults": 1.0, "household_children": 0.0, "annual_income": 24000.0, "monthly_benefits": 0.0}
    _, messages = await run(ActionComputeQf(), tracker(slots=single))
    assert messages[0] == {"response": "utter_qf_result", "qf": "2\u202f000\u00a0€", "parts": "1", "bracket": "E"}


async def test_the_city_down_forgets_nothing_half_done(city_down, couple_three_children):
    contact = fallback_contact()
    started = time.monotonic()
    events, messages = await run(ActionComputeQf(), tracker(slots=couple_three_children))
    assert time.monotonic() - started < 3.0
    assert events == CLEARED   # no QF is set
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                         "place_name": contact["name"]}]


# --- qf_form validation: answers as people type them


def _answer(slot: str, text: str, intent: str = "inform", slots: Optional[Dict[str, Any]] = None,
            entities: Optional[List[Dict[str, Any]]] = None, language: str = "fr"):
    all_slots = dict(slots or {}, language=language)
    all_slots[slot] = text
    return tracker(text=text, intent=intent, entities=entities, slots=all_slots, active_loop="qf_form",
                   requested_slot=slot, events=[{"event": "slot", "name": slot, "value": text}])


async def _validate(t) -> List[Dict[str, Any]]:
    events, messages = await run(ValidateQfForm(), t)
    return events, messages


@pytest.mark.parametrize("text, language, expected", [
    ("seule", "fr", 1.0), ("célibataire", "fr", 1.0), ("en couple", "fr", 2.0), ("parent isolé", "fr", 2.0),
    ("Mariés", "fr", 2.0), ('/inform{"amount":2}', "fr", 2.0), ("1", "fr", 1.0), ("deux", "fr", 2.0),
    ("alone", "en", 1.0), ("single parent", "en", 2.0), ("married", "en", 2.0), ("two", "en", 2.0),
])
async def test_adults_are_understood(text, language, expected):
    events, messages = await _validate(_answer("household_adults", text, language=language))
    assert events == [SlotSet("household_adults", expected)]
    assert messages == []


@pytest.mark.parametrize("text, intent, expected", [
    ("deux", "inform", 2.0), ("3 enfants", "inform", 3.0), ("aucun", "inform", 0.0), ("none", "inform", 0.0),
    ("non", "deny", 0.0), ("zéro", "inform", 0.0), ("un enfant", "inform", 1.0), ("no kids", "inform", 0.0),
])
async def test_children_are_understood(text, intent, expected):
    slots = {"household_adults": 2.0}
    events, messages = await _validate(_answer("household_children", text, intent=intent, slots=slots))
    # Without children the form skips the question about children with a disability.
    skip = [] if expected else [SlotSet("requested_slot", "annual_income")]
    assert events == [SlotSet("household_children", expected)] + skip
    assert messages == []


@pytest.mark.parametrize("text", ["beaucoup", "2,5", "25", "vingt et un"])
async def test_a_wrong_number_of_children_is_explained_and_asked_again(text):
    events, messages = await _validate(_answer("household_children", text, slots={"household_adults": 1.0}))
    assert events == [SlotSet("household_children", None)]
    assert messages == [{"response": "utter_household_count_not_understood", "maximum": 20}]


async def test_disabled_children_cannot_exceed_the_children():
    slots = {"household_adults": 2.0, "household_children": 1.0}
    events, messages = await _validate(_answer("household_disabled_children", "2", slots=slots))
    assert events == [SlotSet("household_disabled_children", None)]
    assert messages == [{"response": "utter_household_count_not_understood", "maximum": 1}]


@pytest.mark.parametrize("text, language, expected", [
    ("36 000", "fr", 36000.0), ("36 000 € par an", "fr", 36000.0), ("36000 euros", "fr", 36000.0),
    ("trente-six mille euros", "fr", 36000.0), ("mille deux cents", "fr", 1200.0),
    ("3 000 € par mois", "fr", 36000.0), ("36,000", "en", 36000.0), ("2,500 a month", "en", 30000.0),
    ("aucun", "fr", 0.0),
])
async def test_income_is_understood_as_typed(text, language, expected):
    slots = {"household_adults": 2.0, "household_children": 0.0}
    events, messages = await _validate(_answer("annual_income", text, slots=slots, language=language))
    assert events == [SlotSet("annual_income", expected), SlotSet("requested_slot", "monthly_benefits")]
    assert messages == []


@pytest.mark.parametrize("text, intent, expected", [
    ("400", "inform", 400.0), ("400 € par mois", "inform", 400.0), ("pas d'allocations", "inform", 0.0),
    ("non", "deny", 0.0), ("4 800 € par an", "inform", 400.0), ("nothing", "inform", 0.0),
])
async def test_benefits_are_understood_as_typed(text, intent, expected):
    slots = {"household_adults": 2.0, "household_children": 0.0, "annual_income": 36000.0}
    events, messages = await _validate(_answer("monthly_benefits", text, intent=intent, slots=slots))
    assert events == [SlotSet("monthly_benefits", expected), SlotSet("requested_slot", None)]
    assert messages == []


async def test_an_amount_that_is_not_one_is_explained_in_english():
    slots = {"household_adults": 2.0, "household_children": 0.0}
    events, messages = await _validate(_answer("annual_income", "a lot", slots=slots, language="en"))
    assert events == [SlotSet("annual_income", None), SlotSet("requested_slot", "annual_income")]
    assert messages == [{"response": "utter_household_amount_not_understood"}]


async def test_an_adult_answer_that_is_not_one_is_explained():
    events, messages = await _validate(_answer("household_adults", "trois"))
    assert events == [SlotSet("household_adults", None)]
    assert messages == [{"response": "utter_household_adults_not_understood"}]
