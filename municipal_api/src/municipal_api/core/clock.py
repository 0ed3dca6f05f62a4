"""Europe/Paris clock and French public holidays, injectable for tests."""

from datetime import date, datetime
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo

import holidays
from fastapi import Depends, Request

from municipal_api.core.errors import ApiError

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    """The real clock: now in Paris time."""

    def now(self) -> datetime:
        return datetime.now(PARIS)

    def today(self) -> date:
        return self.now().date()


class FrozenClock(Clock):
    """A clock stuck at one instant (tests, MUNICIPAL_API_NOW for end-to-end runs)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = to_paris(instant)

    def now(self) -> datetime:
        return self.instant


def to_paris(value: datetime) -> datetime:
    """Aware datetime in Paris time; a naive one is taken as Paris local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=PARIS)
    return value.astimezone(PARIS)


def local_datetime(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=PARIS)


@lru_cache(maxsize=256)
def _french_holidays(year: int, language: str) -> holidays.HolidayBase:
    # Metropolitan France: no subdivision, so Alsace-Moselle-only days are not included.
    return holidays.country_holidays("FR", years=year, language=language)


def holiday_name(day: date, language: str = "en_US") -> str | None:
    """Name of the French public holiday on that day, else None. `language` is one of the holidays
    library's codes for France (holidays.France.supported_languages: en_US, fr, th, uk...)."""
    return _french_holidays(day.year, language).get(day)


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


ClockDep = Annotated[Clock, Depends(get_clock)]


FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR = 2000, 2100


def check_supported_date(day: date) -> date:
    """Calendars are computed only for years a resident may ask about (keeps date arithmetic in range)."""
    if not FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR:
        raise ApiError(422, "date_out_of_range",
                       f"Dates must be between {FIRST_SUPPORTED_YEAR} and {LAST_SUPPORTED_YEAR}.")
    return day
