"""SMS bodies: GSM-7 when the text allows it, and messages cut at sentence boundaries.

Encoding. A text entirely in the GSM-7 alphabet costs 153 characters per segment (in a
long message); one character outside it makes the whole message UCS-2, 67 per segment.
Typographic marks the assistant writes (’ « » – — … and non-breaking spaces) have plain
GSM-7 equivalents, so they are replaced when that makes the whole text GSM-7 (and, in a
UCS-2 reply, in each message that is GSM-7 on its own). Letters are never changed: French
with ê, ç, ô... and Arabic or Ukrainian stay UCS-2, untouched.

Length. Every message stays within 3 segments: 320 GSM-7 characters (Twilio's advice for
reliable delivery; extension characters such as € count twice), or 201 UTF-16 units in
UCS-2 (3 × 67). WhatsApp carries Unicode and long bodies: 1,600 characters through Twilio.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, List

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")   # sent as ESC + character: two septets each

GSM7_LIMIT = 320          # characters (septets) per GSM-7 message
UCS2_LIMIT = 3 * 67       # UTF-16 units per UCS-2 message
WHATSAPP_LIMIT = 1600     # Twilio's limit for a WhatsApp body

_TYPOGRAPHY = [
    (re.compile(r"«[\s\u00a0\u202f]*"), '"'),
    (re.compile(r"[\s\u00a0\u202f]*»"), '"'),
    (re.compile("[\u2018\u2019\u201a\u201b\u2032]"), "'"),
    (re.compile("[\u201c\u201d\u201e\u2033]"), '"'),
    (re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"), "-"),
    (re.compile("\u2026"), "..."),
    (re.compile("[\u00a0\u202f\u2009\u2007\u2002\u2003]"), " "),
    (re.compile("\u2022"), "-"),
]

# A sentence ends with . ! ? … or the Arabic ؟ after a letter (so "1. Horaires" and
# "9 h 00." are not cut), followed by spaces.
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?…؟])\s+")


@dataclass(frozen=True)
class SmsBody:
    text: str
    encoding: str          # "GSM-7" or "UCS-2" (WhatsApp: "UCS-2", it is Unicode anyway)
    limit: int             # per message, in septets (GSM-7) or UTF-16 units (UCS-2)


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def gsm7_typography(text: str) -> str:
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    return text


def sms_body(text: str, whatsapp: bool = False) -> SmsBody:
    """The text as it will be sent: GSM-7 when typography alone stood in the way."""
    if whatsapp:
        return SmsBody(text, "UCS-2", WHATSAPP_LIMIT)
    plain = gsm7_typography(text)
    if is_gsm7(plain):
        return SmsBody(plain, "GSM-7", GSM7_LIMIT)
    return SmsBody(text, "UCS-2", UCS2_LIMIT)


def length(text: str, encoding: str) -> int:
    """Septets in GSM-7, UTF-16 code units in UCS-2 (an emoji counts two)."""
    if encoding == "GSM-7":
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def _pieces(text: str) -> Iterator[tuple]:
    """(separator before it, piece): sentences within lines; '\\n' marks a new line."""
    for index, line in enumerate(text.split("\n")):
        separator = "\n" if index else ""
        sentences = [s for s in _SENTENCE_END.split(line) if s] or [""]
        for number, sentence in enumerate(sentences):
            yield (separator if number == 0 else " "), sentence


def _cut_long(piece: str, encoding: str, limit: int) -> List[str]:
    """A sentence longer than a message: cut between words, a word only if it must."""
    parts: List[str] = []
    current = ""
    for word in piece.split(" "):
        candidate = f"{current} {word}" if current else word
        if length(candidate, encoding) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while length(word, encoding) > limit:
            cut = limit
            while length(word[:cut], encoding) > limit:
                cut -= 1
            parts.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        parts.append(current)
    return parts


def split_message(body: SmsBody) -> List[str]:
    """Messages of at most `body.limit`, cut after sentences, line breaks kept inside."""
    messages: List[str] = []
    current = ""
    for separator, piece in _pieces(body.text.strip()):
        candidate = current + separator + piece if current else piece
        if length(candidate, body.encoding) <= body.limit:
            current = candidate
            continue
        if current.strip():
            messages.append(current.strip())
        if length(piece, body.encoding) <= body.limit:
            current = piece
        else:
            *full, current = _cut_long(piece, body.encoding, body.limit)
            messages.extend(full)
    if current.strip():
        messages.append(current.strip())
    return messages


def sms_messages(text: str, whatsapp: bool = False) -> List[str]:
    """The messages to send for a reply: cut to the reply's limit, and each message that is
    GSM-7 on its own (typography aside) sent as GSM-7, even when the whole reply was not."""
    body = sms_body(text, whatsapp)
    parts = split_message(body)
    if body.encoding == "GSM-7" or whatsapp:
        return parts
    return [plain if is_gsm7(plain := gsm7_typography(part)) else part for part in parts]
