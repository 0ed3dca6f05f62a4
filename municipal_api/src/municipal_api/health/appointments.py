"""Booking, listing and cancelling appointments: the rules of health-centre.yml, enforced race-safely."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from municipal_api.core.clock import Clock
from municipal_api.core.db import lock_for_transaction, write_transaction
from municipal_api.core.errors import ApiError
from municipal_api.core.i18n import SOURCE, Language
from municipal_api.core.phones import normalise_phone
from municipal_api.core.security import codes_match, format_code, new_code, normalise_code
from municipal_api.health import service
from municipal_api.health.models import BOOKED, CANCELLED, Appointment
from municipal_api.health.schemas import AppointmentCreatedOut, AppointmentIn, CancelledOut, MyAppointmentOut

# Compared against when nothing was found, so both paths cost the same. '0' is outside the
# code alphabet, so this never equals a real code.
_DUMMY_CODE = "00000000"


def _slot_of(session: Session, appointment: Appointment) -> service.Slot:
    practitioner = service.get_practitioner(session, appointment.practitioner_id)
    return service.Slot(practitioner, appointment.start_at, appointment.end_at)


def _created_out(session: Session, appointment: Appointment, language: Language) -> AppointmentCreatedOut:
    slot = _slot_of(session, appointment)
    return AppointmentCreatedOut(
        id=appointment.id, cancel_code=format_code(appointment.cancel_code), slot=slot.out("busy"),
        practitioner=service.practitioner_out(session, slot.practitioner, language),
    )


def _by_idempotency_key(session: Session, key: str) -> Appointment | None:
    return session.scalar(select(Appointment).where(Appointment.idempotency_key == key))


def _replay(session: Session, existing: Appointment, slot_id: str, phone: str,
            language: Language) -> AppointmentCreatedOut:
    # A key names one booking: reusing it for another slot or phone is a client bug, not a retry.
    if _slot_of(session, existing).id != slot_id or existing.phone != phone:
        raise ApiError(409, "idempotency_key_reused", "This idempotency_key was already used for another booking.")
    return _created_out(session, existing, language)


def _booked_at(session: Session, slot: service.Slot) -> str | None:
    return session.scalar(select(Appointment.id).where(
        Appointment.practitioner_id == slot.practitioner.id, Appointment.start_at == slot.start,
        Appointment.status == BOOKED))


def _slot_taken() -> ApiError:
    return ApiError(409, "slot_taken", "This slot has just been booked by someone else.")


def book(session: Session, clock: Clock, payload: AppointmentIn, language: Language = SOURCE) -> AppointmentCreatedOut:
    phone = normalise_phone(payload.phone)
    existing = _by_idempotency_key(session, payload.idempotency_key)
    if existing is not None:
        return _replay(session, existing, payload.slot_id, phone, language)

    slot = service.parse_slot_id(session, payload.slot_id)
    rules = service.booking_rules(session)
    now = clock.now()
    earliest, latest = service.bookable_window(rules, now)
    if slot.start < earliest:
        raise ApiError(422, "notice_too_short",
                       f"A slot must be booked at least {rules.min_notice_minutes} minutes before it starts.")
    if slot.start > latest:
        raise ApiError(404, "slot_not_found", f"Slots are offered up to {rules.horizon_days} days ahead.")

    appointment = Appointment(
        id=str(uuid.uuid4()), practitioner_id=slot.practitioner.id, start_at=slot.start, end_at=slot.end,
        patient_name=payload.patient_name, phone=phone, cancel_code=normalise_code(new_code()),
        idempotency_key=payload.idempotency_key, status=BOOKED, created_at=now,
    )
    try:
        with write_transaction(session):
            # One phone at a time until commit, so two parallel bookings cannot both see "1 upcoming".
            lock_for_transaction(session, f"appointments-phone:{phone}")
            existing = _by_idempotency_key(session, payload.idempotency_key)  # a retry that just won
            if existing is None:
                if _booked_at(session, slot) is not None:
                    raise _slot_taken()
                if upcoming_count(session, phone, now) >= rules.max_upcoming_per_phone:
                    raise ApiError(409, "too_many_upcoming", "This phone number already holds "
                                   f"{rules.max_upcoming_per_phone} upcoming appointments.")
                session.add(appointment)
        if existing is not None:
            return _replay(session, existing, payload.slot_id, phone, language)
    except IntegrityError:
        # The unique indexes settle races: either the same key won (a retry) or the slot went to someone else.
        existing = _by_idempotency_key(session, payload.idempotency_key)
        if existing is not None:
            return _replay(session, existing, payload.slot_id, phone, language)
        raise _slot_taken() from None
    return _created_out(session, appointment, language)


def _phone_appointments(session: Session, phone: str) -> list[Appointment]:
    return list(session.scalars(select(Appointment).where(Appointment.phone == phone).order_by(Appointment.start_at)))


def my_appointments(session: Session, clock: Clock, phone: str, cancel_code: str,
                    language: Language = SOURCE) -> list[MyAppointmentOut]:
    """Upcoming appointments of a phone, shown only to someone holding one of its cancel codes."""
    appointments = _phone_appointments(session, normalise_phone(phone))
    given = normalise_code(cancel_code) or _DUMMY_CODE
    matches = {a.id: codes_match(given, a.cancel_code) for a in appointments}  # no early exit
    if not any(matches.values()):
        raise ApiError(404, "appointments_not_found", "No appointments match this phone number and cancel code.")
    now = clock.now()
    mine = []
    for appointment in appointments:
        if appointment.status == BOOKED and appointment.start_at > now:
            slot = _slot_of(session, appointment)
            mine.append(MyAppointmentOut(id=appointment.id, slot=slot.out("busy"),
                                         practitioner=service.practitioner_out(session, slot.practitioner, language),
                                         status=BOOKED, matches_code=matches[appointment.id]))
    return mine


def cancel(session: Session, clock: Clock, appointment_id: str, cancel_code: str) -> CancelledOut:
    appointment = session.get(Appointment, appointment_id)
    given = normalise_code(cancel_code) or _DUMMY_CODE
    expected = appointment.cancel_code if appointment else _DUMMY_CODE
    # Unknown id and wrong code get the same answer.
    if appointment is None or not codes_match(given, expected):
        raise ApiError(404, "appointment_not_found", "No appointment matches this id and cancel code.")
    rules = service.booking_rules(session)
    now = clock.now()
    with write_transaction(session):
        session.refresh(appointment)  # under the write lock: a parallel cancel may have won
        if appointment.status == CANCELLED:
            return CancelledOut(id=appointment.id, status=CANCELLED)  # cancelling twice is harmless
        if appointment.start_at - now < timedelta(minutes=rules.cancel_notice_minutes):
            raise ApiError(409, "cancel_too_late", f"An appointment can be cancelled up to "
                           f"{rules.cancel_notice_minutes} minutes before it starts; please call the health centre.")
        appointment.status = CANCELLED
        appointment.cancelled_at = now
    return CancelledOut(id=appointment.id, status=CANCELLED)


def upcoming_count(session: Session, phone: str, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.phone == phone, Appointment.status == BOOKED, Appointment.start_at > now)) or 0
