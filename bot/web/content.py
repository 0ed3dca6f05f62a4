"""What the pages show besides the conversation: their texts per language (texts.yml),
the languages of the menu (bot/languages.yml) and the city's contact and partners
(the city data pack, the same files the municipal API is seeded from)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]
TEXTS_FILE = Path(__file__).with_name("texts.yml")
CONTACT_PLACE = "msp"


@lru_cache(maxsize=1)
def page_texts() -> Dict[str, Dict[str, str]]:
    """Texts per language code; a language without its own entry gets the default's."""
    raw = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    settings = load_languages()
    default = raw[settings.default]
    return {code: {**default, **(raw.get(code) or {})} for code in settings.codes}


def menu_languages() -> List[Dict[str, str]]:
    """The language menu: every language the assistant speaks, by its native name."""
    return [{"code": info.code, "name": info.name, "dir": info.dir,
             "locale": info.locale.replace("_", "-")}
            for info in load_languages().languages.values()]


def _city_data_dir() -> Path:
    return Path(os.environ.get("CITY_DATA_DIR", ROOT / "municipal_api" / "seed" / "city-data"))


@lru_cache(maxsize=1)
def city_contact() -> Dict[str, Any]:
    """The Maison des Services Publics' name, address and phone, and the partners' sites."""
    data_dir = _city_data_dir()
    places = yaml.safe_load((data_dir / "places.yml").read_text(encoding="utf-8"))["places"]
    partners = yaml.safe_load((data_dir / "partners.yml").read_text(encoding="utf-8"))["partners"]
    msp = next(p for p in places if p["id"] == CONTACT_PLACE)
    return {
        "name": msp["name"], "address": msp["address"], "phone": msp["phone"],
        "partners": [{"name": p["name"], "site": p["official_site"]}
                     for p in partners if p.get("official_site")],
    }
