"""Post offices and transaction points without published Tết hours by the campaign's deadline: a finding-like
list for inspectors (managers see their own enterprises' points)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from lichtruc.paging import Page, Paging, page_out
from lichtruc.vntime import date_said, instant_label

from ..handlers import hours
from .deps import Ctx, Viewer

router = APIRouter(tags=["transaction hours"])

Status = Literal["pending", "missing", "late", "on_time", "not_owed", "not_owed_published"]


class MissingHoursOut(BaseModel):
    site_id: uuid.UUID
    site_name: str
    district: str | None
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    campaign_id: uuid.UUID
    campaign_name: str
    status: Status = Field(
        description="missing: not published and the deadline passed; late: first published after the deadline; "
        "pending: not published, the deadline not passed yet; on_time: published by the deadline; not_owed: "
        "not published, and the enterprise owes from a day after the deadline's (obligations_from: not held against "
        "it); not_owed_published: published (whenever) by such an enterprise — neither on time nor late, as no "
        "deadline was held against it"
    )
    deadline: datetime
    deadline_vi: str = Field(examples=["00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)"])
    deadline_en: str
    first_published_at: datetime | None
    published_version: int | None
    event_id: uuid.UUID | None = Field(
        default=None,
        description="the logged event of its latest publication: prove it with GET /log/proof/inclusion?event=…",
    )
    obligations_from: date | None = Field(
        default=None,
        description="the day the Department set the enterprise owes from, if set: hours due before it are not owed",
    )
    summary_vi: str
    summary_en: str


def _out(p: hours.PointStatus, campaign_id: uuid.UUID) -> MissingHoursOut:
    point, due_vi, due_en = p.point, instant_label(p.deadline), instant_label(p.deadline, "en")
    enterprise = point.enterprise_name or point.enterprise_id
    owes_from = point.obligations_from
    owes_vi, owes_en = (date_said(owes_from), date_said(owes_from, "en")) if owes_from else ("", "")
    summary = {
        "missing": (
            f"{point.site_name} ({enterprise}) chưa niêm yết giờ mở cửa dịp Tết, hạn {due_vi}.",
            f"{point.site_name} ({enterprise}) has not published its Tết opening hours, due {due_en}.",
        ),
        "late": (
            f"{point.site_name} ({enterprise}) niêm yết giờ mở cửa muộn, sau hạn {due_vi}.",
            f"{point.site_name} ({enterprise}) published its Tết opening hours after the deadline, {due_en}.",
        ),
        "pending": (
            f"{point.site_name} ({enterprise}) chưa niêm yết giờ mở cửa; hạn {due_vi}.",
            f"{point.site_name} ({enterprise}) has not published its Tết opening hours yet; due {due_en}.",
        ),
        "on_time": (
            f"{point.site_name} ({enterprise}) đã niêm yết giờ mở cửa đúng hạn.",
            f"{point.site_name} ({enterprise}) published its Tết opening hours on time.",
        ),
        "not_owed": (
            f"{point.site_name} ({enterprise}) chưa niêm yết giờ mở cửa; không tính vì hạn {due_vi} trước ngày "
            f"tính nghĩa vụ của doanh nghiệp ({owes_vi}).",
            f"{point.site_name} ({enterprise}) has not published its Tết opening hours; not counted, as they were "
            f"due {due_en}, before the day its enterprise owes from ({owes_en}).",
        ),
        "not_owed_published": (
            f"{point.site_name} ({enterprise}) đã niêm yết giờ mở cửa; không tính hạn {due_vi} vì doanh nghiệp tính "
            f"nghĩa vụ từ {owes_vi}.",
            f"{point.site_name} ({enterprise}) has published its Tết opening hours; the deadline, {due_en}, is not "
            f"counted, as its enterprise owes from {owes_en}.",
        ),
    }[p.status]
    return MissingHoursOut(
        site_id=uuid.UUID(point.site_id),
        site_name=point.site_name,
        district=point.district,
        enterprise_id=uuid.UUID(point.enterprise_id),
        enterprise_name=point.enterprise_name,
        campaign_id=campaign_id,
        campaign_name=p.campaign_name,
        status=p.status,
        deadline=p.deadline,
        deadline_vi=due_vi,
        deadline_en=due_en,
        first_published_at=point.first_published_at,
        published_version=point.published_version,
        event_id=None if point.event_id is None else uuid.UUID(point.event_id),
        obligations_from=owes_from,
        summary_vi=summary[0],
        summary_en=summary[1],
    )


@router.get(
    "/transaction-hours/missing",
    response_model=Page[MissingHoursOut],
    summary="Post offices and transaction points without published Tết hours by the campaign's deadline "
    "(missing), and those that published late; by district, enterprise, point",
    description="A Tết campaign's: asked of a drill (which has no Tết opening hours), a 422 problem "
    "`hours-tet-only` naming the drill.",
)
async def missing_transaction_hours(
    ctx: Ctx,
    request: Request,
    response: Response,
    visible: Viewer,
    page: Paging,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID | None = None,
    district: Annotated[str | None, Query(max_length=100)] = None,
    status: Annotated[
        list[Status] | None,
        Query(max_length=6, description="default: missing and late (judged now against the campaign's deadline)"),
    ] = None,
) -> dict[str, Any]:
    found = await hours.missing_hours(
        ctx=ctx,
        campaign_id=campaign_id,
        visible=visible,
        enterprise_id=enterprise_id,
        district=district,
        statuses=frozenset(status or ("missing", "late")),
        page=page,
    )
    return page_out(request, response, found, page.limit, [_out(p, campaign_id) for p in found.items])
