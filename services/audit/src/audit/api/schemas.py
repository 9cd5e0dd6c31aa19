"""Audit's request and response bodies. Instants are stored in UTC and shown in
Asia/Ho_Chi_Minh (+07:00); requests may use any offset but must give one."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from lichtruc import vntime
from lichtruc.bodies import In, Instant
from lichtruc.events import DutyTypeKey
from lichtruc.paging import Page
from lichtruc.words import Invalid

from ..domain.sequences import AggregateType


def _local(value: datetime) -> datetime:
    return vntime.local(value) if value.tzinfo else value


Local = Annotated[datetime, AfterValidator(_local)]
"""An instant shown in Vietnam time."""

VERIFY_GAPS_SHOWN = 100


# ------------------------------------------------------------------------------ event log


class LogRecord(BaseModel):
    seq: int
    event_id: uuid.UUID
    event_type: str
    source: str
    subject: str | None
    partition_key: str
    event_time: Local
    received_at: Local = Field(description="when audit recorded it: the record time")
    hash: str
    prev_hash: str
    event: dict[str, Any]


class LogPage(Page[LogRecord]):
    """A page of the log, oldest first (keyset on seq: stable while the log grows); `total` is null."""


class SequenceGapOut(BaseModel):
    """A version of a roster aggregate that did not reach audit when it should have."""

    gap_id: uuid.UUID
    aggregate_type: AggregateType = Field(description="which kind of aggregate (audit's domain/sequences.py list)")
    aggregate_type_name_vi: str = Field(description="the aggregate type in Vietnamese, e.g. 'ca trực'")
    aggregate_type_name: str = Field(description="the aggregate type in English, e.g. 'shift'")
    aggregate_id: uuid.UUID = Field(
        description="the aggregate's id (an enterprise's mark on a readiness item, a transaction point's hours "
        "for a campaign and an enterprise's report of a day have ids derived from what identifies them)"
    )
    what_vi: str = Field(
        description="the aggregate in words as the event that revealed the gap tells it, e.g. "
        "ca trực “Trực lãnh đạo 22:00 05/02/2027 – 06:00 06/02/2027 (…)”"
    )
    what: str = Field(description="the same in English")
    enterprise_name: str | None = Field(description="the enterprise the events are about (null: audit knows none)")
    partition_key: str = Field(description="the Kafka key of the events: the enterprise id (a campaign's own id)")
    expected_version: int = Field(description="the version that is missing")
    first_seen_version: int = Field(description="the later version that arrived first and revealed the hole")
    noticed_seq: int = Field(description="the log record that revealed it")
    noticed_at: Local
    noticed_by_event_id: uuid.UUID
    status: Literal["open", "closed"] = Field(description="closed: the missing event arrived since (late)")
    closed_seq: int | None = None
    closed_at: Local | None = None
    closed_by_event_id: uuid.UUID | None = None


class SequenceGapPage(Page[SequenceGapOut]):
    """A page of sequence gaps, in the order they were noticed."""


class Verification(BaseModel):
    ok: bool = Field(description="the hash chain is intact")
    records_checked: int
    first_broken_seq: int | None = None
    reason: str | None = None
    open_sequence_gaps: int = Field(
        default=0,
        description="roster events known to be missing from the log (an aggregate's version skipped): "
        "the chain is intact, but incomplete; see GET /sequence-gaps",
    )
    sequence_gaps: list[SequenceGapOut] = Field(
        default_factory=list, description=f"the first {VERIFY_GAPS_SHOWN} open sequence gaps, oldest first"
    )
    tree_size: int | None = Field(
        default=None, description="records covered by the latest signed tree head (null: none signed yet)"
    )
    tree_ok: bool | None = Field(
        default=None,
        description="the Merkle root re-computed from those records equals the latest head's, and the head's "
        "signature verifies (null: no head yet); `ok` is false otherwise",
    )


TREE_HEAD_FORM = (
    'Ed25519 over b"lichtruc-audit-tree-head-v1" || 0x00 || timestamp (uint64 big-endian, ms since the Unix '
    "epoch) || tree_size (uint64 big-endian) || root hash (32 bytes); RFC 9162 hashing (leaf = SHA-256(0x00 || "
    "the event's canonical bytes), node = SHA-256(0x01 || left || right))"
)


class TreeHeadOut(BaseModel):
    """A signed tree head: the Merkle tree of the log's first `tree_size` records."""

    tree_size: int
    root_hash: str = Field(description="hex")
    timestamp: int = Field(description="milliseconds since 1970-01-01 UTC (the signed value)")
    signed_at: Local = Field(description="the same instant, in Vietnam time")
    signature: str = Field(description=f"hex; {TREE_HEAD_FORM}")


