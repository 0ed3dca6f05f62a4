"""The assistant's notion of "now" (Europe/Paris); ASSISTANT_NOW freezes it for tests."""
from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    frozen = os.environ.get("ASSISTANT_NOW")
    if frozen:
        value = datetime.fromisoformat(frozen)
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    return datetime.now(PARIS)


def today() -> date:
    return now().date()
