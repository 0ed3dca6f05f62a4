"""tariff_form: which activity, then the QF (never asked of a non-resident)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common.base import Reply
from actions.common.client import CityUnavailable, MunicipalClient
from actions.tariffs.catalogue import (
    MAX_QF, activity_buttons, activity_from_message, is_resident, message_has_amount, qf_from_message,
)


class ValidateTariffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_tariff_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # Non-residents pay the X price whatever their QF: do not ask for it.
        return domain_slots if is_resident(tracker) else [s for s in domain_slots if s != "qf"]

    def validate_activity(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        named = activity_from_message(tracker)
        if named:
            return {"activity": named}
        text = (tracker.latest_message or {}).get("text") or ""
        if value and value != text:
            return {"activity": value}   # named in an earlier message (an id from the lookups)
        # Free text that names no activity we know: say so; the form asks again with buttons.
        Reply(dispatcher, tracker).say("utter_tariff_activity_not_understood", text=text)
        return {"activity": None}

    def validate_qf(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                    domain: DomainDict) -> Dict[Text, Any]:
        qf: Optional[float] = qf_from_message(tracker) if message_has_amount(tracker) else _number(value)
        if qf is None or not 0 <= qf <= MAX_QF:
            if message_has_amount(tracker) and qf is None:
                return {"qf": None}   # only the "10" of "carte de 10 entrées": not a QF
            Reply(dispatcher, tracker).say("utter_qf_not_understood")
            return {"qf": None}
        return {"qf": qf}


def _number(value: Any) -> Optional[float]:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class ActionAskActivity(Action):
    """Asks which activity, with one button per activity of the API."""

    def name(self) -> Text:
        return "action_ask_activity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reply = Reply(dispatcher, tracker)
        try:
            activities = await MunicipalClient(language=reply.language).activities()
        except CityUnavailable:
            # Still ask: a typed answer is understood without the list.
            reply.say("utter_ask_activity")
            return []
        reply.say("utter_ask_activity", buttons=activity_buttons(activities))
        return []
