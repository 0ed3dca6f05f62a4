"""What a handoff ticket carries (actions/handoff/summary.py) and where a reply can go
(actions/handoff/channel.py), on trackers built as Rasa sends them to the action server."""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.handoff.channel import channel_of
from actions.handoff.create import phone_number
from actions.handoff.summary import summary

DOMAIN = {"forms": {"qf_form": {"required_slots": ["household_adults", "household_children", "annual_income"]}}}


def user(intent: str, channel: str = "rest", metadata=None) -> dict:
    return {"event": "user", "text": intent, "input_channel": channel,
            "parse_data": {"intent": {"name": intent}}, "metadata": metadata or {}}


def tracker(events, slots=None, metadata=None) -> Tracker:
    latest = {"intent": {"name": "affirm"}, "metadata": metadata or {}}
    return Tracker("conv", slots or {}, latest, events, False, None, {}, "action_listen")


def test_topics_answers_and_only_the_interrupted_forms_answers():
    events = [user("greet"), {"event": "action", "name": "utter_greet"},
              user("ask_opening_hours"), {"event": "action", "name": "action_opening_hours"},
              user("ask_tariff"), {"event": "action", "name": "action_tariff_price"},
              user("compute_qf"), {"event": "action", "name": "qf_form"},
              user("ask_opening_hours"), {"event": "action", "name": "action_opening_hours"},
              user("request_human"), {"event": "action", "name": "action_handoff_offer"}, user("affirm")]
    slots = {"household_adults": 2.0, "household_children": None, "annual_income": 31000.0,
             "patient_name": "Camille", "handoff_form": "qf_form"}
    result = summary(tracker(events, slots), DOMAIN)
    assert result["topics"] == ["ask_tariff", "compute_qf", "ask_opening_hours"]
    assert result["answered"] == ["action_tariff_price", "action_opening_hours"]
    # Only the answers of the form the resident left, never other slots.
    assert result["shared"] == {"household_adults": "2.0", "annual_income": "31000.0"}
    assert summary(tracker(events, {**slots, "handoff_form": None}), DOMAIN)["shared"] == {}


def test_channel_and_reply_address():
    kiosk = channel_of(tracker([user("affirm", "socketio")], metadata={"client": "kiosk"}))
    assert kiosk.name == "kiosk" and not kiosk.by_phone
    assert channel_of(tracker([user("affirm", "socketio")])).name == "web"
    sms = channel_of(tracker([user("affirm", "sms")], metadata={"reply_address": "+33612345678",
                                                                 "reply_from": "+33757000123"}))
    assert sms.by_phone and sms.reply_address == "+33612345678" and sms.reply_from == "+33757000123"
    assert not channel_of(tracker([user("affirm", "sms")])).by_phone   # no number given by the channel
    assert channel_of(tracker([user("affirm", "rest")])).name == "rest"


def test_callback_numbers():
    assert phone_number("06 12 34 56 78") == "+33612345678"
    assert phone_number("+44 20 7946 0018") == "+442079460018"
    assert phone_number("douze") is None and phone_number("12") is None
