"""Handoff tickets: created by the assistant with the resident's consent, worked by staff.

Numbers are `<letter>-<nnn>`, restarting every day (Paris time) per kind: A-001 at the desk,
R-001 for call-backs (letters in handoff.yml), taken with the same atomic counter as the
domiciliation references. A conversation has at most one open ticket (a partial unique
index): asking again, or a retried request, gets the open one back. Closing a ticket erases
the phone number and the shared form answers it held: they were given for this contact only.
"""

import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from municipal_api.core.clock import PARIS, Clock
from municipal_api.core.db import write_transaction
from municipal_api.core.errors import ApiError
from municipal_api.core.i18n import Language
from municipal_api.core.phones import normalise_phone
from municipal_api.domiciliation.service import next_sequence
from municipal_api.handoff.availability import opening
from municipal_api.handoff.config import HandoffConfig
from municipal_api.handoff.models import HandoffTicket
from municipal_api.handoff.schemas import AvailabilityOut, Desk, StaffAction, Summary, TicketIn, TicketOut

WAITING, IN_PROGRESS, CLOSED = "waiting", "in_progress", "closed"
OPEN_STATUSES = (WAITING, IN_PROGRESS)
WHATSAPP = "whatsapp:"


def desk(config: HandoffConfig, language: Language) -> Desk:
    return Desk(id=config.desk_id, label=config.desk_label(language))


def availability(session: Session, clock: Clock, config: HandoffConfig, language: Language) -> AvailabilityOut:
    state = opening(session, config.place, clock.now(), config.last_ticket_minutes)
    return AvailabilityOut(place_id=config.place, open_now=state.open_now, closes_at=state.closes_at,
                           next_opening=state.next_opening, desk=desk(config, language))


def contact_address(value: str | None) -> str | None:
    """E.164, keeping Twilio's `whatsapp:` prefix: where a reply or a call goes."""
    if not value:
        return None
    if value.lower().startswith(WHATSAPP):
        return WHATSAPP + normalise_phone(value[len(WHATSAPP):])
    return normalise_phone(value)


def _position(session: Session, ticket: HandoffTicket) -> int | None:
    if ticket.status != WAITING:
        return None
    return session.scalar(select(func.count()).select_from(HandoffTicket).where(
        HandoffTicket.status == WAITING, HandoffTicket.kind == ticket.kind,
        or_(HandoffTicket.day < ticket.day,
            and_(HandoffTicket.day == ticket.day, HandoffTicket.sequence < ticket.sequence))))


def to_out(session: Session, ticket: HandoffTicket, config: HandoffConfig, language: Language) -> TicketOut:
    def paris(value: datetime | None) -> datetime | None:
        return value.astimezone(PARIS) if value else None

    return TicketOut(
        id=ticket.id, number=ticket.number, kind=ticket.kind, status=ticket.status, channel=ticket.channel,
        conversation_id=ticket.conversation_id, language=ticket.language,
        summary=Summary.model_validate(ticket.summary), contact_phone=ticket.contact_phone,
        reply_from=ticket.reply_from, desk=desk(config, language), position=_position(session, ticket),
        created_at=paris(ticket.created_at), taken_at=paris(ticket.taken_at), taken_by=ticket.taken_by,
        closed_at=paris(ticket.closed_at), closed_by=ticket.closed_by,
    )


def open_ticket_of(session: Session, conversation_id: str) -> HandoffTicket | None:
    return session.scalar(select(HandoffTicket).where(HandoffTicket.conversation_id == conversation_id,
                                                      HandoffTicket.status != CLOSED))


def create_ticket(session: Session, clock: Clock, config: HandoffConfig,
                  payload: TicketIn) -> tuple[HandoffTicket, bool]:
    """(ticket, created): the conversation's open ticket when it has one, else a new one."""
    if not payload.consent:
        raise ApiError(422, "consent_required", "A ticket needs the resident's consent to pass it on.")
    phone = contact_address(payload.contact_phone)
    reply_from = contact_address(payload.reply_from)
    existing = open_ticket_of(session, payload.conversation_id)
    if existing is not None:
        return existing, False
    now = clock.now()
    if payload.kind == "desk" and not opening(session, config.place, now, config.last_ticket_minutes).open_now:
        raise ApiError(409, "place_closed", "The desk is closed now: offer a callback (see /v1/handoff/availability).")
    prefix = config.prefixes[payload.kind]
    try:
        with write_transaction(session):
            sequence = next_sequence(session, f"handoff-{prefix}-{now.date().isoformat()}")
            ticket = HandoffTicket(
                id=uuid.uuid4().hex, number=f"{prefix}-{sequence:03d}", day=now.date(), prefix=prefix,
                sequence=sequence, kind=payload.kind, status=WAITING, channel=payload.channel,
                conversation_id=payload.conversation_id, language=payload.language,
                summary=payload.summary.model_dump(), contact_phone=phone, reply_from=reply_from, created_at=now,
            )
            session.add(ticket)
    except IntegrityError:
        # The same conversation asked twice at once: the other request's ticket is the one.
        existing = open_ticket_of(session, payload.conversation_id)
        if existing is None:
            raise
        return existing, False
    return ticket, True


def get_ticket(session: Session, ticket_id: str) -> HandoffTicket:
    ticket = session.get(HandoffTicket, ticket_id)
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "No ticket has this id.")
    return ticket


def list_tickets(session: Session, status: str) -> list[HandoffTicket]:
    query = select(HandoffTicket)
    if status == "open":
        query = query.where(HandoffTicket.status.in_(OPEN_STATUSES))
    else:
        query = query.where(HandoffTicket.status == status)
    order = ((HandoffTicket.closed_at.desc(),) if status == CLOSED
             else (HandoffTicket.day, HandoffTicket.created_at, HandoffTicket.sequence))
    return list(session.scalars(query.order_by(*order).limit(200)))


def take_ticket(session: Session, clock: Clock, ticket_id: str, action: StaffAction) -> HandoffTicket:
    with write_transaction(session):
        ticket = get_ticket(session, ticket_id)
        if ticket.status == CLOSED:
            raise ApiError(409, "ticket_closed", "This ticket is closed.")
        if ticket.status == WAITING:
            ticket.status, ticket.taken_at, ticket.taken_by = IN_PROGRESS, clock.now(), action.staff
    return ticket


def close_ticket(session: Session, clock: Clock, ticket_id: str, action: StaffAction) -> HandoffTicket:
    """Idempotent: closing a closed ticket changes nothing."""
    with write_transaction(session):
        ticket = get_ticket(session, ticket_id)
        if ticket.status != CLOSED:
            ticket.status, ticket.closed_at, ticket.closed_by = CLOSED, clock.now(), action.staff
            ticket.taken_by = ticket.taken_by or action.staff
            ticket.contact_phone = None
            ticket.summary = {**ticket.summary, "shared": {}}
    return ticket
