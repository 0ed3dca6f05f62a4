"""bot.nlu.language_identifier._stop_words reads spaCy's stop-word files on their own
(without running the language packages): the same lists as importing them."""
from __future__ import annotations

import importlib

from bot.nlu.language_identifier import _stop_words

CODES = ["fr", "en", "es", "pt", "uk", "ar"]


def test_the_lists_are_spacys_own() -> None:
    lists = _stop_words(CODES + ["zz"])
    assert set(lists) == set(CODES)        # no list for an unknown code: it does not vote
    for code in CODES:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
        assert lists[code] == frozenset(w.lower() for w in module.STOP_WORDS) and len(lists[code]) > 300
