"""Tariff grids, brackets (max inclusive), non-residents and the quotient familial."""

import pytest

from seed_data import pack

TARIFFS = pack("tariffs")


def test_list_tariffs_matches_the_data_pack(api):
    got = api.get("/v1/tariffs").json()
    assert [a["activity_id"] for a in got] == [a["id"] for a in TARIFFS["activities"]]
    for activity, expected in zip(got, TARIFFS["activities"], strict=True):
        assert activity == {"activity_id": expected["id"], "name": expected["name"], "place_id": expected["place"],
                            "prices": expected["prices"]}


def test_rules_are_those_of_tariffs_yml(api):
    rules = api.get("/v1/tariffs/rules").json()
    assert rules["quotient_familial"] == TARIFFS["quotient_familial"]
    assert rules["brackets"] == TARIFFS["brackets"]
    assert rules["non_resident_code"] == "X"
    assert rules["reductions"] == TARIFFS["reductions"]
    assert rules["how_to_apply"] == TARIFFS["how_to_apply"]


@pytest.mark.parametrize(("qf", "bracket"), [
    (0, "A"), (450, "A"), (450.99, "A"), (451, "B"), (750, "B"), (751, "C"), (1050, "C"), (1051, "D"),
    (1450, "D"), (1451, "E"), (2000, "E"), (2001, "F"), (100000, "F"),
])
def test_bracket_boundaries(api, qf, bracket):
    response = api.get("/v1/tariffs/conservatoire-cursus", params={"qf": qf})
    assert response.status_code == 200
    body = response.json()
    prices = TARIFFS["activities"][0]["prices"]
    assert body == {"activity_id": "conservatoire-cursus", "bracket": bracket, "price_eur": prices[bracket],
                    "name": TARIFFS["activities"][0]["name"], "place_id": "conservatoire"}


def test_issue_example_price(api):
    body = api.get("/v1/tariffs/conservatoire-cursus", params={"qf": 600, "resident": "true"}).json()
    assert (body["bracket"], body["price_eur"]) == ("B", 90)


def test_resident_without_qf_pays_bracket_f(api):
    body = api.get("/v1/tariffs/sports-piscine-10").json()
    assert (body["bracket"], body["price_eur"]) == ("F", 35)


@pytest.mark.parametrize("qf", [None, 0, 450, 5000])
def test_non_residents_pay_x_whatever_the_qf(api, qf):
    params = {"resident": "false"} | ({} if qf is None else {"qf": qf})
    body = api.get("/v1/tariffs/escale-atelier-adulte", params=params).json()
    assert (body["bracket"], body["price_eur"]) == ("X", 450)


def test_unknown_activity_and_bad_qf(api):
    missing = api.get("/v1/tariffs/karate")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "activity_not_found"
    for qf in (-1, "abc", 10_000_001):
        response = api.get("/v1/tariffs/sports-ecole", params={"qf": qf})
        assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(("household", "parts", "qf"), [
    ({"annual_income": 36000, "monthly_benefits": 400, "adults": 2, "children": 3}, 4, 850),  # the issue's example
    ({"annual_income": 12000, "monthly_benefits": 0, "adults": 1, "children": 0}, 1, 1000),
    ({"annual_income": 12000, "monthly_benefits": 0, "adults": 2, "children": 0}, 2, 500),
    ({"annual_income": 12000, "monthly_benefits": 150, "adults": 1, "children": 1}, 2.5, 460),  # single parent
    ({"annual_income": 12000, "monthly_benefits": 0, "adults": 2, "children": 2}, 3, 333),  # 333.33 rounded down
    ({"annual_income": 24000, "monthly_benefits": 0, "adults": 2, "children": 4}, 4.5, 444),
    ({"annual_income": 24000, "monthly_benefits": 0, "adults": 2, "children": 5}, 5, 400),
    ({"annual_income": 24000, "monthly_benefits": 0, "adults": 2, "children": 1, "disabled_children": 1}, 3, 666),
    ({"annual_income": 0, "monthly_benefits": 0, "adults": 1, "children": 0}, 1, 0),
])
def test_quotient_familial(api, household, parts, qf):
    response = api.post("/v1/quotient-familial", json={"disabled_children": 0, **household})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["parts"], body["qf"]) == (parts, qf)


def test_quotient_familial_gives_the_bracket_too(api):
    body = api.post("/v1/quotient-familial", json={"annual_income": 36000, "monthly_benefits": 400,
                                                   "adults": 2, "children": 3, "disabled_children": 0}).json()
    assert body == {"qf": 850, "parts": 4, "bracket": "C"}


@pytest.mark.parametrize("household", [
    {"annual_income": 1000, "adults": 3, "children": 0},
    {"annual_income": 1000, "adults": 0, "children": 0},
    {"annual_income": -1, "adults": 1, "children": 0},
    {"annual_income": 10_000_001, "adults": 1, "children": 0},
    {"annual_income": 1000, "monthly_benefits": -5, "adults": 1, "children": 0},
    {"annual_income": 1000, "adults": 1, "children": 21},
    {"annual_income": 1000, "adults": 1, "children": 1, "disabled_children": 2},
    {"annual_income": 1000, "adults": 1, "children": 0, "pets": 2},
    {"annual_income": "lots", "adults": 1, "children": 0},
    {"adults": 1, "children": 0},
])
def test_quotient_familial_rejects_bad_households(api, household):
    response = api.post("/v1/quotient-familial", json=household)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"
