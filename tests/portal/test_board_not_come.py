"""QZ26 #3 without a browser: at 15:30 on mùng 3 Lê Thị Hoa, on operations 08:00–16:00, had not checked in. The board's
cell read green "1/1 Xếp đủ" and its panel "Đủ người suốt ngày". Now the cell is in the alarm's colour, "1/1 xếp, 0 có
mặt", a banner at the top of the board names her and how long past her shift's start, linking the cell, and the
cell's panel names her with the handover beside her; its shifts are listed under way first, then to come, then ended
(folded). Roster stood in for by httpx.MockTransport (test_board_forms' fake); the browser's test is
test_board_not_come_browser.py."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

from support import present

from .fake_sign_in import signed_in_portal
from .test_board_forms import C1, CELL, E1, MANAGER, PASSWORD, S1, SHIFT, Roster

NOW = datetime(2027, 2, 8, 8, 30, tzinfo=UTC)  # 15:30 on mùng 3 Tết: 7 hours 30 minutes past the 08:00 start
ENDED: dict[str, Any] = {
    **SHIFT,
    "id": "00000000-0000-4000-8000-0000000000a7",
    "starts_at": "2027-02-07T17:00:00Z",  # 00:00–08:00, checked in
    "ends_at": "2027-02-08T01:00:00Z",
    "assignees": [
        {"staff_id": "s7", "full_name": "Phạm Văn Đêm", "qualified": True, "checked_in_at": "2027-02-07T17:02:00Z"}
    ],
}
AHEAD: dict[str, Any] = {
    **SHIFT,
    "id": "00000000-0000-4000-8000-0000000000a8",
    "starts_at": "2027-02-08T09:00:00Z",  # 16:00–24:00
    "ends_at": "2027-02-08T17:00:00Z",
    "assignees": [{"staff_id": "s8", "full_name": "Võ Thị Chiều", "qualified": True}],
}


def _roster(*shifts: dict[str, Any]) -> Roster:
    roster = Roster(*(shifts or (ENDED, SHIFT, AHEAD)))
    roster.board["days"][0]["duty_types"][0]["coverage"] = [
        {"site_id": None, "required": 1, "planned": 1, "met": True, "met_published": True, "gaps": []}
    ]
    return roster


async def _get(roster: Roster, url: str, lang: str = "vi") -> str:
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = await client.get(url)
    assert page.status_code == 200, page.text[:600]
    return html.unescape(page.text)


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _td(markup: str) -> str:
    return present(re.search(r'<td class="[^"]*"\s+id="cell-2027-02-08-operations".*?</td>', markup, re.S))[0]


async def test_the_board_shows_the_cell_in_the_alarms_colour_and_names_who_has_not_come_on_top() -> None:
    page = await _get(_roster(), f"/manage/board/{C1}/{E1}")
    cell = _td(page)
    assert 'class="cell-absent' in cell and 'data-status="absent"' in cell
    assert "1/1 xếp, 0 có mặt" in _text(cell) and "1 người chưa có mặt" in _text(cell)
    assert "Xếp đủ" not in _text(cell) and "Đủ người" not in _text(cell)
    banner = present(re.search(r'<section class="message error not-come".*?</section>', page, re.S))[0]
    assert "1 người chưa đến ca" in _text(banner)
    assert "Lê Thị Hoa — Trực điều hành, ca 08:00–16:00: chưa điểm danh, quá 7 giờ 30 phút" in _text(banner)
    assert f'href="{CELL}#cell-panel"' in banner
    assert page.index("not-come") < page.index('id="board-grid"')  # on top of the page, above the grid
    assert "Mọi ô đều đủ người." not in page  # the summary is not "every cell is covered"
    assert 'data-legend="absent"' in page


async def test_the_cells_panel_names_her_with_the_handover_and_lists_the_shifts_under_way_first() -> None:
    page = await _get(_roster(), CELL)
    panel = page[page.index('data-testid="cell-panel"') :]
    summary = present(re.search(r'<div class="cell-summary cell-absent">.*?</div>', panel, re.S))[0]
    said = _text(summary)
    assert "Đã xếp 1 người, cần 1 người; lúc này 0 người có mặt" in said
    assert "Đủ người suốt ngày" not in said
    assert "Lê Thị Hoa chưa điểm danh, quá 7 giờ 30 phút (ca 08:00–16:00)" in said
    handover = present(re.search(r'<a href="([^"]+)" data-testid="not-come-handover"', summary))[1]
    assert f"handover={SHIFT['id']}" in handover and handover.endswith(f"#handover-{SHIFT['id']}")
    # under way, then to come, then the ended one folded behind one line
    order = [panel.index(f'id="shift-{s["id"]}"') for s in (SHIFT, AHEAD, ENDED)]
    assert order == sorted(order)
    folded = present(re.search(r'<details class="ended-shifts"[^>]*>(.*?)</details>', panel, re.S))
    assert " open" not in folded[0].split(">")[0]
    assert "1 ca đã kết thúc" in _text(folded[1]) and f'id="shift-{ENDED["id"]}"' in folded[1]


async def test_a_cell_of_ended_shifts_alone_is_not_folded_and_nothing_is_absent_once_she_came() -> None:
    page = await _get(_roster(ENDED), CELL)
    folded = present(re.search(r'<details class="ended-shifts"[^>]*>', page))[0]
    assert " open" in folded
    came = {**SHIFT, "assignees": [{**SHIFT["assignees"][0], "checked_in_at": "2027-02-08T01:20:00Z"}]}
    board = await _get(_roster(came), f"/manage/board/{C1}/{E1}")
    assert 'data-status="ok"' in _td(board) and "not-come" not in board


async def test_in_english() -> None:
    page = await _get(_roster(), f"/manage/board/{C1}/{E1}", lang="en")
    assert "1/1 rostered, 0 here" in _text(_td(page))
    banner = present(re.search(r'<section class="message error not-come".*?</section>', page, re.S))[0]
    assert "1 person has not come to their shift" in _text(banner)
    assert "Lê Thị Hoa — Operations duty, shift 08:00–16:00: not checked in, 7 hours 30 minutes late" in _text(banner)


GIAO_THUA_NIGHT: dict[str, Any] = {
    **SHIFT,
    "id": "00000000-0000-4000-8000-0000000000a9",
    "starts_at": "2027-02-05T11:00:00Z",  # 18:00 on 29 tháng Chạp → 06:00 on mùng 1
    "ends_at": "2027-02-05T23:00:00Z",
    "assignees": [{"staff_id": S1, "full_name": "Lê Thị Hoa", "qualified": True}],
}


def _night_roster() -> Roster:
    """Giao thừa's night shift, nobody checked in, on both its days: the evening's and mùng 1's morning."""
    roster = Roster(GIAO_THUA_NIGHT)
    evening = roster.board["days"][0]
    evening.update({"date": "2027-02-05", "lunar_name_vi": "29 tháng Chạp", "lunar_name_en": "29th of the 12th month"})
    morning = json.loads(json.dumps(evening))
    morning.update({"date": "2027-02-06", "lunar_name_vi": "Mùng 1 Tết", "lunar_name_en": "1st day of Tết"})
    roster.board.update({"from": "2027-02-05", "to": "2027-02-06", "days": [evening, morning]})
    for day in roster.board["days"]:
        day["duty_types"][0]["coverage"] = [
            {"site_id": None, "required": 1, "planned": 1, "met": True, "met_published": True, "gaps": []}
        ]
    return roster