class InclusionProofOut(BaseModel):
    """RFC 9162 §2.1.3: the audit path from the event's leaf to the root of the signed tree."""

    event_id: uuid.UUID
    seq: int
    leaf_index: int = Field(description="the event's place in the tree (seq - 1 for every record since 0006)")
    tree_size: int
    leaf_hash: str = Field(description="hex SHA-256(0x00 || canonical bytes of the event)")
    audit_path: list[str] = Field(description="hex, from the leaf upwards")
    root_hash: str = Field(description="hex: the root the path proves against (the tree head's)")
    tree_head: TreeHeadOut


class ConsistencyProofOut(BaseModel):
    """RFC 9162 §2.1.4: the tree of `from_size` records is a prefix of the signed tree of `to_size`."""

    from_size: int
    to_size: int
    from_root: str = Field(description="hex")
    to_root: str = Field(description="hex (the tree head's)")
    proof: list[str] = Field(description="hex")
    tree_head: TreeHeadOut


# ------------------------------------------------------------------------------ reference


class AsOfOut(BaseModel):
    """Which part of the log an answer comes from: records 1..seq, the last received at `received_at`."""

    requested: Local | None = Field(description="the record time asked for (null: now)")
    seq: int = Field(description="the last log record taken into account (0: none)")
    received_at: Local | None


class PeakOut(BaseModel):
    name: str
    starts_at: Local
    ends_at: Local


class CampaignOut(BaseModel):
    campaign_id: uuid.UUID
    kind: Literal["tet", "drill"] = Field(
        description="tet: the campaign of a Tết (one per lunar year); drill: an exercise before Tết, which has no "
        "Tết opening hours (campaigns recorded before roster had drills: tet)"
    )
    lunar_year: int
    name: str
    starts_at: Local
    ends_at: Local
    peaks: list[PeakOut]
    readiness_deadline: Local = Field(
        description="gaps still open at this instant are in force (default: 24 h before the campaign starts)"
    )
    version: int
    as_of: AsOfOut | None = Field(
        default=None, description="when `as_of` was asked: the position in the log this campaign was read at"
    )


