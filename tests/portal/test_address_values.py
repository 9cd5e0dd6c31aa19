"""Values in a page's address that the portal cannot use are said, never quietly replaced: a day that
is no day (or not one of the campaign's), a campaign that is none of them, a filter an export cannot
apply, a value of the wrong kind in the path or the query (the portal's page, not FastAPI's JSON).
Also what a filter that matches nothing says, query values in NFC, and the Vietnamese order of the
Department's report page. Without a browser: roster and audit are stood in for by httpx.MockTransport."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

C1 = "0c1a0000-0000-4000-8000-000000000001"
CAMPAIGN = {
    "id": C1,
    "campaign_id": C1,
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-29T17:00:00Z",
    "ends_at": "2027-02-15T17:00:00Z",
    "peaks": [],
}
PASSWORD = "đúng mật khẩu 2027"
INSPECTOR: dict[str, Any] = {
    "id": "a9",
    "login": "thanhtra@stttt.longan.gov.vn",
    "display_name": "Thanh tra Sở",
    "role": "inspector",
    "enterprise_ids": [],
    "staff_id": None,
}
STAFF: dict[str, Any] = {
    "id": "a5",
    "login": "tuyetnta@vnpt-longan.vn",
    "display_name": "Nguyễn Thị Ánh Tuyết",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",
}
# Code point order, as a service's list may come: "VNPT" before "Viettel", "Đài…" last.
STATUS_ROWS = [
    {
        "enterprise_name": name,
        "status": "missing",
        "version": None,
        "late": False,
        "submitted_at": None,
        "submitted_by_name": None,
        "due_at": "2027-02-07T02:00:00Z",
    }
    for name in ("Bưu điện tỉnh Long An", "VNPT Long An", "Viettel Long An", "Đài Phát thanh và Truyền hình Long An")
]
POINT = {
    "site_id": "0c1a0000-0000-4000-8000-0000000000a1",
    "site_name": "Điểm giao dịch Tân An",
    "enterprise_name": "VNPT Long An",
    "campaign_id": C1,
    "published_version": 1,
    "district": "Tân An",
    "days": [],
}


class Services:
    """Roster's sign-in as `account`, and every list roster and audit serve the pages here (empty unless
    given); `asked` keeps each request's (host, path)."""

    def __init__(self, account: dict[str, Any], lists: dict[tuple[str, str], list[dict]] | None = None) -> None:
        self.account = account
        self.lists = {("audit", "/campaigns"): [CAMPAIGN], ("roster", "/campaigns"): [CAMPAIGN], **(lists or {})}
        self.asked: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host, path = request.url.host, request.url.path
        self.asked.append((host, path))
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": self.account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": self.account["id"]})
        if "not-a-uuid" in path:
            return httpx.Response(
                422,
                json={
                    "type": "x/validation",
                    "status": 422,
                    "detail": "shift_id: not a valid id",
                    "detail_vi": "Mã ca trực không hợp lệ.",
                },
            )
        if path == f"/campaigns/{C1}":
            return httpx.Response(200, json=CAMPAIGN)
        if path == f"/campaigns/{C1}/board":
            return httpx.Response(200, json={"rows": []})
        if path.endswith(".csv"):
            return httpx.Response(200, content=b"a,b\n", headers={"content-type": "text/csv; charset=utf-8"})
        items = self.lists.get((host, path), [])
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _app(services: Services):
    settings = PortalSettings(
        session_key="s" * 48, roster_url="http://roster", notifier_url="http://notifier", audit_url="http://audit"
    )
    return create_app(settings, transport_for=lambda name: httpx.MockTransport(services))


async def _visit(services: Services, *paths: str, sign_in: bool = True) -> list[httpx.Response]:
    app = _app(services)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        if sign_in:
            page = await client.get("/login")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            login = {"login": services.account["login"], "password": PASSWORD, "csrf_token": csrf}
            assert (await client.post("/login", data=login)).status_code == 303
        return [await client.get(path) for path in paths]


def _text(answer: httpx.Response) -> str:
    """The page's text as read: tags dropped, entities decoded, white space single."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answer.text)).split())


def _asked(services: Services, test: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    return [(h, p) for h, p in services.asked if test(h, p)]


# --- a value of the wrong kind in the path or the query: the portal's page ---------------------------------


async def test_a_value_of_the_wrong_kind_in_the_address_is_the_portals_page_naming_it() -> None:
    path_value, query_value = await _visit(
        Services(INSPECTOR),
        "/tet-hours/xyz/notice.pdf",
        f"/tet-hours/{POINT['site_id']}/notice.pdf?campaign_id=bad",
        sign_in=False,
    )
    for answer in (path_value, query_value):
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
        assert "Địa chỉ có giá trị không hợp lệ" in _text(answer)
    assert "Địa điểm: «xyz» không phải là mã của mục nào" in _text(path_value)
    assert 'href="/tet-hours">Về danh sách</a>' in path_value.text
    assert "Chiến dịch: «bad» không phải là mã của mục nào" in _text(query_value)
    assert f'href="/tet-hours/{POINT["site_id"]}/notice.pdf">Mở trang này, bỏ giá trị sai</a>' in query_value.text

    staff, imports = await _visit(Services(INSPECTOR), "/manage/staff?limit=abc", "/manage/imports/done?rows=abc")
    assert staff.status_code == 422 and "Số mục mỗi trang: «abc» không phải là một số." in _text(staff)
    assert 'href="/manage/staff">' in staff.text
    assert imports.status_code == 422 and "«abc» không phải là một số" in _text(imports)


async def test_a_request_a_service_refuses_is_said_in_a_sentence_without_its_internal_name() -> None:
    vi, _, en = await _visit(Services(STAFF), "/me/shifts/not-a-uuid/swap", "/lang/en", "/me/shifts/not-a-uuid/swap")
    assert vi.status_code == 422
    text = _text(vi)
    assert "Yêu cầu này bị hệ thống lịch trực từ chối, nên không có gì thay đổi." in text
    assert "Mã ca trực không hợp lệ." in text and "(roster)" not in text
    assert "This request was refused by the roster service, so nothing was changed." in _text(en)
