"""The four channels as Rasa mounts them, served in-process on a real port, for the fuzz.

One Sanic app carries the REST channel closed by a token (/webhooks/rest) and open as in
development (/open/rest), the socket.io channel (/socket.io, open; `closed_socketio` serves
it closed by a token on an app of its own), the SMS and WhatsApp webhooks, whose replies
are recorded in place of Twilio's and Meta's APIs (`Outbox`: what goes out over HTTP is
tested in tests/channels and tests/e2e; here thousands of replies must stay cheap). A real
port rather than ASGI: socket.io's websocket, raw bodies and any content type go over the
wire as a browser or a provider sends them.

Rasa's side is `RecordingRasa`: what `agent.handle_message` does around a turn (the
conversation's lock, from Rasa's own InMemoryLockStore, so a lock left behind would block
the next message) with a fixed answer, recording every promise of the channels it sees
broken (a text not cleaned, too long, a conversation id that is not one). The agent the
channels see holds a real Rasa tracker store, for the conversation's language.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, AsyncIterator, List, Tuple

import httpx
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from sanic import Sanic

from bot.channels.rest_auth import TokenRestInput
from bot.channels.sms import SmsInput
from bot.channels.web_socketio import WebSocketIOInput
from bot.channels.whatsapp import WhatsAppInput
from bot.cli.stack import free_port

REPLY = "reçu"
REST_SECRET = secrets.token_urlsafe(32)
TWILIO_TOKEN, META_SECRET, SENDER_SECRET = secrets.token_hex(16), secrets.token_hex(16), secrets.token_urlsafe(24)
PUBLIC_URL = "https://assistant.levallois.example"
PHONE_NUMBER_ID = "106540352242922"
DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
""")


class RecordingRasa:
    def __init__(self) -> None:
        self.lock_store = InMemoryLockStore()
        self.received: List[Tuple[str, str, str]] = []     # (channel, conversation, text)
        self.broken: List[str] = []

    async def __call__(self, message: UserMessage) -> None:
        async with self.lock_store.lock(message.sender_id, wait_time_in_seconds=0.01):
            text, sender = message.text, message.sender_id
            if not isinstance(text, str) or not text.strip() or len(text) > 5000 \
                    or any(ord(ch) < 32 and ch not in "\n" for ch in text) \
                    or any(0xD800 <= ord(ch) <= 0xDFFF or 0x7F <= ord(ch) <= 0x9F for ch in text):
                self.broken.append(f"text {text!r:.80}")
            if not isinstance(sender, str) or not 0 < len(sender) <= 128 or any(ord(ch) < 32 for ch in sender):
                self.broken.append(f"sender {sender!r:.80}")
            if message.metadata is not None and not isinstance(message.metadata, dict):
                self.broken.append(f"metadata {message.metadata!r:.80}")
            self.received.append((message.input_channel, sender, text))
            await message.output_channel.send_response(sender, {"text": REPLY})   # as Rasa does


class Outbox:
    """Stands for Twilio's and Meta's message APIs: (recipient's number, text) of each message."""

    def __init__(self) -> None:
        self.sent: List[Tuple[str, str]] = []

    async def send_sms(self, to: str, sender: str, body: str) -> bool:
        self.sent.append((to, body))
        return True

    async def send_whatsapp(self, message: dict) -> bool:
        body = (message.get("text") or {}).get("body") or message["interactive"]["body"]["text"]
        self.sent.append(("+" + message["to"], body))
        return True


