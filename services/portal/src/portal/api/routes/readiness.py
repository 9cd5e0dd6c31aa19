"""The readiness checklist before Tết: `/manage/readiness` (an enterprise's checklist: mark done with a note
and a reference, reopen) and `/inspect/readiness` (the province-wide overview). Thin: read the form or query,
call one handler, render or redirect."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import readiness as handlers
from ..deps import Limit, OptionalId, PageNotFound, Render, Signed, labelled
from ..kept import refused_again, show_kept

router = APIRouter()

# over roster's (the table's readiness.note, readiness.reference): roster's refusal at its box, the text kept
Note = Annotated[str, Form(max_length=FORM_TEXT_MAX)]
Reference = Annotated[str, Form(max_length=FORM_TEXT_MAX)]
Back = Annotated[str, Form(max_length=100)]
# The filters read with the rest of the query, declared so that a value none of them is the error page naming it,
# never the list unfiltered (handlers.readiness.STATUSES, SECTORS; blank: all).
Status = Annotated[Literal["", "overdue", "open", "done"], labelled("readiness.status")]
Sector = Annotated[Literal["", "postal", "telecom", "internet", "television"], labelled("readiness.sector")]


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
    refused: handlers.Refused | None = None,
    status: int = 200,
) -> Response:
    """The checklist; `refused`: a line's form roster refused, shown again on that line with why (at the top when the
    line is not on this page)."""
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
    message = render.t(f"readiness.{done}") if refused is None and done in ("marked", "reopened") else ""
    return render("readiness/checklist.html", {"view": view, "message": message, "refused": refused}, status=status)


async def _checklist_refused(q: dict[str, str], caller: Signed, render: Render, kept: dict[str, Any]) -> Response:
    """The checklist with the line's refused form (`readiness`) as typed and why."""
    refused = handlers.Refused(
        item_id=str(kept["item"]),
        action=str(kept["action"]),
        message=str(kept["message"]),
        note=str(kept.get("note") or ""),
        reference=str(kept.get("reference") or ""),
        boxes=tuple(str(box) for box in kept.get("boxes") or ()),
    )
    return await _checklist(q, caller, render, refused=refused, status=int(kept["status"]))


@router.get("/manage/readiness")
async def readiness_checklist(
    request: Request, caller: Signed, render: Render, limit: Limit = None, status: Status = ""
) -> Response:
    q = dict(request.query_params)
    refused = {"readiness": partial(_checklist_refused, q, caller, render)}
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    return await _checklist(q, caller, render, limit=limit)


def _url(campaign_id: str, enterprise_id: str, status: str, **done: str) -> str:
    """The checklist the person was on (its campaign, enterprise and status filter)."""
    query = urlencode({"campaign_id": campaign_id, "enterprise_id": enterprise_id, "status": status, **done})
    return f"/manage/readiness?{query}"


def _back(campaign_id: str, enterprise_id: str, status: str, done: str) -> Response:
    return RedirectResponse(_url(campaign_id, enterprise_id, status, done=done), status_code=303)


async def _refused(
    request: Request, caller: Signed, render: Render, cid: str, eid: str, status: str, kept: dict[str, Any]
) -> Response:
    """The line's refused form by Post/Redirect/Get: a 303 to the checklist the person was on, at the line, which
    shows the form as typed and why, once (api.kept); in the POST's own answer only when it is too large to keep."""
    q = {"campaign_id": cid, "enterprise_id": eid, "status": status}
    page = partial(_checklist_refused, q, caller, render)
    url = _url(cid, eid, status)
    return await refused_again(
        request, render.state, url, {"form": "readiness", **kept}, page, anchor=f"item-{kept['item']}"
    )


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
    labels = {"note": render.t("readiness.note"), "reference": render.t("readiness.reference")}
    outcome = await handlers.mark_done(
        caller, enterprise_id=eid, item_id=iid, note=note, reference=reference, lang=render.lang, labels=labels
    )
    if outcome.ok:
        return _back(cid, eid, status, "marked")
    kept: dict[str, Any] = {"item": iid, "action": "done", "message": outcome.message, "note": note}
    kept |= {"reference": reference, "status": outcome.status, "boxes": outcome.boxes}
    return await _refused(request, caller, render, cid, eid, status, kept)


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
    labels = {"note": render.t("readiness.reopen_why")}
    outcome = await handlers.reopen(caller, enterprise_id=eid, item_id=iid, note=note, lang=render.lang, labels=labels)
    if outcome.ok:
        return _back(cid, eid, status, "reopened")
    kept: dict[str, Any] = {"item": iid, "action": "reopen", "message": outcome.message, "note": note}
    kept |= {"status": outcome.status, "boxes": outcome.boxes}
    return await _refused(request, caller, render, cid, eid, status, kept)


@router.get("/inspect/readiness")
async def readiness_overview(
    request: Request,
    caller: Signed,
    render: Render,
    limit: Limit = None,
    status: Status = "",
    sector: Sector = "",
    campaign_id: OptionalId = None,  # checked here; read with the other filters
    enterprise_id: OptionalId = None,
) -> Response:
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
    status_code = 404 if view.unknown else 200
    return render("readiness/overview.html", {"view": view, "sectors": handlers.SECTORS}, status=status_code)
