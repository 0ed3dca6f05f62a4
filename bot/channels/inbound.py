"""What a channel accepts from outside, checked before anything reaches Rasa.

Every channel (REST, socket.io, SMS, WhatsApp) reads the same things from strangers: a
conversation id, a text, sometimes metadata. Rasa trusts them: a text that is not a
string, a lone surrogate (`"\\ud800"` is valid JSON) or a 100 KB message makes the NLU or
the tracker store fail in the middle of a turn; a conversation id longer than the tracker
table's column, or with a NUL that PostgreSQL refuses, breaks the save. So:

- a **text** is a string of at most MAX_TEXT_LENGTH characters once cleaned: control
  characters (NUL included) are dropped, line ends become "\\n", lone surrogates U+FFFD;
  what is left must not be blank. Otherwise it is `unreadable` or `too_long`, and the
  channel answers with a 4xx or a polite reply in the resident's language
  (bot/channels/texts.yml), never with a turn;
- a **conversation id** is 1 to MAX_SENDER_LENGTH printable characters;
- **metadata** is absent or a JSON object of at most MAX_METADATA_BYTES, nested at most
  MAX_METADATA_DEPTH deep (Rasa copies it with recursive code at every turn);
- a **provider message id** (Twilio's MessageSid, Meta's wamid) is short and ASCII.
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

MAX_TEXT_LENGTH = 5000          # the REST channel's limit since it exists; SMS: 1,600, WhatsApp: 4,096
MAX_SENDER_LENGTH = 128         # Rasa's SQL tracker store keeps 255
MAX_METADATA_BYTES = 4096
MAX_METADATA_DEPTH = 8

UNREADABLE, TOO_LONG = "unreadable", "too_long"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")        # keeps \t and \n
_SURROGATE = re.compile("[\ud800-\udfff]")
_MESSAGE_ID = re.compile(r"[A-Za-z0-9_.:=+/-]{1,256}")


class BadText(ValueError):
    """A message the assistant cannot take: `problem` is UNREADABLE or TOO_LONG."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def clean_text(text: str) -> str:
    text = _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text.replace("\t", " "))


def resident_text(value: Any, limit: int = MAX_TEXT_LENGTH) -> str:
    """The text to hand to Rasa; raises BadText when there is none or it is too long."""
    if not isinstance(value, str):
        raise BadText(UNREADABLE)
    if len(value) > 4 * limit:           # not worth cleaning: too long whatever it holds
        raise BadText(TOO_LONG)
    text = clean_text(value).strip()
    if not text:
        raise BadText(UNREADABLE)
    if len(text) > limit:
        raise BadText(TOO_LONG)
    return text


def valid_sender(value: Any) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= MAX_SENDER_LENGTH and value.strip() == value
            and not _CONTROL.search(value) and not _SURROGATE.search(value) and "\t" not in value
            and "\n" not in value)


def valid_message_id(value: Any) -> bool:
    return isinstance(value, str) and _MESSAGE_ID.fullmatch(value) is not None


def _depth(value: Any) -> int:
    """How deep containers nest, without recursion (so a 10,000-level value cannot overflow)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_METADATA_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def channel_metadata(value: Any) -> Optional[dict]:
    """The metadata to pass on: {} for none, the object when acceptable; None when refused.

    A string is read as JSON (Rasa's socket.io channel allows it)."""
    if value is None:
        return {}
    if isinstance(value, str):
        if len(value) > MAX_METADATA_BYTES:
            return None
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return None
    if not isinstance(value, dict) or _depth(value) > MAX_METADATA_DEPTH:
        return None
    try:
        size = len(json.dumps(value, ensure_ascii=False).encode("utf-8", errors="replace"))
    except (TypeError, ValueError, RecursionError):
        return None
    return value if size <= MAX_METADATA_BYTES else None
