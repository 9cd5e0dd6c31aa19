"""Tết hours of post offices and transaction points: the public page (no sign-in) with each point's notice (PDF) and the iCal
feed, the manager's page to enter and publish a point's hours, and the points' publication status by the
campaign's deadline (`/inspect/tet-hours`: the Department's, province-wide; a manager's, their own points)
with its CSV."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from lichtruc.sheets import attachment

from ...clients.services import ServiceError, ServiceUnavailable
from ...domain.tet_hours import (
    CLOSES_PATTERN,
    MAX_SESSIONS,
    OPENS_PATTERN,
    STATUSES,
    TIME_INPUTS,
    Copy,
    DayRow,
    row_doc,
    row_of,
)
from ...handlers import tet_copy, tet_hours
from ..cookies import REFUSED_TTL
from ..deps import Limit, OptionalId, PageNotFound, Render, Signed, State, labelled
from ..errors import PUBLIC_RETRY_AFTER, refused_page
from ..kept import forget_notes, forget_refused, redirect_refused, take_notes, take_refused

router = APIRouter()

PASSED_HEADERS = ("content-type", "content-disposition", "cache-control")


@router.get("/tet-hours")
async def public_hours(render: Render, state: State, district: str = "") -> Response:
    view = await tet_hours.public_view(
        state.services, district=" ".join(district.split())[:100] or None, unnamed=render.t("tet_hours.no_district")
    )
    return render(
        "tet_hours/public.html",
        {
            "groups": view.groups,
            "districts": view.districts,
            "district": view.district,
            "campaign": view.campaign,
            "ics": "/tet-hours.ics" + (f"?{urlencode({'district': view.district})}" if view.district else ""),
        },
    )


async def _file(state: State, path: str, params: dict[str, str]) -> Response:
    answer = await tet_hours.public_file(state.services, path, params=params)
    if answer.status_code != 200:
        raise PageNotFound()
    return Response(answer.content, headers={k: v for k, v in answer.headers.items() if k.lower() in PASSED_HEADERS})


@router.get("/tet-hours.ics")
async def public_calendar(state: State, render: Render, district: str = "") -> Response:
    """The iCal feed; roster not answering is said in plain text (QA: a calendar app cannot read the HTML page), in
    the public page's words, with the wait they say."""
    try:
        return await _file(state, "/public/transaction-hours.ics", {"district": district[:100]} if district else {})
    except ServiceUnavailable:
        said = render.t("errors.unavailable.public")
        return PlainTextResponse(said + "\n", status_code=503, headers={"Retry-After": PUBLIC_RETRY_AFTER})


@router.get("/tet-hours/{site_id}/notice.pdf")
async def public_notice(site_id: uuid.UUID, state: State, campaign_id: uuid.UUID | None = None) -> Response:
    params = {"campaign_id": str(campaign_id)} if campaign_id else {}
    return await _file(state, f"/public/transaction-points/{site_id}/notice.pdf", params)


def _here(campaign_id: str, site_id: str, **extra: str) -> str:
    return "/manage/tet-hours?" + urlencode({"campaign_id": campaign_id, "site_id": site_id, **extra})


async def _manage(
    caller: Signed,
    render: Render,
    *,
    campaign_id: str | None,
    site_id: str | None,
    done: str | None = None,
    error: str | None = None,
    status: int = 200,
    note: str | None = None,
    copy: tet_copy.Asked | None = None,
) -> Response:
    view = await tet_hours.manage_view(caller, campaign_id=campaign_id, site_id=site_id, lang=render.lang)
    panel = None
    if copy is not None:
        panel = await tet_copy.panel(
            caller,
            "hours",
            campaigns=view.campaigns,
            campaign_id=view.campaign_id,
            copy_for=copy.copy_for,
            asked=copy.asked,
            lang=render.lang,
            refused=copy.refused,
        )
    return _page(
        render,
        view,
        done=done,
        error=error,
        status=404 if view.asked_unknown or view.unknown_campaign else status,
        note=note,
        copy_panel=panel,
        copy_said=copy.said if copy is not None else (),
    )


