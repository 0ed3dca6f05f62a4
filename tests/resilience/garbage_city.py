"""A real local HTTP server standing in for a broken municipal API.

It answers every request the way its `mode` says, and counts the requests that reached it
(so a test can see the circuit breaker keep calls away from it):

    html         200 with an HTML error page (a proxy's maintenance page)
    wrong_shape  200 with JSON of another shape
    truncated    200 with JSON cut in the middle
    binary       200 with bytes that are not text
    error_500    500 with JSON
    error_502    502 with HTML (a gateway with nothing behind)
    bare_404     404 with HTML, no error code
    slow         answers after `delay` seconds
    healthy      200 with an empty JSON list (a valid answer for list routes)
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODIES = {
    "html": (200, "text/html", b"<html><body><h1>Maintenance en cours</h1></body></html>"),
    "wrong_shape": (200, "application/json", b'{"unexpected": [1, 2, 3], "days": "soon"}'),
    "truncated": (200, "application/json", b'[{"date": "2026-12-02", "open'),
    "binary": (200, "application/json", b"\xff\xfe\x00\x01garbage\x80"),
    "error_500": (500, "application/json", b'{"error": {"code": "internal", "message": "boom"}}'),
    "error_502": (502, "text/html", b"<html>Bad Gateway</html>"),
    "bare_404": (404, "text/html", b"<html>Not Found</html>"),
    "healthy": (200, "application/json", b"[]"),
}


class GarbageCity:
    def __init__(self, mode: str = "html", delay: float = 5.0) -> None:
        self.mode, self.delay, self.requests = mode, delay, 0
        city = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                city.requests += 1
                if city.mode == "slow":
                    time.sleep(city.delay)
                    status, kind, body = BODIES["healthy"]
                else:
                    status, kind, body = BODIES[city.mode]
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass   # the client gave up (timeout): nothing to do

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
