"""Shift commands (plan, edit, reschedule, reassign, cancel, publish, check in, complete, hand over) and
queries. Each command loads what the rules need through the repositories, lets the `Shift`
entity change its state, saves it with its bookings and emits its event in the caller's unit
of work."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from lichtruc.events import (
    SYSTEM_ACTOR,
    LateArrivalExplained,
    PresenceConfirmed,
    PresenceCorrected,
    ShiftCancelled,
    ShiftCheckedIn,
    ShiftCompleted,
    ShiftEvent,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSwapped,
    ShiftUpdated,
)
from lichtruc.paging import PageRequest, Slice
from lichtruc.scope import EVERYTHING, Visible

from ..db.ports import ShiftFilter, ShiftOrder
from ..domain import on_duty
from ..domain.errors import FieldError, Precondition, RuleViolation, missing
from ..domain.shifts import (
    ACTIVE_STATUSES,
    HANDOVER_STEP,
    UNCHANGED,
    Booking,
    ChangeKind,
    Shift,
    ShiftChange,
    ShiftDraft,
    ShiftWarning,
    SiteFacts,
    StaffFacts,
    covered_sites,
    covers_errors,
    double_bookings,
    handover_absent_errors,
    handover_at,
    handover_begun,
    handover_default,
    handover_moment_errors,
    handover_people_errors,
    handover_reason_errors,
    known_campaign,
    known_enterprise,
    raise_double_booking,
    shift_errors,
    site_errors,
    soft_warnings,
    warnings_of,
)
from .context import Context, UnitOfWork, reading
from .early_leaves import close_on_shift
from .lookups import campaign_and_enterprise_name
from .snapshots import assignees_of, snapshot

__all__ = ["ShiftFilter", "ShiftOrder"]

EVENTS: dict[ChangeKind, type[ShiftEvent]] = {
    "planned": ShiftPlanned,
    "published": ShiftPublished,
    "updated": ShiftUpdated,
    "rescheduled": ShiftRescheduled,
    "reassigned": ShiftReassigned,
    "swapped": ShiftSwapped,
    "cancelled": ShiftCancelled,
    "checked_in": ShiftCheckedIn,
    "completed": ShiftCompleted,
    "presence_confirmed": PresenceConfirmed,
    "presence_corrected": PresenceCorrected,
    "late_explained": LateArrivalExplained,
}

# --- loading facts -------------------------------------------------------------------------------


async def site_facts(uow: UnitOfWork, site_id: uuid.UUID | None) -> SiteFacts | None:
    if site_id is None:
        return None
    return (await uow.facts.sites([site_id])).get(site_id)


async def check_covers(uow: UnitOfWork, covers: Sequence[uuid.UUID], *, enterprise_id: uuid.UUID) -> None:
    """422 unless every site a shift covers is one of its enterprise's."""
    errors = covers_errors(covers, await uow.facts.sites(covers), enterprise_id)
    if errors:
        raise RuleViolation(errors)


def rule_margin(uow: UnitOfWork) -> timedelta:
    """How far around a shift the soft rules look for the same person's other shifts."""
    return uow.ctx.limits.reach


@dataclass(frozen=True)
class Evaluation:
    staff: Mapping[uuid.UUID, StaffFacts]
    warnings: list[ShiftWarning]
    sites: Mapping[uuid.UUID, SiteFacts] = field(default_factory=dict)
    """The shift's site and the further sites it covers, as read with the rules' facts."""
    bookings: Sequence[Booking] = ()
    """The people's other active bookings the rules read (those of `also_staff` too): where the shifts whose
    warnings the change may make untrue are found (`refresh_neighbours`)."""


