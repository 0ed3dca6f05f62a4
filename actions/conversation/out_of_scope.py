"""action_out_of_scope: an honest "I can't answer that", with the MSP's phone number.

Never an invented answer. The number comes from the city (place `msp`); when the city
is down or slow, from the data pack (actions/common/fallback.py), so this answer always
has a number to give.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common.client import CityError, CityUnavailable, MunicipalClient
from actions.common.fallback import FALLBACK_PLACE, fallback_contact
from actions.common.language import language_of

logger = logging.getLogger(__name__)


async def front_desk(language: str) -> Dict[str, str]:
    """Name and phone of the MSP's front desk."""
    try:
        place = await MunicipalClient(language=language).place(FALLBACK_PLACE)
        return {"place_name": place.name, "phone": place.phone}
    except (CityUnavailable, CityError) as error:
        logger.warning("front desk from the data pack: %s", error)
        contact = fallback_contact()
        return {"place_name": contact["name"], "phone": contact["phone"]}


class ActionOutOfScope(Action):
    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_out_of_scope", **(await front_desk(language_of(tracker))))
        return []
