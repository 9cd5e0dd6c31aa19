"""Audit's read model of the roster, as plain values, and the rules that apply one
roster event to one record.

The same rules serve the live projection in PostgreSQL, the in-memory replay that
answers "as known at" questions and the rebuild, so that the three cannot drift.

* Every record keeps the ``version`` of its aggregate from the event that produced
  it; an event whose version is not newer changes nothing (stale, repeated or
  out-of-order deliveries never regress state).
* ``updated_seq`` is the log sequence number of the event that last changed the
  record: the projection's own record-time clock.
* Ids are canonical UUID strings; instants are aware UTC datetimes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from typing import Any, Literal

from lichtruc.coverage import InForce, Version, in_force
from lichtruc.events import (
    CampaignOpened,
    EnterpriseRegistered,
    LateArrivalExplained,
    PresenceConfirmed,
    PresenceCorrected,
    RequirementRemoved,
    RequirementSet,
    ShiftCheckedIn,
    ShiftSnapshot,
    SiteRegistered,
    StaffJoined,
)

from .daily_reports import DailyReport
from .hours import PublishedHours
from .inspections import InspectionPlan
from .readiness import ReadinessItem, ReadinessMark

COUNTING_STATUSES = frozenset({"published", "checked_in", "completed"})
"""Shift statuses whose people count toward coverage; drafts and cancelled shifts do not."""


def utc(value: datetime) -> datetime:
    """The same instant with the UTC tzinfo (what every record holds)."""
    return value.astimezone(UTC)


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Peak:
    name: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class Campaign:
    campaign_id: str
    lunar_year: int
    name: str
    starts_at: datetime
    ends_at: datetime
    peaks: tuple[Peak, ...]
    version: int
    updated_seq: int
    # None: an event from before the field existed — 24 h before starts_at (domain/inforce.py)
    readiness_deadline: datetime | None = None
    # None: an event from before the field existed — the campaign's start (domain/hours.py)
    hours_deadline: datetime | None = None
    # tet: the campaign of a Tết; drill: an exercise before Tết, which has no Tết opening hours (domain/hours.py)
    kind: Literal["tet", "drill"] = "tet"


@dataclass(frozen=True, slots=True)
class Enterprise:
    enterprise_id: str
    name: str
    sector: str
    version: int
    updated_seq: int
    obligations_from: str | None = None
    """The local day (ISO 8601) it owes daily reports and readiness items from, as the Department set it
    (`domain.obligations`); None: everything."""


@dataclass(frozen=True, slots=True)
class Site:
    site_id: str
    enterprise_id: str
    name: str
    kind: str
    district: str | None
    border_area: bool
    version: int
    updated_seq: int


@dataclass(frozen=True, slots=True)
class Staff:
    staff_id: str
    enterprise_id: str
    full_name: str
    qualifications: tuple[str, ...]
    active: bool
    version: int
    updated_seq: int


Place = tuple[str, str | None, str]
"""Where a requirement counts within its campaign: (enterprise, site or None for the enterprise as a whole, duty
type) — its coverage key but for the campaign, which a requirement never leaves."""


@dataclass(frozen=True, slots=True)
class RequirementVersion:
    """One version of a requirement as audit keeps it: its number, from when it applies (None: the whole
    campaign) and its terms, or ``removed`` (a removal in force requires nothing); and where it counts
    (``enterprise_id``, ``site_id``, ``duty_type``: a version may move the requirement elsewhere). ``duty_type``
    None: a removal (nothing anywhere), or a version stored before versions said where: at its record's place."""

    number: int
    applies_from: datetime | None
    window: dict[str, Any] | None
    minimum: int
    peak_minimum: int | None
    removed: bool
    enterprise_id: str | None = None
    site_id: str | None = None
    duty_type: str | None = None

    def counts_at(self, place: Place) -> bool:
        """Whether this version requires something at `place`."""
        if self.removed:
            return False
        return self.duty_type is None or (self.enterprise_id, self.site_id, self.duty_type) == place


