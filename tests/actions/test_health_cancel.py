"""My appointments and cancelling, against the real municipal API (frozen clock: Tuesday
2026-12-01 08:00). Each test books its own appointments with its own phone number."""
from __future__ import annotations

import httpx
import pytest
from rasa_sdk.events import SlotSet

from actions.common.client import MunicipalClient
from actions.common.fallback import fallback_contact
from actions.health.my_appointments import (
    ActionCancelAppointment, ActionListMyAppointments, ValidateCancelAppointmentForm, ValidateMyAppointmentsForm,
)
from tests.trackers import run, tracker


@pytest.fixture(scope="module", autouse=True)
def warm_city(city_api) -> None:
    """A first answer can be slow on a busy machine: not on the actions' 2 s clock."""
    for path in ("/v1/health/info", "/v1/health/practitioners", "/v1/health/slots?limit=1", "/v1/places"):
        httpx.get(city_api.url + path, headers={"Accept-Language": "fr"}, timeout=30)


FORGET = [SlotSet("patient_phone", None), SlotSet("cancel_code", None)]
WRONG_CODE = "ZZZZ-2222"


async def book(slot_id: str, phone: str) -> str:
    booked = await MunicipalClient().book_appointment(slot_id=slot_id, patient_name="Amina Diallo", phone=phone,
                                                      idempotency_key=f"test-cancel-{slot_id}-{phone}")
    return booked.cancel_code


def with_credentials(phone: str, code: str, **slots):
    return tracker(text=code, intent="inform", slots={"patient_phone": phone, "cancel_code": code, **slots})


def answer(form: str, slot: str, value: str):
    return tracker(text=value, intent="inform", slots={slot: value}, active_loop=form, requested_slot=slot,
                   events=[{"event": "slot", "name": slot, "value": value}])


async def test_the_cancel_code_is_read_as_residents_type_it(city):
    for typed, code in [("k7qm3xpa", "K7QM-3XPA"), ("mon code est K7QM-3XPA", "K7QM-3XPA"),
                        ("cancel code PQRS-TUV9", "PQRS-TUV9")]:
        t = answer("cancel_appointment_form", "cancel_code", typed)
        assert await run(ValidateCancelAppointmentForm(), t) == ([SlotSet("cancel_code", code)], [])


async def test_a_code_that_cannot_be_one_is_explained(city):
    events, messages = await run(ValidateMyAppointmentsForm(), answer("my_appointments_form", "cancel_code", "bonjour"))
    assert events == [SlotSet("cancel_code", None)]
    assert messages == [{"response": "utter_cancel_code_invalid"}]


async def test_the_phone_number_is_checked(city):
    t = answer("my_appointments_form", "patient_phone", "06 55 44 33 22")
    assert await run(ValidateMyAppointmentsForm(), t) == ([SlotSet("patient_phone", "+33655443322")], [])
    events, messages = await run(ValidateCancelAppointmentForm(), answer("cancel_appointment_form", "patient_phone", "12"))
    assert (events, messages) == ([SlotSet("patient_phone", None)], [{"response": "utter_phone_invalid"}])


async def test_my_appointments_with_the_right_code(city):
    phone = "+33600000011"
    code = await book("oph-dubois.20261207T1400", phone)
    await book("dent-haddad.20261215T0900", phone)
    events, messages = await run(ActionListMyAppointments(), with_credentials(phone, code))
    assert events == FORGET
    assert messages == [{"response": "utter_my_appointments", "appointments": "\n".join([
        "- lundi 7 décembre à 14 h 00 — Dr Marc Dubois (ophtalmologue)",
        "- mardi 15 décembre à 9 h 00 — Dr Leila Haddad (chirurgien-dentiste)",
    ])}]
    _, english = await run(ActionListMyAppointments(), with_credentials(phone, code, language="en"))
    assert english[0]["appointments"].startswith("- Monday 7 December at 14:00 — Dr Marc Dubois (ophthalmologist)")


async def test_a_wrong_code_or_phone_finds_nothing_and_says_nothing_more(city):
    phone = "+33600000012"
    code = await book("oph-dubois.20261207T1430", phone)
    for t in (with_credentials(phone, WRONG_CODE), with_credentials("+33600000099", code)):
        events, messages = await run(ActionListMyAppointments(), t)
        assert (events, messages) == (FORGET, [{"response": "utter_appointments_not_found"}])


async def test_cancel_with_a_wrong_code_cancels_nothing(city):
    phone = "+33600000013"
    code = await book("oph-dubois.20261207T1500", phone)
    events, messages = await run(ActionCancelAppointment(), with_credentials(phone, WRONG_CODE))
    assert (events, messages) == (FORGET, [{"response": "utter_appointments_not_found"}])
    still = await MunicipalClient().my_appointments(phone, code)
    assert [a.slot.id for a in still] == ["oph-dubois.20261207T1500"]


async def test_cancel_with_the_right_code(city):
    phone = "+33600000014"
    code = await book("oph-dubois.20261207T1530", phone)
    other = await book("dent-haddad.20261215T0930", phone)
    events, messages = await run(ActionCancelAppointment(), with_credentials(phone, code))
    assert events == FORGET
    assert messages == [{"response": "utter_appointment_cancelled", "slot_time": "lundi 7 décembre à 15 h 30",
                         "practitioner_name": "Dr Marc Dubois"}]
    # Only that appointment: the other one of this phone is still booked, and the slot is free again.
    left = await MunicipalClient().my_appointments(phone, other)
    assert [a.slot.id for a in left] == ["dent-haddad.20261215T0930"]
    free = await MunicipalClient().slots(practitioner_id="oph-dubois", **{"from": "2026-12-07", "to": "2026-12-07"},
                                         limit=50)
    assert "oph-dubois.20261207T1530" in [s.id for s in free]


class _TooLate(httpx.AsyncBaseTransport):
    """The real API, except that it is too late to cancel (the frozen clock cannot get there)."""

    def __init__(self) -> None:
        self.real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return httpx.Response(409, json={"error": {"code": "cancel_too_late", "message": "too late"}})
        return await self.real.handle_async_request(request)


async def test_cancel_too_late_gives_the_health_centre_s_phone(city):
    phone = "+33600000015"
    code = await book("oph-dubois.20261207T1600", phone)
    action = ActionCancelAppointment()
    action.client_factory = lambda **kwargs: MunicipalClient(transport=_TooLate(), **kwargs)
    events, messages = await run(action, with_credentials(phone, code))
    assert events == FORGET
    assert messages == [{"response": "utter_cancel_too_late", "slot_time": "lundi 7 décembre à 16 h 00",
                         "hours": "2", "phone": "01 99 00 15 00"}]


async def test_city_down_while_listing(city_down):
    contact = fallback_contact()
    events, messages = await run(ActionListMyAppointments(), with_credentials("+33600000016", "K7QM-3XPA"))
    assert messages == [{"response": "utter_city_unavailable", "phone": contact["phone"], "place_name": contact["name"]}]
    assert events == FORGET
