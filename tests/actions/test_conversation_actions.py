"""Conversation actions: forget me, out of scope, language, questions asked during a form."""
from __future__ import annotations

import time
from dataclasses import replace

import pytest

import actions.services.partners  # noqa: F401  (registers the services answers)
import actions.services.places  # noqa: F401
from actions.common.fallback import fallback_contact
from actions.conversation import language as conversation_language
from actions.conversation import set_language
from actions.conversation.answer_question import ActionAnswerQuestion
from actions.conversation.forget_me import ActionForgetMe
from actions.conversation.language import ValidateSlotMappings
from actions.conversation.out_of_scope import ActionOutOfScope
from actions.conversation.set_language import ActionSetLanguage
from bot.languages import load_languages
from tests.trackers import run, tracker

MSP = {"place_name": "Maison des Services Publics", "phone": "01 99 00 12 00"}


def ui_language(value: str) -> list:
    return [{"entity": "ui_language", "value": value}]


# --- named trackers
@pytest.fixture
def forget_me_with_personal_slots():
    return tracker(text="oublie-moi", intent="forget_me",
                   slots={"patient_name": "Karim Benali", "patient_phone": "+33612345678"})


@pytest.fixture
def english_please():
    return tracker(text="English please", intent="choose_language", entities=ui_language("en"),
                   language_detection={"code": "en", "confidence": 0.9, "words": 2})


@pytest.fixture
def arabic_please():
    return tracker(text="vous parlez arabe ?", intent="choose_language", entities=ui_language("ar"))


@pytest.fixture
def arabic_not_spoken(monkeypatch):
    """bot/languages.yml without Arabic: a language the NLU recognises but the assistant does not speak."""
    settings = load_languages()
    without = replace(settings, languages={c: i for c, i in settings.languages.items() if c != "ar"})
    for module in (conversation_language, set_language):
        monkeypatch.setattr(module, "load_languages", lambda: without)


@pytest.fixture
def opening_hours_during_the_appointment_form():
    return tracker(text="au fait, vous êtes ouverts samedi ?", intent="ask_opening_hours",
                   active_loop="appointment_form", requested_slot="specialty")


# --- forget me
async def test_forget_me_confirms_and_clears_the_slots(forget_me_with_personal_slots):
    events, messages = await run(ActionForgetMe(), forget_me_with_personal_slots)
    assert events == [{"event": "reset_slots", "timestamp": None}]
    assert messages == [{"response": "utter_forgotten"}]


# --- out of scope
async def test_out_of_scope_gives_the_msp_phone_from_the_city(city):
    events, messages = await run(ActionOutOfScope(), tracker(text="quelle est la météo ?", intent="out_of_scope"))
    assert (events, messages) == ([], [{"response": "utter_out_of_scope", **MSP}])


async def test_out_of_scope_still_has_a_phone_when_the_city_is_down(city_down):
    started = time.monotonic()
    _, messages = await run(ActionOutOfScope(), tracker(text="who won the match?", intent="out_of_scope"))
    assert time.monotonic() - started < 3.0
    contact = fallback_contact()
    assert messages == [{"response": "utter_out_of_scope", "place_name": contact["name"], "phone": contact["phone"]}]
    assert contact["phone"] == MSP["phone"]


# --- language
async def test_english_please_switches_the_slot(english_please):
    events, _ = await run(ValidateSlotMappings(), english_please)
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "en"}]


async def test_switched_language_is_confirmed(english_please):
    # action_validate_slot_mappings has switched the slot before action_set_language runs.
    switched = tracker(text="English please", intent="choose_language", entities=ui_language("en"),
                       slots={"language": "en"})
    events, messages = await run(ActionSetLanguage(), switched)
    assert (events, messages) == ([], [{"response": "utter_language_switched"}])


async def test_arabic_please_switches_the_slot(arabic_please):
    events, _ = await run(ValidateSlotMappings(), arabic_please)
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "ar"}]


async def test_a_language_not_spoken_yet_is_said_honestly(arabic_not_spoken, arabic_please):
    slot_events, _ = await run(ValidateSlotMappings(), arabic_please)
    events, messages = await run(ActionSetLanguage(), arabic_please)
    assert slot_events == []
    assert (events, messages) == ([], [{"response": "utter_language_not_available"}])


async def test_change_language_without_saying_which_offers_the_choice():
    _, messages = await run(ActionSetLanguage(), tracker(text="changer de langue", intent="choose_language"))
    assert messages == [{"response": "utter_choose_language"}]


# --- a question asked during a form
async def test_a_question_during_a_form_is_answered_and_only_slots_are_kept(
        city, opening_hours_during_the_appointment_form):
    events, messages = await run(ActionAnswerQuestion(), opening_hours_during_the_appointment_form)
    assert events == []
    assert messages == [{"response": "utter_opening_hours_open", "place_name": MSP["place_name"],
                         "day": "samedi 5 décembre", "hours": "09:00–12:00"}]


async def test_a_partner_question_during_a_form_keeps_the_partner_slot(city):
    events, messages = await run(ActionAnswerQuestion(), tracker(
        text="qui s'occupe du passeport ?", intent="ask_partner", active_loop="qf_form",
        entities=[{"entity": "partner_topic", "value": "passport"}]))
    assert events == [{"event": "slot", "timestamp": None, "name": "partner", "value": "ants"}]
    assert [m["response"] for m in messages] == ["utter_partner_info"]


async def test_help_during_a_form():
    events, messages = await run(ActionAnswerQuestion(), tracker(text="aide", intent="help", active_loop="qf_form"))
    assert (events, messages) == ([], [{"response": "utter_help_form"}])


async def test_a_question_nobody_answers_gets_the_honest_answer(city):
    _, messages = await run(ActionAnswerQuestion(), tracker(text="quelle météo ?", intent="out_of_scope",
                                                            active_loop="qf_form"))
    assert messages == [{"response": "utter_out_of_scope", **MSP}]
