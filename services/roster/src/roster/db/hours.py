"""Tết hours of post offices and transaction points in PostgreSQL (table ``transaction_hours``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.counters import COUNTER_KINDS
from lichtruc.paging import PageRequest, Slice

from ..domain.hours import DayHours, PublishedPoint, Session, TetHours
from .pages import Row, offset_page
from .search import by_key_nulls_last, by_name, districts_like
from .tables import campaigns, enterprises, sites, transaction_hours

PAGE_KIND = "transaction-hours"


class HoursRepository(Protocol):
    async def get(self, site_id: uuid.UUID, campaign_id: uuid.UUID, *, lock: bool = False) -> TetHours | None:
        """A point's schedule for a campaign (None: nothing entered yet)."""
        ...

    async def save(self, hours: TetHours) -> None:
        """Insert or overwrite the schedule of (site, campaign)."""
        ...

    async def current_tet_campaign(self, now: datetime) -> uuid.UUID | None:
        """What the public sees without naming a campaign: the Tết campaign under way or the next one
        (not over at ``now``, the earliest first), else the newest one. Opening next year's campaign
        early does not take this year's hours off the public page."""
        ...

    async def published_page(
        self, *, campaign_id: uuid.UUID, district: str | None, page: PageRequest
    ) -> Slice[PublishedPoint]:
        """Published schedules of the campaign, by district (those without last), enterprise name, point
        name, each in Vietnamese order (`search.by_name`), then id."""
        ...

    async def published_all(self, *, campaign_id: uuid.UUID, district: str | None) -> list[PublishedPoint]:
        """Every published schedule of the campaign, in the same order (the iCal feed)."""
        ...

    async def published_of(self, site_id: uuid.UUID, campaign_id: uuid.UUID) -> PublishedPoint | None:
        """One point's published schedule."""
        ...


def days_json(days: tuple[DayHours, ...]) -> list[dict[str, Any]]:
    return [
        {
            "day": d.day.isoformat(),
            "open": d.open,
            "sessions": [{"opens": s.opens, "closes": s.closes} for s in d.sessions],
            "note": d.note,
        }
        for d in days
    ]


def days_of(doc: list[dict[str, Any]]) -> tuple[DayHours, ...]:
    return tuple(
        DayHours(
            date.fromisoformat(d["day"]),
            bool(d["open"]),
            tuple(Session(s["opens"], s["closes"]) for s in d.get("sessions", ())),
            d.get("note"),
        )
        for d in doc
    )


def hours_of(row: Row) -> TetHours:
    return TetHours(
        site_id=row["site_id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        days=days_of(row["days"]),
        version=row["version"],
        published_days=None if row["published_days"] is None else days_of(row["published_days"]),
        published_version=row["published_version"],
        published_at=row["published_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def values_of(h: TetHours) -> dict[str, Any]:
    return {
        "site_id": h.site_id,
        "campaign_id": h.campaign_id,
        "enterprise_id": h.enterprise_id,
        "days": days_json(h.days),
        "version": h.version,
        "published_days": None if h.published_days is None else days_json(h.published_days),
        "published_version": h.published_version,
        "published_at": h.published_at,
        "created_at": h.created_at,
        "updated_at": h.updated_at,
    }


def point_of(row: Row) -> PublishedPoint:
    return PublishedPoint(
        site_id=row["site_id"],
        site_name=row["site_name"],
        district=row["district"],
        enterprise_id=row["enterprise_id"],
        enterprise_name=row["enterprise_name"],
        campaign_id=row["campaign_id"],
        lunar_year=row["lunar_year"],
        days=days_of(row["published_days"]),
        published_version=row["published_version"],
        published_at=row["published_at"],
    )


_t = transaction_hours.c


def _published_stmt() -> Select[Any]:
    return (
        select(
            _t.site_id,
            _t.campaign_id,
            _t.enterprise_id,
            _t.published_days,
            _t.published_version,
            _t.published_at,
            sites.c.name.label("site_name"),
            sites.c.district,
            enterprises.c.name.label("enterprise_name"),
            campaigns.c.lunar_year,
        )
        .join(sites, sites.c.id == _t.site_id)
        .join(enterprises, enterprises.c.id == _t.enterprise_id)
        .join(campaigns, campaigns.c.id == _t.campaign_id)
        .where(_t.published_days.is_not(None), sites.c.kind.in_(COUNTER_KINDS))
    )


_ORDER = [*by_key_nulls_last(sites, "district"), *by_name(enterprises), *by_name(sites)]


class PgHours:
    """HoursRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, site_id: uuid.UUID, campaign_id: uuid.UUID, *, lock: bool = False) -> TetHours | None:
        stmt = select(transaction_hours).where(_t.site_id == site_id, _t.campaign_id == campaign_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return None if row is None else hours_of(row)

    async def save(self, hours: TetHours) -> None:
        values = values_of(hours)
        stmt = insert(transaction_hours).values(**values)
        kept = {"site_id", "campaign_id", "created_at"}
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["site_id", "campaign_id"],
                set_={k: stmt.excluded[k] for k in values if k not in kept},
            )
        )

    async def current_tet_campaign(self, now: datetime) -> uuid.UUID | None:
        tet = select(campaigns.c.id).where(campaigns.c.kind == "tet")
        coming = await self.session.scalar(
            tet.where(campaigns.c.ends_at > now).order_by(campaigns.c.starts_at.asc()).limit(1)
        )
        return coming or await self.session.scalar(tet.order_by(campaigns.c.lunar_year.desc()).limit(1))

    async def _of(self, campaign_id: uuid.UUID, district: str | None) -> Select[Any]:
        stmt = _published_stmt().where(_t.campaign_id == campaign_id)
        if not district:
            return stmt
        return stmt.where(sites.c.district.in_(await districts_like(self.session, sites.c.district, district)))

    async def published_page(
        self, *, campaign_id: uuid.UUID, district: str | None, page: PageRequest
    ) -> Slice[PublishedPoint]:
        stmt = await self._of(campaign_id, district)
        return await offset_page(self.session, stmt, order_by=_ORDER, page=page, kind=PAGE_KIND, entity=point_of)

    async def published_all(self, *, campaign_id: uuid.UUID, district: str | None) -> list[PublishedPoint]:
        rows = (await self.session.execute((await self._of(campaign_id, district)).order_by(*_ORDER))).mappings()
        return [point_of(r) for r in rows]

    async def published_of(self, site_id: uuid.UUID, campaign_id: uuid.UUID) -> PublishedPoint | None:
        stmt = _published_stmt().where(_t.site_id == site_id, _t.campaign_id == campaign_id)
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else point_of(row)
