"""bot.action_responses: Rasa's check of the action server's responses, validator built once."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import action_responses

VALID = {"events": [{"event": "slot", "timestamp": None, "name": "language", "value": "fr"},
                    {"event": "bot", "text": "Bonjour", "data": {}}],
         "responses": [{"response": "utter_greet"}]}
INVALID = [
    {"events": [{"event": "slot", "name": 3}]},          # a slot's name must be a string
    {"events": "not a list"},
    {"responses": [["not", "an", "object"]]},
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_x", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_accepts_what_rasa_accepts(action: RemoteAction) -> None:
    assert action_responses.validate_action_result(action, VALID) is True


@pytest.mark.parametrize("response", INVALID)
def test_rejects_what_rasa_rejects_with_rasas_message(action: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError) as ours:
        action_responses.validate_action_result(action, response)
    with pytest.raises(ValidationError) as rasas:
        action_responses.RASA_CHECK(action, response)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_install_replaces_rasas_check(monkeypatch: pytest.MonkeyPatch, action: RemoteAction) -> None:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_responses.install()
    assert RemoteAction._validate_action_result is action_responses.validate_action_result
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})
