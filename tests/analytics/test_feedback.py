"""Answer feedback over HTTP (POST /feedback): what is stored — read back from the SQL rows —,
that nothing personal is, and that bad input gets a 4xx in the resident's language and
stores nothing."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bot.web.app import app
from bot.web.content import page_texts

client = TestClient(app)
GOOD = {"rating": "down", "intent": "ask_opening_hours", "response": "utter_opening_hours_open",
        "language": "fr", "channel": "web"}


@pytest.fixture
def stats_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> sa.engine.Engine:
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    monkeypatch.setenv("ANALYTICS_DB_URL", url)
    engine = sa.create_engine(url)
    yield engine
    engine.dispose()


def rows(engine: sa.engine.Engine) -> list:
    with engine.connect() as connection:
        if not sa.inspect(engine).has_table("feedback"):
            return []
        return [dict(row._mapping) for row in connection.execute(sa.text("select * from feedback"))]


def test_a_thumbs_down_is_stored_with_what_it_was_about_and_nothing_personal(stats_db):
    comment = ("Marie Dupont ici : les horaires étaient faux, rappelez-moi au 06 12 34 56 78 "
               "ou marie.dupont@example.org, mon code ABCD-1234")
    response = client.post("/feedback", json={**GOOD, "comment": comment})
    assert response.status_code == 201
    assert re.fullmatch(r"[0-9a-f]{32}", response.json()["id"])

    [row] = rows(stats_db)
    assert set(row) == {"id", "rating", "intent", "response", "language", "channel", "hour", "comment"}
    assert (row["rating"], row["intent"], row["response"], row["language"], row["channel"]) == (
        "down", "ask_opening_hours", "utter_opening_hours_open", "fr", "web")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:00:00(\.0+)?", str(row["hour"])), row["hour"]   # the hour only
    dump = json.dumps(row, default=str)
    for personal in ["Marie", "Dupont", "06 12", "12 34 56 78", "example.org", "ABCD-1234"]:
        assert personal not in dump, personal
    assert row["comment"] == ("[name] ici : les horaires étaient faux, rappelez-moi au [phone] ou [email], "
                              "mon code [code]")


def test_the_same_browser_changes_its_mind_on_the_same_row(stats_db):
    row_id = client.post("/feedback", json={**GOOD, "rating": "up"}).json()["id"]
    changed = client.post(f"/feedback/{row_id}", json={"rating": "down", "comment": "pas le bon lieu",
                                                       "language": "fr"})
    assert changed.status_code == 200
    assert [(r["rating"], r["comment"]) for r in rows(stats_db)] == [("down", "pas le bon lieu")]
    client.post(f"/feedback/{row_id}", json={"rating": "up"})
    assert [(r["rating"], r["comment"]) for r in rows(stats_db)] == [("up", None)]   # a thumbs up drops it


def test_feedback_without_an_intent_is_kept_against_its_response(stats_db):
    body = {key: value for key, value in GOOD.items() if key != "intent"}
    assert client.post("/feedback", json={**body, "channel": "kiosk", "language": "uk"}).status_code == 201
    assert [(r["intent"], r["response"], r["channel"], r["language"]) for r in rows(stats_db)] == [
        (None, "utter_opening_hours_open", "kiosk", "uk")]


@pytest.mark.parametrize("change, status, field", [
    ({"rating": "great"}, 422, "rating"),
    ({"rating": None}, 422, "rating"),
    ({"intent": "ask_anything_at_all"}, 422, "intent"),
    ({"response": "utter_made_up"}, 422, "response"),
    ({"response": "utter_ask_patient_name"}, 422, "response"),      # a form's question: nothing to rate
    ({"language": "de"}, 422, "language"),
    ({"channel": "sms"}, 422, "channel"),
    ({"sender_id": "e2e-123"}, 422, "sender_id"),                  # never a conversation id
    ({"rating": "up", "comment": "super"}, 422, "comment"),
    ({"comment": "x" * 301}, 422, "comment"),
    ({"comment": 42}, 422, "comment"),
    ({"intent": ["ask_opening_hours"]}, 422, "intent"),
])
def test_bad_feedback_is_refused_and_nothing_is_stored(stats_db, change, status, field):
    body = {**GOOD, **change}
    response = client.post("/feedback", json=body)
    assert response.status_code == status
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert rows(stats_db) == []


@pytest.mark.parametrize("content, headers, status", [
    (b"not json", {"content-type": "application/json"}, 400),
    (b"\xff\xfe", {"content-type": "application/json"}, 400),
    (json.dumps(GOOD).encode(), {"content-type": "text/plain"}, 415),
    (json.dumps({**GOOD, "comment": "x" * 3000}).encode(), {"content-type": "application/json"}, 413),
    (b"[1, 2]", {"content-type": "application/json"}, 422),
])
def test_bodies_that_are_not_small_json_objects_are_refused(stats_db, content, headers, status):
    assert client.post("/feedback", content=content, headers=headers).status_code == status
    assert rows(stats_db) == []


def test_a_body_sent_without_its_length_is_cut_off_all_the_same(stats_db):
    def chunks():
        yield b'{"rating": "down", "comment": "'
        for _ in range(40):
            yield b"x" * 100
        yield b'"}'

    response = client.post("/feedback", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert rows(stats_db) == []


def test_the_refusal_speaks_the_residents_language(stats_db):
    too_long = client.post("/feedback", json={**GOOD, "language": "ar", "comment": "ب" * 400})
    assert too_long.status_code == 422
    assert too_long.json()["message"] == page_texts()["ar"]["feedback_too_long"]
    unknown = client.post("/feedback", json={**GOOD, "language": "es", "channel": "fax"})
    assert unknown.json()["message"] == page_texts()["es"]["feedback_error"]


def test_changing_unknown_or_malformed_feedback_is_a_404(stats_db):
    assert client.post(f"/feedback/{'0' * 32}", json={"rating": "up"}).status_code == 404
    assert client.post("/feedback/../../etc", json={"rating": "up"}).status_code in (404, 405)
    assert client.post("/feedback/not-an-id", json={"rating": "up"}).status_code == 404
    row_id = client.post("/feedback", json=GOOD).json()["id"]
    assert client.post(f"/feedback/{row_id}", json={"rating": "up", "intent": "greet"}).status_code == 422
    assert [r["rating"] for r in rows(stats_db)] == ["down"]


def test_the_widget_knows_which_answers_get_thumbs_and_their_texts_in_every_language():
    config = client.get("/config.json").json()
    assert "utter_ask_" in config["feedback"]["skipPrefixes"]
    assert "utter_greet" in config["feedback"]["skipResponses"]
    keys = {"feedback_question", "feedback_up", "feedback_down", "feedback_comment_label", "feedback_comment_hint",
            "feedback_send", "feedback_thanks", "feedback_thanks_comment", "feedback_error", "feedback_too_long"}
    import yaml

    from bot.web.content import TEXTS_FILE

    raw = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    for code in ("fr", "en", "ar", "es", "pt", "uk"):
        assert keys <= set(raw[code]), code      # each language its own words, not French
    assert len({raw[code]["feedback_question"] for code in raw}) == len(raw)


def test_a_city_site_may_post_feedback_from_its_own_origin():
    preflight = client.options("/feedback", headers={"Origin": "https://www.ville-levallois.example",
                                                     "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
