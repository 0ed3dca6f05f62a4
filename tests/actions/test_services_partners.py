"""The MSP's services and partners — against the real municipal API (frozen Tuesday 2026-12-01 08:00).

Names, phones and dates are the data pack's; the texts the city may translate (services,
topics) are read from the API in the resident's language, so these tests check how the
actions compose answers, not the translations.
"""
from __future__ import annotations

from typing import Any, List

import httpx
import pytest

from actions.services.partners import ActionMspServices, ActionPartnerInfo, ActionPartnerSchedule
from tests.trackers import run, tracker

MSP = "Maison des Services Publics"
MSP_PHONE = "01 99 00 12 00"


def api(city, path: str, language: str = "fr", **params: Any) -> Any:
    response = httpx.get(f"{city.url}{path}", params=params, headers={"Accept-Language": language}, timeout=5)
    response.raise_for_status()
    return response.json()


def topics(city, partner_id: str, language: str = "fr") -> str:
    return ", ".join(api(city, f"/v1/partners/{partner_id}", language)["topics"])


def partner_lines(city, language: str = "fr") -> str:
    return "\n".join(f"- {p['name']} — {', '.join(p['topics'])}" for p in api(city, "/v1/partners", language))


def entities(*pairs: str) -> List[dict]:
    return [{"entity": entity, "value": value} for entity, value in zip(pairs[::2], pairs[1::2])]


# --- named trackers
@pytest.fixture
def what_does_the_msp_offer():
    return tracker(text="que propose la maison des services publics ?", intent="ask_msp_services",
                   entities=entities("place", "msp"))


@pytest.fixture
def problem_with_my_landlord():
    return tracker(text="j'ai un problème avec mon propriétaire", intent="ask_partner",
                   entities=entities("partner_topic", "landlord"))


@pytest.fixture
def renew_my_passport():
    return tracker(text="je veux refaire mon passeport", intent="ask_partner",
                   entities=entities("partner_topic", "passport"))


@pytest.fixture
def who_helps_with_carte_vitale_en():
    return tracker(text="who can help with my carte vitale?", intent="ask_partner",
                   entities=entities("partner_topic", "carte vitale"), slots={"language": "en"})


@pytest.fixture
def when_is_the_caf():
    return tracker(text="quand est la permanence de la CAF ?", intent="ask_partner_schedule",
                   entities=entities("partner", "caf"))


@pytest.fixture
def when_then_after_talking_about_adil_en():
    return tracker(text="do I need an appointment?", intent="ask_partner_schedule",
                   slots={"language": "en", "partner": "adil"})


# --- what the MSP offers
async def test_what_the_msp_offers(city, what_does_the_msp_offer):
    events, messages = await run(ActionMspServices(), what_does_the_msp_offer)
    msp = api(city, "/v1/places/msp")
    names = [p["name"] for p in api(city, "/v1/partners")]
    assert events == []
    assert messages == [{
        "response": "utter_msp_services", "place_name": MSP, "address": "12 rue Aristide Briand, 92300 Levallois-Perret",
        "services": "\n".join(f"- {s}" for s in msp["services"]),
        "partners": ", ".join(names[:-1]) + " et " + names[-1],
    }]
    assert len(names) == 9


# --- which partner handles what
async def test_a_landlord_problem_goes_to_the_adil_and_the_conciliateur(city, problem_with_my_landlord):
    events, messages = await run(ActionPartnerInfo(), problem_with_my_landlord)
    assert events == []  # two partners: none is assumed for the follow-up
    assert messages == [
        {"response": "utter_partner_info", "partner_id": "adil", "partner_name": "ADIL 92 (information logement)",
         "topics": topics(city, "adil"), "place_name": MSP, "next_permanence": "jeudi 3 décembre, 09:00–12:00"},
        {"response": "utter_partner_info", "partner_id": "conciliateur", "partner_name": "Conciliateur de justice",
         "topics": topics(city, "conciliateur"), "place_name": MSP, "next_permanence": "mardi 8 décembre, 14:00–17:00"},
    ]


