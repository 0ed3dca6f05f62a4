from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from municipal_api.core.i18n import Text


class WeeklyHours(BaseModel):
    model_config = ConfigDict(extra="forbid")
    monday: list[str] = Field(examples=[["08:30-12:30", "13:30-18:00"]])
    tuesday: list[str]
    wednesday: list[str]
    thursday: list[str]
    friday: list[str]
    saturday: list[str]
    sunday: list[str]


class WalkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Text
    hours: WeeklyHours


class PlaceOut(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)
    id: str = Field(examples=["msp"])
    name: str
    kind: Text
    address: str
    phone: str | None
    email: str | None
    wheelchair_accessible: bool | None
    hearing_loop: bool | None = Field(description="null when the data pack does not say")
    open_on_public_holidays: bool
    hours: WeeklyHours
    services: list[Text]
    walk_in: WalkIn | None
    emergency_note: Text | None
    mail_pickup: Text | None


class OpeningDay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    open: bool
    ranges: list[str] = Field(examples=[["08:30-12:30", "13:30-18:00"]])
    holiday: str | None = Field(description="name of the French public holiday that day, if any, in the requested "
                                "language when the holidays library has it (fr, en, uk...), else in French")
