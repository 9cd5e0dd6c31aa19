"""Incidents as inspectors read them: each version as roster published it, and what audit derives —
time to respond (detected → first responder added) and time to restore (detected → service restored).

"Open longer than X minutes" (the inspectors' filter) means *without service* for longer than X: from
detection to the restore time, or to now while service has not come back. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lichtruc.events_incidents import IncidentSnapshot


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """An incident's latest known state, with the derived times (seconds; None while not known)."""

    incident_id: str
    enterprise_id: str
    sector: str | None
    campaign_id: str | None
    detected_at: datetime
    site_id: str | None
    district: str | None
    border: bool
    agency_links: bool
    severity: str
    status: str
    first_response_at: datetime | None
    restored_at: datetime | None
    response_seconds: int | None
    restore_seconds: int | None
    version: int
    snapshot: dict[str, Any]


def _seconds(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else max(0, int((end - start).total_seconds()))


def record_of(snapshot: IncidentSnapshot) -> IncidentRecord:
    first = min((r.added_at for r in snapshot.responders), default=None)
    return IncidentRecord(
        incident_id=str(snapshot.incident_id),
        enterprise_id=str(snapshot.enterprise_id),
        sector=snapshot.sector,
        campaign_id=None if snapshot.campaign_id is None else str(snapshot.campaign_id),
        detected_at=snapshot.detected_at,
        site_id=None if snapshot.site_id is None else str(snapshot.site_id),
        district=snapshot.district,
        border=snapshot.border,
        agency_links=snapshot.agency_links,
        severity=snapshot.severity,
        status=snapshot.status,
        first_response_at=first,
        restored_at=snapshot.restored_at,
        response_seconds=_seconds(snapshot.detected_at, first),
        restore_seconds=_seconds(snapshot.detected_at, snapshot.restored_at),
        version=snapshot.version,
        snapshot=snapshot.model_dump(mode="json"),
    )


def without_service_longer_than(record: IncidentRecord, minutes: int, *, now: datetime) -> bool:
    """Whether the incident left its services down for more than `minutes` (until restored, or until now)."""
    end = record.restored_at or now
    return end - record.detected_at > timedelta(minutes=minutes)
