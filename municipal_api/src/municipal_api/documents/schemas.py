from pydantic import BaseModel, ConfigDict, Field


class DocumentChecklistOut(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)
    topic: str = Field(examples=["caf"])
    title: str
    documents: list[str]