async def test_a_passport_is_for_the_ants_desk_and_is_remembered(city, renew_my_passport):
    events, messages = await run(ActionPartnerInfo(), renew_my_passport)
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "ants"}]
    assert messages == [{"response": "utter_partner_info", "partner_id": "ants",
                         "partner_name": "Titres d'identité (mairie, recueil ANTS)", "topics": topics(city, "ants"),
                         "place_name": MSP, "next_permanence": "mercredi 2 décembre, 13:30–18:00"}]


async def test_carte_vitale_in_english(city, who_helps_with_carte_vitale_en):
    _, messages = await run(ActionPartnerInfo(), who_helps_with_carte_vitale_en)
    assert messages == [{"response": "utter_partner_info", "partner_id": "cpam",
                         "partner_name": "Assurance Maladie (CPAM 92)", "topics": topics(city, "cpam", "en"),
                         "place_name": MSP, "next_permanence": "Thursday 3 December, 09:00–12:00"}]


async def test_a_partner_named_directly(city):
    events, messages = await run(ActionPartnerInfo(), tracker(text="que fait l'écrivain public ?",
                                                              entities=entities("partner", "ecrivain-public")))
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "ecrivain-public"}]
    assert messages[0]["next_permanence"] == "mercredi 2 décembre, 14:00–17:00"


async def test_social_housing_topic_finds_the_adil(city):
    _, messages = await run(ActionPartnerInfo(), tracker(text="qui s'occupe du logement social ?",
                                                         entities=entities("doc_topic", "social-housing")))
    assert [m["partner_id"] for m in messages] == ["adil"]


async def test_no_partner_for_this_need_lists_them_all_with_the_phone(city):
    _, messages = await run(ActionPartnerInfo(), tracker(text="qui s'occupe des licences de taxi ?",
                                                         entities=entities("partner_topic", "taxi licence")))
    assert messages == [{"response": "utter_partner_not_found", "partners": partner_lines(city),
                         "place_name": MSP, "phone": MSP_PHONE}]


async def test_no_need_named_lists_the_partners(city):
    _, messages = await run(ActionPartnerInfo(), tracker(text="/ask_partner", intent="ask_partner"))
    assert messages == [{"response": "utter_partner_list", "partners": partner_lines(city), "place_name": MSP}]


# --- permanences and appointments
async def test_caf_permanences_are_by_appointment(city, when_is_the_caf):
    events, messages = await run(ActionPartnerSchedule(), when_is_the_caf)
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "caf"}]
    # Today's 09:00 permanence is still ahead at 08:00.
    assert messages == [{"response": "utter_partner_schedule_appointment", "partner_name": "CAF des Hauts-de-Seine",
                         "place_name": MSP, "phone": MSP_PHONE,
                         "dates": "- mardi 1 décembre, 09:00–12:00\n- mardi 8 décembre, 09:00–12:00\n"
                                  "- mardi 15 décembre, 09:00–12:00"}]


async def test_the_partner_talked_about_is_used_and_adil_needs_no_appointment(
        city, when_then_after_talking_about_adil_en):
    _, messages = await run(ActionPartnerSchedule(), when_then_after_talking_about_adil_en)
    # First and third Thursdays of the month only.
    assert messages == [{"response": "utter_partner_schedule_no_appointment",
                         "partner_name": "ADIL 92 (information logement)", "place_name": MSP, "phone": MSP_PHONE,
                         "dates": "- Thursday 3 December, 09:00–12:00\n- Thursday 17 December, 09:00–12:00\n"
                                  "- Thursday 7 January, 09:00–12:00"}]


async def test_a_need_finds_the_schedule_too(city):
    _, messages = await run(ActionPartnerSchedule(), tracker(text="quand venir pour mon passeport ?",
                                                             entities=entities("partner_topic", "passport")))
    assert messages[0]["response"] == "utter_partner_schedule_appointment"
    assert messages[0]["dates"].split("\n")[0] == "- mercredi 2 décembre, 13:30–18:00"


async def test_which_partner_when_none_is_known(city):
    events, messages = await run(ActionPartnerSchedule(), tracker(text="c'est quand la permanence ?"))
    assert events == []
    assert messages[0]["response"] == "utter_which_partner"
    assert messages[0]["buttons"][2] == {"title": "CAF des Hauts-de-Seine",
                                         "payload": '/ask_partner_schedule{"partner":"caf"}'}
    assert len(messages[0]["buttons"]) == 9
