from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base, UTCDateTime


class HandoffTicket(Base):
    """A resident waiting for a person: at the desk (kind `desk`) or for a call back (`callback`)."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (
        UniqueConstraint("day", "prefix", "sequence", name="uq_handoff_day_prefix_sequence"),
        # One open ticket per conversation: a retried request finds the first one.
        Index("uq_handoff_open_conversation", "conversation_id", unique=True,
              sqlite_where=text("status != 'closed'"), postgresql_where=text("status != 'closed'")),
        Index("ix_handoff_status_created", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(4))
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    conversation_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(8))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    reply_from: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(64))
