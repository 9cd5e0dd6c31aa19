"""Incidents as inspectors read them: each version as roster published it, and what audit derives —
time to respond (detected → first responder added) and time to restore (detected → service restored).

"Open longer than X minutes" (the inspectors' filter) means *without service* for longer than X: from
detection to the restore time, or to now while service has not come back. And each incident event in
words, for an enterprise's history (`describe`). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lichtruc.events_incidents import IncidentSnapshot

from . import wording


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


# ------------------------------------------------------------------------------ in words


def _place(incident: Mapping[str, Any]) -> tuple[str, str]:
    """Where an incident happened: its site (and district), else its district, else its enterprise;
    a border area said after it."""
    site, district = incident.get("site_name"), incident.get("district")
    if site:
        en = vi = f"{site}, {district}" if district else str(site)
    elif district:
        en, vi = f"the {district} area", f"khu vực {district}"
    else:
        en = vi = str(incident.get("enterprise_name") or "") or "?"
    if incident.get("border"):
        en, vi = f"{en} (border area)", f"{vi} (khu vực biên giới)"
    return en, vi


def _latest(items: Any, key: str) -> Mapping[str, Any]:
    """The latest of a snapshot's responders or updates (by their time `key`), or {}."""
    listed = [i for i in items or () if isinstance(i, Mapping)]
    return max(listed, key=lambda i: str(i.get(key, "")), default={})


def describe(what: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """An incident event in words (English, Vietnamese) for an enterprise's history: where it happened
    and when it was detected (with the lunar day), then what changed — recorded (its severity and the
    services affected), a responder added (by name) or taken off (by name, with the reason given), an update written (and the restore time), its district
    written another way (a merge of the district's spellings), closed (restore time and cause). None if `what` is not an incident event."""
    if what not in ("incident.opened", "incident.updated", "incident.responder_removed", "incident.resolved"):
        return None
    incident = data.get("incident") or {}
    place_en, place_vi = _place(incident)
    detected_en, detected_vi = wording.instant(incident.get("detected_at"))
    head_en = f"Incident at {place_en}, detected at {detected_en}"
    head_vi = f"Sự cố tại {place_vi}, phát hiện lúc {detected_vi}"
    if what == "incident.opened":
        severity_en, severity_vi = wording.code("incident_severity", incident.get("severity"))
        services_en, services_vi = wording.codes("incident_service", incident.get("services"))
        return (
            f"{severity_en.capitalize()} incident recorded at {place_en}, detected at {detected_en}; services affected: {services_en}",
            f"Ghi nhận sự cố {severity_vi} tại {place_vi}, phát hiện lúc {detected_vi}; "
            f"dịch vụ bị ảnh hưởng: {services_vi}",
        )
    if what == "incident.responder_removed":
        removed = data.get("responder") or {}
        name = removed.get("full_name") or "?"
        reason = wording.text(data, "reason")
        return (
            f"{head_en}: {name} taken off the responders" + (f"; reason: {reason}" if reason else ""),
            f"{head_vi}: gỡ người ứng cứu {name}" + (f"; lý do: {reason}" if reason else ""),
        )
    restored_en, restored_vi = wording.instant(incident.get("restored_at"))
    if what == "incident.resolved":
        cause = wording.text(incident, "cause")
        return (
            f"{head_en}: closed, service restored at {restored_en}" + (f"; cause: {cause}" if cause else ""),
            f"{head_vi}: kết thúc sự cố, dịch vụ khôi phục lúc {restored_vi}"
            + (f"; nguyên nhân: {cause}" if cause else ""),
        )
    if data.get("change") == "district_merged":
        district = incident.get("district") or "?"
        return (
            f"{head_en}: district/town/city written as {district} (the spellings of one name merged)",
            f"{head_vi}: ghi lại huyện/thị xã/TP là {district} (gộp các cách viết của cùng một tên)",
        )
    if data.get("change") == "responder_added":
        responder = _latest(incident.get("responders"), "added_at").get("full_name") or "?"
        return f"{head_en}: {responder} added as a responder", f"{head_vi}: thêm người ứng cứu {responder}"
    note = wording.text(_latest(incident.get("updates"), "at"), "note")
    en, vi = f"{head_en}: update", f"{head_vi}: cập nhật tình hình"
    if note:
        en, vi = f"{en}: {note}", f"{vi}: {note}"
    if incident.get("restored_at"):
        en, vi = f"{en}; service restored at {restored_en}", f"{vi}; dịch vụ khôi phục lúc {restored_vi}"
    return en, vi
