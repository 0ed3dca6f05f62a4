"""The city down or hung: every services answer gives the MSP's phone within 3 s, nothing crashes."""
from __future__ import annotations

import socket
import threading
import time
from typing import Iterator, List

import pytest

from actions.common.fallback import fallback_contact
from actions.services.documents import ActionDocuments
from actions.services.guidance import ActionEmployment, ActionSocialHousing
from actions.services.partners import ActionMspServices, ActionPartnerInfo, ActionPartnerSchedule
from actions.services.places import ActionOpeningHours, ActionPlaceAccessibility, ActionPlaceContact
from tests.trackers import run, tracker

CASES = [
    (ActionOpeningHours, "horaires de la MSP demain", [{"entity": "place", "value": "msp"}]),
    (ActionPlaceContact, "adresse de la CAF", [{"entity": "partner", "value": "caf"}]),
    (ActionPlaceAccessibility, "accessible ?", []),
    (ActionMspServices, "que propose la MSP ?", []),
    (ActionPartnerInfo, "mon propriétaire", [{"entity": "partner_topic", "value": "landlord"}]),
    (ActionPartnerSchedule, "quand vient la CAF ?", [{"entity": "partner", "value": "caf"}]),
    (ActionDocuments, "documents passeport", [{"entity": "partner_topic", "value": "passport"}]),
    (ActionSocialHousing, "logement social", []),
    (ActionEmployment, "je cherche du travail", []),
]


def unavailable() -> List[dict]:
    contact = fallback_contact()
    return [{"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}]


@pytest.fixture
def city_hung(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A city system that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held: List[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    monkeypatch.setenv("MUNICIPAL_API_URL", url)
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-01T08:00:00+01:00")
    yield url
    server.close()
    for connection in held:
        connection.close()


@pytest.mark.parametrize("action_class, text, found", CASES, ids=[c[0].__name__ for c in CASES])
async def test_city_down_gives_the_phone_at_once(city_down, action_class, text, found):
    started = time.monotonic()
    events, messages = await run(action_class(), tracker(text=text, entities=found))
    assert time.monotonic() - started < 3.0
    assert (events, messages) == ([], unavailable())


@pytest.mark.parametrize("action_class, text, found", CASES, ids=[c[0].__name__ for c in CASES])
async def test_city_hung_gives_the_phone_within_3_seconds(city_hung, action_class, text, found):
    started = time.monotonic()
    events, messages = await run(action_class(), tracker(text=text, entities=found, slots={"language": "en"}))
    assert time.monotonic() - started < 3.0
    assert (events, messages) == ([], unavailable())
