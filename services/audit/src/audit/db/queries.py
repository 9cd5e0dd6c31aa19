"""Read-side queries for the inspectors' API (filters, stable order, keyset pages), reached
through the unit of work as ``unit.reads``; every answer is a typed record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, false, func, not_, or_, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import EVERYTHING, Visible
from lichtruc.text import fold

from ..domain import coverage
from ..domain.live import GapRecord, KeyRef, remaining
from ..domain.model import COUNTING_STATUSES, ENTITY_TYPES, Campaign, Enterprise, Shift, Site
from ..domain.sequences import SequenceGap
from .store import ENTITY_TABLES, from_row, segments_from_json
from .tables import (
    coverage_gaps,
    coverage_keys,
    enterprises,
    explanations,
    findings,
    sequence_gaps,
    shifts,
    sites,
    staff,
)

GAP_PAGES = "gaps"
SEQUENCE_GAP_PAGES = "sequence-gaps"
_CHAIN_LINKS = 16
"""How far a narrowed gap's chain of successors is followed (each link a later change that filled a part)."""


def enterprise_condition(column: Any, visible: Visible) -> ColumnElement[bool]:
    """`column` (an enterprise id) among those the caller may read."""
    if visible.enterprises is None:
        return true()
    if not visible.enterprises:
        return false()
    return column.in_(sorted(visible.enterprises))


@dataclass(frozen=True, slots=True)
class GapFilter:
    """What the caller asked for, and `visible`: what the caller may read."""

    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    sector: str | None = None
    duty_type: str | None = None
    site_id: uuid.UUID | None = None
    border: bool | None = None
    status: str | None = None  # open, closed (covered) or requirement_changed (closed by its requirement's change)
    peak: bool | None = None
    announced: bool | None = None
    district: str | None = None  # matched as names are: lichtruc.text.fold
    starts_before: datetime | None = None
    ends_after: datetime | None = None
    visible: Visible = EVERYTHING
    in_force: str = "all"  # "true", "false" or "all" (domain/inforce.py), judged at `now`
    opened_as: str | None = None  # "opened" or "narrowed" (domain/live.py `opened_as`)
    now: datetime | None = None
    # the state of its explanation (domain/explanations.py STATES); "unexplained": a gap owed one without one
    explanation: str | None = None


@dataclass(frozen=True, slots=True)
class GapPlace:
    """The names shown next to a gap's ids."""

    enterprise_name: str | None
    sector: str | None
    site_name: str | None
    border_area: bool | None
    district: str | None


@dataclass(frozen=True, slots=True)
class ListedGap:
    gap: GapRecord
    place: GapPlace
    replaced_by: tuple[GapRecord, ...] = ()  # what stands now for a closed gap (domain/live.py `remaining`)
    explanation: str | None = None  # its explanation's state (submitted, more_asked, accepted); None: none given
    # the gap filled in part whose explanation accounts for this one, a part left of it (`accounted_for`); None: none
    accounted_by: str | None = None
    # the counting shifts of its enterprise and duty type beginning at the end of an open gap, or of a closed gap's
    # successors still open (`replaced_by`): domain/live.py `gap_end` and `rest_ends` pick each one's key's and say
    # how its window ends
    ends_with: tuple[Shift, ...] = ()


@dataclass(frozen=True, slots=True)
class SequenceGapFilter:
    status: str | None = None
    aggregate_type: str | None = None
    aggregate_id: uuid.UUID | None = None
    partition_key: str | None = None


@dataclass(frozen=True, slots=True)
class KeyCoverage:
    """A key's stored timeline and open gaps (live coverage)."""

    key: KeyRef
    segments: list[coverage.Segment]
    open_gaps: list[GapRecord]


async def districts_like(session: AsyncSession, district: str | None) -> list[str] | None:
    """The districts stored on sites that are `district` as people type it (case and diacritics
    aside, lichtruc.text.fold, as names are matched); None when no district is asked for. A
    province has a few dozen, so they are folded here rather than in SQL."""
    if district is None:
        return None
    wanted = fold(district)
    stored = await session.scalars(select(sites.c.district).where(sites.c.district.is_not(None)).distinct())
    return sorted(d for d in stored if fold(d) == wanted)


