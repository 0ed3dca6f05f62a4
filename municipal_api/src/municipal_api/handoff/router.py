"""/v1/handoff: whether the desk is open, and the tickets of residents waiting for a person.

Every route needs the service token: tickets hold what residents agreed to pass on."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from municipal_api.core.clock import ClockDep
from municipal_api.core.db import SessionDep
from municipal_api.core.errors import ApiError, responses
from municipal_api.core.i18n import LanguageDep
from municipal_api.core.security import TokenDep
from municipal_api.handoff import service
from municipal_api.handoff.config import HandoffConfig, load_config
from municipal_api.handoff.schemas import AvailabilityOut, StaffAction, TicketIn, TicketOut


def known_query_only(request: Request) -> None:
    """A misspelt filter must not silently list everything: unknown query parameters are refused."""
    route = request.scope.get("route")
    known = {param.alias for param in getattr(getattr(route, "dependant", None), "query_params", [])}
    for dependency in getattr(getattr(route, "dependant", None), "dependencies", []):
        known |= {param.alias for param in dependency.query_params}
    if any(name not in known for name in request.query_params):
        raise ApiError(422, "unknown_parameter", "This route does not take this query parameter.")


router = APIRouter(prefix="/v1/handoff", tags=["handoff"], dependencies=[Depends(known_query_only)])
TicketId = Annotated[str, Path(min_length=1, max_length=32, description="the ticket's id (not its number)")]


def config_of(request: Request) -> HandoffConfig:
    return load_config(request.app.state.settings.seed_dir)


@router.get("/availability", response_model=AvailabilityOut, responses=responses(401, 403, 422))
def availability(request: Request, _: TokenDep, session: SessionDep, clock: ClockDep,
                 language: LanguageDep) -> AvailabilityOut:
    """Whether a desk ticket can be taken now, when the place closes or next opens, and the desk."""
    return service.availability(session, clock, config_of(request), language)


@router.post("/tickets", status_code=status.HTTP_201_CREATED, response_model=TicketOut,
             responses={200: {"description": "the conversation already had an open ticket: that one",
                              "model": TicketOut}, **responses(400, 401, 403, 409, 422)})
def create_ticket(request: Request, response: Response, payload: TicketIn, _: TokenDep, session: SessionDep,
                  clock: ClockDep, language: LanguageDep) -> TicketOut:
    """A ticket `desk` (only while open: else 409 place_closed) or `callback`; needs `consent: true`."""
    config = config_of(request)
    ticket, created = service.create_ticket(session, clock, config, payload)
    if not created:
        response.status_code = status.HTTP_200_OK
    return service.to_out(session, ticket, config, language)


@router.get("/tickets", response_model=list[TicketOut], responses=responses(401, 403, 422))
def list_tickets(request: Request, _: TokenDep, session: SessionDep, language: LanguageDep,
                 state: Annotated[Literal["open", "waiting", "in_progress", "closed"],
                                  Query(alias="status")] = "open") -> list[TicketOut]:
    """Open tickets (waiting and in progress) oldest first; closed ones newest first (200 at most)."""
    config = config_of(request)
    return [service.to_out(session, ticket, config, language) for ticket in service.list_tickets(session, state)]


@router.get("/tickets/{ticket_id}", response_model=TicketOut, responses=responses(401, 403, 404, 422))
def get_ticket(request: Request, ticket_id: TicketId, _: TokenDep, session: SessionDep,
               language: LanguageDep) -> TicketOut:
    return service.to_out(session, service.get_ticket(session, ticket_id), config_of(request), language)


@router.post("/tickets/{ticket_id}/take", response_model=TicketOut, responses=responses(400, 401, 403, 404, 409, 422))
def take_ticket(request: Request, ticket_id: TicketId, payload: StaffAction, _: TokenDep, session: SessionDep,
                clock: ClockDep, language: LanguageDep) -> TicketOut:
    """A staff member takes a waiting ticket (kept by the first one who took it)."""
    ticket = service.take_ticket(session, clock, ticket_id, payload)
    return service.to_out(session, ticket, config_of(request), language)


@router.post("/tickets/{ticket_id}/close", response_model=TicketOut, responses=responses(400, 401, 403, 404, 422))
def close_ticket(request: Request, ticket_id: TicketId, payload: StaffAction, _: TokenDep, session: SessionDep,
                 clock: ClockDep, language: LanguageDep) -> TicketOut:
    """Done: the phone number and shared answers are erased from the ticket."""
    ticket = service.close_ticket(session, clock, ticket_id, payload)
    return service.to_out(session, ticket, config_of(request), language)
