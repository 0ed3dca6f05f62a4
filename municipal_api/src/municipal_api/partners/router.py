from typing import Annotated

from fastapi import APIRouter, Path, Query

from municipal_api.core.clock import ClockDep
from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.core.i18n import LanguageDep, localize
from municipal_api.partners import service
from municipal_api.partners.schemas import PartnerOut

router = APIRouter(prefix="/v1/partners", tags=["partners"])


@router.get("", response_model=list[PartnerOut], responses=responses(422))
def list_partners(
    session: SessionDep,
    clock: ClockDep,
    language: LanguageDep,
    topic: Annotated[str | None, Query(max_length=100, description="case/accent-insensitive part of a topic "
                                       "(in English or in the answer's language), name or id")] = None,
) -> list[PartnerOut]:
    """Partners holding permanences at the Maison des Services Publics, with their next dates."""
    now = clock.now()
    return [localize(service.to_out(session, partner, now), language)
            for partner in service.list_partners(session, topic, language)]


@router.get("/{partner_id}", response_model=PartnerOut, responses=responses(404, 422))
def get_partner(
    partner_id: Annotated[str, Path(min_length=1, max_length=64)], session: SessionDep, clock: ClockDep,
    language: LanguageDep,
) -> PartnerOut:
    return localize(service.to_out(session, service.get_partner(session, partner_id), clock.now()), language)
