"""The manager's people-side pages: staff, coverage requirements, imports from spreadsheets,
and hours on duty. Thin: read the form or query, call one handler, render or redirect."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from lichtruc.sheets import attachment

from ...clients.services import ServiceError
from ...domain.dates import parse_instant
from ...domain.deadlines import Lateness, lateness
from ...domain.hours import Column
from ...domain.imports import CAMPAIGN_KINDS, MAX_UPLOAD_BYTES, Kind, kind_of, notes_carried, notes_read, unpack
from ...domain.requirements import RequirementForm
from ...domain.staff import StaffForm
from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import admin as admin_handlers
from ...handlers import hours as hours_handlers
from ...handlers import imports as import_handlers
from ...handlers import requirements as requirement_handlers
from ...handlers import staff as staff_handlers
from ...handlers import tet_copy
from ..deps import Confirmed, IdText, Limit, OptionalId, PageNotFound, Render, Signed, State, is_confirmed, labelled
from ..errors import refused_page
from ..kept import forget_notes, forget_refused, redirect_noted, redirect_refused, take_notes, take_refused

router = APIRouter()

Text = Annotated[str, Form(max_length=2000)]
ShortText = Annotated[str, Form(max_length=300)]
Line = Annotated[str, Form(max_length=FORM_TEXT_MAX)]  # a stored one-line box: over its limit, refused at it, kept
# The staff list's filters, or blank: all. A value that is none of them is the error page naming it (not the whole
# list shown as if filtered: QA 2026-12-06, "?qualification=operations").
Qualification = Literal["", "leader", "operator", "technician", "guard"]  # domain.staff.QUALIFICATIONS
Activity = Literal["", "yes", "no"]


def _id(value: str) -> str:
    """A path id the services could know; anything else is a page that does not exist."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise PageNotFound() from None


def _see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def _query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


# --- a refused form, by Post/Redirect/Get ----------------------------------------------------------
# The staff and requirement forms refused redirect (303) to their page's own address, which shows what was typed
# and why once (api.kept): Back never offers to send the form again. An editor is kept by what it was typed with
# and why; the page it redirects to draws the editor afresh, then puts those back in it.

Editor = TypeVar("Editor", staff_handlers.StaffEditor, requirement_handlers.RequirementEditor)


def _refused_editor(
    request: Request,
    render: Render,
    url: str,
    kind: str,
    editor: staff_handlers.StaffEditor | requirement_handlers.RequirementEditor | None,
    *,
    status: int,
    **extra: Any,
) -> Response | None:
    """A 303 to `url` keeping the refused `editor` (None: a form with nothing typed, `extra` says why) for it; None
    when it cannot be kept (then the POST's own answer shows it)."""
    kept: dict[str, Any] = {"form": kind, "status": status, **extra}
    if editor is not None:
        kept |= {
            "typed": dataclasses.asdict(editor.form),
            "errors": editor.errors,
            "message": editor.message,
            "stale": editor.stale,
            "version": editor.version,
            "listed": getattr(editor, "listed", None),
            "namesakes": [dataclasses.asdict(n) for n in getattr(editor, "namesakes", ())],
            "over": sorted(getattr(editor, "over", ())),
            "asked_leave": getattr(editor, "asked_leave", False),
        }
    return redirect_refused(request, render.state, url, kept)


def _editor_again(
    editor: Editor, kept: dict[str, Any], form_type: type[StaffForm] | type[RequirementForm], render: Render
) -> Editor:
    """`editor` as drawn now with the refused form `kept` put back: after someone else's change (stale), as typed over
    the version drawn now, with the latest saved values beside the boxes that differ (the handlers' `typed_over`)."""
    typed: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in (kept.get("typed") or {}).items()}
    form: Any = form_type(**typed)  # the editor's own form type: StaffForm or RequirementForm
    if kept.get("stale") and isinstance(editor, staff_handlers.StaffEditor):
        return staff_handlers.typed_over(editor, form, words=render.t)
    if kept.get("stale") and isinstance(editor, requirement_handlers.RequirementEditor):
        return requirement_handlers.typed_over(editor, form, words=render.t, lang=render.lang)
    again = dataclasses.replace(
        editor,
        form=form,
        version=kept.get("version"),
        errors=dict(kept.get("errors") or {}),
        message=kept.get("message"),
    )
    if isinstance(again, staff_handlers.StaffEditor) and kept.get("listed"):
        staff_id, name = kept["listed"]
        again = dataclasses.replace(again, listed=(str(staff_id), str(name)))
    if isinstance(again, staff_handlers.StaffEditor) and kept.get("over"):
        again = dataclasses.replace(again, over=frozenset(map(str, kept["over"])))
    if isinstance(again, staff_handlers.StaffEditor) and kept.get("asked_leave"):
        again = dataclasses.replace(again, asked_leave=True)
    if isinstance(again, staff_handlers.StaffEditor) and kept.get("namesakes"):
        namesakes = tuple(staff_handlers.Namesake(**n) for n in kept["namesakes"])
        again = dataclasses.replace(again, namesakes=namesakes)
    return again


