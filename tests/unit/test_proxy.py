"""The reverse proxy of the production profile, in front of two real socket.io + HTTP servers.

Each backend is an aiohttp app with python-socketio (the library Rasa's socket.io channel
runs on) and a REST route that says which backend answered.
"""
from __future__ import annotations

import asyncio
from typing import List

import aiohttp
import pytest
import socketio
import uvicorn
from aiohttp import web

from bot.cli.stack import free_port
from bot.proxy import make_app
from tests.socketio_wire import WireClient


async def _serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def _backend(name: str) -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
    app = web.Application()
    sio.attach(app)

    @sio.on("user_uttered")
    async def echo(sid, data):
        await sio.emit("bot_uttered", {"text": data["message"], "backend": name}, room=sid)

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response([{"recipient_id": body["sender"], "backend": name}])

    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


class Cluster:
    def __init__(self) -> None:
        self.ports = [free_port(), free_port()]
        self.proxy_port = free_port()
        self.runners: List[web.AppRunner] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    async def start(self) -> "Cluster":
        for index, port in enumerate(self.ports):
            self.runners.append(await _serve(_backend(f"b{index + 1}"), port))
        backends = [f"http://127.0.0.1:{port}" for port in self.ports]
        # The proxy as `python -m bot.proxy` runs it: uvicorn, wsproto websockets.
        self.proxy = uvicorn.Server(uvicorn.Config(make_app(backends), host="127.0.0.1", port=self.proxy_port,
                                                   ws="wsproto", lifespan="on", log_level="warning"))
        self.serving = asyncio.create_task(self.proxy.serve())
        while not self.proxy.started:
            await asyncio.sleep(0.01)
        return self

    async def stop_backend(self, index: int) -> None:
        await self.runners[index].cleanup()

    async def stop(self) -> None:
        self.proxy.should_exit = True
        await self.serving
        for runner in self.runners:
            await runner.cleanup()


@pytest.fixture
async def cluster():
    running = await Cluster().start()
    yield running
    await running.stop()


async def _post(session: aiohttp.ClientSession, url: str, sender: str):
    async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "hi"}) as r:
        return r.status, r.headers.get("X-Served-By"), await r.json()


async def test_rest_requests_go_round_robin(cluster):
    async with aiohttp.ClientSession() as session:
        answers = [await _post(session, cluster.url, f"s{i}") for i in range(6)]
    assert all(status == 200 for status, _, _ in answers)
    served = [served_by for _, served_by, _ in answers]
    assert sorted(set(served)) == ["rasa-1", "rasa-2"]
    assert all(a != b for a, b in zip(served, served[1:]))          # alternating
    for _, served_by, body in answers:                               # the header tells the truth
        assert body[0]["backend"] == "b" + served_by[-1]


async def test_a_dead_instance_is_skipped_without_losing_a_request(cluster):
    await cluster.stop_backend(1)
    async with aiohttp.ClientSession() as session:
        answers = [await _post(session, cluster.url, f"s{i}") for i in range(6)]
    assert [status for status, _, _ in answers] == [200] * 6
    assert {served_by for _, served_by, _ in answers} == {"rasa-1"}


async def _socketio_conversation(url: str, transport: str, upgrade: bool, turns: int) -> WireClient:
    async with aiohttp.ClientSession() as session:
        client = WireClient(url, session)
        await client.connect(transport, upgrade=upgrade)
        try:
            for turn in range(turns):
                await client.emit("user_uttered", {"message": f"turn {turn}", "session_id": "x"})
                _, answer = await client.receive_event("bot_uttered")
                assert answer["text"] == f"turn {turn}"
                client.backends.append(answer["backend"])
        finally:
            await client.close()
    return client


@pytest.mark.parametrize("transport, upgrade", [("polling", False), ("polling", True), ("websocket", False)])
async def test_socketio_sessions_stick_to_one_instance(cluster, transport, upgrade):
    clients = [await _socketio_conversation(cluster.url, transport, upgrade, turns=4) for _ in range(4)]
    for client in clients:
        assert len(client.backends) == 4 and len(set(client.backends)) == 1   # one session, one instance
        assert len(set(client.served_by)) == 1                                 # every request went there
        assert client.served_by[0] == "rasa-" + client.backends[0][-1]
    assert {client.backends[0] for client in clients} == {"b1", "b2"}          # sessions spread


async def test_an_unknown_socketio_session_gets_the_engineio_answer(cluster):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{cluster.url}/socket.io/?EIO=4&transport=polling&sid=nope") as r:
            assert r.status == 400
            assert "Session ID unknown" in await r.text()


async def test_the_proxy_health_route_answers_without_backends(cluster):
    await cluster.stop_backend(0)
    await cluster.stop_backend(1)
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{cluster.url}/proxy/health") as r:
            assert r.status == 200
        status, _, _ = await _post(session, cluster.url, "s")
    assert status == 503


async def test_an_oversized_request_is_refused_before_any_instance(cluster):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{cluster.url}/webhooks/rest/webhook", data=b"x" * (1024 * 1024 + 1)) as r:
            assert r.status == 413
