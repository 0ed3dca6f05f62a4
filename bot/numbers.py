"""Numbers as residents type them: "1 200", "1200€", "1.200,50", "mille deux cents", "١٢٠٠".

Shared by the NLU NumberExtractor and the form validators, so a figure is read the same
way wherever it is typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml
from text_to_num import alpha2digit

# Languages text2num knows; number_words.yml lists small numbers of some others.
_WORD_LANGUAGES = {"fr", "en", "es", "pt", "de", "nl", "it", "da"}
NUMBER_WORDS_FILE = Path(__file__).with_name("number_words.yml")
# number_words.yml's lists of words per language that are not numbers' tables
_WORD_LISTS = ("articles", "never_numbers")
# A run of digits with optional thousands groups ("1 200", "1.200", "1,200", "١٬٢٠٠") and
# decimals ("12,5", "١٢٫٥"). \d also matches Eastern Arabic (١٢٠٠) and Persian (۱۲۰۰) digits.
# Not after a Latin letter or digit ("QF600" is a code), but after an Arabic letter: Arabic glues
# prepositions to the number ("ب١٢٠٠", "with 1200").
_NUMBER = re.compile(
    r"(?<![.,\u066b\u066c])(?<![^\W\u0621-\u064a\u0640])"
    r"(\d{1,3}(?:[ \u00a0\u202f.,'\u066c]\d{3})+|\d+)(?:([.,\u066b])(\d{1,2}))?(?![\d])"
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    text: str


def _ascii_digits(text: str) -> str:
    """'١٢٠٠' -> '1200' (any Unicode decimal digit)."""
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)


def _to_float(integer_part: str, decimals: Optional[str]) -> float:
    digits = _ascii_digits(re.sub(r"[^\d]", "", integer_part))
    value = float(digits)
    if decimals:
        value += float(f"0.{_ascii_digits(decimals)}")
    return value


@lru_cache(maxsize=1)
def _number_words_file() -> Dict:
    return yaml.safe_load(NUMBER_WORDS_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _number_words() -> Dict[str, Dict[str, int]]:
    """language -> {word: value}: small numbers in words for languages text2num does not know."""
    return {lang: {str(w).lower(): int(v) for v, words in table.items() for w in words}
            for lang, table in _number_words_file().items() if lang not in _WORD_LISTS}


@lru_cache(maxsize=None)
def _words_pattern(kind: str, language: str) -> Optional[re.Pattern]:
    """Whole words of number_words.yml's `kind` list for `language` ("articles", "never_numbers")."""
    words = _number_words_file().get(kind, {}).get(language) or []
    if not words:
        return None
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)", re.IGNORECASE)


_PLACEHOLDER = 0xF0000   # a private-use plane: no resident types it


def _masked(text: str, pattern: Optional[re.Pattern], kept: List[str]) -> str:
    """Words of `pattern` replaced by placeholders text2num leaves alone (restored by _unmasked)."""
    if pattern is None:
        return text

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return chr(_PLACEHOLDER + len(kept) - 1)
    return pattern.sub(keep, text)


def _unmasked(text: str, kept: List[str]) -> str:
    return "".join(kept[ord(ch) - _PLACEHOLDER] if 0 <= ord(ch) - _PLACEHOLDER < len(kept) else ch
                   for ch in text)


def find_amounts(text: str) -> List[Amount]:
    """Numbers written with digits, with their character spans in `text`."""
    found = []
    for match in _NUMBER.finditer(text or ""):
        value = _to_float(match.group(1), match.group(3))
        found.append(Amount(match.start(), match.end(), value, match.group(0)))
    return found


def words_to_digits(text: str, language: str = "fr", articles: bool = True) -> str:
    """'mille deux cents euros' -> '1200 euros', 'ثلاثة أطفال' -> '3 أطفال' (unchanged for unknown languages).

    articles=False leaves a lone "um", "una", "une" alone: in "quero uma consulta" it is an
    article, not the number 1 ("vinte e um", "un millón" are still numbers). The forms that ask
    for a count keep the default: there "um filho" is 1.
    """
    if not text:
        return text
    words = _number_words().get(language)
    if words:
        pattern = r"(?<!\w)(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)"
        return re.sub(pattern, lambda m: str(words[m.group(1).lower()]), text, flags=re.IGNORECASE)
    if language not in _WORD_LANGUAGES:
        return text
    kept: List[str] = []
    # "unos mil euros" is "about a thousand", never "1 1000"
    text = _masked(text, _words_pattern("never_numbers", language), kept)
    try:
        if articles:
            converted = alpha2digit(text, language, threshold=0)
        else:
            # Numbers of several words first ("vinte e um"); what is left of 0 and 1 stands
            # alone, and of those the articles stay words.
            grouped = alpha2digit(text, language, threshold=2)
            converted = alpha2digit(_masked(grouped, _words_pattern("articles", language), kept),
                                    language, threshold=0)
    except Exception:  # text2num raises on odd inputs; digits still work
        converted = text
    return _unmasked(converted, kept)


def parse_amount(text: str, language: str = "fr") -> Optional[float]:
    """The first number in `text`, written with digits or words; None when there is none."""
    amounts = find_amounts(text)
    if not amounts:
        amounts = find_amounts(words_to_digits(text, language))
    return amounts[0].value if amounts else None
