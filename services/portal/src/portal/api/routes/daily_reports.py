"""Daily situation reports: the leader's (or manager's) page — the day's draft, remarks, submitting, the
versions and their PDF and XLSX — and the Department's day view (submitted / missing per enterprise) with
the province's summary."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from lichtruc.duty_types import duty_type_name

from ...clients.services import Caller, ServiceError
from ...domain.campaigns import BAD_DAY, UNKNOWN_CAMPAIGN, example_day
from ...domain.dates import on_day
from ...domain.text_limits import FORM_TEXT_MAX, over_limits
from ...handlers import daily_reports
from ..deps import IdText, PageNotFound, Render, Renderer, Signed, labelled
from ..errors import download_asked_wrong_page, download_refused_page
from ..kept import forget_refused, redirect_refused, take_refused

router = APIRouter()

KINDS = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _handed_on(upstream: httpx.Response, ext: str) -> Response:
    headers = {}
    if "content-disposition" in upstream.headers:
        headers["Content-Disposition"] = upstream.headers["content-disposition"]
    return Response(upstream.content, media_type=KINDS[ext], headers=headers)


async def _daily(
    caller: Caller,
    render: Renderer,
    *,
    campaign_id: str,
    enterprise_id: str,
    day: str,
    done: str | None = None,
    error: str | None = None,
    remarks: str | None = None,
    confirm_error: str | None = None,
    status: int = 200,
) -> Response:
    """The page; `remarks` as typed in a refused submission (None: the last version's, as the start of a
    correction), `confirm_error` when the box saying a sent report cannot be changed was left unticked."""
    view = await daily_reports.daily_page(
        caller, campaign_id=campaign_id, enterprise_id=enterprise_id, day=day, done=done
    )
    if remarks is None:
        remarks = view.sent.remarks if view.sent else ""
    return render(
        "reports/daily.html",
        {
            "view": view,
            "done": done if view.sent and done == str(view.sent.version) else None,
            "error": error,
            "confirm_error": confirm_error,
            "remarks": remarks,
            "duty_name": lambda key: duty_type_name(key, render.lang),
        },
        status=422 if status == 200 and view.when.problem else status,
    )


@router.get("/reports/daily")
async def daily(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: IdText = "",
    enterprise_id: IdText = "",
    day: str = "",
    done: str = "",
) -> Response:
    """`campaign_id`, `enterprise_id`: an id that is no id is refused (deps.IdText), never read as the default's."""
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "daily_report":  # a refused submission, redirected here (_refused)
        page = await _daily(
            caller,
            render,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            day=day,
            error=kept.get("error"),
            remarks=str(kept.get("remarks") or ""),
            confirm_error=kept.get("confirm_error"),
            status=int(kept["status"]),
        )
        return forget_refused(request, render.state, page)
    return await _daily(
        caller, render, campaign_id=campaign_id, enterprise_id=enterprise_id, day=day, done=done or None
    )


async def _refused(
    request: Request,
    caller: Caller,
    render: Renderer,
    *,
    campaign_id: str,
    enterprise_id: str,
    day: str,
    remarks: str,
    status: int,
    error: str | None = None,
    confirm_error: str | None = None,
) -> Response:
    """The day's page again with the remarks as typed and why they were not sent — by Post/Redirect/Get: a 303 to the
    day's own address, which shows it once (api.kept), so that Back never offers to send the report again; in the
    POST's own answer only when it is too large to keep."""
    url = "/reports/daily?" + urlencode({"campaign_id": campaign_id, "enterprise_id": enterprise_id, "day": day})
    kept = {
        "form": "daily_report",
        "error": error,
        "remarks": remarks,
        "confirm_error": confirm_error,
        "status": status,
    }
    if (redirected := redirect_refused(request, render.state, url, kept)) is not None:
        return redirected
    return await _daily(
        caller,
        render,
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        day=day,
        error=error,
        remarks=remarks,
        confirm_error=confirm_error,
        status=status,
    )


