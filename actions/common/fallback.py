"""The number residents can always call, read from the city data pack at start.

It must not come from the API: it is what we say precisely when the API is down.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict

import yaml

from actions.common.settings import load_settings

FALLBACK_PLACE = "msp"


@lru_cache(maxsize=1)
def fallback_contact() -> Dict[str, str]:
    places_file = load_settings().seed_dir / "places.yml"
    places = yaml.safe_load(places_file.read_text(encoding="utf-8"))["places"]
    msp = next(p for p in places if p["id"] == FALLBACK_PLACE)
    return {"name": msp["name"], "phone": msp["phone"], "address": msp["address"]}
