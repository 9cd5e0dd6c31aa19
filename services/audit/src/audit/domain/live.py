"""Live coverage: which coverage keys an event touches, what the engine says about one
key, and how the key's stored gaps follow (opened, updated, closed) — pure functions.

**Keys.** Coverage is kept per (campaign, enterprise, site or the enterprise as a
whole, duty type) for which the campaign has a requirement (see
``coverage.CoverageKey``). A key is recomputed with the engine over its campaign's
whole window whenever an event changes its requirements, the campaign's dates or
peaks, or a counting shift it counts.

**Settled per append.** The events audit appends in one transaction (a batch of the consumer's,
or one event) are applied to the read model first; then each key they touched is recomputed once
and its gaps follow, at the seq and record time of the last of them that touched the key. A gap
that opened and closed between two events of one batch was never seen by anyone, and is not kept:
live, a batch holds what arrived within a few milliseconds; in a catch-up it holds up to the
consumer's batch size, and such a gap's record times would have been milliseconds apart anyway
(record times are audit's, not roster's).
Which events a gap change names (``Touch``): those of the batch whose change could reach the gap's
span (a shift's span before and after the change; any other change reaches the whole campaign; a span
beginning at the gap's end does not reach it), or the last one if none could. Each transaction's signed tree head closes its batch in the log, so a
rebuild settles at the same places (heads signed before this rule settled after every event).

**Gap identity.** A gap is identified by its key and its start instant:
``gap_id = uuid5(key, start)``. The engine cuts a shortfall into maximal pieces of
constant (required, actual, missing qualification, peak), so:

* a change that keeps a gap's start but moves its end, or changes its headcounts or
  flags, *updates* the gap in place (same id, version + 1); if the alert changed it is
  published again as ``CoverageGapOpened`` with the higher version — consumers keep
  the highest version of a gap id. The record names the change: among those that widened
  or deepened it (``widened_by_event_ids``) or that narrowed it (``narrowed_by_event_ids``),
  see "Causes" below;
* a change that moves a gap's start closes the old gap and opens a new one (a gap is
  "from this instant on"; an alert naming another start is another alert);
* a gap that disappears is closed (``CoverageGapClosed``, version + 1); one that
  comes back at the same start later is re-opened under its old id, version + 1.

**Causes, and what only narrowed a gap.** A gap's causes are the changes that made the key short there:
the event(s) that opened it, and those that widened or deepened it since. The engine's own causes (a shift
ending where the gap starts or starting where it ends, an unqualified stand-in) are not taken: live, the
change that moved such a shift, cut it or put the stand-in on it is what opened the gap, and is named; a
shift that merely ends where the gap starts — the shift before a cancelled one, planned weeks earlier — did
not make the gap, and named as its cause it put the neighbours' planning and publishing first on the gap's
page, above the cancellation that did (QA 2026-12-06). A change that only *lessens* a shortfall — people
added for part of a gap: the key was already short over the whole of the new gap, by at least as many
people — is not a cause of what stays short. Such a gap, the *remainder* of the open gaps it lies within,
keeps their causes (``_remainder_causes``): its record opened by that change (``opened_by_event_id``) is
told as narrowing the earlier gap (``opened_as`` "narrowed"), never as opening it. So does a gap the change
left as it was (a swap on the shift that ends where it starts is no cause of it either), which also makes a
recompute that changes nothing write nothing, as a rebuild expects. A change that opens a gap where the key
was covered is its cause, and so is one that widens or deepens a gap: anywhere short of more people (or
newly of the qualification) than the key's open gaps were before it. A gap reshaped so *in place* (same
start: a later end, a bigger shortfall, a qualification newly missing) takes the change among its causes,
as an opening does (the events of the batch that reach what it gained: the stretch added at its end, or its
whole span where it is deeper), and keeps it in ``widened_by_event_ids``; it keeps the causes it had. A gap
that a change left shorter, shallower or qualified again in place (same start: an earlier end, fewer
missing, the qualification there now) keeps its causes, the change not among them; it is kept in
``narrowed_by_event_ids`` (the events of the batch that reach what it lost: the stretch cut from its end, or
its whole old span where it is shallower), so the gap's page can say what narrowed it. Both lists are in
log order, each id once; a gap closed keeps them, one re-opened under its old id starts them anew (as its
``closed_by_event_ids``). Gaps stored before this rule keep the engine's causes they were given.

**Announced vs history.** ``at`` is when the event was processed (the log's record
time, so that a rebuild decides exactly as the live consumer did). A gap that is
over by then (``ends_at <= at``) is recorded as history and not published; a gap
that was published on Kafka (``announced``) is followed by its updates and its closing.
``announced`` is all audit knows: it does not know whether notifier alerted anyone —
notifier alerts a gap only once it is in force or imminent, so a planning gap is announced
and never alerted. Whether a gap is a planning gap or in force (``in_force_from``) is
decided by domain/inforce.py; planning gaps are announced too (with ``in_force_from``).
"""

