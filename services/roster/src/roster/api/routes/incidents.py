"""/incidents: communication incidents and their response ("ứng cứu thông tin")."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from lichtruc.events_incidents import IncidentSeverity, IncidentStatus
from lichtruc.paging import Page, page_out

from ...handlers import incidents as handlers
from ..commands import etag
from ..deps import Change, Ctx, Cursor, IdempotentChange, IfMatch, Viewer
from ..schemas.common import Instant
from ..schemas.incidents import (
    IncidentIn,
    IncidentOut,
    IncidentUpdateIn,
    RemovalReason,
    ResolveIncidentIn,
    ResponderChoiceOut,
    ResponderChoicesOut,
    ResponderIn,
)
from ..views import incident_out

ConfirmOrder = Annotated[
    bool,
    Query(
        description="save a restore time earlier than a responder's joining or an update recorded (the 409 "
        "restored-before-steps answered)"
    ),
]

router = APIRouter(tags=["incidents"])


def _render(outcome: handlers.IncidentOutcome, *, created: bool = False) -> tuple[IncidentOut, dict[str, str]]:
    headers = etag(outcome.incident.version)
    if created:
        headers["Location"] = f"/incidents/{outcome.incident.id}"
    return incident_out(outcome.incident, outcome.warnings, opened_by_name=outcome.opened_by_name), headers


@router.post(
    "/incidents",
    status_code=status.HTTP_201_CREATED,
    response_model=IncidentOut,
    summary="Record a communication incident (detected when, where, services, severity); publishes IncidentOpened",
)
async def open_incident(body: IncidentIn, change: IdempotentChange) -> Response:
    cmd = handlers.OpenIncident(
        enterprise_id=body.enterprise_id,
        detected_at=body.detected_at,
        services=tuple(body.services),
        severity=body.severity,
        description=body.description,
        agency_links=body.agency_links,
        border=body.border,
        site_id=body.site_id,
        district=body.district,
    )
    return await change.run(
        lambda uow: handlers.open_new(uow, cmd),
        lambda v: _render(v, created=True),
        status_code=201,
        payload=body.model_dump(mode="json"),
    )


@router.get("/incidents", response_model=Page[IncidentOut], summary="Incidents, newest detection first")
async def list_incidents(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    enterprise_id: uuid.UUID | None = None,
    campaign_id: uuid.UUID | None = None,
    status: IncidentStatus | None = None,
    severity: IncidentSeverity | None = None,
    border: bool | None = None,
    site_id: uuid.UUID | None = None,
    district: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    detected_from: Annotated[Instant | None, Query(description="detected at or after")] = None,
    detected_to: Annotated[Instant | None, Query(description="detected before")] = None,
    open_too: Annotated[
        bool,
        Query(
            description="with campaign_id: the campaign's incidents and, whatever their campaign, those still open "
            "(one list for a manager's board: an open incident detected before the campaign began is open all the "
            "same); the other filters apply to both"
        ),
    ] = False,
) -> dict:
    f = handlers.IncidentFilter(
        enterprise_id=enterprise_id,
        campaign_id=campaign_id,
        status=status,
        severity=severity,
        border=border,
        site_id=site_id,
        district=district,
        detected_from=detected_from,
        detected_to=detected_to,
        open_too=open_too,
    )
    found = await handlers.list_incidents(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [incident_out(x) for x in found.items])


@router.get("/incidents/{incident_id}", response_model=IncidentOut, summary="One incident, with responders and updates")
async def get_incident(incident_id: uuid.UUID, ctx: Ctx, response: Response) -> IncidentOut:
    found = await handlers.get_incident(ctx, incident_id)
    response.headers.update(etag(found.incident.version))
    return incident_out(found.incident, opened_by_name=found.opened_by_name)


@router.get(
    "/incidents/{incident_id}/responder-choices",
    response_model=ResponderChoicesOut,
    summary="Whom the incident's page offers as a responder: the enterprise's active staff not responding yet, "
    "those on duty now or at detection first",
)
async def incident_responder_choices(incident_id: uuid.UUID, ctx: Ctx) -> ResponderChoicesOut:
    found = await handlers.choices_of_responders(ctx, incident_id)
    people = [ResponderChoiceOut(staff_id=c.staff_id, full_name=c.full_name, on_duty=c.on_duty) for c in found]
    return ResponderChoicesOut(incident_id=incident_id, people=people)


@router.post(
    "/incidents/{incident_id}/responders",
    response_model=IncidentOut,
    summary="Add a responder (staff of the enterprise; a warning if not on duty); needs If-Match; "
    "publishes IncidentUpdated",
)
async def add_incident_responder(incident_id: uuid.UUID, body: ResponderIn, change: Change, pre: IfMatch) -> Response:
    return await change.run(
        lambda uow: handlers.add_responder(uow, incident_id, staff_id=body.staff_id, at=body.at, pre=pre), _render
    )


@router.delete(
    "/incidents/{incident_id}/responders/{staff_id}",
    response_model=IncidentOut,
    summary="Take a responder added by mistake off an open incident (`reason`: why, optional; a 409 once it is "
    "resolved, or when they are no responder); needs If-Match; publishes IncidentResponderRemoved",
)
async def remove_incident_responder(
    incident_id: uuid.UUID,
    staff_id: uuid.UUID,
    change: Change,
    pre: IfMatch,
    reason: Annotated[RemovalReason | None, Query(description="why they are taken off (a mistake, …)")] = None,
) -> Response:
    return await change.run(
        lambda uow: handlers.remove_responder(uow, incident_id, staff_id=staff_id, reason=reason or None, pre=pre),
        _render,
    )


@router.post(
    "/incidents/{incident_id}/updates",
    response_model=IncidentOut,
    summary="Write a timestamped update (and, perhaps, when service came back); needs If-Match; "
    "publishes IncidentUpdated. A restore time later than the update's own time is a 422 (restored-by-update); one "
    "earlier than a responder's joining or an update recorded asks first: a 409 (restored-before-steps) naming each, "
    "unless confirm=true",
)
async def add_incident_update(
    incident_id: uuid.UUID, body: IncidentUpdateIn, change: Change, pre: IfMatch, confirm: ConfirmOrder = False
) -> Response:
    return await change.run(
        lambda uow: handlers.add_update(
            uow, incident_id, note=body.note, restored_at=body.restored_at, at=body.at, confirm=confirm, pre=pre
        ),
        _render,
    )


@router.post(
    "/incidents/{incident_id}/resolve",
    response_model=IncidentOut,
    summary="Resolve: restore time, cause and closing note; needs If-Match; publishes IncidentResolved. A restore time "
    "earlier than a responder's joining or an update recorded asks first: a 409 (restored-before-steps) naming each, "
    "unless confirm=true",
)
async def resolve_incident(
    incident_id: uuid.UUID, body: ResolveIncidentIn, change: Change, pre: IfMatch, confirm: ConfirmOrder = False
) -> Response:
    return await change.run(
        lambda uow: handlers.resolve(
            uow,
            incident_id,
            cause=body.cause,
            closing_note=body.closing_note,
            restored_at=body.restored_at,
            confirm=confirm,
            pre=pre,
        ),
        _render,
    )
