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