@dataclass(frozen=True, slots=True)
class Requirement:
    """A coverage requirement: its newest terms, and ``versions``, what it said from when and where
    (``lichtruc.coverage.in_force`` lays them on the time line: each instant is judged by the version in
    force then). ``removed``: nothing of it is in force here any more — a tombstone that keeps its
    version, so a stale RequirementSet arriving after the removal cannot bring it back.

    A requirement that a version moved to another site, duty type or enterprise is also kept where it was
    before, as roster's board keeps it: a *trace* (``trace_of``: the requirement's id; its own id
    `trace_id`), with the same versions, judged at the trace's place — there the versions elsewhere require
    nothing, as a removal does (`requirement_traces`)."""

    requirement_id: str
    campaign_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    window: dict[str, Any] | None
    minimum: int
    peak_minimum: int | None
    removed: bool
    version: int
    updated_seq: int
    # Oldest first; none only in a record written before versions were kept: then its one version is the
    # record itself, for the whole campaign (`requirement_versions`).
    versions: tuple[RequirementVersion, ...] = ()
    trace_of: str | None = None

    @property
    def place(self) -> Place:
        return (self.enterprise_id, self.site_id, self.duty_type)


@dataclass(frozen=True, slots=True)
class PresenceMark:
    """A manager's word afterwards on a person of a shift (roster's PresenceConfirmed, PresenceCorrected): on post over
    [starts_at, ends_at) (`present`), or not there over it though the check-in says so (both None: the whole shift,
    as words said before QZ28 #4 are); how it is known
    (`evidence`: lichtruc.words' presence_evidence, `evidence_note`), who said it (`by`, `by_name`), when (`at`) and the
    event that says so. domain/presence.py counts it, marked as confirmed afterwards."""

    present: bool
    evidence: str
    evidence_note: str
    by: str | None
    by_name: str | None
    at: datetime
    event_id: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OnShift:
    """A person on a shift, and the event that put them there in their present shape."""

    staff_id: str
    full_name: str
    qualified: bool
    cause_event_id: str
    # When they checked in, as their check-in event says (None: not yet, or a record written before it was kept).
    checked_in_at: datetime | None = None
    # A manager's word afterwards on whether they were on post (None: nobody said; the newest word stands).
    presence: PresenceMark | None = None
    # Why they came late, as their late check-in, the reason they gave after it, or the manager recording their
    # arrival said (QZ29 #13; None: none given, or a record written before it was kept).
    late_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift's latest state. ``interval_event_id`` / ``status_event_id`` are the events
    that set its present times / made it count (or stop counting): with each person's
    own ``cause_event_id`` they are what a gap quotes as its causes."""

    shift_id: str
    campaign_id: str | None
    enterprise_id: str
    site_id: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    status: str
    assignees: tuple[OnShift, ...]
    version: int
    updated_seq: int
    last_event_id: str
    interval_event_id: str
    status_event_id: str
    covers_site_ids: tuple[str, ...] = ()  # further sites the shift covers (a patrol round)
    # A handover's new shift: the shift whose rest it took over, and whether the manager said that one's people never
    # came ("Người trực không đến"; False: unticked — they were there; None: not said, any other shift, or events
    # before 2026-12-07). domain/presence.py reads them: a manager's word that people were there counts (QZ18 #5).
    continues_shift_id: str | None = None
    handover_absent: bool | None = None

    @property
    def sites(self) -> tuple[str, ...]:
        """Every site whose coverage the shift's people count for: its own, then those it covers."""
        own = (self.site_id,) if self.site_id else ()
        return own + tuple(s for s in self.covers_site_ids if s != self.site_id)

    @property
    def checked_in_at(self) -> datetime | None:
        """When the first of its people checked in (None: nobody has, as far as the log says)."""
        return min((p.checked_in_at for p in self.assignees if p.checked_in_at), default=None)

    @property
    def counts(self) -> bool:
        """Whether its people count toward coverage (published, checked in or completed)."""
        return self.status in COUNTING_STATUSES

    def cause_event_ids(self, person: OnShift) -> tuple[str, ...]:
        """The events behind one person's assignment: times, status, and the person."""
        return tuple(sorted({self.interval_event_id, self.status_event_id, person.cause_event_id}))


