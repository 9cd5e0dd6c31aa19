"""The explanations of gaps and findings and their files, in PostgreSQL: an `ExplanationStore`
(handlers/explanations.py) inside the caller's transaction (it never commits). The items an enterprise accounts for
(gaps in force, findings with discrepancies) are read from the projections and the findings with their
explanation's state, in one query per page."""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CompoundSelect, Select, and_, case, exists, func, literal, null, or_, select, text, union_all
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, by_offset
from lichtruc.scope import EVERYTHING, Visible

from ..domain.explanations import Accountable, Attachment, Explanation, ItemKind, State, from_doc, to_doc
from .queries import enterprise_condition, owed, took_over_part
from .tables import coverage_gaps, enterprises, explanation_files, explanations, findings, sites

EXPLANATION_PAGES = "explanations"
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")


@dataclass(frozen=True, slots=True)
class AccountableFilter:
    """Which items to list: of one kind or both, of one enterprise, in one state; `visible`, what the caller may
    read; `accountable_only`: gaps in force and findings with discrepancies (and any item explained);
    `waiting_first`: those waiting for an inspector's answer (submitted) before the others."""

    kind: ItemKind | None = None
    enterprise_id: uuid.UUID | None = None
    state: State | None = None
    item_id: uuid.UUID | None = None
    accountable_only: bool = True
    visible: Visible = EVERYTHING
    waiting_first: bool = False
    campaign_id: uuid.UUID | None = None
    """The gaps of one campaign, and the findings of a visit within `within` (its span)."""
    within: tuple[datetime, datetime] | None = None


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A kept file: what it is, its bytes, and the enterprise whose explanation it belongs to."""

    attachment: Attachment
    content: bytes
    enterprise_id: str


class PgExplanations:
    """The explanations, in the caller's transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, item_kind: ItemKind, item_id: uuid.UUID) -> None:
        """Hold one item's explanation until the transaction ends: two amendments, or an amendment and an answer,
        made at once are made one after the other (the second reads the first)."""
        await self.session.execute(_LOCK, {"k": zlib.crc32(f"explanation:{item_kind}:{item_id}".encode())})

    async def get(self, item_kind: ItemKind, item_id: uuid.UUID) -> Explanation | None:
        doc = await self.session.scalar(
            select(explanations.c.doc).where(explanations.c.item_kind == item_kind, explanations.c.item_id == item_id)
        )
        return None if doc is None else from_doc(doc)

    async def put(self, e: Explanation) -> None:
        values = {
            "item_kind": e.item_kind,
            "item_id": uuid.UUID(e.item_id),
            "enterprise_id": uuid.UUID(e.enterprise_id),
            "state": e.state,
            "version": e.latest.version,
            "updated_at": e.updated_at,
            "doc": to_doc(e),
        }
        stmt = insert(explanations).values(explanation_id=uuid.UUID(e.explanation_id), **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["explanation_id"], set_=values))

    async def add_files(self, explanation_id: str, files: list[tuple[Attachment, bytes]], at: datetime) -> None:
        if files:
            await self.session.execute(
                explanation_files.insert(),
                [
                    {
                        "attachment_id": uuid.UUID(a.attachment_id),
                        "explanation_id": uuid.UUID(explanation_id),
                        "filename": a.filename,
                        "media_type": a.media_type,
                        "size": a.size,
                        "sha256": a.sha256,
                        "content": content,
                        "added_at": at,
                    }
                    for a, content in files
                ],
            )

    async def file(self, attachment_id: uuid.UUID) -> StoredFile | None:
        f, e = explanation_files.c, explanations.c
        row = (
            await self.session.execute(
                select(f.attachment_id, f.filename, f.media_type, f.size, f.sha256, f.content, e.enterprise_id)
                .join(explanations, e.explanation_id == f.explanation_id)
                .where(f.attachment_id == attachment_id)
            )
        ).first()
        if row is None:
            return None
        attachment = Attachment(str(row.attachment_id), row.filename, row.media_type, row.size, row.sha256)
        return StoredFile(attachment, bytes(row.content), str(row.enterprise_id))

    async def file_owner(self, attachment_id: uuid.UUID) -> uuid.UUID | None:
        owner = await self.session.scalar(
            select(explanations.c.enterprise_id)
            .join(explanation_files, explanation_files.c.explanation_id == explanations.c.explanation_id)
            .where(explanation_files.c.attachment_id == attachment_id)
        )
        return None if owner is None else uuid.UUID(str(owner))

    async def item(self, item_kind: ItemKind, item_id: uuid.UUID, *, now: datetime) -> Accountable | None:
        found = self._items(AccountableFilter(kind=item_kind, item_id=item_id, accountable_only=False), now)
        rows = (await self.session.execute(found.limit(1))).all()
        return _accountable(rows[0]) if rows else None

    async def page(self, f: AccountableFilter, page: PageRequest, *, now: datetime) -> Slice[Accountable]:
        """The items `f` asks for, the latest first (a gap by its start, a finding by its visit); with
        `f.waiting_first`, those waiting for an answer before the others."""
        items = self._items(f, now).subquery()
        total = await self.session.scalar(select(func.count()).select_from(items))
        start = page.offset(EXPLANATION_PAGES)
        order = [items.c.starts_at.desc(), items.c.item_id]
        if f.waiting_first:
            order.insert(0, case((items.c.state == "submitted", 0), else_=1))
        rows = (await self.session.execute(select(items).order_by(*order).offset(start).limit(page.limit + 1))).all()
        return by_offset([_accountable(r) for r in rows], page, EXPLANATION_PAGES, total=int(total or 0))

    async def states(self, f: AccountableFilter, *, now: datetime) -> list[tuple[str, str, str]]:
        """Each item `f` asks for as (enterprise id, its name, its explanation's state): what the campaign report
        counts."""
        items = self._items(f, now).subquery()
        rows = (await self.session.execute(select(items.c.enterprise_id, items.c.enterprise_name, items.c.state))).all()
        return [(str(r.enterprise_id), r.enterprise_name or "", str(r.state)) for r in rows]

    async def waiting(self, f: AccountableFilter) -> int:
        """How many explanations wait for an inspector's answer."""
        e = explanations.c
        conditions = [e.state == "submitted", enterprise_condition(e.enterprise_id, f.visible)]
        return int(await self.session.scalar(select(func.count()).select_from(explanations).where(*conditions)) or 0)

    def _items(self, f: AccountableFilter, now: datetime) -> Select | CompoundSelect:
        g, fi, e, ent, s = coverage_gaps.c, findings.c, explanations.c, enterprises.c, sites.c
        part = coverage_gaps.alias("part_left")  # a gap filled in part: the parts it left short (`narrowed`)
        # owed (domain/explanations.py owes_explanation, as db/queries.py's gap filter): a planning gap, or a hole
        # that appeared after the readiness deadline and was filled before it began, is not accounted for
        in_force = owed(now)
        gap_items = (
            select(
                literal("gap").label("item_kind"),
                g.gap_id.label("item_id"),
                g.enterprise_id,
                ent.name.label("enterprise_name"),
                s.name.label("site_name"),
                g.duty_type,
                g.starts_at,
                g.ends_at,
                null().label("discrepancy_count"),
                func.coalesce(e.state, "unexplained").label("state"),
                func.coalesce(e.version, 0).label("versions"),
                e.updated_at,
                g.opened_at,
                g.closed_at,
                g.closed_reason,
                g.in_force_from,
                exists().where(took_over_part(g, part.c)).label("narrowed"),
            )
            .select_from(coverage_gaps)
            .outerjoin(explanations, and_(e.item_kind == "gap", e.item_id == g.gap_id))
            .outerjoin(enterprises, ent.enterprise_id == g.enterprise_id)
            .outerjoin(sites, s.site_id == g.site_id)
            .where(enterprise_condition(g.enterprise_id, f.visible))
        )
        e2, ent2, s2 = explanations.alias("e2"), enterprises.alias("ent2"), sites.alias("s2")
        finding_items = (
            select(
                literal("finding").label("item_kind"),
                fi.finding_id.label("item_id"),
                fi.enterprise_id,
                ent2.c.name.label("enterprise_name"),
                s2.c.name.label("site_name"),
                fi.duty_type,
                fi.observed_at.label("starts_at"),
                null().label("ends_at"),
                fi.discrepancy_count,
                func.coalesce(e2.c.state, "unexplained").label("state"),
                func.coalesce(e2.c.version, 0).label("versions"),
                e2.c.updated_at,
                null().label("opened_at"),
                null().label("closed_at"),
                null().label("closed_reason"),
                null().label("in_force_from"),
                literal(False).label("narrowed"),
            )
            .select_from(findings)
            .outerjoin(e2, and_(e2.c.item_kind == "finding", e2.c.item_id == fi.finding_id))
            .outerjoin(ent2, ent2.c.enterprise_id == fi.enterprise_id)
            .outerjoin(s2, s2.c.site_id == fi.site_id)
            .where(enterprise_condition(fi.enterprise_id, f.visible))
        )
        if f.item_id is not None:
            gap_items = gap_items.where(g.gap_id == f.item_id)
            finding_items = finding_items.where(fi.finding_id == f.item_id)
        if f.accountable_only:  # explained items stay listed whatever became of them since
            gap_items = gap_items.where(or_(in_force, e.explanation_id.is_not(None)))
            finding_items = finding_items.where(or_(fi.discrepancy_count > 0, e2.c.explanation_id.is_not(None)))
        if f.campaign_id is not None:
            gap_items = gap_items.where(g.campaign_id == f.campaign_id)
        if f.within is not None:
            finding_items = finding_items.where(fi.observed_at >= f.within[0], fi.observed_at < f.within[1])
        if f.enterprise_id is not None:
            gap_items = gap_items.where(g.enterprise_id == f.enterprise_id)
            finding_items = finding_items.where(fi.enterprise_id == f.enterprise_id)
        if f.state:
            gap_items = gap_items.where(func.coalesce(e.state, "unexplained") == f.state)
            finding_items = finding_items.where(func.coalesce(e2.c.state, "unexplained") == f.state)
        parts = [q for kind, q in (("gap", gap_items), ("finding", finding_items)) if f.kind in (None, kind)]
        return parts[0] if len(parts) == 1 else union_all(*parts)


def _accountable(row: object) -> Accountable:
    r = row._mapping  # type: ignore[attr-defined]
    return Accountable(
        item_kind=r["item_kind"],
        item_id=str(r["item_id"]),
        enterprise_id=str(r["enterprise_id"]),
        enterprise_name=r["enterprise_name"],
        site_name=r["site_name"],
        duty_type=r["duty_type"],
        starts_at=r["starts_at"],
        ends_at=r["ends_at"],
        discrepancy_count=r["discrepancy_count"],
        state=r["state"],
        versions=int(r["versions"] or 0),
        updated_at=r["updated_at"],
        opened_at=r["opened_at"],
        closed_at=r["closed_at"],
        closed_reason=r["closed_reason"],
        in_force_from=r["in_force_from"],
        narrowed=bool(r["narrowed"]),
    )
