"""The facts the directive's deadline sweep reads (see `domain.deadlines`): the `DeadlineRepository`
interface, its PostgreSQL implementation and the in-memory one (over `db.memory.MemoryState`).

Every write is an upsert kept only if newer (a version, or the first publication/submission), so a
redelivered or late event changes nothing. The sweep's reads are bounded: the campaigns not long over
(indexed on ``ends_at``), their items due soon or past (indexed on campaign and due time), the post offices
and transaction points (a partial index), and only the publications and reports of the campaigns and days in a window."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import DateTime, and_, cast, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.counters import COUNTER_KINDS, serves_counter

from ..domain.deadlines import Campaign, Enterprise, Facts, Point, ReadinessItem
from ..domain.incidents import LEADERSHIP, ON_DUTY_STATUSES
from .tables import (
    deadline_campaigns,
    deadline_notices,
    enterprises,
    published_hours,
    readiness_items,
    readiness_marks,
    shifts,
    sites,
    submitted_reports,
)

MAX_CAMPAIGNS = 20
"""At most this many campaigns swept at once (a province runs one Tết campaign, maybe a drill)."""
MAX_ROWS = 20_000
"""A bound on every list the sweep reads (enterprises, items, points, marks, reports)."""


class DeadlineRepository(Protocol):
    async def put_campaign(self, campaign: Campaign, *, version: int) -> bool:
        """Upsert if newer than the stored version."""
        ...

    async def kind_of(self, campaign_id: uuid.UUID) -> str | None:
        """The campaign's kind as stored ("tet" or "drill"; None: not known here yet)."""
        ...

    async def put_item(self, item: ReadinessItem, *, version: int, removed: bool = False) -> bool:
        """Upsert if newer; a removed item is kept as removed (a late older event does not bring it back)."""
        ...

    async def remove_item(self, item_id: uuid.UUID, *, version: int) -> None:
        """Mark an item removed if `version` is newer (its notices stop)."""
        ...

    async def put_mark(self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, done: bool, version: int) -> bool: ...

    async def put_published(
        self, *, campaign_id: uuid.UUID, site_id: uuid.UUID, enterprise_id: uuid.UUID, at: datetime
    ) -> None:
        """Keep the first publication of a point's hours for a campaign."""
        ...

    async def put_report(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, day: date, at: datetime) -> None:
        """Keep the first submission of an enterprise's report for a day."""
        ...

    async def facts(
        self,
        *,
        ending_after: datetime,
        items_due_before: datetime,
        hours_of: Sequence[uuid.UUID],
        report_days: Sequence[tuple[uuid.UUID, date]],
    ) -> Facts:
        """The campaigns ending after `ending_after`; their items due before `items_due_before` and the marks done;
        the post offices and transaction points and the publications of the campaigns `hours_of`; the reports of
        `report_days`."""
        ...

    async def campaigns(self, *, ending_after: datetime) -> list[Campaign]: ...

    async def told(self, obligations: Iterable[str]) -> set[str]:
        """The obligations whose notices were created already."""
        ...

    async def record_told(self, obligations: Iterable[tuple[str, str]], *, now: datetime) -> None:
        """(obligation, kind) pairs just told (a replica racing this one: kept once)."""
        ...

    async def leaders_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[uuid.UUID]:
        """The staff on an on-duty leadership shift of the enterprise overlapping [start, end), by shift start."""
        ...


def _campaign(row: Any) -> Campaign:
    return Campaign(row.campaign_id, row.name, row.starts_at, row.ends_at, row.hours_deadline, row.kind)


def _item(row: Any) -> ReadinessItem:
    return ReadinessItem(row.item_id, row.campaign_id, row.sector, row.title_vi, row.title_en, row.due_at, row.due_date)


def _people(found: list[dict[str, Any]]) -> list[uuid.UUID]:
    ordered = sorted(found, key=lambda d: (str(d["starts_at"]), str(d["shift_id"])))
    return list(dict.fromkeys(uuid.UUID(str(a["staff_id"])) for d in ordered for a in d.get("assignees", ())))