async def evaluate(
    uow: UnitOfWork,
    draft: ShiftDraft,
    *,
    campaign_id: uuid.UUID,
    shift_id: uuid.UUID | None,
    covers: Sequence[uuid.UUID] = (),
    was: Shift | None = None,
    status: str = "draft",
    refusals: Sequence[FieldError] | None = None,
) -> Evaluation:
    """Check every hard rule (422, then 409 for a double booking) and compute the warnings of a shift in
    `status` (a draft's count the drafts next to it, another's do not: `soft_warnings`; a change of a shift
    that `was` keeps its status). Everything the rules read (and the sites in `covers`) is read at once — with,
    for a change of a shift that `was`, the bookings of its people before the change around where it was too
    (its neighbours').

    `refusals` (a handover's: what its own checks refused, maybe nothing): every refusal said at once instead —
    those, the hard rules' and the double bookings, all in one RuleViolation (422)."""
    margin = rule_margin(uow)
    starts_at, ends_at, staff_ids = draft.starts_at, draft.ends_at, draft.staff_ids
    if was is not None:
        starts_at, ends_at = min(starts_at, was.starts_at), max(ends_at, was.ends_at)
        staff_ids = tuple(dict.fromkeys([*draft.staff_ids, *was.staff_ids]))
        status = was.status
    facts = await uow.facts.for_rules(
        enterprise_id=draft.enterprise_id,
        campaign_id=campaign_id,
        site_ids=[*covers, *([draft.site_id] if draft.site_id is not None else [])],
        staff_ids=staff_ids,
        starts_at=starts_at - margin,
        ends_at=ends_at + margin,
    )
    known_enterprise(facts.enterprise_name, draft.enterprise_id)
    campaign = known_campaign(facts.campaign, campaign_id)
    site = facts.sites.get(draft.site_id) if draft.site_id is not None else None
    people = facts.staff
    errors = shift_errors(draft, campaign=campaign, site=site, staff=people, limits=uow.ctx.limits)
    bookings = facts.bookings
    names = {k: v.full_name for k, v in people.items()}
    if refusals is not None:
        every = [*refusals, *errors, *double_bookings(draft, bookings, shift_id=shift_id, names=names)]
        if every:
            raise RuleViolation(every)
    if errors:
        raise RuleViolation(errors)
    raise_double_booking(double_bookings(draft, bookings, shift_id=shift_id, names=names))
    warnings = soft_warnings(draft, bookings, shift_id=shift_id, names=names, limits=uow.ctx.limits, status=status)
    return Evaluation(people, warnings, facts.sites, bookings)


# --- writing ---------------------------------------------------------------------------------------


async def emit_shift(uow: UnitOfWork, change: ShiftChange, *, actor: str | None = None, **extra: Any) -> None:
    """Queue the event of a change, carrying the shift's whole new state; by the caller (and their display name)
    unless `actor`."""
    shift = change.shift
    if change.changed:  # an update says what it changed
        extra = {"changed": list(change.changed), **extra}
    name = None if actor is not None else await uow.actor_name()
    await uow.emit(
        EVENTS[change.kind](shift=snapshot(shift), actor=actor or uow.actor, actor_name=name, **extra),
        key=shift.enterprise_id,
        subject=f"shifts/{shift.id}",
    )


async def apply(uow: UnitOfWork, change: ShiftChange, **extra: Any) -> Shift:
    """Save a changed shift and announce it."""
    await uow.shifts.save(change.shift)
    await emit_shift(uow, change, **extra)
    return change.shift


async def refresh_neighbours(uow: UnitOfWork, near: Iterable[Booking], *, changed: Iterable[uuid.UUID]) -> list[Shift]:
    """After shifts were planned, moved, cancelled or given other people (`changed`, their bookings written),
    make the warnings of the shifts around them true again, in the same transaction: each other shift in
    `near` — the changed shifts' people's active bookings (before and after the change) within the rules'
    margin of where the shifts were and are — has its warnings computed again against its people's bookings
    as they now are; one whose warnings differ is saved at its next version and announced (ShiftUpdated,
    through the outbox, as every change of a shift) by `SYSTEM_ACTOR` — not by whoever made the change, who
    may manage another enterprise. A version that only recomputed warnings does not refuse a change that
    read the one before (`changeable`). Returns those. No neighbour: no statement.

    The neighbours are locked without waiting (`try_lock_many`, FOR UPDATE SKIP LOCKED). The changed shift is
    already held (`changeable`), so waiting for a neighbour could deadlock — A's move refreshing B while B's
    cancellation refreshes A take the two locks in opposite orders, and PostgreSQL would break the tie only
    after its deadlock_timeout (1 s) and a retry. A neighbour another transaction holds is queued instead, in
    this transaction (`queue_rewarn`), and computed again once free (`rewarn_queued`, roster's background
    task): that transaction may be one that does not rewarn (an edit of the notes, a check-in), or a concurrent
    change that cannot see this one's bookings."""
    skip = set(changed)
    ids = {b.shift_id for b in near if b.shift_id not in skip}
    if not ids:
        return []
    held = await uow.shifts.try_lock_many(ids)
    busy = ids - {s.id for s in held}
    if busy:
        await uow.shifts.queue_rewarn(busy)
        uow.rewarns_queued += len(busy)
    return await _rewarn(uow, held)


