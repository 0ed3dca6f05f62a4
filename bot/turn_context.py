"""What happened during the message being handled, for the channel that answers it.

The channel opens a `Turn` before handing a message to Rasa; code running for that
message (the tracker store, the action server guard) notes on it what the channel must
know afterwards: the action server failed, the conversation was forgotten. A context
variable, so concurrent conversations never see each other's turn.
"""
from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Optional


@dataclass
class Turn:
    action_server_failed: bool = False
    forgotten: bool = False
    paused: bool = False        # the conversation waits for a person (human handoff)
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started


_current: contextvars.ContextVar[Optional[Turn]] = contextvars.ContextVar("turn", default=None)


def current_turn() -> Optional[Turn]:
    return _current.get()


@contextmanager
def turn() -> Iterator[Turn]:
    state = Turn()
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)
