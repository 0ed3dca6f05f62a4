"""Our REST channel served over real HTTP, in a thread: Sanic, the channel's blueprint at
/webhooks/rest, and Rasa's side replaced by a recorder of what reached it."""
from __future__ import annotations

import asyncio
import threading
import uuid
from typing import List

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.rest_auth import TokenRestInput
from bot.cli.stack import free_port


class ChannelServer:
    """Two channels on one server: closed by `secret` at /webhooks/rest, open at /open/rest."""

    def __init__(self, secret: str) -> None:
        self.received: List[UserMessage] = []
        self.port = free_port()
        self.app = Sanic(f"rest_auth_{uuid.uuid4().hex[:8]}")

        async def on_new_message(message: UserMessage) -> None:
            self.received.append(message)
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
            self.server = server
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        ready.wait(30)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    @property
    def open_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/open/rest/webhook"

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
