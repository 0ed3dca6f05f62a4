"""The city's wording in the resident's language.

The municipal API serves the city data pack as it is, in English. For the other languages
the project keeps translations next to each topic's actions (`translations.yml`): labels
by id, and texts keyed by the exact English text. When the city changes a text, its stale
translation no longer matches and the resident reads the city's own wording rather than
an outdated one. Adding a language is adding its section to these files.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml


@dataclass(frozen=True)
class Wording:
    labels: Dict[str, Dict[str, str]] = field(default_factory=dict)   # language -> id -> label
    texts: Dict[str, Dict[str, str]] = field(default_factory=dict)    # language -> English -> text

    def label(self, key: str, language: str, default: Optional[str] = None) -> str:
        return self.labels.get(language, {}).get(key) or default or key

    def text(self, source: str, language: str) -> str:
        return self.texts.get(language, {}).get(source.strip(), source)

    def all_texts(self, sources: Iterable[str], language: str) -> List[str]:
        return [self.text(s, language) for s in sources]


@lru_cache(maxsize=None)
def load_wording(path: Path) -> Wording:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels = {lang: {str(k): str(v) for k, v in (items or {}).items()}
              for lang, items in (data.get("labels") or {}).items()}
    texts = {lang: {str(k).strip(): str(v) for k, v in (items or {}).items()}
             for lang, items in (data.get("texts") or {}).items()}
    return Wording(labels, texts)


def fold(text: str) -> str:
    """Lower case without accents or typographic apostrophes: 'Célibataire' -> 'celibataire'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mentions(text: str, words: Iterable[str]) -> bool:
    """Whether `text` contains one of `words` as whole words, whatever accents and case."""
    folded = fold(text or "")
    return any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded) for w in words)
