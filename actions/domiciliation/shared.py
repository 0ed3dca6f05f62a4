"""What the domiciliation actions share: labels the API does not translate, the CCAS's contact."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

from actions.common.client import CityError, CityUnavailable, MunicipalClient
from actions.common.fallback import fallback_contact
from actions.tariffs.wording import label

# domiciliation.yml: "In Levallois the CCAS handles it (place: ccas)".
HANDLED_BY = "ccas"


LABELS = Path(__file__).with_name("labels.yml")


def bot_label(key: str, language: str, default: str = "") -> str:
    """A status or a short answer in the resident's language (labels.yml)."""
    return label(LABELS, key, language, default or key)


def link_label(option: Dict[str, Any]) -> str:
    """A link option as the API words it (translated with Accept-Language)."""
    return str(option.get("label") or option.get("id"))


def link_options(info: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [o for o in info.get("link_options") or [] if isinstance(o, dict) and o.get("id")]


async def place_contact(client: MunicipalClient) -> Dict[str, str]:
    place = await client.place(HANDLED_BY)
    return {"place_name": place.name, "address": place.address, "phone": place.phone}


async def contact_or_fallback(client: MunicipalClient) -> Dict[str, str]:
    """The CCAS's contact; the MSP's (always known) if the city cannot give it."""
    try:
        return await place_contact(client)
    except (CityUnavailable, CityError):
        fallback = fallback_contact()
        return {"place_name": fallback["name"], "address": fallback["address"], "phone": fallback["phone"]}
