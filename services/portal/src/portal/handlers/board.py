"""The manager's board as the services give it to the signed-in person: which campaigns and
enterprises to choose from, the grid of one enterprise's campaign, and one cell of it (that
day × duty type's shifts, the people to plan from, the sites).

Everything is read with the person's own token: a board roster does not show them is a
ServiceError (404) that the edge turns into the "not found" page."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.text import starts_words

from ..clients.services import Caller, ServiceError, ServiceUnavailable
from ..domain.asked import Asked, not_offered
from ..domain.before_tet import BeforeTet, PointHours, before_tet, of_coming_tet
from ..domain.board import Board, Cell, Day, Shortfall, Site, build_board, duties_said, peaks_of, suggested_span
from ..domain.board_incidents import OPEN_SHOWN, BoardIncidents, board_incidents
from ..domain.campaigns import CampaignChoice, campaign_to_prepare
from ..domain.candidates import Judged, NoShow, judged, no_shows, with_no_shows
from ..domain.dates import VIETNAM, instant_label, parse_instant
from ..domain.early_leave import Notice
from ..domain.my_day import Outcome as OwnCheckIn
from ..domain.paging import PageView, local_cursor, local_next, local_offset, page_view
from ..domain.session import Account
from ..domain.shifts import (
    HANDED_OVER,
    PICKER_MOST,
    HandedOver,
    PeoplePick,
    Person,
    RuleWarning,
    Shift,
    ShiftRef,
    StaffOption,
    chosen_first,
    handover_from,
    local_input,
    other_shift_ids,
    parse_local_input,
    pick_people,
    rule_warnings,
    staff_options,
    timing_rank,
)
from ..domain.stale import Latest, latest_beside
from .staff import campaigns, pick_campaign

LIST_LIMIT = 500
SHIFTS_PER_PAGE = 50
"""A cell's shifts a page (QA: 250 shifts of one cell, each with its forms, made a page of 45 MB)."""
FILTERS_FROM = 10
"""A cell with more shifts than this offers to filter them by person and site."""


@dataclass(frozen=True)
class Choice:
    id: str
    name: str


@dataclass(frozen=True)
class Chooser:
    campaigns: tuple[CampaignChoice, ...]  # the pickers' order (domain.campaigns)
    enterprises: tuple[Choice, ...]
    default_campaign_id: str = ""  # the campaign every page opens on (domain.campaigns.default_campaign)
    unknown: tuple[Asked, ...] = ()
    """What the address asked for that is none of the choices (domain.asked): the chooser says so, opens no board."""

    @property
    def enterprise_options(self) -> list[tuple[str, str]]:
        return [(e.id, e.name) for e in self.enterprises]

    @property
    def obvious(self) -> tuple[str, str] | None:
        """The board to open without asking (campaign id, enterprise id): when there is one
        enterprise to plan for, its board of the default campaign (the one every page opens on);
        the others stay one click away."""
        if len(self.enterprises) == 1 and self.default_campaign_id and not self.unknown:
            return self.default_campaign_id, self.enterprises[0].id
        return None


async def chooser(caller: Caller, *, account: Account, campaign_id: str = "", enterprise_id: str = "") -> Chooser:
    """Campaigns (the pickers' order, and the default one: the one asked for, when it is one of them) and the
    enterprises this person plans for: a manager's own, everyone else (administrator, inspector) every enterprise.
    `campaign_id`, `enterprise_id`: those the address asked for; one that is none of them is `unknown`."""
    found, enterprises = await asyncio.gather(
        campaigns(caller), caller.every("roster", "/enterprises", limit=LIST_LIMIT)
    )
    own = set(account.enterprise_ids)
    offered = tuple(
        Choice(str(e["id"]), str(e["name"])) for e in enterprises if account.role != "manager" or str(e["id"]) in own
    )
    return Chooser(
        campaigns=tuple(found),
        enterprises=offered,
        default_campaign_id=pick_campaign(found, campaign_id, now=caller.clock()),
        unknown=not_offered(
            {"campaign": campaign_id, "enterprise": enterprise_id},
            {"campaign": {c.id for c in found}, "enterprise": {e.id for e in offered}},
        ),
    )


async def _sites(caller: Caller, enterprise_id: str) -> tuple[Site, ...]:
    found = await caller.every("roster", "/sites", {"enterprise_id": enterprise_id}, limit=LIST_LIMIT)
    return tuple(Site.from_api(s) for s in found)


async def absences(caller: Caller, *, campaign_id: str, enterprise_id: str) -> tuple[Shortfall, ...]:
    """Audit's presence shortfalls of the enterprise in the campaign (QZ27 #2: the one rule the inspectors' pages and
    files count absence by, so a past day whose people did not come is not green here either); nothing when audit
    does not answer (the board then says what roster's shifts say)."""
    try:
        found = await caller.every(
            "audit", "/attendance/shortfalls", {"campaign_id": campaign_id, "enterprise_id": enterprise_id}
        )
    except (ServiceError, ServiceUnavailable):
        return ()
    return tuple(Shortfall.from_api(f) for f in found)


async def load_board(caller: Caller, *, campaign_id: str, enterprise_id: str, now: datetime) -> Board:
    """The whole campaign's grid for one enterprise, its check-ins as they stand at `now` (the portal's clock)."""
    answer, sites, campaign, absent = await asyncio.gather(
        caller.get("roster", f"/campaigns/{campaign_id}/enterprises/{enterprise_id}/board"),
        _sites(caller, enterprise_id),
        caller.get("roster", f"/campaigns/{campaign_id}"),
        absences(caller, campaign_id=campaign_id, enterprise_id=enterprise_id),
    )
    return _of_campaign(build_board(answer, sites, now=now, absences=absent), campaign, now=now)


