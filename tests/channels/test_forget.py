""""Forget me" through the channels, with the production kind of stores: the real tracker
store (SQLite), the atomic Redis lock store on the local Redis (127.0.0.1:6379) and the
channels' state file (bot/channels/state.py). After a resident asks to be forgotten on SMS,
WhatsApp or the web chat, nothing of their conversation is left in any of them: no event,
no lock key, no menu, no message id; another resident's stay.

Rasa's side does what the agent does around a turn: it takes the conversation's lock,
applies the turn's events and saves the tracker (where "forget me" happens), and answers
with a menu, which the phone channels remember.
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
import redis
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, AllSlotsReset, SessionStarted, UserUttered
from sanic import Sanic

from bot import forgetting
from bot.channels.identity import SenderIds
from bot.channels.sms import SmsInput
from bot.channels.state import ChannelState
from bot.channels.web_socketio import WebSocketIOInput
from bot.channels.whatsapp import WhatsAppInput
from bot.cli.stack import ROOT
from bot.lock_store import AtomicRedisLockStore
from bot.tracker_store import PrivacySQLTrackerStore
from tests.security.fuzz_app import Outbox, serve
from tests.security.test_fuzz_phone import meta_signature, twilio_signature
from tests.security.test_fuzz_socketio import Socket

import tests.security.fuzz_app as secrets_of   # the phone channels' test secrets

MENU = {"text": "Bonjour !", "buttons": [{"title": "Horaires", "payload": "/ask_hours"},
                                         {"title": "Aide", "payload": "/help"}]}


@pytest.fixture(scope="module")
def domain() -> Domain:
    files = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
    return Domain.load([str(f) for f in files])


@pytest.fixture
def locks():
    prefix = f"forgettest{uuid.uuid4().hex[:10]}"
    try:
        store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=0, key_prefix=prefix)
        store.red.ping()
    except redis.RedisError as error:
        pytest.fail(f"the local Redis is needed (127.0.0.1:6379): {error}")
    yield store
    keys = list(store.red.scan_iter(match=f"{prefix}:*"))
    if keys:
        store.red.delete(*keys)


class Rasa:
    """The agent's part of a turn, on real stores."""

    def __init__(self, tracker_store: PrivacySQLTrackerStore, locks: AtomicRedisLockStore) -> None:
        self.tracker_store, self.locks = tracker_store, locks
        self.agent = SimpleNamespace(tracker_store=tracker_store, lock_store=locks, processor=None)

    async def __call__(self, message) -> None:
        async with self.locks.lock(message.sender_id):
            tracker = await self.tracker_store.get_or_create_tracker(message.sender_id, append_action_listen=False)
            forget = message.text == "oublie-moi"
            events = [] if tracker.events else [ActionExecuted("action_session_start"), SessionStarted()]
            events.append(UserUttered(message.text, {"name": "forget_me" if forget else "greet", "confidence": 1.0}))
            events += [ActionExecuted("action_forget_me"), AllSlotsReset()] if forget else []
            for event in events + [ActionExecuted("action_listen")]:
                tracker.update(event)
            await self.tracker_store.save(tracker)
            await message.output_channel.send_response(message.sender_id, {"text": "C'est oublié."} if forget
                                                       else MENU)


def channel_rows(path: Path, sender_id: str) -> list:
    with sqlite3.connect(path) as db:
        return [row for table in ("menus", "seen_messages")
                for row in db.execute(f"SELECT * FROM {table}") if sender_id in row]


def sms_post(number: str, body: str) -> tuple:
    raw = f"MessageSid=SM{uuid.uuid4().hex}&From=%2B{number[1:]}&To=%2B33757000123&Body={body}".encode()
    return raw, {"Content-Type": "application/x-www-form-urlencoded",
                 "X-Twilio-Signature": twilio_signature(secrets_of.PUBLIC_URL + "/webhooks/sms/webhook", raw)}


def whatsapp_post(number: str, body: str) -> tuple:
    message = {"from": number[1:], "id": f"wamid.{uuid.uuid4().hex}", "type": "text", "text": {"body": body}}
    raw = json.dumps({"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": secrets_of.PHONE_NUMBER_ID},
                                                        "messages": [message]}}]}]}).encode()
    return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(raw)}


