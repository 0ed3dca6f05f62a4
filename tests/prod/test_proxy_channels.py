"""The proxy in front of the real Rasa instances: REST with its token, and socket.io with its."""
from __future__ import annotations

import asyncio
import json
import uuid

import aiohttp
import httpx

from bot.access_tokens import mint_token
from tests.prod.conftest import ProdChat
from tests.socketio_wire import WireClient


def test_rest_through_the_proxy_reaches_both_instances(prod_stack, resident: ProdChat):
    served = [resident.send("bonjour").headers["X-Served-By"] for _ in range(4)]
    assert sorted(set(served)) == ["rasa-1", "rasa-2"]
    assert len(resident.stored_events()) > 4     # one conversation, whichever instance


def test_the_rest_channel_is_closed_without_a_token(prod_stack):
    response = httpx.post(f"{prod_stack.rasa_url}/webhooks/rest/webhook",
                          json={"sender": "intruder", "message": "bonjour"}, timeout=30)
    assert response.status_code == 401


async def _socketio_turn(url: str, secret: str, transport: str, upgrade: bool) -> WireClient:
    async with aiohttp.ClientSession() as session:
        client = WireClient(url, session)
        session_id = f"prod-sio-{uuid.uuid4().hex[:10]}"
        await client.connect(transport, upgrade=upgrade, auth={"token": mint_token(session_id, secret)})
        await client.emit("session_request", {"session_id": session_id})
        _, confirmed = await client.receive_event("session_confirm")
        assert confirmed == session_id
        await client.emit("user_uttered", {"message": "bonjour", "session_id": session_id})
        _, answer = await client.receive_event("bot_uttered")
        client.backends.append(answer.get("text", ""))
        await client.close()
    return client


def test_socketio_through_the_proxy_answers_on_polling_and_websocket(prod_stack):
    secret = prod_stack.config.env["REST_TOKEN_SECRET"]
    for transport, upgrade in (("polling", False), ("polling", True), ("websocket", False)):
        client = asyncio.run(_socketio_turn(prod_stack.rasa_url, secret, transport, upgrade))
        assert client.backends[0], f"empty answer over {transport} (upgrade {upgrade})"
        assert len(set(client.served_by)) == 1, client.served_by    # one session, one instance
        assert client.served_by[0] in ("rasa-1", "rasa-2")



async def _socketio_refusal(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        client = WireClient(url, session)
        async with session.get(f"{client.url}&transport=polling") as handshake:
            client.sid = json.loads((await handshake.text())[1:])["sid"]
        await client._post("40")                    # connect without a token
        return (await client._get())[0]


def test_socketio_is_closed_without_a_token(prod_stack):
    answer = asyncio.run(_socketio_refusal(prod_stack.rasa_url))
    assert answer.startswith("44") and json.loads(answer[2:])["message"] == "missing_token"
