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

The pure rules' tests: test_domain_before_tet.py; the browser's: test_board_before_tet_browser.py."""

from __future__ import annotations

import asyncio
import html
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

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.asked.append(path)
        if self.refusing and path.startswith(self.refusing):
            return httpx.Response(503, json={"type": "x/unavailable", "title": "Unavailable", "detail": "database"})
        if path == f"/campaigns/{C1}":
            return httpx.Response(200, json=self.campaign)
        if path == "/sites":
            return _page(SITES)
        if path.startswith("/sites/") and path.endswith("/tet-hours"):
            site = path.split("/")[2]
            assert request.url.params["campaign_id"] == C1
            body = {"site_id": site, "published_version": self.published[site], "hours_owed": True}
            return httpx.Response(200, json={**body, "hours_deadline": self.campaign["hours_deadline"]})
        if path == f"/enterprises/{E1}/readiness":
            assert request.url.params["campaign_id"] == C1
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
    assert f'<a class="tag gap" href="{overdue_link}" data-testid="readiness-overdue">1 mục quá hạn</a>' in readiness
    # one overdue, one not yet due: the whole checklist; the earliest said past
    assert f'<a href="/manage/readiness?campaign_id={C1}&enterprise_id={E1}">2 mục chuẩn bị đón Tết chưa xong</a>' in (
        readiness
    )
    assert "hạn sớm nhất: hết ngày 28/01/2027 (21 tháng Chạp Bính Ngọ), đã qua" in _words(readiness)
    hours = _item(block, "tet-hours")
    assert '<span class="tag gap" data-testid="hours-overdue">quá hạn</span>' in hours
    assert "hạn niêm yết 00:00 30/01/2027 (23 tháng Chạp Bính Ngọ) quá hạn:" in _words(hours)
    english = _block(await _board(BeforeTetRoster(readiness=overdue), now=DURING, lang="en"))
    assert "1 overdue" not in english and "2 overdue" in english and ">overdue</span>" in english


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
