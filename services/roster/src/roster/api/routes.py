"""Roster's HTTP routes: parse, call one handler, map domain errors to problems."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from lichtruc.events import Assignee
from lichtruc.problems import Problem

from .. import handlers
from lichtruc import outbox

from ..db.tables import outbox as outbox_table
from ..domain.shifts import RuleViolation
from .schemas import OutboxStatus, ShiftIn, ShiftOut

router = APIRouter()


def get_context(request: Request) -> handlers.Context:
    return request.app.state.ctx


Ctx = Annotated[handlers.Context, Depends(get_context)]


def rule_problem(exc: RuleViolation) -> Problem:
    return Problem(422, exc.rule, "Rule broken", exc.message, detail_vi=exc.message_vi,
                   errors=[{"field": exc.field, "rule": exc.rule, "message": exc.message}])


@router.post("/shifts", status_code=status.HTTP_201_CREATED, response_model=ShiftOut, tags=["shifts"],
             summary="Plan a shift (draft); publishes ShiftPlanned")
async def plan_shift(body: ShiftIn, ctx: Ctx, response: Response) -> dict:
    cmd = handlers.PlanShift(
        enterprise_id=body.enterprise_id, campaign_id=body.campaign_id, site_id=body.site_id,
        duty_type=body.duty_type.value, starts_at=body.starts_at, ends_at=body.ends_at,
        assignees=tuple(Assignee(staff_id=a.staff_id, full_name=a.full_name) for a in body.assignees),
        notes=body.notes,
    )
    try:
        row = await handlers.plan_shift(ctx=ctx, cmd=cmd)
    except RuleViolation as exc:
        raise rule_problem(exc) from exc
    response.headers["Location"] = f"/shifts/{row['id']}"
    response.headers["ETag"] = f'"{row["version"]}"'
    return row


@router.get("/shifts/{shift_id}", response_model=ShiftOut, tags=["shifts"], summary="One shift")
async def get_shift(shift_id: uuid.UUID, ctx: Ctx, response: Response) -> dict:
    row = await handlers.get_shift(ctx=ctx, shift_id=shift_id)
    if row is None:
        raise Problem(404, "shift-not-found", "Shift not found",
                      f"No shift has id {shift_id}: list shifts with GET /shifts to find the right id.",
                      detail_vi=f"Không có ca trực mã {shift_id}.")
    response.headers["ETag"] = f'"{row["version"]}"'
    return row


@router.get("/outbox", response_model=OutboxStatus, tags=["operations"],
            summary="Events committed but not yet delivered to Kafka")
async def outbox_status(ctx: Ctx) -> OutboxStatus:
    async with ctx.sessions() as session:
        conn = await session.connection()
        pending, oldest = await outbox.backlog(conn, outbox_table)
    return OutboxStatus(pending=pending, oldest_pending_at=oldest)
