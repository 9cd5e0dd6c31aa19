"""Read-side queries for the inspectors' API (filters, stable order, pages)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain import coverage
from ..domain.live import GapRecord, KeyRef
from ..domain.model import COUNTING_STATUSES, ENTITY_TYPES, Campaign, Enterprise, Shift, Site
from ..domain.sequences import SequenceGap
from .store import ENTITY_TABLES, from_row, segments_from_json
from .tables import (
    coverage_gaps,
    coverage_keys,
    enterprises,
    event_log,
    findings,
    sequence_gaps,
    shifts,
    sites,
    staff,
)


def enterprise_uuids(within: frozenset[str]) -> list[uuid.UUID]:
    """The caller's enterprise ids as the tables store them (an id that is no UUID matches nothing)."""
    found = []
    for value in within:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


@dataclass(frozen=True, slots=True)
class GapFilter:
    """What the caller asked for, and `within`: the enterprises the caller may read (None: all)."""

    campaign_id: uuid.UUID | None = None
    enterprise_id: uuid.UUID | None = None
    sector: str | None = None
    duty_type: str | None = None
    site_id: uuid.UUID | None = None
    border: bool | None = None
    status: str | None = None
    peak: bool | None = None
    alerted: bool | None = None
    starts_before: datetime | None = None
    ends_after: datetime | None = None
    within: frozenset[str] | None = None
    in_force: str = "all"  # "true", "false" or "all" (domain/inforce.py), judged at `now`
    now: datetime | None = None


_SHOWN = ("enterprise_name", "sector", "site_name", "border_area", "district")


def _filtered_gaps(f: GapFilter) -> Select:
    g = coverage_gaps.c
    stmt = select(
        coverage_gaps,
        enterprises.c.name.label("enterprise_name"),
        enterprises.c.sector,
        sites.c.name.label("site_name"),
        sites.c.border_area,
        sites.c.district,
    ).select_from(
        coverage_gaps.outerjoin(enterprises, enterprises.c.enterprise_id == g.enterprise_id).outerjoin(
            sites, sites.c.site_id == g.site_id
        )
    )
    conditions = []
    if f.within is not None:
        conditions.append(g.enterprise_id.in_(enterprise_uuids(f.within)))
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
    if f.status:
        conditions.append(g.status == f.status)
    if f.peak is not None:
        conditions.append(g.peak.is_(f.peak))
    if f.alerted is not None:
        conditions.append(g.alerted.is_(f.alerted))
    if f.starts_before:
        conditions.append(g.starts_at < f.starts_before)
    if f.ends_after:
        conditions.append(g.ends_at > f.ends_after)
    if f.in_force != "all":
        # the SQL form of inforce.is_in_force
        in_force = or_(
            and_(g.status == "closed", g.closed_at > g.in_force_from),
            and_(g.status == "open", g.in_force_from <= f.now),
        )
        conditions.append(in_force if f.in_force == "true" else not_(in_force))
    return stmt.where(and_(*conditions)) if conditions else stmt


