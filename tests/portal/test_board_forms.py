"""The board's cell without a browser: roster's refusal of the free text of the plan form ("Xếp ca": its notes)
and of the cancel form (its reason) is said next to that box, under the form's label for it, with what was typed
kept. Roster is stood in for by httpx.MockTransport.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

PASSWORD = "đúng mật khẩu 2027"
C1, E1, H1, S1 = (f"00000000-0000-4000-8000-0000000000{n}" for n in ("c1", "e1", "a1", "b1"))
MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [E1],
    "staff_id": None,
}
CELL = f"/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations"
BACK = {"cell_day": "2027-02-08", "cell_duty": "operations", "cell_site": ""}
SHIFT: dict[str, Any] = {
    "id": H1,
    "duty_type": "operations",
    "site_id": None,
    "starts_at": "2027-02-08T01:00:00Z",
    "ends_at": "2027-02-08T09:00:00Z",
    "status": "published",
    "version": 3,
    "notes": None,
    "assignees": [{"staff_id": S1, "full_name": "Lê Thị Hoa", "qualified": True}],
    "warnings": [],
}
BOARD = {
    "campaign": {"id": C1, "name": "Tết Đinh Mùi 2027"},
    "enterprise": {"id": E1, "name": "VNPT Long An"},
    "from": "2027-02-08",
    "to": "2027-02-08",
    "days": [
        {
            "date": "2027-02-08",
            "lunar_name_vi": "Mùng 3 Tết",
            "lunar_name_en": "3rd day of Tết",
            "peaks": [],
            "duty_types": [
                {
                    "duty_type": "operations",
                    "name_vi": "Trực điều hành",
                    "name_en": "Operations duty",
                    "coverage": [],
                    "shifts": [SHIFT],
                }
            ],
        }
    ],
}
CONTROL = "có ký tự điều khiển (U+001B), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó."


def _text_refused(field: str, word_vi: str) -> httpx.Response:
    """roster's 422 for free text holding an escape character, in its own word for the field."""
    error = {
        "field": f"body.{field}",
        "rule": "value_error",
        "message": f"The {field} contains a control character (U+001B), which a text cannot hold.",
        "message_vi": f"{word_vi}: {CONTROL}",
    }
    body = {"type": "https://lichtruc.example/problems/value_error", "status": 422, "detail": error["message"]}
    return httpx.Response(422, json={**body, "detail_vi": error["message_vi"], "errors": [error]})


def _page(items: list[dict]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """Roster as the cell reads it, refusing every change with `refusals` by (method, path)."""

    def __init__(self) -> None:
        self.refusals: dict[tuple[str, str], httpx.Response] = {}
        self.posted: list[tuple[str, dict]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": MANAGER, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": MANAGER["id"]})
        if method == "POST":
            self.posted.append((path, json.loads(request.content or b"null") or {}))
            if (method, path) in self.refusals:
                return self.refusals[(method, path)]
        if path == f"/campaigns/{C1}/enterprises/{E1}/board":
            return httpx.Response(200, json=BOARD)
        if path == f"/campaigns/{C1}":
            body = {"id": C1, "name": "Tết Đinh Mùi 2027", "kind": "tet"}
            return httpx.Response(
                200, json={**body, "starts_at": "2027-02-01T00:00:00Z", "ends_at": "2027-02-20T00:00:00Z"}
            )
        if path == "/staff":
            return _page([{"id": S1, "full_name": "Lê Thị Hoa", "active": True, "qualifications": ["operator"]}])
        if path == "/sites":
            return _page([])
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


async def _cell(roster: Roster, *posts: tuple[str, dict[str, Any]]) -> list[httpx.Response]:
    """The cell's page, then the answer to each POST (path, form) sent with the page's csrf token."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        cell = await client.get(CELL)
        assert cell.status_code == 200, cell.text
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', cell.text)).group(1)
        return [cell] + [await client.post(path, data={**form, "csrf_token": csrf}) for path, form in posts]


def _box(answer: httpx.Response, box_id: str, said_id: str) -> tuple[str, str, str]:
    """The textarea `box_id`: its opening tag, its text, and what is said under it (the paragraph `said_id`)."""
    found = present(re.search(rf'(<textarea id="{box_id}"[^>]*>)(.*?)</textarea>', answer.text, re.S))
    said = re.search(rf'<p class="error" id="{said_id}" role="alert">(.*?)</p>', answer.text, re.S)
    return found.group(1), html.unescape(found.group(2)), html.unescape(said.group(1)) if said else ""


async def test_roster_refusing_a_planned_shifts_notes_is_said_under_the_notes_and_they_are_kept() -> None:
    """QA: notes with an escape character answered "Chưa lưu được: hãy sửa các ô được đánh dấu." and no box was
    marked: roster's error on `body.notes` was dropped."""
    roster = Roster()
    roster.refusals[("POST", "/shifts")] = _text_refused("notes", "Ghi chú")
    typed = "QA ghi chú \x1b[31m đỏ"
    plan = {**BACK, "people": S1, "starts_at": "2027-02-08T16:00", "ends_at": "2027-02-08T22:00", "notes": typed}
    _, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts", plan))
    assert refused.status_code == 422
    assert [p for p, _ in roster.posted] == ["/shifts"] and roster.posted[0][1]["notes"] == typed.strip()
    tag, text, said = _box(refused, "f-notes", "e-plan-notes")
    assert said == f"Ghi chú: {CONTROL}"
    assert 'aria-invalid="true"' in tag and 'aria-describedby="e-plan-notes"' in tag
    assert text == typed
    assert "Chưa lưu được: hãy sửa các ô được đánh dấu." in html.unescape(refused.text)


async def test_roster_refusing_a_cancellations_reason_is_said_under_the_reason_and_it_is_kept() -> None:
    """QA: a reason with an escape character answered only "Chưa lưu được…", no box marked, the reason gone."""
    roster = Roster()
    roster.refusals[("POST", f"/shifts/{H1}/cancel")] = _text_refused("reason", "Lý do")
    typed = "Đổi kế hoạch \x1b[31m gấp"
    cancel = {**BACK, "version": "3", "reason": typed}
    cell, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel))
    assert _box(cell, f"cn-{H1}-reason", f"e-cn-{H1}-reason")[1:] == ("", "")  # nothing typed, nothing said before
    assert refused.status_code == 422
    tag, text, said = _box(refused, f"cn-{H1}-reason", f"e-cn-{H1}-reason")
    assert said == f"Lý do hủy: {CONTROL}"  # the form's label, not roster's «Lý do»
    assert f'aria-describedby="e-cn-{H1}-reason"' in tag
    assert text == typed
    # said once, next to the box: the form's summary does not repeat it
    assert html.unescape(refused.text).count(CONTROL) == 1


async def test_a_board_that_requires_nothing_says_so_not_that_every_cell_is_covered() -> None:
    """QA round 3: "Mọi ô đều đủ người." over a board whose every cell read "Không yêu cầu"."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(Roster()))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        board = await client.get(f"/manage/board/{C1}/{E1}")
    assert board.status_code == 200, board.text
    text = html.unescape(board.text)
    assert "Chưa có yêu cầu trực nào trong những ngày này" in text and "Mọi ô đều đủ người." not in text
