"""Daily situation reports in memory."""

from __future__ import annotations

import uuid
from datetime import date

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.errors import Conflict
from ...domain.reports import DailyReport
from ..reports import KEY_TYPES, LIST_KIND, ReportFilter, sort_key
from .state import MemoryState


class MemoryReports:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    async def get(self, report_id: uuid.UUID) -> DailyReport | None:
        return self.state.daily_reports.get(report_id)

    async def latest(self, enterprise_id: uuid.UUID, day: date) -> DailyReport | None:
        found = await self.versions(enterprise_id, day)
        return found[-1] if found else None

    async def versions(self, enterprise_id: uuid.UUID, day: date) -> list[DailyReport]:
        return sorted(
            (r for r in self.state.daily_reports.values() if (r.enterprise_id, r.day) == (enterprise_id, day)),
            key=lambda r: r.version,
        )

    async def add(self, report: DailyReport) -> None:
        if any(sort_key(r) == sort_key(report) for r in self.state.daily_reports.values()):
            raise Conflict(
                "request",
                "unique",
                "A concurrent request submitted the same version first: reload and retry.",
                "Một yêu cầu đồng thời vừa gửi cùng phiên bản trước: hãy tải lại và thử lại.",
            )
        self.state.daily_reports[report.id] = report

    async def count(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> int:
        return sum(
            1
            for r in self.state.daily_reports.values()
            if (r.campaign_id, r.enterprise_id) == (campaign_id, enterprise_id)
        )

    async def page(self, f: ReportFilter, *, visible: Visible, page: PageRequest) -> Slice[DailyReport]:
        reports = self.state.daily_reports.values()
        newest: dict[tuple[uuid.UUID, date], int] = {}
        for r in reports:
            key = (r.enterprise_id, r.day)
            newest[key] = max(newest.get(key, 0), r.version)

        def shown(r: DailyReport) -> bool:
            return (
                visible.sees_enterprise(r.enterprise_id)
                and (f.campaign_id is None or r.campaign_id == f.campaign_id)
                and (f.enterprise_id is None or r.enterprise_id == f.enterprise_id)
                and (f.day is None or r.day == f.day)
                and (f.day_from is None or r.day >= f.day_from)
                and (f.day_to is None or r.day <= f.day_to)
                and (not f.latest_only or r.version == newest[(r.enterprise_id, r.day)])
            )

        found = sorted((r for r in reports if shown(r)), key=sort_key)
        rest = found
        after = page.after(LIST_KIND, *KEY_TYPES)
        if after is not None:
            rest = [r for r in found if sort_key(r) > (after[0], after[1], after[2])]
        return keyset(rest[: page.limit + 1], page.limit, LIST_KIND, sort_key, total=len(found))

    async def enterprise_of(self, report_id: uuid.UUID) -> uuid.UUID | None:
        r = self.state.daily_reports.get(report_id)
        return None if r is None else r.enterprise_id