# --- staff ---------------------------------------------------------------------------------------


@router.get("/manage/staff")
async def staff_list(
    request: Request,
    caller: Signed,
    render: Render,
    enterprise_id: str = "",
    qualification: Annotated[Qualification, labelled("staff.filter.qualification")] = "",
    active: Annotated[Activity, labelled("staff.filter.active")] = "",
    q: str = "",
    limit: Limit = None,
    cursor: str | None = None,
) -> Response:
    view = await staff_handlers.list_staff(
        caller,
        filters=staff_handlers.StaffFilters(enterprise_id, qualification, active, q[:200]),
        limit=limit,
        cursor=cursor,
        path=request.url.path,
        query=_query(request),
    )
    return render("manager/staff.html", {"view": view})


@router.get("/manage/staff/new")
async def staff_new(request: Request, caller: Signed, render: Render, enterprise_id: IdText = "") -> Response:
    editor = await staff_handlers.new_staff_editor(caller, enterprise_id=enterprise_id)
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "staff":  # a refused new person, redirected here (staff_add)
        editor = _editor_again(editor, kept, StaffForm, render)
        page = render("manager/staff_edit.html", {"editor": editor, "saved": False}, status=int(kept["status"]))
        return forget_refused(request, render.state, page)
    return render("manager/staff_edit.html", {"editor": editor, "saved": False})


def _staff_form(
    full_name: str,
    email: str,
    phone: str,
    qualifications: list[str],
    active: str,
    language: str,
    enterprise_id: str = "",
) -> StaffForm:
    return StaffForm(
        full_name=full_name,
        email=email,
        phone=phone,
        qualifications=tuple(qualifications[:8]),
        active=active == "yes",
        enterprise_id=enterprise_id,
        language=language,
    )


@router.post("/manage/staff")
async def staff_add(
    request: Request,
    caller: Signed,
    render: Render,
    full_name: Line = "",
    email: Line = "",
    phone: Line = "",
    qualifications: Annotated[list[str], Form()] = [],  # noqa: B006
    active: ShortText = "",
    language: ShortText = "",
    enterprise_id: ShortText = "",
    same_name: ShortText = "",
) -> Response:
    """The person added; one whose name the enterprise already has only once asked about (the question's "add a new
    person anyway" sends `same_name`, the name it asked about: a name changed since is asked about again)."""
    form = _staff_form(full_name, email, phone, qualifications, active, language, enterprise_id)
    same_name_ok = bool(same_name) and same_name == full_name
    result = await staff_handlers.add_staff(caller, form, lang=render.lang, words=render.t, same_name_ok=same_name_ok)
    if isinstance(result, staff_handlers.Saved):  # roster's notes (a name written with capitals…) said there, once
        return redirect_noted(request, render.state, f"/manage/staff/{result.staff_id}?saved=1", result.notes)
    status = 409 if result.namesakes else 422
    if (
        redirected := _refused_editor(request, render, "/manage/staff/new", "staff", result, status=status)
    ) is not None:
        return redirected
    return render("manager/staff_edit.html", {"editor": result, "saved": False}, status=status)


@router.get("/manage/staff/{staff_id}")
async def staff_edit_page(
    request: Request, staff_id: str, caller: Signed, render: Render, saved: bool = False
) -> Response:
    editor = await staff_handlers.staff_editor(caller, _id(staff_id))
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "staff":  # a refused change, redirected here (staff_edit)
        editor = _editor_again(editor, kept, StaffForm, render)
        page = render("manager/staff_edit.html", {"editor": editor, "saved": False}, status=int(kept["status"]))
        return forget_refused(request, render.state, page)
    notes = [n.in_lang(render.lang) for n in take_notes(request, render.state)] if saved else []
    context = {"editor": editor, "saved": saved, "notes": notes, "next_step": await _staff_next(caller, editor, saved)}
    page = render("manager/staff_edit.html", context)
    return forget_notes(request, render.state, page)


