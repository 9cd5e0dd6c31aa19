"""Links from messages that open what they are about where their reader works with it (domain/shift_links.py)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from ...handlers import shift_links
from ..deps import Signed
from ..refusals import NotYourEnterprise, own_enterprises

router = APIRouter()


@router.get("/go/shifts/{shift_id}")
async def go_to_shift(shift_id: uuid.UUID, caller: Signed) -> Response:
    """A shift's link (a reminder's): its card among the duty worker's shifts, or the board's cell for a manager."""
    opened = await shift_links.open_shift(caller, str(shift_id))
    if opened is None:  # another enterprise's shift: said as another enterprise's address is (api.refusals)
        own = await own_enterprises(caller) or ()
        links = tuple((f"/manage/board?enterprise_id={key}", name) for key, name in own)
        raise NotYourEnterprise("shift", without="", own=links)
    return RedirectResponse(opened, status_code=303)
