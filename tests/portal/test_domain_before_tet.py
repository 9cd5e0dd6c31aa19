"""The board's pure rules of QZ24: what is left before Tết (domain.before_tet: the readiness items owed and not done,
the points without published Tết hours, the cells short of people — only on a Tết campaign's board not ended), each
draft with a rest warning placed in its cell (domain.board.WarnedDraft, the cell marked) and the campaign's peaks for
the legend (domain.board.peaks_of). The pages' tests are test_board_before_tet.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from portal.domain.before_tet import (
    POINTS_NAMED,
    PointHours,
    before_tet,
    due_day,
    hours_left,
    of_coming_tet,
    overdue_day,
    readiness_left,
)
from portal.domain.board import WARNED_LISTED, build_board, peaks_of

from .test_domain_board import BORDER_SITE, CAMPAIGN, ENTERPRISE, ICT, SITES, _answer, _shift

NOW = datetime(2027, 1, 27, 9, tzinfo=ICT)  # QZ24: 09:00 on 27/01/2027, ten days before Tết
IDS = {"campaign_id": CAMPAIGN, "enterprise_id": ENTERPRISE}


def _line(item_id: str, due_at: str, status: str = "open", **more: Any) -> dict[str, Any]:
    """A line of roster's `GET /enterprises/{id}/readiness`."""
    item = {"id": item_id, "title_vi": f"Mục {item_id}", "title_en": f"Item {item_id}", "due_at": due_at}
    return {"item": {**item, "due_date": more.pop("due_date", None)}, "status": status, **more}


def test_a_due_time_of_midnight_is_the_end_of_the_day_before_and_a_due_day_is_itself() -> None:
    assert due_day(datetime(2027, 1, 28, 17, tzinfo=UTC), None) == date(2027, 1, 28)  # 00:00 29/01 in Vietnam
    assert due_day(datetime(2027, 1, 28, 3, tzinfo=UTC), None) is None  # 10:00 28/01: an instant
    assert due_day(datetime(2027, 1, 28, 3, tzinfo=UTC), "2027-01-30") == date(2027, 1, 30)


def test_the_readiness_items_left_are_those_owed_and_not_done_the_nearest_due_named() -> None:
    lines = [
        _line("a", "2027-01-28T17:00:00Z"),  # due by the end of 28/01
        _line("b", "2027-01-29T17:00:00Z"),
        _line("c", "2027-01-20T17:00:00Z", "done"),
        _line("d", "2027-01-10T17:00:00Z", "open", not_owed_before="2027-01-15"),  # not owed: no item left
    ]
    left = readiness_left(lines, **IDS)
    assert left is not None
    assert (left.count, left.overdue, left.nearest_day, left.overdue_since) == (2, 0, date(2027, 1, 28), None)
    assert left.nearest_at == datetime(2027, 1, 29, tzinfo=ICT)
    # all of one status: the checklist filtered to it; the overdue ones a link of their own
    assert left.url == f"/manage/readiness?campaign_id={CAMPAIGN}&enterprise_id={ENTERPRISE}&status=open"
    assert left.overdue_url.endswith("&status=overdue")

    # N4: "hạn sớm nhất: …, đã qua" — the overdue ones since when the earliest of them, the nearest of the others
    late = readiness_left([*lines, _line("e", "2027-01-25T03:00:00Z", "overdue")], **IDS)
    assert late is not None and (late.count, late.overdue) == (3, 1)
    assert late.overdue_since == datetime(2027, 1, 25, 10, tzinfo=ICT) and late.overdue_since_day is None  # 10:00
    assert (late.nearest_day, late.nearest_at) == (date(2027, 1, 28), datetime(2027, 1, 29, tzinfo=ICT))
    assert late.url == f"/manage/readiness?campaign_id={CAMPAIGN}&enterprise_id={ENTERPRISE}"  # both kinds: all

    # every one overdue: the earliest's day after its due day (due by the end of 20/01: overdue since 21/01); no
    # nearest due of the others
    all_late = readiness_left(
        [
            _line("f", "2027-01-22T17:00:00Z", "overdue"),
            _line("g", "2027-01-19T17:00:00Z", "overdue", due_date="2027-01-20"),
        ],
        **IDS,
    )
    assert all_late is not None and (all_late.overdue, all_late.overdue_since_day) == (2, date(2027, 1, 21))
    assert all_late.nearest_at is None and all_late.nearest_day is None
    assert overdue_day(datetime(2027, 1, 28, 17, tzinfo=UTC), None) == date(2027, 1, 29)  # due 00:00 29/01
    assert overdue_day(datetime(2027, 1, 28, 3, tzinfo=UTC), None) is None  # due 10:00 28/01: since an instant

    assert readiness_left([lines[2], lines[3]], **IDS) is None
    assert readiness_left([], **IDS) is None


