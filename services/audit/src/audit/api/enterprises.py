"""Enterprises and each one's full history of changes, from the log."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from ..domain.model import to_plain
from ..handlers import inspect
from .deps import Ctx, Within
from .schemas import EnterpriseOut, HistoryPage

router = APIRouter(tags=["enterprises"])


@router.get("/enterprises", response_model=list[EnterpriseOut], summary="Enterprises known to audit")
async def list_enterprises(ctx: Ctx, within: Within) -> list[EnterpriseOut]:
    return [EnterpriseOut.model_validate(to_plain(e)) for e in await inspect.enterprises(ctx=ctx, within=within)]


@router.get(
    "/enterprises/{enterprise_id}/history",
    response_model=HistoryPage,
    summary="Every change to one enterprise's roster (who, what, when), oldest first, from the log",
)
async def enterprise_history(
    enterprise_id: uuid.UUID,
    ctx: Ctx,
    after: Annotated[int, Query(ge=0, description="return records with seq greater than this")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    received_from: Annotated[AwareDatetime | None, Query(description="recorded at or after")] = None,
    received_to: Annotated[AwareDatetime | None, Query(description="recorded before")] = None,
) -> HistoryPage:
    items, next_after = await inspect.history(
        ctx=ctx,
        enterprise_id=enterprise_id,
        after=after,
        limit=limit,
        event_type=event_type,
        received_from=received_from,
        received_to=received_to,
    )
    return HistoryPage(enterprise_id=enterprise_id, items=items, next_after=next_after)
