"""QZ26 #3, the board's pure code: at 22:30 on giao thừa the operations cell read green "2/2 Xếp đủ" while both people
rostered 18:00–06:00 had not come (past the check-in's grace, not checked in). A cell with someone not come on a shift
under way is now "absent" (the alarm's colour, "2/2 xếp, 0 có mặt"), names them and since when, and the board lists
them once each at its top; a shift not begun is not absent, nor is an ended one (history), nor someone vouched for at
a handover. The cell's shifts are listed under way first, then to come, then ended."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from portal.domain.board import (
    CELL_ABSENT,
    CELL_GAP,
    CELL_OK,
    Shortfall,
    Site,
    build_board,
    day_absences,
    not_come,
    present_now,
)
from portal.domain.shifts import Shift, timing_rank
from support import present

ICT = timezone(timedelta(hours=7))
BORDER = "33333333-3333-3333-3333-333333333333"
NOW = datetime(2027, 2, 5, 22, 30, tzinfo=ICT)
SITES = [Site(BORDER, "Trạm BTS Thái Bình Trung", True)]


def _shift(
    shift_id: str, start: datetime, end: datetime, people: list[tuple[str, str, datetime | None]], **more: Any
) -> dict[str, Any]:
    return {
        "id": shift_id,
        "duty_type": more.pop("duty_type", "operations"),
        "site_id": more.pop("site_id", None),
        "starts_at": start.astimezone(UTC).isoformat(),
        "ends_at": end.astimezone(UTC).isoformat(),
        "status": more.pop("status", "published"),
        "version": 1,
        "assignees": [
            {"staff_id": i, "full_name": n, "checked_in_at": at.astimezone(UTC).isoformat() if at else None}
            for i, n, at in people
        ],
        **more,
    }


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 2, day, hour, minute, tzinfo=ICT)


TONIGHT = _shift(
    "s-tonight", _at(5, 18), _at(6, 6), [("p1", "Trần Hữu Phát", None), ("p2", "Nguyễn Thị Ánh Nguyệt", None)]
)
MORNING = _shift("s-morning", _at(5, 6), _at(5, 18), [("p3", "Lê Văn Tâm", _at(5, 6, 2))])
LAST_NIGHT = _shift("s-last-night", _at(4, 18), _at(5, 6), [("p4", "Phạm Thị Hoa", None)])
TOMORROW = _shift("s-tomorrow", _at(6, 6), _at(6, 18), [("p5", "Võ Minh Khang", None)])
PATROL = _shift(
    "s-patrol",
    _at(5, 18),
    _at(6, 6),
    [("p6", "Kiều Văn Sơn", None), ("p7", "Đỗ Văn Lực", _at(5, 18, 5))],
    duty_type="patrol",
    site_id=BORDER,
)


def _duty(key: str, vi: str, coverage: list[dict[str, Any]], shifts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"duty_type": key, "name_vi": vi, "name_en": key, "coverage": coverage, "shifts": shifts, "people": []}


def _met(required: int, site: str | None = None) -> list[dict[str, Any]]:
    return [{"site_id": site, "required": required, "planned": required, "met": True, "gaps": []}]


def _answer(operations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    ops = operations if operations is not None else [LAST_NIGHT, MORNING, TONIGHT]
    return {
        "campaign": {"id": "c1", "name": "Tết Đinh Mùi 2027"},
        "enterprise": {"id": "e1", "name": "Viettel Long An"},
        "from": "2027-02-05",
        "to": "2027-02-06",
        "days": [
            {
                "date": "2027-02-05",
                "peaks": [],
                "duty_types": [
                    _duty("operations", "Trực điều hành", _met(2), ops),
                    _duty("patrol", "Tuần tra biên giới", _met(2, BORDER), [PATROL]),
                ],
            },
            {
                "date": "2027-02-06",
                "peaks": [],
                "duty_types": [
                    _duty("operations", "Trực điều hành", _met(2), [TONIGHT, TOMORROW]),
                    _duty("patrol", "Tuần tra biên giới", _met(2, BORDER), [PATROL]),
                ],
            },
        ],
    }


def test_a_cell_whose_people_have_not_come_is_in_the_alarms_colour_and_names_them_since_when() -> None:
    board = build_board(_answer(), SITES, now=NOW)
    cell = present(board.cell(date(2027, 2, 5), "operations"))
    assert (cell.status, cell.css) == ("absent", CELL_ABSENT)
    assert (cell.shown_planned, cell.required, cell.present, cell.absent) == (2, 2, 0, 2)
    assert [(n.full_name, n.minutes, n.since) for n in cell.not_come] == [
        ("Trần Hữu Phát", 270, _at(5, 18)),  # "quá 4 giờ 30 phút"
        ("Nguyễn Thị Ánh Nguyệt", 270, _at(5, 18)),
    ]
    # the border patrol: one of two came, one has not — the alarm all the same, "2/2 xếp, 1 có mặt"
    patrol = present(board.cell(date(2027, 2, 5), "patrol", BORDER))
    assert (patrol.status, patrol.present, [n.full_name for n in patrol.not_come]) == ("absent", 1, ["Kiều Văn Sơn"])
    # the banner: each person once (the night shift lies in two days' cells: its first day's), the cells they are in
    assert [(n.full_name, n.day, n.column.key) for n in board.not_come] == [
        ("Kiều Văn Sơn", date(2027, 2, 5), ("patrol", BORDER)),
        ("Nguyễn Thị Ánh Nguyệt", date(2027, 2, 5), ("operations", None)),
        ("Trần Hữu Phát", date(2027, 2, 5), ("operations", None)),
    ]
    # the night shifts lie in both days' cells; only the evening's, whose hours have begun, cries an absence
    assert board.absent_cells == 2


def test_one_not_come_where_enough_others_are_there_keeps_the_cells_colour_and_is_named() -> None:
    enough = _shift(
        "s-three",
        _at(5, 18),
        _at(6, 6),
        [("p1", "Trần Hữu Phát", None), ("p8", "Lý Văn Tư", _at(5, 18)), ("p9", "Mai Thị Hạnh", _at(5, 18, 2))],
    )
    cell = present(build_board(_answer([enough]), SITES, now=NOW).cell(date(2027, 2, 5), "operations"))
    assert (cell.status, cell.present, [n.full_name for n in cell.not_come]) == ("ok", 2, ["Trần Hữu Phát"])
    assert cell.met_word == "board.met_rostered"  # "Xếp đủ", the badge saying who is not there (QZ14 #8)


def test_within_the_grace_before_the_start_or_after_the_end_nobody_is_absent() -> None:
    within = build_board(_answer(), SITES, now=_at(5, 18, 15))  # the grace is 15 minutes: not yet
    cell = present(within.cell(date(2027, 2, 5), "operations"))
    assert (cell.status, cell.css, cell.not_come, cell.not_checked_in) == ("ok", CELL_OK, (), 2)
    assert within.not_come == ()
    # before tonight's shift began: the morning's checked in, tonight's is no one's absence yet
    before = build_board(_answer(), SITES, now=_at(5, 17))
    assert present(before.cell(date(2027, 2, 5), "operations")).status == "ok" and before.not_come == ()
    # last night's shift ended without a check-in: history ("không điểm danh"), not an absence now
    ended = present(build_board(_answer([LAST_NIGHT]), SITES, now=_at(5, 7)).cell(date(2027, 2, 5), "operations"))
    assert (ended.status, ended.missed, ended.not_come) == ("ok", 1, ())
    # no moment (a board read without the clock): nothing said
    assert not_come([TONIGHT], None) == () and present_now([TONIGHT], None) == 0


def test_checked_in_or_vouched_for_is_there() -> None:
    came = _shift("s-came", _at(5, 18), _at(6, 6), [("p1", "Trần Hữu Phát", _at(5, 21))])
    assert not_come([came], NOW) == () and present_now([came], NOW) == 1
    # the manager's word at a handover that he was there (QZ18 #5): not absent, and there
    assert not_come([TONIGHT], NOW, {"s-tonight"}) == () and present_now([TONIGHT], NOW, {"s-tonight"}) == 2


def test_a_gap_stays_a_gap_and_says_who_has_not_come_too() -> None:
    answer = _answer()
    answer["days"][0]["duty_types"][0]["coverage"] = [
        {
            "site_id": None,
            "required": 3,
            "planned": 2,
            "met": False,
            "gaps": [
                {
                    "starts_at": _at(5, 18).astimezone(UTC).isoformat(),
                    "ends_at": _at(6, 0).astimezone(UTC).isoformat(),
                    "required": 3,
                    "planned": 2,
                    "peak": None,
                }
            ],
        }
    ]
    cell = present(build_board(answer, SITES, now=NOW).cell(date(2027, 2, 5), "operations"))
    assert (cell.status, cell.css, len(cell.not_come)) == ("gap", CELL_GAP, 2)


def test_a_cells_shifts_are_under_way_first_then_to_come_then_ended() -> None:
    shifts = [Shift.from_api(s) for s in (LAST_NIGHT, MORNING, TONIGHT, TOMORROW)]
    ordered = sorted(shifts, key=lambda s: timing_rank(s, NOW))
    assert [s.id for s in ordered] == ["s-tonight", "s-tomorrow", "s-last-night", "s-morning"]


def test_a_night_shift_not_come_reddens_the_next_mornings_cell_only_once_its_hours_begin() -> None:
    """QZ26 Q3 leftover: at 22:30 an 18:00–06:00 no-show turned both day cells red, the evening's and the next
    morning's; the morning's hours have not begun, so its cell cries nothing before midnight — and does after it."""
    tomorrow = present(build_board(_answer(), SITES, now=NOW).cell(date(2027, 2, 6), "operations"))
    assert (tomorrow.status, tomorrow.absent, tomorrow.not_checked_in, tomorrow.not_come) == ("ok", 0, 0, ())
    assert tomorrow.check_in_badge is None and tomorrow.met_word == "board.met"
    patrol = present(build_board(_answer(), SITES, now=NOW).cell(date(2027, 2, 6), "patrol", BORDER))
    assert (patrol.status, patrol.present) == ("ok", 0)
    after_midnight = build_board(_answer(), SITES, now=_at(6, 0, 30))
    cell = present(after_midnight.cell(date(2027, 2, 6), "operations"))
    assert (cell.status, [n.full_name for n in cell.not_come]) == ("absent", ["Trần Hữu Phát", "Nguyễn Thị Ánh Nguyệt"])
    # the banner still names each once, at the evening's cell where the shift began
    assert {n.day for n in after_midnight.not_come} == {date(2027, 2, 5)}


def test_the_banner_names_giao_thuas_shifts_by_the_lunar_calendar() -> None:
    """QZ26 Q3 leftover: "2 người chưa đến ca" on giao thừa; the night into mùng 1 (05→06/02/2027, 29 tháng Chạp
    Bính Ngọ → Mùng 1 Tết Đinh Mùi) is said "ca giao thừa" — by the lunar calendar, not the board's peaks (none here)."""
    board = build_board(_answer(), SITES, now=NOW)
    assert all(n.giao_thua for n in board.not_come) and board.not_come_giao_thua
    # the night before (04→05/02) is an ordinary night: its no-show, at 05:00, is not on giao thừa
    night_before = build_board(_answer(), SITES, now=_at(5, 5))
    assert [(n.full_name, n.giao_thua) for n in night_before.not_come] == [("Phạm Thị Hoa", False)]
    assert not night_before.not_come_giao_thua


