from sqlalchemy import select
from sqlalchemy.orm import Session

from municipal_api.core.i18n import SOURCE, Language
from municipal_api.core.text_match import contains, fold
from municipal_api.documents.models import DocumentChecklist


def list_checklists(session: Session, topic: str | None, language: Language = SOURCE) -> list[DocumentChecklist]:
    """All checklists, or those of one topic id (exact) or else whose id or title (as the data says it, or
    translated into the answer's language) contains the words."""
    checklists = list(session.scalars(select(DocumentChecklist).order_by(DocumentChecklist.position)))
    if not topic:
        return checklists
    exact = [c for c in checklists if c.topic == fold(topic)]
    return exact or [c for c in checklists if contains(c.topic, topic) or contains(c.title, topic)
                     or contains(language.text(c.title), topic)]
