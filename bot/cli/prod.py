"""The production profile: `python -m bot.cli run --profile prod` (`make run-prod`).

The same services as `make run` (bot.cli.stack), arranged as in production:

    resident ──► proxy :5005 (bot/proxy.py) ──► Rasa rasa-1 :5006 ┐  PostgreSQL: conversations
                                           └──► Rasa rasa-2 :5007 ┘  Redis: one message at a time
                 action server :5055 ──► municipal API :8000 (PostgreSQL)       per conversation

Settings come from the environment only (deploy/prod.env.example lists them; a file
given with --env-file fills what the environment lacks): never from the development
.env. Secrets that are missing, short or placeholders stop the start.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from bot.channels.settings import read_env_file
from bot.cli.stack import BIN, ROOT, Stack, StackConfig, wait_until

PROD_ENDPOINTS = ROOT / "deploy" / "endpoints.prod.yml"
SECRETS = ("MUNICIPAL_API_TOKEN", "REST_TOKEN_SECRET", "CHANNEL_SENDER_SECRET")
OPTIONAL_SECRETS = ("RASA_JWT_SECRET",)   # generated at each start when empty (bot/cli/stack.py)
REQUIRED = ("TRACKER_DB_URL", "MUNICIPAL_API_DATABASE_URL", "REDIS_HOST")
MIN_SECRET_LENGTH = 32
PLACEHOLDER_WORDS = ("change", "secret", "example", "default", "password", "token")
DEFAULTS = {"REDIS_PORT": "6379", "REDIS_DB": "1", "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": "levallois",
            "SQL_POOL_SIZE": "10", "SQL_MAX_OVERFLOW": "10"}


class ProdSettingsError(RuntimeError):
    """The production profile refuses to start with these settings."""


def settings_problems(env: Mapping[str, str]) -> List[str]:
    """What is wrong with the settings, in words an operator can act on; [] when fine."""
    problems = []
    for name in SECRETS + OPTIONAL_SECRETS:
        value = (env.get(name) or "").strip()
        if not value:
            if name in SECRETS:
                problems.append(f"{name} is not set")
        elif len(value) < MIN_SECRET_LENGTH:
            problems.append(f"{name} is shorter than {MIN_SECRET_LENGTH} characters")
        elif any(word in value.lower() for word in PLACEHOLDER_WORDS) or len(set(value)) < 8:
            problems.append(f"{name} looks like a placeholder, not a random secret")
    names = SECRETS + OPTIONAL_SECRETS
    given = [(env.get(name) or "").strip() for name in names if (env.get(name) or "").strip()]
    if len(set(given)) < len(given):
        problems.append("each secret must be different (" + ", ".join(names) + ")")
    for name in REQUIRED:
        if not (env.get(name) or "").strip():
            problems.append(f"{name} is not set")
    for name in ("TRACKER_DB_URL", "MUNICIPAL_API_DATABASE_URL"):
        if env.get(name) and not env[name].startswith("postgresql"):
            problems.append(f"{name} must be a PostgreSQL URL (postgresql://...)")
    return problems


def prod_environment(env_file: Optional[Path] = None,
                     environ: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """The profile's settings: the environment, then the env file, then safe defaults."""
    values = dict(DEFAULTS)
    values.update(read_env_file(env_file) if env_file else {})
    values.update({k: v for k, v in environ.items() if v != "" or k not in values})
    return values


def create_database_if_missing(url: str) -> bool:
    """Creates the PostgreSQL database named by `url` (any driver); True if it did."""
    import psycopg2
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    connection = psycopg2.connect(host=target.host or "127.0.0.1", port=target.port or 5432,
                                  user=target.username, password=target.password or None,
                                  dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target.database,))
            if cursor.fetchone():
                return False
            cursor.execute(f'CREATE DATABASE "{target.database}"')
            return True
    finally:
        connection.close()


@dataclass
class ProdStackConfig(StackConfig):
    """rasa_port is the proxy's (what residents and the web chat reach)."""

    rasa_instance_ports: List[int] = field(default_factory=lambda: [5006, 5007])
    with_web: bool = True
    create_databases: bool = False


class ProdStack(Stack):
    config: ProdStackConfig

    def __init__(self, config: ProdStackConfig) -> None:
        config.endpoints = PROD_ENDPOINTS
        super().__init__(config)
        # Secrets from the environment only: no development .env is read by any service.
        no_file = str(config.var_dir / "no-env-file")
        self.config.env.update({"ASSISTANT_ENV": "production", "MUNICIPAL_API_ENV": "production",
                                "MUNICIPAL_API_ENV_FILE": no_file, "ASSISTANT_ENV_FILE": no_file})

    @property
    def instance_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{port}" for port in self.config.rasa_instance_ports]

    def check(self) -> None:
        problems = settings_problems(self._env())
        if problems:
            raise ProdSettingsError("the production profile will not start:\n  - " + "\n  - ".join(problems))

    def start_rasa_instances(self) -> None:
        for number, port in enumerate(self.config.rasa_instance_ports, start=1):
            self.start_rasa(name=f"rasa-{number}", port=port)

    def start_proxy(self) -> None:
        backends = [arg for url in self.instance_urls for arg in ("--backend", url)]
        process = self._spawn("proxy", [str(BIN / "python"), "-m", "bot.proxy",
                                        "--port", str(self.config.rasa_port), *backends], ROOT)
        wait_until(f"{self.rasa_url}/proxy/health", 30, process, "proxy")

    def start(self) -> "ProdStack":
        self.check()
        if self.config.create_databases:
            env = self._env()
            for name in ("TRACKER_DB_URL", "MUNICIPAL_API_DATABASE_URL"):
                create_database_if_missing(env[name])
        self.start_api()
        self.start_actions()
        self.start_rasa_instances()
        self.start_proxy()
        if self.config.with_web:
            self.start_web()
        return self


def config_from_environment(model: Path, env: Dict[str, str]) -> ProdStackConfig:
    """`make run-prod`: ports and switches from PROD_* settings."""
    first = int(env.get("PROD_RASA_FIRST_PORT", "5006"))
    instances = int(env.get("PROD_RASA_INSTANCES", "2"))
    return ProdStackConfig(
        model=model, env=env,
        rasa_port=int(env.get("PROD_PROXY_PORT", "5005")),
        rasa_instance_ports=[first + k for k in range(instances)],
        actions_port=int(env.get("PROD_ACTIONS_PORT", "5055")),
        api_port=int(env.get("PROD_API_PORT", "8000")),
        web_port=int(env.get("PROD_WEB_PORT", "8080")),
        create_databases=env.get("PROD_CREATE_DATABASES", "0") == "1",
    )


def prod_stack(env_file: Optional[Path] = None) -> ProdStack:
    """The stack `make run-prod` starts; settings are checked before any model is trained."""
    from bot.cli.model import ensure_model

    stack = ProdStack(config_from_environment(Path("model-not-chosen-yet"), prod_environment(env_file)))
    stack.check()
    stack.config.model = ensure_model()
    return stack