async def _staff_next(
    caller: Signed, editor: staff_handlers.StaffEditor, saved: bool
) -> admin_handlers.NextStep | None:
    """After a staff record is saved, its enterprise's next getting-started step not done (none: all are)."""
    if not saved:
        return None
    names = {c.id: c.name for c in editor.enterprises}
    return await admin_handlers.next_step(caller, enterprise_id=editor.form.enterprise_id, names=names)


@router.post("/manage/staff/{staff_id}")
async def staff_edit(
    request: Request,
    staff_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form()],
    full_name: Line = "",
    email: Line = "",
    phone: Line = "",
    qualifications: Annotated[list[str], Form()] = [],  # noqa: B006
    active: ShortText = "",
    language: ShortText = "",
    leave_ok: ShortText = "",
) -> Response:
    """The person's changes saved; one marked left while still on shifts from now on only once asked (`leave_ok`:
    the question's "mark them left anyway", domain.leaving; QZ27 #6)."""
    form = _staff_form(full_name, email, phone, qualifications, active, language)
    result = await staff_handlers.edit_staff(
        caller, _id(staff_id), form=form, version=version, lang=render.lang, words=render.t, leave_ok=bool(leave_ok)
    )
    if isinstance(result, staff_handlers.Saved):
        if result.warnings:  # upcoming shifts this person may no longer work: say so now
            editor = await staff_handlers.staff_editor(caller, result.staff_id)
            context = {"editor": editor, "saved": True, "notes": result.warnings}
            return render("manager/staff_edit.html", {**context, "next_step": await _staff_next(caller, editor, True)})
        return _see_other(f"/manage/staff/{result.staff_id}?saved=1")
    status = 409 if result.stale or result.asked_leave else 422
    url = f"/manage/staff/{_id(staff_id)}"
    if (redirected := _refused_editor(request, render, url, "staff", result, status=status)) is not None:
        return redirected
    return render("manager/staff_edit.html", {"editor": result, "saved": False}, status=status)


# --- requirements -----------------------------------------------------------------------------------


def _requirements_url(campaign_id: str, enterprise_id: str, **flags: str) -> str:
    return "/manage/requirements?" + urlencode({"campaign_id": campaign_id, "enterprise_id": enterprise_id, **flags})


def _saved(request: Request, render: Render, saved: requirement_handlers.RequirementSaved, done: str) -> Response:
    """303 to the list after a requirement was set or changed, roster's warnings of it sealed in a cookie for that
    page (api.kept: `redirect_noted`: the list says them once; a link made elsewhere cannot make it say anything)."""
    url = _requirements_url(saved.campaign_id, saved.enterprise_id, done=done)
    return redirect_noted(request, render.state, url, saved.warnings)


def _requirement_form(
    site_id: str,
    duty_type: str,
    kind: str,
    start_local: str,
    end_local: str,
    starts_at: str,
    ends_at: str,
    minimum: str,
    peak_minimum: str,
    applies: str = "",
) -> RequirementForm:
    return RequirementForm(
        site_id=site_id,
        duty_type=duty_type,
        kind=kind,
        start_local=start_local,
        end_local=end_local,
        starts_at=starts_at,
        ends_at=ends_at,
        minimum=minimum,
        peak_minimum=peak_minimum,
        applies=applies,
    )


