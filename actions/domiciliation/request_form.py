"""domiciliation_form: link with the commune, identity document, optional phone, confirmation."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import phonenumbers
import yaml
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common.base import Reply
from actions.common.client import CityUnavailable, MunicipalClient
from actions.common.parsing import parse_phone
from actions.domiciliation.shared import bot_label, link_label, link_options
from actions.tariffs.wording import fold, mentions

NO_PHONE = "none"   # dom_phone when the resident gives no number (the slot must be filled)


@lru_cache(maxsize=None)
def _words(kind: str) -> List[str]:
    """vocabulary.yml's words of a kind (no_phone, yes, no), every language together."""
    data = yaml.safe_load(Path(__file__).with_name("vocabulary.yml").read_text(encoding="utf-8"))
    return [w for words in (data.get(kind) or {}).values() for w in words]


def yes_or_no(value: Any) -> Optional[bool]:
    """The answer to a yes/no question: affirm/deny (already a bool), or words for them."""
    if isinstance(value, bool):
        return value
    text = str(value or "")
    if mentions(text, _words("no")):
        return False
    if mentions(text, _words("yes")):
        return True
    return None


async def _link_options(reply: Reply) -> List[Dict[str, Any]]:
    """The city's link options, in the resident's language (raises CityUnavailable)."""
    return link_options(await MunicipalClient(language=reply.language).domiciliation_info())


def _end_form() -> List[Dict[Text, Any]]:
    """Stops the form without writing anything (the city is unavailable)."""
    return [SlotSet("requested_slot", None), ActiveLoop(None)]


def display_phone(phone: Optional[str]) -> Optional[str]:
    if not phone or phone == NO_PHONE:
        return None
    number = phonenumbers.parse(phone, "FR")
    style = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 33 \
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


class ValidateDomiciliationForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_domiciliation_form"

    async def validate_dom_link(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        reply = Reply(dispatcher, tracker)
        try:
            options = await _link_options(reply)
        except CityUnavailable:
            reply.city_unavailable()
            return {"dom_link": None, "requested_slot": None}
        ids = [str(o["id"]) for o in options]
        # The first link named wins: "ma mère habite à Levallois" is about family ties.
        named = [e.get("value") for e in (tracker.latest_message or {}).get("entities") or []
                 if e.get("entity") == "dom_link" and e.get("value") in ids]
        if named:
            return {"dom_link": named[0]}
        text = fold(str(value or "")).strip(" .!")
        for option in options:
            labels = {fold(str(option["id"])), fold(link_label(option))}
            if text in labels:
                return {"dom_link": str(option["id"])}
        reply.say("utter_dom_link_not_understood")
        return {"dom_link": None}

    def validate_dom_has_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        answer = yes_or_no(value)
        if answer is None:
            Reply(dispatcher, tracker).say("utter_dom_yes_no_not_understood")
        return {"dom_has_id": answer}

    def validate_dom_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        answer = yes_or_no(value)
        if answer is None:
            Reply(dispatcher, tracker).say("utter_dom_yes_no_not_understood")
        return {"dom_confirm": answer}

    def validate_dom_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        phone = parse_phone(text)
        if phone:
            return {"dom_phone": phone}
        if intent == "deny" or mentions(text, _words("no_phone")):
            return {"dom_phone": NO_PHONE}
        Reply(dispatcher, tracker).say("utter_dom_phone_not_understood")
        return {"dom_phone": None}


class ActionAskDomLink(Action):
    """Asks the link with Levallois, one button per link option of the API."""

    def name(self) -> Text:
        return "action_ask_dom_link"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reply = Reply(dispatcher, tracker)
        try:
            options = await _link_options(reply)
        except CityUnavailable:
            reply.city_unavailable()
            return _end_form()
        # The payload names the option's id: an entity, so the answer round-trips exactly.
        buttons = [{"title": link_label(o),
                    "payload": '/inform{"dom_link":"%s"}' % o["id"]} for o in options]
        reply.say("utter_ask_dom_link", buttons=buttons)
        return []


class ActionAskDomConfirm(Action):
    """Sums up the answers and asks whether to register the request."""

    def name(self) -> Text:
        return "action_ask_dom_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[Text, Any]]:
        reply = Reply(dispatcher, tracker)
        try:
            options = await _link_options(reply)
        except CityUnavailable:
            reply.city_unavailable()
            return _end_form()
        link_id = tracker.get_slot("dom_link")
        option = next((o for o in options if o["id"] == link_id), {"id": link_id, "label": link_id})
        language = reply.language
        has_id = bot_label("answer-yes" if tracker.get_slot("dom_has_id") else "answer-no", language)
        phone = display_phone(tracker.get_slot("dom_phone")) or bot_label("answer-no-phone", language)
        reply.say("utter_ask_dom_confirm", link=link_label(option), has_id=has_id, phone=phone)
        return []
