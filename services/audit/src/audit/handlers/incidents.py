"""Incidents in audit: each incident event (already in the chain) projected into the incident's latest
state and its history of versions; the inspectors' province-wide list, its CSV export, and one incident with
its history — each version with who made the change, by the name their account had then."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from lichtruc.events import CloudEvent
from lichtruc.events_incidents import IncidentEvent
from lichtruc.paging import PageRequest, Slice
from lichtruc.sheets import Separator
from lichtruc.words import name, yes_no

from ..db.incidents import IncidentFilter, IncidentProjection, IncidentVersion
from ..db.unit import Unit
from ..domain.accounts import ACCOUNT_EVENT_TYPES, name_at
from ..domain.errors import check_window, incident_not_found
from ..domain.export import filters_set, none_said, render_csv, render_xlsx
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
class VersionBy:
    """A version of an incident and who made the change: the event's `actor` (the account's login) and
    the name that account had when the event was logged (None: no account event of the log names it)."""

    version: IncidentVersion
    actor: str | None
    actor_name: str | None


@dataclass(frozen=True, slots=True)
class IncidentWithHistory:
    incident: IncidentRecord
    history: list[VersionBy]
    opened_by_name: str | None
    """The name of whoever recorded it (`opened_by` is their login), as their account was called then."""


async def list_incidents(*, ctx: Context, f: IncidentFilter, page: PageRequest) -> Slice[IncidentRecord]:
    """Incidents matching `f`, newest detection first."""
    check_window(f.detected_from, f.detected_to, keys=("detected_from", "detected_to"))
    async with ctx.read() as unit:
        return await unit.store.incidents.page(f, page, now=ctx.clock())


def _actor(event: CloudEvent | None) -> str | None:
    actor = None if event is None else event.data.get("actor")
    return str(actor) if actor else None


def _opener(record: IncidentRecord) -> str | None:
    opener = record.snapshot.get("opened_by")
    return str(opener) if opener else None


async def _account_names(unit: Unit, logins: Iterable[str | None]) -> dict[str, list[tuple[int, str]]]:
    """The names of these logins' accounts, record by record (`domain.accounts.name_at`), in one query."""
    return await unit.log.account_names((x for x in logins if x), event_types=ACCOUNT_EVENT_TYPES)


def _named(names: Mapping[str, list[tuple[int, str]]], login: str | None, seq: int | None) -> str | None:
    if login is None or seq is None:
        return None
    return name_at(names.get(login.lower(), []), seq)


async def get_incident(*, ctx: Context, incident_id: uuid.UUID) -> IncidentWithHistory:
    """One incident with every version audit received, oldest first, each with who made it (from the logged
    event); `NotFound` if audit knows none."""
    async with ctx.read() as unit:
        found = await unit.store.incidents.get(incident_id)
        if found is None:
            raise incident_not_found()
        history = await unit.store.incidents.history(incident_id)
        events = await unit.log.events_at([v.seq for v in history])
        actors = {v.seq: _actor(events.get(v.seq)) for v in history}
        names = await _account_names(unit, [*actors.values(), _opener(found)])
    return IncidentWithHistory(
        found,
        [VersionBy(v, actors[v.seq], _named(names, actors[v.seq], v.seq)) for v in history],
        _named(names, _opener(found), history[0].seq if history else None),
    )


@dataclass(frozen=True, slots=True)
class ExportedIncidents:
    """The incidents of a CSV export, with the names its rows show instead of ids."""

    rows: list[IncidentRecord]
    openers: dict[str, str]  # incident id → the name of whoever recorded it, as their account was called then
    campaigns: dict[str, str]  # campaign id → its name
    campaign: str | None = None  # the one campaign asked for, by name
    filtered: bool = False  # narrowed beyond the campaign: an empty workbook says so (`none_said`)


async def export_incidents(*, ctx: Context, f: IncidentFilter) -> ExportedIncidents:
    """Every incident matching `f`, newest detection first, with who recorded each and the campaigns by name."""
    check_window(f.detected_from, f.detected_to, keys=("detected_from", "detected_to"))
    async with ctx.read() as unit:
        rows = await unit.store.incidents.every(f, now=ctx.clock())
        first = await unit.store.incidents.first_seqs([r.incident_id for r in rows])
        names = await _account_names(unit, (_opener(r) for r in rows))
        campaigns = {c.campaign_id: c.name for c in await unit.reads.campaigns()} if rows or f.campaign_id else {}
    openers = {r.incident_id: _named(names, _opener(r), first.get(r.incident_id)) for r in rows}
    campaign = campaigns.get(str(f.campaign_id)) if f.campaign_id else None
    return ExportedIncidents(rows, {k: v for k, v in openers.items() if v}, campaigns, campaign, filters_set(f))


