"""Inspection plans (issue 15, part 5): the inspector's page at /inspect/inspections (plan, the plans
per phase with planned/done/overdue/cancelled; for a waiting plan record its finding, move it to another
day, cancel it — a refusal said in words beside that plan's form) and the manager's at /manage/inspections
(their enterprises' inspections as roster shows them: announced ones, and surprise ones once revealed)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from lichtruc.vntime import local_day

from ...clients.services import ServiceError
from ...domain.dates import day_label
from ...domain.field_words import refused_fields
from ...domain.inspections import (
    MAX_INSPECTORS,
    PLAN_FIELDS,
    finding_form_problems,
    plan_form_problems,
    reschedule_form_problems,
)
from ...domain.paging import MAX_LIMIT
from ...domain.text_limits import over_limits
from ...handlers import inspections as handler
from ..deps import Confirmed, IdText, Limit, OptionalId, Render, Signed, is_confirmed, labelled, whole_number
from ..kept import refused_again, show_kept

router = APIRouter()

Typed = Annotated[str, Form(max_length=16_000)]
"""A text a person types (a purpose, a finding, a reason): bounded well above roster's own bounds (4,000 and
2,000 characters), so that roster refuses one too long in its words and the page shows the form again with
what was typed — a bound of the portal's alone would answer with a page of its own, the text gone."""

REFUSALS = (404, 409, 412, 422, 428)
DONE = ("planned", "recorded", "rescheduled", "cancelled")
FIELDS = {
    "enterprise_id": "enterprise_id",
    "site_id": "site_id",
    "planned_on": "planned_on",
    "purpose": "purpose",
    "inspectors": "inspectors",
}

BOX_LABELS = {
    "finding": {
        "result": "inspections.result_label",
        "text": "inspections.finding_text",
        "recommendations": "inspections.recommendations",
        "held_on": "inspections.held_on_box",
    },
    "reschedule": {"planned_on": "inspections.new_day", "reason": "inspections.reason_box"},
    "cancel": {"reason": "inspections.cancel_reason_box"},
}
"""A plan's forms' boxes by roster's field, with the catalogue key of their label: roster's refusal of one is said
under it (QZ20 #4: “Quá 1 ký tự (tối đa 4000)…” said of no box, at the page's top and beside the form)."""


Kind = Literal["", "surprise", "announced"]  # handlers.inspections.KINDS, or blank: all
State = Literal["", "planned", "overdue", "done", "cancelled"]  # handlers.inspections.STATES, or blank: all


async def _filters_sent(
    filter_enterprise_id: Annotated[str, Form(max_length=64)] = "",
    filter_kind: Annotated[Kind, Form()] = "",
    filter_status: Annotated[State, Form()] = "",
    filter_limit: Annotated[int | None, whole_number(1, MAX_LIMIT), Form()] = None,
) -> handler.PlanFilters:
    """The page's filters and page size as its forms carry them (hidden), so that after a change the page opens as
    it was."""
    return handler.PlanFilters(
        enterprise_id=filter_enterprise_id.strip(), kind=filter_kind, state=filter_status, limit=filter_limit
    )


Filters = Annotated[handler.PlanFilters, Depends(_filters_sent)]


def _inspector(
    render: Render, page: handler.InspectorPage, *, status: int = 200, done: str = "", record: str = ""
) -> Response:
    """The inspectors' plans; `record`: the plan whose result form opens (a visit's page offering it, QZ26 #10)."""
    return render(
        "inspections/inspector.html",
        {
            "page": page,
            "phases": handler.PHASES,
            "states": handler.STATES,
            "kinds": handler.KINDS,
            "results": handler.RESULTS,
            "done": done,
            "record": record,
        },
        status=status,
    )


async def _new_plan_refused(
    caller: Signed, render: Render, campaign_id: str, filters: handler.PlanFilters, kept: dict[str, Any]
) -> Response:
    """The page with the refused new plan (`new_plan`) as typed, each mistake next to its field."""
    page = await handler.inspector_page(
        caller,
        campaign_id=campaign_id or None,
        form=handler.NewPlan(**kept["typed"]),
        errors=dict(kept.get("errors") or {}),
        message=str(kept.get("message") or ""),
        filters=filters,
    )
    return _inspector(render, page, status=int(kept["status"]))