async def test_at_giao_thua_the_banner_names_the_peak_and_the_next_mornings_cell_waits_for_the_morning() -> None:
    """QZ26 Q3 leftovers: at 22:30 on giao thừa the 18:00–06:00 no-show turned both day cells red, and the banner said
    "1 người chưa đến ca" with nothing of the night it was. The morning's cell cries nothing before its hours begin,
    and the banner says "ca giao thừa"; after midnight the morning's cell is in the alarm's colour too."""
    at_22_30 = datetime(2027, 2, 5, 15, 30, tzinfo=UTC)
    for now, morning in ((at_22_30, "ok"), (datetime(2027, 2, 5, 17, 30, tzinfo=UTC), "absent")):  # then 00:30
        async with signed_in_portal(_night_roster(), MANAGER["login"], PASSWORD, now=now) as client:
            page = html.unescape((await client.get(f"/manage/board/{C1}/{E1}")).text)
        cells = dict(re.findall(r'id="cell-(2027-02-0\d)-operations"[^>]*data-status="(\w+)"', page))
        assert cells == {"2027-02-05": "absent", "2027-02-06": morning}, cells
        banner = _text(present(re.search(r'<section class="message error not-come".*?</section>', page, re.S))[0])
        assert banner.startswith("1 người chưa đến ca giao thừa"), banner
        assert "Lê Thị Hoa — Trực điều hành, ca giao thừa 18:00–06:00: chưa điểm danh, quá" in banner, banner
        assert "day=2027-02-05&duty_type=operations#cell-panel" in page  # its line links the evening's cell
    english = await _get(_night_roster(), f"/manage/board/{C1}/{E1}", lang="en")  # at 15:30 on mùng 3: ended
    assert "giao thừa" not in _text(english)
    async with signed_in_portal(_night_roster(), MANAGER["login"], PASSWORD, now=at_22_30, lang="en") as client:
        english = html.unescape((await client.get(f"/manage/board/{C1}/{E1}")).text)
    assert "1 person has not come to their giao thừa (New Year's Eve) shift" in _text(english)
    assert "Lê Thị Hoa — Operations duty, giao thừa shift 18:00–06:00: not checked in" in _text(english)
