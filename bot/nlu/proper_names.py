"""Names that say nothing about a resident's language, found in a message's words.

"графік Maison de Santé у четвер" is Ukrainian and "como me inscrevo na France Travail?" is
Portuguese: the city's places and partners keep their French names in every language, and a
detector that reads them votes French. The names come from data (bot/languages.yml `names`:
lookup tables of data/nlu/lookups and a few terms), never from this module.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import yaml

LOOKUPS_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu" / "lookups"
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """'Santé' -> 'sante': names are matched whatever the case and accents."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str) -> List[str]:
    return _WORD.findall(text or "")


def lookup_entries(tables: Iterable[str], directory: Path = LOOKUPS_DIR) -> List[str]:
    """The entries of the named lookup tables, over every file of `directory`."""
    wanted = set(tables)
    entries: List[str] = []
    for path in sorted(directory.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in raw.get("nlu") or []:
            if item.get("lookup") in wanted:
                entries += [line.strip()[2:].strip() for line in str(item.get("examples", "")).splitlines()
                            if line.strip().startswith("- ")]
    return entries


class ProperNames:
    """Finds known names in a message as runs of whole words (longest name first)."""

    def __init__(self, names: Iterable[str]) -> None:
        by_first: Dict[str, List[Tuple[str, ...]]] = {}
        for name in names:
            key = tuple(fold(w) for w in words_of(name))
            if key and key not in by_first.get(key[0], []):
                by_first.setdefault(key[0], []).append(key)
        self._by_first = {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}

    @classmethod
    def from_settings(cls, lookups: Sequence[str], terms: Sequence[str],
                      directory: Path = LOOKUPS_DIR) -> "ProperNames":
        return cls(list(lookup_entries(lookups, directory)) + list(terms))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values())

    def other_words(self, text: str) -> List[str]:
        """The message's words outside the known names, in order."""
        words = words_of(text)
        folded = [fold(w) for w in words]
        kept, i = [], 0
        while i < len(words):
            length = self._match_at(folded, i)
            if length:
                i += length
            else:
                kept.append(words[i])
                i += 1
        return kept

    def _match_at(self, folded: List[str], i: int) -> int:
        for name in self._by_first.get(folded[i], ()):
            if tuple(folded[i:i + len(name)]) == name:
                return len(name)
        return 0