ENTITY_TYPES: dict[str, type] = {
    "campaigns": Campaign,
    "enterprises": Enterprise,
    "sites": Site,
    "staff": Staff,
    "requirements": Requirement,
    "shifts": Shift,
    "readiness_items": ReadinessItem,
    "readiness_marks": ReadinessMark,
    "transaction_hours": PublishedHours,
    "inspection_plans": InspectionPlan,
    "daily_reports": DailyReport,
}
"""The projected entities by collection name (tables and snapshots use the same names)."""


# ---------------------------------------------------------------------------- reducers


def _is_newer(current: Any, version: int) -> bool:
    return current is None or version > current.version


def apply_campaign(current: Campaign | None, data: CampaignOpened, *, seq: int) -> Campaign | None:
    """The campaign after CampaignOpened/CampaignUpdated, or None if the event is stale."""
    if not _is_newer(current, data.version):
        return None
    return Campaign(
        campaign_id=str(data.campaign_id),
        lunar_year=data.lunar_year,
        name=data.name,
        starts_at=utc(data.starts_at),
        ends_at=utc(data.ends_at),
        peaks=tuple(Peak(p.name, utc(p.starts_at), utc(p.ends_at)) for p in data.peaks),
        version=data.version,
        updated_seq=seq,
        readiness_deadline=utc(data.readiness_deadline) if data.readiness_deadline is not None else None,
        hours_deadline=utc(data.hours_deadline) if data.hours_deadline is not None else None,
        kind=data.kind,
    )


def apply_enterprise(current: Enterprise | None, data: EnterpriseRegistered, *, seq: int) -> Enterprise | None:
    """The enterprise after EnterpriseRegistered, or None if stale."""
    if not _is_newer(current, data.version):
        return None
    owes_from = None if data.obligations_from is None else data.obligations_from.isoformat()
    return Enterprise(str(data.enterprise_id), data.name, data.sector, data.version, seq, owes_from)


def apply_site(current: Site | None, data: SiteRegistered, *, seq: int) -> Site | None:
    """The site after SiteRegistered, or None if stale."""
    if not _is_newer(current, data.version):
        return None
    return Site(
        str(data.site_id),
        str(data.enterprise_id),
        data.name,
        data.kind,
        data.district,
        data.border_area,
        data.version,
        seq,
    )


def apply_staff(current: Staff | None, data: StaffJoined, *, seq: int) -> Staff | None:
    """The staff record after StaffJoined/StaffUpdated, or None if stale."""
    if not _is_newer(current, data.version):
        return None
    return Staff(
        str(data.staff_id),
        str(data.enterprise_id),
        data.full_name,
        tuple(data.qualifications),
        data.active,
        data.version,
        seq,
    )


def window_value(window: Any) -> dict[str, Any]:
    """A requirement window as stored: the contract's JSON with instants in UTC."""
    if window.kind == "one_off":
        return {
            "kind": "one_off",
            "starts_at": utc(window.starts_at).isoformat(),
            "ends_at": utc(window.ends_at).isoformat(),
        }
    return {"kind": "daily", "start_local": window.start_local, "end_local": window.end_local}


def same_place(a: Requirement, b: Requirement) -> bool:
    """Whether two states of a requirement count at the same coverage key (campaign, enterprise, site, duty type)."""
    return a.campaign_id == b.campaign_id and a.place == b.place


