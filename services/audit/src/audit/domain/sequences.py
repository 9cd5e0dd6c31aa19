"""Holes in an aggregate's history: every roster aggregate (a shift, a requirement, a campaign,
an enterprise, a site, a staff record, a swap request) numbers its events 1, 2, 3, …, so a
version that jumps tells that events in between never reached audit.

The rules, per aggregate:

* audit remembers the highest version it has received (the *head*);
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

from lichtruc.events import (
    CampaignOpened,
    EnterpriseRegistered,
    EventData,
    RequirementRemoved,
    RequirementSet,
    ShiftEvent,
    SiteRegistered,
    StaffJoined,
    SwapRejected,
    SwapRequested,
)
from lichtruc.events_incidents import IncidentEvent
from lichtruc.events_inspections import InspectionEvent
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)

from .readiness import mark_id

MAX_GAPS_PER_JUMP = 1000
"""A jump over more versions than this records the first ones only (roster never jumps:
such a jump is an event from elsewhere, and a thousand open gaps already say so)."""

_NAMESPACE = uuid.UUID("6f0c8a52-93b1-4d4e-9a77-5e3c1b0a2d41")


@dataclass(frozen=True, slots=True)
class AggregateVersion:
    """Which aggregate an event is about, and the version the event gives it."""

    aggregate_type: str
    aggregate_id: str
    version: int


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
    if isinstance(data, (SwapRequested, SwapRejected)):
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
    return None


def sequence_gap_id(aggregate_type: str, aggregate_id: str, version: int) -> str:
    """The stable id of the gap "this version of this aggregate is missing"."""
    return str(uuid.uuid5(_NAMESPACE, f"{aggregate_type}:{aggregate_id}:{version}"))


def track(head: VersionHead | None, late: SequenceGap | None, seen: Sighting) -> Tracked:
    """Apply one sighting to an aggregate's head. `late` is the open gap of exactly
    `seen.ref.version`, if there is one (only looked at when the version is not new)."""
    ref = seen.ref
    current = head.version if head is not None else 0
    if ref.version <= current:
        if late is None or late.status != "open":
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
