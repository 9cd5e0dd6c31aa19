"""Explanations (giải trình) of gaps and findings (QZ27 #4): the manager's list of their items with states and, per
item, the form (cause, reason, what was done, files: multipart); the inspector's list of the province's, filtered by
state, and the answer (accept, or ask for more with a note) given on the gap's or finding's own page (inspect.py
draws the explanation there). Every form answers by Post/Redirect/Get; a refused explanation comes back as typed, its
files named as not kept (a browser never fills a file box again). Files are served through the portal as audit keeps
them: their media type, their NFC name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from ...clients.services import ServiceError
from ...domain.areas import DEPARTMENT
from ...domain.said import Said
from ...handlers import explanations, findings, gaps
from ..deps import Limit, Render, Signed, labelled
from ..kept import (
    forget_notes,
    forget_refused,
    redirect_noted,
    redirect_refused,
    refused_again,
    take_notes,
    take_refused,
)
from ..refusals import refuse_unless

router = APIRouter()

StateFilter = Annotated[Literal["", "unexplained", "submitted", "more_asked", "accepted"], labelled("explain.state")]
KindFilter = Annotated[Literal["", "gap", "finding"], labelled("explain.kind")]
Kind = Literal["gap", "finding"]
FORM = "explanation"
TEXT_MAX = 4000


async def _list(
    request: Request,
    caller: Signed,
    render: Render,
    template: str,
    state: str,
    kind: str,
    limit: int | None,
    *,
    waiting_first: bool = False,
) -> Response:
    listed = await explanations.items(
        caller,
        lang=render.lang,
        state=state,
        kind=kind,
        path=request.url.path,
        query=dict(request.query_params),
        limit=limit,
        cursor=request.query_params.get("cursor") or None,
        waiting_first=waiting_first,
    )
    return render(
        template,
        {"listed": listed, "states": explanations.STATES, "kinds": explanations.KINDS},
    )


@router.get("/manage/explanations")
async def manager_list(
    request: Request,
    caller: Signed,
    render: Render,
    state: StateFilter = "",
    kind: KindFilter = "",
    limit: Limit = None,
) -> Response:
    """The manager's gaps in force and findings with discrepancies, with their explanation's state."""
    return await _list(request, caller, render, "manager/explanations.html", state, kind, limit)


@router.get("/inspect/explanations")
async def inspector_list(
    request: Request,
    caller: Signed,
    render: Render,
    state: StateFilter = "",
    kind: KindFilter = "",
    limit: Limit = None,
) -> Response:
    """The province's items, every one by default (QZ28 #1: "Mọi tình trạng" was the blank the pages' links drop, so
    its next page fell back to a default of "waiting" and listed nothing), those waiting for an answer first; or
    those of one state (the heat map's "3 giải trình chờ xem": ?state=submitted)."""
    return await _list(request, caller, render, "inspector/explanations.html", state, kind, limit, waiting_first=True)


@router.get("/manage/explanations/{kind}/{item_id}")
async def manager_item(kind: Kind, item_id: str, request: Request, caller: Signed, render: Render) -> Response:
    """One item: what it is, its explanation's versions and the inspector's answers, and the form to explain it."""
    kept = take_refused(request, render.state)
    typed = kept if kept is not None and kept.get("form") == FORM else None
    done = request.query_params.get("done") == "1"
    notes = take_notes(request, render.state) if done else ()
    page = await _item_page(caller, render, kind, item_id, typed, done=done, notes=notes)
    if done:
        forget_notes(request, render.state, page)
    return forget_refused(request, render.state, page) if kept is not None else page


async def _item_page(
    caller: Signed,
    render: Render,
    kind: str,
    item_id: str,
    typed: dict[str, Any] | None,
    *,
    done: bool = False,
    notes: Sequence[Said] = (),
) -> Response:
    explained = await explanations.one(caller, kind=kind, item_id=item_id, lang=render.lang)
    # what is explained, as the inspector reads it (QZ28 #2: the page had only a title and the form)
    gap = await gaps.gap_one(caller=caller, lang=render.lang, gap_id=item_id) if kind == "gap" else None
    finding = await findings.one(caller=caller, lang=render.lang, finding_id=item_id) if kind == "finding" else None
    latest = explained.latest
    form = {
        "cause": latest.cause if latest else "",
        "reason": latest.reason if latest else "",
        "action": latest.action if latest else "",
        "keep": [f.attachment_id for f in latest.files] if latest else [],
    }
    if typed:
        form = {k: typed.get(k, v) for k, v in form.items()}
    return render(
        "manager/explanation.html",
        {
            "x": explained,
            "gap": gap,
            "finding": finding,
            "form": form,
            "causes": explanations.CAUSES,
            "error": (typed or {}).get("error", ""),
            "not_kept": (typed or {}).get("not_kept", []),
            "done": done and not typed,
            "notes": [n.in_lang(render.lang) for n in notes] if not typed else [],
            "max_files": explanations.MAX_FILES,
            "max_mb": explanations.MAX_FILE_MB,
        },
        status=int((typed or {}).get("http_status", 200)),
    )


@router.post("/manage/explanations/{kind}/{item_id}")
async def manager_give(
    kind: Kind,
    item_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    cause: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=TEXT_MAX * 2)] = "",
    action: Annotated[str, Form(max_length=TEXT_MAX * 2)] = "",
    keep: Annotated[list[str], Form()] = [],  # noqa: B006 — bounded below, said on the form
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
) -> Response:
    url = f"/manage/explanations/{kind}/{item_id}"
    sent = []
    for f in files:
        if f.filename or f.size:  # an empty file box still sends a nameless part
            # the file as received, streamed to audit whole: audit reads at most a byte past its limit of it, and
            # says an oversized one's real size (QZ28 #3)
            sent.append(explanations.Sent(f.filename or "", f.file, f.content_type or "application/octet-stream"))

    async def refused(error: str, status: int) -> Response:
        """The form again as sent, the words kept and the files named as not kept, with why (Post/Redirect/Get)."""
        kept = {
            "form": FORM,
            "cause": cause,
            "reason": reason,
            "action": action,
            "keep": keep[: explanations.MAX_FILES],
            "error": error,
            "not_kept": [s.filename for s in sent],
            "http_status": status,
        }

        async def page(kept: dict[str, Any]) -> Response:
            return await _item_page(caller, render, kind, item_id, kept)

        return await refused_again(request, render.state, url, kept, page, anchor="explain")

    if len(keep) > explanations.MAX_FILES:  # the form offers the latest version's files, at most MAX_FILES (audit's)
        return await refused(render.t("explain.too_many_kept", n=len(keep), most=explanations.MAX_FILES), 422)
    try:
        given = await explanations.give(
            caller,
            kind=kind,
            item_id=item_id,
            cause=cause,
            reason=reason,
            action=action,
            keep=keep,
            files=sent,
            lang=render.lang,
        )
    except ServiceError as exc:
        if exc.status not in (409, 413, 415, 422):
            raise
        return await refused(exc.detail(render.lang), exc.status)
    return redirect_noted(request, render.state, f"{url}?done=1", given.notes)  # a file given again: said once