@dataclass(frozen=True)
class Beside:
    """What the board page says beside its grid (a cell's page too when it is drawn whole, without script; htmx
    swaps the panel alone): to a person starting out (`landing`), the enterprise's incidents, and what is left before
    Tết."""

    landing: Landing
    incidents: BoardIncidents
    before_tet: BeforeTet


@dataclass(frozen=True)
class BesideRead:
    """Roster's answers the board's `Beside` is told from, but for the landing's (read once the board is in)."""

    incidents: IncidentsRead
    before_tet: BeforeTetRead


async def read_beside(
    caller: Caller,
    *,
    campaign: Awaitable[Mapping[str, Any]],
    sites: Awaitable[tuple[Site, ...]],
    campaign_id: str,
    enterprise_id: str,
    now: datetime,
) -> BesideRead:
    """The incidents (`read_incidents`) and what is left before Tết (`read_before_tet`, once `campaign` and `sites`,
    the board's own reads, are in), asked together."""
    incidents, left = await asyncio.gather(
        read_incidents(caller, campaign_id=campaign_id, enterprise_id=enterprise_id),
        read_before_tet(caller, campaign=campaign, sites=sites, enterprise_id=enterprise_id, now=now),
    )
    return BesideRead(incidents, left)


async def beside(caller: Caller, board: Board, *, read: BesideRead, sites: int, now: datetime) -> Beside:
    """The board's `Beside` from `read` and the landing (`sites`: how many sites the enterprise has)."""
    return Beside(
        await landing(caller, board, sites=sites, now=now), read.incidents.on(board), read.before_tet.on(board, now)
    )


async def load_landing(caller: Caller, *, campaign_id: str, enterprise_id: str, now: datetime) -> tuple[Board, Beside]:
    """The board (`load_board`) and what its page says beside it (`Beside`), read beside the board's other lists."""
    campaign_read = asyncio.ensure_future(caller.get("roster", f"/campaigns/{campaign_id}"))
    sites_read = asyncio.ensure_future(_sites(caller, enterprise_id))
    answer, sites, campaign, absent, read = await asyncio.gather(
        caller.get("roster", f"/campaigns/{campaign_id}/enterprises/{enterprise_id}/board"),
        sites_read,
        campaign_read,
        absences(caller, campaign_id=campaign_id, enterprise_id=enterprise_id),
        read_beside(
            caller,
            campaign=campaign_read,
            sites=sites_read,
            campaign_id=campaign_id,
            enterprise_id=enterprise_id,
            now=now,
        ),
    )
    board = _of_campaign(build_board(answer, sites, now=now, absences=absent), campaign, now=now)
    return board, await beside(caller, board, read=read, sites=len(sites), now=now)


@dataclass(frozen=True)
class BeforeTetRead:
    """Roster's answers what is left before Tết is told from: the enterprise's readiness checklist lines and its
    points' Tết hours (None: roster did not answer that one), the campaign's deadline for the hours. Nothing read for
    an ended campaign, nor for a drill with no Tết being prepared; for a drill, `tet_board` is the board of the Tết
    being prepared (QZ25 #2), which the lists are that Tết's of."""

    readiness: tuple[Mapping[str, Any], ...] | None = ()
    hours: tuple[PointHours, ...] | None = ()
    deadline: datetime | None = None
    tet_board: Board | None = None

    def on(self, board: Board, now: datetime) -> BeforeTet:
        """What `board` says of them (domain.before_tet): of its own campaign, or of the Tết being prepared."""
        if board.drill is not None:
            if self.tet_board is None:
                return BeforeTet()
            return of_coming_tet(
                self.tet_board, readiness=self.readiness, hours=self.hours, deadline=self.deadline, now=now
            )
        return before_tet(board, readiness=self.readiness, hours=self.hours, deadline=self.deadline, now=now)


HOURS_AT_ONCE = 8
"""The points' Tết hours asked of roster at once (one request a point: roster lists them a point at a time)."""


async def read_before_tet(
    caller: Caller,
    *,
    campaign: Awaitable[Mapping[str, Any]],
    sites: Awaitable[tuple[Site, ...]],
    enterprise_id: str,
    now: datetime,
) -> BeforeTetRead:
    """The readiness checklist of the enterprise and the Tết hours of its post offices and transaction points, both as
    the manager's own pages read them from roster, asked together once `campaign` (roster's answer) says it is a Tết
    campaign not ended by `now` — or, for a drill, of the Tết being prepared (`coming_tet`), with that Tết's board of
    the enterprise. A list not answered (refused, or roster not reached) is None: the board stands without it and
    says so (QZ24 #1); the campaign or sites not answered fail the board itself, not this."""
    try:
        found = await campaign
    except (ServiceError, ServiceUnavailable):
        return BeforeTetRead()
    tet_board: Board | None = None
    if found.get("kind") == "drill":
        coming = await coming_tet(caller, enterprise_id=enterprise_id, sites=sites, now=now)
        if coming is None:
            return BeforeTetRead()
        found, tet_board = coming
    if _ended(found, now):
        return BeforeTetRead()
    campaign_id = str(found["id"])
    deadline = parse_instant(str(found["hours_deadline"])) if found.get("hours_deadline") else None

    async def readiness() -> tuple[Mapping[str, Any], ...] | None:
        try:
            path = f"/enterprises/{enterprise_id}/readiness"
            return tuple(await caller.every("roster", path, {"campaign_id": campaign_id}, limit=LIST_LIMIT))
        except (ServiceError, ServiceUnavailable):
            return None

    async def hours() -> tuple[PointHours, ...] | None:
        try:
            points = [s for s in await sites if s.counter]
        except (ServiceError, ServiceUnavailable):
            return None
        at_once = asyncio.Semaphore(HOURS_AT_ONCE)

        async def one(site: Site) -> PointHours:
            async with at_once:
                body = await caller.get("roster", f"/sites/{site.id}/tet-hours", {"campaign_id": campaign_id})
            return PointHours.from_api(site.id, site.name, body)

        try:
            return tuple(await asyncio.gather(*(one(s) for s in points)))
        except (ServiceError, ServiceUnavailable):
            return None

    checklist, points = await asyncio.gather(readiness(), hours())
    return BeforeTetRead(checklist, points, deadline, tet_board)


