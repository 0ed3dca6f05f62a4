"""bot.dialogue.rule_index: the indexed RulePolicy finds exactly the rules Rasa's own scan
finds, on random rules and conversation states built from the shapes RulePolicy stores
(previous actions, intents, slots, active loops, SHOULD_NOT_BE_SET, conversation starts)."""
from __future__ import annotations

import json
import random
from typing import Any, Dict, List

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from bot.dialogue.rule_index import IndexedRulePolicy, RuleIndex

ACTIONS = ["action_listen", "utter_greet", "action_hours", "qf_form", "action_tariff"]
INTENTS = ["greet", "ask_hours", "ask_tariff", "thank", "inform"]


def random_state(rng: random.Random, for_rule: bool) -> Dict[str, Any]:
    state: Dict[str, Any] = {}
    if rng.random() < 0.85:
        state["prev_action"] = {"action_name": rng.choice(ACTIONS)}
        if rng.random() < 0.15:   # end-to-end: a bot utterance's text instead of a name
            state["prev_action"] = {"action_text": rng.choice(["Bonjour", "Hello"])}
        elif for_rule and rng.random() < 0.15:
            state["prev_action"] = {"action_name": SHOULD_NOT_BE_SET}
        elif not for_rule and rng.random() < 0.2:   # both keys: only a text rule checks the text
            state["prev_action"]["action_text"] = rng.choice(["Bonjour", "Hello"])
    if rng.random() < 0.6:
        state["user"] = {"intent": rng.choice(INTENTS)}
        if rng.random() < 0.2:
            state["user"]["entities"] = ["place"]
    if rng.random() < 0.3:
        state["slots"] = {"language": (1.0,) if not for_rule else [1.0]}
    if rng.random() < 0.2:
        state["active_loop"] = {"name": SHOULD_NOT_BE_SET if for_rule and rng.random() < 0.5 else "qf_form"}
    return state


def scanning_policy() -> RulePolicy:
    return RulePolicy.__new__(RulePolicy)   # _get_possible_keys reads no instance state


def indexed_policy(lookup: Dict[str, str]) -> IndexedRulePolicy:
    policy = IndexedRulePolicy.__new__(IndexedRulePolicy)
    policy._indexes = [RuleIndex(lookup)]
    return policy


def test_the_index_finds_the_same_rules_as_rasas_scan() -> None:
    rng = random.Random(7)
    lookup = {json.dumps([random_state(rng, True) for _ in range(rng.randint(0, 4))], sort_keys=True): "x"
              for _ in range(600)}
    scan, indexed = scanning_policy(), indexed_policy(lookup)
    matched = 0
    for _ in range(1500):
        states: List[Dict[str, Any]] = [random_state(rng, False) for _ in range(rng.randint(1, 5))]
        expected = scan._get_possible_keys(lookup, states)
        assert indexed._get_possible_keys(lookup, states) == expected, states
        matched += bool(expected)
    assert matched > 300   # the comparison saw many matches, not only empty sets


def test_the_index_skips_most_rules_and_is_not_used_on_another_lookup() -> None:
    rng = random.Random(3)
    lookup = {json.dumps([random_state(rng, True)], sort_keys=True): "x" for _ in range(300)}
    index = RuleIndex(lookup)
    state = {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "greet"}}
    assert len(index.candidates(state)) < len(lookup) / 2
    other = dict(lookup)
    assert index.fits(lookup) and not index.fits(other)
    other.pop(next(iter(other)))
    policy = indexed_policy(lookup)   # a lookup it was not built on: Rasa's own scan
    assert policy._get_possible_keys(other, [state]) == scanning_policy()._get_possible_keys(other, [state])
