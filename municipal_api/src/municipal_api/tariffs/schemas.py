from pydantic import BaseModel, ConfigDict, Field, model_validator

from municipal_api.core.i18n import Text

MAX_EUROS = 10_000_000


class ActivityOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activity_id: str = Field(examples=["conservatoire-cursus"])
    name: Text
    place_id: str
    prices: dict[str, int | float] = Field(description="euros per bracket code", examples=[{"A": 45, "X": 690}])


class PriceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activity_id: str
    bracket: str = Field(examples=["B"])
    price_eur: int | float = Field(examples=[90])
    name: Text
    place_id: str


class PartsRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    single_adult_no_child: float
    couple_or_single_parent: float
    first_child: float
    second_child: float
    third_child: float
    each_further_child: float
    disabled_child_extra: float


class QuotientFamilialRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    definition: Text
    source: Text
    parts: PartsRule
    accepted_proofs: list[Text]
    rounding: Text


class Bracket(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    max: int | None = Field(description="highest QF of the bracket, inclusive; null for the last one")


class TariffRulesOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quotient_familial: QuotientFamilialRule
    brackets: list[Bracket]
    non_resident_code: str
    reductions: list[Text]
    how_to_apply: Text


class HouseholdIn(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    annual_income: float = Field(ge=0, le=MAX_EUROS, description="annual taxable income of the household, euros")
    monthly_benefits: float = Field(0, ge=0, le=MAX_EUROS, description="monthly family benefits, euros")
    adults: int = Field(ge=1, le=2)
    children: int = Field(0, ge=0, le=20)
    disabled_children: int = Field(0, ge=0, le=20, description="children with a disability, among `children`")

    @model_validator(mode="after")
    def _disabled_among_children(self) -> "HouseholdIn":
        if self.disabled_children > self.children:
            raise ValueError("disabled_children cannot exceed children")
        return self


class QuotientFamilialOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qf: int = Field(description="euros per month, rounded down", examples=[850])
    parts: float = Field(examples=[4])
    bracket: str = Field(description="resident bracket for this QF", examples=["C"])
