"""The production profile, started once per session: two Rasa instances behind the proxy,
PostgreSQL for conversations and the municipal API, Redis for the lock store.

Everything is the test's own: two fresh PostgreSQL databases (dropped after), a random
Redis key prefix (its keys deleted after), random secrets, free ports, the frozen clock.
The model is the current one (`make model`), or E2E_MODEL for a developer's shortcut.
"""
from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path
from typing import Any, Dict, List

import httpx
import psycopg2
import pytest
import redis

from bot.access_tokens import mint_token
from bot.cli.model import ensure_model
from bot.cli.prod import ProdStack, ProdStackConfig
from bot.cli.stack import free_port
from tests.conftest import FROZEN_NOW

POSTGRES = dict(host="127.0.0.1", port=5432, user="postgres")
REDIS = dict(host="127.0.0.1", port=6379, db=int(os.environ.get("TEST_REDIS_DB", "0")))


def _admin(sql: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **POSTGRES)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


class ProdChat:
    """A resident on the REST channel, which needs a token in production."""

    def __init__(self, stack: ProdStack, sender: str) -> None:
        self.stack = stack
        self.sender = sender
        self.token = mint_token(sender, stack.config.env["REST_TOKEN_SECRET"], ttl_seconds=3600)

    def send(self, text: str, base_url: str = "", timeout: float = 180.0) -> httpx.Response:
        response = httpx.post(f"{base_url or self.stack.rasa_url}/webhooks/rest/webhook",
                              json={"sender": self.sender, "message": text},
                              headers={"Authorization": f"Bearer {self.token}"}, timeout=timeout)
        response.raise_for_status()
        return response

    def stored_events(self) -> List[Dict[str, Any]]:
        """The conversation as the tracker store holds it, read from PostgreSQL."""
        import json

        connection = psycopg2.connect(dbname=self.stack.config.env["TRACKER_DB_NAME"], **POSTGRES)
        with connection.cursor() as cursor:
            cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (self.sender,))
            rows = [json.loads(data) for (data,) in cursor.fetchall()]
        connection.close()
        return rows


@pytest.fixture(scope="session")
def prod_stack(tmp_path_factory: pytest.TempPathFactory) -> ProdStack:
    var = tmp_path_factory.mktemp("prod")
    run = uuid.uuid4().hex[:8]
    tracker_db, municipal_db = f"prod_test_tracker_{run}", f"prod_test_municipal_{run}"
    prefix = f"prodtest{run}"
    env = {
        "MUNICIPAL_API_TOKEN": secrets.token_urlsafe(32),
        "REST_TOKEN_SECRET": secrets.token_urlsafe(32),
        "CHANNEL_SENDER_SECRET": secrets.token_urlsafe(32),
        "TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:5432/{tracker_db}",
        "TRACKER_DB_NAME": tracker_db,
        "MUNICIPAL_API_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{municipal_db}",
        "REDIS_HOST": REDIS["host"], "REDIS_PORT": str(REDIS["port"]), "REDIS_DB": str(REDIS["db"]),
        "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": prefix,
        "SQL_POOL_SIZE": "5", "SQL_MAX_OVERFLOW": "5",
        "MUNICIPAL_API_NOW": FROZEN_NOW, "ASSISTANT_NOW": FROZEN_NOW,
    }
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN"):
        env[name] = ""          # SMS and WhatsApp off, whatever the developer's environment holds
    config = ProdStackConfig(
        model=Path(os.environ["E2E_MODEL"]) if os.environ.get("E2E_MODEL") else ensure_model(quiet=True),
        api_port=free_port(), actions_port=free_port(), rasa_port=free_port(),
        rasa_instance_ports=[free_port(), free_port()],
        var_dir=var, log_dir=var / "logs", env=env, with_web=False, create_databases=True,
        start_timeout=600,   # two Rasa instances loading on a shared 2-core machine
    )
    running = ProdStack(config)
    try:
        running.start()
    except Exception:
        running.stop()
        for log in sorted((var / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        _cleanup(tracker_db, municipal_db, prefix)
        raise
    # Warm up: each instance's first prediction and the API's first queries are slow, and
    # a city answer slower than 2 s is (rightly) "the city is unavailable".
    for instance in running.instance_urls:
        ProdChat(running, f"warm-up-{uuid.uuid4().hex[:8]}").send(
            "Quels sont les horaires de la mairie samedi ?", instance)
    yield running
    running.stop()
    _cleanup(tracker_db, municipal_db, prefix)


def _cleanup(tracker_db: str, municipal_db: str, prefix: str) -> None:
    for name in (tracker_db, municipal_db):
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    client = redis.Redis(**REDIS)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def resident(prod_stack: ProdStack) -> ProdChat:
    return ProdChat(prod_stack, f"prod-{uuid.uuid4().hex[:12]}")


def user_texts(events: List[Dict[str, Any]]) -> List[str]:
    return [e.get("text") for e in events if e.get("event") == "user"]


def reply_text(response: httpx.Response) -> str:
    return "\n".join(message.get("text") or "" for message in response.json())
