"""The analytics' settings (analytics.yml): topics, channels, the resolution rule, the city's
time zone, the clustering and open-data parameters."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple
from zoneinfo import ZoneInfo

import yaml

SETTINGS_FILE = Path(__file__).with_name("analytics.yml")


@dataclass(frozen=True)
class AnalyticsSettings:
    timezone: ZoneInfo
    topic_labels: Dict[str, str]          # topic id -> label, in the file's order, "other" last
    topic_of_intent: Dict[str, str]
    other_topic: str
    not_questions: frozenset
    fallback_intent: str
    handoff_intents: frozenset
    handoff_action_prefix: str
    channel_labels: Dict[str, str]
    socketio_default_client: str
    cluster_threshold: float
    cluster_max_questions: int
    cluster_examples: int
    opendata_threshold: int
    licence: str
    licence_url: str
    publisher: str

    def topic(self, intent: Optional[str]) -> Optional[str]:
        """The topic of a question; None when the message is not a question."""
        if not intent or intent in self.not_questions:
            return None
        return self.topic_of_intent.get(intent, self.other_topic)

    @property
    def topics(self) -> Tuple[str, ...]:
        return tuple(self.topic_labels)

    @property
    def channels(self) -> Tuple[str, ...]:
        return tuple(self.channel_labels)


@lru_cache(maxsize=1)
def analytics_settings() -> AnalyticsSettings:
    raw = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    labels = {topic: spec["label"] for topic, spec in raw["topics"].items()}
    other = raw["other_topic"]
    labels[other["id"]] = other["label"]
    clusters = raw["fallback_clusters"]
    opendata = raw["opendata"]
    return AnalyticsSettings(
        timezone=ZoneInfo(raw["timezone"]),
        topic_labels=labels,
        topic_of_intent={intent: topic for topic, spec in raw["topics"].items() for intent in spec["intents"]},
        other_topic=other["id"],
        not_questions=frozenset(raw["not_questions"]),
        fallback_intent=raw["fallback_intent"],
        handoff_intents=frozenset(raw["handoff_intents"]),
        handoff_action_prefix=raw["handoff_action_prefix"],
        channel_labels=dict(raw["channels"]),
        socketio_default_client=raw["socketio_default_client"],
        cluster_threshold=float(clusters["distance_threshold"]),
        cluster_max_questions=int(clusters["max_questions"]),
        cluster_examples=int(clusters["examples"]),
        opendata_threshold=int(opendata["threshold"]),
        licence=opendata["licence"],
        licence_url=opendata["licence_url"],
        publisher=opendata["publisher"],
    )
