"""Places, their weekly hours and day-by-day opening with French public holidays."""

from datetime import datetime

import pytest

from municipal_api.core.clock import PARIS

from seed_data import pack

PLACES = {place["id"]: place for place in pack("places")["places"]}


def test_list_places_matches_the_data_pack(api):
    response = api.get("/v1/places")
    assert response.status_code == 200
    places = {place["id"]: place for place in response.json()}
    assert places.keys() == PLACES.keys()
    for place_id, expected in PLACES.items():
        got = places[place_id]
        for field in ("name", "kind", "address", "phone", "email", "wheelchair_accessible"):
            assert got[field] == expected[field]
        for day, ranges in expected["hours"].items():
            assert got["hours"][day] == ranges
    assert places["msp"]["hearing_loop"] is True
    assert places["ccas"]["hearing_loop"] is None  # not stated in the pack
    assert places["ccas"]["mail_pickup"] == PLACES["ccas"]["mail_pickup"]
    assert places["maison-de-sante"]["walk_in"]["hours"]["sunday"] == []
    assert places["maison-de-sante"]["emergency_note"].startswith("For a life-threatening emergency call 15")


def test_get_place_and_unknown_place(api):
    msp = api.get("/v1/places/msp").json()
    assert msp["address"] == "12 rue Aristide Briand, 92300 Levallois-Perret"
    assert msp["hours"]["thursday"] == ["08:30-12:30", "13:30-19:30"]
    assert msp["services"] == PLACES["msp"]["services"]
    missing = api.get("/v1/places/town-hall")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "place_not_found"


def test_opening_hours_default_to_today_and_a_week(api):
    days = api.get("/v1/places/msp/opening-hours").json()
    assert [d["date"] for d in days] == [f"2026-12-{n:02d}" for n in range(1, 8)]
    assert days[0] == {"date": "2026-12-01", "open": True, "ranges": ["08:30-12:30", "13:30-18:00"], "holiday": None}
    sunday = days[5]
    assert sunday == {"date": "2026-12-06", "open": False, "ranges": [], "holiday": None}


def test_opening_hours_follow_the_clock(api):
    api.clock.set(datetime(2027, 3, 10, 9, 0, tzinfo=PARIS))
    day = api.get("/v1/places/ccas/opening-hours", params={"days": 1}).json()
    assert day == [{"date": "2027-03-10", "open": True, "ranges": ["09:00-12:00"], "holiday": None}]


@pytest.mark.parametrize(("day", "name"), [
    ("2026-12-25", "Christmas Day"), ("2027-01-01", "New Year's Day"), ("2026-07-14", "National Day"),
])
def test_public_holidays_close_every_place(api, day, name):
    for place_id in PLACES:
        entry = api.get(f"/v1/places/{place_id}/opening-hours", params={"date": day, "days": 1}).json()
        assert entry == [{"date": day, "open": False, "ranges": [], "holiday": name}]


def test_day_after_a_holiday_is_open_again(api):
    days = api.get("/v1/places/msp/opening-hours", params={"date": "2026-12-24", "days": 3}).json()
    assert [d["open"] for d in days] == [True, False, True]
    assert days[2]["ranges"] == ["09:00-12:00"]  # Saturday 26th


@pytest.mark.parametrize("params", [{"days": 0}, {"days": 32}, {"date": "2026-13-01"}, {"date": "tomorrow"}])
def test_opening_hours_reject_bad_parameters(api, params):
    response = api.get("/v1/places/msp/opening-hours", params=params)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


def test_opening_hours_reject_far_years(api):
    response = api.get("/v1/places/msp/opening-hours", params={"date": "9999-12-31", "days": 31})
    assert response.status_code == 422 and response.json()["error"]["code"] == "date_out_of_range"


def test_opening_hours_of_unknown_place(api):
    assert api.get("/v1/places/nowhere/opening-hours").json()["error"]["code"] == "place_not_found"
