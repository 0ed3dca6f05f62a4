"""bot.action_responses: Rasa's check of the action server's responses, validator built once."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import action_responses

VALID = {"events": [{"event": "slot", "timestamp": None, "name": "language", "value": "fr"},
                    {"event": "bot", "text": "Bonjour", "data": {}}],
         "responses": [{"response": "utter_greet"}]}
INVALID = [
    {"events": [{"event": "slot", "name": 3}]},          # a slot's name must be a string
    {"events": "not a list"},
    {"responses": [["not", "an", "object"]]},
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_x", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_accepts_what_rasa_accepts(action: RemoteAction) -> None:
    assert action_responses.validate_action_result(action, VALID) is True


@pytest.mark.parametrize("response", INVALID)
def test_rejects_what_rasa_rejects_with_rasas_message(action: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError) as ours:
        action_responses.validate_action_result(action, response)
    with pytest.raises(ValidationError) as rasas:
        action_responses.RASA_CHECK(action, response)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_install_replaces_rasas_check(monkeypatch: pytest.MonkeyPatch, action: RemoteAction) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_responses.install()
    assert RemoteAction._validate_action_result is action_responses.validate_action_result
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


def _events_of_every_kind() -> list:
    from datetime import datetime

    from rasa.shared.core import events as e

    made = [
        e.UserUttered("bonjour", {"name": "greet", "confidence": 0.9}, [{"entity": "place", "value": "mairie"}],
                      message_id="m1", input_channel="rest"),
        e.ActionExecuted("utter_greet", policy="RulePolicy", confidence=1.0), e.SlotSet("qf", 600),
        e.BotUttered("Bonjour", {"buttons": [{"title": "Oui", "payload": "/affirm"}]}, {"utter_action": "utter_greet"}),
        e.ActiveLoop("qf_form"), e.ActiveLoop(None), e.Restarted(), e.SessionStarted(), e.FollowupAction("action_x"),
        e.ReminderScheduled("remind", datetime(2026, 12, 1, 9, 0), name="r1"), e.ReminderCancelled(name="r1"),
        e.AllSlotsReset(), e.ConversationPaused(), e.ConversationResumed(), e.UserUtteranceReverted(),
        e.ActionReverted(), e.StoryExported(), e.ActionExecutionRejected("qf_form"), e.LoopInterrupted(True),
        e.EntitiesAdded([{"entity": "place", "value": "escale"}]), e.AgentUttered("hello"),
    ]
    return [event.as_dict() for event in made]


ODD_VALUES = [None, 3, 2.5, "x", "", [], {}, True, ["a"], {"name": 1}]


def _mutated(rng, response: dict) -> object:
    import copy

    response = copy.deepcopy(response)
    for _ in range(rng.randint(0, 3)):
        events = response.get("events") if isinstance(response, dict) else None
        roll = rng.random()
        if isinstance(events, list) and events and roll < 0.6:
            event = rng.choice(events)
            if not isinstance(event, dict):
                continue
            key = rng.choice(sorted(event) + ["event", "name", "value", "text", "new_key"])
            choice = rng.random()
            if choice < 0.3:
                event.pop(key, None)
            elif choice < 0.5 and key == "event":
                event["event"] = rng.choice(["slot", "user", "bot", "action", "form", "nonsense", 3, None])
            else:
                event[key] = rng.choice(ODD_VALUES)
        elif roll < 0.7 and isinstance(events, list):
            events.append(rng.choice(ODD_VALUES))
        elif roll < 0.8 and isinstance(response, dict):
            response[rng.choice(["events", "responses", "other"])] = rng.choice(ODD_VALUES)
        elif roll < 0.85:
            response = rng.choice(ODD_VALUES)
    return response


def test_the_split_check_accepts_exactly_what_the_full_check_accepts() -> None:
    """Events of every kind Rasa has, mutated at random: the split check must accept a
    response if and only if Rasa's full schema check does."""
    import random

    rng = random.Random(11)
    kinds = _events_of_every_kind()
    full = action_responses._response_validator()
    agreed = {True: 0, False: 0}
    for _ in range(3000):
        response = {"events": rng.sample(kinds, rng.randint(0, 5)), "responses": [{"text": "Bonjour"}]}
        response = _mutated(rng, response)
        expected = full.is_valid(response)
        assert action_responses.accepted_by_event(response) == expected, response
        agreed[expected] += 1
    assert agreed[True] > 500 and agreed[False] > 500    # both sides were exercised
    assert full.is_valid({"events": kinds})              # every kind of event is a valid one
