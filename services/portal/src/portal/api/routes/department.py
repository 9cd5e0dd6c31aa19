"""The administrator's "Thông tin Sở" / "Department details": the names the Department's documents print (the
province, the Department and the body above it, its abbreviation in the documents' numbers, the place before the
date, each document's recipients). Saved, the
page shows them again with a line saying so; refused, it redirects (303) to itself, the form as typed with roster's
words beside each box once (api.kept), as the other administrator's forms do."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import department as handlers
from ...handlers.admin import FormErrors
from ..deps import Render, Signed
from ..kept import forget_refused, redirect_refused, take_refused

router = APIRouter(prefix="/admin")

PAGE = "/admin/department"
KIND = "department"
Line = Annotated[str, Form(max_length=FORM_TEXT_MAX)]  # over roster's: refused beside its box, the text kept
Lines = Annotated[str, Form(max_length=10000)]


def _page(
    render: Render, form: handlers.DepartmentForm, found: handlers.DepartmentView, errors: FormErrors | None, done: bool
) -> Response:
    return render(
        "admin/department.html",
        {"form": form, "found": found, "errors": errors or FormErrors(), "done": done},
        status=errors.status if errors else 200,
    )


@router.get("/department")
async def department(request: Request, caller: Signed, render: Render) -> Response:
    found = await handlers.get_department(caller)
    now = handlers.DepartmentForm.of(found)
    kept = take_refused(request, render.state)
    if kept is None or kept.get("form") != KIND:
        return _page(render, now, found, None, request.query_params.get("done") == "saved")
    form = handlers.DepartmentForm(**dict(kept["typed"]))
    errors = FormErrors(dict(kept.get("fields") or {}), kept.get("message"), int(kept["status"]))
    if errors.status == 409 and not errors.fields:  # someone else saved first: as typed, theirs beside
        form, errors = handlers.department_over(form, now, words=render)
    return forget_refused(request, render.state, _page(render, form, found, errors, False))


@router.post("/department")
async def save_department(
    request: Request,
    caller: Signed,
    render: Render,
    province: Line = "",
    department: Line = "",
    superior: Line = "",
    place: Line = "",
    report_recipients: Lines = "",
    summary_recipients: Lines = "",
    version: Line = "",
    abbreviation: Line = "",
) -> Response:
    form = handlers.DepartmentForm(
        province=province,
        department=department,
        superior=superior,
        place=place,
        report_recipients=report_recipients,
        summary_recipients=summary_recipients,
        version=int(version or 0),
        abbreviation=abbreviation,
    )
    outcome = await handlers.save_department(caller, render, form=form)
    if outcome.saved is not None:
        return RedirectResponse(f"{PAGE}?done=saved", status_code=303)
    said = outcome.errors or FormErrors()
    kept = {
        "form": KIND,
        "typed": dataclasses.asdict(form),
        "fields": said.fields,
        "message": said.message,
        "status": said.status,
    }
    if (redirected := redirect_refused(request, render.state, PAGE, kept)) is not None:
        return redirected
    found = await handlers.get_department(caller)
    return _page(render, form, found, said, False)
