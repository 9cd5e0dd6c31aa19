"""/inspections: the Department plans inspections before, during and after Tết (some by surprise), records
their findings, reschedules or cancels them; an enterprise's managers read their enterprises' plans
(a surprise one only once its finding is recorded)."""

from __future__ import annotations

import uuid
from typing import Annotated, cast

from fastapi import APIRouter, Body, Query, Request, Response, status

from lichtruc import vntime
from lichtruc.paging import Page, page_out

from ...domain.inspections import PHASE_NAMES, RESULT_NAMES, STATUS_NAMES
from ...handlers import inspections as handlers
from ..commands import etag
from ..deps import Ctx, Cursor, IdempotentChange, IfMatch, Viewer
from ..schemas.inspections import (
    CancelInspectionIn,
    FindingIn,
    FindingOut,
    InspectionIn,
    InspectionOut,
    InspectionPhase,
    InspectionResult,
    InspectionState,
    RescheduleInspectionIn,
)

router = APIRouter(tags=["inspections"])


def inspection_out(named: handlers.Named) -> InspectionOut:
    """A plan with its names, its state today and its finding."""
    i = named.inspection
    finding = None
    if i.recorded_at is not None and i.result is not None:
        finding = FindingOut(
            result=cast(InspectionResult, i.result),
            result_vi=RESULT_NAMES[i.result][0],
            text=i.finding_text or "",
            recommendations=i.recommendations,
            recorded_by=i.recorded_by,
            recorded_at=i.recorded_at,
        )
    return InspectionOut(
        id=i.id,
        campaign_id=i.campaign_id,
        enterprise_id=i.enterprise_id,
        enterprise_name=named.enterprise_name,
        site_id=i.site_id,
        site_name=named.site_name,
        planned_on=i.planned_on,
        planned_on_label=vntime.day_label(i.planned_on),
        phase=cast(InspectionPhase, i.phase),
        phase_vi=PHASE_NAMES[i.phase][0],
        status=cast(InspectionState, named.state),
        status_vi=STATUS_NAMES[named.state][0],
        purpose=i.purpose,
        inspectors=list(i.inspectors),
        surprise=i.surprise,
        finding=finding,
        cancel_reason=i.cancel_reason,
        rescheduled_from=i.rescheduled_from,
        rescheduled_from_label=vntime.day_label(i.rescheduled_from) if i.rescheduled_from else None,
        reschedule_reason=i.reschedule_reason,
        planned_by=i.planned_by,
        version=i.version,
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def _created(named: handlers.Named) -> tuple[InspectionOut, dict[str, str]]:
    headers = etag(named.inspection.version)
    headers["Location"] = f"/inspections/{named.inspection.id}"
    return inspection_out(named), headers


def _changed(named: handlers.Named) -> tuple[InspectionOut, dict[str, str]]:
    return inspection_out(named), etag(named.inspection.version)


@router.post(
    "/inspections",
    status_code=status.HTTP_201_CREATED,
    response_model=InspectionOut,
    summary="Plan an inspection (the phase is derived from the day); publishes InspectionPlanned",
)
async def plan_inspection(body: InspectionIn, change: IdempotentChange) -> Response:
    cmd = handlers.PlanInspection(
        campaign_id=body.campaign_id,
        enterprise_id=body.enterprise_id,
        site_id=body.site_id,
        planned_on=body.planned_on,
        phase=body.phase,
        purpose=body.purpose,
        inspectors=tuple(body.inspectors),
        surprise=body.surprise,
    )
    return await change.run(
        lambda uow: handlers.plan_inspection(uow, cmd), _created, status_code=201, payload=body.model_dump(mode="json")
    )


@router.get(
    "/inspections",
    response_model=Page[InspectionOut],
    summary="Inspection plans by planned day (an enterprise's managers: theirs, surprise ones once revealed)",
)
async def list_inspections(
    request: Request,
    response: Response,
    ctx: Ctx,
    page: Cursor,
    viewer: Viewer,
    campaign_id: uuid.UUID | None = None,
    enterprise_id: uuid.UUID | None = None,
    phase: InspectionPhase | None = None,
    status_: Annotated[InspectionState | None, Query(alias="status")] = None,
    surprise: bool | None = None,
) -> dict:
    f = handlers.InspectionFilter(
        campaign_id=campaign_id, enterprise_id=enterprise_id, phase=phase, status=status_, surprise=surprise
    )
    found = await handlers.list_inspections(ctx, f, page=page, visible=viewer)
    return page_out(request, response, found, page.limit, [inspection_out(x) for x in found.items])


@router.get(
    "/inspections/{inspection_id}", response_model=InspectionOut, summary="One inspection plan (ETag: its version)"
)
async def get_inspection(inspection_id: uuid.UUID, ctx: Ctx, viewer: Viewer, response: Response) -> InspectionOut:
    found = await handlers.get_inspection(ctx, inspection_id, visible=viewer)
    response.headers.update(etag(found.inspection.version))
    return inspection_out(found)


@router.post(
    "/inspections/{inspection_id}/finding",
    response_model=InspectionOut,
    summary="Record the finding, from the inspection day on (Vietnam time; the plan is done, a surprise one is "
    "revealed); If-Match: the plan's version; publishes InspectionFindingRecorded",
)
async def record_inspection_finding(
    inspection_id: uuid.UUID, body: FindingIn, change: IdempotentChange, pre: IfMatch
) -> Response:
    cmd = handlers.RecordFinding(
        result=body.result, text=body.text, recommendations=body.recommendations, held_on=body.held_on
    )
    return await change.run(
        lambda uow: handlers.record_finding(uow, inspection_id, cmd=cmd, pre=pre),
        _changed,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/inspections/{inspection_id}/reschedule",
    response_model=InspectionOut,
    summary="Move a waiting plan to another day (its phase follows); If-Match: the plan's version; "
    "publishes InspectionRescheduled",
)
async def reschedule_inspection(
    inspection_id: uuid.UUID, body: RescheduleInspectionIn, change: IdempotentChange, pre: IfMatch
) -> Response:
    return await change.run(
        lambda uow: handlers.reschedule_inspection(
            uow, inspection_id, planned_on=body.planned_on, reason=body.reason, pre=pre
        ),
        _changed,
        payload=body.model_dump(mode="json"),
    )


@router.post(
    "/inspections/{inspection_id}/cancel",
    response_model=InspectionOut,
    summary="Cancel a waiting plan; If-Match: the plan's version; publishes InspectionCancelled",
)
async def cancel_inspection(
    inspection_id: uuid.UUID,
    change: IdempotentChange,
    pre: IfMatch,
    body: Annotated[CancelInspectionIn | None, Body()] = None,
) -> Response:
    body = body or CancelInspectionIn()
    return await change.run(
        lambda uow: handlers.cancel_inspection(uow, inspection_id, reason=body.reason, pre=pre),
        _changed,
        payload=body.model_dump(mode="json"),
    )
