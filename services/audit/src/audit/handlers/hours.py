"""Tết hours of post offices and transaction points in audit: projecting TransactionHoursPublished, and the
list inspectors read of points without published hours by the campaign's deadline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lichtruc.events_hours import TransactionHoursPublished
from lichtruc.paging import PageRequest, Slice, by_offset
from lichtruc.scope import Visible

from ..db.hours import HoursReads, PointRow
from ..domain.errors import NotFound
from ..domain.hours import HoursStatus, apply_published, check_tet_campaign, hours_deadline, hours_id, status
from .context import Context

if TYPE_CHECKING:
    from .projector import ProjectionStore

PAGE_KIND = "transaction-hours-missing"


async def project_published(store: ProjectionStore, data: TransactionHoursPublished, *, seq: int) -> None:
    """Keep the point's publication (a stale, older publication changes nothing)."""
    current = await store.get("transaction_hours", hours_id(str(data.site_id), str(data.campaign_id)))
    new = apply_published(current, data, seq=seq)
    if new is not None:
        await store.put("transaction_hours", new)


@dataclass(frozen=True, slots=True)
class PointStatus:
    point: PointRow
    status: HoursStatus
    deadline: datetime
    campaign_name: str


async def missing_hours(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    visible: Visible,
    enterprise_id: uuid.UUID | None,
    district: str | None,
    statuses: frozenset[str],
    page: PageRequest,
) -> Slice[PointStatus]:
    """Post offices and transaction points whose status (judged at the clock's now, and against the day each
    enterprise owes from) is among ``statuses``; a drill has no Tết hours to judge (domain.hours.check_tet_campaign)."""
    now = ctx.clock()
    async with ctx.read() as unit:
        reads = HoursReads(unit.session)
        campaign = await reads.campaign(campaign_id)
        if campaign is None:
            raise campaign_not_found(campaign_id)
        check_tet_campaign(campaign.kind, campaign.name)
        points = await reads.points(campaign_id, enterprise_id=enterprise_id, district=district, visible=visible)
    deadline = hours_deadline(campaign.starts_at, campaign.hours_deadline)
    found = [
        PointStatus(p, s, deadline, campaign.name)
        for p in points
        if (s := status(p.first_published_at, deadline=deadline, now=now, obligations_from=p.obligations_from))
        in statuses
    ]
    start = page.offset(PAGE_KIND)
    return by_offset(found[start : start + page.limit + 1], page, PAGE_KIND, total=len(found))


def campaign_not_found(campaign_id: uuid.UUID) -> NotFound:
    return NotFound(
        "campaign-not-found",
        "Campaign not found",
        f"No campaign {campaign_id} is known to audit yet: list the campaigns with GET /campaigns.",
        "Hệ thống kiểm tra chưa có đợt trực này: hãy xem danh sách đợt trực.",
    )
