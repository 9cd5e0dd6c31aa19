"""A duty staff member's own shifts: upcoming first, then past ones, each with its day and lunar
day name, time, duty type in words, site, status, colleagues, check-in state and any swap
request; checking in."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from lichtruc.check_in import is_late

from ..clients.services import Caller, ServiceError
from ..domain.checkin import EXPLAINABLE, CheckIn, check_in
from ..domain.dates import hours_beside, minutes_late, parse_instant
from ..domain.my_day import Outcome as OwnCheckIn
from ..domain.my_day import Timing, live_then_cancelled, outcome, timing, vouched_for
from ..domain.paging import PageView, local_next, local_offset, page_view
from . import hours as hours_handlers

REFERENCE_LIMIT = 500


@dataclass(frozen=True)
class Reference:
    """Words for codes and ids: duty types, sites and enterprises by id."""

    duty_types: Mapping[str, str]
    sites: Mapping[str, str]
    enterprises: Mapping[str, str]
    drills: frozenset[str] = frozenset()  # the ids of the campaigns that are drills (their shifts are marked)
    border_sites: frozenset[str] = frozenset()  # the ids of the sites in the border area (marked "biên giới")

    def site(self, site_id: str) -> SiteName:
        return SiteName(self.sites.get(site_id, site_id), site_id in self.border_sites)

    def duty(self, key: str) -> str:
        return self.duty_types.get(key, key.replace("_", " "))


async def reference(caller: Caller, lang: str) -> Reference:
    duty, sites, enterprises, drills = await asyncio.gather(
        caller.every("roster", "/duty-types", limit=REFERENCE_LIMIT),
        caller.every("roster", "/sites", limit=REFERENCE_LIMIT),
        caller.every("roster", "/enterprises", limit=REFERENCE_LIMIT),
        caller.every("roster", "/campaigns", {"kind": "drill"}),
    )
    return Reference(
        duty_types={d["key"]: d["name_vi" if lang == "vi" else "name_en"] for d in duty},
        sites={s["id"]: s["name"] for s in sites},
        enterprises={e["id"]: e["name"] for e in enterprises},
        drills=frozenset(str(c["id"]) for c in drills),
        border_sites=frozenset(str(s["id"]) for s in sites if s.get("border_area")),
    )


@dataclass(frozen=True)
class SiteName:
    """A site as a card names it: its name, and whether it is in the border area."""

    name: str
    border: bool


@dataclass(frozen=True)
class SwapShift:
    """The shift a swap request is about, as roster tells it with the request (in words)."""

    duty_name: str
    site_name: str | None
    starts_at: datetime
    ends_at: datetime
    covers: tuple[str, ...] = ()  # the further sites it covers, by name (roster's covers_site_names)


@dataclass(frozen=True)
class SwapLine:
    """A swap request as a list shows it: names and the shift come with it from roster."""

    id: str
    version: int
    shift_id: str
    enterprise_id: str
    status: str
    from_staff_id: str
    to_staff_id: str | None
    from_name: str | None  # None only when the staff record is gone
    to_name: str | None  # None: open to anyone qualified (or the record is gone)
    reason: str | None
    decision_note: str | None
    created_at: datetime
    updated_at: datetime
    about: SwapShift | None = None
    decided_by: str | None = None  # the account that approved or rejected it (roster's decided_by)
    # a waiting request's stage (roster's: asking | open | accepted | declined; QZ26 #12), the colleague's note with
    # their answer, and — approved before they answered — how the manager says they agreed
    stage: str | None = None
    answer_note: str | None = None
    agreement: str | None = None

    @property
    def unanswered(self) -> bool:
        """Waiting, and nobody has accepted it: a manager approves it only saying how the colleague agreed."""
        return self.status == "requested" and self.stage in ("asking", "open")

    @property
    def closed_at(self) -> datetime | None:
        """When it was approved, rejected or withdrawn (its last change: a closed request changes no more), or lapsed:
        when its shift began (roster reads it lapsed from then, before it stores it so)."""
        if self.status == "lapsed" and self.about is not None:
            return self.about.starts_at
        return None if self.status == "requested" else self.updated_at


def _about(row: Mapping[str, Any] | None, lang: str) -> SwapShift | None:
    if not row:
        return None
    return SwapShift(
        duty_name=row["duty_type_vi" if lang == "vi" else "duty_type_en"],
        site_name=row.get("site_name"),
        starts_at=parse_instant(row["starts_at"]),
        ends_at=parse_instant(row["ends_at"]),
        covers=tuple(str(n) for n in row.get("covers_site_names") or ()),
    )


def swap_line(row: Mapping[str, Any], lang: str) -> SwapLine:
    return SwapLine(
        id=row["id"],
        version=int(row["version"]),
        shift_id=row["shift_id"],
        enterprise_id=row["enterprise_id"],
        status=row["status"],
        from_staff_id=row["from_staff_id"],
        to_staff_id=row.get("to_staff_id"),
        from_name=row.get("from_name"),
        to_name=row.get("to_name"),
        reason=row.get("reason"),
        decision_note=row.get("decision_note"),
        created_at=parse_instant(row["created_at"]),
        updated_at=parse_instant(row["updated_at"]),
        about=_about(row.get("about"), lang),
        decided_by=row.get("decided_by"),
        stage=row.get("stage"),
        answer_note=row.get("answer_note"),
        agreement=row.get("agreement"),
    )


@dataclass(frozen=True)
class Beside:
    """A colleague on duty during the card's shift on another shift of the enterprise (roster's on-duty-beside):
    a name, that shift's times and site; a phone number for the duty leader only."""

    name: str
    starts_at: datetime
    ends_at: datetime
    phone: str | None = None
    site_name: str | None = None

    def same_hours(self, card: ShiftCard) -> bool:
        return self.starts_at == card.starts_at and self.ends_at == card.ends_at

    def hours(self, card: ShiftCard, lang: str) -> str:
        """Their shift's times beside `card`'s, with the days where they are not the card's day."""
        return hours_beside(self.starts_at, self.ends_at, day=card.starts_at, lang=lang)


