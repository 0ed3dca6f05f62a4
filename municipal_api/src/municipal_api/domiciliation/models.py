from datetime import datetime

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base, UTCDateTime


class DomiciliationRequest(Base):
    __tablename__ = "domiciliation_requests"
    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_domiciliation_year_sequence"),)

    reference: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    access_code_hash: Mapped[str] = mapped_column(String(64))
    link_with_commune: Mapped[str] = mapped_column(String(32))
    has_identity_document: Mapped[bool] = mapped_column(Boolean)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReferenceCounter(Base):
    """Last number handed out per series (e.g. 'domiciliation-2026')."""

    __tablename__ = "reference_counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
