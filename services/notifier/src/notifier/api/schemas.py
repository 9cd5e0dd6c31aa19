"""Request and response bodies of notifier's HTTP API. Times are stored in UTC and shown
in Viet Nam time (+07:00)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, HttpUrl, PlainSerializer, model_validator

from lichtruc.bodies import In
from lichtruc.duty_types import DutyTypeKey
from lichtruc.vntime import local as to_local
from lichtruc.words import Invalid

LocalDatetime = Annotated[
    datetime, PlainSerializer(lambda v: to_local(v).isoformat(), return_type=str, when_used="json")
]
"""A time shown in Asia/Ho_Chi_Minh (+07:00)."""

DutyType = DutyTypeKey
"""One of the contract's duty types (lichtruc.duty_types): a feed of a duty type that does not exist would stay empty."""
Language = Literal["vi", "en"]
Channel = Literal["email", "webhook"]
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class FeedKind(StrEnum):
    person = "person"
    enterprise = "enterprise"
    duty = "duty"


class FeedIn(In):
    """A calendar feed to issue: one person's shifts, an enterprise's, or an enterprise's of one duty type."""

    kind: FeedKind
    staff_id: uuid.UUID | None = Field(default=None, description="required for kind=person")
    enterprise_id: uuid.UUID | None = Field(default=None, description="required for kind=enterprise and duty")
    duty_type: DutyType | None = Field(default=None, description="required for kind=duty")
    language: Language | None = Field(default=None, description="default: the person's language, else vi")
    label: str | None = Field(default=None, max_length=200, examples=["Lịch trực của chị Tuyết"])

    @model_validator(mode="after")
    def _scope_matches_kind(self) -> FeedIn:
        need = {"person": {"staff_id"}, "enterprise": {"enterprise_id"}, "duty": {"enterprise_id", "duty_type"}}
        wanted = need[self.kind.value]
        given = {f for f in ("staff_id", "enterprise_id", "duty_type") if getattr(self, f) is not None}
        if given != wanted:
            vi = {
                "person": "một người (Cán bộ)",
                "enterprise": "một doanh nghiệp",
                "duty": "một doanh nghiệp và một loại trực",
            }
            raise Invalid(
                f"a {self.kind.value} feed takes exactly {', '.join(sorted(wanted))} "
                f"(got {', '.join(sorted(given)) or 'none'})",
                f"lịch này cần đúng {vi[self.kind.value]}, không hơn không kém",
            )
        return self


class FeedOut(BaseModel):
    id: uuid.UUID
    kind: FeedKind
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None
    duty_type: str | None
    language: Language | None
    label: str | None
    token_prefix: str = Field(description="the first characters of the token, to tell links apart")
    created_at: LocalDatetime
    rotated_at: LocalDatetime | None
    revoked_at: LocalDatetime | None
    created_by: str | None = Field(description="account id of whoever issued the link")
    revoked_by: str | None = Field(description="account id of whoever revoked it (the person or their manager)")
    active: bool

    @model_validator(mode="before")
    @classmethod
    def _active(cls, data: dict) -> dict:
        if isinstance(data, dict) and "active" not in data:
            data = {**data, "active": data.get("revoked_at") is None}
        return data


class IssuedFeedOut(FeedOut):
    """Returned once, when a token is issued (created or rotated): keep the links, they are not shown again."""

    token: str
    url: str = Field(description="the feed over https (http on loopback in development)")
    webcal_url: str = Field(description="the same feed as webcal://, which opens the calendar app to subscribe")


class QuietHoursIn(In):
    start: str = Field(pattern=_HHMM.pattern, examples=["22:00"], description="local time (UTC+7)")
    end: str = Field(pattern=_HHMM.pattern, examples=["06:00"], description="local time; before start crosses midnight")

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHoursIn:
        if self.start == self.end:
            raise Invalid(
                "quiet hours must start and end at different times", "giờ bắt đầu và giờ kết thúc phải khác nhau"
            )
        return self

    def times(self) -> tuple[time, time]:
        return time.fromisoformat(self.start), time.fromisoformat(self.end)


class PreferencesIn(In):
    """The whole of a person's preferences (PUT replaces them). `webhook_secret` is write-only:
    leave it out to keep the stored one, send null to remove it."""

    language: Language | None = Field(default=None, description="null: the language roster has for the person")
    channels: list[Channel] = Field(
        default_factory=lambda: list[Channel](["email"]),
        min_length=1,
        max_length=2,
        description="at least one: none would silently withdraw every reminder (the portal's form refuses it too)",
    )
    reminder_offsets_minutes: list[Annotated[int, Field(ge=1, le=20160)]] | None = Field(
        default=None,
        min_length=1,
        max_length=10,
        examples=[[1440, 60]],
        description="null: the service default; at least one when given",
    )
    quiet_hours: QuietHoursIn | None = None
    webhook_url: HttpUrl | None = Field(
        default=None,
        examples=["https://hooks.example.vn/lichtruc/tuyet"],
        description="your own webhook: https:// on a host the administrator allowed "
        "(NOTIFIER_WEBHOOK_ALLOWED_HOSTS), no user name or password in it; others are refused (422)",
    )
    webhook_secret: str | None = Field(default=None, min_length=16, max_length=200)

    @model_validator(mode="after")
    def _distinct(self) -> PreferencesIn:
        if len(set(self.channels)) != len(self.channels):
            raise Invalid("channels must not repeat", "mỗi kênh nhận thông báo chỉ được chọn một lần")
        if self.reminder_offsets_minutes is not None and len(set(self.reminder_offsets_minutes)) != len(
            self.reminder_offsets_minutes
        ):
            raise Invalid("reminder_offsets_minutes must not repeat", "mỗi mốc nhắc trước chỉ được chọn một lần")
        return self