async def _change_refused(
    caller: Signed, render: Render, campaign_id: str, filters: handler.PlanFilters, kept: dict[str, Any]
) -> Response:
    """The page with a plan's refused form (`plan_change`: its finding, new day or cancelling) open beside it, as
    typed, and why."""
    boxes = tuple(str(box) for box in kept.get("boxes") or ())
    refused = handler.Refused(
        str(kept["plan"]),
        str(kept["action"]),
        str(kept["message"]),
        dict(kept["typed"]),
        boxes,
        stale=bool(kept.get("stale")),
        lines=tuple(str(line) for line in kept.get("lines") or ()),
    )
    page = await handler.inspector_page(
        caller, campaign_id=campaign_id or None, refused=refused, filters=filters, focus=refused.plan_id
    )  # the page that lists the plan, its form open there
    page = handler.typed_over(page, words=render.t, lang=render.lang)  # after someone else's change: theirs beside
    return _inspector(render, page, status=int(kept["status"]))


@router.get("/inspect/inspections")
async def inspector_page(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: IdText = "",
    done: str = "",
    enterprise_id: OptionalId = None,
    kind: Annotated[Kind, labelled("inspections.kind")] = "",
    status: Annotated[State, labelled("inspections.status")] = "",
    limit: Limit = None,
    cursor: str | None = None,
    plan: Annotated[str, Query(max_length=64)] = "",
    record: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """`plan`: a plan just made or changed, whose page (of `limit`) opens rather than the first (a plan the page
    does not list: the page at `cursor`); `record`: a plan whose result form opens (the page of a visit it covers
    links it so)."""
    filters = handler.PlanFilters(enterprise_id=str(enterprise_id or ""), kind=kind, state=status, limit=limit)
    refused = {
        "new_plan": partial(_new_plan_refused, caller, render, campaign_id, filters),
        "plan_change": partial(_change_refused, caller, render, campaign_id, filters),
    }
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    page = await handler.inspector_page(
        caller,
        campaign_id=campaign_id or None,
        filters=filters,
        cursor=cursor,
        focus=plan or None,
    )
    answer = 404 if page.unknown else 200
    return _inspector(render, page, status=answer, done=done if done in DONE else "", record=record)


@router.post("/inspect/inspections")
async def plan_inspection(
    request: Request,
    caller: Signed,
    render: Render,
    filters: Filters,
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    enterprise_id: Annotated[str, Form(max_length=64)] = "",
    planned_on: Annotated[str, Form(max_length=10)] = "",
    purpose: Typed = "",
    inspectors: Annotated[str, Form(max_length=2500)] = "",
    surprise: Annotated[str, Form(max_length=3)] = "",
    site_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    form = handler.NewPlan(
        enterprise_id=enterprise_id.strip(),
        planned_on=planned_on.strip(),
        purpose=purpose.strip(),
        inspectors=inspectors,
        surprise=surprise == "yes",
        site_id=site_id.strip(),
    )
    today = local_day(caller.clock())
    site = await handler.site_of(caller, form.site_id) if form.site_id else None
    problems = plan_form_problems(
        enterprise_id=form.enterprise_id,
        planned_on=form.planned_on,
        purpose=form.purpose,
        inspectors=form.names,
        today=today,
        site_enterprise_id=site.enterprise_id if site is not None else None,
    )  # every mistake the form can see, said at once; roster is asked once they are corrected
    named = len(form.names)
    values = {
        "day": form.planned_on,
        "today": day_label(today, render.lang),
        "count": named,
        "most": MAX_INSPECTORS,
        "over": named - MAX_INSPECTORS,
        "site": site.name if site is not None else "",
    }
    if "site_id" in problems and site is not None:  # the site's enterprise and the one chosen, by name (QZ25 #4)
        names = await handler.enterprise_names(caller)
        values |= {
            "site_enterprise": names.get(site.enterprise_id, ""),
            "enterprise": names.get(form.enterprise_id, ""),
        }
    errors = {name: render.t(f"inspections.{key}", **values) for name, key in problems.items()}
    # the purpose past roster's limit, with the others (QZ24: one mistake a send)
    if over := over_limits({"purpose": (form.purpose, "inspection.purpose")}):
        n, most = over["purpose"]
        errors["purpose"] = render.t("check.text_over", n=n, max=most)  # as portal.js says it under the box
        errors = {box: errors[box] for box in PLAN_FIELDS if box in errors}  # in the form's order
    message, status = "", 422
    if not errors:
        try:
            planned = await handler.plan(caller, campaign_id=campaign_id, form=form)
            # The page as it was, unless its filters would hide the plan just made: then all of the campaign's.
            shown = filters if filters.admits(planned) else handler.PlanFilters(limit=filters.limit)
            return _done(campaign_id, shown, "planned", planned.id)
        except ServiceError as exc:
            if exc.status not in REFUSALS:
                raise
            status = exc.status
            fields = exc.field_errors(render.lang)
            errors.update({shown: fields.pop(name) for name, shown in FIELDS.items() if name in fields})
            message = exc.detail(render.lang)
    kept = {
        "form": "new_plan",
        "typed": dataclasses.asdict(form),
        "errors": errors,
        "message": message or render.t("inspections.not_planned"),
        "status": status,
    }
    page = partial(_new_plan_refused, caller, render, campaign_id, filters)
    return await refused_again(request, render.state, handler.page_url(campaign_id, filters), kept, page)


@router.post("/inspect/inspections/{inspection_id}/finding")
async def record_inspection_finding(
    request: Request,
    inspection_id: str,
    caller: Signed,
    render: Render,
    filters: Filters,
    version: Annotated[int, Form(ge=1)],
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    result: Annotated[str, Form(max_length=20)] = "",
    text: Typed = "",
    recommendations: Typed = "",
    held_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    typed = {"result": result, "text": text, "recommendations": recommendations, "held_on": held_on}
    # every mistake the portal can judge, said in one answer (QZ21 #3: a too-long Nhận xét, a too-long Kiến nghị and
    # a day held still to come took three sends): the boxes left empty (both: one sentence for the two), the texts
    # past roster's limits, the day held; roster is asked once they are corrected
    today = local_day(caller.clock())
    problems = finding_form_problems(result=result, results=handler.RESULTS, text=text, held_on=held_on, today=today)
    over = over_limits(
        {"text": (text, "inspection.text"), "recommendations": (recommendations, "inspection.recommendations")}
    )
    if problems or over:
        said = _problems_said(render, "finding", problems, over, day=held_on.strip(), today=today)
        marked = ("text",) if problems.get("result") == "need_finding" else ()
        return await _refused(
            request, caller, render, campaign_id, filters, inspection_id, "finding", typed, said, marked
        )
    try:
        await handler.record(
            caller,
            inspection_id=inspection_id,
            version=version,
            result=result,
            text=text.strip(),
            recs=recommendations.strip(),
            held_on=held_on.strip(),
        )
    except ServiceError as exc:
        return await _refused(request, caller, render, campaign_id, filters, inspection_id, "finding", typed, exc)
    return _done(campaign_id, filters, "recorded", inspection_id)


@router.post("/inspect/inspections/{inspection_id}/reschedule")
async def reschedule_inspection(
    request: Request,
    inspection_id: str,
    caller: Signed,
    render: Render,
    filters: Filters,
    version: Annotated[int, Form(ge=1)],
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    planned_on: Annotated[str, Form(max_length=10)] = "",
    reason: Typed = "",
) -> Response:
    typed = {"planned_on": planned_on.strip(), "reason": reason}
    # the new day and the reason's length judged together (QZ21 #3: a day gone was said only once the reason was
    # short enough); roster is asked once they are corrected
    today = local_day(caller.clock())
    problems = reschedule_form_problems(planned_on=planned_on, today=today)
    over = over_limits({"reason": (reason, "inspection.reason")})
    if problems or over:
        said = _problems_said(render, "reschedule", problems, over, day=planned_on.strip(), today=today)
        return await _refused(request, caller, render, campaign_id, filters, inspection_id, "reschedule", typed, said)
    try:
        await handler.reschedule(
            caller, inspection_id=inspection_id, version=version, planned_on=planned_on.strip(), reason=reason.strip()
        )
    except ServiceError as exc:
        return await _refused(request, caller, render, campaign_id, filters, inspection_id, "reschedule", typed, exc)
    return _done(campaign_id, filters, "rescheduled", inspection_id)


@router.post("/inspect/inspections/{inspection_id}/cancel")
async def cancel_inspection(
    request: Request,
    inspection_id: str,
    caller: Signed,
    render: Render,
    filters: Filters,
    version: Annotated[int, Form(ge=1)],
    campaign_id: Annotated[str, Form(max_length=64)] = "",
    reason: Typed = "",
    confirmed: Confirmed = "",
) -> Response:
    if not is_confirmed(confirmed):  # the plan stands; its form open again, the box saying why
        typed = {"reason": reason, "unconfirmed": "yes"}
        return await _refused(
            request, caller, render, campaign_id, filters, inspection_id, "cancel", typed, "confirm.missing"
        )
    try:
        await handler.cancel(caller, inspection_id=inspection_id, version=version, reason=reason.strip())
    except ServiceError as exc:
        return await _refused(
            request, caller, render, campaign_id, filters, inspection_id, "cancel", {"reason": reason}, exc
        )
    return _done(campaign_id, filters, "cancelled", inspection_id)


def _problems_said(
    render: Render,
    action: str,
    problems: Mapping[str, str],
    over: Mapping[str, tuple[int, int]],
    *,
    day: str,
    today: date,
) -> dict[str, str]:
    """A plan's form's mistakes found by the portal (`problems`: box → its `inspections.` key; `over`: box → its
    characters over and its limit), box → its sentence, in the form's order, each under its box's label (the "need"
    sentences name theirs already) — as roster's refusals of the same boxes are said (`BOX_LABELS`)."""
    labels = BOX_LABELS[action]
    values = {"day": day, "today": day_label(today, render.lang)}
    if day:
        with contextlib.suppress(ValueError):
            values["day"] = day_label(date.fromisoformat(day), render.lang)
    said = {box: render.t(f"inspections.{key}", **values) for box, key in problems.items()}
    said |= {box: render.t("check.text_over", n=n, max=most) for box, (n, most) in over.items()}
    whole = {box for box, key in problems.items() if key == "need_finding"}  # of two boxes: labelled by neither
    return {
        box: text
        if box in whole or text.startswith(render.t(labels[box]) + ":")
        else f"{render.t(labels[box])}: {text}"
        for box in labels
        if (text := said.get(box))
    }


def _done(campaign_id: str, filters: handler.PlanFilters, done: str, plan_id: str) -> Response:
    """To the page, as it was filtered, that lists the plan made or changed (a move may take it to another page)."""
    return RedirectResponse(handler.page_url(campaign_id, filters, done=done, plan=plan_id), status_code=303)


async def _refused(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: str,
    filters: handler.PlanFilters,
    inspection_id: str,
    action: str,
    typed: dict[str, str],
    why: ServiceError | str | Mapping[str, str],
    boxes: tuple[str, ...] = (),
) -> Response:
    """The page again, the plan's form open with what was typed and, beside it, why it was refused: the
    portal's own words (a message key; `boxes`, the form's boxes it is about; or box → sentence, each mistake it found,
    `boxes` more boxes marked), or roster's problem (every field it names said, the boxes marked) — anything else
    roster answers is not a refusal and goes on up. By Post/Redirect/Get: a 303 to the page, which shows
    it once (api.kept), so that Back never offers to send the form again; in the POST's own answer only when it is
    too large to keep (a finding's texts may be long)."""
    lines: tuple[str, ...] = ()
    if isinstance(why, str):
        status, said = 422, render.t(why)
    elif isinstance(why, Mapping):
        status, (said, lines) = 422, _listed(render, why)
        boxes = (*why, *boxes)
    elif why.status == 412:  # the page shows the plan as it is now, what was typed over it (handler.typed_over)
        status, said = 412, render.t("inspections.stale")
    elif why.status in REFUSALS:
        named = why.field_errors(render.lang)
        labels = {name: render.t(key) for name, key in BOX_LABELS.get(action, {}).items()}
        named |= refused_fields(why.problem, lang=render.lang, labels=labels)  # in the problem's order still
        status, (said, lines) = why.status, _listed(render, named) if named else (why.detail(render.lang), ())
        boxes = tuple(box for box in named if box in typed)
    else:
        raise why
    kept: dict[str, Any] = {"form": "plan_change", "plan": inspection_id, "action": action, "message": said}
    kept |= {"typed": typed, "boxes": boxes, "lines": lines, "stale": status == 412}
    # To the page's top, not the plan's row: the summary there says why and links to the row (QA round 3).
    page = partial(_change_refused, caller, render, campaign_id, filters)
    return await refused_again(
        request, render.state, handler.page_url(campaign_id, filters), {**kept, "status": status}, page
    )


def _listed(render: Render, said: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """A refusal's words: its one sentence, or — several mistakes — how many, and each a line (QZ21 #3: the first
    alone was said, the others one a send)."""
    if len(said) == 1:
        return next(iter(said.values())), ()
    return render.t("inspections.fix_these", count=len(said)), tuple(said.values())


Phase = Literal["", "before", "during", "after"]  # handlers.inspections.PHASES, or blank: all


@router.get("/manage/inspections")
async def manager_inspections(
    caller: Signed,
    render: Render,
    limit: Limit = None,
    cursor: str | None = None,
    campaign_id: OptionalId = None,
    enterprise_id: OptionalId = None,
    phase: Annotated[Phase, labelled("inspections.phase_label")] = "",
    status: Annotated[State, labelled("inspections.status")] = "",
    back: str = "",  # the pages walked through (domain.paging): "← Trang trước" and the rows' place
) -> Response:
    filters = handler.ManagerFilters(
        campaign_id=str(campaign_id or ""), enterprise_id=str(enterprise_id or ""), phase=phase, state=status
    )
    page = await handler.manager_page(caller, limit=limit, cursor=cursor, filters=filters, back=back)
    values = {"page": page, "phases": handler.PHASES, "states": handler.STATES}
    return render("inspections/manager.html", values, status=404 if page.unknown else 200)
