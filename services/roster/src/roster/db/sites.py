"""Sites in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from typing import Protocol

from sqlalchemy import func, literal, select, union, union_all
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice

from ..domain.districts import Spelling
from ..domain.reference import Site, name_key
from .pages import Row, offset_page
from .search import by_name, districts_like, name_matches, with_name_keys
from .tables import enterprises, incidents, sites

PAGE_KIND = "sites"


class SiteRepository(Protocol):
    async def add(self, site: Site) -> bool:
        """Store a new site; False when its enterprise has a site of that name (`named`)."""
        ...

    async def named(self, enterprise_id: uuid.UUID, name: str, *, besides: uuid.UUID | None = None) -> Site | None:
        """The enterprise's site (other than `besides`) whose name is the same as `name` by
        `domain.reference.name_key`. Holds the name until the transaction ends, so that two
        transactions cannot both find it free and both take it."""
        ...

    async def get(self, site_id: uuid.UUID, *, lock: bool = False) -> Site | None: ...

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[Site]:
        """Every site of an enterprise."""
        ...

    async def save(self, site: Site) -> None:
        """Write a changed site (same id)."""
        ...

    async def districts(self) -> list[str]:
        """Every district the province's records are in, as written: those of the sites and of the incidents
        (an incident away from a site names its district), each spelling once."""
        ...

    async def spellings(self) -> list[Spelling]:
        """Every way the sites and incidents write a district, with how many sites and how many incidents write it
        so (those without a district left out)."""
        ...

    async def in_districts(self, spellings: Sequence[str]) -> list[Site]:
        """The sites whose district is written exactly as one of `spellings`, by id, held until the transaction
        ends (in that order, so two merges cannot deadlock)."""
        ...

    async def find(
        self,
        *,
        enterprise_id: uuid.UUID | None,
        border_area: bool | None,
        district: str | None,
        within: frozenset[uuid.UUID] | None,
        page: PageRequest,
        q: str | None = None,
    ) -> Slice[Site]:
        """Sites grouped by enterprise, the enterprises by name, then by site name (`search.by_name` both),
        of the enterprises ``within`` (None: all); ``q``: those whose name contains it (`search.name_matches`)."""
        ...


def site_of(row: Row) -> Site:
    return Site(
        id=row["id"],
        enterprise_id=row["enterprise_id"],
        name=row["name"],
        kind=row["kind"],
        district=row["district"],
        border_area=row["border_area"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class PgSites:
    """SiteRepository over the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, site: Site) -> bool:
        if await self.named(site.enterprise_id, site.name) is not None:
            return False
        stmt = (
            insert(sites)
            .values(**with_name_keys(sites, asdict(site)))
            .on_conflict_do_nothing(index_elements=["enterprise_id", "name"])
            .returning(sites.c.id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def named(self, enterprise_id: uuid.UUID, name: str, *, besides: uuid.UUID | None = None) -> Site | None:
        key = name_key(name)
        lock = func.hashtextextended(f"site name {enterprise_id} {key}", 0)
        await self.session.execute(select(func.pg_advisory_xact_lock(lock)))
        # An enterprise has tens of sites, not thousands: folded here rather than kept in a column.
        same = [s for s in await self.of_enterprise(enterprise_id) if name_key(s.name) == key and s.id != besides]
        return min(same, key=lambda s: s.created_at, default=None)

    async def get(self, site_id: uuid.UUID, *, lock: bool = False) -> Site | None:
        stmt = select(sites).where(sites.c.id == site_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return None if row is None else site_of(row)

    async def of_enterprise(self, enterprise_id: uuid.UUID) -> list[Site]:
        rows = (await self.session.execute(select(sites).where(sites.c.enterprise_id == enterprise_id))).mappings()
        return [site_of(r) for r in rows]

    async def save(self, site: Site) -> None:
        values = asdict(site)
        del values["id"], values["created_at"]
        await self.session.execute(sites.update().where(sites.c.id == site.id).values(**with_name_keys(sites, values)))

    async def districts(self) -> list[str]:
        stmt = union(
            select(sites.c.district.label("district")).where(sites.c.district.is_not(None)),
            select(incidents.c.district).where(incidents.c.district.is_not(None)),
        )
        return sorted(await self.session.scalars(stmt))

    async def spellings(self) -> list[Spelling]:
        written = union_all(
            select(sites.c.district.label("district"), literal(1).label("site"), literal(0).label("incident")).where(
                sites.c.district.is_not(None)
            ),
            select(incidents.c.district, literal(0), literal(1)).where(incidents.c.district.is_not(None)),
        ).subquery()
        stmt = (
            select(written.c.district, func.sum(written.c.site), func.sum(written.c.incident))
            .group_by(written.c.district)
            .order_by(written.c.district)
        )
        rows = (await self.session.execute(stmt)).all()
        return [
            Spelling(district, int(site_count), int(incident_count)) for district, site_count, incident_count in rows
        ]

    async def in_districts(self, spellings: Sequence[str]) -> list[Site]:
        stmt = select(sites).where(sites.c.district.in_(list(spellings))).order_by(sites.c.id).with_for_update()
        return [site_of(r) for r in (await self.session.execute(stmt)).mappings()]

    async def find(
        self,
        *,
        enterprise_id: uuid.UUID | None,
        border_area: bool | None,
        district: str | None,
        within: frozenset[uuid.UUID] | None,
        page: PageRequest,
        q: str | None = None,
    ) -> Slice[Site]:
        stmt = select(sites).join(enterprises, enterprises.c.id == sites.c.enterprise_id)
        if within is not None:
            stmt = stmt.where(sites.c.enterprise_id.in_(within))
        if enterprise_id:
            stmt = stmt.where(sites.c.enterprise_id == enterprise_id)
        if border_area is not None:
            stmt = stmt.where(sites.c.border_area == border_area)
        if district:
            stmt = stmt.where(sites.c.district.in_(await districts_like(self.session, sites.c.district, district)))
        if q:
            stmt = stmt.where(name_matches(sites, q))
        return await offset_page(
            self.session,
            stmt,
            order_by=[*by_name(enterprises), *by_name(sites)],
            page=page,
            kind=PAGE_KIND,
            entity=site_of,
        )
