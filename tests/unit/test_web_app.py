"""The web front's pages and settings (bot/web): the browser behaviour itself is tested in
Chromium by tests/e2e/browser."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from fastapi.testclient import TestClient

from bot.languages import load_languages
from bot.web.app import app
from bot.web.content import TEXTS_FILE, city_contact

client = TestClient(app)


def page_config(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="chat-config">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("path", ["/", "/kiosk"])
def test_pages_carry_the_widget_and_its_configuration(path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.text
    assert "data-chat" in response.text and "/vendor/socket.io.min.js" in response.text
    config = page_config(response.text)
    settings = load_languages()
    assert [lang["code"] for lang in config["languages"]] == settings.codes
    assert [lang["name"] for lang in config["languages"]] == [i.name for i in settings.languages.values()]
    assert set(config["texts"]) == set(settings.codes)


def test_the_city_page_links_the_partners_official_sites_in_a_new_window():
    html = client.get("/").text
    for partner in city_contact()["partners"]:
        assert f'href="{partner["site"]}" target="_blank" rel="noopener noreferrer"' in html
    assert html.count("nouvelle fenêtre") >= len(city_contact()["partners"])
    assert city_contact()["phone"] in html


def test_kiosk_idle_delays_come_from_the_environment_or_the_address(monkeypatch):
    monkeypatch.setenv("WEB_KIOSK_IDLE_SECONDS", "45")
    monkeypatch.delenv("WEB_KIOSK_WARNING_SECONDS", raising=False)
    config = page_config(client.get("/kiosk").text)
    assert (config["idleSeconds"], config["warningSeconds"]) == (45, 30)
    config = page_config(client.get("/kiosk?idle=2&warning=3").text)
    assert (config["idleSeconds"], config["warningSeconds"]) == (2, 3)
    config = page_config(client.get("/kiosk?idle=zero&warning=-5").text)
    assert (config["idleSeconds"], config["warningSeconds"]) == (45, 1)


def test_rasa_is_where_the_environment_says(monkeypatch):
    monkeypatch.setenv("WEB_RASA_URL", "https://assistant.example")
    assert client.get("/config.json").json()["rasaUrl"] == "https://assistant.example"


def test_the_socket_io_client_is_served_locally():
    response = client.get("/vendor/socket.io.min.js")
    assert response.status_code == 200, "run `make install` (npm ci in bot/web)"
    assert "socket.io" in response.text[:500].lower() or "engine.io" in response.text.lower()


def test_every_language_has_every_page_text():
    raw = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    keys = set(raw[load_languages().default])
    missing = {code: sorted(keys - set(raw.get(code) or {})) for code in load_languages().codes}
    assert not {code: names for code, names in missing.items() if names}, missing
    assert all("{seconds}" in texts["idle_text"] for texts in raw.values())


def test_a_range_header_gets_the_whole_file_not_a_slow_merge():
    """CVE-2025-62727 (Starlette < 0.49.1, which FastAPI < 0.120 needs): Range is dropped."""
    whole = client.get("/static/chat.css")
    ranged = client.get("/static/chat.css", headers={"Range": "bytes=0-0," * 500 + "1-1"})
    assert ranged.status_code == 200 and ranged.content == whole.content
    assert "content-range" not in ranged.headers


def test_a_poisoned_host_header_keeps_the_staff_security_headers():
    """GHSA-86qp-5c8j-p5mr: request.url.path follows the Host header; our checks do not."""
    response = client.get("/staff/login", headers={"Host": "example.org/elsewhere?"})
    assert response.status_code == 200
    assert "content-security-policy" in {k.lower() for k in response.headers}


def test_a_path_that_moves_the_url_authority_does_not_reach_the_login_redirect():
    """CVE-2026-54282: request.url is re-parsed from host + path; we read the scope instead."""
    from starlette.routing import Route
    from starlette.endpoints import HTTPEndpoint

    # CVE-2026-48817 needs an HTTPEndpoint class routed without methods=: we have none.
    endpoints = [r.endpoint for r in app.routes if isinstance(r, Route)]
    assert not [e for e in endpoints if isinstance(e, type) and issubclass(e, HTTPEndpoint)]
    response = client.get("/staff/tickets/7?tab=history", follow_redirects=False,
                          headers={"Host": "@evil.example"})
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login?next=/staff/tickets/7%3Ftab%3Dhistory"


def test_an_oversized_urlencoded_form_is_refused_before_it_is_read_whole():
    """CVE-2026-54283: request.form() ignores its limits for urlencoded bodies; ours stop."""
    def endless():
        for _ in range(1000):                   # 1 MB, sent without a Content-Length
            yield b"a=" + b"x" * 1022 + b"&"
    login = client.get("/staff/login")
    response = client.post("/staff/login", content=endless(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert login.status_code == 200 and response.status_code == 413
