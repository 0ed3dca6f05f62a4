"""Reading the resident's answers in the health forms (names, phones, codes) and forgetting them."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import phonenumbers
from rasa_sdk.events import SlotSet

from actions.common.parsing import parse_phone, parse_secret_code
from actions.health.labels import labels, ordinal_words, question_marks, question_words
from actions.health.search import clear_filters, is_payload

FORM_SLOTS = ("appointment_slot_id", "patient_name", "patient_phone", "appointment_confirm", "cancel_code")
# Cancel codes use an alphabet without look-alikes (no I, L, O, 0, 1): prefer an exact
# code to any 8 characters, so "code PQRS-TUV9" is not read as "CODE-PQRS".
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-HJKMNP-Za-hjkmnp-z2-9]{4})[-\s]?([A-HJKMNP-Za-hjkmnp-z2-9]{4})(?![A-Za-z0-9])")
_LETTER = re.compile(r"[^\W\d_]")


def forget_all() -> List[Dict[str, Any]]:
    """Every health slot back to empty: nothing personal is kept once a form is over."""
    return [SlotSet(name, None) for name in FORM_SLOTS] + clear_filters()


def clean_name(text: str, language: str) -> Optional[str]:
    """'je m'appelle Marie Dupont' -> 'Marie Dupont'; None when it cannot be a name."""
    if not text or is_payload(text):
        return None
    name = " ".join(text.replace("\n", " ").split()).strip(" .,!;:\"'")
    lowered = name.lower()
    for prefix in sorted(labels(language).get("name_prefixes", []), key=len, reverse=True):
        if lowered.startswith(prefix + " ") or lowered.startswith(prefix + ":"):
            name = name[len(prefix):].strip(" .,!;:\"'")
            break
    if not (2 <= len(name) <= 80) or any(c.isdigit() for c in name) or not _LETTER.search(name):
        return None
    return name


def clean_phone(text: str) -> Optional[str]:
    return None if is_payload(text) else parse_phone(text or "")


class PhoneAnswer:
    """The phone question, shared by the booking, my-appointments and cancel forms
    (a mixin, so the action server does not register it)."""

    async def validate_patient_phone(self, value: Any, dispatcher: Any, tracker: Any,
                                     domain: Dict[str, Any]) -> Dict[str, Any]:
        phone = clean_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(response="utter_phone_invalid")
        return {"patient_phone": phone}


def phone_display(e164: str) -> str:
    """'+33612345678' -> '06 12 34 56 78', as residents write it."""
    try:
        number = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def clean_code(text: str) -> Optional[str]:
    if not text or is_payload(text):
        return None
    match = _CODE.search(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}".upper()
    return parse_secret_code(text)


def looks_like_a_question(text: str) -> bool:
    """'quels sont les horaires ?' is a question; 'Nguyen Van Anh' is a name, whatever the NLU says."""
    words = (text or "").strip().lower().replace("’", "'").split()
    marked = any(mark in (text or "") for mark in question_marks())
    return marked or bool(words and words[0].strip(",.!:;") in question_words())


def ordinal_in(text: str) -> Optional[int]:
    """'le deuxième' -> 1, 'the last one' -> -1: a slot picked by its place in the list."""
    if not text or is_payload(text):
        return None
    positions = ordinal_words()
    for word in re.findall(r"[^\W_]+", text.lower()):
        if word in positions:
            return positions[word]
    return None


_TIME = re.compile(r"(?<![\d:])(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?(?!\d)", re.IGNORECASE)


def time_in(text: str) -> Optional[tuple]:
    """'le créneau de 9h' -> (9, 0), '14:30' -> (14, 30): a slot picked by its time."""
    match = _TIME.search(text or "") if not is_payload(text) else None
    if not match or int(match.group(1)) > 23:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def without_time(text: str) -> str:
    """The text without its time of day, so that '9h30' alone does not read as 'today'."""
    return _TIME.sub(" ", text or "")
