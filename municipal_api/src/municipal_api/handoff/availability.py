"""Whether a resident can be seen at the desk now, from the place's opening hours (places.yml,
French public holidays included): never hours written in code."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from municipal_api.core.clock import local_datetime
from municipal_api.places.models import Place
from municipal_api.places.service import get_place, opening_day

LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class Opening:
    open_now: bool
    closes_at: datetime | None
    next_opening: datetime | None


def _ranges(place: Place, day) -> list[tuple[datetime, datetime]]:
    result = []
    for item in opening_day(place, day).ranges:
        start, end = item.split("-")
        result.append((local_datetime(day, start), local_datetime(day, end)))
    return result


def opening(session: Session, place_id: str, now: datetime, last_minutes: int) -> Opening:
    """Open now when `now` is inside a range and at least `last_minutes` before its end."""
    place = get_place(session, place_id)
    margin = timedelta(minutes=last_minutes)
    for offset in range(LOOK_AHEAD_DAYS + 1):
        for start, end in _ranges(place, now.date() + timedelta(days=offset)):
            if end - margin <= now or end - margin <= start:
                continue
            if start <= now:
                return Opening(True, end, None)
            return Opening(False, None, start)
    return Opening(False, None, None)
