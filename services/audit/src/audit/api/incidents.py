"""/incidents: communication incidents province-wide for inspectors (managers: their own enterprises), with
time to respond and to restore, also as CSV; one incident with every version audit received and who made each."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from lichtruc import vntime
from lichtruc.bodies import Instant
from lichtruc.events import Sector
from lichtruc.events_incidents import IncidentSeverity, IncidentStatus
from lichtruc.paging import Page, Paging, page_out
from lichtruc.sheets import attachment
from lichtruc.words import name

from ..db.incidents import IncidentFilter
from ..domain.export import export_name
from ..domain.incidents import IncidentRecord
from ..handlers import incidents, inspect
from .deps import Ctx, SeparatorQuery, Viewer
from .schemas import Local

router = APIRouter(tags=["incidents"])

MAX_MINUTES = 60 * 24 * 366


class AuditIncidentOut(BaseModel):
    incident_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str
    sector: Sector | None
    campaign_id: uuid.UUID | None
    detected_at: Local
    detected_label_vi: str = Field(description="local time and lunar day, as people read it")
    detected_label_en: str
    site_id: uuid.UUID | None
    site_name: str | None
    district: str | None
    border: bool
    agency_links: bool
    severity: IncidentSeverity
    severity_vi: str
    status: IncidentStatus
    first_response_at: Local | None = Field(description="when the first responder was added")
    restored_at: Local | None
    response_minutes: float | None = Field(description="detection → first responder added")
    restore_minutes: float | None = Field(description="detection → service restored")
    version: int
    incident: dict[str, Any] = Field(description="the incident's whole state as roster published it (IncidentSnapshot)")


class IncidentVersionOut(BaseModel):
    version: int
    seq: int = Field(description="the event's place in the log")
    event_id: uuid.UUID
    event_type: str
    received_at: Local
    actor: str | None = Field(description="who made the change: the account's login, as the event gives it")
    actor_name: str | None = Field(
        description="that account's display name when the event was logged (from the log's account events; "
        "null: no account event names that login)"
    )
    incident: dict[str, Any]


class AuditIncidentDetail(AuditIncidentOut):
    opened_by_name: str | None = Field(
        description="the display name of the account that recorded it (`incident.opened_by` is its login), as it "
        "was called then; null: no account event of the log names that login"
    )
    history: list[IncidentVersionOut]


def _minutes(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def incident_out(r: IncidentRecord) -> dict[str, Any]:
    return AuditIncidentOut(
        incident_id=uuid.UUID(r.incident_id),
        enterprise_id=uuid.UUID(r.enterprise_id),
        enterprise_name=r.snapshot.get("enterprise_name", ""),
        sector=r.sector,
        campaign_id=None if r.campaign_id is None else uuid.UUID(r.campaign_id),
        detected_at=r.detected_at,
        detected_label_vi=vntime.instant_label(r.detected_at, "vi"),
        detected_label_en=vntime.instant_label(r.detected_at, "en"),
        site_id=None if r.site_id is None else uuid.UUID(r.site_id),
        site_name=r.snapshot.get("site_name"),
        district=r.district,
        border=r.border,
        agency_links=r.agency_links,
        severity=r.severity,
        severity_vi=name("incident_severity", r.severity),
        status=r.status,
        first_response_at=r.first_response_at,
        restored_at=r.restored_at,
        response_minutes=_minutes(r.response_seconds),
        restore_minutes=_minutes(r.restore_seconds),
        version=r.version,
        incident=r.snapshot,
    ).model_dump()


def _version_out(by: incidents.VersionBy) -> IncidentVersionOut:
    v = by.version
    return IncidentVersionOut(
        version=v.version,
        seq=v.seq,
        event_id=uuid.UUID(v.event_id),
        event_type=v.event_type,
        received_at=v.received_at,
        actor=by.actor,
        actor_name=by.actor_name,
        incident=v.snapshot,
    )


def incident_filter(
    visible: Viewer,
    enterprise_id: uuid.UUID | None = None,
    campaign_id: Annotated[
        uuid.UUID | None, Query(description="the incidents of this campaign (detected within its period)")
    ] = None,
    sector: Sector | None = None,
    severity: IncidentSeverity | None = None,
    status: IncidentStatus | None = None,
    border: bool | None = None,
    open_longer_than: Annotated[
        int | None,
        Query(ge=1, le=MAX_MINUTES, description="minutes without service: detection → restore (or now, if not yet)"),
    ] = None,
    district: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description="the district, town or city, however typed (case and diacritics aside: “duc hue” is Đức "
            "Huệ); an incident at a site is in its site's district",
        ),
    ] = None,
    detected_from: Annotated[Instant | None, Query(description="detected at or after")] = None,
    detected_to: Annotated[Instant | None, Query(description="detected before")] = None,
) -> IncidentFilter:
    return IncidentFilter(
        enterprise_id=enterprise_id,
        campaign_id=campaign_id,
        sector=sector,
        severity=severity,
        status=status,
        border=border,
        open_longer_than=open_longer_than,
        district=district,
        detected_from=detected_from,
        detected_to=detected_to,
        visible=visible,
    )


FilterDep = Annotated[IncidentFilter, Depends(incident_filter)]
ExportLang = Annotated[
    Literal["vi", "en"],
    Query(description="language of the header row and of the codes (sector, services, severity, status, yes/no)"),
]


@router.get(
    "/incidents",
    response_model=Page[AuditIncidentOut],
    summary="Incidents province-wide, newest detection first, with time to respond and to restore",
)
async def list_incidents(ctx: Ctx, request: Request, response: Response, page: Paging, f: FilterDep) -> dict[str, Any]:
    found = await incidents.list_incidents(ctx=ctx, f=f, page=page)
    return page_out(request, response, found, page.limit, [incident_out(r) for r in found.items])


@router.get(
    "/incidents.csv",
    response_class=Response,
    summary="The incidents matching the filters as CSV (UTF-8 with BOM; comma-separated, or semicolon-separated "
    "for Excel), newest detection first, with time to respond and to restore and who recorded each; saved as "
    "Sự cố - <campaign or day>.csv (for Excel: … (Excel).csv)",
    responses={200: {"content": {"text/csv": {}}}},
)
async def incidents_csv(
    ctx: Ctx, f: FilterDep, lang: ExportLang = "vi", separator: SeparatorQuery = "comma"
) -> Response:
    found = await incidents.export_incidents(ctx=ctx, f=f)
    return Response(
        incidents.incidents_csv(found, lang=lang, separator=separator),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": attachment(await _file_name(ctx, f, lang=lang, ext="csv", separator=separator))
        },
    )


@router.get(
    "/incidents.xlsx",
    response_class=Response,
    summary="The incidents matching the filters as an XLSX sheet (the CSV's columns; times as dates in Vietnam "
    "time; cells never formulas); saved as Sự cố - <campaign or day>.xlsx",
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}},
)
async def incidents_xlsx(ctx: Ctx, f: FilterDep, lang: ExportLang = "vi") -> Response:
    found = await incidents.export_incidents(ctx=ctx, f=f)
    return Response(
        incidents.incidents_xlsx(found, lang=lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": attachment(await _file_name(ctx, f, lang=lang, ext="xlsx"))},
    )


async def _file_name(ctx: Ctx, f: IncidentFilter, *, lang: str, ext: str, separator: str = "comma") -> str:
    """Sự cố - <campaign, or the period asked for, or today>.<ext> (domain.export.export_name)."""
    return export_name(
        "incidents",
        lang=lang,
        ext=ext,
        today=vntime.local_day(ctx.clock()),
        campaign=await inspect.campaign_name(ctx=ctx, campaign_id=f.campaign_id),
        since=f.detected_from,
        before=f.detected_to,
        separator=separator,
    )


@router.get(
    "/incidents/{incident_id}",
    response_model=AuditIncidentDetail,
    summary="One incident with every version audit received (its history), each with who made the change",
)
async def get_incident(incident_id: uuid.UUID, ctx: Ctx) -> AuditIncidentDetail:
    found = await incidents.get_incident(ctx=ctx, incident_id=incident_id)
    return AuditIncidentDetail(
        **incident_out(found.incident),
        opened_by_name=found.opened_by_name,
        history=[_version_out(v) for v in found.history],
    )
