from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from municipal_api.core.clock import ClockDep
from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.core.i18n import LanguageDep, localize
from municipal_api.core.security import MAX_CODE_INPUT, TokenDep
from municipal_api.domiciliation import service
from municipal_api.domiciliation.schemas import (
    DomiciliationCreatedOut,
    DomiciliationInfoOut,
    DomiciliationRequestIn,
    DomiciliationStatusOut,
)

router = APIRouter(prefix="/v1/domiciliation", tags=["domiciliation"])


@router.get("/info", response_model=DomiciliationInfoOut, responses=responses(422))
def domiciliation_info(session: SessionDep, language: LanguageDep) -> DomiciliationInfoOut:
    """Who can apply, documents, steps (domiciliation.yml) and the link options a request must name."""
    return localize(service.info(session), language)


@router.post("/requests", status_code=status.HTTP_201_CREATED, response_model=DomiciliationCreatedOut,
             responses=responses(400, 401, 403, 422))
def create_request(
    payload: DomiciliationRequestIn, _: TokenDep, session: SessionDep, clock: ClockDep, language: LanguageDep
) -> DomiciliationCreatedOut:
    """Register a request; the reference is DOM-<year>-<sequence> and the access code is shown once."""
    return localize(service.create_request(session, clock, payload), language)


@router.get("/requests/{reference}", response_model=DomiciliationStatusOut, responses=responses(401, 403, 404, 422))
def get_request(
    reference: Annotated[str, Path(min_length=1, max_length=20, description="DOM-YYYY-NNNNNN")],
    access_code: Annotated[str, Query(min_length=1, max_length=MAX_CODE_INPUT, description="XXXX-XXXX, any case")],
    _: TokenDep,
    session: SessionDep,
    language: LanguageDep,
) -> DomiciliationStatusOut:
    """A request's status; an unknown reference and a wrong access code get the same 404."""
    return localize(service.get_request(session, reference, access_code), language)
