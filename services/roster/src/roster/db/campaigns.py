"""Campaigns in PostgreSQL: the repository the campaign handlers work through."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.events import PeakWindow
from lichtruc.paging import PageRequest, Slice
from lichtruc.vntime import utc

from ..domain.campaigns import Campaign, CampaignDay, DatedRequirement, DatedShift, Peak, Side
from .pages import Row, offset_page
from .tables import campaigns, enterprises, requirements, shifts, sites

PAGE_KIND = "campaigns"


class CampaignRepository(Protocol):
    async def add(self, campaign: Campaign) -> Campaign | None:
        """Store a new campaign; None when it is a Tết campaign and that lunar year has one."""
        ...

    async def tet_of(self, lunar_year: int) -> Campaign | None:
        """The Tết campaign of a lunar year."""
        ...

    async def tet_before(self, lunar_year: int) -> Campaign | None:
        """The latest Tết campaign of a lunar year before `lunar_year` (drills aside); None if there is none."""
        ...

    async def get(self, campaign_id: uuid.UUID, *, lock: bool = False) -> Campaign | None:
        """One campaign; ``lock`` holds it until the transaction ends."""
        ...

    async def save(self, campaign: Campaign) -> Campaign:
        """Write a changed campaign (same id)."""
        ...

    async def find(self, *, lunar_year: int | None, kind: str | None, page: PageRequest) -> Slice[Campaign]:
        """Campaigns, newest lunar year first (then the latest start, then id)."""
        ...

    async def overlapping(self, *, starts_at: datetime, ends_at: datetime) -> list[Campaign]:
        """The campaigns (of any kind) that share an instant with these instants, earliest first."""
        ...

    async def names(self) -> list[tuple[uuid.UUID, str]]:
        """Every campaign's id and name (a province holds a few a season)."""
        ...

    async def shifts_outside(
        self, campaign_id: uuid.UUID, *, starts_at: datetime, ends_at: datetime, side: Side, limit: int
    ) -> tuple[list[DatedShift], int]:
        """The earliest `limit` shifts of the campaign (not cancelled) that do not lie inside these instants on
        `side` (`start`: they begin before `starts_at`; `end`: the others that end after `ends_at`), and how many
        there are in all there."""
        ...

    async def one_off_requirements(self, campaign_id: uuid.UUID) -> list[DatedRequirement]:
        """The campaign's requirements with a one-off window, by id."""
        ...


def _day_json(day: CampaignDay) -> dict[str, Any]:
    doc: dict[str, Any] = {"month": day.month, "day": day.day, "leap": day.leap}
    if day.year is not None:
        doc["year"] = day.year
    return doc


def _day(doc: Row) -> CampaignDay:
    return CampaignDay(doc["month"], doc["day"], doc.get("leap", False), doc.get("year"))


def _peaks_json(peaks: tuple[Peak, ...]) -> list[dict[str, Any]]:
    return [
        PeakWindow(name=p.name, starts_at=utc(p.starts_at), ends_at=utc(p.ends_at)).model_dump(mode="json")
        for p in peaks
    ]


