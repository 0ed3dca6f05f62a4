"""The intent classifier's logistic regression saved as plain arrays (numpy .npz, no pickle)
instead of Rasa 3.6's skops file.

Why: importing `skops.io` imports every scikit-learn estimator module to list its trusted
types (skops 0.9, `_trusted_types`): 6 s of Rasa's start-up here, for a file that holds a
weight matrix. A linear model is its parameters and four arrays; they are read back with
`allow_pickle=False`, so the file can hold no code (which also keeps skops' advisories
about crafted files out of the running assistant).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression


def save(clf: LogisticRegression, path: Path) -> None:
    np.savez(path, params=np.array(json.dumps(clf.get_params(), sort_keys=True)),
             coef=clf.coef_, intercept=clf.intercept_, classes=np.asarray(clf.classes_, dtype=str),
             n_iter=clf.n_iter_)


def load(path: Path) -> LogisticRegression:
    with np.load(path, allow_pickle=False) as stored:
        clf = LogisticRegression(**json.loads(str(stored["params"])))
        clf.coef_, clf.intercept_ = stored["coef"], stored["intercept"]
        clf.classes_, clf.n_iter_ = stored["classes"], stored["n_iter"]
    clf.n_features_in_ = clf.coef_.shape[1]
    return clf
