"""Small helpers around the municipal client shared by the services actions."""
from __future__ import annotations

import asyncio
import logging
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, MunicipalClient
from actions.common.models import Partner, Place

logger = logging.getLogger(__name__)


async def gather(*calls: Any) -> List[Any]:
    """Concurrent calls: two slow answers must not add up beyond the resident's 3 s."""
    return list(await asyncio.gather(*calls))


async def place_or_none(client: MunicipalClient, place_id: str) -> Optional[Place]:
    """The place, or None when the city does not know this id (404)."""
    try:
        return await client.place(place_id)
    except CityError as error:
        if error.code == "place_not_found":
            return None
        raise


async def partner_or_none(client: MunicipalClient, partner_id: str) -> Optional[Partner]:
    try:
        return await client.partner(partner_id)
    except CityError as error:
        if error.code == "partner_not_found":
            return None
        raise


async def places_by_id(client: MunicipalClient) -> Dict[str, Place]:
    return {place.id: place for place in await client.places()}


async def say_unknown_place(reply: Reply, client: MunicipalClient) -> None:
    places = await client.places()
    reply.say("utter_place_not_found", places=formatting.bullets(p.name for p in places))


class ServiceAction(CityAction, metaclass=ABCMeta):
    """A services answer. The city answering an error we did not expect (a partner or a
    document topic renamed in its data) is handled like the city being unavailable: the
    resident gets the phone number instead of silence.

    Abstract (ABCMeta + abstract `name`), so the action server does not register it.
    """

    @abstractmethod
    def name(self) -> Text:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            return await super().run(dispatcher, tracker, domain)
        except CityError as error:
            logger.warning("unexpected city error in %s: %s", self.name(), error)
            Reply(dispatcher, tracker).city_unavailable()
            return []
