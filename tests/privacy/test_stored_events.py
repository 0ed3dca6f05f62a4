"""What the tracker store writes after a booking and a QF computation: read from the SQL rows.

The turns are the events Rasa produces for these conversations (form slots, the bot's
messages with their response parameters), saved turn by turn as Rasa does, and the
conversation is read back between turns as Rasa does at every message.
"""
from __future__ import annotations

import uuid
from typing import Any, Dict, List, Optional

from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.tracker_store import PrivacySQLTrackerStore
from tests.privacy.conftest import stored_rows

NAME, PHONE_TYPED, PHONE = "Marie Dupont", "06 12 34 56 78", "+33612345678"
CODE = "PQRS-TUV9"


def user(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, entities or [],
                       metadata={"client": "web", "note": f"rappel au {PHONE_TYPED}"})


def bot(response: str, text: str, **params: Any) -> BotUttered:
    return BotUttered(text, {"buttons": None}, {"utter_action": response, **params})


async def say(store: PrivacySQLTrackerStore, sender: str, *events: Event):
    """One turn: Rasa reads the conversation back, adds the turn's events and saves it."""
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return await store.retrieve(sender)


async def book(store: PrivacySQLTrackerStore, sender: str) -> Dict[str, Any]:
    """A booking; returns what the form held just before the booking action ran."""
    await say(store, sender, ActionExecuted("action_session_start"), SessionStarted(),
              ActionExecuted("action_listen"))
    await say(store, sender, user("rendez-vous chez le dentiste jeudi", "book_appointment"),
              ActionExecuted("appointment_form"), ActiveLoop("appointment_form"),
              SlotSet("specialty", "dentist"), SlotSet("appointment_slot_id", "dent-haddad.20261203T0930"),
              SlotSet("requested_slot", "patient_name"), bot("utter_ask_patient_name", "À quel nom ?"),
              ActionExecuted("action_listen"))
    await say(store, sender, user(f"je m'appelle {NAME}", "inform"),
              SlotSet("patient_name", f"je m'appelle {NAME}"), SlotSet("patient_name", NAME),
              ActionExecuted("appointment_form"), SlotSet("requested_slot", "patient_phone"),
              bot("utter_ask_patient_phone", "Votre numéro de téléphone ?"), ActionExecuted("action_listen"))
    held = await say(store, sender, user(PHONE_TYPED, "inform"),
                     SlotSet("patient_phone", PHONE_TYPED), SlotSet("patient_phone", PHONE),
                     ActionExecuted("appointment_form"), SlotSet("requested_slot", "appointment_confirm"),
                     bot("utter_ask_appointment_confirm",
                         f"Jeudi 3 décembre à 9 h 30 avec Dr Leila Haddad, pour {NAME}, {PHONE_TYPED} ?",
                         patient_name=NAME, phone=PHONE_TYPED),
                     ActionExecuted("action_listen"))
    form_state = {"patient_name": held.get_slot("patient_name"), "patient_phone": held.get_slot("patient_phone")}
    await say(store, sender, user("oui", "affirm"), SlotSet("appointment_confirm", True),
              ActionExecuted("appointment_form"), ActiveLoop(None), SlotSet("requested_slot", None),
              ActionExecuted("action_book_appointment"),
              bot("utter_appointment_booked", f"C'est réservé. Votre code d'annulation : {CODE}.",
                  cancel_code=CODE, slot_time="jeudi 3 décembre à 9 h 30"),
              *[SlotSet(slot, None) for slot in
                ("appointment_slot_id", "patient_name", "patient_phone", "appointment_confirm", "cancel_code")],
              ActionExecuted("action_listen"))
    return form_state


async def compute_qf(store: PrivacySQLTrackerStore, sender: str):
    amount = {"entity": "amount", "value": 24000.0, "start": 0, "end": 8, "text": "24 000 €"}
    await say(store, sender, user("calculer mon quotient familial", "compute_qf"),
              ActionExecuted("qf_form"), ActiveLoop("qf_form"), SlotSet("household_adults", 2.0),
              SlotSet("household_children", 1.0), SlotSet("household_disabled_children", 0.0),
              SlotSet("requested_slot", "annual_income"), bot("utter_ask_annual_income", "Vos revenus annuels ?"),
              ActionExecuted("action_listen"))
    held = await say(store, sender, user("24 000 € par an", "inform", [amount]),
                     SlotSet("annual_income", "24 000 € par an"), SlotSet("annual_income", 24000.0),
                     ActionExecuted("qf_form"), SlotSet("requested_slot", "monthly_benefits"),
                     bot("utter_ask_monthly_benefits", "Vos prestations mensuelles ?"), ActionExecuted("action_listen"))
    income_held = held.get_slot("annual_income")
    await say(store, sender, user("312,50", "inform", [{"entity": "amount", "value": 312.5, "start": 0, "end": 6}]),
              SlotSet("monthly_benefits", 312.5), ActionExecuted("qf_form"), ActiveLoop(None),
              SlotSet("requested_slot", None), ActionExecuted("action_compute_qf"),
              bot("utter_qf_result", "Votre quotient familial est de 871,53 €.", qf="871,53 €", parts="2,5"),
              bot("utter_qf_computation", "Revenus 24 000 € par an et 312,50 € par mois.",
                  income="24 000 €", benefits="312,50 €"),
              *[SlotSet(slot, None) for slot in ("household_adults", "household_children",
                                                 "household_disabled_children", "annual_income",
                                                 "monthly_benefits")],
              SlotSet("qf", 871.53), ActionExecuted("action_listen"))
    return income_held


