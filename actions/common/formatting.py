"""Dates, times, prices and lists formatted for the resident's locale (Babel)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from babel.dates import format_date, format_datetime
from babel.lists import format_list as babel_format_list
from babel.numbers import format_currency, format_decimal

from actions.common.clock import PARIS
from actions.common.language import info_of


def day(value: date, language: str) -> str:
    info = info_of(language)
    return format_date(value, info.day, locale=info.locale)


def slot_time(value: datetime, language: str) -> str:
    """'mardi 3 mars à 9 h 20' / 'Tuesday 3 March at 9:20'."""
    info = info_of(language)
    return format_datetime(value.astimezone(PARIS), info.slot, tzinfo=PARIS, locale=info.locale)


def price(euros: float, language: str) -> str:
    """Whole euros with the language's `price` pattern of bot/languages.yml ("90 €"), else the locale's."""
    info = info_of(language)
    if not info.price or float(euros) != int(euros):
        return format_currency(euros, "EUR", locale=info.locale)
    return format_currency(int(euros), "EUR", format=info.price, locale=info.locale, currency_digits=False)


def number(value: float, language: str) -> str:
    return format_decimal(value, locale=info_of(language).locale)


def items(values: Iterable[str], language: str, style: str = "standard") -> str:
    values = [v for v in values if v]
    if not values:
        return ""
    return babel_format_list(values, style=style, locale=info_of(language).locale)


def bullets(values: Iterable[str]) -> str:
    return "\n".join(f"- {v}" for v in values if v)


def ranges(hour_ranges: Iterable[str], language: str) -> str:
    """['08:30-12:30', '13:30-18:00'] -> '08:30–12:30 et 13:30–18:00'."""
    return items([r.replace("-", "–") for r in hour_ranges], language)
