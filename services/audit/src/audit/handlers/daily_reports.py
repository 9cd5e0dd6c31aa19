"""Daily situation reports in audit: each submitted version is projected (`project_report`, called by
the projector), and the Department asks which enterprises have submitted a day's report, which
are missing after the deadline, and which are not yet due (`day_statuses`)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from lichtruc.events_reports import DailyReportSubmitted
from lichtruc.scope import Visible
from lichtruc.text import sort_key
from lichtruc.vntime import date_said, local_day

from ..domain.daily_reports import DailyReport, DayStatus, apply_daily_report, statuses
from ..domain.errors import Invalid, NotFound
from ..domain.obligations import owing_from
from .context import Context

MAX_DAYS = 62


async def project_report(store: Any, data: DailyReportSubmitted, *, seq: int) -> None:
    """Keep a submitted version (the projector calls this; `store` is its `ProjectionStore`)."""
    old: DailyReport | None = await store.get("daily_reports", str(data.report_id))
    new = apply_daily_report(old, data, seq=seq)
    if new is not None:
        await store.put("daily_reports", new)


async def day_statuses(
    *,
    ctx: Context,
    campaign_id: uuid.UUID,
    day: date | None,
    visible: Visible,
    due: time,
    at: datetime | None = None,
) -> list[DayStatus]:
    """Each enterprise's status for the day (or for every campaign day up to today), by day then name; `at`: as
        things stood at that instant (the reports submitted by then, the deadlines passed by then; default: now). A
    submitted one names the logged event of its latest version (`event_id`), what proves it in the log."""
    now = ctx.clock() if at is None else at
    async with ctx.read() as unit:
        campaign = await unit.reads.campaign(campaign_id)
        if campaign is None:
            raise NotFound(
                "campaign-not-found",
                "Campaign not found",
                "No such campaign is known to audit: list the campaigns with GET /campaigns.",
                "Hệ thống kiểm tra chưa biết đợt trực này: xem danh sách tại GET /campaigns.",
            )
        enterprises = await unit.reads.enterprises(visible)
        reports = [
            r
            for r in await unit.reads.all_of("daily_reports")
            if r.campaign_id == str(campaign_id) and r.submitted_at <= now
        ]
        events = await unit.log.event_ids_at(r.updated_seq for r in reports)
    first = local_day(campaign.starts_at)
    last = local_day(campaign.ends_at - timedelta(microseconds=1))
    if day is not None:
        if not first <= day <= last:
            raise Invalid(
                "day-outside-campaign",
                "Day outside the campaign",
                f"The day must be one of {campaign.name} ({date_said(first, 'en')} to {date_said(last, 'en')}).",
                f"Ngày phải thuộc {campaign.name} ({first:%d/%m/%Y} đến {last:%d/%m/%Y}).",
            )
        days = [day]
    else:
        today = local_day(now)
        last = min(last, today)
        days = [first + timedelta(days=i) for i in range(max(0, (last - first).days + 1))][-MAX_DAYS:]
    named = sorted(((e.enterprise_id, e.name) for e in enterprises), key=lambda e: (sort_key(e[1]), e[0]))
    return [
        dataclasses.replace(s, event_id=str(events[s.seq])) if s.seq in events else s
        for s in statuses(named, days, reports, due=due, now=now, owes_from=owing_from(enterprises))
    ]
