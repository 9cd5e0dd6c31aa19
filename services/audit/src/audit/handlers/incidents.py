"""Incidents in audit: each incident event (already in the chain) projected into the incident's latest
state and its history of versions; the inspectors' province-wide list and one incident with its history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from lichtruc.events_incidents import IncidentEvent
from lichtruc.paging import PageRequest, Slice

from ..db.incidents import IncidentFilter, IncidentProjection, IncidentVersion
from ..domain.errors import incident_not_found
from ..domain.incidents import IncidentRecord, record_of
from .context import Context


async def project_incident(
    store: IncidentProjection, *, seq: int, received_at: datetime, event_id: str, event_type: str, data: IncidentEvent
) -> None:
    """Keep the version the event carries; the latest state moves only forward (a late, older version
    joins the history and changes nothing else)."""
    version = IncidentVersion(
        version=data.incident.version,
        seq=seq,
        event_id=event_id,
        event_type=event_type,
        received_at=received_at,
        snapshot=data.incident.model_dump(mode="json"),
    )
    await store.record(record_of(data.incident), version, seq=seq)


@dataclass(frozen=True, slots=True)
class IncidentWithHistory:
    incident: IncidentRecord
    history: list[IncidentVersion]


async def list_incidents(*, ctx: Context, f: IncidentFilter, page: PageRequest) -> Slice[IncidentRecord]:
    """Incidents matching `f`, newest detection first."""
    async with ctx.read() as unit:
        return await unit.store.incidents.page(f, page, now=ctx.clock())


async def get_incident(*, ctx: Context, incident_id: uuid.UUID) -> IncidentWithHistory:
    """One incident with every version audit received, oldest first; `NotFound` if audit knows none."""
    async with ctx.read() as unit:
        found = await unit.store.incidents.get(incident_id)
        history = await unit.store.incidents.history(incident_id) if found is not None else []
    if found is None:
        raise incident_not_found()
    return IncidentWithHistory(found, history)


async def owner_of(*, ctx: Context, incident_id: uuid.UUID) -> uuid.UUID | None:
    async with ctx.read() as unit:
        return await unit.store.incidents.owner(incident_id)
