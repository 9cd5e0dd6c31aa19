"""The consumer's side of the service layer: each event is applied in one unit of work with
its inbox row, so a redelivered event changes nothing and a crash leaves nothing half done.

Out of order: every stored fact keeps its aggregate's version, and an event whose version
is not newer than the stored one is recorded in the inbox and otherwise ignored. A shift
event may arrive before the staff, enterprise or site events it refers to: it is shown
with what is known (the snapshot carries the assignees' names) and completed when they come.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import timedelta
from typing import Protocol

from lichtruc.events import (
    CampaignOpened,
    CloudEvent,
    CoverageGapClosed,
    CoverageGapOpened,
    EarlyLeaveAsked,
    EnterpriseRegistered,
    EventData,
    ShiftCancelled,
    ShiftEvent,
    ShiftPlanned,
    ShiftPublished,
    ShiftReassigned,
    ShiftRescheduled,
    ShiftSnapshot,
    ShiftSwapped,
    SiteRegistered,
    StaffJoined,
    SwapAnswered,
    SwapLapsed,
    SwapRejected,
    SwapRequested,
    SwapWithdrawn,
    UnknownEventType,
)
from lichtruc.events_accounts import AccountEvent, PasswordResetRequested
from lichtruc.events_department import DepartmentProfileChanged
from lichtruc.events_explanations import ExplanationEvent
from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.events_incidents import IncidentOpened, IncidentResolved, IncidentResponderRemoved, IncidentUpdated
from lichtruc.events_inspections import InspectionEvent
from lichtruc.events_readiness import (
    ReadinessItemCompleted,
    ReadinessItemDefined,
    ReadinessItemRemoved,
    ReadinessItemReopened,
)
from lichtruc.events_reports import DailyReportSubmitted

from ..db.staged import StagedUnitOfWork
from ..db.uow import PgUnitOfWork, UnitOfWork
from ..domain.entries import SHOWN_STATUSES
from . import (
    alerts,
    check_ins,
    deadlines,
    early_leaves,
    explanations,
    inspections,
    notices,
    password_resets,
    readmodel,
    reminders,
)
from .context import Context
from .incidents import on_incident_opened, on_incident_resolved, on_incident_updated, on_responder_removed

log = logging.getLogger(__name__)


class Handler(Protocol):
    """Applies one decoded event inside the consumer's unit of work; True if the scheduler should wake."""

    async def __call__(self, uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool: ...


async def on_shift(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Any shift event (and a swap request, which carries the shift too): entries, then reminders and missed check-in
    alerts (a check-in withdraws its person's, or tells of their arrival after one); a publication, a
    reassignment, an approved swap, a move in time, a cancellation, or a handover told to the people it concerns
    (`notices`)."""
    shift = data.shift  # type: ignore[attr-defined]
    if not await readmodel.upsert_shift(uow, event=event, shift=shift):
        log.info("shift %s version %d is not newer than the stored one; ignored", shift.shift_id, shift.version)
        return False
    scopes = await readmodel.sync_entries(
        uow,
        shift=shift,
        changed_at=event.time,
        retention=timedelta(days=ctx.settings.feed_retention_days),
        reason=data.reason if isinstance(data, ShiftCancelled) else None,
        handover=await readmodel.handover_of(uow, data),
    )
    scopes |= await readmodel.name_takers(uow, data=data, changed_at=event.time)  # its relieved shift, told first
    now = ctx.clock()
    due_now = await reminders.replan_shift(
        uow, ctx=ctx, shift=shift, now=now, told=notices.told_of(data, ctx=ctx, now=now)
    )
    due_now |= await check_ins.plan_shift(uow, ctx=ctx, event=event, data=data, now=ctx.clock())  # a missed check-in
    if isinstance(data, ShiftReassigned | ShiftSwapped):
        due_now |= await notices.tell_shift_change(uow, ctx=ctx, event=event, data=data)
    elif isinstance(data, ShiftPlanned | ShiftPublished) and shift.continues_shift_id is not None:
        due_now |= await notices.tell_handover_taker(uow, ctx=ctx, data=data)
    elif isinstance(data, ShiftPublished):
        due_now |= await notices.tell_shift_published(uow, ctx=ctx, data=data)
    elif isinstance(data, ShiftRescheduled | ShiftCancelled) and data.handed_over_to is not None:
        due_now |= await notices.tell_handover_off(uow, ctx=ctx, data=data)
    elif isinstance(data, ShiftRescheduled):
        due_now |= await notices.tell_shift_moved(uow, ctx=ctx, data=data)
    elif isinstance(data, ShiftCancelled):
        due_now |= await notices.tell_shift_cancelled(uow, ctx=ctx, data=data)
    await uow.shifts.bump_scopes(scopes)
    return due_now


async def on_swap_requested(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """A swap request carries its shift (applied as any shift event's), and is told to the enterprise's managers
    and the colleague it names (`notices`), whether or not its shift's snapshot was news."""
    assert isinstance(data, SwapRequested)
    due_now = await on_shift(uow, ctx=ctx, event=event, data=data)
    return await notices.tell_swap_requested(uow, ctx=ctx, data=data, asked_at=event.time) or due_now


async def on_enterprise(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    now = ctx.clock()
    assert isinstance(data, EnterpriseRegistered)
    if not await readmodel.apply_enterprise(uow, event=event, data=data, now=now):
        return False
    return await alerts.alert_open_gaps(uow, ctx=ctx, enterprise_id=data.enterprise_id, now=now)


async def on_site(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, SiteRegistered)
    await readmodel.apply_site(uow, event=event, data=data, now=ctx.clock())
    return False


async def on_staff(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, StaffJoined)
    await readmodel.apply_staff(uow, data=data, now=ctx.clock(), changed_at=event.time)
    return False


async def on_account(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, AccountEvent)
    now = ctx.clock()
    await uow.reference.hold_enterprises(_held(data))  # its gaps' alerts, applied at once elsewhere
    if not await readmodel.apply_account(uow, data=data, now=now) or data.role != "manager" or not data.active:
        return False
    alerted = False  # a manager account made (or given an enterprise) during Tết learns of the gaps still open
    for enterprise_id in data.enterprise_ids:
        alerted = await alerts.alert_open_gaps(uow, ctx=ctx, enterprise_id=enterprise_id, now=now) or alerted
    return alerted


async def on_department(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, DepartmentProfileChanged)
    await readmodel.apply_department(uow, data=data, now=ctx.clock())
    return False


async def on_gap_opened(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, CoverageGapOpened)
    return await alerts.apply_gap_opened(uow, ctx=ctx, data=data, changed_at=event.time, now=ctx.clock())


async def on_gap_closed(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    assert isinstance(data, CoverageGapClosed)
    return await alerts.apply_gap_closed(uow, ctx=ctx, data=data, changed_at=event.time, now=ctx.clock())


# Checked in order with isinstance, so that later full-state subclasses (EnterpriseUpdated,
# SiteUpdated, StaffUpdated, ShiftUpdated…) are handled like their base.
HANDLERS: tuple[tuple[type[EventData], Handler], ...] = (
    (ShiftEvent, on_shift),
    (SwapRequested, on_swap_requested),
    (SwapAnswered, notices.on_swap_answered),  # the colleague's answer: the asker; ready to decide: the managers
    (SwapRejected, notices.on_swap_rejected),
    (SwapWithdrawn, notices.on_swap_withdrawn),
    (SwapLapsed, notices.on_swap_lapsed),
    (EarlyLeaveAsked, early_leaves.on_early_leave_asked),  # QZ29 #8: the managers, at once
    (EnterpriseRegistered, on_enterprise),
    (SiteRegistered, on_site),
    (StaffJoined, on_staff),
    (AccountEvent, on_account),  # managers' sign-in addresses, told of inspections, gaps and deadlines
    (PasswordResetRequested, password_resets.on_password_reset),  # QZ29 #15: to the Department's administrators
    (DepartmentProfileChanged, on_department),  # the Department's name, in inspections' mails
    (CoverageGapOpened, on_gap_opened),
    (CoverageGapClosed, on_gap_closed),
    (InspectionEvent, inspections.on_inspection),  # issue 15, part 5: surprise plans stay untold
    (IncidentOpened, on_incident_opened),
    (IncidentUpdated, on_incident_updated),  # the person added as a responder is told
    (IncidentResponderRemoved, on_responder_removed),  # the responder taken off is told
    (IncidentResolved, on_incident_resolved),  # those alerted of the opening are told it is closed
    (ExplanationEvent, explanations.on_explanation),  # QZ28 #3: a version to the inspectors, an answer to managers
    # issue 15, parts 2-4: the facts the deadline sweep reads (deadlines.py)
    (CampaignOpened, deadlines.on_campaign),
    (ReadinessItemDefined, deadlines.on_readiness),
    (ReadinessItemRemoved, deadlines.on_readiness),
    (ReadinessItemCompleted, deadlines.on_readiness),
    (ReadinessItemReopened, deadlines.on_readiness),
    (TransactionHoursPublished, deadlines.on_hours),
    (DailyReportSubmitted, deadlines.on_report),
)
"""Requirement events are recorded in the inbox and otherwise not needed here."""


def handler_for(data: EventData | None) -> Handler | None:
    if data is None:
        return None
    for kind, handler in HANDLERS:
        if isinstance(data, kind):
            return handler
    return None


_HOLDING = (EnterpriseRegistered, CoverageGapOpened, CoverageGapClosed)
"""The events whose handlers hold their enterprise (`ReferenceRepository.hold_enterprises`); a manager account's
event holds each of its enterprises (`_held`)."""


def _held(data: EventData) -> tuple[uuid.UUID, ...]:
    """The enterprises an event's handler holds: a gap's or an enterprise's own, a manager account's (told of
    their gaps, `on_account`)."""
    if isinstance(data, _HOLDING):
        return (data.enterprise_id,)
    if isinstance(data, AccountEvent) and data.role == "manager":
        return tuple(data.enterprise_ids)
    return ()


def _data(event: CloudEvent) -> EventData | None:
    try:
        return event.decoded()
    except UnknownEventType:
        return None  # a type notifier does not act on (yet): recorded, not applied


def make_apply(ctx: Context) -> Callable[[CloudEvent, str], Awaitable[None]]:
    """The consumer callback: decode the data, apply it and record the event id, atomically."""

    async def apply(event: CloudEvent, topic: str) -> None:
        data = _data(event)
        handler = handler_for(data)
        async with ctx.uow() as uow:
            if not await uow.inbox.record(event_id=event.id, event_type=event.type, topic=topic):
                log.info("event %s already applied; skipped", event.id)
                return
            wake = (
                await handler(uow, ctx=ctx, event=event, data=data)
                if handler is not None and data is not None
                else False
            )
        if wake:
            ctx.notify_scheduler()

    return apply


def _overtaken_unseen(data: EventData, following: EventData) -> uuid.UUID | None:
    """Whether `data`, a shift not shown in feeds (a draft, most often: roster plans, then publishes),
    is followed at once by a newer version of the same shift. Then, if the shift has no feed entries
    and no reminders yet, applying `data` would only store its snapshot, which the newer one replaces
    whole (same row, and nothing reads it in between): the batch skips it (it stays in the inbox).
    Returns the shift's id when it is such a snapshot (the caller then asks about entries and reminders)."""
    shift, then = getattr(data, "shift", None), getattr(following, "shift", None)
    if (
        isinstance(shift, ShiftSnapshot)
        and isinstance(then, ShiftSnapshot)
        and then.shift_id == shift.shift_id
        and then.version > shift.version
        and shift.status not in SHOWN_STATUSES
    ):
        return shift.shift_id
    return None


def _named_people(events: Iterable[EventData]) -> set[uuid.UUID]:
    """The people a batch's notices may name or tell: a shift's people before and after, a swap's two."""
    out: set[uuid.UUID] = set()
    for data in events:
        given = vars(data)  # the event's fields (a missing one asked of a pydantic model raises, slowly)
        if isinstance(shift := given.get("shift"), ShiftSnapshot):
            out.update(a.staff_id for a in shift.assignees)
        out.update(a.staff_id for a in given.get("previous_assignees", ()))
        out.update(i for name in ("from_staff_id", "to_staff_id") if isinstance(i := given.get(name), uuid.UUID))
    return out


def make_apply_batch(ctx: Context) -> Callable[[Sequence[tuple[CloudEvent, str]]], Awaitable[None]]:
    """The batch consumer callback (lichtruc.kafka.consume_batch): the events in one unit of work, in
    order, each through the same handler as one at a time, with the inbox rows in one statement and
    the events recorded there already (redelivered, or twice in the batch) skipped. On PostgreSQL the
    handlers run on a staged unit of work (db/staged.py): the batch's shifts, entries, reminders and
    people are read in a few statements up front and written back in a few at the end; a draft the
    next event overtakes, of a shift that shows nothing yet, is skipped (`_overtaken_unseen`: it would
    change nothing the newer version does not overwrite). A failure undoes the whole batch; the
    consumer then retries it or falls back to `make_apply`'s one at a time."""

    async def apply_batch(events: Sequence[tuple[CloudEvent, str]]) -> None:
        work: list[tuple[CloudEvent, EventData, Handler]] = []
        seen: set[uuid.UUID] = set()
        for event, _ in events:  # decoded before the transaction opens
            data = _data(event)
            handler = handler_for(data)
            if event.id not in seen and handler is not None and data is not None:
                work.append((event, data, handler))
            seen.add(event.id)
        wake = False
        async with ctx.uow() as real:
            fresh = await real.inbox.record_many([(e.id, e.type, topic) for e, topic in events])
            work = [(e, d, h) for e, d, h in work if e.id in fresh]  # the rest was applied before
            # The enterprises the batch's handlers will hold, held at once in id order: two batches
            # holding some of the same ones one by one in event order could wait on each other.
            await real.reference.hold_enterprises(e for _, d, _ in work for e in _held(d))
            uow: UnitOfWork = real
            staged: StagedUnitOfWork | None = None
            if isinstance(real, PgUnitOfWork):
                staged = StagedUnitOfWork(real)
                snapshots = [s for _, d, _ in work if isinstance(s := getattr(d, "shift", None), ShiftSnapshot)]
                await staged.prefetch(
                    (s.shift_id for s in snapshots),
                    (d.staff_id for _, d, _ in work if isinstance(d, StaffJoined)),
                    (a.staff_id for s in snapshots for a in s.assignees),
                    named=_named_people(d for _, d, _ in work),
                )
                uow = staged
            for n, (event, data, handler) in enumerate(work):
                if staged is not None and handler is on_shift and n + 1 < len(work) and work[n + 1][2] is on_shift:
                    overtaken = _overtaken_unseen(data, work[n + 1][1])
                    if overtaken is not None and await staged.shows_nothing(overtaken):
                        continue
                wake |= await handler(uow, ctx=ctx, event=event, data=data)
            if staged is not None:
                await staged.flush()
        if wake:
            ctx.notify_scheduler()

    return apply_batch
