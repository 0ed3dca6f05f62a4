"""End-to-end conversations over Rasa's REST channel, written as data.

Each file in tests/e2e/conversations/ holds:

    conversations:
      - name: opening hours of the MSP on Saturday
        language: fr
        turns:
          - user: "Quels sont les horaires de la MSP samedi ?"
            contains: ["samedi 5 décembre", "09:00"]   # each must appear (case-insensitive)
            not_contains: ["utter_"]                    # none may appear
            buttons: ["English"]                        # button titles that must be offered
            any_of: ["bonjour", "salut"]                # at least one must appear

Every reply text of the turn is joined before matching. The clock is frozen at
Tuesday 2026-12-01 08:00 Europe/Paris.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from tests.e2e.conftest import Chat

CONVERSATIONS = Path(__file__).with_name("conversations")


def _load() -> List[Any]:
    cases = []
    for path in sorted(CONVERSATIONS.glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            label = f"{path.stem}: {conversation['name']} [{conversation.get('language', 'fr')}]"
            cases.append(pytest.param(conversation, id=label))
    return cases


def _texts(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def _buttons(replies: List[Dict[str, Any]]) -> List[str]:
    return [b.get("title", "") for r in replies for b in r.get("buttons") or []]


def check_turn(turn: Dict[str, Any], replies: List[Dict[str, Any]]) -> None:
    text = _texts(replies)
    low = text.lower()
    context = f"after {turn['user']!r} the bot said:\n{text}\nbuttons: {_buttons(replies)}"
    assert replies, f"no reply to {turn['user']!r}"
    for expected in turn.get("contains", []):
        assert str(expected).lower() in low, f"missing {expected!r} {context}"
    for unexpected in turn.get("not_contains", []):
        assert str(unexpected).lower() not in low, f"unexpected {unexpected!r} {context}"
    if turn.get("any_of"):
        assert any(str(e).lower() in low for e in turn["any_of"]), f"none of {turn['any_of']} {context}"
    titles = [t.lower() for t in _buttons(replies)]
    for title in turn.get("buttons", []):
        assert any(str(title).lower() in t for t in titles), f"no button {title!r} {context}"
    # Internal names must never reach a resident.
    assert "utter_" not in low and "action_" not in low, context


@pytest.mark.parametrize("conversation", _load())
def test_conversation(stack, conversation: Dict[str, Any]) -> None:
    chat = Chat(stack.rasa_url, f"e2e-{uuid.uuid4().hex[:12]}")
    for turn in conversation["turns"]:
        check_turn(turn, chat.send(turn["user"]))


def test_there_are_enough_conversations() -> None:
    cases = _load()
    by_language: Dict[str, int] = {}
    for case in cases:
        language = case.values[0].get("language", "fr")
        by_language[language] = by_language.get(language, 0) + 1
    assert len(cases) >= 60, by_language
    assert by_language.get("fr", 0) >= 20 and by_language.get("en", 0) >= 20, by_language
