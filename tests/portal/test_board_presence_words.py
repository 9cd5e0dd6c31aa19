"""QZ28 #3 without a browser: on 16/02/2027 the manager's board did not reflect a word afterwards — Đặng Thị Hồng Gấm
checked in to her 08:00–16:00 shift on mùng 3 and was recorded afterwards as not there: the cell counted her
"1 người không điểm danh" (she did check in), her card kept the green "Đã điểm danh", and the cell, short in plan
16:00–18:00, said nothing of her absence (the heat map: "Chưa có mặt"). Now the cell says she was recorded not there,
the absence beside the gap in audit's person-hours, and the card's badge says the check-in does not count. Roster and
audit stood in for by httpx.MockTransport (test_board_forms' fake)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from support import present

from .fake_sign_in import signed_in_portal
from .test_board_forms import C1, CELL, E1, MANAGER, PASSWORD, SHIFT, Roster

NOW = datetime(2027, 2, 16, 2, tzinfo=UTC)  # 09:00 on 16/02/2027
WORD = {"present": False, "evidence": "camera", "evidence_note": "Camera cổng", "confirmed_by": "ql",
        "confirmed_by_name": "Trần Văn Tâm", "confirmed_at": "2027-02-16T01:00:00Z",
        "absent_from": "2027-02-08T01:00:00Z", "absent_until": "2027-02-08T09:00:00Z"}  # fmt: skip
GAM: dict[str, Any] = {
    **SHIFT,
    "status": "checked_in",
    "assignees": [
        {"staff_id": "s9", "full_name": "Đặng Thị Hồng Gấm", "qualified": True,
         "checked_in_at": "2027-02-08T01:05:00Z", "presence": WORD}
    ],
}  # fmt: skip
SHORTFALL = {"duty_type": "operations", "site_id": None, "starts_at": "2027-02-08T01:00:00Z",
             "ends_at": "2027-02-08T09:00:00Z", "required": 1, "rostered": 1, "present": 0}  # fmt: skip


class WithAudit(Roster):
    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/attendance/shortfalls":
            return httpx.Response(200, json={"items": [SHORTFALL], "limit": 500, "total": 1, "next": None})
        return await super().__call__(request)


def _roster() -> WithAudit:
    roster = WithAudit(GAM)
    gap = {"starts_at": "2027-02-08T09:00:00Z", "ends_at": "2027-02-08T11:00:00Z", "required": 1, "planned": 0}
    roster.board["days"][0]["duty_types"][0]["coverage"] = [
        {"site_id": None, "required": 1, "planned": 1, "met": False, "met_published": False, "gaps": [gap]}
    ]
    return roster


async def _get(url: str) -> str:
    async with signed_in_portal(_roster(), MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get(url)
    assert page.status_code == 200, page.text[:600]
    return html.unescape(page.text)


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


async def test_the_cell_says_recorded_not_there_and_the_absence_beside_the_gap() -> None:
    page = await _get(f"/manage/board/{C1}/{E1}")
    cell = _text(present(re.search(r'<td class="[^"]*"\s+id="cell-2027-02-08-operations".*?</td>', page, re.S))[0])
    assert "Không có ai 16:00–18:00" in cell
    assert "1 người vắng (quản lý ghi nhận sau ca)" in cell
    assert "không điểm danh" not in cell  # she checked in
    assert "Chưa có mặt 8 giờ-người" in cell  # 08:00–16:00, as audit and the heat map count it


async def test_the_panel_says_the_absence_beside_the_gap_and_the_card_that_her_check_in_does_not_count() -> None:
    page = await _get(CELL)
    panel = page[page.index('data-testid="cell-panel"') :]
    note = _text(present(re.search(r'<p data-testid="absent-beside-gap-note">.*?</p>', panel, re.S))[0])
    assert note.startswith("Ngoài giờ thiếu người trong lịch, có người trong lịch không có mặt: 08:00–16:00")
    badge = present(re.search(rf'<span class="tag ([^"]+)" data-testid="status-{SHIFT["id"]}">([^<]*)</span>', panel))
    assert (badge[1], badge[2]) == ("gap", "Ghi nhận vắng (điểm danh không được tính)")
    assert "Vắng — đã điểm danh nhưng không có mặt" in _text(panel)
