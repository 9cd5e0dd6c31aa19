"""Applying one logged event to the projections: the read model of the roster, and —
when the store keeps it — live coverage and the gaps.

One function, `project`, written against `ProjectionStore`; it runs on the SQL store
inside the consumer's transaction (live), and on the in-memory store for "as known
at" replays and for the rebuild. Same code, same order (the log's), same clock (the
log's record time): the same state. Coverage is settled once per append transaction
(domain/live.py): `project` with a `Pending` only notes the keys an event touched, and
`settle` recomputes them once the transaction's events are all applied; the rebuild settles
where the log's tree heads close each transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, cast

from lichtruc.events import (
    CampaignOpened,
    CloudEvent,
    EnterpriseRegistered,
    EventData,
    RequirementRemoved,
    RequirementSet,
    ShiftCheckedIn,
    ShiftEvent,
    SiteRegistered,
    StaffJoined,
    SwapRequested,
    UnknownEventType,
)
from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.events_incidents import IncidentEvent
from lichtruc.events_inspections import InspectionEvent
from lichtruc.events_reports import DailyReportSubmitted

from ..db.incidents import IncidentProjection
from ..domain import coverage, inforce
from ..domain.live import (
    GapChange,
    GapRecord,
    KeyRef,
    Touch,
    Window,
    compute_key,
    gap_id,
    has_window,
    merged,
    reconcile_gaps,
    stretch,
)
from ..domain.model import (
    Campaign,
    Requirement,
    Shift,
    apply_campaign,
    apply_enterprise,
    apply_requirement,
    apply_shift,
    apply_site,
    apply_staff,
    coverage_view,
    late_reason_of,
    presence_mark,
    remove_requirement,
    requirement_traces,
    utc,
)
from ..domain.sequences import SequenceGap, Sighting, VersionHead, aggregate_version, sequence_gap_id, track
from . import daily_reports, hours, inspections, readiness
from .incidents import project_incident

log = logging.getLogger(__name__)

_REQUIREMENT_TYPES = frozenset({RequirementSet.event_type, RequirementRemoved.event_type})
"""The events that change what a key asks, not who is on duty: a gap only they close is not covered."""


@dataclass(frozen=True, slots=True)
class Logged:
    """An event as the log holds it: its place in the log and when audit received it."""

    seq: int
    received_at: datetime
    event: CloudEvent


class ProjectionStore(Protocol):
    """Where `project` reads and writes the projections (SQL in a transaction, or memory)."""

    tracks_coverage: bool
    tracks_sequences: bool

    @property
    def incidents(self) -> IncidentProjection:
        """Where incident versions go (their own tables; see handlers/incidents.py)."""
        ...

    async def get(self, collection: str, record_id: str) -> Any | None: ...
    async def put(self, collection: str, record: Any) -> None: ...
    async def requirement_keys(
        self,
        *,
        campaign_id: str | None = None,
        enterprise_id: str | None = None,
        duty_type: str | None = None,
        sites: Iterable[str] | None = None,
    ) -> list[KeyRef]:
        """The keys of a campaign's requirements in force, or of an (enterprise, duty type) pair's: with
        `sites`, only its enterprise-wide keys and those at one of the sites."""

    async def requirements_of_key(self, key: KeyRef) -> list[Requirement]: ...
    async def shifts_for_key(self, key: KeyRef, start: datetime, end: datetime) -> list[Shift]: ...
    async def put_coverage(self, key: KeyRef, segments: list[coverage.Segment]) -> None: ...
    async def drop_coverage(self, key_id: str) -> None: ...
    async def gaps_of_key(self, key_id: str, gap_ids: Iterable[str]) -> list[GapRecord]:
        """The key's open gaps, and its gaps (open or closed) with the given ids."""

    async def put_gap(self, gap: GapRecord) -> None: ...
    async def version_head(self, aggregate_type: str, aggregate_id: str) -> VersionHead | None: ...
    async def put_version_head(self, head: VersionHead) -> None: ...
    async def sequence_gap(self, gap_id: str) -> SequenceGap | None: ...
    async def put_sequence_gaps(self, gaps: list[SequenceGap]) -> None: ...


