"""What notifier did and knows: deliveries with every attempt, reminders, shifts."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from lichtruc.bodies import Instant
from lichtruc.paging import Page, Paging, page_out

from ..domain.model import Delivery, DeliveryFilter, ReminderFilter
from ..handlers import queries
from ..handlers.context import Order
from .deps import Ctx, Viewer
from .schemas import (
    Channel,
    DeliveryKind,
    DeliveryOut,
    DeliveryStatus,
    KnownShift,
    ReminderOut,
    ReminderStatus,
)

router = APIRouter()


def delivery_out(delivery: Delivery) -> DeliveryOut:
    return DeliveryOut.model_validate(delivery, from_attributes=True)


@router.get(
    "/deliveries",
    response_model=Page[DeliveryOut],
    tags=["deliveries"],
    summary="Messages sent or to be sent, each with every attempt; filters, stable order; paged (limit, cursor)",
)
async def list_deliveries(
    request: Request,
    response: Response,
    ctx: Ctx,
    viewer: Viewer,
    paging: Paging,
    staff_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    gap_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    status: DeliveryStatus | None = None,
    kind: DeliveryKind | None = None,
    created_from: Annotated[Instant | None, Query(description="created at or after (with offset)")] = None,
    created_to: Annotated[Instant | None, Query(description="created before (with offset)")] = None,
    order: Order = "asc",
) -> dict[str, Any]:
    where = DeliveryFilter(
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
    page = await queries.list_deliveries(ctx=ctx, where=where, visible=viewer, page=paging, order=order)
    return page_out(request, response, page, paging.limit, [delivery_out(d) for d in page.items])


@router.get(
    "/deliveries/{delivery_id}",
    response_model=DeliveryOut,
    tags=["deliveries"],
    summary="One delivery with every attempt",
)
async def get_delivery(delivery_id: uuid.UUID, ctx: Ctx) -> DeliveryOut:
    return delivery_out(await queries.get_delivery(ctx=ctx, delivery_id=delivery_id))


@router.get(
    "/reminders",
    response_model=Page[ReminderOut],
    tags=["deliveries"],
    summary="Planned reminders and what became of them; paged (limit, cursor)",
)
async def list_reminders(
    request: Request,
    response: Response,
    ctx: Ctx,
    viewer: Viewer,
    paging: Paging,
    staff_id: uuid.UUID | None = None,
    shift_id: uuid.UUID | None = None,
    status: ReminderStatus | None = None,
    due_from: Instant | None = None,
    due_to: Instant | None = None,
    order: Order = "asc",
) -> dict[str, Any]:
    where = ReminderFilter(staff_id=staff_id, shift_id=shift_id, status=status, due_from=due_from, due_to=due_to)
    page = await queries.list_reminders(ctx=ctx, where=where, visible=viewer, page=paging, order=order)
    items = [ReminderOut.model_validate(r, from_attributes=True) for r in page.items]
    return page_out(request, response, page, paging.limit, items)


@router.get(
    "/shifts/{shift_id}",
    response_model=KnownShift,
    tags=["read model"],
    summary="What notifier knows of a shift (from roster's events)",
)
async def known_shift(shift_id: uuid.UUID, ctx: Ctx) -> KnownShift:
    return KnownShift.model_validate(await queries.get_shift(ctx=ctx, shift_id=shift_id), from_attributes=True)
