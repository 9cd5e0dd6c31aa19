"""The board's pure code: the grid built from roster's board answer (columns per duty type and
site, gaps and met cells, peaks, drafts), the suggested time of a new shift, and the shift
helpers (warnings naming the other shift, double bookings, people offered, local inputs)."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from lichtruc.text import sort_key
from portal.app import load_catalogue
from portal.domain.board import (
    CELL_GAP,
    CELL_NONE,
    CELL_OK,
    CELL_PENDING,
    PRESENCE,
    Cell,
    Gap,
    Site,
    build_board,
    check_in_counts,
    clock_on,
    most_on_duty,
    rest_warnings,
    suggested_span,
)
from portal.domain.campaigns import CampaignChoice
from portal.domain.i18n import placeholders
from portal.domain.shifts import (
    Shift,
    chosen_first,
    clashes_of,
    handover_from,
    local_input,
    parse_local_input,
    rule_warnings,
    staff_options,
    vouched_ids,
)
from portal.handlers.board import Choice, Chooser
from support import present

ICT = timezone(timedelta(hours=7))
CAMPAIGN = "11111111-1111-1111-1111-111111111111"
ENTERPRISE = "22222222-2222-2222-2222-222222222222"
BORDER_SITE = "33333333-3333-3333-3333-333333333333"
PORTAL = Path(__file__).resolve().parents[2] / "services" / "portal" / "src" / "portal"


def _shift(
    shift_id: str,
    duty: str,
    start: datetime,
    end: datetime,
    status: str = "published",
    people=(("a", "Âu Văn Kiệt"),),
    site: str | None = None,
    warnings=(),
) -> dict:
    return {
        "id": shift_id,
        "duty_type": duty,
        "site_id": site,
        "starts_at": start.astimezone(UTC).isoformat(),
        "ends_at": end.astimezone(UTC).isoformat(),
        "status": status,
        "version": 1,
        "notes": None,
        "cancel_reason": None,
        "assignees": [{"staff_id": s, "full_name": n} for s, n in people],
        "warnings": list(warnings),
    }


def _utc(y, m, d, h=0) -> str:
    return datetime(y, m, d, h, tzinfo=ICT).astimezone(UTC).isoformat().replace("+00:00", "Z")


def _answer() -> dict:
    """Two days: giao thừa (5/2, a peak, all met) and mùng 2 (7/2, incident response short 18:00–24:00),
    with a patrol required at a border site only."""

    def duty(key, vi, en, coverage, shifts=()):
        return {
            "duty_type": key,
            "name_vi": vi,
            "name_en": en,
            "coverage": coverage,
            "shifts": list(shifts),
            "people": [],
        }

    night = _shift(
        "s-night",
        "incident_response",
        datetime(2027, 2, 6, 18, tzinfo=ICT),
        datetime(2027, 2, 7, 6, tzinfo=ICT),
        status="draft",
    )
    return {
        "campaign": {"id": CAMPAIGN, "name": "Tết Đinh Mùi 2027"},
        "enterprise": {"id": ENTERPRISE, "name": "MobiFone Long An"},
        "from": "2027-02-05",
        "to": "2027-02-07",
        "days": [
            {
                "date": "2027-02-05",
                "lunar_name_vi": "29 tháng Chạp",
                "lunar_name_en": "29th day",
                "lunar": None,
                "peaks": [{"name": "Giao thừa", "starts_at": _utc(2027, 2, 5, 18), "ends_at": _utc(2027, 2, 6, 6)}],
                "duty_types": [
                    duty(
                        "leadership",
                        "Trực lãnh đạo",
                        "Leadership duty",
                        [{"site_id": None, "required": 1, "planned": 1, "met": True, "gaps": []}],
                    ),
                    duty(
                        "incident_response",
                        "Ứng cứu",
                        "Incident response",
                        [{"site_id": None, "required": 2, "planned": 1, "met": True, "gaps": []}],
                    ),
                    duty(
                        "patrol",
                        "Tuần tra",
                        "Patrol",
                        [{"site_id": BORDER_SITE, "required": 1, "planned": 1, "met": True, "gaps": []}],
                    ),
                ],
            },
            {
                "date": "2027-02-06",
                "lunar_name_vi": "Mùng 1 Tết",
                "lunar_name_en": "1st day of Tết",
                "lunar": None,
                "peaks": [],
                "duty_types": [
                    duty("leadership", "Trực lãnh đạo", "Leadership duty", []),
                    duty(
                        "incident_response",
                        "Ứng cứu",
                        "Incident response",
                        [{"site_id": None, "required": 1, "planned": 1, "met": True, "gaps": []}],
                        [night],
                    ),
                    duty("patrol", "Tuần tra", "Patrol", []),
                ],
            },
            {
                "date": "2027-02-07",
                "lunar_name_vi": "Mùng 2 Tết",
                "lunar_name_en": "2nd day of Tết",
                "lunar": None,
                "peaks": [],
                "duty_types": [
                    duty(
                        "leadership",
                        "Trực lãnh đạo",
                        "Leadership duty",
                        [{"site_id": None, "required": 1, "planned": 1, "met": True, "gaps": []}],
                    ),
                    duty(
                        "incident_response",
                        "Ứng cứu",
                        "Incident response",
                        [
                            {
                                "site_id": None,
                                "required": 1,
                                "planned": 0,
                                "met": False,
                                "gaps": [
                                    {
                                        "starts_at": _utc(2027, 2, 7, 18),
                                        "ends_at": _utc(2027, 2, 8),
                                        "required": 1,
                                        "planned": 0,
                                        "peak": None,
                                    }
                                ],
                            }
                        ],
                        [night],
                    ),
                    duty("patrol", "Tuần tra", "Patrol", []),
                ],
            },
        ],
    }


SITES = [Site(BORDER_SITE, "Trạm BTS Bình Hòa Tây", True)]


def test_columns_follow_duty_types_and_requirement_sites() -> None:
    board = build_board(_answer(), SITES)
    assert [(c.duty_type, c.site_id) for c in board.columns] == [
        ("leadership", None),
        ("incident_response", None),
        ("patrol", BORDER_SITE),
    ]
    patrol = board.columns[2]
    assert patrol.border and present(patrol.site).name == "Trạm BTS Bình Hòa Tây"
    assert board.columns[1].name("vi") == "Ứng cứu" and board.columns[1].name("en") == "Incident response"
    # A site the caller cannot list still gets its own column, named by its id.
    assert present(build_board(_answer(), []).columns[2].site).name == BORDER_SITE


def test_a_cell_short_for_some_hours_but_staffed_for_others_says_so() -> None:
    """07/02: incident response required, the night shift from 06/02 on duty until 06:00, short 18:00–24:00.
    Roster's count is the fewest on duty while required (0); the cell also knows the most on duty at once (1),
    so it does not read "0/1" as if nobody were booked. A cell short all day, or met, is no such cell."""
    board = build_board(_answer(), SITES)
    short = present(board.cell(date(2027, 2, 7), "incident_response"))
    assert (short.planned, short.most_on_duty, short.required, short.staffed_part) == (0, 1, 1, True)
    met = present(board.cell(date(2027, 2, 6), "incident_response"))
    assert met.most_on_duty == 1 and not met.staffed_part
    answer = _answer()
    answer["days"][2]["duty_types"][1]["shifts"] = []  # nobody at all on 07/02: "0/1" is the truth
    alone = present(build_board(answer, SITES).cell(date(2027, 2, 7), "incident_response"))
    assert (alone.most_on_duty, alone.staffed_part) == (0, False)


def test_a_cell_says_its_check_ins_in_one_badge_each_person_once() -> None:
    """QZ14 #8: Bảy past his check-in's grace and Hòa whose shift ended without one: one badge in presence's look,
    Bảy counted once ("chưa có mặt", not also "chưa điểm danh"), the plan's word "Xếp đủ"; one still within the grace
    only: the plain "not yet" tag and "Đủ người"; nobody missing: no badge."""
    column = present(build_board(_answer(), SITES).cell(date(2027, 2, 7), "incident_response")).column

    def cell(*, not_checked_in: int = 0, absent: int = 0, missed: int = 0) -> Cell:
        return Cell(
            date(2027, 2, 7), column, 1, 1, (), 1, 0, False, not_checked_in=not_checked_in, absent=absent, missed=missed
        )

    both = cell(not_checked_in=2, absent=1, missed=1)
    badge = present(both.check_in_badge)
    assert badge.css == PRESENCE and both.met_word == "board.met_rostered"
    assert badge.parts == (("board.not_present", 1), ("board.not_checked_in", 1), ("board.missed_check_in", 1))
    waiting = cell(not_checked_in=1)
    assert present(waiting.check_in_badge).css == "peak" and waiting.met_word == "board.met"
    assert present(cell(missed=1).check_in_badge).css == PRESENCE and cell(missed=1).met_word == "board.met_rostered"
    assert cell().check_in_badge is None and cell(not_checked_in=1, absent=1).check_in_badge == type(badge)(
        PRESENCE, (("board.not_present", 1),)
    )
    words = load_catalogue()
    assert [words.text(k, "vi", count=n) for k, n in badge.parts] == [
        "1 người chưa có mặt",
        "1 người chưa điểm danh",
        "1 người không điểm danh",
    ]


def test_hours_short_of_people_are_said_by_one_rule_whoever_is_there() -> None:
    """QZ13 #13: someone on duty throughout but fewer than required (1 of 2, 2 at once for part of the day) is
    "Thiếu người 00:00–06:00 (1/2)", like its neighbour's "1/2", not "Có người trực một phần giờ", which is for a cell
    with nobody for some hours ("Không có ai …"); the cells and the legend word it by Gap.said_as."""
    board = build_board(_answer(), SITES)
    short = present(board.cell(date(2027, 2, 7), "incident_response"))
    assert [g.said_as for g in short.gaps] == ["nobody"]  # 0 of 1 for 18:00–24:00
    at, until = datetime(2027, 2, 6, 17, tzinfo=UTC), datetime(2027, 2, 6, 23, tzinfo=UTC)
    two_short = Gap(starts_at=at, ends_at=until, required=2, planned=1, peak=None)
    assert two_short.said_as == "short" and Gap(at, until, 2, 0, None).said_as == "nobody"
    column = short.column
    one_of_two = Cell(date(2027, 2, 7), column, 2, 1, (two_short,), 2, 0, False, most_on_duty=2)
    assert not one_of_two.staffed_part  # counted "1/2" as its neighbour, its short hours said by the gap
    words = load_catalogue()
    said = {
        g.said_as: words.text(f"board.gap_{g.said_as}", "vi", hours="00:00–06:00", planned=g.planned, required=2)
        for g in (two_short, Gap(at, until, 2, 0, None))
    }
    assert said == {"short": "Thiếu người 00:00–06:00 (1/2)", "nobody": "Không có ai 00:00–06:00"}


def test_most_on_duty_counts_people_at_once_within_the_day_never_a_cancelled_shift() -> None:
    day = date(2027, 2, 7)
    early = _shift("e", "patrol", datetime(2027, 2, 7, 6, tzinfo=ICT), datetime(2027, 2, 7, 12, tzinfo=ICT))
    late = _shift("l", "patrol", datetime(2027, 2, 7, 12, tzinfo=ICT), datetime(2027, 2, 7, 18, tzinfo=ICT))
    pair = _shift(
        "p", "patrol", datetime(2027, 2, 7, 11, tzinfo=ICT), datetime(2027, 2, 7, 13, tzinfo=ICT),
        people=(("b", "Bùi Văn Bình"), ("c", "Cao Thị Cúc")),
    )  # fmt: skip
    gone = {**pair, "status": "cancelled"}
    yesterday = _shift("y", "patrol", datetime(2027, 2, 6, 6, tzinfo=ICT), datetime(2027, 2, 7, 0, tzinfo=ICT))
    assert most_on_duty([early, late], day) == 1  # one hands over to the next at 12:00: never two at once
    assert most_on_duty([early, late, pair], day) == 3
    assert most_on_duty([early, gone, yesterday], day) == 1
    assert most_on_duty([], day) == 0


def test_the_drafts_rest_warnings_are_counted_with_the_people_they_are_about() -> None:
    rest = {"rule": "min-rest", "staff_id": "a", "rest_hours": 6.0, "shift_id": "x"}
    nights = {"rule": "night-shifts", "staff_id": "b", "night_shifts": 4}
    start, end = datetime(2027, 2, 7, 6, tzinfo=ICT), datetime(2027, 2, 7, 18, tzinfo=ICT)
    both = (("a", "Âu Văn Kiệt"), ("b", "Bùi Văn Bình"))
    drafts = [
        _shift("1", "patrol", start, end, status="draft", people=both, warnings=[rest, nights]),
        _shift("2", "patrol", start, end, status="draft", warnings=[rest]),
        _shift("3", "patrol", start, end, status="draft"),
    ]
    assert rest_warnings(drafts) == (2, ("Âu Văn Kiệt", "Bùi Văn Bình"))
    assert rest_warnings(drafts[2:]) == (0, ())
    answer = _answer()
    answer["days"][1]["duty_types"][1]["shifts"][0]["warnings"] = [rest]  # the night draft, on two days
    board = build_board(answer, SITES)
    assert (board.drafts, board.warned_drafts, board.warned_people) == (1, 1, ("Âu Văn Kiệt",))


def test_the_period_line_does_not_repeat_a_day_the_campaigns_name_holds() -> None:
    answer = {**_answer(), "campaign": {"id": CAMPAIGN, "name": "Diễn tập trực Tết 05/02/2027"}}
    assert build_board(answer, SITES).period_name == "Diễn tập trực Tết"
    assert build_board(_answer(), SITES).period_name == "Tết Đinh Mùi 2027"


def test_gap_met_and_none_cells() -> None:
    board = build_board(_answer(), SITES)
    gap = present(board.cell(date(2027, 2, 7), "incident_response"))
    assert gap.status == "gap" and gap.css == CELL_GAP
    assert (gap.planned, gap.required, gap.uncovered_minutes) == (0, 1, 360)
    assert gap.gaps[0].hours_on(date(2027, 2, 7)) == "18:00–24:00"
    assert gap.testid == "cell-2027-02-07-incident_response"
    met = present(board.cell(date(2027, 2, 7), "leadership"))
    assert met.status == "ok" and met.css == CELL_OK
    none = present(board.cell(date(2027, 2, 6), "leadership"))
    assert none.status == "none" and none.css == CELL_NONE and none.required is None
    assert (
        present(board.cell(date(2027, 2, 5), "patrol", BORDER_SITE)).testid == f"cell-2027-02-05-patrol-{BORDER_SITE}"
    )
    assert board.cell(date(2027, 2, 5), "patrol") is None  # the patrol is only required at its site
    assert board.gap_cells == 1
    assert board.required_cells > board.gap_cells  # "every cell is covered" is said of a board that requires


def test_a_cell_met_only_with_drafts_is_covered_once_published_not_covered() -> None:
    """QA 2026-12-06: "Every cell is covered." and "1/1 Covered 1 draft" over a cell whose only shift was a draft, while
    the inspector read a gap there. roster counts the draft as planned (no gap) and says the cell is not met by published
    shifts alone: the cell is its own state, and the board counts it apart from the covered ones."""
    answer = _answer()
    for day in answer["days"]:
        for duty in day["duty_types"]:
            for cover in duty["coverage"]:
                cover["gaps"] = []  # every cell met: only the draft-held one may keep "every cell is covered" away
    covered = build_board(answer, SITES)
    assert (covered.gap_cells, covered.pending_cells) == (0, 0)  # an answer without met_published: as before
    answer["days"][1]["duty_types"][1]["coverage"][0]["met_published"] = False  # the night draft holds it
    board = build_board(answer, SITES)
    pending = present(board.cell(date(2027, 2, 6), "incident_response"))
    assert (pending.status, pending.css, pending.draft_count, pending.shown_planned) == ("pending", CELL_PENDING, 1, 1)
    assert (board.gap_cells, board.pending_cells, board.pending_drafts) == (0, 1, 1)
    assert present(board.cell(date(2027, 2, 5), "leadership")).status == "ok"
    assert (pending.planned_published, pending.counts_apart) == (None, False)  # an older roster: one count, as before
    answer["days"][1]["duty_types"][1]["coverage"][0]["planned_published"] = 0
    apart = present(build_board(answer, SITES).cell(date(2027, 2, 6), "incident_response"))
    assert (apart.planned_published, apart.counts_apart) == (0, True)


def test_the_publish_all_words_say_one_draft_or_how_many() -> None:
    """QA 2026-12-06: "1 of the 1 draft shift carries…", "1/1 ca nháp có cảnh báo…", "Công bố tất cả 1 ca nháp"."""
    words = load_catalogue()

    def say(key: str, lang: str, **params: object) -> str:
        return words.text(f"board.{key}", lang, **params)

    one = {"count": 1, "warned": 1, "names": "Võ Văn Thành"}
    some = {"count": 5, "warned": 2, "names": "Võ Văn Thành, Lê Thị Bình"}
    assert say("publish_all_warned", "en", **one) == (
        "The draft shift carries a rest warning (Võ Văn Thành). Review it first if need be."
    )
    assert say("publish_all_warned", "en", **some).startswith("2 of the 5 draft shifts carry a rest warning (")
    assert say("publish_all_warned", "en", count=5, warned=1, names="X").startswith("1 of the 5 draft shifts carries")
    assert say("publish_all_warned", "vi", **one).startswith("1 ca nháp có cảnh báo về thời gian nghỉ")
    assert "Hãy xem lại ca đó " in say("publish_all_warned", "vi", **one)
    assert say("publish_all_warned", "vi", **some).startswith("2 trong số 5 ca nháp có cảnh báo")
    assert (say("publish_all", "vi", count=1), say("publish_all", "vi", count=5)) == (
        "Công bố ca nháp",
        "Công bố cả 5 ca nháp",
    )
    assert (say("publish_all", "en", count=1), say("publish_all", "en", count=5)) == (
        "Publish the draft shift",
        "Publish the 5 draft shifts",
    )
    assert say("publish_all_confirm", "en", count=2).startswith("Publish the 2 draft shifts? ")
    assert say("publish_all_confirm", "vi", count=1).startswith("Công bố ca nháp? ")
    # QA 2026-12-06: "1 ô chỉ đủ người khi các ca nháp được công bố", "1 cell … once its draft shifts are published"
    assert (
        say("pending_summary", "en", count=1, drafts=1) == "1 cell is covered only once its draft shift is published."
    )
    assert (
        say("pending_summary", "en", count=1, drafts=2) == "1 cell is covered only once its draft shifts are published."
    )
    assert say("pending_summary", "en", count=3, drafts=4) == (
        "3 cells are covered only once their draft shifts are published."
    )
    assert say("pending_summary", "vi", count=1, drafts=1) == "1 ô chỉ đủ người khi ca nháp của nó được công bố."
    assert say("pending_summary", "vi", count=3, drafts=4) == "3 ô chỉ đủ người khi các ca nháp của chúng được công bố."


def test_a_board_that_requires_nothing_is_not_said_to_be_covered() -> None:
    """QA round 3: "Mọi ô đều đủ người." stood over a board whose every cell read "Không yêu cầu"."""
    answer = _answer()
    for day in answer["days"]:
        for duty in day["duty_types"]:
            duty["coverage"] = []
    board = build_board(answer, SITES)
    assert (board.gap_cells, board.required_cells) == (0, 0)


def test_met_cell_reads_at_least_its_requirement() -> None:
    # roster: the fewest planned while required (1) against the most required (2, the peak), yet met.
    cell = present(build_board(_answer(), SITES).cell(date(2027, 2, 5), "incident_response"))
    assert (cell.planned, cell.required, cell.shown_planned) == (1, 2, 2)
    gap = present(build_board(_answer(), SITES).cell(date(2027, 2, 7), "incident_response"))
    assert gap.shown_planned == 0


def test_peaks_days_and_drafts() -> None:
    board = build_board(_answer(), SITES)
    assert [d.peak for d in board.days] == [True, False, False]
    assert board.days[0].peaks == ("Giao thừa",)
    assert all(c.peak for c in board.days[0].cells)
    assert board.days[2].lunar("vi") == "Mùng 2 Tết" and board.days[2].lunar("en") == "2nd day of Tết"
    assert board.drafts == 1  # the same draft on two days counts once
    assert present(board.cell(date(2027, 2, 6), "incident_response")).draft_count == 1
    assert (board.first, board.last) == (date(2027, 2, 5), date(2027, 2, 7))


def test_cell_urls() -> None:
    board = build_board(_answer(), SITES)
    assert board.base_url == f"/manage/board/{CAMPAIGN}/{ENTERPRISE}"
    assert board.cell_url(date(2027, 2, 7), "incident_response") == (
        f"/manage/board/{CAMPAIGN}/{ENTERPRISE}/cell?day=2027-02-07&duty_type=incident_response"
    )
    assert board.cell_url(date(2027, 2, 5), "patrol", BORDER_SITE).endswith(f"&site_id={BORDER_SITE}")


def test_suggested_span_is_the_gap_carried_into_the_next_morning() -> None:
    answer = _answer()
    answer["to"] = "2027-02-08"
    answer["days"].append(
        {
            "date": "2027-02-08",
            "lunar_name_vi": "Mùng 3 Tết",
            "lunar_name_en": "3rd day of Tết",
            "lunar": None,
            "peaks": [],
            "duty_types": [
                {
                    "duty_type": "incident_response",
                    "name_vi": "Ứng cứu",
                    "name_en": "IR",
                    "people": [],
                    "shifts": [],
                    "coverage": [
                        {
                            "site_id": None,
                            "required": 1,
                            "planned": 0,
                            "met": False,
                            "gaps": [
                                {
                                    "starts_at": _utc(2027, 2, 8),
                                    "ends_at": _utc(2027, 2, 8, 6),
                                    "required": 1,
                                    "planned": 0,
                                    "peak": None,
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )
    board = build_board(answer, SITES)
    start, end = suggested_span(board, present(board.cell(date(2027, 2, 7), "incident_response")))
    assert (local_input(start), local_input(end)) == ("2027-02-07T18:00", "2027-02-08T06:00")
    # Without a gap: the day shift.
    start, end = suggested_span(board, present(board.cell(date(2027, 2, 7), "leadership")))
    assert (local_input(start), local_input(end)) == ("2027-02-07T06:00", "2027-02-07T18:00")


def test_suggested_span_stays_inside_a_campaign_that_starts_and_ends_within_a_day() -> None:
    board = build_board(_answer(), SITES)
    cell = present(board.cell(date(2027, 2, 7), "leadership"))
    day = date(2027, 2, 7)

    def at(h: int, m: int = 0, s: int = 0, d: date = day) -> datetime:
        return datetime(d.year, d.month, d.day, h, m, s, tzinfo=ICT)

    def offered(starts: datetime, ends: datetime) -> tuple[str, str]:
        start, end = suggested_span(board, cell, (starts, ends))
        return local_input(start), local_input(end)

    # Its last day ends at 10:24: the day shift is cut there; its first day starts at 09:24:30, on the next minute.
    assert offered(at(0), at(10, 24)) == ("2027-02-07T06:00", "2027-02-07T10:24")
    assert offered(at(9, 24, 30), at(23)) == ("2027-02-07T09:25", "2027-02-07T18:00")
    # A first day starting after the day shift: the evening; a last day ending before it: the night before.
    assert offered(at(20), at(23, d=date(2027, 2, 9))) == ("2027-02-07T20:00", "2027-02-08T08:00")
    assert offered(at(0, d=date(2027, 2, 5)), at(5)) == ("2027-02-06T17:00", "2027-02-07T05:00")
    # A whole day inside the campaign: the day shift as before.
    assert offered(at(0, d=date(2027, 2, 5)), at(0, d=date(2027, 2, 9))) == ("2027-02-07T06:00", "2027-02-07T18:00")


def test_suggested_span_on_today_starts_at_the_next_full_hour() -> None:
    """QA (Tết week): at 20:52 on giao thừa the plan form offered 06:00–18:00 that day, already over."""
    board = build_board(_answer(), SITES)
    day = date(2027, 2, 7)
    leader = present(board.cell(day, "leadership"))
    evening = present(board.cell(day, "incident_response"))  # its gap: 18:00 to midnight

    def offered(cell, h: int, m: int, d: date = day) -> tuple[str, str]:
        start, end = suggested_span(board, cell, now=datetime(d.year, d.month, d.day, h, m, tzinfo=ICT))
        return local_input(start), local_input(end)

    # The day shift over: from the next hour to its end 12 hours on (the night shift's end).
    assert offered(leader, 20, 52) == ("2027-02-07T21:00", "2027-02-08T06:00")
    # Under way: from the next hour to its usual end.
    assert offered(leader, 9, 5) == ("2027-02-07T10:00", "2027-02-07T18:00")
    assert offered(evening, 20, 52) == ("2027-02-07T21:00", "2027-02-08T00:00")
    # Not yet begun, or another day's cell: the usual times.
    assert offered(leader, 5, 10) == ("2027-02-07T06:00", "2027-02-07T18:00")
    assert offered(leader, 20, 52, date(2027, 2, 6)) == ("2027-02-07T06:00", "2027-02-07T18:00")


def test_suggested_span_after_a_handover_passes_the_gap_already_over() -> None:
    """QZ14 #11: Bùi Quang Huy (06:00–18:00) never came; at 09:10 the shift was handed over, the replacement on duty
    from 09:10 and 06:00–09:10 uncovered. The English plan form then offered "10:00 6 Feb → 21:10" (the over gap moved
    to the next hour, its end 12 hours on). It offers the day's usual span from the next hour, and a gap under way
    from the next hour — or, when that hour is past its end, from now rounded up to 5 minutes."""
    day = date(2027, 2, 7)
    at = lambda h, m=0: datetime(2027, 2, 7, h, m, tzinfo=ICT)  # noqa: E731
    gone = _shift("s-huy", "leadership", at(6), at(18), status="cancelled", people=(("h", "Bùi Quang Huy"),))
    taker = _shift("s-nghia", "leadership", at(9, 10), at(18), people=(("n", "Lê Hữu Nghĩa"),))

    def board_with(gap_end: datetime):
        answer = _answer()
        leader = answer["days"][2]["duty_types"][0]
        gap = {"starts_at": _utc(2027, 2, 7, 6), "ends_at": gap_end.astimezone(UTC).isoformat(), "required": 1,
               "planned": 0, "peak": None}  # fmt: skip
        leader["coverage"] = [{"site_id": None, "required": 1, "planned": 0, "met": False, "gaps": [gap]}]
        leader["shifts"] = [gone, taker]
        board = build_board(answer, SITES)
        return board, present(board.cell(day, "leadership"))

    board, cell = board_with(at(9, 10))
    # the count: nobody 06:00–09:10, the replacement after — "0–1/1", not "0 planned" (the replacement counted)
    assert cell.staffed_part and (cell.planned, cell.most_on_duty) == (0, 1)

    def offered(board, cell, h: int, m: int) -> tuple[str, str]:
        start, end = suggested_span(board, cell, now=at(h, m))
        return local_input(start), local_input(end)

    assert offered(board, cell, 9, 12) == ("2027-02-07T10:00", "2027-02-07T18:00")  # the day's usual span
    assert offered(board, cell, 8, 40) == ("2027-02-07T09:00", "2027-02-07T09:10")  # the gap's rest
    assert offered(board, cell, 9, 2) == ("2027-02-07T09:05", "2027-02-07T09:10")  # … less than an hour of it left
    assert offered(board, cell, 9, 6) == ("2027-02-07T10:00", "2027-02-07T18:00")  # … nothing left to plan
    assert offered(board, cell, 5, 0) == ("2027-02-07T06:00", "2027-02-07T09:10")  # the gap, not begun
    board, cell = board_with(at(12))
    assert offered(board, cell, 9, 12) == ("2027-02-07T10:00", "2027-02-07T12:00")  # from the next hour, as before


def test_clock_on_a_day() -> None:
    day = date(2027, 2, 7)
    assert clock_on(datetime(2027, 2, 7, 18, tzinfo=ICT), day) == "18:00"
    assert clock_on(datetime(2027, 2, 8, tzinfo=ICT), day) == "24:00"
    assert clock_on(datetime(2027, 2, 8, 6, tzinfo=ICT), day) == "06:00 08/02"
    assert clock_on(datetime(2027, 2, 8, 6, tzinfo=ICT), day, "en") == "06:00 8 Feb"  # never "08/02", 2 August
    assert clock_on(datetime(2027, 2, 7, 11, tzinfo=UTC), day) == "18:00"  # any zone, read in Vietnam


def test_warnings_name_the_other_shift() -> None:
    day = _shift(
        "s-day",
        "incident_response",
        datetime(2027, 2, 7, 6, tzinfo=ICT),
        datetime(2027, 2, 7, 18, tzinfo=ICT),
        people=(("q", "Vương Minh Quân"),),
    )
    late = _shift(
        "s-late",
        "incident_response",
        datetime(2027, 2, 7, 20, tzinfo=ICT),
        datetime(2027, 2, 7, 23, tzinfo=ICT),
        people=(("q", "Vương Minh Quân"),),
        warnings=[
            {
                "rule": "min-rest",
                "staff_id": "q",
                "shift_id": "s-day",
                "rest_hours": 2.0,
                "message": "…",
                "message_vi": "… ca s-day …",
            },
            {"rule": "night-shifts", "staff_id": "q", "night_shifts": 4, "message": "n", "message_vi": "đ"},
            {"rule": "something-new", "staff_id": "q", "message": "New rule", "message_vi": "Luật mới"},
        ],
    )
    known = {"s-day": Shift.from_api(day).ref}
    rest, nights, other = rule_warnings(Shift.from_api(late), known)
    assert (rest.rule, rest.name, rest.rest_hours) == ("min-rest", "Vương Minh Quân", 2.0)
    rest_other = present(rest.other)
    assert rest_other.starts_at == datetime(2027, 2, 7, 6, tzinfo=ICT) and rest_other.duty_type == "incident_response"
    assert (nights.night_shifts, nights.other) == (4, None)
    assert other.roster_text("vi") == "Luật mới" and other.roster_text("en") == "New rule"
    # The other shift unknown to the page: no reference (the page words it without one).
    assert rule_warnings(Shift.from_api(late), {})[0].other is None


def test_double_bookings_from_the_problem() -> None:
    problem = {
        "type": "https://lichtruc.vn/problems/no-double-booking",
        "staff_id": "a",
        "conflicting_shift_id": "s1",
        "errors": [
            {
                "field": "assignees.0",
                "rule": "no-double-booking",
                "message": "…",
                "conflicting_shift_id": "s1",
                "staff_id": "a",
            },
            {"field": "assignees.1", "rule": "no-double-booking", "message": "…", "shift_id": "s2", "staff_id": "b"},
        ],
    }
    assert clashes_of(problem) == [("a", "s1"), ("b", "s2")]
    assert clashes_of({"errors": []}) == []


def test_people_offered_qualified_first_in_the_staff_lists_name_order_the_chosen_first() -> None:
    """QA: by the last word, an import's "Trần Thanh Vinh 001, Võ Thị Dũng 002…" came first and the leaders whose
    names end in a letter last. The picker orders as /manage/staff does (lichtruc.text.sort_key of the full name:
    "Lê" before "Ngô" before "Nguyễn", "Trần" before "Trương", numbers by value); a shift's people come first."""
    names = [
        "Trần Thanh Vinh 001",
        "Võ Thị Dũng 002",
        "Phạm Ngọc Mai 009",
        "Trần Thanh Vinh 10",
        "Trương Văn Ba",
        "Trần Thị Thu Hà",
        "Nguyễn Văn Hùng",
        "Ngô Bảo Châu",
        "Lê Minh Tuấn",
        "Đỗ Văn Đạt",
        "Đinh Văn Hậu",
    ]
    staff = [{"id": str(i), "full_name": n, "qualifications": ["leader"], "active": True} for i, n in enumerate(names)]
    staff += [
        {"id": "x", "full_name": "Âu Văn Kiệt", "qualifications": ["guard"], "active": True},
        {"id": "y", "full_name": "Người Đã Nghỉ", "qualifications": ["leader"], "active": False},
    ]
    options = staff_options(staff, "leader")
    assert [(o.full_name, o.qualified) for o in options] == [
        ("Đinh Văn Hậu", True),
        ("Đỗ Văn Đạt", True),
        ("Lê Minh Tuấn", True),
        ("Ngô Bảo Châu", True),
        ("Nguyễn Văn Hùng", True),
        ("Phạm Ngọc Mai 009", True),
        ("Trần Thanh Vinh 001", True),
        ("Trần Thanh Vinh 10", True),
        ("Trần Thị Thu Hà", True),
        ("Trương Văn Ba", True),
        ("Võ Thị Dũng 002", True),
        ("Âu Văn Kiệt", False),
    ]
    assert [o.full_name for o in options] == sorted(names, key=sort_key) + ["Âu Văn Kiệt"]  # the one key
    assert options[4].folded == "nguyen van hung"  # what the search box compares (portal.js folds alike)

    chosen = {"x", str(names.index("Trương Văn Ba")), str(names.index("Lê Minh Tuấn"))}
    assert [o.full_name for o in chosen_first(options, chosen)][:3] == ["Lê Minh Tuấn", "Trương Văn Ba", "Đinh Văn Hậu"]
    assert [o.full_name for o in chosen_first(options, chosen)][-2:] == ["Võ Thị Dũng 002", "Âu Văn Kiệt"]
    assert chosen_first(options, ()) == options