async def coming_tet(
    caller: Caller, *, enterprise_id: str, sites: Awaitable[tuple[Site, ...]], now: datetime
) -> tuple[Mapping[str, Any], Board] | None:
    """The Tết being prepared (domain.campaigns.campaign_to_prepare of the Tết campaigns: the one under way, else
    the next) not ended by `now` — roster's campaign answer and its board of the enterprise — for a drill's board
    to say what is left before it (QZ25 #2); None when there is none, or roster does not answer them (the drill's
    board then stands as it was, the preparation pages one menu click away)."""
    try:
        tet = campaign_to_prepare(await campaigns(caller, kind="tet"), now=now)
        if tet is None or tet.drill or tet.ends_at <= now:
            return None
        found, answer = await asyncio.gather(
            caller.get("roster", f"/campaigns/{tet.id}"),
            caller.get("roster", f"/campaigns/{tet.id}/enterprises/{enterprise_id}/board"),
        )
        return found, _of_campaign(build_board(answer, await sites, now=now), found, now=now)
    except (ServiceError, ServiceUnavailable):
        return None


@dataclass(frozen=True)
class IncidentsRead:
    """Roster's incident lists the board reads: the enterprise's open incidents (`opened`, the first page, and
    `open_total`) and the campaign's (`of_campaign`, every one); `failed` when roster did not answer them."""

    opened: tuple[Mapping[str, Any], ...] = ()
    open_total: int | None = None
    of_campaign: tuple[Mapping[str, Any], ...] = ()
    failed: bool = False

    def on(self, board: Board) -> BoardIncidents:
        """What `board` shows of them (domain.board_incidents)."""
        if self.failed:
            return BoardIncidents(board.enterprise_id, unread=True)
        return board_incidents(
            board.enterprise_id,
            open_items=self.opened,
            open_total=self.open_total,
            campaign_items=self.of_campaign,
            days={d.day for d in board.days},
        )


async def read_incidents(caller: Caller, *, campaign_id: str, enterprise_id: str) -> IncidentsRead:
    """The enterprise's open incidents (whatever their campaign: one detected before it began is open all the same)
    and the campaign's, in one read: roster's list of the campaign's with the open ones too (`open_too`), newest
    detection first, told apart here — the open ones the first `OPEN_SHOWN` of those open, and how many; the
    campaign's those of it. Not answered (refused, or roster not reached), the board stands without them and says so
    (QZ22 #13). (Two reads before, V3 #7: roster's filters were ANDed, with none for "open, or of this campaign".)"""
    try:
        found = await caller.every(
            "roster",
            "/incidents",
            {"enterprise_id": enterprise_id, "campaign_id": campaign_id, "open_too": "true"},
            limit=LIST_LIMIT,
        )
    except (ServiceError, ServiceUnavailable):
        return IncidentsRead(failed=True)
    opened = [i for i in found if i.get("status") == "open"]
    of_campaign = tuple(i for i in found if str(i.get("campaign_id")) == campaign_id)
    return IncidentsRead(tuple(opened[:OPEN_SHOWN]), len(opened), of_campaign)


@dataclass(frozen=True)
class FirstStep:
    """One step of a new enterprise's "Bắt đầu" checklist: `key` names its words (board.start.<key>), `url` where
    it is done, `done` whether it is."""

    key: str
    url: str
    done: bool
    missing: tuple[str, ...] = ()
    """What is still missing for it to be done, when the step can say (the requirements': duty-type keys)."""

    def missing_said(self, lang: str) -> str:
        return duties_said(self.missing, lang)


@dataclass(frozen=True)
class Landing:
    """What a board says beyond its grid for a person starting out (QZ11 #7: a new manager met a board of "Không yêu
    cầu" with no word of the campaign the administrator had opened, nor of what comes first). `elsewhere`: when
    this campaign requires nothing of the enterprise, the other campaigns not ended that do; `steps`: the checklist,
    drawn while the enterprise has no staff or no shifts."""

    elsewhere: tuple[CampaignChoice, ...] = ()
    steps: tuple[FirstStep, ...] = ()


async def _requires(caller: Caller, *, campaign_id: str, enterprise_id: str) -> bool:
    found = await caller.page(
        "roster", "/requirements", {"campaign_id": campaign_id, "enterprise_id": enterprise_id, "limit": 1}
    )
    return bool(found.items)


