"""What is left before Tết, on the manager's board (QZ24 #1: the board said only "Còn 4 ô thiếu người." and nothing of
the enterprise's readiness items still open nor of its post offices without published Tết hours — three pages to
visit to learn what was left). A short block above the grid, from roster's own answers:

- the readiness items the enterprise owes and has not done (roster's checklist lines not "done"; one it does not
  owe yet — `not_owed_before`, due before the day it owes from — is no item left, as roster counts it): how many,
  linking the checklist of the campaign and enterprise (its status filter when they are all of one status); those
  overdue counted with the day the earliest of them has been overdue since ("1 mục quá hạn từ 29/01", "3 mục quá
  hạn, sớm nhất từ 29/01": N4's "hạn sớm nhất: …, đã qua" read oddly), linking the overdue ones; and the nearest due
  of the others (the local day it is due by the end of, or its instant), when there are others;
- its post offices and transaction points (`lichtruc.counters`) whose Tết hours are not published and that owe
  them (roster's `hours_owed`): how many, the campaign's deadline, "quá hạn" once it has passed, the first few by
  name each linking its form, the count linking the publication status page filtered to the enterprise;
- its board's cells short of people, as the board counts them, linking the first of them.

Only of a Tết campaign not ended by the page's moment (before and during it): a drill has no readiness nor Tết hours,
and an ended campaign's are past. On that Tết's own board; and on a drill's board, of the Tết being prepared
(`domain.campaigns.campaign_to_prepare`, `of_coming_tet`): the day before Tết, with a drill under way, the board opens
on the drill (its grid is what the day's people are on) while the manager's most urgent list is still what is left
for Tết (QZ25 #2) — the block then names that Tết and its days (`tet`), and every link, the cells short of people
included, goes to the Tết's pages. Each part stays until it is done, overdue or not; all done, one quiet line says
so. A list roster did not answer is `unread` and said in one line; the rest stands.

The cells short of people are said here alone when the block is the board's own campaign's: the summary under it
does not count them again (QZ25 #8: "Còn 4 ô thiếu người" twice).

Pure: roster's answers and the board in, values out; `now` passed in; the words are the template's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from .board import Board
from .dates import local, parse_instant

POINTS_NAMED = 3
"""The points without published hours the block names; the others are one link away (the status page)."""


def due_day(due_at: datetime, due_date: str | None) -> date | None:
    """The local day a readiness item is due by the end of: its due day, or the day before a due time of 00:00
    (Vietnam time), so that it reads "hết ngày …", never "00:00" of the morning after; None for a due time within a
    day (said as an instant)."""
    if due_date:
        return date.fromisoformat(due_date)
    at = local(due_at)
    return at.date() - timedelta(days=1) if at.time() == time(0) else None


def overdue_day(due_at: datetime, due_date: str | None) -> date | None:
    """The local day a readiness item has been overdue since: the day after its due day (due by the end of it), or
    the day of a due time of 00:00 (Vietnam time); None for a due time within a day (overdue since that instant)."""
    day = due_day(due_at, due_date)
    return day + timedelta(days=1) if day is not None else None


@dataclass(frozen=True)
class ReadinessLeft:
    """The readiness items owed and not done: how many; how many overdue and since when the earliest of them; the
    nearest due of the others."""

    count: int
    overdue: int
    url: str  # the checklist of the campaign and enterprise
    overdue_url: str  # the same, its overdue items alone
    overdue_since: datetime | None = None  # the earliest overdue one's due moment (None: none overdue)
    overdue_since_day: date | None = None  # the local day it has been overdue since; None: since an instant
    nearest_at: datetime | None = None  # the nearest due of those not overdue (None: every one is overdue)
    nearest_day: date | None = None  # the local day it is due by the end of; None: due within a day (nearest_at)


@dataclass(frozen=True)
class Point:
    """A post office or transaction point whose Tết hours are not published, linking its form."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class HoursLeft:
    """The enterprise's points owing Tết hours and not publishing them yet, the deadline, whether it has passed."""

    points: tuple[Point, ...]  # every one, by name
    deadline: datetime | None
    overdue: bool
    url: str  # the publication status page, filtered to the campaign and enterprise

    @property
    def named(self) -> tuple[Point, ...]:
        return self.points[:POINTS_NAMED]

    @property
    def others(self) -> int:
        """The points not named (the status page lists them)."""
        return len(self.points) - len(self.named)


@dataclass(frozen=True)
class TetNamed:
    """The Tết campaign a drill's board says what is left before: its name, first and last day, its board of the
    enterprise."""

    id: str
    name: str
    first: date
    last: date
    url: str


@dataclass(frozen=True)
class BeforeTet:
    """What the board says is left before Tết (the module's rules); `shown` False: nothing at all (an ended
    campaign's board, a drill's with no Tết to prepare, or a page that draws the board without it)."""

    shown: bool = False
    tet: TetNamed | None = None  # the Tết it is about, when the board is another campaign's (a drill's)
    readiness: ReadinessLeft | None = None  # None: nothing left (or unread)
    hours: HoursLeft | None = None
    cells: int = 0  # the board's cells short of people
    cells_url: str = ""  # the first of them
    readiness_unread: bool = False
    hours_unread: bool = False

    @property
    def left(self) -> bool:
        """Anything left to do, or a list that could not be read: the block is drawn."""
        return self.shown and bool(self.readiness or self.hours or self.cells or self.unread)

    @property
    def unread(self) -> bool:
        return self.readiness_unread or self.hours_unread

    @property
    def done(self) -> bool:
        """Everything read is done: the one quiet line."""
        return self.shown and not self.left

    @property
    def says_cells(self) -> bool:
        """Whether the block says the board's own cells short of people (the summary under it then does not)."""
        return self.left and self.tet is None and self.cells > 0


