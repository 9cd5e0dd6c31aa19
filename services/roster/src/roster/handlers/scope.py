"""Whose is what: the enterprise (and the people) an addressed item belongs to, read for the
access policy (api/policy.py decides), and `Visible`, what a caller's lists are narrowed to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Table, or_, select

from lichtruc.auth import Principal

from ..db.tables import requirements, shift_assignments, shifts, sites, staff, swaps
from .context import Context

NOBODY = uuid.UUID(int=0)

OWNED: dict[str, Table] = {"shift": shifts, "site": sites, "staff": staff, "requirement": requirements, "swap": swaps}


def _uuids(values: frozenset[str]) -> frozenset[uuid.UUID]:
    out = set()
    for value in values:
        try:
            out.add(uuid.UUID(value))
        except ValueError:
            continue  # a token names no such enterprise: it opens nothing
    return frozenset(out)


@dataclass(frozen=True)
class Visible:
    """What a caller's lists show: `enterprises` None means every enterprise; `staff_id` set
    means only that person's own records (shifts they are or were on, their swaps)."""

    enterprises: frozenset[uuid.UUID] | None = None
    staff_id: uuid.UUID | None = None

    @classmethod
    def to(cls, principal: Principal) -> Visible:
        visible = principal.visible_enterprises()
        enterprises = None if visible is None else _uuids(visible)
        if principal.role != "staff":
            return cls(enterprises)
        try:
            own = uuid.UUID(principal.staff_id or "")
        except ValueError:
            own = NOBODY  # a staff token without a staff record sees nothing
        return cls(enterprises, own)

    def where(self, enterprise_column) -> list:
        """The condition that keeps a table's rows to the visible enterprises."""
        return [] if self.enterprises is None else [enterprise_column.in_(self.enterprises)]


EVERYTHING = Visible()


async def enterprise_of(ctx: Context, kind: str, ident: uuid.UUID) -> uuid.UUID | None:
    """The enterprise a shift, site, staff member, requirement or swap belongs to; None if it does not exist."""
    table = OWNED[kind]
    async with ctx.sessions() as session:
        return await session.scalar(select(table.c.enterprise_id).where(table.c.id == ident))


@dataclass(frozen=True)
class Owners:
    """An item's enterprise and the people it is about."""

    enterprise_id: uuid.UUID
    people: frozenset[uuid.UUID]


async def shift_owners(ctx: Context, shift_id: uuid.UUID) -> Owners | None:
    """A shift's enterprise and everyone booked on it (a cancelled shift keeps its people)."""
    async with ctx.sessions() as session:
        enterprise_id = await session.scalar(select(shifts.c.enterprise_id).where(shifts.c.id == shift_id))
        if enterprise_id is None:
            return None
        people = (
            await session.execute(select(shift_assignments.c.staff_id).where(shift_assignments.c.shift_id == shift_id))
        ).scalars()
        return Owners(enterprise_id, frozenset(people))


async def swap_owners(ctx: Context, swap_id: uuid.UUID) -> Owners | None:
    """A swap's enterprise and the person handing over and the one named to take over."""
    async with ctx.sessions() as session:
        row = (
            await session.execute(
                select(swaps.c.enterprise_id, swaps.c.from_staff_id, swaps.c.to_staff_id).where(swaps.c.id == swap_id)
            )
        ).first()
    if row is None:
        return None
    return Owners(row.enterprise_id, frozenset(p for p in (row.from_staff_id, row.to_staff_id) if p is not None))


def own_swaps(staff_id: uuid.UUID):
    """The swaps a person is part of."""
    return or_(swaps.c.from_staff_id == staff_id, swaps.c.to_staff_id == staff_id)