async def rewarn_queued(uow: UnitOfWork, *, limit: int = 100) -> tuple[int, int]:
    """Compute again the warnings of up to `limit` queued shifts (`refresh_neighbours`) that no transaction
    holds now, as `refresh_neighbours` does, and take them off the queue; one still held stays queued for the
    next turn. Returns (shifts taken off the queue, shifts whose warnings changed)."""
    queued = await uow.shifts.queued_rewarns(limit)
    if not queued:
        return 0, 0
    held = await uow.shifts.try_lock_many(queued)  # shifts are never deleted: one not here is held elsewhere
    await uow.shifts.drop_rewarns(s.id for s in held)
    return len(held), len(await _rewarn(uow, held))


async def _rewarn(uow: UnitOfWork, held: Iterable[Shift]) -> list[Shift]:
    """The warnings of these held shifts computed again against their people's bookings as they now are; each
    that differs saved at its next version and announced by `SYSTEM_ACTOR`. Returns those."""
    margin = rule_margin(uow)
    groups: dict[uuid.UUID, list[Shift]] = defaultdict(list)
    for shift in held:
        if shift.status in ACTIVE_STATUSES:
            groups[shift.enterprise_id].append(shift)
    updated: list[Shift] = []
    for enterprise_id, group in groups.items():  # a booking at another enterprise is named from each's own
        bookings = await uow.bookings.near(
            {s for shift in group for s in shift.staff_ids},
            min(s.starts_at for s in group) - margin,
            max(s.ends_at for s in group) + margin,
            enterprise_id=enterprise_id,
        )
        for shift in group:
            change = shift.rewarn(now=uow.now, warnings=warnings_of(shift, bookings, limits=uow.ctx.limits))
            if change is not None:
                await uow.shifts.save(change.shift)
                await emit_shift(uow, change, actor=SYSTEM_ACTOR)
                updated.append(change.shift)
    return updated


@dataclass(frozen=True)
class PlanShift:
    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: tuple[uuid.UUID, ...]
    site_id: uuid.UUID | None = None
    notes: str | None = None
    publish: bool = False
    covers_site_ids: tuple[uuid.UUID, ...] = ()

    def draft(self) -> ShiftDraft:
        return ShiftDraft(
            self.enterprise_id, self.duty_type, self.starts_at, self.ends_at, self.staff_ids, self.site_id
        )


async def add_shift(
    uow: UnitOfWork,
    cmd: PlanShift,
    *,
    people: Mapping[uuid.UUID, StaffFacts],
    warnings: Sequence[ShiftWarning],
    shift_id: uuid.UUID | None = None,
) -> Shift:
    """Write a checked shift, its bookings and ShiftPlanned (+ ShiftPublished if created published).
    A shift created published is written once, as published: its draft lives only in ShiftPlanned
    (written as a draft and then updated, it was two more round trips a shift of an import). Its `warnings`
    are those of the shift as written: a published one's (not counting drafts) in both events."""
    change = Shift.plan(
        shift_id=shift_id or uuid.uuid4(),
        campaign_id=cmd.campaign_id,
        draft=cmd.draft(),
        people=people,
        warnings=warnings,
        covers=cmd.covers_site_ids,
        notes=cmd.notes,
        now=uow.now,
    )
    published = change.shift.publish(now=uow.now) if cmd.publish else None
    shift = published.shift if published is not None else change.shift
    await uow.shifts.add(shift)
    await uow.bookings.book(shift.id, cmd.staff_ids, shift.starts_at, shift.ends_at)
    await emit_shift(uow, change)
    if published is not None:
        await emit_shift(uow, published)
    return shift


async def plan_shift(uow: UnitOfWork, cmd: PlanShift) -> Shift:
    """Plan a shift (a draft, or published at once); publishes ShiftPlanned (and ShiftPublished)."""
    covers = covered_sites(cmd.covers_site_ids, cmd.site_id)
    evaluation = await evaluate(
        uow,
        cmd.draft(),
        campaign_id=cmd.campaign_id,
        shift_id=None,
        covers=covers,
        status="published" if cmd.publish else "draft",
    )
    errors = covers_errors(covers, evaluation.sites, cmd.enterprise_id)
    if errors:
        raise RuleViolation(errors)
    shift = await add_shift(uow, cmd, people=evaluation.staff, warnings=evaluation.warnings)
    await refresh_neighbours(uow, evaluation.bookings, changed=[shift.id])
    return shift


