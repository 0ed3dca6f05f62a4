"""bot.local_actions through the action guard: action_validate_slot_mappings runs in Rasa's
process, from the call Rasa builds (its own tracker and domain), without the action server;
other actions still go to the action server, and so does a local action that fails."""
from __future__ import annotations

import socket
import threading
from http.server import HTTPServer
from pathlib import Path
from typing import Any, Dict

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from actions.common.circuit_breaker import CircuitBreaker
from bot.action_guard import GuardedActionEndpoint
from bot.local_actions import LocalActions
from tests.unit.test_action_payload import Recorder

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_SET = {"event": "slot", "timestamp": None, "name": "language", "value": "en"}


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def call_for(action: str, domain: Domain, text: str, intent: str, entities=()) -> Dict[str, Any]:
    """The body Rasa's RemoteAction posts (rasa/core/actions/action.py, _action_call_format)."""
    tracker = DialogueStateTracker.from_events("someone", [
        ActionExecuted("action_listen"), SlotSet("language", "fr"),
        UserUttered(text, {"name": intent, "confidence": 0.9}, list(entities)),
    ], slots=domain.slots)
    return {"next_action": action, "sender_id": "someone", "version": "3.6.21",
            "tracker": tracker.current_state(EventVerbosity.AFTER_RESTART), "domain": domain.as_dict()}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def guard(url: str, local: Any) -> GuardedActionEndpoint:
    return GuardedActionEndpoint(EndpointConfig(url), 2.0, CircuitBreaker(failures=1, cooldown=60), local=local)


async def test_the_language_is_switched_in_process_without_the_action_server(domain) -> None:
    english = call_for("action_validate_slot_mappings", domain, "English please", "choose_language",
                       [{"entity": "ui_language", "value": "en", "start": 0, "end": 7}])
    endpoint = guard(f"http://127.0.0.1:{closed_port()}/webhook", LocalActions())
    answer = await endpoint.request(json=english, method="post")
    assert answer == {"events": [LANGUAGE_SET], "responses": []}
    assert endpoint.breaker.allow()          # nothing was called, nothing failed

    merci = call_for("action_validate_slot_mappings", domain, "merci", "thank")
    assert await endpoint.request(json=merci, method="post") == {"events": [], "responses": []}


async def test_other_actions_and_failed_local_ones_go_to_the_action_server(domain) -> None:
    class Broken(LocalActions):
        async def run(self, call):
            raise RuntimeError("broken here")

    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/webhook"
        Recorder.bodies.clear()
        await guard(url, LocalActions()).request(
            json=call_for("action_opening_hours", domain, "horaires ?", "ask_hours"), method="post")
        await guard(url, Broken()).request(
            json=call_for("action_validate_slot_mappings", domain, "merci", "thank"), method="post")
    finally:
        server.shutdown()
    assert [body["next_action"] for body in Recorder.bodies] == [
        "action_opening_hours", "action_validate_slot_mappings"]