@router.post("/reports/daily")
async def submit(
    request: Request,
    caller: Signed,
    render: Render,
    campaign_id: Annotated[str, Form(max_length=64)],
    enterprise_id: Annotated[str, Form(max_length=64)],
    day: Annotated[str, Form(max_length=10)],
    remarks: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",
    confirm: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    # beside the box, as typed (QZ13 #12), counted and said as portal.js does under it (QZ16 #7)
    if over := over_limits({"remarks": (remarks, "report.remarks")}).get("remarks"):
        return await _refused(
            request,
            caller,
            render,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            day=day,
            remarks=remarks,
            error=render.t(
                "daily_reports.remarks_too_long",
                box=render.t("daily_reports.remarks"),
                n=over[0],
                max=over[1],
            ),
            status=422,
        )
    if confirm != "yes":  # a sent report is never changed: the person says they know, as a box (no script needed)
        return await _refused(
            request,
            caller,
            render,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            day=day,
            remarks=remarks,
            confirm_error=render.t("daily_reports.confirm_needed"),
            status=422,
        )
    try:
        report = await daily_reports.submit(
            caller, campaign_id=campaign_id, enterprise_id=enterprise_id, day=day, remarks=remarks.strip()
        )
    except ServiceError as exc:
        if exc.status not in (403, 404, 409, 422):
            raise
        return await _refused(
            request,
            caller,
            render,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            day=day,
            error=exc.detail(render.lang),
            remarks=remarks,
            status=exc.status,
        )
    query = urlencode(
        {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "day": day, "done": str(report["version"])}
    )
    return RedirectResponse(f"/reports/daily?{query}", status_code=303)


async def _document(
    request: Request, caller: Caller, path: str, params: dict[str, str], *, what: str, back: str, page: str = ""
) -> Response:
    """A document from roster handed on; refused (409: the Department's details not set, 422), a page saying which
    document, why and what to do, with the way back to `back` (the page it was asked from) — never the download
    cancelled without a word, or an HTML page saved as the file (QA)."""
    ext = path.rsplit(".", 1)[1]
    try:
        upstream = await daily_reports.download(caller, path, params=params)
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return download_refused_page(request, exc, what=what, back=back, page=page)
    return _handed_on(upstream, ext)


@router.get("/reports/daily/{report_id}.{ext}")
async def report_document(request: Request, report_id: str, ext: str, caller: Signed, render: Render) -> Response:
    """One enterprise's report from roster: the workbook in the reader's language (its sentences as the enterprise
    wrote them); the PDF, the administrative document, in Vietnamese. Its address's `back`: the page linking it, for a refusal."""
    if ext not in KINDS:
        raise PageNotFound()
    lang = render.lang if ext == "xlsx" else ""
    return await _document(
        request,
        caller,
        f"/daily-reports/{report_id}.{ext}",
        {"lang": lang},
        what=f"daily_reports.download.report_{ext}",
        back="",  # api.errors.download_back: the address's `back`, else the reports' page
    )


ReportStatus = Literal["", "submitted", "missing", "not_yet_due"]  # handlers.daily_reports.STATUSES, or blank: all


@router.get("/inspect/reports")
async def day_view(
    caller: Signed,
    render: Render,
    campaign_id: IdText = "",
    day: str = "",
    status: Annotated[ReportStatus, labelled("daily_reports.status")] = "",
) -> Response:
    view = await daily_reports.status_page(caller, campaign_id=campaign_id, day=day, status=status, lang=render.lang)
    return render(
        "reports/status.html",
        {"view": view, "statuses": daily_reports.STATUSES},
        status=422 if view.when.problem else 200,
    )


@router.get("/inspect/reports/summary.{ext}")
async def summary(
    request: Request, ext: str, caller: Signed, render: Render, campaign_id: str = "", day: str = ""
) -> Response:
    """The province's summary from roster: the workbook in the reader's language; the PDF, the Department's
    report to the Ministry in the administrative form, in Vietnamese only."""
    if ext not in KINDS or not campaign_id or "/" in campaign_id:
        raise PageNotFound()
    what = f"daily_reports.download.summary_{ext}"
    if day.strip():
        # the day checked as the page checks it, before roster is asked: refused in the person's words, naming the
        # page and its box (QA: roster's "Day [query.day]: not a valid date (for example 2027-02-06)")
        when = await daily_reports.choose_day(caller, campaign_id=campaign_id, day=day)
        if when.problem:
            return _summary_asked_wrong(request, render, when, what=what)
        day = when.day.isoformat() if when.day else day
    page = "/inspect/reports?" + urlencode({k: v for k, v in {"campaign_id": campaign_id, "day": day}.items() if v})
    return await _document(
        request,
        caller,
        f"/campaigns/{campaign_id}/daily-reports/summary.{ext}",
        {"day": day, "lang": render.lang if ext == "xlsx" else ""},  # without a day: the whole campaign
        what=what,
        back=page,
        page="daily_reports.day_view.title",
    )


def _summary_asked_wrong(request: Request, render: Renderer, when: daily_reports.DayChoice, *, what: str) -> Response:
    """The summary asked for a day that is no day or not the campaign's, or a campaign there is none of: said with
    the day as typed, how an address writes one (an example of the campaign's days), and the way back to the
    reports' page (the campaign's, without the wrong day) to choose in its box."""
    values = when.problem_values(render.lang)
    if when.problem == BAD_DAY:
        example = example_day(when.asked, when.days)
        said = render.t(
            "daily_reports.download.bad_day",
            value=when.asked if len(when.asked) <= 60 else when.asked[:59] + "…",  # as api.errors shows a value
            example=example.isoformat() if example else "",
            example_said=on_day(example, render.lang) if example else "",
        )
    else:
        said = render.t(f"daily_reports.download.{when.problem}", **values)
    unknown = when.problem == UNKNOWN_CAMPAIGN
    box = render.t("daily_reports.campaign" if unknown else "daily_reports.day")
    change = render.t(
        "daily_reports.download.change_campaign" if unknown else "daily_reports.download.change_day", box=box
    )
    back = "/inspect/reports" + ("" if unknown else "?" + urlencode({"campaign_id": when.campaign_id}))
    return download_asked_wrong_page(
        request, what=what, said=said, back=back, page=render.t("daily_reports.day_view.title"), change=change
    )