class PgDeadlines:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _upsert(self, table: Any, values: dict[str, Any], keys: list[str]) -> bool:
        stmt = insert(table).values(**values)
        upsert = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={k: stmt.excluded[k] for k in values if k not in keys},
            where=table.c.version < stmt.excluded.version,
        ).returning(table.c.version)
        return (await self.session.execute(upsert)).first() is not None

    async def put_campaign(self, campaign: Campaign, *, version: int) -> bool:
        values = {
            "campaign_id": campaign.campaign_id,
            "name": campaign.name,
            "starts_at": campaign.starts_at,
            "ends_at": campaign.ends_at,
            "hours_deadline": campaign.hours_deadline,
            "kind": campaign.kind,
            "version": version,
        }
        return await self._upsert(deadline_campaigns, values, ["campaign_id"])

    async def kind_of(self, campaign_id: uuid.UUID) -> str | None:
        query = select(deadline_campaigns.c.kind).where(deadline_campaigns.c.campaign_id == campaign_id)
        kind: str | None = (await self.session.execute(query)).scalar_one_or_none()
        return kind

    async def put_item(self, item: ReadinessItem, *, version: int, removed: bool = False) -> bool:
        values = {
            "item_id": item.item_id,
            "campaign_id": item.campaign_id,
            "sector": item.sector,
            "title_vi": item.title_vi,
            "title_en": item.title_en,
            "due_at": item.due_at,
            "due_date": item.due_date,
            "removed": removed,
            "version": version,
        }
        return await self._upsert(readiness_items, values, ["item_id"])

    async def remove_item(self, item_id: uuid.UUID, *, version: int) -> None:
        await self.session.execute(
            readiness_items.update()
            .where(readiness_items.c.item_id == item_id, readiness_items.c.version < version)
            .values(removed=True, version=version)
        )

    async def put_mark(self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, done: bool, version: int) -> bool:
        values = {"item_id": item_id, "enterprise_id": enterprise_id, "done": done, "version": version}
        return await self._upsert(readiness_marks, values, ["item_id", "enterprise_id"])

    async def put_published(
        self, *, campaign_id: uuid.UUID, site_id: uuid.UUID, enterprise_id: uuid.UUID, at: datetime
    ) -> None:
        stmt = insert(published_hours).values(
            campaign_id=campaign_id, site_id=site_id, enterprise_id=enterprise_id, first_published_at=at
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["campaign_id", "site_id"],
                set_={"first_published_at": stmt.excluded.first_published_at},
                where=published_hours.c.first_published_at > stmt.excluded.first_published_at,
            )
        )

    async def put_report(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, day: date, at: datetime) -> None:
        stmt = insert(submitted_reports).values(
            campaign_id=campaign_id, enterprise_id=enterprise_id, day=day, first_submitted_at=at
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["campaign_id", "day", "enterprise_id"],
                set_={"first_submitted_at": stmt.excluded.first_submitted_at},
                where=submitted_reports.c.first_submitted_at > stmt.excluded.first_submitted_at,
            )
        )

    async def campaigns(self, *, ending_after: datetime) -> list[Campaign]:
        rows = await self.session.execute(
            select(deadline_campaigns)
            .where(deadline_campaigns.c.ends_at > ending_after)
            .order_by(deadline_campaigns.c.ends_at)
            .limit(MAX_CAMPAIGNS)
        )
        return [_campaign(r) for r in rows]

    async def facts(
        self,
        *,
        ending_after: datetime,
        items_due_before: datetime,
        hours_of: Sequence[uuid.UUID],
        report_days: Sequence[tuple[uuid.UUID, date]],
    ) -> Facts:
        found = await self.campaigns(ending_after=ending_after)
        ids = [c.campaign_id for c in found]
        if not ids:
            return Facts()
        known = [
            Enterprise(r.enterprise_id, r.name, r.sector, r.obligations_from)
            for r in await self.session.execute(
                select(
                    enterprises.c.enterprise_id,
                    enterprises.c.name,
                    enterprises.c.sector,
                    enterprises.c.obligations_from,
                ).limit(MAX_ROWS)
            )
        ]
        items = [
            _item(r)
            for r in await self.session.execute(
                select(readiness_items)
                .where(
                    readiness_items.c.campaign_id.in_(ids),
                    readiness_items.c.due_at < items_due_before,
                    readiness_items.c.removed.is_(False),
                )
                .limit(MAX_ROWS)
            )
        ]
        done: frozenset[tuple[uuid.UUID, uuid.UUID]] = frozenset()
        if items:
            marks = await self.session.execute(
                select(readiness_marks.c.item_id, readiness_marks.c.enterprise_id)
                .where(readiness_marks.c.item_id.in_([i.item_id for i in items]), readiness_marks.c.done.is_(True))
                .limit(MAX_ROWS)
            )
            done = frozenset((r.item_id, r.enterprise_id) for r in marks)
        points: list[Point] = []
        published: frozenset[tuple[uuid.UUID, uuid.UUID]] = frozenset()
        hours = [c for c in hours_of if c in ids]
        if hours:
            points = [
                Point(r.site_id, r.enterprise_id, r.name, r.district, r.kind)
                for r in await self.session.execute(
                    select(sites.c.site_id, sites.c.enterprise_id, sites.c.name, sites.c.district, sites.c.kind)
                    .where(sites.c.kind.in_(COUNTER_KINDS))
                    .limit(MAX_ROWS)
                )
            ]
            rows = await self.session.execute(
                select(published_hours.c.site_id, published_hours.c.campaign_id)
                .where(published_hours.c.campaign_id.in_(hours))
                .limit(MAX_ROWS)
            )
            published = frozenset((r.site_id, r.campaign_id) for r in rows)
        reported: frozenset[tuple[uuid.UUID, uuid.UUID, date]] = frozenset()
        days = [(c, d) for c, d in report_days if c in ids]
        if days:
            rows = await self.session.execute(
                select(submitted_reports.c.campaign_id, submitted_reports.c.enterprise_id, submitted_reports.c.day)
                .where(tuple_(submitted_reports.c.campaign_id, submitted_reports.c.day).in_(days))
                .limit(MAX_ROWS)
            )
            reported = frozenset((r.campaign_id, r.enterprise_id, r.day) for r in rows)
        return Facts(found, known, items, done, points, published, reported)

    async def told(self, obligations: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(obligations))
        if not wanted:
            return set()
        rows = await self.session.execute(
            select(deadline_notices.c.obligation).where(deadline_notices.c.obligation.in_(wanted))
        )
        return {r.obligation for r in rows}

    async def record_told(self, obligations: Iterable[tuple[str, str]], *, now: datetime) -> None:
        values = [{"obligation": o, "kind": k, "created_at": now} for o, k in dict(obligations).items()]
        if values:
            await self.session.execute(insert(deadline_notices).values(values).on_conflict_do_nothing())

    async def leaders_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[uuid.UUID]:
        starts = cast(shifts.c.data["starts_at"].astext, DateTime(timezone=True))
        ends = cast(shifts.c.data["ends_at"].astext, DateTime(timezone=True))
        rows = await self.session.execute(
            select(shifts.c.data).where(
                shifts.c.enterprise_id == enterprise_id,
                shifts.c.status.in_(ON_DUTY_STATUSES),
                shifts.c.data["duty_type"].astext == LEADERSHIP,
                and_(starts < end, ends > start),
            )
        )
        return _people([r.data for r in rows])


