"""Fuzz of the web chat's socket.io channel (bot/channels/web_socketio.py) over a real
websocket, as the browser talks to it: 2,650 malformed inputs.

- 2,000 packets on open connections (development): `user_uttered` events whose data is not
  an object, has a text of the wrong type, blank, with NULs and control characters or over
  5,000 characters (100 KB), a bad session id or metadata, extra arguments; packets that
  are not JSON, nested 10,000 deep, arrays of 100,000 items, events that are not a list,
  named like the library's own, binary attachments in place of data, unknown packet types.
  Each gets the answer it calls for (the assistant's reply, the polite "I could not read
  that message" in the conversation's language, nothing for unknown events), never a
  logged error; the connection stays usable, and each conversation answers normally after;
- 650 connections and messages on the channel closed by a token (production): no token,
  a token of the wrong type, garbage, expired, signed with another secret, or 100 KB: the
  connection is refused; with a valid token, messages naming another conversation are
  refused and the token's conversation is the only one the connection can talk in.
"""
from __future__ import annotations

import json
import secrets
import time
import uuid
from collections import Counter
from typing import Any, List, Optional, Tuple

import aiohttp

from bot.access_tokens import mint_token
from bot.channels.texts import channel_texts
from tests.security.fuzz_app import REPLY, closed_socketio, fuzz_app
from tests.security.fuzz_inputs import (READABLE, TOO_LONG, UNREADABLE, deep, deep_object, huge_array, rng,
                                        text_case, wrong_type)

OPEN_PACKETS = 2000
CLOSED_CASES = 650
BATCH = 50
FR = channel_texts("fr")
POLITE = {UNREADABLE: FR.unreadable, TOO_LONG: FR.too_long}


