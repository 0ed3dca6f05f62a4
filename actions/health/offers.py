"""Showing choices: free slots as buttons (with a fallback when a day has none) and specialties."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from actions.common.base import Reply
from actions.common.client import MunicipalClient
from actions.common.models import Practitioner, Slot
from actions.health.labels import specialty_label
from actions.health.search import Criteria, describe, free_slots, slot_buttons


async def offered_slots(client: MunicipalClient, criteria: Criteria,
                        exclude: Optional[str] = None) -> Tuple[List[Slot], bool]:
    """The slots to offer for `criteria`, and whether they match its day and part of day.

    No slot that day or part of day: the next ones whatever the day.
    """
    slots = await free_slots(client, criteria, exclude=exclude)
    if slots or not criteria.has_when():
        return slots, True
    return await free_slots(client, criteria.without_when(), exclude=exclude), False


async def offer_slots(reply: Reply, client: MunicipalClient, criteria: Criteria,
                      practitioners: Dict[str, Practitioner], *, intent: str, found: str, none: str,
                      exclude: Optional[str] = None) -> bool:
    """Say the next free slots for `criteria` as buttons sending `/<intent>{"appointment_slot_id":..}`.

    No slot that day: say so and offer the next ones. No slot at all: the `none` response,
    which suggests another day or practitioner. Returns whether any slot was offered.
    """
    language = reply.language
    slots, as_asked = await offered_slots(client, criteria, exclude)
    if not slots:
        reply.say(none, criteria=describe(criteria.without_when(), practitioners, language))
        return False
    reply.say(found if as_asked else "utter_health_no_slots_then",
              buttons=slot_buttons(slots, practitioners, language, intent),
              criteria=describe(criteria, practitioners, language))
    return True


def specialty_buttons(info: Dict[str, Any], language: str, intent: str) -> List[Dict[str, str]]:
    """One button per specialty of /v1/health/info, titled in the resident's language."""
    buttons = []
    for specialty, names in (info.get("specialty_names") or {}).items():
        title = specialty_label(names, specialty, language)
        payload = f"/{intent}" + json.dumps({"specialty": specialty}, separators=(",", ":"))
        buttons.append({"title": title[:1].upper() + title[1:], "payload": payload})
    return buttons