def test_local_inputs_are_vietnam_time() -> None:
    assert parse_local_input("2027-02-07T18:00") == datetime(2027, 2, 7, 18, tzinfo=ICT)
    assert present(parse_local_input("2027-02-07T18:00:30")).second == 30
    assert parse_local_input("") is None and parse_local_input("mai") is None
    assert local_input(datetime(2027, 2, 7, 11, tzinfo=UTC)) == "2027-02-07T18:00"


def test_catalogue_of_the_board_in_both_languages() -> None:
    for name in ("board", "shift"):
        vi = _flat(tomllib.loads((PORTAL / "messages" / "vi" / f"{name}.toml").read_text("utf-8")))
        en = _flat(tomllib.loads((PORTAL / "messages" / "en" / f"{name}.toml").read_text("utf-8")))
        assert vi.keys() == en.keys(), name
        for key in vi:
            assert placeholders(vi[key]) == placeholders(en[key]), key
    keys = set()
    for template in (PORTAL / "templates" / "manager").glob("*.html"):
        if template.name.startswith(("board", "cell", "shift")):
            keys |= set(
                re.findall(r"""\bt\(\s*["']((?:board|shift)\.[a-z_.]*[a-z_])["']""", template.read_text("utf-8"))
            )
    flat = {f"board.{k}" for k in _flat(tomllib.loads((PORTAL / "messages/vi/board.toml").read_text("utf-8")))}
    flat |= {f"shift.{k}" for k in _flat(tomllib.loads((PORTAL / "messages/vi/shift.toml").read_text("utf-8")))}
    assert keys and keys <= flat, keys - flat
    # Keys built from a value: every status, qualification and done message the pages may show.
    for status in ("draft", "published", "checked_in", "completed", "cancelled"):
        assert f"shift.status.{status}" in flat
    for qualification in ("leader", "operator", "technician", "guard"):
        assert f"shift.qualification.{qualification}" in flat
    from portal.api.routes.manage import DONE

    assert {f"board.done.{d}" for d in DONE} <= flat


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_a_board_opens_without_asking_only_when_there_is_one_enterprise_and_a_campaign() -> None:
    tet = CampaignChoice(
        CAMPAIGN, "Tết Đinh Mùi 2027", "tet", datetime(2027, 1, 30, tzinfo=ICT), datetime(2027, 2, 16, tzinfo=ICT)
    )
    next_year = CampaignChoice(
        "c2", "Tết Mậu Thân 2028", "tet", datetime(2028, 1, 19, tzinfo=ICT), datetime(2028, 2, 5, tzinfo=ICT)
    )
    own, other = Choice(ENTERPRISE, "Bưu điện tỉnh Long An"), Choice("e2", "VNPT Long An")
    # The default campaign's board opens (domain.campaigns), wherever the picker lists it (newest first: second).
    assert Chooser(campaigns=(next_year, tet), enterprises=(own,), default_campaign_id=CAMPAIGN).obvious == (
        CAMPAIGN,
        ENTERPRISE,
    )
    assert Chooser(campaigns=(tet,), enterprises=(own, other), default_campaign_id=CAMPAIGN).obvious is None
    assert Chooser(campaigns=(), enterprises=(own,)).obvious is None
    assert Chooser(campaigns=(tet,), enterprises=(), default_campaign_id=CAMPAIGN).obvious is None


