from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["desk", "callback"]
Status = Literal["waiting", "in_progress", "closed"]
Channel = Literal["web", "kiosk", "rest", "sms", "whatsapp", "other"]
ShortText = Field(min_length=1, max_length=64)


class Desk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(examples=["accueil"])
    label: str = Field(description="where to go, in the requested language (handoff.yml)")


class AvailabilityOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    place_id: str = Field(examples=["msp"])
    open_now: bool = Field(description="a desk ticket can be taken now (opening hours, holidays, last minutes)")
    closes_at: datetime | None = Field(description="end of the current opening range, when open")
    next_opening: datetime | None = Field(description="start of the next range when a desk ticket can be "
                                          "taken (within 14 days), when not open now")
    desk: Desk


class Summary(BaseModel):
    """What the resident agreed to pass on: never more than this."""

    model_config = ConfigDict(extra="forbid")
    topics: list[str] = Field(default_factory=list, max_length=10, description="last intents, newest last")
    answered: list[str] = Field(default_factory=list, max_length=20, description="what the assistant already answered")
    shared: dict[str, str] = Field(default_factory=dict, max_length=20,
                                   description="form answers the resident agreed to share (name -> value)")


class TicketIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind
    channel: Channel
    conversation_id: str = Field(min_length=1, max_length=128)
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    consent: bool = Field(description="the resident agreed to pass this summary (and phone) on; must be true")
    summary: Summary = Field(default_factory=Summary)
    contact_phone: str | None = Field(None, min_length=1, max_length=40,
                                      description="to call or text back (SMS, WhatsApp as whatsapp:+33...)")
    reply_from: str | None = Field(None, min_length=1, max_length=40,
                                   description="the city's number the resident wrote to (SMS)")


class StaffAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff: str = Field(min_length=1, max_length=64, description="the staff member's username")


class TicketOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    number: str = Field(examples=["A-042"])
    kind: Kind
    status: Status
    channel: Channel
    conversation_id: str
    language: str
    summary: Summary
    contact_phone: str | None
    reply_from: str | None
    desk: Desk
    position: int | None = Field(description="tickets of the same kind waiting before this one (waiting only)")
    created_at: datetime
    taken_at: datetime | None
    taken_by: str | None
    closed_at: datetime | None
    closed_by: str | None
