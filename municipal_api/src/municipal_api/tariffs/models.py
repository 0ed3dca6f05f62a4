from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    place_id: Mapped[str] = mapped_column(ForeignKey("places.id"))
    prices: Mapped[dict[str, int]] = mapped_column(JSON)  # bracket code -> euros
    position: Mapped[int] = mapped_column(Integer, default=0)
