"""Who can get a domiciliation and what it gives access to; documents, steps and delays."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.questions import answers
from actions.domiciliation.shared import contact_or_fallback


@answers("ask_domiciliation")
class ActionDomiciliationInfo(CityAction):
    def name(self) -> Text:
        return "action_domiciliation_info"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        info = await self.client.domiciliation_info()
        reply.say(
            "utter_domiciliation_info",
            who_can_apply=str(info.get("who_can_apply", "")),
            links=formatting.bullets(info.get("link_with_the_commune") or []),
            access=formatting.items(info.get("what_it_gives_access_to") or [], reply.language),
            ame_note=str(info.get("aid_medicale_etat_note", "")),
            **await contact_or_fallback(self.client),
        )
        return []


@answers("ask_domiciliation_steps")
class ActionDomiciliationSteps(CityAction):
    def name(self) -> Text:
        return "action_domiciliation_steps"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        info = await self.client.domiciliation_info()
        reply.say(
            "utter_domiciliation_steps",
            documents=formatting.bullets(info.get("documents") or []),
            steps=formatting.bullets(info.get("steps") or []),
            **await contact_or_fallback(self.client),
        )
        return []
