"""Holes in an aggregate's history: every versioned roster aggregate (the ones in
`AGGREGATE_TYPES`: a shift, a requirement, a campaign, an enterprise, a site, a staff record, a
swap request, a readiness item and an enterprise's mark on it, an inspection, an incident, a
transaction point's published Tết hours, an enterprise's daily report, an account, the Department's
profile) numbers its events 1, 2, 3, …, so a version that jumps tells that events in between never
reached audit.

What "consecutive" means where it is not the obvious:

* a transaction point's Tết hours (TransactionHoursPublished): the aggregate is the schedule of
  one site for one campaign, and the tracked number is ``published_version`` (1 for the first
  publication, +1 for each). Its ``version`` is the *draft's* version, which moves with every
  saved edit that publishes nothing, so it skips by design and is not tracked;
* a daily report (DailyReportSubmitted): the aggregate is an enterprise's report for one local
  day, versions 1 (the submission), 2, 3, … (its corrections); each version has its own
  ``report_id``, so the id tracked is derived from (enterprise, day);
* an enterprise's mark on a readiness item: derived from (item, enterprise), see `mark_id`;
* an account (AccountCreated, AccountChanged, AccountRecorded; keyed by the account id): a lost
  change of someone's role or scope is what an inspector most needs to know of. AccountRecorded
  (`python -m roster publish-accounts`) states an account as it stands, at its own version, for
  accounts made before roster published account events: it is a *baseline* (`AggregateVersion.
  baseline`). Seen first, it starts the head at its version and opens no gap below it (that
  history predates the account events, it was not lost on the way); seen later, a jump to it
  still opens the gaps it skips, and it closes none (it is not the lost event: who changed what
  stays unknown);
* the Department's profile (DepartmentProfileChanged, 'Thông tin Sở': the names the Department's
  documents print): there is one, so its id is the events' Kafka key, `DEPARTMENT_KEY` (a fixed
  uuid5 in `lichtruc.events_department`), not one derived here; its ``version`` is 1 for the first
  save, +1 for each. A lost change of the letterhead or of a document's recipients is as much an
  inspector's business as a lost change of an account.

`AGGREGATE_TYPES` is the one list of what is tracked: the API's schema and filter are derived
from it, so a new aggregate cannot be tracked here and forgotten there.

The rules, per aggregate:

* audit remembers the highest version it has received (the *head*);
* a baseline with no head yet only sets the head (see the account above);
* the next version (head + 1) moves the head on;
* a higher one moves the head there and opens a **sequence gap** for each version skipped
  (expected version, the version first seen instead, when it was noticed and by which log
  record) — including versions 1 … v-1 when the first event audit sees is at v > 1;
* a version at or below the head closes the gap of that version if one is open (the missing
  event was delivered late); otherwise it is a repeat or a stale event and changes nothing.

Events of one enterprise arrive in order (one Kafka partition, keyed by the enterprise id),
so a gap is not a reordering: it is an event lost upstream, or one that arrives only when
it is re-sent (e.g. replayed from a dead-letter topic). Pure functions of values: the
consumer and the rebuild apply them in the log's order and get the same gaps.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, get_args

from lichtruc import vntime
from lichtruc.duty_types import duty_type_name
from lichtruc.events import (
    CampaignOpened,
    EnterpriseRegistered,
    EventData,
    RequirementRemoved,
    RequirementSet,
    ShiftEvent,
    SiteRegistered,
    StaffJoined,
    SwapAnswered,
    SwapLapsed,
    SwapRejected,
    SwapRequested,
    SwapWithdrawn,
)
from lichtruc.events_accounts import AccountEvent, AccountRecorded
from lichtruc.events_department import DEPARTMENT_KEY, DepartmentProfileChanged
from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.events_incidents import IncidentEvent
from lichtruc.events_inspections import InspectionEvent
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)
from lichtruc.events_reports import DailyReportSubmitted

from .readiness import mark_id

MAX_GAPS_PER_JUMP = 1000
"""A jump over more versions than this records the first ones only (roster never jumps:
such a jump is an event from elsewhere, and a thousand open gaps already say so)."""

_NAMESPACE = uuid.UUID("6f0c8a52-93b1-4d4e-9a77-5e3c1b0a2d41")

AggregateType = Literal[
    "campaign",
    "enterprise",
    "site",
    "staff",
    "requirement",
    "shift",
    "swap",
    "readiness_item",
    "readiness_mark",
    "inspection",
    "incident",
    "transaction_hours",
    "daily_report",
    "account",
    "department",
]
"""Every aggregate whose versions audit tracks (`aggregate_version` returns only these)."""

AGGREGATE_TYPES: tuple[AggregateType, ...] = get_args(AggregateType)

AGGREGATE_TYPE_NAMES: dict[AggregateType, tuple[str, str]] = {
    "campaign": ("đợt trực", "campaign"),
    "enterprise": ("doanh nghiệp", "enterprise"),
    "site": ("địa điểm", "site"),
    "staff": ("nhân sự", "staff member"),
    "requirement": ("yêu cầu quân số trực", "staffing requirement"),
    "shift": ("ca trực", "shift"),
    "swap": ("yêu cầu đổi ca", "swap request"),
    "readiness_item": ("mục kiểm tra sẵn sàng", "readiness checklist item"),
    "readiness_mark": ("đánh dấu hoàn thành mục sẵn sàng", "readiness mark"),
    "inspection": ("kế hoạch kiểm tra", "inspection"),
    "incident": ("sự cố", "incident"),
    "transaction_hours": ("giờ mở cửa dịp Tết", "Tết opening hours"),
    "daily_report": ("báo cáo ngày", "daily report"),
    "account": ("tài khoản", "account"),
    "department": ("thông tin Sở", "Department details"),  # as the portal's page names it
}
"""Each aggregate type in words: (Vietnamese, English)."""


def type_names(aggregate_type: str) -> tuple[str, str]:
    """An aggregate type in words (Vietnamese, English); a type this version does not know, as it is."""
    for known, names in AGGREGATE_TYPE_NAMES.items():
        if known == aggregate_type:
            return names
    return aggregate_type, aggregate_type


@dataclass(frozen=True, slots=True)
class AggregateVersion:
    """Which aggregate an event is about, and the version the event gives it."""

    aggregate_type: AggregateType
    aggregate_id: str
    version: int
    baseline: bool = False
    """The event states the aggregate as it stands rather than a change (AccountRecorded): with no
    head yet it starts one without gaps below it, and it never closes a gap."""


@dataclass(frozen=True, slots=True)
class VersionHead:
    """The highest version of one aggregate that audit has received."""

    aggregate_type: str
    aggregate_id: str
    version: int
    updated_seq: int


@dataclass(frozen=True, slots=True)
class SequenceGap:
    """One version of one aggregate that did not arrive when it should have."""

    gap_id: str
    aggregate_type: str
    aggregate_id: str
    partition_key: str
    expected_version: int
    first_seen_version: int
    noticed_seq: int
    noticed_at: datetime
    noticed_by_event_id: str
    status: str  # open | closed
    closed_seq: int | None = None
    closed_at: datetime | None = None
    closed_by_event_id: str | None = None


@dataclass(frozen=True, slots=True)
class Sighting:
    """One logged event of an aggregate: where it sits in the log and what it says."""

    ref: AggregateVersion
    partition_key: str
    seq: int
    at: datetime
    event_id: str


@dataclass(frozen=True, slots=True)
class Tracked:
    """What one event changes: the new head (None: unchanged), gaps opened, the gap closed."""

    head: VersionHead | None
    opened: tuple[SequenceGap, ...] = ()
    closed: SequenceGap | None = None


def aggregate_version(data: EventData | None) -> AggregateVersion | None:
    """The aggregate an event versions; None for an event that versions none (or an unknown type).

    A swap request carries its shift unchanged: it versions the swap, not the shift. An approved
    swap is a shift event (ShiftSwapped, the shift's version)."""
    if isinstance(data, ShiftEvent):
        return AggregateVersion("shift", str(data.shift.shift_id), data.shift.version)
    if isinstance(data, (SwapRequested, SwapAnswered, SwapRejected, SwapWithdrawn, SwapLapsed)):
        return AggregateVersion("swap", str(data.swap_id), data.version)
    if isinstance(data, (RequirementSet, RequirementRemoved)):
        return AggregateVersion("requirement", str(data.requirement_id), data.version)
    if isinstance(data, CampaignOpened):  # and CampaignUpdated
        return AggregateVersion("campaign", str(data.campaign_id), data.version)
    if isinstance(data, EnterpriseRegistered):  # and EnterpriseUpdated
        return AggregateVersion("enterprise", str(data.enterprise_id), data.version)
    if isinstance(data, SiteRegistered):  # and SiteUpdated
        return AggregateVersion("site", str(data.site_id), data.version)
    if isinstance(data, StaffJoined):  # and StaffUpdated
        return AggregateVersion("staff", str(data.staff_id), data.version)
    if isinstance(data, (ReadinessItemDefined, ReadinessItemRemoved)):  # and ReadinessItemUpdated
        return AggregateVersion("readiness_item", str(data.item_id), data.version)
    if isinstance(data, (ReadinessItemCompleted, ReadinessItemReopened)):  # an enterprise's mark on an item
        return AggregateVersion("readiness_mark", mark_id(data.item_id, data.enterprise_id), data.version)
    if isinstance(data, InspectionEvent):
        return AggregateVersion("inspection", str(data.inspection.inspection_id), data.inspection.version)
    if isinstance(data, IncidentEvent):
        return AggregateVersion("incident", str(data.incident.incident_id), data.incident.version)
    if isinstance(data, TransactionHoursPublished):  # published_version: `version` is the draft's, it skips
        return AggregateVersion("transaction_hours", hours_id(data.site_id, data.campaign_id), data.published_version)
    if isinstance(data, DailyReportSubmitted):  # each version has its own report_id
        return AggregateVersion("daily_report", report_day_id(data.enterprise_id, data.day), data.version)
    if isinstance(data, AccountEvent):
        return AggregateVersion(
            "account", str(data.account_id), data.version, baseline=isinstance(data, AccountRecorded)
        )
    if isinstance(data, DepartmentProfileChanged):  # one profile: its key is its id
        return AggregateVersion("department", str(DEPARTMENT_KEY), data.version)
    return None


def hours_id(site_id: object, campaign_id: object) -> str:
    """The id of a transaction point's published Tết hours for one campaign."""
    return str(uuid.uuid5(_NAMESPACE, f"transaction_hours/{site_id}/{campaign_id}"))


def report_day_id(enterprise_id: object, day: object) -> str:
    """The id of an enterprise's daily report for one local day (all its versions)."""
    return str(uuid.uuid5(_NAMESPACE, f"daily_report/{enterprise_id}/{day}"))


@dataclass(frozen=True, slots=True)
class Described:
    """What an event's aggregate is, in words (Vietnamese, English), and the enterprise's name
    where the event carries it."""

    vi: str
    en: str
    enterprise_name: str | None = None


def describe(data: EventData | None) -> Described | None:
    """Name the aggregate an event versions, from the event alone (for the inspectors' list:
    the event that revealed a gap is the one audit knows). None for an event that versions none."""
    ref = aggregate_version(data)
    if ref is None or data is None:
        return None
    vi_type, en_type = AGGREGATE_TYPE_NAMES[ref.aggregate_type]
    vi, en = _words(data)
    enterprise = _enterprise_name(data)
    return Described(f"{vi_type} “{vi}”" if vi else vi_type, f"{en_type} “{en}”" if en else en_type, enterprise)


def _shift_words(duty_type: str, starts_at: datetime, ends_at: datetime) -> tuple[str, str]:
    when_vi, when_en = vntime.span(starts_at, ends_at), vntime.span(starts_at, ends_at, "en")
    vi = f"{duty_type_name(duty_type, 'vi')} {when_vi} ({vntime.lunar_label(vntime.local_day(starts_at), 'vi')})"
    en = f"{duty_type_name(duty_type, 'en')} {when_en} ({vntime.lunar_label(vntime.local_day(starts_at), 'en')})"
    return vi.replace(" ()", ""), en.replace(" ()", "")


def _words(data: EventData) -> tuple[str, str]:
    """The aggregate's own name or time, as the event tells it ("" where it tells none)."""
    if isinstance(data, ShiftEvent):
        return _shift_words(data.shift.duty_type, data.shift.starts_at, data.shift.ends_at)
    if isinstance(data, SwapRequested):
        return _shift_words(data.shift.duty_type, data.shift.starts_at, data.shift.ends_at)
    if isinstance(data, CampaignOpened):
        return data.name, data.name
    if isinstance(data, (EnterpriseRegistered, SiteRegistered)):
        return data.name, data.name
    if isinstance(data, StaffJoined):
        return data.full_name, data.full_name
    if isinstance(data, RequirementSet):
        return duty_type_name(data.duty_type, "vi"), duty_type_name(data.duty_type, "en")
    if isinstance(data, ReadinessItemDefined):
        return data.title_vi, data.title_en
    if isinstance(data, (ReadinessItemCompleted, ReadinessItemReopened)):  # the events carry the Vietnamese title
        return data.title_vi, data.title_vi
    if isinstance(data, InspectionEvent):
        at = data.inspection.site_name or data.inspection.enterprise_name or ""
        day = vntime.day_label(data.inspection.planned_on)
        return (f"{at} {day}".strip(), f"{at} {vntime.day_label(data.inspection.planned_on, 'en')}".strip())
    if isinstance(data, IncidentEvent):
        at = data.incident.site_name or data.incident.enterprise_name
        detected = data.incident.detected_at
        return f"{at} {vntime.clock(detected)}".strip(), f"{at} {vntime.clock(detected, 'en')}".strip()
    if isinstance(data, TransactionHoursPublished):
        return data.site_name, data.site_name
    if isinstance(data, DailyReportSubmitted):
        return vntime.day_label(data.day, "vi"), vntime.day_label(data.day, "en")
    if isinstance(data, AccountEvent):
        return (f"{data.display_name} ({data.login})",) * 2
    if isinstance(data, DepartmentProfileChanged):  # the issuing body, as the letterhead prints it
        return data.profile.department, data.profile.department
    return "", ""


def _enterprise_name(data: EventData) -> str | None:
    if isinstance(data, EnterpriseRegistered):
        return data.name
    if isinstance(data, DailyReportSubmitted):
        return data.enterprise_name
    if isinstance(data, IncidentEvent):
        return data.incident.enterprise_name or None
    if isinstance(data, InspectionEvent):
        return data.inspection.enterprise_name
    return None


def sequence_gap_id(aggregate_type: str, aggregate_id: str, version: int) -> str:
    """The stable id of the gap "this version of this aggregate is missing"."""
    return str(uuid.uuid5(_NAMESPACE, f"{aggregate_type}:{aggregate_id}:{version}"))


def track(head: VersionHead | None, late: SequenceGap | None, seen: Sighting) -> Tracked:
    """Apply one sighting to an aggregate's head. `late` is the open gap of exactly
    `seen.ref.version`, if there is one (only looked at when the version is not new)."""
    ref = seen.ref
    if ref.baseline and head is None:
        return Tracked(head=VersionHead(ref.aggregate_type, ref.aggregate_id, ref.version, seen.seq))
    current = head.version if head is not None else 0
    if ref.version <= current:
        if ref.baseline or late is None or late.status != "open":
            return Tracked(head=None)
        return Tracked(
            head=None,
            closed=replace(
                late, status="closed", closed_seq=seen.seq, closed_at=seen.at, closed_by_event_id=seen.event_id
            ),
        )
    new_head = VersionHead(ref.aggregate_type, ref.aggregate_id, ref.version, seen.seq)
    missing = range(current + 1, min(ref.version, current + 1 + MAX_GAPS_PER_JUMP))
    opened = tuple(
        SequenceGap(
            gap_id=sequence_gap_id(ref.aggregate_type, ref.aggregate_id, v),
            aggregate_type=ref.aggregate_type,
            aggregate_id=ref.aggregate_id,
            partition_key=seen.partition_key,
            expected_version=v,
            first_seen_version=ref.version,
            noticed_seq=seen.seq,
            noticed_at=seen.at,
            noticed_by_event_id=seen.event_id,
            status="open",
        )
        for v in missing
    )
    return Tracked(head=new_head, opened=opened)
