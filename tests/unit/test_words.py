"""The words residents answer the forms with, in Spanish, Portuguese, Ukrainian and Arabic
(vocabulary.yml, labels.yml), read by the real parsers: no API needed. One table per parser; what is
particular to one language has its own test at the end. Days: test_day_words.py."""
from __future__ import annotations

from datetime import date, datetime

import pytest
import yaml

from actions.common import formatting
from actions.common.clock import PARIS
from actions.common.settings import load_settings
from actions.domiciliation.request_form import yes_or_no
from actions.domiciliation.shared import bot_label
from actions.health.inputs import clean_name, looks_like_a_question, ordinal_in
from actions.health.labels import labels, specialty_label
from actions.tariffs.qf_form import says
from bot.numbers import parse_amount
from tests.conftest import FROZEN_NOW   # a Tuesday, as in the end-to-end tests


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)


# --- the QF calculator: household, children, income (says reads every language at once) ----------

QF_WORDS = [
    ("es", "en pareja", "couple"), ("es", "madre soltera", "couple"), ("es", "vivo sola con mis hijos", "couple"),
    ("es", "casados", "couple"), ("es", "sola", "single"), ("es", "soltero", "single"),
    ("es", "ningún hijo", "none"), ("es", "no cobro nada", "none"),
    ("es", "2500 al mes", "per_month"), ("es", "32 000 € al año", "per_year"),
    ("pt", "mãe solteira com dois filhos", "couple"), ("pt", "em casal", "couple"), ("pt", "vivo sozinha", "single"),
    ("pt", "não recebo nada", "none"), ("pt", "nenhum", "none"),
    ("pt", "2500 por mês", "per_month"), ("pt", "36 000 por ano", "per_year"),
    ("uk", "з чоловіком", "couple"), ("uk", "мама-одиначка", "couple"), ("uk", "я сама з дітьми", "couple"),
    ("uk", "одружені", "couple"), ("uk", "сама", "single"), ("uk", "неодружений", "single"),
    ("uk", "дітей немає", "none"), ("uk", "нічого не отримую", "none"),
    ("uk", "2500 на місяць", "per_month"), ("uk", "32 000 € на рік", "per_year"), ("uk", "щомісяця 300", "per_month"),
    ("ar", "متزوج", "couple"), ("ar", "أم وحدها مع ولادي", "couple"), ("ar", "وحدي مع ولادي", "couple"),
    ("ar", "بوحدي", "single"), ("ar", "ولا واحد", "none"), ("ar", "ما عنديش ولاد", "none"),
    ("ar", "٣٦٠٠٠ يورو فالعام", "per_year"), ("ar", "٤٠٠ يورو فالشهر", "per_month"),    # Eastern Arabic digits
]


@pytest.mark.parametrize("code, text, kind", QF_WORDS)
def test_the_qf_calculator_reads_the_words(code, text, kind):
    assert says(text, kind)


@pytest.mark.parametrize("code, text, value", [
    ("es", "mil doscientos", 1200), ("es", "treinta y dos mil euros", 32000), ("es", "dos", 2),
    ("es", "1 350 €", 1350),
    ("uk", "двоє дітей", 2), ("uk", "троє", 3), ("uk", "одна дитина", 1), ("uk", "у нас четверо діток", 4),
    ("uk", "пятеро", 5), ("uk", "1 200 €", 1200),
])
def test_amounts_and_counts_in_words(code, text, value):
    assert parse_amount(text, code) == value


# --- the domiciliation request: "do you have an identity document?" ---------------------------

@pytest.mark.parametrize("code, text, expected", [
    ("es", "sí", True), ("es", "si, tengo pasaporte", True), ("es", "tengo DNI", True),
    ("es", "vale, regístrala", True), ("es", "no", False), ("es", "no tengo", False), ("es", "me lo robaron", False),
    ("es", "lo perdí", False), ("es", "quizás", None),
    ("pt", "sim, tenho passaporte", True), ("pt", "não tenho, perdi-o", False), ("pt", "talvez", None),
    ("uk", "так", True), ("uk", "так, у мене є паспорт", True), ("uk", "маю посвідку на проживання", True),
    ("uk", "ок, зареєструйте", True), ("uk", "ні", False), ("uk", "немає", False), ("uk", "загубила паспорт", False),
    ("uk", "ні, не реєструйте", False), ("uk", "може бути", None),
    ("ar", "نعم", True), ("ar", "أيوه عندي", True), ("ar", "عندي بطاقة التعريف", True), ("ar", "واخا سجل", True),
    ("ar", "لا", False), ("ar", "ما عنديش", False), ("ar", "ضاعت ليا", False), ("ar", "ماعنديش وراق", False),
    ("ar", "شي حاجة", None),
])
def test_yes_or_no(code, text, expected):
    assert yes_or_no(text) is expected


# --- the booking: name, questions asked instead, the slot picked (the day: test_day_words.py) ------