class EnterpriseOut(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    sector: str
    version: int


class KeyNames(BaseModel):
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    sector: str | None
    site_id: uuid.UUID | None = Field(description="null: the enterprise as a whole (every site counts)")
    site_name: str | None
    border_area: bool | None
    district: str | None = None
    duty_type: str


# ----------------------------------------------------------------------------- coverage


class DayOut(BaseModel):
    day: date = Field(description="local day (Asia/Ho_Chi_Minh)")
    required_max: int = Field(description="most people required at once")
    planned_min: int | None = Field(description="fewest people on duty while someone is required")
    planned_max: int = Field(description="most people on duty at once")
    required_hours: float = Field(description="person-hours required")
    covered_hours: float = Field(description="of the required person-hours, those covered")
    uncovered_minutes: int = Field(description="minutes with fewer people than required")
    gap_count: int = Field(description="gaps touching the day")
    absent_minutes: int = Field(
        default=0,
        description="minutes with fewer people present than required because someone rostered had not checked in "
        "15 minutes after their shift's start, whether or not the roster was full (counted on top of "
        "`uncovered_minutes`, never instead), as of now; 0 when all came (GET /attendance/shortfalls)",
    )
    short_person_minutes: int = Field(
        default=0,
        description="person-minutes the plan leaves out: each stretch's minutes times (required − rostered); the "
        "figure every page and file totals as person-hours short of people by the plan (a gap)",
    )
    absent_person_minutes: int = Field(
        default=0,
        description="person-minutes of absence on top of the plan's gap: each presence shortfall's minutes times "
        "(min(required, rostered) − present), as of now; 0 when all came",
    )
    present_min: int | None = Field(
        default=None,
        description="fewest people there while someone is required, as of now: `planned_min`, less those not come "
        "where a presence shortfall touches the day (null if nobody is required)",
    )
    confirmed_person_minutes: int = Field(
        default=0,
        description="person-minutes counted present only because a manager confirmed afterwards, with evidence, that "
        "someone was on post (roster's PresenceConfirmed; GET /attendance/confirmations), not by their own check-in: "
        "told apart, never added to the figures above",
    )


class PresenceMarkOut(BaseModel):
    """A manager's word afterwards on a person of a shift: on post from–to, or not there though checked in."""

    present: bool = Field(description="true: confirmed on post (xác nhận sau); false: recorded not there (vắng)")
    present_from: Local | None = Field(description="with present: since when")
    present_until: Local | None = Field(description="with present: until when")
    evidence: str = Field(description="how it is known: handover_book, camera, shift_leader, other")
    evidence_vi: str = Field(
        description="the same in Vietnamese words (sổ giao ca, camera, xác nhận của trưởng ca, khác)"
    )
    evidence_en: str
    evidence_note: str = Field(description="the note or reference given")
    confirmed_by: str | None = Field(description="the account's login")
    confirmed_by_name: str | None = Field(description="its display name when roster knew it")
    confirmed_at: Local = Field(description="when it was said")
    event_id: str = Field(description="the event in the log that says it")


class FoundMissingOut(BaseModel):
    """An inspector's finding that the person was not on post at an instant: a word afterwards counts present only
    until it (QZ28 #1)."""

    finding_id: str
    observed_at: Local = Field(description="when the inspector found them missing")
    inspector: str = Field(description="the inspector's name (else their login)")
    site_name: str = Field(description="the site visited")


class AbsentOut(BaseModel):
    staff_id: str
    full_name: str
    shift_id: str
    shift_starts_at: Local
    shift_ends_at: Local
    absent_from: Local = Field(
        description="the shift's start once their check-in's grace (15 minutes) passed without one; or the end of the "
        "time a manager confirmed them there; or an inspector's finding"
    )
    absent_until: Local = Field(description="their check-in, the shift's end, or now, the first of them")
    checked_in_at: Local | None = Field(description="null: not checked in (as of now)")
    late_reason: str | None = Field(
        default=None,
        description="why they came late, as they said with their check-in or after it (or the manager recording their "
        "arrival said); null: not said",
    )
    presence: PresenceMarkOut | None = Field(
        default=None,
        description="a manager's word afterwards on this person: confirmed on post for part of the shift (this is "
        "the rest), or not there though checked in; null: nobody said",
    )
    overruled_by: FoundMissingOut | None = Field(
        default=None,
        description="the inspector's finding that stopped the time a manager confirmed: absent from its instant",
    )


class ConfirmationOut(KeyNames):
    """A presence confirmed afterwards (or corrected) on one person of a shift, marked apart from check-ins."""

    staff_id: str
    full_name: str
    shift_id: str
    shift_starts_at: Local
    shift_ends_at: Local
    checked_in_at: Local | None = Field(description="their own check-in, if any")
    presence: PresenceMarkOut
    counted_from: Local | None = Field(
        description="the stretch counted present only by this confirmation, as of now (cut to `day` when asked): "
        "from; null when none (not there, or their check-in covers it)"
    )
    counted_until: Local | None = Field(description="…until")
    person_minutes: int = Field(description="that stretch's minutes (one person: person-minutes)")
    overruled_by: FoundMissingOut | None = Field(
        default=None,
        description="an inspector's finding that the person was missing within the time confirmed: the confirmation "
        "counts only until its instant (QZ28 #1); null: none",
    )


class ShortfallOut(KeyNames):
    starts_at: Local
    ends_at: Local
    minutes: int
    required: int
    rostered: int = Field(description="people the roster had on the post then (may be fewer than `required`: a gap)")
    present: int = Field(description="of them, those there (`rostered` minus the absent)")
    absent: list[AbsentOut] = Field(description="the people rostered who had not come, by name")


class BoardRow(KeyNames):
    open_gaps: int
    days: list[DayOut]


class BoardOut(BaseModel):
    campaign: CampaignOut
    as_of: AsOfOut | None = Field(description="null: live coverage")
    days: list[date]
    rows: list[BoardRow]


class SegmentOut(BaseModel):
    starts_at: Local
    ends_at: Local
    required: int
    actual: int


class EngineGapOut(BaseModel):
    gap_id: uuid.UUID
    starts_at: Local
    ends_at: Local
    required: int
    actual: int
    missing: int
    missing_qualification: bool
    peak: bool
    requirement_ids: list[str]
    cause_event_ids: list[str]


class KeyCoverageOut(KeyNames):
    segments: list[SegmentOut]
    gaps: list[EngineGapOut]


class DoubleBookingOut(BaseModel):
    staff_id: str
    first_shift_id: str
    second_shift_id: str
    overlap_start: Local
    overlap_end: Local


class RestViolationOut(BaseModel):
    staff_id: str
    first_shift_id: str
    second_shift_id: str
    rest_minutes: int
    minimum_rest_minutes: int


class WindowCoverageOut(BaseModel):
    campaign: CampaignOut
    as_of: AsOfOut
    starts_at: Local
    ends_at: Local
    keys: list[KeyCoverageOut]
    double_bookings: list[DoubleBookingOut]
    rest_violations: list[RestViolationOut]


class PersonOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    qualified: bool
    checked_in_at: Local | None = Field(default=None, description="when they checked in (null: not yet)")
    late_reason: str | None = Field(default=None, description="why they came late, as they said (null: not said)")


class CoveredSiteOut(BaseModel):
    site_id: uuid.UUID
    site_name: str | None


class OnDutyShift(KeyNames):
    shift_id: uuid.UUID
    campaign_id: uuid.UUID | None
    status: str
    starts_at: Local
    ends_at: Local
    version: int
    last_event_id: uuid.UUID
    checked_in_at: Local | None = Field(
        default=None, description="when the first of its people checked in (null: nobody yet)"
    )
    covers: list[CoveredSiteOut] = Field(
        default_factory=list, description="further sites the shift covers besides its own"
    )
    people: list[PersonOut]


class SitePersonOut(PersonOut):
    duty_type: str
    shift_id: uuid.UUID
    starts_at: Local
    ends_at: Local
    shift_site_id: uuid.UUID | None = Field(
        default=None,
        description="the shift's own site (null: the enterprise as a whole): another than this site's when the "
        "shift covers it from there",
    )


class UnstaffedOut(KeyNames):
    required: int = Field(description="how many people the requirement in force at the instant asks for")


class SiteOnDutyOut(BaseModel):
    site_id: uuid.UUID
    site_name: str
    district: str | None
    border_area: bool
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    covered: bool = Field(description="someone qualified is on a shift at or covering the site")
    people: list[SitePersonOut] = Field(description="empty: nobody is at or covering the site at that instant")


class OnDutyOut(BaseModel):
    at: Local
    as_of: AsOfOut
    shifts: list[OnDutyShift]
    sites: list[SiteOnDutyOut] | None = Field(
        default=None,
        description="with a site filter (site_id, border, district): every matching site and who is "
        "at or covering it, nobody included; null without one",
    )
    unstaffed: list[UnstaffedOut] = Field(
        default_factory=list,
        description="each key (enterprise, site or the enterprise as a whole, duty type) a requirement in force at "
        "the instant asks people for, with nobody on a shift under way there",
    )


# --------------------------------------------------------------------------------- gaps


class GapSuccessor(BaseModel):
    """A gap that took over part of a closed gap's window (see GapOut.replaced_by)."""

    gap_id: uuid.UUID
    starts_at: Local
    ends_at: Local
    status: Literal["open", "closed"] = Field(description="as it is now: closed if it has been filled since")
    ends_as: Literal["taken_over", "filled", "next_shift", "window_end"] | None = Field(
        default=None,
        description="what ends this part's window, while it is open — as GapOut.ends_as says it of a whole gap; null "
        "once it is closed",
    )
    ends_with: list[str] = Field(
        default=[], description="who comes on duty at this open part's end, by name (as GapOut.ends_with)"
    )


class ShortWindow(BaseModel):
    starts_at: Local
    ends_at: Local


class GapOut(KeyNames):
    gap_id: uuid.UUID
    campaign_id: uuid.UUID
    district: str | None
    starts_at: Local
    ends_at: Local
    minutes: int
    required: int
    actual: int
    missing: int
    missing_qualification: bool
    peak: bool
    requirement_ids: list[str]
    cause_event_ids: list[str]
    cause: str = Field(
        description="the gap's cause as an inspector writes it in the minutes: the roster's changes among its causes "
        '(what, when, who and why: "shift cancelled 20:59 5 Feb 2027 — Nguyễn Văn Hùng: …"), or, when what is '
        'asked opened it (a requirement set or raised) or nothing the log names did, the shortfall: "Too few people '
        "rostered: at least 2 required, 0 rostered (requirement set by … at …); VNPT Long An has rostered nobody for "
        "these hours\" — the gaps files' causes column says the same"
    )
    cause_vi: str = Field(description="the same in Vietnamese (“Không đủ người được xếp: yêu cầu ít nhất 2 người…”)")
    status: Literal["open", "closed"] = Field(
        description="open: the roster still leaves it uncovered; closed: a later change covered it"
    )
    announced: bool = Field(
        description="published to notifier when found (false: already over when found, kept as history). "
        "Not an alert: notifier alerts managers only once the gap is in force or imminent, so a planning gap "
        "(in_force false) is announced and never alerted"
    )
    in_force: bool = Field(
        description="true: a gap in force (its start came, or the campaign's readiness deadline "
        "passed, while uncovered); false: a planning gap (closed in time, or not in "
        "force yet)"
    )
    in_force_from: Local = Field(description="from when the gap counts as in force if still open")
    explanation: Literal["unexplained", "submitted", "more_asked", "accepted"] | None = Field(
        default=None,
        description="its explanation (giải trình) by the enterprise: unexplained — owed and none given (in force, "
        "but not a hole that appeared after the readiness deadline and was filled before it began, nor a part left "
        "of a gap filled in part whose explanation accounts for it: explained_with); submitted — waiting for the "
        "inspector; more_asked; accepted; null — nothing owed (a planning gap, such a hole, or such a part)",
    )
    version: int
    opened_seq: int
    opened_at: Local
    opened_by_event_id: uuid.UUID
    opened_as: Literal["opened", "narrowed"] = Field(
        description="how opened_by_event_id made this gap — opened: it is among the gap's causes (it opened, "
        "widened or deepened a hole); narrowed: it added people for part of an earlier gap of the same "
        "enterprise, site (or none) and duty type, and this gap is the part it left short: its causes "
        "(cause_event_ids) are that earlier gap's, not this change's"
    )
    widened_by_event_ids: list[str] = Field(
        description="the changes that widened (a later end) or deepened (more people missing, or the qualification "
        "newly missing) this gap in place, same start, in log order: each is among its causes (cause_event_ids)"
    )
    narrowed_by_event_ids: list[str] = Field(
        description="the changes that narrowed this gap in place, same start (an earlier end, fewer people "
        "missing, or the qualification there now), in log order: they added people for part of it and are not "
        "among its causes. A change that filled the start of a gap closes it instead (closed_as narrowed)"
    )
    closed_seq: int | None
    closed_at: Local | None
    closed_by_event_ids: list[str]
    closed_as: Literal["filled", "narrowed", "requirement_changed"] | None = Field(
        description="how a closed gap closed — filled: no part of its window is short any more since that change; "
        "requirement_changed: nobody was added, only its requirement was lowered or removed (by whom: the closing "
        "events, closed_by_event_ids) — never told as covered; "
        "narrowed: filled only in part — the change added people for part of the window, so audit closed the "
        "gap and opened the rest as new gap(s) (`replaced_by`); null: the gap is open"
    )
    replaced_by: list[GapSuccessor] = Field(
        description="what stands now for a narrowed gap's window: its successors — the gaps of the same "
        "enterprise, site (or none) and duty type over its window that the change which closed it opened or "
        "reshaped (same log position) — and, for a successor narrowed again since, its own in its place, and so "
        "on; by start. Each is open (still short) or closed (filled since). Empty for an open or filled gap"
    )
    still_short: list[ShortWindow] = Field(
        description="the parts of this gap's window that those gaps still open leave short, in time order "
        "(empty once they are filled too)"
    )
    explained_with: uuid.UUID | None = Field(
        default=None,
        description="the gap filled in part whose explanation (giải trình) accounts for this one, a part it left "
        "short (a successor in its replaced_by, or theirs in turn): this gap owes none of its own and is not counted "
        "again (explanation is null unless one was given to it); null: judged by its own record",
    )
    ends_as: Literal["taken_over", "filled", "next_shift", "window_end"] | None = Field(
        default=None,
        description="what ends an open gap's window at ends_at (once that has passed: how it ended) — taken_over: "
        "someone took over the rest of a shift there (a hand-over); filled: a shift added for it after it opened "
        "begins there; next_shift: a shift the roster already had begins there, nobody was added; window_end: no "
        "shift begins there, the requirement's window ended, nobody was added. Null for a closed gap (closed_as)",
    )
    ends_with: list[str] = Field(
        default=[],
        description="who comes on duty at an open gap's end, by name (the shifts ends_as names); empty at window_end",
    )


class GapPage(Page[GapOut]):
    """A page of gaps, by start time."""


class GapsEnded(BaseModel):
    """How the open gaps matching the filters whose time has passed ended, each way counted apart (GapOut.ends_as):
    total = window_end + next_shift + taken_over + filled."""

    total: int = Field(description="open gaps matching the filters whose end has passed")
    window_end: int = Field(description="ended with their requirement's window, nobody added")
    next_shift: int = Field(description="lasted until a shift the roster already had began, nobody added")
    taken_over: int = Field(description="ended when someone took over the rest of a shift (a hand-over)")
    filled: int = Field(description="ended when a shift added for them began")
    partly: int = Field(description="of the total, the rest of a gap filled in part (opened_as narrowed)")


# ------------------------------------------------------------------------------ history


class HistoryItem(BaseModel):
    seq: int
    event_id: uuid.UUID
    event_type: str
    what: str = Field(examples=["shift.reassigned"])
    actor: str | None = Field(
        description="who made the change, as roster reported it (a daily report's: the account that submitted it)"
    )
    actor_name: str | None = Field(
        description="the actor's display name when the change was logged: as the latest event of their account "
        "at or before this record gives it (the first one after it, for an account recorded only later); else the "
        "name the event itself gives (a daily report's signer); null: neither names them",
        examples=["Nguyễn Văn Hùng"],
    )
    subject: str | None
    subject_id: str | None
    summary: str = Field(
        description="what happened, in English: names, days (with the lunar day where audit's other labels show "
        "one) and codes in words, never an id or a code; a type this version does not know is said to be one",
        examples=["Trần Văn Đức joined (qualifications: leader, technician)"],
    )
    summary_vi: str = Field(
        description="the same in Vietnamese",
        examples=["Thêm nhân sự Trần Văn Đức (chuyên môn: lãnh đạo, kỹ thuật)"],
    )
    event_time: Local = Field(description="when roster committed the change")
    received_at: Local = Field(description="when audit recorded it (record time)")
    data: dict[str, Any]


class HistoryPage(Page[HistoryItem]):
    """A page of an enterprise's history, oldest or newest first (keyset on the log's seq); `total` is null."""


class AccountEnterpriseOut(BaseModel):
    enterprise_id: str
    name: str | None = Field(description="as audit knows it (null: an enterprise audit has no record of)")


class AccountHistoryItem(BaseModel):
    seq: int
    event_id: uuid.UUID
    event_type: str
    what: str = Field(examples=["account.created", "account.changed", "account.recorded"])
    actor: str | None = Field(
        description="who made the change, as roster reported it ('command line': the CLI; 'system': roster itself, rest warnings recomputed)"
    )
    actor_name: str | None = Field(
        description="the actor's display name when the change was logged: as the latest event of their account "
        "at or before this record gives it (the first one after it, for an account recorded only later; null: no "
        "account event names that login, or the CLI)",
        examples=["Quản trị hệ thống"],
    )
    summary: str
    summary_vi: str = Field(
        examples=["Tạo tài khoản hungnv@vnpt-longan.vn (Nguyễn Văn Hùng): Quản lý của VNPT Long An"]
    )
    event_time: Local = Field(description="when roster committed the change")
    received_at: Local = Field(description="when audit recorded it (record time)")
    account_id: str | None
    login: str | None
    display_name: str | None
    role: str | None = Field(description="admin, manager, staff or inspector, after the change")
    enterprises: list[AccountEnterpriseOut] = Field(description="the enterprises it acts for, after the change")
    staff_id: str | None
    active: bool | None = Field(description="false: it can no longer sign in")
    changed: list[str] = Field(
        description="what changed (display_name, role, enterprise_ids, staff_id, active, password); empty at creation"
    )
    version: int | None = Field(description="the account's version in roster after the change")


class AccountHistoryPage(Page[AccountHistoryItem]):
    """A page of the history of accounts, newest or oldest first (keyset on the log's seq); `total` is null."""


# ----------------------------------------------------------------------------- findings


class FoundIn(In):
    staff_id: uuid.UUID | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200, examples=["Nguyễn Thị Ánh Tuyết"])

    @model_validator(mode="after")
    def _one_of(self) -> FoundIn:
        if self.staff_id is None and self.name is None:
            raise Invalid(
                "give the person's staff_id, their name as written down, or both",
                "hãy cho biết người đó là cán bộ nào, hoặc ghi tên như đã thấy, hoặc cả hai",
            )
        return self


