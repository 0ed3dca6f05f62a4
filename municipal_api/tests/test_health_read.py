"""Maison de Santé: info, practitioners and free slots (notice, horizon, holidays, bookings)."""

from datetime import datetime, timedelta

import pytest

from municipal_api.core.clock import PARIS

from seed_data import pack

HEALTH = pack("health-centre")
PRACTITIONERS = {p["id"]: p for p in HEALTH["practitioners"]}


def slots(api, **params):
    response = api.get("/v1/health/slots", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_info(api):
    info = api.get("/v1/health/info").json()
    assert info["booking_rules"] == HEALTH["booking_rules"]
    assert info["specialty_names"] == HEALTH["specialty_names"]
    walk_in = pack("places")["places"][2]["walk_in"]
    assert info["walk_in"]["description"] == walk_in["description"]
    assert info["walk_in"]["hours"]["monday"] == ["08:00-10:00"] and info["walk_in"]["hours"]["sunday"] == []
    assert info["emergency_note"].startswith("For a life-threatening emergency call 15 (SAMU) or 112")


def test_practitioners_match_the_data_pack(api):
    got = api.get("/v1/health/practitioners").json()
    assert [p["id"] for p in got] == list(PRACTITIONERS)
    for practitioner in got:
        expected = PRACTITIONERS[practitioner["id"]]
        for field in ("name", "specialty", "sector", "accepts_c2s", "tiers_payant", "languages", "slot_minutes"):
            assert practitioner[field] == expected[field]
        assert practitioner["note"] == expected.get("note")
        assert practitioner["specialty_names"] == HEALTH["specialty_names"][expected["specialty"]]
        for day, ranges in expected["schedule"].items():
            assert practitioner["schedule"][day] == ranges


@pytest.mark.parametrize(("params", "ids"), [
    ({"specialty": "dentist"}, ["dent-haddad"]),
    ({"specialty": "généraliste"}, ["gp-martin", "gp-benali", "gp-ferreira", "gp-kovalenko"]),
    ({"specialty": "SAGE-FEMME"}, ["sf-morel"]),
    ({"sector": "2-optam"}, ["gyn-nguyen"]),
    ({"accepts_c2s": "false"}, ["psy-cohen", "osteo-lambert"]),
    ({"language": "uk"}, ["gp-kovalenko"]),
    ({"language": "ar", "specialty": "general-practitioner"}, ["gp-benali"]),
    ({"specialty": "cardiologist"}, []),
])
def test_practitioner_filters(api, params, ids):
    assert [p["id"] for p in api.get("/v1/health/practitioners", params=params).json()] == ids


def test_get_practitioner(api):
    assert api.get("/v1/health/practitioners/psy-cohen").json()["note"].startswith("sessions under the national")
    missing = api.get("/v1/health/practitioners/dr-who")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "practitioner_not_found"


def test_slots_are_earliest_first_after_the_minimum_notice(api):
    first = slots(api, limit=4)
    # Tuesday 08:00 + 120 min notice: nothing before 10:00.
    assert [s["id"] for s in first] == ["gp-martin.20261201T1000", "gp-ferreira.20261201T1000",
                                        "gyn-nguyen.20261201T1000", "dent-haddad.20261201T1000"]
    assert first[0] == {"id": "gp-martin.20261201T1000", "practitioner_id": "gp-martin",
                        "start": "2026-12-01T10:00:00+01:00", "end": "2026-12-01T10:20:00+01:00", "status": "free"}
    everything = slots(api, limit=200)
    starts = [datetime.fromisoformat(s["start"]) for s in everything]
    assert starts == sorted(starts) and len(everything) == 200
    assert len(slots(api)) == 20  # default limit


def test_slots_are_cut_in_slot_minutes(api):
    for practitioner_id, practitioner in PRACTITIONERS.items():
        for slot in slots(api, practitioner_id=practitioner_id, limit=5):
            start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
            assert end - start == timedelta(minutes=practitioner["slot_minutes"])
            assert slot["id"] == f"{practitioner_id}.{start:%Y%m%dT%H%M}"
    psy = slots(api, practitioner_id="psy-cohen", **{"from": "2026-12-01", "to": "2026-12-01"})
    # 14:00-19:00 in 45 minutes: the last slot that fits ends at 18:30.
    assert [s["start"][11:16] for s in psy] == ["14:00", "14:45", "15:30", "16:15", "17:00", "17:45"]


def test_slots_stay_within_the_horizon(api):
    everything = slots(api, practitioner_id="gp-martin", limit=200, **{"from": "2026-12-26"})
    last = max(datetime.fromisoformat(s["start"]) for s in everything)
    assert last <= datetime(2026, 12, 29, 8, 0, tzinfo=PARIS)  # now + 28 days
    assert last.date().isoformat() == "2026-12-28"  # Monday; Tuesday 29th 09:00 is past the horizon
    assert slots(api, **{"from": "2027-01-05"}) == []


@pytest.mark.parametrize("day", ["2026-12-25", "2027-01-01", "2026-07-14"])
def test_no_slots_on_public_holidays(api, day):
    api.clock.set(datetime.fromisoformat(day).replace(tzinfo=PARIS) - timedelta(days=7))
    assert slots(api, **{"from": day, "to": day}) == []
    day_before = (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()
    if datetime.fromisoformat(day_before).weekday() != 6:
        assert slots(api, **{"from": day_before, "to": day_before})  # the day before is a working day


def test_from_and_to_accept_dates_and_datetimes(api):
    afternoon = slots(api, practitioner_id="gp-martin", **{"from": "2026-12-03T14:00:00", "to": "2026-12-03T15:00"})
    assert [s["start"][11:16] for s in afternoon] == ["14:00", "14:20", "14:40", "15:00"]
    utc = slots(api, practitioner_id="gp-martin", **{"from": "2026-12-03T13:00:00Z", "to": "2026-12-03T13:20:00Z"})
    assert [s["start"] for s in utc] == ["2026-12-03T14:00:00+01:00", "2026-12-03T14:20:00+01:00"]
    whole_day = slots(api, practitioner_id="gp-martin", limit=200, **{"from": "2026-12-03", "to": "2026-12-03"})
    assert len(whole_day) == 9 + 12  # 09:00-12:00 and 14:00-18:00 in 20 minutes


def test_filters_apply_to_slots(api):
    found = slots(api, specialty="pediatrician", limit=50)
    assert found and {s["practitioner_id"] for s in found} == {"ped-lefevre"}
    assert {s["practitioner_id"] for s in slots(api, language="pt", limit=50)} == {"gp-ferreira"}
    assert {s["practitioner_id"] for s in slots(api, accepts_c2s="false", limit=100)} == {"psy-cohen", "osteo-lambert"}
    assert {s["practitioner_id"] for s in slots(api, sector="2", limit=50)} == {"oph-dubois"}
    assert slots(api, practitioner_id="nobody") == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 201}, {"from": "soon"}, {"to": "2026-02-30"}, {"from": "0001-01-01"},
])
def test_slot_parameters_are_validated(api, params):
    response = api.get("/v1/health/slots", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] in {"validation_error", "invalid_datetime", "date_out_of_range"}


def test_past_window_gives_nothing(api):
    assert slots(api, **{"from": "2026-11-01", "to": "2026-11-30"}) == []
    assert slots(api, **{"from": "2026-12-10", "to": "2026-12-05"}) == []
