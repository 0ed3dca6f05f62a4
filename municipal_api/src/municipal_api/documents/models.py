from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from municipal_api.core.db import Base


class DocumentChecklist(Base):
    __tablename__ = "document_checklists"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    documents: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)  # keeps the order of the seed file
