"""Entity extractor for amounts ("1 200", "1200€", "mille deux cents") -> entity `amount`."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_identifier import LANGUAGE_DETECTION
from bot.numbers import find_amounts, words_to_digits

ENTITY = "amount"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class NumberExtractor(GraphComponent):
    """Deterministic: amounts are too varied for a learned extractor to be trusted."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entity": ENTITY}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._entity = config["entity"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NumberExtractor":
        return cls(config)

    def extract(self, text: str, language: str = "fr") -> List[Dict[str, Any]]:
        amounts = find_amounts(text)
        entities = [
            self._entity_dict(a.start, a.end, a.value, a.text) for a in amounts
        ]
        if entities:
            return entities
        # Numbers in words: the converted text has other offsets, so the whole
        # message is given as the span. An article is no amount: "quero uma consulta".
        for amount in find_amounts(words_to_digits(text, language, articles=False)):
            entities.append(self._entity_dict(0, len(text), amount.value, text))
        return entities

    def _entity_dict(self, start: int, end: int, value: float, text: str) -> Dict:
        return {
            "entity": self._entity,
            "start": start,
            "end": end,
            "value": int(value) if value.is_integer() else value,
            "confidence_entity": 1.0,
            "extractor": self.__class__.__name__,
            "text": text,
        }

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            language = (message.get(LANGUAGE_DETECTION) or {}).get("code") or "fr"
            found = self.extract(text, language)
            if found:
                message.set(
                    ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True
                )
        return messages
