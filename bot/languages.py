"""The assistant's languages, read from bot/languages.yml (adding a language is data)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

LANGUAGES_FILE = Path(__file__).with_name("languages.yml")


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    name: str
    dir: str
    locale: str
    day: str = "EEEE d MMMM"
    slot: str = "EEEE d MMMM HH:mm"
    price: str = ""   # Babel pattern for whole euros ("90 €"); empty: the locale's own ("90,00 €")
    script: str = "LATIN"   # Unicode script name, as unicodedata names letters ("CYRILLIC SMALL LETTER I")


@dataclass(frozen=True)
class LanguageSettings:
    default: str
    languages: Dict[str, LanguageInfo]
    min_words: int
    min_confidence: float
    name_lookups: Tuple[str, ...] = ()   # lookup tables of data/nlu/lookups that hold names
    name_terms: Tuple[str, ...] = ()     # other names and French terms, whatever the language

    @property
    def codes(self) -> List[str]:
        return list(self.languages)


@lru_cache(maxsize=1)
def load_languages(path: Path = LANGUAGES_FILE) -> LanguageSettings:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = {item["code"]: LanguageInfo(**item) for item in raw["languages"]}
    switching = raw.get("switching", {})
    names = raw.get("names", {})
    return LanguageSettings(
        default=raw["default"],
        languages=languages,
        min_words=int(switching.get("min_words", 3)),
        min_confidence=float(switching.get("min_confidence", 0.8)),
        name_lookups=tuple(names.get("lookups", ())),
        name_terms=tuple(str(t) for t in names.get("terms", ())),
    )