async def changeable(uow: UnitOfWork, shift_id: uuid.UUID, *, pre: Precondition, action: str) -> Shift:
    """The shift, locked, at the version the caller read — or at one a person made, only its rest warnings
    recomputed since (`Shift.edited_version`: what the caller saw is unchanged, and the change goes on from
    the current version) — in a status that allows `action`."""
    shift = await uow.shifts.lock(shift_id)
    if shift is None:
        raise missing("shift", shift_id)
    if not pre.allows_since(shift.edited_version, shift.version):  # named for the refusal only
        pre.check(shift.version, what="shift", what_vi="ca", ident=shift.named("en"), ident_vi=shift.named())
    shift.allows(action)
    return shift


async def edit_shift(uow: UnitOfWork, shift_id: uuid.UUID, *, changes: Mapping[str, Any], pre: Precondition) -> Shift:
    """Change a shift's notes, site or the further sites it covers; publishes ShiftUpdated."""
    shift = await changeable(uow, shift_id, pre=pre, action="edit")
    change = shift.edit(
        now=uow.now,
        notes=changes.get("notes", UNCHANGED),
        site_id=changes.get("site_id", UNCHANGED),
        covers=changes.get("covers_site_ids", UNCHANGED),
    )
    if change is None:  # nothing to change: no new version, no event
        return shift
    new = change.shift
    if new.site_id != shift.site_id and new.site_id is not None:
        errors = site_errors(new.site_id, await site_facts(uow, new.site_id), new.enterprise_id)
        if errors:
            raise RuleViolation(errors)
    if new.covers_site_ids != shift.covers_site_ids:
        await check_covers(uow, new.covers_site_ids, enterprise_id=new.enterprise_id)
    return await apply(uow, change)


async def reschedule_shift(
    uow: UnitOfWork, shift_id: uuid.UUID, *, starts_at: datetime, ends_at: datetime, pre: Precondition
) -> Shift:
    """Move a shift in time (same people, all rules checked again); publishes ShiftRescheduled."""
    shift = await changeable(uow, shift_id, pre=pre, action="reschedule")
    campaign_id = shift.campaign()
    evaluation = await evaluate(
        uow, shift.draft(starts_at=starts_at, ends_at=ends_at), campaign_id=campaign_id, shift_id=shift_id, was=shift
    )
    change = shift.reschedule(now=uow.now, starts_at=starts_at, ends_at=ends_at, warnings=evaluation.warnings)
    await uow.bookings.move(shift_id, change.shift.starts_at, change.shift.ends_at)
    moved = await apply(uow, change, previous_starts_at=shift.starts_at, previous_ends_at=shift.ends_at)
    await refresh_neighbours(uow, evaluation.bookings, changed=[shift_id])
    return moved


async def rebook(uow: UnitOfWork, shift: Shift, *, staff_ids: Sequence[uuid.UUID]) -> None:
    """Make the shift's bookings match `staff_ids` (bookings of people who stay are kept)."""
    before = set(shift.staff_ids)
    await uow.bookings.unbook(shift.id, before - set(staff_ids))
    await uow.bookings.book(shift.id, [s for s in staff_ids if s not in before], shift.starts_at, shift.ends_at)


async def reassign_shift(
    uow: UnitOfWork, shift_id: uuid.UUID, *, staff_ids: tuple[uuid.UUID, ...], pre: Precondition
) -> Shift:
    """Put other people on a shift (all rules checked again); publishes ShiftReassigned."""
    shift = await changeable(uow, shift_id, pre=pre, action="reassign")
    campaign_id = shift.campaign()
    evaluation = await evaluate(
        uow, shift.draft(staff_ids=staff_ids), campaign_id=campaign_id, shift_id=shift_id, was=shift
    )
    change = shift.reassign(now=uow.now, staff_ids=staff_ids, people=evaluation.staff, warnings=evaluation.warnings)
    await rebook(uow, shift, staff_ids=staff_ids)
    previous = assignees_of(shift)
    reassigned = await apply(uow, change, previous_assignees=previous)
    # an early-leave notice of someone taken off is answered (QZ29 #8); one of someone who stays is still open
    await close_on_shift(uow, shift, how="reassigned", staff_ids=frozenset(shift.staff_ids) - set(staff_ids))
    await refresh_neighbours(uow, evaluation.bookings, changed=[shift_id])
    return reassigned