@dataclass(frozen=True)
class BesideGroup:
    """The colleagues of one duty type on duty during the card's shift (the duty leader's group first)."""

    duty_name: str
    people: tuple[Beside, ...]


def beside_groups(rows: Iterable[Mapping[str, Any]], ref: Reference, *, phones: bool = True) -> tuple[BesideGroup, ...]:
    """Roster's list (leaders first, then by duty type) grouped by duty type, in its order; without the duty
    leaders' phone numbers when not `phones` (a shift over: nobody to call about it)."""
    grouped: dict[str, list[Beside]] = {}
    for row in rows:
        person = Beside(
            name=str(row["full_name"]),
            starts_at=parse_instant(str(row["starts_at"])),
            ends_at=parse_instant(str(row["ends_at"])),
            phone=(row.get("phone") or None) if phones else None,
            site_name=row.get("site_name") or None,
        )
        grouped.setdefault(str(row["duty_type"]), []).append(person)
    return tuple(BesideGroup(ref.duty(key), tuple(people)) for key, people in grouped.items())


async def on_duty_beside(caller: Caller, cards: Sequence[ShiftCard], *, ref: Reference) -> list[ShiftCard]:
    """The cards, each of a live shift the person is (or was) on, with who else of the enterprise is (or was) on
    duty during it (QZ13 #8: "Cùng ca: Chỉ mình bạn" read as "you are alone tonight" while the duty leader and the
    patrol were on too); a past card's too ("Cùng trực", R5), without the leaders' phone numbers. One read for all
    the cards, whatever their number (roster's page of shifts is the portal's largest page); if it fails, each card
    shows its own colleagues only (roster says who else is on duty to the people on the shift, and nothing more)."""
    asked = [c.id for c in cards if c.on_shift and c.status != "cancelled"]
    if not asked:
        return list(cards)
    try:
        found = await caller.get("roster", "/shifts/on-duty-beside", {"shift_id": asked})
    except ServiceError:
        return list(cards)
    over = {c.id for c in cards if c.ended}
    beside = {
        str(s["shift_id"]): beside_groups(s.get("people") or (), ref, phones=str(s["shift_id"]) not in over)
        for s in found.get("shifts") or ()
    }
    return [replace(c, beside=beside[c.id]) if c.id in beside else c for c in cards]


