"""A duty staff member's pages (phone first): my shifts with check-in, “Tôi cần về sớm” and swap requests, my swap
requests, my calendar link, my reminders."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from ...clients.services import Caller, ServiceError
from ...domain.paging import clamp_limit
from ...handlers import calendar, early_leave, my_shifts, reminders, swaps
from ...handlers.home import home_for
from ..deps import Confirmed, Limit, Render, Signed, is_confirmed, labelled
from ..kept import refused_again, show_kept, shown_once

SwapStatus = Literal["", "all", "requested", "lapsed", "approved", "rejected", "withdrawn"]
"""A person's swap requests' status filter (handlers.swaps.SWAP_STATUSES, or all: "all", as the manager's inbox says
it (QZ17 #7), or blank, the page's own address); any other value is the error page naming it, not every request shown
as if filtered."""

router = APIRouter()

SHIFTS_LIMIT = 10  # a phone screen's worth
DONE = {
    "checked_in",
    "checked_in_why",  # late, with its reason (QZ29 #13)
    "late_explained",
    "swap_requested",
    "swap_requested_named",
    "swap_withdrawn",
    "swap_accepted",
    "swap_declined",
    "swap_taken",
    "early_leave_sent",
    "early_leave_withdrawn",
}


def _staff_id(caller: Caller) -> str | None:
    return caller.session.account.staff_id


def _no_staff(render: Render, title: str) -> Response:
    """A manager, an inspector or an administrator has no shifts of their own."""
    return render("staff/no_staff.html", {"title_key": title})


def _query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


# --- my shifts ---------------------------------------------------------------------------------------


async def _shifts_page(
    request: Request,
    caller: Caller,
    render: Render,
    *,
    when: str,
    limit: int | None,
    cursor: str | None,
    error: str | None = None,
    failed: str = "",
    done: str | None = None,
    status: int = 200,
    late: int = 0,
    checked: str = "",
    answer: tuple[str, str] = ("", ""),
    leave_kept: dict[str, Any] | None = None,
) -> Response:
    """The person's shifts; `failed`: the shift whose check-in was refused, `error` said on its card; `late`: the
    minutes a check-in just done was late by; `checked`: its shift, whose card says it (QZ26 #6); `answer`: the request
    whose answer was refused and the note typed (`error` said on its card)."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    when = "past" if when == "past" else "upcoming"
    page = await my_shifts.my_shifts(
        caller,
        staff_id=staff_id,
        when=when,
        limit=clamp_limit(limit, SHIFTS_LIMIT),
        cursor=cursor,
        now=render.now,
        lang=render.lang,
        path="/me/shifts",
        query=_query(request),
    )
    # what waits for the person's answer (QZ26 #12): the requests naming them, and the open ones they could take
    asked = await swaps.asked_of_me(caller, staff_id=staff_id, lang=render.lang) if when == "upcoming" else None
    # “Tôi cần về sớm” on a shift under way (QZ29 #8): its form, or the notice sent
    leaving = await early_leave.for_cards(caller, page.cards, staff_id=staff_id, now=render.now)
    return render(
        "staff/shifts.html",
        {
            "view": page,
            "asked": asked,
            "error": error,
            "failed": failed,
            "done": done if done in DONE else None,
            "late": late,
            "checked": checked,
            "answer_failed": answer[0],
            "answer_note": answer[1],
            "leaving": leaving,
            "leave_kept": leave_kept or {},
        },
        status=status,
    )


async def _shifts_refused(request: Request, caller: Caller, render: Render, kept: dict[str, Any]) -> Response:
    """The upcoming shifts with the refused check-in said on its shift's card (`check_in`)."""
    return await _shifts_page(
        request,
        caller,
        render,
        when="upcoming",
        limit=None,
        cursor=None,
        error=kept.get("error"),
        failed=str(kept.get("shift") or ""),
        status=int(kept["status"]),
    )


@router.get("/me")
async def me_home(caller: Signed) -> Response:
    """`/me` typed or kept from an older link (QA: it answered "Không tìm thấy"): the person's own shifts, or the
    start page of a role without any."""
    account = caller.session.account
    return RedirectResponse("/me/shifts" if account.staff_id else home_for(account), status_code=303)


@router.get("/me/shifts")
async def shifts_page(
    request: Request,
    caller: Signed,
    render: Render,
    when: Annotated[Literal["upcoming", "past"], labelled("me.tabs")] = "upcoming",
    limit: Limit = None,
    cursor: str | None = None,
    done: str | None = None,
    late: Annotated[int, Query(ge=0, le=100_000)] = 0,
    shift_id: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    refused = {
        "check_in": partial(_shifts_refused, request, caller, render),
        ANSWER: partial(_answer_shown, request, caller, render),
        LEAVE: partial(_leave_shown, request, caller, render),
    }
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    return await _shifts_page(
        request, caller, render, when=when, limit=limit, cursor=cursor, done=done, late=late, checked=shift_id
    )


LateReason = Annotated[str, Form(max_length=2000)]
"""A late check-in's reason as typed (roster's domain.lateness keeps the limit, MAX_LATE_REASON, and says it)."""


@router.post("/me/shifts/{shift_id}/check-in")
async def check_in(
    shift_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    late_reason: LateReason = "",
) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    said = late_reason.strip() or None
    try:
        late = await my_shifts.check_in_on(
            caller, shift_id=shift_id, staff_id=staff_id, version=version, late_reason=said
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422, 428):
            raise
        kept = {
            "form": "check_in",
            "shift": shift_id,
            "error": swaps.explain(exc, lang=render.lang, t=render.t, now=caller.clock()),
            "status": exc.status,
        }
        page = partial(_shifts_refused, request, caller, render)
        return await refused_again(request, render.state, "/me/shifts", kept, page, anchor=f"shift-{shift_id}")
    late_by = f"&late={late}" if late else ""
    done = "checked_in_why" if said else "checked_in"
    # the confirmation said on the card the page opens at (and the keyboard starts on): said above the cards, it was
    # scrolled off by the jump to the card (QZ26 #6)
    return RedirectResponse(f"/me/shifts?done={done}{late_by}&shift_id={shift_id}#shift-{shift_id}", status_code=303)


@router.post("/me/shifts/{shift_id}/late-reason")
async def explain_late(
    shift_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    late_reason: LateReason = "",
) -> Response:
    """Why one's own late check-in was late, said afterwards from the shift's card, once (QZ29 #13); roster's refusal
    (on time, said already, blank, too long) said on the card, as a refused check-in's is."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    try:
        await my_shifts.explain_late_on(
            caller, shift_id=shift_id, staff_id=staff_id, version=version, late_reason=late_reason
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422, 428):
            raise
        kept = {
            "form": "check_in",
            "shift": shift_id,
            "error": swaps.explain(exc, lang=render.lang, t=render.t, now=caller.clock()),
            "status": exc.status,
        }
        page = partial(_shifts_refused, request, caller, render)
        return await refused_again(request, render.state, "/me/shifts", kept, page, anchor=f"shift-{shift_id}")
    return RedirectResponse(f"/me/shifts?done=late_explained&shift_id={shift_id}#shift-{shift_id}", status_code=303)


# --- answering a colleague's swap request (QZ26 #12) ------------------------------------------------------


ANSWER = "swap_answer"
"""The kind of a refused answer kept for the shifts page (api.kept): its own, not a check-in's (R5's leftover)."""


async def _answer_refused(
    request: Request, caller: Caller, render: Render, exc: ServiceError, *, swap_id: str, note: str
) -> Response:
    """Roster's refusal of an answer: Post/Redirect/Get to the shifts page, which says it on the request's card with
    the note as typed (above the shifts when the request is no longer listed); a reload draws the page, never the
    answer again."""
    if exc.status not in (403, 404, 409, 412, 422, 428):
        raise exc
    kept = {
        "form": ANSWER,
        "swap": swap_id,
        "note": note,
        "error": swaps.explain(exc, lang=render.lang, t=render.t),
        "status": exc.status,
    }
    page = partial(_answer_shown, request, caller, render)
    return await refused_again(request, render.state, "/me/shifts", kept, page, anchor=f"asked-{swap_id}")


async def _answer_shown(request: Request, caller: Caller, render: Render, kept: dict[str, Any]) -> Response:
    """The upcoming shifts with the refused answer (`ANSWER`) said on its request's card, the note as typed."""
    return await _shifts_page(
        request,
        caller,
        render,
        when="upcoming",
        limit=None,
        cursor=None,
        error=kept.get("error"),
        status=int(kept["status"]),
        answer=(str(kept.get("swap") or ""), str(kept.get("note") or "")),
    )


async def _answered(
    request: Request, caller: Caller, render: Render, swap_id: str, verb: str, version: int, note: str
) -> Response:
    """The colleague a request names accepts or declines it; a qualified colleague takes an open one (for
    themselves): roster decides who may."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    said = note.strip() or None
    try:
        if verb == "take":
            await swaps.take(caller, swap_id=swap_id, version=version, staff_id=staff_id, note=said)
        else:
            await swaps.answer(caller, swap_id=swap_id, version=version, accept=verb == "accept", note=said)
    except ServiceError as exc:
        return await _answer_refused(request, caller, render, exc, swap_id=swap_id, note=note)
    done = {"accept": "swap_accepted", "decline": "swap_declined", "take": "swap_taken"}[verb]
    return RedirectResponse(f"/me/shifts?done={done}", status_code=303)


Version = Annotated[int, Form(ge=1)]
Note = Annotated[str, Form(max_length=2000)]


@router.post("/me/swaps/{swap_id}/accept")
async def accept_swap(
    swap_id: str, request: Request, caller: Signed, render: Render, version: Version, note: Note = ""
) -> Response:
    return await _answered(request, caller, render, swap_id, "accept", version, note)


@router.post("/me/swaps/{swap_id}/decline")
async def decline_swap(
    swap_id: str, request: Request, caller: Signed, render: Render, version: Version, note: Note = ""
) -> Response:
    return await _answered(request, caller, render, swap_id, "decline", version, note)


@router.post("/me/swaps/{swap_id}/take")
async def take_swap(
    swap_id: str, request: Request, caller: Signed, render: Render, version: Version, note: Note = ""
) -> Response:
    return await _answered(request, caller, render, swap_id, "take", version, note)


# --- asking for a swap -----------------------------------------------------------------------------------


async def _swap_form_page(
    caller: Caller, render: Render, shift_id: str, staff_id: str, kept: dict[str, Any] | None = None
) -> Response:
    """The form asking for a swap of the shift; `kept`: the request refused (`swap_request`), as typed and why, with
    the person's request still waiting for the shift, if roster named one, offered to withdraw."""
    form = await swaps.swap_form(caller, shift_id=shift_id, staff_id=staff_id, now=render.now, lang=render.lang)
    kept = kept or {}
    return render(
        "staff/swap_request.html",
        {
            "form": form,
            "errors": dict(kept.get("errors") or {}),
            "error": kept.get("error"),
            "to_staff_id": str(kept.get("to_staff_id") or ""),
            "reason": str(kept.get("reason") or ""),
            "waiting": await swaps.waiting_request(caller, kept.get("waiting"), lang=render.lang),
        },
        status=int(kept.get("status") or 200),
    )


@router.get("/me/shifts/{shift_id}/swap")
async def swap_form(request: Request, shift_id: str, caller: Signed, render: Render) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    refused = {"swap_request": partial(_swap_form_page, caller, render, shift_id, staff_id)}
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    return await _swap_form_page(caller, render, shift_id, staff_id)


@router.post("/me/shifts/{shift_id}/swap")
async def request_swap(
    request: Request,
    shift_id: str,
    caller: Signed,
    render: Render,
    to_staff_id: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    try:
        await swaps.request_swap(
            caller, shift_id=shift_id, staff_id=staff_id, to_staff_id=to_staff_id or None, reason=reason.strip() or None
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        form = await swaps.swap_form(caller, shift_id=shift_id, staff_id=staff_id, now=render.now, lang=render.lang)
        message = swaps.explain(exc, lang=render.lang, t=render.t, names=dict(form.colleagues))
        fields = exc.field_errors(render.lang)
        errors = (
            {"to_staff_id": message} if "to_staff_id" in fields else ({"reason": message} if "reason" in fields else {})
        )
        kept = {
            "form": "swap_request",
            "to_staff_id": to_staff_id,
            "reason": reason,
            "errors": errors,
            "error": None if errors else message,
            "waiting": swaps.waiting_id(exc),
            "status": exc.status,
        }
        page = partial(_swap_form_page, caller, render, shift_id, staff_id)
        return await refused_again(request, render.state, f"/me/shifts/{shift_id}/swap", kept, page)
    return RedirectResponse(f"/me/swaps?done={_requested(to_staff_id)}", status_code=303)


def _requested(to_staff_id: str) -> str:
    """The confirmation of a request sent: one naming a colleague waits for their answer before the manager decides,
    one open to anyone qualified for someone to take it (QZ29 #2: both said the manager would decide)."""
    return "swap_requested_named" if to_staff_id else "swap_requested"


async def _swaps_page(
    request: Request,
    caller: Caller,
    render: Render,
    *,
    status: str,
    limit: int | None,
    cursor: str | None,
    done: str | None = None,
    error: str | None = None,
    failed: str | None = None,
    unconfirmed: bool = False,
    http_status: int = 200,
) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "swaps.mine.title")
    status = status if status in swaps.SWAP_STATUSES else ""
    view = await swaps.my_swaps(
        caller,
        staff_id=staff_id,
        status=status,
        limit=clamp_limit(limit, SHIFTS_LIMIT),
        cursor=cursor,
        lang=render.lang,
        path="/me/swaps",
        query=_query(request),
    )
    return render(
        "staff/swaps.html",
        {
            "view": view,
            "staff_id": staff_id,
            "statuses": swaps.SWAP_STATUSES,
            "done": done if done in DONE else None,
            "error": error,
            "failed": failed,
            "unconfirmed": unconfirmed,
        },
        status=http_status,
    )


@router.get("/me/swaps")
async def my_swaps(
    request: Request,
    caller: Signed,
    render: Render,
    status: Annotated[SwapStatus, labelled("swaps.filter.status")] = "",
    limit: Limit = None,
    cursor: str | None = None,
    done: str | None = None,
) -> Response:
    refused = {"withdraw": partial(_swaps_refused, request, caller, render)}
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    return await _swaps_page(request, caller, render, status=status, limit=limit, cursor=cursor, done=done)


async def _swaps_refused(request: Request, caller: Caller, render: Render, kept: dict[str, Any]) -> Response:
    """The person's requests with the refused withdrawal (`withdraw`) said on its request's card."""
    return await _swaps_page(
        request,
        caller,
        render,
        status=str(kept.get("status") or ""),
        limit=None,
        cursor=None,
        error=kept.get("error"),
        failed=str(kept.get("failed") or ""),
        unconfirmed=bool(kept.get("unconfirmed")),
        http_status=int(kept["http_status"]),
    )


async def _withdraw_refused(
    request: Request, caller: Caller, render: Render, swap_id: str, *, http_status: int, **kept: Any
) -> Response:
    """The person's requests again, the refused withdrawal said on its card — the waiting ones when the box was left
    unanswered, all of them when roster refused it (no longer waiting: the card says what became of it)."""
    status = "requested" if kept.get("unconfirmed") else ""
    url = "/me/swaps" + (f"?status={status}" if status else "")
    kept = {"form": "withdraw", "status": status, "failed": swap_id, "http_status": http_status, **kept}
    page = partial(_swaps_refused, request, caller, render)
    return await refused_again(request, render.state, url, kept, page, anchor=f"swap-{swap_id}")


@router.post("/me/swaps/{swap_id}/withdraw")
async def withdraw_swap(
    swap_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    confirmed: Confirmed = "",
) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "swaps.mine.title")
    await my_shifts.own_swap(caller, swap_id=swap_id, staff_id=staff_id)  # someone else's: not found
    if not is_confirmed(confirmed):  # the waiting requests, this one's box saying why
        return await _withdraw_refused(request, caller, render, swap_id, http_status=422, unconfirmed=True)
    try:
        await swaps.withdraw(caller, swap_id=swap_id, version=version)
    except ServiceError as exc:
        if exc.status not in (403, 409, 412, 428):
            raise
        error = swaps.explain(exc, lang=render.lang, t=render.t)
        return await _withdraw_refused(request, caller, render, swap_id, http_status=exc.status, error=error)
    return RedirectResponse("/me/swaps?done=swap_withdrawn", status_code=303)


@router.post("/me/swaps/{swap_id}/ask")
async def ask_again(
    swap_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    version: Annotated[int, Form(ge=1)],
    to_staff_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """One's own request the colleague declined, asked of someone else (blank: anyone qualified) — QZ26 #12."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "swaps.mine.title")
    await my_shifts.own_swap(caller, swap_id=swap_id, staff_id=staff_id)  # someone else's: not found
    try:
        await swaps.ask_again(caller, swap_id=swap_id, version=version, to_staff_id=to_staff_id or None)
    except ServiceError as exc:
        if exc.status not in (403, 409, 412, 422, 428):
            raise
        error = swaps.explain(exc, lang=render.lang, t=render.t)
        return await _withdraw_refused(request, caller, render, swap_id, http_status=exc.status, error=error)
    return RedirectResponse(f"/me/swaps?done={_requested(to_staff_id)}", status_code=303)


# --- my calendar ---------------------------------------------------------------------------------------------


def _calendar_name(render: Render, caller: Caller) -> str:
    return render.t("calendar.feed_name", name=caller.session.account.display_name)


async def _calendar_page(caller: Caller, render: Render, staff_id: str, kept: dict[str, Any] | None = None) -> Response:
    """The person's calendar link; `kept`: its renewal refused (`calendar`), why — the box left unanswered, or
    roster's refusal — the link in use kept."""
    kept = kept or {}
    return render(
        "staff/calendar.html",
        {
            "cal": await calendar.my_calendar(caller, staff_id=staff_id),
            "error": kept.get("error"),
            "unconfirmed": bool(kept.get("unconfirmed")),
        },
        status=int(kept.get("status") or 200),
    )


async def _calendar_made(caller: Caller, render: Render, made: dict[str, Any]) -> Response:
    """The link just made (`calendar_link`: created or renewed), its full address shown this once (notifier keeps only
    its digest); never stored by a browser or a proxy."""
    cal = calendar.shown_once(made["link"], _calendar_name(render, caller))
    return render("staff/calendar.html", {"cal": cal, "error": None}, headers={"Cache-Control": "no-store"})


async def _show_made(request: Request, caller: Caller, render: Render, cal: calendar.MyCalendar) -> Response:
    """A link made: a 303 to the calendar page, which shows it once (Post/Redirect/Get, the address sealed in the
    session's cookie for that page, never in a URL) — or this answer shows it, when it cannot be kept so."""
    made = {"form": "calendar_link", "link": calendar.made_link(cal)}
    return await shown_once(request, render.state, "/me/calendar", made, partial(_calendar_made, caller, render))


@router.get("/me/calendar")
async def calendar_page(request: Request, caller: Signed, render: Render) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "calendar.title")
    kept = {
        "calendar": partial(_calendar_page, caller, render, staff_id),
        "calendar_link": partial(_calendar_made, caller, render),
    }
    if (shown := await show_kept(request, render.state, kept)) is not None:
        return shown
    return await _calendar_page(caller, render, staff_id)


@router.post("/me/calendar")
async def issue_calendar(request: Request, caller: Signed, render: Render) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "calendar.title")
    cal = await calendar.issue_feed(
        caller, staff_id=staff_id, label=_calendar_name(render, caller), name=_calendar_name(render, caller)
    )
    return await _show_made(request, caller, render, cal)


@router.post("/me/calendar/{feed_id}/rotate")
async def rotate_calendar(
    request: Request, feed_id: str, caller: Signed, render: Render, confirmed: Confirmed = ""
) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "calendar.title")
    page = partial(_calendar_page, caller, render, staff_id)
    if not is_confirmed(confirmed):  # the link in use is kept
        kept = {"form": "calendar", "unconfirmed": True, "status": 422}
        return await refused_again(request, render.state, "/me/calendar", kept, page)
    try:
        cal = await calendar.rotate_feed(caller, feed_id=feed_id, name=_calendar_name(render, caller))
    except ServiceError as exc:
        if exc.status != 409:
            raise
        kept = {"form": "calendar", "error": exc.detail(render.lang), "status": 409}
        return await refused_again(request, render.state, "/me/calendar", kept, page)
    return await _show_made(request, caller, render, cal)


# --- my reminders ---------------------------------------------------------------------------------------------


def _reminder_page(
    render: Render,
    prefs: reminders.Preferences,
    *,
    errors: dict[str, str] | None = None,
    over: list[str] | None = None,
    saved: bool = False,
    own_times: bool = False,
    status: int = 200,
) -> Response:
    errors = dict(errors or {})
    general = errors.pop("", None)
    return render(
        "staff/reminders.html",
        {
            "prefs": prefs,
            "errors": errors,
            "over": over or [],
            "error": general,
            "saved": saved,
            "own_times": own_times,
            "channels": reminders.CHANNELS,
            "offset_words": lambda m: reminders.offset_words(m, render.t),
            "offsets_words": lambda ms: reminders.offsets_words(ms, render.t),
        },
        status=status,
    )


async def _reminders_refused(caller: Caller, render: Render, staff_id: str, kept: dict[str, Any]) -> Response:
    """The reminder preferences with the refused form (`reminders`) as typed, each mistake next to its field."""
    prefs = reminders.as_typed(await reminders.preferences(caller, staff_id=staff_id), kept.get("typed") or {})
    errors, over = dict(kept.get("errors") or {}), list(kept.get("over") or [])
    return _reminder_page(render, prefs, errors=errors, over=over, status=int(kept["status"]))


@router.get("/me/reminders")
async def reminders_page(
    request: Request, caller: Signed, render: Render, saved: bool = False, own_times: bool = False
) -> Response:
    """The person's reminder preferences; `own_times`: saved with the default's box and times both ticked, the
    times kept (said in the notice)."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "reminders.title")
    refused = {"reminders": partial(_reminders_refused, caller, render, staff_id)}
    if (shown := await show_kept(request, render.state, refused)) is not None:
        return shown
    prefs = await reminders.preferences(caller, staff_id=staff_id)
    return _reminder_page(render, prefs, saved=saved, own_times=own_times and saved)


@router.post("/me/reminders")
async def save_reminders(request: Request, caller: Signed, render: Render) -> Response:
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "reminders.title")
    form = await request.form()
    values = {
        "channels": form.getlist("channels"),
        "offsets": form.getlist("offsets"),
        **{
            k: form.get(k)
            for k in (
                "language",
                "extra_offset",
                "use_default",
                "quiet_start",
                "quiet_end",
                "webhook_url",
                "webhook_secret",
            )
        },
    }
    current = await reminders.preferences(caller, staff_id=staff_id)
    read = reminders.read_form(values, t=render.t, has_webhook_secret=current.has_webhook_secret)
    errors, status = read.errors, 422
    over: list[str] = []  # the fields refused as past their limit: the summary labels their lines
    if errors and read.prefs.webhook_url:  # the webhook's host is notifier's to judge: said now as well
        more = await reminders.notifier_refusals(caller, staff_id=staff_id, body=read.body, lang=render.lang)
        errors = reminders.together(errors, more.errors)
        over = [name for name in more.over if name not in read.errors]  # the portal's words where both speak
    if not errors:
        try:
            await reminders.save(caller, staff_id=staff_id, body=read.body)
            saved = "/me/reminders?saved=1&own_times=1" if read.kept_times else "/me/reminders?saved=1"
            return RedirectResponse(saved, status_code=303)
        except ServiceError as exc:
            if exc.status not in (409, 422):
                raise
            errors, status = reminders.service_errors(exc, render.lang), exc.status
            over = list(reminders.past_limit(exc))
    typed = reminders.typed_of(read.prefs)
    kept = {"form": "reminders", "typed": typed, "errors": errors, "over": over, "status": status}
    page = partial(_reminders_refused, caller, render, staff_id)
    return await refused_again(request, render.state, "/me/reminders", kept, page)


# --- “Tôi cần về sớm” (QZ29 #8) ------------------------------------------------------------------------------------


LEAVE = "early_leave"
"""The kind of a refused early-leave notice kept for the shifts page (api.kept): said on its shift's card, the form
as typed."""


async def _leave_shown(request: Request, caller: Caller, render: Render, kept: dict[str, Any]) -> Response:
    """The upcoming shifts with the refused notice said on its shift's card, its form as typed."""
    return await _shifts_page(
        request,
        caller,
        render,
        when="upcoming",
        limit=None,
        cursor=None,
        status=int(kept["status"]),
        leave_kept=kept,
    )


async def _leave_refused(
    request: Request, caller: Caller, render: Render, exc: ServiceError, *, shift_id: str, typed: dict[str, str]
) -> Response:
    if exc.status not in (403, 404, 409, 412, 422, 428):
        raise exc
    kept = {
        "form": LEAVE,
        "shift": shift_id,
        "typed": typed,
        "error": swaps.explain(exc, lang=render.lang, t=render.t),
        "status": exc.status,
    }
    page = partial(_leave_shown, request, caller, render)
    return await refused_again(request, render.state, "/me/shifts", kept, page, anchor=f"shift-{shift_id}")


@router.post("/me/shifts/{shift_id}/early-leave")
async def ask_early_leave(
    shift_id: str,
    request: Request,
    caller: Signed,
    render: Render,
    reason: Annotated[str, Form(max_length=2000)] = "",
    moment: Annotated[str, Form(max_length=100)] = "",
    colleague: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Send “Tôi cần về sớm” to the managers: from when, why, the colleague who agreed (roster checks each)."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    try:
        await early_leave.ask(
            caller, shift_id=shift_id, staff_id=staff_id, moment=moment, reason=reason, colleague=colleague
        )
    except ServiceError as exc:
        typed = {"reason": reason, "moment": moment, "colleague": colleague}
        return await _leave_refused(request, caller, render, exc, shift_id=shift_id, typed=typed)
    return RedirectResponse(f"/me/shifts?done=early_leave_sent&shift_id={shift_id}#shift-{shift_id}", status_code=303)


@router.post("/me/shifts/{shift_id}/early-leave/withdraw")
async def withdraw_early_leave(shift_id: str, request: Request, caller: Signed, render: Render) -> Response:
    """Take the notice back: the person stays on duty."""
    staff_id = _staff_id(caller)
    if staff_id is None:
        return _no_staff(render, "me.title")
    try:
        await early_leave.withdraw(caller, shift_id=shift_id, staff_id=staff_id)
    except ServiceError as exc:
        return await _leave_refused(request, caller, render, exc, shift_id=shift_id, typed={})
    return RedirectResponse(
        f"/me/shifts?done=early_leave_withdrawn&shift_id={shift_id}#shift-{shift_id}", status_code=303
    )
