"""Custom actions Rasa runs in its own process instead of calling the action server.

Rasa calls `action_validate_slot_mappings` after every message, to keep the conversation's
language sticky (actions/conversation/language.py). That action reads only the tracker and
bot/languages.yml: no city data, no network. Over HTTP it cost a round-trip on every
message: the tracker serialised to JSON by Rasa, parsed by the action server, the answer
back (`make bench`, profile). Run here, through rasa_sdk's own executor, it is the same code
giving the same events, without the trip; and a resident's language still follows them
when the action server is down.

Only actions that read nothing but the call belong here. Everything else stays on the
action server, where the city's client, its timeouts and its circuit breaker live.
"""
from __future__ import annotations

import importlib
from typing import Any, Dict, Iterable, Optional

from rasa_sdk.executor import ActionExecutor

# "module:class" of each action run in process.
LOCAL_ACTIONS = ("actions.conversation.language:ValidateSlotMappings",)


class LocalActions:
    def __init__(self, paths: Iterable[str] = LOCAL_ACTIONS) -> None:
        self.executor = ActionExecutor()
        for path in paths:
            module, _, name = path.partition(":")
            self.executor.register_action(getattr(importlib.import_module(module), name))

    def handles(self, action_name: Optional[str]) -> bool:
        return bool(action_name) and action_name in self.executor.actions

    async def run(self, call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The action server's answer to `call` ({"events", "responses"}), computed here."""
        return await self.executor.run(call)
