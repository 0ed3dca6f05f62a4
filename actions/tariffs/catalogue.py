"""What the tariff actions share: which activity the resident means, and saying its price.

An `activity` slot holds an activity id of /v1/tariffs ("sports-piscine-10") or a place id
("conservatoire") meaning every activity of that place: "combien coûte le conservatoire"
gets the price of both conservatoire activities at once.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.common import formatting
from actions.common.base import Reply
from actions.common.client import MunicipalClient
from actions.common.models import Activity

NON_RESIDENT = "non_resident"   # value of the `residency` entity (data/nlu/lookups/tariffs.yml)
MAX_QF = 100_000                # euros per month: anything above is a typing mistake


def is_resident(tracker: Tracker) -> bool:
    return tracker.get_slot("residency") != NON_RESIDENT


def _entities(tracker: Tracker, name: str) -> List[Dict[str, Any]]:
    return [e for e in (tracker.latest_message or {}).get("entities") or [] if e.get("entity") == name]


def activity_from_message(tracker: Tracker) -> Optional[str]:
    """The activity named in the last message. A precise activity beats its place
    ("l'atelier enfant à l'Escale": escale-atelier-enfant, not escale)."""
    values = [str(e.get("value")) for e in _entities(tracker, "activity") if e.get("value")]
    precise = [v for v in values if not any(o != v and o.startswith(v) for o in values)]
    return precise[-1] if precise else None


def qf_from_message(tracker: Tracker) -> Optional[float]:
    """The QF typed in the last message: the last amount that is not part of an activity's
    name ("la carte de 10 entrées avec un QF de 600" -> 600)."""
    activities = _entities(tracker, "activity")

    def inside_activity(amount: Dict[str, Any]) -> bool:
        return any(a.get("start") is not None and a["start"] <= amount.get("start", -1) < a.get("end", -1)
                   for a in activities)

    amounts = [e for e in _entities(tracker, "amount") if not inside_activity(e)]
    if not amounts:
        return None
    try:
        return float(amounts[-1]["value"])
    except (TypeError, ValueError):
        return None


def message_has_amount(tracker: Tracker) -> bool:
    return bool(_entities(tracker, "amount"))


def resolve(value: Optional[str], activities: List[Activity]) -> List[Activity]:
    """The activities an `activity` value means: one activity, or all of a place's."""
    if not value:
        return []
    exact = [a for a in activities if a.activity_id == value]
    return exact or [a for a in activities if a.place_id == value]


def activity_buttons(activities: List[Activity]) -> List[Dict[str, str]]:
    """One button per activity (its name as the API words it in the resident's language);
    the payload asks its price, and the form keeps the QF."""
    return [{"title": a.name,
             "payload": "/ask_tariff" + json.dumps({"activity": a.activity_id})}
            for a in activities]


async def say_prices(reply: Reply, client: MunicipalClient, chosen: List[Activity],
                     qf: Optional[float], resident: bool) -> None:
    """The bracket (and why), then one line per activity, prices from the API."""
    language = reply.language
    prices = [await client.tariff_price(a.activity_id, qf if resident else None, resident) for a in chosen]
    bracket = prices[0].bracket
    if not resident:
        reply.say("utter_tariff_header_non_resident", bracket=bracket)
    elif qf is None:
        reply.say("utter_tariff_header_no_qf", bracket=bracket)
    else:
        reply.say("utter_tariff_header_qf", bracket=bracket, qf=formatting.price(int(qf), language))
    for activity, price in zip(chosen, prices):
        reply.say("utter_tariff_line", activity_name=activity.name,
                  price=formatting.price(price.price_eur, language))
    if resident and qf is None:
        reply.say("utter_tariff_offer_qf")


def bracket_for(rules: Dict[str, Any], qf: float) -> Optional[str]:
    """The resident bracket of a QF, from the API's brackets (max inclusive, last open)."""
    for bracket in rules.get("brackets") or []:
        if bracket.get("max") is None or qf <= bracket["max"]:
            return str(bracket.get("code"))
    return None