async def landing(caller: Caller, board: Board, *, sites: int, now: datetime) -> Landing:
    """The board's `Landing` (`sites`: how many sites the enterprise has): the other campaigns are read only when
    this one requires nothing, the staff only to know whether there are any. A list roster does not answer leaves
    the hint out: the board itself stands without it."""
    elsewhere: tuple[CampaignChoice, ...] = ()
    try:
        if not board.required_cells:
            others = [c for c in await campaigns(caller) if c.id != board.campaign_id and c.ends_at > now]
            asks = [_requires(caller, campaign_id=c.id, enterprise_id=board.enterprise_id) for c in others]
            elsewhere = tuple(c for c, yes in zip(others, await asyncio.gather(*asks), strict=True) if yes)
        staff = await caller.page(
            "roster", "/staff", {"enterprise_id": board.enterprise_id, "active": "true", "limit": 1}
        )
    except ServiceError:
        return Landing(elsewhere=elsewhere)
    if staff.items and board.shift_total:
        return Landing(elsewhere=elsewhere)
    # QZ12 #1: sites at the menu's own address (/sites was none); the requirements before the shifts; publishing
    # links the board's publish-all control (or its drafts note), not the grid the shifts step links
    enterprise = board.enterprise_id
    steps = (
        FirstStep("sites", f"/admin/sites?enterprise_id={enterprise}", sites > 0),
        FirstStep("staff", f"/manage/staff?enterprise_id={enterprise}", bool(staff.items)),
        FirstStep(
            "requirements",
            f"/manage/requirements?campaign_id={board.campaign_id}&enterprise_id={enterprise}",
            not board.unset_duties,
            missing=board.unset_duties,
        ),
        FirstStep("shifts", f"{board.base_url}#board-grid", board.shift_total > 0),
        FirstStep("publish", f"{board.base_url}#board-publish", board.shift_total > 0 and not board.drafts),
    )
    return Landing(elsewhere=elsewhere, steps=steps)


def _ended(campaign: Mapping[str, Any], now: datetime) -> bool:
    return bool(campaign.get("ends_at")) and parse_instant(str(campaign["ends_at"])) <= now


def _of_campaign(board: Board, campaign: Mapping[str, Any], *, now: datetime) -> Board:
    """The board as its campaign's: a drill's says so, with its start and end (roster's campaign answer); one ended
    by `now` says so."""
    ended = _ended(campaign, now)
    if campaign.get("kind") != "drill":
        return replace(board, ended=ended, peaks=peaks_of(campaign))
    span = parse_instant(str(campaign["starts_at"])), parse_instant(str(campaign["ends_at"]))
    return replace(board, drill=span, ended=ended, peaks=peaks_of(campaign))


@dataclass(frozen=True)
class ShiftCard:
    shift: Shift
    site: Site | None
    warnings: tuple[RuleWarning, ...]
    timing: Literal["ahead", "under_way", "ended"] = "ahead"
    """Where the shift stands at the page's moment: a change to one under way or ended rewrites what was (or
    is being) worked, so the page says so before the manager changes it."""
    covers: tuple[Site, ...] = ()  # the further sites it covers, by name
    covering: Site | None = None  # the cell's own site, when the shift is at another site and covers this one
    others: tuple[Site, ...] = ()  # the sites its edit form offers to cover: the enterprise's others than its own
    check_ins: tuple[tuple[Person, OwnCheckIn], ...] = ()  # each person and their check-in (Shift.check_ins)
    handed_to: HandedOver | None = None  # who took over the rest of this one (a handover), from when and why
    continues: Shift | None = None  # the shift whose rest this one took over

    @property
    def can_hand_over(self) -> bool:
        """Whether the rest of it can be handed over to other people now: published or checked in, under way, and not
        handed over already (QZ23 #10: offered again until the moment, rounded up, had passed)."""
        return self.shift.status in HANDED_OVER and self.timing == "under_way" and self.handed_to is None

    @property
    def nobody_came(self) -> bool:
        """Whether its handover form offers "Người trực không đến", ticked: under way and nobody on it has checked in
        (QZ10 #8: the people rostered never came; roster records they did not come, and the replacement is on duty
        from the moment only — QZ13 #2)."""
        return self.can_hand_over and not any(p.checked_in_at for p in self.shift.people)

    def handover_default(self, now: datetime) -> str:
        """The handover form's moment as first drawn, a datetime-local value: now rounded up as roster rounds it,
        within the shift — in every case, never its start (QZ13 #2: the replacement told at 09:08 was recorded on
        duty from 06:00)."""
        shift = self.shift
        return local_input(
            handover_from(starts_at=shift.starts_at, ends_at=shift.ends_at, whole=False, now=now, typed=None)
        )

    def handover_span(self, now: datetime, typed: datetime | None = None) -> tuple[datetime, datetime]:
        """The rest its handover form would hand over, for the notes of the form's picker: from the moment (`typed`,
        when roster could take it; else the form's default) to its end."""
        shift = self.shift
        at = handover_from(
            starts_at=shift.starts_at, ends_at=shift.ends_at, whole=self.nobody_came, now=now, typed=typed
        )
        return at, shift.ends_at

    @property
    def handed_whole(self) -> bool:
        """Whether the shift that took over from this one did so because nobody had come: this one was cancelled
        (from the moment of the handover, or its start)."""
        return self.handed_to is not None and self.shift.status == "cancelled"

    @property
    def took_whole(self) -> bool:
        """Whether this shift took over the one it continues because nobody had come: that one cancelled — or, when
        the reader cannot see that one, this shift's own word of it (roster's `handover_absent`)."""
        if self.continues is None:
            return self.shift.continues_shift_id is not None and self.shift.handover_absent is True
        return self.continues.status == "cancelled"