@pytest.mark.parametrize("code, text, name", [
    ("es", "me llamo Lucía Fernández", "Lucía Fernández"),
    ("es", "mi nombre es José Luis Martínez", "José Luis Martínez"),
    ("es", "es para Pablo Gómez", "Pablo Gómez"), ("es", "a nombre de Valentina Rojas", "Valentina Rojas"),
    ("pt", "chamo-me Fátima Gonçalves", "Fátima Gonçalves"), ("pt", "é para o Lucas Almeida", "Lucas Almeida"),
    # Ukrainian: the typewriter apostrophe and the typographic one
    ("uk", "мене звати Олена Шевченко", "Олена Шевченко"), ("uk", "моє ім'я Тарас Мельник", "Тарас Мельник"),
    ("uk", "на ім’я Ірина Коваль", "Ірина Коваль"), ("uk", "Оксана Петренко", "Оксана Петренко"),
    ("ar", "اسمي سلمى بنعيسى", "سلمى بنعيسى"), ("ar", "أنا اسمي مريم حداد", "مريم حداد"),
    ("ar", "على اسم أحمد منصور", "أحمد منصور"), ("ar", "سميتي يوسف", "يوسف"), ("ar", "Karim Benali", "Karim Benali"),
])
def test_names_without_what_comes_before_them(code, text, name):
    assert clean_name(text, code) == name


@pytest.mark.parametrize("code, text, question", [
    ("es", "cuándo es la consulta sin cita", True), ("es", "hay médico el sábado", True),
    ("es", "se puede ir sin cita", True), ("es", "Lucía Fernández", False), ("es", "es para Pablo", False),
    ("pt", "quais são os horários sem marcação", True), ("pt", "Maria Santos", False),
    ("uk", "коли прийом без запису", True), ("uk", "чи можна прийти без запису", True), ("uk", "скільки коштує", True),
    ("uk", "Олена Шевченко", False), ("uk", "Тарас", False),
    ("ar", "شنو هي الساعات ديال بلا موعد", True), ("ar", "واش كاين طبيب", True), ("ar", "امتى كتحلو", True),
    ("ar", "وين المستوصف", True), ("ar", "الدكتور كيقبل السي ام يو؟", True),   # the Arabic question mark
    ("ar", "فاطمة الزهراء بنعلي", False),
])
def test_questions_at_the_name_question(code, text, question):
    assert looks_like_a_question(text) is question


@pytest.mark.parametrize("code, text, index", [
    ("es", "el segundo", 1), ("es", "el primero", 0), ("es", "el tercero", 2), ("es", "el último", -1),
    ("pt", "o primeiro", 0), ("pt", "o terceiro horário", 2), ("pt", "o último", -1), ("pt", "a última", -1),
    ("pt", "segunda de manhã", None), ("pt", "quinta à tarde", None), ("pt", "quarta-feira", None),  # weekdays
    ("uk", "другий", 1), ("uk", "перший варіант", 0), ("uk", "третій", 2), ("uk", "останній", -1),
    ("ar", "الأول", 0), ("ar", "التاني عافاك", 1), ("ar", "الثالث", 2), ("ar", "الموعد الأخير", -1),
    ("ar", "٢", 1),                                                      # an Eastern Arabic digit
    ("ar", "بغيت نهار تاني", None), ("ar", "يوم آخر", None),             # "another day", not a place in the list
])
def test_a_slot_picked_by_its_place(code, text, index):
    assert ordinal_in(text) == index


# --- what the assistant writes: specialty names, dates, prices, labels ----------------------------

SPECIALTY_NAMES = yaml.safe_load((load_settings().seed_dir / "health-centre.yml").read_text(encoding="utf-8"))[
    "specialty_names"]   # the data pack names them in fr and en only


@pytest.mark.parametrize("code, specialty, name", [
    ("es", "dentist", "dentista"), ("pt", "dentist", "dentista"), ("uk", "osteopath", "остеопат"),
    ("ar", "pediatrician", "طبيب أطفال"),
])
def test_specialty_names(code, specialty, name):
    assert specialty_label(SPECIALTY_NAMES[specialty], specialty, code) == name
    assert specialty_label(SPECIALTY_NAMES[specialty], specialty, "fr") == SPECIALTY_NAMES[specialty]["fr"]


@pytest.mark.parametrize("code, day, written", [
    ("es", date(2026, 12, 1), "martes 1 de diciembre"), ("uk", date(2026, 12, 1), "вівторок, 1 грудня"),
])
def test_dates(code, day, written):
    assert formatting.day(day, code) == written


@pytest.mark.parametrize("code, amount, written", [
    ("es", 90, "90\u00a0€"), ("es", 1200, "1.200\u00a0€"), ("es", 12.5, "12,50\u00a0€"),
    ("uk", 90, "90\u00a0€"), ("uk", 36000, "36\u00a0000\u00a0€"),
    ("fr", 90, "90\u00a0€"),   # the French pattern moved to languages.yml, unchanged
])
def test_prices(code, amount, written):
    assert formatting.price(amount, code) == written


def test_labels_and_slot_times():
    assert labels("es")["part_of_day"]["morning"] == "por la mañana"
    assert labels("uk")["speaks"].format(language="українська") == "мова: українська"
    assert bot_label("received", "uk") == "отримано, очікує на співбесіду"
    assert formatting.slot_time(datetime(2026, 12, 2, 14, 0, tzinfo=PARIS), "uk") == "середа, 2 грудня о 14:00"


# --- what is particular to one language -------------------------------------------------------

def test_a_spanish_single_parent_is_not_read_as_alone_first():
    # The form checks "couple" before "single": a single parent counts two parts.
    assert says("padre solo con dos niños", "couple") and says("padre solo con dos niños", "single")


def test_the_ukrainian_family_is_not_seven():
    # "сім'я" (family) begins with "сім" (seven), before the apostrophe.
    assert parse_amount("моя сім'я живе тут", "uk") is None


def test_ukrainian_unmarried_is_not_married():
    # Whole words: "неодружений" (single) does not contain the word "одружений" (couple).
    assert not says("неодружений", "couple")

