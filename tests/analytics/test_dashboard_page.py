"""GET /staff/dashboard: staff only; charts as SVG images with a title and a description,
each with its data table; the figures of a seeded month. (The page in Chromium, axe-core
and the keyboard: tests/e2e/browser/test_dashboard.py.)"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bot.feedback.store import FeedbackStore
from bot.web.app import app
from bot.web.dashboard import chosen_weeks
from bot.web.staff.accounts import StaffStore
from tests.analytics.seed import city_feedback, city_month, save_all, tracker_store

client = TestClient(app)


class Page(HTMLParser):
    """The page's SVG charts (their title and desc) and tables (caption, rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs, self.tables, self.stack, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self.svgs.append({"attrs": attrs, "title": "", "desc": ""})
        if tag == "table":
            self.tables.append({"caption": "", "rows": 0})
        if tag == "tr" and self.tables:
            self.tables[-1]["rows"] += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        where = self.stack[-1] if self.stack else ""
        if where in ("title", "desc") and "svg" in self.stack:
            self.svgs[-1][where] += data
        elif where == "caption":
            self.tables[-1]["caption"] += data
        self.text.append(data)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("dashboard")
    now = datetime.now(timezone.utc)
    store = tracker_store(folder / "tracker.db")
    save_all(store, city_month(now, conversations=120))
    engine = sa.create_engine(f"sqlite:///{folder / 'analytics.db'}")
    city_feedback(FeedbackStore(engine), now, votes=40)
    engine.dispose()
    store.engine.dispose()
    return folder


@pytest.fixture
def staff_cookie(seeded, monkeypatch, tmp_path) -> dict:
    monkeypatch.setenv("TRACKER_DB", str(seeded / "tracker.db"))
    monkeypatch.delenv("ANALYTICS_DB_URL", raising=False)
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    staff_store = StaffStore(tmp_path / "staff.db")          # the test's own accounts
    monkeypatch.setattr(app.state, "staff_store", staff_store)
    member = staff_store.add("agent", "correct horse battery staple 42", "Agent Test")
    token, _ = staff_store.open_session(member)
    return {"Cookie": f"staff_session={token}"}


def test_the_dashboard_needs_a_staff_login():
    response = client.get("/staff/dashboard?weeks=4", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login?next=/staff/dashboard")


def test_the_dashboard_shows_every_chart_as_an_accessible_image_with_its_table(staff_cookie):
    response = client.get("/staff/dashboard", headers=staff_cookie)
    assert response.status_code == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page = Page()
    page.feed(response.text)
    titles = [svg["title"] for svg in page.svgs]
    assert titles == ["Questions par thème", "Questions par langue", "Questions par canal",
                      "Questions par semaine (ISO)", "Taux de résolution par semaine",
                      "Heures d'affluence (questions par heure de la semaine)",
                      "Avis des habitants : part de réponses utiles par intention"]
    for svg in page.svgs:
        assert svg["attrs"]["role"] == "img"
        for reference in (svg["attrs"]["aria-labelledby"], svg["attrs"]["aria-describedby"]):
            assert re.fullmatch(r"[\w-]+", reference) and f'id="{reference}"' in response.text
        assert re.search(r"\d", svg["desc"]), svg       # the description carries the figures
        assert "style=" not in response.text            # CSP: no inline styles
    captions = [t["caption"] for t in page.tables]
    for title in titles:
        assert any(caption.startswith(title) for caption in captions), title
    assert all(t["rows"] >= 2 for t in page.tables)
    text = " ".join(page.text)
    assert "Taux de résolution" in text and "Questions non comprises" in text
    assert "Derniers commentaires" in text
    assert "06 11 22 33 44" not in response.text and "Karim" not in response.text   # comments were redacted
    assert "[phone]" in response.text or "[name]" in response.text


def test_the_figures_are_the_seeded_months(staff_cookie):
    html = client.get("/staff/dashboard?weeks=4", headers=staff_cookie).text
    value = re.search(r"<dt>Conversations</dt>\s*<dd><span class=\"dash-figure-value\">([\d\u202f]+)</span>", html)
    assert value and int(value.group(1).replace("\u202f", "")) == 120
    assert "piscine" in html                  # a group of fallback questions


@pytest.mark.parametrize("asked, weeks", [("12", 12), ("3", 4), ("lots", 4), (None, 4), ("-1", 4), ("52", 52)])
def test_the_period_is_one_of_the_choices(asked, weeks):
    assert chosen_weeks(asked) == weeks


def test_a_period_that_is_not_a_choice_shows_the_default(staff_cookie):
    response = client.get("/staff/dashboard?weeks=<script>", headers=staff_cookie)
    assert response.status_code == 200
    assert 'value="4" selected' in response.text and "<script>" not in response.text
