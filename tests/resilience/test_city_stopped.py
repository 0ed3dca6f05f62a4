"""The real municipal API stopped in the middle of the day, then started again: polite
answers within 3 s while it is down, fail-fast once the breaker is open, and back to normal
after the cool-down."""
from __future__ import annotations

import secrets
import time
from pathlib import Path

import httpx
import pytest

from actions.common.client import CityUnavailable, MunicipalClient
from actions.common.fallback import fallback_contact
from actions.services.places import ActionOpeningHours
from bot.cli.stack import Stack, StackConfig, free_port
from tests.conftest import FROZEN_NOW
from tests.trackers import domain, run, tracker

COOLDOWN = 1.0


@pytest.fixture
def own_city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    token = "test-" + secrets.token_urlsafe(24)
    stack = Stack(StackConfig(
        model=Path("unused"), api_port=free_port(), var_dir=tmp_path, log_dir=tmp_path,
        env={"MUNICIPAL_API_TOKEN": token, "MUNICIPAL_API_NOW": FROZEN_NOW,
             "MUNICIPAL_API_ENV_FILE": str(tmp_path / ".env")}))
    stack.start_api()
    monkeypatch.setenv("MUNICIPAL_API_URL", stack.api_url)
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", token)
    monkeypatch.setenv("ASSISTANT_NOW", FROZEN_NOW)
    monkeypatch.setenv("MUNICIPAL_API_BREAKER_COOLDOWN", str(COOLDOWN))
    domain()
    yield stack
    stack.stop()


def warm_up(stack: Stack) -> None:
    """A fresh API's first answers can be slow on a busy machine: not what is tested here."""
    for path in ("/v1/places/msp", "/v1/places/msp/opening-hours?date=2026-12-02&days=1"):
        httpx.get(stack.api_url + path, timeout=30).raise_for_status()


def hours_question():
    return tracker(text="horaires de la MSP demain", entities=[{"entity": "place", "value": "msp"}])


async def test_the_city_stopped_then_restarted(own_city: Stack) -> None:
    contact = fallback_contact()
    warm_up(own_city)
    _, messages = await run(ActionOpeningHours(), hours_question())
    assert messages[0]["response"] != "utter_city_unavailable"

    own_city.stop("municipal-api")
    for _ in range(4):   # three failures open the breaker, the fourth fails fast
        started = time.monotonic()
        _, messages = await run(ActionOpeningHours(), hours_question())
        assert time.monotonic() - started < 3.0
        assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"],
                             "place_name": contact["name"]}]
    with pytest.raises(CityUnavailable, match="failing fast"):
        await MunicipalClient().places()

    own_city.start_api()
    warm_up(own_city)
    time.sleep(COOLDOWN + 0.1)
    # Half-open: one call tests the city (calls made meanwhile still fail fast)...
    assert await MunicipalClient().places()
    # ...it answered: the breaker is closed and conversations get their answers again.
    _, messages = await run(ActionOpeningHours(), hours_question())
    assert messages[0]["response"] != "utter_city_unavailable"
