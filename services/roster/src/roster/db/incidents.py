"""Communication incidents in PostgreSQL: the repository's Protocol (what the handlers and the daily
reports ask of storage) and its PostgreSQL implementation (the in-memory one: `db/memory/incidents.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, case, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ..domain.incidents import ON_DUTY_STATUSES, DutySpell, Incident, Removal, Responder, Update
from .search import districts_like
from .tables import campaigns, enterprises, incidents, shift_assignments, shifts
from .visibility import visible_where

LIST_KIND = "incidents"


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents a list shows (all conditions together)."""

    enterprise_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    status: str | None = None
    severity: str | None = None
    border: bool | None = None
    site_id: uuid.UUID | None = None
    district: str | None = None
    detected_from: datetime | None = None  # inclusive
    detected_to: datetime | None = None  # exclusive
    open_too: bool = False
    """With `campaign_id`: the campaign's incidents and, whatever their campaign, those still open — the one list a
    manager's board reads (an open incident detected before the campaign began is open all the same)."""


class IncidentRepository(Protocol):
    async def get(self, incident_id: uuid.UUID) -> Incident | None: ...

    async def lock(self, incident_id: uuid.UUID) -> Incident | None:
        """The incident, held against concurrent changes until the transaction ends."""
        ...

    async def add(self, incident: Incident) -> None: ...

    async def in_districts(self, spellings: Sequence[str]) -> list[Incident]:
        """The incidents whose district is written as one of `spellings` (exactly), held against concurrent
        changes until the transaction ends; by detection, then id."""
        ...

    async def save(self, incident: Incident) -> None:
        """Write the incident's new state (its version is already the next one)."""
        ...

    async def page(self, f: IncidentFilter, *, visible: Visible, page: PageRequest) -> Slice[Incident]:
        """Incidents of the enterprises the caller may see (a staff member: their enterprise's), newest
        detection first (keyset cursor), with the total."""
        ...

    async def of_enterprise_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[Incident]:
        """The enterprise's incidents that were open at some time in [start, end): detected before `end` and not
        resolved before `start` — those detected in the window and those still being handled in it — by
        detection time then id."""
        ...

    async def enterprise_of(self, incident_id: uuid.UUID) -> uuid.UUID | None: ...

    async def duty_spells(
        self, enterprise_id: uuid.UUID, instants: Iterable[datetime], *, staff_id: uuid.UUID | None = None
    ) -> list[DutySpell]:
        """The places on the enterprise's shifts in `ON_DUTY_STATUSES` (of `staff_id` only, if given) that may have
        someone on duty at one of the instants: ending after the earliest, begun or checked into by the latest.
        Whether they do is `domain.incidents.on_duty_at`'s to say."""
        ...

    async def campaign_at(self, instant: datetime) -> uuid.UUID | None:
        """The campaign whose period contains the instant (a Tết campaign before a drill); None if none does."""
        ...


def _responders(doc: Any) -> tuple[Responder, ...]:
    return tuple(
        Responder(uuid.UUID(r["staff_id"]), r["full_name"], datetime.fromisoformat(r["added_at"]), r["on_duty"])
        for r in doc
    )


def _updates(doc: Any) -> tuple[Update, ...]:
    return tuple(Update(datetime.fromisoformat(u["at"]), u["note"], u.get("by"), u.get("by_name")) for u in doc)


def _removed(doc: Any) -> tuple[Removal, ...]:
    return tuple(
        Removal(
            uuid.UUID(r["staff_id"]),
            r["full_name"],
            datetime.fromisoformat(r["added_at"]),
            datetime.fromisoformat(r["removed_at"]),
            r.get("by"),
            r.get("by_name"),
            r.get("reason"),
        )
        for r in doc
    )


