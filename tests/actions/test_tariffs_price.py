"""action_tariff_price and action_list_activities against the real municipal API.

Prices and brackets are those of the city data pack (tariffs.yml): brackets A <= 450,
B <= 750, C <= 1050, D <= 1450, E <= 2000, F above and without QF, X for non-residents.
"""
from __future__ import annotations

import time

import pytest
from rasa_sdk.events import SlotSet

from actions.common.fallback import fallback_contact
from actions.tariffs.price import ActionListActivities, ActionTariffPrice
from tests.trackers import run, tracker

POOL_FR = "Piscine — carte de 10 entrées"
POOL_EN = "Swimming pool — card of 10 entries"
ACTIVITY_BUTTONS_FR = [
    {"title": "Conservatoire — cursus complet (instrument + formation musicale), par élève et par an",
     "payload": '/ask_tariff{"activity": "conservatoire-cursus"}'},
    {"title": "Conservatoire — formation musicale seule, par élève et par an",
     "payload": '/ask_tariff{"activity": "conservatoire-fm"}'},
    {"title": "L'Escale — atelier annuel, enfant (moins de 18 ans)",
     "payload": '/ask_tariff{"activity": "escale-atelier-enfant"}'},
    {"title": "L'Escale — atelier annuel, adulte", "payload": '/ask_tariff{"activity": "escale-atelier-adulte"}'},
    {"title": "École municipale des sports — enfant, par an", "payload": '/ask_tariff{"activity": "sports-ecole"}'},
    {"title": POOL_FR, "payload": '/ask_tariff{"activity": "sports-piscine-10"}'},
]


@pytest.fixture
def pool_with_qf_600():
    """'combien coûte la carte piscine avec un QF de 600' once tariff_form filled its slots."""
    return tracker(text="combien coûte la carte piscine avec un QF de 600", intent="ask_tariff",
                   slots={"activity": "sports-piscine-10", "qf": 600.0})


async def test_price_for_a_qf_gives_the_bracket_and_the_price(city, pool_with_qf_600):
    events, messages = await run(ActionTariffPrice(), pool_with_qf_600)
    assert events == []
    assert messages == [
        {"response": "utter_tariff_header_qf", "bracket": "B", "qf": "600\u00a0€"},
        {"response": "utter_tariff_line", "activity_name": POOL_FR, "price": "12\u00a0€"},
    ]


@pytest.mark.parametrize("qf, bracket, price", [
    (0, "A", 8), (450, "A", 8), (451, "B", 12), (750, "B", 12), (751, "C", 18), (1050, "C", 18),
    (1051, "D", 24), (1450, "D", 24), (1451, "E", 30), (2000, "E", 30), (2001, "F", 35), (450.99, "A", 8),
])
async def test_bracket_boundaries_are_inclusive(city, qf, bracket, price):
    t = tracker(intent="ask_tariff", slots={"activity": "sports-piscine-10", "qf": float(qf)})
    _, messages = await run(ActionTariffPrice(), t)
    assert messages[0]["bracket"] == bracket
    assert messages[1] == {"response": "utter_tariff_line", "activity_name": POOL_FR, "price": f"{price}\u00a0€"}


async def test_a_place_gives_the_price_of_each_of_its_activities(city):
    t = tracker(text="combien coûte le conservatoire avec un QF de 600", intent="ask_tariff",
                entities=[{"entity": "activity", "value": "conservatoire", "start": 16, "end": 29},
                          {"entity": "amount", "value": 600, "start": 45, "end": 48}],
                slots={"activity": "conservatoire", "qf": 600.0})
    events, messages = await run(ActionTariffPrice(), t)
    assert events == []
    assert messages == [
        {"response": "utter_tariff_header_qf", "bracket": "B", "qf": "600\u00a0€"},
        {"response": "utter_tariff_line", "price": "90\u00a0€",
         "activity_name": "Conservatoire — cursus complet (instrument + formation musicale), par élève et par an"},
        {"response": "utter_tariff_line", "price": "45\u00a0€",
         "activity_name": "Conservatoire — formation musicale seule, par élève et par an"},
    ]


