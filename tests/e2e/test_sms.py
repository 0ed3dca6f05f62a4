"""SMS end to end: Twilio's webhook into the real Rasa, replies recorded by the fake Twilio.

The clock is frozen on Tuesday 2026-12-01 08:00. The booking takes the osteopath's
Saturday slots, which no other conversation uses.
"""
from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import List

from bot.channels.sms_text import GSM7_LIMIT, UCS2_LIMIT, WHATSAPP_LIMIT, is_gsm7, length
from bot.languages import load_languages
from tests.e2e.phone import PHONE, SmsResident, provider, tracker_dump, tracker_events  # noqa: F401 (fixture)

PAYLOAD_MARKS = ("/help", "/inform", "/affirm", "/choose_language", "/book_appointment", "{", "}", "utter_")
ARABIC = re.compile(r"[\u0600-\u06ff]")


def check_sms(parts: List[str]) -> None:
    """What every reply must be: no payload or markup, each part within its encoding's limit."""
    for part in parts:
        for mark in PAYLOAD_MARKS:
            assert mark not in part, f"{mark!r} shown to the resident: {part!r}"
        limit = GSM7_LIMIT if is_gsm7(part) else UCS2_LIMIT
        assert length(part, "GSM-7" if is_gsm7(part) else "UCS-2") <= limit, part


def menu(parts: List[str]) -> dict:
    """{title: number} as the resident reads the numbered lines."""
    lines = "\n".join(parts).split("\n")
    return {m.group(2): m.group(1) for m in (re.match(r"^(\d+)\. (.+)$", line) for line in lines) if m}


def test_a_bad_or_missing_signature_gets_403_and_nothing_reaches_the_bot(stack, provider):
    resident = SmsResident(stack, provider)
    users_before = len(tracker_events(stack, "user"))
    refused = [
        resident.post("Bonjour", sign=False),
        resident.post("Bonjour", token="not-the-auth-token"),
        # Signed for the URL Rasa sees, not the public one Twilio called: refused too.
        resident.post("Bonjour", signed_url=stack.rasa_url + SmsResident.PATH),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    time.sleep(1.5)
    assert provider.delivered(resident.number) == []
    assert len(tracker_events(stack, "user")) == users_before


def test_a_signed_sms_is_answered_by_sms_with_a_numbered_menu(stack, provider):
    resident = SmsResident(stack, provider)
    answer = resident.post("Bonjour")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    assert answer.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    parts = provider.wait_for(resident.number)
    assert parts and all(p.form["From"] == resident.ours for p in parts)
    bodies = [p.form["Body"] for p in parts]
    check_sms(bodies)
    # "what I can do" and every language, named in itself (bot/languages.yml)
    names = [info.name for info in load_languages().languages.values()]
    assert set(names) <= set(menu(bodies)) and len(menu(bodies)) == len(names) + 1
    assert bodies[-1].endswith(f"ou {len(names) + 1}.")
    # The conversation is stored under a keyed hash: the number is nowhere in the tracker.
    dump = tracker_dump(stack)
    assert resident.number not in dump and resident.number[1:] not in dump


def test_a_retried_webhook_is_processed_once(stack, provider):
    resident = SmsResident(stack, provider)
    marker = "Bonjour, quels sont les horaires de la mairie ?"
    sid = "SM" + uuid.uuid4().hex
    users_before = len(tracker_events(stack, "user"))
    # Twilio retrying while the first delivery is still being processed: three at once.
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: resident.post(marker, sid=sid), range(3)))
    assert [a.status_code for a in answers] == [200, 200, 200]   # Twilio must stop retrying
    first = provider.wait_for(resident.number, quiet=2.0)
    assert first
    assert len(tracker_events(stack, "user")) == users_before + 1     # one message reached Rasa
    # A new MessageSid with the same text is a new message, and is answered again.
    resident.received = len(first)
    assert resident.send(marker)


def test_the_number_sent_back_is_the_button_payload(stack, provider):
    resident = SmsResident(stack, provider)
    greeting = resident.send("Bonjour")
    choices = menu(greeting)
    replies = resident.send(choices["English"])           # the number, as a resident types it
    check_sms(replies)
    text = "\n".join(replies)
    assert "Répondez" not in text and ("Reply" in text or not menu(replies))
    assert re.search(r"\b(the|you|I)\b", text), text       # now in English
    helps = resident.send(menu(replies).get("What I can do") or "help")
    assert re.search(r"Reply 1, 2, .* or \d+\.$", helps[-1]), helps[-1]


def test_a_long_reply_is_split_at_sentence_boundaries(stack, provider):
    resident = SmsResident(stack, provider)
    resident.send("Bonjour")
    parts = resident.send("aide")
    check_sms(parts)
    assert len(parts) >= 3, parts
    for part in parts[:-1]:
        last_line = part.split("\n")[-1]
        assert re.search(r"[.!?;:)]$", last_line) or re.match(r"^\d+\. ", last_line), part
    assert len(menu(parts)) >= 8 and re.search(r"Répondez 1, 2, .* ou \d+\.$", parts[-1])


def test_an_arabic_sms(stack, provider):
    resident = SmsResident(stack, provider)
    text = "مرحبا، أريد موعدا مع طبيب عام يوم الأربعاء من فضلكم"
    parts = resident.send(text)
    check_sms(parts)
    # The Arabic text reached Rasa intact (form decoding, signature, tracker).
    assert any(e.get("text") == text for e in tracker_events(stack, "user"))
    if "ar" in load_languages().codes:
        arabic = [p for p in parts if ARABIC.search(p)]
        assert arabic, parts
        assert all(not is_gsm7(p) and length(p, "UCS-2") <= UCS2_LIMIT for p in arabic)


def test_twilio_whatsapp_goes_through_the_sms_connector(stack, provider):
    resident = SmsResident(stack, provider, number="whatsapp:+33655" + str(uuid.uuid4().int)[:6],
                           ours="whatsapp:+14155238886")
    replies = resident.send("Bonjour")
    assert all(len(r) <= WHATSAPP_LIMIT for r in replies)
    assert "English" in menu(replies)


def test_a_full_maison_de_sante_booking_by_sms_alone(stack, provider):
    resident = SmsResident(stack, provider)
    slots = resident.send("Je voudrais prendre rendez-vous chez l'ostéopathe samedi")
    check_sms(slots)
    choices = menu(slots)
    wanted = [title for title in choices if "samedi 5 décembre" in title and "9 h 45" in title]
    assert wanted, slots
    asked_name = resident.send(choices[wanted[0]])
    assert "nom" in "\n".join(asked_name).lower(), asked_name
    asked_phone = resident.send("Awa Traoré")
    assert "téléphone" in "\n".join(asked_phone), asked_phone
    summary = resident.send("06 11 22 33 44")
    check_sms(summary)
    text = "\n".join(summary)
    assert "samedi 5 décembre à 9 h 45" in text and "Hugo Lambert" in text and "Awa Traoré" in text
    yes = [number for title, number in menu(summary).items() if title.lower().startswith("oui")]
    assert yes, summary
    booked = "\n".join(resident.send(yes[0]))
    assert "réservé" in booked and "code d'annulation" in booked, booked
    assert re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", booked), booked
