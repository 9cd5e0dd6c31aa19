"""Whose is what: the enterprise (and the people) an addressed item belongs to, read for the
access policy (api/policy.py decides). What a caller's lists are narrowed to is
`lichtruc.scope.Visible` (a staff member: `own_only`, and no drafts), applied by the repositories."""

from __future__ import annotations

import uuid

from ..db.ports import Owners
from .context import Context, reading

__all__ = ["Owners", "enterprise_of", "shift_owners", "swap_owners"]


async def enterprise_of(ctx: Context, kind: str, *, ident: uuid.UUID) -> uuid.UUID | None:
    """The enterprise a shift, site, staff member, requirement or swap belongs to; None if it does not exist."""
    async with reading(ctx) as repos:
        if kind == "shift":
            owners = await repos.shifts.owners(ident)
            return owners.enterprise_id if owners else None
        if kind == "swap":
            owners = await repos.swaps.owners(ident)
            return owners.enterprise_id if owners else None
        if kind == "daily_report":
            return await repos.daily_reports.enterprise_of(ident)
        if kind == "requirement":
            return await repos.requirements.enterprise_of(ident)
        if kind == "incident":
            return await repos.incidents.enterprise_of(ident)
        return await repos.facts.enterprise_of(kind, ident)


async def shift_owners(ctx: Context, shift_id: uuid.UUID) -> Owners | None:
    """A shift's enterprise, everyone booked on it (a cancelled shift keeps its people), and whether it
    is still a draft."""
    async with reading(ctx) as repos:
        return await repos.shifts.owners(shift_id)


async def swap_owners(ctx: Context, swap_id: uuid.UUID) -> Owners | None:
    """A swap's enterprise and the person handing over and the one named to take over."""
    async with reading(ctx) as repos:
        return await repos.swaps.owners(swap_id)