def test_the_points_left_are_those_owing_hours_not_published_by_name_overdue_once_the_deadline_passed() -> None:
    deadline = datetime(2027, 1, 30, tzinfo=ICT)
    points = [
        PointHours("p3", "Điểm giao dịch Bến Lức", published=False, owed=True),
        PointHours("p1", "Bưu điện Trung tâm Tân An", published=True, owed=True),
        PointHours("p2", "Bưu điện huyện Tân Hưng", published=False, owed=True),
        PointHours("p4", "Bưu điện Văn hóa xã Hưng Điền", published=False, owed=False),  # owes from a later day
    ]
    left = hours_left(points, **IDS, deadline=deadline, now=NOW)
    assert left is not None and not left.overdue and left.deadline == deadline
    assert [p.name for p in left.points] == ["Bưu điện huyện Tân Hưng", "Điểm giao dịch Bến Lức"]
    assert left.points[0].url == f"/manage/tet-hours?campaign_id={CAMPAIGN}&site_id=p2"
    assert left.url == f"/inspect/tet-hours?campaign_id={CAMPAIGN}&enterprise_id={ENTERPRISE}"
    assert left.others == 0
    at_deadline = hours_left(points, **IDS, deadline=deadline, now=deadline)
    assert at_deadline is not None and at_deadline.overdue  # "quá hạn", and shown until published
    many = [PointHours(f"p{n}", f"Điểm {n}", published=False, owed=True) for n in range(POINTS_NAMED + 2)]
    more = hours_left(many, **IDS, deadline=None, now=NOW)
    assert more is not None and len(more.named) == POINTS_NAMED and more.others == 2 and not more.overdue
    assert hours_left(points[1:2], **IDS, deadline=deadline, now=NOW) is None
    assert PointHours.from_api("p", "P", {"published_version": 2, "hours_owed": True}).published
    assert not PointHours.from_api("p", "P", {"published_version": 0, "hours_owed": False}).owed


def test_the_block_on_a_tet_campaigns_board_before_and_during_it_never_on_a_drills_nor_an_ended_ones() -> None:
    board = build_board(_answer(), SITES)  # incident response short 18:00–24:00 on 07/02
    points = [PointHours("p2", "Bưu điện huyện Tân Hưng", published=False, owed=True)]
    lines = [_line("a", "2027-01-28T17:00:00Z")]
    shown = before_tet(board, readiness=lines, hours=points, deadline=None, now=NOW)
    assert shown.left and not shown.done and not shown.unread
    assert shown.readiness is not None and shown.hours is not None
    assert shown.cells == 1
    assert shown.cells_url == board.cell_url(date(2027, 2, 7), "incident_response")

    span = (datetime(2027, 2, 1, tzinfo=ICT), datetime(2027, 2, 2, tzinfo=ICT))
    for other in (replace(board, drill=span), replace(board, ended=True)):
        nothing = before_tet(other, readiness=lines, hours=points, deadline=None, now=NOW)
        assert not nothing.shown and not nothing.left and not nothing.done

    covered = build_board(_answer(), SITES)
    covered = replace(
        covered, days=tuple(replace(d, cells=tuple(replace(c, gaps=()) for c in d.cells)) for d in covered.days)
    )
    done = before_tet(covered, readiness=[_line("a", "2027-01-28T17:00:00Z", "done")], hours=[], deadline=None, now=NOW)
    assert done.done and not done.left  # one quiet line

    unread = before_tet(covered, readiness=None, hours=points, deadline=None, now=NOW)
    assert unread.left and unread.readiness_unread and not unread.hours_unread and unread.hours is not None
    assert not unread.done  # nothing said done while a list is unread


