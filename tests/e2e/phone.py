"""SMS and WhatsApp residents for the end-to-end tests, and the fake Twilio/Meta server.

PHONE holds this session's secrets and the fake server's port: conftest.py passes
`PHONE.rasa_env()` to the stack, so Rasa's channels check signatures with these secrets
and send their replies to the fake server. Signatures are computed here from the
providers' documented algorithms, not with the code under test.
"""
from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import json
import secrets
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import pytest

from bot.cli.stack import Stack, free_port
from tests.fake_provider import FakeProvider


@dataclass(frozen=True)
class PhoneSettings:
    provider_port: int = field(default_factory=free_port)
    account_sid: str = field(default_factory=lambda: "AC" + secrets.token_hex(16))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    sender_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    public_url: str = "https://assistant.levallois.example"   # what Twilio "called", behind a proxy
    whatsapp_number_id: str = "106540352242922"
    whatsapp_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    whatsapp_app_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    whatsapp_verify_token: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    @property
    def provider_url(self) -> str:
        return f"http://127.0.0.1:{self.provider_port}"

    def rasa_env(self) -> Dict[str, str]:
        return {
            "CHANNEL_SENDER_SECRET": self.sender_secret,
            "TWILIO_ACCOUNT_SID": self.account_sid, "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_API_BASE_URL": self.provider_url, "SMS_PUBLIC_URL": self.public_url,
            "WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_number_id, "WHATSAPP_ACCESS_TOKEN": self.whatsapp_token,
            "WHATSAPP_APP_SECRET": self.whatsapp_app_secret, "WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token,
            "WHATSAPP_API_BASE_URL": self.provider_url + "/v21.0",
        }


PHONE = PhoneSettings()
CITY_NUMBER = "+33757000123"          # the assistant's Twilio number


_PROVIDER: List[FakeProvider] = []


@pytest.fixture(scope="session")
def provider() -> FakeProvider:
    """The fake Twilio/Meta server on PHONE.provider_port, started once for the session
    (each test module imports this fixture: they must share the one server on that port)."""
    if not _PROVIDER:
        _PROVIDER.append(FakeProvider(PHONE.provider_port).start())
        atexit.register(_PROVIDER[0].stop)
    return _PROVIDER[0]


def new_number() -> str:
    return "+336" + str(uuid.uuid4().int)[:8]


def twilio_signature(token: str, url: str, params: Dict[str, str]) -> str:
    """Twilio's documented scheme: base64(HMAC-SHA1(url + sorted name+value pairs))."""
    signed = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


class SmsResident:
    """A phone writing to the assistant's Twilio number, as Twilio would deliver it."""

    PATH = "/webhooks/sms/webhook"

    def __init__(self, stack: Stack, provider: FakeProvider, number: Optional[str] = None,
                 ours: str = CITY_NUMBER) -> None:
        self.stack, self.provider = stack, provider
        self.number, self.ours = number or new_number(), ours
        self.received = 0

    def form(self, body: str, sid: Optional[str] = None) -> Dict[str, str]:
        sid = sid or "SM" + uuid.uuid4().hex
        return {"ToCountry": "FR", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0",
                "ToCity": "", "FromCity": "", "Body": body, "FromCountry": "FR", "To": self.ours,
                "MessageSid": sid, "AccountSid": PHONE.account_sid,
                "From": self.number, "ApiVersion": "2010-04-01", "NumSegments": "1"}

    def post(self, body: str, sid: Optional[str] = None, token: Optional[str] = None,
             signed_url: Optional[str] = None, sign: bool = True) -> httpx.Response:
        form = self.form(body, sid)
        headers = {}
        if sign:
            url = signed_url or PHONE.public_url + self.PATH
            headers["X-Twilio-Signature"] = twilio_signature(token or PHONE.auth_token, url, form)
        return httpx.post(self.stack.rasa_url + self.PATH, data=form, headers=headers, timeout=30)

    def send(self, body: str) -> List[str]:
        """Sends a message and returns the bodies of the SMS that answer it."""
        answer = self.post(body)
        assert answer.status_code == 200, answer.text
        replies = self.provider.wait_for(self.number, after=self.received)
        self.received += len(replies)
        assert replies, f"no reply to {body!r}"
        for reply in replies:
            assert reply.form["From"] == self.ours
            assert reply.path == f"/2010-04-01/Accounts/{PHONE.account_sid}/Messages.json"
        return [r.form["Body"] for r in replies]


class WhatsAppResident:
    """A WhatsApp user writing to the city's business number, as Meta would deliver it."""

    PATH = "/webhooks/whatsapp/webhook"

    def __init__(self, stack: Stack, provider: FakeProvider) -> None:
        self.stack, self.provider = stack, provider
        self.wa_id = new_number()[1:]
        self.received = 0

    def payload(self, message: Dict[str, Any]) -> Dict[str, Any]:
        message = {"from": self.wa_id, "id": "wamid." + uuid.uuid4().hex, "timestamp": "1764572400", **message}
        value = {"messaging_product": "whatsapp",
                 "metadata": {"display_phone_number": "33757000123", "phone_number_id": PHONE.whatsapp_number_id},
                 "contacts": [{"profile": {"name": "Resident"}, "wa_id": self.wa_id}], "messages": [message]}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}

    def post(self, payload: Dict[str, Any], secret: Optional[str] = None, sign: bool = True) -> httpx.Response:
        raw = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if sign:
            digest = hmac.new((secret or PHONE.whatsapp_app_secret).encode(), raw, hashlib.sha256).hexdigest()
            headers["X-Hub-Signature-256"] = "sha256=" + digest
        return httpx.post(self.stack.rasa_url + self.PATH, content=raw, headers=headers, timeout=30)

    def send(self, message: Dict[str, Any]) -> List[Dict[str, Any]]:
        answer = self.post(self.payload(message))
        assert answer.status_code == 200, answer.text
        replies = self.provider.wait_for(self.wa_id, after=self.received)
        self.received += len(replies)
        assert replies, f"no reply to {message!r}"
        for reply in replies:
            assert reply.path == f"/v21.0/{PHONE.whatsapp_number_id}/messages"
            assert reply.headers.get("Authorization") == f"Bearer {PHONE.whatsapp_token}"
        return [r.json for r in replies]

    def say(self, text: str) -> List[Dict[str, Any]]:
        return self.send({"type": "text", "text": {"body": text}})

    def tap(self, choice_id: str, title: str, kind: str = "button_reply") -> List[Dict[str, Any]]:
        interactive = {"type": kind, kind: {"id": choice_id, "title": title}}
        return self.send({"type": "interactive", "interactive": interactive})


def tracker_events(stack: Stack, kind: Optional[str] = None) -> List[Dict[str, Any]]:
    """Every stored event (any conversation), decoded; only user events with kind='user'."""
    path = Path(stack.config.var_dir) / "tracker.db"
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT type_name, data FROM events").fetchall()
    return [json.loads(data) for type_name, data in rows if kind is None or type_name == kind]


def tracker_dump(stack: Stack) -> str:
    """The whole tracker database as text, to look for what must not be there."""
    path = Path(stack.config.var_dir) / "tracker.db"
    with sqlite3.connect(path) as db:
        return "\n".join("\n".join(map(str, row)) for row in db.execute("SELECT * FROM events"))