async def test_without_qf_a_resident_pays_bracket_f_and_is_told_so(city):
    t = tracker(intent="deny", text="/deny", slots={"activity": "sports-piscine-10"})
    events, messages = await run(ActionTariffPrice(), t)
    assert events == []
    assert messages == [
        {"response": "utter_tariff_header_no_qf", "bracket": "F"},
        {"response": "utter_tariff_line", "activity_name": POOL_FR, "price": "35\u00a0€"},
        {"response": "utter_tariff_offer_qf"},
    ]


async def test_a_non_resident_pays_bracket_x_whatever_the_qf(city):
    t = tracker(intent="ask_tariff", text="I don't live in Levallois, price of the pool card, QF 300",
                slots={"activity": "sports-piscine-10", "qf": 300.0, "residency": "non_resident", "language": "en"})
    events, messages = await run(ActionTariffPrice(), t)
    assert events == []
    assert messages == [
        {"response": "utter_tariff_header_non_resident", "bracket": "X"},
        {"response": "utter_tariff_line", "activity_name": POOL_EN, "price": "€45.00"},
    ]


async def test_a_precise_activity_beats_its_place_and_the_number_in_its_name_is_not_a_qf(city):
    # "la carte de 10 entrées de la piscine, QF 1 200" : 10 belongs to the activity's name.
    text = "la carte de 10 entrées à l'escale ou la piscine QF 1 200"
    t = tracker(text=text, intent="ask_tariff",
                entities=[{"entity": "activity", "value": "sports-piscine-10", "start": 3, "end": 22},
                          {"entity": "amount", "value": 10, "start": 12, "end": 14},
                          {"entity": "amount", "value": 1200, "start": 51, "end": 56}],
                slots={"activity": "sports-piscine-10", "qf": 10.0})
    events, messages = await run(ActionTariffPrice(), t)
    assert events == [SlotSet("qf", 1200.0)]
    assert messages[0] == {"response": "utter_tariff_header_qf", "bracket": "D", "qf": "1\u202f200\u00a0€"}
    assert messages[1]["price"] == "24\u00a0€"


async def test_a_question_during_another_form_reads_the_activity_from_the_message(city):
    t = tracker(text="et l'atelier enfant à l'escale ?", intent="ask_tariff",
                entities=[{"entity": "activity", "value": "escale-atelier-enfant", "start": 5, "end": 19},
                          {"entity": "activity", "value": "escale", "start": 22, "end": 30}],
                slots={"activity": "escale", "qf": 1200.0}, active_loop="domiciliation_form")
    events, messages = await run(ActionTariffPrice(), t)
    assert events == [SlotSet("activity", "escale-atelier-enfant")]
    assert messages == [
        {"response": "utter_tariff_header_qf", "bracket": "D", "qf": "1\u202f200\u00a0€"},
        {"response": "utter_tariff_line", "activity_name": "L'Escale — atelier annuel, enfant (moins de 18 ans)",
         "price": "135\u00a0€"},
    ]


async def test_without_activity_the_activities_are_offered_as_buttons(city):
    events, messages = await run(ActionTariffPrice(), tracker(intent="ask_tariff", text="c'est combien ?"))
    assert events == []
    assert messages == [{"response": "utter_ask_activity", "buttons": ACTIVITY_BUTTONS_FR}]


async def test_an_unknown_activity_is_forgotten_and_the_list_offered(city):
    t = tracker(intent="ask_tariff", slots={"activity": "judo"})
    events, messages = await run(ActionTariffPrice(), t)
    assert events == [SlotSet("activity", None)]
    assert messages == [{"response": "utter_tariff_unknown_activity", "buttons": ACTIVITY_BUTTONS_FR}]


async def test_the_activities_are_listed_with_a_button_each(city):
    events, messages = await run(ActionListActivities(), tracker(intent="ask_activities"))
    assert events == []
    assert messages == [{
        "response": "utter_activities_list",
        "activities": "\n".join(f"- {b['title']}" for b in ACTIVITY_BUTTONS_FR),
        "buttons": ACTIVITY_BUTTONS_FR,
    }]


async def test_the_city_down_gives_the_phone_number_quickly(city_down, pool_with_qf_600):
    contact = fallback_contact()
    started = time.monotonic()
    events, messages = await run(ActionTariffPrice(), pool_with_qf_600)
    assert time.monotonic() - started < 3.0
    assert events == []
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                         "place_name": contact["name"]}]
