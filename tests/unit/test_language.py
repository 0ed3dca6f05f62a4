"""Language identification and the sticky language rule (sentences per language: test_language_detected.py)."""
import pytest

from actions.conversation.language import next_language
from bot.nlu.language_identifier import LanguageIdentifier


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})


def test_no_letters_no_language(identifier):
    assert identifier.detect("1")["code"] is None
    assert identifier.detect("06 12 34 56 78")["code"] is None


def confident(code, words=6, confidence=0.99):
    return {"code": code, "words": words, "confidence": confidence}


def test_confident_long_message_switches():
    assert next_language("fr", confident("en"), None) == "en"
    assert next_language("en", confident("fr"), None) == "fr"


@pytest.mark.parametrize("detection", [
    confident("en", words=1), confident("en", words=2),      # "ok", "thank you"
    confident("en", confidence=0.5),                          # unsure
    {"code": None, "words": 1, "confidence": 0.0},            # "1"
    confident("de"),                                          # not a language we speak
])
def test_short_or_unsure_messages_keep_the_language(detection):
    assert next_language("fr", detection, None) == "fr"


def test_explicit_request_wins_even_when_short():
    assert next_language("fr", confident("fr", words=2), "en") == "en"