def _peaks(docs: list[Mapping[str, Any]]) -> tuple[Peak, ...]:
    return tuple(
        Peak(p["name"], datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"])) for p in docs
    )


def _values(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "lunar_year": c.lunar_year,
        "name": c.name,
        "starts_at": utc(c.starts_at),
        "ends_at": utc(c.ends_at),
        "start_lunar": _day_json(c.start),
        "end_lunar": _day_json(c.end),
        "peaks": _peaks_json(c.peaks),
        "readiness_deadline": utc(c.readiness_deadline) if c.readiness_deadline else None,
        "hours_deadline": utc(c.hours_deadline) if c.hours_deadline else None,
        "border_duty_types": list(c.border_duty_types),
        "border_sectors": list(c.border_sectors),
        "version": c.version,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def campaign_of(row: Row) -> Campaign:
    return Campaign(
        id=row["id"],
        kind=row["kind"],
        lunar_year=row["lunar_year"],
        name=row["name"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        start=_day(row["start_lunar"]),
        end=_day(row["end_lunar"]),
        peaks=_peaks(row["peaks"]),
        readiness_deadline=row["readiness_deadline"],
        hours_deadline=row["hours_deadline"],
        border_duty_types=tuple(row["border_duty_types"] or ()),
        border_sectors=tuple(row["border_sectors"] or ()),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class PgCampaigns:
    """CampaignRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, campaign: Campaign) -> Campaign | None:
        stmt = insert(campaigns).values(**_values(campaign))
        if campaign.kind == "tet":
            stmt = stmt.on_conflict_do_nothing(index_elements=["lunar_year"], index_where=campaigns.c.kind == "tet")
        row = (await self.session.execute(stmt.returning(*campaigns.c))).mappings().first()
        return None if row is None else campaign_of(row)

    async def tet_of(self, lunar_year: int) -> Campaign | None:
        stmt = select(campaigns).where(campaigns.c.lunar_year == lunar_year, campaigns.c.kind == "tet")
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else campaign_of(row)

    async def tet_before(self, lunar_year: int) -> Campaign | None:
        stmt = (
            select(campaigns)
            .where(campaigns.c.lunar_year < lunar_year, campaigns.c.kind == "tet")
            .order_by(campaigns.c.lunar_year.desc())
            .limit(1)
        )
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else campaign_of(row)

    async def get(self, campaign_id: uuid.UUID, *, lock: bool = False) -> Campaign | None:
        stmt = select(campaigns).where(campaigns.c.id == campaign_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else campaign_of(row)

    async def save(self, campaign: Campaign) -> Campaign:
        values = _values(campaign)
        del values["id"], values["created_at"]
        stmt = campaigns.update().where(campaigns.c.id == campaign.id).values(**values).returning(*campaigns.c)
        return campaign_of((await self.session.execute(stmt)).mappings().one())

    async def find(self, *, lunar_year: int | None, kind: str | None, page: PageRequest) -> Slice[Campaign]:
        stmt = select(campaigns)
        if lunar_year is not None:
            stmt = stmt.where(campaigns.c.lunar_year == lunar_year)
        if kind is not None:
            stmt = stmt.where(campaigns.c.kind == kind)
        return await offset_page(
            self.session,
            stmt,
            order_by=[campaigns.c.lunar_year.desc(), campaigns.c.starts_at.desc(), campaigns.c.id],
            page=page,
            kind=PAGE_KIND,
            entity=campaign_of,
        )

    async def names(self) -> list[tuple[uuid.UUID, str]]:
        rows = await self.session.execute(select(campaigns.c.id, campaigns.c.name))
        return [(row.id, row.name) for row in rows]

    async def overlapping(self, *, starts_at: datetime, ends_at: datetime) -> list[Campaign]:
        stmt = (
            select(campaigns)
            .where(campaigns.c.starts_at < ends_at, campaigns.c.ends_at > starts_at)
            .order_by(campaigns.c.starts_at, campaigns.c.id)
        )
        return [campaign_of(row) for row in (await self.session.execute(stmt)).mappings()]

    async def shifts_outside(
        self, campaign_id: uuid.UUID, *, starts_at: datetime, ends_at: datetime, side: Side, limit: int
    ) -> tuple[list[DatedShift], int]:
        outside = (
            shifts.c.starts_at < starts_at
            if side == "start"
            else and_(shifts.c.starts_at >= starts_at, shifts.c.ends_at > ends_at)
        )
        rows = (
            await self.session.execute(
                select(
                    shifts.c.id,
                    shifts.c.starts_at,
                    shifts.c.ends_at,
                    shifts.c.duty_type,
                    enterprises.c.name,
                    sites.c.name,
                    func.count().over(),
                )
                .join(enterprises, enterprises.c.id == shifts.c.enterprise_id)
                .outerjoin(sites, sites.c.id == shifts.c.site_id)
                .where(
                    shifts.c.campaign_id == campaign_id,
                    shifts.c.status != "cancelled",
                    outside,
                )
                .order_by(shifts.c.starts_at, shifts.c.id)
                .limit(limit)
            )
        ).all()
        return [DatedShift(*row[:6]) for row in rows], (rows[0][6] if rows else 0)

    async def one_off_requirements(self, campaign_id: uuid.UUID) -> list[DatedRequirement]:
        rows = (
            await self.session.execute(
                select(
                    requirements.c.id,
                    requirements.c.time_window,
                    requirements.c.duty_type,
                    enterprises.c.name,
                    sites.c.name,
                )
                .join(enterprises, enterprises.c.id == requirements.c.enterprise_id)
                .outerjoin(sites, sites.c.id == requirements.c.site_id)
                .where(requirements.c.campaign_id == campaign_id)
                .order_by(requirements.c.id)
            )
        ).all()
        return [
            DatedRequirement(
                req_id,
                datetime.fromisoformat(window["starts_at"]),
                datetime.fromisoformat(window["ends_at"]),
                duty_type,
                enterprise_name,
                site_name,
            )
            for req_id, window, duty_type, enterprise_name, site_name in rows
            if window.get("kind") == "one_off"
        ]
