"""Our REST channel in a real Sanic app, reached over ASGI with httpx: the channel's
blueprint closed by SECRET at /webhooks/rest and open (no secret, as in development) at
/open/rest. Rasa's side is a recorder of what reached it, plus, when a test gives them, a
handler and an agent holding real stores.

Several Sanic apps in one process need Sanic's test mode (as Sanic's own tests, and
tests/channels/test_webhooks.py, do).
"""
from __future__ import annotations

import asyncio
import secrets
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Awaitable, Callable, List, Optional

import httpx
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.rest_auth import TokenRestInput

SECRET = secrets.token_urlsafe(32)
CLOSED, OPEN = "/webhooks/rest/webhook", "/open/rest/webhook"
Handler = Callable[[UserMessage], Awaitable[None]]


class ChannelApp:
    def __init__(self, client: httpx.AsyncClient, received: List[UserMessage]) -> None:
        self.client, self.received = client, received

    async def post(self, path: str, body: dict, headers: Optional[dict] = None) -> httpx.Response:
        return await self.client.post(path, json=body, headers=headers or {})


@asynccontextmanager
async def channel_app(handle: Optional[Handler] = None, agent: Any = None) -> AsyncIterator[ChannelApp]:
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        if handle is not None:
            await handle(message)
        await message.output_channel.send_text_message(message.sender_id, f"reçu : {message.text}")

    class OpenRestInput(TokenRestInput):   # a blueprint name of its own
        pass

    test_mode, Sanic.test_mode = Sanic.test_mode, True
    try:
        app = Sanic(f"rest_auth_{uuid.uuid4().hex[:8]}")
        if agent is not None:
            app.ctx.agent = agent
        app.blueprint(TokenRestInput(SECRET).blueprint(on_new_message), url_prefix="/webhooks/rest")
        app.blueprint(OpenRestInput(None).blueprint(on_new_message), url_prefix="/open/rest")
        await app._startup()   # what Sanic does before serving: routes finalised
        await app._server_event("init", "after", loop=asyncio.get_running_loop())   # "after_server_start"
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assistant.test",
                                     timeout=30) as client:
            yield ChannelApp(client, received)
    finally:
        Sanic.test_mode = test_mode