async def test_forget_me_leaves_nothing_of_the_resident_in_any_store(tmp_path: Path, domain: Domain, locks,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Sanic, "test_mode", True)
    tracker_store = PrivacySQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    rasa, outbox, state_db = Rasa(tracker_store, locks), Outbox(), tmp_path / "channels.db"
    sms = SmsInput("AC1", secrets_of.TWILIO_TOKEN, secrets_of.SENDER_SECRET, public_url=secrets_of.PUBLIC_URL,
                   state_db=str(state_db))
    wa = WhatsAppInput(secrets_of.PHONE_NUMBER_ID, "wa-token", secrets_of.META_SECRET, "verify",
                       secrets_of.SENDER_SECRET, state_db=str(state_db))
    sms.twilio.send, wa.meta.send = outbox.send_sms, outbox.send_whatsapp
    web = WebSocketIOInput(session_persistence=True)
    app = Sanic(f"forget_{uuid.uuid4().hex[:8]}")
    app.ctx.agent = rasa.agent
    app.blueprint(sms.blueprint(rasa), url_prefix="/webhooks/sms")
    app.blueprint(wa.blueprint(rasa), url_prefix="/webhooks/whatsapp")
    app.blueprint(web.blueprint(rasa))
    senders = SenderIds(secrets_of.SENDER_SECRET)
    resident, neighbour = "+33611110000", "+33622220000"
    try:
        async with serve(app) as url, aiohttp.ClientSession() as http:
            for path, post, address in (("/webhooks/sms/webhook", sms_post, resident),
                                        ("/webhooks/whatsapp/webhook", whatsapp_post, f"whatsapp:{resident}")):
                for number, text in ((resident, "bonjour"), (neighbour, "bonjour"), (resident, "oublie-moi")):
                    raw, headers = post(number, text)
                    async with http.post(url + path, data=raw, headers=headers) as answer:
                        assert answer.status == 200
                    await sms.turns.drain()
                    await wa.turns.drain()
                    if text == "bonjour" and number == resident:      # the menu is remembered...
                        assert await ChannelState(state_db).menu(senders.sender_id(address)) == ["/ask_hours", "/help"]
                sender_id = senders.sender_id(address)
                assert channel_rows(state_db, sender_id) == []          # ...and forgotten with the rest
                assert channel_rows(state_db, senders.sender_id(address.replace(resident, neighbour)))
                assert await tracker_store.retrieve(sender_id) is None
                assert list(locks.red.scan_iter(match=f"*{sender_id}*")) == []

            socket, connected = await Socket.open(http, url)
            assert connected.startswith("40")
            session_id = f"web-{uuid.uuid4().hex[:12]}"
            await socket.emit("session_request", {"session_id": session_id})
            await socket.packet()
            for text in ("bonjour", "oublie-moi"):
                await socket.emit("user_uttered", {"session_id": session_id, "message": text})
                await socket.replies(1)
            await socket.ws.close()
            assert await tracker_store.retrieve(session_id) is None
            # The reply leaves during the turn; the lock goes once the turn is over.
            for _ in range(200):
                if not list(locks.red.scan_iter(match=f"*{session_id}*")):
                    break
                await asyncio.sleep(0.05)
            assert list(locks.red.scan_iter(match=f"*{session_id}*")) == []
        assert ("+" + resident[1:], "C'est oublié.") in outbox.sent
    finally:
        tracker_store.engine.dispose()


def test_forgetting_reaches_every_open_state_file_and_only_the_resident(tmp_path: Path) -> None:
    first, second = ChannelState(tmp_path / "a.db"), ChannelState(tmp_path / "b" / "c.db")
    for state in (first, second):
        for sender in ("sms-resident", "sms-other"):
            state.claim_now("sms", f"SM-{sender}-{state.path.name}", sender)
            state.remember_menu_now(sender, ["/help"])
    assert forgetting.forget_elsewhere("sms-resident") >= 1
    for state in (first, second):
        assert channel_rows(state.path, "sms-resident") == []
        assert len(channel_rows(state.path, "sms-other")) == 2