from __future__ import annotations

import functools
import uuid
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from lichtruc import vntime
from lichtruc.coverage import short_within

from . import coverage, inforce
from .model import Campaign, Requirement, Shift, requirement_in_force, utc

NAMESPACE = uuid.UUID("5b0f8a3c-52a4-4c53-8f0e-6c1a7e3d9a10")
"""Namespace of audit's deterministic ids (coverage keys and gaps)."""


@dataclass(frozen=True, slots=True)
class KeyRef:
    """A coverage key within a campaign; ``site_id=None`` is the enterprise as a whole."""

    campaign_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str

    @property
    def key_id(self) -> str:
        """A stable id of the key (uuid5), the same in every database and every rebuild."""
        return _key_id(self._path())

    def _path(self) -> str:
        return f"{self.campaign_id}/{self.enterprise_id}/{self.site_id or '*'}/{self.duty_type}"

    def sort_key(self) -> tuple[str, str, bool, str, str]:
        """Campaign, enterprise, the enterprise as a whole before its sites, site, duty type."""
        return (self.campaign_id, self.enterprise_id, self.site_id is not None, self.site_id or "", self.duty_type)

    @property
    def engine_key(self) -> coverage.CoverageKey:
        return coverage.CoverageKey(self.enterprise_id, self.site_id, self.duty_type)

    @classmethod
    def of(cls, requirement: Requirement) -> KeyRef:
        return cls(requirement.campaign_id, requirement.enterprise_id, requirement.site_id, requirement.duty_type)


def gap_id(key: KeyRef, start: datetime) -> str:
    """The id of the key's gap that starts at `start` (see the module doc)."""
    return _gap_id(key._path(), utc(start).isoformat())


# The consumer asks for the same ids again and again (every event recomputes its keys): a
# uuid5 is a SHA-1, so the last few thousand are kept. Pure functions of their arguments.
@functools.lru_cache(maxsize=4096)
def _key_id(path: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"key/{path}"))


@functools.lru_cache(maxsize=16384)
def _gap_id(path: str, start: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"gap/{path}/{start}"))


# ------------------------------------------------------------------------ engine inputs


def has_window(campaign: Campaign) -> bool:
    """Whether the campaign's dates make a non-empty window to analyse."""
    return campaign.ends_at > campaign.starts_at