def test_a_shift_is_ahead_under_way_or_ended_at_the_instant_asked() -> None:
    start, end = datetime(2027, 2, 6, 8, tzinfo=ICT), datetime(2027, 2, 6, 16, tzinfo=ICT)
    shift = Shift.from_api(_shift("s", "operations", start, end))
    assert shift.timing(start - timedelta(minutes=1)) == "ahead"
    assert shift.timing(start) == shift.timing(end - timedelta(seconds=1)) == "under_way"
    assert shift.timing(end) == shift.timing(end + timedelta(days=3)) == "ended"


def test_a_shift_at_another_site_covering_a_border_site_is_in_that_sites_cell() -> None:
    """QA at 10:00 on mùng 2 Tết: a patrol at one site covering a border site (roster's covers_site_ids) made the
    border site's cell "1/1 Đủ người" (roster counts it there) with no shift in it. The covered site's column holds
    the covering shift: counted among its shifts and its people on duty; a shift at neither site is not."""
    other_site = "44444444-4444-4444-4444-444444444444"
    answer = _answer()
    patrol = answer["days"][0]["duty_types"][2]
    start, end = datetime(2027, 2, 5, 6, tzinfo=ICT), datetime(2027, 2, 5, 18, tzinfo=ICT)
    covering = _shift("s-round", "patrol", start, end, site=other_site)
    covering["covers_site_ids"] = [BORDER_SITE]
    elsewhere = _shift("s-else", "patrol", start, end, site=other_site, people=(("b", "Bùi Văn Bé"),))
    patrol["shifts"] = [covering, elsewhere]
    cell = present(build_board(answer, SITES).cell(date(2027, 2, 5), "patrol", BORDER_SITE))
    assert (cell.shift_count, cell.most_on_duty) == (1, 1)
    shift = Shift.from_api(covering)
    assert shift.covers_site_ids == (BORDER_SITE,)
    assert shift.at_site(BORDER_SITE) and shift.at_site(other_site) and shift.at_site(None)
    assert not Shift.from_api(elsewhere).at_site(BORDER_SITE)


