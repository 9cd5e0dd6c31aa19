"""The shift import's report page without a browser (roster stood in for by httpx.MockTransport) shows each
error's cell as the file wrote it, whatever the rule (QA: "Giá trị trong tệp: —" for a person not found and a
start refused, the page only knowing a value some English messages quote)."""

from __future__ import annotations

import html
import re

import httpx

from portal.app import create_app
from portal.settings import PortalSettings

from .test_core import PagedRoster, _client, _csrf
from .test_incident_pages import _signed_in


def _row(row: int, error: dict) -> dict:
    return {
        "row": row,
        "ok": False,
        "duty_type": None,
        "starts_at": None,
        "ends_at": None,
        "staff_ids": [],
        "assignees": ["Le Minh Tuan"] if row == 2 else ["duc@vnpt-la.vn"],
        "warnings": [],
        "errors": [error],
    }


REPORT = {
    "kind": "shifts",
    "dry_run": True,
    "committed": False,
    "ignored_columns": [],
    "summary": {"rows": 3, "ok": 0, "with_errors": 3, "with_warnings": 0},
    "rows": [
        _row(
            2,
            {
                "field": "assignees",
                "rule": "staff-exists",
                "message": "No staff member of this enterprise has the e-mail or name “Le Minh Tuan”.",
                "message_vi": "Không có cán bộ nào của doanh nghiệp có email hoặc tên “Le Minh Tuan”.",
                "value": "Le Minh Tuan",
            },
        ),
        _row(
            3,
            {
                "field": "starts_at",
                "rule": "inside-campaign",
                "message": "The shift starts before its campaign: Tết Đinh Mùi 2027 runs from 00:00 30/01/2027 …",
                "message_vi": "Ca trực bắt đầu trước đợt trực: Tết Đinh Mùi 2027 từ 00:00 30/01/2027 …",
                "value": "10/12/2026 08:00",
            },
        ),
        _row(  # a report of a roster that named no value (and quoted it straight): the one its message quotes
            4,
            {
                "field": "duty_type",
                "rule": "known-duty-type",
                "message": "Unknown duty type 'Trực nấu ăn': use leadership, …",
                "message_vi": "Loại trực 'Trực nấu ăn' không hợp lệ: …",
            },
        ),
    ],
}


class ImportRoster(PagedRoster):
    def __init__(self) -> None:
        super().__init__(
            {
                "/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}],
                "/campaigns": lambda params: [
                    {
                        "id": "c1",
                        "name": "Tết Đinh Mùi 2027",
                        "starts_at": "2027-01-29T17:00:00Z",
                        "ends_at": "2027-02-15T17:00:00Z",
                    }
                ],
            }
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/imports/shifts":
            return httpx.Response(200, json=REPORT)
        return super().__call__(request)


async def test_each_error_shows_the_cell_as_the_file_wrote_it() -> None:
    roster = ImportRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        form = await client.get("/manage/imports")
        page = await client.post(
            "/manage/imports/shifts",
            data={"csrf_token": _csrf(form.text), "enterprise_id": "e1", "campaign_id": "c1"},
            files={"file": ("lich-truc.csv", "Loại trực,Bắt đầu\n".encode(), "text/csv")},
        )
        assert page.status_code == 200, page.text
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r'<td data-label="Giá trị trong tệp">(.*?)</td>', page.text, re.S)
        ]
        assert cells == ["Le Minh Tuan", "10/12/2026 08:00", "Trực nấu ăn"]


async def test_the_import_page_says_what_each_column_takes_beside_the_template_links() -> None:
    """QA: a manager who took the CSV template learnt nothing of what each column takes (the XLSX one has a guide
    sheet). The page lists every column of both templates with its rule and an example, linked from each card."""
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(ImportRoster())
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        page = (await client.get("/manage/imports")).text
        for kind in ("staff", "shifts"):
            assert f'<a href="#guide-{kind}">Cách ghi từng cột</a>' in page
            table = re.search(rf'<h3 id="guide-{kind}">.*?</table>', page, re.S)
            assert table is not None, kind
            rows = [
                [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
                for cells in (
                    re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
                )
            ]
            assert rows[0] == ["Cột", "Cách ghi", "Ví dụ"]
            assert len(rows) == {"staff": 8, "shifts": 7}[kind]  # every column of the template
            said = {row[0]: row[1:] for row in rows[1:]}
            if kind == "staff":
                assert said["Chuyên môn"] == [
                    "Bắt buộc. Một hoặc nhiều chuyên môn, cách nhau bằng dấu phẩy: Lãnh đạo, Điều hành, Kỹ thuật, "
                    "Bảo vệ.",
                    "Lãnh đạo, Điều hành",
                ]
            else:
                assert said["Người trực"][1] == "tuyetnta@vnpt-longan.vn; Trần Văn Đức"
        await client.get("/lang/en")
        english = (await client.get("/manage/imports")).text
        assert '<th scope="row">Bắt đầu</th>' in english and "Required. Start date and time in Vietnam time." in english