def campaign_days(campaign: Campaign) -> list[date]:
    """The local (Asia/Ho_Chi_Minh) days the campaign touches, in order."""
    if not has_window(campaign):
        return []
    first = vntime.local_day(campaign.starts_at)
    last = vntime.local_day(campaign.ends_at - timedelta(microseconds=1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _wall(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def engine_requirements(requirement: Requirement, campaign: Campaign) -> list[coverage.Requirement]:
    """The engine's requirements, one per stretch in which a version of it is in force (each instant is
    judged by the version in force then: ``lichtruc.coverage.in_force``); daily windows recur on every local
    day of the campaign. None for a removed requirement, or for a version whose window cannot be analysed
    (it ends before it starts)."""
    if requirement.removed or not has_window(campaign):
        return []
    made = []
    for piece in requirement_in_force(requirement):
        version = piece.value
        engine_window = _engine_window(version.window, campaign) if version is not None else None
        if version is None or engine_window is None:
            continue
        made.append(
            coverage.Requirement(
                requirement.trace_of or requirement.requirement_id,  # a trace's gaps name the requirement
                requirement.enterprise_id,
                requirement.site_id,
                requirement.duty_type,
                version.minimum,
                version.peak_minimum,
                engine_window,
                piece.starts_at,
                piece.ends_at,
            )
        )
    return made


def _engine_window(
    window: dict[str, str] | None, campaign: Campaign
) -> coverage.OneOffWindow | coverage.DailyWindow | None:
    if window is None:
        return None
    try:
        if window["kind"] == "one_off":
            return coverage.OneOffWindow(
                datetime.fromisoformat(window["starts_at"]), datetime.fromisoformat(window["ends_at"])
            )
        days = campaign_days(campaign)
        return coverage.DailyWindow(_wall(window["start_local"]), _wall(window["end_local"]), days[0], days[-1])
    except ValueError:
        return None


def engine_peaks(campaign: Campaign) -> list[coverage.PeakWindow]:
    """The campaign's peak windows the engine can use (empty or inverted ones are left out)."""
    return [coverage.PeakWindow(p.starts_at, p.ends_at, p.name) for p in campaign.peaks if p.ends_at > p.starts_at]


def engine_assignments(shifts: Iterable[Shift]) -> list[coverage.Assignment]:
    """One assignment per person on each counting shift (with the events behind it)."""
    made: list[coverage.Assignment] = []
    for s in shifts:
        made += _assignments_of(s)
    return made


# The live consumer recomputes a key for every event and hands the engine the same shifts
# again and again: a shift's (frozen, immutable) assignments are made once while it is
# recent. A cache of values, keyed by the shift's whole state: the same list either way.
@functools.lru_cache(maxsize=8192)
def _assignments_of(s: Shift) -> tuple[coverage.Assignment, ...]:
    if not s.counts or s.ends_at <= s.starts_at:
        return ()
    return tuple(
        coverage.Assignment(
            s.shift_id,
            s.enterprise_id,
            s.site_id,
            s.duty_type,
            person.staff_id,
            s.starts_at,
            s.ends_at,
            person.qualified,
            s.cause_event_ids(person),
            s.covers_site_ids,
        )
        for person in s.assignees
    )


def shift_touches(key: KeyRef, shift: Shift) -> bool:
    """Whether the shift's people are counted for the key (its campaign window aside)."""
    site = key.site_id
    # `site in shift.sites`, without building the tuple (asked for every shift of every recompute).
    return (
        shift.enterprise_id == key.enterprise_id
        and shift.duty_type == key.duty_type
        and (
            site is None
            or (bool(shift.site_id) and site == shift.site_id)
            or (site != shift.site_id and site in shift.covers_site_ids)
        )
    )


def compute_key(
    key: KeyRef,
    campaign: Campaign,
    requirements: Sequence[Requirement],
    shifts: Sequence[Shift],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[list[coverage.Segment], list[coverage.Gap]]:
    """The key's timeline over the campaign window (or the part `start`–`end` of it) and its
    gaps, from the engine. No requirement that can be analysed: no timeline, no gaps."""
    made = [r for q in requirements for r in engine_requirements(q, campaign)]
    if not made:
        return [], []
    assignments = engine_assignments(s for s in shifts if shift_touches(key, s))
    timeline, gaps = coverage.timeline_and_gaps(
        made,
        assignments,
        engine_peaks(campaign),
        start=campaign.starts_at if start is None else start,
        end=campaign.ends_at if end is None else end,
    )
    return timeline.get(key.engine_key, []), gaps


# --------------------------------------------------------------------------------- gaps


GapStatus = Literal["open", "closed"]
CloseReason = Literal["covered", "requirement_changed"]
"""Why a gap closed: "covered" — people were added (or moved) so that nobody is missing any more; or
"requirement_changed" — only its requirement's events closed it (lowered or removed, a whole-campaign correction
by the Department included: nobody was added, so the gap is not "covered" — QZ11)."""


@dataclass(frozen=True, slots=True)
class GapRecord:
    """A gap as audit keeps it: the engine's gap, its identity, and its history."""

    gap_id: str
    key_id: str
    campaign_id: str
    enterprise_id: str
    site_id: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    required: int
    actual: int
    missing_qualification: bool
    peak: bool
    requirement_ids: tuple[str, ...]
    cause_event_ids: tuple[str, ...]
    status: GapStatus
    announced: bool  # published on Kafka (CoverageGapOpened): not whether anyone was alerted
    version: int
    opened_seq: int
    opened_at: datetime
    opened_by_event_id: str
    updated_seq: int
    closed_seq: int | None
    closed_at: datetime | None
    closed_by_event_ids: tuple[str, ...]
    in_force_from: datetime  # see domain/inforce.py
    # The changes that reshaped the gap in place (same start, same id), in log order (the module doc, "Causes"):
    # those that widened or deepened it (among its causes), and those that only narrowed it (not causes).
    widened_by_event_ids: tuple[str, ...] = ()
    narrowed_by_event_ids: tuple[str, ...] = ()
    # Why it closed (`CloseReason`); None while open, and on gaps closed before it was kept (told as before).
    closed_reason: CloseReason | None = None

    @property
    def key(self) -> KeyRef:
        return KeyRef(self.campaign_id, self.enterprise_id, self.site_id, self.duty_type)


ChangeKind = Literal["opened", "reopened", "updated", "closed"]


@dataclass(frozen=True, slots=True)
class GapChange:
    """What happened to one gap on one event; ``publish`` says whether an event goes out
    (CoverageGapClosed for "closed", CoverageGapOpened otherwise). A closing's ``reason`` is
    "requirement_changed" when every event that closed it is one of its requirement's (lowered or
    removed: nobody was added, so the gap is not "covered"), else "covered"."""

    kind: ChangeKind
    gap: GapRecord
    publish: bool
    reason: CloseReason = "covered"


Window = tuple[datetime, datetime]
"""Where a change can have moved a key's coverage: a shift's span before and after the change."""


def stretch(timeline: Sequence[coverage.Segment], window: Window) -> Window:
    """The stretch of a key's `timeline` to recompute for a change within `window`: the window, its
    start moved back to the start of the segment it starts in (the one ending at its start, if it
    starts on a boundary) when that segment is short of people, its end on to the end of the segment
    it ends in when that one is. Beyond a covered end no gap can cross it; beyond a short one the end
    stays a boundary, the change not reaching it (handlers/projector.py `recompute_key`)."""
    lo, hi = window
    i = bisect_left(timeline, lo, key=_start) - 1  # the last segment that starts before `lo`
    if i >= 0 and lo <= timeline[i].end and timeline[i].actual < timeline[i].required:
        lo = timeline[i].start
    j = bisect_right(timeline, hi, key=_start) - 1  # the last segment that starts at or before `hi`
    if j >= 0 and hi < timeline[j].end and timeline[j].actual < timeline[j].required:
        hi = timeline[j].end
    return lo, hi


def _start(segment: coverage.Segment) -> datetime:
    return segment.start


def merged(windows: Iterable[Window]) -> list[Window]:
    """The windows in order, those that overlap or touch made one (two changes meeting at an instant
    can make one gap across it)."""
    joined: list[Window] = []
    for lo, hi in sorted(windows):
        if joined and lo <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(hi, joined[-1][1]))
        else:
            joined.append((lo, hi))
    return joined


@dataclass(frozen=True, slots=True)
class Touch:
    """An event of the batch that touched a key, and where its change can have moved the key's
    coverage (None: anywhere in the campaign); ``requirement``: the event set or removed a requirement
    (it changes what is asked, not who is on duty)."""

    event_id: str
    window: Window | None
    requirement: bool = False


def _reaching(touches: Sequence[Touch], start: datetime, end: datetime) -> tuple[str, ...]:
    """The ids (in the order given, each once) of the touches whose change can reach `start`–`end`: a shift
    ending where a gap starts is among its causes; one whose change begins where the gap ends is not — it did
    not touch the hours before (QZ14 #6: the replacement of a handover, on duty from 09:05, was told as a cause
    of 06:00–09:05 beside the cancellation of the shift nobody came to)."""
    found = (t.event_id for t in touches if t.window is None or (t.window[0] < end and t.window[1] >= start))
    return tuple(dict.fromkeys(found))


def _alert_shape(g: GapRecord) -> tuple:
    return (g.ends_at, g.required, g.actual, g.missing_qualification, g.peak, g.in_force_from)


def reconcile_gaps(
    key: KeyRef,
    open_gaps: Iterable[GapRecord],
    computed: Iterable[coverage.Gap],
    previous: Mapping[str, GapRecord],
    *,
    seq: int,
    at: datetime,
    event_id: str,
    deadline: datetime,
    touches: Sequence[Touch] = (),
) -> list[GapChange]:
    """The changes that turn the key's open gaps into the engine's `computed` gaps.

    `deadline` is the campaign's readiness deadline: with the record time `at` it fixes each
    gap's ``in_force_from`` (domain/inforce.py); an open gap already in force keeps its own.

    `previous` holds the key's closed gaps whose ids the computed gaps reuse (they
    re-open). Closings come first, then openings and updates, each in start order.
    A gap's causes are the event(s) that opened it: of `touches` (the batch's
    events that touched the key), those that reach the gap (see the module doc), else `event_id`
    (the last of them); they close it likewise, and the closing says whether only requirement events
    closed it (``GapChange.reason``). A gap that is only what the change left short of
    the key's open gaps keeps their causes instead (the module doc, "Causes"). An open gap reshaped in
    place names those of `touches` that widened or deepened it among its causes (and in
    ``widened_by_event_ids``), or those that narrowed it in ``narrowed_by_event_ids``.
    """

    def by(start: datetime, end: datetime) -> tuple[str, ...]:
        return _reaching(touches, start, end) or (event_id,)

    def reason(closers: tuple[str, ...]) -> CloseReason:
        asked = {t.event_id for t in touches if t.requirement}
        return "requirement_changed" if closers and asked.issuperset(closers) else "covered"

    computed_by_id = {gap_id(key, g.start): g for g in computed}
    open_by_id = {g.gap_id: g for g in open_gaps}
    changes: list[GapChange] = []
    for gid, old in sorted(open_by_id.items(), key=lambda item: (item[1].starts_at, item[0])):
        if gid not in computed_by_id:
            closers = by(old.starts_at, old.ends_at)
            closed = replace(
                old,
                status="closed",
                version=old.version + 1,
                updated_seq=seq,
                closed_seq=seq,
                closed_at=at,
                closed_by_event_ids=closers,
                closed_reason=reason(closers),
            )
            changes.append(GapChange("closed", closed, old.announced, reason(closers)))
    for gid, g in sorted(computed_by_id.items(), key=lambda item: (item[1].start, item[0])):
        still_open = open_by_id.get(gid)
        inherited = _remainder_causes(g, open_by_id.values())
        if still_open is not None:
            widened, narrowed = still_open.widened_by_event_ids, still_open.narrowed_by_event_ids
            if inherited is None:  # wider or deeper than the key was short there: the change is a cause
                reshapers = by(*_grown_part(g, still_open))
                widened = _appended(widened, reshapers)
                causes = tuple(sorted({*still_open.cause_event_ids, *reshapers}))
            else:
                causes = inherited
                if _narrower(g, still_open):
                    narrowed = _appended(narrowed, by(*_shrunk_part(g, still_open)))
            new = replace(
                still_open,
                ends_at=g.end,
                required=g.required,
                actual=g.actual,
                missing_qualification=g.missing_qualification,
                peak=g.peak,
                requirement_ids=g.requirement_ids,
                cause_event_ids=causes,
                widened_by_event_ids=widened,
                narrowed_by_event_ids=narrowed,
                in_force_from=still_open.in_force_from
                if still_open.in_force_from <= at
                else inforce.in_force_from(opened_at=still_open.opened_at, starts_at=g.start, deadline=deadline),
            )
            if new == still_open:
                continue
            publish = _alert_shape(new) != _alert_shape(still_open) and (still_open.announced or new.ends_at > at)
            new = replace(
                new, version=still_open.version + 1, updated_seq=seq, announced=still_open.announced or publish
            )
            changes.append(GapChange("updated", new, publish))
            continue
        prior = previous.get(gid)
        announced = g.end > at
        openers = by(g.start, g.end)
        new = GapRecord(
            gap_id=gid,
            key_id=key.key_id,
            campaign_id=key.campaign_id,
            enterprise_id=key.enterprise_id,
            site_id=key.site_id,
            duty_type=key.duty_type,
            starts_at=g.start,
            ends_at=g.end,
            required=g.required,
            actual=g.actual,
            missing_qualification=g.missing_qualification,
            peak=g.peak,
            requirement_ids=g.requirement_ids,
            cause_event_ids=tuple(sorted(set(openers))) if inherited is None else inherited,
            status="open",
            announced=announced,
            version=prior.version + 1 if prior else 1,
            opened_seq=seq,
            opened_at=at,
            opened_by_event_id=openers[-1],
            updated_seq=seq,
            closed_seq=None,
            closed_at=None,
            closed_by_event_ids=(),
            in_force_from=inforce.in_force_from(opened_at=at, starts_at=g.start, deadline=deadline),
        )
        changes.append(GapChange("reopened" if prior else "opened", new, announced))
    return changes


def _shortfall(g: coverage.Gap | GapRecord) -> int:
    return g.required - g.actual


def _remainder_causes(g: coverage.Gap, before: Iterable[GapRecord]) -> tuple[str, ...] | None:
    """The causes the engine's gap `g` keeps as a remainder: if the key's open gaps `before` the change
    cover its whole window, each short by at least as many people as `g` (and already without the
    qualification wherever `g` is), the change only lessened the shortfall there — the union of their
    causes. None otherwise: the change opened, widened or deepened a hole, and is among its causes."""
    over = sorted((o for o in before if o.starts_at < g.end and o.ends_at > g.start), key=lambda o: o.starts_at)
    reached = g.start
    for o in over:
        if o.starts_at > reached or _shortfall(o) < _shortfall(g):
            return None
        if g.missing_qualification and not o.missing_qualification:
            return None
        reached = max(reached, o.ends_at)
    if reached < g.end:
        return None
    return tuple(sorted({c for o in over for c in o.cause_event_ids}))


def _narrower(g: coverage.Gap, old: GapRecord) -> bool:
    """Whether the engine's gap `g`, at the start of the stored open gap `old`, is less of a gap than `old`
    was: it ends earlier, or is short of fewer people, or no longer lacks the qualification."""
    return (
        g.end < old.ends_at
        or _shortfall(g) < _shortfall(old)
        or (old.missing_qualification and not g.missing_qualification)
    )


def _grown_part(g: coverage.Gap, old: GapRecord) -> tuple[datetime, datetime]:
    """Where the engine's gap `g` is more of a gap than the stored open gap `old` it reshapes in place (same
    start): the stretch added at its end when it only ends later, else its whole span (it is deeper there, or
    newly without the qualification). The batch's events that reach it widened or deepened the gap."""
    deeper = _shortfall(g) > _shortfall(old) or (g.missing_qualification and not old.missing_qualification)
    if g.end > old.ends_at and not deeper:
        return old.ends_at, g.end
    return g.start, g.end


def _shrunk_part(g: coverage.Gap, old: GapRecord) -> tuple[datetime, datetime]:
    """Where the engine's gap `g` is less of a gap than the stored open gap `old` (same start): the stretch cut
    from its end when it only ends earlier, else `old`'s whole span (it is shallower, or qualified again)."""
    shallower = _shortfall(g) < _shortfall(old) or (old.missing_qualification and not g.missing_qualification)
    if g.end < old.ends_at and not shallower:
        return g.end, old.ends_at
    return old.starts_at, old.ends_at


def _appended(ids: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    """`ids` and then those of `more` not among them, in order."""
    return tuple(dict.fromkeys((*ids, *more)))


OpenedAs = Literal["opened", "narrowed"]


def opened_as(gap: GapRecord) -> OpenedAs:
    """How the event that opened the gap's record (``opened_by_event_id``) made it: "opened" (it is among
    the gap's causes), or "narrowed" — people added for part of an earlier gap of the key, this gap the
    part left short, whose causes are the earlier gap's (the module doc, "Causes")."""
    return "opened" if gap.opened_by_event_id in gap.cause_event_ids else "narrowed"


# ------------------------------------------------------------------ what replaced a closed gap

ClosedAs = Literal["filled", "narrowed", "requirement_changed"]


def is_successor(closed: GapRecord, other: GapRecord) -> bool:
    """Whether `other` took over part of the closed gap `closed`: a gap of the same key over its window that
    the change which closed it opened or reshaped (``opened_seq`` or ``updated_seq`` is its ``closed_seq``).
    People added for only part of a gap move its start, so audit closes it and opens the rest as a new gap in
    the same transaction (`reconcile_gaps`); the key's open gaps never overlap, so a gap over the closed
    window with that position came from that change. A successor closed or re-opened since keeps the link
    while its ``opened_seq`` is that position."""
    return (
        closed.status == "closed"
        and closed.closed_seq is not None
        and other.gap_id != closed.gap_id
        and other.key_id == closed.key_id
        and closed.closed_seq in (other.opened_seq, other.updated_seq)
        and other.starts_at < closed.ends_at
        and other.ends_at > closed.starts_at
    )


def successors(closed: GapRecord, candidates: Iterable[GapRecord]) -> tuple[GapRecord, ...]:
    """The gaps among `candidates` that replaced the closed gap `closed` (`is_successor`), by start."""
    return tuple(sorted((c for c in candidates if is_successor(closed, c)), key=lambda c: (c.starts_at, c.gap_id)))


def closed_as(gap: GapRecord, replaced_by: Sequence[GapRecord]) -> ClosedAs | None:
    """How a closed gap closed: "narrowed" (filled only in part: gaps of its key over its window replaced it),
    "requirement_changed" (nobody added: only its requirement was lowered or removed — never told as filled, QZ11)
    or "filled"; None for an open gap."""
    if gap.status != "closed":
        return None
    if replaced_by:
        return "narrowed"
    return "requirement_changed" if gap.closed_reason == "requirement_changed" else "filled"


def still_short(gap: GapRecord, replaced_by: Sequence[GapRecord]) -> tuple[tuple[datetime, datetime], ...]:
    """The parts of the gap's window that its successors still open leave short, in time order, touching
    parts joined (`lichtruc.coverage.short_within`, which notifier's closing notices use too)."""
    return short_within(
        gap.starts_at, gap.ends_at, ((s.starts_at, s.ends_at) for s in replaced_by if s.status == "open")
    )


def remaining(closed: GapRecord, candidates: Iterable[GapRecord]) -> tuple[GapRecord, ...]:
    """What stands now for the closed gap `closed`'s window: its successors (`successors`), each successor
    itself narrowed since replaced in turn by its own, and so on — the gaps of that chain not narrowed
    (open, or filled) over the window, by start. Empty for a gap filled outright. A successor narrowed
    again is never told as filled: only a gap of the chain that was covered later reads "closed"."""
    pool = list(candidates)
    found: dict[str, GapRecord] = {}
    seen = {closed.gap_id}
    todo = list(successors(closed, pool))
    while todo:
        g = todo.pop()
        if g.gap_id in seen:
            continue
        seen.add(g.gap_id)
        further = successors(g, pool)
        if further:
            todo += further
        elif g.starts_at < closed.ends_at and g.ends_at > closed.starts_at:
            found[g.gap_id] = g
    return tuple(sorted(found.values(), key=lambda c: (c.starts_at, c.gap_id)))


# ------------------------------------------------------------------ how an open gap's window ends

EndsAs = Literal["taken_over", "filled", "next_shift", "window_end"]


@dataclass(frozen=True, slots=True)
class GapEnd:
    """How an open gap's window ends (`gap_end`), with who comes on duty at its end (names, as their shifts carry
    them; none at a window's end)."""

    how: EndsAs
    people: tuple[str, ...] = ()


def gap_end(gap: GapRecord, shifts: Iterable[Shift]) -> GapEnd | None:
    """What ends an open gap's window at ``ends_at``, from the shifts of any key (`shifts`): those of its key that
    count and begin there (QZ29: a gap ended by a hand-over read "ended at 10:05, nobody was added" beside its cause
    "Lê Hữu Nghĩa took over from 10:05"). The engine ends a gap where the key's shortfall changes, so either someone
    comes on duty there or what is asked ends or falls there:

    * "taken_over": a handover's new shift begins there (``continues_shift_id``: someone took over the rest of a
      shift — its people came on duty at the gap's end);
    * "filled": a shift added for it begins there — one of its changes narrowed the gap after it opened
      (``narrowed_by_event_ids``): people were added from that moment;
    * "next_shift": a shift the roster already had begins there — the gap ran until the next shift, nobody added;
    * "window_end": no shift begins there — the requirement's window ended (or asked fewer): nobody added.

    A hand-over is said first when both begin there. None for a closed gap (`closed_as` says how it closed)."""
    if gap.status != "open":
        return None
    key = gap.key
    starting = [
        s
        for s in shifts
        if s.counts
        and s.assignees
        and s.starts_at == gap.ends_at
        and s.campaign_id in (gap.campaign_id, None)
        and shift_touches(key, s)
    ]
    narrowing = set(gap.narrowed_by_event_ids)

    def people(of: Iterable[Shift]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.full_name for s in of for p in s.assignees))

    taken = [s for s in starting if s.continues_shift_id is not None]
    if taken:
        return GapEnd("taken_over", people(taken))
    added = [
        s
        for s in starting
        if narrowing & {s.interval_event_id, s.status_event_id, *(p.cause_event_id for p in s.assignees)}
    ]
    if added:
        return GapEnd("filled", people(added))
    if starting:
        return GapEnd("next_shift", people(starting))
    return GapEnd("window_end")


def rest_ends(replaced_by: Sequence[GapRecord], shifts: Iterable[Shift]) -> tuple[tuple[GapRecord, GapEnd], ...]:
    """How each part of a gap filled in part that is still open ends (its successors still open, `replaced_by`: what
    `remaining` says stands for it), by start: each such part's `gap_end`, from the shifts of any key (`shifts`). The
    rest of a gap ends as a whole gap does — taken over, filled, by the next shift or at its window's end (QZ29: the
    rest of a part-filled gap taken over by a hand-over read "the rest ended uncovered, nobody was added")."""
    pool = tuple(shifts)
    found = ((s, gap_end(s, pool)) for s in sorted(replaced_by, key=lambda c: (c.starts_at, c.gap_id)))
    return tuple((s, end) for s, end in found if end is not None)


@dataclass(frozen=True, slots=True)
class Ended:
    """How the open gaps whose time has passed ended, each way counted under its own words (QZ29: after a campaign
    the list's opening line counted gaps ended by a hand-over among those "ended uncovered"): at the requirement's
    window's end or until the next shift with nobody added, or with someone taking over or added at their end
    (`gap_end`); ``partly`` of them all were the rest of a gap filled in part (`opened_as` "narrowed")."""

    window_end: int = 0
    next_shift: int = 0
    taken_over: int = 0
    filled: int = 0
    partly: int = 0

    @property
    def total(self) -> int:
        return self.window_end + self.next_shift + self.taken_over + self.filled


def ended(gaps: Iterable[tuple[GapRecord, Iterable[Shift]]], now: datetime) -> Ended:
    """`Ended` of `gaps` at `now` — each open gap whose end has passed, with the shifts beginning at its end (any key's:
    `gap_end` picks its own); the others are left out."""
    counts: dict[str, int] = {}
    for gap, shifts in gaps:
        end = gap_end(gap, shifts) if gap.ends_at <= now else None
        if end is None:
            continue
        counts[end.how] = counts.get(end.how, 0) + 1
        counts["partly"] = counts.get("partly", 0) + (opened_as(gap) == "narrowed")
    return Ended(**counts)
