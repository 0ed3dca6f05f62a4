from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from municipal_api.core.clock import ClockDep, check_supported_date
from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.core.i18n import LanguageDep, localize, localize_all
from municipal_api.places import service
from municipal_api.places.schemas import OpeningDay, PlaceOut

router = APIRouter(prefix="/v1/places", tags=["places"])
PlaceId = Annotated[str, Path(min_length=1, max_length=64, description="place id, e.g. msp")]


@router.get("", response_model=list[PlaceOut], responses=responses(422))
def list_places(session: SessionDep, language: LanguageDep) -> list[PlaceOut]:
    """Every place residents visit, with address, contacts and weekly hours."""
    return localize_all([service.to_out(place) for place in service.list_places(session)], language)


@router.get("/{place_id}", response_model=PlaceOut, responses=responses(404, 422))
def get_place(place_id: PlaceId, session: SessionDep, language: LanguageDep) -> PlaceOut:
    return localize(service.to_out(service.get_place(session, place_id)), language)


@router.get("/{place_id}/opening-hours", response_model=list[OpeningDay], responses=responses(404, 422))
def opening_hours(
    place_id: PlaceId,
    session: SessionDep,
    clock: ClockDep,
    language: LanguageDep,
    response: Response,
    day: Annotated[date | None, Query(alias="date", description="first day (default: today, Paris time)")] = None,
    days: Annotated[int, Query(ge=1, le=31, description="number of days")] = 7,
) -> list[OpeningDay]:
    """Opening ranges day by day; French public holidays close the place unless it opens on them."""
    place = service.get_place(session, place_id)
    # The only words here are holiday names: in the requested language when the holidays library has it, else French.
    response.headers["Content-Language"] = language.holiday_language.split("_")[0]
    return service.opening_days(place, check_supported_date(day or clock.today()), days, language.holiday_language)
