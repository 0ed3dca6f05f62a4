"""Staff login, sessions and CSRF (bot/web/staff/auth.py) on the real FastAPI routes."""
from __future__ import annotations

import re
import sqlite3

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from bot.web.staff import install_staff
from bot.web.staff.accounts import MAX_FAILURES, StaffStore
from bot.web.staff.auth import StaffForm, require_staff, require_staff_form
from bot.web.staff.passwords import WeakPassword, check_strength, hash_password, verify_password
from bot.web.staff.settings import StaffSettings, StaffSettingsError

PASSWORD = "correct horse battery staple"
BASE = "https://testserver"   # Secure cookies are only sent over https


def settings(tmp_path, **changes) -> StaffSettings:
    values = dict(db_path=tmp_path / "staff.db", session_seconds=3600, cookie_secure=True,
                  production=False, dev_password=None)
    values.update(changes)
    return StaffSettings(**values)


@pytest.fixture
def app(tmp_path):
    app = FastAPI()
    install_staff(app, settings(tmp_path))
    app.state.staff_store.add("agent", PASSWORD, "Agent Dupont")

    @app.get("/staff/probe")
    def probe(session=Depends(require_staff)):
        return {"user": session.staff.username}

    @app.post("/staff/probe")
    def probe_post(form: StaffForm = Depends(require_staff_form)):
        return {"user": form.session.staff.username, "note": form.get("note")}

    return app


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def log_in(client: TestClient, password: str = PASSWORD, username: str = "agent"):
    page = client.get("/staff/login")
    return client.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": csrf_of(page.text), "next": "/staff/probe"},
                       follow_redirects=False)


def test_passwords_are_salted_scrypt():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$") and first != second and PASSWORD not in first
    assert verify_password(PASSWORD, first) and not verify_password(PASSWORD + "!", first)
    assert not verify_password(PASSWORD, "garbage")
    for weak in ["short", "password", "changeme", "aaaaaaaaaaaaaaa", "staff", "levallois"]:
        with pytest.raises(WeakPassword):
            check_strength(weak)


def test_a_page_without_session_redirects_to_login_and_a_post_is_refused(app):
    client = TestClient(app, base_url=BASE)
    page = client.get("/staff/probe?x=1", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/staff/login?next=/staff/probe%3Fx%3D1"
    assert client.post("/staff/probe", data={"note": "x"}).status_code == 401
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_login_opens_a_server_side_session_with_a_secure_cookie(app, tmp_path):
    client = TestClient(app, base_url=BASE)
    answer = log_in(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/staff/probe"
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith("staff_session="))
    for flag in ["HttpOnly", "Secure", "SameSite=strict", "Path=/staff"]:
        assert flag.lower() in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    assert client.get("/staff/probe").json() == {"user": "agent"}
    # Only the token's hash is stored.
    rows = sqlite3.connect(tmp_path / "staff.db").execute("SELECT token_hash FROM staff_sessions").fetchall()
    assert len(rows) == 1 and rows[0][0] != token and token not in rows[0][0]
    page = client.get("/staff")
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_wrong_password_and_lockout(app):
    client = TestClient(app, base_url=BASE)
    assert log_in(client, "wrong password!!").status_code == 401
    assert log_in(client, username="nobody").status_code == 401
    for _ in range(MAX_FAILURES - 1):
        log_in(client, "wrong password!!")
    # Locked now: even the right password waits.
    assert log_in(client).status_code == 401
    assert client.get("/staff/probe", follow_redirects=False).status_code == 303


def test_login_form_needs_its_csrf_cookie(app):
    client = TestClient(app, base_url=BASE)
    client.get("/staff/login")
    answer = client.post("/staff/login", data={"username": "agent", "password": PASSWORD,
                                               "csrf_token": "forged"}, follow_redirects=False)
    assert answer.status_code == 403
    assert "staff_session" not in answer.headers.get("set-cookie", "")


def test_forms_need_the_session_csrf_token_and_our_origin(app):
    client = TestClient(app, base_url=BASE)
    log_in(client)
    token = csrf_of(client.get("/staff").text)
    assert client.post("/staff/probe", data={"note": "x"}).status_code == 403
    assert client.post("/staff/probe", data={"note": "x", "csrf_token": "nope"}).status_code == 403
    assert client.post("/staff/probe", data={"note": "x", "csrf_token": token},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    ok = client.post("/staff/probe", data={"note": "é x", "csrf_token": token},
                     headers={"Origin": BASE})
    assert ok.json() == {"user": "agent", "note": "é x"}
    assert client.post("/staff/probe", headers={"X-CSRF-Token": token}).status_code == 200


def test_logout_ends_the_session_on_the_server(app):
    client = TestClient(app, base_url=BASE)
    answer = log_in(client)
    stolen = answer.cookies["staff_session"]
    token = csrf_of(client.get("/staff").text)
    assert client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    other = TestClient(app, base_url=BASE, cookies={"staff_session": stolen})
    assert other.get("/staff/probe", follow_redirects=False).status_code == 303


def test_sessions_expire_and_disabled_accounts_lose_theirs(tmp_path):
    store = StaffStore(tmp_path / "s.db", session_seconds=60)
    staff = store.add("agent", PASSWORD)
    token, _ = store.open_session(staff, now=1000.0)
    assert store.session(token, now=1050.0) is not None
    assert store.session(token, now=1050.0 + 61) is None
    token, _ = store.open_session(staff)
    store.disable("agent")
    assert store.session(token) is None and store.authenticate("agent", PASSWORD) is None


def test_next_is_never_another_site(app):
    client = TestClient(app, base_url=BASE)
    page = client.get("/staff/login")
    for target in ["https://evil.example/staff", "//evil.example/staff", "/elsewhere", "/staff\\@evil"]:
        answer = client.post("/staff/login", data={"username": "agent", "password": PASSWORD,
                                                   "csrf_token": csrf_of(page.text), "next": target},
                             follow_redirects=False)
        assert answer.headers["location"] == "/staff"
        page = client.get("/staff/login")


def test_production_refuses_a_development_password(tmp_path):
    with pytest.raises(StaffSettingsError):
        StaffSettings.from_env({"ASSISTANT_ENV": "production", "STAFF_DEV_PASSWORD": "x" * 20})
    prod = StaffSettings.from_env({"ASSISTANT_ENV": "production", "STAFF_COOKIE_SECURE": "false",
                                   "STAFF_DB": str(tmp_path / "x.db")})
    assert prod.cookie_secure and prod.production


def test_the_web_app_serves_the_staff_login():
    from bot.web.app import app as web_app

    assert any(getattr(r, "path", "") == "/staff/login" for r in web_app.routes)
