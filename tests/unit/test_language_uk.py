"""Ukrainian is detected (lingua + spaCy's Ukrainian stop words) and sticky like the others."""
import pytest

from actions.conversation.language import next_language
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # the codes of bot/languages.yml


def test_ukrainian_is_a_language_of_the_assistant():
    info = load_languages().languages["uk"]
    assert (info.name, info.dir, info.locale) == ("Українська", "ltr", "uk_UA")


@pytest.mark.parametrize("text", [
    "Доброго дня, мені потрібна допомога",
    "коли працює мерія в суботу?",
    "хочу записатися до педіатра на завтра",
    "скільки коштує консерваторія з QF 600",      # French nouns, Ukrainian grammar
    "які документи взяти на прийом до CAF?",
    "я не знаю свій QF, можете порахувати?",
    "скiльки коштуе басейн для дитини",           # Latin "i", "е" for "є", as typed on some keyboards
    "шо там по графіку роботи мсп",               # informal
    "мне нужна помощь с документами",            # Russian: the closest language spoken is Ukrainian
])
def test_detects_ukrainian_sentences(identifier, text):
    detection = identifier.detect(text)
    assert detection["code"] == "uk", detection
    assert detection["words"] >= 3
    assert detection["confidence"] >= load_languages().min_confidence  # enough to switch


@pytest.mark.parametrize("text", ["так", "дякую", "ок", "ok", "1", "добре дякую"])
def test_short_messages_keep_ukrainian(identifier, text):
    assert next_language("uk", identifier.detect(text), None) == "uk"


def test_a_long_ukrainian_message_switches_from_french(identifier):
    detection = identifier.detect("Доброго дня, підкажіть, будь ласка, о котрій завтра відкривається мерія?")
    assert next_language("fr", detection, None) == "uk"


def test_a_long_french_message_switches_back(identifier):
    detection = identifier.detect("Quels sont les horaires de la mairie samedi ?")
    assert next_language("uk", detection, None) == "fr"


def test_asking_for_ukrainian_wins_even_when_short(identifier):
    assert next_language("fr", identifier.detect("українською"), "uk") == "uk"
