"""A resident reads or cancels only their own appointments and requests: guessed ids and
codes, through the municipal API and through the assistant's actions, learn nothing (an
existing reference without its code gets the same 404 as an unknown one) and change nothing.

Against the real municipal API (tests/conftest.py: `city`), frozen clock 2026-12-01."""
from __future__ import annotations

from typing import Dict, Tuple

import httpx
import pytest

from actions.common.client import MunicipalClient
from actions.domiciliation.status import ActionDomiciliationStatus
from actions.health.my_appointments import ActionCancelAppointment, ActionListMyAppointments
from tests.trackers import run, tracker

VICTIM, ATTACKER, NOBODY = "+33644556677", "+33655667788", "+33666778899"
GUESSES = ["ZZZZ-2222", "AAAA-AAAA", "K7QM-3XPA"]


@pytest.fixture(scope="module")
def booked(city_api) -> Dict[str, Tuple[str, str, str]]:
    """The victim's and the attacker's appointments: {who: (appointment id, slot id, code)}."""
    import asyncio

    free = httpx.get(f"{city_api.url}/v1/health/slots", params={"from": "2026-12-17", "to": "2026-12-17"},
                     timeout=30).json()

    async def book(slot_id: str, phone: str) -> Tuple[str, str, str]:
        done = await MunicipalClient().book_appointment(slot_id=slot_id, patient_name="Test Ownership",
                                                        phone=phone, idempotency_key=f"owner-{slot_id}")
        return done.id, slot_id, done.cancel_code

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUNICIPAL_API_URL", city_api.url)
        patch.setenv("MUNICIPAL_API_TOKEN", city_api.token)
        return {"victim": asyncio.run(book(free[-1]["id"], VICTIM)),
                "attacker": asyncio.run(book(free[-2]["id"], ATTACKER))}


def api(city_api, method: str, path: str, **params) -> httpx.Response:
    return httpx.request(method, f"{city_api.url}{path}", params=params, timeout=30,
                         headers={"Authorization": f"Bearer {city_api.token}"})


def test_the_api_answers_a_guessed_code_as_an_unknown_id(city_api, booked) -> None:
    appointment_id, _, _ = booked["victim"]
    for guess in GUESSES:
        real = api(city_api, "DELETE", f"/v1/health/appointments/{appointment_id}", cancel_code=guess)
        unknown = api(city_api, "DELETE", "/v1/health/appointments/apt-does-not-exist", cancel_code=guess)
        assert real.status_code == unknown.status_code == 404
        assert real.json() == unknown.json()
        listed = api(city_api, "GET", "/v1/health/appointments", phone=VICTIM, cancel_code=guess)
        nobody = api(city_api, "GET", "/v1/health/appointments", phone=NOBODY, cancel_code=guess)
        assert listed.status_code == nobody.status_code == 404 and listed.json() == nobody.json()
    # Someone else's valid code does not open the victim's phone either.
    other_code = booked["attacker"][2]
    crossed = api(city_api, "GET", "/v1/health/appointments", phone=VICTIM, cancel_code=other_code)
    assert crossed.status_code == 404
    still = api(city_api, "GET", "/v1/health/appointments", phone=VICTIM, cancel_code=booked["victim"][2])
    assert [a["id"] for a in still.json()] == [appointment_id]


def test_the_api_answers_a_reference_without_its_code_as_an_unknown_one(city_api) -> None:
    created = httpx.post(f"{city_api.url}/v1/domiciliation/requests", timeout=30,
                         headers={"Authorization": f"Bearer {city_api.token}"},
                         json={"link_with_commune": "lives_or_stays", "has_identity_document": True,
                               "contact_phone": None, "language": "fr"}).json()
    reference = created["reference"]
    unknown = reference[:-1] + ("9" if reference[-1] != "9" else "8")
    for guess in GUESSES:
        real = api(city_api, "GET", f"/v1/domiciliation/requests/{reference}", access_code=guess)
        other = api(city_api, "GET", f"/v1/domiciliation/requests/{unknown}", access_code=guess)
        assert real.status_code == other.status_code == 404 and real.json() == other.json()
    assert api(city_api, "GET", f"/v1/domiciliation/requests/{reference}",
               access_code=created["access_code"]).status_code == 200


async def test_the_assistant_cannot_cancel_or_list_with_a_guessed_code(city, booked) -> None:
    appointment_id, _, code = booked["victim"]
    for guess in GUESSES:
        for action in (ActionCancelAppointment(), ActionListMyAppointments()):
            _, on_victim = await run(action, tracker(slots={"patient_phone": VICTIM, "cancel_code": guess}))
            _, on_nobody = await run(action, tracker(slots={"patient_phone": NOBODY, "cancel_code": guess}))
            assert on_victim == on_nobody == [{"response": "utter_appointments_not_found"}]
    # The attacker's own valid code, typed with the victim's phone: nothing either.
    _, crossed = await run(ActionCancelAppointment(),
                           tracker(slots={"patient_phone": VICTIM, "cancel_code": booked["attacker"][2]}))
    assert crossed == [{"response": "utter_appointments_not_found"}]
    # The victim's appointment is still booked.
    mine = await MunicipalClient().my_appointments(VICTIM, code)
    assert [a.id for a in mine] == [appointment_id]


async def test_the_assistant_gives_a_guessed_request_code_the_unknown_answer(city) -> None:
    receipt = await MunicipalClient().create_domiciliation_request(
        link_with_commune="works", has_identity_document=False, contact_phone=None, language="fr")
    unknown = receipt.reference[:-1] + ("9" if receipt.reference[-1] != "9" else "8")
    _, on_real = await run(ActionDomiciliationStatus(),
                           tracker(slots={"dom_reference": receipt.reference, "dom_access_code": GUESSES[0]}))
    _, on_unknown = await run(ActionDomiciliationStatus(),
                              tracker(slots={"dom_reference": unknown, "dom_access_code": GUESSES[0]}))
    assert on_real == on_unknown
    assert on_real[0]["response"] == "utter_domiciliation_not_found"
