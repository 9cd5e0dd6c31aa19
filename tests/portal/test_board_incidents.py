"""The manager's board shows the enterprise's incidents (QZ22 #13: "the manager's board shows nothing of incidents"):
the open ones in a short block above the grid — place, severity, since when (Vietnam time, the lunar day named),
restored or not, each linking its page —, each day's row marked with the incidents detected that day, linking the
incident list of that day (a filter the list gained, paging and filtering as its others); nothing of them on a board
whose enterprise has none; a line saying so, the board shown all the same, when roster does not answer them. Roster
stood in for by httpx.MockTransport; the browser's test is test_board_incidents_browser.py."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from portal.app import create_app
from portal.clients.services import ServiceUnavailable
from portal.domain.board_incidents import OPEN_SHOWN, board_incidents
from portal.handlers.board import read_incidents
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import signed_in_portal
from .test_board_forms import C1, E1, MANAGER, PASSWORD, Roster, _page
from .test_core import _client, _csrf
from .test_incident_pages import INCIDENT, IncidentRoster, _night, _signed_in

NOW = datetime(2027, 2, 8, 5, tzinfo=UTC)  # 12:00 on mùng 3 Tết, the board's day (test_board_forms.BOARD)
BOARD_URL = f"/manage/board/{C1}/{E1}"
CUT: dict[str, Any] = {  # open, at a border site, detected 23:40 on 29 tháng Chạp, restored at 01:55
    **INCIDENT,
    "id": "i-cut",
    "enterprise_id": E1,
    "campaign_id": C1,
    "detected_at": "2027-02-05T16:40:00Z",
    "restored_at": "2027-02-05T18:55:00Z",
}
POWER: dict[str, Any] = {  # open, no site, detected 06:30 on mùng 3 Tết (23:30 UTC the day before): not restored
    **INCIDENT,
    "id": "i-power",
    "enterprise_id": E1,
    "campaign_id": C1,
    "site_id": None,
    "site_name": None,
    "district": "Vĩnh Hưng",
    "border": False,
    "severity": "minor",
    "severe": False,
    "detected_at": "2027-02-07T23:30:00Z",
}
DONE: dict[str, Any] = {  # resolved, detected 08:10 on mùng 3 Tết
    **POWER,
    "id": "i-done",
    "district": "Tân An",
    "status": "resolved",
    "detected_at": "2027-02-08T01:10:00Z",
    "restored_at": "2027-02-08T01:40:00Z",
    "resolved_at": "2027-02-08T02:00:00Z",
}


def _item(n: int, **changes: Any) -> dict[str, Any]:
    return {**POWER, "id": f"i{n}", **changes}


# --- the rule (domain.board_incidents) ---------------------------------------------------------------------


def test_the_open_ones_latest_first_at_most_a_few_and_each_day_counted_in_vietnam_time() -> None:
    days = {date(2027, 2, 7), date(2027, 2, 8)}
    older = _item(1, detected_at="2027-02-06T01:00:00Z")
    newer = _item(2, detected_at="2027-02-08T03:00:00Z", site_name="Trạm BTS Bình Hiệp")
    made = board_incidents(
        E1,
        open_items=[older, newer],
        open_total=2,
        campaign_items=[
            _item(3, detected_at="2027-02-06T16:59:00Z"),  # 23:59 on 6 Feb: no day of this board
            _item(4, detected_at="2027-02-06T17:00:00Z"),  # 00:00 on 7 Feb
            _item(5, detected_at="2027-02-07T23:30:00Z"),  # 06:30 on 8 Feb, though 7 Feb in UTC
            _item(6, detected_at="2027-02-08T16:59:00Z", status="resolved"),  # 23:59 on 8 Feb, resolved: counted
        ],
        days=days,
    )
    assert [i.id for i in made.open] == ["i2", "i1"]
    assert made.open[0].place == "Trạm BTS Bình Hiệp" and made.open[1].place == "Vĩnh Hưng"  # the site, else district
    assert made.open[0].url == "/incidents/i2" and made.open[0].restored_at is None
    assert (made.on(date(2027, 2, 7)), made.on(date(2027, 2, 8)), made.on(date(2027, 2, 6))) == (1, 2, 0)
    assert made.day_url(date(2027, 2, 8)) == f"/incidents?enterprise_id={E1}&day=2027-02-08"
    assert not made.more and not made.unread

    many = board_incidents(
        E1,
        open_items=[_item(n, detected_at=f"2027-02-07T0{n}:00:00Z") for n in range(OPEN_SHOWN + 1)],
        open_total=9,  # roster's total: more than its first page
        campaign_items=[],
        days=days,
    )
    assert len(many.open) == OPEN_SHOWN and many.open[0].id == f"i{OPEN_SHOWN}" and many.open_total == 9
    assert many.more and many.open_url == f"/incidents?status=open&enterprise_id={E1}"
    none = board_incidents(E1, open_items=[], campaign_items=[], days=days)
    assert not none.open and not none.by_day and not none.more


# --- the board page ------------------------------------------------------------------------------------------


class WithIncidents(Roster):
    """The board of test_board_forms (one day, 08/02/2027), roster's incidents of the enterprise `incidents` (its
    filters applied as roster applies them), or its answer `refusal` to them; each query asked recorded."""

    def __init__(self, incidents: list[dict[str, Any]], *, refusal: httpx.Response | None = None) -> None:
        super().__init__()
        self.incidents = incidents
        self.refusal = refusal
        self.asked: list[dict[str, str]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/incidents":
            return await super().__call__(request)
        params = dict(request.url.params)
        self.asked.append(params)
        if self.refusal is not None:
            return self.refusal
        open_too = params.get("open_too") == "true" and "campaign_id" in params
        found = [
            i
            for i in self.incidents
            if i["enterprise_id"] == params.get("enterprise_id")
            and params.get("status", i["status"]) == i["status"]
            and (
                params.get("campaign_id", i["campaign_id"]) == i["campaign_id"] or (open_too and i["status"] == "open")
            )
        ]
        return _page(sorted(found, key=lambda i: i["detected_at"], reverse=True))  # roster's order


async def _board(roster: Roster, lang: str = "vi") -> str:
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW, lang=lang) as client:
        page = await client.get(BOARD_URL)
    assert page.status_code == 200, page.text[:600]
    return html.unescape(page.text)


def _block(markup: str) -> str:
    return present(re.search(r'<section class="board-incidents".*?</section>', markup, re.S))[0]


async def test_the_open_incidents_above_the_grid_and_the_days_detected_marked() -> None:
    roster = WithIncidents([CUT, POWER, DONE, {**CUT, "id": "i-other", "enterprise_id": "another"}])
    markup = await _board(roster)
    block = _block(markup)
    assert "Sự cố đang xử lý (2)" in block
    power, cut = re.findall(r"<li data-incident=.*?</li>", block, re.S)  # the latest detected first
    assert '<a href="/incidents/i-power">Vĩnh Hưng</a>' in power and "Nhẹ" in power
    assert "phát hiện lúc 06:30 08/02/2027 (Mùng 3 Tết Đinh Mùi)" in power and "chưa khôi phục dịch vụ" in power
    assert '<a href="/incidents/i-cut">Trạm viễn thông Hưng Điền</a>' in cut and "Biên giới" in cut
    assert '<span class="tag gap">Nghiêm trọng</span>' in cut
    assert "phát hiện lúc 23:40 05/02/2027 (29 tháng Chạp Bính Ngọ)" in cut
    assert "đã khôi phục dịch vụ lúc 01:55 06/02/2027 (Mùng 1 Tết Đinh Mùi)" in cut
    assert "Tân An" not in block and "i-other" not in markup  # resolved; another enterprise's
    assert markup.index('data-testid="board-incidents"') < markup.index('id="board-grid"')
    # the day's row: 2 detected on 08/02 (06:30 and the resolved one at 08:10), linking that day's list
    row = present(re.search(r'<tr[^>]*data-testid="day-2027-02-08">.*?</th>', markup, re.S))[0]
    mark = f'<a class="tag incident" href="/incidents?enterprise_id={E1}&day=2027-02-08" '
    assert f'{mark}data-testid="incidents-on-2027-02-08">2 sự cố</a>' in row, row
    # asked once by roster's own filters: the campaign's, the enterprise's open ones too (every one)
    assert roster.asked == [{"enterprise_id": E1, "campaign_id": C1, "open_too": "true", "limit": "500"}]

    english = await _board(WithIncidents([CUT, POWER, DONE]), lang="en")
    block = _block(english)
    assert "Open incidents (2)" in block and "service not restored yet" in block
    assert "detected at 06:30 8 Feb 2027" in block and "service restored at 01:55 6 Feb 2027" in block
    assert 'data-testid="incidents-on-2027-02-08">2 incidents</a>' in english


async def test_more_open_incidents_than_the_block_lists_link_the_list_of_them_all() -> None:
    many = [_item(n, enterprise_id=E1, campaign_id=C1, detected_at=f"2027-02-07T0{n}:00:00Z") for n in range(7)]
    block = _block(await _board(WithIncidents(many)))
    assert block.count("<li data-incident=") == OPEN_SHOWN and "Sự cố đang xử lý (7)" in block
    assert f'<a href="/incidents?status=open&enterprise_id={E1}">Xem cả 7 sự cố đang xử lý</a>' in block


async def test_a_board_whose_enterprise_has_no_incidents_shows_nothing_of_them() -> None:
    markup = await _board(WithIncidents([{**CUT, "enterprise_id": "another"}]))
    for said in ('class="board-incidents"', "board-incidents-unread", "incidents-on-", "Sự cố đang xử lý"):
        assert said not in markup, said
    # resolved ones alone: no block, the day still marked
    markup = await _board(WithIncidents([DONE]))
    assert "board-incidents" not in markup and 'data-testid="incidents-on-2027-02-08">1 sự cố</a>' in markup


async def test_incidents_roster_does_not_answer_are_said_in_a_line_and_the_board_stands() -> None:
    for refusal in (
        httpx.Response(503, json={"type": "x/unavailable", "title": "Service Unavailable", "detail": "database"}),
        httpx.Response(500, json={"type": "x/bug", "detail": "a bug"}),
    ):
        for lang, said in (
            ("vi", "Không đọc được các sự cố của doanh nghiệp: hệ thống lịch trực chưa trả lời."),
            ("en", "The enterprise's incidents could not be read: the roster service did not answer."),
        ):
            markup = await _board(WithIncidents([CUT], refusal=refusal), lang=lang)
            line = present(re.search(r'<p class="message warn" data-testid="board-incidents-unread">(.*?)</p>', markup))
            assert line[1].startswith(said) and ("tải lại trang" in line[1] or "reload the page" in line[1])
            assert 'id="board-grid"' in markup and 'data-testid="cell-2027-02-08-operations"' in markup
            assert 'board-incidents"' not in markup and "incidents-on-" not in markup


async def test_the_incidents_are_asked_together_with_the_boards_other_lists() -> None:
    """Not one after the other: roster's board answer waits until the incident list has been asked for (a reading
    in turn would never send it, and the page would time out)."""
    both = asyncio.Event()
    roster = WithIncidents([CUT])

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/incidents":
            both.set()
        elif request.url.path == f"/campaigns/{C1}/enterprises/{E1}/board":
            await asyncio.wait_for(both.wait(), timeout=5)
        return await roster(request)

    markup = await _board(answer)  # type: ignore[arg-type]
    assert 'data-incident="i-cut"' in _block(markup)


async def test_a_cell_page_without_script_is_the_whole_board_its_incidents_and_day_marks_included() -> None:
    """M1's leftover: a cell's page opened by a plain link (no htmx) drew the board again without the incidents block
    and the days' marks (and without what is left before Tết); with htmx the panel alone comes back, nothing read for
    the rest of the board."""
    cell = f"{BOARD_URL}/cell?day=2027-02-08&duty_type=operations"
    roster = WithIncidents([CUT, POWER, DONE])
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        whole = await client.get(cell)
        asked = len(roster.asked)
        panel = await client.get(cell, headers={"HX-Request": "true"})
    assert whole.status_code == 200 and panel.status_code == 200, whole.text[:600]
    markup = html.unescape(whole.text)
    assert "Sự cố đang xử lý (2)" in _block(markup) and 'data-incident="i-power"' in markup
    assert 'data-testid="incidents-on-2027-02-08">2 sự cố</a>' in markup
    assert 'id="cell-panel"' in markup and 'id="board-grid"' in markup
    # the Tết's board before the campaign: what is left before it too (test_board_forms' roster: nothing left)
    assert '<p class="muted" data-testid="before-tet-done">Đã xong các việc trước Tết.</p>' in markup
    # the panel alone: no board around it, and no incident list read for it
    assert "board-incidents" not in panel.text and 'id="board-grid"' not in panel.text
    assert len(roster.asked) == asked


async def test_the_board_reads_the_incidents_once_the_open_ones_of_an_earlier_campaign_among_them() -> None:
    """V3 #7: the board asked roster for its incidents twice a request — the enterprise's open ones, then the
    campaign's — as roster's filters were ANDed. One list now (`open_too`): the campaign's and, whatever their
    campaign, the open ones; the block lists the open ones (one detected before the campaign began too) and the day
    marks count the campaign's, as before."""
    earlier = {**CUT, "id": "i-earlier", "campaign_id": "c-2026", "detected_at": "2026-02-20T02:00:00Z"}
    gone = {**DONE, "id": "i-old-done", "campaign_id": "c-2026", "detected_at": "2026-02-21T02:00:00Z"}
    roster = WithIncidents([CUT, POWER, DONE, earlier, gone])
    markup = await _board(roster)
    assert roster.asked == [{"enterprise_id": E1, "campaign_id": C1, "open_too": "true", "limit": "500"}]
    block = _block(markup)
    assert "Sự cố đang xử lý (3)" in block
    assert all(f'data-incident="{i}"' in block for i in ("i-cut", "i-power", "i-earlier"))
    assert "i-old-done" not in markup and 'data-incident="i-done"' not in block
    assert 'data-testid="incidents-on-2027-02-08">2 sự cố</a>' in markup  # the campaign's: POWER and DONE