def decode_data(event: CloudEvent) -> EventData | None:
    """The event's typed data; None for a type this version does not know (it is logged,
    not projected). Raises pydantic.ValidationError for a known type that breaks the contract."""
    try:
        return event.decoded()
    except UnknownEventType:
        return None


@dataclass
class Pending:
    """The coverage keys the events of one append transaction touched so far, with each touch
    (the event, and where its change can have moved the key's coverage), in log order."""

    touched: dict[KeyRef, list[tuple[Logged, Window | None]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.touched)


@dataclass(frozen=True, slots=True)
class Settled:
    """A gap change, and the record time of the event it is settled at (its key's last touch)."""

    change: GapChange
    at: datetime


async def project(
    *, store: ProjectionStore, logged: Logged, data: EventData | None, pending: Pending | None = None
) -> list[GapChange]:
    """Apply one event. Without `pending`, its coverage is settled at once and the gap changes it
    caused are returned (none if the store keeps no coverage); with one, the keys it touched are
    noted there for `settle`, and nothing is returned."""
    if store.tracks_sequences:
        await follow_version(store=store, logged=logged, data=data)
    windowed = bool(getattr(store, "recomputes_windows", False))
    before = await _record_before(store, data) if windowed else None
    keys = await _apply_to_read_model(store=store, logged=logged, data=data)
    if not keys or not store.tracks_coverage:
        return []
    window = await _changed_window(store, data, before) if windowed else None
    held = pending if pending is not None else Pending()
    for key in keys:
        held.touched.setdefault(key, []).append((logged, window))
    if pending is not None:
        return []
    return [s.change for s in await settle(store=store, pending=held)]


async def settle(*, store: ProjectionStore, pending: Pending) -> list[Settled]:
    """Recompute each key `pending` holds once, over what its touches can have moved, and follow
    its gaps, at its last touch (domain/live.py, "Settled per append"); keys in their order."""
    settled: list[Settled] = []
    for key in sorted(pending.touched, key=KeyRef.sort_key):
        touches = pending.touched[key]
        last = touches[-1][0]
        windows = [w for _, w in touches]
        changes = await recompute_key(
            store=store,
            key=key,
            logged=last,
            windows=None if None in windows else cast(list[Window], windows),
            touches=[Touch(str(logged.event.id), w, logged.event.type in _REQUIREMENT_TYPES) for logged, w in touches],
        )
        settled += (Settled(c, last.received_at) for c in changes)
    pending.touched.clear()
    return settled


class WindowedStore(ProjectionStore, Protocol):
    """A store that keeps the keys' timelines at hand (the batch's): a shift's change is then
    recomputed over the stretch of the timeline it can have changed, not the whole campaign."""

    recomputes_windows: bool

    async def coverage_of(self, key: KeyRef) -> list[coverage.Segment] | None:
        """The key's stored timeline (None if it has none)."""

    async def gaps_starting_within(
        self, key_id: str, gap_ids: Iterable[str], stretch: tuple[datetime, datetime]
    ) -> list[GapRecord]:
        """`gaps_of_key`, for gap ids of gaps that would start within `stretch`."""


async def _record_before(store: ProjectionStore, data: EventData | None) -> Shift | Requirement | None:
    if isinstance(data, (ShiftEvent, SwapRequested)):
        found: Shift | None = await store.get("shifts", str(data.shift.shift_id))
        return found
    if isinstance(data, (RequirementSet, RequirementRemoved)):
        requirement: Requirement | None = await store.get("requirements", str(data.requirement_id))
        return requirement
    return None


_UNTIL_THE_END = datetime.max.replace(tzinfo=UTC)


async def _changed_window(
    store: ProjectionStore, data: EventData | None, before: Shift | Requirement | None
) -> tuple[datetime, datetime] | None:
    """Where an event can have changed its keys' coverage: for a shift's, the span of the shift before
    and after, as far as it counted; for a requirement's version applying from an instant, from then on
    (the instants before it keep the version in force then: lichtruc.coverage.in_force), at every key the
    requirement counts at or did — one it moves to or away from too. None (the whole campaign) for any other
    event."""
    if isinstance(data, (RequirementSet, RequirementRemoved)):
        if data.applies_from is None:
            return None
        return utc(data.applies_from), _UNTIL_THE_END
    if not isinstance(data, (ShiftEvent, SwapRequested)):
        return None
    after: Shift | None = await store.get("shifts", str(data.shift.shift_id))
    spans = [(s.starts_at, s.ends_at) for s in (before, after) if isinstance(s, Shift) and s.counts]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


async def follow_version(*, store: ProjectionStore, logged: Logged, data: EventData | None) -> None:
    """Move the event's aggregate's head; open the sequence gaps a jump reveals, or close the
    one a late event fills (see domain/sequences.py)."""
    ref = aggregate_version(data)
    if ref is None:
        return
    head = await store.version_head(ref.aggregate_type, ref.aggregate_id)
    late = None
    if head is not None and ref.version <= head.version:
        late = await store.sequence_gap(sequence_gap_id(ref.aggregate_type, ref.aggregate_id, ref.version))
    seen = Sighting(ref, logged.event.partitionkey, logged.seq, logged.received_at, str(logged.event.id))
    tracked = track(head, late, seen)
    if tracked.head is not None:
        await store.put_version_head(tracked.head)
    changed = [*tracked.opened, *([tracked.closed] if tracked.closed else [])]
    if changed:
        log.warning(
            "sequence gap(s) of %s %s: %s",
            ref.aggregate_type,
            ref.aggregate_id,
            ", ".join(f"v{g.expected_version} {g.status}" for g in changed),
        )
        await store.put_sequence_gaps(changed)


async def _apply_to_read_model(*, store: ProjectionStore, logged: Logged, data: EventData | None) -> set[KeyRef]:
    """Update the record the event is about; return the coverage keys whose inputs changed."""
    seq = logged.seq
    if isinstance(data, IncidentEvent):
        await project_incident(
            store.incidents,
            seq=seq,
            received_at=logged.received_at,
            event_id=str(logged.event.id),
            event_type=logged.event.type,
            data=data,
        )
        return set()
    if isinstance(data, (ShiftEvent, SwapRequested)):
        # A swap request carries the (unchanged) shift: harmless, and it fills in a shift missed so far.
        old = await store.get("shifts", str(data.shift.shift_id))
        checked_in = (str(data.staff_id), data.checked_in_at) if isinstance(data, ShiftCheckedIn) else None
        said = presence_mark(data, event_id=str(logged.event.id))
        new = apply_shift(
            old,
            data.shift,
            event_id=str(logged.event.id),
            seq=seq,
            checked_in=checked_in,
            presence=said,
            late_reason=late_reason_of(data),
        )
        if new is None:
            return set()
        await store.put("shifts", new)
        if coverage_view(old) == coverage_view(new):
            return set()
        return await _keys_counting(store, [s for s in (old, new) if s is not None and s.counts])
    if isinstance(data, RequirementSet):
        old_requirement = await store.get("requirements", str(data.requirement_id))
        return await _put_requirement(store, old=old_requirement, new=apply_requirement(old_requirement, data, seq=seq))
    if isinstance(data, RequirementRemoved):
        old_requirement = await store.get("requirements", str(data.requirement_id))
        return await _put_requirement(
            store, old=old_requirement, new=remove_requirement(old_requirement, data, seq=seq)
        )
    if isinstance(data, CampaignOpened):  # and CampaignUpdated
        old_campaign: Campaign | None = await store.get("campaigns", str(data.campaign_id))
        new_campaign = apply_campaign(old_campaign, data, seq=seq)
        if new_campaign is None:
            return set()
        await store.put("campaigns", new_campaign)
        if old_campaign is not None and (
            (old_campaign.starts_at, old_campaign.ends_at, old_campaign.peaks, old_campaign.readiness_deadline)
            == (new_campaign.starts_at, new_campaign.ends_at, new_campaign.peaks, new_campaign.readiness_deadline)
        ):
            return set()
        return set(await store.requirement_keys(campaign_id=new_campaign.campaign_id))
    if isinstance(data, readiness.EVENTS):  # the readiness checklist (no coverage)
        await readiness.project_readiness(store, data, seq=seq)
    if isinstance(data, TransactionHoursPublished):
        await hours.project_published(store, data, seq=seq)
    if isinstance(data, InspectionEvent):  # the Department's inspection plans (issue 15, part 5)
        await inspections.project_inspection(store, data, seq=seq)
    if isinstance(data, DailyReportSubmitted):
        await daily_reports.project_report(store, data, seq=seq)
        return set()
    for kind, collection, reducer, id_field in _REFERENCE_DATA:
        if isinstance(data, kind):
            old_record = await store.get(collection, str(getattr(data, id_field)))
            new_record = reducer(old_record, data, seq=seq)  # each reducer takes its own kind
            if new_record is not None:
                await store.put(collection, new_record)
            return set()
    return set()


# Reference data does not change coverage: a shift's snapshot says who is qualified
# (roster decides that when it assigns people), and names are shown, not counted.
_REFERENCE_DATA: tuple[tuple[type, str, Callable[..., Any], str], ...] = (
    (EnterpriseRegistered, "enterprises", apply_enterprise, "enterprise_id"),
    (SiteRegistered, "sites", apply_site, "site_id"),
    (StaffJoined, "staff", apply_staff, "staff_id"),  # and StaffUpdated
)


async def _put_requirement(store: ProjectionStore, *, old: Requirement | None, new: Requirement | None) -> set[KeyRef]:
    """Store the requirement, and its traces where it counted before a move (`requirement_traces`); the keys
    where something of it counted before or counts now."""
    if new is None:
        return set()
    await store.put("requirements", new)
    keys = {KeyRef.of(r) for r in (old, new) if r is not None and not r.removed}
    for trace in requirement_traces(old, new):
        was: Requirement | None = await store.get("requirements", trace.requirement_id)
        if was is None and trace.removed:
            continue  # no trace where it counts now, none needed
        await store.put("requirements", trace)
        keys |= {KeyRef.of(r) for r in (was, trace) if r is not None and not r.removed}
    return keys


async def _keys_counting(store: ProjectionStore, shifts: list[Shift]) -> set[KeyRef]:
    """The coverage keys whose campaign window a counting shift (before or after) overlaps."""
    keys: set[KeyRef] = set()
    candidates: dict[tuple[str, str, tuple[str, ...]], list[KeyRef]] = {}
    for s in shifts:
        near = (s.enterprise_id, s.duty_type, s.sites)
        if near not in candidates:
            candidates[near] = await store.requirement_keys(
                enterprise_id=s.enterprise_id, duty_type=s.duty_type, sites=s.sites
            )
        for key in candidates[near]:
            if key.site_id is not None and key.site_id not in s.sites:
                continue
            campaign: Campaign | None = await store.get("campaigns", key.campaign_id)
            if campaign is not None and s.starts_at < campaign.ends_at and s.ends_at > campaign.starts_at:
                keys.add(key)
    return keys


async def recompute_key(
    *,
    store: ProjectionStore,
    key: KeyRef,
    logged: Logged,
    windows: list[Window] | None = None,
    touches: list[Touch] | None = None,
) -> list[GapChange]:
    """Run the engine for one key over its campaign window; store its timeline and
    follow its gaps. A key without a campaign (not received yet) or without a
    requirement in force has no timeline and no open gap. `logged` is the event the changes are
    settled at; `touches`, the transaction's events that touched the key (default: `logged`).

    With `windows` (shifts' changes, on a `WindowedStore`), only the stretches of the stored
    timeline they touch are recomputed, reading the shifts that meet them, and spliced in; the gaps
    outside them stay as they are. A stretch is the window, widened to the start of the stored
    segment it starts in if that segment is short of people, and to the end of the one it ends in
    if that one is (`_stretch`); stretches that overlap or touch are made one. Coverage at an instant
    depends only on the shifts covering it, a gap lies within one segment, and at each end of a
    stretch no change of the transaction reaches the other side, which is either covered (no gap
    crosses the end) or another segment (the end stays a boundary): this is exactly what the whole
    campaign would give. A fully staffed key's timeline is one long segment (shifts handed over end
    to start), so a change there reads only the shifts around it, not the whole campaign's."""
    campaign: Campaign | None = await store.get("campaigns", key.campaign_id)
    requirements = await store.requirements_of_key(key)
    key_id = key.key_id
    stretched: list[tuple[Window, list[coverage.Gap]]] | None = None
    if campaign is None or not requirements or not has_window(campaign):
        segments: list[coverage.Segment] = []
        gaps: list[coverage.Gap] = []
    else:
        stored = await cast(WindowedStore, store).coverage_of(key) if windows is not None else None
        if windows is not None and stored and _spans(stored, campaign):
            stretches = merged(s for w in windows if (s := _stretch(stored, campaign, w)) is not None)
            if not stretches:
                return []  # the changes are outside the campaign: nothing of the key moved
            segments, stretched = stored, []
            for lo, hi in stretches:
                # Shifts that end where the stretch starts or start where it ends name a gap's causes.
                reach_lo = lo - _TICK if lo > campaign.starts_at else lo
                reach_hi = hi + _TICK if hi < campaign.ends_at else hi
                shifts = await store.shifts_for_key(key, reach_lo, reach_hi)
                inside, found = compute_key(key, campaign, requirements, shifts, start=lo, end=hi)
                segments = _spliced(segments, lo, hi, inside)
                stretched.append(((lo, hi), found))
        else:
            shifts = await store.shifts_for_key(key, campaign.starts_at, campaign.ends_at)
            segments, gaps = compute_key(key, campaign, requirements, shifts)
    if segments:
        await store.put_coverage(key, segments)
    else:
        await store.drop_coverage(key_id)
    # Without a campaign there is no gap to open: the deadline only matters with one.
    deadline = inforce.readiness_deadline(campaign) if campaign is not None else logged.received_at

    def follow(known: list[GapRecord], computed: list[coverage.Gap]) -> list[GapChange]:
        return reconcile_gaps(
            key,
            [g for g in known if g.status == "open"],
            computed,
            {g.gap_id: g for g in known if g.status == "closed"},
            seq=logged.seq,
            at=logged.received_at,
            event_id=str(logged.event.id),
            deadline=deadline,
            touches=touches or (),
        )

    changes: list[GapChange] = []
    if stretched is None:
        changes = follow(await store.gaps_of_key(key_id, [gap_id(key, g.start) for g in gaps]), gaps)
    for (lo, hi), found in stretched or ():
        ids = [gap_id(key, g.start) for g in found]
        known = await cast(WindowedStore, store).gaps_starting_within(key_id, ids, (lo, hi))
        known = [g for g in known if g.status != "open" or lo <= g.starts_at < hi]
        changes += follow(known, found)
    for change in changes:
        await store.put_gap(change.gap)
    return changes


_TICK = timedelta(microseconds=1)


def _spans(segments: list[coverage.Segment], campaign: Campaign) -> bool:
    """Whether a stored timeline is the one of the campaign's window as it is now."""
    return segments[0].start == campaign.starts_at and segments[-1].end == campaign.ends_at


def _stretch(segments: list[coverage.Segment], campaign: Campaign, window: Window) -> Window | None:
    """The stretch of the timeline to recompute for a change within `window` (domain/live.py `stretch`),
    the window taken within the campaign. None if the window misses the campaign."""
    a, b = max(window[0], campaign.starts_at), min(window[1], campaign.ends_at)
    return stretch(segments, (a, b)) if a < b else None


def _spliced(
    segments: list[coverage.Segment], lo: datetime, hi: datetime, inside: list[coverage.Segment]
) -> list[coverage.Segment]:
    """The timeline with `inside` (the recomputed `lo`–`hi`) in place of what it had there: a segment
    across an end is cut there, and neighbours left with the same headcounts at the two seams are made
    one again, as the engine makes them over the whole campaign."""
    before = [g for g in segments if g.end <= lo]
    after = [g for g in segments if g.start >= hi]
    for g in segments:
        if g.start < lo < g.end:
            before.append(replace(g, end=lo))
        if g.start < hi < g.end:
            after.insert(0, replace(g, start=hi))
    return _joined(_joined(before, inside), after)


def _joined(first: list[coverage.Segment], then: list[coverage.Segment]) -> list[coverage.Segment]:
    """Two consecutive runs of a timeline as one, the segments at the seam made one if their headcounts match."""
    if first and then:
        a, b = first[-1], then[0]
        if a.end == b.start and (a.required, a.actual) == (b.required, b.actual):
            return [*first[:-1], replace(a, end=b.end), *then[1:]]
    return first + then
