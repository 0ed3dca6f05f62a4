from typing import Annotated

from fastapi import APIRouter, Query

from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.core.i18n import LanguageDep, localize
from municipal_api.documents import service
from municipal_api.documents.schemas import DocumentChecklistOut

router = APIRouter(prefix="/v1/documents", tags=["documents"])
TOPIC_HELP = ("topic id: a partner id, tariffs, domiciliation, maison-de-sante, social-housing; or part of an id "
              "or title (in English or in the answer's language)")


@router.get("", response_model=list[DocumentChecklistOut], responses=responses(422))
def list_documents(
    session: SessionDep,
    language: LanguageDep,
    topic: Annotated[str | None, Query(max_length=100, description=TOPIC_HELP)] = None,
) -> list[DocumentChecklistOut]:
    """What to bring, per topic."""
    return [localize(DocumentChecklistOut.model_validate(c), language)
            for c in service.list_checklists(session, topic, language)]
