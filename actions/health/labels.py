"""Localized words the health actions put inside responses (labels.yml), and language names."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from babel import Locale

from actions.common.language import info_of
from bot.languages import load_languages

LABELS_FILE = Path(__file__).with_name("labels.yml")


@lru_cache(maxsize=1)
def _all() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def labels(language: str) -> Dict[str, Any]:
    table = _all()
    return table.get(language) or table[load_languages().default]


def language_name(code: str, language: str) -> str:
    """'ar' -> 'arabe' / 'Arabic' (CLDR names, so a new assistant language needs no list)."""
    locale = Locale.parse(info_of(language).locale)
    return locale.languages.get(code, code)


def language_names(codes: List[str], language: str) -> List[str]:
    return [language_name(code, language) for code in codes]


def specialty_label(names: Dict[str, str], specialty: Optional[str], language: str) -> str:
    """A specialty in the resident's language: the city's own name (specialty_names of /v1/health),
    else this file's `specialties`, else the default language's name (the data pack names a few only)."""
    return (names.get(language) or labels(language).get("specialties", {}).get(specialty or "")
            or names.get(load_languages().default) or specialty or "")


def specialty_words(specialty: str) -> List[str]:
    """Every language's name of a specialty in this file (typed answers are read in any language)."""
    return [entry["specialties"][specialty] for entry in _all().values()
            if specialty in (entry.get("specialties") or {})]


def any_practitioner_words() -> set:
    """Words that name no specialty in particular, in every language of the assistant."""
    return {word.lower() for entry in _all().values() for word in entry.get("any_practitioner", [])}


def question_words() -> set:
    return {word.lower() for entry in _all().values() for word in entry.get("question_words", [])}


def question_marks() -> set:
    """'?' and the marks other scripts use ('؟' in Arabic), from every language of this file."""
    return {"?"} | {mark for entry in _all().values() for mark in entry.get("question_marks", [])}


def ordinal_words() -> Dict[str, int]:
    """'deuxième' / 'second' / '2' -> 1 (an index); the last entry of each list is 'the last one' (-1)."""
    positions: Dict[str, int] = {}
    for entry in _all().values():
        ordinals = entry.get("ordinals", [])
        for index, words in enumerate(ordinals):
            for word in words:
                positions[str(word).lower()] = -1 if index == len(ordinals) - 1 else index
    return positions
