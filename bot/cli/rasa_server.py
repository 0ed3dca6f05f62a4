"""`rasa run` as our launcher starts it (bot/cli/stack.py): Rasa's own command line, in a
process that does not import JAX, and that serves with one BLAS thread.

TensorFlow 2.12, which Rasa 3.6 imports at start even with no TensorFlow model in
config.yml, imports JAX when it is installed, for TFLite conversion only
(tensorflow/lite/python/util.py, inside `try: ... except ImportError`). Nothing here
converts to TFLite: leaving JAX out saves ~1 s of Rasa's start-up and ~70 MB of its
memory (measured here: 570 -> 496 MB after `import rasa.core.agent`).

BLAS: a message's matrices are a few rows, too small to share between threads, and
OpenBLAS's idle threads spin (sched_yield) after every call. With its default of one
thread per core, that spinning cost the server more CPU than the message itself
(README, "Last run"). Set before numpy loads; the environment may still say otherwise.
"""
from __future__ import annotations

import os
import sys

SERVING_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def main() -> None:
    sys.modules.setdefault("jax", None)   # `import jax` now raises ImportError
    if sys.argv[1:2] == ["run"]:
        for name, value in SERVING_THREADS.items():
            os.environ.setdefault(name, value)
    from rasa.__main__ import main as rasa_main
    rasa_main()


if __name__ == "__main__":
    main()