def test_a_handover_pickers_notes_are_judged_from_the_moment_the_form_would_send() -> None:
    """QZ12 #9: the handover form's picker is judged over the rest it hands over: from the moment typed when roster
    could take it, else the form's default (now rounded up to 5 minutes, nobody came or not), within the shift."""
    start, end = datetime(2027, 2, 8, 1, tzinfo=UTC), datetime(2027, 2, 8, 9, tzinfo=UTC)  # 08:00–16:00

    def at(now: datetime, *, whole: bool = False, typed: datetime | None = None) -> datetime:
        return handover_from(starts_at=start, ends_at=end, whole=whole, now=now, typed=typed)

    assert at(datetime(2027, 2, 8, 5, 2, 1, tzinfo=UTC)) == datetime(2027, 2, 8, 5, 5, tzinfo=UTC)  # 12:02:01 → 12:05
    assert at(datetime(2027, 2, 8, 5, 5, tzinfo=UTC)) == datetime(2027, 2, 8, 5, 5, tzinfo=UTC)  # already on 5 minutes
    assert at(datetime(2027, 2, 8, 8, 58, tzinfo=UTC)) == end - timedelta(minutes=5)  # something left to hand over
    # nobody came: from now all the same, never the start (QZ13 #2: the replacement was recorded on duty from 06:00)
    assert at(datetime(2027, 2, 8, 5, 2, tzinfo=UTC), whole=True) == datetime(2027, 2, 8, 5, 5, tzinfo=UTC)
    typed = datetime(2027, 2, 8, 6, tzinfo=UTC)
    assert at(datetime(2027, 2, 8, 5, 2, tzinfo=UTC), typed=typed) == typed
    assert at(datetime(2027, 2, 8, 5, 2, tzinfo=UTC), typed=start, whole=True) == start
    # a moment roster refuses (at the start once someone came, before it, at the end): the default
    for wrong in (start, start - timedelta(hours=1), end):
        assert at(datetime(2027, 2, 8, 5, 2, tzinfo=UTC), typed=wrong) == datetime(2027, 2, 8, 5, 5, tzinfo=UTC)


