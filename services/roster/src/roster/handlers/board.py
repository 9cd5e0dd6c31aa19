"""The roster board: an enterprise's campaign, local day by local day."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from lichtruc.vntime import at_local, local_day, utc

from ..domain.coverage import BoardPerson, BoardShift, build_board
from ..domain.errors import RuleViolation, missing
from ..domain.shifts import Shift
from .context import Context, reading
from .views import shift_view

MAX_BOARD_DAYS = 62


def _board_shift(shift: Shift) -> BoardShift:
    return BoardShift(
        id=shift.id,
        site_id=shift.site_id,
        covers_site_ids=shift.covers_site_ids,
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        status=shift.status,
        version=shift.version,
        warnings=len(shift.warnings),
        assignees=tuple(BoardPerson(a.staff_id, a.full_name, a.qualified) for a in shift.assignees),
    )


def _days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


async def roster_board(
    ctx: Context, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID, first: date | None, last: date | None
) -> dict[str, Any]:
    """Day-by-day board of one enterprise in one campaign, from `first` to `last` (local days,
    both included; default: the whole campaign). Coverage counts distinct people on duty."""
    async with reading(ctx) as repos:
        campaign = await repos.facts.campaign(campaign_id)
        if campaign is None:
            raise missing("campaign", campaign_id)
        enterprise_name = await repos.facts.enterprise_name(enterprise_id)
        if enterprise_name is None:
            raise missing("enterprise", enterprise_id)
        campaign_first = local_day(campaign.starts_at)
        campaign_last = local_day(campaign.ends_at - timedelta(microseconds=1))
        first = first or campaign_first
        last = last or campaign_last
        for name, bound in (("from", first), ("to", last)):
            if not campaign_first <= bound <= campaign_last:
                raise RuleViolation(
                    name,
                    "inside-campaign",
                    f"'{name}' must be a day of {campaign.name} ({campaign_first} to {campaign_last}).",
                    f"Ngày '{name}' phải thuộc {campaign.name} ({campaign_first} đến {campaign_last}).",
                )
        if last < first:
            raise RuleViolation(
                "to", "end-after-start", "'to' must not be before 'from'.", "Ngày 'đến' không được trước ngày 'từ'."
            )
        if (last - first).days + 1 > MAX_BOARD_DAYS:
            raise RuleViolation(
                "to",
                "max-days",
                f"A board shows at most {MAX_BOARD_DAYS} days: narrow from/to.",
                f"Bảng trực hiển thị tối đa {MAX_BOARD_DAYS} ngày.",
            )
        shifts = await repos.shifts.between(
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            starts_at=at_local(first),
            ends_at=at_local(last + timedelta(days=1)),
        )
        requirements = await repos.requirements.of(campaign_id=campaign_id, enterprise_id=enterprise_id)
    views = {s.id: shift_view(s) for s in shifts}
    days = build_board(
        _days_between(first, last),
        shifts=[_board_shift(s) for s in shifts],
        requirements=[r.rule for r in requirements],
        peaks=campaign.peaks,
        campaign_starts_at=campaign.starts_at,
        campaign_ends_at=campaign.ends_at,
    )
    for day in days:
        for duty in day["duty_types"]:
            duty["shifts"] = [views[s.id] for s in duty["shifts"]]
            for cover in duty["coverage"]:
                for gap in cover["gaps"]:  # the API answers in UTC
                    gap["starts_at"], gap["ends_at"] = utc(gap["starts_at"]), utc(gap["ends_at"])
            duty["people"] = [{"staff_id": p.staff_id, "full_name": p.full_name} for p in duty["people"]]
    return {
        "campaign": {"id": campaign.id, "name": campaign.name},
        "enterprise": {"id": enterprise_id, "name": enterprise_name},
        "from": first,
        "to": last,
        "days": days,
    }
