"""Read-only queries behind the operations API (deliveries with their attempts, reminders, what
notifier knows of a shift) and the look-ups behind the access decisions of `api/policy.py`
(whose feed, delivery, shift or person an addressed item is)."""

from __future__ import annotations

import uuid
from datetime import datetime

from lichtruc.auth import as_uuid
from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.errors import DeliveryNotFound, EmptyPeriod, ShiftNotKnown
from ..domain.model import Delivery, DeliveryFilter, FeedSubject, KnownShift, Owner, Reminder, ReminderFilter
from .context import Context, Order, cursor_kind


async def list_deliveries(
    *, ctx: Context, where: DeliveryFilter, visible: Visible, page: PageRequest, order: Order = "asc"
) -> Slice[Delivery]:
    """Deliveries matching ``where``, among those ``visible`` to the caller, each with its attempts."""
    if where.created_from and where.created_to and where.created_to <= where.created_from:
        raise EmptyPeriod(where.created_from, where.created_to, field="query.created_to")
    kind = cursor_kind("deliveries", order)
    after = page.after(kind, datetime, uuid.UUID)
    async with ctx.uow() as uow:
        rows = await uow.deliveries.page(
            where, visible=visible, after=(after[0], after[1]) if after else None, order=order, limit=page.limit
        )
    return keyset(rows, page.limit, kind, lambda d: (d.created_at, d.id))


async def get_delivery(*, ctx: Context, delivery_id: uuid.UUID) -> Delivery:
    async with ctx.uow() as uow:
        delivery = await uow.deliveries.get(delivery_id)
    if delivery is None:
        raise DeliveryNotFound()
    return delivery


async def list_reminders(
    *, ctx: Context, where: ReminderFilter, visible: Visible, page: PageRequest, order: Order = "asc"
) -> Slice[Reminder]:
    """Reminders matching ``where``, among those ``visible`` to the caller."""
    if where.due_from and where.due_to and where.due_to <= where.due_from:
        raise EmptyPeriod(where.due_from, where.due_to, field="query.due_to")
    kind = cursor_kind("reminders", order)
    after = page.after(kind, datetime, uuid.UUID)
    async with ctx.uow() as uow:
        rows = await uow.reminders.page(
            where, visible=visible, after=(after[0], after[1]) if after else None, order=order, limit=page.limit
        )
    return keyset(rows, page.limit, kind, lambda r: (r.created_at, r.id))


async def get_shift(*, ctx: Context, shift_id: uuid.UUID) -> KnownShift:
    async with ctx.uow() as uow:
        shift = await uow.shifts.get(shift_id)
    if shift is None:
        raise ShiftNotKnown()
    return shift


# --- look-ups behind the access decisions ----------------------------------------------------------


async def staff_enterprise(*, ctx: Context, staff_id: uuid.UUID) -> uuid.UUID | None:
    """The enterprise of a staff member, as roster last said; None if notifier has not heard of them."""
    async with ctx.uow() as uow:
        person = await uow.reference.person(staff_id)
    return person.enterprise_id if person is not None else None


async def feed_subject(*, ctx: Context, feed_id: uuid.UUID) -> FeedSubject | None:
    """Whose shifts a feed subscription shows; None if there is no such subscription."""
    async with ctx.uow() as uow:
        return await uow.feeds.subject(feed_id)


async def delivery_owner(*, ctx: Context, delivery_id: uuid.UUID) -> Owner | None:
    """The enterprise and person a delivery concerns; None if there is no such delivery."""
    async with ctx.uow() as uow:
        return await uow.deliveries.owner(delivery_id)


async def shift_owner(*, ctx: Context, shift_id: uuid.UUID) -> Owner | None:
    """A shift's enterprise, its current assignees and whether it is a draft; None if notifier has not
    heard of the shift."""
    async with ctx.uow() as uow:
        shift = await uow.shifts.get(shift_id)
    if shift is None:
        return None
    people = {as_uuid(a.get("staff_id")) for a in (shift.data or {}).get("assignees", ())}
    return Owner(shift.enterprise_id, frozenset(p for p in people if p is not None), draft=shift.status == "draft")
