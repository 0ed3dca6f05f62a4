"""The resident's "what was wrong", made safe to keep: no phone number, e-mail, name, code
or figure survives (they are replaced by what they are: "[phone]", "[name]"...).

- phones and e-mails: bot/redaction.py (libphonenumber, the e-mail pattern);
- access/cancel codes (XXXX-XXXX), domiciliation references, and any number of 3 digits or
  more (an income, a QF, a reference): a resident has no reason to give them here;
- names: after a title or an introduction ("Mme", "Dr", "je m'appelle", "my name is",
  "اسمي"... feedback.yml), and capitalised words in the middle of a sentence that are not
  the assistant's vocabulary (the lookup tables of data/nlu/lookups but the practitioners,
  the city's places and partners). A name written in lower case and outside those cues, or
  an Arabic name without a cue, is not recognised: the comment field asks residents not to
  write personal details, and comments are short.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, List, Tuple

import yaml

from bot.feedback.settings import ROOT, feedback_settings
from bot.redaction import redact_text

NAME_MARK = "[name]"
CODE_MARK = "[code]"
NUMBER_MARK = "[number]"
REFERENCE_MARK = "[reference]"

_CODE = re.compile(r"\b[A-Za-z0-9]{4}-[A-Za-z0-9]{4}\b")
_REFERENCE = re.compile(r"\bDOM[-\s]?\d{4}[-\s]?\d{6}\b", re.I)
_NUMBER = re.compile(r"\d(?:[\s.,\u00a0\u202f]?\d){2,}")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_SENTENCE_END = re.compile(r"(^|[.!?…:;\n؟]\s*)$")
_MAX_NAME_WORDS = 3


def _is_arabic(word: str) -> bool:
    return "ARABIC" in unicodedata.name(word[0], "")


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _nlu_items():
    """Every item of the training data: intents' examples and lookup tables, all languages."""
    for path in sorted((ROOT / "data" / "nlu").glob("*/*.yml")):
        yield from (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []


@lru_cache(maxsize=1)
def vocabulary() -> FrozenSet[str]:
    """Lower-case words that are the assistant's own: capitalised, they are still not names."""
    settings = feedback_settings()
    words = set(settings.not_names) | {t.lower().rstrip(".") for t in settings.titles}
    person_lookups = set(yaml.safe_load(Path(__file__).with_name("feedback.yml").read_text(
        encoding="utf-8")).get("person_lookups") or ())
    for item in _nlu_items():
        if item.get("lookup") and item["lookup"] not in person_lookups:
            words.update(w.lower() for w in _WORD.findall(str(item.get("examples") or "")))
    words.update(_common_words())
    city = ROOT / "municipal_api" / "seed" / "city-data"
    for name, key in (("places.yml", "places"), ("partners.yml", "partners")):
        path = city / name
        if path.exists():
            for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []:
                words.update(w.lower() for w in _WORD.findall(str(entry.get("name") or "")))
    return frozenset(words)


def _common_words() -> set:
    """Words the intents' examples (all languages) write in lower case (or in a script without
    case) and never capitalise in the middle of a sentence nor write after a name cue
    ("je m'appelle ...", "اسمي ..."): ordinary words ("merci", "لم"), not names."""
    settings = feedback_settings()
    cues = (_cue_pattern(settings.introductions, False), _cue_pattern(settings.titles, True))
    common, names = set(), set()
    for item in _nlu_items():
        if not item.get("intent"):
            continue
        for line in str(item.get("examples") or "").splitlines():
            example = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line.strip()[2:])
            for cue in cues:
                for found in cue.finditer(example):
                    names.update(w.lower() for w in _WORD.findall(example[found.end():])[:_MAX_NAME_WORDS])
            for position, word in enumerate(_WORD.findall(example)):
                if word.lower() == word:
                    common.add(word)
                elif position > 0:
                    names.add(word.lower())
    return common - names


def _clean(text: str) -> str:
    """One line of printable text: control characters and repeated spaces removed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c)[0] == "C" and c not in "\u200c\u200d" else c
                   for c in text)
    return re.sub(r"\s+", " ", text).strip()


def _cue_pattern(cues: Tuple[str, ...], case_sensitive: bool) -> re.Pattern:
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?=\s)", flags)


def _name_after(text: str, position: int, first_always: bool) -> Tuple[int, int]:
    """The span of the name that starts after `position` (up to 3 words), or an empty span."""
    words: List[re.Match] = []
    cursor = position
    while len(words) < _MAX_NAME_WORDS:
        gap = re.match(r"[ \-]+", text[cursor:])
        if not gap:
            break
        word = _WORD.match(text, cursor + gap.end())
        if not word:
            break
        token = word.group()
        arabic = _is_arabic(token)
        if not words and not (first_always or _capitalised(token) or arabic):
            break
        known = token.lower() in vocabulary()
        if words and not (_capitalised(token) or (arabic and len(words) < 2 and not known)
                          or (first_always and not arabic and not known)):
            break
        words.append(word)
        cursor = word.end()
    if not words:
        return position, position
    return words[0].start(), words[-1].end()


def _redact_cued_names(text: str) -> str:
    settings = feedback_settings()
    spans = []
    for pattern, first_always in ((_cue_pattern(settings.introductions, False), True),
                                  (_cue_pattern(settings.titles, True), False)):
        for cue in pattern.finditer(text):
            start, end = _name_after(text, cue.end(), first_always)
            if end > start:
                spans.append((start, end))
    for start, end in sorted(set(spans), reverse=True):
        text = text[:start] + NAME_MARK + text[end:]
    return text


def _redact_capitalised_names(text: str) -> str:
    """Runs of capitalised words: those not in the vocabulary are names; a run that starts a
    sentence keeps its first word unless another word of the run is a name."""
    known = vocabulary()
    words = list(_WORD.finditer(text))
    spans = []
    index = 0
    while index < len(words):
        run = [words[index]]
        while (index + len(run) < len(words)
               and re.fullmatch(r"[ \-]", text[run[-1].end():words[index + len(run)].start()])
               and _capitalised(words[index + len(run)].group())):
            run.append(words[index + len(run)])
        if not _capitalised(run[0].group()):
            index += 1
            continue
        starts_sentence = bool(_SENTENCE_END.search(text[:run[0].start()]))
        unknown = [w for w in run if w.group().lower() not in known and w.group() != NAME_MARK[1:-1]]
        if starts_sentence and unknown and unknown[0] is run[0] and len(unknown) == 1:
            unknown = []          # an ordinary first word of a sentence
        spans.extend((w.start(), w.end()) for w in unknown)
        index += len(run)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + NAME_MARK + text[end:]
    return re.sub(r"\[name\](?:[ \-]\[name\])+", NAME_MARK, text)


def redact_comment(text: str) -> str:
    """The comment as it may be stored (see the module's docstring)."""
    text = _clean(text)
    text = redact_text(text)                       # phones, e-mails
    text = _REFERENCE.sub(REFERENCE_MARK, text)
    text = _CODE.sub(CODE_MARK, text)
    text = _NUMBER.sub(NUMBER_MARK, text)
    text = _redact_cued_names(text)
    text = _redact_capitalised_names(text)
    return text
