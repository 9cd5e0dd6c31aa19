"""The campaign report (Báo cáo tổng kết công tác trực Tết): the inspector's page (any enterprise or the province,
the remarks form by Post/Redirect/Get, the PDF and the workbook) and the manager's (their enterprise, read only)."""

from __future__ import annotations

from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...clients.services import ServiceError
from ...domain.campaign_report import conclusion_lines, duration, figure, sector_rows
from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import campaign_report as handlers
from ..deps import IdText, PageNotFound, Render, Signed
from ..errors import download_refused_page
from .daily_reports import KINDS

router = APIRouter()

Remarks = Annotated[str, Form(max_length=FORM_TEXT_MAX)]  # over audit's: audit's refusal said, the text kept


def _handed_on(upstream: httpx.Response, ext: str) -> Response:
    """Audit's file as it is, under the name audit gave it."""
    headers = (
        {"Content-Disposition": upstream.headers["content-disposition"]}
        if "content-disposition" in upstream.headers
        else {}
    )
    return Response(upstream.content, media_type=KINDS[ext], headers=headers)


def _page(
    render: Render,
    view: handlers.ReportView,
    done: str,
    *,
    typed: str | None = None,
    refused: str = "",
    changed: bool = False,
) -> Response:
    """The report page; after a refused save, the recommendations as typed with audit's words beside them; `changed`:
    refused because someone saved others since the form was opened — the words now kept shown beside (QZ28 #1)."""
    status = 422 if refused or view.problem in (handlers.UNKNOWN_ENTERPRISE, "unknown_campaign") else 200
    r = view.report or {}
    conclusion = conclusion_lines(r.get("conclusion_facts") or [], r.get("conclusion") or [], render.t, render.lang)
    status = 409 if changed else status
    return render(
        "reports/campaign_report.html",
        {
            "view": view,
            "saved": done == "saved",
            "typed": typed,
            "refused": refused,
            "changed": changed,
            "figure": lambda hours: figure(hours, render.lang),
            "duration": lambda seconds: duration(seconds, render.lang),
            "sector_rows": sector_rows,
            "conclusion": conclusion,
        },
        status=status,
    )


@router.get("/inspect/campaign-report")
async def inspect_report(
    caller: Signed, render: Render, campaign_id: IdText = "", enterprise_id: IdText = "", done: str = ""
) -> Response:
    view = await handlers.report_page(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, manager=False)
    return _page(render, view, done)


@router.get("/manage/campaign-report")
async def manage_report(
    caller: Signed, render: Render, campaign_id: IdText = "", enterprise_id: IdText = ""
) -> Response:
    view = await handlers.report_page(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, manager=True)
    return _page(render, view, "")


@router.post("/inspect/campaign-report/remarks")
async def save_remarks(
    caller: Signed,
    render: Render,
    campaign_id: Annotated[str, Form(max_length=36)],
    enterprise_id: Annotated[str, Form(max_length=36)] = "",
    recommendations: Remarks = "",
    read_version: Annotated[str, Form(max_length=9, pattern=r"^\d*$")] = "",
) -> Response:
    """Keep the remarks, then back to the report, which says once that they were kept (Post/Redirect/Get); refused
    (too long, a campaign audit does not know), the page again with the text as typed and audit's words beside it."""
    try:
        await handlers.save_remarks(
            caller,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            text=recommendations,
            read_version=int(read_version) if read_version else None,
        )
    except ServiceError as exc:
        changed = exc.status == 409 and exc.kind == "remarks-changed"
        if exc.status not in (404, 422) and not changed:
            raise
        view = await handlers.report_page(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, manager=False)
        return _page(render, view, "", typed=recommendations, refused=exc.detail(render.lang), changed=changed)
    view = handlers.ReportView(handlers.INSPECT_PAGE, (), (), campaign_id, enterprise_id, "", None, False)
    return RedirectResponse(view.link(done="saved") + "#remarks", status_code=303)


async def _download(
    request: Request, caller: Signed, ext: str, campaign_id: str, enterprise_id: str, page: str
) -> Response:
    if ext not in KINDS or not campaign_id:
        raise PageNotFound()
    try:
        upstream = await handlers.download(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, ext=ext)
    except ServiceError as exc:
        if exc.status not in (404, 409, 422):
            raise
        back = handlers.ReportView(page, (), (), campaign_id, enterprise_id, "", None, False).link()
        return download_refused_page(request, exc, what=f"campaign_report.download.{ext}", back=back)
    return _handed_on(upstream, ext)


@router.get("/inspect/campaign-report.{ext}")
async def inspect_download(
    request: Request, caller: Signed, ext: Literal["pdf", "xlsx"], campaign_id: IdText = "", enterprise_id: IdText = ""
) -> Response:
    return await _download(request, caller, ext, campaign_id, enterprise_id, handlers.INSPECT_PAGE)


@router.get("/manage/campaign-report.{ext}")
async def manage_download(
    request: Request, caller: Signed, ext: Literal["pdf", "xlsx"], campaign_id: IdText = "", enterprise_id: IdText = ""
) -> Response:
    return await _download(request, caller, ext, campaign_id, enterprise_id, handlers.MANAGE_PAGE)
