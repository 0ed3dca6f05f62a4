"""seed/extensions/handoff.yml: the place whose hours decide, the desk, the ticket letters."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from municipal_api.core.i18n import Language


@dataclass(frozen=True)
class HandoffConfig:
    place: str
    desk_id: str
    desk_labels: dict[str, str]
    prefixes: dict[str, str]
    last_ticket_minutes: int

    def desk_label(self, language: Language) -> str:
        for code in (*language.wanted, "en"):
            if self.desk_labels.get(code):
                return self.desk_labels[code]
        return next(iter(self.desk_labels.values()))


@lru_cache(maxsize=4)
def load_config(seed_dir: Path) -> HandoffConfig:
    raw = yaml.safe_load((seed_dir / "extensions" / "handoff.yml").read_text(encoding="utf-8"))["handoff"]
    prefixes = {kind: str(letter) for kind, letter in raw["prefixes"].items()}
    if set(prefixes) != {"desk", "callback"} or len(set(prefixes.values())) != 2:
        raise ValueError("handoff.yml: prefixes needs two different letters, for desk and callback")
    return HandoffConfig(place=raw["place"], desk_id=raw["desk"]["id"], desk_labels=dict(raw["desk"]["label"]),
                         prefixes=prefixes, last_ticket_minutes=int(raw.get("last_ticket_minutes", 0)))
