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


def test_out_of_scope_answered_by_the_fallback_is_right() -> None:
    errors = [{"text": "la météo ?", "intent": "out_of_scope", "intent_prediction": {"name": "nlu_fallback"}},
              {"text": "bonjour", "intent": "greet", "intent_prediction": {"name": "nlu_fallback"}}]

    truth, predicted = crossval.predictions(errors, ["fr"])["fr"]

    assert predicted == ["nlu_fallback", "thank", "thank", "out_of_scope"]
    assert truth == ["greet", "thank", "thank", "out_of_scope"]