CSV_HEADERS = {
    "vi": [
        "doanh nghiệp",
        "lĩnh vực",
        "đợt trực",
        "địa điểm",
        "huyện/thị xã/TP",
        "khu vực biên giới",
        "ảnh hưởng cơ quan Đảng, Nhà nước",
        "dịch vụ bị ảnh hưởng",
        "mức độ",
        "trạng thái",
        "phát hiện lúc (giờ VN)",
        "người ứng cứu đầu tiên lúc (giờ VN)",
        "khôi phục dịch vụ lúc (giờ VN)",
        "số phút đến khi có người ứng cứu",
        "số phút đến khi khôi phục",
        "người ứng cứu",
        "số lần cập nhật diễn biến",
        "mô tả",
        "nguyên nhân",
        "kết quả xử lý",
        "kết thúc lúc (giờ VN)",
        "người ghi nhận",
        "phiên bản",
        "mã sự cố",
        "mã doanh nghiệp",
        "mã địa điểm",
        "mã đợt trực",
        "tài khoản ghi nhận",
    ],
    "en": [
        "enterprise",
        "sector",
        "campaign",
        "site",
        "district/town/city",
        "border area",
        "Party/State agency links affected",
        "services affected",
        "severity",
        "status",
        "detected (UTC+7)",
        "first responder added (UTC+7)",
        "service restored (UTC+7)",
        "minutes to respond",
        "minutes to restore",
        "responders",
        "updates",
        "description",
        "cause",
        "closing note",
        "resolved (UTC+7)",
        "recorded by",
        "version",
        "incident id",
        "enterprise id",
        "site id",
        "campaign id",
        "recorded by (login)",
    ],
}


def _whole_minutes(seconds: int | None) -> int | None:
    return None if seconds is None else round(seconds / 60)


def _incident_rows(found: ExportedIncidents, lang: str) -> Iterator[list[object]]:
    for r in found.rows:
        s = r.snapshot
        yield [
            s.get("enterprise_name"),
            name("sector", r.sector, lang),
            found.campaigns.get(r.campaign_id or "", ""),
            s.get("site_name"),
            r.district,
            _as_listed(yes_no(r.border, lang)),
            _as_listed(yes_no(r.agency_links, lang)),
            "; ".join(name("incident_service", x, lang) for x in s.get("services") or ()),
            _as_listed(name("incident_severity", r.severity, lang)),
            _as_listed(name("incident_status", r.status, lang)),
            r.detected_at,
            r.first_response_at,
            r.restored_at,
            _whole_minutes(r.response_seconds),
            _whole_minutes(r.restore_seconds),
            "; ".join(str(x.get("full_name", "")) for x in s.get("responders") or ()),
            len(s.get("updates") or ()),
            s.get("description"),
            s.get("cause"),
            s.get("closing_note"),
            _instant(s.get("resolved_at")),
            found.openers.get(r.incident_id),
            r.version,
            r.incident_id,
            r.enterprise_id,
            r.site_id,
            r.campaign_id,
            _opener(r),
        ]


def _as_listed(word: str) -> str:
    """A code's word as a cell (and the pages' lists) says it, capitalised — "Minor", "Open", "Nghiêm trọng", "Có",
    "No" — not as a sentence has it ("a minor incident", lichtruc.words), which in English reads as the code itself."""
    return word[:1].upper() + word[1:]


def _instant(text: object) -> datetime | None:
    return datetime.fromisoformat(str(text)) if text else None


def incidents_csv(found: ExportedIncidents, *, lang: str, separator: Separator = "comma") -> bytes:
    """The incidents, codes in words of `lang` (sector, services, severity, status, yes/no), times in Vietnam
    time, whole minutes to respond and to restore, who recorded each by name; ids in their own columns."""
    return render_csv(CSV_HEADERS[lang], _incident_rows(found, lang), separator=separator)


def incidents_xlsx(found: ExportedIncidents, *, lang: str) -> bytes:
    """The same columns and words as `incidents_csv`, as one XLSX sheet (times as real dates)."""
    return render_xlsx(
        CSV_HEADERS[lang],
        _incident_rows(found, lang),
        title="Sự cố" if lang == "vi" else "Incidents",
        empty=none_said("incidents", lang=lang, campaign=found.campaign, filtered=found.filtered),
    )


async def owner_of(*, ctx: Context, incident_id: uuid.UUID) -> uuid.UUID | None:
    async with ctx.read() as unit:
        return await unit.store.incidents.owner(incident_id)
