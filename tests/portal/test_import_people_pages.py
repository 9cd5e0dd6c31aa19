"""The staff import's pages keep people whole (QA round 6), roster stood in for by httpx.MockTransport: the check
lists who the file adds with what will be stored, names the new causes in words, and the done page says again who
keeps upcoming shifts they may no longer work."""

from __future__ import annotations

import html
import re

import httpx

from portal.app import create_app
from portal.settings import PortalSettings

from .test_core import PagedRoster, _client, _csrf
from .test_incident_pages import _signed_in

LEFT = [
    {
        "rule": "staff-active",
        "field": "active",
        "message": f"Lê Văn Sáu is inactive but still on the shift {day}: reassign it.",
        "message_vi": f"Lê Văn Sáu đã ngừng hoạt động nhưng vẫn có ca {day}: hãy đổi người.",
    }
    for day in ("Trực điều hành 5 Feb 2027", "Trực điều hành 6 Feb 2027")
]


def report(*, dry_run: bool) -> dict:
    return {
        "kind": "staff",
        "dry_run": dry_run,
        "committed": not dry_run,
        "ignored_columns": [],
        "summary": {"rows": 3, "ok": 3, "with_errors": 0, "with_warnings": 2},
        "rows": [
            {
                "row": 2,
                "ok": True,
                "errors": [],
                "warnings": [],
                "full_name": "Võ Thị Kim Ngân",
                "action": "create",
                "adds": {
                    "full_name": "Võ Thị Kim Ngân",
                    "email": "ngan@vnpt-la.vn",
                    "phone": "0912345678",
                    "qualifications": ["leader", "technician"],
                    "active": True,
                },
            },
            {"row": 3, "ok": True, "errors": [], "warnings": LEFT, "full_name": "Lê Văn Sáu", "action": "update"},
            {
                "row": 4,
                "ok": True,
                "errors": [],
                "warnings": [
                    {
                        "rule": "same-name",
                        "field": "full_name",
                        "message": "This row matches Lương Văn Hải …",
                        "message_vi": "Dòng này khớp với Lương Văn Hải đã có tại VNPT Long An (cùng tên, không có "
                        "email/điện thoại khác): đây là người đó, không tạo thêm người mới.",
                    }
                ],
                "full_name": "Lương Văn Hải",
                "action": "unchanged",
            },
        ],
    }


class ImportRoster(PagedRoster):
    def __init__(self) -> None:
        super().__init__(
            {"/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}], "/campaigns": lambda params: []}
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/imports/staff":
            dry = request.url.params.get("dry_run") == "true"
            return httpx.Response(200 if dry else 201, json=report(dry_run=dry))
        return super().__call__(request)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def test_the_check_lists_who_is_added_and_the_done_page_says_the_shifts_left() -> None:
    roster = ImportRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        form = await client.get("/manage/imports")
        page = await client.post(
            "/manage/imports/staff",
            data={"csrf_token": _csrf(form.text), "enterprise_id": "e1"},
            files={"file": ("nhan-su.csv", "Họ và tên,Email\nVõ Thị Kim Ngân,ngan@vnpt-la.vn\n".encode(), "text/csv")},
        )
        assert page.status_code == 200, page.text
        text = _text(page.text)
        assert "Người sẽ được thêm mới (giá trị sẽ lưu)" in text
        assert "Dòng 2 Võ Thị Kim Ngân Lãnh đạo, Kỹ thuật ngan@vnpt-la.vn 0912 345 678" in text
        assert "Lê Văn Sáu đã ngừng hoạt động nhưng vẫn có ca Trực điều hành 5 Feb 2027: hãy đổi người." in text
        assert "Dòng này khớp với Lương Văn Hải đã có tại VNPT Long An (cùng tên" in text

        commit = re.search(r'action="/manage/imports/staff/commit".*?</form>', page.text, re.S)
        assert commit is not None
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', commit.group(0)))
        done = await client.post("/manage/imports/staff/commit", data=fields, follow_redirects=True)
        assert done.status_code == 200, done.text
        text = _text(done.text)
        assert "Lê Văn Sáu đã ngừng hoạt động nhưng vẫn có 2 ca trực sắp tới: hãy đổi người trên bảng trực." in text


async def test_a_file_with_nothing_to_fix_is_not_asked_to_have_its_errors_fixed() -> None:
    """QA (round 8): the board's own download imported back, every row unchanged and no error, read "Sửa các lỗi trên
    trong tệp…" under "Tệp đã sửa"; that line is for a file with errors only."""
    unchanged = {
        "row": 2,
        "ok": True,
        "errors": [],
        "warnings": [],
        "full_name": "Lương Văn Hải",
        "action": "unchanged",
    }
    wrong = {
        "row": 3,
        "ok": False,
        "errors": [{"rule": "missing", "field": "full_name", "message": "x", "message_vi": "Thiếu họ và tên."}],
        "warnings": [],
        "full_name": "",
        "action": "create",
    }

    class Roster(ImportRoster):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[dict] = [unchanged]

        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.method == "POST" and request.url.path == "/imports/staff":
                errors = sum(1 for r in self.rows if r["errors"])
                summary = {"rows": len(self.rows), "ok": len(self.rows) - errors, "with_errors": errors}
                body = {**report(dry_run=True), "summary": {**summary, "with_warnings": 0}, "rows": self.rows}
                return httpx.Response(200, json=body)
            return super().__call__(request)

    roster = Roster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    said = {}
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        for lang, rows in (("vi", [unchanged]), ("en", [unchanged]), ("vi-errors", [unchanged, wrong])):
            await client.get(f"/lang/{lang[:2]}")
            roster.rows = rows
            form = await client.get("/manage/imports")
            page = await client.post(
                "/manage/imports/staff",
                data={"csrf_token": _csrf(form.text), "enterprise_id": "e1"},
                files={"file": ("nhan-su.csv", "Họ và tên\nLương Văn Hải\n".encode(), "text/csv")},
            )
            assert page.status_code in (200, 422), page.text
            again = re.search(
                r'<section class="panel" aria-labelledby="again-heading">(.*?)</section>', page.text, re.S
            )
            assert again is not None, page.text
            said[lang] = _text(again.group(1))
    assert "Sửa các lỗi trên" not in said["vi"] and "Nếu muốn sửa thêm" in said["vi"], said["vi"]
    assert "Correct the errors above" not in said["en"] and "To change more" in said["en"], said["en"]
    assert "Sửa các lỗi trên trong tệp" in said["vi-errors"], said["vi-errors"]
