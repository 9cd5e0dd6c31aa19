"""Staffing requirements in PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    Select,
    and_,
    delete,
    false,
    func,
    null,
    select,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.requirements import (
    DepartmentFloor,
    Removal,
    Requirement,
    RequirementVersion,
    StaffingRequirement,
    window_from_json,
    window_to_json,
)
from .ports import RequirementFilter
from .tables import requirement_versions, requirements
from .visibility import visible_where

LIST_KIND = "requirements"
VERSIONS_KIND = "requirement-versions"


def to_requirement(row: Mapping[Any, Any]) -> StaffingRequirement:
    return StaffingRequirement(
        id=row["id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        site_id=row["site_id"],
        duty_type=row["duty_type"],
        window=window_from_json(row["time_window"]),
        minimum=row["minimum"],
        peak_minimum=row["peak_minimum"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        floor=DepartmentFloor(row["floor_minimum"], row["floor_peak_minimum"]) if row["department_default"] else None,
        removed=Removal(row["removed_at"], row["removed_from"]) if row.get("removed_at") is not None else None,
    )


def _removed_rows() -> Select[Any]:
    """Removed requirements in the columns of `requirements` (and removed_at, removed_from): each as its version
    before the removal said, its version the removal's, created when its first version was recorded. No row of
    `requirements` is left of a removed one; its versions are all there is."""
    gone = requirement_versions.alias("gone")
    last = requirement_versions.alias("last")
    first = (
        select(requirement_versions.c.requirement_id, func.min(requirement_versions.c.recorded_at).label("created_at"))
        .group_by(requirement_versions.c.requirement_id)
        .subquery("first")
    )
    return (
        select(
            last.c.requirement_id.label("id"),
            last.c.campaign_id,
            last.c.enterprise_id,
            last.c.site_id,
            last.c.duty_type,
            last.c.time_window,
            last.c.minimum,
            last.c.peak_minimum,
            gone.c.version,
            first.c.created_at,
            gone.c.recorded_at.label("updated_at"),
            false().label("department_default"),
            null().cast(Integer).label("floor_minimum"),
            null().cast(Integer).label("floor_peak_minimum"),
            gone.c.recorded_at.label("removed_at"),
            gone.c.applies_from.label("removed_from"),
        )
        .select_from(gone)
        .join(last, and_(last.c.requirement_id == gone.c.requirement_id, last.c.version == gone.c.version - 1))
        .join(first, first.c.requirement_id == gone.c.requirement_id)
        .where(gone.c.duty_type.is_(None))
    )


def _live_rows() -> Select[Any]:
    return select(
        *requirements.c,
        null().cast(DateTime(timezone=True)).label("removed_at"),
        null().cast(DateTime(timezone=True)).label("removed_from"),
    )


def _row(r: StaffingRequirement) -> dict[str, Any]:
    return {
        "id": r.id,
        "campaign_id": r.campaign_id,
        "enterprise_id": r.enterprise_id,
        "site_id": r.site_id,
        "duty_type": r.duty_type,
        "time_window": window_to_json(r.window),
        "minimum": r.minimum,
        "peak_minimum": r.peak_minimum,
        "version": r.version,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "department_default": r.floor is not None,
        "floor_minimum": None if r.floor is None else r.floor.minimum,
        "floor_peak_minimum": None if r.floor is None else r.floor.peak_minimum,
    }


def to_version(row: Mapping[Any, Any]) -> RequirementVersion:
    rule = None
    if row["duty_type"] is not None:
        rule = Requirement(
            row["requirement_id"],
            row["site_id"],
            row["duty_type"],
            window_from_json(row["time_window"]),
            row["minimum"],
            row["peak_minimum"],
        )
    return RequirementVersion(
        requirement_id=row["requirement_id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        version=row["version"],
        applies_from=row["applies_from"],
        rule=rule,
        recorded_at=row["recorded_at"],
    )


def _version_row(v: RequirementVersion) -> dict[str, Any]:
    r = v.rule
    return {
        "requirement_id": v.requirement_id,
        "version": v.version,
        "campaign_id": v.campaign_id,
        "enterprise_id": v.enterprise_id,
        "applies_from": v.applies_from,
        "site_id": None if r is None else r.site_id,
        "duty_type": None if r is None else r.duty_type,
        "time_window": None if r is None else window_to_json(r.window),
        "minimum": None if r is None else r.minimum,
        "peak_minimum": None if r is None else r.peak_minimum,
        "recorded_at": v.recorded_at,
    }


def _key(r: StaffingRequirement) -> tuple[uuid.UUID, str, datetime, uuid.UUID]:
    return (r.enterprise_id, r.duty_type, r.created_at, r.id)


KEY_TYPES = (uuid.UUID, str, datetime, uuid.UUID)
"""The types of `_key`, in order: what a cursor of the list holds."""


class PgRequirements:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> StaffingRequirement | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_requirement(row)

    async def get(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        return await self._one(select(requirements).where(requirements.c.id == requirement_id))

    async def lock(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        return await self._one(select(requirements).where(requirements.c.id == requirement_id).with_for_update())

    async def add(self, requirement: StaffingRequirement) -> None:
        await self.session.execute(requirements.insert().values(**_row(requirement)))

    async def save(self, requirement: StaffingRequirement) -> None:
        values = _row(requirement)
        del values["id"], values["created_at"]
        await self.session.execute(update(requirements).where(requirements.c.id == requirement.id).values(**values))

    async def remove(self, requirement_id: uuid.UUID) -> None:
        await self.session.execute(delete(requirements).where(requirements.c.id == requirement_id))

    async def record(self, version: RequirementVersion) -> None:
        await self.session.execute(requirement_versions.insert().values(**_version_row(version)))

    async def versions_of(self, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID) -> list[RequirementVersion]:
        rows = await self.session.execute(
            select(requirement_versions)
            .where(
                requirement_versions.c.campaign_id == campaign_id,
                requirement_versions.c.enterprise_id == enterprise_id,
            )
            .order_by(requirement_versions.c.requirement_id, requirement_versions.c.version)
        )
        return [to_version(r) for r in rows.mappings()]

    async def history(self, requirement_id: uuid.UUID, *, page: PageRequest) -> Slice[RequirementVersion]:
        mine = requirement_versions.c.requirement_id == requirement_id
        total = await self.session.scalar(select(func.count()).select_from(requirement_versions).where(mine))
        stmt = select(requirement_versions).where(mine)
        after = page.after(VERSIONS_KIND, int)
        if after is not None:
            stmt = stmt.where(requirement_versions.c.version > after[0])
        rows = await self.session.execute(stmt.order_by(requirement_versions.c.version).limit(page.limit + 1))
        found = [to_version(r) for r in rows.mappings()]
        return keyset(found, page.limit, VERSIONS_KIND, lambda v: (v.version,), total=int(total or 0))

    async def keys(
        self, *, campaign_ids: Iterable[uuid.UUID], site_ids: Iterable[uuid.UUID]
    ) -> set[tuple[uuid.UUID, uuid.UUID, str]]:
        rows = await self.session.execute(
            select(requirements.c.campaign_id, requirements.c.site_id, requirements.c.duty_type).where(
                requirements.c.campaign_id.in_(list(campaign_ids)),
                requirements.c.site_id.in_(list(site_ids)),
            )
        )
        return {(r.campaign_id, r.site_id, r.duty_type) for r in rows}

    async def page(self, f: RequirementFilter, *, visible: Visible, page: PageRequest) -> Slice[StaffingRequirement]:
        rows = _live_rows().union_all(_removed_rows()) if f.include_removed else _live_rows()
        r = rows.subquery("r")
        stmt = select(r).where(*visible_where(visible, r.c.enterprise_id))
        for column, value in (
            (r.c.campaign_id, f.campaign_id),
            (r.c.enterprise_id, f.enterprise_id),
            (r.c.site_id, f.site_id),
            (r.c.duty_type, f.duty_type),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        order = (r.c.enterprise_id, r.c.duty_type, r.c.created_at, r.c.id)
        after = page.after(LIST_KIND, *KEY_TYPES)
        if after is not None:
            stmt = stmt.where(tuple_(*order) > tuple_(*after))
        found = [
            to_requirement(x)
            for x in (await self.session.execute(stmt.order_by(*order).limit(page.limit + 1))).mappings()
        ]
        return keyset(found, page.limit, LIST_KIND, _key, total=int(total or 0))

    async def removed(self, requirement_id: uuid.UUID) -> StaffingRequirement | None:
        r = _removed_rows().subquery("r")
        row = (await self.session.execute(select(r).where(r.c.id == requirement_id))).mappings().first()
        return None if row is None else to_requirement(row)

    async def enterprise_of(self, requirement_id: uuid.UUID) -> uuid.UUID | None:
        # a removed requirement's versions still say whose it was: the policy's scope holds for it too
        return await self.session.scalar(
            select(
                func.coalesce(
                    select(requirements.c.enterprise_id).where(requirements.c.id == requirement_id).scalar_subquery(),
                    select(requirement_versions.c.enterprise_id)
                    .where(requirement_versions.c.requirement_id == requirement_id)
                    .limit(1)
                    .scalar_subquery(),
                )
            )
        )
