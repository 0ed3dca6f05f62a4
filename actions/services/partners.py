"""The MSP's services and its partners: who handles what, when, with or without appointment."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import formatting
from actions.common.base import Reply
from actions.common.client import MunicipalClient
from actions.common.models import Partner, Permanence, Place
from actions.common.questions import answers
from actions.services.city import ServiceAction, gather, partner_or_none, places_by_id
from actions.services.entities import DEFAULT_PLACE, entity_values

# Several partners for one need ("propriétaire": ADIL and the conciliateur) are all shown,
# but a vague word must not flood the chat.
MAX_PARTNERS = 3


def search_terms(tracker: Tracker) -> List[str]:
    """What the resident needs help with, as /v1/partners?topic= search terms.

    `partner_topic` values are search terms already ("passport"); a document topic id
    ("social-housing") searches as words ("social housing").
    """
    terms = entity_values(tracker, "partner_topic")
    terms += [topic.replace("-", " ") for topic in entity_values(tracker, "doc_topic")]
    return terms


async def find_partners(client: MunicipalClient, tracker: Tracker, use_slot: bool) -> List[Partner]:
    """Partners named in the message, else those handling the need it names, else the one
    talked about earlier (slot `partner`) when `use_slot`."""
    named = entity_values(tracker, "partner")
    if named:
        found = await gather(*(partner_or_none(client, partner_id) for partner_id in named))
        return [p for p in found if p][:MAX_PARTNERS]
    terms = search_terms(tracker)
    if terms:
        results = await gather(*(client.partners(topic=term) for term in terms))
        unique: Dict[str, Partner] = {}
        for partners in results:
            for partner in partners:
                unique.setdefault(partner.id, partner)
        return list(unique.values())[:MAX_PARTNERS]
    remembered = tracker.get_slot("partner") if use_slot else None
    if remembered:
        partner = await partner_or_none(client, remembered)
        return [partner] if partner else []
    return []


def compact_json(value: Dict[str, str]) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def permanence_text(permanence: Permanence, language: str) -> str:
    """'jeudi 3 décembre, 09:00–12:00'."""
    day = formatting.day(permanence.date, language)
    return f"{day}, {formatting.ranges([f'{permanence.start}-{permanence.end}'], language)}"


def partner_lines(partners: List[Partner]) -> str:
    """'- CAF des Hauts-de-Seine — family benefits, housing benefit (APL), ...'."""
    return formatting.bullets(f"{p.name} — {', '.join(p.topics)}" for p in partners)


def remember(partners: List[Partner]) -> List[Dict[Text, Any]]:
    """One partner found: remember it for the follow-up ("et c'est quand ?")."""
    return [SlotSet("partner", partners[0].id)] if len(partners) == 1 else []


def say_schedule(reply: Reply, partner: Partner, place: Optional[Place]) -> None:
    """Next permanences of a partner, and whether an appointment is needed."""
    place_name = place.name if place else partner.place_id
    phone = place.phone if place else ""
    if not partner.next_permanences:
        reply.say("utter_partner_no_dates", partner_name=partner.name, place_name=place_name, phone=phone)
        return
    dates = formatting.bullets(permanence_text(p, reply.language) for p in partner.next_permanences)
    response = ("utter_partner_schedule_appointment" if partner.appointment_required
                else "utter_partner_schedule_no_appointment")
    reply.say(response, partner_name=partner.name, place_name=place_name, dates=dates, phone=phone)


@answers("ask_msp_services")
class ActionMspServices(ServiceAction):
    def name(self) -> Text:
        return "action_msp_services"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        place, partners = await gather(self.client.place(DEFAULT_PLACE), self.client.partners())
        here = [p.name for p in partners if p.place_id == place.id]
        reply.say("utter_msp_services", place_name=place.name, address=place.address,
                  services=formatting.bullets(place.services), partners=formatting.items(here, reply.language))
        return []


@answers("ask_partner")
class ActionPartnerInfo(ServiceAction):
    def name(self) -> Text:
        return "action_partner_info"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        asked = bool(entity_values(tracker, "partner") or search_terms(tracker))
        found, places = await gather(find_partners(self.client, tracker, use_slot=False),
                                     places_by_id(self.client))
        msp = places.get(DEFAULT_PLACE)
        if not found:
            everyone = await self.client.partners()
            if asked:
                reply.say("utter_partner_not_found", partners=partner_lines(everyone),
                          place_name=msp.name if msp else "", phone=msp.phone if msp else "")
            else:
                reply.say("utter_partner_list", partners=partner_lines(everyone),
                          place_name=msp.name if msp else "")
            return []
        for partner in found:
            place = places.get(partner.place_id)
            params = {"partner_id": partner.id, "partner_name": partner.name,
                      "topics": ", ".join(partner.topics), "place_name": place.name if place else partner.place_id}
            if partner.next_permanences:
                reply.say("utter_partner_info", next_permanence=permanence_text(partner.next_permanences[0],
                                                                                 reply.language), **params)
            else:
                reply.say("utter_partner_info_no_date", **params)
        return remember(found)


@answers("ask_partner_schedule")
class ActionPartnerSchedule(ServiceAction):
    def name(self) -> Text:
        return "action_partner_schedule"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        found, places = await gather(find_partners(self.client, tracker, use_slot=True),
                                     places_by_id(self.client))
        if not found:
            # Which one? One button per partner (their names are proper nouns, not translated).
            buttons = [{"title": p.name, "payload": "/ask_partner_schedule" + compact_json({"partner": p.id})}
                       for p in await self.client.partners()]
            reply.say("utter_which_partner", buttons=buttons)
            return []
        for partner in found:
            say_schedule(reply, partner, places.get(partner.place_id))
        return remember(found)
