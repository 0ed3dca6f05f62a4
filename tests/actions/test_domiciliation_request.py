"""Registering a domiciliation request: the form's questions and validation, the submit
action, then checking its status with the reference and code it gave (real API).

The API's database lives for the whole test session: references are not assumed to start
at DOM-2026-000001.
"""
from __future__ import annotations

import re
import time

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.common.fallback import fallback_contact
from actions.domiciliation.request_form import ActionAskDomConfirm, ActionAskDomLink, ValidateDomiciliationForm
from actions.domiciliation.status import ActionDomiciliationStatus
from actions.domiciliation.submit import ActionSubmitDomiciliation
from tests.trackers import run, tracker

CLEARED = [SlotSet(s, None) for s in ("dom_link", "dom_has_id", "dom_phone", "dom_confirm")]
CCAS = {"place_name": "CCAS (Centre communal d'action sociale)",
        "address": "12 rue Aristide Briand, 92300 Levallois-Perret (1er étage)", "phone": "01 99 00 12 30"}
STEPS_EN = "\n".join(f"- {s}" for s in [
    "the person comes to the CCAS desk or asks for an appointment; an interview with a social worker is mandatory",
    "the CCAS must acknowledge the application and decide within 2 months; no answer after 2 months means refusal",
    "a refusal must be written and give its reasons, and the CCAS points the person to another organisation",
    "once accepted, the CCAS issues the attestation, cerfa n° 15547*03, valid 1 year and renewable",
    "the person must contact or visit the CCAS at least once every 3 months, otherwise the domiciliation may end",
    "mail is kept at the CCAS and handed over on presentation of an identity document or the attestation",
])


def _form(slot: str, value, text: str, intent: str = "inform", entities=None, language: str = "fr"):
    return tracker(text=text, intent=intent, entities=entities, slots={slot: value, "language": language},
                   active_loop="domiciliation_form", requested_slot=slot,
                   events=[{"event": "slot", "name": slot, "value": value}])


@pytest.fixture
def confirmed_request():
    """Works in Levallois, no identity document, a phone, confirmed at the summary (English)."""
    return tracker(intent="affirm", text="/affirm", slots={
        "dom_link": "works", "dom_has_id": False, "dom_phone": "+33612345678", "dom_confirm": True,
        "language": "en"})


# --- the questions


async def test_the_link_question_offers_the_api_options_with_payloads_that_round_trip(city):
    events, messages = await run(ActionAskDomLink(), tracker())
    assert events == []
    assert messages == [{"response": "utter_ask_dom_link", "buttons": [
        {"title": "J'habite ou je séjourne à Levallois", "payload": '/inform{"dom_link":"lives_or_stays"}'},
        {"title": "Je travaille à Levallois", "payload": '/inform{"dom_link":"works"}'},
        {"title": "Je suis accompagné(e) à Levallois", "payload": '/inform{"dom_link":"support_programme"}'},
        {"title": "J'ai de la famille à Levallois", "payload": '/inform{"dom_link":"family_ties"}'},
        {"title": "Mon enfant est scolarisé à Levallois", "payload": '/inform{"dom_link":"child_at_school"}'},
    ]}]


async def test_the_link_question_without_the_city_stops_the_form(city_down):
    contact = fallback_contact()
    events, messages = await run(ActionAskDomLink(), tracker())
    assert events == [SlotSet("requested_slot", None), ActiveLoop(None)]
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                         "place_name": contact["name"]}]


async def test_the_summary_repeats_the_answers_before_registering(city):
    t = tracker(slots={"dom_link": "family_ties", "dom_has_id": True, "dom_phone": "none"})
    events, messages = await run(ActionAskDomConfirm(), t)
    assert events == []
    assert messages == [{"response": "utter_ask_dom_confirm", "link": "J'ai de la famille à Levallois",
                         "has_id": "oui", "phone": "aucun"}]
    t = tracker(slots={"dom_link": "works", "dom_has_id": False, "dom_phone": "+33612345678", "language": "en"})
    _, messages = await run(ActionAskDomConfirm(), t)
    assert messages == [{"response": "utter_ask_dom_confirm", "link": "Works in Levallois",
                         "has_id": "no", "phone": "06 12 34 56 78"}]


# --- validation


async def test_a_button_payload_round_trips_to_the_option_id(city):
    t = _form("dom_link", '/inform{"dom_link":"child_at_school"}', '/inform{"dom_link":"child_at_school"}',
              entities=[{"entity": "dom_link", "value": "child_at_school"}])
    events, messages = await run(ValidateDomiciliationForm(), t)
    assert (events, messages) == ([SlotSet("dom_link", "child_at_school")], [])


async def test_the_first_link_named_in_free_text_wins(city):
    # "ma mère habite à Levallois": the lookups find family_ties, then lives_or_stays.
    t = _form("dom_link", "family_ties", "ma mère habite à Levallois",
              entities=[{"entity": "dom_link", "value": "family_ties", "start": 0, "end": 7},
                        {"entity": "dom_link", "value": "lives_or_stays", "start": 8, "end": 14}])
    events, _ = await run(ValidateDomiciliationForm(), t)
    assert events == [SlotSet("dom_link", "family_ties")]


async def test_a_typed_label_is_recognised_in_either_language(city):
    events, _ = await run(ValidateDomiciliationForm(), _form("dom_link", "Works in Levallois", "Works in Levallois",
                                                             language="en"))
    assert events == [SlotSet("dom_link", "works")]
    events, _ = await run(ValidateDomiciliationForm(),
                          _form("dom_link", "je travaille à levallois", "je travaille à levallois"))
    assert events == [SlotSet("dom_link", "works")]


