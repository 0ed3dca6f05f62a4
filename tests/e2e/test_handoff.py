"""Human handoff end to end: the whole stack, the real municipal API, Rasa's pause and resume,
the staff console over HTTP, SMS through the fake Twilio.

Inside opening hours: the stack of handoff_stack.open_stack (Tuesday 2026-12-01 10:00).
Outside: the session stack (the same Tuesday at 08:00; the MSP opens at 08:30).
"""
from __future__ import annotations

import re
import time
import uuid

import pytest

from tests.e2e.conftest import Chat
from tests.e2e.handoff_stack import (SocketResident, StaffConsole, open_stack, staff_account, ticket_of,
                                     tickets, warm_up)
from tests.e2e.phone import SmsResident, provider, tracker_dump  # noqa: F401 (fixture)

NUMBER = re.compile(r"\b([AR]-\d{3})\b")


@pytest.fixture(scope="module")
def opened():
    return open_stack()


@pytest.fixture(scope="module")
def closed(stack):
    """The session stack, outside opening hours, its action server warmed up."""
    warm_up(stack)
    return stack


@pytest.fixture(scope="module")
def console(opened):
    return StaffConsole(opened, staff_account(opened)).log_in()


def texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def number_in(text: str) -> str:
    found = NUMBER.search(text)
    assert found, f"no ticket number in {text!r}"
    return found.group(1)


# --- inside opening hours -------------------------------------------------------------

def test_web_chat_handoff_staff_reply_and_hand_back(opened, console):
    resident = SocketResident(opened)
    try:
        offer = texts(resident.say("Bonjour, je veux parler à un agent"))
        assert "résumé" in offer and "accord" in offer
        ticket_message = texts(resident.say("oui"))
        number = number_in(ticket_message)
        assert "ici" in ticket_message and "pause" in ticket_message
        ticket = ticket_of(opened, resident.session_id)
        assert ticket["number"] == number and ticket["kind"] == "desk" and ticket["channel"] == "web"
        assert ticket["language"] == "fr" and ticket["status"] == "waiting" and ticket["contact_phone"] is None
        # Paused: the resident's message is kept for staff, the assistant says nothing.
        assert resident.say("Vous êtes là ? C'est pour mon dossier CAF", expect=False, quiet=4) == []
        page = console.ticket_page(ticket["id"])
        assert number in page and "mon dossier CAF" in page and "en pause" in page
        location = console.reply(ticket["id"], "Bonjour, ici Jeanne de l'accueil. Quel est votre souci ?")
        assert "sent=pushed" in location
        staff_message = resident.collect()
        assert texts(staff_message) == "Bonjour, ici Jeanne de l'accueil. Quel est votre souci ?"
        assert ticket_of(opened, resident.session_id)["status"] == "in_progress"
        assert "Agent (agent)" in console.ticket_page(ticket["id"])
        # Closing hands back: the resident is told, and the assistant answers again.
        assert console.close(ticket["id"]).startswith("/staff?closed=")
        assert "de nouveau là" in texts(resident.collect())
        closed = ticket_of(opened, resident.session_id, status="closed")
        assert closed["closed_by"] == "agent" and closed["id"] == ticket["id"]
        assert texts(resident.say("Quels sont les horaires de la Maison des Services Publics ?"))
    finally:
        resident.close()


