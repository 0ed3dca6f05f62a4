"""NLU cross-validation with a per-language report.

Runs `rasa test nlu --cross-validation` (which writes every held-out prediction), then
splits the predictions by the language of the file each example came from
(data/nlu/<language>/) and computes intent F1 per language.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml
from sklearn.metrics import accuracy_score, f1_score

from bot.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "crossval"


def _example_languages() -> Dict[str, str]:
    languages = {}
    for code in load_languages().codes:
        for path in (ROOT / "data" / "nlu" / code).glob("*.yml"):
            for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
                for line in str(item.get("examples", "")).splitlines():
                    text = line.strip().removeprefix("- ").strip()
                    if text:
                        languages[_plain(text)] = code
    return languages


def _plain(text: str) -> str:
    """The text without entity annotations: '[mairie](place)' -> 'mairie'."""
    import re

    return re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text).strip().lower()


def per_language_report(folds: int = 5) -> Dict[str, Dict[str, float]]:
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run([str(rasa), "test", "nlu", "--nlu", "data", "--config", "config.yml",
                    "--cross-validation", "--folds", str(folds), "--successes",
                    "--out", str(OUT), "--no-plot"], cwd=ROOT, check=True)
    predictions: List[dict] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = OUT / name
        if path.exists():
            predictions += json.loads(path.read_text(encoding="utf-8"))
    language_of = _example_languages()
    by_language = defaultdict(lambda: ([], []))
    for p in predictions:
        code = language_of.get(_plain(p["text"]), "unknown")
        by_language[code][0].append(p["intent"])
        by_language[code][1].append((p.get("intent_prediction") or {}).get("name"))
    report = {}
    for code, (truth, predicted) in sorted(by_language.items()):
        report[code] = {
            "examples": len(truth),
            "accuracy": round(accuracy_score(truth, predicted), 4),
            "f1_weighted": round(f1_score(truth, predicted, average="weighted", zero_division=0), 4),
            "f1_macro": round(f1_score(truth, predicted, average="macro", zero_division=0), 4),
        }
    (OUT / "per_language.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def main() -> int:
    import os

    report = per_language_report(int(os.environ.get("CROSSVAL_FOLDS", "5")))
    print("\n| language | examples | accuracy | F1 (weighted) | F1 (macro) |\n|---|---|---|---|---|")
    for code, row in report.items():
        print(f"| {code} | {row['examples']} | {row['accuracy']:.3f} | {row['f1_weighted']:.3f} | {row['f1_macro']:.3f} |")
    return 0