def to_incident(row: Mapping[Any, Any]) -> Incident:
    return Incident(
        id=row["id"],
        enterprise_id=row["enterprise_id"],
        enterprise_name=row["enterprise_name"] or "",
        sector=row["sector"],
        campaign_id=row["campaign_id"],
        detected_at=row["detected_at"],
        site_id=row["site_id"],
        site_name=row["site_name"],
        district=row["district"],
        services=tuple(row["services"]),
        agency_links=row["agency_links"],
        border=row["border"],
        severity=row["severity"],
        description=row["description"],
        status=row["status"],
        responders=_responders(row["responders"]),
        updates=_updates(row["updates"]),
        removed=_removed(row["removed_responders"]),
        restored_at=row["restored_at"],
        cause=row["cause"],
        closing_note=row["closing_note"],
        resolved_at=row["resolved_at"],
        opened_by=row["opened_by"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _row(i: Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "enterprise_id": i.enterprise_id,
        "campaign_id": i.campaign_id,
        "detected_at": i.detected_at,
        "site_id": i.site_id,
        "site_name": i.site_name,
        "district": i.district,
        "services": list(i.services),
        "agency_links": i.agency_links,
        "border": i.border,
        "severity": i.severity,
        "description": i.description,
        "status": i.status,
        "responders": [
            {
                "staff_id": str(r.staff_id),
                "full_name": r.full_name,
                "added_at": r.added_at.isoformat(),
                "on_duty": r.on_duty,
            }
            for r in i.responders
        ],
        "updates": [{"at": u.at.isoformat(), "note": u.note, "by": u.by, "by_name": u.by_name} for u in i.updates],
        "removed_responders": [
            {
                "staff_id": str(r.staff_id),
                "full_name": r.full_name,
                "added_at": r.added_at.isoformat(),
                "removed_at": r.removed_at.isoformat(),
                "by": r.by,
                "by_name": r.by_name,
                "reason": r.reason,
            }
            for r in i.removed
        ],
        "restored_at": i.restored_at,
        "cause": i.cause,
        "closing_note": i.closing_note,
        "resolved_at": i.resolved_at,
        "opened_by": i.opened_by,
        "version": i.version,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
    }


def _select() -> Select[Any]:
    return select(incidents, enterprises.c.name.label("enterprise_name"), enterprises.c.sector.label("sector")).join(
        enterprises, enterprises.c.id == incidents.c.enterprise_id
    )


def _key(i: Incident) -> tuple[datetime, uuid.UUID]:
    return (i.detected_at, i.id)


class PgIncidents:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, stmt: Select[Any]) -> Incident | None:
        row = (await self.session.execute(stmt)).mappings().first()
        return None if row is None else to_incident(row)

    async def get(self, incident_id: uuid.UUID) -> Incident | None:
        return await self._one(_select().where(incidents.c.id == incident_id))

    async def lock(self, incident_id: uuid.UUID) -> Incident | None:
        return await self._one(_select().where(incidents.c.id == incident_id).with_for_update(of=incidents))

    async def add(self, incident: Incident) -> None:
        await self.session.execute(incidents.insert().values(**_row(incident)))

    async def in_districts(self, spellings: Sequence[str]) -> list[Incident]:
        stmt = (
            _select()
            .where(incidents.c.district.in_(list(spellings)))
            .order_by(incidents.c.detected_at, incidents.c.id)
            .with_for_update(of=incidents)
        )
        return [to_incident(row) for row in (await self.session.execute(stmt)).mappings()]

    async def save(self, incident: Incident) -> None:
        values = _row(incident)
        del values["id"], values["created_at"]
        await self.session.execute(update(incidents).where(incidents.c.id == incident.id).values(**values))

    async def page(self, f: IncidentFilter, *, visible: Visible, page: PageRequest) -> Slice[Incident]:
        stmt = _select().where(*visible_where(visible, incidents.c.enterprise_id))
        if f.campaign_id is not None and f.open_too:
            stmt = stmt.where(or_(incidents.c.campaign_id == f.campaign_id, incidents.c.status == "open"))
        for column, value in (
            (incidents.c.enterprise_id, f.enterprise_id),
            (incidents.c.campaign_id, None if f.open_too else f.campaign_id),
            (incidents.c.status, f.status),
            (incidents.c.severity, f.severity),
            (incidents.c.border, f.border),
            (incidents.c.site_id, f.site_id),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        if f.district is not None:  # however typed (search.same_district)
            stmt = stmt.where(
                incidents.c.district.in_(await districts_like(self.session, incidents.c.district, f.district))
            )
        if f.detected_from is not None:
            stmt = stmt.where(incidents.c.detected_at >= f.detected_from)
        if f.detected_to is not None:
            stmt = stmt.where(incidents.c.detected_at < f.detected_to)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(LIST_KIND, datetime, uuid.UUID)
        if after is not None:
            stmt = stmt.where(tuple_(incidents.c.detected_at, incidents.c.id) < tuple_(*after))
        rows = await self.session.execute(
            stmt.order_by(incidents.c.detected_at.desc(), incidents.c.id.desc()).limit(page.limit + 1)
        )
        found = [to_incident(r) for r in rows.mappings()]
        return keyset(found, page.limit, LIST_KIND, _key, total=int(total or 0))

    async def of_enterprise_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[Incident]:
        rows = await self.session.execute(
            _select()
            .where(
                incidents.c.enterprise_id == enterprise_id,
                incidents.c.detected_at < end,
                or_(incidents.c.resolved_at.is_(None), incidents.c.resolved_at >= start),
            )
            .order_by(incidents.c.detected_at, incidents.c.id)
        )
        return [to_incident(r) for r in rows.mappings()]

    async def enterprise_of(self, incident_id: uuid.UUID) -> uuid.UUID | None:
        return await self.session.scalar(select(incidents.c.enterprise_id).where(incidents.c.id == incident_id))

    async def duty_spells(
        self, enterprise_id: uuid.UUID, instants: Iterable[datetime], *, staff_id: uuid.UUID | None = None
    ) -> list[DutySpell]:
        at = list(instants)
        if not at:
            return []
        earliest, latest = min(at), max(at)
        query = (
            select(
                shift_assignments.c.staff_id, shifts.c.starts_at, shifts.c.ends_at, shift_assignments.c.checked_in_at
            )
            .select_from(shift_assignments.join(shifts, shifts.c.id == shift_assignments.c.shift_id))
            .where(
                shifts.c.enterprise_id == enterprise_id,
                shifts.c.status.in_(ON_DUTY_STATUSES),
                shifts.c.ends_at > earliest,
                or_(shifts.c.starts_at <= latest, shift_assignments.c.checked_in_at <= latest),
            )
        )
        if staff_id is not None:
            query = query.where(shift_assignments.c.staff_id == staff_id)
        rows = await self.session.execute(query)
        return [DutySpell(r.staff_id, r.starts_at, r.ends_at, r.checked_in_at) for r in rows]

    async def campaign_at(self, instant: datetime) -> uuid.UUID | None:
        return await self.session.scalar(
            select(campaigns.c.id)
            .where(campaigns.c.starts_at <= instant, campaigns.c.ends_at > instant)
            .order_by(case((campaigns.c.kind == "tet", 0), else_=1), campaigns.c.starts_at, campaigns.c.id)
            .limit(1)
        )
