"""QZ26 #5: right after the manager recorded Trần Văn An as "không đến" (a nobody-came handover: his shift cancelled,
the rest taken over), the cell's "Xếp ca mới" offered him first as "rảnh, đủ thời gian nghỉ" — roster judges rules,
and by them he is free. The pickers now say he did not come to that shift and list him after the free. And the
incident page's responder picker called someone rostered now but never checked in "đang trực": it says "có ca lúc
này, chưa điểm danh". Roster stood in for by httpx.MockTransport (test_board_picker_candidates' and
test_incident_pages' fakes)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from portal.app import create_app
from portal.domain.candidates import Judged, NoShow, Note, judged, no_shows, with_no_shows
from portal.domain.shifts import Shift, ShiftRef, not_checked_in_now
from portal.settings import PortalSettings

from .test_board_forms import H1, S1, SHIFT, _cell
from .test_board_picker_candidates import S_FREE, Judging, _said
from .test_core import _client
from .test_incident_pages import CHOICES, IncidentRoster, _night, _signed_in

GONE_ID = "00000000-0000-4000-8000-0000000000d1"
GONE: dict[str, Any] = {  # 08:00–16:00 on mùng 3, Trần Văn An never came: cancelled by the handover
    **SHIFT,
    "id": GONE_ID,
    "status": "cancelled",
    "assignees": [{"staff_id": S_FREE, "full_name": "Trần Văn An", "qualified": True}],
}
TAKER: dict[str, Any] = {  # Lê Thị Hoa took it over from 10:00, "Người trực không đến" ticked
    **SHIFT,
    "starts_at": "2027-02-08T03:00:00Z",
    "continues_shift_id": GONE_ID,
    "handover_absent": True,
    "handover_reason": "Không liên lạc được",
}
NO_SHOW_VI = (
    "không đến ca Trực điều hành lúc 08:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 16:00 "
    "(quản lý đã ghi khi giao ca): hãy gọi trước khi xếp lại"
)


def _at(hour: int, day: int = 8) -> datetime:
    return datetime(2027, 2, day, hour, tzinfo=UTC) - timedelta(hours=7)


def test_the_people_recorded_as_not_come_are_those_of_a_nobody_came_handovers_cancelled_shift() -> None:
    taker, gone = Shift.from_api(TAKER), Shift.from_api(GONE)
    assert no_shows([taker], {GONE_ID: gone}) == (NoShow(S_FREE, "Trần Văn An", gone.ref),)
    # the box unticked (the manager's word they were there), not said, the shift not read, or not cancelled: nobody
    for other in ({**TAKER, "handover_absent": False}, {**TAKER, "handover_absent": None}):
        assert no_shows([Shift.from_api(other)], {GONE_ID: gone}) == ()
    assert no_shows([taker], {}) == ()
    assert no_shows([taker], {GONE_ID: Shift.from_api({**GONE, "status": "published"})}) == ()


def test_a_no_show_is_said_in_a_picker_near_the_shift_and_ranks_after_the_free() -> None:
    ref = ShiftRef(GONE_ID, "operations", _at(8), _at(16))
    found = [NoShow(S_FREE, "Trần Văn An", ref)]
    free = judged([{"id": S_FREE}, {"id": S1}])
    for span in ((_at(10), _at(16)), (_at(16), _at(22)), (_at(3), _at(9))):  # the rest, that evening, over it
        said = with_no_shows(free, found, span)
        assert said.of(S_FREE) == (Note("no_show", ref),) and not said.free(S_FREE) and said.free(S1)
        assert said.rank(S_FREE) > said.rank(S1)
    # the next week, or a day before it: nothing said; someone not asked about: nothing either
    for span in ((_at(8, 15), _at(16, 15)), (_at(8, 7) - timedelta(hours=1), _at(8, 7))):
        assert with_no_shows(free, found, span).free(S_FREE)
    assert with_no_shows(Judged({}), found, (_at(10), _at(16))).of(S_FREE) == ()


async def test_the_cells_plan_picker_says_he_did_not_come_not_that_he_is_free() -> None:
    class AfterTheHandover(Judging):
        async def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.method == "GET" and request.url.path == f"/shifts/{GONE_ID}":
                return httpx.Response(200, json=GONE)
            return await super().__call__(request)

    [page] = await _cell(AfterTheHandover(TAKER))
    said = dict(_said(page, "plan-p"))
    assert said["Trần Văn An"] == NO_SHOW_VI  # roster said free: not "rảnh, đủ thời gian nghỉ"
    names = [name for name, _ in _said(page, "plan-p")]
    assert names.index("Trần Văn An") > names.index("Lê Minh Tuấn")  # after the free and the short rest
    # the handover's taker's own pickers too: Đổi người trực at its times
    [drawn] = await _cell(AfterTheHandover(TAKER), drawn=f"reassign={H1}")
    assert dict(_said(drawn, f"ra-{H1}"))["Trần Văn An"] == NO_SHOW_VI
    # without the box ticked (he was there), he is free as roster says
    [vouched] = await _cell(AfterTheHandover({**TAKER, "handover_absent": False}))
    assert dict(_said(vouched, "plan-p"))["Trần Văn An"] == "rảnh, đủ thời gian nghỉ"


def test_rostered_now_without_a_check_in_is_not_on_duty() -> None:
    now = _at(9, 6)
    day = {**SHIFT, "starts_at": "2027-02-05T23:00:00Z", "ends_at": "2027-02-06T11:00:00Z"}
    shift = {
        **day,
        "assignees": [
            {"staff_id": "s2", "full_name": "Nguyễn Thị Ánh Nguyệt"},
            {"staff_id": "s4", "full_name": "Đỗ Văn Lực", "checked_in_at": "2027-02-05T23:03:00Z"},
        ],
    }
    ended = {**shift, "id": "x", "starts_at": "2027-02-05T11:00:00Z", "ends_at": "2027-02-05T23:00:00Z"}
    assert not_checked_in_now([Shift.from_api(shift), Shift.from_api(ended)], now) == {"s2"}
    # one shift checked in, another under way not: there
    other = {**shift, "id": "y", "assignees": [{"staff_id": "s4", "full_name": "Đỗ Văn Lực"}]}
    assert not_checked_in_now([Shift.from_api(shift), Shift.from_api(other)], now) == {"s2"}


class WithShifts(IncidentRoster):
    """The incident pages' roster, with the enterprise's shifts under way at 09:00 on mùng 1."""

    def __init__(self, checked_in: str | None) -> None:
        super().__init__()
        person = {"staff_id": "s2", "full_name": "Trần Văn Đức", "checked_in_at": checked_in}
        shift = {**SHIFT, "starts_at": "2027-02-05T23:00:00Z", "ends_at": "2027-02-06T11:00:00Z"}
        self.shifts_asked: list[httpx.QueryParams] = []

        def shifts(params: httpx.QueryParams) -> list[dict[str, Any]]:
            self.shifts_asked.append(params)
            return [{**shift, "assignees": [person]}]

        self.lists["/shifts"] = shifts


async def _detail(roster: IncidentRoster) -> str:
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster), clock=_night
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        page = await client.get("/incidents/i1")
    assert page.status_code == 200, page.text[:600]
    return html.unescape(page.text)


def _label(page: str, staff_id: str) -> str:
    start = page.index(f'<label for="responder-{staff_id}">')
    return page[start : page.index("</label>", start)]


async def test_the_responder_picker_says_not_checked_in_rather_than_on_duty() -> None:
    assert CHOICES["people"][0] == {"staff_id": "s2", "full_name": "Trần Văn Đức", "on_duty": True}
    roster = WithShifts(None)
    page = await _detail(roster)
    label = _label(page, "s2")
    assert "có ca lúc này, chưa điểm danh" in label and "đang trực" not in label
    asked = roster.shifts_asked[0]
    assert asked["enterprise_id"] == "e1" and asked.get_list("status") == ["published", "checked_in"]
    assert asked["from"].startswith("2027-02-06T02:00")  # the shifts under way now
    came = await _detail(WithShifts("2027-02-05T23:04:00Z"))
    assert "đang trực" in _label(came, "s2") and "chưa điểm danh" not in _label(came, "s2")
    # roster not answering the shifts: roster's word, "đang trực", as before
    assert "đang trực" in _label(await _detail(IncidentRoster()), "s2")


def test_someone_without_an_account_is_said_so_and_stays_free_and_first() -> None:
    """QZ29 #1: Lê Hữu Nghĩa, with no account, was offered “rảnh, đủ thời gian nghỉ” alone; roster's
    `can_check_in` false is said after the notes (not a rule: he is still free, listed with the free), survives the
    no-show notes, and a person roster did not say it of is not said to have none."""
    said = judged(
        [
            {"id": "a", "can_check_in": False},
            {"id": "b", "can_check_in": True},
            {"id": "c"},
        ]
    )
    assert said.no_account == frozenset({"a"})
    assert said.free("a") and said.rank("a") == 0
    assert with_no_shows(said, (), (_at(8), _at(16))).no_account == frozenset({"a"})