async def cancel_shift(uow: UnitOfWork, shift_id: uuid.UUID, *, reason: str | None, pre: Precondition) -> Shift:
    """Cancel a shift (its people are free again; one already published only with a reason); publishes
    ShiftCancelled."""
    shift = await changeable(uow, shift_id, pre=pre, action="cancel")
    change = shift.cancel(now=uow.now, reason=reason)
    margin = rule_margin(uow)
    near = await uow.bookings.near(
        shift.staff_ids, shift.starts_at - margin, shift.ends_at + margin, enterprise_id=shift.enterprise_id
    )
    await uow.bookings.release(shift_id)
    cancelled = await apply(uow, change, reason=change.shift.cancel_reason)
    await close_on_shift(uow, shift, how="cancelled")  # the early-leave notices on it (QZ29 #8)
    await refresh_neighbours(uow, near, changed=[shift_id])
    return cancelled


@dataclass(frozen=True)
class Handover:
    """What handing over the rest of a shift did: the shift that now ends at the moment (its people and check-ins
    kept) and the one that took over from then to the old end."""

    ended: Shift
    rest: Shift


async def hand_over_shift(
    uow: UnitOfWork,
    shift_id: uuid.UUID,
    *,
    staff_ids: tuple[uuid.UUID, ...],
    at: datetime | None,
    reason: str | None,
    pre: Precondition,
    absent: bool | None = None,
) -> Handover:
    """Hand over the rest of a shift that has begun (someone on it falls ill): it ends at the moment (`at`, by
    default now rounded up to the next 5 minutes), keeping its people and check-ins, and a new shift, published,
    takes over from then to its end with `staff_ids` — every rule of a reassignment checked for them (a double
    booking, the rest, the qualification). One transaction; publishes the new shift's ShiftPlanned and
    ShiftPublished (carrying `continues_shift_id` and the reason) first, then the old one's ShiftRescheduled
    (`handed_over_to`): a consumer applying them in order never sees the rest uncovered.

    When its people never came (`absent`, "Người trực không đến"; not said: when nobody on it checked in), or at
    its very start, the old one ends handed over before it began: cancelled with the reason, its people's time
    freed, announced by ShiftCancelled (`handed_over_to`) after the new shift's events. The new shift starts at
    the moment all the same (QZ13 #2: handed over at 09:07, the 06:00 shift read "covered all day"): the hours from
    the start to the moment had nobody and stay uncovered, as audit shows after any cancellation."""
    shift = await changeable(uow, shift_id, pre=pre, action="hand_over")
    campaign_id = shift.campaign()
    handover_begun(shift, now=uow.now)
    moment = handover_at(at, now=uow.now)
    said, said_errors = handover_reason_errors(shift, reason)
    absent, absent_errors = handover_absent_errors(shift, absent)
    # Every refusal at once (QZ10: the portal copied these bounds to say them together): the moment, the reason,
    # the people's (none chosen, only the relieved, then `evaluate`'s: unqualified, double booked, …) — one 422.
    refusals = [
        *handover_moment_errors(shift, moment),
        *absent_errors,
        *said_errors,
        *handover_people_errors(shift, staff_ids),
    ]
    if not staff_ids:
        raise RuleViolation(refusals)
    if any(e.field == "at" for e in refusals):  # the people are still checked, for the rest as of now
        moment = max(shift.starts_at, min(handover_default(uow.now), shift.ends_at - HANDOVER_STEP))
    # a no-show (nobody checked in: else refused above): the old shift is cancelled, the new one starts at the moment
    whole = absent or moment == shift.starts_at
    # The old shift's people are free from the moment: one of them may stay on in the new shift.
    if whole:
        await uow.bookings.release(shift.id)
    else:
        await uow.bookings.move(shift.id, shift.starts_at, moment)
    evaluation = await evaluate(
        uow,
        shift.draft(starts_at=moment, staff_ids=staff_ids),
        campaign_id=campaign_id,
        shift_id=None,
        covers=shift.covers_site_ids,
        status="published",
        refusals=refusals,
    )
    planned, published = shift.rest_from(
        shift_id=uuid.uuid4(),
        at=moment,
        staff_ids=staff_ids,
        people=evaluation.staff,
        warnings=evaluation.warnings,
        reason=said,
        now=uow.now,
        absent=absent,
    )
    rest = published.shift
    await uow.shifts.add(rest)
    await uow.bookings.book(rest.id, staff_ids, rest.starts_at, rest.ends_at)
    await emit_shift(uow, planned)
    await emit_shift(uow, published)
    margin = rule_margin(uow)
    near = await uow.bookings.near(
        shift.staff_ids, shift.starts_at - margin, shift.ends_at + margin, enterprise_id=shift.enterprise_id
    )
    if whole:
        ended = await apply(
            uow,
            shift.hand_over(now=uow.now, at=moment, warnings=(), reason=said, absent=absent),
            handed_over_to=rest.id,
            reason=said,
        )
    else:
        warnings = warnings_of(replace(shift, ends_at=moment), near, limits=uow.ctx.limits)
        ended = await apply(
            uow,
            shift.hand_over(now=uow.now, at=moment, warnings=warnings, reason=said),
            previous_starts_at=shift.starts_at,
            previous_ends_at=shift.ends_at,
            handed_over_to=rest.id,
            reason=said,
        )
    # its people are off it from the moment: the early-leave notices on it are answered (QZ29 #8)
    await close_on_shift(uow, shift, how="handed_over", handed_over_to=rest.id)
    await refresh_neighbours(uow, [*evaluation.bookings, *near], changed=[shift.id, rest.id])
    return Handover(ended, rest)


