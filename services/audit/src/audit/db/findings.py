"""Inspection findings in PostgreSQL: append-only, in a hash chain of their own (held by an
advisory lock while one is added), listed with filters and keyset pages."""

from __future__ import annotations

import json
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import EVERYTHING, Visible

from ..domain.chain import GENESIS, StoredLink, canonical_bytes, link_hash
from .queries import enterprise_condition
from .tables import explanations, findings

FINDINGS_LOCK = zlib.crc32(b"lichtruc-audit-findings")
FINDING_PAGES = "findings"
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """A recorded finding: its place in the findings' chain and the document as recorded."""

    seq: int
    doc: dict[str, Any]
    hash: str = ""
    """Its link hash in the findings' chain (given by `add` only: what its log record cites)."""
    explanation: str | None = None
    """Its explanation's state (submitted, more_asked, accepted; given by `page` only); None: none given."""


@dataclass(frozen=True, slots=True)
class NewFinding:
    """What is stored of a new finding besides its document (the columns lists filter on)."""

    finding_id: uuid.UUID
    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    observed_at: datetime
    recorded_at: datetime
    discrepancy_count: int
    doc: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """What the caller asked for, and `visible`: what the caller may read."""

    enterprise_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    duty_type: str | None = None
    observed_from: datetime | None = None
    observed_to: datetime | None = None
    with_discrepancies: bool | None = None
    visible: Visible = EVERYTHING
    explanation: str | None = None
    """The state of its explanation (domain/explanations.py STATES); "unexplained": discrepancies and none given."""


class Findings:
    """The findings, in the caller's transaction (it never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        """Hold the findings' chain until the transaction ends: one tip."""
        await self.session.execute(_LOCK, {"k": FINDINGS_LOCK})

    async def get(self, finding_id: uuid.UUID) -> StoredFinding | None:
        row = (
            await self.session.execute(
                select(findings.c.seq, findings.c.canonical).where(findings.c.finding_id == finding_id)
            )
        ).first()
        return None if row is None else StoredFinding(row.seq, json.loads(row.canonical))

    async def add(self, new: NewFinding) -> StoredFinding:
        """Append a finding to the chain (hold :meth:`lock` first); returns it with its place."""
        prev = await self.session.scalar(select(findings.c.hash).order_by(findings.c.seq.desc()).limit(1)) or GENESIS
        canonical = canonical_bytes(new.doc)
        link = link_hash(prev, canonical)
        seq = await self.session.scalar(
            findings.insert()
            .values(
                finding_id=new.finding_id,
                site_id=new.site_id,
                enterprise_id=new.enterprise_id,
                duty_type=new.duty_type,
                observed_at=new.observed_at,
                recorded_at=new.recorded_at,
                discrepancy_count=new.discrepancy_count,
                canonical=canonical.decode("utf-8"),
                prev_hash=prev,
                hash=link,
            )
            .returning(findings.c.seq)
        )
        return StoredFinding(int(seq), new.doc, link)

    async def page(self, f: FindingFilter, page: PageRequest) -> Slice[StoredFinding]:
        """Findings matching `f`, oldest first (by seq, keyset), with how many match in all
        (findings are few: counting is cheap)."""
        c = findings.c
        conditions = []
        if not f.visible.everything:
            conditions.append(enterprise_condition(c.enterprise_id, f.visible))
        if f.enterprise_id:
            conditions.append(c.enterprise_id == f.enterprise_id)
        if f.site_id:
            conditions.append(c.site_id == f.site_id)
        if f.duty_type:
            conditions.append(c.duty_type == f.duty_type)
        if f.observed_from:
            conditions.append(c.observed_at >= f.observed_from)
        if f.observed_to:
            conditions.append(c.observed_at < f.observed_to)
        if f.with_discrepancies is True:
            conditions.append(c.discrepancy_count > 0)
        elif f.with_discrepancies is False:
            conditions.append(c.discrepancy_count == 0)
        e = explanations.c
        if f.explanation == "unexplained":  # owed one (discrepancies, as the explanations' list says), none given
            conditions.append(and_(e.state.is_(None), c.discrepancy_count > 0))
        elif f.explanation:
            conditions.append(e.state == f.explanation)
        joined = findings.outerjoin(explanations, and_(e.item_kind == "finding", e.item_id == c.finding_id))
        total = await self.session.scalar(select(func.count()).select_from(joined).where(*conditions))
        after = page.after(FINDING_PAGES, int)
        if after is not None:
            conditions.append(c.seq > after[0])
        rows = (
            await self.session.execute(
                select(c.seq, c.canonical, e.state)
                .select_from(joined)
                .where(*conditions)
                .order_by(c.seq)
                .limit(page.limit + 1)
            )
        ).all()
        found = [StoredFinding(r.seq, json.loads(r.canonical), explanation=r.state) for r in rows]
        return keyset(found, page.limit, FINDING_PAGES, lambda x: [x.seq], total=int(total or 0))

    async def with_discrepancies(
        self, observed_from: datetime, observed_to: datetime, *, recorded_by: datetime | None = None
    ) -> list[StoredFinding]:
        """Every finding with a discrepancy observed in [observed_from, observed_to) — recorded by `recorded_by` when
        given (what was known then) — oldest first: few, read whole (presence holds a word afterwards against them)."""
        c = findings.c
        conditions = [c.discrepancy_count > 0, c.observed_at >= observed_from, c.observed_at < observed_to]
        if recorded_by is not None:
            conditions.append(c.recorded_at <= recorded_by)
        rows = (await self.session.execute(select(c.seq, c.canonical).where(*conditions).order_by(c.seq))).all()
        return [StoredFinding(r.seq, json.loads(r.canonical)) for r in rows]

    async def links(self) -> list[StoredLink]:
        rows = (
            await self.session.execute(
                select(findings.c.seq, findings.c.prev_hash, findings.c.hash, findings.c.canonical).order_by(
                    findings.c.seq
                )
            )
        ).all()
        return [StoredLink(r.seq, r.prev_hash, r.hash, r.canonical.encode("utf-8")) for r in rows]