@dataclass(frozen=True)
class ShiftFilters:
    """What a cell's list of shifts is narrowed to: `who`, the starts of words of one person's name, as the people
    pickers find them (`lichtruc.text.starts_words`: "nguyen van" finds Nguyễn Văn Hùng, "uyen" Nguyễn Thị Uyên and
    not every Nguyễn — QA: it matched inside words); `held_at`, the id of the site the shift is held at."""

    who: str = ""
    held_at: str = ""

    def __bool__(self) -> bool:
        return bool(self.who.strip() or self.held_at)

    def keeps(self, card: ShiftCard) -> bool:
        if self.who.strip() and not any(starts_words(p.full_name, self.who) for p in card.shift.people):
            return False
        return not self.held_at or (card.shift.site_id or "") == self.held_at

    def query(self) -> dict[str, str]:
        return {"who": self.who.strip(), "held_at": self.held_at}


@dataclass(frozen=True)
class DrawnForm:
    """The one shift form the cell's page draws: `form` ("edit", "reschedule", "reassign" or "cancel", each asked for
    by the address's parameter of its name: `?edit=<shift id>`) of the shift `shift_id` — only the one asked for, so
    that the page does not grow with its shifts (QA: ~9.6 kB of forms a card, 509 kB a page of 50) nor with shifts ×
    staff (a people picker: 250 shifts × 526 staff, 145,050 boxes)."""

    form: str
    shift_id: str
    prefill: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """The form's boxes as a link fills them (the handover's `moment`, `people` and `absent`: an early-leave notice's
    mail, QZ29 #8), as a refused form's typed values fill them."""


@dataclass(frozen=True)
class CellView:
    board: Board
    day: Day
    cell: Cell
    shifts: tuple[ShiftCard, ...]
    """Every shift of the cell (a refusal or a 412 names one that may be on another page)."""
    staff: tuple[StaffOption, ...]  # the staff list's name order, the qualified first (domain.shifts.staff_options)
    qualification: str
    sites: tuple[Site, ...]
    suggested: tuple[datetime, datetime]
    campaign_span: tuple[datetime, datetime]  # the campaign's start and end, to the minute roster holds
    listed: tuple[ShiftCard, ...] = ()
    """The shifts the panel shows: one page of those the filters keep."""
    page: PageView | None = None
    matched: int = 0  # how many shifts the filters keep
    filters: ShiftFilters = ShiftFilters()
    cursor: str = ""
    """The page listed (its `cursor`, "" the first): the panel's forms carry it with the filters, to come back to it."""
    drawn: DrawnForm | None = None
    """The shift form drawn (a card's link followed), when its shift is on the page listed."""
    people_q: str = ""
    """The name searched for in the plan form's people picker (the address's `people_q`): it draws those it finds."""
    judged: Mapping[str, Judged] = field(default_factory=dict)
    """What roster would say beside each name of a picker (domain.candidates): "plan" the plan form's, at the times
    `plan_span` (its suggested ones unless typed), a shift's id its reassign picker's (the drawn one), and "handover"
    the handover form's (at `handover_span`)."""
    plan_span: tuple[datetime, datetime] | None = None
    handover_span: tuple[datetime, datetime] | None = None
    """The span the handover form's picker is judged at (`judged["handover"]`): from the moment (typed in a refused
    form, else its default) to the shift's end."""
    plan_chosen: tuple[str, ...] = ()
    """The people ticked in the plan form as typed (a refused plan's, or one whose picker was searched): drawn first,
    and judged with the rest."""
    beside: Beside | None = None
    """What the board page says beside its grid, when the cell's page draws the whole board (`load_cell`'s `whole`)."""
    leaving: Mapping[str, Sequence[Notice]] = field(default_factory=dict)
    """The early-leave notices open on its shifts under way, by shift id (“Tôi cần về sớm”, QZ29 #8)."""
    focus: str = ""
    """The shift the page is about (just changed, refused, or its form drawn): its card in sight, the ended ones
    unfolded for it."""

    @property
    def filterable(self) -> bool:
        """Whether the panel offers to filter the cell's shifts (many of them, or a filter in force)."""
        return len(self.shifts) > FILTERS_FROM or bool(self.filters)

    @property
    def held_at_options(self) -> tuple[Site, ...]:
        """The sites the cell's shifts are held at, as the site filter offers them (the enterprise's order)."""
        used = {c.shift.site_id for c in self.shifts}
        return tuple(s for s in self.sites if s.id in used)

    @property
    def url(self) -> str:
        return self.board.cell_url(self.cell.day, self.cell.column.duty_type, self.cell.column.site_id)

    def drawn_for(self, shift_id: str) -> str:
        """The form drawn in this shift's card ("" none)."""
        return self.drawn.form if self.drawn is not None and self.drawn.shift_id == shift_id else ""

    def form_url(self, shift_id: str, form: str) -> str:
        """The cell's page with the shift's `form` drawn (none: "", the page listing the shift), the list read as it
        is now (its filters; the page is the one listing the shift)."""
        column = self.cell.column
        extra = {form: shift_id} if form else {"shift": shift_id}
        return self.board.cell_url(self.cell.day, column.duty_type, column.site_id, **self.filters.query(), **extra)

    def shift(self, shift_id: str) -> ShiftCard | None:
        return next((c for c in self.shifts if c.shift.id == shift_id), None)

    def people(self, chosen: Collection[str]) -> tuple[StaffOption, ...]:
        """The staff as a people picker lists them: those in `chosen` (a shift's people, or the boxes ticked in
        a refused form) first."""
        return chosen_first(self.staff, chosen)

    def plan_people(self, chosen: Collection[str]) -> PeoplePick:
        """The plan form's picker: those in `chosen`, then the qualified first, at most `PICKER_MOST` boxes — or
        those whose name holds `people_q` — so that the panel does not grow with the staff (QA: 526 boxes)."""
        return pick_people(self.staff, chosen, query=self.people_q)