def requirement_versions(requirement: Requirement) -> tuple[RequirementVersion, ...]:
    """The requirement's versions, oldest first (a record from before versions were kept: itself, for the
    whole campaign)."""
    if requirement.versions:
        return requirement.versions
    r = requirement
    return (RequirementVersion(r.version, None, r.window, r.minimum, r.peak_minimum, r.removed),)


def requirement_in_force(requirement: Requirement) -> tuple[InForce[RequirementVersion], ...]:
    """The stretches in which one of the requirement's versions is in force at its place, and which
    (``lichtruc.coverage.in_force``; a version elsewhere requires nothing here); none for one removed for the
    whole campaign."""
    return _laid(requirement_versions(requirement), requirement.place)


def _laid(versions: tuple[RequirementVersion, ...], place: Place) -> tuple[InForce[RequirementVersion], ...]:
    return in_force(Version(v.number, v.applies_from, v if v.counts_at(place) else None) for v in versions)


def _placed(requirement: Requirement) -> tuple[RequirementVersion, ...]:
    """The requirement's versions, each saying where it counts (one stored before versions said so: at the
    record's place)."""
    place = requirement.place
    return tuple(
        v if v.duty_type is not None or v.removed or not requirement.duty_type else _at_place(v, place)
        for v in requirement_versions(requirement)
    )


def _at_place(version: RequirementVersion, place: Place) -> RequirementVersion:
    return replace(version, enterprise_id=place[0], site_id=place[1], duty_type=place[2])


def _versions_with(current: Requirement | None, added: RequirementVersion) -> tuple[RequirementVersion, ...] | None:
    """The versions once `added` is among them, or None if it changes nothing: a version already
    held (repeated), or one older than a whole-campaign version held (that one rules every instant a
    version before it could, wherever it was; so does it once a late one arrives, and so they are not kept).
    A version that moves the requirement elsewhere is one more version: roster's board lays them all on one
    time line, each counting where it says."""
    held = _placed(current) if current is not None else ()
    if any(v.number == added.number for v in held):
        return None
    floor = max((v.number for v in held if v.applies_from is None), default=0)
    if added.number < floor:
        return None
    if added.applies_from is None:
        floor = max(floor, added.number)
    return tuple(sorted((*(v for v in held if v.number >= floor), added), key=lambda v: v.number))


def _requirement_after(
    current: Requirement | None, newest: Requirement, versions: tuple[RequirementVersion, ...], *, seq: int
) -> Requirement:
    """The record with `versions`: the terms of `newest` if its version is the newest, else `current`'s."""
    if current is None or newest.version > current.version:
        base = newest
    elif not current.duty_type and newest.duty_type:  # a removal's tombstone takes the terms it never had
        base = replace(newest, version=current.version)
    else:
        base = current
    return replace(base, removed=not _laid(versions, base.place), updated_seq=seq, versions=versions)


def _applies_from(data: RequirementSet | RequirementRemoved) -> datetime | None:
    return utc(data.applies_from) if data.applies_from is not None else None


def apply_requirement(current: Requirement | None, data: RequirementSet, *, seq: int) -> Requirement | None:
    """The requirement after RequirementSet (a newer one also revives a removed one; a late one takes its
    place among the versions), or None if it changes nothing (repeated, or stale)."""
    newest = Requirement(
        requirement_id=str(data.requirement_id),
        campaign_id=str(data.campaign_id),
        enterprise_id=str(data.enterprise_id),
        site_id=str(data.site_id) if data.site_id else None,
        duty_type=data.duty_type,
        window=window_value(data.window),
        minimum=data.minimum,
        peak_minimum=data.peak_minimum,
        removed=False,
        version=data.version,
        updated_seq=seq,
    )
    added = _at_place(
        RequirementVersion(
            data.version, _applies_from(data), newest.window, newest.minimum, newest.peak_minimum, removed=False
        ),
        newest.place,
    )
    versions = _versions_with(current, added)
    if versions is None:
        return None
    return _requirement_after(current, newest, versions, seq=seq)


