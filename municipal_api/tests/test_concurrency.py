"""Real concurrency against the live server: one winner per slot, two per phone, one per idempotency key."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from municipal_api.health import appointments

SLOT = "gp-ferreira.20261208T1000"


def book_all(api, bodies: list[dict]) -> list[httpx.Response]:
    """Send every booking at once: each thread has its own connection and they start together."""
    start = threading.Barrier(len(bodies))

    def send(body):
        with httpx.Client(base_url=str(api.client.base_url), timeout=120) as client:
            start.wait()
            return client.post("/v1/health/appointments", json=body, headers=api.auth)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


def body(slot_id=SLOT, phone=None, key=None, n=0):
    return {"slot_id": slot_id, "patient_name": f"Patient {n}", "phone": phone or f"+3361234{n:04d}",
            "idempotency_key": key or uuid.uuid4().hex}


def test_fifty_concurrent_bookings_of_one_slot_give_one_201(api):
    responses = book_all(api, [body(n=n) for n in range(50)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 49, statuses
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"slot_taken"}
    assert api.scalar("SELECT count(*) FROM appointments WHERE status = 'booked'") == 1


def test_forced_race_is_settled_by_the_unique_index(api, monkeypatch):
    """Every request passes the 'is it taken?' check before any of them inserts: only the index can decide."""
    if api.backend == "sqlite":
        pytest.skip("SQLite runs write transactions one at a time (BEGIN IMMEDIATE): no interleaving to force")
    racers = 12  # below the server's thread and connection pools, so all can wait together
    gate = threading.Barrier(racers, timeout=20)
    arrived = []
    real_count = appointments.upcoming_count

    def count_then_wait(session, phone, now):
        result = real_count(session, phone, now)
        arrived.append(phone)
        gate.wait()
        return result

    monkeypatch.setattr(appointments, "upcoming_count", count_then_wait)
    responses = book_all(api, [body(n=n) for n in range(racers)])
    assert len(arrived) == racers  # all of them were past the pre-check at the same time
    assert sorted(r.status_code for r in responses) == [201] + [409] * (racers - 1)
    assert api.scalar("SELECT count(*) FROM appointments WHERE status = 'booked'") == 1


def test_concurrent_bookings_by_one_phone_give_two(api):
    slots = [f"gp-martin.20261207T{hour:02d}{minute:02d}" for hour in (14, 15, 16) for minute in (0, 20, 40)]
    responses = book_all(api, [body(slot_id=s, phone="0612345678", n=n) for n, s in enumerate(slots)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 201] + [409] * (len(slots) - 2), statuses
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"too_many_upcoming"}
    assert api.scalar("SELECT count(*) FROM appointments WHERE phone = '+33612345678'") == 2


def test_concurrent_retries_with_one_idempotency_key_give_one_appointment(api):
    responses = book_all(api, [body(phone="0612345678", key="same-key") for _ in range(20)])
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert len({r.json()["cancel_code"] for r in responses}) == 1
    assert api.scalar("SELECT count(*) FROM appointments") == 1


def test_the_database_itself_refuses_a_second_live_booking(api):
    row = ("INSERT INTO appointments (id, practitioner_id, start_at, end_at, patient_name, phone, cancel_code, "
           "idempotency_key, status, created_at) VALUES (:id, 'gp-martin', :start, :end, 'A', '+33612345678', "
           "'ABCDEFGH', :key, :status, :start)")
    start, end = datetime(2026, 12, 3, 8, 0), datetime(2026, 12, 3, 8, 20)  # naive UTC, as stored
    with api.engine.begin() as connection:
        for status in ("cancelled", "cancelled", "booked"):  # cancelled rows never block
            connection.execute(text(row), {"id": uuid.uuid4().hex, "start": start, "end": end,
                                           "key": uuid.uuid4().hex, "status": status})
    with pytest.raises(IntegrityError), api.engine.begin() as connection:
        connection.execute(text(row), {"id": uuid.uuid4().hex, "start": start, "end": end,
                                       "key": uuid.uuid4().hex, "status": "booked"})
