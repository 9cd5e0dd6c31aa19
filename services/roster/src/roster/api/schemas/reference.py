"""Reference data bodies: enterprises, sites, staff, duty types."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lichtruc.events import Language

from .common import District, In, Name, Qualification, Sector, SiteKind, _email, _emails, _national_id, _phone

OBLIGATIONS_FROM = (
    "the local day (Asia/Ho_Chi_Minh) from which the enterprise owes daily reports and readiness items: those due "
    "before it are not owed (for an enterprise that joins mid-campaign); null: it owes everything. Only an "
    "administrator sets it"
)


class EnterpriseIn(In):
    name: Name = Field(examples=["VNPT Long An"])
    sector: Sector
    manager_phone: str | None = Field(default=None, max_length=30, examples=["0272 3826 000"])
    manager_emails: list[Annotated[str, Field(max_length=254)]] = Field(default_factory=list, max_length=10)
    obligations_from: date | None = Field(
        default=None,
        description=OBLIGATIONS_FROM + ". Omitted means null, whenever it is sent: roster never picks a day for the "
        "client, so the same request means the same whether or not a campaign is under way. A client registering an "
        "enterprise once a campaign is under way, or its readiness items are due, sends the day it joins (the "
        "portal's form proposes today then)",
        examples=["2027-02-07"],
    )

    v_phone = field_validator("manager_phone")(_phone)

    v_emails = field_validator("manager_emails")(_emails)


class EnterprisePatch(In):
    name: Name | None = None
    sector: Sector | None = None
    manager_phone: str | None = Field(default=None, max_length=30)
    manager_emails: list[Annotated[str, Field(max_length=254)]] | None = Field(default=None, max_length=10)
    obligations_from: date | None = Field(default=None, description=OBLIGATIONS_FROM + " (null clears it)")

    v_phone = field_validator("manager_phone")(_phone)
    v_emails = field_validator("manager_emails")(_emails)


class EnterpriseOut(BaseModel):
    id: uuid.UUID
    name: str
    sector: str
    manager_phone: str | None
    manager_emails: list[str]
    obligations_from: date | None = Field(default=None, description=OBLIGATIONS_FROM)
    version: int
    created_at: datetime
    updated_at: datetime


class Note(BaseModel):
    """A warning attached to an answer (a soft rule, or a consequence to act on)."""

    model_config = ConfigDict(extra="allow")

    rule: str
    message: str
    message_vi: str
    staff_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None


class SiteIn(In):
    enterprise_id: uuid.UUID
    name: Name = Field(examples=["Trạm BTS Tân Hưng 2"])
    kind: SiteKind
    district: District | None = Field(default=None, examples=["Tân Hưng"])
    border_area: bool = False


class SitePatch(In):
    name: Name | None = None
    kind: SiteKind | None = None
    district: District | None = None
    border_area: bool | None = None


class SiteOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    name: str
    kind: str
    district: str | None
    border_area: bool
    version: int
    created_at: datetime
    updated_at: datetime
    warnings: list[Note] = Field(
        default_factory=list,
        description="after registering or editing: a district no site or incident is in yet (stored all the same), "
        "with the closest known spelling when one is close",
    )


class StaffIn(In):
    enterprise_id: uuid.UUID
    full_name: Name = Field(examples=["Nguyễn Thị Ánh Tuyết"])
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=30)
    qualifications: list[Qualification] = Field(default_factory=list, max_length=4)
    active: bool = True
    language: Language = "vi"
    national_id: str | None = Field(
        default=None,
        max_length=20,
        description=(
            "national ID number (CCCD, 12 digits; old CMND, 9): with the e-mail, or the name and phone, it links "
            "records of one person at several enterprises"
        ),
    )

    v_email = field_validator("email")(_email)
    v_phone = field_validator("phone")(_phone)
    v_national_id = field_validator("national_id")(_national_id)


class StaffLinkIn(In):
    staff_id: uuid.UUID = Field(description="The other record: the same person, at this or another enterprise")


class StaffPatch(In):
    full_name: Name | None = None
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=30)
    qualifications: list[Qualification] | None = Field(default=None, max_length=4)
    active: bool | None = None
    language: Language | None = None
    national_id: str | None = Field(default=None, max_length=20)

    v_email = field_validator("email")(_email)
    v_phone = field_validator("phone")(_phone)
    v_national_id = field_validator("national_id")(_national_id)


class StaffOut(BaseModel):
    id: uuid.UUID
    enterprise_id: uuid.UUID
    full_name: str
    email: str | None
    phone: str | None
    qualifications: list[str]
    active: bool
    language: str
    national_id: str | None = None
    person_id: uuid.UUID = Field(
        description="the person behind the record: records of one person at several "
        "enterprises share it, and nobody is double-booked across them"
    )
    version: int
    created_at: datetime
    updated_at: datetime
    has_account: bool = Field(
        default=False,
        description="whether an active account to sign in with is linked to the record (an administrator makes "
        "one: GET /accounts?staff_id=…); read with the record, never sent",
    )
    account: Literal["active", "inactive", "none"] = Field(
        default="none",
        description="the account linked to the record: active (has_account), inactive (one linked, deactivated by "
        "an administrator) or none; read with the record, never sent",
    )
    warnings: list[Note] = Field(
        default_factory=list,
        description="after registration: a likely duplicate it was linked to; after an "
        "edit: upcoming shifts this person may no longer work",
    )


class DutyTypeOut(BaseModel):
    key: str
    qualification: str
    name_vi: str
    name_en: str
