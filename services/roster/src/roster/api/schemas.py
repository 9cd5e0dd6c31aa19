"""Request and response bodies of roster's HTTP API.

Requests accept instants with any UTC offset; responses give them in UTC plus, under
`local`, the Asia/Ho_Chi_Minh reading and the lunar day name."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from lichtruc.events import MAX_COVERED_SITES
from lichtruc.text import nfc

from ..domain.accounts import LOGIN_MAX, PASSWORD_MAX, PASSWORD_MIN, normalize_login
from ..domain.values import normalize_email, normalize_national_id, normalize_phone

T = TypeVar("T")


class DutyType(StrEnum):
    leadership = "leadership"
    operations = "operations"
    incident_response = "incident_response"
    patrol = "patrol"


Qualification = Literal["leader", "operator", "technician", "guard"]
Sector = Literal["postal", "telecom", "internet", "television"]
SiteKind = Literal[
    "noc", "exchange", "base_station", "transmitter", "post_office", "transaction_point", "data_center", "office"
]
ShiftStatus = Literal["draft", "published", "checked_in", "completed", "cancelled"]
Name = Annotated[str, Field(min_length=1, max_length=200)]


def _plausible(value: datetime) -> datetime:
    # The lunar calendar covers 1900–2100; far-off years would only overflow time-zone arithmetic.
    if not 1901 <= value.year <= 2199:
        raise ValueError("the year must be between 1901 and 2199")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_plausible)]
"""An instant with its UTC offset (any offset; stored in UTC)."""


class In(BaseModel):
    """A request body: unknown fields refused, every text brought to NFC (lichtruc.text) — so a
    name typed in decomposed Unicode is stored, compared and found like any other. Passwords
    are checked exactly as typed."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, data: Any) -> Any:
        return nfc(data, keep=_AS_TYPED)


_AS_TYPED = frozenset({"password", "current_password", "new_password"})


def _clean_name(value: str | None) -> str | None:
    return " ".join(value.split()) if value is not None else None


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    email = normalize_email(value)
    if email is None:
        raise ValueError(f"'{value}' is not an e-mail address")
    return email


def _phone(value: str | None) -> str | None:
    if value is None:
        return None
    phone = normalize_phone(value)
    if phone is None:
        raise ValueError(f"'{value}' is not a phone number (8–15 digits, optional leading +)")
    return phone


def _national_id(value: str | None) -> str | None:
    if value is None:
        return None
    national_id = normalize_national_id(value)
    if national_id is None:
        raise ValueError(f"'{value}' is not a national ID number (12 digits, or 9 for an old CMND)")
    return national_id


def _emails(values: list[str] | None) -> list[str] | None:
    return None if values is None else list(dict.fromkeys(_email(v) for v in values))


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many items match the filters")
    limit: int
    offset: int
    next: str | None = Field(default=None, description="the address of the next page, if any")


# --- local readings ----------------------------------------------------------------------------


class LocalInstant(BaseModel):
    local: str = Field(examples=["2027-02-05T18:00:00+07:00"])
    lunar_day_vi: str | None = Field(default=None, examples=["30 tháng Chạp"])
    lunar_day_en: str | None = None


class LocalSpan(BaseModel):
    starts_at: LocalInstant
    ends_at: LocalInstant


# --- campaigns -----------------------------------------------------------------------------------


