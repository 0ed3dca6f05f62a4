"""Documents to bring, per topic: a partner, social housing, tariffs, domiciliation... (GET /v1/documents)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import Reply
from actions.common.client import MunicipalClient
from actions.common.models import DocumentList, Place
from actions.common.questions import answers
from actions.services.city import ServiceAction, gather, place_or_none
from actions.services.entities import DEFAULT_PLACE, entity_values, first_entity

# Places whose documents are a topic of their own ("que prendre pour la maison de santé").
PLACE_TOPICS = {"maison-de-sante": "maison-de-sante"}


async def topics_asked(client: MunicipalClient, tracker: Tracker) -> List[str]:
    """Document topic ids: named in the message, else a partner handling the need it names,
    else what was talked about earlier (slots doc_topic, partner)."""
    named = entity_values(tracker, "doc_topic") + entity_values(tracker, "partner")
    place_topic = PLACE_TOPICS.get(first_entity(tracker, "place") or "")
    if named or place_topic:
        return named or [place_topic]
    needs = entity_values(tracker, "partner_topic")
    if needs:
        partners = await client.partners(topic=needs[0])
        return [p.id for p in partners[:2]]
    remembered = tracker.get_slot("doc_topic") or tracker.get_slot("partner")
    return [remembered] if remembered else []


async def document_lists(client: MunicipalClient, topic: str) -> List[DocumentList]:
    """The lists of a topic id; the API searches substrings, so an exact id wins."""
    found = await client.documents(topic=topic)
    exact = [d for d in found if d.topic == topic]
    return exact or found[:1]


def say_documents(reply: Reply, lists: List[DocumentList]) -> None:
    for item in lists:
        reply.say("utter_documents", title=item.title, documents=formatting.bullets(item.documents))


@answers("ask_documents")
class ActionDocuments(ServiceAction):
    def name(self) -> Text:
        return "action_documents"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        topics = await topics_asked(self.client, tracker)
        if not topics:
            reply.say("utter_documents_which_topic")
            return []
        lists: List[DocumentList] = []
        for found in await gather(*(document_lists(self.client, topic) for topic in topics[:2])):
            lists += [d for d in found if d not in lists]
        if not lists:
            msp: Optional[Place] = await place_or_none(self.client, DEFAULT_PLACE)
            reply.say("utter_documents_not_found", place_name=msp.name if msp else "",
                      phone=msp.phone if msp else "")
            return []
        say_documents(reply, lists)
        return []
