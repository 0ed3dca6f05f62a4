"""Rasa's check of the action server's responses, with its validator built once.

Rasa 3.6 checks every response of the action server against its JSON schema with
`jsonschema.validate(result, schema)`, which first checks the schema itself against
JSON Schema's meta-schema and builds a new validator, at every call: ~40 ms of CPU on
this project's machine, several times a turn (slot mappings, form validation, the
action), more than half of a turn's time in the Rasa process (`make bench`, profile).
Here the same schema and the same check run through one validator built at the first
call: ~2 ms. An invalid response still raises Rasa's ValidationError, with Rasa's message.
`bot.action_guard.install` installs it with the guard, when the channel starts.

Then the ~1.6 ms left (three checks a turn): each event is tried against all 23 event
schemas of a `oneOf`. The schema tells them apart by their `event` name, which it requires
to be a string: an event can only match the alternative of its own name. So a response is
first checked with the alternatives left out and each event against its own name's
alternative alone, which accepts exactly what the full check accepts (~0.2 ms); anything
it does not accept goes through the full check, for Rasa's error.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, Optional, Text, Tuple

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator: Optional[Any] = None
_by_event: Optional[Tuple[Any, Dict[Text, Any]]] = None   # (response without alternatives, name -> alternative)
RASA_CHECK = RemoteAction._validate_action_result   # Rasa's own, kept for comparison


def _response_validator() -> Any:
    global _validator
    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        kind = validator_for(schema)
        kind.check_schema(schema)            # once, as jsonschema.validate does every time
        _validator = kind(schema)
    return _validator


def _event_validators() -> Optional[Tuple[Any, Dict[Text, Any]]]:
    """The split check, or None when the schema is not of the shape that makes it exact."""
    global _by_event
    if _by_event is None:
        schema = copy.deepcopy(RemoteAction.action_response_format_spec())
        kind = validator_for(schema)
        items = schema.get("properties", {}).get("events", {}).get("items", {})
        alternatives = items.pop("oneOf", None) or []
        names = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
        exact = (bool(alternatives) and "event" in items.get("required", [])
                 and items.get("properties", {}).get("event") == {"type": "string"}
                 and all(isinstance(name, str) for name in names) and len(set(names)) == len(names)
                 and "$ref" not in repr(schema) + repr(alternatives))
        _by_event = (kind(schema), {name: kind(alt) for name, alt in zip(names, alternatives)}) if exact else ()
    return _by_event or None


def accepted_by_event(result: Any) -> bool:
    """True only for responses the full check accepts (see the module's docstring)."""
    validators = _event_validators()
    if validators is None:
        return False
    without_alternatives, by_name = validators
    if not without_alternatives.is_valid(result):
        return False
    for event in result.get("events") or []:
        alternative = by_name.get(event["event"])
        if alternative is None or not alternative.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result, same outcome, without rebuilding the validator."""
    if accepted_by_event(result):
        return True
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
