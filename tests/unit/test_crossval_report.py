"""The cross-validation report rebuilds the right predictions Rasa does not write."""
from __future__ import annotations

import pytest

from bot.cli import crossval

EXAMPLES = {
    "fr": [("bonjour", "greet"), ("merci", "thank"), ("Merci bien", "thank"), ("la météo ?", "out_of_scope")],
    "en": [("hello", "greet"), ("thanks", "thank")],
}


@pytest.fixture(autouse=True)
def examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crossval, "_examples", lambda code: EXAMPLES[code])


def test_examples_not_among_the_errors_were_predicted_right() -> None:
    errors = [{"text": "merci bien", "intent": "thank", "intent_prediction": {"name": "greet"}}]

    result = crossval.predictions(errors, ["fr", "en"])

    assert result["fr"] == (["greet", "thank", "thank", "out_of_scope"],
                            ["greet", "thank", "greet", "out_of_scope"])
    assert result["en"] == (["greet", "thank"], ["greet", "thank"])
