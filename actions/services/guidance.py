"""Social housing and employment: the partner who helps, its next permanences, the documents.

Both answers follow the same path: a short explanation, the partner's next dates (and
whether an appointment is needed), then the documents to bring — all from the API.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common.base import Reply
from actions.common.questions import answers
from actions.services.city import ServiceAction, gather, places_by_id
from actions.services.documents import document_lists, say_documents
from actions.services.partners import say_schedule


class GuidanceAction(ServiceAction):
    """Subclasses name the partner and document topic ids (data ids, not text)."""

    partner_id = ""
    documents_topic = ""
    intro = ""

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        partner, lists, places = await gather(self.client.partner(self.partner_id),
                                              document_lists(self.client, self.documents_topic),
                                              places_by_id(self.client))
        place = places.get(partner.place_id)
        reply.say(self.intro, partner_name=partner.name, topics=", ".join(partner.topics),
                  place_name=place.name if place else partner.place_id)
        say_schedule(reply, partner, place)
        say_documents(reply, lists)
        # Follow-ups ("faut-il un rendez-vous ?", "quels documents ?") are about this partner.
        return [SlotSet("partner", partner.id), SlotSet("doc_topic", self.documents_topic)]


@answers("ask_social_housing")
class ActionSocialHousing(GuidanceAction):
    partner_id = "adil"               # ADIL: social housing application (numéro unique)
    documents_topic = "social-housing"
    intro = "utter_social_housing"

    def name(self) -> Text:
        return "action_social_housing"


@answers("ask_employment")
class ActionEmployment(GuidanceAction):
    partner_id = "france-travail"
    documents_topic = "france-travail"
    intro = "utter_employment"

    def name(self) -> Text:
        return "action_employment"
