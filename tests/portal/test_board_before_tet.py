"""The manager's board of QZ24 (09:00 on 27/01/2027, ten days before Tết, the post office's manager), without a
browser — roster stood in for by httpx.MockTransport:

1. a "Còn lại trước Tết" block above the grid of a Tết campaign, before and during it: the readiness items not done
   (how many, the nearest due with its lunar day, the overdue ones marked), the post offices and transaction points
   without published Tết hours (how many, the deadline, "quá hạn" once passed, by name), the cells short of people,
   each linking its page; one quiet line when all is done; nothing on a drill's board or an ended campaign's; read
   from roster's own readiness and Tết hours answers beside the board's other reads, a list not answered said in
   one line, the board standing;
2. each draft with a rest warning named with its day (its lunar name) and duty/site, linking its cell, and its cell
   marked with an icon read aloud;
3. the legend naming each of the campaign's peaks with its times.

And QZ25's (14:00 on 29/01/2027, the day before the campaign, a drill under way): the drill's board says what is
left before the Tết being prepared, titled as that Tết's, its links the Tết's (#2); the cells short of people said
once, in the block (#8); overdue readiness items said as a person says them, "1 mục quá hạn từ 29/01" (N4's
leftover).

The pure rules' tests: test_domain_before_tet.py; the browser's: test_board_before_tet_browser.py and
test_board_drill_before_tet_browser.py."""

from __future__ import annotations

import asyncio
import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from support import present

from .fake_sign_in import signed_in_portal
from .test_board_forms import C1, E1, MANAGER, PASSWORD, SHIFT, Roster, _page