async def _refs(caller: Caller, wanted: set[str], known: dict[str, ShiftRef]) -> dict[str, ShiftRef]:
    """Shift refs for the ids a warning names and the page does not have yet (a few at most)."""
    missing = [i for i in wanted if i not in known][:10]

    async def one(shift_id: str) -> ShiftRef | None:
        try:
            return Shift.from_api(await caller.get("roster", f"/shifts/{shift_id}")).ref
        except ServiceError:
            return None  # gone, or not visible to this person: the warning keeps roster's own words

    found = await asyncio.gather(*(one(i) for i in missing))
    return {**known, **{r.id: r for r in found if r is not None}}


async def _continued(caller: Caller, here: Collection[Shift], known: Mapping[str, Shift]) -> dict[str, Shift]:
    """The shifts the cell's shifts continue (a handover) that the board does not list — one handed over because
    nobody came is cancelled, and the board lists no cancelled shift — read from roster (a few at most)."""
    missing = list(dict.fromkeys(s.continues_shift_id for s in here if s.continues_shift_id))
    missing = [i for i in missing if i not in known][:10]

    async def one(shift_id: str) -> Shift | None:
        try:
            return Shift.from_api(await caller.get("roster", f"/shifts/{shift_id}"))
        except ServiceError:
            return None  # gone, or not visible to this person: the card says "another shift"

    found = await asyncio.gather(*(one(i) for i in missing))
    return {**known, **{s.id: s for s in found if s is not None}}