def test_on_a_drills_board_the_block_is_the_coming_tets_named_its_links_and_cells_the_tets() -> None:
    """QZ25 #2: the day before Tết, a drill under way, the board opens on the drill; what is left is Tết's."""
    tet = build_board(_answer(), SITES)  # the Tết's own board of the enterprise: a cell short on 07/02
    lines = [_line("a", "2027-01-28T17:00:00Z")]
    points = [PointHours("p2", "Bưu điện huyện Tân Hưng", published=False, owed=True)]
    block = of_coming_tet(tet, readiness=lines, hours=points, deadline=None, now=NOW)
    assert block.left and block.tet is not None
    assert (block.tet.name, block.tet.first, block.tet.last) == (tet.campaign_name, tet.first, tet.last)
    assert block.tet.url == f"/manage/board/{CAMPAIGN}/{ENTERPRISE}"
    assert block.cells == 1 and block.cells_url == tet.cell_url(date(2027, 2, 7), "incident_response")
    assert block.readiness is not None and f"campaign_id={CAMPAIGN}" in block.readiness.url
    # the drill's board says its own cells in its summary: the block's are another campaign's
    assert not block.says_cells
    own = before_tet(tet, readiness=lines, hours=points, deadline=None, now=NOW)
    assert own.says_cells and own.tet is None  # the Tết's own board: said in the block, not again under it
    ended = of_coming_tet(replace(tet, ended=True), readiness=lines, hours=points, deadline=None, now=NOW)
    assert not ended.shown and ended.tet is None


def test_a_warned_draft_is_placed_in_its_first_day_and_its_own_sites_cell_and_its_cells_are_marked() -> None:
    rest = {"rule": "min-rest", "staff_id": "a", "rest_hours": 6.0, "shift_id": "x"}
    answer = _answer()
    night = answer["days"][1]["duty_types"][1]["shifts"][0]
    night["warnings"] = [rest]  # the incident-response night draft 18:00 06/02 → 06:00 07/02, on two days
    patrol = _shift(
        "s-patrol",
        "patrol",
        datetime(2027, 2, 5, 6, tzinfo=ICT),
        datetime(2027, 2, 5, 18, tzinfo=ICT),
        status="draft",
        people=(("a", "Nguyễn Thị Ánh Tuyết"),),
        site=BORDER_SITE,
        warnings=[rest],
    )
    answer["days"][0]["duty_types"][2]["shifts"] = [patrol]
    board = build_board(answer, SITES)
    assert board.warned_drafts == 2
    first, second = board.warned
    assert (first.shift_id, first.day, first.column.key) == ("s-patrol", date(2027, 2, 5), ("patrol", BORDER_SITE))
    assert first.people == ("Nguyễn Thị Ánh Tuyết",) and first.column.site is not None
    assert (second.shift_id, second.day, second.column.key) == (
        "s-night",
        date(2027, 2, 6),
        ("incident_response", None),
    )
    marked = {(c.day, c.column.key): c.warned_drafts for d in board.days for c in d.cells if c.warned_drafts}
    assert marked == {
        (date(2027, 2, 5), ("patrol", BORDER_SITE)): 1,
        (date(2027, 2, 6), ("incident_response", None)): 1,
        (date(2027, 2, 7), ("incident_response", None)): 1,  # the night's second day holds it too
    }
    assert board.warned_listed == board.warned and board.warned_unlisted == 0
    many = replace(board, warned=board.warned * WARNED_LISTED)
    assert len(many.warned_listed) == WARNED_LISTED and many.warned_unlisted == WARNED_LISTED * 2 - WARNED_LISTED


def test_the_campaigns_peaks_each_with_its_times_the_earliest_first() -> None:
    campaign = {
        "peaks": [
            {"name": "Sáng mùng 1", "starts_at": "2027-02-05T23:00:00Z", "ends_at": "2027-02-06T05:00:00Z"},
            {"name": "Giao thừa", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"},
        ]
    }
    first, second = peaks_of(campaign)
    assert (first.name, first.starts_at, first.ends_at) == (
        "Giao thừa",
        datetime(2027, 2, 5, 18, tzinfo=ICT),
        datetime(2027, 2, 6, 6, tzinfo=ICT),
    )
    assert second.name == "Sáng mùng 1" and second.starts_at == datetime(2027, 2, 6, 6, tzinfo=ICT)
    assert peaks_of({}) == () and peaks_of({"peaks": None}) == ()
