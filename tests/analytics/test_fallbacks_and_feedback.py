"""Fallback questions grouped by meaning (the real USE encoder), as stored (redacted); the
feedback summary per intent."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.analytics.conversations import fallback_texts
from bot.analytics.fallback_clusters import cluster_fallbacks
from bot.analytics.feedback_summary import summarise
from bot.feedback.store import FeedbackStore
from bot.feedback.validation import NewFeedback
from tests.analytics.seed import Conversation, Say, save_all, tracker_store

NOW = datetime(2026, 11, 27, 17, 0, tzinfo=timezone.utc)
POOL = ["horaires de la piscine le dimanche", "la piscine est ouverte quand ?", "swimming pool opening hours",
        "à quelle heure ouvre la piscine"]
ID_CARD = ["comment refaire ma carte d'identité", "renouveler carte identité perdue, appelez-moi au 06 12 34 56 78",
           "I lost my ID card"]
CANTEEN = ["inscription cantine scolaire", "inscrire mon fils à la cantine"]


def test_fallbacks_are_grouped_by_meaning_across_languages_and_shown_redacted(tmp_path):
    store = tracker_store(tmp_path / "tracker.db")
    texts = POOL + POOL[:2] + ID_CARD + CANTEEN + ["[patient_name]"]   # a form's redacted answer
    save_all(store, [Conversation("web", NOW - timedelta(hours=i + 1), [Say(text, "nlu_fallback")])
                     for i, text in enumerate(texts)]
             + [Conversation("web", NOW - timedelta(hours=2), [Say("horaires samedi", "ask_opening_hours")])])
    stored = fallback_texts(store.engine, NOW - timedelta(days=7), NOW, 100)
    assert len(stored) == len(texts)
    assert not any("06 12" in text for text in stored)        # the tracker store redacted it

    clusters = cluster_fallbacks(stored)
    assert [c.size for c in clusters] == [6, 3, 2]           # repeats count, the form answer is left out
    pool, id_card, canteen = clusters
    assert set(pool.examples) <= set(POOL) and len(pool.examples) == 3
    assert len(id_card.examples) == 3 and "I lost my ID card" in id_card.examples
    assert "renouveler carte identité perdue, appelez-moi au [phone]" in id_card.examples
    assert set(canteen.examples) == set(CANTEEN)
    store.engine.dispose()


def test_one_or_no_fallback_needs_no_encoder():
    def no_encoder(texts):
        raise AssertionError("not needed")

    assert cluster_fallbacks([], encoder=no_encoder) == []
    [single] = cluster_fallbacks(["parking ?", "Parking ?  "], encoder=no_encoder)
    assert (single.size, single.examples) == (2, ["parking ?"])


def test_feedback_summary_per_intent_with_the_latest_comments(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'analytics.db'}")
    store = FeedbackStore(engine)
    votes = [("ask_opening_hours", "up")] * 3 + [("ask_opening_hours", "down"), ("ask_tariff", "down"),
                                                 ("ask_tariff", "down"), (None, "up")]
    for index, (intent, rating) in enumerate(votes):
        store.add(NewFeedback(rating, intent, "utter_opening_hours_open", "fr", "web",
                              f"commentaire {index}" if rating == "down" else None),
                  now=NOW - timedelta(hours=index))
    store.add(NewFeedback("up", "ask_tariff", "utter_tariff_line", "fr", "web"), now=NOW - timedelta(days=40))
    summary = summarise(store, NOW - timedelta(days=28), NOW + timedelta(hours=1))
    assert (summary.overall.up, summary.overall.down) == (4, 3)
    per_intent = {intent: (topic, votes.up, votes.down) for intent, topic, votes in summary.per_intent}
    assert per_intent == {"ask_opening_hours": ("Horaires d'ouverture", 3, 1),
                          "ask_tariff": ("Tarifs sociaux et quotient familial", 0, 2),
                          "(sans intention)": ("—", 1, 0)}
    assert summary.per_intent[0][0] == "ask_opening_hours"
    assert [c.comment for c in summary.comments] == ["commentaire 3", "commentaire 4", "commentaire 5"]
    engine.dispose()
