"""The data pack as the tests read it, straight from the YAML files (acceptance checks compare with them)."""

from pathlib import Path

import yaml

CITY_DATA = Path(__file__).resolve().parents[1] / "seed" / "city-data"


def pack(name: str) -> dict:
    return yaml.safe_load((CITY_DATA / f"{name}.yml").read_text(encoding="utf-8"))
