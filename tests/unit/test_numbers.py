import pytest

from bot.nlu.number_extractor import NumberExtractor
from bot.numbers import find_amounts, parse_amount


@pytest.mark.parametrize("text, expected", [
    ("1 200", 1200), ("1200€", 1200), ("1 200 €", 1200), ("1.200,50 euros", 1200.5),
    ("1,200", 1200), ("12,5", 12.5), ("36 000 euros par an", 36000),
    ("mon QF est de 600", 600), ("mille deux cents", 1200), ("quatre cent cinquante", 450),
    ("deux", 2), ("zéro", 0), ("one thousand two hundred", None),
])
def test_parse_amount_french(text, expected):
    assert parse_amount(text, "fr") == expected


def test_parse_amount_english_words():
    assert parse_amount("one thousand two hundred", "en") == 1200
    assert parse_amount("three kids", "en") == 3


def test_no_amount():
    assert parse_amount("je ne sais pas", "fr") is None
    assert parse_amount("", "fr") is None


def test_spans_point_at_the_digits():
    text = "QF 1 200 € et 3 enfants"
    amounts = find_amounts(text)
    assert [(a.value, text[a.start:a.end]) for a in amounts] == [(1200, "1 200"), (3, "3")]


def test_extractor_emits_amount_entities():
    entities = NumberExtractor({"entity": "amount"}).extract("combien avec un QF de 1 200€ ?")
    assert [(e["entity"], e["value"], e["start"], e["end"]) for e in entities] == [("amount", 1200, 22, 27)]


def test_extractor_reads_words():
    entities = NumberExtractor({"entity": "amount"}).extract("mille deux cents", "fr")
    assert [e["value"] for e in entities] == [1200]
