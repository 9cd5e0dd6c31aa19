"""Notifier's HTTP routes."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel

from lichtruc.problems import Problem

from .. import handlers

router = APIRouter()


class KnownShift(BaseModel):
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    version: int
    status: str
    data: dict
    last_event_id: uuid.UUID
    changed_at: datetime


@router.get("/shifts/{shift_id}", response_model=KnownShift, tags=["read model"],
            summary="What notifier knows of a shift (from roster's events)")
async def known_shift(shift_id: uuid.UUID, request: Request) -> dict:
    row = await handlers.get_shift(request.app.state.runtime.sessions, shift_id)
    if row is None:
        raise Problem(404, "shift-not-found", "Shift not known",
                      f"Notifier has received no event for shift {shift_id} (yet): events arrive within seconds "
                      "of a roster change; retry, or check roster's GET /outbox for undelivered events.",
                      detail_vi=f"Notifier chưa nhận sự kiện nào về ca trực {shift_id}.")
    return row
