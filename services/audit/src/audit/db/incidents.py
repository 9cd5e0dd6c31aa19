"""Incidents as audit keeps them: the latest state of each and every version as received (PostgreSQL, and
in memory for the replays), read by the inspectors' lists with filters and keyset pages."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, false, func, select, true, tuple_
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import EVERYTHING, Visible
from lichtruc.text import fold

from ..domain.incidents import IncidentRecord
from ..domain.model import utc
from .tables import incident_versions, incidents

INCIDENT_PAGES = "incidents"


@dataclass(frozen=True, slots=True)
class IncidentVersion:
    """One version of an incident as received: where it is in the log, and the incident then."""

    version: int
    seq: int
    event_id: str
    event_type: str
    received_at: datetime
    snapshot: dict[str, Any]


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What the caller asked for, and `visible`: what the caller may read."""

    enterprise_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    sector: str | None = None
    severity: str | None = None
    status: str | None = None
    border: bool | None = None
    open_longer_than: int | None = None  # minutes without service (see domain.incidents)
    district: str | None = None  # however typed (lichtruc.text.fold): "duc hue" is Đức Huệ
    detected_from: datetime | None = None
    detected_to: datetime | None = None
    visible: Visible = EVERYTHING


@dataclass(frozen=True, slots=True)
class KeptIncident:
    """A row of ``incidents`` as a projection state holds it: the latest state and the log record that set it."""

    incident: IncidentRecord
    updated_seq: int


@dataclass(frozen=True, slots=True)
class KeptVersion:
    """A row of ``incident_versions`` as a projection state holds it."""

    incident_id: str
    version: IncidentVersion


class IncidentProjection(Protocol):
    """What the projector writes: one version of an incident (the latest state moves only forward)."""

    async def record(self, record: IncidentRecord, version: IncidentVersion, *, seq: int) -> None: ...


class MemoryIncidentProjection:
    """The same in memory (replays and the rebuild's state)."""

    def __init__(self) -> None:
        self.latest: dict[str, KeptIncident] = {}
        self.versions: dict[tuple[str, int], IncidentVersion] = {}

    async def record(self, record: IncidentRecord, version: IncidentVersion, *, seq: int) -> None:
        self.versions.setdefault((record.incident_id, version.version), version)
        known = self.latest.get(record.incident_id)
        if known is None or known.incident.version < record.version:
            self.latest[record.incident_id] = KeptIncident(record, seq)

    def export(self) -> tuple[list[KeptIncident], list[KeptVersion]]:
        """Both tables' rows in a canonical order (by incident id; then by version)."""
        latest = [self.latest[k] for k in sorted(self.latest)]
        versions = [KeptVersion(i, self.versions[i, v]) for i, v in sorted(self.versions)]
        return latest, versions

    def load(self, latest: list[KeptIncident], versions: list[KeptVersion]) -> None:
        """Replace everything with rows of :meth:`export` (a snapshot's)."""
        self.latest = {k.incident.incident_id: k for k in latest}
        self.versions = {(v.incident_id, v.version.version): v.version for v in versions}

    def copy(self) -> MemoryIncidentProjection:
        """An independent copy (the records are immutable; the maps are copied)."""
        other = MemoryIncidentProjection()
        other.latest = dict(self.latest)
        other.versions = dict(self.versions)
        return other


def _stored(row: Any) -> IncidentRecord:
    return IncidentRecord(
        incident_id=str(row.incident_id),
        enterprise_id=str(row.enterprise_id),
        sector=row.sector,
        campaign_id=None if row.campaign_id is None else str(row.campaign_id),
        detected_at=utc(row.detected_at),
        site_id=None if row.site_id is None else str(row.site_id),
        district=row.district,
        border=row.border,
        agency_links=row.agency_links,
        severity=row.severity,
        status=row.status,
        first_response_at=None if row.first_response_at is None else utc(row.first_response_at),
        restored_at=None if row.restored_at is None else utc(row.restored_at),
        response_seconds=row.response_seconds,
        restore_seconds=row.restore_seconds,
        version=row.version,
        snapshot=row.snapshot,
    )


