"""Places: opening hours on a day, contacts, accessibility — against the real municipal API.

The clock is frozen on Tuesday 2026-12-01 08:00 (Europe/Paris).
"""
from __future__ import annotations

import httpx
import pytest

from actions.services.places import ActionOpeningHours, ActionPlaceAccessibility, ActionPlaceContact
from tests.trackers import run, tracker

MSP = "Maison des Services Publics"
MSP_ADDRESS = "12 rue Aristide Briand, 92300 Levallois-Perret"
MSP_PHONE = "01 99 00 12 00"


def holiday_name(city, day: str, language: str) -> str:
    response = httpx.get(f"{city.url}/v1/places/msp/opening-hours", params={"date": day, "days": 1},
                         headers={"Accept-Language": language}, timeout=5)
    return response.json()[0]["holiday"]


def place(value: str) -> dict:
    return {"entity": "place", "value": value}


# --- named trackers
@pytest.fixture
def hours_msp_saturday():
    return tracker(text="Quels sont les horaires de la MSP samedi ?", intent="ask_opening_hours",
                   entities=[place("msp")])


@pytest.fixture
def hours_without_place_or_day():
    return tracker(text="vous êtes ouverts ?", intent="ask_opening_hours")


@pytest.fixture
def hours_conservatoire_christmas():
    return tracker(text="le conservatoire est ouvert le 25 décembre ?", intent="ask_opening_hours",
                   entities=[place("conservatoire")])


@pytest.fixture
def hours_pool_sunday_en():
    return tracker(text="is the swimming pool open on Sunday?", intent="ask_opening_hours",
                   entities=[place("sports")], slots={"language": "en"})


@pytest.fixture
def hours_thursday_typed_in_english_in_a_french_conversation():
    return tracker(text="thursday", intent="ask_opening_hours")


@pytest.fixture
def hours_button_payload():
    return tracker(text='/ask_opening_hours{"place":"msp"}', intent="ask_opening_hours", entities=[place("msp")])


# --- opening hours
async def test_opening_hours_of_the_msp_on_saturday(city, hours_msp_saturday):
    events, messages = await run(ActionOpeningHours(), hours_msp_saturday)
    assert events == []
    assert messages == [{"response": "utter_opening_hours_open", "place_name": MSP,
                         "day": "samedi 5 décembre", "hours": "09:00–12:00"}]


async def test_no_place_no_day_means_the_msp_today(city, hours_without_place_or_day):
    _, messages = await run(ActionOpeningHours(), hours_without_place_or_day)
    assert messages == [{"response": "utter_opening_hours_open", "place_name": MSP,
                         "day": "mardi 1 décembre", "hours": "08:30–12:30 et 13:30–18:00"}]


async def test_a_public_holiday_closes_with_its_name(city, hours_conservatoire_christmas):
    _, messages = await run(ActionOpeningHours(), hours_conservatoire_christmas)
    holiday = holiday_name(city, "2026-12-25", "fr")  # the city names it in the resident's language
    assert holiday
    assert messages == [{"response": "utter_opening_hours_holiday", "place_name": "Conservatoire municipal Maurice Ravel",
                         "day": "vendredi 25 décembre", "holiday": holiday}]


async def test_a_public_holiday_in_english(city):
    _, messages = await run(ActionOpeningHours(), tracker(text="is the town hall open on 14 July?", entities=[place("msp")],
                                                          slots={"language": "en"}))
    assert messages == [{"response": "utter_opening_hours_holiday", "place_name": MSP,
                         "day": "Wednesday 14 July", "holiday": holiday_name(city, "2027-07-14", "en")}]


async def test_closed_day_in_english(city, hours_pool_sunday_en):
    _, messages = await run(ActionOpeningHours(), hours_pool_sunday_en)
    assert messages == [{"response": "utter_opening_hours_closed", "place_name": "Service municipal des sports",
                         "day": "Sunday 6 December"}]