def test_a_person_asked_for_in_the_qf_calculator_shares_its_answers_only_with_consent(opened):
    chat = Chat(opened.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
    chat.send("je voudrais calculer mon quotient familial")
    chat.send("2")          # adults
    offer = texts(chat.send("je préfère parler à une personne"))
    assert "résumé" in offer
    assert not [t for t in tickets(opened) if t["conversation_id"] == chat.sender]   # nothing before "yes"
    number_in(texts(chat.send("oui")))
    ticket = ticket_of(opened, chat.sender)
    assert ticket["channel"] == "rest" and ticket["summary"]["shared"] == {"household_adults": "2.0"}
    assert "compute_qf" in ticket["summary"]["topics"]
    assert chat.send("allô ?") == []          # paused
    # Paused, but an emergency still gets 15 / 112 at once (bot/channels/paused.py).
    emergency = texts(chat.send("au secours, mon mari ne respire plus"))
    assert "15" in emergency and "112" in emergency
    assert chat.send("vous êtes là ?") == []  # and the conversation stays with the staff


def test_no_to_the_offer_creates_no_ticket(opened):
    chat = Chat(opened.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
    assert "all right" in texts(chat.send("I'd like to speak to an agent"))
    declined = texts(chat.send("no"))
    assert "01 99 00 12 00" in declined
    assert not [t for t in tickets(opened) if t["conversation_id"] == chat.sender]
    assert chat.send("what are the opening hours of the MSP?")   # not paused


def test_sms_handoff_staff_texts_back_and_hands_back(opened, console, provider):
    resident = SmsResident(opened, provider)
    offer = "\n".join(resident.send("Bonjour, je voudrais parler à un conseiller"))
    assert "ce numéro" in offer
    number = number_in("\n".join(resident.send("oui")))
    ticket = next(t for t in tickets(opened) if t["number"] == number)
    assert ticket["channel"] == "sms" and ticket["contact_phone"] == resident.number
    assert ticket["reply_from"] == resident.ours
    # Paused: no answer by SMS.
    resident.post("Merci, j'attends")
    time.sleep(4)
    assert provider.wait_for(resident.number, after=resident.received, timeout=1) == []
    assert "sent=sent" in console.reply(ticket["id"], "Bonjour, je vous rappelle dans 5 minutes.")
    texted = provider.wait_for(resident.number, after=resident.received)
    resident.received += len(texted)
    assert [p.form["Body"] for p in texted] == ["Bonjour, je vous rappelle dans 5 minutes."]
    assert texted[0].form["From"] == resident.ours
    console.close(ticket["id"])
    back = provider.wait_for(resident.number, after=resident.received)
    resident.received += len(back)
    assert "de nouveau là" in " ".join(p.form["Body"] for p in back)
    assert resident.send("Quels sont les horaires de la mairie ?")
    # The number was given to staff with consent, never kept by the assistant; closing erased it.
    dump = tracker_dump(opened)
    assert resident.number not in dump and resident.number[1:] not in dump
    closed = next(t for t in tickets(opened, "closed") if t["number"] == number)
    assert closed["contact_phone"] is None


def test_the_console_needs_a_login(opened):
    anonymous = StaffConsole(opened, "nobody")
    assert anonymous.get("/staff").status_code == 303
    assert anonymous.post("/staff/tickets/x/close", {"csrf_token": "x"}).status_code == 401


# --- outside opening hours (the session stack: 08:00, the MSP opens at 08:30) ----------

def test_web_callback_outside_hours_asks_the_number_with_consent(closed):
    stack = closed
    chat = Chat(stack.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
    offer = texts(chat.send("je veux parler à un agent"))
    assert "fermée" in offer and "08:30" in offer.replace("8 h 30", "08:30")
    assert "numéro" in texts(chat.send("oui"))
    assert "valide" in texts(chat.send("douze"))
    registered = texts(chat.send("06 12 34 56 78"))
    number = number_in(registered)
    assert number.startswith("R-")
    ticket = ticket_of(stack, chat.sender)
    assert ticket["kind"] == "callback" and ticket["contact_phone"] == "+33612345678"
    assert chat.send("quels sont les horaires de la maison des services publics ?")   # not paused
    dump = tracker_dump(stack)
    assert "0612345678" not in dump.replace(" ", "") and "+33612345678" not in dump


def test_web_callback_refused_number_creates_nothing(closed):
    stack = closed
    chat = Chat(stack.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
    chat.send("talk to someone")
    assert "number" in texts(chat.send("yes"))
    assert "01 99 00 12 00" in texts(chat.send("no"))
    assert not [t for t in tickets(stack) if t["conversation_id"] == chat.sender]


def test_sms_callback_outside_hours_uses_the_number_the_resident_writes_from(closed, provider):
    stack = closed
    resident = SmsResident(stack, provider)
    offer = "\n".join(resident.send("je veux parler à un agent"))
    assert "fermée" in offer and "ce numéro" in offer
    number = number_in("\n".join(resident.send("oui")))
    ticket = next(t for t in tickets(stack) if t["number"] == number)
    assert ticket["kind"] == "callback" and ticket["contact_phone"] == resident.number
    assert resident.send("Quels sont les horaires de la mairie ?")   # a callback does not pause
