"""Every API test runs twice: against SQLite and against the local PostgreSQL.

The real app is served by uvicorn on a free port in a background thread (one server per
backend for the whole session), and tests talk to it over HTTP with httpx. The clock is a
MutableClock that each test resets to DEFAULT_NOW (Tuesday 2026-12-01 08:00, Paris time).
"""

import os
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from municipal_api.core.clock import PARIS, FrozenClock
from municipal_api.core.settings import Settings
from municipal_api.main import create_app

DEFAULT_NOW = datetime(2026, 12, 1, 8, 0, tzinfo=PARIS)  # a Tuesday
TOKEN = "test-token-" + secrets.token_urlsafe(24)
SEED_DIR = Path(__file__).resolve().parents[1] / "seed"
# Admin connection used only to create and drop this session's database.
POSTGRES_ADMIN_URLS = [
    os.environ.get("MUNICIPAL_API_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    "postgresql://root@127.0.0.1:5432/test",
]
# What a careless exception message could hold; it must reach neither the client nor the logs.
BOOM_DETAIL = "failing row contains (Zéphyrin Quetzalcoatl, +33655443322)"
MUTABLE_TABLES = ("appointments", "domiciliation_requests", "handoff_tickets", "reference_counters")


class MutableClock(FrozenClock):
    def set(self, instant: datetime) -> None:
        self.instant = instant.astimezone(PARIS)


@dataclass
class Api:
    """What a test gets: an HTTP client on the live server, the clock and the database engine."""

    client: httpx.Client
    clock: MutableClock
    engine: Engine
    app: FastAPI
    backend: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.client.post(path, **kwargs)

    def scalar(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_connection() -> tuple[psycopg.Connection, str]:
    errors = []
    for url in POSTGRES_ADMIN_URLS:
        try:
            return psycopg.connect(url, autocommit=True, connect_timeout=5), url
        except psycopg.OperationalError as exc:
            errors.append(f"{url}: {exc}")
    if os.environ.get("MUNICIPAL_API_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("PostgreSQL not reachable and MUNICIPAL_API_TEST_SKIP_POSTGRES=1")
    pytest.fail("PostgreSQL is needed for the tests (set MUNICIPAL_API_TEST_SKIP_POSTGRES=1 to skip): "
                + "; ".join(errors))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'municipal.db'}"
        return
    # A fresh database per test session, so parallel runs never collide.
    name = f"municipal_api_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin, admin_url = _admin_connection()
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        admin, _ = _admin_connection()
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_settings(database_url: str, tmp_path: Path, **overrides) -> Settings:
    values = {"database_url": database_url, "token": TOKEN, "env_file": tmp_path / ".env", "seed_dir": SEED_DIR}
    return Settings(_env_file=None, **{**values, **overrides})


@pytest.fixture(scope="session")
def live_app(database_url, tmp_path_factory) -> Iterator[tuple[FastAPI, str, MutableClock]]:
    clock = MutableClock(DEFAULT_NOW)
    app = create_app(make_settings(database_url, tmp_path_factory.mktemp("env")), clock=clock)

    @app.get("/__test__/boom", include_in_schema=False)
    def boom() -> None:  # an unhandled error, to check the 500 shape
        raise RuntimeError(BOOM_DETAIL)

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    yield app, f"http://127.0.0.1:{port}", clock
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def api(live_app, database_url) -> Iterator[Api]:
    app, base_url, clock = live_app
    clock.set(DEFAULT_NOW)
    engine: Engine = app.state.engine
    with engine.begin() as connection:
        for table in MUTABLE_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    with httpx.Client(base_url=base_url, timeout=60) as client:
        yield Api(client=client, clock=clock, engine=engine, app=app, backend=backend)
