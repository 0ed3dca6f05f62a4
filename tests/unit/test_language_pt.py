"""Portuguese (pt): detected and sticky like the other languages, and read where the actions
read words (specialties, slot picks, dates, the QF and domiciliation answers)."""
from datetime import date

import pytest

from actions.common.parsing import parse_day
from actions.conversation.language import next_language
from actions.domiciliation.request_form import yes_or_no
from actions.health.inputs import clean_name, looks_like_a_question, ordinal_in
from actions.health.labels import specialty_label
from actions.tariffs.qf_form import says
from bot.languages import load_languages
from bot.nlu.language_identifier import LanguageIdentifier
from tests.conftest import FROZEN_NOW


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier({"languages": None})  # every language of bot/languages.yml


def test_portuguese_is_a_language_of_the_assistant():
    info = load_languages().languages["pt"]
    assert (info.dir, info.locale) == ("ltr", "pt_PT")


@pytest.mark.parametrize("text", [
    "Bom dia, queria saber o horário da casa de saúde amanhã",          # European
    "quanto custa a piscina com um QF de 600?",                          # French nouns, Portuguese grammar
    "quero marcar uma consulta no pediatra para o meu filho",
    "não sei o meu quociente familiar, pode calcular?",
    "tenho um problema com o meu senhorio, quem me pode ajudar?",
    "o que é a domiciliação e quem pode pedir?",
    "oi, vc pode me ajudar com a minha carteira de identidade?",         # Brazilian, informal
    "tô procurando emprego e não sei onde me inscrever",
    "meu filho não está respirando",
    "nao sei meu qf",                                                    # no accents
])
def test_portuguese_sentences_are_detected_confidently(identifier, text):
    detection = identifier.detect(text)
    assert detection["code"] == "pt", detection
    assert detection["words"] >= 3
    assert detection["confidence"] >= load_languages().min_confidence


@pytest.mark.parametrize("text, code", [
    ("quero marcar uma consulta com o médico amanhã", "pt"),
    ("quiero pedir una cita con el médico mañana", "es"),
    ("não tenho morada, como recebo o meu correio?", "pt"),
    ("no tengo domicilio, ¿cómo recibo mi correo?", "es"),
])
def test_portuguese_and_spanish_are_told_apart(identifier, text, code):
    assert identifier.detect(text)["code"] == code


@pytest.mark.parametrize("text", ["sim", "ok", "1", "obrigado", "não", "06 12 34 56 78", "tá bom"])
def test_short_answers_keep_portuguese(identifier, text):
    assert next_language("pt", identifier.detect(text), None) == "pt"


def test_a_long_portuguese_message_switches_from_french(identifier):
    detection = identifier.detect("Bom dia, eu falo português e preciso de ajuda com um pedido de domiciliação")
    assert next_language("fr", detection, None) == "pt"
    assert next_language("pt", identifier.detect("Bonjour, je voudrais un rendez-vous chez le médecin"), None) == "fr"


def test_specialties_are_named_in_portuguese():
    names = {"fr": "chirurgien-dentiste", "en": "dentist"}   # the data pack names them in fr and en only
    assert specialty_label(names, "dentist", "pt") == "dentista"
    assert specialty_label(names, "dentist", "fr") == "chirurgien-dentiste"


@pytest.mark.parametrize("text, position", [
    ("o primeiro", 0), ("o terceiro horário", 2), ("o último", -1), ("a última", -1),
    ("segunda de manhã", None), ("quinta à tarde", None), ("quarta-feira", None),   # weekdays, not ordinals
])
def test_a_slot_picked_by_its_place_in_portuguese(text, position):
    assert ordinal_in(text) == position


def test_names_and_questions_at_the_name_question():
    assert clean_name("chamo-me Fátima Gonçalves", "pt") == "Fátima Gonçalves"
    assert clean_name("é para o Lucas Almeida", "pt") == "Lucas Almeida"
    assert looks_like_a_question("quais são os horários sem marcação")
    assert not looks_like_a_question("Maria Santos")


@pytest.mark.parametrize("text, day", [
    ("o conservatório abre no dia 25 de dezembro?", date(2026, 12, 25)),   # "no dia ..." as people say it
    ("a câmara está aberta a 14 de julho?", date(2027, 7, 14)),
    ("abre no sábado dia 5?", date(2026, 12, 5)),
    ("horário da casa de saúde amanhã", date(2026, 12, 2)),
])
def test_days_in_portuguese(monkeypatch, text, day):
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    assert parse_day(text, "pt") == day


def test_qf_calculator_words():
    assert says("mãe solteira com dois filhos", "couple") and says("em casal", "couple")
    assert says("vivo sozinha", "single")
    assert says("não recebo nada", "none") and says("nenhum", "none")
    assert says("2500 por mês", "per_month") and says("36 000 por ano", "per_year")


def test_domiciliation_yes_and_no():
    assert yes_or_no("sim, tenho passaporte") is True
    assert yes_or_no("não tenho, perdi-o") is False
    assert yes_or_no("talvez") is None