async def load_cell(
    caller: Caller,
    *,
    campaign_id: str,
    enterprise_id: str,
    day: date,
    duty_type: str,
    site_id: str | None,
    now: datetime,
    filters: ShiftFilters | None = None,
    cursor: str | None = None,
    focus: str = "",
    drawing: DrawnForm | None = None,
    people_q: str = "",
    plan_chosen: Collection[str] = (),
    plan_span: tuple[datetime, datetime] | None = None,
    reassigning: str | None = None,
    handing_over: str | None = None,
    handover_at: datetime | None = None,
    whole: bool = False,
) -> CellView | None:
    """One cell of the board with what planning in it needs; None when the board has no such cell. Its shifts are
    listed `SHIFTS_PER_PAGE` a page, those `filters` keep: the page at `cursor`, or — `focus`, a shift just changed
    or the one a refusal is about, or the shift of the form `drawing` — the page that lists that shift (without the
    filters when they do not keep it), so that it is in sight. `people_q`: a name to find in the plan form's people picker,
    `plan_chosen` the people ticked in it. The pickers of the shift `reassigning` and of the one `handing_over` (a
    refused form's; else the drawn form's) are judged too, the handover's from `handover_at` (the moment typed).
    `whole`: the page draws the whole board (no script), so what the board page says beside its grid is read too,
    beside the cell's own reads (`CellView.beside`; M1: the incidents block and day marks were missing)."""
    answer = await caller.get("roster", f"/campaigns/{campaign_id}/enterprises/{enterprise_id}/board")
    sites_read = asyncio.ensure_future(_sites(caller, enterprise_id))
    campaign_read = asyncio.ensure_future(caller.get("roster", f"/campaigns/{campaign_id}"))
    ids = {"campaign_id": campaign_id, "enterprise_id": enterprise_id}
    beside_read = (
        asyncio.ensure_future(read_beside(caller, campaign=campaign_read, sites=sites_read, **ids, now=now))
        if whole
        else None
    )
    try:
        sites, staff, campaign, absent = await asyncio.gather(
            sites_read,
            caller.every("roster", "/staff", {"enterprise_id": enterprise_id, "active": "true"}, limit=LIST_LIMIT),
            campaign_read,
            absences(caller, **ids),
        )
    except BaseException:
        if beside_read is not None:
            beside_read.cancel()
        raise
    span = parse_instant(str(campaign["starts_at"])), parse_instant(str(campaign["ends_at"]))
    board = _of_campaign(build_board(answer, sites, now=now, absences=absent), campaign, now=now)
    cell = board.cell(day, duty_type, site_id)
    board_day = next((d for d in board.days if d.day == day), None)
    if cell is None or board_day is None:
        if beside_read is not None:
            beside_read.cancel()
        return None
    said = await beside(caller, board, read=await beside_read, sites=len(sites), now=now) if beside_read else None
    qualification = DUTY_QUALIFICATION.get(duty_type, "")
    all_shifts = {
        str(s["id"]): Shift.from_api(s) for d in answer["days"] for duty in d["duty_types"] for s in duty["shifts"]
    }
    entry = next(d for d in answer["days"] if d["date"] == day.isoformat())
    duty: dict[str, Any] = next((d for d in entry["duty_types"] if d["duty_type"] == duty_type), {"shifts": []})
    here = [all_shifts[str(s["id"])] for s in duty["shifts"] if all_shifts[str(s["id"])].at_site(site_id)]
    known = await _refs(caller, other_shift_ids(here), {i: s.ref for i, s in all_shifts.items()})
    by_site = {s.id: s for s in sites}
    # a handover's two shifts, each card naming the other (QZ10: nothing said they were linked): roster's
    # `handed_over_to` on the shift relieved says who took it, from when and why, even when that shift is past the
    # board (B1: a night shift of the board's last day handed over after midnight) — not read again from roster
    taken_over = {s.continues_shift_id: s for s in all_shifts.values() if s.continues_shift_id}

    def handed_to(s: Shift) -> HandedOver | None:
        taker = taken_over.get(s.id)
        return s.handed_over or (HandedOver.of_taker(taker) if taker is not None else None)

    # QZ26 #5: the people recorded as not come around this day (a nobody-came handover's shift, cancelled, read as the
    # cell reads the one it lists) — roster's pickers judge them free by its rules; the pickers say they did not come
    day_from = datetime.combine(day, time(0), tzinfo=VIETNAM) - timedelta(days=1)
    takers = [
        s
        for s in all_shifts.values()
        if s.handover_absent is True and s.ends_at > day_from and s.starts_at < day_from + timedelta(days=3)
    ]
    continued = await _continued(caller, [*here, *takers], all_shifts)
    gone_people = no_shows(takers, continued)

    # QZ12 #2: a shift handed over because nobody came is cancelled, and the board lists no cancelled shift; the cell
    # lists it still, beside the one that took it (from the moment, QZ13 #2), so that the record says who was
    # rostered and did not come
    def whole_gone(s: Shift) -> Shift | None:
        gone = continued.get(s.continues_shift_id or "") if s.continues_shift_id not in all_shifts else None
        return gone if gone is not None and gone.status == "cancelled" else None

    # under way first, then to come, then ended (QZ26 #3: the ended ones, each with its warning, came before
    # tonight's); each gone one just before the one that took it, in that one's place
    pairs = sorted(((whole_gone(s), s) for s in here), key=lambda p: timing_rank(p[1], now))
    here = [x for gone, s in pairs for x in (gone, s) if x is not None]
    cards = tuple(
        ShiftCard(
            s,
            by_site.get(s.site_id) if s.site_id else None,
            rule_warnings(s, known),
            s.timing(now),
            covers=tuple(by_site.get(c) or Site(c, c, False) for c in s.covers_site_ids),
            covering=by_site.get(site_id) if site_id and s.site_id != site_id else None,
            others=tuple(x for x in sites if x.id != s.site_id),
            check_ins=s.check_ins(now, vouched=s.vouched_by(taken_over.get(s.id))),
            handed_to=handed_to(s),
            continues=continued.get(s.continues_shift_id) if s.continues_shift_id else None,
        )
        for s in here
    )
    filters = filters if filters is not None else ShiftFilters()  # an empty one is falsy: `or` would replace it
    focus = focus or (drawing.shift_id if drawing is not None else "")
    kept = [c for c in cards if filters.keeps(c)]
    if focus and focus not in {c.shift.id for c in kept} and focus in {c.shift.id for c in cards}:
        filters, kept = ShiftFilters(), list(cards)
    at = next((i for i, c in enumerate(kept) if focus and c.shift.id == focus), None)
    size = SHIFTS_PER_PAGE
    offset = (at // size) * size if at is not None else local_offset(cursor, total=len(kept))
    listed = tuple(kept[offset : offset + size])
    path = f"{board.base_url}/cell"
    query = {"day": day.isoformat(), "duty_type": duty_type, "site_id": site_id or "", **filters.query()}
    pager = page_view(
        path,
        {**query, "cursor": local_cursor(offset) if offset else ""},
        limit=size,
        count=len(listed),
        total=len(kept),
        next_cursor=local_next(offset, limit=size, total=len(kept)),
    )
    pager = replace(  # to the panel, as every link of the cell is; the range it shows said
        pager,
        offset=offset,
        first_url=f"{pager.first_url}#cell-panel" if pager.first_url else None,
        next_url=f"{pager.next_url}#cell-panel" if pager.next_url else None,
    )
    view = CellView(
        board=board,
        day=board_day,
        cell=cell,
        shifts=cards,
        staff=staff_options(staff, qualification),
        qualification=qualification,
        sites=sites,
        suggested=suggested_span(board, cell, span, now=now),
        campaign_span=span,
        listed=listed,
        page=pager,
        matched=len(kept),
        filters=filters,
        cursor=local_cursor(offset) if offset else "",
        drawn=drawing if drawing is not None and drawing.shift_id in {c.shift.id for c in listed} else None,
        people_q=people_q,
        plan_chosen=tuple(plan_chosen),
        beside=said,
        focus=focus,
    )
    if reassigning is None and drawing is not None and drawing.form == "reassign":
        reassigning = drawing.shift_id
    if handing_over is None and drawing is not None and drawing.form == "handover":
        handing_over = drawing.shift_id
    span = plan_span or view.suggested
    handed = view.shift(handing_over) if handing_over else None
    view = replace(
        view, plan_span=span, handover_span=handed.handover_span(now, handover_at) if handed is not None else None
    )
    return replace(
        view,
        judged=await judge_pickers(
            caller,
            view,
            enterprise_id=enterprise_id,
            plan_span=span,
            reassigning=reassigning,
            handing_over=handing_over,
            no_shows=gone_people,
        ),
    )


async def judge_pickers(
    caller: Caller,
    view: CellView,
    *,
    enterprise_id: str,
    plan_span: tuple[datetime, datetime],
    reassigning: str | None,
    handing_over: str | None = None,
    no_shows: Collection[NoShow] = (),
) -> dict[str, Judged]:
    """What roster would say of the qualified people a picker draws (at most `PICKER_MOST`, those chosen first): the
    plan form's at `plan_span` (as a draft: the form saves one unless told), the reassign picker of the shift
    `reassigning` at its own time (its own place not counted), and the handover picker of the shift `handing_over`
    (without its own people) as a new published shift over `view.handover_span` — the rest it would take over (QZ12
    #9: it said nothing before saving). A picker roster does not answer for says nothing. Each says of the people
    `no_shows` (recorded as not come near its span) that they did not come (domain.candidates.with_no_shows, QZ26 #5)."""
    duty = view.cell.column.duty_type
    asks: dict[str, dict[str, Any]] = {}
    plan = [p.id for p in view.plan_people(view.plan_chosen).listed if p.qualified]
    if plan:
        asks["plan"] = {"starts_at": plan_span[0], "ends_at": plan_span[1], "status": "draft", "staff_id": plan}
    card = view.shift(reassigning) if reassigning else None
    if card is not None:
        shift = card.shift
        people = [p.id for p in view.people(shift.staff_ids) if p.qualified][:PICKER_MOST]
        if people:
            status = "draft" if shift.status == "draft" else "published"
            times = {"starts_at": shift.starts_at, "ends_at": shift.ends_at}
            asks[shift.id] = {**times, "shift_id": shift.id, "status": status, "staff_id": people}
    handed = view.shift(handing_over) if handing_over else None
    if handed is not None and view.handover_span is not None:
        mine = set(handed.shift.staff_ids)
        people = [p.id for p in view.people(()) if p.qualified and p.id not in mine][:PICKER_MOST]
        if people:
            rest = {"starts_at": view.handover_span[0], "ends_at": view.handover_span[1]}
            asks["handover"] = {**rest, "status": "published", "staff_id": people}

    async def one(params: dict[str, Any]) -> Judged | None:
        query = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in params.items()}
        try:
            found = await caller.get(
                "roster", f"/enterprises/{enterprise_id}/shift-candidates", {"duty_type": duty, **query}
            )
        except ServiceError:
            return None
        return judged(found.get("people") or ())

    answers = await asyncio.gather(*(one(p) for p in asks.values()))
    return {
        key: with_no_shows(j, no_shows, (asks[key]["starts_at"], asks[key]["ends_at"]))
        for key, j in zip(asks, answers, strict=True)
        if j is not None
    }