@router.post("/inspect/explanations/{kind}/{item_id}/review")
async def inspector_review(
    kind: Kind,
    item_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    decision: Annotated[Literal["accept", "more"], Form()],
    note: Annotated[str, Form(max_length=TEXT_MAX)] = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    """The inspector's answer, then the item's page again (Post/Redirect/Get), at its explanation."""
    refuse_unless(request, *DEPARTMENT, reason="access.department", typed=((render.t("explain.note"), note),))
    back = f"/inspect/{kind}s/{item_id}"
    try:
        await explanations.answer(
            caller, kind=kind, item_id=item_id, decision=decision, note=note, version=version, lang=render.lang
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        kept = {"form": "review", "error": exc.detail(render.lang), "note": note}
        if (redirected := redirect_refused(request, render.state, back, kept, anchor="explanation")) is not None:
            return redirected
        raise
    return RedirectResponse(f"{back}?answered={decision}#explanation", status_code=303)


@router.get("/explanations/files/{attachment_id}")
async def explanation_file(attachment_id: str, caller: Signed) -> Response:
    """A file given as evidence, as audit keeps it (the manager's own, or any for the Department)."""
    kept = await explanations.file(caller, attachment_id=attachment_id)
    return Response(
        kept.content,
        media_type=kept.media_type,
        headers={"Content-Disposition": kept.disposition, "X-Content-Type-Options": "nosniff"},
    )


async def panel(request: Request, caller: Signed, render: Render, kind: str, item_id: str) -> dict[str, Any]:
    """What the inspector's gap or finding page draws of its explanation (`partials/explanation.html`): the item with
    its versions and answers, the answer just given or refused (kept for the page: `refused`, then forgotten)."""
    try:
        explained = await explanations.one(caller, kind=kind, item_id=item_id, lang=render.lang)
    except ServiceError as exc:
        # the page's own record was read: its explanation not read is said, the page still drawn
        return {"explained": None, "explain_unavailable": exc.status not in (403, 404)}
    kept = take_refused(request, render.state)
    typed = kept if kept is not None and kept.get("form") == "review" else {}
    return {
        "explained": explained,
        "explain_kind": kind,
        "explain_refused": typed.get("error", ""),
        "explain_note": typed.get("note", ""),
        "explain_answered": request.query_params.get("answered", "") if not typed else "",
        "refused_kept": kept is not None,
    }


async def waiting_count(caller: Signed) -> int | None:
    """The inspector's front page's "3 giải trình chờ xem"; None when audit does not answer it (the page goes on), and
    for a manager (whose explanations wait on the inspectors, not on them)."""
    if caller.session.account.role not in DEPARTMENT:
        return None
    try:
        return await explanations.waiting(caller)
    except ServiceError:
        return None