class Socket:
    """A raw socket.io connection over a websocket (Engine.IO 4), as socket.io-client makes."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    @classmethod
    async def open(cls, session: aiohttp.ClientSession, url: str, auth: Any = None) -> Tuple["Socket", str]:
        ws = await session.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket", max_msg_size=0)
        opening = (await ws.receive(timeout=30)).data
        assert opening.startswith("0"), opening
        socket = cls(ws)
        await ws.send_str("40" + ("" if auth is None else json.dumps(auth)))
        answer = await socket.packet()
        return socket, answer

    async def packet(self) -> str:
        while True:
            message = await self.ws.receive(timeout=30)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"websocket closed: {message.type}")
            if message.data == "2":          # the server's ping
                await self.ws.send_str("3")
                continue
            return message.data

    async def emit(self, *args: Any) -> None:
        await self.ws.send_str("42" + json.dumps(list(args)))

    async def replies(self, count: int) -> List[Any]:
        """The next `count` bot messages (session confirmations are skipped)."""
        found: List[Any] = []
        while len(found) < count:
            packet = await self.packet()
            assert packet.startswith("42"), packet[:200]
            name, *data = json.loads(packet[2:])
            if name == "bot_uttered":
                found.append(data[0])
        return found


def packet_case(r, session_id: str) -> Tuple[List[Any], Optional[str]]:
    """(what to send: strings are text frames, bytes binary frames; the expected reply:
    REPLY, a polite kind, or None for no reply)."""
    roll = r.random()
    message = {"session_id": session_id}
    if roll < 0.45:
        text, kind = text_case(r)
        return ["42" + json.dumps(["user_uttered", {**message, "message": text}])], \
            REPLY if kind == READABLE else kind
    if roll < 0.55:
        return ["42" + json.dumps(["user_uttered", r.choice([wrong_type(r), "bonjour", [message], 42])])], UNREADABLE
    if roll < 0.62:
        session = r.choice([None, "", 12, ["x"], {"a": 1}, "x\x00y", "x" * 200, " padded", "\ud800"])
        return ["42" + json.dumps(["user_uttered", {"session_id": session, "message": "bonjour"}])], UNREADABLE
    if roll < 0.68:
        metadata = r.choice(["not json", "[1]", 42, [1, 2], {"k": "v" * 5000}, json.dumps({"a": 1}) + "x"])
        return ["42" + json.dumps(["user_uttered", {**message, "message": "bonjour", "metadata": metadata}])], \
            UNREADABLE
    if roll < 0.72:
        return ["42" + json.dumps(["user_uttered", {**message, "message": "bonjour"}, "extra"])], UNREADABLE
    if roll < 0.93:   # packets python-socketio cannot decode or dispatch
        return [r.choice([
            "42{bad json", "42" + deep(10_000), "42" + deep_object(10_000), '42{"user_uttered": 1}', "42[]",
            "42[1]", "42" + huge_array(100_000), '42["connect", {}]', '42["disconnect"]', "4x", "49",
            '42["user_uttered"', "42null", '42"user_uttered"', "4" + "\x00" * 10, "4\ud800",
            '42["connect_error", "x"]', "42[" + deep(900) + "]",
        ])], UNREADABLE
    if roll < 0.95:   # a binary event whose attachment replaces the data: not an object
        return ['451-["user_uttered",{"_placeholder":true,"num":0}]', r.randbytes(r.choice([0, 5, 3000]))], \
            UNREADABLE
    return [r.choice(['42["no_such_event", {}]', '42["bot_uttered", "x"]', "431[]", "43[]",
                      '42["session_confirm", 1]'])], None


async def send(socket: Socket, frames: List[Any]) -> None:
    for frame in frames:
        if isinstance(frame, bytes):
            await socket.ws.send_bytes(frame)
        else:
            await socket.ws.send_str(frame.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


async def conversation(session: aiohttp.ClientSession, url: str) -> Tuple[Socket, str]:
    socket, connected = await Socket.open(session, url)
    assert connected.startswith("40"), connected
    session_id = f"web-{uuid.uuid4().hex[:12]}"
    await socket.emit("session_request", {"session_id": session_id})
    assert json.loads((await socket.packet())[2:]) == ["session_confirm", session_id]
    return socket, session_id


async def test_socketio_fuzz_gets_polite_answers_and_leaves_no_conversation_stuck(tmp_path) -> None:
    r = rng("socketio-open")
    sent = 0
    async with fuzz_app(tmp_path) as app, aiohttp.ClientSession() as session:
        sockets = [await conversation(session, app.url) for _ in range(4)]
        while sent < OPEN_PACKETS:
            socket, session_id = sockets[(sent // BATCH) % len(sockets)]
            expected: Counter = Counter()
            for _ in range(BATCH):
                frames, reply = packet_case(r, session_id)
                await send(socket, frames)
                sent += 1
                if reply is not None:
                    expected[POLITE.get(reply, reply)] += 1
            got = Counter(message.get("text") for message in await socket.replies(sum(expected.values())))
            assert got == expected
        for socket, session_id in sockets:        # still usable, and not stuck
            await socket.emit("user_uttered", {"session_id": session_id, "message": "bonjour"})
            assert [m["text"] for m in await socket.replies(1)] == [REPLY]
            await socket.ws.close()
        assert sent >= OPEN_PACKETS
        assert app.rasa.broken == []
        assert app.errors.summary() == [] and app.loop_errors == []


def connection_auth(r, secret: str, conversation_id: str) -> Tuple[Any, bool]:
    """(the connection's auth, whether it must be accepted)."""
    if r.random() < 0.4:
        return {"token": mint_token(conversation_id, secret)}, True
    return r.choice([
        (None, False), ({}, False), ("token", False), ([1], False), ({"token": None}, False), ({"token": 12}, False),
        ({"token": ""}, False), ({"token": "not.a.jwt"}, False), ({"token": "x" * 100_000}, False),
        ({"token": mint_token(conversation_id, secret, ttl_seconds=60, now=time.time() - 61)}, False),
        ({"token": mint_token(conversation_id, secrets.token_urlsafe(32))}, False),
        ({"token": "\x00" + mint_token(conversation_id, secret)}, False),
    ]), False


async def test_the_closed_channel_takes_only_valid_tokens_and_their_conversation() -> None:
    r = rng("socketio-closed")
    secret = secrets.token_urlsafe(32)
    cases = accepted = 0
    async with closed_socketio(secret) as (url, rasa, errors), aiohttp.ClientSession() as session:
        while cases < CLOSED_CASES:
            conversation_id = f"web-{uuid.uuid4().hex[:12]}"
            auth, valid = connection_auth(r, secret, conversation_id)
            socket, answer = await Socket.open(session, url, auth)
            cases += 1
            if not valid:
                assert answer.startswith("44"), answer          # CONNECT_ERROR
                assert json.loads(answer[2:])["message"] in {"missing_token", "invalid_token"}
                await socket.ws.close()
                continue
            accepted += 1
            assert answer.startswith("40"), answer
            # Whatever session the client asks for, the connection talks in its token's.
            await socket.emit("session_request", {"session_id": r.choice([None, "web-someone-else", 5])})
            assert json.loads((await socket.packet())[2:]) == ["session_confirm", conversation_id]
            other = {"session_id": "web-someone-else", "message": "bonjour"}
            await socket.emit("user_uttered", other)
            await socket.emit("user_uttered", {"session_id": conversation_id, "message": "bonjour\x00"})
            await socket.emit("user_uttered", {"message": "encore"})
            cases += 3
            texts = Counter(m["text"] for m in await socket.replies(3))
            assert texts == Counter({REPLY: 2, FR.unreadable: 1})
            await socket.ws.close()
        assert accepted > 50 and len(rasa.received) == 2 * accepted
        assert "web-someone-else" not in {sender for _, sender, _ in rasa.received}
        assert rasa.broken == [] and errors.summary() == []
