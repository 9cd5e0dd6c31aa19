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
    "summary": {"rows": 4, "ok": 0, "with_errors": 4, "with_warnings": 0},
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
        _row(  # QA: a "Ngày" cell not read showed the portal's error page (the column "date" had no words)
            5,
            {
                "field": "date",
                "rule": "date-format",
                "message": "“Mùng 3 Tết” is not a date: write e.g. 05/02/2027 or 2027-02-05.",
                "message_vi": "Ngày: “Mùng 3 Tết” không phải ngày: hãy ghi ví dụ 05/02/2027.",
                "value": "Mùng 3 Tết",
            },
        ),
    ],
}


class ImportRoster(PagedRoster):
    def __init__(self) -> None:
        super().__init__(
            {
                "/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}],
                "/sites": lambda params: [],  # the Tết-hours card asks whether it has a point: none
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
        assert cells == ["Le Minh Tuan", "10/12/2026 08:00", "Trực nấu ăn", "Mùng 3 Tết"]
        columns = re.findall(r'<td data-label="Cột">(.*?)</td>', page.text, re.S)
        assert columns[-1].strip() == "Ngày", columns


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
        assert (
            '<th scope="row">Bắt đầu</th>' in english
            and "Required. Start date and time in Vietnam time, written day/month/year hours:minutes" in english
        )


def _many(row: int, rule: str, field: str, vi: str) -> dict:
    problem = {"field": field, "rule": rule, "message": f"{rule} on row {row}", "message_vi": f"{vi} (dòng {row})"}
    return {"row": row, "ok": rule == "min-rest", "assignees": [f"Người {row}"], "errors": [], "warnings": []} | (
        {"warnings": [problem]} if rule == "min-rest" else {"errors": [problem]}
    )


MANY = {
    "kind": "shifts",
    "dry_run": True,
    "committed": False,
    "ignored_columns": [],
    "summary": {"rows": 105, "ok": 40, "with_errors": 65, "with_warnings": 40},
    "rows": [
        *(_many(n, "qualified", "assignees", "Lê Minh Tuấn không có chuyên môn Bảo vệ") for n in range(2, 62)),
        *(_many(n, "at-least-one", "assignees", "Ca trực chưa có người") for n in range(62, 67)),
        *(_many(n, "min-rest", "starts_at", "Ngô Văn Lợi chỉ được nghỉ 1 giờ") for n in range(67, 107)),
    ],
}


def _text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


async def test_a_long_report_opens_with_its_causes_and_is_filtered_and_paged_without_sending_the_file_again() -> None:
    """QA (2026-12-06): a 300-row shift file's dry run was one table of 650 lines, one cause repeated row after
    row, with no count per cause, no filter and no pager. The report opens with each cause and the rows it touches,
    each a filter; the tables show 50 lines a page; the file travels in the page to every cause and page."""
    sent: list[bytes] = []

    class ManyRoster(ImportRoster):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.method == "POST" and request.url.path == "/imports/shifts":
                sent.append(request.read())
                return httpx.Response(200, json=MANY)
            return super().__call__(request)

    data = "Loại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực\n# tệp 300 dòng\n".encode()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(ManyRoster()))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        csrf = _csrf((await client.get("/manage/imports")).text)
        page = await client.post(
            "/manage/imports/shifts",
            data={"csrf_token": csrf, "enterprise_id": "e1", "campaign_id": "c1"},
            files={"file": ("lich-truc.csv", data, "text/csv")},
        )
        assert page.status_code == 200, page.text

        def seen(page: httpx.Response) -> tuple[list[str], list[str], str]:
            causes = [_text(b) for b in re.findall(r'<button[^>]*name="cause"[^>]*>(.*?)</button>', page.text, re.S)]
            problems = [
                _text(c)
                for c in re.findall(r'class="problem">(.*?)</td>|<td data-label="Lưu ý">(.*?)</td>', page.text, re.S)
                for c in c
                if c
            ]
            pager = (
                _text(m.group(1)) if (m := re.search(r'<nav class="pager"[^>]*>(.*?)</nav>', page.text, re.S)) else ""
            )
            return causes, problems, pager

        causes, problems, pager = seen(page)
        assert causes == [
            "Thiếu chuyên môn yêu cầu: 60 dòng",
            "Ca trực chưa có người: 5 dòng",
            "Nghỉ giữa hai ca quá ngắn: 40 dòng",
        ]
        assert len(problems) == 50 and problems[0].endswith("(dòng 2)") and problems[-1].endswith("(dòng 51)")
        assert pager == "Mục 1–50 trong 105 mục Trang sau →"
        form = dict(
            re.findall(
                r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                page.text.split('id="report-view"')[1].split("</form>")[0],
            )
        )
        assert form["carried"] and form["kept_cause"] == ""

        async def view(**chosen: str) -> httpx.Response:
            fields = {"csrf_token": csrf, **{k: html.unescape(v) for k, v in form.items()}, **chosen}
            answer = await client.post(
                "/manage/imports/shifts", data=fields, files={"file": ("", b"", "application/octet-stream")}
            )
            assert answer.status_code == 200, answer.text
            return answer

        # the next page: the errors' last 15 lines, then the notes' first 35
        _, problems, pager = seen(await view(cursor="50"))
        assert (len(problems), problems[0], problems[-1]) == (
            50,
            "Lê Minh Tuấn không có chuyên môn Bảo vệ (dòng 52)",
            "Ngô Văn Lợi chỉ được nghỉ 1 giờ (dòng 101)",
        )
        assert pager == "Mục 51–100 trong 105 mục ← Trang đầu Trang sau →"
        # one cause: its rows only, the filter said and kept on its next page
        one = await view(cause="error:qualified")
        _, problems, pager = seen(one)
        assert len(problems) == 50 and {p.split(" (")[0] for p in problems} == {
            "Lê Minh Tuấn không có chuyên môn Bảo vệ"
        }
        assert "Đang lọc: 60 mục khớp · Thiếu chuyên môn yêu cầu" in _text(one.text) and ">Bỏ lọc</button>" in one.text
        assert 'name="kept_cause" value="error:qualified"' in one.text
        _, problems, pager = seen(await view(kept_cause="error:qualified", cursor="50"))
        assert [p.split(" (")[0] for p in problems] == ["Lê Minh Tuấn không có chuyên môn Bảo vệ"] * 10
        # the pager says which of the lines the filter keeps (QA: "10 trên 60" named none of them)
        assert pager == "Mục 51–60 trong 60 mục ← Trang đầu"
        # a note's cause, and a column
        _, problems, pager = seen(await view(cause="warning:min-rest"))
        assert len(problems) == 40 and pager == "" and all(p.startswith("Ngô Văn Lợi") for p in problems)
        _, problems, _ = seen(await view(column="assignees", kept_cause="error:at-least-one"))
        assert [p.split(" (")[0] for p in problems] == ["Ca trực chưa có người"] * 5
        # "Bỏ lọc": every line again
        cleared = await view(kept_cause="error:at-least-one", column="assignees", clear="yes")
        assert seen(cleared)[2] == "Mục 1–50 trong 105 mục Trang sau →" and "Đang lọc" not in cleared.text
        # the English page says the same lines in its words
        await client.get("/lang/en")
        assert seen(await view(kept_cause="error:qualified", cursor="50"))[2] == "Items 51–60 of 60 ← First page"
    # roster checked the same file each time, never uploaded again by the person
    assert len(sent) == 8 and all(data in body for body in sent)


class NotedRoster(ImportRoster):
    """roster's report with what it found of the file's shape (`notes`)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/imports/shifts":
            notes = [
                {
                    "rule": "sheet-read",
                    "message": "Read the sheet “Danh sách”: the sheets before it (“Ghi chú”) have no header row …",
                    "message_vi": "Đã đọc trang tính “Danh sách”: các trang tính trước nó (“Ghi chú”) không có …",
                },
                {
                    "rule": "hidden-rows",
                    "message": "Row 3 is hidden in the file (by a filter): imported all the same …",
                    "message_vi": "Dòng 3 đang bị ẩn trong tệp (lọc): vẫn được nhập …",
                },
                {
                    "rule": "hidden-columns",
                    "message": "The column “Người trực” is hidden in the file: read all the same …",
                    "message_vi": "Cột “Người trực” đang bị ẩn trong tệp: vẫn được đọc …",
                    "columns": ["Người trực"],
                },
            ]
            return httpx.Response(200, json={**REPORT, "notes": notes})
        return super().__call__(request)


async def test_the_report_says_what_roster_found_of_the_files_shape_and_the_form_takes_unicode_text() -> None:
    """QA round 6: a sheet read behind a "Ghi chú" one, rows hidden by a filter imported, said nowhere (round 7: nor a
    hidden column read, now a warning as hidden rows are); Excel's
    "Unicode Text" (.txt) imports fine but the file chooser offered only .xlsx and .csv."""
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(NotedRoster())
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        form = await client.get("/manage/imports")
        assert 'accept=".xlsx,.csv,.txt,' in form.text and "hoặc .txt (Unicode Text)" in form.text
        page = await client.post(
            "/manage/imports/shifts",
            data={"csrf_token": _csrf(form.text), "enterprise_id": "e1", "campaign_id": "c1"},
            files={"file": ("lich-truc.xlsx", b"PK\x03\x04", "application/octet-stream")},
        )
        said = [
            (kind, html.unescape(m))
            for kind, m in re.findall(r'<div class="message (info|warn)"[^>]*>(.*?)</div>', page.text)
        ]
        assert said == [
            ("info", "Đã đọc trang tính “Danh sách”: các trang tính trước nó (“Ghi chú”) không có …"),
            ("warn", "Dòng 3 đang bị ẩn trong tệp (lọc): vẫn được nhập …"),
            ("warn", "Cột “Người trực” đang bị ẩn trong tệp: vẫn được đọc …"),  # QA round 7: a hidden column read
        ]
        assert 'accept=".xlsx,.csv,.txt,' in page.text  # the form to check a corrected file


class CommittingRoster(ImportRoster):
    """roster committing a shift file with what it found of the file's shape (`notes`: its words and values)."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/imports/shifts":
            assert request.url.params["dry_run"] == "false"
            rows: list[dict[str, object]] = [
                {"row": n, "ok": True, "action": "create", "errors": [], "warnings": []} for n in (5, 6)
            ]
            notes = [
                {
                    "rule": "sheet-read",
                    "message": "Read the sheet “Lịch\ttrực” …",
                    "message_vi": "x",
                    "sheet": "Lịch\ttrực",
                },
                {"rule": "two-row-header", "message": "…", "message_vi": "lời của roster", "rows": [3, 4]},
                {"rule": "after-table", "message": "…", "message_vi": "…", "rows": list(range(30, 55))},
                {"rule": "hidden-rows", "message": "…", "message_vi": "…", "rows": [6]},
                {"rule": "something-new", "message": "…", "message_vi": "điều cổng chưa có lời để nói"},
            ]
            report = {**REPORT, "committed": True, "dry_run": False, "rows": rows, "notes": notes}
            return httpx.Response(200, json={**report, "summary": {"rows": 2, "ok": 2, "with_errors": 0}})
        return super().__call__(request)


async def test_the_done_page_says_again_what_was_read_of_the_files_shape() -> None:
    """QA: the check page said which sheet was read, a two-row header, rows after the table left out and hidden rows
    imported; the "Đã nhập xong" page after the commit said none of it. It says them again, in the portal's words
    for each rule with the values the signed address carried (the sheet's name, the rows: 20 named, then how many
    more), roster's own text never; a rule it has no words for is left out."""
    app = create_app(
        PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(CommittingRoster())
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        form = await client.get("/manage/imports")
        done = await client.post(
            "/manage/imports/shifts/commit",
            data={"csrf_token": _csrf(form.text), "enterprise_id": "e1", "campaign_id": "c1", "filename": "lich.xlsx"},
            files={"file": ("lich.xlsx", b"PK\x03\x04", "application/octet-stream")},
        )
        assert done.status_code == 303, done.text

        def said(page: httpx.Response) -> list[tuple[str, str]]:
            found = re.findall(r'<div class="message (ok|info|warn)"[^>]*>(.*?)</div>', page.text, re.S)
            return [(kind, " ".join(html.unescape(words).split())) for kind, words in found]

        page = await client.get(done.headers["location"])
        assert page.status_code == 200, page.text
        after = ", ".join(str(n) for n in range(30, 50))
        assert said(page)[1:] == [
            ("info", "Đã nhập từ trang tính “Lịch trực” của tệp: các trang tính trước nó không có dòng tiêu đề với các "
             "cột cần nhập."),
            ("info", "Dòng tiêu đề của tệp gồm hai dòng (3 và 4): dữ liệu được nhập từ sau dòng 4."),
            ("info", f"Đã bỏ qua 25 dòng sau bảng (dòng {after} và 5 dòng khác: chữ ký, ghi chú): các dòng này không "
             "được nhập."),
            ("warn", "1 dòng đang bị ẩn trong tệp (dòng 6) vẫn đã được nhập: hệ thống đọc mọi dòng, ẩn hay hiện. Nếu "
             "có dòng nào không định nhập, hãy sửa hoặc xóa mục đó qua liên kết bên dưới."),
        ], said(page)  # fmt: skip
        assert said(page)[0][0] == "ok" and "lời của roster" not in page.text and "chưa có lời" not in page.text
        await client.get("/lang/en")
        english = said(await client.get(done.headers["location"]))
        assert english[1:] == [
            ("info", "Imported from the sheet “Lịch trực” of the file: the sheets before it have no header row with "
             "the columns to import."),
            ("info", "The file's header is on two rows (3 and 4): the data was imported from below row 4."),
            ("info", f"Skipped 25 rows after the table (row {after} and 5 more: a signature or notes): not imported."),
            ("warn", "1 row hidden in the file (row 6) was imported all the same: every row is read, shown or not. If "
             "one was not meant to be imported, change or remove what it made through the link below."),
        ], english  # fmt: skip
        # the notes are part of the record the portal signed: edited, the address is no record of an import
        location = httpx.URL(done.headers["location"])
        edited = [(k, v.replace("Lịch", "Bảng") if k == "file_notes" else v) for k, v in location.params.multi_items()]
        forged = await client.get(location.path, params=edited)
        assert forged.status_code == 404 and "Bảng" not in forged.text
