"""bot.dialogue.debug_log_copies: Rasa's debug-log copies are skipped only while structlog
drops debug messages; whenever they are logged, the copies are made as before."""
from __future__ import annotations

import logging

import pytest
import structlog
from rasa.core import processor
from rasa.core.policies import memoization, rule_policy
from rasa.utils.log_utils import configure_structlog

from bot.dialogue import debug_log_copies


@pytest.fixture
def installed():
    saved = structlog.get_config()
    debug_log_copies.install()
    yield
    debug_log_copies.uninstall()
    structlog.configure(**saved)


@pytest.mark.parametrize("module", [processor, rule_policy, memoization])
def test_copies_only_when_debug_messages_are_logged(installed, module) -> None:
    states = [{"user": {"intent": "greet"}}, {"prev_action": {"action_name": "utter_greet"}}]
    configure_structlog(logging.INFO)
    assert module.copy.deepcopy(states) is states                 # dropped: no copy made
    configure_structlog(logging.DEBUG)
    copied = module.copy.deepcopy(states)
    assert copied == states and copied is not states and copied[0]["user"] is not states[0]["user"]
    structlog.reset_defaults()                                    # not configured by Rasa: copied
    assert module.copy.deepcopy(states) is not states
    assert module.copy.copy(states) is not states and module.copy.copy(states)[0] is states[0]


def test_rasa_logs_these_copies_only_at_debug_level(installed) -> None:
    """The modules' only deepcopy calls are debug-log arguments (if Rasa changes, this fails)."""
    import inspect
    import re

    for module in (processor, rule_policy, memoization):
        source = inspect.getsource(module)
        calls = [m.start() for m in re.finditer(r"copy\.deepcopy\(", source)]
        assert calls, module.__name__
        for start in calls:
            opened = source.rfind("structlogger.", 0, start)
            assert opened != -1 and source[opened:start].startswith("structlogger.debug("), module.__name__
            assert source.count("(", opened, start) - source.count(")", opened, start) >= 1