def _filtered_gaps(f: GapFilter, districts: list[str] | None = None) -> Select[Any]:
    """`districts`: the stored spellings that match `f.district` (see Queries.districts_like)."""
    g = coverage_gaps.c
    stmt = select(
        coverage_gaps,
        enterprises.c.name.label("enterprise_name"),
        enterprises.c.sector,
        sites.c.name.label("site_name"),
        sites.c.border_area,
        sites.c.district,
        explanations.c.state.label("explanation_state"),
        accounted_by(g.gap_id).label("accounted_by"),
    ).select_from(
        coverage_gaps.outerjoin(enterprises, enterprises.c.enterprise_id == g.enterprise_id)
        .outerjoin(sites, sites.c.site_id == g.site_id)
        .outerjoin(explanations, and_(explanations.c.item_kind == "gap", explanations.c.item_id == g.gap_id))
    )
    conditions: list[ColumnElement[bool]] = []
    if not f.visible.everything:
        conditions.append(enterprise_condition(g.enterprise_id, f.visible))
    if f.campaign_id:
        conditions.append(g.campaign_id == f.campaign_id)
    if f.enterprise_id:
        conditions.append(g.enterprise_id == f.enterprise_id)
    if f.sector:
        conditions.append(enterprises.c.sector == f.sector)
    if f.duty_type:
        conditions.append(g.duty_type == f.duty_type)
    if f.site_id:
        conditions.append(g.site_id == f.site_id)
    if f.border is True:
        conditions.append(sites.c.border_area.is_(True))
    elif f.border is False:
        conditions.append(or_(sites.c.border_area.is_(False), sites.c.border_area.is_(None)))
    if f.status == "requirement_changed":  # closed with nobody added: its requirement lowered or removed (QZ11)
        conditions.append(g.closed_reason == "requirement_changed")
    elif f.status == "closed":  # covered: a gap closed by its requirement's change is not
        conditions.append(and_(g.status == "closed", g.closed_reason.is_distinct_from("requirement_changed")))
    elif f.status:
        conditions.append(g.status == f.status)
    if f.peak is not None:
        conditions.append(g.peak.is_(f.peak))
    if f.announced is not None:
        conditions.append(g.announced.is_(f.announced))
    if districts is not None:
        conditions.append(sites.c.district.in_(districts) if districts else false())
    if f.starts_before:
        conditions.append(g.starts_at < f.starts_before)
    if f.ends_after:
        conditions.append(g.ends_at > f.ends_after)
    if f.opened_as is not None:
        # the SQL form of live.opened_as: its opening change among its causes (a JSON array of the ids as text)
        opener = g.cause_event_ids.contains(func.to_jsonb(g.opened_by_event_id.cast(String)))
        conditions.append(opener if f.opened_as == "opened" else not_(opener))
    if f.in_force != "all":
        conditions.append(_in_force(f.now) if f.in_force == "true" else not_(_in_force(f.now)))
    if f.explanation == "unexplained":  # owed one (as the explanations' list says) and none given
        conditions.append(and_(explanations.c.state.is_(None), owed(f.now)))
    elif f.explanation:
        conditions.append(explanations.c.state == f.explanation)
    return stmt.where(and_(*conditions)) if conditions else stmt


def owed(now: datetime | None) -> ColumnElement[bool]:
    """The SQL form of domain/explanations.py `owes_explanation` at `now`: in force, not a hole that appeared after
    the readiness deadline and was closed before its hours began (`filled_in_time`), and not a part left of a gap
    filled in part that owes one (`accounted_for`: that gap's explanation accounts for it)."""
    g = coverage_gaps.c
    return and_(_in_force(now), not_(_filled_in_time(g)), g.gap_id.not_in(select(accounted_for("owed_apart").c.gap_id)))


def accounted_by(gap_id: Any) -> Any:
    """The gap whose explanation accounts for the gap `gap_id` (a column), as text; NULL for none (`accounted_for`)."""
    found = accounted_for("accounted_by")
    return select(func.min(found.c.by_gap_id.cast(String))).where(found.c.gap_id == gap_id).scalar_subquery()


def _filled_in_time(g: Any) -> ColumnElement[bool]:
    return and_(g.status == "closed", g.closed_at <= g.starts_at, g.in_force_from <= g.opened_at)