@dataclass(frozen=True)
class PointHours:
    """A point of the enterprise and roster's answer on its Tết hours for the campaign (`GET /sites/{id}/tet-hours`)."""

    id: str
    name: str
    published: bool  # some version published
    owed: bool  # roster's `hours_owed`: its enterprise owes them by the deadline

    @classmethod
    def from_api(cls, site_id: str, name: str, body: Mapping[str, Any]) -> PointHours:
        return cls(
            id=site_id,
            name=name,
            published=int(body.get("published_version") or 0) > 0,
            owed=bool(body.get("hours_owed", True)),
        )


def readiness_left(lines: Iterable[Mapping[str, Any]], *, campaign_id: str, enterprise_id: str) -> ReadinessLeft | None:
    """The items of roster's checklist lines (`GET /enterprises/{id}/readiness`) owed and not done; None when none is
    left."""
    left = [x for x in lines if x.get("status") != "done" and not x.get("not_owed_before")]
    if not left:
        return None

    def earliest(items: list[Mapping[str, Any]]) -> tuple[datetime, Mapping[str, Any]] | None:
        due = [(parse_instant(str(x["item"]["due_at"])), x) for x in items]
        return min(due, key=lambda d: (d[0], str(d[1]["item"].get("id") or ""))) if due else None

    late = earliest([x for x in left if x.get("status") == "overdue"])
    ahead = earliest([x for x in left if x.get("status") != "overdue"])
    statuses = {str(x.get("status")) for x in left}
    query = {"campaign_id": campaign_id, "enterprise_id": enterprise_id}
    one_status = {"status": statuses.pop()} if len(statuses) == 1 else {}
    return ReadinessLeft(
        count=len(left),
        overdue=sum(1 for x in left if x.get("status") == "overdue"),
        url=f"/manage/readiness?{urlencode({**query, **one_status})}",
        overdue_url=f"/manage/readiness?{urlencode({**query, 'status': 'overdue'})}",
        overdue_since=late[0] if late else None,
        overdue_since_day=overdue_day(late[0], late[1]["item"].get("due_date")) if late else None,
        nearest_at=ahead[0] if ahead else None,
        nearest_day=due_day(ahead[0], ahead[1]["item"].get("due_date")) if ahead else None,
    )


def hours_left(
    points: Iterable[PointHours], *, campaign_id: str, enterprise_id: str, deadline: datetime | None, now: datetime
) -> HoursLeft | None:
    """The points owing Tết hours and not publishing them; None when none is left."""
    left = sorted((p for p in points if p.owed and not p.published), key=lambda p: (p.name.casefold(), p.id))
    if not left:
        return None
    return HoursLeft(
        points=tuple(
            Point(p.id, p.name, f"/manage/tet-hours?{urlencode({'campaign_id': campaign_id, 'site_id': p.id})}")
            for p in left
        ),
        deadline=deadline,
        overdue=deadline is not None and deadline <= now,
        url=f"/inspect/tet-hours?{urlencode({'campaign_id': campaign_id, 'enterprise_id': enterprise_id})}",
    )


def before_tet(
    board: Board,
    *,
    readiness: Iterable[Mapping[str, Any]] | None,
    hours: Iterable[PointHours] | None,
    deadline: datetime | None,
    now: datetime,
) -> BeforeTet:
    """What `board` says is left before Tết: `readiness` roster's checklist lines of the enterprise, `hours` its
    points' Tết hours, `deadline` the campaign's for the hours; None for a list roster did not answer. Nothing on a
    drill's board nor on an ended campaign's."""
    if board.drill is not None or board.ended:
        return BeforeTet()
    ids = {"campaign_id": board.campaign_id, "enterprise_id": board.enterprise_id}
    short = next((c for d in board.days for c in d.cells if c.gaps), None)
    return BeforeTet(
        shown=True,
        readiness=readiness_left(readiness, **ids) if readiness is not None else None,
        hours=hours_left(hours, **ids, deadline=deadline, now=now) if hours is not None else None,
        cells=board.gap_cells,
        cells_url=board.cell_url(short.day, short.column.duty_type, short.column.site_id) if short else "",
        readiness_unread=readiness is None,
        hours_unread=hours is None,
    )


def of_coming_tet(
    tet_board: Board,
    *,
    readiness: Iterable[Mapping[str, Any]] | None,
    hours: Iterable[PointHours] | None,
    deadline: datetime | None,
    now: datetime,
) -> BeforeTet:
    """What is left before the Tết being prepared, said on a drill's board (QZ25 #2): `before_tet` of that Tết's own
    board of the enterprise (`tet_board`, its links the Tết's), naming it. Nothing when it has ended."""
    found = before_tet(tet_board, readiness=readiness, hours=hours, deadline=deadline, now=now)
    if not found.shown:
        return found
    named = TetNamed(
        tet_board.campaign_id, tet_board.campaign_name, tet_board.first, tet_board.last, tet_board.base_url
    )
    return replace(found, tet=named)