async def test_a_day_in_the_other_language_is_still_understood(
        city, hours_thursday_typed_in_english_in_a_french_conversation):
    _, messages = await run(ActionOpeningHours(), hours_thursday_typed_in_english_in_a_french_conversation)
    assert messages == [{"response": "utter_opening_hours_open", "place_name": MSP,
                         "day": "jeudi 3 décembre", "hours": "08:30–12:30 et 13:30–19:30"}]


async def test_a_button_payload_is_not_read_as_a_day(city, hours_button_payload):
    _, messages = await run(ActionOpeningHours(), hours_button_payload)
    assert messages[0]["day"] == "mardi 1 décembre"


async def test_an_unknown_place_lists_the_places(city):
    _, messages = await run(ActionOpeningHours(), tracker(text="horaires", entities=[place("atlantis")]))
    assert messages[0]["response"] == "utter_place_not_found"
    assert f"- {MSP}" in messages[0]["places"].split("\n")
    assert len(messages[0]["places"].split("\n")) == 6


# --- contacts
async def test_contact_of_the_msp_by_default(city):
    events, messages = await run(ActionPlaceContact(), tracker(text="quelle est votre adresse ?", intent="ask_contact"))
    assert events == []
    assert messages == [{"response": "utter_place_contact", "place_name": MSP, "address": MSP_ADDRESS,
                         "phone": MSP_PHONE, "email": "msp@ville-levallois.example"}]


async def test_contact_of_the_health_centre(city):
    _, messages = await run(ActionPlaceContact(), tracker(text="numéro de la maison de santé",
                                                          entities=[place("maison-de-sante")]))
    assert messages == [{"response": "utter_place_contact", "place_name": "Maison de Santé de Levallois",
                         "address": "5 rue Marius Aufan, 92300 Levallois-Perret", "phone": "01 99 00 15 00",
                         "email": "sante@ville-levallois.example"}]


async def test_a_partner_is_reached_where_it_holds_its_permanences(city):
    _, messages = await run(ActionPlaceContact(), tracker(text="comment contacter la CAF ?",
                                                          entities=[{"entity": "partner", "value": "caf"}]))
    assert messages == [
        {"response": "utter_partner_contact", "partner_name": "CAF des Hauts-de-Seine", "place_name": MSP,
         "address": MSP_ADDRESS, "phone": MSP_PHONE},
        {"response": "utter_partner_site", "partner_name": "CAF des Hauts-de-Seine", "site": "https://www.caf.fr"},
    ]


async def test_a_partner_without_a_site_gets_only_the_place(city):
    _, messages = await run(ActionPlaceContact(), tracker(text="adresse de l'écrivain public",
                                                          entities=[{"entity": "partner", "value": "ecrivain-public"}]))
    assert messages == [{"response": "utter_partner_contact", "partner_name": "Écrivain public", "place_name": MSP,
                         "address": MSP_ADDRESS, "phone": MSP_PHONE}]


# --- accessibility
async def test_the_msp_is_accessible_and_has_a_hearing_loop(city):
    _, messages = await run(ActionPlaceAccessibility(), tracker(text="accessible en fauteuil ?", intent="ask_accessibility"))
    assert messages == [
        {"response": "utter_accessibility_wheelchair", "place_name": MSP, "phone": MSP_PHONE},
        {"response": "utter_accessibility_hearing_loop", "place_name": MSP, "phone": MSP_PHONE},
    ]


async def test_the_ccas_has_no_hearing_loop(city):
    _, messages = await run(ActionPlaceAccessibility(), tracker(text="is the CCAS accessible?", entities=[place("ccas")],
                                                                slots={"language": "en"}))
    ccas = "CCAS (Centre communal d'action sociale)"
    assert messages == [
        {"response": "utter_accessibility_wheelchair", "place_name": ccas, "phone": "01 99 00 12 30"},
        {"response": "utter_accessibility_no_hearing_loop", "place_name": ccas, "phone": "01 99 00 12 30"},
    ]
