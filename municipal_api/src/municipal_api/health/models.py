from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base, UTCDateTime

BOOKED = "booked"
CANCELLED = "cancelled"


class Practitioner(Base):
    __tablename__ = "practitioners"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    specialty: Mapped[str] = mapped_column(String(64))
    sector: Mapped[str] = mapped_column(String(32))
    accepts_c2s: Mapped[bool] = mapped_column(Boolean)
    tiers_payant: Mapped[bool] = mapped_column(Boolean)
    languages: Mapped[list[str]] = mapped_column(JSON)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    schedule: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        # Exactly one live booking per practitioner and start: the database settles races.
        Index(
            "uq_appointments_booked_slot", "practitioner_id", "start_at", unique=True,
            sqlite_where=text("status = 'booked'"), postgresql_where=text("status = 'booked'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    practitioner_id: Mapped[str] = mapped_column(ForeignKey("practitioners.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    patient_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32), index=True)  # E.164
    # Kept as issued so an idempotent retry can answer the same body; compared in constant time.
    cancel_code: Mapped[str] = mapped_column(String(8))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=BOOKED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
