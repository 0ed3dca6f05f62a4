"""Relays one websocket between an ASGI client connection and an upstream instance
(bot/proxy.py), frame by frame, until either side closes."""
from __future__ import annotations

import asyncio

import websockets


async def _client_to_upstream(receive, upstream) -> None:
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await upstream.send(message["text"])
        elif message.get("bytes") is not None:
            await upstream.send(message["bytes"])


async def _upstream_to_client(upstream, send) -> None:
    try:
        async for frame in upstream:
            if isinstance(frame, str):
                await send({"type": "websocket.send", "text": frame})
            else:
                await send({"type": "websocket.send", "bytes": frame})
    except websockets.ConnectionClosed:
        pass


async def relay_websocket(receive, send, upstream) -> None:
    tasks = [asyncio.ensure_future(_client_to_upstream(receive, upstream)),
             asyncio.ensure_future(_upstream_to_client(upstream, send))]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await upstream.close()
        try:
            await send({"type": "websocket.close", "code": 1000})
        except Exception:
            pass   # the client is already gone