@router.get("/manage/requirements")
async def requirements_list(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: IdText = "",
    enterprise_id: IdText = "",
    limit: Limit = None,
    cursor: str | None = None,
    done: str = "",
    removed: str = "",
    copy: str = "",
    copy_for: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """`copy=preview`: “Chép từ Tết trước” pressed, roster's preview and the question shown (`copy_for`: the
    Department's choice of enterprise, "all" or one; a manager's is the one shown)."""
    view = await requirement_handlers.requirements_page(
        caller,
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        lang=render.lang,
        limit=limit,
        cursor=cursor,
        path=request.url.path,
        query={k: v for k, v in _query(request).items() if k not in ("done", "notes")},
        include_removed=removed == "include",
    )
    kept = take_refused(request, render.state)
    if view.scope.unknown:  # a campaign or enterprise that is none of them: said (domain.asked), nothing listed
        return render("manager/requirements.html", {"view": view, "done": ""}, status=404)
    refused_copy = kept if kept is not None and kept.get("form") == tet_copy.KEPT else None
    copy_panel = await tet_copy.panel(
        caller,
        "requirements",
        campaigns=view.scope.campaigns,
        campaign_id=view.scope.campaign_id,
        copy_for=copy_for if view.admin else view.scope.enterprise_id,
        asked=copy == "preview",
        lang=render.lang,
        refused=str(refused_copy.get("message") or "") if refused_copy else None,
    )
    if refused_copy is not None:  # roster refused the copy: its words at the button, once
        page = render("manager/requirements.html", {"view": view, "done": "", "copy_panel": copy_panel})
        return forget_refused(request, render.state, page)
    if kept is not None and kept.get("form") == "requirement":  # a refused new one, redirected here (requirements_add)
        view = dataclasses.replace(view, editor=_editor_again(view.editor, kept, RequirementForm, render))
        page = render("manager/requirements.html", {"view": view, "done": ""}, status=int(kept["status"]))
        return forget_refused(request, render.state, page)
    # roster's warnings of the requirement just set or changed (more people than the enterprise can staff)
    notes = take_notes(request, render.state) if done else ()
    context = {
        "view": view,
        "done": done,
        "notes": [n.in_lang(render.lang) for n in notes],
        "copy_panel": copy_panel,
    }
    if done in ("added", "saved"):  # the enterprise's next getting-started step not done (none: all are)
        context["next_step"] = await admin_handlers.next_step(
            caller,
            enterprise_id=view.scope.enterprise_id,
            names={c.id: c.name for c in view.scope.enterprises},
            campaign_id=view.scope.campaign_id,
        )
    return forget_notes(request, render.state, render("manager/requirements.html", context))


@router.post("/manage/requirements")
async def requirements_add(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: ShortText = "",
    enterprise_id: ShortText = "",
    site_id: ShortText = "",
    duty_type: ShortText = "",
    kind: ShortText = "daily",
    start_local: ShortText = "",
    end_local: ShortText = "",
    starts_at: ShortText = "",
    ends_at: ShortText = "",
    minimum: ShortText = "",
    peak_minimum: ShortText = "",
    applies: ShortText = "",
) -> Response:
    form = _requirement_form(
        site_id, duty_type, kind, start_local, end_local, starts_at, ends_at, minimum, peak_minimum, applies
    )
    editor = await requirement_handlers.add_requirement(
        caller, campaign_id=campaign_id, enterprise_id=enterprise_id, form=form, lang=render.lang, words=render.t
    )
    if isinstance(editor, requirement_handlers.RequirementSaved):
        return _saved(request, render, editor, "added")
    url = _requirements_url(campaign_id, enterprise_id)
    if (redirected := _refused_editor(request, render, url, "requirement", editor, status=422)) is not None:
        return redirected
    view = await requirement_handlers.requirements_page(
        caller,
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        lang=render.lang,
        limit=None,
        cursor=None,
        path="/manage/requirements",
        query={"campaign_id": campaign_id, "enterprise_id": enterprise_id},
        editor=editor,
    )
    return render("manager/requirements.html", {"view": view, "done": ""}, status=422)


@router.get("/manage/requirements/{requirement_id}")
async def requirement_page(request: Request, requirement_id: str, caller: Signed, render: Render) -> Response:
    detail = await requirement_handlers.requirement_detail(caller, _id(requirement_id), lang=render.lang)
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "requirement":  # a refused change or removal, redirected here
        if "typed" in kept:
            detail = dataclasses.replace(detail, editor=_editor_again(detail.editor, kept, RequirementForm, render))
        if kept.get("changed"):  # a removal someone else's change came before: the requirement as it now is
            editor = dataclasses.replace(detail.editor, message=render.t("staff.shared.stale"), stale=True)
            detail = dataclasses.replace(detail, editor=editor)
        if kept.get("unanswered"):
            detail = dataclasses.replace(detail, remove_error=render.t("requirements.error.applies"))
        if kept.get("refused"):  # roster refused the removal (a Department default): why, beside its form
            detail = dataclasses.replace(detail, remove_refused=str(kept["refused"]))
        context = {"detail": detail, "unconfirmed": bool(kept.get("unconfirmed"))}
        page = render("manager/requirements_edit.html", context, status=int(kept["status"]))
        return forget_refused(request, render.state, page)
    return render("manager/requirements_edit.html", {"detail": detail})


@router.post("/manage/requirements/{requirement_id}")
async def requirement_edit(
    request: Request,
    requirement_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form()],
    site_id: ShortText = "",
    duty_type: ShortText = "",
    kind: ShortText = "daily",
    start_local: ShortText = "",
    end_local: ShortText = "",
    starts_at: ShortText = "",
    ends_at: ShortText = "",
    minimum: ShortText = "",
    peak_minimum: ShortText = "",
    applies: ShortText = "",
) -> Response:
    form = _requirement_form(
        site_id, duty_type, kind, start_local, end_local, starts_at, ends_at, minimum, peak_minimum, applies
    )
    result = await requirement_handlers.edit_requirement(
        caller, _id(requirement_id), form=form, version=version, lang=render.lang, words=render.t
    )
    if isinstance(result, requirement_handlers.RequirementSaved):
        return _saved(request, render, result, "saved")
    status = 409 if result.editor.stale else 422
    url = f"/manage/requirements/{_id(requirement_id)}"
    if (redirected := _refused_editor(request, render, url, "requirement", result.editor, status=status)) is not None:
        return redirected
    return render("manager/requirements_edit.html", {"detail": result}, status=status)


