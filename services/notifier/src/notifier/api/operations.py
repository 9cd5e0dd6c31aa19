"""What notifier did and knows: deliveries with every attempt, reminders, shifts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from lichtruc.problems import Problem

from ..handlers import queries
from ..handlers.paging import BadCursor, Order
from .deps import Ctx, Visible
from .feeds import bad_cursor
from .schemas import (
    Channel,
    DeliveryKind,
    DeliveryOut,
    DeliveryPage,
    DeliveryStatus,
    KnownShift,
    ReminderPage,
    ReminderStatus,
)

router = APIRouter()

Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get(
    "/deliveries",
    response_model=DeliveryPage,
    tags=["deliveries"],
    summary="Messages sent or to be sent, each with every attempt; filters, stable order, paging",
)
async def list_deliveries(
    ctx: Ctx,
    viewer: Visible,
    staff_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    gap_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    kind: DeliveryKind | None = None,
    created_from: Annotated[AwareDatetime | None, Query(description="created at or after (with offset)")] = None,
    created_to: Annotated[AwareDatetime | None, Query(description="created before (with offset)")] = None,
    order: Order = "asc",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> DeliveryPage:
    where = queries.DeliveryFilter(
        staff_id=staff_id,
        shift_id=shift_id,
        gap_id=gap_id,
        enterprise_id=enterprise_id,
        channel=channel,
        status=status,
        kind=kind,
        created_from=created_from,
        created_to=created_to,
    )
    try:
        items, next_cursor = await queries.list_deliveries(
            ctx=ctx, where=where, cursor=cursor, order=order, limit=limit, viewer=viewer
        )
    except BadCursor as exc:
        raise bad_cursor(exc) from exc
    return DeliveryPage(items=items, next_cursor=next_cursor)


@router.get(
    "/deliveries/{delivery_id}",
    response_model=DeliveryOut,
    tags=["deliveries"],
    summary="One delivery with every attempt",
)
async def get_delivery(delivery_id: uuid.UUID, ctx: Ctx) -> dict:
    row = await queries.get_delivery(ctx=ctx, delivery_id=delivery_id)
    if row is None:
        raise delivery_not_found(delivery_id)
    return row


def delivery_not_found(delivery_id: uuid.UUID) -> Problem:
    return Problem(
        404,
        "delivery-not-found",
        "Delivery not found",
        f"No delivery has id {delivery_id}: list them with GET /deliveries.",
        detail_vi="Không tìm thấy lần gửi này.",
    )


@router.get(
    "/reminders", response_model=ReminderPage, tags=["deliveries"], summary="Planned reminders and what became of them"
)
async def list_reminders(
    ctx: Ctx,
    viewer: Visible,
    staff_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    status: ReminderStatus | None = None,
    due_from: AwareDatetime | None = None,
    due_to: AwareDatetime | None = None,
    order: Order = "asc",
    cursor: Cursor = None,
    limit: Limit = 50,
) -> ReminderPage:
    try:
        items, next_cursor = await queries.list_reminders(
            ctx=ctx,
            staff_id=staff_id,
            shift_id=shift_id,
            status=status,
            due_from=due_from,
            due_to=due_to,
            cursor=cursor,
            order=order,
            limit=limit,
            viewer=viewer,
        )
    except BadCursor as exc:
        raise bad_cursor(exc) from exc
    return ReminderPage(items=items, next_cursor=next_cursor)


@router.get(
    "/shifts/{shift_id}",
    response_model=KnownShift,
    tags=["read model"],
    summary="What notifier knows of a shift (from roster's events)",
)
async def known_shift(shift_id: uuid.UUID, ctx: Ctx) -> dict:
    row = await queries.get_shift(ctx=ctx, shift_id=shift_id)
    if row is None:
        raise shift_not_known(shift_id)
    return row


def shift_not_known(shift_id: uuid.UUID) -> Problem:
    return Problem(
        404,
        "shift-not-found",
        "Shift not known",
        f"Notifier has received no event for shift {shift_id} (yet): events arrive within seconds "
        "of a roster change; retry, or check roster's GET /outbox for undelivered events.",
        detail_vi="Notifier chưa nhận sự kiện nào về ca trực này.",
    )
