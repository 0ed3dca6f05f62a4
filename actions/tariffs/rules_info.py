"""Reductions, documents to bring and how to apply: /v1/tariffs/rules, worded for the resident."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.questions import answers


@answers("ask_tariff_reductions")
class ActionTariffReductions(CityAction):
    def name(self) -> Text:
        return "action_tariff_reductions"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        rules = await self.client.tariff_rules()
        reductions = [str(r) for r in rules.get("reductions") or []]
        reply.say("utter_tariff_reductions", reductions=formatting.bullets(reductions))
        return []


@answers("ask_tariff_howto")
class ActionTariffHowto(CityAction):
    def name(self) -> Text:
        return "action_tariff_howto"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        rules = await self.client.tariff_rules()
        qf_rule = rules.get("quotient_familial") or {}
        reply.say("utter_tariff_howto", how_to_apply=str(rules.get("how_to_apply", "")),
                  proofs=formatting.bullets(str(p) for p in qf_rule.get("accepted_proofs") or []),
                  definition=str(qf_rule.get("definition", "")))
        return []
