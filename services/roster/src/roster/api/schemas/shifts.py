"""Shift bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from lichtruc.events import MAX_COVERED_SITES, MAX_EVIDENCE_NOTE, PresenceEvidence

from .common import BLANK_IS_NONE, TRIMMED, DutyType, In, Instant, LocalSpan
from .reference import Note


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
    notes: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = None
    status: Literal["draft", "published"] = Field(default="draft", description="create it published at once")


class ShiftPatch(In):
    notes: Annotated[str, Field(max_length=2000), TRIMMED] | None = Field(
        default=None, description='the new notes; "" clears them; left out: unchanged'
    )
    site_id: uuid.UUID | None = None
    covers_site_ids: CoversSites | None = None


class RescheduleIn(In):
    starts_at: Instant
    ends_at: Instant


class ReassignIn(In):
    assignees: list[AssigneeRef] = Field(min_length=1, max_length=50)


class CancelIn(In):
    """Why a shift is cancelled: required unless it is a draft (its staff and the inspectors see it)."""

    reason: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = Field(
        default=None,
        description="why the shift is cancelled; required (not blank) for a published or checked-in shift, "
        "optional for a draft",
        examples=["Trùng lịch ứng cứu"],
    )


_LATE_REASON = Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None
"""Bounded here only as a body is; `domain.lateness` says the limit (MAX_LATE_REASON) with the person's name."""


class CheckInIn(In):
    staff_id: uuid.UUID
    late_reason: _LATE_REASON = Field(
        default=None,
        description="a late check-in (after the grace, lichtruc.check_in.GRACE): why, optional; at most "
        "MAX_LATE_REASON characters (422 max-length); given with a check-in on time: 409 not-late",
        examples=["Đường Quốc lộ 1 ngập, phải đi đường vòng"],
    )


class LateReasonIn(In):
    """Why a person who checked in late came late, given afterwards (roster's `domain.lateness`)."""

    staff_id: uuid.UUID
    late_reason: _LATE_REASON = Field(
        default=None,
        description="why they came late; required (blank: 422 reason-required); at most MAX_LATE_REASON characters",
        examples=["Con bị sốt, phải đưa đi trạm y tế"],
    )


class HandoverIn(In):
    """Who takes over the rest of a shift that has begun, from when, and why."""

    assignees: list[AssigneeRef] = Field(
        default_factory=list,
        max_length=50,
        description="the people who take over; required (none: 422 `handover-people-required`, with the request's "
        "other refusals)",
    )
    at: Instant | None = Field(
        default=None,
        description="the moment of the handover, after the shift's start and before its end; by default now "
        "(the service's clock) rounded up to the next 5 minutes",
        examples=["2027-02-05T21:00:00+07:00"],
    )
    absent: bool | None = Field(
        default=None,
        description="whether the shift's people never came (“Người trực không đến”): then the shift is cancelled "
        "(handed over, `handed_over_to`) and the new one starts at `at`, the hours before it left uncovered; "
        "false: someone came, the shift ends at `at` keeping what was worked; left out: true exactly when nobody "
        "on it has checked in. True once someone checked in: 422 `handover-absent-checked-in`",
    )
    reason: Annotated[str, Field(max_length=2000), BLANK_IS_NONE] | None = Field(
        default=None,
        description="why the rest is handed over; required (not blank): the staff and the inspectors read it",
        examples=["Trưởng ca bị ốm"],
    )


class PresenceIn(In):
    """A manager's word, after a shift ended, on whether a person on it was on post (roster's `domain.presence`)."""

    staff_id: uuid.UUID
    present: bool = Field(
        default=True,
        description="true: they were on post (from `present_from` to `present_until`) though their check-in does not "
        "say so; false: they checked in (or were confirmed present) but were not there",
    )
    present_from: Instant | None = Field(
        default=None,
        description="with present: since when (by default the shift's start)",
        examples=["2027-02-16T06:40:00+07:00"],
    )
    present_until: Instant | None = Field(
        default=None, description="with present: until when (by default the shift's end)"
    )
    absent_from: Instant | None = Field(
        default=None,
        description="with present false: away since when (by default the shift's start; checked in, left at 12:00: "
        "12:00)",
        examples=["2027-02-06T12:00:00+07:00"],
    )
    absent_until: Instant | None = Field(
        default=None, description="with present false: away until when (by default the shift's end)"
    )
    evidence: PresenceEvidence = Field(
        description="how it is known: handover_book (sổ giao ca), camera, shift_leader (xác nhận của trưởng ca), other"
    )
    evidence_note: Annotated[str, Field(max_length=MAX_EVIDENCE_NOTE), TRIMMED] = Field(
        default="",
        description="a note or a reference that shows it (the handover book's page…); required (blank: 422 "
        "evidence-required)",
        examples=["Sổ giao ca trạm Bà Đen, trang 14, ký nhận 06:40"],
    )
    late_reason: _LATE_REASON = Field(
        default=None,
        description="with present, on post from after the grace: why the person came late, as the manager was told "
        "(optional; on time: 409 not-late)",
    )


