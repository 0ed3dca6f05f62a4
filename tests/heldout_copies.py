"""How a training example can copy a held-out message: the rule that
tests/unit/test_heldout_unseen.py applies (see its docstring)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

import yaml

from bot.languages import load_languages


ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "tests" / "nlu"
TRAINING = ROOT / "data" / "nlu"
ALLOWLIST = HELD_OUT / "allowed_duplicates.yml"

SHORT = 3  # words: a message this short is only checked for equality
WORD_JACCARD = 0.75
TRIGRAM_JACCARD = 0.80
CONTAINED_SHARE = 0.5
# Intents whose one-liners are the same for everyone: the only ones the allowlist may excuse.
GENERIC_INTENTS = {"greet", "goodbye", "thank", "affirm", "deny", "inform"}

_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_APOSTROPHES = set("'’ʼ`´‘ʹ′")
_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None})


def normalise(text: str) -> str:
    """Lower case, no accents or diacritics, no punctuation, ASCII digits, single spaces."""
    decomposed = unicodedata.normalize("NFKD", _ANNOTATION.sub(r"\1", text).casefold())
    out = []
    for char in decomposed.translate(_LETTERS):
        category = unicodedata.category(char)
        if category.startswith("M") or char in _APOSTROPHES:
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(char)))
        elif category[0] in "PSZC":
            out.append(" ")
        else:
            out.append(char)
    words = "".join(out).split()
    # a message of symbols only ("👍") stays itself rather than becoming empty
    return " ".join(words) or "".join(text.split())


class Example(NamedTuple):
    code: str  # language
    source: str  # file it comes from
    intent: str
    text: str
    words: Tuple[str, ...]
    grams: frozenset  # character 3-grams of the normalised text

    @classmethod
    def of(cls, code: str, source: str, intent: str, text: str) -> "Example":
        norm = normalise(text)
        padded = f" {norm} "
        return cls(code, source, intent, text, tuple(norm.split()),
                   frozenset(padded[i:i + 3] for i in range(len(padded) - 2)))

    @property
    def normalised(self) -> str:
        return " ".join(self.words)


def _read(path: Path, code: str) -> List[Example]:
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Example.of(code, str(path.relative_to(ROOT)), item["intent"], line.strip()[2:].strip())
            for item in content.get("nlu") or [] if "intent" in item
            for line in (item.get("examples") or "").splitlines() if line.strip().startswith("- ")]


@lru_cache(maxsize=1)
def training() -> Tuple[Example, ...]:
    return tuple(e for path in sorted(TRAINING.glob("*/*.yml")) for e in _read(path, path.parent.name))


@lru_cache(maxsize=1)
def held_out() -> Dict[str, Tuple[Example, ...]]:
    return {code: tuple(_read(HELD_OUT / f"{code}.yml", code)) for code in load_languages().codes}


@lru_cache(maxsize=1)
def allowlist() -> Tuple[dict, ...]:
    return tuple((yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or {}).get("allowed") or [])


def _allowed(normalised: str, intent: str) -> bool:
    return any(normalise(a["text"]) == normalised and intent in a["intents"] for a in allowlist())


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0


def _contains(longer: Tuple[str, ...], shorter: Tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def near_copy(held: Example, train: Example) -> Optional[str]:
    """Why `train` is a near-copy of the held-out message `held` (same language), or None."""
    h, t = held.words, train.words
    if len(h) <= SHORT or held.intent != train.intent:
        return None
    if len(t) > SHORT:
        words = _jaccard(h, t)
        if words >= WORD_JACCARD:
            return f"word Jaccard {words:.2f}"
        grams = _jaccard(held.grams, train.grams)
        if grams >= TRIGRAM_JACCARD:
            return f"3-gram Jaccard {grams:.2f}"
    if len(t) >= SHORT and len(t) >= CONTAINED_SHARE * len(h) and _contains(h, t) \
            and not _allowed(train.normalised, train.intent):
        return f"contained ({len(t)} of {len(h)} words)"
    for before, entity, after in _slots(train.text):
        filler = len(h) - len(before) - len(after)
        if len(before) + len(after) >= SHORT and 1 <= filler <= len(entity) + 1 \
                and h[:len(before)] == before and h[len(h) - len(after):] == after:
            return f"slot swap ({' '.join(h[len(before):len(h) - len(after)])} for {' '.join(entity)})"
    return None


def _words(text: str) -> Tuple[str, ...]:
    return tuple(normalise(text).split()) if re.search(r"\w", _ANNOTATION.sub(r"\1", text)) else ()


def _slots(text: str) -> List[Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]]:
    """(words before, entity words, words after) for each entity annotated in `text`."""
    return [(_words(text[:m.start()]), _words(m.group(1)), _words(text[m.end():]))
            for m in _ANNOTATION.finditer(text)]


def _describe(held: Example, train: Example, why: str) -> str:
    return f"{held.text!r} [{held.intent}] ~ {train.source}: {train.text!r} [{train.intent}] ({why})"


@lru_cache(maxsize=1)
def _by_text() -> Dict[str, List[Example]]:
    index: Dict[str, List[Example]] = {}
    for example in training():
        index.setdefault(example.normalised, []).append(example)
    return index


def equal_copies(code: str) -> List[str]:
    found = []
    for held in held_out()[code]:
        for train in _by_text().get(held.normalised, []):
            if len(held.words) <= SHORT and _allowed(held.normalised, held.intent) \
                    and train.intent == held.intent:
                continue
            found.append(_describe(held, train, "equal"))
    return found


def near_copies(code: str) -> List[str]:
    # Only examples sharing a word with the held-out message can reach any threshold in
    # practice: comparing those keeps the test to seconds.
    same_language = [e for e in training() if e.code == code]
    by_word: Dict[str, List[int]] = {}
    for i, example in enumerate(same_language):
        for word in set(example.words):
            by_word.setdefault(word, []).append(i)
    found = []
    for held in held_out()[code]:
        if len(held.words) <= SHORT:
            continue
        candidates = {i for word in set(held.words) for i in by_word.get(word, ())}
        for i in sorted(candidates):
            train = same_language[i]
            if train.normalised == held.normalised:
                continue  # reported by the equality test
            why = near_copy(held, train)
            if why:
                found.append(_describe(held, train, why))
    return found
