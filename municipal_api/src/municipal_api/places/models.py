from typing import Any

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base


class Place(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(200))
    wheelchair_accessible: Mapped[bool | None] = mapped_column(Boolean)
    hearing_loop: Mapped[bool | None] = mapped_column(Boolean)
    open_on_public_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    hours: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    walk_in: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    emergency_note: Mapped[str | None] = mapped_column(Text)
    mail_pickup: Mapped[str | None] = mapped_column(Text)
