"""The two webhooks in a real Sanic app (as Rasa mounts them), with a recording bot in place
of Rasa's agent and the fake Twilio/Meta server receiving the replies. The same webhooks
against the real Rasa are in tests/e2e/test_sms.py and test_whatsapp.py."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import uuid
from typing import Dict, List

import httpx
import pytest
from sanic import Sanic

from bot.channels.sms import SmsInput
from bot.channels.whatsapp import WhatsAppInput
from tests.fake_provider import FakeProvider

PUBLIC = "https://assistant.example"
MENU = {"text": "Bonjour !", "buttons": [{"title": "Aide", "payload": "/help"},
                                         {"title": "English", "payload": '/choose_language{"ui_language":"en"}'}]}


class RecordingBot:
    """Stands for Rasa's agent: records what it receives, answers with a menu; can be held."""

    def __init__(self) -> None:
        self.received: List[str] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, message) -> None:
        await self.release.wait()
        self.received.append(message.text)
        await message.output_channel.send_response(message.sender_id, MENU)


@pytest.fixture
def fake():
    server = FakeProvider().start()
    yield server
    server.stop()


@pytest.fixture
async def hooks(tmp_path, fake, monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)   # several apps in one process (Sanic's own tests do so)
    bot = RecordingBot()
    sms = SmsInput("AC1", "tok", "secret", api_base_url=fake.url, public_url=PUBLIC, state_db=str(tmp_path / "c.db"))
    wa = WhatsAppInput("PN", "wa-token", "app-secret", "verify", "secret", api_base_url=fake.url,
                       state_db=str(tmp_path / "c.db"))
    app = Sanic(f"hooks_{uuid.uuid4().hex[:8]}")
    app.blueprint(sms.blueprint(bot), url_prefix="/webhooks/sms")
    app.blueprint(wa.blueprint(bot), url_prefix="/webhooks/whatsapp")
    await app._startup()   # what Sanic does before serving: routes finalised
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://10.0.0.5:5005") as client:
        yield client, bot, sms, wa


def twilio_form(body: str, sid: str) -> Dict[str, str]:
    return {"From": "+33612345678", "To": "+33757000123", "Body": body, "MessageSid": sid, "FromCity": ""}


def twilio_headers(form: Dict[str, str], url: str = PUBLIC + "/webhooks/sms/webhook") -> Dict[str, str]:
    signed = url + "".join(k + form[k] for k in sorted(form))
    return {"X-Twilio-Signature": base64.b64encode(hmac.new(b"tok", signed.encode(), hashlib.sha1).digest()).decode()}


async def test_sms_refused_unless_signed_for_the_public_url(hooks, fake):
    client, bot, sms, _ = hooks
    form = twilio_form("Bonjour", "SM1")
    for headers in ({}, twilio_headers(form, "http://10.0.0.5:5005/webhooks/sms/webhook")):
        answer = await client.post("/webhooks/sms/webhook", data=form, headers=headers)
        assert answer.status_code == 403
    await sms.turns.drain()
    assert bot.received == [] and fake.requests == []


async def test_sms_answers_before_the_turn_and_processes_a_retry_once(hooks, fake):
    client, bot, sms, _ = hooks
    bot.release.clear()                                   # the bot is busy (a slow city look-up)
    form = twilio_form("Bonjour", "SM2")
    for _ in range(2):
        answer = await client.post("/webhooks/sms/webhook", data=form, headers=twilio_headers(form))
        assert answer.status_code == 200 and "<Response></Response>" in answer.text
    assert bot.received == []                             # answered while the turn waits
    bot.release.set()
    await sms.turns.drain()
    assert bot.received == ["Bonjour"]
    [sent] = fake.delivered()
    assert sent.form["To"] == "+33612345678" and sent.form["From"] == "+33757000123"
    assert sent.form["Body"].endswith("1. Aide\n2. English\n\nRépondez 1 ou 2.")


async def test_a_number_sent_right_after_a_menu_is_read_against_it(hooks):
    client, bot, sms, _ = hooks
    bot.release.clear()
    for body, sid in (("Bonjour", "SM3"), ("2", "SM4")):  # the second arrives before the first is answered
        form = twilio_form(body, sid)
        await client.post("/webhooks/sms/webhook", data=form, headers=twilio_headers(form))
    bot.release.set()
    await sms.turns.drain()
    assert bot.received == ["Bonjour", '/choose_language{"ui_language":"en"}']


def meta_post(client, payload: dict, secret: bytes = b"app-secret"):
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()
    return client.post("/webhooks/whatsapp/webhook", content=raw,
                       headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"})


def meta_message(message_id: str, **content) -> dict:
    message = {"id": message_id, "from": "33612345678", **content}
    return {"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": "PN"}, "messages": [message]}}]}]}


async def test_whatsapp_challenge_signature_and_choices(hooks, fake):
    client, bot, _, wa = hooks
    ok = await client.get("/webhooks/whatsapp/webhook",
                          params={"hub.mode": "subscribe", "hub.verify_token": "verify", "hub.challenge": "7"})
    assert (ok.status_code, ok.text) == (200, "7")
    hello = meta_message("w1", type="text", text={"body": "Bonjour"})
    assert (await meta_post(client, hello, secret=b"wrong")).status_code == 403
    assert (await meta_post(client, hello)).status_code == 200
    assert (await meta_post(client, hello)).status_code == 200          # redelivered
    await wa.turns.drain()
    assert bot.received == ["Bonjour"]
    [sent] = fake.delivered()
    assert sent.path == "/PN/messages" and sent.headers["Authorization"] == "Bearer wa-token"
    assert sent.json["interactive"]["action"]["buttons"][1]["reply"]["id"] == '/choose_language{"ui_language":"en"}'
    tapped = meta_message("w2", type="interactive",
                          interactive={"type": "list_reply", "list_reply": {"id": "menu:1", "title": "Aide"}})
    await meta_post(client, tapped)
    await wa.turns.drain()
    assert bot.received == ["Bonjour", "/help"]