class FindingIn(In):
    finding_id: uuid.UUID | None = Field(default=None, description="optional: makes a retried upload idempotent")
    site_id: uuid.UUID
    observed_at: Instant = Field(description="when the inspector was on site")
    duty_type: DutyTypeKey = Field(
        examples=["operations"],
        description="the duty the inspector checked: one of roster's duty types (GET /duty-types there)",
    )
    people_found: list[FoundIn] = Field(max_length=200)
    notes: str | None = Field(default=None, max_length=4000)


class ExpectedOut(BaseModel):
    staff_id: uuid.UUID
    full_name: str
    shift_id: uuid.UUID
    qualified: bool
    whole_enterprise: bool = Field(
        default=False,
        description="on a shift for the enterprise as a whole (no site), not at the site visited: found there,"
        " they match; not found, a `not_seen` discrepancy (not required at this site, but not seen on duty either)",
    )


class RosteredShiftOut(BaseModel):
    duty_type: str = Field(examples=["patrol"], description="one of roster's duty types (GET /duty-types there)")
    starts_at: Local
    ends_at: Local
    site_id: uuid.UUID | None = Field(
        description="the shift's own site: a round covering the site visited may have another"
    )
    site_name: str | None = Field(default=None, examples=["Trạm BTS Thái Bình Trung"])


