"""Numbers as residents type them: "1 200", "1200€", "1.200,50", "mille deux cents".

Shared by the NLU NumberExtractor and the form validators, so a figure is read the same
way wherever it is typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from text_to_num import alpha2digit

# Languages text2num knows; others fall back to digits only.
_WORD_LANGUAGES = {"fr", "en", "es", "pt", "de", "nl", "it", "da"}
# A run of digits with optional thousands groups ("1 200", "1.200", "1,200") and decimals.
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+|\d+)(?:([.,])(\d{1,2}))?(?![\d])"
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    text: str


def _to_float(integer_part: str, decimals: Optional[str]) -> float:
    digits = re.sub(r"[^\d]", "", integer_part)
    value = float(digits)
    if decimals:
        value += float(f"0.{decimals}")
    return value


def find_amounts(text: str) -> List[Amount]:
    """Numbers written with digits, with their character spans in `text`."""
    found = []
    for match in _NUMBER.finditer(text or ""):
        value = _to_float(match.group(1), match.group(3))
        found.append(Amount(match.start(), match.end(), value, match.group(0)))
    return found


def words_to_digits(text: str, language: str = "fr") -> str:
    """'mille deux cents euros' -> '1200 euros' (unchanged for unknown languages)."""
    if language not in _WORD_LANGUAGES or not text:
        return text
    try:
        return alpha2digit(text, language, threshold=0)
    except Exception:  # text2num raises on odd inputs; digits still work
        return text


def parse_amount(text: str, language: str = "fr") -> Optional[float]:
    """The first number in `text`, written with digits or words; None when there is none."""
    amounts = find_amounts(text)
    if not amounts:
        amounts = find_amounts(words_to_digits(text, language))
    return amounts[0].value if amounts else None
