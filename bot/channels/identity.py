"""Conversation ids from phone numbers, without the numbers.

The tracker store only ever sees `sms-<HMAC>` or `wa-<HMAC>`: an HMAC-SHA256 of the
address keyed with CHANNEL_SENDER_SECRET, so a leaked tracker cannot be turned back into
phone numbers by hashing every number of the country (a plain hash could). The number
itself lives only in memory while its turn is answered (the webhook's background task),
and nowhere else: no table maps ids back to numbers.

Twilio's WhatsApp ("whatsapp:+33612345678") and Meta's (wa_id "33612345678") give the
same id, so a resident keeps one WhatsApp conversation whichever provider carries it.
"""
from __future__ import annotations

import hashlib
import hmac
import re

_NOT_DIGITS = re.compile(r"[^\d+]")


def normalised_address(address: str) -> str:
    """'+33612345678' for SMS, 'whatsapp:+33612345678' for WhatsApp."""
    address = address.strip()
    whatsapp = address.lower().startswith("whatsapp:")
    number = _NOT_DIGITS.sub("", address.split(":", 1)[1] if whatsapp else address)
    if number and not number.startswith("+"):
        number = "+" + number
    return f"whatsapp:{number}" if whatsapp else number


_ADDRESS = re.compile(r"(?i:whatsapp:)?\s*\+?[0-9 ().-]{3,32}")


def is_phone_address(address: object) -> bool:
    """A number a provider could have sent ("+33612345678", "whatsapp:+33...", a short code)."""
    if not isinstance(address, str) or not _ADDRESS.fullmatch(address.strip()):
        return False
    return 3 <= sum(ch in "0123456789" for ch in address) <= 20


def is_whatsapp(address: str) -> bool:
    return address.strip().lower().startswith("whatsapp:")


class SenderIds:
    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("CHANNEL_SENDER_SECRET is empty: phone numbers cannot be hashed")
        self._key = secret.encode()

    def sender_id(self, address: str) -> str:
        address = normalised_address(address)
        digest = hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{'wa' if is_whatsapp(address) else 'sms'}-{digest}"