def took_over_part(closed: Any, part: Any) -> ColumnElement[bool]:
    """The SQL form of domain/live.py `is_successor`: `part` took over part of the closed gap `closed`'s window."""
    return and_(
        part.key_id == closed.key_id,
        part.gap_id != closed.gap_id,
        closed.status == "closed",
        closed.closed_seq.is_not(None),
        or_(part.opened_seq == closed.closed_seq, part.updated_seq == closed.closed_seq),
        part.starts_at < closed.ends_at,
        part.ends_at > closed.starts_at,
    )


def accounted_for(name: str = "accounted_for") -> Any:
    """The gaps another gap's explanation accounts for (domain/explanations.py `owes_explanation`), as (gap_id,
    by_gap_id): each part left of a gap filled in part (its successors, and theirs in turn) whose window that gap's
    held, when that gap owes an explanation by its own record — closed, it was in force and not filled in time — or is
    itself accounted for. A recursive CTE named `name` (one name per use in a statement)."""
    root, part = coverage_gaps.alias(f"{name}_root"), coverage_gaps.alias(f"{name}_part")
    owes = and_(root.c.closed_at > root.c.in_force_from, not_(_filled_in_time(root.c)))
    found = (
        select(part.c.gap_id, root.c.gap_id.label("by_gap_id"))
        .select_from(root.join(part, took_over_part(root.c, part.c)))
        .where(owes)
        .cte(name, recursive=True)
    )
    via, further = coverage_gaps.alias(f"{name}_via"), coverage_gaps.alias(f"{name}_further")
    return found.union(
        select(further.c.gap_id, found.c.by_gap_id).select_from(
            found.join(via, via.c.gap_id == found.c.gap_id).join(further, took_over_part(via.c, further.c))
        )
    )


def _in_force(now: datetime | None) -> ColumnElement[bool]:
    """The SQL form of inforce.is_in_force at `now` (a filter that asks it always has one)."""
    g = coverage_gaps.c
    return or_(
        and_(g.status == "closed", g.closed_at > g.in_force_from), and_(g.status == "open", g.in_force_from <= now)
    )


def _listed(row: Any) -> ListedGap:
    place = GapPlace(row["enterprise_name"], row["sector"], row["site_name"], row["border_area"], row["district"])
    return ListedGap(
        from_row(GapRecord, coverage_gaps, row),
        place,
        explanation=row.get("explanation_state"),
        accounted_by=row.get("accounted_by"),
    )


_OWNED = {
    "gap": (coverage_gaps, coverage_gaps.c.gap_id),
    "finding": (findings, findings.c.finding_id),
    "site": (sites, sites.c.site_id),
}


