from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from municipal_api.core.clock import PARIS, ClockDep, check_supported_date, to_paris
from municipal_api.core.db import SessionDep
from municipal_api.core.errors import ApiError, responses
from municipal_api.core.i18n import LanguageDep, localize, localize_all
from municipal_api.core.security import MAX_CODE_INPUT, TokenDep
from municipal_api.health import appointments, service
from municipal_api.health.schemas import (
    AppointmentCreatedOut,
    AppointmentIn,
    CancelledOut,
    HealthInfoOut,
    MyAppointmentOut,
    PractitionerOut,
    SlotOut,
)

router = APIRouter(prefix="/v1/health", tags=["maison-de-sante"])

Specialty = Annotated[str | None, Query(max_length=64,
                                        description="id (general-practitioner) or part of its fr/en name")]
Sector = Annotated[str | None, Query(max_length=32, description='"1", "2-optam", "2", "non-conventionne"')]
AcceptsC2S = Annotated[bool | None, Query(description="sees C2S/AME patients with full third-party payment")]
Language = Annotated[str | None, Query(max_length=8, description="ISO 639-1 code, e.g. ar")]
Phone = Annotated[str, Query(min_length=1, max_length=32)]
CancelCode = Annotated[str, Query(min_length=1, max_length=MAX_CODE_INPUT, description="XXXX-XXXX, any case")]


def _parse_bound(value: str | None, name: str, end_of_day: bool) -> datetime | None:
    """A date (whole day, Paris time) or an ISO datetime (naive = Paris time)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = check_supported_date(date.fromisoformat(value))
            moment = datetime.combine(day, time(0), tzinfo=PARIS)
            return moment + timedelta(days=1) - timedelta(microseconds=1) if end_of_day else moment
        moment = to_paris(datetime.fromisoformat(value))
    except ValueError:
        raise ApiError(422, "invalid_datetime", f"`{name}` must be a date (YYYY-MM-DD) or an ISO datetime.") from None
    check_supported_date(moment.date())
    return moment


@router.get("/info", response_model=HealthInfoOut, responses=responses(422))
def health_info(session: SessionDep, language: LanguageDep) -> HealthInfoOut:
    """Booking rules, specialty names, walk-in hours and the emergency note."""
    return localize(service.health_info(session), language)


@router.get("/practitioners", response_model=list[PractitionerOut], responses=responses(422))
def list_practitioners(session: SessionDep, answer_language: LanguageDep, specialty: Specialty = None,
                       sector: Sector = None, accepts_c2s: AcceptsC2S = None,
                       language: Language = None) -> list[PractitionerOut]:
    wanted = service.PractitionerFilter(specialty=specialty, sector=sector, accepts_c2s=accepts_c2s, language=language)
    return localize_all([service.practitioner_out(session, p, answer_language)
                         for p in service.find_practitioners(session, wanted)], answer_language)


@router.get("/practitioners/{practitioner_id}", response_model=PractitionerOut, responses=responses(404, 422))
def get_practitioner(practitioner_id: Annotated[str, Path(min_length=1, max_length=64)],
                     session: SessionDep, language: LanguageDep) -> PractitionerOut:
    practitioner = service.get_practitioner(session, practitioner_id)
    return localize(service.practitioner_out(session, practitioner, language), language)


@router.get("/slots", response_model=list[SlotOut], responses=responses(422))
def list_slots(
    session: SessionDep,
    clock: ClockDep,
    _: LanguageDep,  # nothing to translate in a slot; answered with Content-Language like every read
    specialty: Specialty = None,
    practitioner_id: Annotated[str | None, Query(max_length=64)] = None,
    sector: Sector = None,
    accepts_c2s: AcceptsC2S = None,
    language: Language = None,
    start_from: Annotated[str | None, Query(alias="from", max_length=40, description="date or datetime")] = None,
    end_at: Annotated[str | None, Query(alias="to", max_length=40, description="date (inclusive) or datetime")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[SlotOut]:
    """Free slots, earliest first, within the horizon and minimum notice, without holidays or booked slots."""
    wanted = service.PractitionerFilter(specialty=specialty, practitioner_id=practitioner_id, sector=sector,
                                        accepts_c2s=accepts_c2s, language=language)
    first, last = _parse_bound(start_from, "from", False), _parse_bound(end_at, "to", True)
    practitioners = service.find_practitioners(session, wanted)
    return [slot.out() for slot in service.free_slots(session, practitioners, clock.now(), first, last, limit)]


@router.post("/appointments", status_code=status.HTTP_201_CREATED, response_model=AppointmentCreatedOut,
             responses=responses(400, 401, 403, 404, 409, 422))
def book_appointment(payload: AppointmentIn, _: TokenDep, session: SessionDep,
                     clock: ClockDep, language: LanguageDep) -> AppointmentCreatedOut:
    """Book a free slot. 409 slot_taken / too_many_upcoming / idempotency_key_reused, 422 notice_too_short /
    invalid_phone, 404 slot_not_found. Repeating an idempotency_key returns the same appointment."""
    return localize(appointments.book(session, clock, payload, language), language)


@router.get("/appointments", response_model=list[MyAppointmentOut], responses=responses(401, 403, 404, 422))
def my_appointments(phone: Phone, cancel_code: CancelCode, _: TokenDep, session: SessionDep,
                    clock: ClockDep, language: LanguageDep) -> list[MyAppointmentOut]:
    """Upcoming appointments of a phone number, for someone holding one of its cancel codes."""
    return localize_all(appointments.my_appointments(session, clock, phone, cancel_code, language), language)


@router.delete("/appointments/{appointment_id}", response_model=CancelledOut,
               responses=responses(401, 403, 404, 409, 422))
def cancel_appointment(appointment_id: Annotated[str, Path(min_length=1, max_length=36)], cancel_code: CancelCode,
                       _: TokenDep, session: SessionDep, clock: ClockDep) -> CancelledOut:
    """Cancel an appointment up to the cancellation notice; an unknown id and a wrong code get the same 404."""
    return appointments.cancel(session, clock, appointment_id, cancel_code)