async def publish_shift(uow: UnitOfWork, shift_id: uuid.UUID, *, pre: Precondition) -> Shift:
    """Publish one draft; publishes ShiftPublished (and ShiftUpdated for each shift whose warnings it changes)."""
    shift = await changeable(uow, shift_id, pre=pre, action="publish")
    [published] = await _publish(uow, [shift])
    return published


async def _publish(uow: UnitOfWork, drafts: Sequence[Shift]) -> list[Shift]:
    """Publish these held drafts (of one enterprise) together, and make the warnings around them true: each one's
    own as a published shift's — the drafts next to it no longer count, the others published with it do — and
    those of its people's other shifts (`refresh_neighbours`: a published neighbour now counts it). One read of
    the people's bookings for them all; none when there is no draft."""
    if not drafts:
        return []
    margin = rule_margin(uow)
    ids = {d.id for d in drafts}
    near = await uow.bookings.near(
        {s for d in drafts for s in d.staff_ids},
        min(d.starts_at for d in drafts) - margin,
        max(d.ends_at for d in drafts) + margin,
        enterprise_id=drafts[0].enterprise_id,
    )
    of_person: dict[uuid.UUID, list[Booking]] = defaultdict(list)  # a draft reads only its own people's
    for b in near:
        of_person[b.staff_id].append(replace(b, draft=False) if b.shift_id in ids else b)
    limits = uow.ctx.limits
    published = []
    for d in drafts:
        theirs = [b for s in d.staff_ids for b in of_person.get(s, ())]
        warnings = warnings_of(d, theirs, limits=limits, status="published")
        published.append(await apply(uow, d.publish(now=uow.now, warnings=warnings)))
    await refresh_neighbours(uow, near, changed=ids)
    return published


@dataclass(frozen=True)
class PublishOutcome:
    """What publishing an enterprise's drafts did: the shifts published (now at their new version)."""

    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    shifts: tuple[Shift, ...]


async def publish_enterprise(uow: UnitOfWork, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID) -> PublishOutcome:
    """Publish every draft of an enterprise in a campaign at once; one ShiftPublished each (and ShiftUpdated for
    each other shift whose warnings they change)."""
    await campaign_and_enterprise_name(uow, campaign_id=campaign_id, enterprise_id=enterprise_id)
    published = await _publish(uow, await uow.shifts.drafts(campaign_id=campaign_id, enterprise_id=enterprise_id))
    return PublishOutcome(campaign_id, enterprise_id, tuple(published))


async def check_in(
    uow: UnitOfWork, shift_id: uuid.UUID, *, staff_id: uuid.UUID, pre: Precondition, late_reason: str | None = None
) -> Shift:
    """An assignee reports for duty, a late one maybe saying why (`domain.lateness`); publishes ShiftCheckedIn (the
    shift becomes checked_in)."""
    shift = await changeable(uow, shift_id, pre=pre, action="check_in")
    change = shift.check_in(staff_id=staff_id, now=uow.now, lead=uow.ctx.limits.check_in_lead, late_reason=late_reason)
    await uow.bookings.check_in(shift_id, staff_id, uow.now)
    why = next(a.late_reason for a in change.shift.assignees if a.staff_id == staff_id)
    extra: dict[str, Any] = {"late_reason": why} if why is not None else {}
    return await apply(uow, change, staff_id=staff_id, checked_in_at=uow.now, **extra)


