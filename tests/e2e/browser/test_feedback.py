"""Answer feedback in Chromium against the real stack (scenarios/feedback.mjs): what the
resident clicks and types reaches the statistics database as the rating, the intent and
response of the answer, the language and the channel, with the comment redacted and
nothing that names the conversation; the widget's messages say which channel they came from."""
from __future__ import annotations

import asyncio
import json
import os
import uuid

import sqlalchemy as sa
import yaml

from bot.analytics.conversations import channel_of
from bot.analytics.settings import analytics_settings
from bot.tracker_store import PrivacySQLTrackerStore
from bot.web.content import TEXTS_FILE
from tests.e2e.browser.test_web_pages import run_scenario
from tests.e2e.conftest import Chat

COMMENT = "Marie Dupont ici : il manque le samedi après-midi, rappelez-moi au 06 12 34 56 78"


def stored_tracker(stack, sender_id: str):
    """The conversation as the stack's tracker store holds it (its own settings)."""
    saved = dict(os.environ)
    os.environ.update({k: v for k, v in stack._env().items() if k.startswith("TRACKER_")})
    try:
        store = PrivacySQLTrackerStore(dialect="sqlite", db=str(stack.config.var_dir / "tracker.db"))
        return asyncio.run(store.retrieve(sender_id))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def warm_up(stack) -> None:
    """The first action calls after the stack starts (imports, first requests to the city) can
    exceed the turn budget on a busy machine and get the 'technical problem' answer: this
    test is about the thumbs, so it asks once over REST until the hours come back."""
    chat = Chat(stack.rasa_url, f"warm-up-{uuid.uuid4().hex[:8]}")
    for _ in range(5):
        if "samedi" in " ".join(m.get("text", "") for m in chat.send("horaires de la MSP samedi")).lower():
            return


def test_thumbs_from_the_chat_and_the_kiosk_are_stored_anonymously(stack):
    warm_up(stack)
    texts = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    result = run_scenario(stack, "feedback", texts={"fr": texts["fr"], "ar": texts["ar"]}, comment=COMMENT)

    engine = sa.create_engine(f"sqlite:///{stack.config.var_dir / 'analytics.db'}")
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(sa.text("select * from feedback"))]
    engine.dispose()
    by_place = {(r["channel"], r["language"]): r for r in rows}
    assert set(by_place) == {("web", "fr"), ("web", "ar"), ("kiosk", "fr")}, rows
    web = by_place[("web", "fr")]
    assert (web["rating"], web["intent"]) == ("down", "ask_opening_hours")
    assert web["response"].startswith("utter_opening_hours")
    assert web["comment"] == "[name] ici : il manque le samedi après-midi, rappelez-moi au [phone]"
    assert by_place[("web", "ar")]["rating"] == "up"
    assert by_place[("kiosk", "fr")]["rating"] == "up"
    dump = json.dumps(rows, default=str)
    for secret in (result["webSession"], result["kioskSession"], "Marie", "Dupont", "06 12 34"):
        assert secret not in dump, secret

    # The widget's messages say where they were typed: the statistics tell the kiosk apart.
    for session, channel in ((result["webSession"], "web"), (result["kioskSession"], "kiosk")):
        users = [e.as_dict() for e in stored_tracker(stack, session).events if e.type_name == "user"]
        assert users and {channel_of(e, analytics_settings()) for e in users} == {channel}, users
