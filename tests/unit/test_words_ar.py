"""The Arabic words the actions read: days in dialect, names, questions, slot picks, yes/no, QF answers."""
from datetime import date

import pytest

from actions.common.parsing import parse_day
from actions.domiciliation.request_form import yes_or_no
from actions.health.inputs import clean_name, looks_like_a_question, ordinal_in
from actions.health.labels import specialty_label
from actions.tariffs.qf_form import says

FROZEN_NOW = "2026-12-01T08:00:00+01:00"   # a Tuesday, as in the end-to-end tests


@pytest.mark.parametrize("text, day", [
    ("شنو هي أوقات العمل ديال البلدية نهار السبت؟", date(2026, 12, 5)),
    ("واش الكونسرفاتوار محلول نهار 25 ديسمبر؟", date(2026, 12, 25)),
    ("موعد عند الطبيب غدا", date(2026, 12, 2)),
    ("بدي موعد عند الطبيب بكرا", date(2026, 12, 2)),          # Levantine "tomorrow"
    ("البلدية فاتحة بكرة؟", date(2026, 12, 2)),               # Egyptian
    ("واش محلولين غدوة؟", date(2026, 12, 2)),                 # Maghrebi
    ("ليسكال محلولة نهار الحد؟", date(2026, 12, 6)),          # Maghrebi Sunday
    ("موعد نهار الاتنين", date(2026, 12, 7)),
    ("في موعد يوم التلات؟", date(2026, 12, 8)),
    ("الجمعه بعد الظهر", date(2026, 12, 4)),                  # ه for ة
    ("محلولين 14 جويلية؟", date(2027, 7, 14)),                # Algerian and Tunisian month
    ("فاتحين 25 دجنبر؟", date(2026, 12, 25)),                 # Moroccan month
    ("فاتحين 1 كانون الثاني؟", date(2027, 1, 1)),             # Levantine month
])
def test_days_in_arabic(monkeypatch, text, day):
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    assert parse_day(text, "ar") == day


def test_until_is_not_sunday(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    assert parse_day("لحد أي ساعة فاتحين؟", "ar") != date(2026, 12, 6)


@pytest.mark.parametrize("text, name", [
    ("اسمي سلمى بنعيسى", "سلمى بنعيسى"), ("أنا اسمي مريم حداد", "مريم حداد"), ("على اسم أحمد منصور", "أحمد منصور"),
    ("سميتي يوسف", "يوسف"), ("Karim Benali", "Karim Benali"),
])
def test_names(text, name):
    assert clean_name(text, "ar") == name


@pytest.mark.parametrize("text", ["شنو هي الساعات ديال بلا موعد", "واش كاين طبيب", "امتى كتحلو", "وين المستوصف",
                                  "الدكتور كيقبل السي ام يو؟"])   # the Arabic question mark
def test_questions_at_the_name_question(text):
    assert looks_like_a_question(text)


def test_a_name_is_not_a_question():
    assert not looks_like_a_question("فاطمة الزهراء بنعلي")


@pytest.mark.parametrize("text, position", [
    ("الأول", 0), ("التاني عافاك", 1), ("الثالث", 2), ("الموعد الأخير", -1), ("٢", 1),
    ("بغيت نهار تاني", None), ("يوم آخر", None),             # "another day", not a place in the list
])
def test_slot_picked_by_its_place(text, position):
    assert ordinal_in(text) == position


@pytest.mark.parametrize("text, answer", [
    ("نعم", True), ("أيوه عندي", True), ("عندي بطاقة التعريف", True), ("واخا سجل", True),
    ("لا", False), ("ما عنديش", False), ("ضاعت ليا", False), ("ماعنديش وراق", False), ("شي حاجة", None),
])
def test_yes_or_no_for_the_domiciliation(text, answer):
    assert yes_or_no(text) is answer


@pytest.mark.parametrize("text, kind", [
    ("متزوج", "couple"), ("أم وحدها مع ولادي", "couple"), ("وحدي مع ولادي", "couple"), ("بوحدي", "single"),
    ("ولا واحد", "none"), ("ما عنديش ولاد", "none"), ("٣٦٠٠٠ يورو فالعام", "per_year"),
    ("٤٠٠ يورو فالشهر", "per_month"),
])
def test_qf_calculator_words(text, kind):
    assert says(text, kind)


def test_specialty_names_in_arabic():
    assert specialty_label({"fr": "pédiatre", "en": "pediatrician"}, "pediatrician", "ar") == "طبيب أطفال"
