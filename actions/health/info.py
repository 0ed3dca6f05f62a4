"""Questions about the Maison de Santé: C2S rights, walk-in hours, who practises there."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional, Text

from babel.dates import get_day_names
from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import CityAction, Reply
from actions.common.language import info_of
from actions.common.models import Practitioner
from actions.common.questions import answers
from actions.health.labels import any_practitioner_words, labels, language_names, specialty_label
from actions.health.search import from_message

HEALTH_CENTRE = "maison-de-sante"
WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def asked_specialty(tracker: Tracker) -> Optional[str]:
    """The specialty a question is about; "un médecin" in a question means any practitioner."""
    text = tracker.latest_message.get("text") or ""
    for found in reversed(tracker.latest_message.get("entities") or []):
        if found.get("entity") != "specialty":
            continue
        said = text[found["start"]:found["end"]] if "start" in found and "end" in found else ""
        return None if said.lower() in any_practitioner_words() else found.get("value")
    return None


def _specialty(practitioner: Practitioner, language: str) -> str:
    return specialty_label(practitioner.specialty_names, practitioner.specialty, language)


def practitioner_line(practitioner: Practitioner, language: str) -> str:
    """'Dr Claire Martin — médecin généraliste, secteur 1, C2S/AME acceptées, tiers payant, langues : …'."""
    words = labels(language)
    details = [
        _specialty(practitioner, language),
        words["sector"].get(practitioner.sector, practitioner.sector),
        words["c2s"][bool(practitioner.accepts_c2s)],
        words["tiers_payant"] if practitioner.tiers_payant else "",
        words["languages"].format(languages=formatting.items(language_names(practitioner.languages, language),
                                                             language)),
    ]
    line = f"{practitioner.name} — " + ", ".join(d for d in details if d)
    # The city's note (in the resident's language when translated): reimbursement, referral...
    return f"{line} — {practitioner.note}" if practitioner.note else line


def weekly_hours(hours: Dict[str, List[str]], language: str) -> str:
    """Days with the same hours grouped, in week order: '- lundi, mardi … : 08:00–10:00'."""
    names = get_day_names("wide", locale=info_of(language).locale)
    groups: List[tuple[List[str], List[str]]] = []
    for index, day in enumerate(WEEK):
        ranges = hours.get(day) or []
        if not ranges:
            continue
        for days, same in groups:
            if same == ranges:
                days.append(names[index])
                break
        else:
            groups.append(([names[index]], ranges))
    line = labels(language)["hours_line"]
    return formatting.bullets(line.format(days=formatting.items(days, language), hours=formatting.ranges(r, language))
                              for days, r in groups)


@answers("ask_c2s")
class ActionC2SInfo(CityAction):
    def name(self) -> Text:
        return "action_c2s_info"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        language = reply.language
        everyone = await self.client.practitioners()
        practitioner, specialty = from_message(tracker).practitioner, asked_specialty(tracker)
        asked = ([p for p in everyone if p.id == practitioner] or [p for p in everyone if p.specialty == specialty]
                 or everyone)
        reply.say("utter_c2s_rights")
        accepting = [p for p in asked if p.accepts_c2s]
        if accepting:
            reply.say("utter_c2s_practitioners", practitioners=formatting.bullets(
                f"{p.name} — {_specialty(p, language)}, {labels(language)['sector'].get(p.sector, p.sector)}"
                for p in accepting))
        others = [p for p in asked if not p.accepts_c2s]
        if others:
            sectors = labels(language)["sector"]
            reply.say("utter_c2s_not_covered", practitioners=formatting.items(
                [f"{p.name} ({_specialty(p, language)}, {sectors.get(p.sector, p.sector)})" for p in others],
                language))
        return []


@answers("ask_walk_in")
class ActionWalkIn(CityAction):
    def name(self) -> Text:
        return "action_walk_in"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        place = await self.client.place(HEALTH_CENTRE)
        hours = (place.walk_in or {}).get("hours") or {}
        if not any(hours.values()):
            reply.say("utter_walk_in_none", place_name=place.name, phone=place.phone)
            return []
        reply.say("utter_walk_in", place_name=place.name, address=place.address, phone=place.phone,
                  hours=weekly_hours(hours, reply.language))
        return []


@answers("ask_practitioners")
class ActionPractitioners(CityAction):
    def name(self) -> Text:
        return "action_practitioners"

    async def act(self, reply: Reply, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        said = replace(from_message(tracker).without_when(), specialty=asked_specialty(tracker))
        filters = said.api_filters()
        filters.pop("practitioner_id")
        found = await self.client.practitioners(**filters)
        if said.practitioner:
            found = [p for p in found if p.id == said.practitioner]
        if not found:
            reply.say("utter_practitioners_none")
            return []
        reply.say("utter_practitioners",
                  practitioners=formatting.bullets(practitioner_line(p, reply.language) for p in found))
        return []
