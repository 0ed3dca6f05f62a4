"""Practitioners, health-centre info and free slots cut from the weekly schedules."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipal_api.core.clock import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    PARIS,
    holiday_name,
    local_datetime,
)
from municipal_api.core.errors import ApiError
from municipal_api.core.i18n import SOURCE, Language
from municipal_api.core.reference_data import BOOKING_RULES, SPECIALTY_NAMES, get_reference
from municipal_api.core.text_match import fold
from municipal_api.core.week import full_week, parse_range, weekday_name
from municipal_api.health.models import BOOKED, Appointment, Practitioner
from municipal_api.health.schemas import BookingRules, HealthInfoOut, PractitionerOut, SlotOut
from municipal_api.places.models import Place

HEALTH_CENTRE_PLACE_ID = "maison-de-sante"
SLOT_ID_FORMAT = "%Y%m%dT%H%M"


@dataclass(frozen=True)
class PractitionerFilter:
    specialty: str | None = None
    practitioner_id: str | None = None
    sector: str | None = None
    accepts_c2s: bool | None = None
    language: str | None = None


@dataclass(frozen=True)
class Slot:
    practitioner: Practitioner
    start: datetime
    end: datetime

    @property
    def id(self) -> str:
        return f"{self.practitioner.id}.{self.start.astimezone(PARIS).strftime(SLOT_ID_FORMAT)}"

    def out(self, status: str = "free") -> SlotOut:
        return SlotOut(id=self.id, practitioner_id=self.practitioner.id, start=self.start.astimezone(PARIS),
                       end=self.end.astimezone(PARIS), status=status)


def booking_rules(session: Session) -> BookingRules:
    return BookingRules.model_validate(get_reference(session, BOOKING_RULES))


def health_info(session: Session) -> HealthInfoOut:
    place = session.get(Place, HEALTH_CENTRE_PLACE_ID)
    walk_in = None
    if place and place.walk_in:
        walk_in = {"description": place.walk_in.get("description", ""), "hours": full_week(place.walk_in.get("hours"))}
    return HealthInfoOut.model_validate({
        "booking_rules": booking_rules(session), "specialty_names": get_reference(session, SPECIALTY_NAMES),
        "walk_in": walk_in, "emergency_note": place.emergency_note if place else None,
    })


def _specialty_matches(practitioner: Practitioner, wanted: str, names: dict) -> bool:
    labels = names.get(practitioner.specialty, {})
    return fold(wanted) == fold(practitioner.specialty) or any(fold(wanted) in fold(v) for v in labels.values())


def find_practitioners(session: Session, wanted: PractitionerFilter) -> list[Practitioner]:
    names = get_reference(session, SPECIALTY_NAMES)
    found = []
    for practitioner in session.scalars(select(Practitioner).order_by(Practitioner.position)):
        if wanted.practitioner_id and practitioner.id != wanted.practitioner_id:
            continue
        if wanted.specialty and not _specialty_matches(practitioner, wanted.specialty, names):
            continue
        if wanted.sector and practitioner.sector != wanted.sector:
            continue
        if wanted.accepts_c2s is not None and practitioner.accepts_c2s != wanted.accepts_c2s:
            continue
        if wanted.language and fold(wanted.language) not in practitioner.languages:
            continue
        found.append(practitioner)
    return found


def get_practitioner(session: Session, practitioner_id: str) -> Practitioner:
    practitioner = session.get(Practitioner, practitioner_id)
    if practitioner is None:
        raise ApiError(404, "practitioner_not_found", "No practitioner has this id.")
    return practitioner


def practitioner_out(session: Session, practitioner: Practitioner, language: Language = SOURCE) -> PractitionerOut:
    names = get_reference(session, SPECIALTY_NAMES)
    labels = names.get(practitioner.specialty) or {"fr": practitioner.specialty, "en": practitioner.specialty}
    return PractitionerOut(
        id=practitioner.id, name=practitioner.name, specialty=practitioner.specialty, specialty_names=labels,
        specialty_name=language.pick(labels),
        sector=practitioner.sector, accepts_c2s=practitioner.accepts_c2s, tiers_payant=practitioner.tiers_payant,
        languages=practitioner.languages, slot_minutes=practitioner.slot_minutes,
        schedule=full_week(practitioner.schedule), note=practitioner.note,
    )


def centre_closed(session: Session, day: date) -> bool:
    """Public holidays give no slots unless the health centre says it opens on them."""
    if holiday_name(day) is None:
        return False
    place = session.get(Place, HEALTH_CENTRE_PLACE_ID)
    return not (place and place.open_on_public_holidays)


def day_slots(practitioner: Practitioner, day: date) -> Iterator[Slot]:
    step = timedelta(minutes=practitioner.slot_minutes)
    for time_range in practitioner.schedule.get(weekday_name(day)) or []:
        first, last = parse_range(time_range)
        start = local_datetime(day, first.strftime("%H:%M"))
        end_of_range = local_datetime(day, last.strftime("%H:%M"))
        while start + step <= end_of_range:
            yield Slot(practitioner, start, start + step)
            start += step


def bookable_window(rules: BookingRules, now: datetime) -> tuple[datetime, datetime]:
    """Earliest and latest start a resident may book now (minimum notice, horizon)."""
    return now + timedelta(minutes=rules.min_notice_minutes), now + timedelta(days=rules.horizon_days)


def free_slots(session: Session, practitioners: list[Practitioner], now: datetime,
               start_from: datetime | None, end_before: datetime | None, limit: int) -> list[Slot]:
    earliest, latest = bookable_window(booking_rules(session), now)
    if start_from and start_from > earliest:
        earliest = start_from
    if end_before and end_before < latest:
        latest = end_before
    if not practitioners or earliest > latest:
        return []
    taken = {(row.practitioner_id, row.start_at) for row in session.execute(
        select(Appointment.practitioner_id, Appointment.start_at).where(
            Appointment.status == BOOKED, Appointment.start_at >= earliest, Appointment.start_at <= latest))}
    slots: list[Slot] = []
    day, last_day = earliest.astimezone(PARIS).date(), latest.astimezone(PARIS).date()
    while day <= last_day and len(slots) < limit:
        if not centre_closed(session, day):
            todays = [s for p in practitioners for s in day_slots(p, day)
                      if earliest <= s.start <= latest and (p.id, s.start) not in taken]
            slots.extend(sorted(todays, key=lambda s: s.start))  # stable: practitioner order breaks ties
        day += timedelta(days=1)
    return slots[:limit]


def parse_slot_id(session: Session, slot_id: str) -> Slot:
    """The slot a slot id names, if the practitioner's schedule really has it that day."""
    not_found = ApiError(404, "slot_not_found", "No slot has this id.")
    practitioner_id, _, stamp = slot_id.rpartition(".")
    try:
        start = datetime.strptime(stamp, SLOT_ID_FORMAT).replace(tzinfo=PARIS)
    except ValueError:
        raise not_found from None
    if not FIRST_SUPPORTED_YEAR <= start.year <= LAST_SUPPORTED_YEAR:
        raise not_found
    practitioner = session.get(Practitioner, practitioner_id) if practitioner_id else None
    if practitioner is None or centre_closed(session, start.date()):
        raise not_found
    for slot in day_slots(practitioner, start.date()):
        if slot.start == start:
            return slot
    raise not_found
