"""Rasa's logistic-regression intent classifier, with its regularisation exposed and its
sparse features weighted.

Why: on sentence embeddings plus word and character counts, a linear model trains in
seconds for six languages (DIET needs minutes) and, measured on the same folds, classifies
as well (README, "NLU pipeline"). Rasa 3.6 fixes C=1.0, which underfits unit-length
embeddings; this class makes C configurable, and which featurizers it reads (by alias).

Raw counts let long messages and frequent words ("je", "the") outweigh the unit-length
sentence vector; `word_weighting: tfidf` scales each sparse featurizer's counts on their
own as scikit-learn's TfidfTransformer does (sublinear tf, smoothed idf learnt at training,
unit length per featurizer). Except, for the featurizers in `raw_count_featurizers`, the
messages written in `raw_count_scripts`: the sentence encoder has no Ukrainian, and those
messages need their full word counts (README, "NLU pipeline", has the measures).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from scipy.sparse import csr_matrix, vstack

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

from bot.nlu import linear_model_file

IDF_FILE = "idf.npz"   # one idf vector per sparse featurizer (alias)
MODEL_FILE = "logistic_regression.npz"   # the classifier itself (bot/nlu/linear_model_file.py)
ALL = "all"            # the key when `featurizers` is None: every sparse feature, one block


def _rows(matrices: List[csr_matrix]) -> csr_matrix:
    """One matrix of these rows (a message's own, when there is one: nothing to stack)."""
    return matrices[0] if len(matrices) == 1 else vstack(matrices).tocsr()


def side_by_side(blocks: List[csr_matrix]) -> csr_matrix:
    """`hstack(blocks).tocsr()` for CSR blocks of the same rows, built from their arrays:
    each row holds its entries block after block, columns shifted by the blocks before."""
    blocks = [csr_matrix(block) for block in blocks]
    n_rows = blocks[0].shape[0]
    row_sizes = [np.diff(block.indptr) for block in blocks]
    indptr = np.concatenate([[0], np.cumsum(np.sum(row_sizes, axis=0))]).astype(np.int64)
    data = np.empty(indptr[-1], dtype=np.result_type(*[block.dtype for block in blocks]))
    indices = np.empty(indptr[-1], dtype=np.int64)
    filled = np.zeros(n_rows, dtype=np.int64)     # entries already placed in each row
    first_column = 0
    for block, sizes in zip(blocks, row_sizes):
        rows = np.repeat(np.arange(n_rows), sizes)
        places = indptr[rows] + filled[rows] + np.arange(block.nnz) - block.indptr[rows]
        data[places] = block.data
        indices[places] = block.indices + first_column
        filled += sizes
        first_column += block.shape[1]
    return csr_matrix((data, indices, indptr), shape=(n_rows, first_column))


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
                # Unicode scripts (as languages.yml names them) whose messages keep raw counts...
                "raw_count_scripts": [],
                # ...in these sparse featurizers (aliases); None: in all of them
                "raw_count_featurizers": None}

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))
        # alias -> idf, learnt at training, saved beside the model
        self.idf: Optional[Dict[str, np.ndarray]] = None

    def _blocks(self) -> List[str]:
        """The sparse blocks, weighted each on its own: one per featurizer alias."""
        return list(self.config["featurizers"] or [ALL])

    def _sparse(self, message: Message, block: str) -> csr_matrix:
        names = None if block == ALL else [block]
        sparse = message.get_sparse_features(TEXT, names)[1]
        return csr_matrix(sparse.features if sparse else np.zeros((1, 0)))

    def _keeps_raw_counts(self, text: Optional[str]) -> bool:
        """Is the message mostly written in one of `raw_count_scripts`?"""
        scripts = Counter(unicodedata.name(c, "?").split()[0] for c in text or "" if c.isalpha())
        return bool(scripts) and scripts.most_common(1)[0][0] in self.config["raw_count_scripts"]

    def _weighted(self, block: str, counts: csr_matrix, texts: List[Optional[str]]) -> csr_matrix:
        """Sublinear tf times idf, unit length per row; raw counts for the rows that keep them.
        Computed on the matrix's arrays: scipy's and scikit-learn's operations on a one-row
        matrix cost more in checks and copies than in arithmetic (a message's features were
        7 % of Rasa's Python time under load)."""
        idf = (self.idf or {}).get(block)
        if idf is None or counts.shape[1] != idf.shape[0]:
            return counts
        counts = csr_matrix(counts)
        counts.sum_duplicates()
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        data = (1.0 + np.log(np.maximum(counts.data.astype(np.float64), 1e-12))) * idf[counts.indices]
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=counts.shape[0]))
        data /= np.where(norms == 0, 1.0, norms)[rows]
        keeps_raw = self.config["raw_count_featurizers"]
        if keeps_raw is None or block in keeps_raw:
            raw = np.array([self._keeps_raw_counts(t) for t in texts], dtype=bool)
            if raw.any():
                data = np.where(raw[rows], counts.data, data)
        weighted = csr_matrix((data, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)
        weighted.eliminate_zeros()
        return weighted

    def _create_X(self, messages: List[Message],
                  counts: Optional[Dict[str, csr_matrix]] = None) -> csr_matrix:
        if counts is None:
            counts = {b: _rows([self._sparse(m, b) for m in messages]) for b in self._blocks()}
        featurizers = self.config["featurizers"]
        dense = [message.get_dense_features(TEXT, featurizers)[1] for message in messages]
        dense_rows = _rows([csr_matrix(d.features if d else np.zeros((1, 0))) for d in dense])
        texts = [m.get(TEXT) for m in messages]
        sparse = [self._weighted(b, counts[b], texts) for b in self._blocks()]
        return side_by_side([*sparse, dense_rows])

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        """Rasa's (X, y), with each block's idf learnt from the same counts first."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return csr_matrix((0, 0)), []
        counts = {b: _rows([self._sparse(m, b) for m in examples]) for b in self._blocks()}
        if self.config["word_weighting"] == "tfidf":
            self.idf = {}
            for block, block_counts in counts.items():
                if block_counts.shape[1]:
                    documents = np.bincount(block_counts.nonzero()[1], minlength=block_counts.shape[1])
                    self.idf[block] = np.log((1 + block_counts.shape[0]) / (1 + documents)) + 1.0
        return self._create_X(examples, counts), [e.get(INTENT) for e in examples]

    def persist(self) -> None:
        """Rasa writes a skops file; here plain arrays (bot/nlu/linear_model_file.py)."""
        with self._model_storage.write_to(self._resource) as model_dir:
            linear_model_file.save(self.clf, model_dir / MODEL_FILE)
            if self.idf is not None:
                np.savez(model_dir / IDF_FILE, **self.idf)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        try:
            with model_storage.read_from(resource) as model_dir:
                component = cls(config, execution_context.node_name, model_storage, resource)
                component.clf = linear_model_file.load(model_dir / MODEL_FILE)
                if (model_dir / IDF_FILE).exists():
                    with np.load(model_dir / IDF_FILE, allow_pickle=False) as stored:
                        component.idf = {block: stored[block] for block in stored.files}
                return component
        except (ValueError, FileNotFoundError):  # not trained yet: a new one, as Rasa does
            return cls.create(config, model_storage, resource, execution_context)