@dataclass(frozen=True)
class ShiftCard:
    id: str
    version: int
    enterprise_id: str
    starts_at: datetime
    ends_at: datetime
    duty_type: str
    duty_name: str
    site_name: str | None
    status: str
    notes: str | None
    colleagues: tuple[str, ...]
    on_shift: bool  # False: the person was on it and handed it over
    check_in: CheckIn
    can_swap: bool
    swap: SwapLine | None = None  # the latest request of this person about this shift
    timing: Timing = ""  # "on_duty": under way now; "today": begins later today (domain.my_day)
    cancel_reason: str | None = None  # why the manager cancelled it (roster requires one once it was published)
    drill: bool = False  # a drill's shift, not the Tết duty (QA: the feed said so, the page did not)
    site_border: bool = False  # its site is in the border area
    covers: tuple[SiteName, ...] = ()  # the further sites it covers (roster's covers_site_ids), by name
    outcome: OwnCheckIn = ""  # the person's own check-in once it has begun (domain.my_day.outcome)
    ended: bool = False  # it is over at the page's moment
    late_from: datetime | None = None  # roster's: from when a check-in counts late (None: the start)
    handed_to: tuple[str, ...] = ()  # handed over (the person never came): who took it, by name (roster's)
    handed_at: datetime | None = None  # and from when they are on duty (the moment; QZ13 #2: not the start)
    rest_to: tuple[str, ...] = ()  # its rest handed over after it began (kept, ending then): who took it (roster's)
    rest_reason: str | None = None  # and why, as the manager typed it (QZ20 #5: the card said who, never why)
    took_from: tuple[str, ...] = ()  # it took over another (a handover): that one's people, by name (roster's)
    took_whole: bool = False  # and whole, its people having never come (that one cancelled)
    took_reason: str | None = None  # and why, as the manager typed it (QZ21 #8: the taker's card said neither)
    beside: tuple[BesideGroup, ...] = ()  # who else of the enterprise is on duty during it (on_duty_beside)
    campaign_id: str = ""
    late_reason: str | None = None  # why the person came late, as they said (QZ29 #13; roster's)
    checking_in_late: bool = False  # a check-in now would be late: the form asks why (lichtruc.check_in.is_late)
    can_explain: bool = False  # checked in late without a reason: the card offers to give it, once

    @property
    def beside_key(self) -> str:
        """The catalogue key of the title of who else is on duty during it: "Cũng đang trực" while it is under way,
        "Cùng trực" once over (then) and before it begins (QZ24: "đang" read as right now on a card days ahead)."""
        if self.ended:
            return "me.on_duty_beside_past_count"
        return "me.on_duty_beside_count" if self.timing == "on_duty" else "me.on_duty_beside_ahead_count"

    @property
    def late_after(self) -> datetime:
        """The moment its check-in's lateness is measured from (a shift handed over: the handover, QZ12 #3)."""
        return self.late_from or self.starts_at

    @property
    def late_by(self) -> timedelta | None:
        """How long after the start the person checked in (for a late check-in's words)."""
        at = self.check_in.checked_in_at
        return at - self.late_after if at is not None and at > self.late_after else None

    @property
    def handed_over(self) -> bool:
        """Whether it was handed over to others because the person never came (a cancellation roster made)."""
        return self.handed_at is not None

    @property
    def day(self) -> datetime:
        return self.starts_at

    @property
    def swap_said(self) -> str:
        """The message key of the line about the person's latest swap request once withdrawn or lapsed. A request withdrawn or lapsed says the
        shift is still theirs — unless the manager handed it, or its rest, to others afterwards (QZ18 #4: "… ca trực
        vẫn là của bạn" on a shift whose rest went to Hoa at 19:10); the card says to whom on a line of its own."""
        status = self.swap.status if self.swap is not None else ""
        if status not in ("withdrawn", "lapsed"):
            return ""  # the others' words take names (the template's)
        return f"me.swap_{status}_handed" if self.handed_over or self.rest_to else f"me.swap_{status}"

    @property
    def beside_count(self) -> int:
        """How many colleagues the "Cũng đang trực" block lists (one on two shifts counted for each)."""
        return sum(len(g.people) for g in self.beside)

    @property
    def beside_same_hours(self) -> bool:
        """Whether any of them is on at exactly this shift's hours (listed without times, said once below them)."""
        return any(p.same_hours(self) for g in self.beside for p in g.people)

    def past_at(self, now: datetime) -> bool:
        """Whether it belongs with the past shifts at `now`: ended, or handed over because the person never came once
        it had begun (QZ14 #14: roster keeps its end, so it sat at the bottom of the coming shifts under "Ca đã hủy —
        … bạn không phải trực", while its day was under way and nothing of it is ahead of the person)."""
        return self.ended or (self.handed_over and self.starts_at <= now)