class PresenceOut(BaseModel):
    """What a manager said afterwards of a person on the shift: on post (from–to) or not, how it is known, who
    said it and when."""

    present: bool
    present_from: datetime | None = Field(description="with present: since when")
    present_until: datetime | None = Field(description="with present: until when")
    absent_from: datetime | None = Field(
        default=None, description="with present false: away since when (null with it: the whole shift, said before)"
    )
    absent_until: datetime | None = Field(default=None, description="with present false: away until when")
    evidence: PresenceEvidence
    evidence_note: str
    confirmed_by: str = Field(description="the account's login")
    confirmed_by_name: str | None = Field(description="its display name (null: not known)")
    confirmed_at: datetime


class AssigneeOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    qualified: bool = True
    checked_in_at: datetime | None = None
    late_reason: str | None = Field(
        default=None,
        description="why they came late, as their late check-in (or the reason given after it, POST "
        "/shifts/{id}/late-reason) says; null: none given",
    )
    presence: PresenceOut | None = Field(
        default=None, description="confirmed afterwards by a manager (POST /shifts/{id}/presence); null: nobody did"
    )
    can_check_in: bool | None = Field(
        default=None,
        description="an active account is linked to their staff record, so they can check in themselves; false: they "
        "cannot — a manager records their arrival while the shift is under way (POST /shifts/{id}/presence); null: "
        "not said (the answer to a change)",
    )


class HandedOverOut(BaseModel):
    """The shift that took this one over: whole, when this one is cancelled (nobody on it had come), else its rest,
    from this one's end (a handover after it began, its people on record)."""

    shift_id: uuid.UUID
    people: list[str] = Field(description="the full names of the people on it")
    at: datetime = Field(description="when it was handed over (the new shift was made)")
    starts_at: datetime = Field(
        description="from when the new shift is on duty (the moment of the handover): the hours before it, from the "
        "cancelled shift's start, had nobody"
    )
    handover_absent: bool | None = Field(
        default=None,
        description="the new shift's `handover_absent`: whether the manager said this one's people never came (true: "
        "“Người trực không đến” ticked), were there though not checked in (false: unticked — nobody on this one "
        "having checked in, they count as present until the handover), or did not say (null: handed over before "
        "2026-12-07)",
    )
    reason: str | None = Field(
        default=None,
        description="the new shift's `handover_reason`: why this one was handed over, as the manager typed it (its "
        "line breaks kept)",
    )


class TookOverOut(BaseModel):
    """The shift this one continues (a handover's taker): whose rest, or whole shift, its people took over."""

    shift_id: uuid.UUID
    people: list[str] = Field(description="the full names of the people on it (those relieved, or who never came)")
    whole: bool = Field(description="it is cancelled: its people never came, this one took it over whole")


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
    published_at: datetime | None = Field(
        default=None,
        description="when the shift was first published (its staff and the inspectors saw it from then on); "
        "null: never published — a draft, or a draft cancelled before anyone was told of it",
    )
    continues_shift_id: uuid.UUID | None = Field(
        default=None, description="the shift this one took over the rest of (POST /shifts/{id}/handover), if any"
    )
    handover_reason: str | None = Field(default=None, description="why that shift was handed over")
    handover_absent: bool | None = Field(
        default=None,
        description="a shift that took over another (`continues_shift_id`): whether the manager said that one's people "
        "never came (true: “Người trực không đến” ticked) or were there (false: unticked — nobody on it having "
        "checked in, its people count as present until the handover, as the daily report and the audit say); null: "
        "not said (any other shift, or handed over before 2026-12-07)",
    )
    handed_over_to: HandedOverOut | None = Field(
        default=None,
        description="a shift handed over (POST /shifts/{id}/handover): the shift that took it, whom to and when — "
        "whole when this one is cancelled (its people never came), else the rest from this one's end (GET /shifts, "
        "/shifts/{id} and the board, whichever day the shift that took it is on; null otherwise)",
    )
    took_over: TookOverOut | None = Field(
        default=None,
        description="a shift that took over another (`continues_shift_id`): that one's people, whom this one's "
        "people read they took over from (the other shift is not theirs to read; GET /shifts and /shifts/{id}; null "
        "otherwise, and on the board, which lists both)",
    )
    late_from: datetime | None = Field(
        default=None,
        description="from when a check-in counts late (15 minutes more): the start, or — a shift continuing another — "
        "the moment it was handed over, when later",
    )
    version: int
    created_at: datetime
    updated_at: datetime


class OnDutyBesideOut(BaseModel):
    """A colleague on duty while the shift runs, on another shift of its enterprise: a name, a duty type and the
    times, the site that shift is at; a phone number only for the duty leader (no e-mail, nothing else of that
    shift)."""

    staff_id: uuid.UUID
    full_name: str
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    phone: str | None = Field(default=None, description="the duty leader's phone number (null for any other duty)")
    site_name: str | None = Field(
        default=None, description="the site that shift is at (null: the enterprise's duty as a whole)"
    )


class OnDutyBesideListOut(BaseModel):
    shift_id: uuid.UUID
    people: list[OnDutyBesideOut] = Field(
        description="duty leaders first, then by duty type, start and name; the shift's own people are not listed"
    )


class OnDutyBesideManyOut(BaseModel):
    shifts: list[OnDutyBesideListOut] = Field(
        description="one per shift asked for that the caller may read, in the order asked"
    )


class HandoverOut(BaseModel):
    """A handover: the shift that now ends at the moment (its people and check-ins kept), and the one taking over."""

    ended: ShiftOut
    rest: ShiftOut


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
