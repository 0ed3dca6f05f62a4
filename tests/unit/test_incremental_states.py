"""bot.dialogue.incremental_states: the past states of a conversation that grows event by
event equal Rasa's replay from the start, for every set of arguments, on random
conversations (forms, hidden rule turns, follow-ups, undone messages, restarts, sessions),
and what a caller changes in the states it got does not leak into the next call."""
from __future__ import annotations

import random

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionReverted, ActiveLoop, AllSlotsReset, FollowupAction,
                                     Restarted, SessionStarted, SlotSet, UserUttered, UserUtteranceReverted)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import incremental_states

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, ask_hours, ask_tariff, inform, affirm]
entities: [place, amount]
slots:
  place: {type: categorical, values: [mairie, escale], mappings: [{type: from_entity, entity: place}]}
  qf: {type: float, min_value: 0, max_value: 5000, mappings: [{type: from_entity, entity: amount}]}
  confirmed: {type: bool, mappings: [{type: custom}]}
  note: {type: text, influence_conversation: true, mappings: [{type: custom}]}
forms:
  qf_form: {required_slots: [qf]}
responses:
  utter_greet: [{text: "Bonjour"}]
  utter_ask_qf: [{text: "Votre QF ?"}]
actions: [action_hours, action_tariff]
""")
ACTIONS = ["action_listen", "utter_greet", "action_hours", "action_tariff", "qf_form", "utter_ask_qf"]
RULE_ONLY = [None, {"rule_only_slots": ["confirmed"], "rule_only_loops": ["qf_form"]}]


def random_event(rng: random.Random):
    roll = rng.random()
    if roll < 0.22:
        entities = [{"entity": "place", "value": rng.choice(["mairie", "escale"])}] if rng.random() < 0.4 else []
        return UserUttered(rng.choice(["bonjour", "horaires", "", None]),
                           {"name": rng.choice(DOMAIN.intents), "confidence": 1.0}, entities)
    if roll < 0.55:
        return ActionExecuted(rng.choice(ACTIONS), hide_rule_turn=rng.random() < 0.3)
    if roll < 0.7:
        name, value = rng.choice([("place", "mairie"), ("place", None), ("qf", 600.0), ("confirmed", True),
                                  ("note", "x"), ("requested_slot", "qf"), ("requested_slot", None)])
        return SlotSet(name, value)
    if roll < 0.8:
        return ActiveLoop(rng.choice(["qf_form", None]))
    if roll < 0.85:
        return FollowupAction(rng.choice(ACTIONS[1:]))
    return rng.choice([UserUtteranceReverted(), ActionReverted(), Restarted(), SessionStarted(), AllSlotsReset(),
                       ActionExecuted("action_listen")])


@pytest.fixture
def installed():
    incremental_states.install()
    yield
    incremental_states.uninstall()


def test_growing_conversations_give_rasas_states(installed) -> None:
    rng = random.Random(3)
    compared = 0
    for _ in range(60):
        tracker = DialogueStateTracker("resident", DOMAIN.slots)
        for _ in range(rng.randint(5, 60)):
            tracker.update(random_event(rng))
            if rng.random() < 0.5:
                continue
            for omit in (False, True):
                for ignore in (False, True):
                    rule_only = rng.choice(RULE_ONLY)
                    expected = DOMAIN.states_for_tracker_history(tracker, omit, ignore, rule_only)
                    ours = tracker.past_states(DOMAIN, omit, ignore, rule_only)
                    assert ours == expected
                    compared += 1
                    # The featurizers change the last state's user input in place; Rasa's
                    # states share sub-states, so the change shows in other states too.
                    dropped = rng.choice(["text", "intent"])
                    for states in (ours, expected):
                        if states and "user" in states[-1]:
                            states[-1]["user"].pop(dropped, None)
                    assert ours == expected
                    for state in ours:
                        state.get("user", {}).pop("intent", None)
                        state.pop("slots", None)
                    assert tracker.past_states(DOMAIN, omit, ignore, rule_only) == \
                        DOMAIN.states_for_tracker_history(tracker, omit, ignore, rule_only)
    assert compared > 1000


def test_another_tracker_or_an_undone_message_starts_again(installed) -> None:
    tracker = DialogueStateTracker("resident", DOMAIN.slots)
    for event in [ActionExecuted("action_listen"), UserUttered("horaires", {"name": "ask_hours"}),
                  ActionExecuted("action_hours"), ActionExecuted("action_listen")]:
        tracker.update(event)
    first = tracker.past_states(DOMAIN)
    copy = tracker.copy()
    copy.update(UserUttered("bonjour", {"name": "greet"}))
    assert copy.past_states(DOMAIN) == DOMAIN.states_for_tracker_history(copy)
    tracker.update(UserUtteranceReverted())
    assert tracker.past_states(DOMAIN) == DOMAIN.states_for_tracker_history(tracker) != first
