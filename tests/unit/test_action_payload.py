"""bot.action_guard: Rasa's action calls reach the action server without the domain's
responses (nobody there reads them), everything else unchanged."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, Dict, List

from rasa.utils.endpoints import EndpointConfig

from actions.common.circuit_breaker import CircuitBreaker
from bot.action_guard import GuardedActionEndpoint, without_responses

CALL = {
    "next_action": "action_validate_slot_mappings", "sender_id": "someone", "version": "3.6.21",
    "tracker": {"sender_id": "someone", "events": [{"event": "action", "name": "action_listen"}]},
    "domain": {"slots": {"language": {"type": "text"}}, "forms": {"qf_form": {"required_slots": ["x"]}},
               "responses": {"utter_greet": [{"text": "Bonjour"}, {"text": "Hello"}]}},
}


class Recorder(BaseHTTPRequestHandler):
    bodies: List[Dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        Recorder.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        answer = json.dumps({"events": [], "responses": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: Any) -> None:
        pass


async def test_the_action_server_gets_the_domain_without_responses() -> None:
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/webhook"
        guard = GuardedActionEndpoint(EndpointConfig(url), 5.0, CircuitBreaker(failures=3, cooldown=15))
        answer = await guard.request(json=CALL, method="post")
    finally:
        server.shutdown()
    assert answer == {"events": [], "responses": []}
    sent = Recorder.bodies[-1]
    assert "responses" not in sent["domain"]
    assert sent["domain"]["slots"] == CALL["domain"]["slots"] and sent["domain"]["forms"] == CALL["domain"]["forms"]
    assert {k: v for k, v in sent.items() if k != "domain"} == {k: v for k, v in CALL.items() if k != "domain"}
    assert "responses" in CALL["domain"]          # Rasa's own call is left as it was


def test_calls_without_a_domain_are_left_alone() -> None:
    call = {"next_action": "x", "tracker": {}}
    assert without_responses(call) is call
    assert without_responses({"domain": None}) == {"domain": None}


class KeepAlive(Recorder):
    protocol_version = "HTTP/1.1"     # http.server then keeps the connection open
    ports: List[int] = []

    def do_POST(self) -> None:  # noqa: N802
        KeepAlive.ports.append(self.client_address[1])
        super().do_POST()


async def test_calls_of_one_endpoint_share_a_kept_alive_connection() -> None:
    """Rasa's EndpointConfig opens a session and a connection per call; the guard keeps one."""
    from http.server import ThreadingHTTPServer
    server = ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/webhook"
        guard = GuardedActionEndpoint(EndpointConfig(url, params={"a": "1"}), 5.0,
                                      CircuitBreaker(failures=3, cooldown=15))
        answers = [await guard.request(json=CALL, method="post") for _ in range(3)]
        await guard._session.close()
    finally:
        server.shutdown()
    assert answers == [{"events": [], "responses": []}] * 3
    assert len(KeepAlive.ports) == 3 and len(set(KeepAlive.ports)) == 1
