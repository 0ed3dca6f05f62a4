"""Seeded reference documents (rules, info texts) kept whole as JSON under a key."""

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from municipal_api.core.db import Base

# Keys of the reference rows the seed writes.
TARIFF_RULES = "tariff_rules"
DOMICILIATION_INFO = "domiciliation_info"
BOOKING_RULES = "booking_rules"
SPECIALTY_NAMES = "specialty_names"


class ReferenceData(Base):
    __tablename__ = "reference_data"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


def get_reference(session: Session, key: str) -> Any:
    row = session.get(ReferenceData, key)
    if row is None:  # the seed always writes every key; a miss means a broken deployment
        raise LookupError(f"reference data {key!r} is missing: was the seed loaded?")
    return row.value
