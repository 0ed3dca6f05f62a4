from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from municipal_api.core.clock import PARIS, Clock
from municipal_api.core.db import write_transaction
from municipal_api.core.errors import ApiError
from municipal_api.core.phones import normalise_phone
from municipal_api.core.reference_data import DOMICILIATION_INFO, get_reference
from municipal_api.core.security import codes_match, hash_code, new_code, normalise_code
from municipal_api.domiciliation.models import DomiciliationRequest, ReferenceCounter
from municipal_api.domiciliation.schemas import (
    DomiciliationCreatedOut,
    DomiciliationInfoOut,
    DomiciliationRequestIn,
    DomiciliationStatusOut,
)

RECEIVED = "received"


def info(session: Session) -> DomiciliationInfoOut:
    return DomiciliationInfoOut.model_validate(get_reference(session, DOMICILIATION_INFO))


def next_sequence(session: Session, series: str) -> int:
    """Atomically take the next number of a series (upsert + RETURNING: no two requests share one)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ReferenceCounter).values(name=series, value=1)
    statement = statement.on_conflict_do_update(
        index_elements=[ReferenceCounter.name], set_={"value": ReferenceCounter.value + 1}
    ).returning(ReferenceCounter.value)
    return session.execute(statement).scalar_one()


def create_request(session: Session, clock: Clock, payload: DomiciliationRequestIn) -> DomiciliationCreatedOut:
    details = info(session)
    if payload.link_with_commune not in {option.id for option in details.link_options}:
        raise ApiError(422, "invalid_link_option", "link_with_commune must be one of the link_options ids "
                       "of GET /v1/domiciliation/info.")
    phone = normalise_phone(payload.contact_phone) if payload.contact_phone else None
    now = clock.now()
    code = new_code()
    with write_transaction(session):
        sequence = next_sequence(session, f"domiciliation-{now.year}")
        reference = f"DOM-{now.year}-{sequence:06d}"
        session.add(DomiciliationRequest(
            reference=reference, year=now.year, sequence=sequence,
            access_code_hash=hash_code(normalise_code(code), reference),
            link_with_commune=payload.link_with_commune, has_identity_document=payload.has_identity_document,
            contact_phone=phone, language=payload.language, status=RECEIVED, created_at=now,
        ))
    return DomiciliationCreatedOut(reference=reference, access_code=code, status=RECEIVED, next_steps=details.steps)


def get_request(session: Session, reference: str, access_code: str) -> DomiciliationStatusOut:
    request = session.get(DomiciliationRequest, reference.strip().upper())
    given = normalise_code(access_code)
    # Same answer for an unknown reference and a wrong code: the reference alone reveals nothing.
    expected = request.access_code_hash if request else hash_code("", "")
    if request is None or not codes_match(hash_code(given, request.reference), expected):
        raise ApiError(404, "request_not_found", "No request matches this reference and access code.")
    return DomiciliationStatusOut(reference=request.reference, status=request.status,
                                  created_at=request.created_at.astimezone(PARIS), next_steps=info(session).steps)
