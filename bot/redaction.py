"""Finding and blanking personal data in text: phone numbers, e-mail addresses, known values.

Used for what is stored (bot/event_redaction.py) and what is logged (bot/log_redaction.py).
Phone numbers are found by Google's libphonenumber (the `phonenumbers` package), French
numbers by default and any number written with its international prefix; e-mail
addresses by a pattern.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, FrozenSet, Iterable

import phonenumbers
import yaml

PRIVACY_FILE = Path(__file__).with_name("privacy.yml")
PHONE_MARK = "[phone]"
EMAIL_MARK = "[email]"
DEFAULT_REGION = "FR"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A cheap test before asking libphonenumber: at least 6 digits, maybe separated.
_MAYBE_PHONE = re.compile(r"\d(?:[\s.\-()/]*\d){5,}")
# Values shorter than this are not searched for in texts ("1" would blank every 1).
MIN_VALUE_LENGTH = 3


@dataclass(frozen=True)
class PrivacyRules:
    personal_slots: FrozenSet[str]
    identifying_slots: FrozenSet[str]
    personal_entities: FrozenSet[str]
    personal_parameters: FrozenSet[str]
    personal_metadata: FrozenSet[str]


@lru_cache(maxsize=1)
def privacy_rules() -> PrivacyRules:
    data = yaml.safe_load(PRIVACY_FILE.read_text(encoding="utf-8")) or {}
    return PrivacyRules(
        personal_slots=frozenset(data.get("personal_slots") or ()),
        identifying_slots=frozenset(data.get("identifying_slots") or ()),
        personal_entities=frozenset(data.get("personal_entities") or ()),
        personal_parameters=frozenset(data.get("personal_parameters") or ()),
        personal_metadata=frozenset(data.get("personal_metadata") or ()),
    )


def mark(name: str) -> str:
    """What replaces a personal value: its kind, never the value."""
    return f"[{name}]"


def redact_phones(text: str) -> str:
    if not _MAYBE_PHONE.search(text):
        return text
    pieces, last = [], 0
    for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION):
        pieces.append(text[last:match.start])
        pieces.append(PHONE_MARK)
        last = match.end
    return "".join(pieces) + text[last:] if pieces else text


def redact_emails(text: str) -> str:
    return _EMAIL.sub(EMAIL_MARK, text)


def redact_text(text: str, known: Iterable[str] = ()) -> str:
    """The text with phones, e-mails and the given known personal values blanked."""
    if not text:
        return text
    for value in sorted({v for v in known if v and len(v) >= MIN_VALUE_LENGTH}, key=len, reverse=True):
        text = text.replace(value, "[redacted]")
    return redact_emails(redact_phones(text))


def redact_value(value: Any, known: Iterable[str] = ()) -> Any:
    """Strings anywhere inside lists and dicts, redacted; other values unchanged."""
    known = tuple(known)
    if isinstance(value, str):
        return redact_text(value, known)
    if isinstance(value, list):
        return [redact_value(item, known) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, known) for key, item in value.items()}
    return value