class MemoryDeadlines:
    """The in-memory fake (for the service-layer tests): the same rules over `MemoryState`'s dicts."""

    def __init__(self, state: Any) -> None:
        self.s = state

    async def put_campaign(self, campaign: Campaign, *, version: int) -> bool:
        old = self.s.deadline_campaigns.get(campaign.campaign_id)
        if old is not None and old[1] >= version:
            return False
        self.s.deadline_campaigns[campaign.campaign_id] = (campaign, version)
        return True

    async def kind_of(self, campaign_id: uuid.UUID) -> str | None:
        known = self.s.deadline_campaigns.get(campaign_id)
        return known[0].kind if known is not None else None

    async def put_item(self, item: ReadinessItem, *, version: int, removed: bool = False) -> bool:
        old = self.s.readiness_items.get(item.item_id)
        if old is not None and old[1] >= version:
            return False
        self.s.readiness_items[item.item_id] = (item, version, removed)
        return True

    async def remove_item(self, item_id: uuid.UUID, *, version: int) -> None:
        old = self.s.readiness_items.get(item_id)
        if old is not None and old[1] < version:
            self.s.readiness_items[item_id] = (old[0], version, True)

    async def put_mark(self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, done: bool, version: int) -> bool:
        old = self.s.readiness_marks.get((item_id, enterprise_id))
        if old is not None and old[1] >= version:
            return False
        self.s.readiness_marks[(item_id, enterprise_id)] = (done, version)
        return True

    async def put_published(
        self, *, campaign_id: uuid.UUID, site_id: uuid.UUID, enterprise_id: uuid.UUID, at: datetime
    ) -> None:
        old = self.s.published_hours.get((campaign_id, site_id))
        self.s.published_hours[(campaign_id, site_id)] = min(old, at) if old is not None else at

    async def put_report(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID, day: date, at: datetime) -> None:
        old = self.s.submitted_reports.get((campaign_id, enterprise_id, day))
        self.s.submitted_reports[(campaign_id, enterprise_id, day)] = min(old, at) if old is not None else at

    async def campaigns(self, *, ending_after: datetime) -> list[Campaign]:
        found = sorted(
            (c for c, _ in self.s.deadline_campaigns.values() if c.ends_at > ending_after), key=lambda c: c.ends_at
        )
        return found[:MAX_CAMPAIGNS]

    async def facts(
        self,
        *,
        ending_after: datetime,
        items_due_before: datetime,
        hours_of: Sequence[uuid.UUID],
        report_days: Sequence[tuple[uuid.UUID, date]],
    ) -> Facts:
        found = await self.campaigns(ending_after=ending_after)
        ids = {c.campaign_id for c in found}
        if not ids:
            return Facts()
        known = [Enterprise(e.enterprise_id, e.name, e.sector, e.obligations_from) for e in self.s.enterprises.values()]
        items = [
            i
            for i, _, removed in self.s.readiness_items.values()
            if i.campaign_id in ids and i.due_at < items_due_before and not removed
        ]
        done = frozenset(k for k, (is_done, _) in self.s.readiness_marks.items() if is_done)
        hours = {c for c in hours_of if c in ids}
        points = (
            [
                Point(s.site_id, s.enterprise_id, s.name, s.district, s.kind)
                for s in self.s.sites.values()
                if serves_counter(s.kind)
            ]
            if hours
            else []
        )
        published = frozenset((site, campaign) for campaign, site in self.s.published_hours if campaign in hours)
        days = {(c, d) for c, d in report_days if c in ids}
        reported = frozenset(k for k in self.s.submitted_reports if (k[0], k[2]) in days)
        return Facts(found, known, items, done, points, published, reported)

    async def told(self, obligations: Iterable[str]) -> set[str]:
        return {o for o in obligations if o in self.s.deadline_notices}

    async def record_told(self, obligations: Iterable[tuple[str, str]], *, now: datetime) -> None:
        for obligation, kind in obligations:
            self.s.deadline_notices.setdefault(obligation, (kind, now))

    async def leaders_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[uuid.UUID]:
        found = [
            s.data
            for s in self.s.shifts.values()
            if s.enterprise_id == enterprise_id
            and s.status in ON_DUTY_STATUSES
            and s.data.get("duty_type") == LEADERSHIP
            and datetime.fromisoformat(str(s.data["starts_at"])) < end
            and datetime.fromisoformat(str(s.data["ends_at"])) > start
        ]
        return _people(found)


__all__ = ["DeadlineRepository", "MemoryDeadlines", "PgDeadlines"]
