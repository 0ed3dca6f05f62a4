"""Rasa's calls to the action server through the guard (bot/action_guard.py): bounded,
failing fast, and the REST channel apologising in the resident's language. Rasa's own
RemoteAction makes the calls; the action server is a closed port or a hung socket."""
from __future__ import annotations

import socket
import threading
import time
import uuid
from types import SimpleNamespace
from typing import List

import aiohttp
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import SlotSet
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from actions.common.circuit_breaker import CircuitBreaker
from actions.common.fallback import fallback_contact
from bot.action_guard import GuardedActionEndpoint
from bot.cli.stack import free_port
from bot.tracker_store import PrivacySQLTrackerStore
from bot.turn_context import turn
from tests.security.channel_server import OPEN, channel_app


class HungServer:
    """Accepts connections, counts them, never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.held: List[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/webhook"

    def close(self) -> None:
        self.sock.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def hung() -> HungServer:
    server = HungServer()
    yield server
    server.close()


async def test_a_hung_action_server_is_cut_at_the_timeout_then_failed_fast(hung: HungServer) -> None:
    guard = GuardedActionEndpoint(EndpointConfig(hung.url), timeout=0.3, breaker=CircuitBreaker(3, 60))
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(aiohttp.ClientConnectionError):
            await guard.request(json={})
        assert time.monotonic() - started < 1.0
    time.sleep(0.1)
    connections = len(hung.held)
    assert connections == 3
    started = time.monotonic()
    with pytest.raises(aiohttp.ClientConnectionError, match="failing fast"):
        await guard.request(json={})
    assert time.monotonic() - started < 0.05 and len(hung.held) == connections


async def test_one_failure_fails_the_rest_of_the_turn_and_the_turn_has_a_budget(hung: HungServer) -> None:
    guard = GuardedActionEndpoint(EndpointConfig(hung.url), timeout=5.0, breaker=CircuitBreaker(100, 60),
                                  turn_budget=0.4)
    with turn() as state:
        started = time.monotonic()
        with pytest.raises(aiohttp.ClientConnectionError):
            await guard.request(json={})          # cut by the turn's budget, not the 5 s timeout
        assert time.monotonic() - started < 1.0
        assert state.action_server_failed
        with pytest.raises(aiohttp.ClientConnectionError, match="already failed in this turn"):
            await guard.request(json={})
    assert len(hung.held) == 1


async def test_the_guard_is_in_place_as_soon_as_the_server_has_started() -> None:
    """Before any REST message: the SMS, WhatsApp and socket.io turns are bounded too."""
    plain = EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")
    agent = SimpleNamespace(processor=SimpleNamespace(action_endpoint=plain), action_endpoint=plain)
    async with channel_app(agent=agent):
        assert isinstance(agent.processor.action_endpoint, GuardedActionEndpoint)
        assert agent.processor.action_endpoint.url == plain.url


@pytest.mark.parametrize("language, words", [("fr", "problème technique"), ("en", "technical problem")])
async def test_the_channel_apologises_in_the_residents_language(tmp_path, domain, language: str,
                                                                words: str) -> None:
    """The channel puts the guard in front of the agent's action endpoint (a closed port)."""
    tracker_store = PrivacySQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    dead = EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook")
    processor = SimpleNamespace(nlg=nlg, action_endpoint=dead)
    agent = SimpleNamespace(processor=processor, action_endpoint=dead, tracker_store=tracker_store, lock_store=None)
    sender = f"web-{uuid.uuid4().hex}"

    async def handle(message) -> None:
        """As Rasa's processor: run a custom action, log its failure, carry on."""
        tracker = await tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(SlotSet("language", language))
        await tracker_store.save(tracker)
        try:
            await RemoteAction("action_opening_hours", processor.action_endpoint).run(
                CollectingOutputChannel(), nlg, tracker, domain)
        except RasaException:
            pass

    try:
        async with channel_app(handle, agent) as app:
            started = time.monotonic()
            replies = (await app.post(OPEN, {"sender": sender, "message": "horaires"})).json()
            assert time.monotonic() - started < 3.0
    finally:
        tracker_store.engine.dispose()
    assert isinstance(processor.action_endpoint, GuardedActionEndpoint)
    apology = replies[-1]["text"]
    assert words in apology and fallback_contact()["phone"] in apology
