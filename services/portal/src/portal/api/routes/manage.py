"""The manager's campaign board and shift planning.

- `/manage/board`: choose a campaign and an enterprise, then the board of that pair (a manager of one
  enterprise goes straight to its board of the default campaign, domain.campaigns; `?choose=1`
  shows the chooser all the same);
- `/manage/board/{cid}/{eid}`: the grid of days × duty types;
- `/manage/board/{cid}/{eid}/cell?day=…&duty_type=…[&site_id=…][&through=…]`: the board with one cell's
  shifts and the plan form beside it (an htmx request gets the side panel alone); `through`, a gap alert's: the
  cells of the gap over several days that starts there, marked (domain.board.linked_gap); the shifts 50 a page
  (`cursor`), filtered by a person's name (`who`) and site (`held_at`); `shift`: the page that lists that shift;
  `edit`, `reschedule`, `reassign`, `cancel`, `handover`: that shift's form of that name drawn (no other is: the page would
  grow with its shifts, and with shifts × staff for the people pickers) — for htmx (a card's link), its card alone;
  with `handover`, `handover_at` (a datetime-local value) and `handover_people` fill the handover form's moment and
  tick those people (an early-leave notice's mail and the board's tag link it so, QZ29 #8);
- `/manage/board/{cid}/{eid}/cell/picker-notes?…&starts_at=…&ends_at=…`: the plan form's picker notes judged at the
  times typed (htmx, as its time boxes change), each in place of its own;
- `/manage/board/{cid}/{eid}/cell/picker?…&people_q=…&people=…`: the plan form's people picker alone, found by name
  (htmx: its "Tìm" redraws the picker only, the people ticked kept first and ticked, the rest of the form untouched);
  without script "Tìm" posts the plan form to `…/cell/find-people`, which sends it back to the cell's page with what
  was typed in its address (`people`, `starts_at`, `ends_at`, `plan_site`, `notes`, `status`, `covers`, `past`);
- POST forms plan, edit, reschedule, reassign, cancel and publish a shift, hand over the rest of one under way, or publish every
  draft of the enterprise; each redirects (303) back with `?done=…` (the words naming the shift changed sealed for
  that page, api.kept: `redirect_noted`), or shows the page again
  with the refusal next to the form (422 field errors, 409 double booking, 412 stale version) by
  redirecting (303) to the cell's page (the board's, for publish all), which shows it once (api.kept):
  the address is never the POST's, and Back never offers to resend the form.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from lichtruc.duty_types import duty_type_name

from ...domain.board import left_behind, linked_gap
from ...domain.dates import clock_span, instant_label, parse_instant, span_label, time_label
from ...domain.field_words import under_label
from ...domain.i18n import Catalogue
from ...domain.said import Said
from ...domain.shifts import ACTIONS, Shift, local_input, parse_local_input
from ...handlers import board as boards
from ...handlers import early_leave, shifts
from ..deps import Confirmed, IdText, PageNotFound, Render, Signed, is_confirmed, labelled, shown_at
from ..kept import forget_notes, forget_refused, redirect_noted, redirect_refused, take_notes, take_refused

router = APIRouter()

DONE = {
    "planned",
    "planned_published",
    "edited",
    "rescheduled",
    "reassigned",
    "cancelled",
    "published",
    "published_all",
    "handed_over",
}
Text = Annotated[str, Form(max_length=20000)]
"""A free-text box (notes, a cancel's reason): roster holds 2000 characters and refuses more in its words, which the
cell shows beside the box by the cell's own address (api.kept) like every other refusal; the portal's own bound is
only against a body no form sends (a text past the box's maxlength answered 422 from the POST's address: QA)."""
Short = Annotated[str, Form(max_length=100)]
QUALIFICATIONS = ("leader", "operator", "technician", "guard")
REFUSABLE = {"plan", *ACTIONS}
"""The cell's forms whose refusal is kept for the cell's page (`_refused`)."""
TEXT_LABELS: Mapping[str, Mapping[str, str]] = {
    "plan": {"notes": "shift.notes"},
    "edit": {"notes": "shift.notes"},
    "cancel": {"reason": "shift.action.cancel_reason"},
    "handover": {"reason": "shift.handover.reason_label"},
}
"""The cell's free-text boxes by form and roster's field, with the catalogue key of their label (roster names a
field in its own words: “Lý do” for the cancel form's “Lý do hủy” and the handover's “Lý do giao ca” alike; QZ20 #1:
the handover's reason was said as “Lý do hủy”, the one label the cell had for a `reason`)."""


def _id(value: str) -> str:
    """A path id: a UUID, or the page does not exist."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise PageNotFound() from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PageNotFound() from None


def _maybe_day(value: str) -> date | None:
    """A day in the address that only adds a line (`left`): one that is no day adds none, and the page is shown."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _version(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise PageNotFound() from None


NAMED = {"planned", "planned_published", "edited", "rescheduled", "reassigned", "cancelled", "published"}
"""What was done to one shift: its notice names that shift (`_done_notice`; QA: "Đã hủy ca trực." said not which)."""


def _done_text(render: Render, done: str, count: str, at: str = "", view: boards.CellView | None = None) -> str | None:
    """What was done, in words; a shift planned at another site than the cell first opened names that site (`at`)."""
    if done not in DONE:
        return None
    site = next((s.name for s in view.sites if s.id == at), None) if at and view is not None else None
    if site and done in ("planned", "planned_published"):
        return render.t(f"board.done.{done}_at", site=site)
    return render.t(f"board.done.{done}", count=int(count) if count.isdigit() else 0)


async def _done_notice(caller: Signed, render: Render, outcome: shifts.Outcome, *, at: str = "") -> Said | None:
    """What was done to a shift, naming it as the board names shifts — its duty type at its site (or its
    enterprise), its time in Vietnam time with the lunar day: "Đã hủy ca Trực lãnh đạo tại Trung tâm điều hành,
    20:00 05/02/2027 (29 tháng Chạp Bính Ngọ) → 08:00 06/02." — in both languages, from roster's answer to the
    change: the page the change leads back to cannot name a shift its cell no longer lists (a cancelled one). `at`:
    planned at another site than the open cell's (the page then says the shift is in that site's cell). None when
    roster does not say where the shift is held: the page then says what was done without naming it (`_done_text`)."""
    shift, done = outcome.shift, outcome.done or ""
    if done == "handed_over" and outcome.handed_over is not None:
        return _handover_notice(render, *outcome.handed_over)
    if shift is None or done not in NAMED:
        return None
    place = await shifts.place_of(caller, shift)
    if place is None:
        return None
    key = (
        f"board.done.{done}_at_shift" if at and done in ("planned", "planned_published") else f"board.done.{done}_shift"
    )
    if done == "reassigned" and shift.people:  # and who is on it now (QZ10: the notice named nobody)
        key = "board.done.reassigned_shift_people"
        if shift.added or shift.removed:  # and who was added, who taken off (QZ29 #2: read as a replacement)
            key = "board.done.reassigned_shift_changes"
    catalogue = render.state.catalogue
    people = ", ".join(shift.people)

    def changes(lang: str) -> str:
        said = [(k, names) for k, names in (("added", shift.added), ("removed", shift.removed)) if names]
        return "; ".join(catalogue.text(f"board.done.reassigned_{k}", lang, names=", ".join(n)) for k, n in said)

    return Said(
        *(
            catalogue.text(
                key, lang, shift=_shift_label(catalogue, lang, shift, place), people=people, changes=changes(lang)
            )
            for lang in ("vi", "en")
        )
    )


def _handover_notice(render: Render, ended: Shift, rest: Shift) -> Said:
    """The notice after a handover, naming both shifts from roster's answer — their times in Vietnam time with the
    lunar day, their people — and the moment: "Đã giao phần còn lại của ca: ca 08:00 … → 20:55 của Trần Văn Lãnh nay
    kết thúc lúc 20:55 …; ca mới 20:55 … → 00:00 của Phạm Văn Cường đã được công bố." """
    catalogue = render.state.catalogue

    def said(lang: str) -> str:
        if ended.status == "cancelled":  # nobody had come: the new shift from the moment (QZ10 #8, QZ13 #2)
            return catalogue.text(
                "shift.handover.done_whole",
                lang,
                ended=span_label(ended.starts_at, ended.ends_at, lang),
                ended_people=", ".join(p.full_name for p in ended.people),
                rest=span_label(rest.starts_at, rest.ends_at, lang),
                rest_people=", ".join(p.full_name for p in rest.people),
            )
        return catalogue.text(
            "shift.handover.done",
            lang,
            ended=span_label(ended.starts_at, ended.ends_at, lang),
            ended_people=", ".join(p.full_name for p in ended.people),
            at=instant_label(ended.ends_at, lang),
            rest=span_label(rest.starts_at, rest.ends_at, lang),
            rest_people=", ".join(p.full_name for p in rest.people),
        )

    return Said(said("vi"), said("en"))


def _shift_label(catalogue: Catalogue, lang: str, shift: shifts.Changed, place: shifts.Place) -> str:
    """A shift as the board names its cells ("{duty} tại {site}, {day}"), its time (`span_label`) for the day."""
    key = "board.cell_label_border" if place.border else "board.cell_label_site"
    duty, span = duty_type_name(shift.duty_type, lang), span_label(shift.starts_at, shift.ends_at, lang)
    return catalogue.text(key, lang, duty=duty, site=place.name, day=span)


@router.get("/manage")
async def manage_home(caller: Signed) -> Response:
    return RedirectResponse("/manage/board", status_code=303)


@router.get("/manage/board")
async def choose_board(
    caller: Signed,
    render: Render,
    campaign_id: Annotated[IdText, labelled("board.campaign")] = "",
    enterprise_id: Annotated[IdText, labelled("board.enterprise")] = "",
    choose: Annotated[Literal["", "1"], labelled("board.change")] = "",
) -> Response:
    """An id that is no id is refused (deps.IdText); a campaign that is none of them, or an enterprise not the
    person's, is said on the chooser (404), never opened as the default campaign's or the first enterprise's board."""
    choice = await boards.chooser(
        caller, account=caller.session.account, campaign_id=campaign_id, enterprise_id=enterprise_id
    )
    if choice.unknown:
        values = {  # the one the address asked for that is one of them stays chosen
            "choice": choice,
            "campaign_id": "" if "campaign" in choice.unknown else campaign_id,
            "enterprise_id": "" if "enterprise" in choice.unknown else enterprise_id,
        }
        return render("manager/board_choose.html", values, status=404)
    if campaign_id and enterprise_id and not choose:
        return RedirectResponse(f"/manage/board/{campaign_id}/{enterprise_id}", status_code=303)
    if not choose and (pair := choice.obvious) is not None:
        return RedirectResponse(f"/manage/board/{pair[0]}/{pair[1]}", status_code=303)
    return render(
        "manager/board_choose.html", {"choice": choice, "campaign_id": campaign_id, "enterprise_id": enterprise_id}
    )


@router.get("/manage/board/{campaign_id}/{enterprise_id}")
async def board_page(
    request: Request, campaign_id: str, enterprise_id: str, caller: Signed, render: Render, done: str = "", n: str = ""
) -> Response:
    board, said = await boards.load_landing(
        caller, campaign_id=_id(campaign_id), enterprise_id=_id(enterprise_id), now=render.now
    )
    kept = take_refused(request, render.state)
    if kept is not None and kept.get("form") == "publish_all":  # a refused publish all, redirected here
        failure = shifts.failure_of(kept["failure"]) if kept.get("failure") else None
        context = _context(board=board, board_failure=failure, board_unconfirmed=failure is None, beside=said)
        page = render("manager/board.html", context, status=failure.status if failure else 422)
        return forget_refused(request, render.state, page)
    context = _context(board=board, done_text=_done_text(render, done, n), beside=said)
    return render("manager/board.html", context)


def _context(
    *,
    board,
    view=None,
    done_text=None,
    plan=None,
    failure=None,
    failure_form="",
    failure_shift="",
    errors=None,
    board_failure=None,
    typed=None,
    latest=None,
    board_unconfirmed=False,
    linked=None,
    left=None,
    beside: boards.Beside | None = None,
) -> dict:
    """The board page's values; `beside`, what the page says beside its grid (the board page's, and a cell's page
    drawn whole): none for the cell's panel alone (htmx)."""
    return {
        "landing": beside.landing if beside is not None else None,
        "incidents": beside.incidents if beside is not None else None,
        "before_tet": beside.before_tet if beside is not None else None,
        "board_unconfirmed": board_unconfirmed,
        "board": board,
        "view": view,
        "done_text": done_text,
        "plan": plan,
        "failure": failure,
        "failure_form": failure_form,
        "failure_shift": failure_shift,
        "errors": errors or {},
        "board_failure": board_failure,
        "typed": typed or {},
        "latest": latest,  # after someone else's change: the shift's latest saved values (handlers.board.typed_over)
        "linked": linked,
        "left_behind": left,  # after a reschedule to another day: the cell the shift left (domain.board.left_behind)
    }


def _plan_defaults(view: boards.CellView) -> shifts.PlanForm:
    start, end = view.suggested
    return shifts.PlanForm(
        starts_at=local_input(start), ends_at=local_input(end), site_id=view.cell.column.site_id or ""
    )


async def _cell(
    caller: Signed,
    campaign_id: str,
    enterprise_id: str,
    day: str,
    duty_type: str,
    site_id: str,
    *,
    now: datetime,
    focus: str = "",
    listing: Listing | None = None,
    refused: dict | None = None,
    plan_span: tuple[datetime, datetime] | None = None,
    whole: bool = False,
) -> boards.CellView:
    """The cell; `focus`: a shift whose page to show (one just changed, or the one a refusal is about); `refused`: the
    refusal kept for it (`_refused`), whose form's people picker says what roster would say at the times typed;
    `plan_span`: the times the plan form's picker is judged at (else a refused plan's, else the suggested ones); a
    refused handover's picker is judged from the moment typed in it; `whole`: the page draws the whole board (no
    script), with what the board page says beside its grid."""
    listing = listing or Listing()
    typed_plan = listing.plan or (shifts.plan_form_of(refused["plan"]) if refused and refused.get("plan") else None)
    if plan_span is None and typed_plan is not None:
        plan_span = _typed_span(dataclasses.asdict(typed_plan))
    handover = dict(refused.get("typed") or {}) if refused and refused.get("form") == "handover" else None
    drawn = listing.drawn
    prefilled = drawn.prefill if drawn is not None and drawn.form == "handover" and handover is None else {}
    view = await boards.load_cell(
        caller,
        campaign_id=_id(campaign_id),
        enterprise_id=_id(enterprise_id),
        day=_day(day),
        duty_type=duty_type,
        site_id=_id(site_id) if site_id else None,
        now=now,
        filters=boards.ShiftFilters(who=listing.who, held_at=_id(listing.held_at) if listing.held_at else ""),
        cursor=listing.cursor or None,
        focus=_id(focus) if focus else (_id(listing.shift) if listing.shift else ""),
        drawing=listing.drawn,
        people_q=listing.people_q,
        plan_chosen=typed_plan.people if typed_plan is not None else (),
        plan_span=plan_span,
        reassigning=str(refused.get("shift") or "") if refused and refused.get("form") == "reassign" else None,
        handing_over=str(refused.get("shift") or "") if refused and handover is not None else None,
        handover_at=parse_local_input(str((handover or prefilled).get("moment") or ""))
        if handover or prefilled
        else None,
        whole=whole,
    )
    if view is None:
        raise PageNotFound()
    if any(c.timing == "under_way" for c in view.shifts):  # “Tôi cần về sớm” (QZ29 #8): the notices open on them
        view = dataclasses.replace(
            view, leaving=await early_leave.open_on_board(caller, enterprise_id=_id(enterprise_id))
        )
    return view


@dataclasses.dataclass(frozen=True)
class Listing:
    """Which of a cell's shifts its panel lists (the cell page's query): the page at `cursor`, those of a person
    (`who`) or a site (`held_at`); the page listing `shift`; `drawn`: the one shift form drawn."""

    cursor: str = ""
    who: str = ""
    held_at: str = ""
    shift: str = ""
    drawn: boards.DrawnForm | None = None
    people_q: str = ""  # a name to find in the plan form's people picker
    plan: shifts.PlanForm | None = None
    """The plan form as typed when its picker's search was sent (`…/cell/find-people`): drawn again so."""


def _typed_span(plan: Mapping[str, object]) -> tuple[datetime, datetime] | None:
    """The times a refused plan form was sent with, when both are times and make a shift."""
    start, end = parse_local_input(str(plan.get("starts_at") or "")), parse_local_input(str(plan.get("ends_at") or ""))
    return (start, end) if start is not None and end is not None and start < end else None


def _wants_panel(request: Request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@router.get("/manage/board/{campaign_id}/{enterprise_id}/cell")
async def cell_page(
    request: Request,
    campaign_id: str,
    enterprise_id: str,
    caller: Signed,
    render: Render,
    day: str = "",
    duty_type: str = "",
    site_id: str = "",
    done: str = "",
    n: str = "",
    at: str = "",
    through: str = "",
    left: str = "",
    cursor: Annotated[str, Query(max_length=20)] = "",
    who: Annotated[str, Query(max_length=100)] = "",
    held_at: str = "",
    shift: str = "",
    edit: str = "",
    reschedule: str = "",
    reassign: str = "",
    cancel: str = "",
    handover: str = "",
    handover_at: Annotated[str, Query(max_length=20)] = "",
    handover_people: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006 - an early-leave mail's colleague
    people_q: Annotated[str, Query(max_length=100)] = "",
    people: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 - the plan form as typed (`_typed_plan`)
    starts_at: Annotated[str, Query(max_length=100)] = "",
    ends_at: Annotated[str, Query(max_length=100)] = "",
    plan_site: str = "",
    notes: Annotated[str, Query(max_length=2000)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    covers: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006
    past: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """The board at one cell, its panel open; `through`: the last day of a gap over several days that starts in this
    cell (a gap alert's link), whose cells the board marks and the panel names; `people`, `starts_at`… : the plan
    form as it was typed when its picker's search was sent without script (`find_people`), drawn again so."""
    asked = {"edit": edit, "reschedule": reschedule, "reassign": reassign, "cancel": cancel, "handover": handover}
    drawn = next((boards.DrawnForm(form, _id(of)) for form, of in asked.items() if of), None)
    if drawn is not None and drawn.form == "handover" and handover_at:  # an early-leave mail's link (QZ29 #8)
        ticked = tuple(_id(p) for p in handover_people)
        drawn = dataclasses.replace(drawn, prefill={"moment": handover_at, "people": ticked, "absent": False})
    typed_plan = (
        _typed_plan(people, starts_at, ends_at, site_id=plan_site, notes=notes, status=status, covers=covers, past=past)
        if people or starts_at or ends_at
        else None
    )
    listing = Listing(
        cursor=cursor, who=who, held_at=held_at, shift=shift, drawn=drawn, people_q=people_q, plan=typed_plan
    )
    # the panel alone (htmx) or the board with it: its forms are on the cell's own page, at the panel
    shown_at(request, _cell_url(campaign_id, enterprise_id, day, duty_type, site_id) + "#cell-panel")
    kept = None if _wants_panel(request) else take_refused(request, render.state)
    if kept is not None and kept.get("form") in REFUSABLE:  # a refused form of this cell, redirected here (_refused)
        focus = str(kept.get("shift") or "")
        view = await _cell(
            caller,
            campaign_id,
            enterprise_id,
            day,
            duty_type,
            site_id,
            now=render.now,
            focus=focus,
            listing=listing,
            refused=kept,
            whole=True,
        )
        return forget_refused(request, render.state, _refused_page(render, view, kept))
    panel = _wants_panel(request)  # else the whole board, as its own page draws it (M1: without its incidents)
    view = await _cell(
        caller, campaign_id, enterprise_id, day, duty_type, site_id, now=render.now, listing=listing, whole=not panel
    )
    said = take_notes(request, render.state) if done in DONE else ()  # the change's words, naming the shift
    context = _context(
        board=view.board,
        view=view,
        done_text=said[0].in_lang(render.lang) if said else _done_text(render, done, n, at, view),
        plan=typed_plan or _plan_defaults(view),
        linked=linked_gap(view.board, view.cell, _day(through) if through else None),
        left=left_behind(view.board, view.cell, _maybe_day(left)) if done == "rescheduled" else None,
        beside=view.beside,
    )
    if not panel:
        return forget_notes(request, render.state, render("manager/board.html", context))
    if view.drawn is not None:  # a card's link: that card alone, its form drawn
        return render("manager/cell_panel.html", {**context, "only_card": view.shift(view.drawn.shift_id)})
    # the panel; a card's link to a shift no longer listed (cancelled, moved meanwhile) gets it in place of the card
    swapped = {"HX-Retarget": "#cell-panel", "HX-Reswap": "innerHTML"} if drawn is not None else None
    return forget_notes(request, render.state, render("manager/cell_panel.html", context, headers=swapped))


@router.get("/manage/board/{campaign_id}/{enterprise_id}/cell/picker-notes")
async def plan_picker_notes(
    request: Request,
    campaign_id: str,
    enterprise_id: str,
    caller: Signed,
    render: Render,
    day: str = "",
    duty_type: str = "",
    site_id: str = "",
    starts_at: Annotated[str, Query(max_length=100)] = "",
    ends_at: Annotated[str, Query(max_length=100)] = "",
    people_q: Annotated[str, Query(max_length=100)] = "",
    people: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 - the boxes ticked
) -> Response:
    """The plan form's picker notes judged at the times typed in it (its time boxes ask as they change: htmx), each
    drawn to take the place of its own, and the hint above them saying for which times; times that make no shift
    (one box empty, the end before the start): at the suggested times, as the page drew them. Not for htmx (an
    address typed): the cell's page."""
    campaign_id, enterprise_id = _id(campaign_id), _id(enterprise_id)
    if not _wants_panel(request):
        return RedirectResponse(_cell_url(campaign_id, enterprise_id, day, duty_type, site_id), status_code=303)
    span = _typed_span({"starts_at": starts_at, "ends_at": ends_at})
    typed = _typed_plan(people, starts_at, ends_at)
    listing = Listing(people_q=people_q, plan=typed)
    view = await _cell(
        caller, campaign_id, enterprise_id, day, duty_type, site_id, now=render.now, listing=listing, plan_span=span
    )
    # said by the form's status region, in a few words: the hours the notes are now for ("20:00–23:00")
    redrawn = clock_span(*view.plan_span, within=view.plan_span, lang=render.lang) if view.plan_span else ""
    return render(
        "manager/cell_panel.html",
        {
            **_context(board=view.board, view=view, plan=typed),
            "plan_notes": "typed" if span else "suggested",
            "redrawn": redrawn,
        },
    )


def _typed_plan(
    people: list[str],
    starts_at: str,
    ends_at: str,
    *,
    site_id: str = "",
    notes: str = "",
    status: str = "",
    covers: list[str] | None = None,
    past: str = "",
) -> shifts.PlanForm:
    """The plan form as its picker's search carried it (ids that are no id: the page does not exist)."""
    return shifts.PlanForm(
        people=tuple(dict.fromkeys(_id(p) for p in people[:50])),
        starts_at=starts_at,
        ends_at=ends_at,
        site_id=_id(site_id) if site_id else "",
        notes=notes,
        status="published" if status == "published" else "draft",
        past=past == "yes",
        covers=tuple(_id(c) for c in (covers or [])[:20]),
    )


def _plan_query(form: shifts.PlanForm, people_q: str) -> list[tuple[str, str]]:
    """The plan form as typed, and the name searched for, in the cell page's address (`cell_page`)."""
    pairs = [("people_q", people_q.strip())] if people_q.strip() else []
    pairs += [("people", p) for p in form.people]
    pairs += [("starts_at", form.starts_at), ("ends_at", form.ends_at)]
    pairs += [("plan_site", form.site_id)] if form.site_id else []
    pairs += [("notes", form.notes)] if form.notes else []
    pairs += [("status", form.status)] if form.status == "published" else []
    pairs += [("covers", c) for c in form.covers]
    pairs += [("past", "yes")] if form.past else []
    return pairs


@router.get("/manage/board/{campaign_id}/{enterprise_id}/cell/picker")
async def plan_picker(
    request: Request,
    campaign_id: str,
    enterprise_id: str,
    caller: Signed,
    render: Render,
    day: str = "",
    duty_type: str = "",
    site_id: str = "",
    people_q: Annotated[str, Query(max_length=100)] = "",
    people: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006 - the boxes ticked
    starts_at: Annotated[str, Query(max_length=100)] = "",
    ends_at: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The plan form's people picker alone, those ticked first and still ticked (with their notes, judged at the times
    typed), then those whose name `people_q` finds (its "Tìm", htmx: the rest of the form stays as typed). Not for
    htmx (an address typed): the cell's page with the same."""
    campaign_id, enterprise_id = _id(campaign_id), _id(enterprise_id)
    typed = _typed_plan(people, starts_at, ends_at)
    if not _wants_panel(request):
        url = _cell_url(campaign_id, enterprise_id, day, duty_type, site_id)
        return RedirectResponse(f"{url}&{urlencode(_plan_query(typed, people_q))}#plan-form", status_code=303)
    span = _typed_span({"starts_at": starts_at, "ends_at": ends_at})
    listing = Listing(people_q=people_q, plan=typed)
    view = await _cell(
        caller, campaign_id, enterprise_id, day, duty_type, site_id, now=render.now, listing=listing, plan_span=span
    )
    return render("manager/cell_panel.html", {**_context(board=view.board, view=view, plan=typed), "picker_only": True})


@router.post("/manage/board/{campaign_id}/{enterprise_id}/cell/find-people")
async def find_people(
    campaign_id: str,
    enterprise_id: str,
    cell_day: Short = "",
    cell_duty: Short = "",
    cell_site: Short = "",
    cell_who: Short = "",
    cell_held_at: Short = "",
    cell_cursor: Short = "",
    people_q: Short = "",
    find: Short = "",
    people: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies a default for each request
    starts_at: Short = "",
    ends_at: Short = "",
    site_id: Short = "",
    notes: Text = "",
    status: Short = "draft",
    past: Short = "",
    covers_site_ids: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    """The plan form's picker searched without script ("Tìm" sends the whole plan form here): back to the cell's page
    with the name searched for and the form as typed in its address, so that what was ticked and typed stays
    (QZ8: the search's own GET lost it); "Hiện lại danh sách" (`find` "clear") forgets the name."""
    campaign_id, enterprise_id = _id(campaign_id), _id(enterprise_id)
    listing = _read_at(cell_who, cell_held_at, cell_cursor)
    typed = _typed_plan(
        people, starts_at, ends_at, site_id=site_id, notes=notes, status=status, covers=covers_site_ids, past=past
    )
    url = _cell_url(campaign_id, enterprise_id, cell_day, cell_duty, cell_site, listing=listing)
    query = urlencode(_plan_query(typed, "" if find == "clear" else people_q))
    return RedirectResponse(f"{url}&{query}#plan-form", status_code=303)


async def _back(
    request: Request,
    render: Render,
    caller: Signed,
    view_url: str,
    outcome: shifts.Outcome,
    *,
    at: str = "",
    shift_id: str = "",
    left: str = "",
) -> Response:
    """To the cell with what was done, in words naming the shift (`_done_notice`) sealed for that page (api.kept), not
    in its address; `at`: the site a new shift was planned at, when the cell is not the one opened (said by name:
    "Đã xếp ca … tại …"); `shift_id`: the shift changed, whose page of the cell's shifts to show; `left`: the day of the
    cell a rescheduled shift moved out of, whose cell the page says as it now is (`domain.board.left_behind`)."""
    extra = {"done": outcome.done or ""}
    if at:
        extra["at"] = at
    if left:
        extra["left"] = left
    if shift_id:
        extra["shift"] = shift_id
    if outcome.count:
        extra["n"] = str(outcome.count)
    notice = await _done_notice(caller, render, outcome, at=at)
    # To the panel: on a phone the board above it is screens long, and the result is said in the panel.
    url = f"{view_url}&{urlencode(extra)}"
    return redirect_noted(request, render.state, url, [notice] if notice else [], anchor="cell-panel")


async def _refused(
    request: Request,
    render: Render,
    caller: Signed,
    campaign_id: str,
    enterprise_id: str,
    cell_day: str,
    cell_duty: str,
    cell_site: str,
    outcome: shifts.Outcome,
    *,
    form: str,
    shift_id: str = "",
    plan: shifts.PlanForm | None = None,
    typed: dict[str, object] | None = None,
    listing: Listing | None = None,
) -> Response:
    """The cell again, as it is now, with the refusal next to the form that was sent (keeping what was typed in it:
    `plan` for the plan form, `typed` for a change to a shift) — by Post/Redirect/Get: a 303 to the cell's own
    address, which shows it once (api.kept), so that Back never resends the form; in the POST's own answer only
    when it is too large to keep."""
    failure = outcome.failure
    assert failure is not None
    kept = {
        "form": form,
        "shift": shift_id,
        "plan": dataclasses.asdict(plan) if plan is not None else None,
        "typed": typed or {},
        "failure": shifts.failure_doc(failure),
    }
    url = _cell_url(campaign_id, enterprise_id, cell_day, cell_duty, cell_site, listing=listing)
    if (redirected := redirect_refused(request, render.state, url, kept)) is not None:
        return redirected
    view = await _cell(
        caller,
        campaign_id,
        enterprise_id,
        cell_day,
        cell_duty,
        cell_site,
        now=render.now,
        focus=shift_id,
        listing=listing,
        refused=kept,
        whole=True,
    )
    return _refused_page(render, view, kept)


def _refused_page(render: Render, view: boards.CellView, kept: dict) -> Response:
    """The board with the cell's panel, the form `_refused` kept open with what was typed, and why it was refused."""
    failure = shifts.failure_of(kept["failure"])
    form, shift, typed = str(kept["form"]), str(kept.get("shift") or ""), dict(kept.get("typed") or {})
    stale = failure.kind == "stale"  # someone else saved the shift first: theirs beside what was typed
    context = _context(
        board=view.board,
        view=view,
        plan=shifts.plan_form_of(kept["plan"]) if kept.get("plan") else _plan_defaults(view),
        failure=failure,
        failure_form=form,
        failure_shift=shift,
        errors=_words(render, failure, view, form=form),
        typed=typed,
        latest=boards.typed_over(view, shift, form=form, typed=typed, words=render.t, lang=render.lang)
        if stale
        else None,
        beside=view.beside,
    )
    return render("manager/board.html", context, status=failure.status)


def _words(render: Render, failure: shifts.Failure, view: boards.CellView, *, form: str) -> dict[str, str]:
    """Field → what to show next to it: the portal's own checks, then roster's broken rules, in
    the catalogue's words where the rule is known (naming the person, never a code); a free-text box's under the
    label `form` gives it (`TEXT_LABELS`)."""
    errors = {name: render.t(key) for name, key in failure.error_keys.items()}
    labels = TEXT_LABELS.get(form, {})
    names = {p.id: p.full_name for p in view.staff}
    found: dict[str, list[str]] = {}
    for problem in failure.problems:
        if problem.field in errors:
            continue
        who = names.get(str(problem.context.get("staff_id") or ""))
        qualification = str(problem.context.get("qualification") or view.qualification)
        if problem.rule == "qualified" and who and qualification in QUALIFICATIONS:
            text = render.t(
                "shift.error.qualified", name=who, qualification=render.t(f"shift.qualification.{qualification}")
            )
        elif problem.rule == "inside-campaign":
            starts, ends = view.campaign_span
            text = render.t(
                "shift.error.inside_campaign",
                starts=instant_label(starts, render.lang),
                ends=instant_label(ends, render.lang),
            )
        elif problem.rule == "cancel-reason-required":  # a published shift cancelled without a reason
            text = render.t("shift.error.cancel_reason_required")
        elif problem.rule.startswith("portal-handover-"):  # the portal's own question of a handover (a past moment)
            text = _handover_words(render, problem, names)
        elif problem.rule.startswith("handover-"):  # roster's own words name the shift, its people and the times
            text = problem.text
        elif problem.field in labels:  # free text refused: said under the form's label for the box
            label = render.t(labels[problem.field])
            said = problem.text
            if problem.rule == shifts.TEXT_OVER:  # counted by the portal before anything was asked or sent
                said = render.t("check.text_over", n=problem.context.get("over"), max=problem.context.get("max"))
            whole = "over" in problem.context  # the portal's own words for a text past its limit (over_said)
            text = under_label(said, field=f"body.{problem.field}", label=label, lang=render.lang, whole=whole)
        else:
            text = problem.text
        if text not in found.setdefault(problem.field, []):
            found[problem.field].append(text)
    errors.update({name: " ".join(texts) for name, texts in found.items()})
    if failure.kind == "rule_break" and "assignees" in errors:  # roster's warnings, under the question they ask
        errors["assignees"] = f"{render.t('picker.ask.breaks')} {errors['assignees']}"
    return errors


def _handover_words(render: Render, problem: shifts.FieldProblem, names: Mapping[str, str]) -> str:
    """The portal's own question of a handover (handlers.shifts.hand_over): of a moment well before now, naming the
    hours it rewrites and the people (a moment outside the shift roster refuses, in its words)."""
    moment = parse_instant(str(problem.context.get("at")))
    now = render.now.astimezone(moment.tzinfo)
    when = time_label(moment) if moment.date() == now.date() else instant_label(moment, render.lang)
    hours, minutes = divmod(int(problem.context.get("minutes") or 0), 60)
    if not hours:
        ago = render.t("incidents.province.minutes", n=minutes)
    elif not minutes:
        ago = render.t("incidents.province.hours", h=hours)
    else:
        ago = render.t("incidents.province.hours_minutes", h=hours, m=minutes)
    people = ", ".join(names.get(str(p), "") for p in problem.context.get("people") or () if names.get(str(p)))
    return render.t(
        "shift.handover.past_ask",
        relieved=str(problem.context.get("relieved") or ""),
        people=people or render.t("shift.handover.people_chosen"),
        at=when,
        ago=ago,
    )


@router.post("/manage/board/{campaign_id}/{enterprise_id}/shifts")
async def plan_shift(
    request: Request,
    campaign_id: str,
    enterprise_id: str,
    caller: Signed,
    render: Render,
    cell_day: Short = "",
    cell_duty: Short = "",
    cell_site: Short = "",
    cell_who: Short = "",
    cell_held_at: Short = "",
    cell_cursor: Short = "",
    people: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies a default for each request
    starts_at: Short = "",
    ends_at: Short = "",
    site_id: Short = "",
    notes: Text = "",
    status: Short = "draft",
    past: Short = "",
    covers_site_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - the further sites the new shift covers
    as_is: Short = "",  # "Vẫn lưu": the answer to a save that would break a limit (handlers.shifts.plan)
) -> Response:
    campaign_id, enterprise_id = _id(campaign_id), _id(enterprise_id)
    listing = _read_at(cell_who, cell_held_at, cell_cursor)
    form = shifts.PlanForm(
        people=tuple(_id(p) for p in people[:50]),
        starts_at=starts_at,
        ends_at=ends_at,
        site_id=_id(site_id) if site_id else "",
        notes=notes,
        status=status,
        past=past == "yes",
        covers=tuple(_id(c) for c in covers_site_ids[:20]),
    )
    outcome = await shifts.plan(
        caller,
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        duty_type=cell_duty,
        form=form,
        lang=render.lang,
        now=render.now,
        as_is=as_is,
    )
    if not outcome.ok:
        return await _refused(
            request,
            render,
            caller,
            campaign_id,
            enterprise_id,
            cell_day,
            cell_duty,
            cell_site,
            outcome,
            form="plan",
            plan=form,
            listing=listing,
        )
    land = await _landing(caller, render, campaign_id, enterprise_id, cell_day, cell_duty, cell_site, form)
    if land is None:  # the list as it was read; another cell's (below) from its first page
        url = _cell_url(campaign_id, enterprise_id, cell_day, cell_duty, cell_site, listing=listing)
        return await _back(request, render, caller, url, outcome)
    url = _cell_url(campaign_id, enterprise_id, cell_day, cell_duty, land)
    return await _back(request, render, caller, url, outcome, at=form.site_id)


async def _landing(
    caller: Signed,
    render: Render,
    campaign_id: str,
    enterprise_id: str,
    cell_day: str,
    cell_duty: str,
    cell_site: str,
    form: shifts.PlanForm,
) -> str | None:
    """The site column (its id, "" for the whole enterprise's) a new shift planned at another site than the open cell's
    is listed in, that day and duty — its site's cell, else the enterprise's — so that the manager sees it after
    saving (QA: it vanished, the page went back to a cell that does not list it); None when the open cell lists it
    (its own site, one it covers, or the whole enterprise's column) or the board has no cell that does."""
    if not cell_site or form.site_id == cell_site or cell_site in form.covers:
        return None
    board = await boards.load_board(caller, campaign_id=campaign_id, enterprise_id=enterprise_id, now=render.now)
    day = _day(cell_day)
    for site in (form.site_id or None, *form.covers, None):
        if board.cell(day, cell_duty, site) is not None:
            return site or ""
    return None


def _cell_url(
    campaign_id: str, enterprise_id: str, day: str, duty_type: str, site_id: str, *, listing: Listing | None = None
) -> str:
    """The cell's page; `listing`: the filters and page its list was read at (a panel form's `cell_who`,
    `cell_held_at`, `cell_cursor`), kept in the address so that a change comes back to the list as it was read."""
    params = {"day": _day(day).isoformat(), "duty_type": duty_type}
    if site_id:
        params["site_id"] = _id(site_id)
    if listing is not None:
        params.update({k: v for k, v in (("who", listing.who), ("held_at", listing.held_at)) if v})
        if listing.cursor:
            params["cursor"] = listing.cursor
    return f"/manage/board/{campaign_id}/{enterprise_id}/cell?{urlencode(params)}"


def _read_at(who: str, held_at: str, cursor: str) -> Listing:
    """The list as a panel form says it was read (its hidden `cell_who`, `cell_held_at`, `cell_cursor`): a site that
    is no id, or a page that is no position, left out (the list's first page, unfiltered by it)."""
    return Listing(
        who=" ".join(who.split()),
        held_at=_id(held_at) if held_at else "",
        cursor=cursor if cursor.isdigit() else "",
    )


@router.post("/manage/board/{campaign_id}/{enterprise_id}/shifts/{shift_id}/{action}")
async def change_shift(
    request: Request,
    campaign_id: str,
    enterprise_id: str,
    shift_id: str,
    action: str,
    caller: Signed,
    render: Render,
    cell_day: Short = "",
    cell_duty: Short = "",
    version: Short = "",
    cell_site: Short = "",
    cell_who: Short = "",
    cell_held_at: Short = "",
    cell_cursor: Short = "",
    people: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies a default for each request
    starts_at: Short = "",
    ends_at: Short = "",
    site_id: Short = "",
    notes: Text = "",
    reason: Text = "",
    confirmed: Confirmed = "",
    covers_site_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - the edit form's further sites covered
    covers_shown: Short = "",  # the edit form offered them: none ticked clears them
    moment: Short = "",  # a handover's: when the rest is handed over (empty: now, rounded up to 5 minutes)
    absent: Short = "",  # a handover's "Người trực không đến", ticked (QZ13 #2): the new shift from the moment only
    absent_offered: Short = "",  # the handover form offered it (nobody had checked in): unticked says someone came
    as_is: Short = "",  # "Vẫn lưu": the answer to a reassignment or a reschedule that would break a limit
    # (handlers.shifts.reassign, reschedule);
    # a handover's: the moment its question about a past moment was asked of (handlers.shifts.hand_over)
    rest_as_is: Short = "",  # a handover's "Vẫn lưu": the answer to one that would break a limit (QZ19 #8)
) -> Response:
    if action not in ACTIONS:
        raise PageNotFound()
    campaign_id, enterprise_id, shift_id = _id(campaign_id), _id(enterprise_id), _id(shift_id)
    at, v, lang = shift_id, _version(version), render.lang
    listing = _read_at(cell_who, cell_held_at, cell_cursor)
    site = _id(site_id) if site_id else ""
    chosen = [_id(p) for p in people[:50]]
    covers = [_id(c) for c in covers_site_ids[:20]]
    forms: dict[str, dict[str, object]] = {
        "edit": {"site_id": site, "notes": notes, "covers": tuple(covers)},
        "reschedule": {"starts_at": starts_at, "ends_at": ends_at},
        "reassign": {"people": tuple(chosen)},
        "cancel": {"reason": reason},
        "handover": {
            "people": tuple(chosen),
            "moment": moment,
            "reason": reason,
            "absent": bool(absent),
            # the question of a past moment answered for it: kept while the one of a limit is asked (the form's)
            "past_answered": is_confirmed(confirmed) and as_is == moment,
        },
    }
    typed = forms.get(action, {})
    # The forms that ask first (a cancel; a change to a shift under way or over) act on nothing unanswered.
    if not is_confirmed(confirmed) and await shifts.asks_first(caller, action=action, shift_id=at, now=render.now):
        outcome = shifts.unconfirmed()
    elif action == "edit":
        outcome = await shifts.edit(
            caller,
            shift_id=at,
            version=v,
            notes=notes,
            site_id=site,
            lang=lang,
            covers=covers if covers_shown else None,
        )
    elif action == "reschedule":
        outcome = await shifts.reschedule(
            caller,
            shift_id=at,
            version=v,
            starts_at=starts_at,
            ends_at=ends_at,
            lang=lang,
            enterprise_id=enterprise_id,
            as_is=as_is,
        )
    elif action == "reassign":
        outcome = await shifts.reassign(
            caller, shift_id=at, version=v, people=chosen, lang=lang, enterprise_id=enterprise_id, as_is=as_is
        )
    elif action == "cancel":
        outcome = await shifts.cancel(caller, shift_id=at, version=v, reason=reason, lang=lang)
    elif action == "handover":
        outcome = await shifts.hand_over(
            caller,
            shift_id=at,
            version=v,
            people=chosen,
            at=moment,
            reason=reason,
            absent=True if absent else (False if absent_offered else None),
            lang=lang,
            now=render.now,
            confirmed=is_confirmed(confirmed) and as_is == moment,  # the answer to the question asked of this moment
            enterprise_id=enterprise_id,
            as_is=rest_as_is,
        )
    else:
        outcome = await shifts.publish(caller, shift_id=at, version=v, lang=lang)
    if not outcome.ok:
        return await _refused(
            request,
            render,
            caller,
            campaign_id,
            enterprise_id,
            cell_day,
            cell_duty,
            cell_site,
            outcome,
            form=action,
            shift_id=shift_id,
            typed=typed,
            listing=listing,
        )
    left = ""
    if action == "reschedule" and outcome.starts_at is not None and outcome.starts_at.date().isoformat() != cell_day:
        # follow the shift to the cell of its new day, its own page, saying what the cell it left now has (QZ22 #8)
        left, cell_day = _day(cell_day).isoformat(), outcome.starts_at.date().isoformat()
        listing = Listing(who=listing.who, held_at=listing.held_at)
    # the list as it was read (its filters and page); the page listing the shift when it is still on the cell's list
    # (without the filters when they no longer keep it: handlers.board.load_cell)
    url = _cell_url(campaign_id, enterprise_id, cell_day, cell_duty, cell_site, listing=listing)
    return await _back(request, render, caller, url, outcome, shift_id=shift_id, left=left)


@router.post("/manage/board/{campaign_id}/{enterprise_id}/publish")
async def publish_drafts(
    request: Request, campaign_id: str, enterprise_id: str, caller: Signed, render: Render, confirmed: Confirmed = ""
) -> Response:
    campaign_id, enterprise_id = _id(campaign_id), _id(enterprise_id)
    url = f"/manage/board/{campaign_id}/{enterprise_id}"
    failure = None
    if is_confirmed(confirmed):  # unanswered, every draft stays a draft; the box says why
        outcome = await shifts.publish_all(
            caller, campaign_id=campaign_id, enterprise_id=enterprise_id, lang=render.lang
        )
        if (failure := outcome.failure) is None:
            done = urlencode({"done": "published_all", "n": str(outcome.count)})
            return RedirectResponse(f"{url}?{done}", status_code=303)
    # Refused: the board's own address says why, once (api.kept), so that Back never resends the form
    kept = {"form": "publish_all", "failure": shifts.failure_doc(failure) if failure is not None else None}
    if (redirected := redirect_refused(request, render.state, url, kept)) is not None:
        return redirected
    board, said = await boards.load_landing(
        caller, campaign_id=campaign_id, enterprise_id=enterprise_id, now=render.now
    )
    context = _context(board=board, board_failure=failure, board_unconfirmed=failure is None, beside=said)
    return render("manager/board.html", context, status=failure.status if failure is not None else 422)
