"""Who can get a domiciliation and what it gives access to; documents, steps and delays."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.questions import answers
from actions.domiciliation.shared import contact_or_fallback, wording


@answers("ask_domiciliation")
class ActionDomiciliationInfo(CityAction):
    def name(self) -> Text:
        return "action_domiciliation_info"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        info = await self.client.domiciliation_info()
        words, language = wording(), reply.language
        reply.say(
            "utter_domiciliation_info",
            who_can_apply=words.text(str(info.get("who_can_apply", "")), language),
            links=formatting.bullets(words.all_texts(info.get("link_with_the_commune") or [], language)),
            access=formatting.items(words.all_texts(info.get("what_it_gives_access_to") or [], language), language),
            ame_note=words.text(str(info.get("aid_medicale_etat_note", "")), language),
            **await contact_or_fallback(self.client),
        )
        return []


@answers("ask_domiciliation_steps")
class ActionDomiciliationSteps(CityAction):
    def name(self) -> Text:
        return "action_domiciliation_steps"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        info = await self.client.domiciliation_info()
        words, language = wording(), reply.language
        reply.say(
            "utter_domiciliation_steps",
            documents=formatting.bullets(words.all_texts(info.get("documents") or [], language)),
            steps=formatting.bullets(words.all_texts(info.get("steps") or [], language)),
            **await contact_or_fallback(self.client),
        )
        return []