def _page(
    render: Render,
    view: tet_hours.ManageView,
    *,
    done: str | None = None,
    error: str | None,
    status: int,
    copied: tet_hours.Copied | None = None,
    note: str | None = None,
    copy_panel: tet_copy.Panel | None = None,
    copy_said: tuple[str, ...] = (),
) -> Response:
    return render(
        "tet_hours/manage.html",
        {
            "view": view,
            "copy_panel": copy_panel,
            "copy_said": copy_said,
            "done": done if done in ("saved", "published") else None,
            "error": error,
            "note": note,
            "copied": copied,
            "opens_pattern": OPENS_PATTERN,
            "closes_pattern": CLOSES_PATTERN,
            "max_sessions": MAX_SESSIONS,
            "time_inputs": TIME_INPUTS,
        },
        status=status,
    )


@router.get("/manage/tet-hours")
async def manage_hours(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: OptionalId = None,
    site_id: OptionalId = None,
    done: str | None = None,
    unsaved: str | None = None,
    copy: str = "",
    copy_for: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """`site_id`, `campaign_id`: the point whose hours to show, in which campaign; an id that is no id is refused
    (deps.OptionalId), one of no point of the manager's or of no campaign is said to be so (ManageView.asked_unknown,
    unknown_campaign), never shown as another point's or campaign's. `unsaved=1`: the form as a copy without script
    left it (`_copied`), kept for this address while unsaved; a reload shows it again, sending nothing."""
    asked = str(site_id) if site_id else None
    asked_campaign = str(campaign_id) if campaign_id else None
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == COPY_KEPT:
        return await _copy_shown(caller, render, kept, campaign_id=asked_campaign or "", site_id=asked or "")
    if unsaved == "1" and getattr(request.state, "expired_form", None) is None:
        # the copy kept here is no longer (saved since, left over REFUSED_TTL, or another form's kept instead)
        note = render.t("tet_hours.manage.copy.gone", minutes=int(REFUSED_TTL.total_seconds() // 60))
        return await _manage(caller, render, campaign_id=asked_campaign, site_id=asked, done=done, note=note)
    if kept is not None and kept.get("form") == "tet_hours":  # a refused form, redirected here (_refused)
        rows = kept.get("rows")
        typed = [row_of(r) for r in rows] if isinstance(rows, list) else None
        view = await tet_hours.manage_view(
            caller, campaign_id=asked_campaign, site_id=asked, lang=render.lang, typed=typed
        )
        page = _page(render, view, error=kept.get("message"), status=int(kept["status"]))
        return forget_refused(request, render.state, page)
    # “Chép từ Tết trước” (QZ27 #5): `copy=preview` roster's preview and the question; after a copy what it did,
    # once (api.kept's notes); a refused one roster's words at the button, once
    refused_copy = kept if kept is not None and kept.get("form") == tet_copy.KEPT else None
    notes = take_notes(request, render.state) if done == "copied" else ()
    asked_copy = tet_copy.Asked(
        asked=copy == "preview",
        copy_for=copy_for,
        refused=str(refused_copy.get("message") or "") if refused_copy else None,
        said=tuple(n.in_lang(render.lang) for n in notes),
    )
    page = await _manage(caller, render, campaign_id=asked_campaign, site_id=asked, done=done, copy=asked_copy)
    if refused_copy is not None:
        page = forget_refused(request, render.state, page)
    return forget_notes(request, render.state, page) if notes else page


def _refused(
    request: Request,
    render: Render,
    *,
    campaign_id: str,
    site_id: str,
    message: str | None,
    status: int,
    typed: tuple[DayRow, ...] | None,
) -> Response | None:
    """A refused form by Post/Redirect/Get: a 303 to the point's page, which shows the rows as typed (`typed`; None:
    the schedule as it is, someone else's change) and why, once (api.kept), so that Back never offers to send the
    form again. None when it is too large to keep: the POST's own answer shows it then."""
    rows = [row_doc(r) for r in typed] if typed is not None else None
    kept = {"form": "tet_hours", "rows": rows, "message": message, "status": status}
    return redirect_refused(request, render.state, _here(campaign_id, site_id), kept)


COPY_KEPT = "tet_hours_copy"
"""The kind of a copy's form kept for its page (api.kept), beside a refused save's ("tet_hours")."""


def _copied(request: Request, render: Render, copied: tet_hours.Copied, *, campaign_id: str, site_id: str) -> Response:
    """A copy without script by Post/Redirect/Get (N5's leftover: reloading its answer asked to send the form again):
    a 303 to the point's page at `unsaved=1`, which shows the form as the copy left it — every day still marked
    "chưa lưu" —, kept for that address in this session (api.kept) until saved, another form is kept instead, or
    REFUSED_TTL; a reload or Back shows it again, sending nothing and saving nothing. Too large to keep: the POST's
    own answer shows it, as before."""
    kept = {
        "form": COPY_KEPT,
        "rows": [row_doc(r) for r in copied.view.rows],
        "version": copied.view.form_version,
        "source": copied.source,
        "outcome": copied.copy.outcome,
        "copied": list(copied.copy.copied),
        "said": copied.said,
        "problems": copied.problems,
        "scope": copied.scope,
        "until": copied.until,
        "banner": copied.banner,
    }
    url = _here(campaign_id, site_id, unsaved="1")
    redirected = redirect_refused(request, render.state, url, kept, anchor=f"copied-{copied.source}")
    if redirected is not None:
        return redirected
    return _page(render, copied.view, error=copied.banner, status=200 if copied.done else 422, copied=copied)


async def _copy_shown(
    caller: Signed, render: Render, kept: dict[str, Any], *, campaign_id: str, site_id: str
) -> Response:
    """The page a copy redirected to (`_copied`), drawn from what was kept of it: nothing asked of roster but the
    point's page itself, nothing copied again."""
    rows = tuple(row_of(r) for r in kept.get("rows") or ())
    version = kept.get("version")
    view = await tet_hours.manage_view(
        caller,
        campaign_id=campaign_id,
        site_id=site_id,
        lang=render.lang,
        typed=rows,
        form_version=int(version) if version is not None else None,
    )
    outcome = str(kept.get("outcome") or "")
    copied = tet_hours.Copied(
        view,
        str(kept.get("source") or ""),
        Copy(rows, tuple(str(d) for d in kept.get("copied") or ()), outcome),
        str(kept.get("said") or ""),
        int(kept.get("problems") or 0),
        str(kept.get("scope") or "rest"),
        str(kept.get("until") or ""),
        str(kept["banner"]) if kept.get("banner") else None,
    )
    return _page(render, view, error=copied.banner, status=200 if copied.done else 422, copied=copied)


@router.post("/manage/tet-hours/{site_id}")
async def save_hours(site_id: uuid.UUID, request: Request, caller: Signed, render: Render) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    campaign_id, publishing = form.get("campaign_id", ""), form.get("action") == "publish"
    try:
        version = int(form.get("version", "0"))
    except ValueError:
        version = 0
    if (
        "copy" in form
    ):  # "Chép giờ …" without script: the form back filled in, nothing saved (portal.js copies in place)
        try:
            copied = await tet_hours.copy_hours(
                caller,
                site_id=str(site_id),
                campaign_id=campaign_id,
                form=form,
                source=form["copy"],
                version=version,
                lang=render.lang,
                words=render.t,
            )
        except ServiceError as exc:
            if exc.status == 404:
                raise PageNotFound() from exc
            raise
        if copied is None:
            raise PageNotFound()
        return _copied(request, render, copied, campaign_id=campaign_id, site_id=str(site_id))
    try:
        submitted = await tet_hours.submit(
            caller,
            site_id=str(site_id),
            campaign_id=campaign_id,
            form=form,
            version=version,
            publishing=publishing,
            lang=render.lang,
            words=render.t,
        )
    except ServiceError as exc:
        if exc.status == 404:
            raise PageNotFound() from exc
        said = exc.detail(render.lang)
        where = {"campaign_id": campaign_id, "site_id": str(site_id)}
        redirected = _refused(request, render, **where, message=said, status=422, typed=None)
        return redirected or await _manage(
            caller, render, campaign_id=campaign_id, site_id=str(site_id), error=said, status=422
        )
    if submitted.view is not None:
        redirected = _refused(
            request,
            render,
            campaign_id=campaign_id,
            site_id=str(site_id),
            message=submitted.message,
            status=submitted.status,
            typed=submitted.typed,
        )
        return redirected or _page(render, submitted.view, error=submitted.message, status=submitted.status)
    saved = RedirectResponse(_here(campaign_id, str(site_id), done=submitted.done or "saved"), status_code=303)
    return forget_refused(request, render.state, saved)  # a copy kept unsaved is saved now: Back shows it no more


# --- the points' publication status by the deadline -------------------------------------------------------

StatusChoice = Literal[
    "", "all", "missing", "late", "pending", "not_owed", "not_owed_published", "on_time"
]  # domain.tet_hours.STATUS_CHOICES
District = Annotated[str, Query(max_length=100)]  # audit's bound; typed freely (audit matches it however typed)


def _filters(
    campaign_id: uuid.UUID | None, enterprise_id: uuid.UUID | None, district: str, status: str
) -> tet_hours.StatusFilters:
    return tet_hours.StatusFilters(
        campaign_id=str(campaign_id or ""),
        enterprise_id=str(enterprise_id or ""),
        district=" ".join(district.split()),
        status=status,
    )


@router.get("/inspect/tet-hours")
async def hours_status(
    caller: Signed,
    render: Render,
    limit: Limit = None,
    cursor: Annotated[str, Query(max_length=500)] = "",
    campaign_id: OptionalId = None,
    enterprise_id: OptionalId = None,
    district: District = "",
    status: Annotated[StatusChoice, labelled("tet_hours.status.status")] = "",
) -> Response:
    """Which post offices and transaction points have not published their Tết hours (or did so late) by the campaign's deadline."""
    view = await tet_hours.status_page(
        caller, filters=_filters(campaign_id, enterprise_id, district, status), limit=limit, cursor=cursor or None
    )
    return render("tet_hours/status.html", {"view": view, "statuses": STATUSES}, status=422 if view.problem else 200)


@router.get("/inspect/tet-hours.csv")
async def hours_status_csv(
    request: Request,
    caller: Signed,
    render: Render,
    lang: Literal["vi", "en"] = "vi",
    campaign_id: OptionalId = None,
    enterprise_id: OptionalId = None,
    district: District = "",
    status: Annotated[StatusChoice, labelled("tet_hours.status.status")] = "",
) -> Response:
    """The page's list, every page of it, as CSV in Vietnamese or English; refused (never made without a
    filter) when the campaign or enterprise asked for is none the person may see."""
    filters = _filters(campaign_id, enterprise_id, district, status)
    catalogue = render.state.catalogue
    made = await tet_hours.status_file(
        caller, filters=filters, lang=lang, words=lambda key: catalogue.text(f"tet_hours.status.{key}", lang)
    )
    if made.problem:
        said = [render.t(f"tet_hours.status.problem.{made.problem}")]
        back = tet_hours.STATUS_PAGE + (f"?{urlencode(filters.query())}" if filters.query() else "")
        return refused_page(request, said, back=(back, "tet_hours.status.back"), kind="export")
    return Response(
        made.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(made.filename)},
    )
