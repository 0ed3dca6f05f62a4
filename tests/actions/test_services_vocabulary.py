"""The services vocabulary (data/nlu/lookups) against the real municipal API.

Every word a resident may use for a place, a partner, a document topic or a need must
lead to something the city knows: a synonym typo would silently answer "not found".
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Set

import httpx
import pytest
import yaml

from bot.languages import load_languages

LOOKUPS = Path(__file__).resolve().parents[2] / "data" / "nlu" / "lookups"
FUTURE_LANGUAGES = {"ar", "es", "pt", "uk"}   # recognised already, spoken later


def _items(text: str) -> List[str]:
    return [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("- ")]


def vocabulary(file: str) -> Dict[str, Dict[str, str]]:
    """entity -> {surface form (lowercase) -> canonical value}."""
    data = yaml.safe_load((LOOKUPS / file).read_text(encoding="utf-8"))["nlu"]
    synonyms = {form.lower(): item["synonym"] for item in data if "synonym" in item
                for form in _items(item["examples"])}
    tables: Dict[str, Dict[str, str]] = {}
    for item in data:
        if "lookup" in item:
            tables[item["lookup"]] = {form.lower(): synonyms.get(form.lower(), form)
                                      for form in _items(item["examples"])}
    return tables


SERVICES = vocabulary("services.yml")


def values(entity: str) -> Set[str]:
    return set(SERVICES[entity].values())


def get(city, path: str, **params: str):
    response = httpx.get(f"{city.url}{path}", params=params, timeout=5)
    response.raise_for_status()
    return response.json()


def test_place_values_are_place_ids(city):
    assert values("place") == {p["id"] for p in get(city, "/v1/places")}


def test_partner_values_are_partner_ids(city):
    assert values("partner") == {p["id"] for p in get(city, "/v1/partners")}


@pytest.mark.parametrize("term", sorted(values("partner_topic")))
def test_every_need_finds_a_partner(city, term):
    assert get(city, "/v1/partners", topic=term), f"no partner for {term!r}"


@pytest.mark.parametrize("topic", sorted(values("doc_topic")))
def test_every_document_topic_has_documents(city, topic):
    assert [d for d in get(city, "/v1/documents", topic=topic) if d["topic"] == topic]


def test_ui_languages_are_language_codes():
    spoken = set(load_languages().codes)
    assert set(vocabulary("languages.yml")["ui_language"].values()) == spoken | FUTURE_LANGUAGES


def test_no_word_means_two_things_across_all_lookups():
    # Rasa's synonym mapper is global (text -> value, whatever the entity).
    meaning: Dict[str, str] = {}
    clashes = []
    for path in sorted(LOOKUPS.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", [])
        for item in data:
            if "synonym" not in item:
                continue
            for form in _items(item["examples"]):
                previous = meaning.setdefault(form.lower(), item["synonym"])
                if previous != item["synonym"]:
                    clashes.append(f"{form!r}: {previous} / {item['synonym']} ({path.name})")
    assert not clashes, clashes


def test_one_surface_form_belongs_to_one_of_our_entities():
    seen: Dict[str, str] = {}
    clashes = []
    for entity, forms in SERVICES.items():
        for form in forms:
            if form in seen and seen[form] != entity:
                clashes.append(f"{form!r}: {seen[form]} / {entity}")
            seen.setdefault(form, entity)
    assert not clashes, clashes
