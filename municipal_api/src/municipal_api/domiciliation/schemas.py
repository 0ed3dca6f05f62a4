from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from municipal_api.core.i18n import Text


class LinkOption(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(examples=["lives_or_stays"])
    label: Text
    description: Text = Field(description="the criterion as worded in domiciliation.yml")


class DomiciliationInfoOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    who_can_apply: Text
    link_with_the_commune: list[Text]
    documents: list[Text]
    steps: list[Text]
    what_it_gives_access_to: list[Text]
    aid_medicale_etat_note: Text
    request_reference_format: Text
    statuses: list[str] = Field(description="status codes (not translated)")
    link_options: list[LinkOption]


class DomiciliationRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    link_with_commune: str = Field(min_length=1, max_length=32, description="one of the link_options ids",
                                   examples=["lives_or_stays"])
    has_identity_document: bool
    contact_phone: str | None = Field(None, min_length=1, max_length=32,
                                      description="optional; French numbers need no +33")
    language: str = Field("fr", pattern=r"^[a-z]{2,3}$", description="preferred language, ISO 639 code")


class DomiciliationCreatedOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(examples=["DOM-2026-000001"])
    access_code: str = Field(description="give it back to read the request; shown once", examples=["K7QM-3XPA"])
    status: str = Field(examples=["received"])
    next_steps: list[Text]


class DomiciliationStatusOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str
    status: str
    created_at: datetime
    next_steps: list[Text]