async def explain_late(
    uow: UnitOfWork, shift_id: uuid.UUID, *, staff_id: uuid.UUID, late_reason: str | None, pre: Precondition
) -> Shift:
    """A person who checked in late without a reason gives it afterwards, once (`domain.lateness`); publishes
    LateArrivalExplained (the shift at its next version, its status as it was)."""
    shift = await changeable(uow, shift_id, pre=pre, action="explain_late")
    change = shift.explain_late(staff_id=staff_id, late_reason=late_reason, now=uow.now)
    mine = next(a for a in change.shift.assignees if a.staff_id == staff_id)
    return await apply(
        uow,
        change,
        staff_id=staff_id,
        checked_in_at=mine.checked_in_at,
        late_reason=mine.late_reason,
        explained_at=uow.now,
    )


@dataclass(frozen=True, slots=True)
class ConfirmPresence:
    """A manager's word afterwards on one person of a shift (`domain.presence`): on post (`present`, from–to: the
    whole shift when not given) or not (`absent_from`–`absent_until`, the same), how it is known (`evidence`,
    `evidence_note`)."""

    staff_id: uuid.UUID
    present: bool
    evidence: str
    evidence_note: str | None
    present_from: datetime | None = None
    present_until: datetime | None = None
    absent_from: datetime | None = None
    absent_until: datetime | None = None
    late_reason: str | None = None


async def confirm_presence(uow: UnitOfWork, shift_id: uuid.UUID, *, cmd: ConfirmPresence, pre: Precondition) -> Shift:
    """Record, once a shift has ended, that a person on it was on post though their check-in does not say so, or was
    not though it does — or, while it is under way, the arrival of a person who cannot check in themselves (no active
    account); publishes PresenceConfirmed or PresenceCorrected (the shift at its next version, by the
    caller, their display name, the evidence). Its status stays as it was."""
    shift = await changeable(uow, shift_id, pre=pre, action="confirm_presence")
    on_it = any(a.staff_id == cmd.staff_id for a in shift.assignees)
    member = None if on_it else await uow.staff.get(cmd.staff_id)
    by_name = await uow.actor_name()
    # under way, only the arrival of someone who cannot check in themselves may be said (domain.presence)
    self_check_in = uow.now >= shift.ends_at or cmd.staff_id in await uow.accounts.signing_in({cmd.staff_id})
    change = shift.confirm_presence(
        staff_id=cmd.staff_id,
        person=member.full_name if member is not None else None,
        present=cmd.present,
        evidence=cmd.evidence,
        evidence_note=cmd.evidence_note,
        by=uow.actor or "",
        by_name=by_name,
        now=uow.now,
        since=cmd.present_from if cmd.present else cmd.absent_from,
        until=cmd.present_until if cmd.present else cmd.absent_until,
        checks_in_self=self_check_in,
        late_reason=cmd.late_reason,
    )
    said = next(a.presence for a in change.shift.assignees if a.staff_id == cmd.staff_id)
    assert said is not None
    extra: dict[str, Any] = {
        "staff_id": cmd.staff_id,
        "evidence": said.evidence,
        "evidence_note": said.evidence_note,
        "confirmed_at": said.at,
    }
    if said.present:
        extra |= {"present_from": said.starts_at, "present_until": said.ends_at}
        if cmd.late_reason is not None and cmd.late_reason.strip():
            extra["late_reason"] = next(a.late_reason for a in change.shift.assignees if a.staff_id == cmd.staff_id)
    else:
        extra |= {"absent_from": said.starts_at, "absent_until": said.ends_at}
    return await apply(uow, change, **extra)


async def complete_shift(uow: UnitOfWork, shift_id: uuid.UUID, *, pre: Precondition) -> Shift:
    """Close a shift that is over; publishes ShiftCompleted."""
    shift = await changeable(uow, shift_id, pre=pre, action="complete")
    return await apply(uow, shift.complete(now=uow.now))


# --- queries -------------------------------------------------------------------------------------


async def get_shift(ctx: Context, shift_id: uuid.UUID) -> Shift:
    async with reading(ctx) as repos:
        shift = await repos.shifts.get(shift_id)
    if shift is None:
        raise missing("shift", shift_id)
    return shift