def remove_requirement(current: Requirement | None, data: RequirementRemoved, *, seq: int) -> Requirement | None:
    """The requirement after RequirementRemoved (a tombstone once nothing of it is in force), or None if it
    changes nothing. A removal of a requirement never seen still leaves a tombstone, so that its older
    RequirementSet stays dead (for the whole campaign; from an instant on, before it, when it arrives)."""
    added = RequirementVersion(data.version, _applies_from(data), None, 0, None, removed=True)
    versions = _versions_with(current, added)
    if versions is None:
        return None
    if current is None:
        newest = Requirement(
            str(data.requirement_id),
            str(data.campaign_id),
            str(data.enterprise_id),
            None,
            "",
            None,
            0,
            None,
            True,
            data.version,
            seq,
        )
    else:
        newest = replace(current, version=data.version)
    return _requirement_after(current, newest, versions, seq=seq)


_TRACES = uuid.UUID("0d7f3c52-8a61-4f2e-9b4d-3e5a1c7b9f20")


def trace_id(requirement_id: str, place: Place) -> str:
    """The id of a requirement's trace at `place` (uuid5: the same in every database and every rebuild)."""
    enterprise_id, site_id, duty_type = place
    return str(uuid.uuid5(_TRACES, f"{requirement_id}/{enterprise_id}/{site_id or '*'}/{duty_type}"))


def requirement_traces(before: Requirement | None, after: Requirement) -> list[Requirement]:
    """The traces of a requirement once it is `after` (it was `before`): one at each place other than its own
    where one of its versions, now or before this change, counted — each with the requirement's versions and the
    terms of its newest version there, ``removed`` if none of them is in force there any more (corrected for the
    whole campaign elsewhere) — and one at its own place, removed (the record itself counts there: a trace left
    when it moved away is emptied when it moves back). None for a requirement that never moved."""
    places = {after.place} if after.duty_type else set()
    for record in (before, after):
        if record is not None and record.duty_type:
            places.add(record.place)
            places.update(
                (v.enterprise_id, v.site_id, v.duty_type)
                for v in _placed(record)
                if v.enterprise_id is not None and v.duty_type is not None
            )
    if len(places) < 2:
        return []
    traces = []
    for place in sorted(places, key=lambda p: (p[0], p[1] or "", p[2])):
        own = place == after.place
        there = [v for v in after.versions if v.counts_at(place)]
        terms = there[-1] if there else None
        traces.append(
            replace(
                after,
                requirement_id=trace_id(after.requirement_id, place),
                enterprise_id=place[0],
                site_id=place[1],
                duty_type=place[2],
                window=terms.window if terms else after.window,
                minimum=terms.minimum if terms else after.minimum,
                peak_minimum=terms.peak_minimum if terms else after.peak_minimum,
                removed=own or not _laid(after.versions, place),
                trace_of=after.requirement_id,
            )
        )
    return traces


