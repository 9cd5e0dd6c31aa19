"""Districts as the sites and incidents spell them, and the merge of a district's spellings."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo

from ...domain.values import clean_name
from .common import In


def _into(value: str, info: ValidationInfo) -> str:
    """Cleaned like a site's district (domain.values.clean_name); left blank when blank, for the merge's own
    refusal to say what is missing."""
    return clean_name(value, field=info.field_name or "into") if value.strip() else ""


class SpellingOut(BaseModel):
    spelling: str = Field(description="the district as these sites and incidents write it", examples=["Tân An"])
    sites: int = Field(description="how many sites write it so")
    incidents: int = Field(
        description="how many incidents write it so (an incident away from a site names its district)"
    )


class DistrictOut(BaseModel):
    key: str = Field(description="the district folded (case, diacritics and spacing aside)", examples=["tan an"])
    preferred: str = Field(
        description="the spelling to keep: the one most sites use; on a tie, the one with its diacritics, then the one "
        "most incidents use",
        examples=["Tân An"],
    )
    sites: int = Field(description="the sites in the district, all spellings together")
    incidents: int = Field(description="the incidents in the district, all spellings together")
    split: bool = Field(description="whether the sites and incidents spell the district in more than one way")
    spellings: list[SpellingOut] = Field(description="every spelling, the preferred one first")


class DistrictMergeIn(In):
    spellings: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        max_length=50,
        description="the spellings to rewrite, exactly as the sites and incidents write them",
        examples=[["tan an"]],
    )
    into: Annotated[str, Field(max_length=100), AfterValidator(_into)] = Field(
        description="how the district is to be written: the same district (case, accents and spacing aside)",
        examples=["Tân An"],
    )


class DistrictMergeOut(BaseModel):
    into: str = Field(description="the district as every merged site now writes it")
    spellings: list[str] = Field(description="the spellings merged")
    sites_changed: int = Field(description="how many sites were rewritten (each published a SiteUpdated)")
    incidents_changed: int = Field(
        description="how many incidents were rewritten, open or resolved (each published an IncidentUpdated)"
    )