def test_a_person_not_checked_in_is_not_there_only_once_the_check_ins_grace_has_passed() -> None:
    """QZ13 #1: "Đủ người" while Kiều Văn Sơn had not come at 09:15; the cell says so once 15 minutes (roster's
    `LATE_AFTER`) are past the start — and from a handover's moment, not the start, for a shift taking over."""
    start = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 on mùng 1
    person: dict[str, Any] = {"staff_id": "s1", "full_name": "Kiều Văn Sơn", "qualified": True, "checked_in_at": None}
    shift: dict[str, Any] = {
        "id": "h1",
        "enterprise_id": "e1",
        "duty_type": "border_patrol",
        "site_id": None,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=12)).isoformat(),
        "status": "published",
        "version": 2,
        "assignees": [person],
    }
    assert check_in_counts([shift], start + timedelta(minutes=15)) == (1, 0, 0)
    assert check_in_counts([shift], start + timedelta(minutes=16)) == (1, 0, 1)
    handed = {**shift, "late_from": (start + timedelta(hours=3)).isoformat()}
    assert check_in_counts([handed], start + timedelta(hours=3, minutes=10)) == (1, 0, 0)
    came = {
        **shift,
        "assignees": [{**person, "checked_in_at": (start + timedelta(hours=1)).isoformat()}],
    }
    assert check_in_counts([came], start + timedelta(hours=2)) == (0, 0, 0)
    # QZ18 #5: his shift kept until 09:00, its rest handed over with the manager's word that he was there ("Người trực
    # không đến" unticked): counted in none — the daily report says he was there, the audit does not count him absent
    kept = {**shift, "ends_at": (start + timedelta(hours=3)).isoformat()}
    taker = {
        **shift,
        "id": "h2",
        "starts_at": kept["ends_at"],
        "continues_shift_id": "h1",
        "handover_absent": False,
        "assignees": [{**person, "staff_id": "s2", "checked_in_at": kept["ends_at"]}],
    }
    assert vouched_ids(Shift.from_api(s) for s in (kept, taker)) == {"h1"}
    assert check_in_counts([kept], start + timedelta(hours=4), {"h1"}) == (0, 0, 0)
    assert check_in_counts([kept], start + timedelta(hours=4)) == (0, 1, 0)
    for not_vouched in ({**taker, "handover_absent": None}, {**taker, "handover_absent": True}):
        assert vouched_ids(Shift.from_api(s) for s in (kept, not_vouched)) == frozenset()
    assert vouched_ids(Shift.from_api(s) for s in (came, taker)) == frozenset()  # he had checked in: not offered


