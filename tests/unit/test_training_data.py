"""Checks on the training data that Rasa's own validator does not make."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def training_data():
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    return importer.get_nlu_data()


def test_every_lookup_and_regex_is_used_by_an_annotated_example():
    # RegexEntityExtractor ignores a lookup table/regex whose entity no example annotates.
    data = training_data()
    annotated = {e["entity"] for m in data.training_examples for e in m.get("entities") or []}
    names = {t["name"] for t in data.lookup_tables} | {r["name"] for r in data.regex_features}
    missing = sorted(n for n in names if n not in annotated)
    assert not missing, f"annotate at least one example for: {missing}"


def test_every_intent_has_examples_in_every_language():
    languages = load_languages().codes
    intents = [i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]]
    missing = []
    for intent in intents:
        if intent == "nlu_fallback":
            continue
        for code in languages:
            found = False
            for path in (ROOT / "data" / "nlu" / code).glob("*.yml"):
                content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                if any(item.get("intent") == intent for item in content.get("nlu", [])):
                    found = True
                    break
            if not found:
                missing.append(f"{intent} [{code}]")
    assert not missing, f"intents without training examples: {missing}"


@pytest.mark.parametrize("code", load_languages().codes)
def test_every_response_has_a_variation_per_language(code):
    default = load_languages().default
    missing = []
    for path in (ROOT / "data" / "responses").glob("*.yml"):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses", {})
        for name, variations in responses.items():
            languages = set()
            for variation in variations:
                conditions = variation.get("condition") or []
                values = [c["value"] for c in conditions if c.get("name") == "language"]
                languages.update(values or [default])
            if code not in languages:
                missing.append(f"{path.name}:{name}")
    assert not missing, f"responses without a '{code}' variation: {missing}"
