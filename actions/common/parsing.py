"""Reading what residents type: amounts, dates, phone numbers, parts of the day.

Maintained offline libraries do the work: text2num (via bot.numbers), dateparser,
phonenumbers.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import dateparser
import phonenumbers
import yaml
from dateparser.search import search_dates

from actions.common.clock import now
from bot.numbers import parse_amount  # noqa: F401  (re-exported for the forms)

_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}
# dateparser misses a date after the word "day" ("no dia 25 de dezembro", "el día 25 de
# diciembre"); it reads "25 de dezembro" alone. Only before "<number> de", so that "sábado
# dia 5" keeps its weekday.
_DAY_WORD = re.compile(r"\b(?:dia|día)\s+(?=\d{1,2}\s+de\s)", re.IGNORECASE)
DAY_WORDS_FILE = Path(__file__).with_name("day_words.yml")
# Apostrophes as phones type them ("п’ятницю", "пʼятницю", "aujourd’hui"): dateparser reads "'".
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032]")


@lru_cache(maxsize=1)
def _day_words() -> Dict[str, Dict[str, str]]:
    raw = yaml.safe_load(DAY_WORDS_FILE.read_text(encoding="utf-8")) or {}
    return {lang: {str(k).lower(): str(v) for k, v in words.items()} for lang, words in raw.items()}


def _in_words_dateparser_reads(text: str, language: str) -> str:
    """'نهار الحد' -> 'نهار الأحد', 'у п’ятницю' -> "у п'ятниця": words of day_words.yml replaced."""
    text = _APOSTROPHES.sub("'", text)
    words = _day_words().get(language)
    if not words:
        return text
    pattern = r"(?<!\w)(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)"
    return re.sub(pattern, lambda match: words[match.group(1).lower()], text, flags=re.IGNORECASE)


def parse_day(text: str, language: str) -> Optional[date]:
    """The first day named in `text` ("samedi", "demain", "le 14 juillet"), or None."""
    if not text:
        return None
    text = _in_words_dateparser_reads(_DAY_WORD.sub("", text), language)
    settings = dict(_SETTINGS, RELATIVE_BASE=now().replace(tzinfo=None))
    languages = [language] if language != "en" else ["en"]
    try:
        whole = dateparser.parse(text, languages=languages, settings=settings)
        if whole:
            return whole.date()
        found = search_dates(text, languages=languages, settings=settings)
    except Exception:  # dateparser fails on some odd strings; no date then
        return None
    for fragment, value in found or []:
        # Bare numbers ("600", "2") are amounts or counts, not days.
        if re.fullmatch(r"[\d\s.,]+", fragment.strip()):
            continue
        return value.date()
    return None


def parse_phone(text: str, region: str = "FR") -> Optional[str]:
    """A valid phone number in E.164 form, or None."""
    if not text:
        return None
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        if phonenumbers.is_valid_number(match.number):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


_CODE = re.compile(r"\b([A-Za-z0-9]{4})[-\s]?([A-Za-z0-9]{4})\b")


def parse_secret_code(text: str) -> Optional[str]:
    """An access or cancel code, normalised to 'XXXX-XXXX'."""
    match = _CODE.search(text or "")
    return f"{match.group(1)}-{match.group(2)}".upper() if match else None


_REFERENCE = re.compile(r"\bDOM[-\s]?(\d{4})[-\s]?(\d{6})\b", re.IGNORECASE)


def parse_reference(text: str) -> Optional[str]:
    match = _REFERENCE.search(text or "")
    return f"DOM-{match.group(1)}-{match.group(2)}" if match else None
