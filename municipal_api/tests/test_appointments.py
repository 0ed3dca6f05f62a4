"""Booking, idempotency, booking rules, "my appointments" and cancellation."""

from datetime import datetime

import pytest

from municipal_api.core.clock import PARIS

from seed_data import pack

SLOT = "gp-martin.20261203T0900"  # Thursday 3 December, 09:00
PHONE = "06 12 34 56 78"


def book(api, slot_id=SLOT, phone=PHONE, key=None, name="Camille Dupont"):
    key = key or f"key-{slot_id}-{phone}".replace(" ", "")
    body = {"slot_id": slot_id, "patient_name": name, "phone": phone, "idempotency_key": key}
    return api.post("/v1/health/appointments", json=body, headers=api.auth)


def mine(api, phone=PHONE, code=""):
    return api.get("/v1/health/appointments", params={"phone": phone, "cancel_code": code}, headers=api.auth)


def cancel(api, appointment_id, code):
    return api.client.delete(f"/v1/health/appointments/{appointment_id}", params={"cancel_code": code},
                             headers=api.auth)


def error_code(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]["code"]


def test_book_a_slot(api):
    response = book(api)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "cancel_code", "slot", "practitioner"}
    assert body["slot"] == {"id": SLOT, "practitioner_id": "gp-martin", "start": "2026-12-03T09:00:00+01:00",
                            "end": "2026-12-03T09:20:00+01:00", "status": "busy"}
    assert body["practitioner"]["id"] == "gp-martin" and body["practitioner"]["name"] == "Dr Claire Martin"
    assert len(body["cancel_code"]) == 9 and body["cancel_code"][4] == "-"
    assert response.headers["Cache-Control"] == "no-store"
    assert api.scalar("SELECT phone FROM appointments") == "+33612345678"


def test_booked_slot_disappears_from_free_slots_and_cannot_be_taken_twice(api):
    params = {"practitioner_id": "gp-martin", "from": "2026-12-03", "to": "2026-12-03"}
    assert SLOT in [s["id"] for s in api.get("/v1/health/slots", params=params).json()]
    assert book(api).status_code == 201
    assert SLOT not in [s["id"] for s in api.get("/v1/health/slots", params=params).json()]
    assert error_code(book(api, phone="07 81 22 33 44"), 409) == "slot_taken"


def test_same_idempotency_key_gives_the_same_appointment(api):
    first = book(api, key="retry-me")
    again = book(api, key="retry-me")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert book(api, key="retry-me", phone="+33 6 12 34 56 78").json() == first.json()  # same phone, other form
    assert api.scalar("SELECT count(*) FROM appointments") == 1


def test_idempotency_key_reused_for_another_slot(api):
    assert book(api, key="only-once").status_code == 201
    assert error_code(book(api, slot_id="gp-martin.20261203T0920", key="only-once"), 409) == "idempotency_key_reused"
    assert api.scalar("SELECT count(*) FROM appointments") == 1


def test_at_most_two_upcoming_per_phone(api):
    assert book(api, slot_id="gp-martin.20261203T0900").status_code == 201
    assert book(api, slot_id="dent-haddad.20261203T0900", phone="+33612345678").status_code == 201
    third = book(api, slot_id="gp-benali.20261202T0900", phone="0612345678")
    assert error_code(third, 409) == "too_many_upcoming"
    assert book(api, slot_id="gp-benali.20261202T0900", phone="0781223344").status_code == 201


def test_past_appointments_do_not_count(api):
    assert book(api, slot_id="gp-martin.20261203T0900").status_code == 201
    assert book(api, slot_id="gp-martin.20261203T0920").status_code == 201
    api.clock.set(datetime(2026, 12, 3, 9, 30, tzinfo=PARIS))  # the first one is over
    assert book(api, slot_id="gp-martin.20261207T1400").status_code == 201


def test_minimum_notice(api):
    assert error_code(book(api, slot_id="gp-martin.20261201T0940"), 422) == "notice_too_short"  # 08:00 + 100 min
    assert error_code(book(api, slot_id="gp-martin.20261130T0900"), 422) == "notice_too_short"  # in the past
    assert book(api, slot_id="gp-martin.20261201T1000").status_code == 201  # exactly 120 min


@pytest.mark.parametrize("slot_id", [
    "gp-martin.20261203T0910",   # not on the 20-minute grid
    "gp-martin.20261202T0900",   # she does not work on Wednesdays
    "gp-martin.20261225T0900",   # Christmas: no slots
    "gp-martin.20261231T0900",   # beyond the 28-day horizon
    "dr-who.20261203T0900",
    "gp-martin",
    "gp-martin.tomorrow",
    "gp-martin.99991231T0900",
])
def test_unknown_slots(api, slot_id):
    assert error_code(book(api, slot_id=slot_id), 404) == "slot_not_found"


