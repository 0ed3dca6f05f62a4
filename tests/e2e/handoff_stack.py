"""Helpers of the handoff end-to-end tests: a stack whose clock is inside the MSP's opening
hours, a staff member driving the console over HTTP, and a city-page resident on socket.io.

The session stack (tests/e2e/conftest.py) is frozen on Tuesday 2026-12-01 08:00, before
the MSP opens (08:30): outside hours. `open_stack()` starts a second stack, once, frozen on
the same Tuesday at 10:00 (open until 12:30), with the same SMS/WhatsApp settings.
"""
from __future__ import annotations

import atexit
import queue
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import socketio

from bot.cli.model import ensure_model
from bot.cli.stack import Stack, StackConfig, free_port
from bot.web.staff.accounts import StaffStore
from tests.e2e.phone import PHONE

OPEN_NOW = "2026-12-01T10:00:00+01:00"
STAFF_PASSWORD = "handoff-" + secrets.token_urlsafe(12)
API_TOKEN = "e2e-open-" + secrets.token_urlsafe(24)
_OPEN: List[Stack] = []


def open_stack() -> Stack:
    """The stack inside opening hours, started on first use and stopped at exit."""
    if _OPEN:
        return _OPEN[0]
    import os

    var = Path(tempfile.mkdtemp(prefix="handoff-open-"))
    config = StackConfig(
        model=Path(os.environ["E2E_MODEL"]) if os.environ.get("E2E_MODEL") else ensure_model(quiet=True),
        api_port=free_port(), actions_port=free_port(), rasa_port=free_port(), web_port=free_port(),
        var_dir=var, log_dir=var / "logs", start_timeout=420.0,   # a second stack on a busy machine
        env={"MUNICIPAL_API_TOKEN": API_TOKEN, "MUNICIPAL_API_NOW": OPEN_NOW, "ASSISTANT_NOW": OPEN_NOW,
             "MUNICIPAL_API_ENV_FILE": str(var / ".env"), **PHONE.rasa_env()},
    )
    stack = Stack(config)
    try:
        stack.start()
    except Exception:
        stack.stop()
        for log in sorted((var / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        raise
    _OPEN.append(stack)
    atexit.register(stack.stop)
    warm_up(stack)
    return stack


def warm_up(stack: Stack, attempts: int = 5) -> None:
    """A fresh action server answers its first calls slowly on a loaded machine (past Rasa's
    2.5 s guard): a few throwaway turns until one is answered without the apology."""
    for _ in range(attempts):
        answer = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                            json={"sender": "warm-up-" + secrets.token_hex(4), "message": "bonjour"})
        if answer.is_success and "problème technique" not in answer.text:
            return
        time.sleep(2)


def api_token(stack: Stack) -> str:
    return stack.config.env["MUNICIPAL_API_TOKEN"]


def tickets(stack: Stack, status: str = "open") -> List[Dict[str, Any]]:
    answer = httpx.get(f"{stack.api_url}/v1/handoff/tickets", params={"status": status},
                       headers={"Authorization": f"Bearer {api_token(stack)}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()


def ticket_of(stack: Stack, conversation_id: str, status: str = "open") -> Dict[str, Any]:
    found = [t for t in tickets(stack, status) if t["conversation_id"] == conversation_id]
    assert len(found) == 1, f"{len(found)} {status} tickets for {conversation_id}"
    return found[0]


def staff_account(stack: Stack, username: str = "agent") -> str:
    StaffStore(stack.config.var_dir / "staff.db").add(username, STAFF_PASSWORD, "Agent E2E", replace=True)
    return username


class StaffConsole:
    """A staff member's browser, over HTTP. The session cookie is Secure, which an HTTP client
    keeps for https only: it is carried by hand here (the browser test uses real Chromium)."""

    def __init__(self, stack: Stack, username: str) -> None:
        self.base = stack.web_url
        self.http = httpx.Client(base_url=self.base, timeout=60, follow_redirects=False)
        self.cookies: Dict[str, str] = {}
        self.username = username

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or 'expires=thu, 01 jan 1970' in header.lower() or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def _headers(self) -> Dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Origin": self.base}

    def get(self, path: str) -> httpx.Response:
        return self._keep(self.http.get(path, headers=self._headers()))

    def post(self, path: str, data: Dict[str, str], csrf_from: Optional[str] = None) -> httpx.Response:
        if csrf_from is not None:
            data = {**data, "csrf_token": csrf(self.get(csrf_from).text)}
        return self._keep(self.http.post(path, data=data, headers=self._headers()))

    def log_in(self) -> "StaffConsole":
        answer = self.post("/staff/login", {"username": self.username, "password": STAFF_PASSWORD,
                                            "next": "/staff"}, csrf_from="/staff/login")
        assert answer.status_code == 303 and answer.headers["location"] == "/staff", answer.text
        return self

    def ticket_page(self, ticket_id: str) -> str:
        page = self.get(f"/staff/tickets/{ticket_id}")
        assert page.status_code == 200, page.text
        return page.text

    def reply(self, ticket_id: str, text: str) -> str:
        answer = self.post(f"/staff/tickets/{ticket_id}/reply", {"message": text},
                           csrf_from=f"/staff/tickets/{ticket_id}")
        assert answer.status_code == 303, answer.text
        return answer.headers["location"]

    def close(self, ticket_id: str) -> str:
        answer = self.post(f"/staff/tickets/{ticket_id}/close", {}, csrf_from=f"/staff/tickets/{ticket_id}")
        assert answer.status_code == 303, answer.text
        return answer.headers["location"]


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class SocketResident:
    """The city page's widget, as python-socketio: one session, bot messages in a queue."""

    def __init__(self, stack: Stack) -> None:
        self.client = socketio.Client(reconnection=False)
        self.messages: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self.session_id = "e2e-sio-" + secrets.token_hex(8)
        confirmed = queue.Queue()
        self.client.on("bot_uttered", self.messages.put)
        self.client.on("session_confirm", confirmed.put)
        self.client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["polling"])
        self.client.emit("session_request", {"session_id": self.session_id})
        confirmed.get(timeout=30)

    def say(self, text: str, expect: bool = True, quiet: float = 2.5) -> List[Dict[str, Any]]:
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        return self.collect(expect, quiet)

    def collect(self, expect: bool = True, quiet: float = 2.5, timeout: float = 60.0) -> List[Dict[str, Any]]:
        got: List[Dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                got.append(self.messages.get(timeout=quiet if (got or not expect) else 5))
            except queue.Empty:
                if got or not expect:
                    break
        return got

    def close(self) -> None:
        self.client.disconnect()
