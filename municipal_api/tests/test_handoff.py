"""Handoff tickets (/v1/handoff): opening from the MSP's hours, numbering, consent, staff actions."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from conftest import PARIS

TICKET = {"kind": "desk", "channel": "web", "conversation_id": "conv-1", "language": "fr", "consent": True,
          "summary": {"topics": ["ask_tariff", "compute_qf"], "answered": ["action_tariff_price"],
                      "shared": {"quotient familial": "850"}}}
# The MSP (places.yml): Tuesday 08:30-12:30, 13:30-18:00; Saturday 09:00-12:00; closed on Sunday.
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


def post_ticket(api, **changes):
    return api.post("/v1/handoff/tickets", headers=api.auth, json={**TICKET, **changes})


def availability(api, lang="fr"):
    return api.get("/v1/handoff/availability", headers={**api.auth, "Accept-Language": lang}).json()


def test_every_handoff_route_needs_the_token(api):
    assert api.get("/v1/handoff/availability").status_code == 401
    assert api.post("/v1/handoff/tickets", json=TICKET).status_code == 401
    assert api.get("/v1/handoff/tickets", headers={"Authorization": "Bearer wrong"}).status_code == 403


@pytest.mark.parametrize("now, open_now, boundary", [
    (datetime(2026, 12, 1, 10, 0), True, "closes_at=2026-12-01T12:30:00+01:00"),
    (datetime(2026, 12, 1, 12, 25), False, "next_opening=2026-12-01T13:30:00+01:00"),   # last 10 minutes
    (datetime(2026, 12, 1, 13, 0), False, "next_opening=2026-12-01T13:30:00+01:00"),    # lunch
    (datetime(2026, 12, 1, 8, 0), False, "next_opening=2026-12-01T08:30:00+01:00"),
    (datetime(2026, 12, 3, 19, 0), True, "closes_at=2026-12-03T19:30:00+01:00"),        # late Thursday
    (datetime(2026, 12, 5, 12, 30), False, "next_opening=2026-12-07T08:30:00+01:00"),   # Saturday noon
    (datetime(2026, 12, 24, 19, 25), False, "next_opening=2026-12-26T09:00:00+01:00"),  # Christmas closed
])
def test_availability_follows_the_places_hours_and_holidays(api, now, open_now, boundary):
    api.clock.set(now.replace(tzinfo=PARIS))
    body = availability(api)
    assert body["open_now"] is open_now
    key, value = boundary.split("=")
    assert datetime.fromisoformat(body[key]) == datetime.fromisoformat(value)
    assert body["place_id"] == "msp" and body["desk"]["id"] == "accueil"


def test_desk_label_in_the_residents_language(api):
    assert "accueil" in availability(api, "fr")["desk"]["label"]
    assert "reception" in availability(api, "en")["desk"]["label"]
    assert "مكتب" in availability(api, "ar")["desk"]["label"]
    assert availability(api, "de")["desk"]["label"] == availability(api, "en")["desk"]["label"]


def test_numbers_are_sequential_per_day_and_kind(api):
    api.clock.set(TUESDAY_MORNING)
    numbers = [post_ticket(api, conversation_id=f"c{i}").json()["number"] for i in range(3)]
    assert numbers == ["A-001", "A-002", "A-003"]
    assert post_ticket(api, kind="callback", conversation_id="cb").json()["number"] == "R-001"
    api.clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=PARIS))
    assert post_ticket(api, conversation_id="next-day").json()["number"] == "A-001"


def test_a_ticket_holds_the_summary_channel_and_position(api):
    api.clock.set(TUESDAY_MORNING)
    first = post_ticket(api)
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "waiting" and body["position"] == 0 and body["channel"] == "web"
    assert body["summary"] == TICKET["summary"] and body["language"] == "fr"
    second = post_ticket(api, conversation_id="conv-2", channel="sms", contact_phone="06 12 34 56 78",
                         reply_from="+33 1 99 00 12 00").json()
    assert second["position"] == 1 and second["contact_phone"] == "+33612345678"
    assert second["reply_from"] == "+33199001200"
    wa = post_ticket(api, conversation_id="conv-3", channel="whatsapp",
                     contact_phone="whatsapp:+33 6 12 34 56 79").json()
    assert wa["contact_phone"] == "whatsapp:+33612345679"
    assert [t["number"] for t in api.get("/v1/handoff/tickets", headers=api.auth).json()] == \
        ["A-001", "A-002", "A-003"]


def test_asking_again_returns_the_open_ticket(api):
    api.clock.set(TUESDAY_MORNING)
    first = post_ticket(api)
    again = post_ticket(api, summary={"topics": ["other"]})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert api.scalar("SELECT count(*) FROM handoff_tickets") == 1


def test_concurrent_requests_of_one_conversation_make_one_ticket(api):
    api.clock.set(TUESDAY_MORNING)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: post_ticket(api, conversation_id="same"), range(8)))
    assert {a.status_code for a in answers} <= {200, 201}
    assert len({a.json()["id"] for a in answers}) == 1
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda i: post_ticket(api, conversation_id=f"p{i}").json()["number"], range(8)))
    assert sorted(numbers) == [f"A-{n:03d}" for n in range(2, 10)]


def test_no_desk_ticket_when_closed_but_a_callback(api):
    api.clock.set(datetime(2026, 12, 6, 11, 0, tzinfo=PARIS))   # Sunday
    closed = post_ticket(api)
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "place_closed"
    callback = post_ticket(api, kind="callback", contact_phone="0612345678")
    assert callback.status_code == 201 and callback.json()["number"] == "R-001"


def test_consent_and_input_are_checked(api):
    api.clock.set(TUESDAY_MORNING)
    refused = post_ticket(api, consent=False)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "consent_required"
    bad_phone = post_ticket(api, contact_phone="12")
    assert bad_phone.status_code == 422 and "12" not in bad_phone.json()["error"]["message"]
    assert post_ticket(api, kind="other").status_code == 422
    assert post_ticket(api, summary={"topics": ["x"] * 11}).status_code == 422
    assert api.scalar("SELECT count(*) FROM handoff_tickets") == 0


def test_staff_take_then_close_erases_the_contact(api):
    api.clock.set(TUESDAY_MORNING)
    ticket = post_ticket(api, channel="sms", contact_phone="0612345678").json()
    url = f"/v1/handoff/tickets/{ticket['id']}"
    taken = api.post(f"{url}/take", headers=api.auth, json={"staff": "jdupont"}).json()
    assert taken["status"] == "in_progress" and taken["taken_by"] == "jdupont" and taken["position"] is None
    assert api.post(f"{url}/take", headers=api.auth, json={"staff": "other"}).json()["taken_by"] == "jdupont"
    closed = api.post(f"{url}/close", headers=api.auth, json={"staff": "jdupont"}).json()
    assert closed["status"] == "closed" and closed["contact_phone"] is None and closed["summary"]["shared"] == {}
    assert closed["summary"]["topics"] == TICKET["summary"]["topics"]
    assert api.scalar("SELECT count(*) FROM handoff_tickets WHERE contact_phone IS NOT NULL") == 0
    assert api.post(f"{url}/take", headers=api.auth, json={"staff": "x"}).status_code == 409
    assert api.get("/v1/handoff/tickets", headers=api.auth).json() == []
    assert [t["id"] for t in api.get("/v1/handoff/tickets?status=closed", headers=api.auth).json()] == [ticket["id"]]
    # Closed: the conversation may ask again and gets a new ticket.
    assert post_ticket(api, channel="sms").json()["number"] == "A-002"


def test_unknown_ticket(api):
    assert api.get("/v1/handoff/tickets/nope", headers=api.auth).status_code == 404
    assert api.post("/v1/handoff/tickets/nope/close", headers=api.auth, json={"staff": "x"}).status_code == 404


def test_a_misspelt_filter_is_refused_not_ignored(api):
    answer = api.get("/v1/handoff/tickets?statut=closed", headers=api.auth)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unknown_parameter"
    assert api.get("/v1/handoff/tickets?status=closed&lang=fr", headers=api.auth).status_code == 200
