"""Typed shapes of the municipal API's answers (docs/api-contract.md).

Parsing every answer into these models is what turns a garbled reply into a clean
`CityUnavailable` instead of a KeyError deep inside an action.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Dict, List, Optional

from pydantic import BaseModel


class _Model(BaseModel):
    class Config:
        extra = "ignore"


class Place(_Model):
    id: str
    name: str
    kind: str = ""
    address: str
    phone: str
    email: Optional[str] = None
    wheelchair_accessible: Optional[bool] = None
    hearing_loop: Optional[bool] = None
    hours: Dict[str, List[str]] = {}
    services: List[str] = []
    walk_in: Optional[dict] = None
    emergency_note: Optional[str] = None
    mail_pickup: Optional[str] = None


class DayHours(_Model):
    date: date
    open: bool
    ranges: List[str]
    holiday: Optional[str] = None


class Permanence(_Model):
    date: date
    start: str
    end: str


class Partner(_Model):
    id: str
    name: str
    topics: List[str]
    schedule: List[dict] = []
    appointment_required: bool
    official_site: Optional[str] = None
    place_id: str = "msp"
    next_permanences: List[Permanence] = []


class DocumentList(_Model):
    topic: str
    title: str
    documents: List[str]


class Activity(_Model):
    activity_id: str
    name: str
    place_id: str
    prices: Dict[str, float] = {}


class TariffPrice(_Model):
    activity_id: str
    bracket: str
    price_eur: float
    name: str
    place_id: str


class QuotientFamilial(_Model):
    qf: int
    parts: float
    bracket: Optional[str] = None


class DomiciliationReceipt(_Model):
    reference: str
    access_code: str
    status: str
    next_steps: List[str] = []


class DomiciliationStatus(_Model):
    reference: str
    status: str
    created_at: Optional[datetime] = None
    next_steps: List[str] = []


class Practitioner(_Model):
    id: str
    name: str
    specialty: str
    specialty_names: Dict[str, str] = {}
    sector: str
    accepts_c2s: bool
    tiers_payant: bool = False
    languages: List[str] = []
    slot_minutes: int = 0
    note: Optional[str] = None


class Slot(_Model):
    id: str
    practitioner_id: str
    start: datetime
    end: datetime
    status: str = "free"


class Appointment(_Model):
    id: str
    cancel_code: Optional[str] = None
    slot: Slot
    practitioner: Practitioner
    status: str = "booked"
    matches_code: bool = False