BEFORE = datetime(2027, 1, 27, 2, tzinfo=UTC)  # QZ24: 09:00 on 27/01/2027 (Vietnam time)
DURING = datetime(2027, 2, 8, 5, tzinfo=UTC)  # 12:00 on mùng 3 Tết, the board's day
BOARD_URL = f"/manage/board/{C1}/{E1}"
CAMPAIGN: dict[str, Any] = {
    "id": C1,
    "name": "Tết Đinh Mùi 2027",
    "kind": "tet",
    "starts_at": "2027-01-29T17:00:00Z",  # 00:00 30/01 (23 tháng Chạp)
    "ends_at": "2027-02-15T17:00:00Z",
    "hours_deadline": "2027-01-29T17:00:00Z",
    "peaks": [
        {"name": "Giao thừa", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"},
        {"name": "Sáng mùng 1", "starts_at": "2027-02-05T23:00:00Z", "ends_at": "2027-02-06T05:00:00Z"},
    ],
}
EVE = datetime(2027, 1, 29, 7, tzinfo=UTC)  # QZ25: 14:00 on 29/01/2027, the day before the campaign, a drill on
C2 = "00000000-0000-4000-8000-0000000000c2"
DRILL: dict[str, Any] = {
    "id": C1,
    "name": "Diễn tập trực Tết",
    "kind": "drill",
    "starts_at": "2027-01-29T01:00:00Z",  # 08:00–17:00 29/01
    "ends_at": "2027-01-29T10:00:00Z",
    "peaks": [],
}
TET_AHEAD: dict[str, Any] = {**CAMPAIGN, "id": C2}
P_TAN_HUNG, P_BEN_LUC, P_TAN_AN, NOC = (f"00000000-0000-4000-8000-0000000000{n}" for n in ("d1", "d2", "d3", "d4"))
SITES = [
    {"id": P_TAN_AN, "name": "Bưu điện Trung tâm Tân An", "kind": "post_office", "border_area": False},
    {"id": P_BEN_LUC, "name": "Điểm giao dịch Bến Lức", "kind": "transaction_point", "border_area": False},
    {"id": P_TAN_HUNG, "name": "Bưu điện huyện Tân Hưng", "kind": "post_office", "border_area": True},
    {"id": NOC, "name": "Trung tâm khai thác", "kind": "noc", "border_area": False},
]
PUBLISHED = {P_TAN_AN: 1, P_BEN_LUC: 0, P_TAN_HUNG: 0}


def _line(n: int, due_at: str, status: str = "open", **more: Any) -> dict[str, Any]:
    item = {"id": f"r{n}", "title_vi": f"Mục {n}", "title_en": f"Item {n}", "due_at": due_at, "due_date": None}
    return {"item": item, "status": status, "note": "", "reference": "", "done_at": None, "done_by": None, **more}


READINESS = [  # 2/4 done, due by the end of 28/01 (00:00 29/01 in Vietnam) and 29/01
    _line(1, "2027-01-20T17:00:00Z", "done"),
    _line(2, "2027-01-22T17:00:00Z", "done"),
    _line(3, "2027-01-28T17:00:00Z"),
    _line(4, "2027-01-29T17:00:00Z"),
]


class BeforeTetRoster(Roster):
    """The board of test_board_forms (one day, 08/02/2027, its operations cell short 18:00–24:00) of the campaign
    `campaign`, the enterprise's checklist `readiness` and sites (SITES) whose hours are published as `published`
    says; `refusals` by path prefix (roster not answering that list). Each path asked recorded."""

    def __init__(
        self,
        *,
        campaign: dict[str, Any] | None = None,
        readiness: list[dict[str, Any]] | None = None,
        published: dict[str, int] | None = None,
        refusing: str = "",
        tet: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.campaign = campaign or CAMPAIGN
        self.readiness = READINESS if readiness is None else readiness
        self.published = PUBLISHED if published is None else published
        self.refusing = refusing
        self.asked: list[str] = []
        gap = {"starts_at": "2027-02-08T11:00:00Z", "ends_at": "2027-02-08T17:00:00Z", "required": 1, "planned": 0}
        cover = {"site_id": None, "required": 1, "planned": 0, "met": False, "gaps": [{**gap, "peak": None}]}
        self.board["days"][0]["duty_types"][0]["coverage"] = [cover]
        # `tet`: the Tết campaign being prepared beside the drill `campaign` (QZ25 #2), at C2, its board the one
        # above (a cell short); the drill's own board then has every cell met
        self.tet = tet
        self.tet_board = json.loads(json.dumps(self.board))
        if tet is not None:
            self.tet_board["campaign"] = {"id": C2, "name": tet["name"]}
            met = {**cover, "planned": 1, "met": True, "gaps": []}
            self.board["days"][0]["duty_types"][0]["coverage"] = [met]
        self.readiness_of = C2 if tet is not None else C1  # the campaign whose checklist and hours are read

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.asked.append(path)
        if self.refusing and path.startswith(self.refusing):
            return httpx.Response(503, json={"type": "x/unavailable", "title": "Unavailable", "detail": "database"})
        if path == f"/campaigns/{C1}":
            return httpx.Response(200, json=self.campaign)
        if self.tet is not None and path == "/campaigns":
            assert request.url.params.get("kind") == "tet"
            return _page([self.tet])
        if self.tet is not None and path == f"/campaigns/{C2}":
            return httpx.Response(200, json=self.tet)
        if self.tet is not None and path == f"/campaigns/{C2}/enterprises/{E1}/board":
            return httpx.Response(200, json=self.tet_board)
        if path == "/sites":
            return _page(SITES)
        if path.startswith("/sites/") and path.endswith("/tet-hours"):
            site = path.split("/")[2]
            assert request.url.params["campaign_id"] == self.readiness_of
            body = {"site_id": site, "published_version": self.published[site], "hours_owed": True}
            return httpx.Response(200, json={**body, "hours_deadline": CAMPAIGN["hours_deadline"]})
        if path == f"/enterprises/{E1}/readiness":
            assert request.url.params["campaign_id"] == self.readiness_of
            return _page(self.readiness)
        if path == "/incidents":
            return _page([])
        return await super().__call__(request)


async def _board(roster: Any, *, now: datetime = BEFORE, lang: str = "vi") -> str:
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=now, lang=lang) as client:
        page = await client.get(BOARD_URL)
    assert page.status_code == 200, page.text[:600]
    return html.unescape(page.text)


def _block(markup: str) -> str:
    return present(re.search(r'<section class="before-tet".*?</section>', markup, re.S))[0]


def _item(block: str, left: str) -> str:
    return " ".join(present(re.search(rf'<li data-left="{left}">(.*?)</li>', block, re.S))[1].split())


def _words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", markup).split())


# --- 1. what is left before Tết ---------------------------------------------------------------------------------


async def test_the_board_says_what_is_left_before_tet_each_linking_its_page() -> None:
    roster = BeforeTetRoster()
    markup = await _board(roster)
    block = _block(markup)
    assert "<h2" in block and "Còn lại trước Tết" in block
    assert markup.index('data-testid="before-tet"') < markup.index('id="board-grid"')  # above the grid
    readiness = _item(block, "readiness")
    checklist = f"/manage/readiness?campaign_id={C1}&enterprise_id={E1}&status=open"
    assert f'<a href="{checklist}">2 mục chuẩn bị đón Tết chưa xong</a>' in readiness
    assert (
        _words(readiness)
        == "2 mục chuẩn bị đón Tết chưa xong; hạn gần nhất: hết ngày 28/01/2027 (21 tháng Chạp Bính Ngọ)"
    )
    hours = _item(block, "tet-hours")
    status_page = f"/inspect/tet-hours?campaign_id={C1}&enterprise_id={E1}"
    assert f'<a href="{status_page}">2 bưu cục, điểm giao dịch chưa niêm yết giờ mở cửa Tết</a>' in hours
    assert _words(hours) == (
        "2 bưu cục, điểm giao dịch chưa niêm yết giờ mở cửa Tết; hạn niêm yết 00:00 30/01/2027 (23 tháng Chạp Bính"
        " Ngọ): Bưu điện huyện Tân Hưng, Điểm giao dịch Bến Lức"
    )
    assert f'<a href="/manage/tet-hours?campaign_id={C1}&site_id={P_TAN_HUNG}">Bưu điện huyện Tân Hưng</a>' in hours
    assert f'<a href="/manage/tet-hours?campaign_id={C1}&site_id={P_BEN_LUC}">Điểm giao dịch Bến Lức</a>' in hours
    assert "quá hạn" not in block and "Tân An" not in hours  # published; before the deadline
    cells = _item(block, "cells")
    cell = f"/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations#cell-panel"
    assert cells == f'<a href="{cell}">Còn 1 ô thiếu người.</a>'
    # roster's own answers, as the manager's pages read them: each point's hours, never the network centre's
    assert sorted(p for p in roster.asked if p.endswith("/tet-hours")) == sorted(
        f"/sites/{p}/tet-hours" for p in (P_TAN_AN, P_BEN_LUC, P_TAN_HUNG)
    )
    assert "Đã xong các việc trước Tết" not in markup and "-unread" not in block

    english = _block(await _board(BeforeTetRoster(), lang="en"))
    assert "Left before Tết" in english
    assert _words(_item(english, "readiness")) == (
        "2 readiness items for Tết not done; the nearest due by the end of 28 Jan 2027 (21st day of the 12th lunar"
        " month, Bính Ngọ)"
    )
    assert _words(_item(english, "tet-hours")).startswith(
        "2 post offices and transaction points have not published their Tết opening hours; deadline 00:00 30 Jan 2027"
    )
    assert "1 cell still lacks people." in _item(english, "cells")


async def test_after_the_deadline_it_says_overdue_and_stays_until_done() -> None:
    overdue = [{**x, "status": "overdue"} if x["status"] == "open" else x for x in READINESS]
    late = [*overdue[:3], {**READINESS[3], "item": {**READINESS[3]["item"], "due_at": "2027-02-20T03:00:00Z"}}]
    block = _block(await _board(BeforeTetRoster(readiness=late), now=DURING))
    readiness = _item(block, "readiness")
    overdue_link = f"/manage/readiness?campaign_id={C1}&enterprise_id={E1}&status=overdue"
    assert (
        f'<a class="tag gap" href="{overdue_link}" data-testid="readiness-overdue">1 mục quá hạn từ 29/01</a>'
        in readiness
    )
    # one overdue, one not yet due: the whole checklist; the earliest said past
    assert f'<a href="/manage/readiness?campaign_id={C1}&enterprise_id={E1}">2 mục chuẩn bị đón Tết chưa xong</a>' in (
        readiness
    )
    # N4's "hạn sớm nhất: hết ngày 28/01/2027 (…), đã qua" read oddly: as a person says it (due by the end of 28/01,
    # overdue since 29/01), then the nearest due of the others
    assert _words(readiness) == (
        "2 mục chuẩn bị đón Tết chưa xong: 1 mục quá hạn từ 29/01; hạn gần nhất: 10:00 20/02/2027 (Rằm tháng Giêng Đinh"
        " Mùi)"
    )
    assert "đã qua" not in readiness and "sớm nhất" not in readiness
    hours = _item(block, "tet-hours")
    assert '<span class="tag gap" data-testid="hours-overdue">quá hạn</span>' in hours
    assert "hạn niêm yết 00:00 30/01/2027 (23 tháng Chạp Bính Ngọ) quá hạn:" in _words(hours)
    # every one overdue: how many, since when the earliest; no nearest due
    said = _words(_item(_block(await _board(BeforeTetRoster(readiness=overdue), now=DURING)), "readiness"))
    assert said == "2 mục chuẩn bị đón Tết chưa xong: 2 mục quá hạn, sớm nhất từ 29/01"
    english = _block(await _board(BeforeTetRoster(readiness=overdue), now=DURING, lang="en"))
    assert _words(_item(english, "readiness")) == (
        "2 readiness items for Tết not done: 2 overdue, the earliest since 29 Jan"
    )
    assert ">overdue</span>" in english
    english = _block(await _board(BeforeTetRoster(readiness=late), now=DURING, lang="en"))
    assert "1 overdue since 29 Jan; the nearest due 10:00 20 Feb 2027" in _words(_item(english, "readiness"))


async def test_all_done_says_one_quiet_line_and_a_drill_or_an_ended_campaign_nothing() -> None:
    done = [{**x, "status": "done"} for x in READINESS]
    roster = BeforeTetRoster(readiness=done, published=dict.fromkeys(PUBLISHED, 1))
    roster.board["days"][0]["duty_types"][0]["coverage"][0].update(planned=1, met=True, gaps=[])
    markup = await _board(roster)
    assert 'class="before-tet"' not in markup
    assert '<p class="muted" data-testid="before-tet-done">Đã xong các việc trước Tết.</p>' in markup

    drill = {**CAMPAIGN, "kind": "drill", "name": "Diễn tập trực Tết", "peaks": []}
    for campaign, now in ((drill, BEFORE), (CAMPAIGN, datetime(2027, 2, 16, tzinfo=UTC))):
        roster = BeforeTetRoster(campaign=campaign)
        markup = await _board(roster, now=now)
        assert "before-tet" not in markup and "Còn lại trước Tết" not in markup
        # nothing asked of a drill's readiness or Tết hours (a drill has none), nor of an ended campaign's
        assert not [p for p in roster.asked if p.endswith(("/readiness", "/tet-hours"))], roster.asked


async def test_the_cells_short_of_people_are_said_once_in_the_block_with_its_link() -> None:
    """QZ25 #8: "Còn 4 ô thiếu người" stood in the block and again in the summary badge under it."""
    markup = await _board(BeforeTetRoster())
    assert _words(markup).count("Còn 1 ô thiếu người.") == 1
    cell = f"/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations#cell-panel"
    assert f'<a href="{cell}">Còn 1 ô thiếu người.</a>' in _item(_block(markup), "cells")
    assert 'data-testid="gaps-summary"' not in markup
    # no block (an ended campaign's board): the summary says it
    ended = await _board(BeforeTetRoster(), now=datetime(2027, 2, 16, tzinfo=UTC))
    assert _words(ended).count("1 ô thiếu người (đợt trực đã kết thúc).") == 1
    assert 'data-testid="gaps-summary"' in ended and "before-tet" not in ended
    english = await _board(BeforeTetRoster(), lang="en")
    assert _words(english).count("1 cell still lacks people.") == 1


async def test_a_drills_board_the_day_before_tet_says_what_is_left_before_that_tet_its_links_the_tets() -> None:
    """QZ25 #2: at 14:00 on 29/01/2027, a drill under way, the board opens on the drill (the default rule, right for
    the grid) and said nothing of what was left for Tết; it says it now, titled as the Tết's, its links the Tết's."""
    overdue = [{**x, "status": "overdue"} if x["item"]["id"] == "r3" else x for x in READINESS]
    roster = BeforeTetRoster(campaign=DRILL, tet=TET_AHEAD, readiness=overdue)
    markup = await _board(roster, now=EVE)
    block = _block(markup)
    title = present(re.search(r'<h2 id="before-tet-title">(.*?)</h2>', block))[1]
    assert title == "Còn lại trước Tết Đinh Mùi 2027 (từ 08/02/2027 đến 08/02/2027)"
    note = present(re.search(r'<p class="hint" data-testid="before-tet-of">(.*?)</p>', block, re.S))[1]
    assert _words(note) == (
        "Bảng này là của buổi diễn tập; các việc dưới đây là của Tết Đinh Mùi 2027. Mở bảng trực Tết Đinh Mùi 2027"
    )
    assert f'<a href="/manage/board/{C2}/{E1}">Mở bảng trực Tết Đinh Mùi 2027</a>' in note
    # the Tết's checklist, hours and cells, each linking the Tết's pages
    readiness = _item(block, "readiness")
    assert f'href="/manage/readiness?campaign_id={C2}&enterprise_id={E1}"' in readiness
    assert _words(readiness).startswith("2 mục chuẩn bị đón Tết chưa xong: 1 mục quá hạn từ 29/01; hạn gần nhất:")
    hours = _item(block, "tet-hours")
    assert f'href="/inspect/tet-hours?campaign_id={C2}&enterprise_id={E1}"' in hours
    assert f'<a href="/manage/tet-hours?campaign_id={C2}&site_id={P_TAN_HUNG}">Bưu điện huyện Tân Hưng</a>' in hours
    cells = _item(block, "cells")
    assert f'href="/manage/board/{C2}/{E1}/cell?day=2027-02-08&duty_type=operations#cell-panel"' in cells
    assert f"campaign_id={C1}" not in block and f"/manage/board/{C1}/" not in block
    # the grid stays the drill's, which its summary speaks for
    assert f'href="/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations#cell-panel"' in markup
    assert "buổi diễn tập, từ" in _words(markup) and "Mọi ô đều đủ người" in _words(markup)
    assert f"/campaigns/{C2}/enterprises/{E1}/board" in roster.asked

    english = _block(await _board(BeforeTetRoster(campaign=DRILL, tet=TET_AHEAD), now=EVE, lang="en"))
    title = present(re.search(r'<h2 id="before-tet-title">(.*?)</h2>', english))[1]
    assert title == "Left before Tết Đinh Mùi 2027 (8 Feb 2027 to 8 Feb 2027)"
    assert "This board is the drill's; the list below is for Tết Đinh Mùi 2027." in _words(english)

    # all done for that Tết: one quiet line naming it
    done = [{**x, "status": "done"} for x in READINESS]
    roster = BeforeTetRoster(campaign=DRILL, tet=TET_AHEAD, readiness=done, published=dict.fromkeys(PUBLISHED, 1))
    roster.tet_board["days"][0]["duty_types"][0]["coverage"][0].update(planned=1, met=True, gaps=[])
    markup = await _board(roster, now=EVE)
    assert 'class="before-tet"' not in markup
    assert '<p class="muted" data-testid="before-tet-done">Đã xong các việc trước Tết Đinh Mùi 2027.</p>' in markup


async def test_a_list_roster_does_not_answer_is_said_in_one_line_the_rest_and_the_board_standing() -> None:
    for refusing, unread, kept, lang, said in (
        (
            f"/enterprises/{E1}/readiness",
            "readiness",
            "tet-hours",
            "vi",
            "Không đọc được các mục chuẩn bị đón Tết của doanh nghiệp: hệ thống lịch trực chưa trả lời.",
        ),
        (
            f"/sites/{P_BEN_LUC}/tet-hours",
            "hours",
            "readiness",
            "vi",
            "Không đọc được giờ mở cửa Tết của các bưu cục, điểm giao dịch: hệ thống lịch trực chưa trả lời.",
        ),
        (
            f"/enterprises/{E1}/readiness",
            "readiness",
            "tet-hours",
            "en",
            "The enterprise's readiness items for Tết could not be read: the roster service did not answer.",
        ),
    ):
        markup = await _board(BeforeTetRoster(refusing=refusing), lang=lang)
        block = _block(markup)
        line = present(re.search(rf'<p class="message warn" data-testid="before-tet-{unread}-unread">(.*?)</p>', block))
        assert line[1].startswith(said) and ("tải lại trang" in line[1] or "reload the page" in line[1])
        assert f'data-left="{kept}"' in block and 'data-left="cells"' in block
        assert f'data-left="{"tet-hours" if unread == "hours" else unread}"' not in block
        assert 'id="board-grid"' in markup and 'data-testid="cell-2027-02-08-operations"' in markup


async def test_readiness_and_tet_hours_are_asked_together_with_the_boards_other_lists() -> None:
    """Not after the board: roster's board answer waits until the checklist and a point's hours have been asked for
    (a reading in turn would never send them, and the page would time out)."""
    roster = BeforeTetRoster()
    asked = asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/campaigns/{C1}/enterprises/{E1}/board":
            await asyncio.wait_for(asked.wait(), timeout=5)
        reply = await roster(request)
        seen = roster.asked
        if f"/enterprises/{E1}/readiness" in seen and any(p.endswith("/tet-hours") for p in seen):
            asked.set()
        return reply

    assert 'data-left="readiness"' in _block(await _board(answer))


# --- 2. a draft's rest warning: its day, its cell, its mark -------------------------------------------------------


async def test_a_drafts_rest_warning_names_its_day_and_cell_links_it_and_marks_the_cell() -> None:
    warned = {
        **SHIFT,
        "id": "00000000-0000-4000-8000-0000000000a2",
        "status": "draft",
        "starts_at": "2027-02-08T10:00:00Z",
        "ends_at": "2027-02-08T16:00:00Z",
        "assignees": [{"staff_id": "s2", "full_name": "Nguyễn Thị Ánh Tuyết", "qualified": True}],
        "warnings": [{"rule": "min-rest", "staff_id": "s2", "rest_hours": 5.0, "message": "Short rest"}],
    }
    plain = {**warned, "id": "00000000-0000-4000-8000-0000000000a3", "warnings": []}
    roster = BeforeTetRoster()
    roster.board["days"][0]["duty_types"][0]["shifts"] = [SHIFT, warned, plain]
    markup = await _board(roster, now=DURING)
    note = present(re.search(r'<p class="message warn" id="publish-warned">(.*?)</p>', markup, re.S))[1]
    assert note.startswith("1 trong số 2 ca nháp có cảnh báo về thời gian nghỉ") and "Nguyễn Thị Ánh Tuyết" in note
    listed = present(re.search(r'<ul class="warned-drafts".*?</ul>', markup, re.S))[0]
    cell = f"/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations#cell-panel"
    assert f'<a href="{cell}">Trực điều hành, 08/02/2027 (Mùng 3 Tết Đinh Mùi), 17:00–23:00</a>' in listed
    assert "(Nguyễn Thị Ánh Tuyết)" in listed
    grid_cell = present(re.search(r'<td [^>]*data-testid="cell-2027-02-08-operations".*?</td>', markup, re.S))[0]
    mark = present(re.search(r'<span class="warned-mark" role="img"[^>]*>⚠</span>', grid_cell))[0]
    assert 'aria-label="Ca nháp có cảnh báo về thời gian nghỉ"' in mark  # not colour alone: words read aloud
    assert "2 nháp" in grid_cell

    english = await _board(roster, now=DURING, lang="en")
    assert 'aria-label="A draft shift carries a rest warning"' in english
    assert f'<a href="{cell}">Operations duty, 8 Feb 2027 (3rd day of Tết, Đinh Mùi), 17:00–23:00</a>' in english

    roster.board["days"][0]["duty_types"][0]["shifts"] = [SHIFT, plain]  # no warning: no list, no mark
    markup = await _board(roster, now=DURING)
    assert "warned-drafts" not in markup and "warned-mark" not in markup


# --- 3. the legend names every peak -------------------------------------------------------------------------------


async def test_the_legend_names_each_of_the_campaigns_peaks_with_its_times() -> None:
    markup = await _board(BeforeTetRoster())
    legend = present(re.search(r'<div class="legend".*?</div>', markup, re.S))[0]
    peaks = [_words(p) for p in re.findall(r'<span class="tag peak" data-legend="peak">.*?</span>', legend, re.S)]
    assert peaks == [
        "Cao điểm Giao thừa: 18:00 05/02/2027 (29 tháng Chạp Bính Ngọ) → 06:00 06/02",
        "Cao điểm Sáng mùng 1: 06:00 06/02/2027 (Mùng 1 Tết Đinh Mùi) → 12:00",
    ]
    english = await _board(BeforeTetRoster(), lang="en")
    legend = present(re.search(r'<div class="legend".*?</div>', english, re.S))[0]
    assert "Peak: New Year's Eve (Giao thừa), 18:00 5 Feb 2027" in _words(legend)
    assert "Peak: Sáng mùng 1, 06:00 6 Feb 2027 (1st day of Tết, Đinh Mùi) → 12:00" in _words(legend)
    no_peaks = await _board(BeforeTetRoster(campaign={**CAMPAIGN, "peaks": []}))
    assert 'data-legend="peak"' not in no_peaks
