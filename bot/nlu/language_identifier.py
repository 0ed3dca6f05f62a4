"""Language identification as a Rasa NLU component.

It only *reports* what the detector sees (code, confidence, word count) under
`language_detection` in the parse data. Whether the conversation switches language is
decided with the conversation's state by action_validate_slot_mappings, because a
single message cannot know the current language (stickiness).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.languages import load_languages

LANGUAGE_DETECTION = "language_detection"
# Confidence given to a detection that the grammar-word vote supports.
STOP_WORD_CONFIDENCE = 0.9
_WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


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
        """Returns {"code", "confidence", "words"}; code is None for text without letters."""
        words = count_words(text)
        if not text or not any(ch.isalpha() for ch in text):
            return {"code": None, "confidence": 0.0, "words": words}
        values = self._detector.compute_language_confidence_values(text)
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        confidence = float(best.value)
        # Grammar words settle what borrowed nouns blur: "How much is the conservatoire
        # with a QF of 600?" is English although "conservatoire" and "QF" are French.
        voted = self._stop_word_vote(text)
        if voted == code:
            confidence = max(confidence, STOP_WORD_CONFIDENCE)
        elif voted and confidence < STOP_WORD_CONFIDENCE:
            code, confidence = voted, STOP_WORD_CONFIDENCE
        return {"code": code, "confidence": round(confidence, 4), "words": words}

    def _stop_word_vote(self, text: str) -> Optional[str]:
        """The language whose grammar words clearly dominate the message, if one does."""
        tokens = [t.lower() for t in _WORD.findall(text)]
        counts = sorted(
            ((sum(t in words for t in tokens), code) for code, words in self._stop_words.items()),
            reverse=True,
        )
        if len(counts) < 2:
            return None
        (top, code), (second, _) = counts[0], counts[1]
        return code if top >= 2 and top - second >= 2 else None

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
    """spaCy's stop-word lists (shipped in the spaCy package, no model needed)."""
    import importlib

    lists = {}
    for code in codes:
        try:
            module = importlib.import_module(f"spacy.lang.{code}.stop_words")
        except ImportError:  # a language spaCy has no list for simply does not vote
            continue
        lists[code] = frozenset(w.lower() for w in module.STOP_WORDS)
    return lists


def detection_of(parse_data: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The detection stored in a message's parse data (empty dict when absent)."""
    return (parse_data or {}).get(LANGUAGE_DETECTION) or {}
