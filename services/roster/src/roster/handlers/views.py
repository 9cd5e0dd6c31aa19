"""Rows as the API shows them (UTC instants plus the local and lunar reading) and as events
carry them (snapshots)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lichtruc import lunar
from lichtruc.events import Assignee, PeakWindow, ShiftSnapshot

from ..domain.campaigns import LunarDay, Peak, readiness_deadline
from ..domain.localtime import local_view, utc
from ..domain.requirements import Daily, OneOff, Window, parse_local_time

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    items: list[dict]
    total: int
    limit: int
    offset: int


async def fetch_page(
    session: AsyncSession, stmt: Select, *, order_by: Sequence, limit: int, offset: int, view=dict
) -> Page:
    """One page of `stmt` in a total order (the caller's sort keys end with a unique column)."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = (await session.execute(stmt.order_by(*order_by).limit(limit).offset(offset))).mappings().all()
    return Page([view(r) for r in rows], int(total or 0), limit, offset)


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


def window_to_json(window: Window) -> dict:
    if isinstance(window, OneOff):
        return {
            "kind": "one_off",
            "starts_at": utc(window.starts_at).isoformat().replace("+00:00", "Z"),
            "ends_at": utc(window.ends_at).isoformat().replace("+00:00", "Z"),
        }
    return {
        "kind": "daily",
        "start_local": window.start_local.strftime("%H:%M"),
        "end_local": window.end_local.strftime("%H:%M"),
    }


def window_from_json(doc: Mapping[str, Any]) -> Window:
    if doc["kind"] == "one_off":
        return OneOff(datetime.fromisoformat(doc["starts_at"]), datetime.fromisoformat(doc["ends_at"]))
    return Daily(parse_local_time(doc["start_local"]), parse_local_time(doc["end_local"]))


def requirement_view(row: Row) -> dict:
    view = dict(row)
    view["window"] = view.pop("time_window")
    return view


# --- shifts ------------------------------------------------------------------------------------


def assignees_of(row: Row) -> tuple[Assignee, ...]:
    return tuple(
        Assignee(staff_id=a["staff_id"], full_name=a["full_name"], qualified=a.get("qualified", True))
        for a in row["assignees"]
    )


def snapshot(row: Row) -> ShiftSnapshot:
    """The shift's whole state as every shift event carries it."""
    return ShiftSnapshot(
        shift_id=row["id"],
        campaign_id=row["campaign_id"],
        enterprise_id=row["enterprise_id"],
        site_id=row["site_id"],
        covers_site_ids=tuple(row.get("covers_site_ids") or ()),
        duty_type=row["duty_type"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        assignees=assignees_of(row),
        status=row["status"],
        notes=row["notes"],
        warnings=tuple(f"{w['rule']}: {w['message']}" for w in row.get("warnings") or ()),
        version=row["version"],
    )


def shift_view(row: Row) -> dict:
    view = dict(row)
    view["local"] = {"starts_at": local_view(row["starts_at"]), "ends_at": local_view(row["ends_at"])}
    return view


def staff_ids_of(row: Row) -> list[uuid.UUID]:
    return [uuid.UUID(str(a["staff_id"])) for a in row["assignees"]]
