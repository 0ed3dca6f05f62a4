"""RulePolicy with its rules indexed by their last state: same predictions, less work.

Rasa 3.6's RulePolicy finds the rules that fit a conversation by testing every memorised
rule against the current state (`_get_possible_keys`): here 596 rules, two or three times
per prediction, several predictions a turn. It was the largest part of the dialogue
policies' time once TED was gone (`make bench`, profile).

A rule's last state can only match a conversation state with the same previous action and
the same intent, when the rule names them (RulePolicy._does_rule_match_state). So the
rules are grouped by that pair once, after loading, and only the groups that can fit are
tested, with RulePolicy's own test: the same rules come out (tests/unit/test_rule_index.py
compares both on random rules and states). While training, RulePolicy edits its lookup,
so the plain scan is kept there.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import SHOULD_NOT_BE_SET
from rasa.shared.core.domain import State

Bucket = Tuple[Optional[str], Optional[str]]   # (previous action, intent); None: any


def _named(value: Any) -> Optional[str]:
    """A value a rule requires (RulePolicy ignores empty ones and SHOULD_NOT_BE_SET)."""
    return value if value and value != SHOULD_NOT_BE_SET and isinstance(value, str) else None


class RuleIndex:
    """The keys of one lookup, grouped by what their last state requires."""

    def __init__(self, lookup: Dict[Text, Any]) -> None:
        self.lookup, self.size = lookup, len(lookup)
        self.always: Set[Text] = set()   # no state, or a conversation-start state: always tested
        self.buckets: Dict[Bucket, Set[Text]] = {}
        for key in lookup:
            states: List[State] = json.loads(key)
            last = states[-1] if states else None
            if not last or not last.get("prev_action"):
                self.always.add(key)
                continue
            bucket = (_named(last["prev_action"].get("action_name")),
                      _named((last.get("user") or {}).get("intent")))
            self.buckets.setdefault(bucket, set()).add(key)

    def fits(self, lookup: Dict[Text, Any]) -> bool:
        return lookup is self.lookup and len(lookup) == self.size

    def candidates(self, state: State) -> Set[Text]:
        """Every key whose last state can match `state` (a superset: RulePolicy decides)."""
        previous = state.get("prev_action")
        if not previous:   # RulePolicy: a rule that expects a previous action cannot match
            return set(self.always)
        action = previous.get("action_name")
        intent = (state.get("user") or {}).get("intent")
        found = set(self.always)
        for bucket in {(action, intent), (action, None), (None, intent), (None, None)}:
            found |= self.buckets.get(bucket, set())
        return found


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IndexedRulePolicy(RulePolicy):
    """RulePolicy, with `_get_possible_keys` over the candidate rules only once loaded."""

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "IndexedRulePolicy":
        policy = super().load(*args, **kwargs)
        policy._indexes = [RuleIndex(policy.lookup[name]) for name in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)
                           if isinstance(policy.lookup.get(name), dict)]
        return policy

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        index = next((i for i in getattr(self, "_indexes", ()) if i.fits(lookup)), None)
        if index is None or not states:
            return super()._get_possible_keys(lookup, states)
        possible_keys = index.candidates(states[-1])
        for i, state in enumerate(reversed(states)):   # RulePolicy's own filter
            possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, i, state)}
        return possible_keys
