"""The action server down or hung: Rasa answers politely, with the MSP's phone number, in
the resident's language, within 3 s (bot/channels/rest_auth.py, bot/action_guard.py).

Runs near the end (file name) because it stops the stack's action server and starts it again.
"""
from __future__ import annotations

import time
import uuid

import pytest

from actions.common.fallback import fallback_contact
from tests.e2e.conftest import Chat
from tests.e2e.test_zz_city_down import _SilentServer

# The apology (utter_action_server_down); a model trained before it existed (E2E_MODEL)
# gives utter_city_unavailable instead: the same advice and phone number.
OPENINGS = [("Bonjour", "fr", ("problème technique", "services de la ville")),
            ("Hello, I need some help please", "en", ("technical problem", "town's services"))]
QUESTION = {"fr": "Quels sont les horaires de la Maison des Services Publics demain ?",
            "en": "What are the opening hours of the Maison des Services Publics tomorrow?"}


def texts(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def wait_until_answering(stack, timeout: float = 60.0) -> None:
    """Until Rasa's breaker has let a call through again and the answers are normal."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = texts(Chat(stack.rasa_url, f"e2e-probe-{uuid.uuid4().hex[:8]}").send(QUESTION["fr"]))
        if not any(words in reply for words in OPENINGS[0][2]):
            return
        time.sleep(1.0)
    raise AssertionError("the assistant did not recover after the action server came back")


@pytest.mark.parametrize("mode", ["down", "hung"])
def test_the_action_server_unavailable_gets_a_polite_answer(stack, mode: str) -> None:
    phone = fallback_contact()["phone"]
    chats = []
    for opening, language, apology in OPENINGS:   # languages chosen while everything works
        chat = Chat(stack.rasa_url, f"e2e-actions-{mode}-{language}-{uuid.uuid4().hex[:8]}")
        chat.send(opening)
        chats.append((chat, language, apology))
    stack.stop("actions")
    silent = _SilentServer(stack.config.actions_port) if mode == "hung" else None
    try:
        for chat, language, apology in chats:
            started = time.monotonic()
            replies = chat.send(QUESTION[language])
            elapsed = time.monotonic() - started
            joined = texts(replies)
            assert elapsed < 3.0, f"{mode}: answered in {elapsed:.2f} s"
            assert phone in joined and any(words in joined for words in apology), joined
            assert "utter_" not in joined and "action_" not in joined
    finally:
        if silent:
            silent.close()
        stack.start_actions()
    wait_until_answering(stack)
