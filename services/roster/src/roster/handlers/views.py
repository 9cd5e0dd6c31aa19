"""Rows as the API shows them (UTC instants plus the local and lunar reading) and as events
carry them (snapshots)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from lichtruc import lunar
from lichtruc.events import Assignee, PeakWindow, ShiftSnapshot
from lichtruc.vntime import utc

from ..domain.campaigns import LunarDay, Peak, readiness_deadline
from ..domain.localtime import local_view
from ..domain.requirements import StaffingRequirement, window_from_json, window_to_json
from ..domain.shifts import Shift

__all__ = ["window_from_json", "window_to_json"]  # re-exported for other handlers

Row = Mapping[str, Any]


def containing(text: str) -> str:
    """The LIKE pattern of "contains `text`", with `%`, `_` and `\\` in `text` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- campaigns -------------------------------------------------------------------------------


def peaks_from_row(row: Row) -> tuple[Peak, ...]:
    return tuple(
        Peak(p["name"], datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"]))
        for p in row["peaks"]
    )


def peaks_to_json(peaks: Sequence[Peak]) -> list[dict]:
    return [
        PeakWindow(name=p.name, starts_at=utc(p.starts_at), ends_at=utc(p.ends_at)).model_dump(mode="json")
        for p in peaks
    ]


def lunar_day_from_json(doc: Mapping[str, Any]) -> LunarDay:
    return LunarDay(doc["month"], doc["day"], doc.get("leap", False))


def _lunar_day_view(doc: Mapping[str, Any], tet_year: int) -> dict:
    # A drill stores its lunar days with their year (free dates); a Tết campaign relative to its Tết.
    ld = (
        lunar.LunarDate(doc["year"], doc["month"], doc["day"], doc.get("leap", False))
        if "year" in doc
        else lunar_day_from_json(doc).in_campaign_of(tet_year)
    )
    return {
        **doc,
        "lunar_year": ld.year,
        "date": lunar.lunar_to_solar(ld).isoformat(),
        "name_vi": lunar.day_name(ld, "vi"),
        "name_en": lunar.day_name(ld, "en"),
    }


def campaign_view(row: Row) -> dict:
    return {
        **{
            k: row[k]
            for k in ("id", "kind", "lunar_year", "name", "starts_at", "ends_at", "version", "created_at", "updated_at")
        },
        "start": _lunar_day_view(row["start_lunar"], row["lunar_year"]),
        "end": _lunar_day_view(row["end_lunar"], row["lunar_year"]),
        "local": {"starts_at": local_view(row["starts_at"]), "ends_at": local_view(row["ends_at"])},
        "peaks": [
            {
                "name": p.name,
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
                "local": {"starts_at": local_view(p.starts_at), "ends_at": local_view(p.ends_at)},
            }
            for p in peaks_from_row(row)
        ],
        "readiness_deadline": readiness_deadline(row["starts_at"], row["readiness_deadline"]),
        "readiness_deadline_default": row["readiness_deadline"] is None,
        "readiness_deadline_local": local_view(readiness_deadline(row["starts_at"], row["readiness_deadline"])),
        "border_duty_types": list(row.get("border_duty_types") or ()),
        "border_sectors": list(row.get("border_sectors") or ()),
    }


# --- requirements ----------------------------------------------------------------------------


def requirement_view(requirement: StaffingRequirement) -> dict[str, Any]:
    return {
        "id": requirement.id,
        "campaign_id": requirement.campaign_id,
        "enterprise_id": requirement.enterprise_id,
        "site_id": requirement.site_id,
        "duty_type": requirement.duty_type,
        "window": window_to_json(requirement.window),
        "minimum": requirement.minimum,
        "peak_minimum": requirement.peak_minimum,
        "version": requirement.version,
        "created_at": requirement.created_at,
        "updated_at": requirement.updated_at,
    }


# --- shifts ------------------------------------------------------------------------------------


def assignees_of(shift: Shift) -> tuple[Assignee, ...]:
    return tuple(Assignee(staff_id=a.staff_id, full_name=a.full_name, qualified=a.qualified) for a in shift.assignees)


def snapshot(shift: Shift) -> ShiftSnapshot:
    """The shift's whole state as every shift event carries it."""
    return ShiftSnapshot(
        shift_id=shift.id,
        campaign_id=shift.campaign_id,
        enterprise_id=shift.enterprise_id,
        site_id=shift.site_id,
        covers_site_ids=shift.covers_site_ids,
        duty_type=shift.duty_type,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        assignees=assignees_of(shift),
        status=shift.status,
        notes=shift.notes,
        warnings=tuple(f"{w['rule']}: {w['message']}" for w in shift.warnings),
        version=shift.version,
    )


def shift_view(shift: Shift) -> dict[str, Any]:
    """A shift as the API shows it: UTC instants plus the local and lunar reading."""
    return {
        "id": shift.id,
        "campaign_id": shift.campaign_id,
        "enterprise_id": shift.enterprise_id,
        "site_id": shift.site_id,
        "covers_site_ids": list(shift.covers_site_ids),
        "duty_type": shift.duty_type,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "local": {"starts_at": local_view(shift.starts_at), "ends_at": local_view(shift.ends_at)},
        "assignees": [
            {
                "staff_id": a.staff_id,
                "full_name": a.full_name,
                "qualified": a.qualified,
                "checked_in_at": a.checked_in_at,
            }
            for a in shift.assignees
        ],
        "status": shift.status,
        "notes": shift.notes,
        "warnings": [dict(w) for w in shift.warnings],
        "cancel_reason": shift.cancel_reason,
        "version": shift.version,
        "created_at": shift.created_at,
        "updated_at": shift.updated_at,
    }