async def list_shifts(
    ctx: Context, f: ShiftFilter, *, page: PageRequest, visible: Visible = EVERYTHING, order: ShiftOrder = "starts_at"
) -> Slice[Shift]:
    """Shifts matching every given filter (the time range selects shifts that overlap it),
    sorted by start then id in `order`; only those the caller may see (a staff member: their own)."""
    async with reading(ctx) as repos:
        found = await repos.shifts.page(f, visible=visible, page=page, order=order)
    return found


async def on_duty_beside(
    ctx: Context, shift_ids: Sequence[uuid.UUID], *, visible: Visible
) -> list[on_duty.BesideShift]:
    """Who else of each shift's enterprise is on duty while it runs (`domain.on_duty`): names, duty types, times
    and sites, and the duty leaders' phone numbers — what a person on the shift may read of the others' (QZ13 #8,
    QZ14 #13). Each shift the caller may read (as `visible` narrows a list: a staff member's own, published ones),
    in the order asked; one they may not is left out, as a missing one is. Three reads whatever the number of
    shifts: the shifts with those overlapping them, the duty leaders' phones, the sites' names."""
    async with reading(ctx) as repos:
        found = await repos.shifts.beside(shift_ids, visible=visible, statuses=on_duty.LIVE_STATUSES)
        phones = await repos.staff.phones(on_duty.leaders(found.overlapping)) if found.asked else {}
        ids = on_duty.site_ids(found.overlapping) if found.asked else set()
        sites = {i: s.name for i, s in (await repos.facts.sites(ids)).items()} if ids else {}
    return on_duty.beside_each(found.asked, found.overlapping, phones=phones, order=shift_ids, sites=sites)


@dataclass(frozen=True, slots=True)
class TakenOver:
    """The live shifts that took others over — a cancelled one whole, or the rest of one kept — by the other's id."""

    takers: Mapping[uuid.UUID, Shift]

    def of(self, shift_id: uuid.UUID) -> Shift | None:
        return self.takers.get(shift_id)


async def taken_over(ctx: Context, shifts: Iterable[Shift]) -> TakenOver:
    """The live shifts that took these over, by the id of the one taken over: a cancelled one whole (nobody had come),
    or the rest of one that had begun, kept and ending then (QZ18 #4: the person's past card said nothing of it) — a
    person's own list says whom their shift went to (the other shift is not theirs to read). Only a shift that has
    begun is handed over: none is asked of those still ahead, nor of drafts."""
    now = ctx.clock()
    handed = [s.id for s in shifts if s.status == "cancelled" or (s.status != "draft" and s.starts_at <= now)]
    if not handed:
        return TakenOver({})
    async with reading(ctx) as repos:
        takers = await repos.shifts.continuing(handed)
    return TakenOver({t.continues_shift_id: t for t in takers if t.continues_shift_id is not None})


async def signing_in(ctx: Context, shifts: Iterable[Shift]) -> frozenset[uuid.UUID]:
    """The people of these shifts who can check in themselves: an active account is linked to their staff record
    (QZ29 #1: a shift handed to someone never given one — he could not check in, and the board counted him absent)."""
    people = {a.staff_id for s in shifts for a in s.assignees}
    if not people:
        return frozenset()
    async with reading(ctx) as repos:
        return await repos.accounts.signing_in(people)


@dataclass(frozen=True, slots=True)
class Continued:
    """The shifts that some shifts continue (each one's `continues_shift_id`: a handover's taker), by their id."""

    shifts: Mapping[uuid.UUID, Shift]

    def of(self, shift: Shift) -> Shift | None:
        return self.shifts.get(shift.continues_shift_id) if shift.continues_shift_id is not None else None


async def continued(ctx: Context, shifts: Iterable[Shift]) -> Continued:
    """The shifts these ones took over (`continues_shift_id`), by id, whatever the caller may read of them: a
    taker's own card says whom they took over from (QZ21 #8: it said nothing; the other shift is not theirs to
    read). No read at all when none of them continues another (most lists)."""
    ids = {s.continues_shift_id for s in shifts if s.continues_shift_id is not None}
    if not ids:
        return Continued({})
    async with reading(ctx) as repos:
        found = await repos.shifts.continued(ids)
    return Continued({s.id: s for s in found})


def field_errors_for_row(errors: Sequence[FieldError]) -> list[FieldError]:
    """Row reports name the column, not the position in a list ("assignees", not "assignees.1")."""
    return [FieldError(e.field.split(".")[0], e.rule, e.message, e.message_vi, e.context) for e in errors]
