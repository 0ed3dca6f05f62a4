"""A minimal socket.io client speaking the wire protocol (Engine.IO 4) the browser speaks.

python-socketio's AsyncClient needs aiohttp >= 3.10 for websockets (Rasa pins 3.9) and
waits for the long-poll on disconnect; this one does exactly what socket.io-client does,
in a few lines, so tests can check how a proxy routes each request:

- polling: GET handshake (`0{"sid"...}`), POST `40` (connect), POSTs of `42[...]` events,
  GETs that return the server's packets;
- websocket: directly (`transport=websocket`), or upgraded from polling
  (`2probe` / `3probe` / `5`), as browsers do.
"""
from __future__ import annotations

import json
from typing import Any, List, Optional, Tuple

import aiohttp

RECORD_SEPARATOR = "\x1e"   # Engine.IO 4 joins polled packets with it


class WireClient:
    def __init__(self, base_url: str, session: aiohttp.ClientSession, headers: Optional[dict] = None) -> None:
        self.url = base_url.rstrip("/") + "/socket.io/?EIO=4"
        self.session = session
        self.headers = headers or {}
        self.sid: Optional[str] = None
        self.ws: Optional[aiohttp.ClientWebSocketResponse] = None
        self.served_by: List[str] = []     # X-Served-By of every request
        self.backends: List[str] = []      # free for the caller's notes

    # --- transports
    async def _get(self) -> List[str]:
        async with self.session.get(f"{self.url}&transport=polling&sid={self.sid}", headers=self.headers) as r:
            self.served_by.append(r.headers.get("X-Served-By", ""))
            r.raise_for_status()
            return (await r.text()).split(RECORD_SEPARATOR)

    async def _post(self, packet: str) -> None:
        async with self.session.post(f"{self.url}&transport=polling&sid={self.sid}", data=packet,
                                     headers=self.headers) as r:
            self.served_by.append(r.headers.get("X-Served-By", ""))
            r.raise_for_status()

    async def _send(self, packet: str) -> None:
        if self.ws is not None:
            await self.ws.send_str(packet)
        else:
            await self._post(packet)

    async def _receive(self) -> List[str]:
        if self.ws is not None:
            message = await self.ws.receive(timeout=30)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"websocket closed: {message.type}")
            return [message.data]
        return await self._get()

    # --- socket.io
    async def connect(self, transport: str = "polling", upgrade: bool = False,
                      auth: Optional[dict] = None) -> None:
        if transport == "websocket":
            self.ws = await self.session.ws_connect(f"{self.url}&transport=websocket", headers=self.headers)
            self.served_by.append(self.ws._response.headers.get("X-Served-By", ""))
            opening = (await self.ws.receive(timeout=30)).data
        else:
            async with self.session.get(f"{self.url}&transport=polling", headers=self.headers) as r:
                self.served_by.append(r.headers.get("X-Served-By", ""))
                r.raise_for_status()
                opening = await r.text()
        assert opening.startswith("0"), opening
        self.sid = json.loads(opening[1:])["sid"]
        await self._send("40" + (json.dumps(auth) if auth else ""))
        await self._expect(lambda p: p.startswith("40"))
        if upgrade:
            await self._upgrade()

    async def _upgrade(self) -> None:
        ws = await self.session.ws_connect(f"{self.url}&transport=websocket&sid={self.sid}", headers=self.headers)
        self.served_by.append(ws._response.headers.get("X-Served-By", ""))
        await ws.send_str("2probe")
        assert (await ws.receive(timeout=30)).data == "3probe"
        await ws.send_str("5")
        self.ws = ws

    async def _expect(self, wanted) -> str:
        for _ in range(50):
            for packet in await self._receive():
                if packet == "2":                      # server ping: answer, keep waiting
                    await self._send("3")
                elif wanted(packet):
                    return packet
        raise TimeoutError("the expected packet never came")

    async def emit(self, event: str, data: Any) -> None:
        await self._send("42" + json.dumps([event, data]))

    async def receive_event(self, event: str) -> Tuple[str, Any]:
        packet = await self._expect(lambda p: p.startswith("42") and json.loads(p[2:])[0] == event)
        name, data = json.loads(packet[2:])[:2]
        return name, data

    async def close(self) -> None:
        try:
            await self._send("41")
        except (aiohttp.ClientError, ConnectionError):
            pass
        if self.ws is not None:
            await self.ws.close()