@router.post("/manage/requirements/{requirement_id}/delete")
async def requirement_remove(
    request: Request,
    requirement_id: str,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form()],
    confirmed: Confirmed = "",
    applies: ShortText = "",
) -> Response:
    url = f"/manage/requirements/{_id(requirement_id)}"
    if not is_confirmed(confirmed):  # kept; its page again, the box saying why
        redirected = _refused_editor(request, render, url, "requirement", None, status=422, unconfirmed=True)
        if redirected is not None:
            return redirected
        detail = await requirement_handlers.requirement_detail(caller, _id(requirement_id), lang=render.lang)
        return render("manager/requirements_edit.html", {"detail": detail, "unconfirmed": True}, status=422)
    result = await requirement_handlers.remove_requirement(
        caller, _id(requirement_id), version=version, applies=applies, lang=render.lang
    )
    if isinstance(result, tuple):
        return _see_other(_requirements_url(*result, done="removed"))
    if isinstance(result, requirement_handlers.Refusal):  # its page again, roster's reason beside the removal
        redirected = _refused_editor(
            request, render, url, "requirement", None, status=result.status, refused=result.message
        )
        if redirected is not None:
            return redirected
        detail = await requirement_handlers.requirement_detail(caller, _id(requirement_id), lang=render.lang)
        detail = dataclasses.replace(detail, remove_refused=result.message)
        return render("manager/requirements_edit.html", {"detail": detail}, status=result.status)
    if result == "applies":  # during the campaign: from now on, or for the whole campaign? Its page again, asking
        redirected = _refused_editor(request, render, url, "requirement", None, status=422, unanswered=True)
        if redirected is not None:
            return redirected
        detail = await requirement_handlers.requirement_detail(caller, _id(requirement_id), lang=render.lang)
        detail = dataclasses.replace(detail, remove_error=render.t("requirements.error.applies"))
        return render("manager/requirements_edit.html", {"detail": detail}, status=422)
    # someone else changed it meanwhile: its page as it now is, saying so (nothing typed to keep)
    if (redirected := _refused_editor(request, render, url, "requirement", None, status=409, changed=True)) is not None:
        return redirected
    detail = await requirement_handlers.requirement_detail(
        caller, _id(requirement_id), lang=render.lang, message=render.t("staff.shared.stale"), stale=True
    )
    return render("manager/requirements_edit.html", {"detail": detail}, status=409)


# --- imports -------------------------------------------------------------------------------------------


IMPORT_DONE = "/manage/imports/done"  # the page an import's commit leads to, with its figures signed


def _kind(slug: str) -> Kind:
    kind = kind_of(slug)
    if kind is None:
        raise PageNotFound()
    return kind


