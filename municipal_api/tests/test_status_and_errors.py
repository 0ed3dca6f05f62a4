"""Liveness and the single error shape for every kind of failure."""


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


def test_health(api):
    response = api.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_unknown_route_is_404_in_error_shape(api):
    assert_error(api.get("/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_405_in_error_shape(api):
    assert_error(api.client.put("/v1/places"), 405, "method_not_allowed")


def test_validation_error_is_422_in_error_shape(api):
    assert_error(api.get("/v1/places/msp/opening-hours", params={"days": 0}), 422, "validation_error")
    assert_error(api.post("/v1/quotient-familial", content=b"not json",
                          headers={"Content-Type": "application/json"}), 422, "validation_error")


def test_unhandled_error_is_500_in_error_shape(api):
    body = assert_error(api.get("/__test__/boom"), 500, "internal_error")
    assert "boom" not in body["error"]["message"]  # no internals leak


def test_missing_and_wrong_token(api):
    missing = assert_error(api.get("/v1/health/appointments", params={"phone": "0612345678", "cancel_code": "x"}),
                           401, "missing_token")
    assert missing["error"]["code"] == "missing_token"
    assert_error(api.get("/v1/health/appointments", params={"phone": "0612345678", "cancel_code": "x"},
                         headers={"Authorization": "Bearer nope"}), 403, "invalid_token")
    assert_error(api.get("/v1/health/appointments", params={"phone": "0612345678", "cancel_code": "x"},
                         headers={"Authorization": "Basic abc"}), 401, "missing_token")
