"""The roster board of an enterprise in a campaign."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ...handlers.board import roster_board
from ..deps import Ctx
from ..schemas import BoardOut
from ..views import board_out

router = APIRouter(tags=["board"])


@router.get(
    "/campaigns/{campaign_id}/enterprises/{enterprise_id}/board",
    response_model=BoardOut,
    response_model_by_alias=True,
    summary="Day by day (local days, with the lunar day name): duty types, shifts, people, and the "
    "requirement against the planned headcount (distinct people on duty) with its gaps",
)
async def board(
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    ctx: Ctx,
    from_: Annotated[
        date | None, Query(alias="from", description="first local day (default: the campaign's first)")
    ] = None,
    to: Annotated[date | None, Query(description="last local day, included (default: the campaign's last)")] = None,
) -> BoardOut:
    return board_out(await roster_board(ctx, campaign_id, enterprise_id=enterprise_id, first=from_, last=to))