class DiscrepancyOut(BaseModel):
    kind: Literal["missing", "not_seen", "unexpected"] = Field(
        description="missing: rostered at the site (or on a round covering it), not found; not_seen: rostered for"
        " the whole enterprise (a shift with no site), not found at this site — to be checked elsewhere in the"
        " enterprise; unexpected: found, not on the roster of the visit"
    )
    staff_id: uuid.UUID | None
    full_name: str | None
    shift_id: uuid.UUID | None
    detail: str
    detail_vi: str
    shift: RosteredShiftOut | None = Field(
        default=None,
        description="a missing or unseen person's shift as the roster held it at the finding, for a reader to name it in their"
        " own words (null: someone unexpected, a shift the roster no longer held, or a finding recorded before"
        " discrepancies carried it)",
    )


class FoundOut(BaseModel):
    staff_id: uuid.UUID | None
    name: str | None


class FindingOut(BaseModel):
    seq: int | None = None
    explanation: Literal["unexplained", "submitted", "more_asked", "accepted"] | None = Field(
        default=None,
        description="its explanation (giải trình) by the enterprise, in the list (GET /findings): unexplained — with "
        "discrepancies and none given; submitted — waiting for the inspector; more_asked; accepted; null — none "
        "owed (no discrepancies), or not looked up (one finding, or the answer to recording it)",
    )
    finding_id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    enterprise_id: uuid.UUID
    duty_type: str
    observed_at: Local
    recorded_at: Local
    inspector: str | None = Field(description="who recorded it: the account's login name, from the access token")
    inspector_name: str | None = Field(
        default=None,
        description="the inspector's display name, as their account was called when the finding was recorded "
        "(null: no account event names that login; in the answer to recording it, not looked up)",
        examples=["Lê Thị Thanh Tra"],
    )
    inspector_account_id: str | None = Field(
        default=None, description="the recording account (null: recorded before accounts existed)"
    )
    notes: str | None
    people_found: list[FoundOut]
    as_of_seq: int = Field(description="the roster was taken as the log stood after this record")
    enterprise_duty_counted: bool = Field(
        default=False,
        description="whether the enterprise's duty with no site was held against the visit; false: recorded"
        " before it was (the site's own shifts and those covering it alone), kept as recorded",
    )
    enterprise_duty_unseen_listed: bool = Field(
        default=False,
        description="whether someone on the enterprise's duty with no site and not found is listed (`not_seen`);"
        " false: recorded before they were, kept as recorded (`expected` less `present` still says who)",
    )
    expected: list[ExpectedOut]
    present: list[ExpectedOut]
    discrepancies: list[DiscrepancyOut]
    log_seq: int | None = Field(
        default=None,
        description="its record in the signed log (GET /log/{seq}; its inclusion proof: GET /log/proof/inclusion?"
        "event=`log_event_id`); null: recorded before findings were logged, in the findings' own chain only",
    )
    log_event_id: uuid.UUID | None = Field(default=None, description="the event id of its record in the signed log")


