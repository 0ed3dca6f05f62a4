"""A small reverse proxy in front of several Rasa instances (production profile).

    python -m bot.proxy --port 5005 --backend http://127.0.0.1:5006 --backend http://127.0.0.1:5007

- **HTTP** (the REST webhook, Rasa's API): round-robin. A backend that refuses the
  connection is skipped and rested for a few seconds; the request goes to the next one,
  which is safe because a refused request never reached Rasa. Once a request was sent,
  it is never replayed (it might have been processed): a failure then is a 502.
- **socket.io**: an Engine.IO session lives in one Rasa process, so its requests must
  keep going there. The handshake goes round-robin; the proxy reads the session id (`sid`)
  of the answer and routes every later request carrying that sid (polling and the
  websocket upgrade) to the same instance. If that instance died, the client gets 400
  "Session ID unknown", as from Rasa itself, and reconnects to a live one.

Every answer names the instance in `X-Served-By` (rasa-1, rasa-2...), for operators and tests.
A raw ASGI app on uvicorn (httptools parser, wsproto websockets); httpx and websockets
(both already locked for Rasa) talk to the instances.
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
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs

import httpx
import websockets

from bot.proxy_websocket import relay_websocket

logger = logging.getLogger(__name__)

HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"te",
              b"trailer", b"trailers", b"transfer-encoding", b"upgrade", b"host", b"content-length"}
REST_AFTER_REFUSAL_S = 5.0
MAX_BODY = 1024 * 1024
MAX_SESSIONS = 100_000                       # remembered socket.io sessions (oldest dropped)
SID_IN_HANDSHAKE = re.compile(rb'"sid"\s*:\s*"([^"]+)"')
UPSTREAM_TIMEOUT = httpx.Timeout(connect=3.0, read=120.0, write=30.0, pool=30.0)
Headers = List[Tuple[bytes, bytes]]


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


def forward_headers(scope: Dict[str, Any]) -> Headers:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() not in HOP_BY_HOP]
    peer = (scope.get("client") or ("", 0))[0].encode()
    previous = next((v for k, v in scope["headers"] if k.lower() == b"x-forwarded-for"), None)
    headers = [(k, v) for k, v in headers if k.lower() not in (b"x-forwarded-for", b"x-forwarded-proto")]
    headers.append((b"x-forwarded-for", previous + b", " + peer if previous else peer))
    headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
    return headers


def path_qs(scope: Dict[str, Any]) -> str:
    query = scope.get("query_string", b"").decode("latin-1")
    return scope.get("raw_path", scope["path"].encode()).decode("latin-1") + (f"?{query}" if query else "")


async def respond(send, status: int, body: bytes, headers: Optional[Headers] = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*(headers or []), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def respond_json(send, status: int, payload: Any) -> None:
    await respond(send, status, json.dumps(payload).encode(), [(b"content-type", b"application/json")])


class Proxy:
    def __init__(self, backend_urls: List[str]) -> None:
        self.backends = Backends(backend_urls)
        self.client: Optional[httpx.AsyncClient] = None

    async def __call__(self, scope: Dict[str, Any], receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.client = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT, follow_redirects=False,
                                                limits=httpx.Limits(max_connections=1000))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _candidates(self, scope: Dict[str, Any]) -> Tuple[Optional[str], List[int]]:
        """(socket.io sid or None, backends to try in order); [] for an unknown sid."""
        sid = None
        if scope["path"].startswith("/socket.io"):
            sid = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("sid") or [None])[0]
        if sid:
            index = self.backends.sessions.get(sid)
            return sid, [] if index is None else [index]
        return None, self.backends.order()

    async def _http(self, scope: Dict[str, Any], receive, send) -> None:
        if scope["path"] == "/proxy/health":
            return await respond_json(send, 200, {"status": "ok", "backends": len(self.backends.urls)})
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                return await respond_json(send, 413, {"error": "too_large"})
            if not message.get("more_body"):
                break
        sid, candidates = self._candidates(scope)
        handshake = scope["path"].startswith("/socket.io") and sid is None
        for index in candidates:
            try:
                return await self._forward(scope, send, index, bytes(body), handshake)
            except httpx.ConnectError:
                self.backends.refused(index)
            except httpx.HTTPError:
                # Sent, then lost (the instance died mid-request): never replayed.
                logger.warning("rasa-%d failed during a request", index + 1)
                return await respond_json(send, 502, {"error": "bad_gateway"})
        if sid:
            self.backends.sessions.pop(sid, None)
            return await respond(send, 400, json.dumps("Session ID unknown").encode(),
                                 [(b"content-type", b"application/json")])
        await respond_json(send, 503, {"error": "no_backend"})

    async def _forward(self, scope: Dict[str, Any], send, index: int, body: bytes, handshake: bool) -> None:
        url = self.backends.urls[index] + path_qs(scope)
        request = self.client.build_request(scope["method"], url, headers=forward_headers(scope), content=body)
        upstream = await self.client.send(request, stream=True)
        try:
            payload = b"".join([chunk async for chunk in upstream.aiter_raw()])   # as sent: no decoding
        finally:
            await upstream.aclose()
        if handshake and upstream.status_code == 200:
            found = SID_IN_HANDSHAKE.search(payload[:512])
            if found:
                self.backends.remember(found.group(1).decode(), index)
        headers = [(k, v) for k, v in upstream.headers.raw if k.lower() not in HOP_BY_HOP]
        headers.append((b"x-served-by", f"rasa-{index + 1}".encode()))
        await respond(send, upstream.status_code, payload, headers)

    async def _websocket(self, scope: Dict[str, Any], receive, send) -> None:
        if (await receive())["type"] != "websocket.connect":
            return
        _, candidates = self._candidates(scope)
        if not candidates:
            return await send({"type": "websocket.close", "code": 1008})
        index = candidates[0]
        url = self.backends.urls[index].replace("http", "ws", 1) + path_qs(scope)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in forward_headers(scope)
                   if not k.lower().startswith(b"sec-websocket")]
        try:
            upstream = await websockets.connect(url, extra_headers=headers, ping_interval=None,
                                                max_size=MAX_BODY, open_timeout=5)
        except (OSError, asyncio.TimeoutError, websockets.WebSocketException):
            self.backends.refused(index)
            return await send({"type": "websocket.close", "code": 1011})
        await send({"type": "websocket.accept", "headers": [(b"x-served-by", f"rasa-{index + 1}".encode())]})
        await relay_websocket(receive, send, upstream)


def make_app(backend_urls: List[str]) -> Proxy:
    return Proxy(backend_urls)


def main(argv: Optional[List[str]] = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bot.proxy", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--backend", action="append", required=True, help="a Rasa instance's base URL")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # wsproto: uvicorn's default websockets implementation needs a newer `websockets` than Rasa's.
    uvicorn.run(make_app(args.backend), host=args.host, port=args.port, ws="wsproto",
                lifespan="on", access_log=False, proxy_headers=False)


if __name__ == "__main__":
    main()
