"""A circuit breaker: after `failures` failures in a row, fail fast for `cooldown` seconds.

    closed ──N failures──▶ open ──cooldown──▶ half-open ──success──▶ closed
                            ▲                     │
                            └──────failure────────┘

In half-open, one call at a time goes through to test the service; the others still fail
fast until it succeeds. Used by the municipal API client (actions/common/client.py) and by
Rasa's calls to the action server (bot/action_guard.py). Single event loop: no locking.
"""
from __future__ import annotations

import time
from typing import Callable

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    def __init__(self, failures: int = 3, cooldown: float = 20.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.failures_to_open = max(1, failures)
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state = CLOSED
        self._probing = False
        self._probe_started = 0.0

    @property
    def state(self) -> str:
        if self._state == OPEN and self._clock() - self._opened_at >= self.cooldown:
            self._state = HALF_OPEN
            self._probing = False
        return self._state

    def allow(self) -> bool:
        """Whether a call may go through now (in half-open: only the one probe)."""
        state = self.state
        if state == CLOSED:
            return True
        # A probe that never reported back (cancelled) does not block the breaker forever.
        if state == HALF_OPEN and (not self._probing or self._clock() - self._probe_started >= self.cooldown):
            self._probing, self._probe_started = True, self._clock()
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._state = CLOSED
        self._probing = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._state == HALF_OPEN or self._failures >= self.failures_to_open:
            self._state = OPEN
            self._opened_at = self._clock()
            self._probing = False
