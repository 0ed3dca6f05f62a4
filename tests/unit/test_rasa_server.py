"""bot.cli.rasa_server: Rasa's command line, without JAX imported (TensorFlow then skips
its TFLite-only JAX import)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
sys.argv = ["rasa", "--version"]
from bot.cli import rasa_server
try:
    rasa_server.main()
except SystemExit:
    pass
import importlib, rasa.core.agent
tflite_util = importlib.import_module("tensorflow.lite.python.util")
print("JAX", sys.modules.get("jax") is None and tflite_util._xla_computation is None)
"""


def test_rasa_runs_without_importing_jax() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Rasa Version" in done.stdout and "3.6.21" in done.stdout
    assert "JAX True" in done.stdout
