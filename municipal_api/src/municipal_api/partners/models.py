from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    topics: Mapped[list[str]] = mapped_column(JSON)
    schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    appointment_required: Mapped[bool] = mapped_column(Boolean)
    official_site: Mapped[str | None] = mapped_column(String(300))
    place_id: Mapped[str] = mapped_column(ForeignKey("places.id"))
