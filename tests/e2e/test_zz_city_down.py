"""The city's systems down or slow: a clear answer with the phone number within 3 s.

Runs last (file name) because it stops the stack's municipal API and starts it again.
"""
from __future__ import annotations

import socket
import threading
import time

import pytest

from actions.common.fallback import fallback_contact
from tests.e2e.conftest import Chat

QUESTIONS = [
    ("Quels sont les horaires de la Maison des Services Publics demain ?", "fr"),
    ("What are the opening hours of the Maison des Services Publics tomorrow?", "en"),
]


def _ask_and_time(chat: Chat, text: str):
    started = time.monotonic()
    replies = chat.send(text)
    return replies, time.monotonic() - started


class _SilentServer:
    """Accepts connections on the API's port and never answers: a hung city system."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(50)
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.mark.parametrize("mode", ["down", "slow"])
def test_city_unavailable_gives_the_phone_quickly(stack, mode):
    phone = fallback_contact()["phone"]
    stack.stop("municipal-api")
    silent = _SilentServer(stack.config.api_port) if mode == "slow" else None
    try:
        for text, language in QUESTIONS:
            chat = Chat(stack.rasa_url, f"e2e-{mode}-{language}-{time.time_ns()}")
            # A first greeting so the question is not the conversation's first message.
            chat.send("Bonjour" if language == "fr" else "Hello")
            replies, elapsed = _ask_and_time(chat, text)
            joined = "\n".join(r.get("text") or "" for r in replies)
            assert phone in joined, joined
            assert elapsed < 3.0, f"{mode}: answered in {elapsed:.2f} s"
    finally:
        if silent:
            silent.close()
        stack.start_api()
