"""LinearIntentClassifier (bot/nlu/intent_classifier.py): tf-idf weighting of the word counts,
learnt at training, saved with the model and used again after loading."""
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


def message(text: str, intent: str | None = None) -> Message:
    words = text.split()
    counts = np.zeros((1, len(VOCABULARY)))
    for word in words:
        counts[0, VOCABULARY.index(word)] += 1
    dense = np.mean([DENSE.get(w, [0, 0]) for w in words], axis=0, keepdims=True)
    m = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    m.add_features(Features(csr_matrix(counts), "sentence", TEXT, "words"))
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
    assert clf.idf is not None and clf.idf.shape == (len(VOCABULARY),)
    # "le" is in 4 of 9 examples, "piscine" in 1: the rare word weighs more
    assert clf.idf[VOCABULARY.index("piscine")] > clf.idf[VOCABULARY.index("le")]
    with storage.read_from(Resource("clf")) as model_dir:
        assert (model_dir / IDF_FILE).exists()

    loaded = LinearIntentClassifier.load(config, storage, Resource("clf"), context)
    np.testing.assert_allclose(loaded.idf, clf.idf)
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
    latin, cyrillic = clf._weighted(counts, ["mairie", "мерія"]).toarray()
    assert cyrillic[1] == 3 and latin[1] == pytest.approx(1.0)
