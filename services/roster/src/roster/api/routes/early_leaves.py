"""Early-leave notices ("Tôi cần về sớm", QZ29 #8): a person on a shift under way tells the managers they must leave
before it ends, or withdraws it; the managers' board and the person's card read them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from lichtruc.paging import Page, page_out

from ...domain.early_leave import EarlyLeave
from ...handlers import early_leaves as handlers
from ..commands import etag
from ..deps import Ctx, Cursor, IdempotentChange, Viewer
from ..schemas import EarlyLeaveIn, EarlyLeaveOut, WithdrawEarlyLeaveIn
from ..views import early_leave_out

router = APIRouter(tags=["early leaves"])


def _render(found: EarlyLeave) -> tuple[EarlyLeaveOut, dict[str, str]]:
    return early_leave_out(found), etag(found.version)


@router.post(
    "/shifts/{shift_id}/early-leave",
    status_code=status.HTTP_201_CREATED,
    response_model=EarlyLeaveOut,
    summary="A person on a shift under way tells the managers they must leave before it ends (from when, why, the "
    "colleague who agreed to take over); publishes EarlyLeaveAsked. Nobody on duty changes: a manager hands the rest "
    "over, which closes it",
    responses={
        409: {
            "description": "the shift not under way (early-leave-not-begun, early-leave-not-under-way), or a notice "
            "of the person's still open on it (one-open-early-leave)"
        },
        422: {"description": "the moment, the reason or the colleague (every refusal at once)"},
    },
)
async def ask_early_leave(shift_id: uuid.UUID, body: EarlyLeaveIn, change: IdempotentChange) -> Response:
    cmd = handlers.AskEarlyLeave(shift_id, body.staff_id, body.reason, body.at, body.colleague_id)
    return await change.run(
        lambda uow: handlers.ask_early_leave(uow, cmd),
        _render,
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/shifts/{shift_id}/early-leave/withdraw",
    response_model=EarlyLeaveOut,
    summary="Withdraw the person's open early-leave notice on the shift (they stay on duty); publishes "
    "EarlyLeaveClosed (withdrawn)",
    responses={409: {"description": "none open (early-leave-none-open)"}},
)
async def withdraw_early_leave(shift_id: uuid.UUID, body: WithdrawEarlyLeaveIn, change: IdempotentChange) -> Response:
    return await change.run(
        lambda uow: handlers.withdraw_early_leave(uow, shift_id, staff_id=body.staff_id),
        _render,
        payload=body.model_dump(mode="json"),
    )


@router.get(
    "/early-leaves",
    response_model=Page[EarlyLeaveOut],
    summary="Early-leave notices, newest first, with the names of the person and the colleague named (a staff "
    "member: their own); `open`: only those still open now",
)
async def list_early_leaves(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    shift_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    open_: Annotated[bool, Query(alias="open")] = False,
) -> dict:
    f = handlers.EarlyLeaveFilter(
        shift_id=shift_id, enterprise_id=enterprise_id, staff_id=staff_id, open_at=ctx.clock() if open_ else None
    )
    found = await handlers.list_early_leaves(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [early_leave_out(n) for n in found.items])
