"""Spanish words in the forms' answers (vocabulary.yml, labels.yml), read by the real parsers: no API needed."""
from __future__ import annotations

from datetime import date

import pytest

from actions.common import formatting
from actions.domiciliation.request_form import yes_or_no
from actions.health.inputs import clean_name, looks_like_a_question, ordinal_in
from actions.health.labels import labels, specialty_label
from actions.health.search import day_in
from actions.tariffs.qf_form import says
from bot.numbers import parse_amount

FROZEN_NOW = "2026-12-01T08:00:00+01:00"   # a Tuesday


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)


@pytest.mark.parametrize("text, kind", [
    ("en pareja", "couple"), ("madre soltera", "couple"), ("vivo sola con mis hijos", "couple"),
    ("casados", "couple"), ("sola", "single"), ("soltero", "single"), ("ningún hijo", "none"),
    ("no cobro nada", "none"), ("2500 al mes", "per_month"), ("32 000 € al año", "per_year"),
])
def test_the_qf_calculator_reads_spanish_words(text, kind):
    assert says(text, kind)


def test_a_single_parent_is_not_read_as_alone_first():
    # The form checks "couple" before "single": a single parent counts two parts.
    assert says("padre solo con dos niños", "couple") and says("padre solo con dos niños", "single")


@pytest.mark.parametrize("text, value", [
    ("mil doscientos", 1200), ("treinta y dos mil euros", 32000), ("dos", 2), ("1 350 €", 1350),
])
def test_amounts_in_spanish_words(text, value):
    assert parse_amount(text, "es") == value


@pytest.mark.parametrize("text, expected", [
    ("sí", True), ("si, tengo pasaporte", True), ("tengo DNI", True), ("vale, regístrala", True),
    ("no", False), ("no tengo", False), ("me lo robaron", False), ("lo perdí", False), ("quizás", None),
])
def test_yes_or_no_in_spanish(text, expected):
    assert yes_or_no(text) is expected


@pytest.mark.parametrize("text, name", [
    ("me llamo Lucía Fernández", "Lucía Fernández"), ("mi nombre es José Luis Martínez", "José Luis Martínez"),
    ("es para Pablo Gómez", "Pablo Gómez"), ("a nombre de Valentina Rojas", "Valentina Rojas"),
])
def test_names_without_what_comes_before_them(text, name):
    assert clean_name(text, "es") == name


@pytest.mark.parametrize("text, question", [
    ("cuándo es la consulta sin cita", True), ("hay médico el sábado", True), ("se puede ir sin cita", True),
    ("Lucía Fernández", False), ("es para Pablo", False),
])
def test_questions_at_the_name_question(text, question):
    assert looks_like_a_question(text) is question


@pytest.mark.parametrize("text, index", [("el segundo", 1), ("el primero", 0), ("el tercero", 2), ("el último", -1)])
def test_a_slot_picked_by_its_place(text, index):
    assert ordinal_in(text) == index


@pytest.mark.parametrize("text, expected", [
    ("un hueco con el pediatra el martes por la mañana", date(2026, 12, 8)),
    ("cita con el médico mañana", date(2026, 12, 2)),
    ("dentista el jueves por la tarde", date(2026, 12, 3)),
    ("el 14 de diciembre", date(2026, 12, 14)),
])
def test_the_day_asked_for_in_spanish(text, expected):
    assert day_in(text, "es") == expected


def test_spanish_labels_dates_and_prices():
    assert specialty_label({"fr": "chirurgien-dentiste", "en": "dentist"}, "dentist", "es") == "dentista"
    assert labels("es")["part_of_day"]["morning"] == "por la mañana"
    assert formatting.day(date(2026, 12, 1), "es") == "martes 1 de diciembre"
    assert formatting.price(90, "es") == "90\u00a0€" and formatting.price(1200, "es") == "1.200\u00a0€"
    assert formatting.price(12.5, "es") == "12,50\u00a0€"
