"""Swap requests: a staff member asks to hand one of their shifts to a colleague (or to anyone
qualified, the manager choosing); they follow their requests and may withdraw one still waiting;
a manager's inbox lists the requests of their enterprises and approves or rejects them. Roster
gives each request with its people's names and its shift in words, and checks every rule; its
refusals are put in words here (its own sentences name items by id).

Who could take a shift over is roster's to say (`GET /shifts/{id}/swap-candidates`: same enterprise,
active, qualified, free at its time): the staff member's ask form and the manager's choice for an
open request both offer exactly those, so that what is offered is what roster would accept."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from lichtruc.text import same_name_key
from lichtruc.words import rest_said

from ..clients.services import Caller, ServiceError
from ..domain.dates import check_in_label, day_label, local, on_day, parse_instant, time_label
from ..domain.field_words import refused_fields
from ..domain.paging import PageView, local_next, local_offset, page_view
from ..domain.swap_urgency import StartsIn, decide_first, urgency
from .my_shifts import (
    REFERENCE_LIMIT,
    ShiftCard,
    SwapLine,
    before_acting_on,
    on_duty_beside,
    own_shift,
    reference,
    shift_card,
    swap_line,
)

SWAP_STATUSES = ("requested", "lapsed", "approved", "rejected", "withdrawn")
"""`lapsed`: roster's, from the shift's start for a request still waiting then — never among the waiting ones."""

Colleague = tuple[str, str]  # (staff id, name)
Said = tuple[str, dict[str, object]]  # a catalogue key and its values

# Roster's refusals (the problem type slug) that the catalogue says in words of its own.
EXPLAINED = (
    "no-double-booking",
    "shift-started",
    "one-open-swap",
    "swap-open",
    "stale-version",
    "not-on-shift",
    "on-shift",
    "still-on-shift",
    "invalid-status",
    "check-in-window",
    "already-checked-in",
    "qualified",
    "staff-active",
    "same-enterprise",
    "required",
    "as-requested",
)
# The colleague's answer's refusals (swap-declined, swap-unanswered, swap-answered, swap-accepted, swap-named,
# swap-unnamed; QZ26 #12) are roster's own sentences: they name the colleague and say what to do.


def _first_error(exc: ServiceError) -> Mapping[str, object]:
    first = next(iter(exc.problem.get("errors") or ()), None)
    return first if isinstance(first, Mapping) else {}


def refused_staff_id(exc: ServiceError) -> str:
    """The staff member a refusal is about ("" if none): the problem's, or its first error's."""
    return str(exc.problem.get("staff_id") or _first_error(exc).get("staff_id") or "")


def explain(
    exc: ServiceError,
    *,
    lang: str,
    t: Callable[..., str],
    names: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """A sentence for the person: the catalogue's for the refusals it knows, roster's otherwise. A check-in too early
    says when it opens: the time alone when that is today (the Vietnam day of `now`, the portal's clock), the
    time and its day otherwise (QA: "nút mở lúc 05:30." of a shift tomorrow)."""
    kind = exc.kind
    if kind in EXPLAINED:
        first = _first_error(exc)
        name = (names or {}).get(refused_staff_id(exc)) or t("swaps.someone")
        opens = exc.problem.get("opens_at") or first.get("opens_at")
        if kind == "check-in-window" and opens:
            at = parse_instant(str(opens))
            if now is None or at.date() != local(now).date():
                return t("swaps.error.check-in-opens-on", time=time_label(at), day=day_label(at.date(), lang))
            return t("swaps.error.check-in-opens", time=time_label(at))
        return t(f"swaps.error.{kind}", name=name)
    return exc.detail(lang)


def note_refused(exc: ServiceError, *, lang: str, label: str) -> str | None:
    """roster's refusal of the decision's note (a control character in it…) under the form's `label` for it;
    None when roster refused something else."""
    return refused_fields(exc.problem, lang=lang, labels={"note": label}).get("note")


# --- a staff member asks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapForm:
    """The shift, and the colleagues who could take it over (roster's `swap-candidates`: same
    enterprise, active, qualified, free at that time), each group by name in Vietnamese order."""

    shift: ShiftCard
    known: list[Colleague]  # they have been on a shift with the person
    others: list[Colleague]  # the other qualified colleagues
    warned: dict[str, list[Said]] = field(default_factory=dict)  # by staff id: what taking the shift breaks (`_warned`)
    apart: dict[str, Said] = field(default_factory=dict)  # by staff id: what tells namesakes apart (`_apart`)

    @property
    def colleagues(self) -> list[Colleague]:
        return self.known + self.others


async def _candidates(caller: Caller, *, shift_id: str, staff_id: str) -> list[dict] | None:
    """Who could take the person's place; None when roster will not say (403, 404: the shift is gone
    or not the caller's; 422: the person is no longer on it)."""
    try:
        return await caller.every(
            "roster", f"/shifts/{shift_id}/swap-candidates", {"from_staff_id": staff_id}, limit=REFERENCE_LIMIT
        )
    except ServiceError as exc:
        if exc.status in (403, 404, 422):
            return None
        raise


def _grouped(candidates: list[dict]) -> tuple[list[Colleague], list[Colleague]]:
    """Those who shared a shift with the person, then the others; roster lists them in Vietnamese
    order, and each group keeps it."""
    known = [(c["id"], c["full_name"]) for c in candidates if c["shared_shift"]]
    others = [(c["id"], c["full_name"]) for c in candidates if not c["shared_shift"]]
    return known, others


def _apart(candidates: list[dict]) -> dict[str, Said]:
    """What tells colleagues of one name apart (`lichtruc.text.same_name_key`: "ƯNG THỊ Ý", "Ưng Thị Ý"), said
    beside each: the last three digits of their phone, else their e-mail partly hidden — roster gives no more to a
    colleague (QA: three identical choices)."""
    names = Counter(same_name_key(c["full_name"]) for c in candidates)
    found: dict[str, Said] = {}
    for c in candidates:
        if names[same_name_key(c["full_name"])] < 2:
            continue
        if c.get("phone_end"):
            found[c["id"]] = ("swaps.ask.apart_phone", {"digits": c["phone_end"]})
        elif c.get("email_hint"):
            found[c["id"]] = ("swaps.ask.apart_email", {"email": c["email_hint"]})
    return found


def _warned(candidates: list[dict], lang: str) -> dict[str, list[Said]]:
    """The colleagues roster warns of were the shift theirs — the warnings the handover would give them (its
    `short_rest_hours` and `night_shifts`) — each as the words a choice says beside the name (a catalogue key and
    its values, numbers as a reader of `lang` writes them: "7,5" / "7.5", a rest as "3 giờ 5 phút" / "3 h 5 min"): QA, a colleague one hour's rest or
    four nights in a week away was offered as free and the approval only then said so."""
    point = "," if lang == "vi" else "."

    def number(value: object) -> str:
        return f"{float(cast(float, value)):g}".replace(".", point)

    found: dict[str, list[Said]] = {}
    for c in candidates:
        said: list[Said] = []
        if c.get("short_rest_hours") is not None:
            hours = float(c["short_rest_hours"])
            said.append(
                ("swaps.no_rest", {}) if hours <= 0 else ("swaps.short_rest", {"hours": rest_said(hours, lang)})
            )
        if nights := c.get("night_shifts"):
            days = number(nights["within_days"])
            said.append(("swaps.night_shifts", {"count": nights["count"], "days": days, "limit": nights["at_most"]}))
        if said:
            found[c["id"]] = said
    return found


async def swap_form(caller: Caller, *, shift_id: str, staff_id: str, now: datetime, lang: str) -> SwapForm:
    ref, row, candidates = await asyncio.gather(
        reference(caller, lang),
        own_shift(caller, shift_id=shift_id, staff_id=staff_id),
        _candidates(caller, shift_id=shift_id, staff_id=staff_id),
    )
    # the card says who else is on duty meanwhile, as on "Ca trực của tôi": whom the person leaves on with
    (card,) = await on_duty_beside(caller, [shift_card(row, staff_id=staff_id, ref=ref, now=now)], ref=ref)
    known, others = _grouped(candidates or [])
    return SwapForm(
        shift=card, known=known, others=others, warned=_warned(candidates or [], lang), apart=_apart(candidates or [])
    )


async def request_swap(
    caller: Caller, *, shift_id: str, staff_id: str, to_staff_id: str | None, reason: str | None
) -> dict:
    await before_acting_on(caller, shift_id=shift_id, staff_id=staff_id)
    return await caller.post(
        "roster",
        f"/shifts/{shift_id}/swaps",
        {"from_staff_id": staff_id, "to_staff_id": to_staff_id or None, "reason": reason or None},
    )


def waiting_id(exc: ServiceError) -> str | None:
    """The person's request still waiting that roster names when it refuses a second one for the same shift
    (`one-open-swap`, its `swap_id`), so that the refusal can offer to withdraw it; None for any other refusal."""
    swap_id = exc.problem.get("swap_id") or _first_error(exc).get("swap_id")
    return str(swap_id) if exc.kind == "one-open-swap" and swap_id else None


async def waiting_request(caller: Caller, swap_id: str | None, *, lang: str) -> SwapLine | None:
    """The waiting request `waiting_id` named, as it is now: None when there is none, or when it no longer waits
    (decided or withdrawn meanwhile) or is gone."""
    if not swap_id:
        return None
    try:
        found = swap_line(await caller.get("roster", f"/swaps/{swap_id}"), lang)
    except ServiceError as missing:
        if missing.status in (403, 404):
            return None
        raise
    return found if found.status == "requested" else None


# --- lists -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapRow:
    """A request as a list shows it; for an open one in a manager's inbox, who could take the shift
    (roster's swap candidates for the person asking, grouped as on the ask form)."""

    swap: SwapLine
    enterprise_name: str | None
    known: list[Colleague] = field(default_factory=list)  # shared a shift with the person asking
    others: list[Colleague] = field(default_factory=list)
    warned: dict[str, list[Said]] = field(default_factory=dict)  # by staff id: what taking the shift breaks (`_warned`)
    apart: dict[str, Said] = field(default_factory=dict)  # by staff id: what tells namesakes apart (`_apart`)
    stale: bool = False  # roster offers nobody: the person asking is no longer on the shift (or it is gone)
    decider: str = ""  # who approved or rejected it: a name when the portal knows it, else the account
    urgent: StartsIn | None = None  # waiting, its shift starting soon: how soon (domain/swap_urgency.py)
    handed: HandedAfter | None = None  # lapsed, its shift (or its rest) then handed over: to whom, from when

    @property
    def decided(self) -> bool:
        return self.swap.status in ("approved", "rejected")

    @property
    def candidates(self) -> list[Colleague]:
        return self.known + self.others


@dataclass(frozen=True)
class HandedAfter:
    """A lapsed request's shift handed over by the manager after it began (roster's `handed_over_to`): the person
    asking is no longer on duty from `starts_at` (QZ19 #3: the inbox still said "người xin đổi vẫn trực ca này"
    beside a shift that read "09:30 → 09:55", its rest gone to another)."""

    people: tuple[str, ...]
    starts_at: datetime
    whole: bool  # the shift cancelled (its people never came), not kept and shortened

    @property
    def said(self) -> str:
        """The message key of the lapsed request's line."""
        return "swaps.inbox.decided.lapsed_handed_whole" if self.whole else "swaps.inbox.decided.lapsed_handed"


def handed_after(shift: Mapping[str, object]) -> HandedAfter | None:
    """Whom a shift (roster's) was handed over to, if it was; None otherwise."""
    handed = shift.get("handed_over_to")
    if not isinstance(handed, Mapping):
        return None
    return HandedAfter(
        people=tuple(str(n) for n in handed.get("people") or ()),
        starts_at=parse_instant(str(handed.get("starts_at") or handed["at"])),
        whole=shift.get("status") == "cancelled",
    )


async def _handovers(caller: Caller, shift_ids: list[str]) -> list[HandedAfter | None]:
    """For the shift of each lapsed request shown, whether it was handed over since (one read of the shift each,
    CANDIDATE_READS_AT_ONCE at a time; a shift roster no longer gives: not handed over)."""
    gate = asyncio.Semaphore(CANDIDATE_READS_AT_ONCE)

    async def one(shift_id: str) -> HandedAfter | None:
        async with gate:
            try:
                return handed_after(await caller.get("roster", f"/shifts/{shift_id}"))
            except ServiceError:
                return None

    return await asyncio.gather(*(one(shift_id) for shift_id in shift_ids))


@dataclass(frozen=True)
class SwapList:
    rows: list[SwapRow]
    page: PageView
    status: str
    enterprise_id: str
    enterprises: list[tuple[str, str]]
    # An empty list narrowed by status: whether roster holds any request of another status (the same
    # enterprise's) — "none waiting, see every request" or "none yet" (None: not asked, the list is not empty).
    others: bool | None = None


def waiting_first(lines: list[SwapLine]) -> list[SwapLine]:
    """A person's requests as they want to read them: those still waiting for the manager first, then the
    rest, each part newest first (roster lists oldest first, and the one just sent would come last)."""
    return sorted(lines, key=lambda s: (s.status != "requested", -s.created_at.timestamp(), s.id))


async def my_swaps(
    caller: Caller,
    *,
    staff_id: str,
    status: str,
    limit: int,
    cursor: str | None,
    lang: str,
    path: str,
    query: Mapping[str, str],
) -> SwapList:
    """The person's own requests, waiting ones first and then newest first. Roster lists them oldest first by
    its cursor and offers no other order, so every one is read (a person asks for a few dozen over a campaign at
    most) and the portal pages them with its own cursor, as it does the past shifts."""
    found = await caller.every(
        "roster", "/swaps", {"staff_id": staff_id, "status": status or None}, limit=REFERENCE_LIMIT
    )
    ordered = waiting_first([swap_line(item, lang) for item in found])
    offset = local_offset(cursor, total=len(ordered))
    shown = ordered[offset : offset + limit]
    # declined by the colleague (QZ26 #12): back with the person, who asks someone else — roster's candidates
    declined = [s for s in shown if s.stage == "declined" and s.from_staff_id == staff_id]
    offers = dict(zip((s.id for s in declined), await _offers(caller, declined), strict=True))
    rows = [
        _row(line, None, offers[line.id], lang, urgent=None)
        if line.id in offers
        else SwapRow(swap=line, enterprise_name=None)
        for line in shown
    ]
    return SwapList(
        rows=rows,
        status=status,
        enterprise_id="",
        enterprises=[],
        page=page_view(
            path,
            query,
            limit=limit,
            count=len(rows),
            total=len(ordered),
            next_cursor=local_next(offset, limit=limit, total=len(ordered)),
        ),
    )


async def ask_again(caller: Caller, *, swap_id: str, version: int, to_staff_id: str | None) -> None:
    """Name someone else (None: anyone qualified) on one's own request the colleague declined (roster: the asker
    only; checked as a new request's colleague is)."""
    await caller.post("roster", f"/swaps/{swap_id}/ask", {"to_staff_id": to_staff_id or None}, version=version)


async def withdraw(caller: Caller, *, swap_id: str, version: int) -> None:
    """Take one's own waiting request back (roster: the person who asked only, at the version read)."""
    await caller.post("roster", f"/swaps/{swap_id}/withdraw", None, version=version)


# A page of the inbox holds up to MAX_LIMIT requests, each open one a read of roster's: that many
# at once would take the portal's whole connection pool to roster (and roster's room for other
# people's requests), so they go a few at a time.
CANDIDATE_READS_AT_ONCE = 6


async def _offers(caller: Caller, open_ones: list[SwapLine]) -> list[list[dict] | None]:
    """Roster's swap candidates for each open request shown, CANDIDATE_READS_AT_ONCE at a time."""
    gate = asyncio.Semaphore(CANDIDATE_READS_AT_ONCE)

    async def one(line: SwapLine) -> list[dict] | None:
        async with gate:
            return await _candidates(caller, shift_id=line.shift_id, staff_id=line.from_staff_id)

    return await asyncio.gather(*(one(line) for line in open_ones))


def _row(
    line: SwapLine, enterprise_name: str | None, candidates: list[dict] | None, lang: str, *, urgent: StartsIn | None
) -> SwapRow:
    if candidates is None:
        return SwapRow(swap=line, enterprise_name=enterprise_name, stale=True, urgent=urgent)
    known, others = _grouped(candidates)
    return SwapRow(
        swap=line,
        enterprise_name=enterprise_name,
        known=known,
        others=others,
        warned=_warned(candidates, lang),
        apart=_apart(candidates),  # as on the ask form (QA: namesakes were identical choices here too)
        urgent=urgent,
    )


def _urgency(line: SwapLine, now: datetime) -> StartsIn | None:
    return urgency(line.about.starts_at if line.about else None, now=now) if line.status == "requested" else None


def inbox_order(lines: list[SwapLine]) -> list[SwapLine]:
    """The inbox's order: the waiting requests first, by their shift's start, soonest first (`decide_first`), then
    the others (decided, withdrawn, lapsed) by when they closed, the latest first (QA D2: "Tất cả" listed last week's
    decided requests, oldest first, above today's waiting one)."""
    waiting = [s for s in lines if s.status == "requested" and s.stage != "declined"]
    closed = [s for s in lines if s.status != "requested" or s.stage == "declined"]
    waiting.sort(key=lambda s: decide_first(s.about.starts_at if s.about else None, s.created_at, s.id))
    closed.sort(key=lambda s: s.id)
    closed.sort(key=lambda s: s.closed_at or s.updated_at, reverse=True)  # stable: one instant's keep id order
    return waiting + closed


async def _in_order(
    caller: Caller, *, status: str, enterprise_id: str, limit: int, cursor: str | None, lang: str
) -> tuple[list[SwapLine], int | None, str | None]:
    """The requests of `status` (every request: ""), a page of them in `inbox_order`,
    with how many there are and the next page's cursor. roster lists them oldest first and offers no other order
    (its cursor is the request's creation), so every one is read — a province's requests over a campaign are a few
    hundred at most, one or two reads of roster's — and the portal pages them with its own cursor, as `my_swaps`:
    the order then holds across pages, which sorting each page roster gives would not."""
    found = await caller.every(
        "roster", "/swaps", {"status": status or None, "enterprise_id": enterprise_id or None}, limit=REFERENCE_LIMIT
    )
    ordered = inbox_order([swap_line(item, lang) for item in found])
    if status == "requested":  # declined by the colleague: back with the asker, not waiting for a manager (QZ26 #12)
        ordered = [s for s in ordered if s.stage != "declined"]
    offset = local_offset(cursor, total=len(ordered))
    return ordered[offset : offset + limit], len(ordered), local_next(offset, limit=limit, total=len(ordered))


async def inbox(
    caller: Caller,
    *,
    enterprise_ids: tuple[str, ...],
    status: str,
    enterprise_id: str,
    limit: int,
    cursor: str | None,
    lang: str,
    path: str,
    query: Mapping[str, str],
    now: datetime,
    me: tuple[str, str] = ("", ""),
) -> SwapList:
    """A manager's swap requests (their enterprises'; an administrator's: every enterprise's); the waiting ones
    (`status` "requested") by their shift's start, soonest first; every request (`status` "") the same, followed
    by the closed ones, the latest closed first (`inbox_order`); a list of one other status (approved, rejected,
    withdrawn, lapsed) the latest closed first too, as "Tất cả" orders them (H1: roster's order, oldest request
    first, put last week's decisions above today's). A waiting request whose shift starts soon (by `now`) is marked urgent. An
    open request (anyone qualified) offers the colleagues roster would accept in the asker's place
    (one read of roster's swap candidates per open request on the page). A decided one says who decided:
    `me` (the manager's login, name) by name, anyone else by the account roster recorded."""
    ref = await reference(caller, lang)
    lines, total, next_cursor = await _in_order(
        caller, status=status, enterprise_id=enterprise_id, limit=limit, cursor=cursor, lang=lang
    )
    open_ones = [line for line in lines if line.status == "requested" and line.to_staff_id is None]
    offers = dict(zip((line.id for line in open_ones), await _offers(caller, open_ones), strict=True))
    lapsed = [line for line in lines if line.status == "lapsed"]
    handed = dict(
        zip((line.id for line in lapsed), await _handovers(caller, [line.shift_id for line in lapsed]), strict=True)
    )
    login, name = me
    rows = [
        _row(line, ref.enterprises.get(line.enterprise_id), offers[line.id], lang, urgent=_urgency(line, now))
        if line.id in offers
        else SwapRow(
            swap=line,
            enterprise_name=ref.enterprises.get(line.enterprise_id),
            decider=(name if login and line.decided_by == login else line.decided_by) or "",
            urgent=_urgency(line, now),
            handed=handed.get(line.id),
        )
        for line in lines
    ]
    own = enterprise_ids or tuple(ref.enterprises)
    enterprises = sorted(((e, ref.enterprises.get(e, e)) for e in own), key=lambda x: x[1])
    others = None
    if status and not rows and not cursor:  # one more read, only for an empty list narrowed by status
        others = bool(
            (await caller.page("roster", "/swaps", {"enterprise_id": enterprise_id or None, "limit": 1})).items
        )
    return SwapList(
        rows=rows,
        status=status,
        enterprise_id=enterprise_id,
        enterprises=enterprises,
        others=others,
        page=page_view(path, query, limit=limit, count=len(rows), total=total, next_cursor=next_cursor),
    )


async def names_for_refusal(caller: Caller, swap_id: str, *, exc: ServiceError) -> dict[str, str]:
    """The name of the person roster's refusal about this swap is about, to put it in words: the
    request's own names (roster gives them with it), else that one person's record (the colleague a
    manager chose for an open request); none when roster will not say."""
    staff_id = refused_staff_id(exc)
    if not staff_id:
        return {}
    try:
        swap = await caller.get("roster", f"/swaps/{swap_id}")
        named = {swap.get("from_staff_id"): swap.get("from_name"), swap.get("to_staff_id"): swap.get("to_name")}
        name = named.get(staff_id) or (await caller.get("roster", f"/staff/{staff_id}"))["full_name"]
    except ServiceError:
        return {}
    return {staff_id: name}


@dataclass(frozen=True)
class Closed:
    """A request no longer waiting: withdrawn by the person who asked, decided, or lapsed (its shift began first);
    with that person's name, and for a lapsed one when its shift began."""

    status: str  # approved | rejected | withdrawn | lapsed
    name: str
    starts_at: datetime | None = None  # the shift's start (roster's `about`), said for a lapsed request
    handed: HandedAfter | None = None  # lapsed, its shift (or its rest) since handed over: not "vẫn trực" (QZ19 #3)


CLOSED = ("approved", "rejected", "withdrawn", "lapsed")


async def closed_meanwhile(caller: Caller, swap_id: str) -> Closed | None:
    """The request as it is now, if it no longer waits for a decision (withdrawn, decided or lapsed meanwhile); None
    if it still waits, or roster will not say."""
    try:
        swap = await caller.get("roster", f"/swaps/{swap_id}")
    except ServiceError as exc:
        if exc.status in (403, 404):
            return None
        raise
    status = str(swap.get("status") or "")
    if status not in CLOSED:
        return None
    about = swap.get("about") or {}
    starts = about.get("starts_at") if isinstance(about, Mapping) else None
    handed = (await _handovers(caller, [str(swap["shift_id"])]))[0] if status == "lapsed" else None
    return Closed(status, str(swap.get("from_name") or ""), parse_instant(str(starts)) if starts else None, handed)


def closed_text(closed: Closed, *, t: Callable[..., str], lang: str = "vi") -> str:
    """ "Phạm Thị Ngọc Ánh đã rút yêu cầu này.", "Yêu cầu của … đã được duyệt." …; a lapsed one named by its asker and
    its shift's start, since the inbox (waiting ones only, by default) no longer lists it (QZ17 #1): "Yêu cầu đổi ca
    của Nguyễn Thị Ánh (09:30 06/02) đã hết hạn …"."""
    name = closed.name or t("swaps.someone")
    if closed.status == "lapsed":
        if closed.starts_at is None:
            return t("swaps.inbox.closed.lapsed_unknown", name=name)
        at = f"{time_label(closed.starts_at)} {on_day(local(closed.starts_at).date(), lang, year=False)}"
        if closed.handed is not None:
            since = check_in_label(closed.handed.starts_at, closed.starts_at, lang)
            key = "lapsed_handed_whole" if closed.handed.whole else "lapsed_handed"
            return t(f"swaps.inbox.closed.{key}", name=name, at=at, people=", ".join(closed.handed.people), since=since)
        return t("swaps.inbox.closed.lapsed", name=name, at=at)
    return t(f"swaps.inbox.closed.{closed.status}", name=name)


@dataclass(frozen=True)
class Approved:
    """A swap just approved, as the notice after it says it: who handed the shift over, who took it (QZ10: "the shift
    went to the colleague taking over" named nobody), and roster's warnings about the taker."""

    giver: str = ""
    taker: str = ""
    warnings: tuple[str, ...] = ()


async def approved_swap(caller: Caller, swap_id: str, *, lang: str) -> Approved:
    """The swap just approved, from roster: its people's names and what roster warns of the shift it handed over,
    about the colleague who took it (QA: an approval that left them no rest between two shifts said only
    "approved"; the warning showed on the board alone) — roster keeps a shift's soft-rule warnings on it, each
    naming the person and the other shift. Nothing said when the swap is gone, hidden or not approved."""
    try:
        swap = await caller.get("roster", f"/swaps/{swap_id}")
        if swap.get("status") != "approved" or not swap.get("to_staff_id"):
            return Approved()
        shift = await caller.get("roster", f"/shifts/{swap['shift_id']}")
    except ServiceError as exc:
        if exc.status in (403, 404):
            return Approved()
        raise
    said = "message_vi" if lang == "vi" else "message"
    warnings = tuple(str(w[said]) for w in shift.get("warnings") or () if w.get("staff_id") == swap["to_staff_id"])
    return Approved(str(swap.get("from_name") or ""), str(swap.get("to_name") or ""), warnings)


async def approve(
    caller: Caller,
    *,
    swap_id: str,
    version: int,
    to_staff_id: str | None,
    note: str | None,
    agreement: str | None = None,
) -> None:
    """Approve; `agreement`: how the colleague agreed, for a request nobody accepted (roster asks for it then)."""
    await caller.post(
        "roster",
        f"/swaps/{swap_id}/approve",
        {"to_staff_id": to_staff_id or None, "note": note or None} | ({"agreement": agreement} if agreement else {}),
        version=version,
    )


# --- the colleague answers (QZ26 #12) -------------------------------------------------------------------------


@dataclass(frozen=True)
class AskedOfMe:
    """What waits for the person's answer on their shifts page: the requests naming them not answered yet, and the
    requests open to anyone qualified they could take (roster's `swaps-to-take`), each oldest first."""

    named: list[SwapLine] = field(default_factory=list)
    open: list[SwapLine] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.named or self.open)