def _assignees(row: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(row.get("assignees") or ())


def shift_card(
    row: Mapping[str, Any], *, staff_id: str, ref: Reference, now: datetime, swap: SwapLine | None = None
) -> ShiftCard:
    starts, ends = parse_instant(row["starts_at"]), parse_instant(row["ends_at"])
    mine = next((a for a in _assignees(row) if a["staff_id"] == staff_id), None)
    checked = parse_instant(mine["checked_in_at"]) if mine and mine.get("checked_in_at") else None
    late_from = parse_instant(str(row["late_from"])) if row.get("late_from") else None
    state = check_in(
        now=now, starts_at=starts, ends_at=ends, status=row["status"], on_shift=mine is not None, checked_in_at=checked
    )
    said = (str(mine.get("late_reason") or "").strip() or None) if mine else None
    due = late_from or starts
    pending = swap is not None and swap.status == "requested"
    handed = row.get("handed_over_to")
    took = row.get("took_over")  # the shift it took over, a handover's (roster's; not the person's to read)
    whole = row["status"] == "cancelled"
    taken = handed if whole else None
    # its rest handed over with the manager's word that its people were there (QZ18 #5): the report's "Có mặt"
    vouched = (
        handed is not None
        and not whole
        and vouched_for(
            handover_absent=handed.get("handover_absent"),
            anyone_checked_in=any(a.get("checked_in_at") for a in _assignees(row)),
        )
    )
    return ShiftCard(
        id=row["id"],
        version=int(row["version"]),
        enterprise_id=row["enterprise_id"],
        campaign_id=str(row.get("campaign_id") or ""),
        starts_at=starts,
        ends_at=ends,
        duty_type=row["duty_type"],
        duty_name=ref.duty(row["duty_type"]),
        site_name=ref.sites.get(row["site_id"]) if row.get("site_id") else None,
        status=row["status"],
        notes=row.get("notes"),
        colleagues=tuple(a["full_name"] for a in _assignees(row) if a["staff_id"] != staff_id),
        on_shift=mine is not None,
        check_in=state,
        can_swap=mine is not None and row["status"] == "published" and now < starts and not pending,
        swap=swap,
        timing=timing(starts_at=starts, ends_at=ends, status=row["status"], now=now),
        cancel_reason=row.get("cancel_reason") if row["status"] == "cancelled" else None,
        drill=str(row.get("campaign_id") or "") in ref.drills,
        site_border=bool(row.get("site_id")) and str(row["site_id"]) in ref.border_sites,
        covers=tuple(ref.site(str(c)) for c in row.get("covers_site_ids") or ()),
        outcome=outcome(
            starts_at=starts,
            ends_at=ends,
            status=row["status"],
            on_shift=mine is not None,
            checked_in_at=checked,
            now=now,
            late_from=late_from,
            vouched=vouched,
        ),
        ended=ends <= now,
        late_from=late_from,
        handed_to=tuple(str(n) for n in taken["people"]) if taken else (),
        handed_at=parse_instant(str(taken.get("starts_at") or taken["at"])) if taken else None,
        rest_to=tuple(str(n) for n in handed["people"]) if handed and not whole else (),
        rest_reason=(str(handed.get("reason") or "").strip() or None) if handed and not whole else None,
        took_from=tuple(str(n) for n in took["people"]) if took else (),
        took_whole=bool(took and took.get("whole")),
        took_reason=(str(row.get("handover_reason") or "").strip() or None) if took else None,
        late_reason=said,
        checking_in_late=state.live and is_late(now, due),
        can_explain=checked is not None and is_late(checked, due) and said is None and row["status"] in EXPLAINABLE,
    )


@dataclass(frozen=True)
class MyShifts:
    when: str  # "upcoming" | "past"
    cards: list[ShiftCard]
    page: PageView
    pending_swaps: int
    total: OwnTotal | None = None
    """Above the past shifts: the person's total over the campaign of the newest on the page (QZ27 #11)."""


async def my_swaps_by_shift(caller: Caller, *, staff_id: str, lang: str) -> dict[str, SwapLine]:
    """This person's latest swap request per shift (the ones they hand over)."""
    latest: dict[str, SwapLine] = {}
    for row in await caller.every("roster", "/swaps", {"staff_id": staff_id}, limit=REFERENCE_LIMIT):
        # oldest first: later ones win
        if row["from_staff_id"] == staff_id:
            latest[row["shift_id"]] = swap_line(row, lang)
    return latest


async def my_shifts(
    caller: Caller,
    *,
    staff_id: str,
    when: str,
    limit: int,
    cursor: str | None,
    now: datetime,
    lang: str,
    path: str,
    query: Mapping[str, str],
) -> MyShifts:
    """Coming shifts — those under way too — live ones first, then the cancelled ones, read whole (a person's
    coming shifts are a season's few dozen) and paged by the portal's own cursor; past ones (ended) newest first,
    a page of roster's at a time (`order=-starts_at`, `ended_by`: they grow with every season), roster's cursor
    passed through. Both lists hold only the shifts the person was told of (`ever_published`): a draft cancelled
    before it was published is no cancelled shift of theirs (their calendar feed never showed it either). A shift
    handed over because the person never came, once begun, is a past one (`ShiftCard.past_at`, QZ14 #14): roster
    still ends it at its old end, so the first page of the past ones adds those from the coming ones, newest first."""
    ref, swaps = await asyncio.gather(reference(caller, lang), my_swaps_by_shift(caller, staff_id=staff_id, lang=lang))
    instant = now.isoformat()
    pending = sum(1 for s in swaps.values() if s.status == "requested")
    if when == "past":
        params = {
            "staff_id": staff_id,
            "ended_by": instant,
            "order": "-starts_at",
            "ever_published": "true",
            "limit": limit,
            "cursor": cursor,
        }
        ended = await caller.page("roster", "/shifts", params)
        past = [shift_card(r, staff_id=staff_id, ref=ref, now=now, swap=swaps.get(r["id"])) for r in ended.items]
        extra: list[ShiftCard] = []
        if cursor is None:  # the first page: with the shifts handed over, not ended yet (QZ14 #14), the newest
            told = {"staff_id": staff_id, "from": instant, "ever_published": "true"}
            found = await caller.every("roster", "/shifts", told, limit=REFERENCE_LIMIT)
            coming = (shift_card(r, staff_id=staff_id, ref=ref, now=now, swap=swaps.get(r["id"])) for r in found)
            extra = [c for c in coming if c.past_at(now) and not c.ended]  # the ended ones are roster's page's
            past = sorted([*extra, *past], key=lambda c: c.starts_at, reverse=True)
        past = await on_duty_beside(caller, past, ref=ref)  # who was on duty beside: the same one read
        total = ended.total + len(extra) if ended.total is not None else None
        return MyShifts(
            when=when,
            cards=past,
            pending_swaps=pending,
            total=await own_total(caller, staff_id=staff_id, cards=past, ref=ref),
            page=page_view(path, query, limit=limit, count=len(past), total=total, next_cursor=ended.next_cursor),
        )
    told = {"staff_id": staff_id, "from": instant, "ever_published": "true"}
    found = await caller.every("roster", "/shifts", told, limit=REFERENCE_LIMIT)
    told_of = [shift_card(r, staff_id=staff_id, ref=ref, now=now, swap=swaps.get(r["id"])) for r in found]
    ordered = live_then_cancelled([c for c in told_of if not c.past_at(now)])
    total = len(ordered)
    offset = local_offset(cursor, total=total)
    cards = await on_duty_beside(caller, ordered[offset : offset + limit], ref=ref)
    next_cursor = local_next(offset, limit=limit, total=total)
    return MyShifts(
        when=when,
        cards=cards,
        pending_swaps=pending,
        page=page_view(path, query, limit=limit, count=len(cards), total=total, next_cursor=next_cursor),
    )


@dataclass(frozen=True)
class OwnTotal:
    """A person's hours over one campaign, as their manager's hours page counts them (`handlers.hours.
    campaign_hours`, the one function): "Tết Đinh Mùi 2027: 12 ca, 96 giờ, trong đó 36 giờ đêm"."""

    campaign_name: str
    shifts: int
    hours: float
    night: float
    peak: float


async def own_total(caller: Caller, *, staff_id: str, cards: Sequence[ShiftCard], ref: Reference) -> OwnTotal | None:
    """The person's total over the campaign of the newest shift listed (a Tết's before a drill's: the drill's is a
    few hours; None: no shift listed, or roster not answering — the list shows without it). Their own shifts of the
    campaign, whatever the enterprise, counted as the manager's page counts them (published, checked in, completed:
    the same figures the manager reads of them)."""
    campaigns = [c.campaign_id for c in cards if c.campaign_id]
    chosen = next((c for c in campaigns if c not in ref.drills), campaigns[0] if campaigns else "")
    if not chosen:
        return None
    try:
        found = await hours_handlers.campaign_hours(caller, campaign_id=chosen, staff_id=staff_id)
    except ServiceError:
        return None
    row = next((p for p in found.table.people if p.staff_id == staff_id), None)
    if row is None:
        return None
    return OwnTotal(found.campaign_name, row.shifts, row.total, row.night, row.peak)


@dataclass(frozen=True)
class Outcome:
    """What a change did: `error` is a sentence for the person (None: it worked)."""

    error: str | None = None
    field_errors: dict[str, str] = field(default_factory=dict)
    status: int = 200


class NotYours(LookupError):
    """A shift or swap request the signed-in person's own pages were asked about that is not theirs: they answer
    as for a missing one (404 "Không tìm thấy"), as roster answers a duty worker's account. A manager linked to
    their own staff record reads the whole enterprise's shifts from roster (QA 2026-12-06: hungnv@ opened a
    colleague's shift from "Ca trực của tôi" and was told he had handed it over)."""


def _reads_beyond_own(caller: Caller) -> bool:
    """Roster answers this account for more than its own staff record's shifts and requests (a manager's reads
    cover the enterprise): the portal checks that one is the person's own before acting on it. A duty worker's
    account needs no further read: roster refuses anything not theirs (404)."""
    return caller.session.account.role != "staff"


def mine(row: Mapping[str, Any], *, staff_id: str) -> Mapping[str, Any]:
    """The shift, if the person is booked on it; NotYours otherwise."""
    if not any(a["staff_id"] == staff_id for a in _assignees(row)):
        raise NotYours(f"shift {row.get('id')} is not staff {staff_id}'s")
    return row


async def own_shift(caller: Caller, *, shift_id: str, staff_id: str) -> Mapping[str, Any]:
    """The person's own shift as roster tells it: the one place the "my shifts" pages and acts read a shift by
    its id (NotYours: someone else's)."""
    return mine(await caller.get("roster", f"/shifts/{shift_id}"), staff_id=staff_id)


async def before_acting_on(caller: Caller, *, shift_id: str, staff_id: str) -> None:
    """A check-in or a swap request is on the person's own shift (NotYours otherwise), where roster would let
    the account act on others' (a manager's: the enterprise's)."""
    if _reads_beyond_own(caller):
        await own_shift(caller, shift_id=shift_id, staff_id=staff_id)


async def check_in_on(
    caller: Caller, *, shift_id: str, staff_id: str, version: int, late_reason: str | None = None
) -> int:
    """Report for duty on one's own shift (roster checks the window again), a late one maybe saying why (roster's
    `domain.lateness`: refused on time); the whole minutes it is late by (0 on time), for the notice that follows to
    say so (QZ11 #10: ten hours late read "Chúc bạn một ca trực an toàn!")."""
    await before_acting_on(caller, shift_id=shift_id, staff_id=staff_id)
    body = {"staff_id": staff_id, **({"late_reason": late_reason} if late_reason else {})}
    answer = await caller.post("roster", f"/shifts/{shift_id}/check-in", body, version=version)
    late_from = answer.get("late_from") or answer.get("starts_at") if isinstance(answer, Mapping) else None
    return minutes_late(caller.clock(), parse_instant(str(late_from))) if late_from else 0


async def explain_late_on(caller: Caller, *, shift_id: str, staff_id: str, version: int, late_reason: str) -> None:
    """Say why one's own late check-in was late, afterwards, once (roster's `domain.lateness` refuses the rest)."""
    await before_acting_on(caller, shift_id=shift_id, staff_id=staff_id)
    body = {"staff_id": staff_id, "late_reason": late_reason}
    await caller.post("roster", f"/shifts/{shift_id}/late-reason", body, version=version)


async def own_swap(caller: Caller, *, swap_id: str, staff_id: str) -> None:
    """A swap request the person asked for or is named to take (NotYours otherwise), where roster would show the
    account others' (a manager's: the enterprise's)."""
    if not _reads_beyond_own(caller):
        return
    row = await caller.get("roster", f"/swaps/{swap_id}")
    if staff_id not in (row.get("from_staff_id"), row.get("to_staff_id")):
        raise NotYours(f"swap {swap_id} is not staff {staff_id}'s")


__all__ = [
    "Beside",
    "BesideGroup",
    "MyShifts",
    "NotYours",
    "Outcome",
    "OwnTotal",
    "Reference",
    "ServiceError",
    "ShiftCard",
    "SiteName",
    "SwapLine",
    "SwapShift",
    "before_acting_on",
    "beside_groups",
    "check_in_on",
    "explain_late_on",
    "mine",
    "my_shifts",
    "on_duty_beside",
    "own_shift",
    "own_swap",
    "reference",
    "shift_card",
    "swap_line",
]
