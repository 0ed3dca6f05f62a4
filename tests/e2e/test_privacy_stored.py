"""What the tracker store holds after a real booking and a real QF computation over REST,
read from its SQL rows: no name, phone, cancel code or income figure, and the booking
worked. Then "forget me" leaves no row of the conversation."""
from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from typing import List

import httpx

from tests.e2e.conftest import Chat

NAME, PHONE = "Josiane Verdier", "07 81 23 45 67"


def rows(stack, sender: str) -> List[str]:
    with sqlite3.connect(stack.config.var_dir / "tracker.db") as db:
        return [data for (data,) in db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,))]


def texts(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def send(chat: Chat, message: str, expected: str) -> str:
    """The reply to `message`; sent again when the city was too slow for the actions' 2 s
    (a busy machine): what is tested here is what gets stored, not the city's speed."""
    for _ in range(3):
        reply = texts(chat.send(message))
        if expected.lower() in reply.lower() or "services de la ville" not in reply:
            return reply
        time.sleep(2)
    return reply


def a_free_slot(stack) -> str:
    """The last free slot of a day no scripted conversation looks at (the routes the booking
    uses asked once first: a busy machine's first answers are slower than the actions' 2 s)."""
    for path in ("/v1/health/info", "/v1/health/practitioners", "/v1/places/maison-de-sante",
                 "/v1/documents?topic=maison-de-sante"):
        httpx.get(f"{stack.api_url}{path}", timeout=30)
    free = httpx.get(f"{stack.api_url}/v1/health/slots", params={"from": "2026-12-15", "to": "2026-12-15"},
                     timeout=30).json()
    practitioners = {p["id"]: p for p in httpx.get(f"{stack.api_url}/v1/health/practitioners", timeout=30).json()}
    return free[-1]["id"], practitioners[free[-1]["practitioner_id"]]["specialty"]


def test_a_booking_and_a_qf_computation_leave_nothing_personal(stack) -> None:
    chat = Chat(stack.rasa_url, f"e2e-privacy-{uuid.uuid4().hex[:10]}")
    slot_id, specialty = a_free_slot(stack)
    payload = f'/book_appointment{{"specialty":"{specialty}","appointment_slot_id":"{slot_id}"}}'
    assert "quel nom" in send(chat, payload, "quel nom").lower()
    assert "téléphone" in send(chat, NAME, "téléphone")
    confirmation = send(chat, PHONE, NAME)
    assert NAME in confirmation and PHONE in confirmation    # the form held both between messages
    booked = send(chat, "oui", "réservé")
    assert "réservé" in booked and "code d'annulation" in booked
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", booked).group(1)

    for message, expected in [("je ne connais pas mon quotient familial", "Calculons"), ("en couple", "enfants"),
                              ("trois", "handicap"), ("aucun", "revenu"), ("31 200 € par an", "prestations"),
                              ("420 € par mois", "755")]:
        assert expected in send(chat, message, expected), message

    stored = "\n".join(rows(stack, chat.sender))
    assert stored, "the conversation was stored"
    for secret in ["Josiane", "Verdier", "0781234567", "781234567", "81 23 45 67", code]:
        assert secret not in stored, secret
    # (figures unlike the questions' own examples, "36 000" for instance)
    assert not re.search(r"31[\s\u202f\u00a0.,]?200", stored), "an income figure was stored"
    assert not re.search(r"420[\s\u202f\u00a0]?€|\b420\.0\b", stored), "a benefits figure was stored"
    events = [json.loads(row) for row in rows(stack, chat.sender)]
    answers = [e["text"] for e in events if e["event"] == "user"]
    assert "[patient_name]" in answers and "[annual_income]" in answers and "[monthly_benefits]" in answers

    # The appointment exists at the city (the booking really worked).
    mine = httpx.get(f"{stack.api_url}/v1/health/appointments", params={"phone": "+33781234567", "cancel_code": code},
                     headers={"Authorization": f"Bearer {stack.config.env['MUNICIPAL_API_TOKEN']}"}, timeout=10)
    assert mine.status_code == 200 and [a["slot"]["id"] for a in mine.json()] == [slot_id]

    # Forget me: nothing of the conversation is left, and the next message starts afresh.
    chat.send("oublie-moi")
    assert rows(stack, chat.sender) == []
    chat.send("Bonjour")
    assert all(json.loads(r)["event"] != "user" or json.loads(r)["text"] == "Bonjour" for r in rows(stack, chat.sender))
