"""Which action answers which question intent.

Topic actions declare the intents they answer with `@answers(...)`. The conversation's
`action_answer_question` uses this registry to answer a question asked in the middle of
a form (the form then resumes), so a form rule needs one `or` step, not one rule per
question.
"""
from __future__ import annotations

from typing import Callable, Dict, Type

from rasa_sdk import Action

_REGISTRY: Dict[str, Type[Action]] = {}


def answers(*intents: str) -> Callable[[Type[Action]], Type[Action]]:
    def register(action_class: Type[Action]) -> Type[Action]:
        for intent in intents:
            if intent in _REGISTRY and _REGISTRY[intent] is not action_class:
                raise ValueError(f"intent {intent!r} is already answered by {_REGISTRY[intent].__name__}")
            _REGISTRY[intent] = action_class
        return action_class

    return register


def action_for(intent: str) -> Type[Action] | None:
    return _REGISTRY.get(intent)


def registered_intents() -> Dict[str, Type[Action]]:
    return dict(_REGISTRY)