def test_a_managers_word_afterwards_stands_over_the_check_in_in_the_cells_count() -> None:
    """QZ27 #3: a manager confirmed afterwards, with evidence, that Kiều Văn Sơn was on post without a check-in: the
    card said "Có mặt (xác nhận sau …)" while the day cell still counted "1 người không điểm danh". And one recorded
    not there though checked in is counted as not checked in, as audit's presence rule counts him absent."""
    start = datetime(2027, 2, 5, 23, tzinfo=UTC)
    end = start + timedelta(hours=8)
    person: dict[str, Any] = {"staff_id": "s1", "full_name": "Kiều Văn Sơn", "qualified": True, "checked_in_at": None}
    shift: dict[str, Any] = {
        "id": "h1",
        "enterprise_id": "e1",
        "duty_type": "operations",
        "site_id": None,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "status": "published",
        "version": 3,
        "assignees": [person],
    }
    later = end + timedelta(days=2)
    assert check_in_counts([shift], later) == (0, 1, 0)
    word = {"present": True, "evidence": "handover_book", "evidence_note": "Sổ giao ca trang 12", "confirmed_by": "m1",
            "confirmed_at": (end + timedelta(days=1)).isoformat()}  # fmt: skip
    there = {**shift, "assignees": [{**person, "presence": word}]}
    assert check_in_counts([there], later) == (0, 0, 0)
    assert [o for _, o in Shift.from_api(there).check_ins(later)] == ["confirmed"]
    came = {**person, "checked_in_at": (start + timedelta(minutes=3)).isoformat()}
    assert check_in_counts([{**shift, "assignees": [came]}], later) == (0, 0, 0)
    not_there = {**shift, "assignees": [{**came, "presence": {**word, "present": False}}]}
    assert check_in_counts([not_there], later) == (0, 1, 0)


