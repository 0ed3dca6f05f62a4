"""The OpenAPI document describes every route, and a schemathesis fuzz finds no 5xx."""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from municipal_api.main import create_app

from conftest import TOKEN, make_settings

PERSONAL = {("POST", "/v1/domiciliation/requests"), ("GET", "/v1/domiciliation/requests/{reference}"),
            ("POST", "/v1/health/appointments"), ("GET", "/v1/health/appointments"),
            ("DELETE", "/v1/health/appointments/{appointment_id}"),
            # handoff tickets hold what residents agreed to pass on: every route needs the token
            ("GET", "/v1/handoff/availability"), ("POST", "/v1/handoff/tickets"), ("GET", "/v1/handoff/tickets"),
            ("GET", "/v1/handoff/tickets/{ticket_id}"), ("POST", "/v1/handoff/tickets/{ticket_id}/take"),
            ("POST", "/v1/handoff/tickets/{ticket_id}/close")}
PUBLIC = {("GET", path) for path in (
    "/health", "/v1/places", "/v1/places/{place_id}", "/v1/places/{place_id}/opening-hours", "/v1/partners",
    "/v1/partners/{partner_id}", "/v1/documents", "/v1/tariffs", "/v1/tariffs/rules", "/v1/tariffs/{activity_id}",
    "/v1/domiciliation/info", "/v1/health/info", "/v1/health/practitioners",
    "/v1/health/practitioners/{practitioner_id}", "/v1/health/slots")} | {("POST", "/v1/quotient-familial")}
EXAMPLES_PER_OPERATION = 50


def test_every_route_is_documented_with_responses(api):
    document = api.get("/openapi.json").json()
    routes = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert routes == PUBLIC | PERSONAL  # the routes of docs/api-contract.md, no more, no less
    error_schema = {"$ref": "#/components/schemas/ErrorResponse"}
    for method, path in routes:
        operation = document["paths"][path][method.lower()]
        success = operation["responses"].get("201") or operation["responses"]["200"]
        assert success["content"]["application/json"]["schema"], (method, path)
        assert operation["responses"]["500"]["content"]["application/json"]["schema"] == error_schema
        if operation.get("parameters") or operation.get("requestBody"):
            assert operation["responses"]["422"]["content"]["application/json"]["schema"] == error_schema
        if (method, path) in PERSONAL:
            assert operation["security"] == [{"HTTPBearer": []}]
            assert {"401", "403"} <= operation["responses"].keys()
        else:
            assert "security" not in operation
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def _operations() -> list:
    # Built from the app itself at collection time (no database needed), so each operation is
    # its own test; the first test above checks that the served document is this one.
    settings = make_settings("sqlite://", Path(tempfile.gettempdir()))
    document = create_app(settings).openapi()
    return [result.ok() for result in schemathesis.openapi.from_dict(document).get_all_operations()]


def _fuzz_cases() -> list:
    cases = []
    for operation in _operations():
        # Negative data needs something to break: operations without inputs get positive cases only. The
        # shared `lang` parameter (core/i18n.py) does not count: its negative cases run on every other operation.
        parameters = [p for p in operation.definition.raw.get("parameters", []) if p["name"] != "lang"]
        has_inputs = bool(parameters or operation.definition.raw.get("requestBody"))
        modes = list(schemathesis.GenerationMode) if has_inputs else [schemathesis.GenerationMode.POSITIVE]
        cases += [pytest.param(operation, mode, id=f"{operation.label}-{mode.value}") for mode in modes]
    return cases


@pytest.mark.parametrize(("operation", "mode"), _fuzz_cases())
def test_fuzz_finds_no_server_error(api, operation, mode):
    """Positive (schema-valid) and negative (schema-breaking) requests, a bounded number of each."""
    base_url = str(api.client.base_url)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        # Every default check (no 5xx, response schemas and status codes as documented...) except
        # "schema-valid data must be accepted": some rules cannot be said in JSON Schema (a valid
        # phone number, disabled_children <= children, a slot id that exists) and answer 4xx on purpose.
        case.call_and_validate(base_url=base_url, headers={"Authorization": f"Bearer {TOKEN}"},
                               excluded_checks=[positive_data_acceptance])

    check()


def test_served_document_is_the_fuzzed_one(api):
    served = api.get("/openapi.json").json()
    assert served == create_app(make_settings("sqlite://", Path(tempfile.gettempdir()))).openapi()
