"""What feedback may name: the settings of feedback.yml and the assistant's own vocabulary
(intents of domain.yml, response names of the domain and data/responses, languages of
bot/languages.yml). Feedback naming anything else is refused: nothing free-form but the
redacted comment reaches the database."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Tuple

import yaml

from bot.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = Path(__file__).with_name("feedback.yml")
RATINGS = ("up", "down")


@dataclass(frozen=True)
class FeedbackSettings:
    channels: Tuple[str, ...]
    comment_max_chars: int
    no_feedback_prefixes: Tuple[str, ...]
    no_feedback_responses: Tuple[str, ...]
    titles: Tuple[str, ...]
    introductions: Tuple[str, ...]
    not_names: FrozenSet[str]

    def wants_feedback(self, response: str) -> bool:
        return (response not in self.no_feedback_responses
                and not any(response.startswith(p) for p in self.no_feedback_prefixes))


@lru_cache(maxsize=1)
def feedback_settings() -> FeedbackSettings:
    raw = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    skip = raw.get("no_feedback") or {}
    cues = raw.get("name_cues") or {}
    return FeedbackSettings(
        channels=tuple(raw["channels"]),
        comment_max_chars=int(raw["comment_max_chars"]),
        no_feedback_prefixes=tuple(skip.get("prefixes") or ()),
        no_feedback_responses=tuple(skip.get("responses") or ()),
        titles=tuple(str(t) for t in cues.get("titles") or ()),
        introductions=tuple(str(t) for t in cues.get("introductions") or ()),
        not_names=frozenset(str(w).lower() for w in raw.get("not_names") or ()),
    )


def _domain_files() -> list:
    return [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]


@lru_cache(maxsize=1)
def known_intents() -> FrozenSet[str]:
    intents = set()
    for path in _domain_files():
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []:
            intents.add(next(iter(item)) if isinstance(item, dict) else str(item))
    return frozenset(intents)


@lru_cache(maxsize=1)
def known_responses() -> FrozenSet[str]:
    names = set()
    for path in _domain_files():
        names.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return frozenset(names)


def known_languages() -> Tuple[str, ...]:
    return tuple(load_languages().codes)
