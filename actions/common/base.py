"""Base class for actions that ask the city: one place for the graceful failure."""
from __future__ import annotations

import logging
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common.client import CityUnavailable, MunicipalClient
from actions.common.fallback import fallback_contact
from actions.common.language import language_of

logger = logging.getLogger(__name__)


class Reply:
    """What an action says, always through responses with parameters (no text in Python)."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.dispatcher = dispatcher
        self.language = language_of(tracker)

    def say(self, response: str, buttons: List[Dict[str, Any]] | None = None, **params: Any) -> None:
        self.dispatcher.utter_message(response=response, buttons=buttons, **params)

    def city_unavailable(self) -> None:
        contact = fallback_contact()
        self.say("utter_city_unavailable", phone=contact["phone"], place_name=contact["name"])


class CityAction(Action, metaclass=ABCMeta):
    """An action that reads or writes the city's data; subclasses implement `act`.

    Abstract, so that rasa_sdk (which registers every concrete Action subclass) skips it.
    """

    client_factory = MunicipalClient

    @abstractmethod
    def name(self) -> Text:
        ...

    @abstractmethod
    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reply = Reply(dispatcher, tracker)
        self.client = self.client_factory(language=reply.language)
        try:
            return await self.act(reply, tracker, domain)
        except CityUnavailable as exc:
            logger.warning("city unavailable in %s: %s", self.name(), exc)
            reply.city_unavailable()
            return []