def apply_shift(
    current: Shift | None,
    snapshot: ShiftSnapshot,
    *,
    event_id: str,
    seq: int,
    checked_in: tuple[str, datetime] | None = None,
    presence: tuple[str, PresenceMark] | None = None,
    late_reason: tuple[str, str] | None = None,
) -> Shift | None:
    """The shift after an event carrying its snapshot, or None if the snapshot is not newer.

    Causes are carried forward: a person keeps the event that put them on the shift
    until they leave it (or their qualification changes); the times keep the event
    that last moved them; the status keeps the event that last made the shift start
    or stop counting. A person keeps when they checked in while on the shift; `checked_in`
    (a check-in event's staff id and instant) records one. A person keeps a manager's word on their presence the same
    way; `presence` (a presence event's staff id and word) records one, replacing the one before; and why they came
    late, `late_reason` (an event's staff id and reason: `late_reason_of`).
    """
    if not _is_newer(current, snapshot.version):
        return None
    starts_at, ends_at = utc(snapshot.starts_at), utc(snapshot.ends_at)
    before = {p.staff_id: p for p in current.assignees} if current else {}
    people: dict[str, OnShift] = {}
    for a in snapshot.assignees:
        staff_id = str(a.staff_id)
        if staff_id in people:  # a person listed twice is on the shift once
            continue
        prior = before.get(staff_id)
        cause = prior.cause_event_id if prior is not None and prior.qualified == a.qualified else event_id
        at = prior.checked_in_at if prior is not None else None
        if checked_in is not None and checked_in[0] == staff_id:
            at = utc(checked_in[1])
        said = prior.presence if prior is not None else None
        if presence is not None and presence[0] == staff_id:
            said = presence[1]
        why = prior.late_reason if prior is not None else None
        if late_reason is not None and late_reason[0] == staff_id:
            why = late_reason[1]
        people[staff_id] = OnShift(staff_id, a.full_name, a.qualified, cause, at, said, why)
    counts = snapshot.status in COUNTING_STATUSES
    same_times = current is not None and (current.starts_at, current.ends_at) == (starts_at, ends_at)
    same_counting = current is not None and current.counts == counts
    return Shift(
        shift_id=str(snapshot.shift_id),
        campaign_id=str(snapshot.campaign_id) if snapshot.campaign_id else None,
        enterprise_id=str(snapshot.enterprise_id),
        site_id=str(snapshot.site_id) if snapshot.site_id else None,
        duty_type=snapshot.duty_type,
        starts_at=starts_at,
        ends_at=ends_at,
        status=snapshot.status,
        assignees=tuple(people.values()),
        version=snapshot.version,
        updated_seq=seq,
        last_event_id=event_id,
        interval_event_id=current.interval_event_id if current is not None and same_times else event_id,
        status_event_id=current.status_event_id if current is not None and same_counting else event_id,
        covers_site_ids=tuple(dict.fromkeys(str(s) for s in snapshot.covers_site_ids)),
        continues_shift_id=str(snapshot.continues_shift_id) if snapshot.continues_shift_id else None,
        handover_absent=snapshot.handover_absent,
    )