async def test_an_unrecognised_link_is_explained_and_asked_again(city):
    events, messages = await run(ValidateDomiciliationForm(), _form("dom_link", "bof", "bof"))
    assert events == [SlotSet("dom_link", None)]
    assert messages == [{"response": "utter_dom_link_not_understood"}]


@pytest.mark.parametrize("text, intent, expected", [
    ("06 12 34 56 78", "inform", "+33612345678"),
    ("mon numéro est le 07 98 76 54 32", "inform", "+33798765432"),
    ("+33 6 45 67 89 01", "inform", "+33645678901"),
    ("non", "deny", "none"),
    ("/deny", "deny", "none"),
    ("pas de téléphone", "inform", "none"),
    ("I don't have a phone", "inform", "none"),
])
async def test_the_phone_is_optional(text, intent, expected):
    events, messages = await run(ValidateDomiciliationForm(), _form("dom_phone", text, text, intent=intent))
    assert (events, messages) == ([SlotSet("dom_phone", expected)], [])


@pytest.mark.parametrize("text", ["06 12 34", "123", "quatre"])
async def test_an_invalid_phone_is_explained(text):
    events, messages = await run(ValidateDomiciliationForm(), _form("dom_phone", text, text))
    assert events == [SlotSet("dom_phone", None)]
    assert messages == [{"response": "utter_dom_phone_not_understood"}]


# --- submit, then status


async def test_a_confirmed_request_gets_a_reference_and_code_that_find_it_again(city, confirmed_request):
    events, messages = await run(ActionSubmitDomiciliation(), confirmed_request)
    assert events == CLEARED
    registered, next_steps = messages
    assert registered["response"] == "utter_domiciliation_registered"
    assert re.fullmatch(r"DOM-2026-\d{6}", registered["reference"])
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", registered["access_code"])
    assert next_steps == dict(CCAS, response="utter_domiciliation_next_steps", steps=STEPS_EN)

    # The status form then finds it with that reference and code, typed loosely.
    lookup = tracker(slots={"dom_reference": registered["reference"],
                            "dom_access_code": registered["access_code"].lower().replace("-", ""),
                            "language": "en"})
    events, messages = await run(ActionDomiciliationStatus(), lookup)
    assert events == [SlotSet("dom_reference", None), SlotSet("dom_access_code", None)]
    assert messages == [
        {"response": "utter_domiciliation_status", "reference": registered["reference"],
         "created": "Tuesday 1 December", "status": "received, waiting for the interview"},
        {"response": "utter_domiciliation_status_steps", "steps": STEPS_EN},
    ]


async def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(city, confirmed_request):
    _, messages = await run(ActionSubmitDomiciliation(), confirmed_request)
    reference = messages[0]["reference"]
    answers = []
    for ref, code in ((reference, "AAAA-2222"), ("DOM-2026-999999", messages[0]["access_code"])):
        events, said = await run(ActionDomiciliationStatus(), tracker(slots={"dom_reference": ref,
                                                                             "dom_access_code": code}))
        assert events == [SlotSet("dom_reference", None), SlotSet("dom_access_code", None)]
        answers.append(said)
    assert answers[0] == answers[1] == [dict(CCAS, response="utter_domiciliation_not_found")]


async def test_a_request_refused_at_the_summary_is_not_registered(city):
    t = tracker(intent="deny", slots={"dom_link": "works", "dom_has_id": True, "dom_phone": "none",
                                      "dom_confirm": False})
    events, messages = await run(ActionSubmitDomiciliation(), t)
    assert (events, messages) == (CLEARED, [{"response": "utter_domiciliation_not_sent"}])


async def test_a_form_stopped_early_registers_nothing_and_says_nothing_more(city):
    events, messages = await run(ActionSubmitDomiciliation(), tracker(slots={"dom_link": "works"}))
    assert (events, messages) == (CLEARED, [])


async def test_the_city_down_gives_no_reference_and_the_phone_quickly(city_down, confirmed_request):
    contact = fallback_contact()
    started = time.monotonic()
    events, messages = await run(ActionSubmitDomiciliation(), confirmed_request)
    assert time.monotonic() - started < 3.0
    assert events == CLEARED
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                         "place_name": contact["name"]}]


@pytest.mark.parametrize("slot, value, text, expected", [
    ("dom_has_id", True, "/affirm", True),
    ("dom_has_id", False, "non", False),
    ("dom_has_id", "j'ai un passeport", "j'ai un passeport", True),
    ("dom_has_id", "je n'ai pas de carte d'identité", "je n'ai pas de carte d'identité", False),
    ("dom_has_id", "my passport was stolen", "my passport was stolen", False),
    ("dom_confirm", "go ahead", "go ahead", True),
])
async def test_yes_or_no_in_words(slot, value, text, expected):
    events, messages = await run(ValidateDomiciliationForm(), _form(slot, value, text))
    assert (events, messages) == ([SlotSet(slot, expected)], [])


async def test_neither_yes_nor_no_is_asked_again():
    events, messages = await run(ValidateDomiciliationForm(), _form("dom_confirm", "peut-être", "peut-être"))
    assert events == [SlotSet("dom_confirm", None)]
    assert messages == [{"response": "utter_dom_yes_no_not_understood"}]