@pytest.mark.parametrize(("changes", "code"), [
    ({"phone": "12345"}, "invalid_phone"),
    ({"phone": "not a phone"}, "invalid_phone"),
    ({"phone": "0" * 33}, "validation_error"),
    ({"patient_name": "x" * 101}, "validation_error"),
    ({"patient_name": "   "}, "validation_error"),
    ({"idempotency_key": "k" * 65}, "validation_error"),
    ({"idempotency_key": "has space"}, "validation_error"),
    ({"slot_id": ""}, "validation_error"),
    ({"extra": 1}, "validation_error"),
])
def test_invalid_bookings(api, changes, code):
    body = {"slot_id": SLOT, "patient_name": "Camille", "phone": PHONE, "idempotency_key": "k1", **changes}
    response = api.post("/v1/health/appointments", json=body, headers=api.auth)
    assert error_code(response, 422) == code
    assert api.scalar("SELECT count(*) FROM appointments") == 0


def test_personal_routes_need_the_token(api):
    body = {"slot_id": SLOT, "patient_name": "Camille", "phone": PHONE, "idempotency_key": "k1"}
    assert error_code(api.post("/v1/health/appointments", json=body), 401) == "missing_token"
    assert error_code(api.post("/v1/health/appointments", json=body, headers={"Authorization": "Bearer x"}),
                      403) == "invalid_token"
    assert error_code(api.get("/v1/health/appointments", params={"phone": PHONE, "cancel_code": "x"}), 401)
    assert error_code(api.client.delete("/v1/health/appointments/x", params={"cancel_code": "x"}), 401)
    assert api.scalar("SELECT count(*) FROM appointments") == 0


def test_my_appointments(api):
    first = book(api, slot_id="gp-martin.20261203T0900").json()
    second = book(api, slot_id="dent-haddad.20261201T1000").json()
    book(api, slot_id="gp-martin.20261203T0920", phone="0781223344")  # someone else's
    for code in (first["cancel_code"], first["cancel_code"].lower().replace("-", "")):
        response = mine(api, phone="+33612345678", code=code)
        assert response.status_code == 200
        listed = response.json()
        assert [a["id"] for a in listed] == [second["id"], first["id"]]  # earliest first
        assert [a["matches_code"] for a in listed] == [False, True]
        assert listed[1]["slot"] == first["slot"] and listed[1]["practitioner"] == first["practitioner"]
        assert all(a["status"] == "booked" for a in listed)
        assert "patient_name" not in listed[0] and "phone" not in listed[0]


def test_my_appointments_with_a_wrong_code_leak_nothing(api):
    mine_ = book(api).json()
    other = book(api, slot_id="gp-martin.20261203T0920", phone="0781223344").json()
    wrong = mine(api, code="AAAA-AAAA")
    someone_elses = mine(api, code=other["cancel_code"])
    unknown_phone = mine(api, phone="0699887766", code=mine_["cancel_code"])
    malformed = mine(api, code="0")
    for response in (wrong, someone_elses, unknown_phone, malformed):
        assert error_code(response, 404) == "appointments_not_found"
    assert wrong.json() == someone_elses.json() == unknown_phone.json() == malformed.json()
    assert error_code(mine(api, phone="abc", code=mine_["cancel_code"]), 422) == "invalid_phone"


def test_cancel(api):
    booked = book(api).json()
    response = cancel(api, booked["id"], booked["cancel_code"].lower())
    assert response.status_code == 200 and response.json() == {"id": booked["id"], "status": "cancelled"}
    assert cancel(api, booked["id"], booked["cancel_code"]).json()["status"] == "cancelled"  # twice is harmless
    assert api.scalar("SELECT status FROM appointments") == "cancelled"
    # The slot is free again and another person can take it.
    assert book(api, phone="0781223344").status_code == 201
    assert mine(api, code=booked["cancel_code"]).json() == []  # its code still opens the (now empty) list


def test_cancel_with_a_wrong_code_or_id_leaks_nothing(api):
    booked = book(api).json()
    wrong_code = cancel(api, booked["id"], "AAAA-AAAA")
    unknown_id = cancel(api, "00000000-0000-0000-0000-000000000000", booked["cancel_code"])
    malformed = cancel(api, booked["id"], "x")
    for response in (wrong_code, unknown_id, malformed):
        assert error_code(response, 404) == "appointment_not_found"
    assert wrong_code.json() == unknown_id.json() == malformed.json()
    assert api.scalar("SELECT status FROM appointments") == "booked"


def test_cancel_notice(api):
    booked = book(api).json()  # Thursday 09:00
    api.clock.set(datetime(2026, 12, 3, 7, 1, tzinfo=PARIS))  # 119 minutes before
    assert error_code(cancel(api, booked["id"], booked["cancel_code"]), 409) == "cancel_too_late"
    api.clock.set(datetime(2026, 12, 3, 7, 0, tzinfo=PARIS))  # exactly 120 minutes before
    assert cancel(api, booked["id"], booked["cancel_code"]).status_code == 200


def test_booking_rules_come_from_the_data_pack(api):
    assert api.get("/v1/health/info").json()["booking_rules"]["max_upcoming_per_phone"] == \
        pack("health-centre")["booking_rules"]["max_upcoming_per_phone"] == 2
