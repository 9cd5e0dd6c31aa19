"""Incident pages: /incidents for an enterprise's duty staff and managers (list, record one, respond, update,
resolve), /inspect/incidents for the Department (province-wide, from audit, with time to respond and to restore;
its CSV; one incident with its versions)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from ...clients.services import Caller, ServiceError
from ...domain.dates import instant_label
from ...domain.field_words import refused_fields
from ...domain.gaps import OUT_OF_ORDER, order_said, parse_local
from ...domain.incidents import (
    DAYS_OUT_OF_ORDER,
    UNMADE_CHOICE,
    ProvinceFilters,
    blank_boxes,
    closing_problems,
    record_form_problems,
)
from ...domain.paging import clamp_limit
from ...domain.said import Said
from ...domain.shifts import local_input
from ...domain.text_limits import FORM_TEXT_MAX, over_limits
from ...handlers import incidents
from ...handlers.gaps import Export
from ..deps import Confirmed, Limit, Render, Signed, is_confirmed, labelled, whole_number
from ..errors import refused_page
from ..kept import forget_notes, forget_refused, redirect_noted, redirect_refused, take_notes, take_refused

router = APIRouter()

REFUSALS = (404, 409, 412, 422, 428)
MinutesDown = Annotated[int | None, whole_number(1, incidents.MAX_MINUTES_DOWN), Query()]
District = Annotated[str, Query(max_length=100, json_schema_extra={"label": "incidents.district_filter"})]
"""The lists' district filter: the services' bound; typed freely (they match it however typed)."""


def _values(render: Render) -> dict[str, object]:
    return {
        "services": incidents.SERVICES,
        "severities": incidents.SEVERITIES,
        "statuses": incidents.STATUSES,
        "sectors": incidents.SECTORS,
    }


async def _list_page(
    request: Request,
    caller: Caller,
    render: Render,
    *,
    limit: int | None = None,
    cursor: str | None = None,
    form: dict[str, object] | None = None,
    error: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    day: date | None = None,
) -> Response:
    view = await incidents.incident_list(
        caller,
        query=dict(request.query_params),
        cursor=cursor,
        limit=clamp_limit(limit, incidents.LIST_LIMIT),
        path="/incidents",
        day=day,
    )
    if (
        form is None
    ):  # a new incident is most often recorded as it is found: "detected at" starts at now (portal's clock)
        form = {"detected_at": local_input(caller.clock())}
    return render(
        "incidents/list.html",
        {"view": view, "form": form, "error": error, "errors": errors or {}, **_values(render)},
        status=status,
    )


@router.get("/incidents")
async def incident_list(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    cursor: str | None = None,
    district: District = "",  # checked here; read with the other filters
    day: Annotated[date | None, labelled("incidents.day_filter")] = None,  # likewise (the board's day marks link it)
) -> Response:
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "incident":  # a refused new incident, redirected here (_list_again)
        page = await _list_page(
            request,
            caller,
            render,
            form=dict(kept.get("typed") or {}),
            error=kept.get("error"),
            errors=dict(kept.get("errors") or {}),
            status=int(kept["status"]),
        )
        return forget_refused(request, render.state, page)
    return await _list_page(request, caller, render, limit=limit, cursor=cursor, day=day)


@router.post("/incidents")
async def open_incident(request: Request, caller: Signed, render: Render) -> Response:
    raw = await request.form()
    form: dict[str, object] = {k: v for k, v in raw.items() if k != "services"}
    chosen = [str(s) for s in raw.getlist("services")]
    form["services"] = chosen
    try:
        detected, readable = parse_local(str(form.get("detected_at") or "")), True
    except ValueError:
        detected, readable = None, False
    now = caller.clock()
    problems = record_form_problems(
        enterprise_id=str(form.get("enterprise_id") or ""),
        detected_at=detected,
        detected_readable=readable,
        site_id=str(form.get("site_id") or ""),
        district=str(form.get("district") or ""),
        services=chosen,
        severity=str(form.get("severity") or ""),
        description=str(form.get("description") or ""),
        severities=incidents.SEVERITIES,
        now=now,
    )
    # a description or a district past roster's limit, said as portal.js says it under the box (QZ16 #7), not
    # roster's "quá dài" — and with the form's other mistakes, not after them (QZ21 #3: the district said alone, once
    # the others were corrected)
    over = over_limits(
        {
            "district": (str(form.get("district") or ""), "incident.district"),
            "description": (str(form.get("description") or ""), "incident.description"),
        }
    )
    if problems or over:  # every mistake the portal can see, said at once (roster is asked once they are corrected)
        at = {"at": instant_label(detected, render.lang) if detected else "", "now": instant_label(now, render.lang)}
        errors = {name: render.t(f"incidents.error.{key}", **at) for name, key in problems.items()}
        errors |= {name: _text_over(render, over[name]) for name in over if name not in errors}
        order = ("enterprise_id", "detected_at", "site_id", "district", "services", "severity", "description")
        errors = {name: errors[name] for name in order if name in errors}
        return await _list_again(request, caller, render, form=form, errors=errors, status=422)
    body = incidents.open_body(form)
    # The same form sent again without script (Back draws it anew, with a new key): nothing recorded twice, nobody
    # alerted twice; the person is taken to the incident they recorded, which says when (`done=already`).
    if (earlier := await incidents.recorded_just_now(caller, body)) is not None:
        return RedirectResponse(f"/incidents/{earlier['id']}?done=already", status_code=303)
    try:
        made = await incidents.open_incident(caller, body)
    except ServiceError as exc:
        if exc.status not in (403, 422):
            raise
        said = exc.field_errors(render.lang)  # a choice roster refuses all the same is asked for in the same words
        said |= {name: render.t(f"incidents.error.{key}") for name, key in UNMADE_CHOICE.items() if name in said}
        return await _list_again(
            request,
            caller,
            render,
            form=form,
            error=incidents.problem_text(exc, render.lang),
            errors=said,
            status=exc.status,
        )
    return RedirectResponse(f"/incidents/{made['id']}?done=opened", status_code=303)


NOT_KEPT = ("csrf_token", "form_key")
"""Fields of a refused form never kept for the page it redirects to: the page draws its own."""


async def _list_again(
    request: Request,
    caller: Caller,
    render: Render,
    *,
    form: dict[str, object],
    errors: dict[str, str],
    status: int,
    error: str | None = None,
) -> Response:
    """The list with the refused new incident as typed and why — by Post/Redirect/Get: a 303 to the list's address,
    which shows it once (api.kept), so that Back never offers to record it again; in the POST's own answer only
    when it is too large to keep."""
    typed = {k: v for k, v in form.items() if k not in NOT_KEPT}
    kept = {"form": "incident", "typed": typed, "error": error, "errors": errors, "status": status}
    if (redirected := redirect_refused(request, render.state, "/incidents", kept)) is not None:
        return redirected
    return await _list_page(request, caller, render, form=form, error=error, errors=errors, status=status)


async def _detail_page(
    caller: Caller,
    render: Render,
    incident_id: str,
    *,
    done: str | None = None,
    added: list[str] | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    notes: list[str] | None = None,
) -> Response:
    """The incident; `added`: the responders just added (the page names them, and warns when they are not on duty);
    `form`: what the person typed into the form that was refused, shown again; `errors`: what is wrong with each
    field of it, said next to the field."""
    view = await incidents.detail(caller, incident_id)
    return render(
        "incidents/detail.html",
        {
            "view": view,
            "done": done,
            "added": [r for r in (view.responder(s) for s in dict.fromkeys(added or ())) if r is not None],
            "error": error,
            "form": form or {},
            "errors": errors or {},
            "notes": notes or [],
            **_values(render),
        },
        status=status,
    )


@router.get("/incidents/{incident_id}")
async def incident_detail(
    request: Request,
    incident_id: str,
    caller: Signed,
    render: Render,
    done: str | None = None,
    responder: Annotated[list[str] | None, Query()] = None,
) -> Response:
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "incident_step":  # a refused step, redirected here (_detail_again)
        page = await _detail_page(
            caller,
            render,
            incident_id,
            error=kept.get("error"),
            form={str(k): str(v) for k, v in (kept.get("typed") or {}).items()},
            errors=dict(kept.get("errors") or {}),
            status=int(kept["status"]),
        )
        return forget_refused(request, render.state, page)
    if done == "responder_removed":  # who was taken off: kept for this page by the removal (api.kept), said once
        notes = [n.in_lang(render.lang) for n in take_notes(request, render.state)]
        page = await _detail_page(caller, render, incident_id, notes=notes)
        return forget_notes(request, render.state, page)
    return await _detail_page(
        caller,
        render,
        incident_id,
        done=done if done in ("opened", "already", "updated", "resolved", "responder") else None,
        added=responder if done == "responder" else None,
    )


async def _detail_again(
    request: Request,
    caller: Caller,
    render: Render,
    incident_id: str,
    *,
    error: str | None,
    form: dict[str, str] | None,
    status: int,
    errors: dict[str, str] | None = None,
) -> Response:
    """The incident with the refused step's form as typed and why — by Post/Redirect/Get: a 303 to the incident's
    address, which shows it once (api.kept), so that Back never offers to send the step again; in the POST's own
    answer only when it is too large to keep."""
    kept = {"form": "incident_step", "typed": form or {}, "error": error, "errors": errors or {}, "status": status}
    if (redirected := redirect_refused(request, render.state, f"/incidents/{incident_id}", kept)) is not None:
        return redirected
    return await _detail_page(caller, render, incident_id, error=error, form=form, errors=errors, status=status)


async def _refused(
    request: Request,
    caller: Caller,
    render: Render,
    incident_id: str,
    exc: ServiceError,
    form: dict[str, str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    boxes: Mapping[str, str] | None = None,
) -> Response:
    """The incident again with roster's refusal; `labels` (roster's field → the catalogue key of the form's label):
    each of those fields roster refused is marked, in words naming the field as the form does; `boxes` (roster's field
    → the box's own name on a page with two of that name: the update's restore time). A restore time earlier than a
    step recorded (roster's 409 restored-before-steps) is asked about: its form offers to save it anyway (`ask`)."""
    if exc.status not in REFUSALS or exc.status == 404:
        raise exc
    words = {name: render.t(key) for name, key in (labels or {}).items()}
    errors = refused_fields(exc.problem, lang=render.lang, labels=words)
    errors = {(boxes or {}).get(name, name): said for name, said in errors.items()}
    if form is not None and _asks_about_order(exc):
        form = {**form, "ask": form.get("step", "")}
    error = render.t("incidents.error.fields") if errors else incidents.problem_text(exc, render.lang)
    return await _detail_again(
        request, caller, render, incident_id, error=error, form=form, errors=errors, status=exc.status
    )


async def _blank(
    request: Request,
    caller: Caller,
    render: Render,
    incident_id: str,
    form: dict[str, str],
    problems: Mapping[str, str],
) -> Response:
    """The incident again, a step's boxes that arrived empty (the browser's `required` bypassed) each asked for at its
    field in the portal's words, and what else was typed kept — not FastAPI's page about a missing value, nor
    roster's "not a valid identifier" for a person not chosen. `problems`: field → its `incidents.error.` key."""
    errors = {name: render.t(f"incidents.error.{key}") for name, key in problems.items()}
    error = render.t("incidents.error.fields")
    return await _detail_again(request, caller, render, incident_id, error=error, form=form, errors=errors, status=422)


def _text_over(render: Render, over: tuple[int, int]) -> str:
    """A box past its limit, in portal.js's words under it: by how much, the limit, what to do."""
    return render.t("check.text_over", n=over[0], max=over[1])


async def _too_long(
    request: Request,
    caller: Caller,
    render: Render,
    incident_id: str,
    form: dict[str, str],
    over: Mapping[str, tuple[int, int]],
) -> Response:
    """The incident again, each box past its limit (`over`: field → characters over, limit) said at its field as
    portal.js says it with script, what was typed kept — before roster is asked."""
    errors = {name: _text_over(render, counts) for name, counts in over.items()}
    error = render.t("incidents.error.fields")
    return await _detail_again(request, caller, render, incident_id, error=error, form=form, errors=errors, status=422)


@router.post("/incidents/{incident_id}/responders")
async def add_responder(
    request: Request,
    incident_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """The colleagues ticked (QZ13: radio buttons, one a send, for a team of three), or "Tôi tham gia ứng cứu"'s own
    id, each added; the page then names them all. One roster refuses is named with roster's words, those added
    before it said added, and it and those after it stay ticked to send again."""
    ticked = [str(v).strip() for v in (await request.form()).getlist("staff_id") if str(v).strip()]
    ticked = list(dict.fromkeys(ticked))[:MAX_TICKED]
    form = {"responder_staff_id": " ".join(ticked), "responder_at": at}
    # No one chosen (the browser's `required` bypassed): asked for by name, not as a UUID — never the sender instead
    # ("Tôi tham gia ứng cứu" sends their own id).
    if not ticked:
        return await _blank(request, caller, render, incident_id, form, blank_boxes({"staff_id": ""}))
    try:
        done = await incidents.add_responders(caller, incident_id, version=version, staff_ids=ticked, at=at)
    except ValueError:
        error = render.t("incidents.error.time")
        return await _detail_again(request, caller, render, incident_id, error=error, form=form, status=422)
    except ServiceError as exc:  # roster's "at" (a time it refuses, or none on an incident written up afterwards)
        return await _refused(
            request,
            caller,
            render,
            incident_id,
            exc,
            form,
            labels={"at": "incidents.when_joined_afterwards"},
            boxes={"at": "responder_at"},
        )
    if done.refused is not None:
        if done.refused.status not in REFUSALS or done.refused.status == 404:
            raise done.refused
        view = await incidents.detail(caller, incident_id)
        names = {c.id: c.full_name for c in view.staff} | {
            r["staff_id"]: r["full_name"] for r in view.incident["responders"]
        }
        error = render.t(
            "incidents.error.responders_partly",
            added=", ".join(names.get(s, s) for s in done.added),
            refused=names.get(done.left[0], done.left[0]),
            why=incidents.problem_text(done.refused, render.lang),
        )
        kept = {**form, "responder_staff_id": " ".join(done.left)}
        return await _detail_again(
            request, caller, render, incident_id, error=error, form=kept, status=done.refused.status
        )
    # Like the other steps, a redirect: reloading the page does not send the form again. The warning of a
    # responder not on duty is read back from the incident (roster keeps `on_duty` on each responder).
    query = urlencode([("done", "responder"), *(("responder", s) for s in done.added)])
    return RedirectResponse(f"/incidents/{incident_id}?{query}", status_code=303)


def _asks_about_order(exc: ServiceError) -> bool:
    """Whether roster asks first about a restore time earlier than a step recorded (QZ26 #11a)."""
    return exc.status == 409 and any(
        isinstance(e, Mapping) and e.get("rule") == "restored-before-steps" for e in exc.problem.get("errors") or ()
    )


MAX_TICKED = 50
"""At most this many colleagues added in one send (roster is called once for each)."""


@router.post("/incidents/{incident_id}/responders/{staff_id}/remove")
async def remove_responder(
    request: Request,
    incident_id: str,
    staff_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    confirmed: Confirmed = "",
    reason: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # over roster's: roster's refusal, the text kept
) -> Response:
    """A responder added by mistake, taken off once the question is answered (Z13); the page then says who."""
    form = {"remove_staff_id": staff_id, "remove_reason": reason}
    # a reason past roster's limit (sent in the query, where roster's refusal names no box): said beside its box as
    # portal.js says it under it (QZ17 #4), and listed at the page's top under the box's label as the other forms'
    # (E2: the summary listed nothing), with the question unanswered if it is
    if over := over_limits({"reason": (reason, "incident.removal_reason")}).get("reason"):
        form |= {"remove_over": _text_over(render, over)}
    if not is_confirmed(confirmed) or over:  # nothing done: the page again, the box beside that responder saying why
        error = render.t("incidents.error.fields") if over else render.t("confirm.missing")
        errors = {"reason": form["remove_over"]} if over else None
        form |= {} if is_confirmed(confirmed) else {"remove_unconfirmed": "yes"}
        return await _detail_again(
            request, caller, render, incident_id, error=error, form=form, errors=errors, status=422
        )
    try:
        name = await incidents.remove_responder(caller, incident_id, version=version, staff_id=staff_id, reason=reason)
    except ServiceError as exc:
        return await _refused(request, caller, render, incident_id, exc, form)
    catalogue = render.state.catalogue
    said = Said(*(catalogue.text("incidents.done.responder_removed", lang, name=name) for lang in ("vi", "en")))
    return redirect_noted(request, render.state, f"/incidents/{incident_id}?done=responder_removed", [said])


@router.post("/incidents/{incident_id}/updates")
async def add_update(
    request: Request,
    incident_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # over roster's: said beside the box, the text kept
    restored_at: Annotated[str, Form(max_length=40)] = "",
    at: Annotated[str, Form(max_length=40)] = "",
    confirmed: Confirmed = "",
) -> Response:
    """An update; one whose restore time is earlier than a step recorded is saved once asked (`confirmed`)."""
    form = {"note": note, "update_at": at, "update_restored_at": restored_at, "step": "update"}
    if problems := blank_boxes({"note": note}):
        return await _blank(request, caller, render, incident_id, form, problems)
    if over := over_limits({"note": (note, "incident.note")}):
        return await _too_long(request, caller, render, incident_id, form, over)
    try:
        await incidents.add_update(
            caller,
            incident_id,
            version=version,
            note=note,
            restored_at=restored_at,
            at=at,
            confirm=is_confirmed(confirmed),
        )
    except ValueError:
        error = render.t("incidents.error.time")
        return await _detail_again(request, caller, render, incident_id, error=error, form=form, status=422)
    except ServiceError as exc:
        labels = {"note": "incidents.note", "restored_at": "incidents.restored_optional"}
        boxes = {"restored_at": "update_restored_at"}
        return await _refused(request, caller, render, incident_id, exc, form, labels=labels, boxes=boxes)
    return RedirectResponse(f"/incidents/{incident_id}?done=updated", status_code=303)


@router.post("/incidents/{incident_id}/resolve")
async def resolve(
    request: Request,
    incident_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    cause: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # over roster's: roster's refusal, the text kept
    closing_note: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # the same
    restored_at: Annotated[str, Form(max_length=40)] = "",
    confirmed: Confirmed = "",
) -> Response:
    """The closing; a restore time earlier than a step recorded is saved once asked (`confirmed`, QZ26 #11a)."""
    form = {"cause": cause, "closing_note": closing_note, "resolve_restored_at": restored_at, "step": "resolve"}
    boxes = {"cause": cause, "closing_note": closing_note}
    # A missing restore time is the portal's to say, as it is with the empty boxes (the first send) and alone (a
    # later one): in one wording, not roster's "Hãy nhập thời điểm…" under the label the form already shows (QA).
    if blank_boxes(boxes) or not restored_at.strip():
        restored_before = bool(restored_at.strip()) or await incidents.restored(caller, incident_id)
        if problems := closing_problems(boxes, restored_at=restored_at, restored_before=restored_before):
            return await _blank(request, caller, render, incident_id, form, problems)
    if over := over_limits({"cause": (cause, "incident.cause"), "closing_note": (closing_note, "incident.note")}):
        return await _too_long(request, caller, render, incident_id, form, over)
    try:
        await incidents.resolve(
            caller,
            incident_id,
            version=version,
            cause=cause,
            closing_note=closing_note,
            restored_at=restored_at,
            confirm=is_confirmed(confirmed),
        )
    except ValueError:
        error = render.t("incidents.error.time")
        return await _detail_again(request, caller, render, incident_id, error=error, form=form, status=422)
    except ServiceError as exc:
        labels = {  # the boxes' labels as the form shows them, so the summary's line gives each once (QZ22 #4)
            "cause": "incidents.cause",
            "closing_note": "incidents.closing_note",
            "restored_at": "incidents.restored_needed",
        }
        return await _refused(request, caller, render, incident_id, exc, form, labels=labels)
    return RedirectResponse(f"/incidents/{incident_id}?done=resolved", status_code=303)


# --- the Department -----------------------------------------------------------------------------------


@router.get("/inspect/incidents")
async def province_incidents(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    cursor: str | None = None,
    open_longer_than: MinutesDown = None,  # checked here; read with the other filters
    district: District = "",
) -> Response:
    view = await incidents.province_list(
        caller,
        filters=ProvinceFilters.from_query(request.query_params),
        query=dict(request.query_params),
        cursor=cursor,
        limit=clamp_limit(limit, incidents.LIST_LIMIT),
        path="/inspect/incidents",
    )
    return render("incidents/province.html", {"view": view, **_values(render)}, status=422 if view.errors else 200)


@router.get("/inspect/incidents.csv")
async def province_incidents_csv(
    request: Request,
    caller: Signed,
    render: Render,
    open_longer_than: MinutesDown = None,  # checked here; read with the other filters
    district: District = "",
) -> Response:
    """The list's CSV (the campaign shown on the list named in the link); refused, never made without a
    filter that is wrong."""
    return await _province_export(request, caller, render, "csv")


@router.get("/inspect/incidents.xlsx")
async def province_incidents_xlsx(
    request: Request,
    caller: Signed,
    render: Render,
    open_longer_than: MinutesDown = None,  # checked here; read with the other filters
    district: District = "",
) -> Response:
    """The list as an Excel sheet: the CSV's rows and filters, times as real dates."""
    return await _province_export(request, caller, render, "xlsx")


async def _province_export(request: Request, caller: Caller, render: Render, kind: Export) -> Response:
    q = request.query_params
    filters = ProvinceFilters.from_query(q)
    lang = "en" if q.get("lang") == "en" else "vi"
    made = await incidents.province_export(
        caller, filters=filters, lang=lang, kind=kind, separator=q.get("separator", "")
    )
    if isinstance(made, dict):
        order = order_said(
            (render.t("incidents.province.from_day"), filters.from_day),
            (render.t("incidents.province.to_day"), filters.to_day),
            render.lang,
        )
        said = [
            render.t(OUT_OF_ORDER, **order)
            if problem == DAYS_OUT_OF_ORDER
            else render.t(
                f"incidents.province.refused.{problem}",
                field=render.t(f"incidents.province.{name}"),
                value=getattr(filters, name),
            )
            for name, problem in made.items()
        ]
        kept = filters.query(campaign_id="" if "campaign_id" in made else filters.campaign_id)
        back = f"/inspect/incidents?{urlencode(kept)}".removesuffix("?")
        return refused_page(request, said, back=(back, "incidents.province.back_to_list"), kind="export")
    return Response(made.content, media_type=made.media_type, headers={"Content-Disposition": made.disposition})


@router.get("/inspect/incidents/{incident_id}")
async def province_incident(incident_id: str, caller: Signed, render: Render) -> Response:
    found = await incidents.province_detail(caller, incident_id)
    return render("incidents/province_detail.html", {"found": found, **_values(render)})
