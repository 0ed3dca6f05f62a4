"""Places: opening hours on a day, contacts, accessibility (GET /v1/places...)."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import Reply
from actions.common.client import CityError
from actions.common.clock import today
from actions.common.models import DayHours
from actions.common.questions import answers
from actions.services.city import ServiceAction, gather, partner_or_none, place_or_none, places_by_id, say_unknown_place
from actions.services.entities import day_of, first_entity, place_of


@answers("ask_opening_hours")
class ActionOpeningHours(ServiceAction):
    def name(self) -> Text:
        return "action_opening_hours"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        place_id = place_of(tracker)
        place, opening = await gather(place_or_none(self.client, place_id),
                                      self._opening(place_id, day_of(tracker, reply.language)))
        if place is None or opening is None:
            await say_unknown_place(reply, self.client)
            return []
        params = {"place_name": place.name, "day": formatting.day(opening.date, reply.language)}
        if opening.open:
            reply.say("utter_opening_hours_open", hours=formatting.ranges(opening.ranges, reply.language), **params)
        elif opening.holiday:
            reply.say("utter_opening_hours_holiday", holiday=opening.holiday, **params)
        else:
            reply.say("utter_opening_hours_closed", **params)
        return []

    async def _opening(self, place_id: str, day: date) -> Optional[DayHours]:
        try:
            days = await self.client.opening_hours(place_id, day)
        except CityError as error:
            if error.code == "place_not_found":
                return None
            if error.code != "date_out_of_range":
                raise
            # A day the city's calendar does not cover ("le 14 juillet 2150"): today instead.
            days = await self.client.opening_hours(place_id, today())
        return days[0] if days else None


@answers("ask_contact")
class ActionPlaceContact(ServiceAction):
    def name(self) -> Text:
        return "action_place_contact"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        partner_id = first_entity(tracker, "partner")
        if partner_id and not first_entity(tracker, "place"):
            if await self._partner_contact(reply, partner_id):
                return []
        place = await place_or_none(self.client, place_of(tracker))
        if place is None:
            await say_unknown_place(reply, self.client)
            return []
        params = {"place_name": place.name, "address": place.address, "phone": place.phone}
        if place.email:
            reply.say("utter_place_contact", email=place.email, **params)
        else:
            reply.say("utter_place_contact_no_email", **params)
        return []

    async def _partner_contact(self, reply: Reply, partner_id: str) -> bool:
        """A partner has no desk of its own: where its permanences are held, and its site."""
        partner, places = await gather(partner_or_none(self.client, partner_id), places_by_id(self.client))
        place = places.get(partner.place_id) if partner else None
        if partner is None or place is None:
            return False
        reply.say("utter_partner_contact", partner_name=partner.name, place_name=place.name,
                  address=place.address, phone=place.phone)
        if partner.official_site:
            reply.say("utter_partner_site", partner_name=partner.name, site=partner.official_site)
        return True


@answers("ask_accessibility")
class ActionPlaceAccessibility(ServiceAction):
    def name(self) -> Text:
        return "action_place_accessibility"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        place = await place_or_none(self.client, place_of(tracker))
        if place is None:
            await say_unknown_place(reply, self.client)
            return []
        params = {"place_name": place.name, "phone": place.phone}
        wheelchair = "utter_accessibility_wheelchair" if place.wheelchair_accessible else "utter_accessibility_no_wheelchair"
        hearing = "utter_accessibility_hearing_loop" if place.hearing_loop else "utter_accessibility_no_hearing_loop"
        reply.say(wheelchair, **params)
        reply.say(hearing, **params)
        return []
