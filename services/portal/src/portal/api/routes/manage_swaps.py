"""The manager's swap inbox: the swap requests of their enterprises, filtered and paged, each
approved (with the colleague who takes the shift, for an open request, and a note if the manager writes one) or
rejected with a reason."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from ...clients.services import Caller, ServiceError
from ...domain.paging import clamp_limit
from ...domain.text_limits import FORM_TEXT_MAX
from ...handlers import swaps
from ..deps import Confirmed, IdText, Limit, Render, Signed, is_confirmed, labelled
from ..kept import forget_refused, redirect_refused, take_refused

InboxStatus = Literal["requested", "lapsed", "approved", "rejected", "withdrawn", "all"]
"""The inbox's status filter (handlers.swaps.SWAP_STATUSES, or all); any other value is the error page naming it, not
the waiting requests shown as if asked for."""

router = APIRouter()

INBOX_LIMIT = 20
DONE = {"approved", "rejected"}
NOTE_WORDS = {
    "approve": ("swaps.inbox.approve_note", "swaps.inbox.approve_fix"),
    "reject": ("swaps.inbox.reject_reason", "swaps.inbox.reject_fix"),
    "agreement": ("swaps.inbox.agreement", "swaps.inbox.agreement_fix"),
}
"""Each decision form's free-text box: the catalogue keys of its name (roster's refusal of the text is said under
it) and of the sentence asking to correct it."""


def _back(back: str) -> str:
    """The inbox with the filters the person had (only our own query string, never a URL)."""
    return "/manage/swaps" + (f"?{back}" if back and "//" not in back and "\n" not in back else "")


async def _inbox(
    request: Request,
    caller: Caller,
    render: Render,
    *,
    status: str,
    enterprise_id: str,
    limit: int | None,
    cursor: str | None,
    done: str | None = None,
    error: str | None = None,
    failed: str | None = None,
    closed: str = "",
    approved: str = "",
    note_error: str | None = None,
    note: str = "",
    note_form: str = "",
    taker: str = "",
    http_status: int = 200,
) -> Response:
    status = status if status in swaps.SWAP_STATUSES or status == "all" else "requested"
    account = caller.session.account
    view = await swaps.inbox(
        caller,
        enterprise_ids=account.enterprise_ids,
        status="" if status == "all" else status,
        enterprise_id=enterprise_id,
        limit=clamp_limit(limit, INBOX_LIMIT),
        cursor=cursor,
        lang=render.lang,
        path="/manage/swaps",
        query={k: v for k, v in request.query_params.items() if k != "closed"},
        me=(account.login, account.display_name),
        now=caller.clock(),
    )
    gone = await swaps.closed_meanwhile(caller, closed) if closed else None
    took = (
        await swaps.approved_swap(caller, approved, lang=render.lang)
        if approved and done == "approved"
        else swaps.Approved()
    )
    back = urlencode({k: v for k, v in request.query_params.items() if k not in ("done", "closed", "approved")})
    return render(
        "manager/swaps.html",
        {
            "view": view,
            "status": status,
            "statuses": swaps.SWAP_STATUSES,
            "done": done if done in DONE else None,
            "took": took,  # the swap just approved: who gave the shift, who took it
            "error": error,
            "failed": failed,
            "note_error": note_error,  # the failed request's approval note or reject reason, refused: said under it
            "note": note,  # and the text as typed, kept in its box
            "note_form": note_form,  # which of the two: "approve" or "reject"
            "taker": taker,  # the colleague chosen on the approve form refused, chosen again
            "closed": swaps.closed_text(gone, t=render.t, lang=render.lang) if gone else None,
            "warned": took.warnings,  # roster's warnings about the colleague who just took a shift over
            "back": back,
        },
        status=http_status,
    )


@router.get("/manage/swaps")
async def inbox(
    request: Request,
    caller: Signed,
    render: Render,
    status: Annotated[InboxStatus, labelled("swaps.filter.status")] = "requested",
    enterprise_id: IdText = "",
    limit: Limit = None,
    cursor: str | None = None,
    done: str | None = None,
    closed: Annotated[str, Query(max_length=64)] = "",
    approved: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "swap":  # a refused decision, redirected here (_inbox_again)
        shown = {k: str(v) for k, v in kept.items() if k in SHOWN}
        page = await _inbox_refused(request, caller, render, **shown, http_status=int(kept["http_status"]))
        return forget_refused(request, render.state, page)
    return await _inbox(
        request,
        caller,
        render,
        status=status,
        enterprise_id=enterprise_id,
        limit=limit,
        cursor=cursor,
        done=done,
        closed=closed,
        approved=approved,
    )


def _redirect(back: str, **params: str) -> Response:
    """To the inbox the person came from (post/redirect/get: a refresh does not post again)."""
    url = _back(back)
    return RedirectResponse(url + ("&" if "?" in url else "?") + urlencode(params), status_code=303)


async def _refused(
    request: Request,
    caller: Caller,
    render: Render,
    swap_id: str,
    exc: ServiceError,
    back: str,
    *,
    note: str = "",
    form: str = "reject",
    taker: str = "",
) -> Response:
    """The inbox again with roster's refusal; when it refused the decision's note (`note`, as typed, on the `form`
    "approve" or "reject"), next to that box, under the form's name for it, with the note (and `taker`) kept."""
    if exc.status not in (409, 412, 422, 428):
        raise exc
    label = render.t(NOTE_WORDS[form][0])
    if note and (said := swaps.note_refused(exc, lang=render.lang, label=label)):
        return await _note_refused(request, caller, render, swap_id, said, note, form=form, taker=taker)
    if exc.status in (409, 412) and await swaps.closed_meanwhile(caller, swap_id):
        # withdrawn, decided or lapsed meanwhile (QZ17 #1: roster's sweep stores a lapse at a new version): nothing to
        # try again; the inbox says what happened, with the name
        return _redirect(back, closed=swap_id)
    names = await swaps.names_for_refusal(caller, swap_id, exc=exc)
    error = swaps.explain(exc, lang=render.lang, t=render.t, names=names)
    return await _inbox_again(request, caller, render, swap_id, error=error, http_status=exc.status)


