"""Profiles and secrets, the injectable clock, and personal data kept out of logs."""

import logging
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from municipal_api.core.clock import PARIS, Clock, FrozenClock
from municipal_api.core.log_privacy import DropQueryString
from municipal_api.core.settings import InsecureSettingsError, load_settings
from municipal_api.main import create_app

from conftest import make_settings


def server_logs(caplog) -> str:
    """What the API side logged (the test's own httpx client logs its URLs, queries included)."""
    names = ("municipal_api", "uvicorn", "sqlalchemy", "alembic", "fastapi", "starlette")
    return "\n".join(caplog.handler.format(record) for record in caplog.records if record.name.startswith(names))


STRONG = "k3Jx9v2QmZ8rT5wLp0sYb7NcHd4FgAe6Uq1Wi"


@pytest.mark.parametrize("token", [None, "", "changeme", "secret", "test", "short-but-random-1234"])
def test_production_refuses_weak_or_default_tokens(tmp_path, token):
    settings = make_settings("sqlite:///" + str(tmp_path / "db.sqlite"), tmp_path, env="production", token=token)
    with pytest.raises(InsecureSettingsError):
        create_app(settings)
    assert not (tmp_path / ".env").exists()  # production never writes a secret file


def test_production_starts_with_a_strong_token(tmp_path):
    app = create_app(make_settings("sqlite:///" + str(tmp_path / "db.sqlite"), tmp_path, env="production",
                                   token=STRONG))
    assert app.state.token == STRONG


def test_development_generates_a_token_into_the_env_file(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("RASA_TELEMETRY_ENABLED=false\nMUNICIPAL_API_TOKEN=\n", encoding="utf-8")
    monkeypatch.delenv("MUNICIPAL_API_TOKEN", raising=False)
    monkeypatch.setenv("MUNICIPAL_API_ENV_FILE", str(env_file))
    monkeypatch.setenv("MUNICIPAL_API_DATABASE_URL", "sqlite:///" + str(tmp_path / "db.sqlite"))
    app = create_app()
    lines = env_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "RASA_TELEMETRY_ENABLED=false"  # other services' settings are kept
    tokens = [line.split("=", 1)[1] for line in lines if line.startswith("MUNICIPAL_API_TOKEN=")]
    assert len(tokens) == 1 and len(tokens[0]) >= 32 and tokens[0] == app.state.token
    # The next start reads it back instead of generating another one.
    assert create_app().state.token == tokens[0]
    assert load_settings().token.get_secret_value() == tokens[0]


def test_environment_token_wins_over_the_env_file(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("MUNICIPAL_API_TOKEN=from-file\n", encoding="utf-8")
    monkeypatch.setenv("MUNICIPAL_API_ENV_FILE", str(tmp_path / ".env"))
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", "from-environment")
    assert load_settings().token.get_secret_value() == "from-environment"


def test_municipal_api_now_freezes_the_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("MUNICIPAL_API_ENV_FILE", str(tmp_path / ".env"))
    monkeypatch.setenv("MUNICIPAL_API_TOKEN", STRONG)
    monkeypatch.setenv("MUNICIPAL_API_NOW", "2026-12-01T08:00:00")  # naive: Paris time
    clock = create_app(load_settings(database_url="sqlite:///" + str(tmp_path / "db.sqlite"))).state.clock
    assert isinstance(clock, FrozenClock)
    assert clock.now() == datetime(2026, 12, 1, 8, 0, tzinfo=PARIS) and clock.now().utcoffset().seconds == 3600
    monkeypatch.setenv("MUNICIPAL_API_NOW", "2026-07-14T10:00:00+00:00")
    clock = create_app(load_settings(database_url="sqlite:///" + str(tmp_path / "db.sqlite"))).state.clock
    assert clock.now().isoformat() == "2026-07-14T12:00:00+02:00"
    monkeypatch.delenv("MUNICIPAL_API_NOW")
    clock = create_app(load_settings(database_url="sqlite:///" + str(tmp_path / "db.sqlite"))).state.clock
    assert type(clock) is Clock and clock.now().tzinfo == PARIS


def test_access_log_lines_lose_their_query_string():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/v1/health/appointments?phone=0612345678&cancel_code=X",
                                "1.1", 200), None)
    assert DropQueryString().filter(record)
    assert "0612345678" not in record.getMessage() and "/v1/health/appointments" in record.getMessage()


def test_names_and_phones_never_reach_the_logs(api, caplog):
    caplog.set_level(logging.DEBUG)
    name, phone = "Zéphyrin Quetzalcoatl", "06 55 44 33 22"
    booked = api.post("/v1/health/appointments", headers=api.auth, json={
        "slot_id": "gp-martin.20261203T0900", "patient_name": name, "phone": phone, "idempotency_key": "log-1"})
    assert booked.status_code == 201
    api.get("/v1/health/appointments", params={"phone": phone, "cancel_code": "AAAA-AAAA"}, headers=api.auth)
    invalid = api.post("/v1/health/appointments", headers=api.auth, json={
        "slot_id": "x", "patient_name": name * 10, "phone": phone, "idempotency_key": "log-2"})
    assert invalid.status_code == 422 and name not in invalid.text and "0655" not in invalid.text
    bad_phone = api.post("/v1/domiciliation/requests", headers=api.auth, json={
        "link_with_commune": "works", "has_identity_document": True, "contact_phone": "0655 44 33 2"})
    assert bad_phone.status_code == 422 and "0655" not in bad_phone.text
    logged = server_logs(caplog)
    for secret in (name, "Quetzalcoatl", "0655443322", "+33655443322", "55 44 33", "55+44+33"):
        assert secret not in logged



def test_unhandled_errors_are_logged_without_their_message(api, caplog):
    caplog.set_level(logging.DEBUG)
    response = api.get("/__test__/boom", params={"phone": "0655443322"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    logged = server_logs(caplog)
    assert "Unhandled RuntimeError on GET /__test__/boom" in logged
    for secret in ("Quetzalcoatl", "+33655443322", "0655443322"):
        assert secret not in logged and secret not in response.text


def test_database_errors_do_not_carry_bound_values(api):
    with pytest.raises(IntegrityError) as raised, api.engine.begin() as connection:
        connection.execute(text("INSERT INTO appointments (id, practitioner_id) VALUES (:id, :practitioner)"),
                           {"id": "x", "practitioner": "+33655443322"})
    assert "SQL parameters hidden" in str(raised.value)  # PostgreSQL's own DETAIL may still quote the row
