from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from municipal_api.core.i18n import Text
from municipal_api.places.schemas import WalkIn, WeeklyHours


class SpecialtyNames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: str
    en: str


class PractitionerOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(examples=["gp-martin"])
    name: str
    specialty: str = Field(examples=["general-practitioner"])
    specialty_names: SpecialtyNames
    specialty_name: str = Field(description="in the requested language when specialty_names has it, "
                                "else English", examples=["médecin généraliste"])
    sector: str = Field(examples=["1"], description='"1", "2-optam", "2" or "non-conventionne"')
    accepts_c2s: bool
    tiers_payant: bool
    languages: list[str]
    slot_minutes: int
    schedule: WeeklyHours
    note: Text | None


class SlotOut(BaseModel):
    """Shaped like a FHIR Slot."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(examples=["gp-martin.20261201T0900"], description="<practitioner_id>.<YYYYMMDDTHHMM> (local start)")
    practitioner_id: str
    start: datetime
    end: datetime
    status: Literal["free", "busy"]


class BookingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    horizon_days: int
    min_notice_minutes: int
    cancel_notice_minutes: int
    max_upcoming_per_phone: int
    timezone: str


class HealthInfoOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    booking_rules: BookingRules
    specialty_names: dict[str, SpecialtyNames]
    walk_in: WalkIn | None
    emergency_note: Text | None


class AppointmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    slot_id: str = Field(min_length=1, max_length=100, examples=["gp-martin.20261201T0900"])
    patient_name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=1, max_length=32, description="French numbers need no +33")
    idempotency_key: str = Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$",
                                 description="the same key returns the same appointment, never a second one")


class AppointmentCreatedOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    cancel_code: str = Field(examples=["K7QM-3XPA"])
    slot: SlotOut
    practitioner: PractitionerOut


class MyAppointmentOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    slot: SlotOut
    practitioner: PractitionerOut
    status: Literal["booked"]
    matches_code: bool = Field(description="true for the appointment the given cancel_code belongs to")


class CancelledOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    status: Literal["cancelled"]
