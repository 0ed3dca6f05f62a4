import math
from decimal import ROUND_FLOOR, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from municipal_api.core.errors import ApiError
from municipal_api.core.reference_data import TARIFF_RULES, get_reference
from municipal_api.tariffs.models import Activity
from municipal_api.tariffs.schemas import ActivityOut, HouseholdIn, PriceOut, QuotientFamilialOut, TariffRulesOut


def rules(session: Session) -> TariffRulesOut:
    return TariffRulesOut.model_validate(get_reference(session, TARIFF_RULES))


def list_activities(session: Session) -> list[ActivityOut]:
    activities = session.scalars(select(Activity).order_by(Activity.position))
    return [ActivityOut(activity_id=a.id, name=a.name, place_id=a.place_id, prices=a.prices) for a in activities]


def bracket_for(rules_: TariffRulesOut, qf: int | None, resident: bool) -> str:
    """Non-residents pay the X price; residents the first bracket whose max (inclusive) the QF does not exceed."""
    if not resident:
        return rules_.non_resident_code
    if qf is None:  # a resident who does not give a QF pays the top bracket
        return rules_.brackets[-1].code
    for bracket in rules_.brackets:
        if bracket.max is None or qf <= bracket.max:
            return bracket.code
    return rules_.brackets[-1].code


def price(session: Session, activity_id: str, qf: float | None, resident: bool) -> PriceOut:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise ApiError(404, "activity_not_found", "No activity has this id.")
    # tariffs.yml: "QF is rounded down to the euro before the bracket is looked up".
    bracket = bracket_for(rules(session), None if qf is None else math.floor(qf), resident)
    return PriceOut(activity_id=activity.id, bracket=bracket, price_eur=activity.prices[bracket],
                    name=activity.name, place_id=activity.place_id)


def household_parts(rules_: TariffRulesOut, adults: int, children: int, disabled_children: int) -> Decimal:
    rule = rules_.quotient_familial.parts
    if adults == 1 and children == 0:
        parts = Decimal(str(rule.single_adult_no_child))
    else:  # a couple, or a single parent, has two parts for the adults
        parts = Decimal(str(rule.couple_or_single_parent))
    child_shares = [rule.first_child, rule.second_child, rule.third_child]
    for rank in range(children):
        parts += Decimal(str(child_shares[rank] if rank < len(child_shares) else rule.each_further_child))
    parts += Decimal(str(rule.disabled_child_extra)) * disabled_children
    return parts


def quotient_familial(session: Session, household: HouseholdIn) -> QuotientFamilialOut:
    rules_ = rules(session)
    parts = household_parts(rules_, household.adults, household.children, household.disabled_children)
    monthly = Decimal(str(household.annual_income)) / 12 + Decimal(str(household.monthly_benefits))
    qf = int((monthly / parts).to_integral_value(rounding=ROUND_FLOOR))
    return QuotientFamilialOut(qf=qf, parts=float(parts), bracket=bracket_for(rules_, qf, resident=True))