def _stored_version(row: Any) -> IncidentVersion:
    return IncidentVersion(row.version, row.seq, str(row.event_id), row.event_type, utc(row.received_at), row.snapshot)


def _version_row(incident_id: str, version: IncidentVersion) -> dict[str, Any]:
    return {
        "incident_id": uuid.UUID(incident_id),
        "version": version.version,
        "seq": version.seq,
        "event_id": uuid.UUID(version.event_id),
        "event_type": version.event_type,
        "received_at": version.received_at,
        "snapshot": version.snapshot,
    }


def incident_rows(latest: list[KeptIncident], versions: list[KeptVersion]) -> tuple[list[dict], list[dict]]:
    """An export's incidents (`export`) as the rows of the two tables."""
    return [_incident_row(k.incident, k.updated_seq) for k in latest], [
        _version_row(v.incident_id, v.version) for v in versions
    ]


def _incident_row(record: IncidentRecord, seq: int) -> dict[str, Any]:
    return {
        "incident_id": uuid.UUID(record.incident_id),
        "enterprise_id": uuid.UUID(record.enterprise_id),
        "sector": record.sector,
        "campaign_id": None if record.campaign_id is None else uuid.UUID(record.campaign_id),
        "detected_at": record.detected_at,
        "site_id": None if record.site_id is None else uuid.UUID(record.site_id),
        "district": record.district,
        "border": record.border,
        "agency_links": record.agency_links,
        "severity": record.severity,
        "status": record.status,
        "first_response_at": record.first_response_at,
        "restored_at": record.restored_at,
        "response_seconds": record.response_seconds,
        "restore_seconds": record.restore_seconds,
        "snapshot": record.snapshot,
        "version": record.version,
        "updated_seq": seq,
    }


def _visible(visible: Visible) -> ColumnElement[bool]:
    """The incidents of the enterprises the caller may read (as `queries.enterprise_condition`)."""
    if visible.enterprises is None:
        return true()
    if not visible.enterprises:
        return false()
    return incidents.c.enterprise_id.in_(sorted(visible.enterprises))


