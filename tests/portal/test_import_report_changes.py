"""The staff import's report page without a browser (roster stood in for by httpx.MockTransport): an update says
what it changes, field by field, before → after, and a name the file writes without diacritics is said to be kept
(QA: "Tran Van QA Binh" overwrote "Trần Văn QA Bình" behind a bare "update")."""

from __future__ import annotations

import html
import re

import httpx

from portal.app import create_app
from portal.settings import PortalSettings

from .test_core import PagedRoster, _client, _csrf
from .test_incident_pages import _signed_in

REPORT = {
    "kind": "staff",
    "dry_run": True,
    "committed": False,
    "ignored_columns": [],
    "summary": {"rows": 1, "ok": 1, "with_errors": 0, "with_warnings": 1},
    "rows": [
        {
            "row": 2,
            "ok": True,
            "errors": [],
            "full_name": "Trần Văn QA Bình",
            "action": "update",
            "warnings": [
                {
                    "rule": "name-kept",
                    "field": "full_name",
                    "message": "The stored name “Trần Văn QA Bình” is kept.",
                    "message_vi": "Tên trong tệp không dấu; giữ tên đã lưu “Trần Văn QA Bình”.",
                }
            ],
            "changes": [
                {
                    "field": "phone",
                    "before": "0912000111",
                    "after": "0912000222",
                    "message": "phone: 0912000111 → 0912000222",
                    "message_vi": "Số điện thoại: 0912000111 → 0912000222",
                }
            ],
        }
    ],
}


class ImportRoster(PagedRoster):
    def __init__(self) -> None:
        super().__init__(
            {"/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}], "/campaigns": lambda params: []}
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/imports/staff":
            return httpx.Response(200, json=REPORT)
        return super().__call__(request)


async def test_an_updates_changes_and_a_kept_name_are_shown() -> None:
    roster = ImportRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        form = await client.get("/manage/imports")
        page = await client.post(
            "/manage/imports/staff",
            data={"csrf_token": _csrf(form.text), "enterprise_id": "e1"},
            files={"file": ("nhan-su.csv", "Họ và tên,Email\nTran Van QA Binh,qa@x.vn\n".encode(), "text/csv")},
        )
        assert page.status_code == 200, page.text
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
        assert "Thay đổi khi cập nhật hồ sơ đã có (trước → sau)" in text
        assert "Dòng 2 Trần Văn QA Bình Số điện thoại: 0912000111 → 0912000222" in text
        assert "Tên trong tệp không dấu; giữ tên đã lưu “Trần Văn QA Bình”." in text