@router.get("/manage/imports")
async def imports_page(
    caller: Signed, render: Render, enterprise_id: IdText = "", campaign_id: IdText = ""
) -> Response:
    where = await import_handlers.choices(caller, enterprise_id=enterprise_id, campaign_id=campaign_id, points=True)
    guides = {kind: import_handlers.column_guide(kind, words=render.t) for kind in ("staff", "shifts", "tet_hours")}
    values = {"where": where, "max_mb": MAX_UPLOAD_BYTES // 2**20, "guides": guides}
    return render("manager/imports.html", values, status=404 if where.unknown else 200)


@router.get("/manage/imports/template/{name}")
async def import_template(
    request: Request,
    name: str,
    caller: Signed,
    render: Render,
    enterprise_id: str = "",
    campaign_id: str = "",
    filled: bool = False,
    qualification: Annotated[Qualification, labelled("staff.filter.qualification")] = "",
    active: Annotated[Activity, labelled("staff.filter.active")] = "",
    q: str = "",
) -> Response:
    name_kind, _, fmt = name.partition(".")
    kind = _kind(name_kind)
    if fmt not in ("xlsx", "csv"):
        raise PageNotFound()
    if filled and kind != "tet_hours":  # the enterprise's staff (or the campaign's shifts), to import back
        try:
            download = await import_handlers.filled_template(
                caller,
                kind,
                enterprise_id=_id(enterprise_id),
                campaign_id=_id(campaign_id) if kind == "shifts" else "",
                fmt=fmt,
                only=import_handlers.StaffOnly(qualification, active, q[:200]) if kind == "staff" else None,
                lang=render.lang,
            )
        except ServiceError as exc:
            if exc.status == 404:
                raise PageNotFound() from exc
            raise
        return Response(
            download.content,
            media_type=download.media_type,
            headers={"Content-Disposition": download.disposition, "Cache-Control": "no-store"},
        )
    if kind == "tet_hours":  # roster's: the enterprise's points × the campaign's days
        enterprise = _id(enterprise_id)
        try:
            download = await import_handlers.hours_template(
                caller, enterprise_id=enterprise, campaign_id=_id(campaign_id), fmt=fmt
            )
        except ServiceError as exc:
            if exc.status == 404:
                raise PageNotFound() from exc
            if exc.status == 422:  # roster's refusal in its words: a drill has no Tết hours (hours-tet-only), nor an
                # enterprise without a post office or transaction point (hours-no-points: the way back is the page)
                back = f"/manage/imports?{urlencode({'enterprise_id': enterprise})}#tet-hours"
                rules = {str(e.get("rule")) for e in exc.problem.get("errors") or () if isinstance(e, dict)}
                words = "imports.back" if "hours-no-points" in rules else "imports.tet_hours.back"
                return refused_page(request, [exc.detail(render.lang)], back=(back, words), kind="template")
            raise
        return Response(
            download.content,
            media_type=download.media_type,
            headers={"Content-Disposition": download.disposition, "Cache-Control": "no-store"},
        )
    data, media_type = import_handlers.template_file(kind, fmt, words=render.t)
    filename = f"{render.t(f'imports.filename.{kind}')}.{fmt}"
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": attachment(filename),
            "Cache-Control": "no-store",
        },
    )


async def _file_sent(file: UploadFile | None, carried: str, filename: str) -> tuple[bytes, str]:
    """The file a report's form sends: chosen again (its own name), or carried in the page (`carried`, the name it
    came with); a carried file that does not unpack is no file, which the check says in words."""
    data, uploaded_name = await _read_upload(file)
    if data or not carried:
        return data, uploaded_name or filename
    try:
        return unpack(carried), filename
    except ValueError:
        return b"", filename


async def _read_upload(file: UploadFile | None) -> tuple[bytes, str]:
    if file is None:
        return b"", ""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    return data, (file.filename or "")[:200]


def _target(kind: str, enterprise_id: str, campaign_id: str, publish: str) -> import_handlers.Target:
    return import_handlers.Target(
        kind=_kind(kind),
        enterprise_id=enterprise_id,
        campaign_id=campaign_id if kind_of(kind) in CAMPAIGN_KINDS else "",
        publish=publish == "yes",
    )