class Queries:
    """The inspectors' reads, in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ------------------------------------------------------------------------- gaps

    async def districts_like(self, district: str | None) -> list[str] | None:
        return await districts_like(self.session, district)

    async def gap_page(self, f: GapFilter, page: PageRequest) -> Slice[ListedGap]:
        """Gaps matching `f`, by start then id (keyset), with the names to show; and how many match."""
        stmt = _filtered_gaps(f, await self.districts_like(f.district))
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(GAP_PAGES, datetime, uuid.UUID)
        g = coverage_gaps.c
        if after is not None:
            stmt = stmt.where(tuple_(g.starts_at, g.gap_id) > tuple_(after[0], after[1]))
        stmt = stmt.order_by(g.starts_at, g.gap_id).limit(page.limit + 1)
        rows = (await self.session.execute(stmt)).mappings().all()
        return keyset(
            await self._with_ends(await self._with_successors([_listed(r) for r in rows])),
            page.limit,
            GAP_PAGES,
            lambda x: [x.gap.starts_at, uuid.UUID(x.gap.gap_id)],
            total=int(total or 0),
        )

    async def all_gaps(self, f: GapFilter) -> list[ListedGap]:
        """Every gap matching `f`, by start then id (the CSV export)."""
        stmt = _filtered_gaps(f, await self.districts_like(f.district)).order_by(
            coverage_gaps.c.starts_at, coverage_gaps.c.gap_id
        )
        found = [_listed(r) for r in (await self.session.execute(stmt)).mappings().all()]
        return await self._with_ends(await self._with_successors(found))

    async def gap(self, gap_id: uuid.UUID) -> ListedGap | None:
        stmt = _filtered_gaps(GapFilter()).where(coverage_gaps.c.gap_id == gap_id)
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else (await self._with_ends(await self._with_successors([_listed(row)])))[0]

    async def _with_ends(self, listed: list[ListedGap]) -> list[ListedGap]:
        """`listed` with, for each open gap and each closed gap's successors still open, the counting shifts of their
        enterprise and duty type that begin at their end (`ListedGap.ends_with`): one query for them all."""

        def ending(x: ListedGap) -> list[GapRecord]:
            return [x.gap] if x.gap.status == "open" else [s for s in x.replaced_by if s.status == "open"]

        ends = {(g.enterprise_id, g.duty_type, g.ends_at) for x in listed for g in ending(x)}
        if not ends:
            return listed
        s = shifts.c
        stmt = select(shifts).where(
            s.status.in_(sorted(COUNTING_STATUSES)),
            tuple_(s.enterprise_id, s.duty_type, s.starts_at).in_(
                [(uuid.UUID(e), d, at) for e, d, at in sorted(ends, key=lambda k: (k[2], k[0], k[1]))]
            ),
        )
        found = [from_row(Shift, shifts, r) for r in (await self.session.execute(stmt.order_by(s.shift_id))).mappings()]
        return [
            replace(
                x,
                ends_with=tuple(
                    f
                    for f in found
                    if any(
                        f.enterprise_id == g.enterprise_id and f.duty_type == g.duty_type and f.starts_at == g.ends_at
                        for g in ending(x)
                    )
                ),
            )
            for x in listed
        ]

    async def _with_successors(self, listed: list[ListedGap]) -> list[ListedGap]:
        """`listed` with what stands now for each closed gap's window (domain/live.py `remaining`): its
        successors — the gaps of its key opened or reshaped at the log position that closed it — and theirs
        in turn for a successor narrowed since; one query per link of the longest chain (most are one)."""
        closed = [x.gap for x in listed if x.gap.status == "closed" and x.gap.closed_seq is not None]
        if not closed:
            return listed
        g = coverage_gaps.c
        pool: dict[str, GapRecord] = {}
        frontier = closed
        for _ in range(_CHAIN_LINKS):
            keys = sorted({uuid.UUID(c.key_id) for c in frontier})
            seqs = sorted({c.closed_seq for c in frontier if c.closed_seq is not None})
            if not seqs:
                break
            stmt = select(coverage_gaps).where(g.key_id.in_(keys), or_(g.opened_seq.in_(seqs), g.updated_seq.in_(seqs)))
            found = [from_row(GapRecord, coverage_gaps, r) for r in (await self.session.execute(stmt)).mappings().all()]
            frontier = [c for c in found if c.gap_id not in pool and c.status == "closed"]
            pool.update((c.gap_id, c) for c in found)
        by_key: dict[str, list[GapRecord]] = {}
        for c in pool.values():
            by_key.setdefault(c.key_id, []).append(c)
        return [
            replace(x, replaced_by=remaining(x.gap, by_key.get(x.gap.key_id, ()))) if x.gap.status == "closed" else x
            for x in listed
        ]

    async def sequence_gap_page(self, f: SequenceGapFilter, page: PageRequest) -> Slice[SequenceGap]:
        """Sequence gaps matching `f`, in the order they were noticed (keyset); and how many match."""
        g = sequence_gaps.c
        conditions = [
            column == value
            for column, value in (
                (g.status, f.status),
                (g.aggregate_type, f.aggregate_type),
                (g.aggregate_id, f.aggregate_id),
                (g.partition_key, f.partition_key),
            )
            if value is not None
        ]
        total = await self.session.scalar(select(func.count()).select_from(sequence_gaps).where(*conditions))
        order = (g.noticed_seq, g.aggregate_type, g.aggregate_id, g.expected_version)
        after = page.after(SEQUENCE_GAP_PAGES, int, str, uuid.UUID, int)
        if after is not None:
            conditions.append(tuple_(*order) > tuple_(*after))
        rows = (
            (
                await self.session.execute(
                    select(sequence_gaps).where(*conditions).order_by(*order).limit(page.limit + 1)
                )
            )
            .mappings()
            .all()
        )
        return keyset(
            [from_row(SequenceGap, sequence_gaps, r) for r in rows],
            page.limit,
            SEQUENCE_GAP_PAGES,
            lambda x: [x.noticed_seq, x.aggregate_type, uuid.UUID(x.aggregate_id), x.expected_version],
            total=int(total or 0),
        )

    # --------------------------------------------------------------------- entities

    async def entity(self, collection: str, record_id: uuid.UUID) -> Any | None:
        table = ENTITY_TABLES[collection]
        row = (
            (await self.session.execute(select(table).where(table.primary_key.columns[0] == record_id)))
            .mappings()
            .first()
        )
        return from_row(ENTITY_TYPES[collection], table, row) if row is not None else None

    async def entities(self, collection: str, ids: Iterable[str]) -> dict[str, Any]:
        """The records of `collection` with these ids (as text), by id; an id that is none of its
        records, or no id at all, is left out."""
        wanted = set()
        for i in ids:
            try:
                wanted.add(uuid.UUID(i))
            except ValueError:
                continue
        if not wanted:
            return {}
        table = ENTITY_TABLES[collection]
        key = table.primary_key.columns[0]
        rows = (await self.session.execute(select(table).where(key.in_(sorted(wanted))))).mappings().all()
        return {str(r[key.name]): from_row(ENTITY_TYPES[collection], table, r) for r in rows}

    async def campaign(self, campaign_id: uuid.UUID) -> Campaign | None:
        found: Campaign | None = await self.entity("campaigns", campaign_id)
        return found

    async def site(self, site_id: uuid.UUID) -> Site | None:
        found: Site | None = await self.entity("sites", site_id)
        return found

    async def all_of(self, collection: str) -> list[Any]:
        table = ENTITY_TABLES[collection]
        rows = (await self.session.execute(select(table).order_by(table.primary_key.columns[0]))).mappings().all()
        return [from_row(ENTITY_TYPES[collection], table, r) for r in rows]

    async def campaigns(self) -> list[Campaign]:
        return await self.all_of("campaigns")

    async def enterprises(self, visible: Visible) -> list[Enterprise]:
        """The enterprises the caller may read, by id."""
        return [
            e
            for e in await self.all_of("enterprises")
            if visible.enterprises is None or uuid.UUID(e.enterprise_id) in visible.enterprises
        ]

    async def names(self) -> tuple[dict[str, Enterprise], dict[str, Site]]:
        """Every enterprise and site by id (to show names next to ids)."""
        ents = {e.enterprise_id: e for e in await self.all_of("enterprises")}
        sts = {s.site_id: s for s in await self.all_of("sites")}
        return ents, sts

    async def enterprise_names(self, ids: Sequence[str]) -> dict[str, str]:
        """The names of these enterprises (ids as text; ids that are not an enterprise's are left out)."""
        wanted: set[uuid.UUID] = set()
        for i in ids:
            try:
                wanted.add(uuid.UUID(i))
            except ValueError:
                continue
        if not wanted:
            return {}
        e = enterprises.c
        rows = await self.session.execute(select(e.enterprise_id, e.name).where(e.enterprise_id.in_(sorted(wanted))))
        return {str(r.enterprise_id): r.name for r in rows}

    async def staff_names(self, staff_ids: list[uuid.UUID]) -> dict[str, str]:
        if not staff_ids:
            return {}
        rows = await self.session.execute(
            select(staff.c.staff_id, staff.c.full_name).where(staff.c.staff_id.in_(staff_ids))
        )
        return {str(r.staff_id): r.full_name for r in rows}

    async def all_staff_names(self, enterprise_id: uuid.UUID) -> dict[str, str]:
        rows = await self.session.execute(
            select(staff.c.staff_id, staff.c.full_name).where(staff.c.enterprise_id == enterprise_id)
        )
        return {str(r.staff_id): r.full_name for r in rows}

    # --------------------------------------------------------------------- coverage

    async def live_coverage(
        self,
        campaign_id: uuid.UUID,
        *,
        enterprise_id: uuid.UUID | None = None,
        site_id: uuid.UUID | None = None,
        duty_type: str | None = None,
        visible: Visible = EVERYTHING,
    ) -> list[KeyCoverage]:
        """A campaign's keys (filtered, and only of the enterprises the caller may read) with their
        stored timelines and open gaps."""
        k = coverage_keys.c
        stmt = select(coverage_keys).where(k.campaign_id == campaign_id)
        if not visible.everything:
            stmt = stmt.where(enterprise_condition(k.enterprise_id, visible))
        if enterprise_id:
            stmt = stmt.where(k.enterprise_id == enterprise_id)
        if site_id:
            stmt = stmt.where(k.site_id == site_id)
        if duty_type:
            stmt = stmt.where(k.duty_type == duty_type)
        keys, segments = {}, {}
        for row in await self.session.execute(stmt):
            key_id = str(row.key_id)
            keys[key_id] = KeyRef(
                str(row.campaign_id), str(row.enterprise_id), str(row.site_id) if row.site_id else None, row.duty_type
            )
            segments[key_id] = segments_from_json(row.segments)
        if not keys:
            return []
        ids = [uuid.UUID(x) for x in keys]
        gaps: dict[str, list[GapRecord]] = {x: [] for x in keys}
        for r in (
            await self.session.execute(
                select(coverage_gaps)
                .where(coverage_gaps.c.key_id.in_(ids), coverage_gaps.c.status == "open")
                .order_by(coverage_gaps.c.starts_at)
            )
        ).mappings():
            gaps[str(r["key_id"])].append(from_row(GapRecord, coverage_gaps, r))
        ordered = sorted(keys.items(), key=lambda item: item[1].sort_key())
        return [KeyCoverage(key, segments[x], gaps[x]) for x, key in ordered]

    async def counting_shifts(
        self, campaign_id: uuid.UUID, *, enterprise_id: uuid.UUID | None = None, duty_type: str | None = None
    ) -> list[Shift]:
        """A campaign's counting shifts (published, checked in, completed) and those of no campaign (planned
        before campaigns existed: coverage counts them too), with each person's check-in: what presence
        (domain/presence.py) is judged from."""
        s = shifts.c
        stmt = select(shifts).where(
            or_(s.campaign_id == campaign_id, s.campaign_id.is_(None)), s.status.in_(sorted(COUNTING_STATUSES))
        )
        if enterprise_id:
            stmt = stmt.where(s.enterprise_id == enterprise_id)
        if duty_type:
            stmt = stmt.where(s.duty_type == duty_type)
        rows = (await self.session.execute(stmt.order_by(s.starts_at, s.shift_id))).mappings().all()
        return [from_row(Shift, shifts, r) for r in rows]

    async def shifts_on_post(
        self, *, site_id: uuid.UUID, enterprise_id: uuid.UUID, duty_type: str, at: datetime
    ) -> list[Shift]:
        """Counting shifts of a duty type under way at `at` that put people on the roster of a
        visit to the site: at it, covering it, or of its enterprise with no site (the whole
        enterprise's duty; domain.findings.expected_on_post tells them apart)."""
        s = shifts.c
        rows = (
            (
                await self.session.execute(
                    select(shifts)
                    .where(
                        or_(
                            s.site_id == site_id,
                            s.covers_site_ids.has_key(bindparam("covered", str(site_id), type_=String)),
                            and_(s.site_id.is_(None), s.enterprise_id == enterprise_id),
                        ),
                        s.duty_type == duty_type,
                        s.status.in_(sorted(COUNTING_STATUSES)),
                        s.starts_at <= at,
                        s.ends_at > at,
                    )
                    .order_by(s.starts_at, s.shift_id)
                )
            )
            .mappings()
            .all()
        )
        return [from_row(Shift, shifts, r) for r in rows]

    # ------------------------------------------------------- owners (for the access policy)

    async def owner_of(self, what: str, record_id: uuid.UUID) -> uuid.UUID | None:
        """The enterprise a gap, a finding or a site belongs to; None if there is no such record."""
        table, key = _OWNED[what]
        owner = await self.session.scalar(select(table.c.enterprise_id).where(key == record_id))
        return None if owner is None else uuid.UUID(str(owner))