class ErrorRecords(logging.Handler):
    """Every record at ERROR or above, from any logger: a traceback is a failed input."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: List[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def summary(self) -> List[str]:
        return [f"{r.name}: {r.getMessage()[:200]} {r.exc_info[1]!r:.200}" if r.exc_info else
                f"{r.name}: {r.getMessage()[:200]}" for r in self.records]


@dataclass
class FuzzApp:
    url: str
    http: httpx.AsyncClient
    rasa: RecordingRasa
    outbox: Outbox
    sms: SmsInput
    whatsapp: WhatsAppInput
    socketio: WebSocketIOInput
    tracker_store: InMemoryTrackerStore
    errors: ErrorRecords
    loop_errors: List[dict] = field(default_factory=list)

    async def drain(self) -> None:
        """Waits for the phone turns running in the background."""
        await self.sms.turns.drain()
        await self.whatsapp.turns.drain()


@asynccontextmanager
async def serve(app: Sanic) -> AsyncIterator[str]:
    """Serves `app` on a free port of this process's loop, as `sanic` would."""
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True,
                                     access_log=False)
    await server.startup()
    await server.before_start()
    await server.start_serving()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


def _app(name: str, agent: Any) -> Sanic:
    app = Sanic(f"{name}_{uuid.uuid4().hex[:8]}")
    app.ctx.agent = agent
    app.config.WEBSOCKET_MAX_SIZE = 2 ** 20
    return app


@asynccontextmanager
async def fuzz_app(tmp_path: Path) -> AsyncIterator[FuzzApp]:
    rasa, errors = RecordingRasa(), ErrorRecords()
    tracker_store = InMemoryTrackerStore(DOMAIN)
    agent = SimpleNamespace(tracker_store=tracker_store, lock_store=rasa.lock_store, processor=None)
    outbox = Outbox()
    loop = asyncio.get_running_loop()
    loop_errors: List[dict] = []
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: loop_errors.append(context))
    logging.getLogger().addHandler(errors)
    test_mode, Sanic.test_mode = Sanic.test_mode, True   # several apps in one process

    class OpenRestInput(TokenRestInput):   # a blueprint name of its own
        pass

    try:
        app = _app("fuzz", agent)
        state_db = str(tmp_path / "channels.db")
        sms = SmsInput("AC" + secrets.token_hex(16), TWILIO_TOKEN, SENDER_SECRET, public_url=PUBLIC_URL,
                       state_db=state_db)
        whatsapp = WhatsAppInput(PHONE_NUMBER_ID, "wa-token", META_SECRET, "verify", SENDER_SECRET,
                                 state_db=state_db)
        sms.twilio.send, whatsapp.meta.send = outbox.send_sms, outbox.send_whatsapp
        socketio = WebSocketIOInput(session_persistence=True)
        app.blueprint(TokenRestInput(REST_SECRET).blueprint(rasa), url_prefix="/webhooks/rest")
        app.blueprint(OpenRestInput(None).blueprint(rasa), url_prefix="/open/rest")
        app.blueprint(socketio.blueprint(rasa))
        app.blueprint(sms.blueprint(rasa), url_prefix="/webhooks/sms")
        app.blueprint(whatsapp.blueprint(rasa), url_prefix="/webhooks/whatsapp")
        async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
            running = FuzzApp(url, http, rasa, outbox, sms, whatsapp, socketio, tracker_store, errors,
                              loop_errors)
            yield running
            await running.drain()
    finally:
        Sanic.test_mode = test_mode
        logging.getLogger().removeHandler(errors)
        loop.set_exception_handler(previous_handler)


@asynccontextmanager
async def closed_socketio(secret: str) -> AsyncIterator[Tuple[str, RecordingRasa, ErrorRecords]]:
    """The socket.io channel as in production: REST_TOKEN_SECRET set."""
    rasa, errors = RecordingRasa(), ErrorRecords()
    agent = SimpleNamespace(tracker_store=InMemoryTrackerStore(DOMAIN), lock_store=rasa.lock_store, processor=None)
    test_mode, Sanic.test_mode = Sanic.test_mode, True
    logging.getLogger().addHandler(errors)
    try:
        channel = WebSocketIOInput(session_persistence=True)
        channel.token_secret = secret
        app = _app("closed_socketio", agent)
        app.blueprint(channel.blueprint(rasa))
        async with serve(app) as url:
            yield url, rasa, errors
    finally:
        Sanic.test_mode = test_mode
        logging.getLogger().removeHandler(errors)
