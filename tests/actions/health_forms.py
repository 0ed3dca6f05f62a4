"""What the booking-form tests share: a warm API, and the tracker of an answer to the form."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx
import pytest

from tests.trackers import tracker


@pytest.fixture(scope="module", autouse=True)
def warm_city(city_api) -> None:
    """A first answer can be slow on a busy machine: not on the actions' 2 s clock."""
    for path in ("/v1/health/info", "/v1/health/practitioners", "/v1/health/slots?limit=1", "/v1/places"):
        httpx.get(city_api.url + path, headers={"Accept-Language": "fr"}, timeout=30)


def answer(slot: str, value: Any, *, text: Optional[str] = None, intent: str = "inform",
           entities: Optional[List[Dict[str, Any]]] = None, slots: Optional[Dict[str, Any]] = None,
           sender: str = "test-user"):
    """The tracker the form validation sees when the resident answers `slot`."""
    filled = dict(slots or {}, **{slot: value})
    return tracker(sender=sender, text=text if text is not None else str(value), intent=intent,
                   entities=entities, slots=filled, active_loop="appointment_form", requested_slot=slot,
                   events=[{"event": "slot", "name": slot, "value": value}])
