"""Every router of the API, in the order they appear in the OpenAPI document."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from municipal_api.core.errors import responses
from municipal_api.documents.router import router as documents_router
from municipal_api.domiciliation.router import router as domiciliation_router
from municipal_api.handoff.router import router as handoff_router
from municipal_api.health.router import router as health_router
from municipal_api.partners.router import router as partners_router
from municipal_api.places.router import router as places_router
from municipal_api.tariffs.router import router as tariffs_router

status_router = APIRouter(tags=["status"])


class StatusOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str


@status_router.get("/health", response_model=StatusOut, responses=responses())
def liveness() -> StatusOut:
    """Liveness probe (not the Maison de Santé: that is /v1/health/...)."""
    return StatusOut(status="ok")


api_router = APIRouter()
for router in (status_router, places_router, partners_router, documents_router, tariffs_router,
               domiciliation_router, health_router, handoff_router):
    api_router.include_router(router)