def _filtered(f: IncidentFilter, *, now: datetime, districts: list[str] | None = None) -> Select[Any]:
    """The incidents matching `f` that the caller may read (not ordered); `districts`: the stored spellings of
    `f.district` (`PgIncidents._districts`)."""
    stmt = select(incidents).where(_visible(f.visible))
    if districts is not None:
        stmt = stmt.where(incidents.c.district.in_(districts))
    for column, value in (
        (incidents.c.enterprise_id, f.enterprise_id),
        (incidents.c.campaign_id, f.campaign_id),
        (incidents.c.sector, f.sector),
        (incidents.c.severity, f.severity),
        (incidents.c.status, f.status),
        (incidents.c.border, f.border),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if f.detected_from is not None:
        stmt = stmt.where(incidents.c.detected_at >= f.detected_from)
    if f.detected_to is not None:
        stmt = stmt.where(incidents.c.detected_at < f.detected_to)
    if f.open_longer_than is not None:
        down = func.coalesce(incidents.c.restored_at, now) - incidents.c.detected_at
        stmt = stmt.where(down > timedelta(minutes=f.open_longer_than))
    return stmt


class PgIncidents:
    """Incidents in PostgreSQL: written by the projector inside the consumer's transaction, read by the API."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, record: IncidentRecord, version: IncidentVersion, *, seq: int) -> None:
        await self.session.execute(
            insert(incident_versions).values(**_version_row(record.incident_id, version)).on_conflict_do_nothing()
        )
        values = _incident_row(record, seq)
        stmt = insert(incidents).values(**values)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[incidents.c.incident_id],
                set_={k: stmt.excluded[k] for k in values if k != "incident_id"},
                where=incidents.c.version < stmt.excluded.version,  # an older version arriving late changes nothing
            )
        )

    async def export(self) -> tuple[list[KeptIncident], list[KeptVersion]]:
        """Both tables' rows, in the order of `MemoryIncidentProjection.export` (to compare with a rebuild)."""
        latest = [
            KeptIncident(_stored(r), r.updated_seq)
            for r in await self.session.execute(select(incidents).order_by(incidents.c.incident_id))
        ]
        versions = [
            KeptVersion(str(r.incident_id), _stored_version(r))
            for r in await self.session.execute(
                select(incident_versions).order_by(incident_versions.c.incident_id, incident_versions.c.version)
            )
        ]
        return latest, versions

    async def get(self, incident_id: uuid.UUID) -> IncidentRecord | None:
        row = (await self.session.execute(select(incidents).where(incidents.c.incident_id == incident_id))).first()
        return None if row is None else _stored(row)

    async def history(self, incident_id: uuid.UUID) -> list[IncidentVersion]:
        rows = await self.session.execute(
            select(incident_versions)
            .where(incident_versions.c.incident_id == incident_id)
            .order_by(incident_versions.c.version)
        )
        return [_stored_version(r) for r in rows]

    async def owner(self, incident_id: uuid.UUID) -> uuid.UUID | None:
        return await self.session.scalar(
            select(incidents.c.enterprise_id).where(incidents.c.incident_id == incident_id)
        )

    async def first_seqs(self, incident_ids: Sequence[str]) -> dict[str, int]:
        """The log seq of each of these incidents' lowest version audit holds (by incident id): who recorded
        an incident is named as their account was called then (`domain.accounts.name_at`)."""
        if not incident_ids:
            return {}
        v = incident_versions.c
        rows = await self.session.execute(
            select(v.incident_id, v.seq)
            .where(v.incident_id.in_(sorted({uuid.UUID(i) for i in incident_ids})))
            .order_by(v.incident_id, v.version)
            .ext(distinct_on(v.incident_id))
        )
        return {str(r.incident_id): r.seq for r in rows}

    async def _districts(self, f: IncidentFilter) -> list[str] | None:
        """The districts the incidents are written in that are `f.district` as people type it (case and
        diacritics aside, as the Tết hours' are matched: `queries.districts_like`); None when none is asked for.
        An incident at a site carries the site's district (roster copies it), one away from a site the one typed:
        both are in the incident's own district."""
        if f.district is None:
            return None
        wanted = fold(f.district)
        stored = await self.session.scalars(
            select(incidents.c.district).where(incidents.c.district.is_not(None)).distinct()
        )
        return sorted(d for d in stored if fold(d) == wanted)

    async def every(self, f: IncidentFilter, *, now: datetime) -> list[IncidentRecord]:
        """Every incident matching `f`, newest detection first (the CSV export)."""
        stmt = _filtered(f, now=now, districts=await self._districts(f)).order_by(
            incidents.c.detected_at.desc(), incidents.c.incident_id.desc()
        )
        return [_stored(r) for r in await self.session.execute(stmt)]

    async def page(self, f: IncidentFilter, page: PageRequest, *, now: datetime) -> Slice[IncidentRecord]:
        """Incidents matching `f`, newest detection first (keyset), with the total."""
        stmt = _filtered(f, now=now, districts=await self._districts(f))
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        after = page.after(INCIDENT_PAGES, datetime, uuid.UUID)
        if after is not None:
            stmt = stmt.where(tuple_(incidents.c.detected_at, incidents.c.incident_id) < tuple_(*after))
        rows = await self.session.execute(
            stmt.order_by(incidents.c.detected_at.desc(), incidents.c.incident_id.desc()).limit(page.limit + 1)
        )
        found = [_stored(r) for r in rows]
        return keyset(
            found,
            page.limit,
            INCIDENT_PAGES,
            lambda r: (r.detected_at, uuid.UUID(r.incident_id)),
            total=int(total or 0),
        )
