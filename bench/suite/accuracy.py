"""Part 5: NLU accuracy on the held-out sets (tests/nlu), ours against Rasa's default pipeline.

Ours: `python -m bot.cli eval` (bot/cli/evaluate.py) on the model under test. Stock: a
temporary project with `rasa init`'s config.yml (its default pipeline: whitespace tokens,
regex, lexical and count features, DIET 100 epochs, ResponseSelector, fallback 0.3),
trained with `rasa train nlu` on our data/, then scored by the same command on the same
held-out sets. Language identification is ours alone (the stock pipeline has none).

DIET is slow on our data (six languages, large lookup tables, character n-grams): one
epoch took 167 s on this project's 2-core machine under load, so the full run's 100
epochs take hours there. BENCH_STOCK_EPOCHS sets fewer epochs (reported with the
figures). Quick runs (BENCH_QUICK=1) train it on the French and English data only, for
2 epochs: not comparable, a check that the part works.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Dict, Optional

import yaml

from bench.suite.processes import BIN, ROOT, environment, timed_run

STOCK_CONFIG = Path(__import__("rasa").__file__).parent / "cli" / "initial_project" / "config.yml"
QUICK_EPOCHS = 2
QUICK_DATA = ["nlu/fr", "nlu/en", "nlu/lookups"]
# rasa init's pipeline, as its config.yml comments it (used when the file leaves it empty).
DEFAULT_PIPELINE = [
    {"name": "WhitespaceTokenizer"}, {"name": "RegexFeaturizer"}, {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 100}, {"name": "EntitySynonymMapper"},
    {"name": "ResponseSelector", "epochs": 100},
    {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
]


def score(model: Path, name: str, log: Path) -> Dict:
    """bot.cli eval on `model`; its report (results/eval/<name>.json)."""
    try:
        timed_run([str(BIN / "python"), "-m", "bot.cli", "eval", "--model", str(model), "--name", name], ROOT, log)
    except RuntimeError as error:
        if "failed (1)" not in str(error):   # 1: ran, but short of a target
            raise
    return json.loads((ROOT / "results" / "eval" / f"{name}.json").read_text(encoding="utf-8"))


def stock_epochs(quick: bool) -> Optional[int]:
    """None: rasa init's config as it is (100 epochs)."""
    if os.environ.get("BENCH_STOCK_EPOCHS"):
        return int(os.environ["BENCH_STOCK_EPOCHS"])
    return QUICK_EPOCHS if quick else None


def stock_model(work: Path, quick: bool) -> tuple:
    """Trains Rasa's default NLU pipeline on our data; (model, training figures)."""
    config = yaml.safe_load(STOCK_CONFIG.read_text(encoding="utf-8"))
    epochs = stock_epochs(quick)
    if epochs:
        config["pipeline"] = [dict(c, epochs=epochs) if "epochs" in c else c for c in DEFAULT_PIPELINE]
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "domain.yml", work / "domain.yml")
    data = ROOT / "data"
    if quick:
        data = work / "data"
        for part in QUICK_DATA:
            shutil.copytree(ROOT / "data" / part, data / part)
    figures = timed_run([str(BIN / "rasa"), "train", "nlu", "--config", "config.yml", "--nlu", str(data),
                         "--out", str(work / "models"), "--fixed-model-name", "stock-nlu"],
                        work, work / "train.log", environment(RASA_CACHE_DIRECTORY=str(work / "cache")))
    return work / "models" / "stock-nlu.tar.gz", {**figures, "epochs": epochs or 100,
                                                  "data": "fr, en" if quick else "all languages"}


def measure(model: Path, quick: bool, log_dir: Path) -> Dict:
    ours = score(model, "bench-ours", log_dir / "eval-ours.log")
    work = Path(tempfile.mkdtemp(prefix="bench-stock-nlu-"))
    try:
        stock, training = stock_model(work, quick)
        theirs = score(stock, "bench-stock", log_dir / "eval-stock.log")
    finally:
        shutil.copy(work / "train.log", log_dir / "train-stock-nlu.log") if (work / "train.log").exists() else None
        shutil.rmtree(work, ignore_errors=True)
    rows = {}
    for code, r in ours["languages"].items():
        s = theirs["languages"].get(code, {})
        rows[code] = {"messages": r["messages"], "ours_accuracy": r["intent_accuracy"],
                      "ours_macro_f1": r["intent_macro_f1"], "stock_accuracy": s.get("intent_accuracy"),
                      "stock_macro_f1": s.get("intent_macro_f1"), "ours_language_id": r["language_id_accuracy"],
                      "target": r["target"]}
    return {"stock_training": training, "languages": rows}
