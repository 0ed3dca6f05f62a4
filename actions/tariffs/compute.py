"""action_compute_qf: submits qf_form. The API computes the QF; the bot explains it."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.client import CityError, CityUnavailable
from actions.tariffs.catalogue import activity_buttons, bracket_for, is_resident, resolve, say_prices
from actions.tariffs.qf_form import household_summary

HOUSEHOLD_SLOTS = ("household_adults", "household_children", "household_disabled_children",
                   "annual_income", "monthly_benefits")


def forget_household() -> List[Dict[Text, Any]]:
    """The answers are cleared once used, so that a new calculation asks again."""
    return [SlotSet(slot, None) for slot in HOUSEHOLD_SLOTS]


class ActionComputeQf(CityAction):
    def name(self) -> Text:
        return "action_compute_qf"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = reply.language
        try:
            result = await self.client.quotient_familial(
                annual_income=float(tracker.get_slot("annual_income") or 0),
                monthly_benefits=float(tracker.get_slot("monthly_benefits") or 0),
                adults=int(tracker.get_slot("household_adults") or 1),
                children=int(tracker.get_slot("household_children") or 0),
                disabled_children=int(tracker.get_slot("household_disabled_children") or 0),
            )
            rules = await self.client.tariff_rules()
        except (CityUnavailable, CityError):
            reply.city_unavailable()
            return forget_household()
        qf_rule = rules.get("quotient_familial") or {}
        parts = formatting.number(result.parts, language)
        qf = formatting.price(result.qf, language)
        # The API names the bracket too (contract); older clients drop it, so fall back on the rules.
        bracket = getattr(result, "bracket", None) or bracket_for(rules, result.qf) or ""
        reply.say("utter_qf_result", qf=qf, parts=parts, bracket=bracket)
        reply.say("utter_qf_computation", qf=qf, parts=parts,
                  definition=str(qf_rule.get("definition", "")), rounding=str(qf_rule.get("rounding", "")),
                  **household_summary(tracker, language))
        events = forget_household() + [SlotSet("qf", float(result.qf))]
        try:
            activities = await self.client.activities()
            chosen = resolve(tracker.get_slot("activity"), activities)
            if chosen:
                await say_prices(reply, self.client, chosen, float(result.qf), is_resident(tracker))
            else:
                reply.say("utter_qf_ask_activity", buttons=activity_buttons(activities))
        except (CityUnavailable, CityError):
            reply.city_unavailable()   # the QF itself was given; only the price is missing
        return events