async def test_read_incidents_says_failed_rather_than_raise() -> None:
    """Roster not reached at all for them (the board's own read would say so, if it were not either): failed."""

    class Refusing:
        async def page(self, *args: Any, **kwargs: Any) -> Any:
            raise ServiceUnavailable("roster", "connection refused", unsent=True)

        async def every(self, *args: Any, **kwargs: Any) -> Any:
            raise ServiceUnavailable("roster", "connection refused", unsent=True)

    read = await read_incidents(Refusing(), campaign_id=C1, enterprise_id=E1)  # type: ignore[arg-type]
    assert read.failed


# --- the incident list's day -----------------------------------------------------------------------------------


async def test_the_incident_list_filters_by_the_local_day_of_detection_and_pages_keeping_it() -> None:
    """The board's day marks link /incidents?enterprise_id=…&day=…: roster is asked for that local day (Vietnam
    time, 00:00 to the next 00:00), the filter box shows it, a line names it with its lunar day, the pages keep it,
    and "Bỏ lọc" clears it; a day that is no day is refused naming the box."""
    roster = IncidentRoster()
    many = [{**INCIDENT, "id": f"i{n}"} for n in range(25)]  # more than a page (20)
    roster.lists["/incidents"] = lambda params: many
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster), clock=_night
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        page = await client.get("/incidents", params={"enterprise_id": "e1", "day": "2027-02-05"})
        assert page.status_code == 200, page.text[:600]
        asked = [u for u in roster.list_calls if u.path == "/incidents"][-1].params
        assert asked["detected_from"] == "2027-02-05T00:00:00+07:00"
        assert asked["detected_to"] == "2027-02-06T00:00:00+07:00" and asked["enterprise_id"] == "e1"
        text = html.unescape(page.text)
        assert '<input id="q-day" name="day" type="date" value="2027-02-05">' in text
        assert "Các sự cố phát hiện trong ngày 05/02/2027 (29 tháng Chạp Bính Ngọ)" in text
        assert '<a href="/incidents">Bỏ lọc</a>' in text
        following = present(re.search(r'<a[^>]*href="(/incidents\?[^"]*cursor=[^"]*)"', text))[1]
        assert parse_qs(urlsplit(following).query)["day"] == ["2027-02-05"]
        second = await client.get(following)
        assert second.status_code == 200
        asked = [u for u in roster.list_calls if u.path == "/incidents"][-1].params
        assert asked["detected_from"] == "2027-02-05T00:00:00+07:00" and asked.get("cursor")
        plain = await client.get("/incidents")
        asked = [u for u in roster.list_calls if u.path == "/incidents"][-1].params
        assert "detected_from" not in asked and 'data-testid="incidents-day"' not in plain.text
        wrong = await client.get("/incidents", params={"day": "mùng 1"})
        assert wrong.status_code == 422 and "Ngày phát hiện" in html.unescape(wrong.text)
        assert _csrf(page.text)
