"""Every bot message says its language and direction (bot/nlg.py), through `utter_*`
actions and custom actions alike, and the web chat's socket.io channel forwards them
(bot/channels/web_socketio.py)."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import bot.nlg
from bot.channels.web_socketio import TaggedSocketIOOutput
from bot.languages import LanguageInfo, LanguageSettings
from bot.nlg import LanguageTaggedNLG

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  language: {type: text, initial_value: fr, mappings: [{type: custom}]}
responses:
  utter_hours:
    - text: "Ouvert le samedi.\\n\\n- 9 h\\n- 12 h"
      buttons: [{title: "English", payload: "/choose_language"}]
    - condition: [{type: slot, name: language, value: en}]
      text: "Open on Saturday."
    - condition: [{type: slot, name: language, value: ar}]
      text: "مفتوح يوم السبت."
  utter_french_only_for_now:
    - text: "Bonjour"
    - condition: [{type: slot, name: language, value: en}]
      text: "Hello"
  utter_a_number:
    - text: "{number}"
""")

SETTINGS = LanguageSettings(default="fr", min_words=3, min_confidence=0.8, languages={
    "fr": LanguageInfo(code="fr", name="Français", dir="ltr", locale="fr_FR"),
    "en": LanguageInfo(code="en", name="English", dir="ltr", locale="en_GB"),
    "ar": LanguageInfo(code="ar", name="العربية", dir="rtl", locale="ar"),
})


@pytest.fixture(autouse=True)
def three_languages(monkeypatch):
    monkeypatch.setattr(bot.nlg, "load_languages", lambda: SETTINGS)


def tracker(language: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", [SlotSet("language", language)], slots=DOMAIN.slots)


async def generate(name: str, language: str, **kwargs: Any) -> Dict[str, Any]:
    nlg = LanguageTaggedNLG(endpoint_config=None, domain=DOMAIN)
    return await nlg.generate(name, tracker(language), "socketio", **kwargs)


@pytest.mark.parametrize("language, text, direction", [
    ("fr", "Ouvert le samedi.", "ltr"), ("en", "Open on Saturday.", "ltr"), ("ar", "مفتوح يوم السبت.", "rtl"),
])
async def test_a_reply_says_its_language_and_direction(language, text, direction):
    message = await generate("utter_hours", language)
    assert message["text"].startswith(text)
    assert (message["lang"], message["dir"]) == (language, direction)
    assert "condition" not in message


async def test_a_reply_without_a_variation_for_the_language_is_marked_as_the_default():
    # Rasa falls back to the French variation: announcing it as Arabic would be wrong.
    message = await generate("utter_french_only_for_now", "ar")
    assert (message["text"], message["lang"], message["dir"]) == ("Bonjour", "fr", "ltr")


async def test_a_language_neutral_reply_takes_the_conversation_language():
    message = await generate("utter_a_number", "ar", number="42")
    assert (message["text"], message["lang"], message["dir"]) == ("42", "ar", "rtl")


async def test_an_unknown_response_stays_unknown():
    assert await generate("utter_nothing", "fr") is None


async def test_custom_actions_replies_are_tagged_too():
    # What Rasa does with a custom action's dispatcher.utter_message(response=...).
    nlg = LanguageTaggedNLG(endpoint_config=None, domain=DOMAIN)
    uttered = await RemoteAction._utter_responses(
        [{"response": "utter_hours", "text": None, "buttons": [], "custom": {}}],
        CollectingOutputChannel(), nlg, tracker("ar"))
    assert [(m.text, m.message()["lang"], m.message()["dir"]) for m in uttered] == [
        ("مفتوح يوم السبت.", "ar", "rtl")]


class RecordingServer:
    """Stands in for python-socketio's server: records what would be emitted."""

    def __init__(self) -> None:
        self.emitted: List[Dict[str, Any]] = []

    async def emit(self, event: str, data: Any = None, room: str = None, **kwargs: Any) -> None:
        self.emitted.append({"event": event, "data": data, "room": room})


async def test_the_web_channel_forwards_language_direction_and_buttons_in_one_message():
    nlg = LanguageTaggedNLG(endpoint_config=None, domain=DOMAIN)
    uttered = await RemoteAction._utter_responses(
        [{"response": "utter_hours"}], CollectingOutputChannel(), nlg, tracker("fr"))
    server = RecordingServer()
    await TaggedSocketIOOutput(server, "bot_uttered").send_response("session-1", uttered[0].message())
    assert server.emitted == [{"event": "bot_uttered", "room": "session-1", "data": {
        "text": "Ouvert le samedi.\n\n- 9 h\n- 12 h", "lang": "fr", "dir": "ltr", "utter_action": "utter_hours",
        "quick_replies": [{"content_type": "text", "title": "English", "payload": "/choose_language"}],
    }}]


async def test_a_reply_names_the_intent_it_answers_and_the_web_channel_forwards_it():
    # The answer feedback (bot/feedback) is stored against the intent and the response.
    asked = DialogueStateTracker.from_events("t", [
        SlotSet("language", "en"),
        UserUttered("opening hours?", {"name": "ask_opening_hours", "confidence": 0.9})], slots=DOMAIN.slots)
    nlg = LanguageTaggedNLG(endpoint_config=None, domain=DOMAIN)
    uttered = await RemoteAction._utter_responses(
        [{"response": "utter_hours"}], CollectingOutputChannel(), nlg, asked)
    assert uttered[0].metadata["intent"] == "ask_opening_hours"
    server = RecordingServer()
    await TaggedSocketIOOutput(server, "bot_uttered").send_response("session-1", uttered[0].message())
    sent = server.emitted[0]["data"]
    assert (sent["intent"], sent["utter_action"], sent["lang"]) == ("ask_opening_hours", "utter_hours", "en")
