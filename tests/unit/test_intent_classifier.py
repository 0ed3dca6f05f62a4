"""LinearIntentClassifier (bot/nlu/intent_classifier.py): tf-idf weighting of each sparse
featurizer's counts, learnt at training, saved with the model and used again after loading."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import IDF_FILE, LinearIntentClassifier

VOCABULARY = ["horaires", "mairie", "piscine", "bonjour", "merci", "le", "la"]
DENSE = {"horaires": [1, 0], "bonjour": [0, 1], "merci": [0, -1]}


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def message(text: str, intent: str | None = None) -> Message:
    words = text.split()
    counts = np.zeros((1, len(VOCABULARY)))
    for word in words:
        counts[0, VOCABULARY.index(word)] += 1
    letters = np.array([[sum(w.count(c) for w in words) for c in LETTERS]], dtype=float)
    dense = np.mean([DENSE.get(w, [0, 0]) for w in words], axis=0, keepdims=True)
    m = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    m.add_features(Features(csr_matrix(counts), "sentence", TEXT, "words"))
    m.add_features(Features(csr_matrix(letters), "sentence", TEXT, "chars"))
    m.add_features(Features(dense, "sentence", TEXT, "use"))
    return m


TRAINING = [("horaires le mairie", "ask_hours"), ("horaires la piscine", "ask_hours"),
            ("le horaires", "ask_hours"), ("bonjour", "greet"), ("bonjour la mairie", "greet"),
            ("bonjour le", "greet"), ("merci", "thank"), ("merci la", "thank"), ("le merci", "thank")]


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def component(storage, **config):
    context = ExecutionContext(node_name="clf", graph_schema=None)
    full = {**LinearIntentClassifier.get_default_config(), "featurizers": ["use", "words"], **config}
    return LinearIntentClassifier.create(full, storage, Resource("clf"), context), full, context


def test_idf_is_learnt_saved_and_used_after_loading(storage):
    clf, config, context = component(storage)
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    assert clf.idf is not None and clf.idf["words"].shape == (len(VOCABULARY),)
    # "le" is in 4 of 9 examples, "piscine" in 1: the rare word weighs more
    assert clf.idf["words"][VOCABULARY.index("piscine")] > clf.idf["words"][VOCABULARY.index("le")]
    with storage.read_from(Resource("clf")) as model_dir:
        assert (model_dir / IDF_FILE).exists()

    loaded = LinearIntentClassifier.load(config, storage, Resource("clf"), context)
    assert loaded.idf.keys() == clf.idf.keys() == {"words"}
    np.testing.assert_allclose(loaded.idf["words"], clf.idf["words"])
    tests = [message("horaires la mairie"), message("bonjour"), message("merci le")]
    before = [m.get(INTENT)["name"] for m in clf.process([message(m.get(TEXT)) for m in tests])]
    after = [m.get(INTENT)["name"] for m in loaded.process(tests)]
    assert before == after == ["ask_hours", "greet", "thank"]


def test_word_rows_are_sublinear_and_unit_length(storage):
    clf, _, _ = component(storage)
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    once, thrice = clf._create_X([message("mairie"), message("mairie mairie mairie")]).toarray()
    np.testing.assert_allclose(once, thrice)  # one word, any count: the same unit vector
    words = clf._create_X([message("horaires le mairie")]).toarray()[0, :len(VOCABULARY)]
    assert np.linalg.norm(words) == pytest.approx(1.0)


def test_raw_counts_when_weighting_is_off(storage):
    clf, _, _ = component(storage, word_weighting=None)
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    assert clf.idf is None
    row = clf._create_X([message("mairie mairie mairie")]).toarray()[0]
    assert row[VOCABULARY.index("mairie")] == 3


def test_messages_in_raw_count_scripts_keep_their_counts(storage):
    """Cyrillic rows keep raw counts (config raw_count_scripts), Latin rows are weighted."""
    clf, _, _ = component(storage, raw_count_scripts=["CYRILLIC"])
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    assert clf._keeps_raw_counts("дякую, до побачення") and not clf._keeps_raw_counts("merci")
    assert not clf._keeps_raw_counts("12 €") and not clf._keeps_raw_counts(None)
    counts = csr_matrix(np.array([[0, 3, 0, 0, 0, 0, 0], [0, 3, 0, 0, 0, 0, 0]], dtype=float))
    latin, cyrillic = clf._weighted("words", counts, ["mairie", "мерія"]).toarray()
    assert cyrillic[1] == 3 and latin[1] == pytest.approx(1.0)


def test_each_sparse_featurizer_is_weighted_on_its_own(storage):
    """Words and characters: an idf and a unit length each, so neither drowns the other."""
    clf, config, context = component(storage, featurizers=["use", "words", "chars"])
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    assert clf.idf["words"].shape == (len(VOCABULARY),) and clf.idf["chars"].shape == (len(LETTERS),)
    row = clf._create_X([message("horaires le mairie")]).toarray()[0]
    words, chars = row[:len(VOCABULARY)], row[len(VOCABULARY):len(VOCABULARY) + len(LETTERS)]
    assert np.linalg.norm(words) == pytest.approx(1.0) and np.linalg.norm(chars) == pytest.approx(1.0)
    loaded = LinearIntentClassifier.load(config, storage, Resource("clf"), context)
    np.testing.assert_allclose(loaded.idf["chars"], clf.idf["chars"])


def test_raw_counts_only_in_the_featurizers_named(storage):
    clf, _, _ = component(storage, featurizers=["use", "words", "chars"],
                          raw_count_scripts=["CYRILLIC"], raw_count_featurizers=["words"])
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    counts = csr_matrix(np.array([[0, 3, 0, 0, 0, 0, 0]], dtype=float))
    letters = csr_matrix(np.array([[2.0] + [0.0] * (len(LETTERS) - 1)]))
    assert clf._weighted("words", counts, ["мерія"]).toarray()[0, 1] == 3
    assert np.linalg.norm(clf._weighted("chars", letters, ["мерія"]).toarray()) == pytest.approx(1.0)


def test_the_classifier_is_saved_as_plain_arrays_and_predicts_the_same(storage):
    from bot.nlu import linear_model_file
    from bot.nlu.intent_classifier import MODEL_FILE

    clf, config, context = component(storage)
    clf.train(TrainingData([message(t, i) for t, i in TRAINING]))
    with storage.read_from(Resource("clf")) as model_dir:
        assert sorted(p.name for p in model_dir.iterdir()) == sorted([IDF_FILE, MODEL_FILE])  # no skops file
        loaded_clf = linear_model_file.load(model_dir / MODEL_FILE)
    assert loaded_clf.get_params() == clf.clf.get_params()
    assert list(loaded_clf.classes_) == list(clf.clf.classes_) == ["ask_hours", "greet", "thank"]
    X = np.random.default_rng(1).random((5, clf.clf.coef_.shape[1]))
    np.testing.assert_array_equal(loaded_clf.predict_proba(X), clf.clf.predict_proba(X))

    loaded = LinearIntentClassifier.load(config, storage, Resource("clf"), context)
    tests = [message("horaires la mairie"), message("bonjour"), message("merci le")]
    assert [m.get(INTENT) for m in loaded.process(tests)] == \
        [m.get(INTENT) for m in clf.process([message(m.get(TEXT)) for m in tests])]


def test_an_untrained_classifier_loads_as_a_new_one(storage):
    _, config, context = component(storage)
    loaded = LinearIntentClassifier.load(config, storage, Resource("never-trained"), context)
    assert loaded.idf is None and not hasattr(loaded.clf, "coef_")


def _scipy_weighted(clf, block, counts, texts):
    """The weighting as first written with scipy's and scikit-learn's operations (the reference)."""
    from scipy.sparse import diags
    from sklearn.preprocessing import normalize

    idf = (clf.idf or {}).get(block)
    if idf is None or counts.shape[1] != idf.shape[0]:
        return counts
    weighted = counts.astype(np.float64)
    weighted.data = 1.0 + np.log(np.maximum(weighted.data, 1e-12))
    weighted = normalize(csr_matrix(weighted.multiply(idf)))
    keeps_raw = clf.config["raw_count_featurizers"]
    if keeps_raw is not None and block not in keeps_raw:
        return weighted
    raw = np.array([clf._keeps_raw_counts(t) for t in texts], dtype=np.float64)
    if not raw.any():
        return weighted
    return csr_matrix(diags(raw) @ counts + diags(1.0 - raw) @ weighted)


def test_array_built_features_equal_scipys(storage):
    """Random counts (empty rows, repeated entries, Latin and Cyrillic texts): the weighting
    and the side-by-side matrix equal scipy's and scikit-learn's, and leave the counts as they were."""
    from scipy.sparse import coo_matrix, hstack, random as sparse_random

    from bot.nlu.intent_classifier import side_by_side

    rng = np.random.default_rng(5)
    for raw_featurizers in (None, ["words"], ["chars"]):
        clf, _, _ = component(storage, raw_count_scripts=["CYRILLIC"], raw_count_featurizers=raw_featurizers)
        clf.idf = {"words": rng.uniform(1, 4, 40), "chars": rng.uniform(1, 4, 30)}
        for _ in range(60):
            rows = int(rng.integers(1, 6))
            texts = [str(rng.choice(["horaires mairie", "мерія години", "", None, "مرحبا"])) for _ in range(rows)]
            blocks = {}
            for name, width in (("words", 40), ("chars", 30), ("other", 7)):
                counts = sparse_random(rows, width, density=float(rng.uniform(0, 0.5)), random_state=rng,
                                       data_rvs=lambda n: rng.integers(1, 5, n).astype(float)).tocoo()
                repeated = coo_matrix((np.concatenate([counts.data, counts.data[:2]]),
                                       (np.concatenate([counts.row, counts.row[:2]]),
                                        np.concatenate([counts.col, counts.col[:2]]))), shape=counts.shape)
                blocks[name] = repeated.tocsr()
            kept = {name: block.toarray() for name, block in blocks.items()}
            ours = [clf._weighted(name, block, texts) for name, block in blocks.items()]
            theirs = [_scipy_weighted(clf, name, block, texts) for name, block in blocks.items()]
            for mine, reference in zip(ours, theirs):
                np.testing.assert_allclose(mine.toarray(), reference.toarray(), rtol=1e-12, atol=1e-15)
            dense = csr_matrix(rng.normal(size=(rows, 5)))
            np.testing.assert_allclose(side_by_side([*ours, dense]).toarray(),
                                       hstack([*theirs, dense]).tocsr().toarray(), rtol=1e-12, atol=1e-15)
            for name, block in blocks.items():
                np.testing.assert_array_equal(block.toarray(), kept[name])