def test_a_past_day_audit_counts_absent_is_not_green() -> None:
    """QZ27 #2 (m15): Viettel's operations on 05/02 — every shift ended "Không điểm danh" — read green "Đủ người suốt
    ngày"; audit's shortfalls of the key that day make the cell "absent", with their person-minutes and the fewest
    there, and another key's or another day's leave it alone."""
    ict = timezone(timedelta(hours=7))
    night = Shortfall(
        "operations", None, datetime(2027, 2, 4, 18, 15, tzinfo=ict), datetime(2027, 2, 5, 6, tzinfo=ict), 1, 1, 0
    )
    day = Shortfall(
        "operations", None, datetime(2027, 2, 5, 6, 15, tzinfo=ict), datetime(2027, 2, 5, 18, tzinfo=ict), 2, 2, 0
    )
    other = Shortfall(
        "patrol", "site-1", datetime(2027, 2, 5, 6, 15, tzinfo=ict), datetime(2027, 2, 5, 18, tzinfo=ict), 1, 1, 0
    )
    minutes, spans, least = day_absences([night, day, other], date(2027, 2, 5), "operations", None)
    assert minutes == 6 * 60 + 2 * (11 * 60 + 45)  # 00:00–06:00 of the night, two people 06:15–18:00
    assert spans == ((datetime(2027, 2, 5, 0, 0, tzinfo=ict), night.ends_at), (day.starts_at, day.ends_at))
    assert least == 0
    assert day_absences([night, day, other], date(2027, 2, 6), "operations", None) == (0, (), None)
