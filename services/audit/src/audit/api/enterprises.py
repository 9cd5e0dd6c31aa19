"""Enterprises and each one's full history of changes, from the log."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from lichtruc.bodies import Instant
from lichtruc.paging import Page, Paging, page_out

from ..domain.model import to_plain
from ..handlers import inspect
from .deps import Ctx, Viewer
from .schemas import EnterpriseOut, HistoryItem, HistoryPage

router = APIRouter(tags=["enterprises"])


@router.get(
    "/enterprises",
    response_model=Page[EnterpriseOut],
    summary="Enterprises known to audit that the caller may read, by name; a short list, paged by position",
)
async def list_enterprises(
    ctx: Ctx, request: Request, response: Response, visible: Viewer, page: Paging
) -> dict[str, Any]:
    found = await inspect.enterprises(ctx=ctx, visible=visible, page=page)
    return page_out(
        request, response, found, page.limit, [EnterpriseOut.model_validate(to_plain(e)) for e in found.items]
    )


@router.get(
    "/enterprises/{enterprise_id}/history",
    response_model=HistoryPage,
    summary="Every change to one enterprise's roster (who, what, when), from the log, oldest first (`order=newest` "
    "for the latest first); pages by `cursor` (keyset on the log's seq), `total` is null",
)
async def enterprise_history(
    enterprise_id: uuid.UUID,
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    visible: Viewer,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    event_id: Annotated[uuid.UUID | None, Query(description="only the change this logged event made")] = None,
    received_from: Annotated[Instant | None, Query(description="recorded at or after")] = None,
    received_to: Annotated[Instant | None, Query(description="recorded before")] = None,
    order: Annotated[
        Literal["oldest", "newest"], Query(description="oldest first (default) or newest first")
    ] = "oldest",
) -> dict[str, Any]:
    found = await inspect.history(
        ctx=ctx,
        enterprise_id=enterprise_id,
        page=page,
        event_type=event_type or None,
        event_id=event_id,
        received_from=received_from,
        received_to=received_to,
        visible=visible,
        newest_first=order == "newest",
    )
    return page_out(request, response, found, page.limit, [HistoryItem.model_validate(asdict(e)) for e in found.items])
