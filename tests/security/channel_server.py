"""Our REST channel served over real HTTP, in a thread: Sanic, the channel's blueprint, and
Rasa's side replaced by a recorder of what reached it (plus, when a test sets them, a
handler and an agent holding real stores).

One server per test process (`shared_server()`): Sanic 21 cannot run a second app in the
same process. It serves the channel closed by SECRET at /webhooks/rest and open (no
secret, as in development) at /open/rest.
"""
from __future__ import annotations

import asyncio
import secrets
import threading
import uuid
from typing import Any, Awaitable, Callable, List, Optional

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.rest_auth import TokenRestInput
from bot.cli.stack import free_port

SECRET = secrets.token_urlsafe(32)
Handler = Callable[[UserMessage], Awaitable[None]]


class ChannelServer:
    def __init__(self, secret: str) -> None:
        self.received: List[UserMessage] = []
        self.handle: Optional[Handler] = None
        self.port = free_port()
        self.app = Sanic(f"rest_auth_{uuid.uuid4().hex[:8]}")

        async def on_new_message(message: UserMessage) -> None:
            self.received.append(message)
            if self.handle is not None:
                await self.handle(message)
            await message.output_channel.send_text_message(message.sender_id, f"reçu : {message.text}")

        class OpenRestInput(TokenRestInput):   # a blueprint name of its own
            pass

        self.app.blueprint(TokenRestInput(secret).blueprint(on_new_message), url_prefix="/webhooks/rest")
        self.app.blueprint(OpenRestInput(None).blueprint(on_new_message), url_prefix="/open/rest")
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            server = self.loop.run_until_complete(self.app.create_server(
                host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False))
            self.loop.run_until_complete(server.startup())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(30)

    def use(self, handle: Optional[Handler] = None, agent: Any = None) -> None:
        """What Rasa's side does with a message, and the agent the channel sees."""
        self.handle = handle
        if agent is None:
            self.app.ctx.__dict__.pop("agent", None)
        else:
            self.app.ctx.agent = agent

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    @property
    def open_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/open/rest/webhook"


_shared: Optional[ChannelServer] = None


def shared_server() -> ChannelServer:
    global _shared
    if _shared is None:
        _shared = ChannelServer(SECRET)
    _shared.use()
    return _shared
