"""The whole assistant for a benchmark, started by our own launcher (bot/cli/stack.py).

`dev` is `make run`'s arrangement on a temporary directory: SQLite tracker store and
municipal API database, free ports, one Rasa. `prod` is `make run-prod`'s (bot/cli/prod.py):
two Rasa instances behind the proxy, PostgreSQL and Redis on this machine, with fresh
databases and a random Redis key prefix, all removed afterwards. Both run on the frozen
clock of the end-to-end tests (Tuesday 2026-12-01 08:00), so the Maison de Santé's free
slots are the same at every run.
"""
from __future__ import annotations

import secrets
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import httpx

from bot.cli.stack import ROOT, Stack, StackConfig, free_port

FROZEN_NOW = "2026-12-01T08:00:00+01:00"   # the same as tests/conftest.py
POSTGRES = dict(host="127.0.0.1", port=5432, user="postgres")
REDIS = dict(host="127.0.0.1", port=6379, db=0)
WARM_UP_MESSAGE = "Quels sont les horaires de la mairie samedi ?"


@dataclass
class BenchStack:
    stack: Stack
    profile: str
    var_dir: Path
    tracker_db_url: str            # SQLAlchemy URL of the conversations (assistant's venv)
    city_db_url: str               # SQLAlchemy URL of the municipal API's database
    api_token: str
    rest_secret: Optional[str] = None
    rasa_instances: List[str] = field(default_factory=list)
    cleanups: List[Callable[[], None]] = field(default_factory=list)
    started_seconds: float = 0.0

    @property
    def rest_url(self) -> str:
        return f"{self.stack.rasa_url}/webhooks/rest/webhook"

    @property
    def api_url(self) -> str:
        return self.stack.api_url

    def headers(self, sender: str) -> Dict[str, str]:
        """The REST channel needs a token per conversation in production (bot/access_tokens.py)."""
        if not self.rest_secret:
            return {}
        from bot.access_tokens import mint_token

        return {"Authorization": f"Bearer {mint_token(sender, self.rest_secret, ttl_seconds=6 * 3600)}"}

    def pids(self) -> Dict[str, int]:
        return {name: process.pid for name, process in self.stack.processes.items()
                if process.poll() is None}

    def warm_up(self) -> None:
        """Each Rasa instance's first prediction and the API's first queries are slow."""
        for url in self.rasa_instances or [self.stack.rasa_url]:
            sender = f"warm-up-{uuid.uuid4().hex[:8]}"
            httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": WARM_UP_MESSAGE},
                       headers=self.headers(sender), timeout=300).raise_for_status()

    def stop(self) -> None:
        self.stack.stop()
        for cleanup in reversed(self.cleanups):
            cleanup()

    def logs(self, tail: int = 3000) -> str:
        parts = []
        for log in sorted((self.var_dir / "logs").glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-tail:]}")
        return "\n".join(parts)


def _common_env(var: Path) -> Dict[str, str]:
    env = {"MUNICIPAL_API_TOKEN": "bench-" + secrets.token_urlsafe(24),
           "MUNICIPAL_API_NOW": FROZEN_NOW, "ASSISTANT_NOW": FROZEN_NOW,
           "MUNICIPAL_API_ENV_FILE": str(var / ".env"), "RASA_TELEMETRY_ENABLED": "false"}
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN"):
        env[name] = ""          # SMS and WhatsApp off, whatever the developer's environment holds
    return env


def dev_stack(model: Path, extra_env: Optional[Dict[str, str]] = None) -> BenchStack:
    var = Path(tempfile.mkdtemp(prefix="bench-stack-"))
    env = {**_common_env(var), **(extra_env or {})}
    stack = Stack(StackConfig(model=model, api_port=free_port(), actions_port=free_port(),
                              rasa_port=free_port(), web_port=free_port(), var_dir=var,
                              log_dir=var / "logs", env=env, start_timeout=600))
    bench = BenchStack(stack=stack, profile="dev", var_dir=var,
                       tracker_db_url=f"sqlite:///{var / 'tracker.db'}",
                       city_db_url=f"sqlite:///{var / 'municipal.db'}", api_token=env["MUNICIPAL_API_TOKEN"])
    bench.cleanups.append(lambda: shutil.rmtree(var, ignore_errors=True))
    return bench


def prod_stack(model: Path, extra_env: Optional[Dict[str, str]] = None) -> BenchStack:
    import psycopg2
    import redis

    from bot.cli.prod import ProdStack, ProdStackConfig

    var = Path(tempfile.mkdtemp(prefix="bench-prod-"))
    run = uuid.uuid4().hex[:8]
    tracker_db, city_db, prefix = f"bench_tracker_{run}", f"bench_municipal_{run}", f"bench{run}"
    env = {**_common_env(var),
           "REST_TOKEN_SECRET": secrets.token_urlsafe(32), "CHANNEL_SENDER_SECRET": secrets.token_urlsafe(32),
           "MUNICIPAL_API_TOKEN": secrets.token_urlsafe(32),
           "TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:5432/{tracker_db}",
           "MUNICIPAL_API_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{city_db}",
           "REDIS_HOST": REDIS["host"], "REDIS_PORT": str(REDIS["port"]), "REDIS_DB": str(REDIS["db"]),
           "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": prefix, "SQL_POOL_SIZE": "10", "SQL_MAX_OVERFLOW": "10",
           **(extra_env or {})}
    ports = [free_port(), free_port()]
    stack = ProdStack(ProdStackConfig(model=model, api_port=free_port(), actions_port=free_port(),
                                      rasa_port=free_port(), rasa_instance_ports=ports, var_dir=var,
                                      log_dir=var / "logs", env=env, with_web=False,
                                      create_databases=True, start_timeout=600))

    def drop() -> None:
        connection = psycopg2.connect(dbname="postgres", **POSTGRES)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for name in (tracker_db, city_db):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()
        client = redis.Redis(**REDIS)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)

    bench = BenchStack(stack=stack, profile="prod", var_dir=var,
                       tracker_db_url=env["TRACKER_DB_URL"],
                       city_db_url=f"postgresql://postgres@127.0.0.1:5432/{city_db}",
                       api_token=env["MUNICIPAL_API_TOKEN"], rest_secret=env["REST_TOKEN_SECRET"],
                       rasa_instances=stack.instance_urls)
    bench.cleanups += [drop, lambda: shutil.rmtree(var, ignore_errors=True)]
    return bench


def start(model: Path, profile: str = "dev", extra_env: Optional[Dict[str, str]] = None) -> BenchStack:
    """Starts the stack and warms it up; on failure prints the services' logs and cleans up."""
    bench = (prod_stack if profile == "prod" else dev_stack)(model, extra_env)
    started = time.monotonic()
    try:
        bench.stack.start()
        bench.started_seconds = time.monotonic() - started
        bench.warm_up()
    except BaseException:
        print(bench.logs(), flush=True)
        bench.stop()
        raise
    return bench


def default_model() -> Path:
    """BENCH_MODEL, or the model of the current data (trained by `make model` if missing)."""
    import os

    if os.environ.get("BENCH_MODEL"):
        return Path(os.environ["BENCH_MODEL"])
    from bot.cli.model import ensure_model

    return ensure_model(quiet=True)
