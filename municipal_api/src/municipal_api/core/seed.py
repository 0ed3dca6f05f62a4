"""Load the city data pack (seed/city-data) and our additions (seed/extensions) into the database.

Idempotent: rows are upserted by id, so loading the same files twice changes nothing.
"""

import logging
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from municipal_api.core.db import lock_for_transaction, write_transaction
from municipal_api.core.reference_data import (
    BOOKING_RULES,
    DOMICILIATION_INFO,
    SPECIALTY_NAMES,
    TARIFF_RULES,
    ReferenceData,
)
from municipal_api.documents.models import DocumentChecklist
from municipal_api.health.models import Practitioner
from municipal_api.partners.models import Partner
from municipal_api.places.models import Place
from municipal_api.tariffs.models import Activity

logger = logging.getLogger(__name__)
PARTNERS_DEFAULT_PLACE = "msp"  # partners.yml: "permanences at the Maison des Services Publics (place: msp)"


class SeedError(RuntimeError):
    pass


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_pack(seed_dir: Path) -> dict[str, Any]:
    pack_dir, extensions_dir = seed_dir / "city-data", seed_dir / "extensions"
    pack = {path.stem: read_yaml(path) for path in sorted(pack_dir.glob("*.yml"))}
    pack["extensions"] = {path.stem: read_yaml(path) for path in sorted(extensions_dir.glob("*.yml"))}
    missing = {"places", "partners", "tariffs", "health-centre", "domiciliation"} - pack.keys()
    if missing:
        raise SeedError(f"seed data missing in {pack_dir}: {', '.join(sorted(missing))}")
    return pack


def _lookup(pack: dict[str, Any], dotted: str) -> Any:
    """'tariffs.quotient_familial.accepted_proofs' -> that value of tariffs.yml."""
    value: Any = pack
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise SeedError(f"documents_from points nowhere: {dotted}")
        value = value[part]
    return value


def _places(pack: dict) -> list[Place]:
    fields = ("name", "kind", "address", "phone", "email", "wheelchair_accessible", "hearing_loop",
              "walk_in", "emergency_note", "mail_pickup")
    return [Place(id=p["id"], hours=p.get("hours") or {}, services=p.get("services") or [],
                  open_on_public_holidays=bool(p.get("open_on_public_holidays", False)),
                  **{field: p.get(field) for field in fields})
            for p in pack["places"]["places"]]


def _partners(pack: dict) -> list[Partner]:
    return [Partner(id=p["id"], name=p["name"], topics=p.get("topics") or [], schedule=p.get("schedule") or [],
                    appointment_required=bool(p.get("appointment_required")), official_site=p.get("official_site"),
                    place_id=p.get("place", PARTNERS_DEFAULT_PLACE))
            for p in pack["partners"]["partners"]]


def _activities(pack: dict) -> list[Activity]:
    return [Activity(id=a["id"], name=a["name"], place_id=a["place"], prices=a["prices"], position=position)
            for position, a in enumerate(pack["tariffs"]["activities"])]


def _practitioners(pack: dict) -> list[Practitioner]:
    return [Practitioner(id=p["id"], name=p["name"], specialty=p["specialty"], sector=str(p["sector"]),
                         accepts_c2s=bool(p["accepts_c2s"]), tiers_payant=bool(p["tiers_payant"]),
                         languages=p.get("languages") or [], slot_minutes=int(p["slot_minutes"]),
                         schedule=p.get("schedule") or {}, note=p.get("note"), position=position)
            for position, p in enumerate(pack["health-centre"]["practitioners"])]


def _checklists(pack: dict) -> list[DocumentChecklist]:
    entries = pack["extensions"].get("documents", {}).get("topics", [])
    checklists = []
    for position, entry in enumerate(entries):
        documents = _lookup(pack, entry["documents_from"]) if "documents_from" in entry else entry["documents"]
        checklists.append(DocumentChecklist(topic=entry["topic"], title=entry["title"],
                                            documents=list(documents), position=position))
    return checklists


def _link_options(pack: dict) -> list[dict[str, str]]:
    criteria = pack["domiciliation"]["link_with_the_commune"]
    options = pack["extensions"].get("domiciliation", {}).get("link_options", [])
    if len(options) != len(criteria):
        raise SeedError("extensions/domiciliation.yml needs one link option per link_with_the_commune entry")
    # Same order as the data pack: the label is ours, the description is the pack's wording.
    return [{"id": option["id"], "label": option["label"], "description": criterion}
            for option, criterion in zip(options, criteria, strict=True)]


def _reference_rows(pack: dict) -> list[ReferenceData]:
    tariffs, health = pack["tariffs"], pack["health-centre"]
    return [
        ReferenceData(key=TARIFF_RULES, value={key: tariffs[key] for key in
                                               ("quotient_familial", "brackets", "non_resident_code",
                                                "reductions", "how_to_apply")}),
        ReferenceData(key=DOMICILIATION_INFO, value={**pack["domiciliation"], "link_options": _link_options(pack)}),
        ReferenceData(key=BOOKING_RULES, value=health["booking_rules"]),
        ReferenceData(key=SPECIALTY_NAMES, value=health["specialty_names"]),
    ]


def load_seed(session: Session, seed_dir: Path) -> None:
    pack = load_pack(seed_dir)
    with write_transaction(session):
        lock_for_transaction(session, "seed")  # two instances starting together seed one after the other
        # Places first: partners and activities refer to them.
        for group in (_places(pack), _partners(pack) + _activities(pack) + _practitioners(pack),
                      _checklists(pack) + _reference_rows(pack)):
            for row in group:
                session.merge(row)  # insert, or update only the columns that changed
            session.flush()
    logger.info("Seed loaded from %s", seed_dir)
