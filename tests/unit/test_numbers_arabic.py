"""Numbers typed in Arabic: Eastern Arabic digits and separators, glued prepositions, small words."""
import pytest

from bot.nlu.number_extractor import NumberExtractor
from bot.numbers import find_amounts, parse_amount


@pytest.mark.parametrize("text, expected", [
    ("١٢٠٠", 1200), ("١٢٠٠ يورو", 1200), ("١ ٢٠٠ €", 1200), ("١٬٢٠٠", 1200), ("٣٦٬٠٠٠ يورو فالعام", 36000),
    ("١٢٠٠٫٥٠", 1200.5), ("١٢,٥", 12.5), ("٨٥٠€", 850), ("QF ٦٠٠", 600), ("۱۲۰۰", 1200),
    ("ب١٢٠٠ يورو", 1200), ("بـ٨٥٠", 850), ("الكوسيون ديالي 600", 600), ("٠", 0),
])
def test_eastern_arabic_digits(text, expected):
    assert parse_amount(text, "ar") == expected


@pytest.mark.parametrize("text, expected", [
    ("ثلاثة", 3), ("عندي تلاتة ولاد", 3), ("جوج", 2), ("اثنين", 2), ("طفلين", 2), ("أربعة", 4),
    ("اربعة", 4), ("صفر", 0), ("عشرة", 10),
])
def test_small_numbers_in_arabic_words(text, expected):
    assert parse_amount(text, "ar") == expected


@pytest.mark.parametrize("text", ["واحد الطبيب", "بغيت نعرف الثمن", "ما عنديش", "ست الكل"])
def test_words_that_are_not_numbers(text):
    assert parse_amount(text, "ar") is None


def test_latin_letters_still_guard_codes():
    # "QF600" or a code: a number glued to a Latin letter is not an amount, as before.
    assert find_amounts("QF600") == [] and find_amounts("AB3D") == []


def test_spans_point_at_the_eastern_digits():
    text = "QF ١ ٢٠٠ € و ٣ أطفال"
    assert [(a.value, text[a.start:a.end]) for a in find_amounts(text)] == [(1200, "١ ٢٠٠"), (3, "٣")]


def test_extractor_reads_arabic_digits_and_words():
    entities = NumberExtractor({"entity": "amount"}).extract("شحال المسبح ب QF ٦٠٠؟", "ar")
    assert [(e["value"], e["text"]) for e in entities] == [(600, "٦٠٠")]
    assert [e["value"] for e in NumberExtractor({"entity": "amount"}).extract("تلاتة", "ar")] == [3]
