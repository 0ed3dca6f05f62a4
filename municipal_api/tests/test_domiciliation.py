"""Domiciliation info, requests with DOM-<year>-<sequence> references and access codes."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx
import pytest

from municipal_api.core.clock import PARIS

from seed_data import pack

DOMICILIATION = pack("domiciliation")
REQUEST = {"link_with_commune": "lives_or_stays", "has_identity_document": False,
           "contact_phone": "06 12 34 56 78", "language": "fr"}


def create(api, **changes):
    return api.post("/v1/domiciliation/requests", json={**REQUEST, **changes}, headers=api.auth)


def test_info_is_the_data_pack_plus_link_options(api):
    info = api.get("/v1/domiciliation/info").json()
    for key, value in DOMICILIATION.items():
        assert info[key] == value
    assert [o["id"] for o in info["link_options"]] == [
        "lives_or_stays", "works", "support_programme", "family_ties", "child_at_school"]
    assert [o["description"] for o in info["link_options"]] == DOMICILIATION["link_with_the_commune"]
    assert all(o["label"] for o in info["link_options"])


def test_create_request(api):
    response = create(api)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["reference"] == "DOM-2026-000001"
    assert body["status"] == "received"
    assert body["next_steps"] == DOMICILIATION["steps"]
    code = body["access_code"]
    assert len(code) == 9 and code[4] == "-"
    assert all(c in "ABCDEFGHJKMNPQRSTUVWXYZ23456789" for c in code.replace("-", ""))
    assert create(api, contact_phone=None, language="ar").json()["reference"] == "DOM-2026-000002"
    stored = api.scalar("SELECT contact_phone FROM domiciliation_requests WHERE reference = 'DOM-2026-000001'")
    assert stored == "+33612345678"
    assert api.scalar("SELECT access_code_hash FROM domiciliation_requests WHERE reference = 'DOM-2026-000001'") != code


def test_sequence_restarts_each_year(api):
    assert create(api).json()["reference"] == "DOM-2026-000001"
    api.clock.set(datetime(2027, 1, 2, 10, 0, tzinfo=PARIS))
    assert create(api).json()["reference"] == "DOM-2027-000001"
    assert create(api).json()["reference"] == "DOM-2027-000002"


def test_read_request_with_its_access_code(api):
    created = create(api).json()
    code = created["access_code"]
    for given in (code, code.lower(), code.replace("-", ""), f" {code.lower().replace('-', '')} "):
        response = api.get(f"/v1/domiciliation/requests/{created['reference']}", params={"access_code": given},
                           headers=api.auth)
        assert response.status_code == 200, given
        body = response.json()
        assert body["reference"] == created["reference"] and body["status"] == "received"
        assert body["created_at"] == "2026-12-01T08:00:00+01:00"
        assert body["next_steps"] == DOMICILIATION["steps"]
        assert "access_code" not in body and "contact_phone" not in body


def test_wrong_code_and_unknown_reference_look_the_same(api):
    created = create(api).json()
    wrong = api.get(f"/v1/domiciliation/requests/{created['reference']}", params={"access_code": "AAAA-AAAA"},
                    headers=api.auth)
    unknown = api.get("/v1/domiciliation/requests/DOM-2026-999999", params={"access_code": created["access_code"]},
                      headers=api.auth)
    malformed = api.get(f"/v1/domiciliation/requests/{created['reference']}", params={"access_code": "0"},
                        headers=api.auth)
    assert wrong.status_code == unknown.status_code == malformed.status_code == 404
    assert wrong.json() == unknown.json() == malformed.json()
    assert wrong.json()["error"]["code"] == "request_not_found"


def test_requests_need_the_token(api):
    assert api.post("/v1/domiciliation/requests", json=REQUEST).status_code == 401
    assert api.post("/v1/domiciliation/requests", json=REQUEST,
                    headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert api.get("/v1/domiciliation/requests/DOM-2026-000001", params={"access_code": "AAAA-AAAA"}).status_code == 401
    assert api.scalar("SELECT count(*) FROM domiciliation_requests") == 0


@pytest.mark.parametrize(("changes", "code"), [
    ({"link_with_commune": "knows_the_mayor"}, "invalid_link_option"),
    ({"contact_phone": "12"}, "invalid_phone"),
    ({"contact_phone": "0" * 33}, "validation_error"),
    ({"language": "french"}, "validation_error"),
    ({"has_identity_document": "maybe"}, "validation_error"),
    ({"favourite_colour": "blue"}, "validation_error"),
])
def test_invalid_requests(api, changes, code):
    response = create(api, **changes)
    assert response.status_code == 422 and response.json()["error"]["code"] == code
    assert api.scalar("SELECT count(*) FROM domiciliation_requests") == 0


def test_concurrent_requests_get_distinct_references(api):
    def post(_):
        with httpx.Client(base_url=str(api.client.base_url), timeout=60) as client:
            return client.post("/v1/domiciliation/requests", json=REQUEST, headers=api.auth)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))
    assert all(r.status_code == 201 for r in responses)
    references = sorted(r.json()["reference"] for r in responses)
    assert references == [f"DOM-2026-{n:06d}" for n in range(1, 21)]
