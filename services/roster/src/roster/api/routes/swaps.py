"""/swaps: staff hand a published shift to a colleague; the colleague named accepts or declines (a qualified
colleague takes an open request); a manager approves or rejects; the person who asked may name someone else or
withdraw a request while it waits."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response, status

from lichtruc.paging import Page, page_out

from ...domain.swaps import Swap
from ...handlers import swaps as handlers
from ..commands import etag
from ..deps import Ctx, Cursor, IdempotentChange, IfMatch, Viewer
from ..schemas import (
    AnswerSwapIn,
    ApproveSwapIn,
    AskAgainIn,
    RejectSwapIn,
    SwapCandidateOut,
    SwapIn,
    SwapOut,
    TakeSwapIn,
)
from ..schemas.swaps import SwapStatus
from ..views import swap_candidate_out, swap_out

router = APIRouter(tags=["swaps"])


def _render(found: Swap, *, created: bool = False) -> tuple[SwapOut, dict[str, str]]:
    headers = etag(found.version)
    if created:
        headers["Location"] = f"/swaps/{found.id}"
    return swap_out(found), headers


@router.post(
    "/shifts/{shift_id}/swaps",
    status_code=status.HTTP_201_CREATED,
    response_model=SwapOut,
    summary="Ask to hand a published shift to a named colleague, or to anyone qualified; publishes SwapRequested",
)
async def request_swap(shift_id: uuid.UUID, body: SwapIn, change: IdempotentChange) -> Response:
    cmd = handlers.RequestSwap(shift_id, body.from_staff_id, body.to_staff_id, body.reason)
    return await change.run(
        lambda uow: handlers.request_swap(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get(
    "/shifts/{shift_id}/swap-candidates",
    response_model=Page[SwapCandidateOut],
    summary="The colleagues who could take a person's place on a shift (same enterprise, active, qualified, "
    "not on it, free at its time), by name in Vietnamese order, each flagged if they shared a shift with "
    "that person and with every warning the shift would carry about them once handed over (short rest, too many "
    "night shifts); names only",
    responses={
        404: {"description": "no such shift (or not one of the caller's)"},
        422: {"description": "from_staff_id is not on the shift"},
    },
)
async def swap_candidates(
    shift_id: uuid.UUID,
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    from_staff_id: Annotated[uuid.UUID, Query(description="the person on the shift who would hand it over")],
) -> dict:
    found = await handlers.swap_candidates(ctx, shift_id, from_staff_id=from_staff_id, page=page)
    return page_out(
        request, response, found, page.limit, [swap_candidate_out(c, limits=ctx.limits) for c in found.items]
    )


@router.get(
    "/swaps",
    response_model=Page[SwapOut],
    summary="Swap requests, oldest first, each with its people's names and its shift in words",
)
async def list_swaps(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    shift_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    status_: Annotated[SwapStatus | None, Query(alias="status")] = None,
) -> dict:
    f = handlers.SwapFilter(shift_id=shift_id, enterprise_id=enterprise_id, staff_id=staff_id, status=status_)
    found = await handlers.list_swaps(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [swap_out(x) for x in found.items])


@router.get("/swaps/{swap_id}", response_model=SwapOut, summary="One swap request (ETag: its version)")
async def get_swap(swap_id: uuid.UUID, ctx: Ctx, response: Response) -> SwapOut:
    found = await handlers.get_swap(ctx, swap_id)
    response.headers.update(etag(found.version))
    return swap_out(found)


@router.post(
    "/swaps/{swap_id}/approve",
    response_model=SwapOut,
    summary="Approve (every rule checked again for the new team); If-Match: the request's version; "
    "publishes ShiftSwapped. A request the colleague has not accepted needs `agreement` (how they agreed)",
    responses={
        409: {
            "description": "declined by the colleague (swap-declined), not accepted and no agreement "
            "(swap-unanswered), decided, withdrawn or lapsed"
        }
    },
)
async def approve_swap(
    swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: Annotated[ApproveSwapIn | None, Body()] = None
) -> Response:
    body = body or ApproveSwapIn()
    return await change.run(
        lambda uow: handlers.approve_swap(
            uow, swap_id, to_staff_id=body.to_staff_id, note=body.note, pre=pre, agreement=body.agreement
        ),
        lambda done: (swap_out(done.swap, shift=done.shift), etag(done.swap.version)),
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/swaps/{swap_id}/reject",
    response_model=SwapOut,
    summary="Reject; If-Match: the request's version; publishes SwapRejected",
)
async def reject_swap(
    swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: Annotated[RejectSwapIn | None, Body()] = None
) -> Response:
    body = body or RejectSwapIn()
    return await change.run(
        lambda uow: handlers.reject_swap(uow, swap_id, note=body.note, pre=pre),
        _render,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/swaps/{swap_id}/withdraw",
    response_model=SwapOut,
    summary="Withdraw one's own waiting request (the person who asked only); If-Match: the request's version; "
    "publishes SwapWithdrawn",
)
async def withdraw_swap(swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(lambda uow: handlers.withdraw_swap(uow, swap_id, pre=pre), _render, payload={})


async def _answer(
    swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: AnswerSwapIn, *, accept: bool
) -> Response:
    return await change.run(
        lambda uow: handlers.answer_swap(uow, swap_id, accept=accept, note=body.note, pre=pre),
        _render,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/swaps/{swap_id}/accept",
    response_model=SwapOut,
    summary="The colleague the request names accepts it (only they may): it is now the manager's to decide; "
    "If-Match: the request's version; publishes SwapAnswered",
    responses={409: {"description": "answered already, names nobody, decided, withdrawn or lapsed"}},
)
async def accept_swap(
    swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: Annotated[AnswerSwapIn | None, Body()] = None
) -> Response:
    return await _answer(swap_id, change, pre, body or AnswerSwapIn(), accept=True)


@router.post(
    "/swaps/{swap_id}/decline",
    response_model=SwapOut,
    summary="The colleague the request names declines it (only they may), with an optional note: back to the person "
    "who asked; If-Match: the request's version; publishes SwapAnswered",
    responses={409: {"description": "answered already, names nobody, decided, withdrawn or lapsed"}},
)
async def decline_swap(
    swap_id: uuid.UUID, change: IdempotentChange, pre: IfMatch, body: Annotated[AnswerSwapIn | None, Body()] = None
) -> Response:
    return await _answer(swap_id, change, pre, body or AnswerSwapIn(), accept=False)


@router.post(
    "/swaps/{swap_id}/take",
    response_model=SwapOut,
    summary="A qualified colleague takes a request open to anyone (for themselves: staff_id): it names them and "
    "counts as their acceptance; If-Match: the request's version; publishes SwapAnswered (taken)",
    responses={409: {"description": "names someone already, decided, withdrawn or lapsed"}},
)
async def take_swap(swap_id: uuid.UUID, body: TakeSwapIn, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.take_swap(uow, swap_id, staff_id=body.staff_id, note=body.note, pre=pre),
        _render,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/swaps/{swap_id}/ask",
    response_model=SwapOut,
    summary="The person who asked names someone else (or anyone qualified) — after a refusal, or before an answer; "
    "If-Match: the request's version; publishes SwapRequested again",
    responses={409: {"description": "accepted already (withdraw it first), decided, withdrawn or lapsed"}},
)
async def ask_again(swap_id: uuid.UUID, body: AskAgainIn, change: IdempotentChange, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.ask_again(uow, swap_id, to_staff_id=body.to_staff_id, pre=pre),
        _render,
        payload=body.model_dump(mode="json"),
    )


@router.get(
    "/staff/{staff_id}/swaps-to-take",
    response_model=Page[SwapOut],
    summary="The swap requests open to anyone qualified that this staff member could take now (same enterprise, "
    "qualified, free at the shift's time, not their own), oldest first",
)
async def swaps_to_take(staff_id: uuid.UUID, request: Request, response: Response, ctx: Ctx, page: Cursor) -> dict:
    found = await handlers.swaps_to_take(ctx, staff_id=staff_id, page=page)
    return page_out(request, response, found, page.limit, [swap_out(s) for s in found.items])
