"""The municipal API answering garbage, failing or hung: a polite answer within 3 s and no
crash, against a real local HTTP server (tests/resilience/garbage_city.py); and the circuit
breaker keeping a dead API away from every conversation."""
from __future__ import annotations

import time
from typing import Iterator

import pytest

from actions.common.client import CityUnavailable, MunicipalClient
from actions.common.fallback import fallback_contact
from actions.services.places import ActionOpeningHours
from actions.tariffs.price import ActionTariffPrice
from tests.resilience.garbage_city import BODIES, GarbageCity
from tests.trackers import domain, run, tracker

GARBAGE = sorted(set(BODIES) - {"healthy"})


@pytest.fixture
def garbage(monkeypatch: pytest.MonkeyPatch) -> Iterator[GarbageCity]:
    domain()   # loaded once before any timing
    city = GarbageCity()
    monkeypatch.setenv("MUNICIPAL_API_URL", city.url)   # a new address: a breaker of its own
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", "unused")
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-01T08:00:00+01:00")
    yield city
    city.close()


def unavailable() -> dict:
    contact = fallback_contact()
    return {"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}


@pytest.mark.parametrize("mode", GARBAGE)
@pytest.mark.parametrize("action, text, entities", [
    (ActionOpeningHours, "horaires de la MSP demain", [{"entity": "place", "value": "msp"}]),
    (ActionTariffPrice, "prix du conservatoire QF 600",
     [{"entity": "activity", "value": "conservatoire-cursus"}, {"entity": "amount", "value": 600}]),
])
async def test_garbage_gets_the_phone_number_quickly(garbage: GarbageCity, mode: str, action, text, entities) -> None:
    garbage.mode = mode
    started = time.monotonic()
    _, messages = await run(action(), tracker(text=text, entities=entities,
                                              slots={"activity": "conservatoire-cursus", "qf": 600.0}))
    assert time.monotonic() - started < 3.0
    assert garbage.requests >= 1          # it did ask the server
    assert messages[-1] == unavailable()


async def test_a_hung_city_answers_within_3_seconds(garbage: GarbageCity) -> None:
    garbage.mode, garbage.delay = "slow", 6.0
    started = time.monotonic()
    _, messages = await run(ActionOpeningHours(), tracker(text="horaires MSP", entities=[{"entity": "place", "value": "msp"}]))
    assert time.monotonic() - started < 3.0
    assert messages == [unavailable()]


async def test_the_breaker_opens_after_3_failures_then_fails_fast(garbage: GarbageCity) -> None:
    garbage.mode = "error_500"
    client = MunicipalClient()
    for _ in range(3):
        with pytest.raises(CityUnavailable):
            await client.places()
    assert garbage.requests == 3
    started = time.monotonic()
    for _ in range(20):
        with pytest.raises(CityUnavailable, match="failing fast"):
            await client.places()
    assert garbage.requests == 3                  # none of the 20 reached the city
    assert time.monotonic() - started < 0.5


async def test_after_the_cooldown_one_call_tests_the_city_and_closes_the_breaker(
        garbage: GarbageCity, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNICIPAL_API_BREAKER_COOLDOWN", "0.4")
    garbage.mode = "html"
    client = MunicipalClient()
    for _ in range(3):
        with pytest.raises(CityUnavailable):
            await client.places()
    time.sleep(0.5)
    # Half-open: the probe reaches the city, still broken: open again at once.
    with pytest.raises(CityUnavailable):
        await client.places()
    assert garbage.requests == 4
    with pytest.raises(CityUnavailable, match="failing fast"):
        await client.places()
    time.sleep(0.5)
    garbage.mode = "healthy"
    assert await client.places() == []            # the probe succeeds: closed
    assert await client.places() == []
    assert garbage.requests == 6


async def test_a_reason_from_the_city_is_not_a_failure(garbage: GarbageCity) -> None:
    """404 with the API's error code: the city works, the breaker stays closed."""
    from tests.resilience import garbage_city

    garbage_city.BODIES["known_404"] = (404, "application/json",
                                        b'{"error": {"code": "place_not_found", "message": "no"}}')
    try:
        garbage.mode = "known_404"
        client = MunicipalClient()
        for _ in range(5):
            with pytest.raises(Exception) as raised:
                await client.place("nowhere")
            assert not isinstance(raised.value, CityUnavailable)
        assert garbage.requests == 5
    finally:
        del garbage_city.BODIES["known_404"]
