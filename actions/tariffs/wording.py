"""Words the bot itself owns, per language, and matching what residents type.

The city's texts (activity names, rules, domiciliation steps, link labels) come translated
from the municipal API (Accept-Language, municipal_api/seed/translations). What the API
never translates, such as status codes, is labelled in small per-language files next to
each topic's actions (`labels.yml`); adding a language is adding its section.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Optional

import yaml


@lru_cache(maxsize=None)
def _labels(path: Path) -> Dict[str, Dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(lang): {str(k): str(v) for k, v in (items or {}).items()} for lang, items in data.items()}


def label(path: Path, key: str, language: str, default: Optional[str] = None) -> str:
    """The label of `key` in `language`, else `default` (or the key itself)."""
    return _labels(path).get(language, {}).get(key) or default or key


def fold(text: str) -> str:
    """Lower case without accents or typographic apostrophes: 'Célibataire' -> 'celibataire'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mentions(text: str, words: Iterable[str]) -> bool:
    """Whether `text` contains one of `words` as whole words, whatever accents and case."""
    folded = fold(text or "")
    return any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded) for w in words)