def _instant(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


def late_reason_of(data: object) -> tuple[str, str] | None:
    """The person (staff id) an event says came late and why: a late check-in's reason, one given after it
    (LateArrivalExplained), or a manager's recording of an arrival that gave one; None for any other event."""
    if isinstance(data, ShiftCheckedIn | LateArrivalExplained | PresenceConfirmed) and data.late_reason:
        return str(data.staff_id), data.late_reason
    return None


def presence_mark(data: object, *, event_id: str) -> tuple[str, PresenceMark] | None:
    """A presence event's person (staff id) and the manager's word it carries; None for any other event."""
    if not isinstance(data, PresenceConfirmed | PresenceCorrected):
        return None
    present = isinstance(data, PresenceConfirmed)
    return str(data.staff_id), PresenceMark(
        present=present,
        evidence=data.evidence,
        evidence_note=data.evidence_note,
        by=data.actor,
        by_name=data.actor_name,
        at=utc(data.confirmed_at),
        event_id=event_id,
        starts_at=_instant(data.present_from if isinstance(data, PresenceConfirmed) else data.absent_from),
        ends_at=_instant(data.present_until if isinstance(data, PresenceConfirmed) else data.absent_until),
    )


def coverage_view(shift: Shift | None) -> tuple | None:
    """What of a shift coverage depends on (None if it does not count): two shifts
    with equal views give the same coverage and the same gap causes."""
    if shift is None or not shift.counts:
        return None
    return (
        shift.enterprise_id,
        shift.sites,
        shift.duty_type,
        shift.starts_at,
        shift.ends_at,
        shift.interval_event_id,
        shift.status_event_id,
        tuple(sorted((p.staff_id, p.qualified, p.cause_event_id) for p in shift.assignees)),
    )


# ------------------------------------------------------------------------------- codec


_SCALARS = frozenset({str, int, bool, float, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_plain(value: Any) -> Any:
    """A record as JSON-ready data (datetimes in ISO 8601 UTC, tuples as lists).

    Written for the consumer's write-back (every projected record goes through it): the
    common scalars are returned first and a dataclass's field names are looked up once per
    type; the result is the same as walking `dataclasses.fields` each time."""
    kind: type = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: to_plain(getattr(value, name)) for name in _field_names(kind)}
    return value


def decode_value(hint: Any, value: Any) -> Any:
    """`value` (JSON-ready data) as the type `hint` names; the inverse of :func:`to_plain`."""
    if value is None:
        return None
    try:
        decoder = _decoder(hint)
    except TypeError:  # an unhashable hint: worked out on the spot
        decoder = _make_decoder(hint)
    return decoder(value)


def _same(value: Any) -> Any:
    return value


def _make_decoder(hint: Any) -> typing.Callable[[Any], Any]:
    """How to decode a non-None value of type `hint` (what `decode_value` does for it)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _make_decoder(inner[0]) if len(inner) == 1 else _same
    if origin is tuple:
        item = _make_decoder(typing.get_args(hint)[0])
        if item is _same:
            return tuple
        return lambda value: tuple(None if v is None else item(v) for v in value)
    if hint is datetime:
        return lambda value: utc(datetime.fromisoformat(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return functools.partial(from_plain, hint)
    return _same


# Reading records back (the consumer reads thousands per batch) asks the same few hints again
# and again: the typing introspection is done once per hint.
_decoder = functools.cache(_make_decoder)


@functools.cache
def field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """A record type's fields and their resolved types (resolving them is slow: done once)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def from_plain(cls: type, data: dict[str, Any]) -> Any:
    """The record of type `cls` that :func:`to_plain` turned into `data`; a field added since
    `data` was written (absent from it) takes its default."""
    return cls(**{name: decode_value(hint, data[name]) for name, hint in field_types(cls) if name in data})


# ------------------------------------------------------------------- comparing states


def state_digest(state: dict[str, list[Any]]) -> dict[str, tuple[int, str]]:
    """Per collection of an exported projection state: (row count, SHA-256 of its
    canonical JSON). Two states are the same iff their digests are."""
    digests = {}
    for name in sorted(state):
        rows = state[name]
        blob = _canonical(to_plain(rows))
        digests[name] = (len(rows), hashlib.sha256(blob.encode("utf-8")).hexdigest())
    return digests


def state_differences(expected: dict[str, list[Any]], actual: dict[str, list[Any]], *, limit: int = 5) -> list[str]:
    """Human-readable differences between two exported states (empty if they are the same): for each
    collection that differs, its row counts, then up to `limit` rows missing and `limit` unexpected.
    Rows are matched by their canonical JSON, as counts, in time linear in the rows (it compares whole
    projections: a row looked up in a list, as before 2026-12-01, made a check of 3,500 gaps with one
    wrong take 1.5 s and grew with the square of the rows)."""
    found = []
    for name in sorted(set(expected) | set(actual)):
        want = [to_plain(r) for r in expected.get(name, [])]
        got = [to_plain(r) for r in actual.get(name, [])]
        if want == got:
            continue
        found.append(f"{name}: {len(want)} row(s) expected, {len(got)} found")
        plain = {_canonical(r): r for r in (*want, *got)}
        wanted, present = Counter(map(_canonical, want)), Counter(map(_canonical, got))
        missing = [plain[r] for r in islice((wanted - present).elements(), limit)]
        extra = [plain[r] for r in islice((present - wanted).elements(), limit)]
        found += [f"  missing {r}" for r in missing] + [f"  unexpected {r}" for r in extra]
    return found


def _canonical(plain: Any) -> str:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
