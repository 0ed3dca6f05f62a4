"""Rasa's check of the action server's responses, with its validator built once.

Rasa 3.6 checks every response of the action server against its JSON schema with
`jsonschema.validate(result, schema)`, which first checks the schema itself against
JSON Schema's meta-schema and builds a new validator, at every call: ~40 ms of CPU on
this project's machine, several times a turn (slot mappings, form validation, the
action), more than half of a turn's time in the Rasa process (`make bench`, profile).
Here the same schema and the same check run through one validator built at the first
call: ~2 ms. An invalid response still raises Rasa's ValidationError, with Rasa's message.
`bot.action_guard.install` installs it with the guard, when the channel starts.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator: Optional[Any] = None
RASA_CHECK = RemoteAction._validate_action_result   # Rasa's own, kept for comparison


def _response_validator() -> Any:
    global _validator
    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        kind = validator_for(schema)
        kind.check_schema(schema)            # once, as jsonschema.validate does every time
        _validator = kind(schema)
    return _validator


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, same outcome, without rebuilding the validator."""
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        f"from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result


__all__ = ["ValidationError", "install", "validate_action_result"]
