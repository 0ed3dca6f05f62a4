"""Imports every model so that Base.metadata knows all tables (Alembic, tests)."""

from municipal_api.core.db import Base
from municipal_api.core.reference_data import ReferenceData
from municipal_api.documents.models import DocumentChecklist
from municipal_api.domiciliation.models import DomiciliationRequest, ReferenceCounter
from municipal_api.handoff.models import HandoffTicket
from municipal_api.health.models import Appointment, Practitioner
from municipal_api.partners.models import Partner
from municipal_api.places.models import Place
from municipal_api.tariffs.models import Activity

metadata = Base.metadata

__all__ = [
    "Activity", "Appointment", "DocumentChecklist", "DomiciliationRequest", "HandoffTicket", "Partner", "Place",
    "Practitioner", "ReferenceCounter", "ReferenceData", "metadata",
]