class LunarDayIn(In):
    """A lunar day relative to the Tết year: months 7–12 are in the year before Tết (23 tháng
    Chạp = month 12, day 23), months 1–6 in the Tết year (mùng 10 tháng Giêng = month 1, day 10)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=30)
    leap: bool = False


class PeakIn(In):
    name: Name = Field(examples=["Giao thừa"])
    starts_at: Instant
    ends_at: Instant


class CampaignIn(In):
    kind: Literal["tet", "drill"] = Field(
        default="tet",
        description=(
            "tet: the campaign of a Tết, dates from the lunar calendar, one per lunar year; drill: an exercise "
            "before Tết, free dates (starts_at, ends_at), at most 14 days, as many as held"
        ),
    )
    lunar_year: int | None = Field(
        default=None,
        ge=1901,
        le=2100,
        examples=[2027],
        description="the Gregorian year of the Tết (required for kind tet; a drill's is the Tết season of its dates)",
    )
    starts_at: Instant | None = Field(default=None, description="a drill's start")
    ends_at: Instant | None = Field(default=None, description="a drill's end")
    start: LunarDayIn | None = Field(default=None, description="default 23 tháng Chạp (month 12, day 23)")
    end: LunarDayIn | None = Field(default=None, description="default mùng 10 tháng Giêng (month 1, day 10)")
    peaks: list[PeakIn] | None = Field(
        default=None,
        max_length=20,
        description="default: Giao thừa, 18:00 on the last day of the year to 06:00 on mùng 1; [] for none",
    )
    name: Name | None = Field(default=None, description='default e.g. "Tết Đinh Mùi 2027"')
    readiness_deadline: Instant | None = Field(
        default=None,
        description="when the roster must be ready (gaps still open then are in force); "
        "default 24 h before the campaign starts, following the start when it moves",
    )
    border_duty_types: list[DutyType] = Field(
        default_factory=lambda: [DutyType.patrol],
        max_length=4,
        description="the Tết defaults: duty types every border site (of the border sectors) must have around the "
        "clock; roster creates the missing whole-day requirements (minimum 1); [] for none",
    )
    border_sectors: list[Sector] = Field(
        default_factory=lambda: ["telecom", "internet"],
        max_length=4,
        description="sectors whose border sites get the defaults (the directive names telecom and internet)",
    )


class CampaignPatch(In):
    start: LunarDayIn | None = None
    end: LunarDayIn | None = None
    starts_at: Instant | None = Field(default=None, description="a drill's start")
    ends_at: Instant | None = Field(default=None, description="a drill's end")
    peaks: list[PeakIn] | None = Field(default=None, max_length=20)
    name: Name | None = None
    readiness_deadline: Instant | None = Field(
        default=None,
        description="a new readiness deadline; an explicit null goes back to the default (24 h before the start)",
    )
    border_duty_types: list[DutyType] | None = Field(
        default=None, max_length=4, description="new defaults: missing requirements are created, none removed"
    )
    border_sectors: list[Sector] | None = Field(default=None, max_length=4)


class LunarDayOut(BaseModel):
    month: int
    day: int
    leap: bool
    lunar_year: int
    date: date
    name_vi: str
    name_en: str


class PeakOut(BaseModel):
    name: str
    starts_at: datetime
    ends_at: datetime
    local: LocalSpan


class CampaignOut(BaseModel):
    id: uuid.UUID
    kind: Literal["tet", "drill"] = "tet"
    lunar_year: int
    name: str
    starts_at: datetime
    ends_at: datetime
    start: LunarDayOut
    end: LunarDayOut
    local: LocalSpan
    peaks: list[PeakOut]
    readiness_deadline: datetime = Field(description="gaps still open at this instant are in force")
    readiness_deadline_default: bool = Field(description="true: the default, 24 h before the start")
    readiness_deadline_local: LocalInstant
    border_duty_types: list[str] = Field(
        description="the Tết defaults for border sites: duty types required around the clock"
    )
    border_sectors: list[str] = Field(description="sectors whose border sites get the defaults")
    version: int
    created_at: datetime
    updated_at: datetime


# --- enterprises, sites, staff, duty types ---------------------------------------------------------


class EnterpriseIn(In):
    name: Name = Field(examples=["VNPT Long An"])
    sector: Sector
    manager_phone: str | None = Field(default=None, max_length=30, examples=["0272 3826 000"])
    manager_emails: list[Annotated[str, Field(max_length=254)]] = Field(default_factory=list, max_length=10)

    v_name = field_validator("name")(_clean_name)
    v_phone = field_validator("manager_phone")(_phone)

    v_emails = field_validator("manager_emails")(_emails)


class EnterprisePatch(In):
    name: Name | None = None
    sector: Sector | None = None
    manager_phone: str | None = Field(default=None, max_length=30)
    manager_emails: list[Annotated[str, Field(max_length=254)]] | None = Field(default=None, max_length=10)

    v_name = field_validator("name")(_clean_name)
    v_phone = field_validator("manager_phone")(_phone)
    v_emails = field_validator("manager_emails")(_emails)


class EnterpriseOut(BaseModel):
    id: uuid.UUID
    name: str
    sector: str
    manager_phone: str | None
    manager_emails: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class SiteIn(In):
    enterprise_id: uuid.UUID
    name: Name = Field(examples=["Trạm BTS Tân Hưng 2"])
    kind: SiteKind
    district: str | None = Field(default=None, max_length=100, examples=["Tân Hưng"])
    border_area: bool = False

    v_name = field_validator("name")(_clean_name)


class SitePatch(In):
    name: Name | None = None
    kind: SiteKind | None = None
    district: str | None = Field(default=None, max_length=100)
    border_area: bool | None = None

    v_name = field_validator("name")(_clean_name)


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


class StaffIn(In):
    enterprise_id: uuid.UUID
    full_name: Name = Field(examples=["Nguyễn Thị Ánh Tuyết"])
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=30)
    qualifications: list[Qualification] = Field(default_factory=list, max_length=4)
    active: bool = True
    language: Literal["vi", "en"] = "vi"
    national_id: str | None = Field(
        default=None,
        max_length=20,
        description=(
            "national ID number (CCCD, 12 digits; old CMND, 9): with the e-mail, or the name and phone, it links "
            "records of one person at several enterprises"
        ),
    )

    v_name = field_validator("full_name")(_clean_name)
    v_email = field_validator("email")(_email)
    v_phone = field_validator("phone")(_phone)
    v_national_id = field_validator("national_id")(_national_id)


class StaffPatch(In):
    full_name: Name | None = None
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=30)
    qualifications: list[Qualification] | None = Field(default=None, max_length=4)
    active: bool | None = None
    language: Literal["vi", "en"] | None = None
    national_id: str | None = Field(default=None, max_length=20)

    v_name = field_validator("full_name")(_clean_name)
    v_email = field_validator("email")(_email)
    v_phone = field_validator("phone")(_phone)
    v_national_id = field_validator("national_id")(_national_id)


class Note(BaseModel):
    """A warning attached to an answer (a soft rule, or a consequence to act on)."""

    model_config = ConfigDict(extra="allow")

    rule: str
    message: str
    message_vi: str
    staff_id: uuid.UUID | None = None
    shift_id: uuid.UUID | None = None


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


# --- requirements ------------------------------------------------------------------------------------

_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class OneOffWindowIn(In):
    kind: Literal["one_off"]
    starts_at: Instant
    ends_at: Instant


class DailyWindowIn(In):
    """Every day of the campaign between two local times; an end at or before the start
    crosses midnight, 00:00–00:00 is the whole day."""

    kind: Literal["daily"]
    start_local: str = Field(pattern=_HHMM, examples=["00:00"])
    end_local: str = Field(pattern=_HHMM, examples=["00:00"])


WindowIn = Annotated[OneOffWindowIn | DailyWindowIn, Field(discriminator="kind")]


class RequirementIn(In):
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = Field(default=None, description="only this site's shifts count; none: the enterprise's")
    duty_type: DutyType
    window: WindowIn
    minimum: int = Field(ge=0, le=1000)
    peak_minimum: int | None = Field(default=None, ge=0, le=1000, description="the minimum inside peak windows")


class RequirementPatch(In):
    site_id: uuid.UUID | None = None
    duty_type: DutyType | None = None
    window: WindowIn | None = None
    minimum: int | None = Field(default=None, ge=0, le=1000)
    peak_minimum: int | None = Field(default=None, ge=0, le=1000)


class RequirementOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    duty_type: str
    window: dict[str, Any]
    minimum: int
    peak_minimum: int | None
    version: int
    created_at: datetime
    updated_at: datetime


# --- shifts -------------------------------------------------------------------------------------------


class AssigneeRef(In):
    staff_id: uuid.UUID


CoversSites = Annotated[
    list[uuid.UUID],
    Field(
        max_length=MAX_COVERED_SITES,
        description="further sites of the same enterprise this shift covers besides site_id (one patrol round "
        "for several border sites); coverage counts the shift at each",
    ),
]


class ShiftIn(In):
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None = None
    covers_site_ids: CoversSites = Field(default_factory=list)
    duty_type: DutyType
    starts_at: Instant = Field(examples=["2027-02-05T22:00:00+07:00"])
    ends_at: Instant = Field(examples=["2027-02-06T06:00:00+07:00"])
    assignees: list[AssigneeRef] = Field(
        min_length=1, max_length=50, description="staff ids; names come from the staff records"
    )
    notes: str | None = Field(default=None, max_length=2000)
    status: Literal["draft", "published"] = Field(default="draft", description="create it published at once")


class ShiftPatch(In):
    notes: str | None = Field(default=None, max_length=2000)
    site_id: uuid.UUID | None = None
    covers_site_ids: CoversSites | None = None


class RescheduleIn(In):
    starts_at: Instant
    ends_at: Instant


class ReassignIn(In):
    assignees: list[AssigneeRef] = Field(min_length=1, max_length=50)


class CancelIn(In):
    reason: str | None = Field(default=None, max_length=2000, examples=["Trùng lịch ứng cứu"])


class CheckInIn(In):
    staff_id: uuid.UUID


class AssigneeOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    qualified: bool = True
    checked_in_at: datetime | None = None


class ShiftOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID | None
    enterprise_id: uuid.UUID
    site_id: uuid.UUID | None
    covers_site_ids: list[uuid.UUID] = Field(default_factory=list, description="further sites the shift covers")
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    local: LocalSpan
    assignees: list[AssigneeOut]
    status: str
    notes: str | None
    warnings: list[Note] = Field(default_factory=list, description="soft rules this shift breaks (kept on it)")
    cancel_reason: str | None = None
    version: int
    created_at: datetime
    updated_at: datetime


class PublishedShift(BaseModel):
    id: uuid.UUID
    version: int
    starts_at: datetime
    duty_type: str


class PublishOut(BaseModel):
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    published: int
    shifts: list[PublishedShift]


# --- swaps ----------------------------------------------------------------------------------------------


class SwapIn(In):
    from_staff_id: uuid.UUID = Field(description="the person on the shift who hands it over")
    to_staff_id: uuid.UUID | None = Field(default=None, description="a named colleague; none: anyone qualified")
    reason: str | None = Field(default=None, max_length=2000)


class ApproveSwapIn(In):
    to_staff_id: uuid.UUID | None = Field(default=None, description="who takes the shift (for an open request)")
    note: str | None = Field(default=None, max_length=2000)


class RejectSwapIn(In):
    note: str | None = Field(default=None, max_length=2000)


class SwapOut(BaseModel):
    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    from_staff_id: uuid.UUID
    to_staff_id: uuid.UUID | None
    status: Literal["requested", "approved", "rejected"]
    reason: str | None
    decision_note: str | None
    requested_by: str | None
    decided_by: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    shift: ShiftOut | None = Field(default=None, description="the shift after an approval")


# --- board ------------------------------------------------------------------------------------------------


class Ref(BaseModel):
    id: uuid.UUID
    name: str


class BoardPeak(BaseModel):
    name: str
    starts_at: datetime
    ends_at: datetime


class GapOut(BaseModel):
    starts_at: datetime
    ends_at: datetime
    required: int
    planned: int
    peak: str | None


class CoverageOut(BaseModel):
    site_id: uuid.UUID | None = Field(description="the requirement's site; none: the whole enterprise")
    required: int = Field(description="the most people required at any moment of the day")
    planned: int = Field(description="the fewest people planned while something is required")
    met: bool
    gaps: list[GapOut]


class Person(BaseModel):
    staff_id: uuid.UUID
    full_name: str


class DutyDay(BaseModel):
    duty_type: str
    name_vi: str
    name_en: str
    shifts: list[ShiftOut]
    people: list[Person]
    coverage: list[CoverageOut]


class LunarDateOut(BaseModel):
    year: int
    month: int
    day: int
    leap: bool


class BoardDay(BaseModel):
    date: date
    lunar: LunarDateOut | None
    lunar_name_vi: str | None
    lunar_name_en: str | None
    peaks: list[BoardPeak]
    duty_types: list[DutyDay]


class BoardOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    campaign: Ref
    enterprise: Ref
    from_: date = Field(alias="from")
    to: date
    days: list[BoardDay]


# --- imports ------------------------------------------------------------------------------------------------


class ImportSummary(BaseModel):
    rows: int
    ok: int
    with_errors: int
    with_warnings: int


class ImportRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    row: int = Field(description="the row number in the spreadsheet (the header is row 1)")
    ok: bool
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class ImportReport(BaseModel):
    kind: Literal["staff", "shifts"]
    dry_run: bool
    committed: bool
    ignored_columns: list[str]
    summary: ImportSummary
    rows: list[ImportRow]


class OutboxStatus(BaseModel):
    pending: int = Field(description="events committed but not yet acknowledged by Kafka")
    oldest_pending_at: datetime | None


# --- accounts and signing in ------------------------------------------------------------------------------

Role = Literal["admin", "manager", "staff", "inspector"]
AccountSort = Literal["login", "-login", "display_name", "-display_name", "created_at", "-created_at"]


def _login(value: str) -> str:
    login = normalize_login(value)
    if login is None:
        raise ValueError(f"a login is an e-mail address of at most {LOGIN_MAX} characters")
    return login


Login = Annotated[
    str, Field(min_length=3, max_length=LOGIN_MAX, examples=["truong.phong@vnpt-longan.vn"]), AfterValidator(_login)
]
NewPassword = Annotated[
    str,
    Field(
        min_length=PASSWORD_MIN,
        max_length=PASSWORD_MAX,
        description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters, not the login",
    ),
]


class AccountIn(In):
    login: Login
    display_name: Name = Field(examples=["Trần Văn Phong"])
    role: Role
    password: NewPassword
    enterprise_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=50,
        description="a manager's enterprises (required for a manager; a staff account's comes from its staff record)",
    )
    staff_id: uuid.UUID | None = Field(
        default=None, description="a staff account's staff record (required for staff; one account per record)"
    )
    active: bool = True

    v_name = field_validator("display_name")(_clean_name)


class AccountPatch(In):
    display_name: Name | None = None
    role: Role | None = Field(
        default=None,
        description="a new role drops the scope the old one had: send the new "
        "role's enterprise_ids or staff_id with it",
    )
    enterprise_ids: list[uuid.UUID] | None = Field(default=None, max_length=50)
    staff_id: uuid.UUID | None = None
    active: bool | None = Field(default=None, description="false ends the account's sign-ins")
    password: NewPassword | None = Field(
        default=None, description="a new password; ends the account's sign-ins and lifts a lock"
    )

    v_name = field_validator("display_name")(_clean_name)


class AccountOut(BaseModel):
    id: uuid.UUID
    login: str
    display_name: str
    role: Role
    enterprise_ids: list[uuid.UUID]
    staff_id: uuid.UUID | None
    active: bool
    locked_until: datetime | None = Field(description="too many failed sign-ins: locked until then")
    last_login_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class LoginIn(In):
    login: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class RefreshIn(In):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChangeIn(In):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: NewPassword


class SessionOut(BaseModel):
    access_token: str = Field(description="send it as `Authorization: Bearer <access_token>` to every service")
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    refresh_token: str = Field(description="renews the sign-in once (POST /auth/refresh); keep it secret")
    refresh_expires_in: int = Field(description="seconds the refresh token is valid")
    account: AccountOut
