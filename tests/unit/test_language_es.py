"""Spanish is detected, switches the conversation on a sentence, and short messages keep it."""
import pytest

from actions.conversation.language import next_language
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # the languages of bot/languages.yml


def test_spanish_is_a_language_of_the_assistant():
    info = load_languages().languages["es"]
    assert (info.dir, info.locale) == ("ltr", "es_ES")


@pytest.mark.parametrize("text", [
    "Hola, buenos días, necesito información",
    "cuánto cuesta el conservatorio con un QF de 600",
    "quiero pedir cita con el pediatra el martes",
    "quien me puede ayudar con mi carte vitale?",
    "hay hueco con el dentista el jueves por la tarde?",
    "cual es el horario de la MSP el sabado?",            # without accents
    "q documentos tengo q llevar para la CAF",              # "q" for "que"
    "tengo la CMU, un médico me puede negar la consulta?",
])
def test_spanish_sentences_are_detected_and_switch_from_french(identifier, text):
    detection = identifier.detect(text)
    assert detection["code"] == "es"
    assert detection["words"] >= 3 and detection["confidence"] >= load_languages().min_confidence
    assert next_language("fr", detection, None) == "es"
    assert next_language("en", detection, None) == "es"


@pytest.mark.parametrize("text", ["ok", "vale", "sí", "gracias", "1", "06 12 34 56 78", "DOM-2026-000123",
                                  "Lucía Fernández", "K7QM-3XPA"])
def test_short_messages_keep_spanish(identifier, text):
    assert next_language("es", identifier.detect(text), None) == "es"


@pytest.mark.parametrize("text, code", [
    ("Quels sont les horaires de la Maison des Services Publics ?", "fr"),
    ("What are the opening hours of the town hall on Saturday?", "en"),
])
def test_a_sentence_in_another_language_switches_from_spanish(identifier, text, code):
    assert next_language("es", identifier.detect(text), None) == code


def test_asking_for_spanish_switches_whatever_the_detection():
    assert next_language("fr", {"code": "fr", "words": 1, "confidence": 1.0}, "es") == "es"
