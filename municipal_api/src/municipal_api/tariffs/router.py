from typing import Annotated

from fastapi import APIRouter, Path, Query

from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.core.i18n import LanguageDep, localize, localize_all
from municipal_api.tariffs import service
from municipal_api.tariffs.schemas import (
    MAX_EUROS,
    ActivityOut,
    HouseholdIn,
    PriceOut,
    QuotientFamilialOut,
    TariffRulesOut,
)

router = APIRouter(tags=["tariffs"])


@router.get("/v1/tariffs", response_model=list[ActivityOut], responses=responses(422))
def list_tariffs(session: SessionDep, language: LanguageDep) -> list[ActivityOut]:
    """Activities with a social tariff and their price per bracket."""
    return localize_all(service.list_activities(session), language)


# Declared before /{activity_id} so that "rules" is not taken for an activity id.
@router.get("/v1/tariffs/rules", response_model=TariffRulesOut, responses=responses(422))
def tariff_rules(session: SessionDep, language: LanguageDep) -> TariffRulesOut:
    """Quotient familial rule, brackets, reductions and how to apply (from tariffs.yml)."""
    return localize(service.rules(session), language)


@router.get("/v1/tariffs/{activity_id}", response_model=PriceOut, responses=responses(404, 422))
def activity_price(
    activity_id: Annotated[str, Path(min_length=1, max_length=64)],
    session: SessionDep,
    language: LanguageDep,
    qf: Annotated[float | None, Query(ge=0, le=MAX_EUROS, allow_inf_nan=False,
                                      description="quotient familial, euros per month; omitted: bracket F")] = None,
    resident: Annotated[bool, Query(description="false: the non-resident price (X), whatever the QF")] = True,
) -> PriceOut:
    return localize(service.price(session, activity_id, qf, resident), language)


@router.post("/v1/quotient-familial", response_model=QuotientFamilialOut, responses=responses(400, 422))
def compute_quotient_familial(household: HouseholdIn, session: SessionDep) -> QuotientFamilialOut:
    """QF = (annual income / 12 + monthly benefits) / parts, rounded down (CAF definition, tariffs.yml)."""
    return service.quotient_familial(session, household)