@router.post("/manage/imports/{kind}")
async def import_check(
    kind: str,
    caller: Signed,
    render: Render,
    file: Annotated[UploadFile | None, File()] = None,
    enterprise_id: ShortText = "",
    campaign_id: ShortText = "",
    publish: ShortText = "",
    carried: Annotated[str, Form(max_length=1_100_000)] = "",
    filename: ShortText = "",
    kept_cause: ShortText = "",
    cause: Annotated[str | None, Form(max_length=300)] = None,
    column: ShortText = "",
    cursor: ShortText = "",
    clear: ShortText = "",
    refused: ShortText = "",
    against: ShortText = "",
) -> Response:
    """The dry run of an uploaded file, or another view of one already checked: its report page carries the file
    (`carried`, as to the commit), and its cause and column filters and its pager send it here again with what
    they pick — roster checks it again, nothing is kept between requests. `against`: the report's offer to check
    the file against the campaign most of its rows fall inside (QZ24 #2), a new check, its filters and page dropped."""
    if against:
        campaign_id, clear, cursor, refused = against, "yes", "", ""
    target = _target(kind, enterprise_id, campaign_id, publish)
    data, filename = await _file_sent(file, carried, filename)
    checked = await import_handlers.check_file(
        caller, target, data=data, filename=filename, lang=render.lang, words=render.t
    )
    if clear:
        cause, column = "", ""
    view = import_handlers.report_view(
        checked, words=render.t, cause=kept_cause if cause is None else cause, column=column, cursor=cursor
    )
    return render(
        "manager/import_report.html",
        {"checked": checked, "committing": bool(refused) and carried != "", "view": view},
        status=200 if checked.report is not None else 422,
    )


@router.post("/manage/imports/{kind}/commit")
async def import_commit(
    kind: str,
    caller: Signed,
    render: Render,
    state: State,
    file: Annotated[UploadFile | None, File()] = None,
    carried: Annotated[str, Form(max_length=1_100_000)] = "",
    filename: ShortText = "",
    idempotency_key: ShortText = "",
    enterprise_id: ShortText = "",
    campaign_id: ShortText = "",
    publish: ShortText = "",
) -> Response:
    target = _target(kind, enterprise_id, campaign_id, publish)
    data, filename = await _file_sent(file, carried, filename)
    if not data:  # nothing came: check again whatever there is, which says so in words
        checked = await import_handlers.check_file(
            caller, target, data=b"", filename=filename, lang=render.lang, words=render.t
        )
        view = import_handlers.report_view(checked, words=render.t)
        return render("manager/import_report.html", {"checked": checked, "committing": True, "view": view}, status=422)
    result = await import_handlers.commit_file(
        caller,
        target,
        data=data,
        filename=filename,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
        lang=render.lang,
        words=render.t,
    )
    if isinstance(result, import_handlers.Committed):
        counts = {f"n_{k}": str(v) for k, v in result.report.actions.items()}
        # Signed: the done page shows the figures of its address only when the portal put them there.
        return _see_other(
            state.jar.sign_address(
                IMPORT_DONE,
                {
                    "kind": target.slug,
                    "enterprise_id": target.enterprise_id,
                    "campaign_id": target.campaign_id,
                    "rows": str(result.report.written),
                    "published": "yes" if target.publish else "",
                    **counts,
                    **_late_fields(result.late, result.late_points),
                    **({"empty_points": "\n".join(result.report.empty_points)} if result.report.empty_points else {}),
                    **({"shifts_left": left} if (left := import_handlers.shifts_left(result.report)) else {}),
                    **({"file_notes": noted} if (noted := notes_carried(result.report.notes)) else {}),
                },
            )
        )
    view = import_handlers.report_view(result, words=render.t)
    return render("manager/import_report.html", {"checked": result, "committing": True, "view": view}, status=422)


def _late_fields(late: Lateness | None, points: tuple[str, ...]) -> dict[str, str]:
    """A late publication's deadline, time and points (one a line), for the done page's signed address (none when
    by the deadline, or when every point of the file was published before)."""
    if late is None or late.arrived is None or not points:
        return {}
    return {"late_due": late.due.isoformat(), "late_at": late.arrived.isoformat(), "late_points": "\n".join(points)}


def _late_read(due: str, at: str) -> Lateness | None:
    """`_late_fields` read back from an address the portal signed: the same rule (domain.deadlines) on its times."""
    try:
        return lateness(parse_instant(at), parse_instant(due)) if due and at else None
    except ValueError:
        return None


