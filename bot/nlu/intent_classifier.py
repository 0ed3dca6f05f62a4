"""Rasa's logistic-regression intent classifier, with its regularisation exposed and its word
counts weighted.

Why: on sentence embeddings plus word counts, a linear model trains in seconds for six
languages (DIET needs minutes) and, measured on the same folds, classifies as well (README,
"NLU pipeline"). Rasa 3.6 fixes C=1.0, which underfits unit-length embeddings; this class
makes C configurable, and which featurizers it reads (by alias): the character n-gram
counts, useful to DIET, slow a linear model down tenfold for no gain.

Raw counts let long messages and frequent words ("je", "the") outweigh the unit-length
sentence vector; `word_weighting: tfidf` scales them as scikit-learn's TfidfTransformer
(sublinear tf, smoothed idf learnt at training, unit length). Except for messages written in
`raw_count_scripts`: the sentence encoder has no Ukrainian, and those messages need their
full word counts (README, "NLU pipeline", has the measures).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from scipy.sparse import csr_matrix, diags, hstack, vstack
from sklearn.preprocessing import normalize

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

IDF_FILE = "idf.npy"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class LinearIntentClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 30.0, "max_iter": 1000,
                # aliases of the featurizers to read; None: all of them (Rasa's behaviour)
                "featurizers": None,
                # "tfidf" or None (raw counts, Rasa's behaviour)
                "word_weighting": "tfidf",
                # Unicode scripts (as languages.yml names them) whose messages keep raw counts
                "raw_count_scripts": []}

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))
        self.idf: Optional[np.ndarray] = None  # learnt at training, saved beside the model

    def _sparse(self, message: Message) -> csr_matrix:
        sparse = message.get_sparse_features(TEXT, self.config["featurizers"])[1]
        return csr_matrix(sparse.features if sparse else np.zeros((1, 0)))

    def _keeps_raw_counts(self, text: Optional[str]) -> bool:
        """Is the message mostly written in one of `raw_count_scripts`?"""
        scripts = Counter(unicodedata.name(c, "?").split()[0] for c in text or "" if c.isalpha())
        return bool(scripts) and scripts.most_common(1)[0][0] in self.config["raw_count_scripts"]

    def _weighted(self, counts: csr_matrix, texts: List[Optional[str]]) -> csr_matrix:
        if self.idf is None or counts.shape[1] != self.idf.shape[0]:
            return counts
        weighted = counts.astype(np.float64)
        weighted.data = 1.0 + np.log(np.maximum(weighted.data, 1e-12))
        weighted = normalize(csr_matrix(weighted.multiply(self.idf)))
        raw = np.array([self._keeps_raw_counts(t) for t in texts], dtype=np.float64)
        if not raw.any():
            return weighted
        return csr_matrix(diags(raw) @ counts + diags(1.0 - raw) @ weighted)

    def _create_X(self, messages: List[Message], counts: Optional[csr_matrix] = None) -> csr_matrix:
        featurizers = self.config["featurizers"]
        if counts is None:
            counts = vstack([self._sparse(m) for m in messages]).tocsr()
        dense = [message.get_dense_features(TEXT, featurizers)[1] for message in messages]
        dense_rows = vstack([csr_matrix(d.features if d else np.zeros((1, 0))) for d in dense])
        texts = [m.get(TEXT) for m in messages]
        return hstack([self._weighted(counts, texts), dense_rows]).tocsr()

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        """Rasa's (X, y), with the idf learnt from the same word counts first."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return csr_matrix((0, 0)), []
        counts = vstack([self._sparse(m) for m in examples]).tocsr()
        if self.config["word_weighting"] == "tfidf":
            documents = np.bincount(counts.nonzero()[1], minlength=counts.shape[1])
            self.idf = np.log((1 + counts.shape[0]) / (1 + documents)) + 1.0
        return self._create_X(examples, counts), [e.get(INTENT) for e in examples]

    def persist(self) -> None:
        super().persist()
        if self.idf is not None:
            with self._model_storage.write_to(self._resource) as model_dir:
                np.save(model_dir / IDF_FILE, self.idf)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        try:
            with model_storage.read_from(resource) as model_dir:
                if (model_dir / IDF_FILE).exists():
                    component.idf = np.load(model_dir / IDF_FILE)
        except ValueError:  # no stored resource: an untrained component, as Rasa does
            pass
        return component
