"""Rasa's copies of dialogue states made only for debug logs, skipped when nothing logs them.

Why: Rasa 3.6 passes `copy.deepcopy(...)` of the conversation's states, events and parse
data to `structlogger.debug(...)` in its processor, RulePolicy and MemoizationPolicy (ten
calls, every one an argument of a debug log). Python evaluates the copies before structlog
drops the debug message: 5-7 % of the Rasa process's Python time under load (py-spy,
`--gil`), for nothing at the usual INFO level.

The copies protect Rasa's objects from the log processors (Rasa's anonymiser may change
what it logs), so they are still made whenever debug messages reach the processors: when
structlog's filtering logger (as Rasa configures it) does not drop them, or when structlog
is not configured by Rasa. Only those three modules see this `copy`; every other attribute
is the standard module's.
"""
from __future__ import annotations

import copy as _copy
from typing import Any, Optional

import structlog

MODULES = ("rasa.core.processor", "rasa.core.policies.rule_policy", "rasa.core.policies.memoization")


def debug_is_logged() -> bool:
    """False only when structlog's logger drops debug messages before any processor."""
    wrapper = structlog.get_config().get("wrapper_class")
    return getattr(getattr(wrapper, "debug", None), "__name__", "") != "_nop"


class CopyForDebugLogs:
    """The `copy` module, whose deepcopy returns its argument while debug logs are dropped."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Optional[dict] = None) -> Any:
        return _copy.deepcopy(value, memo) if debug_is_logged() else value


def install() -> None:
    import importlib

    for name in MODULES:
        importlib.import_module(name).copy = CopyForDebugLogs()


def uninstall() -> None:
    import importlib

    for name in MODULES:
        importlib.import_module(name).copy = _copy