FORBIDDEN = ["Marie", "Dupont", "0612345678", "612345678", "12 34 56 78", CODE, "24 000", "24000", "312,5", "312.5"]


async def test_a_booking_stores_no_name_phone_or_code_and_the_form_kept_them(store: PrivacySQLTrackerStore) -> None:
    sender = f"web-{uuid.uuid4().hex}"
    form_state = await book(store, sender)

    # While the form ran, the conversation read back from the store still held the answers...
    assert form_state == {"patient_name": NAME, "patient_phone": PHONE}
    # ...and once booked, nothing of them is stored, in any column.
    rows = stored_rows(store)
    assert rows
    dump = "\n".join(f"{sender_id} {data}" for sender_id, data in rows)
    for secret in FORBIDDEN:
        assert secret not in dump, secret
    assert "[patient_name]" in dump and "[patient_phone]" in dump and "[cancel_code]" in dump
    final = await store.retrieve(sender)
    assert final.get_slot("patient_name") is None and final.get_slot("specialty") == "dentist"


async def test_a_qf_computation_keeps_the_income_only_while_the_form_needs_it(store: PrivacySQLTrackerStore) -> None:
    sender = f"web-{uuid.uuid4().hex}"
    await say(store, sender, ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"))
    income_held = await compute_qf(store, sender)

    assert income_held == 24000.0
    dump = "\n".join(data for _, data in stored_rows(store))
    for secret in FORBIDDEN:
        assert secret not in dump, secret
    assert '"text": "[annual_income]"' in dump
    # The QF itself is still used by the conversation (prices of other activities).
    assert (await store.retrieve(sender)).get_slot("qf") == 871.53


async def test_a_personal_value_outside_any_form_is_blanked_in_the_text(store: PrivacySQLTrackerStore) -> None:
    sender = f"web-{uuid.uuid4().hex}"
    text = f"prix du conservatoire avec un QF de 600, écrivez à jean.dupont@example.org ou {PHONE_TYPED}"
    qf = {"entity": "amount", "value": 600.0, "start": text.index("600"), "end": text.index("600") + 3}
    await say(store, sender, ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
              user(text, "ask_tariff", [qf, {"entity": "activity", "value": "conservatoire", "start": 8, "end": 21}]),
              SlotSet("activity", "conservatoire"), SlotSet("qf", 600.0), ActionExecuted("action_listen"))
    stored = (await store.retrieve(sender)).latest_message
    assert stored.text == ("prix du conservatoire avec un QF de [amount], écrivez à [email] ou [phone]")
    assert [e["value"] for e in stored.entities] == ["[amount]", "conservatoire"]


async def test_a_channel_address_is_blanked_even_when_it_is_not_a_valid_number(store: PrivacySQLTrackerStore) -> None:
    """bot/privacy.yml personal_metadata: +33 6 97… is not in libphonenumber's ranges, yet it
    is the resident's SMS number; it must not be stored, in the message or the session slot."""
    sender = f"sms-{uuid.uuid4().hex}"
    address = {"reply_address": "+33697164971", "reply_from": "+33757000123"}
    await say(store, sender, ActionExecuted("action_session_start"), SessionStarted(),
              SlotSet("session_started_metadata", address), ActionExecuted("action_listen"),
              UserUttered("Bonjour", {"name": "greet", "confidence": 1.0}, [], metadata=address),
              ActionExecuted("action_listen"))
    dump = "\n".join(data for _, data in stored_rows(store))
    assert "697164971" not in dump
    # the session slot, the message's metadata and its parse data's copy
    assert dump.count('"reply_address": "[reply_address]"') == 3
    assert (await store.retrieve(sender)).latest_message.metadata["reply_address"] == "[reply_address]"
