"""Documents to bring, social housing and employment — against the real municipal API
(frozen Tuesday 2026-12-01 08:00). Document texts are read from the API in the resident's
language (the city may translate them); ids, names, phones and dates are the data pack's.
"""
from __future__ import annotations

from typing import Any, List

import httpx
import pytest

from actions.services.documents import ActionDocuments
from actions.services.guidance import ActionEmployment, ActionSocialHousing
from tests.trackers import run, tracker

MSP = "Maison des Services Publics"
MSP_PHONE = "01 99 00 12 00"


def documents_of(city, topic: str, language: str = "fr") -> dict:
    response = httpx.get(f"{city.url}/v1/documents", params={"topic": topic},
                         headers={"Accept-Language": language}, timeout=5)
    response.raise_for_status()
    found = [d for d in response.json() if d["topic"] == topic]
    assert len(found) == 1, topic
    item = found[0]
    return {"response": "utter_documents", "title": item["title"],
            "documents": "\n".join(f"- {d}" for d in item["documents"])}


def topics_of(city, partner_id: str, language: str = "fr") -> str:
    response = httpx.get(f"{city.url}/v1/partners/{partner_id}", headers={"Accept-Language": language}, timeout=5)
    return ", ".join(response.json()["topics"])


def entities(*pairs: str) -> List[dict]:
    return [{"entity": entity, "value": value} for entity, value in zip(pairs[::2], pairs[1::2])]


# --- named trackers
@pytest.fixture
def documents_for_the_caf():
    return tracker(text="quels documents apporter pour la CAF ?", intent="ask_documents",
                   entities=entities("partner", "caf"))


@pytest.fixture
def documents_for_social_housing_en():
    return tracker(text="supporting documents for social housing", intent="ask_documents",
                   entities=entities("doc_topic", "social-housing"), slots={"language": "en"})


@pytest.fixture
def documents_for_a_passport():
    return tracker(text="documents à fournir pour le passeport", intent="ask_documents",
                   entities=entities("partner_topic", "passport"))


@pytest.fixture
def documents_after_talking_about_cpam():
    return tracker(text="et je dois apporter quoi ?", intent="ask_documents", slots={"partner": "cpam"})


@pytest.fixture
def how_to_apply_for_social_housing():
    return tracker(text="comment demander un logement social ?", intent="ask_social_housing",
                   entities=entities("doc_topic", "social-housing"))


@pytest.fixture
def looking_for_work_en():
    return tracker(text="I'm looking for a job", intent="ask_employment", slots={"language": "en"})


# --- documents
async def test_documents_for_a_partner(city, documents_for_the_caf):
    events, messages = await run(ActionDocuments(), documents_for_the_caf)
    assert events == []
    assert messages == [documents_of(city, "caf")]


async def test_documents_for_social_housing_in_english(city, documents_for_social_housing_en):
    _, messages = await run(ActionDocuments(), documents_for_social_housing_en)
    assert messages == [documents_of(city, "social-housing", "en")]


async def test_documents_for_a_need_go_through_the_partner_handling_it(city, documents_for_a_passport):
    _, messages = await run(ActionDocuments(), documents_for_a_passport)
    assert messages == [documents_of(city, "ants")]


async def test_documents_from_the_data_pack(city):
    # The domiciliation list comes from domiciliation.yml through the API.
    _, messages = await run(ActionDocuments(), tracker(text="documents domiciliation",
                                                       entities=entities("doc_topic", "domiciliation")))
    assert messages == [documents_of(city, "domiciliation")]
    assert "cerfa n° 15548*03" in messages[0]["documents"]


async def test_documents_for_the_health_centre(city):
    _, messages = await run(ActionDocuments(), tracker(text="que prendre pour la maison de santé ?",
                                                       entities=entities("place", "maison-de-sante")))
    assert messages == [documents_of(city, "maison-de-sante")]


async def test_the_partner_talked_about_earlier(city, documents_after_talking_about_cpam):
    _, messages = await run(ActionDocuments(), documents_after_talking_about_cpam)
    assert messages == [documents_of(city, "cpam")]


async def test_which_procedure_when_nothing_is_known(city):
    events, messages = await run(ActionDocuments(), tracker(text="quels documents faut-il ?"))
    assert (events, messages) == ([], [{"response": "utter_documents_which_topic"}])


async def test_a_topic_without_documents(city):
    _, messages = await run(ActionDocuments(), tracker(text="documents", entities=entities("doc_topic", "licence-de-taxi")))
    assert messages == [{"response": "utter_documents_not_found", "place_name": MSP, "phone": MSP_PHONE}]


# --- social housing and employment
async def test_social_housing(city, how_to_apply_for_social_housing):
    events, messages = await run(ActionSocialHousing(), how_to_apply_for_social_housing)
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "adil"},
                      {"event": "slot", "timestamp": None, "name": "doc_topic", "value": "social-housing"}]
    assert messages == [
        {"response": "utter_social_housing", "partner_name": "ADIL 92 (information logement)",
         "topics": topics_of(city, "adil"), "place_name": MSP},
        {"response": "utter_partner_schedule_no_appointment", "partner_name": "ADIL 92 (information logement)",
         "place_name": MSP, "phone": MSP_PHONE,
         "dates": "- jeudi 3 décembre, 09:00–12:00\n- jeudi 17 décembre, 09:00–12:00\n- jeudi 7 janvier, 09:00–12:00"},
        documents_of(city, "social-housing"),
    ]


async def test_employment_in_english(city, looking_for_work_en):
    events, messages = await run(ActionEmployment(), looking_for_work_en)
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "france-travail"},
                      {"event": "slot", "timestamp": None, "name": "doc_topic", "value": "france-travail"}]
    assert messages == [
        {"response": "utter_employment", "partner_name": "France Travail",
         "topics": topics_of(city, "france-travail", "en"), "place_name": MSP},
        {"response": "utter_partner_schedule_appointment", "partner_name": "France Travail",
         "place_name": MSP, "phone": MSP_PHONE,
         "dates": "- Wednesday 2 December, 09:00–12:00\n- Wednesday 9 December, 09:00–12:00\n"
                  "- Wednesday 16 December, 09:00–12:00"},
        documents_of(city, "france-travail", "en"),
    ]
