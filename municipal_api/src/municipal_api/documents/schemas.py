from pydantic import BaseModel, ConfigDict, Field

from municipal_api.core.i18n import Text


class DocumentChecklistOut(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)
    topic: str = Field(examples=["caf"])
    title: Text
    documents: list[Text]
