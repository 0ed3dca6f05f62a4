"""`rasa run` as our launcher starts it (bot/cli/stack.py): Rasa's own command line, in a
process that does not import JAX.

TensorFlow 2.12, which Rasa 3.6 imports at start even with no TensorFlow model in
config.yml, imports JAX when it is installed, for TFLite conversion only
(tensorflow/lite/python/util.py, inside `try: ... except ImportError`). Nothing here
converts to TFLite: leaving JAX out saves ~1 s of Rasa's start-up and ~70 MB of its
memory (measured here: 570 -> 496 MB after `import rasa.core.agent`).
"""
from __future__ import annotations

import sys


def main() -> None:
    sys.modules.setdefault("jax", None)   # `import jax` now raises ImportError
    from rasa.__main__ import main as rasa_main
    rasa_main()


if __name__ == "__main__":
    main()
