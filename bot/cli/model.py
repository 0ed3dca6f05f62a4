"""Train the Rasa model only when what it is trained from has changed.

The model's name is a fingerprint of its inputs (config, domain, training data, the
custom NLU components and the language list), so an unchanged checkout reuses the
model it already has and a changed one never serves a stale model.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"
INPUTS = ["config.yml", "domain.yml", "data", "bot/nlu", "bot/languages.yml", "bot/languages.py", "bot/numbers.py"]


def _files(paths: Iterable[str]) -> Iterable[Path]:
    for name in paths:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _files(INPUTS):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"model-{fingerprint()}.tar.gz"


def ensure_model(quiet: bool = False) -> Path:
    """Returns the model for the current inputs, training it first if needed."""
    target = model_path()
    if target.exists():
        if not quiet:
            print(f"model up to date: {target.relative_to(ROOT)}")
        return target
    MODELS.mkdir(exist_ok=True)
    print("training the model (the data changed since the last model)...", flush=True)
    rasa = Path(sys.executable).with_name("rasa")
    command = [str(rasa), "train", "--fixed-model-name", target.name[: -len(".tar.gz")],
               "--out", str(MODELS)]
    subprocess.run(command, cwd=ROOT, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    if not target.exists():
        raise SystemExit(f"training finished but {target} is missing")
    return target


if __name__ == "__main__":
    print(ensure_model())
