"""Language identification as a Rasa NLU component.

It only *reports* what the detector sees (code, confidence, word count) under
`language_detection` in the parse data. Whether the conversation switches language is
decided with the conversation's state by action_validate_slot_mappings, because a
single message cannot know the current language (stickiness).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.languages import load_languages
from bot.nlu.proper_names import ProperNames

LANGUAGE_DETECTION = "language_detection"
# Confidence given to a detection that the grammar-word vote supports.
STOP_WORD_CONFIDENCE = 0.9
_WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def script_of(word: str) -> str:
    """The Unicode script most of a word's letters are in ('LATIN', 'CYRILLIC', 'ARABIC'):
    'скiльки' typed with a Latin 'i' is still Cyrillic."""
    scripts = Counter(unicodedata.name(ch, "").split(" ")[0] for ch in word if ch.isalpha())
    return scripts.most_common(1)[0][0] if scripts else ""


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class LanguageIdentifier(GraphComponent):
    """Detects the language of each message with lingua (its models ship in the wheel)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # None means: the languages listed in bot/languages.yml.
        return {"languages": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        codes = config.get("languages") or load_languages().codes
        self._codes = list(codes)
        self._detector = _build_detector(self._codes)
        self._stop_words = _stop_words(self._codes)
        settings = load_languages()
        info = settings.languages
        self._scripts = {c: info[c].script if c in info else "LATIN" for c in self._codes}
        self._names = ProperNames.from_settings(settings.name_lookups, settings.name_terms)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageIdentifier":
        return cls(config)

    def detect(self, text: str) -> Dict[str, Any]:
        """Returns {"code", "confidence", "words"}; code is None for text without letters
        or made only of names ("Maison de Santé Levallois" says nothing of the language)."""
        words = count_words(text)
        none = {"code": None, "confidence": 0.0, "words": words}
        if not text or not any(ch.isalpha() for ch in text):
            return none
        evidence = [w for w in self._names.other_words(text) if any(ch.isalpha() for ch in w)]
        if not evidence:
            return none
        by_script: Dict[str, List[str]] = {}
        for word in evidence:
            by_script.setdefault(script_of(word), []).append(word)
        script, script_words = max(by_script.items(), key=lambda item: len(item[1]))
        share = len(script_words) / len(evidence)
        writers = [c for c in self._codes if self._scripts.get(c) == script]
        if share > 0.5 and writers:
            # The script settles what borrowed words blur: Cyrillic is Ukrainian, Arabic
            # script Arabic, whatever French names surround them.
            if len(writers) == 1:
                code = writers[0]
                score = self._lingua(" ".join(evidence), self._codes).get(code, 0.0)
                return self._result(code, max(share, score), words)
            return self._vote(script_words, writers, words)  # e.g. Ukrainian and Russian: lingua
        return self._vote(evidence, self._codes, words)

    def _vote(self, tokens: List[str], codes: List[str], words: int) -> Dict[str, Any]:
        """lingua among `codes`, settled by their grammar words when those clearly agree."""
        scores = self._lingua(" ".join(tokens), codes)
        if not scores:
            return {"code": None, "confidence": 0.0, "words": words}
        code, confidence = max(scores.items(), key=lambda item: item[1])
        # Grammar words settle what borrowed nouns blur: "How much is the conservatoire
        # with a QF of 600?" is English although "conservatoire" and "QF" are French. A lead
        # that agrees with lingua makes it sure ("de abre el sábado": "el"); overriding it
        # takes a lead of two.
        leader, margin = self._stop_word_lead(tokens, codes)
        if leader == code and margin >= 1:
            confidence = max(confidence, STOP_WORD_CONFIDENCE)
        elif leader and margin >= 2 and confidence < STOP_WORD_CONFIDENCE:
            code, confidence = leader, STOP_WORD_CONFIDENCE
        return self._result(code, confidence, words)

    @staticmethod
    def _result(code: str, confidence: float, words: int) -> Dict[str, Any]:
        return {"code": code, "confidence": round(confidence, 4), "words": words}

    def _lingua(self, text: str, codes: List[str]) -> Dict[str, float]:
        """lingua's confidence per language, among `codes` only (summing to 1)."""
        values = {v.language.iso_code_639_1.name.lower(): float(v.value)
                  for v in self._detector.compute_language_confidence_values(text)}
        kept = {c: values.get(c, 0.0) for c in dict.fromkeys(codes)}
        total = sum(kept.values())
        return {c: v / total for c, v in kept.items()} if total else {}

    def _stop_word_lead(self, tokens: List[str], codes: List[str]) -> Tuple[Optional[str], int]:
        """The language with the most grammar words in the message and its lead over the next."""
        lowered = [t.lower() for t in tokens]
        counts = sorted(
            ((sum(t in self._stop_words[code] for t in lowered), code)
             for code in codes if code in self._stop_words),
            reverse=True,
        )
        if len(counts) < 2 or counts[0][0] == 0:
            return None, 0
        (top, code), (second, _) = counts[0], counts[1]
        return code, top - second

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text")
            if text is not None:
                message.set(LANGUAGE_DETECTION, self.detect(text), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples need no detection: nothing downstream learns from it.
        return training_data


def _build_detector(codes: List[str]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in codes
    ]
    if len(languages) < 2:
        raise ValueError("language identification needs at least two languages")
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_preloaded_language_models()
        .build()
    )


def _stop_words(codes: List[str]) -> Dict[str, frozenset]:
    """spaCy's stop-word lists (shipped in the spaCy package, no model needed).

    Each `spacy/lang/<code>/stop_words.py` is read on its own: importing it as
    `spacy.lang.<code>.stop_words` first runs the language package, whose tokenizer
    exceptions and rules took 5.4 s of Rasa's start-up for six languages (French's still
    load with spaCy's model: about 3 s saved). The files are plain lists, importing nothing.
    """
    import importlib.util

    lang_dir = Path(importlib.util.find_spec("spacy").origin).parent / "lang"
    lists = {}
    for code in codes:
        path = lang_dir / code / "stop_words.py"
        if not path.is_file():  # a language spaCy has no list for simply does not vote
            continue
        spec = importlib.util.spec_from_file_location(f"_stop_words_{code}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        lists[code] = frozenset(w.lower() for w in module.STOP_WORDS)
    return lists


def detection_of(parse_data: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The detection stored in a message's parse data (empty dict when absent)."""
    return (parse_data or {}).get(LANGUAGE_DETECTION) or {}
