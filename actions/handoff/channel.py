"""Where the resident is talking from, and the address a reply can go to.

- socket.io: the city page (`web`) or the kiosk (`kiosk`: the widget sends `surface`);
- SMS and Twilio's WhatsApp (`sms`), Meta's WhatsApp (`whatsapp`): the channel passes the
  resident's address in the message's metadata (`reply_address`, never stored: the tracker
  store blanks phone numbers); the action reads it only once the resident has agreed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rasa_sdk import Tracker

PHONE_CHANNELS = {"sms", "whatsapp"}


@dataclass(frozen=True)
class Channel:
    name: str                         # web, kiosk, rest, sms, whatsapp, other
    reply_address: Optional[str] = None
    reply_from: Optional[str] = None

    @property
    def by_phone(self) -> bool:
        """The resident writes from a phone: a reply or a call can go to this number."""
        return self.name in PHONE_CHANNELS and bool(self.reply_address)


def input_channel(tracker: Tracker) -> Optional[str]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("input_channel")
    return None


def channel_of(tracker: Tracker) -> Channel:
    name = input_channel(tracker) or ""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    if name == "socketio":
        # The kiosk's widget says so in each message's metadata (bot/web/static/chat.js).
        kiosk = "kiosk" in (metadata.get("client"), metadata.get("surface"))
        return Channel("kiosk" if kiosk else "web")
    if name in PHONE_CHANNELS:
        address = metadata.get("reply_address")
        return Channel(name, address if isinstance(address, str) else None,
                       metadata.get("reply_from") if isinstance(metadata.get("reply_from"), str) else None)
    if name in {"rest", "cmdline"}:
        return Channel("rest")
    return Channel("other")
