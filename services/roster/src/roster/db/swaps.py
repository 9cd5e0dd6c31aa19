"""Swap requests in PostgreSQL, each read in one query with what a person needs to read it: the
names of the one handing over and the one named to take over, and the shift (duty type, site name,
times)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, and_, cast, exists, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import aggregate_order_by, insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.swaps import Swap, SwapCandidate, SwapShift
from .bookings import overlapping
from .pages import offset_page
from .ports import CandidateQuery, Owners, SwapFilter
from .search import by_name
from .tables import shift_assignments, shifts, sites, staff, swaps
from .visibility import visible_where

LIST_KIND = "swaps"
CANDIDATES_KIND = "swap-candidates"
_FIELDS = [c.name for c in swaps.columns]  # what is stored; the names and the shift are read with it
assert set(_FIELDS) <= {f.name for f in dataclasses.fields(Swap)}

_giver = staff.alias("giver")
_taker = staff.alias("taker")
_covered = sites.alias("covered")
_covers_names = (  # the further sites the shift covers (covers_site_ids), by name in one correlated read
    select(func.array_agg(aggregate_order_by(_covered.c.name, _covered.c.name)))
    .where(shifts.c.covers_site_ids.has_key(cast(_covered.c.id, Text)))
    .correlate(shifts)
    .scalar_subquery()
)


def _described() -> Select[Any]:
    """A request with the names and its shift, in one query (outer joins: a request is listed even
    if a record it names is gone)."""
    return (
        select(
            swaps,
            _giver.c.full_name.label("from_name"),
            _taker.c.full_name.label("to_name"),
            shifts.c.duty_type.label("shift_duty_type"),
            shifts.c.starts_at.label("shift_starts_at"),
            shifts.c.ends_at.label("shift_ends_at"),
            sites.c.name.label("shift_site_name"),
            _covers_names.label("shift_covers_names"),
        )
        .select_from(swaps)
        .outerjoin(_giver, _giver.c.id == swaps.c.from_staff_id)
        .outerjoin(_taker, _taker.c.id == swaps.c.to_staff_id)
        .outerjoin(shifts, shifts.c.id == swaps.c.shift_id)
        .outerjoin(sites, sites.c.id == shifts.c.site_id)
    )


def _candidates(q: CandidateQuery) -> Select[Any]:
    """Who could take the shift over, with whether each shared a shift with the asker."""
    busy = shift_assignments.alias("busy")
    mine = shift_assignments.alias("mine")
    theirs = shift_assignments.alias("theirs")
    shared = (
        exists()
        .where(
            mine.c.staff_id == q.asker,
            theirs.c.shift_id == mine.c.shift_id,
            theirs.c.staff_id == staff.c.id,
            mine.c.active,
            theirs.c.active,
        )
        .where(shifts.c.id == mine.c.shift_id, shifts.c.status != "draft", shifts.c.starts_at <= q.now)
    )
    stmt = select(
        staff.c.id,
        staff.c.full_name,
        staff.c.phone,
        staff.c.email,
        shared.label("shared_shift"),
    ).where(
        staff.c.enterprise_id == q.enterprise_id,
        staff.c.active,
        staff.c.qualifications.contains([q.qualification]),
        ~exists().where(busy.c.person_id == staff.c.person_id, *overlapping(busy, q.starts_at, q.ends_at)),
    )
    return stmt.where(staff.c.id.not_in(list(q.on_shift))) if q.on_shift else stmt


def _candidate(row: Mapping[Any, Any]) -> SwapCandidate:
    return SwapCandidate(
        staff_id=row["id"],
        full_name=row["full_name"],
        shared_shift=bool(row["shared_shift"]),
        phone=row["phone"],
        email=row["email"],
    )


def to_swap(row: Mapping[Any, Any]) -> Swap:
    about = None
    if row.get("shift_duty_type") is not None:
        about = SwapShift(
            duty_type=row["shift_duty_type"],
            starts_at=row["shift_starts_at"],
            ends_at=row["shift_ends_at"],
            site_name=row["shift_site_name"],
            covers_site_names=tuple(row.get("shift_covers_names") or ()),
        )
    return Swap(**{k: row[k] for k in _FIELDS}, from_name=row.get("from_name"), to_name=row.get("to_name"), about=about)


def _row(swap: Swap) -> dict[str, Any]:
    return {k: getattr(swap, k) for k in _FIELDS}


def own_swaps(staff_id: uuid.UUID) -> ColumnElement[bool]:
    """The swaps a person is part of."""
    return or_(swaps.c.from_staff_id == staff_id, swaps.c.to_staff_id == staff_id)


def conditions(f: SwapFilter, visible: Visible) -> list[ColumnElement[bool]]:
    """The requests `f` asks for, of those the caller may see."""
    found = visible_where(visible, swaps.c.enterprise_id)
    if visible.own_only and visible.staff_id is not None:
        found.append(own_swaps(visible.staff_id))
    if f.shift_id:
        found.append(swaps.c.shift_id == f.shift_id)
    if f.enterprise_id:
        found.append(swaps.c.enterprise_id == f.enterprise_id)
    if f.staff_id:
        found.append(own_swaps(f.staff_id))
    if f.status and f.now is not None and f.status in ("requested", "lapsed"):
        begun = swaps.c.shift_id.in_(select(shifts.c.id).where(shifts.c.starts_at <= f.now))
        if f.status == "requested":  # still to decide
            found += [swaps.c.status == "requested", ~begun]
        else:  # stored so, or waiting when the shift began (Swap.as_of)
            found.append(or_(swaps.c.status == "lapsed", and_(swaps.c.status == "requested", begun)))
    elif f.status:
        found.append(swaps.c.status == f.status)
    return found


class PgSwaps:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> Swap | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_swap(row)

    async def get(self, swap_id: uuid.UUID) -> Swap | None:
        return await self._one(_described().where(swaps.c.id == swap_id))

    async def lock(self, swap_id: uuid.UUID) -> Swap | None:
        return await self._one(select(swaps).where(swaps.c.id == swap_id).with_for_update())

    async def add(self, swap: Swap) -> uuid.UUID | None:
        stmt = (
            insert(swaps)
            .values(**_row(swap))
            .on_conflict_do_nothing(
                index_elements=["shift_id", "from_staff_id"], index_where=swaps.c.status == "requested"
            )
            .returning(swaps.c.id)
        )
        if await self.session.scalar(stmt) is not None:
            return None
        return await self.session.scalar(
            select(swaps.c.id).where(
                swaps.c.shift_id == swap.shift_id,
                swaps.c.from_staff_id == swap.from_staff_id,
                swaps.c.status == "requested",
            )
        )

    async def save(self, swap: Swap) -> None:
        values = _row(swap)
        del values["id"], values["created_at"]
        await self.session.execute(update(swaps).where(swaps.c.id == swap.id).values(**values))

    async def started_waiting(self, now: datetime, *, limit: int) -> list[Swap]:
        stmt = (
            select(swaps)
            .where(
                swaps.c.status == "requested",
                swaps.c.shift_id.in_(select(shifts.c.id).where(shifts.c.starts_at <= now)),
            )
            .order_by(swaps.c.created_at, swaps.c.id)
            .limit(limit)
            .with_for_update(of=swaps, skip_locked=True)
        )
        return [to_swap(r) for r in (await self.session.execute(stmt)).mappings()]

    async def page(self, f: SwapFilter, *, visible: Visible, page: PageRequest) -> Slice[Swap]:
        where = conditions(f, visible)
        total = await self.session.scalar(select(func.count()).select_from(swaps).where(*where))
        stmt = _described().where(*where)
        after = page.after(LIST_KIND, datetime, uuid.UUID)
        if after is not None:
            stmt = stmt.where(tuple_(swaps.c.created_at, swaps.c.id) > tuple_(*after))
        rows = await self.session.execute(stmt.order_by(swaps.c.created_at, swaps.c.id).limit(page.limit + 1))
        found = [to_swap(r) for r in rows.mappings()]
        return keyset(found, page.limit, LIST_KIND, lambda s: (s.created_at, s.id), total=int(total or 0))

    async def owners(self, swap_id: uuid.UUID) -> Owners | None:
        swap = await self._one(select(swaps).where(swaps.c.id == swap_id))
        return None if swap is None else Owners(swap.enterprise_id, swap.people, asker=swap.from_staff_id)

    async def candidates(self, q: CandidateQuery, *, page: PageRequest) -> Slice[SwapCandidate]:
        return await offset_page(
            self.session, _candidates(q), order_by=by_name(staff), page=page, kind=CANDIDATES_KIND, entity=_candidate
        )
