"""bot.cli.rasa_server: Rasa's command line, without JAX imported (TensorFlow then skips
its TFLite-only JAX import)."""
from __future__ import annotations

import os
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


BLAS_PROBE = """
import os, sys
os.environ.pop("OPENBLAS_NUM_THREADS", None)
os.environ.pop("OMP_NUM_THREADS", None)
sys.argv = ["rasa", sys.argv[1], "--help"]
from bot.cli import rasa_server
try:
    rasa_server.main()
except SystemExit:
    pass
from threadpoolctl import threadpool_info
print("BLAS", sorted({lib["num_threads"] for lib in threadpool_info() if lib["internal_api"] == "openblas"}))
"""


def _blas_threads(command: str) -> str:
    done = subprocess.run([sys.executable, "-c", BLAS_PROBE, command], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split("BLAS")[1].strip()


def test_serving_uses_one_blas_thread_training_does_not() -> None:
    assert _blas_threads("run") == "[1]"
    if (os.cpu_count() or 1) > 1:
        assert _blas_threads("train") != "[1]"     # OpenBLAS's default: one thread per core
