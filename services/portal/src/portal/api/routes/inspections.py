"""Inspection plans (issue 15, part 5): the inspector's page at /inspect/inspections (plan, the plans
per phase with planned/done/overdue/cancelled, record a finding) and the manager's at /manage/inspections
(their enterprises' inspections as roster shows them: announced ones, and surprise ones once revealed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...clients.services import ServiceError
from ...handlers import inspections as handler
from ..deps import Limit, Render, Signed

router = APIRouter()

REFUSALS = (404, 409, 412, 422, 428)
FIELDS = {
    "enterprise_id": "enterprise_id",
    "planned_on": "planned_on",
    "purpose": "purpose",
    "inspectors": "inspectors",
}


def _inspector(render: Render, page: handler.InspectorPage, *, status: int = 200, done: str = "") -> Response:
    return render(
        "inspections/inspector.html",
        {"page": page, "phases": handler.PHASES, "states": handler.STATES, "results": handler.RESULTS, "done": done},
        status=status,
    )


@router.get("/inspect/inspections")
async def inspector_page(caller: Signed, render: Render, campaign_id: str = "", done: str = "") -> Response:
    page = await handler.inspector_page(caller, campaign_id=campaign_id or None)
    return _inspector(render, page, done=done if done in ("planned", "recorded") else "")


@router.post("/inspect/inspections")
async def plan_inspection(
    caller: Signed,
    render: Render,
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    enterprise_id: Annotated[str, Form(max_length=64)] = "",
    planned_on: Annotated[str, Form(max_length=10)] = "",
    purpose: Annotated[str, Form(max_length=4000)] = "",
    inspectors: Annotated[str, Form(max_length=2500)] = "",
    surprise: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    form = handler.NewPlan(
        enterprise_id=enterprise_id.strip(),
        planned_on=planned_on.strip(),
        purpose=purpose.strip(),
        inspectors=inspectors,
        surprise=surprise == "yes",
    )
    errors: dict[str, str] = {}
    if not form.enterprise_id:
        errors["enterprise_id"] = render.t("inspections.need_enterprise")
    if not form.planned_on:
        errors["planned_on"] = render.t("inspections.need_day")
    if not form.purpose:
        errors["purpose"] = render.t("inspections.need_purpose")
    if not form.names:
        errors["inspectors"] = render.t("inspections.need_inspectors")
    message, status = "", 422
    if not errors:
        try:
            await handler.plan(caller, campaign_id=campaign_id, form=form)
            return RedirectResponse(f"/inspect/inspections?campaign_id={campaign_id}&done=planned", status_code=303)
        except ServiceError as exc:
            if exc.status not in REFUSALS:
                raise
            status = exc.status
            fields = exc.field_errors(render.lang)
            errors.update({shown: fields.pop(name) for name, shown in FIELDS.items() if name in fields})
            message = exc.detail(render.lang)
    page = await handler.inspector_page(
        caller,
        campaign_id=campaign_id or None,
        form=form,
        errors=errors,
        message=message or render.t("inspections.not_planned"),
    )
    return _inspector(render, page, status=status)


@router.post("/inspect/inspections/{inspection_id}/finding")
async def record_inspection_finding(
    inspection_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    result: Annotated[str, Form(max_length=20)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
    recommendations: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    message, status = "", 422
    if result not in handler.RESULTS or not text.strip():
        message = render.t("inspections.need_finding")
    else:
        try:
            await handler.record(
                caller,
                inspection_id=inspection_id,
                version=version,
                result=result,
                text=text.strip(),
                recs=recommendations.strip(),
            )
            return RedirectResponse(f"/inspect/inspections?campaign_id={campaign_id}&done=recorded", status_code=303)
        except ServiceError as exc:
            if exc.status not in REFUSALS:
                raise
            status, message = exc.status, exc.detail(render.lang)
    page = await handler.inspector_page(caller, campaign_id=campaign_id or None, message=message, failed=inspection_id)
    return _inspector(render, page, status=status)


@router.get("/manage/inspections")
async def manager_inspections(
    request: Request, caller: Signed, render: Render, limit: Limit = None, cursor: str | None = None
) -> Response:
    page = await handler.manager_page(caller, limit=limit, cursor=cursor, path=request.url.path)
    return render("inspections/manager.html", {"page": page})
