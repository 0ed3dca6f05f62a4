"""A conversation's past dialogue states, computed once per event instead of once per call.

Why: at each prediction every policy asks for the tracker's past states
(`DialogueStateTracker.past_states` -> `Domain.states_for_tracker_history`), which replays
the whole conversation from its start on a fresh tracker, and a message makes several
predictions (after each action), each asking MemoizationPolicy and RulePolicy (twice for a
message with text). That replay was 10 % of the Rasa process's Python time under load
(py-spy, `--gil`), growing with the conversation's length.

Here the replay's progress is kept with the tracker object Rasa is working on, per set of
arguments: the events already replayed, the replaying tracker, the states so far and the
loop's two variables. When the tracker's applied events still begin with the same event
objects, only the new ones are replayed; otherwise (an undone message, a restart that
changes what is applied, another tracker) the replay starts again, as Rasa's does. The
loop is Rasa's own, line for line. Callers change the states they get (the featurizers
drop user text or intents in place): each call gets its own copies, with Rasa's sharing of
sub-states between states kept.
"""
from __future__ import annotations

import weakref
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

_ORIGINAL = DialogueStateTracker.past_states


class _Replay:
    """Where `Domain.states_for_tracker_history`'s loop stood after `events`."""

    def __init__(self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Any) -> None:
        self.owner = weakref.ref(tracker)
        self.domain = domain
        self.rule_only_data = rule_only_data
        self.events: List[Event] = []
        self.prior = tracker.init_copy()
        self.states: List[State] = []
        self.last_ml_action_sub_state: Optional[Dict[Text, Any]] = None
        self.turn_was_hidden = False


_REPLAYS: Dict[Tuple[int, bool, bool, int], _Replay] = {}


def _step(replay: _Replay, tr: DialogueStateTracker, hide_rule_turn: bool, omit_unset_slots: bool,
          ignore_rule_only_turns: bool, states: List[State], variables: List[Any]) -> None:
    """One turn of Rasa's loop (rasa/shared/core/domain.py, states_for_tracker_history)."""
    domain = replay.domain
    last_ml_action_sub_state, turn_was_hidden = variables
    if ignore_rule_only_turns:
        if not turn_was_hidden:
            last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
        if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
            turn_was_hidden = hide_rule_turn
        variables[:] = [last_ml_action_sub_state, turn_was_hidden]
        if turn_was_hidden:
            return
    state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, replay.rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if last_ml_action_sub_state:
            state["prev_action"] = last_ml_action_sub_state
    states.append(domain._clean_state(state))


def _fresh(states: List[State]) -> List[State]:
    """Copies of the states and their sub-states, shared where Rasa's were shared."""
    copies: Dict[int, Any] = {}
    fresh = []
    for state in states:
        new = {}
        for key, sub_state in state.items():
            copied = copies.get(id(sub_state))
            if copied is None:
                copied = copies[id(sub_state)] = dict(sub_state) if isinstance(sub_state, dict) else sub_state
            new[key] = copied
        fresh.append(new)
    return fresh


def _replay_for(tracker: DialogueStateTracker, domain: Domain, omit_unset_slots: bool,
                ignore_rule_only_turns: bool, rule_only_data: Any, applied: List[Event]) -> _Replay:
    key = (id(tracker), omit_unset_slots, ignore_rule_only_turns, id(rule_only_data))
    replay = _REPLAYS.get(key)
    if (replay is None or replay.owner() is not tracker or replay.domain is not domain
            or replay.rule_only_data is not rule_only_data or len(replay.events) > len(applied)
            or any(old is not new for old, new in zip(replay.events, applied))):
        replay = _REPLAYS[key] = _Replay(tracker, domain, rule_only_data)
        weakref.finalize(tracker, _REPLAYS.pop, key, None)
    return replay


def past_states(self: DialogueStateTracker, domain: Domain, omit_unset_slots: bool = False,
                ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[Text, Any]] = None) -> List[State]:
    """`DialogueStateTracker.past_states`, the same states."""
    if type(self) is not DialogueStateTracker:   # training's own tracker kinds: Rasa's way
        return _ORIGINAL(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    applied = self.applied_events()
    replay = _replay_for(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data, applied)
    variables = [replay.last_ml_action_sub_state, replay.turn_was_hidden]
    for event in applied[len(replay.events):]:
        if isinstance(event, ActionExecuted):
            _step(replay, replay.prior, event.hide_rule_turn, omit_unset_slots, ignore_rule_only_turns,
                  replay.states, variables)
        replay.prior.update(event)
    replay.events = list(applied)
    replay.last_ml_action_sub_state, replay.turn_was_hidden = variables
    # The last state, of the tracker as it is now: not kept, the next event may follow it.
    states = list(replay.states)
    _step(replay, replay.prior, False, omit_unset_slots, ignore_rule_only_turns, states, list(variables))
    return _fresh(states)


def install() -> None:
    DialogueStateTracker.past_states = past_states


def uninstall() -> None:
    DialogueStateTracker.past_states = _ORIGINAL
