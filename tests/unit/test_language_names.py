"""The city's French names (Maison de Santé, CCAS, France Travail...) do not decide a message's
language, and the script does: a first message full of them switches to the resident's language."""
import pytest

from actions.conversation.language import next_language
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier, script_of
from bot.nlu.proper_names import ProperNames, lookup_entries


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # the languages of bot/languages.yml


@pytest.mark.parametrize("text, code", [
    ("графік Maison de Santé у четвер", "uk"),
    ("мені потрібна допомога з France Travail", "uk"),
    ("чи приймає Dr Kovalenko завтра?", "uk"),
    ("хочу rendez-vous у лікаря", "uk"),                     # a French word inside Cyrillic
    ("عندي موعد في Maison de Santé يوم الخميس", "ar"),
    ("بغيت نمشي لـ France Travail", "ar"),
    ("horario de la Maison de Santé el jueves", "es"),
    ("necesito ir al CCAS de Levallois", "es"),
    ("la CAF de Levallois abre el sábado?", "es"),
    ("la permanencia de la CPAM es con cita?", "es"),
    ("preciso de ir ao CCAS de Levallois", "pt"),
    ("consulta na Maison de Santé com a Dra Ferreira", "pt"),
    ("onde fica a France Travail em Levallois", "pt"),
    ("como me inscrevo na France Travail?", "pt"),
    ("quem é que trata da prime d'activité?", "pt"),
])
def test_a_first_message_full_of_french_names_switches_to_the_residents_language(identifier, text, code):
    detection = identifier.detect(text)
    assert detection["code"] == code, detection
    assert detection["confidence"] >= load_languages().min_confidence, detection
    assert next_language("fr", detection, None) == code


@pytest.mark.parametrize("text, code", [
    ("horaires de la Maison de Santé jeudi", "fr"),
    ("quelle est l'adresse du CCAS ?", "fr"),
    ("What time does the Maison de Santé open on Thursday?", "en"),
    ("I need help with France Travail", "en"),
])
def test_french_and_english_sentences_with_names_keep_their_language(identifier, text, code):
    assert identifier.detect(text)["code"] == code


@pytest.mark.parametrize("text", ["Maison de Santé Levallois", "CCAS", "France Travail CAF CPAM", "Dr Claire Martin"])
def test_a_message_of_names_only_says_nothing_and_switches_nothing(identifier, text):
    detection = identifier.detect(text)
    assert detection["code"] is None
    for current in load_languages().codes:
        assert next_language(current, detection, None) == current


def test_names_are_read_from_the_lookup_tables_named_in_languages_yml():
    settings = load_languages()
    names = ProperNames.from_settings(settings.name_lookups, settings.name_terms)
    entries = lookup_entries(settings.name_lookups)
    assert {"maison de santé", "ccas", "france travail", "Claire Martin"} <= set(entries)
    # every entry of those tables (and every extra term) is recognised as a whole name
    for entry in entries + list(settings.name_terms):
        assert names.other_words(f"xyz {entry} xyz") == ["xyz", "xyz"], entry


def test_names_match_whole_words_whatever_the_case_and_accents():
    names = ProperNames(["Maison de Santé", "CAF"])
    assert names.other_words("la MAISON DE SANTE et la caf") == ["la", "et", "la"]
    assert names.other_words("cafetería de la maison") == ["cafetería", "de", "la", "maison"]


@pytest.mark.parametrize("word, script", [
    ("скільки", "CYRILLIC"), ("скiльки", "CYRILLIC"),       # a Latin "i" typed inside
    ("موعد", "ARABIC"), ("Santé", "LATIN"), ("600", ""),
])
def test_a_words_script_is_that_of_most_of_its_letters(word, script):
    assert script_of(word) == script


@pytest.mark.parametrize("text", ["мне нужна помощь с документами",      # Russian: ы/э-free, no і/ї/є/ґ
                                  "скажите пожалуйста, где находится CCAS"])
def test_russian_reads_as_the_closest_language_spoken(identifier, text):
    assert identifier.detect(text)["code"] == "uk"


@pytest.mark.parametrize("text", ["ok", "merci", "1", "CAF ok", "merci CCAS"])
def test_short_answers_still_never_switch(identifier, text):
    assert next_language("es", identifier.detect(text), None) == "es"
