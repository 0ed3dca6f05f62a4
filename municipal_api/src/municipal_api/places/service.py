from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipal_api.core.clock import holiday_name
from municipal_api.core.errors import ApiError
from municipal_api.core.week import full_week, weekday_name
from municipal_api.places.models import Place
from municipal_api.places.schemas import OpeningDay, PlaceOut


def list_places(session: Session) -> list[Place]:
    return list(session.scalars(select(Place).order_by(Place.id)))


def get_place(session: Session, place_id: str) -> Place:
    place = session.get(Place, place_id)
    if place is None:
        raise ApiError(404, "place_not_found", "No place has this id.")
    return place


def to_out(place: Place) -> PlaceOut:
    walk_in = None
    if place.walk_in:
        walk_in = {"description": place.walk_in.get("description", ""), "hours": full_week(place.walk_in.get("hours"))}
    return PlaceOut.model_validate({
        **{column: getattr(place, column) for column in PlaceOut.model_fields if column not in ("hours", "walk_in")},
        "hours": full_week(place.hours),
        "walk_in": walk_in,
    })


def opening_day(place: Place, day: date, holiday_language: str = "en_US") -> OpeningDay:
    """A day's opening: the weekly template, unless a public holiday closes the place."""
    holiday = holiday_name(day, holiday_language)
    ranges = list(full_week(place.hours)[weekday_name(day)])
    if holiday and not place.open_on_public_holidays:
        ranges = []
    return OpeningDay(date=day, open=bool(ranges), ranges=ranges, holiday=holiday)


def opening_days(place: Place, first_day: date, days: int, holiday_language: str = "en_US") -> list[OpeningDay]:
    return [opening_day(place, first_day + timedelta(days=offset), holiday_language) for offset in range(days)]
