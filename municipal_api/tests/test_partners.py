"""Partners, topic search and their next permanences (weeks of the month, holidays)."""

from datetime import datetime

from municipal_api.core.clock import PARIS

from seed_data import pack

PARTNERS = {partner["id"]: partner for partner in pack("partners")["partners"]}


def test_list_partners_matches_the_data_pack(api):
    partners = {p["id"]: p for p in api.get("/v1/partners").json()}
    assert partners.keys() == PARTNERS.keys()
    for partner_id, expected in PARTNERS.items():
        got = partners[partner_id]
        assert got["name"] == expected["name"] and got["topics"] == expected["topics"]
        assert got["appointment_required"] == expected["appointment_required"]
        assert got["official_site"] == expected["official_site"]
        assert got["place_id"] == "msp"
        assert [(s["day"], s["time"], s["weeks"]) for s in got["schedule"]] == [
            (s["day"], s["time"], s.get("weeks")) for s in expected["schedule"]]
        assert len(got["next_permanences"]) == 3


def test_topic_search_is_case_and_accent_insensitive(api):
    def ids(topic):
        return [p["id"] for p in api.get("/v1/partners", params={"topic": topic}).json()]

    assert ids("PRIME D'ACTIVITE") == ["caf"]
    assert ids("numero unique") == ["adil"]
    assert ids("retraite") == ["cnav"]  # in the name
    assert ids("ants") == ["ants"]  # the id
    assert ids("carte vitale") == ["cpam"]
    assert ids("no such thing") == []


def test_next_permanences_today_and_weekly(api):
    caf = api.get("/v1/partners/caf").json()
    assert caf["next_permanences"] == [
        {"date": "2026-12-01", "start": "09:00", "end": "12:00"},  # today, not over yet at 08:00
        {"date": "2026-12-08", "start": "09:00", "end": "12:00"},
        {"date": "2026-12-15", "start": "09:00", "end": "12:00"},
    ]
    api.clock.set(datetime(2026, 12, 1, 12, 30, tzinfo=PARIS))
    dates = [p["date"] for p in api.get("/v1/partners/caf").json()["next_permanences"]]
    assert dates == ["2026-12-08", "2026-12-15", "2026-12-22"]


def test_monthly_weeks_skip_public_holidays(api):
    # CNAV: 1st and 3rd Friday. Friday 1 January 2027 is a public holiday.
    dates = [p["date"] for p in api.get("/v1/partners/cnav").json()["next_permanences"]]
    assert dates == ["2026-12-04", "2026-12-18", "2027-01-15"]
    dates = [p["date"] for p in api.get("/v1/partners/conciliateur").json()["next_permanences"]]
    assert dates == ["2026-12-08", "2026-12-22", "2027-01-12"]  # 2nd and 4th Tuesday


def test_partner_with_two_weekly_days(api):
    cpam = api.get("/v1/partners/cpam").json()["next_permanences"]
    assert cpam == [
        {"date": "2026-12-03", "start": "09:00", "end": "12:00"},
        {"date": "2026-12-07", "start": "13:30", "end": "17:30"},
        {"date": "2026-12-10", "start": "09:00", "end": "12:00"},
    ]


def test_unknown_partner(api):
    response = api.get("/v1/partners/nobody")
    assert response.status_code == 404 and response.json()["error"]["code"] == "partner_not_found"
