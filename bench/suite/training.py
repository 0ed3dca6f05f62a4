"""Part 4: training our model, from an empty cache, then again after one NLU example changed.

Rasa 3.6 caches the outputs of training's graph nodes in `.rasa/cache` under the current
directory, or in RASA_CACHE_DIRECTORY (rasa/engine/caching.py; RASA_MAX_CACHE_SIZE,
1000 MB by default). The inputs (config.yml, domain.yml, data/) are copied into a
temporary directory with its own cache directory, so the repository's files and cache are
never touched: `rasa train` there (our components from bot/ through PYTHONPATH), then one
French example is changed in the copy and `rasa train` runs again with the same cache,
which retrains only what depends on the NLU data. Wall time and peak resident memory
(of the largest process, and of the whole process tree) for each.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Dict

from bench.suite.processes import BIN, ROOT, environment, timed_run

CHANGED_FILE = Path("data/nlu/fr/conversation.yml")


def change_one_example(data_file: Path) -> str:
    """Appends a word to the first example of the file; returns the new example."""
    text = data_file.read_text(encoding="utf-8")
    match = re.search(r"^(\s+- )(.+)$", text.split("examples:", 1)[1], flags=re.MULTILINE)
    old = match.group(0)
    new = old + " svp"
    data_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return new.strip()


def measure(log_dir: Path) -> Dict:
    work = Path(tempfile.mkdtemp(prefix="bench-train-"))
    try:
        for name in ("config.yml", "domain.yml"):
            shutil.copy(ROOT / name, work / name)
        shutil.copytree(ROOT / "data", work / "data")
        env = environment(RASA_CACHE_DIRECTORY=str(work / "cache"))

        def train(name: str) -> Dict:
            return timed_run([str(BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
                              "--data", "data", "--out", str(work / "models"), "--fixed-model-name", name],
                             work, log_dir / f"train-{name}.log", env)

        full = train("full")
        changed = change_one_example(work / CHANGED_FILE)
        again = train("one-example-changed")
        return {"full_empty_cache": full, "retrain_one_nlu_example": {**again, "changed": changed},
                "cache_mb": round(sum(p.stat().st_size for p in (work / "cache").rglob("*") if p.is_file())
                                  / 2**20, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
