from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipal_api.core.clock import local_datetime
from municipal_api.core.errors import ApiError
from municipal_api.core.i18n import SOURCE, Language
from municipal_api.core.text_match import contains
from municipal_api.core.week import parse_range, week_of_month, weekday_name
from municipal_api.partners.models import Partner
from municipal_api.partners.schemas import PartnerOut, Permanence
from municipal_api.places.models import Place
from municipal_api.places.service import opening_day

NEXT_PERMANENCES = 3
SEARCH_DAYS = 120  # enough to find 3 monthly permanences around summer holidays


def list_partners(session: Session, topic: str | None, language: Language = SOURCE) -> list[Partner]:
    """All partners, or those whose id, name or a topic (as the data pack words it, or translated into the
    answer's language) contains `topic`."""
    partners = list(session.scalars(select(Partner).order_by(Partner.id)))
    if not topic:
        return partners
    return [p for p in partners if contains(p.id, topic) or contains(p.name, topic)
            or any(contains(t, topic) or contains(language.text(t), topic) for t in p.topics)]


def get_partner(session: Session, partner_id: str) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise ApiError(404, "partner_not_found", "No partner has this id.")
    return partner


def next_permanences(partner: Partner, place: Place, now: datetime, count: int = NEXT_PERMANENCES) -> list[Permanence]:
    """Upcoming permanences from now on; none on a public holiday or a day the place is closed."""
    found: list[Permanence] = []
    for offset in range(SEARCH_DAYS):
        day = now.date() + timedelta(days=offset)
        if not opening_day(place, day).open:
            continue
        for rule in partner.schedule:
            if rule["day"] != weekday_name(day):
                continue
            if rule.get("weeks") and week_of_month(day) not in rule["weeks"]:
                continue
            start, end = parse_range(rule["time"])
            if local_datetime(day, end.strftime("%H:%M")) <= now:
                continue  # already over today
            found.append(Permanence(date=day, start=start.strftime("%H:%M"), end=end.strftime("%H:%M")))
        if len(found) >= count:
            break
    return sorted(found, key=lambda p: (p.date, p.start))[:count]


def to_out(session: Session, partner: Partner, now: datetime) -> PartnerOut:
    place = session.get(Place, partner.place_id)
    schedule = [{"day": r["day"], "time": r["time"], "weeks": r.get("weeks")} for r in partner.schedule]
    return PartnerOut(
        id=partner.id, name=partner.name, topics=partner.topics, schedule=schedule,
        appointment_required=partner.appointment_required, official_site=partner.official_site,
        place_id=partner.place_id, next_permanences=next_permanences(partner, place, now) if place else [],
    )
