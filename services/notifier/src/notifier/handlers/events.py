"""The consumer's side of the service layer: each event is applied in one unit of work with
its inbox row, so a redelivered event changes nothing and a crash leaves nothing half done.

Out of order: every stored fact keeps its aggregate's version, and an event whose version
is not newer than the stored one is recorded in the inbox and otherwise ignored. A shift
event may arrive before the staff, enterprise or site events it refers to: it is shown
with what is known (the snapshot carries the assignees' names) and completed when they come.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol

from lichtruc.events import (
    CloudEvent,
    CoverageGapClosed,
    CoverageGapOpened,
    EnterpriseRegistered,
    EventData,
    ShiftCancelled,
    ShiftEvent,
    SiteRegistered,
    StaffJoined,
    SwapRequested,
    UnknownEventType,
)
from lichtruc.events_incidents import IncidentOpened

from ..db.uow import UnitOfWork
from . import alerts, readmodel, reminders
from .context import Context
from .incidents import on_incident_opened

log = logging.getLogger(__name__)


class Handler(Protocol):
    """Applies one decoded event inside the consumer's unit of work; True if the scheduler should wake."""

    async def __call__(self, uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool: ...


async def on_shift(uow: UnitOfWork, *, ctx: Context, event: CloudEvent, data: EventData) -> bool:
    """Any shift event (and a swap request, which carries the shift too): entries, then reminders."""
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
    )
    due_now = await reminders.replan_shift(uow, ctx=ctx, shift=shift, now=ctx.clock())
    await uow.shifts.bump_scopes(scopes)
    return due_now


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
    await readmodel.apply_staff(uow, data=data, now=ctx.clock())
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
    (SwapRequested, on_shift),
    (EnterpriseRegistered, on_enterprise),
    (SiteRegistered, on_site),
    (StaffJoined, on_staff),
    (CoverageGapOpened, on_gap_opened),
    (CoverageGapClosed, on_gap_closed),
    (IncidentOpened, on_incident_opened),
)
"""Campaign and requirement events are recorded in the inbox and otherwise not needed here."""


def handler_for(data: EventData | None) -> Handler | None:
    if data is None:
        return None
    for kind, handler in HANDLERS:
        if isinstance(data, kind):
            return handler
    return None


def make_apply(ctx: Context) -> Callable[[CloudEvent, str], Awaitable[None]]:
    """The consumer callback: decode the data, apply it and record the event id, atomically."""

    async def apply(event: CloudEvent, topic: str) -> None:
        try:
            data: EventData | None = event.decoded()
        except UnknownEventType:
            data = None  # a type notifier does not act on (yet): recorded, not applied
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