def duty_name(view: CellView | Board, duty_type: str, *, lang: str) -> str:
    board = view.board if isinstance(view, CellView) else view
    column = next((c for c in board.columns if c.duty_type == duty_type), None)
    return column.name(lang) if column else duty_type


# The boxes of each of a shift's forms on the cell (their names as the page keeps what was typed, api.routes.manage):
# beside these, after someone else's change, the shift's latest saved value where it differs from what was typed.
# A cancel's reason has none: a shift still on the board has no saved reason.
CHANGED_BOXES = {
    "edit": ("site_id", "covers", "notes"),
    "reschedule": ("starts_at", "ends_at"),
    "reassign": ("people",),
}


def typed_over(
    view: CellView, shift_id: str, *, form: str, typed: Mapping[str, Any], words: Callable[..., str], lang: str
) -> Latest:
    """After someone else saved the shift first (roster's 412): the values of the shift as it now is to show beside
    the boxes of `form` kept as typed (`typed`; the form drawn over the latest version, so that sending it again is
    knowingly over theirs), where they differ in words. Nothing for a shift no longer in the cell."""
    card = view.shift(shift_id)
    if card is None or form not in CHANGED_BOXES:
        return Latest()
    shift = card.shift
    saved = {
        "site_id": shift.site_id or "",
        "covers": shift.covers_site_ids,
        "notes": shift.notes or "",
        "starts_at": local_input(shift.starts_at),
        "ends_at": local_input(shift.ends_at),
        "people": shift.staff_ids,
    }
    return latest_beside(typed, saved, fields=CHANGED_BOXES[form], said=_said(view, words, lang))


def _said(view: CellView, words: Callable[..., str], lang: str) -> Callable[[str, Any], str]:
    """A shift form's value in the words its page shows it in: sites and people by name in the page's order, times
    as the board says them (an empty box: said to be empty)."""
    sites = {site.id: site.name for site in view.sites}
    people = {p.id: p.full_name for p in view.staff}  # the picker's order, then anyone on a shift it does not offer
    people |= {p.staff_id: p.full_name for c in view.shifts for p in c.shift.people if p.staff_id not in people}

    def said(name: str, value: Any) -> str:
        if name == "site_id":
            return sites.get(str(value or ""), "") or words("shift.no_site")
        if name in ("covers", "people"):
            chosen, names = {str(v) for v in value or ()}, sites if name == "covers" else people
            text = ", ".join(named for key, named in names.items() if key in chosen)
        elif name in ("starts_at", "ends_at"):
            instant = parse_local_input(str(value or ""))
            text = instant_label(instant, lang) if instant is not None else str(value or "").strip()
        else:
            text = " ".join(str(value or "").split())
        return text or words("latest.empty")

    return said
