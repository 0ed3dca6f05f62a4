"""A stand-in for Twilio's and Meta's APIs: a real HTTP server on a free port that records
what the assistant sends and answers as the providers do.

- POST /2010-04-01/Accounts/<sid>/Messages.json (form To, From, Body; Basic auth) → 201
- POST /<phone_number_id>/messages (JSON; Bearer token)                          → 200
`fail_next(n, status)` makes the next n requests fail, to exercise retries.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs


@dataclass
class Sent:
    path: str
    headers: Dict[str, str]
    form: Dict[str, str]
    json: Optional[Dict[str, Any]]
    status: int

    @property
    def recipient(self) -> str:
        return self.form.get("To") or (self.json or {}).get("to", "")


class FakeProvider:
    def __init__(self, port: int = 0) -> None:
        self.requests: List[Sent] = []
        self._lock = threading.Lock()
        self._failures: List[int] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self._failures = [status] * count

    # --- what was delivered (2xx only)
    def delivered(self, recipient: Optional[str] = None) -> List[Sent]:
        with self._lock:
            return [r for r in self.requests if r.status < 300 and (recipient is None or r.recipient == recipient)]

    def wait_for(self, recipient: str, after: int = 0, quiet: float = 1.0, timeout: float = 60.0) -> List[Sent]:
        """Messages to `recipient` beyond the first `after`, once none arrived for `quiet` s."""
        deadline = time.monotonic() + timeout
        seen, changed = after, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.delivered(recipient))
            if count != seen:
                seen, changed = count, time.monotonic()
            elif count > after and time.monotonic() - changed >= quiet:
                break
            time.sleep(0.05)
        return self.delivered(recipient)[after:]

    def _record(self, sent: Sent) -> None:
        with self._lock:
            self.requests.append(sent)

    def _next_status(self, ok: int) -> int:
        with self._lock:
            return self._failures.pop(0) if self._failures else ok

    def _handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                is_json = "json" in (self.headers.get("Content-Type") or "")
                form = {} if is_json else {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
                body = json.loads(raw) if is_json else None
                twilio = self.path.endswith("/Messages.json")
                status = provider._next_status(201 if twilio else 200)
                provider._record(Sent(self.path, dict(self.headers), form, body, status))
                answer = ({"sid": f"SM{len(provider.requests):032d}", "status": "queued"} if twilio
                          else {"messages": [{"id": f"wamid.{len(provider.requests)}"}]})
                data = json.dumps(answer if status < 300 else {"message": "unavailable"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
