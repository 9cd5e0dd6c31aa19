"""Readiness checklist items and enterprises' marks on them, in PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice

from ..domain.readiness import ReadinessItem, ReadinessMark
from .pages import Row, offset_page
from .tables import readiness_items, readiness_marks

ITEMS_KIND = "readiness-items"


class ReadinessRepository(Protocol):
    async def get(self, item_id: uuid.UUID, *, lock: bool = False) -> ReadinessItem | None:
        """One item; ``lock`` holds it until the transaction ends."""
        ...

    async def add(self, item: ReadinessItem) -> None: ...

    async def save(self, item: ReadinessItem) -> None:
        """Write a changed item (same id)."""
        ...

    async def remove(self, item_id: uuid.UUID) -> None:
        """Drop an item and every enterprise's mark on it."""
        ...

    async def count(self, campaign_id: uuid.UUID) -> int: ...

    async def titles(self, campaign_id: uuid.UUID) -> set[tuple[str, str]]:
        """(sector, Vietnamese title) of each item of the campaign."""
        ...

    async def page(self, *, campaign_id: uuid.UUID, sector: str | None, page: PageRequest) -> Slice[ReadinessItem]:
        """A campaign's items by sector, position, title then id (offset paging), with the total."""
        ...

    async def of_sector(self, *, campaign_id: uuid.UUID, sector: str) -> list[ReadinessItem]:
        """Every item of a sector in a campaign, in checklist order."""
        ...

    async def mark(
        self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, lock: bool = False
    ) -> ReadinessMark | None: ...

    async def put_mark(self, mark: ReadinessMark) -> None:
        """Insert or replace an enterprise's mark on an item."""
        ...

    async def marks(self, item_ids: list[uuid.UUID], enterprise_id: uuid.UUID) -> dict[uuid.UUID, ReadinessMark]: ...


def to_item(row: Row) -> ReadinessItem:
    return ReadinessItem(
        id=row["id"],
        campaign_id=row["campaign_id"],
        sector=row["sector"],
        title_vi=row["title_vi"],
        title_en=row["title_en"],
        description=row["description"],
        due_at=row["due_at"],
        due_date=row["due_date"],
        position=row["position"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _item_row(item: ReadinessItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "campaign_id": item.campaign_id,
        "sector": item.sector,
        "title_vi": item.title_vi,
        "title_en": item.title_en,
        "description": item.description,
        "due_at": item.due_at,
        "due_date": item.due_date,
        "position": item.position,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def to_mark(row: Row) -> ReadinessMark:
    return ReadinessMark(
        item_id=row["item_id"],
        enterprise_id=row["enterprise_id"],
        done=row["done"],
        note=row["note"],
        reference=row["reference"],
        done_at=row["done_at"],
        done_by=row["done_by"],
        version=row["version"],
        updated_at=row["updated_at"],
    )


_ORDER = (
    readiness_items.c.sector,
    readiness_items.c.position,
    readiness_items.c.title_vi,
    readiness_items.c.id,
)


class PgReadiness:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, item_id: uuid.UUID, *, lock: bool = False) -> ReadinessItem | None:
        stmt = select(readiness_items).where(readiness_items.c.id == item_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_item(row)

    async def add(self, item: ReadinessItem) -> None:
        await self.session.execute(readiness_items.insert().values(**_item_row(item)))

    async def save(self, item: ReadinessItem) -> None:
        values = _item_row(item)
        del values["id"], values["created_at"]
        await self.session.execute(update(readiness_items).where(readiness_items.c.id == item.id).values(**values))

    async def remove(self, item_id: uuid.UUID) -> None:
        await self.session.execute(delete(readiness_marks).where(readiness_marks.c.item_id == item_id))
        await self.session.execute(delete(readiness_items).where(readiness_items.c.id == item_id))

    async def count(self, campaign_id: uuid.UUID) -> int:
        found = await self.session.scalar(
            select(func.count()).select_from(readiness_items).where(readiness_items.c.campaign_id == campaign_id)
        )
        return int(found or 0)

    async def titles(self, campaign_id: uuid.UUID) -> set[tuple[str, str]]:
        rows = await self.session.execute(
            select(readiness_items.c.sector, readiness_items.c.title_vi).where(
                readiness_items.c.campaign_id == campaign_id
            )
        )
        return {(r.sector, r.title_vi) for r in rows}

    async def page(self, *, campaign_id: uuid.UUID, sector: str | None, page: PageRequest) -> Slice[ReadinessItem]:
        stmt = select(readiness_items).where(readiness_items.c.campaign_id == campaign_id)
        if sector is not None:
            stmt = stmt.where(readiness_items.c.sector == sector)
        return await offset_page(self.session, stmt, order_by=_ORDER, page=page, kind=ITEMS_KIND, entity=to_item)

    async def of_sector(self, *, campaign_id: uuid.UUID, sector: str) -> list[ReadinessItem]:
        rows = await self.session.execute(
            select(readiness_items)
            .where(readiness_items.c.campaign_id == campaign_id, readiness_items.c.sector == sector)
            .order_by(*_ORDER)
        )
        return [to_item(r) for r in rows.mappings()]

    async def mark(self, item_id: uuid.UUID, enterprise_id: uuid.UUID, *, lock: bool = False) -> ReadinessMark | None:
        stmt = select(readiness_marks).where(
            readiness_marks.c.item_id == item_id, readiness_marks.c.enterprise_id == enterprise_id
        )
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_mark(row)

    async def put_mark(self, mark: ReadinessMark) -> None:
        values = {
            "item_id": mark.item_id,
            "enterprise_id": mark.enterprise_id,
            "done": mark.done,
            "note": mark.note,
            "reference": mark.reference,
            "done_at": mark.done_at,
            "done_by": mark.done_by,
            "version": mark.version,
            "updated_at": mark.updated_at,
        }
        if mark.version == 1:  # a second first mark at the same time is refused by the key (409)
            await self.session.execute(insert(readiness_marks).values(**values))
            return
        await self.session.execute(
            update(readiness_marks)
            .where(readiness_marks.c.item_id == mark.item_id, readiness_marks.c.enterprise_id == mark.enterprise_id)
            .values(**values)
        )

    async def marks(self, item_ids: list[uuid.UUID], enterprise_id: uuid.UUID) -> dict[uuid.UUID, ReadinessMark]:
        if not item_ids:
            return {}
        rows = await self.session.execute(
            select(readiness_marks).where(
                readiness_marks.c.item_id.in_(item_ids), readiness_marks.c.enterprise_id == enterprise_id
            )
        )
        return {r["item_id"]: to_mark(r) for r in rows.mappings()}
