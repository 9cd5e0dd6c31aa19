"""The roster board: an enterprise's campaign, local day by local day."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from ..db.tables import campaigns, enterprises, requirements, shifts
from ..domain.coverage import BoardPerson, BoardShift, build_board
from ..domain.errors import RuleViolation, missing
from ..domain.localtime import days_between, local_day, local_midnight, utc
from ..domain.requirements import Requirement
from .context import Context
from .views import peaks_from_row, shift_view, window_from_json

MAX_BOARD_DAYS = 62


def _board_shift(row) -> BoardShift:
    return BoardShift(
        id=row["id"],
        site_id=row["site_id"],
        covers_site_ids=tuple(uuid.UUID(str(c)) for c in row["covers_site_ids"] or ()),
        duty_type=row["duty_type"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        status=row["status"],
        version=row["version"],
        warnings=len(row["warnings"] or ()),
        assignees=tuple(
            BoardPerson(uuid.UUID(a["staff_id"]), a["full_name"], a.get("qualified", True)) for a in row["assignees"]
        ),
    )


async def roster_board(
    ctx: Context, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, first: date | None, last: date | None
) -> dict:
    """Day-by-day board of one enterprise in one campaign, from `first` to `last` (local days,
    both included; default: the whole campaign)."""
    async with ctx.sessions() as session:
        campaign = (await session.execute(select(campaigns).where(campaigns.c.id == campaign_id))).mappings().first()
        if campaign is None:
            raise missing("campaign", campaign_id)
        enterprise = (
            await session.execute(select(enterprises.c.id, enterprises.c.name).where(enterprises.c.id == enterprise_id))
        ).first()
        if enterprise is None:
            raise missing("enterprise", enterprise_id)
        campaign_first = local_day(campaign["starts_at"])
        campaign_last = local_day(campaign["ends_at"] - timedelta(microseconds=1))
        first = first or campaign_first
        last = last or campaign_last
        for name, day in (("from", first), ("to", last)):
            if not campaign_first <= day <= campaign_last:
                raise RuleViolation(
                    name,
                    "inside-campaign",
                    f"'{name}' must be a day of {campaign['name']} ({campaign_first} to {campaign_last}).",
                    f"Ngày '{name}' phải thuộc {campaign['name']} ({campaign_first} đến {campaign_last}).",
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
        lo, hi = local_midnight(first), local_midnight(last + timedelta(days=1))
        shift_rows = (
            (
                await session.execute(
                    select(shifts)
                    .where(
                        shifts.c.campaign_id == campaign_id,
                        shifts.c.enterprise_id == enterprise_id,
                        shifts.c.status != "cancelled",
                        shifts.c.starts_at < hi,
                        shifts.c.ends_at > lo,
                    )
                    .order_by(shifts.c.starts_at, shifts.c.id)
                )
            )
            .mappings()
            .all()
        )
        req_rows = (
            (
                await session.execute(
                    select(requirements)
                    .where(requirements.c.campaign_id == campaign_id, requirements.c.enterprise_id == enterprise_id)
                    .order_by(requirements.c.created_at, requirements.c.id)
                )
            )
            .mappings()
            .all()
        )
    reqs = [
        Requirement(
            r["id"], r["site_id"], r["duty_type"], window_from_json(r["time_window"]), r["minimum"], r["peak_minimum"]
        )
        for r in req_rows
    ]
    views = {r["id"]: shift_view(r) for r in shift_rows}
    days = build_board(
        days_between(first, last),
        shifts=[_board_shift(r) for r in shift_rows],
        requirements=reqs,
        peaks=peaks_from_row(campaign),
        campaign_starts_at=campaign["starts_at"],
        campaign_ends_at=campaign["ends_at"],
    )
    for day in days:
        for duty in day["duty_types"]:
            duty["shifts"] = [views[s.id] for s in duty["shifts"]]
            for cover in duty["coverage"]:
                for gap in cover["gaps"]:  # the API answers in UTC
                    gap["starts_at"], gap["ends_at"] = utc(gap["starts_at"]), utc(gap["ends_at"])
            duty["people"] = [{"staff_id": p.staff_id, "full_name": p.full_name} for p in duty["people"]]
    return {
        "campaign": {"id": campaign["id"], "name": campaign["name"]},
        "enterprise": {"id": enterprise.id, "name": enterprise.name},
        "from": first,
        "to": last,
        "days": days,
    }