class FindingPage(Page[FindingOut]):
    """A page of findings, oldest first."""


# --------------------------------------------------------------------------- operations


class SnapshotOut(BaseModel):
    seq: int
    received_at: Local
    created_at: Local | None
    bytes: int


class TableDigest(BaseModel):
    rows: int
    sha256: str


class SnapshotPage(Page[SnapshotOut]):
    """A page of snapshots, newest first."""


class DigestOut(BaseModel):
    seq: int = Field(description="the log record the projections are at")
    tables: dict[str, TableDigest]


class PartitionLagOut(BaseModel):
    topic: str
    partition: int
    consumer_group: str
    end_offset: int = Field(description="the offset the next record put on the partition will get")
    applied_offset: int = Field(
        description="the offset audit reads next: every record before it is applied (its committed offset)"
    )
    pending: int = Field(description="records on the partition audit has not applied yet")
    oldest_pending_at: Local | None = Field(
        default=None, description="when the first of them was put on the topic (null: none waits)"
    )


class LagOut(BaseModel):
    pending: int = Field(description="records on the topics audit consumes that it has not applied yet, in all")
    oldest_pending_at: Local | None = Field(
        default=None, description="when the oldest of them was put on its topic, by Kafka's clock (null: none)"
    )
    oldest_pending_seconds: float | None = Field(
        default=None,
        description="how long that one has waited, measured on Kafka's clock: subtract it from your own clock "
        "rather than comparing `oldest_pending_at` with it",
    )
    read_at: Local = Field(
        description="when Kafka's offsets were read (they are kept a few seconds; when Kafka is slow or down, the last"
        " figures read are answered for as long as no new reading succeeds), by Kafka's clock"
    )
    read_seconds_ago: float = Field(
        default=0.0,
        description="how long ago, on Kafka's clock, those figures were read: over a few seconds, a new reading is"
        " slow or failed (subtract it from your own clock rather than comparing `read_at` with it)",
    )
    read_again_failed: str | None = Field(
        default=None,
        description="why the latest reading failed (Kafka down, a reading over 5 s), the figures then being the last"
        " read; null: it did not fail, or it is still under way",
    )
    partitions: list[PartitionLagOut]
