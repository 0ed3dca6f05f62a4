"""Ukrainian words in the forms' answers (vocabulary.yml, labels.yml), read by the real parsers: no API needed."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from actions.common import formatting
from actions.common.clock import PARIS
from actions.domiciliation.request_form import yes_or_no
from actions.domiciliation.shared import bot_label
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
    ("з чоловіком", "couple"), ("мама-одиначка", "couple"), ("я сама з дітьми", "couple"), ("одружені", "couple"),
    ("сама", "single"), ("неодружений", "single"), ("дітей немає", "none"), ("нічого не отримую", "none"),
    ("2500 на місяць", "per_month"), ("32 000 € на рік", "per_year"), ("щомісяця 300", "per_month"),
])
def test_the_qf_calculator_reads_ukrainian_words(text, kind):
    assert says(text, kind)


@pytest.mark.parametrize("text, value", [
    ("двоє дітей", 2), ("троє", 3), ("одна дитина", 1), ("у нас четверо діток", 4), ("пятеро", 5), ("1 200 €", 1200),
])
def test_small_numbers_in_ukrainian_words(text, value):
    assert parse_amount(text, "uk") == value


def test_family_is_not_seven():
    assert parse_amount("моя сім'я живе тут", "uk") is None


def test_unmarried_is_not_married():
    # Whole words: "неодружений" (single) does not contain the word "одружений" (couple).
    assert not says("неодружений", "couple")


@pytest.mark.parametrize("text, expected", [
    ("так", True), ("так, у мене є паспорт", True), ("маю посвідку на проживання", True), ("ок, зареєструйте", True),
    ("ні", False), ("немає", False), ("загубила паспорт", False), ("ні, не реєструйте", False), ("може бути", None),
])
def test_yes_or_no_in_ukrainian(text, expected):
    assert yes_or_no(text) is expected


@pytest.mark.parametrize("text, name", [
    ("мене звати Олена Шевченко", "Олена Шевченко"), ("моє ім'я Тарас Мельник", "Тарас Мельник"),
    ("на ім’я Ірина Коваль", "Ірина Коваль"), ("Оксана Петренко", "Оксана Петренко"),
])
def test_names_without_what_comes_before_them(text, name):
    assert clean_name(text, "uk") == name


@pytest.mark.parametrize("text, question", [
    ("коли прийом без запису", True), ("чи можна прийти без запису", True), ("скільки коштує", True),
    ("Олена Шевченко", False), ("Тарас", False),
])
def test_questions_at_the_name_question(text, question):
    assert looks_like_a_question(text) is question


@pytest.mark.parametrize("text, index", [("другий", 1), ("перший варіант", 0), ("третій", 2), ("останній", -1)])
def test_a_slot_picked_by_its_place(text, index):
    assert ordinal_in(text) == index


@pytest.mark.parametrize("text, expected", [
    ("запис до лікаря завтра", date(2026, 12, 2)),
    ("стоматолог у четвер після обіду", date(2026, 12, 3)),
    ("хочу записатися до остеопата на 12 грудня", date(2026, 12, 12)),
    ("вільний час у суботу", date(2026, 12, 5)),
])
def test_the_day_asked_for_in_ukrainian(text, expected):
    assert day_in(text, "uk") == expected


def test_ukrainian_labels_dates_and_prices():
    assert specialty_label({"fr": "ostéopathe", "en": "osteopath"}, "osteopath", "uk") == "остеопат"
    assert labels("uk")["speaks"].format(language="українська") == "мова: українська"
    assert bot_label("received", "uk") == "отримано, очікує на співбесіду"
    assert formatting.day(date(2026, 12, 1), "uk") == "вівторок, 1 грудня"
    assert formatting.slot_time(datetime(2026, 12, 2, 14, 0, tzinfo=PARIS), "uk") == "середа, 2 грудня о 14:00"
    assert formatting.price(90, "uk") == "90\u00a0€"
    assert formatting.price(36000, "uk") == "36\u00a0000\u00a0€"
    assert formatting.price(90, "fr") == "90\u00a0€"  # the French pattern moved to languages.yml, unchanged