async def gap_page(
    session: AsyncSession, f: GapFilter, *, offset: int, limit: int | None
) -> tuple[list[tuple[GapRecord, dict[str, Any]]], int]:
    """Gaps matching `f`, by start then id, with the names to show; and how many match in all."""
    stmt = _filtered_gaps(f)
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    stmt = stmt.order_by(coverage_gaps.c.starts_at, coverage_gaps.c.gap_id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = (await session.execute(stmt)).mappings().all()
    return [(from_row(GapRecord, coverage_gaps, r), {k: r[k] for k in _SHOWN}) for r in rows], int(total or 0)


async def gap(session: AsyncSession, gap_id: uuid.UUID) -> tuple[GapRecord, dict[str, Any]] | None:
    stmt = _filtered_gaps(GapFilter()).where(coverage_gaps.c.gap_id == gap_id)
    row = (await session.execute(stmt)).mappings().first()
    if row is None:
        return None
    return from_row(GapRecord, coverage_gaps, row), {k: row[k] for k in _SHOWN}


@dataclass(frozen=True, slots=True)
class SequenceGapFilter:
    status: str | None = None
    aggregate_type: str | None = None
    aggregate_id: uuid.UUID | None = None
    partition_key: str | None = None


async def sequence_gap_page(
    session: AsyncSession, f: SequenceGapFilter, *, offset: int, limit: int
) -> tuple[list[SequenceGap], int]:
    """Sequence gaps matching `f`, in the order they were noticed; and how many match in all."""
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
    total = await session.scalar(select(func.count()).select_from(sequence_gaps).where(*conditions))
    rows = (
        (
            await session.execute(
                select(sequence_gaps)
                .where(*conditions)
                .order_by(g.noticed_seq, g.aggregate_type, g.aggregate_id, g.expected_version)
                .offset(offset)
                .limit(limit)
            )
        )
        .mappings()
        .all()
    )
    return [from_row(SequenceGap, sequence_gaps, r) for r in rows], int(total or 0)


async def entity(session: AsyncSession, collection: str, record_id: uuid.UUID) -> Any | None:
    table = ENTITY_TABLES[collection]
    row = (await session.execute(select(table).where(table.primary_key.columns[0] == record_id))).mappings().first()
    return from_row(ENTITY_TYPES[collection], table, row) if row is not None else None


async def all_of(session: AsyncSession, collection: str) -> list[Any]:
    table = ENTITY_TABLES[collection]
    rows = (await session.execute(select(table).order_by(table.primary_key.columns[0]))).mappings().all()
    return [from_row(ENTITY_TYPES[collection], table, r) for r in rows]


async def live_coverage(
    session: AsyncSession,
    campaign_id: uuid.UUID,
    *,
    enterprise_id: uuid.UUID | None = None,
    site_id: uuid.UUID | None = None,
    duty_type: str | None = None,
    within: frozenset[str] | None = None,
) -> list[tuple[KeyRef, list[coverage.Segment], list[GapRecord]]]:
    """A campaign's keys (filtered, and only of the enterprises `within` unless None) with their
    stored timelines and open gaps."""
    k = coverage_keys.c
    stmt = select(coverage_keys).where(k.campaign_id == campaign_id)
    if within is not None:
        stmt = stmt.where(k.enterprise_id.in_(enterprise_uuids(within)))
    if enterprise_id:
        stmt = stmt.where(k.enterprise_id == enterprise_id)
    if site_id:
        stmt = stmt.where(k.site_id == site_id)
    if duty_type:
        stmt = stmt.where(k.duty_type == duty_type)
    keys, segments = {}, {}
    for r in await session.execute(stmt):
        key_id = str(r.key_id)
        keys[key_id] = KeyRef(
            str(r.campaign_id), str(r.enterprise_id), str(r.site_id) if r.site_id else None, r.duty_type
        )
        segments[key_id] = segments_from_json(r.segments)
    if not keys:
        return []
    ids = [uuid.UUID(x) for x in keys]
    gaps: dict[str, list[GapRecord]] = {x: [] for x in keys}
    for r in (
        await session.execute(
            select(coverage_gaps)
            .where(coverage_gaps.c.key_id.in_(ids), coverage_gaps.c.status == "open")
            .order_by(coverage_gaps.c.starts_at)
        )
    ).mappings():
        gaps[str(r["key_id"])].append(from_row(GapRecord, coverage_gaps, r))
    ordered = sorted(keys.items(), key=lambda item: item[1].sort_key())
    return [(key, segments[x], gaps[x]) for x, key in ordered]


async def shifts_on_post(session: AsyncSession, *, site_id: uuid.UUID, duty_type: str, at: datetime) -> list[Shift]:
    """Counting shifts at a site (or covering it) and duty type under way at `at`."""
    s = shifts.c
    rows = (
        (
            await session.execute(
                select(shifts)
                .where(
                    or_(
                        s.site_id == site_id,
                        s.covers_site_ids.has_key(bindparam("covered", str(site_id), type_=String)),
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


async def staff_names(session: AsyncSession, staff_ids: list[uuid.UUID]) -> dict[str, str]:
    if not staff_ids:
        return {}
    rows = await session.execute(select(staff.c.staff_id, staff.c.full_name).where(staff.c.staff_id.in_(staff_ids)))
    return {str(r.staff_id): r.full_name for r in rows}


async def names(session: AsyncSession) -> tuple[dict[str, Enterprise], dict[str, Site]]:
    """Every enterprise and site by id (to show names next to ids)."""
    ents = {e.enterprise_id: e for e in await all_of(session, "enterprises")}
    sts = {s.site_id: s for s in await all_of(session, "sites")}
    return ents, sts


async def campaign_list(session: AsyncSession) -> list[Campaign]:
    return await all_of(session, "campaigns")


async def history_page(
    session: AsyncSession,
    enterprise_id: uuid.UUID,
    *,
    after: int,
    limit: int,
    event_type: str | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
) -> list[Any]:
    """Log records keyed by the enterprise, oldest first, from `after` on (limit + 1 rows: the caller pages)."""
    e = event_log.c
    stmt = select(e.seq, e.event_id, e.event_type, e.subject, e.event_time, e.received_at, e.canonical).where(
        e.partition_key == str(enterprise_id), e.seq > after
    )
    if event_type:
        stmt = stmt.where(e.event_type == event_type)
    if received_from:
        stmt = stmt.where(e.received_at >= received_from)
    if received_to:
        stmt = stmt.where(e.received_at < received_to)
    return (await session.execute(stmt.order_by(e.seq).limit(limit + 1))).all()


async def all_staff_names(session: AsyncSession, enterprise_id: uuid.UUID) -> dict[str, str]:
    rows = await session.execute(
        select(staff.c.staff_id, staff.c.full_name).where(staff.c.enterprise_id == enterprise_id)
    )
    return {str(r.staff_id): r.full_name for r in rows}


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """What the caller asked for, and `within`: the enterprises the caller may read (None: all)."""

    enterprise_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    duty_type: str | None = None
    observed_from: datetime | None = None
    observed_to: datetime | None = None
    with_discrepancies: bool | None = None
    within: frozenset[str] | None = None


async def findings_page(session: AsyncSession, f: FindingFilter, *, after: int, limit: int) -> list[Any]:
    c = findings.c
    stmt = select(findings).where(c.seq > after)
    if f.within is not None:
        stmt = stmt.where(c.enterprise_id.in_(enterprise_uuids(f.within)))
    if f.enterprise_id:
        stmt = stmt.where(c.enterprise_id == f.enterprise_id)
    if f.site_id:
        stmt = stmt.where(c.site_id == f.site_id)
    if f.duty_type:
        stmt = stmt.where(c.duty_type == f.duty_type)
    if f.observed_from:
        stmt = stmt.where(c.observed_at >= f.observed_from)
    if f.observed_to:
        stmt = stmt.where(c.observed_at < f.observed_to)
    if f.with_discrepancies is True:
        stmt = stmt.where(c.discrepancy_count > 0)
    elif f.with_discrepancies is False:
        stmt = stmt.where(c.discrepancy_count == 0)
    return (await session.execute(stmt.order_by(c.seq).limit(limit + 1))).all()


# ------------------------------------------------------------------ owners (for the access policy)


_OWNED = {
    "gap": (coverage_gaps, coverage_gaps.c.gap_id),
    "finding": (findings, findings.c.finding_id),
    "site": (sites, sites.c.site_id),
}


async def owner_of(session: AsyncSession, what: str, record_id: uuid.UUID) -> str | None:
    """The enterprise a gap, a finding or a site belongs to; None if there is no such record."""
    table, key = _OWNED[what]
    owner = await session.scalar(select(table.c.enterprise_id).where(key == record_id))
    return None if owner is None else str(owner)


async def event_kinds(session: AsyncSession, event_ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, str, datetime]]:
    """Type and time of each of these logged events (a gap's causes)."""
    return [
        tuple(r)
        for r in (
            await session.execute(
                select(event_log.c.event_id, event_log.c.event_type, event_log.c.event_time).where(
                    event_log.c.event_id.in_(list(event_ids))
                )
            )
        ).all()
    ]
