"""The whole assistant for end-to-end tests: municipal API + action server + Rasa + web chat.

Started once per session on free ports, with temporary databases and the frozen clock
(Tuesday 2026-12-01 08:00 Europe/Paris) shared by the API and the actions. The model is
the one `make model` trained for the current data (trained here if missing).
"""
from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

from bot.cli.model import ensure_model
from bot.cli.stack import Stack, StackConfig, free_port
from tests.conftest import FROZEN_NOW
from tests.e2e.phone import PHONE   # SMS/WhatsApp secrets and the fake providers' URL


class Chat:
    """Talks to Rasa's REST channel as one resident."""

    def __init__(self, rasa_url: str, sender: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = sender

    def send(self, text: str, timeout: float = 30.0) -> List[Dict[str, Any]]:
        response = httpx.post(self.url, json={"sender": self.sender, "message": text}, timeout=timeout)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Stack:
    var = tmp_path_factory.mktemp("stack")
    config = StackConfig(
        # E2E_MODEL: a developer's shortcut to try an existing model while data changes.
        model=Path(os.environ["E2E_MODEL"]) if os.environ.get("E2E_MODEL") else ensure_model(quiet=True),
        api_port=free_port(), actions_port=free_port(), rasa_port=free_port(), web_port=free_port(),
        var_dir=var, log_dir=var / "logs",
        env={"MUNICIPAL_API_TOKEN": "e2e-" + secrets.token_urlsafe(24),
             "MUNICIPAL_API_NOW": FROZEN_NOW, "ASSISTANT_NOW": FROZEN_NOW,
             "MUNICIPAL_API_ENV_FILE": str(var / ".env"), **PHONE.rasa_env()},
    )
    running = Stack(config)
    try:
        running.start()
    except Exception:
        running.stop()
        for log in sorted((var / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        raise
    yield running
    running.stop()


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