async def _note_refused(
    request: Request,
    caller: Caller,
    render: Render,
    swap_id: str,
    said: str,
    note: str,
    *,
    form: str = "reject",
    taker: str = "",
) -> Response:
    error = render.t(NOTE_WORDS[form][1])
    return await _inbox_again(
        request,
        caller,
        render,
        swap_id,
        error=error,
        http_status=422,
        note_error=said,
        note=note,
        note_form=form,
        taker=taker,
    )


async def _inbox_again(
    request: Request, caller: Caller, render: Render, swap_id: str, *, error: str, http_status: int, **shown: str
) -> Response:
    """The waiting requests again, the one refused (`swap_id`) marked with `error` (and `shown`: the note's
    message, text and form, and the colleague chosen, when it was the note that was refused) — by Post/Redirect/Get:
    a 303 to the inbox's address, which shows it once (api.kept), so that Back never resends the decision; in the
    POST's own answer only when it is too large to keep."""
    kept = {"form": "swap", "failed": swap_id, "error": error, "http_status": http_status, **shown}
    if (redirected := redirect_refused(request, render.state, "/manage/swaps", kept)) is not None:
        return redirected
    return await _inbox_refused(request, caller, render, failed=swap_id, error=error, http_status=http_status, **shown)


SHOWN = ("failed", "error", "note_error", "note", "note_form", "taker")
"""What a refused decision shows again on the inbox (`_inbox_again`)."""


async def _inbox_refused(
    request: Request, caller: Caller, render: Render, *, failed: str, error: str, http_status: int, **shown: str
) -> Response:
    return await _inbox(
        request,
        caller,
        render,
        status="requested",
        enterprise_id="",
        limit=None,
        cursor=None,
        error=error,
        failed=failed,
        http_status=http_status,
        **shown,
    )


@router.post("/manage/swaps/{swap_id}/approve")
async def approve(
    swap_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    to_staff_id: Annotated[str, Form(max_length=64)] = "",
    note: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # over roster's: refused at its box, kept
    back: Annotated[str, Form(max_length=2000)] = "",
    agreement: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",
    unanswered: Annotated[str, Form(max_length=10)] = "",
    confirmed: Confirmed = "",
) -> Response:
    """Approve. A request nobody has accepted (the form says so: `unanswered`) is approved only once the manager
    answered the question the form asks first (`confirmed`) and said how the colleague agreed (`agreement`): roster
    refuses it without one (swap-unanswered, QZ26 #12)."""
    if unanswered and not (is_confirmed(confirmed) and agreement.strip()):
        said = render.t("swaps.inbox.agreement_required")
        return await _note_refused(
            request, caller, render, swap_id, said, agreement, form="agreement", taker=to_staff_id
        )
    try:
        await swaps.approve(
            caller,
            swap_id=swap_id,
            version=version,
            to_staff_id=to_staff_id or None,
            note=note.strip() or None,
            agreement=agreement.strip() or None,
        )
    except ServiceError as exc:
        return await _refused(request, caller, render, swap_id, exc, back, note=note, form="approve", taker=to_staff_id)
    return _redirect(back, done="approved", approved=swap_id)


@router.post("/manage/swaps/{swap_id}/reject")
async def reject(
    swap_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=FORM_TEXT_MAX)] = "",  # over roster's: refused at its box, kept
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    if not note.strip():  # the form asks for a reason; roster would keep none (a blank note is no note)
        said = render.t("swaps.inbox.reject_reason_required")
        return await _note_refused(request, caller, render, swap_id, said, note, form="reject")
    try:
        await swaps.reject(caller, swap_id=swap_id, version=version, note=note.strip())
    except ServiceError as exc:
        return await _refused(request, caller, render, swap_id, exc, back, note=note, form="reject")
    return _redirect(back, done="rejected")
