"""The readiness checklist before Tết: `/manage/readiness` (an enterprise's checklist: mark done with a note
and a reference, reopen) and `/inspect/readiness` (the province-wide overview). Thin: read the form or query,
call one handler, render or redirect."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...handlers import readiness as handlers
from ..deps import Limit, PageNotFound, Render, Signed

router = APIRouter()

Note = Annotated[str, Form(max_length=handlers.NOTE_MAX)]
Reference = Annotated[str, Form(max_length=handlers.REFERENCE_MAX)]
Back = Annotated[str, Form(max_length=100)]


def _id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise PageNotFound() from None


async def _checklist(
    q: dict[str, str],
    caller: Signed,
    render: Render,
    *,
    limit: int | None = None,
    message: str = "",
    kind: str = "ok",
    status: int = 200,
) -> Response:
    view = await handlers.checklist_page(
        caller,
        lang=render.lang,
        campaign_id=q.get("campaign_id", ""),
        enterprise_id=q.get("enterprise_id", ""),
        status=q.get("status", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path="/manage/readiness",
        query=q,
    )
    done = q.get("done", "")
    if not message and done in ("marked", "reopened"):
        message = render.t(f"readiness.{done}")
    return render("readiness/checklist.html", {"view": view, "message": message, "message_kind": kind}, status=status)


@router.get("/manage/readiness")
async def readiness_checklist(request: Request, caller: Signed, render: Render, limit: Limit = None) -> Response:
    return await _checklist(dict(request.query_params), caller, render, limit=limit)


def _back(campaign_id: str, enterprise_id: str, status: str, done: str) -> Response:
    query = urlencode({"campaign_id": campaign_id, "enterprise_id": enterprise_id, "status": status, "done": done})
    return RedirectResponse(f"/manage/readiness?{query}", status_code=303)


@router.post("/manage/readiness/{campaign_id}/{enterprise_id}/{item_id}/done")
async def readiness_mark_done(
    campaign_id: str,
    enterprise_id: str,
    item_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    note: Note = "",
    reference: Reference = "",
    status: Back = "",
) -> Response:
    cid, eid, iid = _id(campaign_id), _id(enterprise_id), _id(item_id)
    outcome = await handlers.mark_done(
        caller, enterprise_id=eid, item_id=iid, note=note, reference=reference, lang=render.lang
    )
    if outcome.ok:
        return _back(cid, eid, status, "marked")
    q = {"campaign_id": cid, "enterprise_id": eid, "status": status}
    return await _checklist(q, caller, render, message=outcome.message, kind="error", status=422)


@router.post("/manage/readiness/{campaign_id}/{enterprise_id}/{item_id}/reopen")
async def readiness_reopen(
    campaign_id: str,
    enterprise_id: str,
    item_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    note: Note = "",
    status: Back = "",
) -> Response:
    cid, eid, iid = _id(campaign_id), _id(enterprise_id), _id(item_id)
    outcome = await handlers.reopen(caller, enterprise_id=eid, item_id=iid, note=note, lang=render.lang)
    if outcome.ok:
        return _back(cid, eid, status, "reopened")
    q = {"campaign_id": cid, "enterprise_id": eid, "status": status}
    return await _checklist(q, caller, render, message=outcome.message, kind="error", status=outcome.status)


@router.get("/inspect/readiness")
async def readiness_overview(request: Request, caller: Signed, render: Render, limit: Limit = None) -> Response:
    q = request.query_params
    view = await handlers.overview_page(
        caller,
        lang=render.lang,
        campaign_id=q.get("campaign_id", ""),
        status=q.get("status", ""),
        sector=q.get("sector", ""),
        enterprise_id=q.get("enterprise_id", ""),
        limit=limit,
        cursor=q.get("cursor") or None,
        path=request.url.path,
        query=dict(q),
    )
    return render("readiness/overview.html", {"view": view, "sectors": handlers.SECTORS})
