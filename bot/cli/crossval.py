"""NLU cross-validation with a per-language report.

Runs `rasa test nlu --cross-validation`, then splits the held-out predictions by the language
of the folder each example came from (data/nlu/<language>/) and computes intent F1 per
language. In cross-validation Rasa 3.6 writes only the intent *errors* (no successes file),
so every training example that is not among the errors was predicted right: the report
rebuilds the full prediction list from the training data.

    python -m bot.cli crossval                 # CROSSVAL_FOLDS=5 by default
    python -m bot.cli crossval --from-results  # recompute the report from results/crossval

These are the classifier's own answers: Rasa's evaluation undoes the FallbackClassifier
(rasa/nlu/test.py, `undo_fallback_prediction`), so an out_of_scope example counts as right
only when it is classified out_of_scope, even where the live assistant would fall back.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

from bot.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "crossval"


def run_cross_validation(folds: int) -> None:
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run([str(rasa), "test", "nlu", "--nlu", "data", "--config", "config.yml",
                    "--cross-validation", "--folds", str(folds), "--successes",
                    "--out", str(OUT), "--no-plot"], cwd=ROOT, check=True)


def _examples(code: str) -> List[Tuple[str, str]]:
    """(text, intent) of every training example of a language, as Rasa loads them."""
    from rasa.shared.nlu.training_data.loading import load_data

    folder = ROOT / "data" / "nlu" / code
    return [(m.get("text"), m.get("intent")) for m in load_data(str(folder)).intent_examples]


def predictions(errors: List[dict], codes: List[str]) -> Dict[str, Tuple[List[str], List[str]]]:
    """Per language, (true intents, predicted intents) over every training example."""
    wrong = defaultdict(list)
    for e in errors:
        wrong[(e["text"].strip().lower(), e["intent"])].append((e.get("intent_prediction") or {}).get("name"))
    by_language = {}
    for code in codes:
        truth, predicted = [], []
        for text, intent in _examples(code):
            key = (text.strip().lower(), intent)
            guess = wrong[key].pop() if wrong.get(key) else intent
            truth.append(intent)
            predicted.append(guess)
        by_language[code] = (truth, predicted)
    return by_language


def per_language_report(errors: List[dict]) -> Dict[str, Dict[str, float]]:
    from sklearn.metrics import accuracy_score, f1_score

    report = {}
    for code, (truth, predicted) in predictions(errors, load_languages().codes).items():
        report[code] = {
            "examples": len(truth),
            "accuracy": round(accuracy_score(truth, predicted), 4),
            "f1_weighted": round(f1_score(truth, predicted, average="weighted", zero_division=0), 4),
            "f1_macro": round(f1_score(truth, predicted, average="macro", zero_division=0), 4),
        }
    (OUT / "per_language.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def main(argv: List[str] | None = None) -> int:
    argv = sys.argv[2:] if argv is None else argv
    if "--from-results" not in argv:
        run_cross_validation(int(os.environ.get("CROSSVAL_FOLDS", "5")))
    errors = json.loads((OUT / "intent_errors.json").read_text(encoding="utf-8"))
    report = per_language_report(errors)
    print("\n| language | examples | accuracy | F1 (weighted) | F1 (macro) |\n|---|---|---|---|---|")
    for code, row in report.items():
        print(f"| {code} | {row['examples']} | {row['accuracy']:.3f} | {row['f1_weighted']:.3f} | {row['f1_macro']:.3f} |")
    return 0
