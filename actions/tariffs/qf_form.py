"""qf_form: the household, income and benefits, read as people type them.

"deux", "3 enfants", "aucun", "none", "36 000 € par an", "mille deux cents" are all
understood (bot.numbers for the figures, vocabulary.yml for the words). A bad answer is
explained in the resident's language and asked again; nothing is lost.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import formatting
from actions.common.base import Reply
from actions.common.parsing import parse_amount
from actions.tariffs.wording import mentions

MAX_CHILDREN = 20            # the API's limit (POST /v1/quotient-familial)
MAX_EUROS = 10_000_000       # the API's limit for an income or benefits
MONTHS = 12


@lru_cache(maxsize=1)
def vocabulary() -> Dict[str, Dict[str, List[str]]]:
    return yaml.safe_load(Path(__file__).with_name("vocabulary.yml").read_text(encoding="utf-8"))


def says(text: str, kind: str) -> bool:
    """Whether `text` contains one of the `kind` words, in any language."""
    return any(mentions(text, words.get(kind, [])) for words in vocabulary().values())


def _intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def _amount(tracker: Tracker, value: Any, language: str) -> Optional[float]:
    """The number the resident typed: the NLU's `amount` entity, else the text itself."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "amount":
            try:
                return float(entity["value"])
            except (TypeError, ValueError):
                pass
    if isinstance(value, (int, float)):
        return float(value)
    return parse_amount(str(value or ""), language)


def _is_none(tracker: Tracker, value: Any) -> bool:
    return _intent(tracker) == "deny" or says(str(value or ""), "none")


class ValidateQfForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_qf_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # No child: no question about children with a disability.
        if tracker.get_slot("household_children") == 0:
            return [s for s in domain_slots if s != "household_disabled_children"]
        return domain_slots

    def validate_household_adults(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        if says(text, "couple"):         # before "single": "parent seul", "single parent"
            return {"household_adults": 2.0}
        if says(text, "single"):
            return {"household_adults": 1.0}
        number = _amount(tracker, value, Reply(dispatcher, tracker).language)
        if number in (1, 2):
            return {"household_adults": float(number)}
        Reply(dispatcher, tracker).say("utter_household_adults_not_understood")
        return {"household_adults": None}

    def _count(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
               maximum: int) -> Dict[Text, Any]:
        reply = Reply(dispatcher, tracker)
        number = _amount(tracker, value, reply.language)
        if number is None and _is_none(tracker, value):
            number = 0.0
        if number is None or number != int(number) or not 0 <= number <= maximum:
            reply.say("utter_household_count_not_understood", maximum=maximum)
            return {slot: None}
        return {slot: float(number)}

    def validate_household_children(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        return self._count("household_children", value, dispatcher, tracker, MAX_CHILDREN)

    def validate_household_disabled_children(self, value: Any, dispatcher: CollectingDispatcher,
                                             tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        children = int(tracker.get_slot("household_children") or 0)
        return self._count("household_disabled_children", value, dispatcher, tracker, children)

    def _euros(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
               per_year: bool) -> Dict[Text, Any]:
        reply = Reply(dispatcher, tracker)
        text = str(value or "")
        amount = _amount(tracker, value, reply.language)
        if amount is None and _is_none(tracker, value):
            amount = 0.0
        if amount is None or not 0 <= amount <= MAX_EUROS:
            reply.say("utter_household_amount_not_understood")
            return {slot: None}
        # "2 500 par mois" for a yearly income, "1 200 par an" for monthly benefits.
        if per_year and says(text, "per_month"):
            amount *= MONTHS
        elif not per_year and says(text, "per_year"):
            amount = round(amount / MONTHS, 2)
        return {slot: amount}

    def validate_annual_income(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        return self._euros("annual_income", value, dispatcher, tracker, per_year=True)

    def validate_monthly_benefits(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        return self._euros("monthly_benefits", value, dispatcher, tracker, per_year=False)


def household_summary(tracker: Tracker, language: str) -> Dict[str, str]:
    """Income and benefits formatted for the explanation of the result."""
    return {
        "income": formatting.price(float(tracker.get_slot("annual_income") or 0), language),
        "benefits": formatting.price(float(tracker.get_slot("monthly_benefits") or 0), language),
    }