async def asked_of_me(caller: Caller, *, staff_id: str, lang: str) -> AskedOfMe:
    """The requests waiting for the person's answer (`AskedOfMe`)."""

    async def takeable() -> list[dict]:
        try:
            return await caller.every("roster", f"/staff/{staff_id}/swaps-to-take", {}, limit=REFERENCE_LIMIT)
        except ServiceError as exc:
            if exc.status in (403, 404):  # a record roster no longer gives: nothing to take
                return []
            raise

    mine, to_take = await asyncio.gather(
        caller.every("roster", "/swaps", {"staff_id": staff_id, "status": "requested"}, limit=REFERENCE_LIMIT),
        takeable(),
    )
    named = [swap_line(s, lang) for s in mine if s.get("to_staff_id") == staff_id and s.get("stage") == "asking"]
    return AskedOfMe(named=named, open=[swap_line(s, lang) for s in to_take])


async def answer(caller: Caller, *, swap_id: str, version: int, accept: bool, note: str | None) -> None:
    """The named colleague's answer (roster: only they may, at the version read)."""
    verb = "accept" if accept else "decline"
    await caller.post("roster", f"/swaps/{swap_id}/{verb}", {"note": note or None}, version=version)


async def take(caller: Caller, *, swap_id: str, version: int, staff_id: str, note: str | None) -> None:
    """Take an open request for oneself (roster checks the candidates' rule)."""
    await caller.post("roster", f"/swaps/{swap_id}/take", {"staff_id": staff_id, "note": note or None}, version=version)


async def reject(caller: Caller, *, swap_id: str, version: int, note: str | None) -> None:
    await caller.post("roster", f"/swaps/{swap_id}/reject", {"note": note or None}, version=version)
