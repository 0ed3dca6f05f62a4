"""WhatsApp Cloud API end to end: Meta's webhook into the real Rasa, replies recorded by the
fake Graph API. Choices are tapped back with the id the bot gave them, as WhatsApp does."""
from __future__ import annotations

import time
from typing import Any, Dict, List

import httpx

from bot.languages import load_languages
from tests.e2e.phone import PHONE, WhatsAppResident, provider, tracker_events  # noqa: F401 (fixture)

PATH = WhatsAppResident.PATH


def interactive(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [r["interactive"] for r in replies if r["type"] == "interactive"]


def choices(replies: List[Dict[str, Any]]) -> Dict[str, str]:
    """{shown title (and description): id} of every button and list row."""
    found = {}
    for item in interactive(replies):
        if item["type"] == "button":
            found.update({b["reply"]["title"]: b["reply"]["id"] for b in item["action"]["buttons"]})
        else:
            for row in (r for s in item["action"]["sections"] for r in s["rows"]):
                found[row.get("description") or row["title"]] = row["id"]
    return found


def shown_text(replies: List[Dict[str, Any]]) -> str:
    texts = [r["text"]["body"] for r in replies if r["type"] == "text"]
    texts += [i["body"]["text"] for i in interactive(replies)]
    return "\n".join(texts)


def test_the_verification_challenge(stack):
    query = {"hub.mode": "subscribe", "hub.verify_token": PHONE.whatsapp_verify_token, "hub.challenge": "1158201444"}
    ok = httpx.get(stack.rasa_url + PATH, params=query)
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = httpx.get(stack.rasa_url + PATH, params={**query, "hub.verify_token": "guess"})
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


def test_a_bad_or_missing_signature_gets_403_and_nothing_reaches_the_bot(stack, provider):
    resident = WhatsAppResident(stack, provider)
    users_before = len(tracker_events(stack, "user"))
    payload = resident.payload({"type": "text", "text": {"body": "Bonjour"}})
    assert resident.post(payload, sign=False).status_code == 403
    assert resident.post(payload, secret="not-the-app-secret").status_code == 403
    time.sleep(1.5)
    assert provider.delivered(resident.wa_id) == []
    assert len(tracker_events(stack, "user")) == users_before


def test_buttons_then_a_list_then_a_tapped_choice(stack, provider):
    resident = WhatsAppResident(stack, provider)
    greeting = resident.say("Bonjour")
    # "what I can do" and every language (bot/languages.yml): more than 3 choices, a list
    names = [info.name for info in load_languages().languages.values()]
    assert [i["type"] for i in interactive(greeting)] == ["list"]
    assert set(choices(greeting)) == {"Ce que je sais faire", *names}
    assert "/" not in interactive(greeting)[0]["body"]["text"]

    help_replies = resident.tap(choices(greeting)["Ce que je sais faire"], "Ce que je sais faire",
                                kind="list_reply")
    lists = [i for i in interactive(help_replies) if i["type"] == "list"]
    assert lists, help_replies
    rows = [r for item in lists for s in item["action"]["sections"] for r in s["rows"]]
    assert len(rows) >= 8 and all(len(r["title"]) <= 24 for r in rows)
    assert all(len(s["rows"]) <= 10 for item in lists for s in item["action"]["sections"])
    assert lists[0]["action"]["button"] == "Choisir"

    english = resident.tap(choices(help_replies)["English"], "English", kind="list_reply")
    assert "English" in shown_text(english) or "answer in English" in shown_text(english)

    # two short choices are buttons: "do you have an identity document?" of a domiciliation request
    links = resident.say("je veux faire une demande de domiciliation")
    asked = resident.tap(choices(links)["Je travaille à Levallois"], "Je travaille à Levallois", kind="list_reply")
    [buttons] = interactive(asked)
    assert buttons["type"] == "button" and [b["reply"]["title"] for b in buttons["action"]["buttons"]] == ["Oui", "Non"]
    assert "/" not in buttons["body"]["text"]


def test_a_slot_list_with_long_titles_and_a_booking_started_by_tapping_a_row(stack, provider):
    resident = WhatsAppResident(stack, provider)
    slots = resident.say("Je voudrais un rendez-vous chez l'ostéopathe mercredi")
    offered = choices(slots)
    long_titles = [t for t in offered if len(t) > 24]
    assert long_titles, offered                                  # "mercredi 2 décembre à 14 h 00 — Hugo Lambert"
    rows = [r for i in interactive(slots) for s in i["action"]["sections"] for r in s["rows"]]
    assert all(len(r["title"]) <= 24 and len(r.get("description", "")) <= 72 for r in rows)
    asked = resident.tap(offered[long_titles[0]], long_titles[0][:24], kind="list_reply")
    assert "À quel nom" in shown_text(asked), asked


def test_a_redelivered_message_is_answered_once(stack, provider):
    resident = WhatsAppResident(stack, provider)
    users_before = len(tracker_events(stack, "user"))
    payload = resident.payload({"type": "text", "text": {"body": "Bonjour, les horaires de la mairie ?"}})
    assert [resident.post(payload).status_code for _ in range(3)] == [200, 200, 200]
    first = provider.wait_for(resident.wa_id, quiet=2.0)
    assert first
    assert len(tracker_events(stack, "user")) == users_before + 1     # one message reached Rasa