def test_a_night_shift_vouched_for_on_the_boards_last_day_reads_so_though_its_taker_is_past_the_board() -> None:
    """B1: the night shift 22:00 7/2 – 06:00 8/2 on the board's last day, its rest handed over at 01:00 with the
    manager's word that its guard was there ("Người trực không đến" unticked): the shift that took the rest starts on
    8/2, past the board, so the board never listed it and the cell said "1 người không điểm danh". Roster's board now
    says on the kept shift whom it went to and what the manager said (`handed_over_to`), as GET /shifts does."""
    answer = _answer()
    kept = _shift(
        "s-kept", "incident_response", datetime(2027, 2, 7, 22, tzinfo=ICT), datetime(2027, 2, 8, 1, tzinfo=ICT)
    )
    handed = {
        "shift_id": "s-taker",
        "people": ["Trần Văn Bình"],
        "at": _utc(2027, 2, 8, 1),
        "starts_at": _utc(2027, 2, 8, 1),
        "handover_absent": False,
    }
    last = answer["days"][-1]["duty_types"][1]
    last["coverage"] = [{"site_id": None, "required": 1, "planned": 1, "met": True, "gaps": []}]
    last["shifts"] = [{**kept, "handed_over_to": handed}]
    now = datetime(2027, 2, 8, 2, tzinfo=ICT)

    def cell(shift: dict[str, Any]) -> Cell:
        last["shifts"] = [shift]
        return present(build_board(answer, SITES, now=now).cell(date(2027, 2, 7), "incident_response"))

    vouched = cell({**kept, "handed_over_to": handed})
    assert (vouched.missed, vouched.absent, vouched.not_checked_in) == (0, 0, 0)
    assert vouched.check_in_badge is None and vouched.met_word == "board.met"
    assert vouched_ids([Shift.from_api({**kept, "handed_over_to": handed})]) == {"s-kept"}
    # not said, or said he never came, or he had checked in: as before — he did not check in / the word says nothing
    for handed_then in ({**handed, "handover_absent": None}, {**handed, "handover_absent": True}):
        assert cell({**kept, "handed_over_to": handed_then}).missed == 1
    assert cell(kept).missed == 1  # a board before roster said it: as before
    came = {**kept, "assignees": [{"staff_id": "a", "full_name": "Âu Văn Kiệt", "checked_in_at": _utc(2027, 2, 7, 23)}]}
    assert vouched_ids([Shift.from_api({**came, "handed_over_to": handed})]) == frozenset()
