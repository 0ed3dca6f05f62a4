"""A small reverse proxy in front of several Rasa instances (production profile).

    python -m bot.proxy --port 5005 --backend http://127.0.0.1:5006 --backend http://127.0.0.1:5007

- **HTTP** (the REST webhook, Rasa's API): round-robin. A backend that refuses the
  connection is skipped and rested for a few seconds; the request goes to the next one,
  which is safe because a refused request never reached Rasa. Once a request was sent,
  it is never replayed (it might have been processed).
- **socket.io**: an Engine.IO session lives in one Rasa process, so its requests must
  keep going there. The handshake goes round-robin; the proxy reads the session id (`sid`)
  of the answer and routes every later request carrying that sid (polling and the
  websocket upgrade) to the same instance. If that instance died, the client gets 400
  "Session ID unknown", as from Rasa itself, and reconnects to a live one.

Every answer names the instance in `X-Served-By` (rasa-1, rasa-2...), for operators and tests.
Built on aiohttp (server, client and websockets in one library; Rasa already depends on it).
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import re
import time
from collections import OrderedDict
from typing import List, Optional

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
REST_AFTER_REFUSAL_S = 5.0
MAX_SESSIONS = 100_000                       # remembered socket.io sessions (oldest dropped)
SID_IN_HANDSHAKE = re.compile(rb'"sid"\s*:\s*"([^"]+)"')
UPSTREAM_TIMEOUT = aiohttp.ClientTimeout(total=None, connect=3, sock_read=120)


class Backends:
    """The Rasa instances, in round-robin, minus those that just refused a connection."""

    def __init__(self, urls: List[str]) -> None:
        self.urls = [url.rstrip("/") for url in urls]
        self._turns = itertools.cycle(range(len(self.urls)))
        self._resting_until = [0.0] * len(self.urls)
        self.sessions: "OrderedDict[str, int]" = OrderedDict()   # socket.io sid -> backend

    def order(self) -> List[int]:
        """Backends to try for a new request: the next in turn first, rested ones last."""
        first = next(self._turns)
        ring = [(first + k) % len(self.urls) for k in range(len(self.urls))]
        now = time.monotonic()
        return sorted(ring, key=lambda i: self._resting_until[i] > now)

    def refused(self, index: int) -> None:
        self._resting_until[index] = time.monotonic() + REST_AFTER_REFUSAL_S
        logger.warning("rasa-%d refused a connection; resting it %.0f s", index + 1, REST_AFTER_REFUSAL_S)

    def remember(self, sid: str, index: int) -> None:
        self.sessions[sid] = index
        self.sessions.move_to_end(sid)
        while len(self.sessions) > MAX_SESSIONS:
            self.sessions.popitem(last=False)


def _forward_headers(request: web.Request) -> dict:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    peer = request.remote or ""
    previous = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{previous}, {peer}" if previous else peer
    headers["X-Forwarded-Proto"] = request.scheme
    return headers


def _unknown_session() -> web.Response:
    # What python-engineio answers for an unknown sid: the client starts a new session.
    return web.Response(status=400, text=json.dumps("Session ID unknown"), content_type="application/json")


class Proxy:
    def __init__(self, backends: Backends) -> None:
        self.backends = backends
        self.session: Optional[aiohttp.ClientSession] = None

    async def start(self, app: web.Application) -> None:
        self.session = aiohttp.ClientSession(timeout=UPSTREAM_TIMEOUT, auto_decompress=False,
                                             cookie_jar=aiohttp.DummyCookieJar())

    async def stop(self, app: web.Application) -> None:
        if self.session:
            await self.session.close()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        is_socketio = request.path.startswith("/socket.io")
        sid = request.query.get("sid") if is_socketio else None
        if sid:
            index = self.backends.sessions.get(sid)
            if index is None:
                return _unknown_session()
            candidates = [index]
        else:
            candidates = self.backends.order()
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._websocket(request, candidates[0])
        body = await request.read()
        for index in candidates:
            try:
                return await self._forward(request, index, body, remember_sid=is_socketio and not sid)
            except aiohttp.ClientConnectorError:
                self.backends.refused(index)
            except (aiohttp.ClientError, asyncio.TimeoutError):
                # Sent, then lost (the instance died mid-request): never replayed.
                logger.warning("rasa-%d failed during a request", index + 1)
                return web.json_response({"error": "bad_gateway"}, status=502)
        if sid:
            self.backends.sessions.pop(sid, None)
            return _unknown_session()
        return web.json_response({"error": "no_backend"}, status=503)

    async def _forward(self, request: web.Request, index: int, body: bytes,
                       remember_sid: bool) -> web.StreamResponse:
        url = self.backends.urls[index] + request.rel_url.path_qs
        async with self.session.request(request.method, url, headers=_forward_headers(request),
                                        data=body, allow_redirects=False) as upstream:
            payload = await upstream.read()
            if remember_sid and upstream.status == 200:
                found = SID_IN_HANDSHAKE.search(payload[:512])
                if found:
                    self.backends.remember(found.group(1).decode(), index)
            headers = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["X-Served-By"] = f"rasa-{index + 1}"
            return web.Response(status=upstream.status, body=payload, headers=headers)

    async def _websocket(self, request: web.Request, index: int) -> web.StreamResponse:
        url = self.backends.urls[index].replace("http", "ws", 1) + request.rel_url.path_qs
        headers = {k: v for k, v in _forward_headers(request).items()
                   if not k.lower().startswith("sec-websocket")}
        try:
            upstream = await self.session.ws_connect(url, headers=headers, autoping=False)
        except (aiohttp.ClientConnectorError, aiohttp.WSServerHandshakeError):
            return _unknown_session()
        client = web.WebSocketResponse(autoping=False)
        client.headers["X-Served-By"] = f"rasa-{index + 1}"
        await client.prepare(request)
        await asyncio.gather(_pump(client, upstream), _pump(upstream, client))
        return client


async def _pump(source, target) -> None:
    """Copies websocket frames one way until either side closes."""
    try:
        async for message in source:
            if message.type == aiohttp.WSMsgType.TEXT:
                await target.send_str(message.data)
            elif message.type == aiohttp.WSMsgType.BINARY:
                await target.send_bytes(message.data)
            elif message.type == aiohttp.WSMsgType.PING:
                await target.ping(message.data)
            elif message.type == aiohttp.WSMsgType.PONG:
                await target.pong(message.data)
            else:
                break
    except (ConnectionResetError, aiohttp.ClientError):
        pass
    finally:
        if not target.closed:
            await target.close()


def make_app(backend_urls: List[str]) -> web.Application:
    proxy = Proxy(Backends(backend_urls))
    app = web.Application(client_max_size=1024 * 1024)
    app.on_startup.append(proxy.start)
    app.on_cleanup.append(proxy.stop)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "backends": len(backend_urls)})

    app.router.add_get("/proxy/health", health)
    app.router.add_route("*", "/{tail:.*}", proxy.handle)
    return app


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.proxy", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--backend", action="append", required=True, help="a Rasa instance's base URL")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    web.run_app(make_app(args.backend), host=args.host, port=args.port, access_log=None,
                print=lambda *a: None)


if __name__ == "__main__":
    main()
