from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from municipal_api.core.i18n import Text


class PermanenceRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: str = Field(examples=["friday"])
    time: str = Field(examples=["09:00-12:00"])
    weeks: list[int] | None = Field(description="weeks of the month (1..5) when not every week", examples=[[1, 3]])


class Permanence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    start: str = Field(examples=["09:00"])
    end: str = Field(examples=["12:00"])


class PartnerOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(examples=["caf"])
    name: str
    topics: list[Text]
    schedule: list[PermanenceRule]
    appointment_required: bool
    official_site: str | None
    place_id: str = Field(examples=["msp"])
    next_permanences: list[Permanence] = Field(description="next 3, skipping public holidays and closures of the place")
