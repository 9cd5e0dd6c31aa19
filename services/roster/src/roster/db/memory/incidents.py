"""Communication incidents in memory (the same answers as `db/incidents.py`)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from lichtruc.paging import PageRequest, Slice, keyset
from lichtruc.scope import Visible

from ...domain.incidents import ON_DUTY_STATUSES, DutySpell, Incident
from ..incidents import LIST_KIND, IncidentFilter
from ..search import same_district
from .state import MemoryState


class MemoryIncidents:
    def __init__(self, state: MemoryState) -> None:
        self.state = state

    def _named(self, incident: Incident | None) -> Incident | None:
        """The incident with its enterprise's current name and sector (the Postgres one joins them)."""
        if incident is None:
            return None
        name, sector = self.state.enterprises.get(incident.enterprise_id, ("", None))
        return dataclasses.replace(incident, enterprise_name=name, sector=sector)

    async def get(self, incident_id: uuid.UUID) -> Incident | None:
        return self._named(self.state.incidents.get(incident_id))

    async def lock(self, incident_id: uuid.UUID) -> Incident | None:
        return self._named(self.state.incidents.get(incident_id))

    async def add(self, incident: Incident) -> None:
        self.state.incidents[incident.id] = incident

    async def save(self, incident: Incident) -> None:
        self.state.incidents[incident.id] = incident

    async def in_districts(self, spellings: Sequence[str]) -> list[Incident]:
        return sorted((i for i in self._all() if i.district in spellings), key=lambda i: (i.detected_at, i.id))

    def _all(self) -> list[Incident]:
        return [i for i in map(self._named, self.state.incidents.values()) if i is not None]

    async def page(self, f: IncidentFilter, *, visible: Visible, page: PageRequest) -> Slice[Incident]:
        def shown(i: Incident) -> bool:
            wanted = (
                (f.enterprise_id, i.enterprise_id),
                (None if f.open_too else f.campaign_id, i.campaign_id),
                (f.status, i.status),
                (f.severity, i.severity),
                (f.border, i.border),
                (f.site_id, i.site_id),
            )
            return (
                visible.sees_enterprise(i.enterprise_id)
                and all(want is None or want == have for want, have in wanted)
                and (not f.open_too or f.campaign_id in (None, i.campaign_id) or i.status == "open")
                and (f.district is None or same_district(f.district, i.district))
                and (f.detected_from is None or i.detected_at >= f.detected_from)
                and (f.detected_to is None or i.detected_at < f.detected_to)
            )

        found = sorted((i for i in self._all() if shown(i)), key=lambda i: (i.detected_at, i.id), reverse=True)
        total = len(found)
        after = page.after(LIST_KIND, datetime, uuid.UUID)
        if after is not None:
            found = [i for i in found if (i.detected_at, i.id) < (after[0], after[1])]
        return keyset(found[: page.limit + 1], page.limit, LIST_KIND, lambda i: (i.detected_at, i.id), total=total)

    async def of_enterprise_between(self, enterprise_id: uuid.UUID, start: datetime, end: datetime) -> list[Incident]:
        return sorted(
            (
                i
                for i in self._all()
                if i.enterprise_id == enterprise_id
                and i.detected_at < end
                and (i.resolved_at is None or i.resolved_at >= start)
            ),
            key=lambda i: (i.detected_at, i.id),
        )

    async def enterprise_of(self, incident_id: uuid.UUID) -> uuid.UUID | None:
        found = self.state.incidents.get(incident_id)
        return None if found is None else found.enterprise_id

    async def duty_spells(
        self, enterprise_id: uuid.UUID, instants: Iterable[datetime], *, staff_id: uuid.UUID | None = None
    ) -> list[DutySpell]:
        at = list(instants)
        if not at:
            return []
        earliest, latest = min(at), max(at)
        return [
            DutySpell(a.staff_id, shift.starts_at, shift.ends_at, a.checked_in_at)
            for shift in self.state.shifts.values()
            if shift.enterprise_id == enterprise_id and shift.status in ON_DUTY_STATUSES and shift.ends_at > earliest
            for a in shift.assignees
            if (staff_id is None or a.staff_id == staff_id)
            and (shift.starts_at <= latest or (a.checked_in_at is not None and a.checked_in_at <= latest))
        ]

    async def campaign_at(self, instant: datetime) -> uuid.UUID | None:
        records = {c.id: c.kind for c in self.state.campaign_records.values()}
        found = sorted(
            (c for c in self.state.campaigns.values() if c.starts_at <= instant < c.ends_at),
            key=lambda c: (records.get(c.id, "tet") != "tet", c.starts_at, c.id),
        )
        return found[0].id if found else None
