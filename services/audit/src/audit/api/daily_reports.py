"""Daily situation reports: which enterprises have submitted a day's report (which version, when),
which are missing after the deadline (AUDIT_DAILY_REPORT_DUE on the next day), and which are not
yet due — from the reports audit logged."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from lichtruc.bodies import Instant
from lichtruc.paging import Page, Paging, by_offset, page_out
from lichtruc.vntime import lunar_label

from ..domain.daily_reports import DayStatus
from ..handlers import daily_reports
from .deps import Ctx, Viewer
from .schemas import Local

router = APIRouter(tags=["daily reports"])

Status = Literal["submitted", "missing", "not_yet_due", "not_owed"]


class DayStatusOut(BaseModel):
    enterprise_id: uuid.UUID
    enterprise_name: str
    day: date
    lunar_day_vi: str = Field(examples=["Mùng 1 Tết Đinh Mùi"])
    status: Status = Field(
        description="submitted; missing (the deadline has passed); not_yet_due; not_owed (a day before the day the "
        "enterprise owes reports from, obligations_from, whatever day its report is due: not held against it)"
    )
    due_at: Local = Field(description="the deadline (AUDIT_DAILY_REPORT_DUE, local, on the next day)")
    version: int | None = Field(default=None, description="the latest version submitted")
    report_id: uuid.UUID | None = None
    number: str | None = None
    submitted_at: Local | None = None
    submitted_by_name: str | None = None
    late: bool = Field(default=False, description="the first version came after the deadline")
    first_submitted_at: Local | None = Field(
        default=None, description="when the first version came (a correction's `submitted_at` is the latest's)"
    )
    event_id: uuid.UUID | None = Field(
        default=None,
        description="the logged event of the latest version: prove it with GET /log/proof/inclusion?event=…",
    )
    obligations_from: date | None = Field(
        default=None, description="the day the Department set the enterprise owes daily reports from; null: always"
    )


def _fields(s: DayStatus) -> dict[str, Any]:
    fields = asdict(s)
    del fields["seq"]  # the log record's number: the event id is what the log page proves
    return fields


@router.get(
    "/daily-reports/status",
    response_model=Page[DayStatusOut],
    summary="Each enterprise's daily report for a day (or every campaign day up to today): submitted (which "
    "version, when), missing after the deadline, or not yet due; by day then enterprise name, paged by position",
)
async def daily_report_status(
    ctx: Ctx,
    request: Request,
    response: Response,
    visible: Viewer,
    page: Paging,
    campaign_id: uuid.UUID,
    day: Annotated[date | None, Query(description="one local day; default: every campaign day up to today")] = None,
    status: Annotated[Status | None, Query(description="only this status, e.g. missing")] = None,
    enterprise_id: uuid.UUID | None = None,
    at: Annotated[
        Instant | None,
        Query(description="as things stood at this instant (reports submitted by then, deadlines passed by then)"),
    ] = None,
) -> dict[str, Any]:
    found = await daily_reports.day_statuses(
        ctx=ctx, campaign_id=campaign_id, day=day, visible=visible, due=ctx.daily_report_due, at=at
    )
    found = [
        s
        for s in found
        if (status is None or s.status == status) and (enterprise_id is None or s.enterprise_id == str(enterprise_id))
    ]
    start = page.offset("daily-report-status")
    shown = by_offset(found[start : start + page.limit + 1], page, "daily-report-status", total=len(found))
    items = [DayStatusOut(**_fields(s), lunar_day_vi=lunar_label(s.day, "vi")) for s in shown.items]
    return page_out(request, response, shown, page.limit, items)
