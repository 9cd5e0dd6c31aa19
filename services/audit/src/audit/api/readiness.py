"""/readiness: the inspectors' province-wide view of the readiness checklist before Tết."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from lichtruc import vntime
from lichtruc.events import Sector
from lichtruc.paging import Page, PageRequest, Paging, page_out

from ..domain.readiness import EnterpriseReadiness, Line
from ..handlers import readiness
from .deps import Ctx
from .schemas import Local

router = APIRouter(tags=["readiness"])

StatusOut = Literal["done", "open", "overdue"]


class ReadinessLineOut(BaseModel):
    item_id: uuid.UUID
    title_vi: str
    title_en: str
    due_at: Local
    due_date: date | None = Field(default=None, description="the local day it is due by, when set as a day")
    due_label_vi: str = Field(description="the due instant as people read it, with the lunar day")
    status: StatusOut
    done_at: Local | None = None
    done_by: str | None = Field(default=None, description="who marked it done: the account's login")
    done_by_name: str | None = Field(
        default=None,
        description="that account's display name when it marked the item done (null: not done, or no account "
        "event names that login)",
    )
    note: str | None = None
    reference: str | None = None
    event_id: uuid.UUID | None = Field(
        default=None,
        description="the logged event of the enterprise's mark (its latest completion or reopening): prove it "
        "with GET /log/proof/inclusion?event=…",
    )
    not_owed_before: date | None = Field(
        default=None,
        description="set when the enterprise does not owe this item: the day it owes from (obligations_from), which "
        "the item is due before — listed, never overdue, counted only when done; null: owed",
    )


class EnterpriseReadinessOut(BaseModel):
    enterprise_id: uuid.UUID
    name: str
    sector: str
    done: int
    overdue: int
    open: int
    total: int
    obligations_from: date | None = Field(
        default=None,
        description="the day the Department set it owes readiness items from: items due before it are listed, "
        "flagged not_owed_before, and not counted unless done; null: it owes every item",
    )
    items: list[ReadinessLineOut] = Field(description="the lines the status filter kept")


class ProvinceCounts(BaseModel):
    enterprises: int
    enterprises_with_overdue: int
    done: int
    overdue: int
    open: int


class ReadinessSummary(ProvinceCounts):
    campaign_id: uuid.UUID
    as_of: Local


def _line(line: Line) -> ReadinessLineOut:
    mark = line.mark
    return ReadinessLineOut(
        item_id=uuid.UUID(line.item.item_id),
        title_vi=line.item.title_vi,
        title_en=line.item.title_en,
        due_at=line.item.due_at,
        due_date=date.fromisoformat(line.item.due_date) if line.item.due_date else None,
        due_label_vi=(
            vntime.day_label(date.fromisoformat(line.item.due_date))
            if line.item.due_date
            else vntime.instant_label(line.item.due_at)
        ),
        status=line.status,
        done_at=mark.done_at if mark and mark.done else None,
        done_by=mark.done_by if mark and mark.done else None,
        done_by_name=line.done_by_name,
        note=mark.note if mark else None,
        reference=mark.reference if mark and mark.done else None,
        event_id=uuid.UUID(line.event_id) if line.event_id else None,
        not_owed_before=line.not_owed_before,
    )


def _enterprise(e: EnterpriseReadiness) -> EnterpriseReadinessOut:
    return EnterpriseReadinessOut(
        enterprise_id=uuid.UUID(e.enterprise_id),
        name=e.name,
        sector=e.sector,
        done=e.done,
        overdue=e.overdue,
        open=e.open,
        total=e.total,
        obligations_from=e.obligations_from,
        items=[_line(x) for x in e.lines],
    )


@router.get(
    "/readiness",
    response_model=Page[EnterpriseReadinessOut],
    summary="The readiness checklist province-wide: per enterprise × item of its sector, done (when, note, "
    "reference) / open / overdue as of now, with each enterprise's counts; pages by enterprise (by name)",
)
async def readiness_overview(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    request: Request,
    response: Response,
    page: Paging,
    status: StatusOut | None = None,
    sector: Sector | None = None,
    enterprise_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    found, _ = await readiness.province_overview(
        ctx=ctx, campaign_id=campaign_id, status=status, sector=sector, enterprise_id=enterprise_id, page=page
    )
    return page_out(request, response, found, page.limit, [_enterprise(e) for e in found.items])


@router.get(
    "/readiness/summary",
    response_model=ReadinessSummary,
    summary="The province's readiness counts as of now over every enterprise the filters keep (as GET /readiness)",
)
async def readiness_summary(
    campaign_id: uuid.UUID,
    ctx: Ctx,
    status: StatusOut | None = None,
    sector: Sector | None = None,
    enterprise_id: uuid.UUID | None = None,
) -> ReadinessSummary:
    _, totals = await readiness.province_overview(
        ctx=ctx, campaign_id=campaign_id, status=status, sector=sector, enterprise_id=enterprise_id, page=PageRequest()
    )
    return ReadinessSummary(campaign_id=campaign_id, as_of=ctx.clock(), **totals)