# A stored time shown as QuietHoursIn takes it ("22:00"): what GET answers can be PUT back, and
# it is what the document says (a bare "22:00:00" is no RFC 3339 `format: time`).
_Clock = Annotated[
    time,
    PlainSerializer(
        lambda v: v.strftime("%H:%M"), return_type=Annotated[str, Field(pattern=_HHMM.pattern)], when_used="json"
    ),
]


class QuietHoursOut(BaseModel):
    start: _Clock
    end: _Clock


class PreferencesOut(BaseModel):
    staff_id: uuid.UUID
    known_person: bool = Field(description="whether roster's staff record has reached notifier")
    full_name: str | None
    email: str | None
    language: Language = Field(description="the language in effect")
    language_set: Language | None = Field(description="the language chosen here (null: roster's)")
    channels: list[Channel]
    reminder_offsets_minutes: list[int]
    uses_default_offsets: bool
    default_offsets_minutes: list[int] = Field(
        description="the service's default reminder times before a shift's start (NOTIFIER_REMINDER_OFFSETS_MINUTES), "
        "what `reminder_offsets_minutes: null` gives, whatever this person chose"
    )
    quiet_hours: QuietHoursOut | None
    webhook_url: str | None
    has_webhook_secret: bool
    updated_at: LocalDatetime | None


class AttemptOut(BaseModel):
    attempt: int
    owner: str = Field(description="the replica that made the attempt")
    started_at: LocalDatetime
    finished_at: LocalDatetime | None
    outcome: Literal["in_flight", "sent", "retry", "failed", "interrupted"]
    detail: str | None


DeliveryStatus = Literal["pending", "sending", "sent", "failed", "cancelled"]
DeliveryKind = Literal[
    "reminder",
    "check_in_missed",  # a missed check-in, to the person, the leader on duty and the managers (domain/check_ins.py)
    "check_in_late",  # the person came after it, to the leader and managers told
    "gap_opened",
    "gap_closed",
    "incident_opened",
    "incident_closed",  # those alerted of an incident's opening told it is resolved (domain/incidents.py)
    "responder_on",  # a person added as a responder to an incident (domain/incidents.py)
    "responder_off",  # a responder taken off an incident (domain/incidents.py)
    "inspection_plan",
    "inspection_found",
    "inspection_moved",
    "inspection_off",
    "explained",  # an explanation (giải trình) given or amended, to the inspectors (domain/explanations.py)
    "explain_answered",  # the inspector's answer to it, to the enterprise's managers
    "password_reset",  # a new password asked for at the sign-in page, to the administrators (domain/password_resets.py)
    # who is on a shift changed (domain/shift_notices.py)
    "shift_put_on",
    "shift_taken_off",
    "shift_moved",
    "shift_cancelled",
    "shift_published",
    "swap_approved",
    "swap_asked",
    "swap_asked_you",
    "swap_rejected",
    "swap_withdrawn",
    "swap_lapsed",
    "swap_answered",
    "swap_ready",
    "handover_taker",
    "handover_off",
    "early_leave",  # a person must leave a shift under way early, to its managers (QZ29 #8)
    # the directive's deadlines (domain/deadlines.py)
    "readiness_soon",
    "readiness_late",
    "hours_soon",
    "hours_late",
    "report_missing",
    "report_digest",
]


class DeliveryOut(BaseModel):
    id: uuid.UUID
    kind: DeliveryKind
    reminder_id: uuid.UUID | None
    gap_id: uuid.UUID | None
    shift_id: uuid.UUID | None
    staff_id: uuid.UUID | None
    enterprise_id: uuid.UUID | None
    enterprise_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description="the enterprises of a message that concerns several (then enterprise_id is null): a manager "
        "of two enterprises' readiness mail names both; empty otherwise",
    )
    channel: Channel
    recipient: str | None
    recipient_name: str | None
    language: Language
    subject: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: LocalDatetime
    lease_owner: str | None
    lease_expires_at: LocalDatetime | None
    last_error: str | None
    created_at: LocalDatetime
    updated_at: LocalDatetime
    sent_at: LocalDatetime | None
    attempt_log: list[AttemptOut]


ReminderStatus = Literal["scheduled", "withdrawn", "dispatched", "skipped", "expired"]


class ReminderOut(BaseModel):
    id: uuid.UUID
    shift_id: uuid.UUID
    staff_id: uuid.UUID
    offset_minutes: int
    shift_starts_at: LocalDatetime
    due_at: LocalDatetime
    status: ReminderStatus
    reason: str | None
    created_at: LocalDatetime
    updated_at: LocalDatetime
    dispatched_at: LocalDatetime | None


class KnownShift(BaseModel):
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int
    status: str
    data: dict
    last_event_id: uuid.UUID
    changed_at: LocalDatetime
