"""Reading the resident's words for the Maison de Santé: no API needed."""
from __future__ import annotations

from datetime import date

import pytest

from actions.health.inputs import clean_code, clean_name, looks_like_a_question, ordinal_in, phone_display
from actions.health.search import Criteria, day_in, find_slot_id, merge, slot_start

FROZEN_NOW = "2026-12-01T08:00:00+01:00"


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)


@pytest.mark.parametrize("text, language, expected", [
    ("un créneau chez le pédiatre mardi matin", "fr", date(2026, 12, 8)),
    ("rdv medecin demain", "fr", date(2026, 12, 2)),
    ("dentiste jeudi après-midi", "fr", date(2026, 12, 3)),
    ("je veux voir un generaliste", "fr", None),          # "je" is not jeudi
    ("un pédiatre pour ma fille", "fr", None),            # "ma" is not mardi
    ("il me faut un dentiste", "fr", None),               # "me" is not mercredi
    ("may I book a GP", "en", None),                      # "may" is not the month
    ("a GP tomorrow", "en", date(2026, 12, 2)),
    ("1", "fr", None),                                    # a place in a list, not a day
    ('/inform{"appointment_slot_id":"gp-martin.20261208T0920"}', "fr", None),
])
def test_the_day_asked_for(text: str, language: str, expected) -> None:
    assert day_in(text, language) == expected


def test_who_and_when_come_from_the_message_else_from_memory() -> None:
    saved = Criteria(specialty="pediatrician", day=date(2026, 12, 8), part_of_day="morning")
    # "et vendredi ?" keeps the pediatrician, with the new day only.
    assert merge(Criteria(day=date(2026, 12, 4)), saved, keep_when=False) == Criteria(
        specialty="pediatrician", day=date(2026, 12, 4))
    # A new question about a dentist starts from the next free slot...
    assert merge(Criteria(specialty="dentist"), saved, keep_when=False) == Criteria(specialty="dentist")
    # ...but an answer in the booking form keeps the day asked for.
    assert merge(Criteria(specialty="dentist"), saved, keep_when=True) == Criteria(
        specialty="dentist", day=date(2026, 12, 8), part_of_day="morning")
    # A practitioner replaces the specialty.
    assert merge(Criteria(practitioner="gp-martin"), saved, keep_when=False) == Criteria(practitioner="gp-martin")


def test_slot_ids_round_trip() -> None:
    assert find_slot_id('/inform{"appointment_slot_id":"gp-martin.20261208T0920"}') == "gp-martin.20261208T0920"
    assert slot_start("gp-martin.20261208T0920").isoformat() == "2026-12-08T09:20:00+01:00"
    assert find_slot_id("jeudi matin") is None


@pytest.mark.parametrize("typed, code", [
    ("k7qm3xpa", "K7QM-3XPA"), ("mon code est K7QM-3XPA", "K7QM-3XPA"), ("cancel code PQRS-TUV9", "PQRS-TUV9"),
    ("bonjour", None),
])
def test_cancel_codes(typed: str, code) -> None:
    assert clean_code(typed) == code


@pytest.mark.parametrize("typed, language, name", [
    ("Marie Dupont", "fr", "Marie Dupont"), ("je m'appelle Fatima Diallo", "fr", "Fatima Diallo"),
    ("c'est pour Lucas Moreau", "fr", "Lucas Moreau"), ("my name is John Smith", "en", "John Smith"),
    ("06 12 34 56 78", "fr", None), ("/affirm", "fr", None), ("x", "fr", None),
])
def test_names(typed: str, language: str, name) -> None:
    assert clean_name(typed, language) == name


def test_questions_and_places_in_a_list() -> None:
    assert looks_like_a_question("quels sont les horaires ?") and looks_like_a_question("what time is it")
    assert not looks_like_a_question("Nguyen Van Anh")
    assert [ordinal_in(t) for t in ("le premier", "le deuxième", "the third one", "le dernier", "jeudi")] == [
        0, 1, 2, -1, None]
    assert phone_display("+33612345678") == "06 12 34 56 78"
