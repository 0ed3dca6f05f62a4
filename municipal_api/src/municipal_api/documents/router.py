from typing import Annotated

from fastapi import APIRouter, Query

from municipal_api.core.db import SessionDep
from municipal_api.core.errors import responses
from municipal_api.documents import service
from municipal_api.documents.schemas import DocumentChecklistOut

router = APIRouter(prefix="/v1/documents", tags=["documents"])
TOPIC_HELP = "topic id: a partner id, tariffs, domiciliation, maison-de-sante, social-housing"


@router.get("", response_model=list[DocumentChecklistOut], responses=responses(422))
def list_documents(
    session: SessionDep,
    topic: Annotated[str | None, Query(max_length=100, description=TOPIC_HELP)] = None,
) -> list[DocumentChecklistOut]:
    """What to bring, per topic."""
    return [DocumentChecklistOut.model_validate(c) for c in service.list_checklists(session, topic)]
