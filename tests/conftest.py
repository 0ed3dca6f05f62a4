"""Shared fixtures: the REAL municipal API, started once per test session.

`city_api` runs the municipal API (its own venv, municipal_api/.venv) as a subprocess on
a free port, with a temporary SQLite database and a frozen clock: Tuesday 2026-12-01
08:00 Europe/Paris. The database lives for the whole session, so a test that books or
registers something must use its own slot/phone and not assume an empty database.
`city` points the action server's client at it; `city_down` points it at a closed port.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli.stack import Stack, StackConfig, free_port

FROZEN_NOW = "2026-12-01T08:00:00+01:00"


@dataclass(frozen=True)
class CityApi:
    url: str
    token: str


@pytest.fixture(scope="session")
def city_api(tmp_path_factory: pytest.TempPathFactory) -> CityApi:
    var = tmp_path_factory.mktemp("city-api")
    token = "test-" + secrets.token_urlsafe(24)
    stack = Stack(StackConfig(
        model=Path("unused"), api_port=free_port(), var_dir=var, log_dir=var,
        env={"MUNICIPAL_API_TOKEN": token, "MUNICIPAL_API_NOW": FROZEN_NOW,
             "MUNICIPAL_API_ENV_FILE": str(var / ".env")},
    ))
    stack.start_api()
    yield CityApi(stack.api_url, token)
    stack.stop()


@pytest.fixture
def city(city_api: CityApi, monkeypatch: pytest.MonkeyPatch) -> CityApi:
    monkeypatch.setenv("MUNICIPAL_API_URL", city_api.url)
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", city_api.token)
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    return city_api


@pytest.fixture
def city_down(monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("MUNICIPAL_API_URL", url)
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", "unused")
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    return url


@pytest.fixture(autouse=True)
def closed_circuit_breakers() -> None:
    """Every test starts with the city's circuit breakers closed: a slow answer in one test
    must not make the next ones fail fast (actions/common/client.py)."""
    from actions.common import client

    client._breakers.clear()