@router.get(IMPORT_DONE)
async def import_done(
    request: Request,
    state: State,
    caller: Signed,
    render: Render,
    kind: str = "staff",
    enterprise_id: str = "",
    campaign_id: str = "",
    rows: int = 0,
    published: str = "",
    n_create: int = 0,
    n_update: int = 0,
    n_unchanged: int = 0,
    n_blank: int = 0,
    late_due: str = "",
    late_at: str = "",
    late_points: str = "",
    empty_points: str = "",
    shifts_left: str = "",
    file_notes: str = "",
) -> Response:
    """What an import wrote, from the address `import_commit` signed: a bookmarked or reloaded one still reads the
    same (it is the record of an import that happened, vouched for by the portal's key); an address the portal did
    not sign as it is (figures edited, typed, or a link made elsewhere) shows no figures, only the way on. What the
    check said of the file's shape (the sheet read, a two-row header, rows after the table, hidden rows) is said
    again, in the portal's words for each rule."""
    where = await import_handlers.choices(caller, enterprise_id=enterprise_id, campaign_id=campaign_id)
    if not state.jar.vouches_for(IMPORT_DONE, request.query_params.multi_items()):
        return render(
            "manager/import_not_record.html",
            {"kind": _kind(kind), "where": where, "named": where.enterprise_id == enterprise_id},
            status=404,
        )
    return render(
        "manager/import_done.html",
        {
            "kind": _kind(kind),
            "where": where,
            "rows": rows,
            "published": published == "yes",
            "created": n_create,
            "updated": n_update,
            "unchanged": n_unchanged,
            "blank": n_blank,
            "late": _late_read(late_due, late_at),
            "late_points": [p for p in late_points.split("\n") if p],
            "empty_points": [p for p in empty_points.split("\n") if p],
            "shifts_left": import_handlers.read_shifts_left(shifts_left),
            "notes": notes_read(file_notes),
        },
    )


@router.get("/manage/imports/{kind}")
@router.get("/manage/imports/{kind}/commit")
async def import_report_gone(kind: str, caller: Signed, render: Render) -> Response:
    """The report's address (and the commit's), opened again from a bookmark, the history or a new tab: the portal
    keeps no file and no report between requests (`import_check`), so it says so and leads to the file's choice.
    Declared after IMPORT_DONE, which its `{kind}` would otherwise take."""
    _kind(kind)
    values = {"words": "imports.report_gone", "back": "/manage/imports", "back_key": "imports.report_gone.back"}
    return render("errors/not_a_page.html", values)


# --- hours ----------------------------------------------------------------------------------------------


@router.get("/manage/hours")
async def hours(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: OptionalId = None,
    enterprise_id: OptionalId = None,
    drafts: Annotated[Literal["", "yes"], labelled("hours.drafts")] = "",
    sort: Annotated[Literal["", Column], labelled("hours.sort_by")] = "",
    dir: Annotated[Literal["", "asc", "desc"], labelled("hours.sort_by")] = "",
    limit: Limit = None,
    cursor: str | None = None,
) -> Response:
    sort = sort or "total"
    view = await hours_handlers.hours_page(
        caller,
        campaign_id=str(campaign_id or ""),
        enterprise_id=str(enterprise_id or ""),
        drafts=drafts == "yes",
        sort=sort,
        descending=dir != "asc",
        limit=limit,
        cursor=cursor,
        path=request.url.path,
        query=_query(request),
    )
    return render(
        "manager/hours.html",
        {
            "view": view,
            "sort": sort,
            "descending": dir != "asc",
            "qs": lambda values: urlencode({k: v for k, v in values.items() if v}),
        },
        status=404 if view.scope.unknown else 200,
    )


@router.get("/manage/hours.{kind}")
async def hours_download(
    request: Request,
    kind: str,
    caller: Signed,
    render: Render,
    campaign_id: OptionalId = None,
    enterprise_id: OptionalId = None,
    drafts: Annotated[Literal["", "yes"], labelled("hours.drafts")] = "",
    sort: Annotated[Literal["", Column], labelled("hours.sort_by")] = "",
    dir: Annotated[Literal["", "asc", "desc"], labelled("hours.sort_by")] = "",
    separator: Annotated[Literal["", "comma", "semicolon"], labelled("hours.file.separator")] = "",
) -> Response:
    """The hours page's table as CSV or Excel (QZ27 #7): the same figures, the same order. An address that chose no
    campaign or enterprise, or one the person cannot see, goes back to the page, which says which."""
    if kind not in hours_handlers.FILE_TYPES:
        raise PageNotFound()
    found = await hours_handlers.hours_file(
        caller,
        campaign_id=str(campaign_id or ""),
        enterprise_id=str(enterprise_id or ""),
        drafts=drafts == "yes",
        sort=sort or "total",
        descending=dir != "asc",
        kind=kind,
        separator=separator or "comma",
        t=render.t,
        lang=render.lang,
    )
    if found is None:
        return RedirectResponse(f"/manage/hours?{urlencode(_query(request))}", status_code=303)
    return Response(found.content, media_type=found.media_type, headers={"Content-Disposition": found.disposition})
