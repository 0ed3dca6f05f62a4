"""The web chat's socket.io channel in production: a connection needs a short-lived token
naming its conversation, which the web app hands out (bot/web/chat_session.py). Without a
token, with an expired or foreign one, the connection is refused and nothing reaches Rasa;
with the web app's token the connection talks in that conversation only."""
from __future__ import annotations

import json
import secrets
import time

import aiohttp
import jwt
import pytest
from fastapi.testclient import TestClient

from bot.access_tokens import AUDIENCE, InvalidToken, MAX_TTL_SECONDS, mint_token, renew_token
from bot.channels.web_socketio import WebSocketIOInput
from tests.security.fuzz_app import REPLY, closed_socketio
from tests.security.test_fuzz_socketio import Socket

SECRET = secrets.token_urlsafe(32)


async def refused(url: str, auth) -> str:
    async with aiohttp.ClientSession() as session:
        socket, answer = await Socket.open(session, url, auth)
        await socket.ws.close()
    assert answer.startswith("44"), answer          # socket.io's CONNECT_ERROR
    return json.loads(answer[2:])["message"]


async def test_a_connection_without_a_valid_token_is_refused() -> None:
    async with closed_socketio(SECRET) as (url, rasa, errors):
        assert await refused(url, None) == "missing_token"
        assert await refused(url, {"token": ""}) == "missing_token"
        expired = mint_token("web-1", SECRET, ttl_seconds=60, now=time.time() - 61)
        assert await refused(url, {"token": expired}) == "invalid_token"
        assert await refused(url, {"token": mint_token("web-1", secrets.token_urlsafe(32))}) == "invalid_token"
        unsigned = jwt.encode({"sub": "web-1", "aud": AUDIENCE, "exp": time.time() + 60}, None, algorithm="none")
        assert await refused(url, {"token": unsigned}) == "invalid_token"
        assert rasa.received == [] and errors.summary() == []


async def test_a_valid_token_talks_in_its_conversation_only() -> None:
    async with closed_socketio(SECRET) as (url, rasa, errors), aiohttp.ClientSession() as session:
        socket, answer = await Socket.open(session, url, {"token": mint_token("web-mine", SECRET)})
        assert answer.startswith("40"), answer
        await socket.emit("session_request", {"session_id": "web-yours"})
        assert json.loads((await socket.packet())[2:]) == ["session_confirm", "web-mine"]
        await socket.emit("user_uttered", {"session_id": "web-mine", "message": "bonjour"})
        assert [m["text"] for m in await socket.replies(1)] == [REPLY]
        await socket.emit("user_uttered", {"session_id": "web-yours", "message": "bonjour"})
        [refusal] = await socket.replies(1)
        assert refusal["text"].startswith("Je n'ai pas pu lire ce message") and refusal["lang"] == "fr"
        await socket.ws.close()
    assert [(sender, text) for _, sender, text in rasa.received] == [("web-mine", "bonjour")]
    assert errors.summary() == []


@pytest.fixture
def web_app(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("REST_TOKEN_SECRET", SECRET)
    from bot.web.app import app
    return TestClient(app)


async def test_the_web_app_hands_out_tokens_that_open_the_channel(web_app: TestClient) -> None:
    answer = web_app.post("/chat/session", json={})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    session = answer.json()
    assert 0 < session["expires_in"] <= 900
    async with closed_socketio(SECRET) as (url, rasa, _), aiohttp.ClientSession() as client:
        socket, opened = await Socket.open(client, url, {"token": session["token"]})
        assert opened.startswith("40")
        await socket.emit("session_request", {"session_id": None})
        assert json.loads((await socket.packet())[2:]) == ["session_confirm", session["session_id"]]
        await socket.emit("user_uttered", {"session_id": session["session_id"], "message": "bonjour"})
        assert [m["text"] for m in await socket.replies(1)] == [REPLY]
        await socket.ws.close()
    assert [sender for _, sender, _ in rasa.received] == [session["session_id"]]
    # Renewed for the same conversation; never for a token that is expired, forged or garbage.
    renewed = web_app.post("/chat/session", json={"token": session["token"]}).json()
    assert renewed["session_id"] == session["session_id"]
    for token in (mint_token(session["session_id"], SECRET, ttl_seconds=60, now=time.time() - 61),
                  mint_token(session["session_id"], secrets.token_urlsafe(32)), "garbage"):
        answer = web_app.post("/chat/session", json={"token": token})
        assert answer.status_code == 401 and answer.json() == {"error": "invalid_token"}
    assert web_app.post("/chat/session", json={"token": ["x"]}).status_code == 422
    assert web_app.post("/chat/session", content=b"\xff{", headers={"Content-Type": "application/json"}
                        ).status_code == 400
    # Each new session is a new conversation.
    assert web_app.post("/chat/session").json()["session_id"] != session["session_id"]


def test_without_the_secret_the_web_app_hands_out_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REST_TOKEN_SECRET", raising=False)
    from bot.web.app import app
    assert TestClient(app).post("/chat/session", json={}).json() == {"session_id": None, "token": None}


def test_a_conversation_is_renewed_for_a_day_at_most() -> None:
    now = int(time.time())
    claims = lambda token: jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)  # noqa: E731
    recent = mint_token("web-1", SECRET, since=now - 600)
    assert claims(renew_token(recent, SECRET))["since"] == now - 600          # the first token's time is kept
    old = mint_token("web-1", SECRET, since=now - MAX_TTL_SECONDS + 100)
    assert claims(renew_token(old, SECRET))["exp"] <= now - MAX_TTL_SECONDS + 100 + MAX_TTL_SECONDS
    with pytest.raises(InvalidToken):
        renew_token(mint_token("web-1", SECRET, since=now - MAX_TTL_SECONDS), SECRET)
    with pytest.raises(InvalidToken):                                           # expired: nothing to renew
        renew_token(mint_token("web-1", SECRET, ttl_seconds=60, now=now - 61), SECRET)


def test_production_refuses_an_open_socketio_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
    monkeypatch.delenv("REST_TOKEN_SECRET", raising=False)
    monkeypatch.setenv("ASSISTANT_ENV", "production")
    with pytest.raises(ValueError, match="REST_TOKEN_SECRET"):
        WebSocketIOInput.from_credentials(credentials)
    monkeypatch.setenv("REST_TOKEN_SECRET", SECRET)
    assert WebSocketIOInput.from_credentials(credentials).token_secret == SECRET
    monkeypatch.delenv("ASSISTANT_ENV")
    monkeypatch.delenv("REST_TOKEN_SECRET")
    assert WebSocketIOInput.from_credentials(credentials).token_secret is None     # development: open
