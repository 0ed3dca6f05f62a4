"""Wall time of a turn, split into the stages of Rasa's message processor.

Timers wrap the processor's methods (rasa/core/processor.py, Rasa 3.6) and the HTTP call
to the action server. A stage's time is exclusive: time spent in a stage nested inside
another (an action server call inside an action) counts for the inner one only. Turns
must run one at a time (the bench's profile does).
"""
from __future__ import annotations

import functools
import inspect
import time
from typing import Callable, Dict, List, Tuple

# (module, class, method) -> stage
WRAPPED: Dict[Tuple[str, str, str], str] = {
    ("rasa.core.processor", "MessageProcessor", "fetch_tracker_and_update_session"): "tracker store: read",
    ("rasa.core.processor", "MessageProcessor", "parse_message"): "NLU",
    ("rasa.core.processor", "MessageProcessor", "run_action_extract_slots"):
        "slot mappings (Rasa's side: tracker to JSON, response check, events)",
    ("rasa.core.processor", "MessageProcessor", "_predict_next_with_tracker"): "dialogue policies",
    ("rasa.core.processor", "MessageProcessor", "_run_action"):
        "actions (Rasa's side: tracker to JSON, response check, events, NLG)",
    ("rasa.utils.endpoints", "EndpointConfig", "request"): "action server round-trips (HTTP)",
    # the guard's own HTTP call (bot/action_guard.py), on its lasting session
    ("bot.action_guard", "GuardedActionEndpoint", "_send"): "action server round-trips (HTTP)",
    ("rasa.core.processor", "MessageProcessor", "save_tracker"): "tracker store: write",
}


class StageTimer:
    def __init__(self) -> None:
        self.totals: Dict[str, float] = {}
        self._stack: List[List] = []          # [stage, started, paused time of children]
        self._originals: List[Tuple[type, str, Callable]] = []

    def _enter(self, stage: str) -> None:
        self._stack.append([stage, time.perf_counter(), 0.0])

    def _leave(self) -> None:
        stage, started, children = self._stack.pop()
        spent = time.perf_counter() - started
        self.totals[stage] = self.totals.get(stage, 0.0) + spent - children
        if self._stack:
            self._stack[-1][2] += spent

    def _wrap(self, function: Callable, stage: str) -> Callable:
        timer = self
        if inspect.iscoroutinefunction(function):
            @functools.wraps(function)
            async def timed_async(*args, **kwargs):
                timer._enter(stage)
                try:
                    return await function(*args, **kwargs)
                finally:
                    timer._leave()
            return timed_async

        @functools.wraps(function)
        def timed(*args, **kwargs):
            timer._enter(stage)
            try:
                return function(*args, **kwargs)
            finally:
                timer._leave()
        return timed

    def install(self) -> "StageTimer":
        import importlib

        for (module, cls_name, method), stage in WRAPPED.items():
            cls = getattr(importlib.import_module(module), cls_name)
            original = cls.__dict__[method]
            self._originals.append((cls, method, original))
            setattr(cls, method, self._wrap(original, stage))
        return self

    def uninstall(self) -> None:
        for cls, method, original in reversed(self._originals):
            setattr(cls, method, original)
        self._originals.clear()

    def per_turn_ms(self, turns: int, wall: float) -> Dict[str, float]:
        """Milliseconds per turn for each stage, and the rest of the turn ("other")."""
        out = {k: v * 1000 / turns for k, v in self.totals.items()}
        out["other (Rasa's bookkeeping between stages, logging)"] = max(0.0, wall * 1000 / turns - sum(out.values()))
        return {k: round(v, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}
