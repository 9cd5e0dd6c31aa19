"""Importing the Tết opening hours of post offices and transaction points from a spreadsheet (`/manage/imports`, the Tết-hours card)
without a browser: roster stood in for by httpx.MockTransport, as in test_core. Only Tết campaigns are
offered (roster refuses hours for a drill); the dry run reaches roster's /imports/tet-hours with the
enterprise, the campaign and "publish", and its report reads per row the point by its registered name, the
day with its lunar name, the column and roster's Vietnamese; the commit carries the file and the dry run's
Idempotency-Key; the template is roster's, handed on under roster's file name (asked of a drill by its address:
roster's refusal in its words, and the way back to choose the Tết campaign); /manage/tet-hours links here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from roster.api.problems import to_problem
from roster.domain.errors import DomainError
from roster.domain.hours import check_has_points, check_tet_campaign
from support import present

from .test_core import ACCOUNT, PagedRoster, _client, _csrf

NOW = datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
TET = "0c1a0000-0000-4000-8000-000000000001"
DRILL = "0c1a0000-0000-4000-8000-000000000002"
FPT = "0e000000-0000-4000-8000-000000000001"
VNPT = "0e000000-0000-4000-8000-000000000002"  # no post office, no transaction point: no Tết hours to publish
CAMPAIGNS = [
    {"id": TET, "name": "Tết Đinh Mùi 2027", "kind": "tet", "starts_at": "2027-01-29T17:00:00Z",
     "ends_at": "2027-02-15T17:00:00Z"},
    {"id": DRILL, "name": "Diễn tập ứng cứu 2027", "kind": "drill", "starts_at": "2027-01-10T01:00:00Z",
     "ends_at": "2027-01-30T10:00:00Z"},
]  # fmt: skip
POINT = "Điểm giao dịch FPT QA Tân An"
SITES = [
    {"id": "5e000000-0000-4000-8000-000000000001", "name": POINT, "enterprise_id": FPT, "kind": "transaction_point"},
    {"id": "5e000000-0000-4000-8000-000000000002", "name": "Trạm BTS Tân An", "enterprise_id": VNPT,
     "kind": "base_station"},
]  # fmt: skip
TYPED = "diem giao dich fpt qa tan hung"
CSV = (
    "Điểm giao dịch,Ngày,Giờ mở cửa,Ghi chú\n"
    "diem giao dich fpt qa tan an,05/02/2027,07:30-11:30,\n"
    "diem giao dich fpt qa tan an,06/02/2027,sáng thôi,\n"
    f"{TYPED},07/02/2027,Nghỉ,\n"
).encode()
BAD_HOURS = {
    "field": "hours",
    "rule": "hours",
    "message": "“sáng thôi” cannot be read as opening hours: write e.g. 07:30-11:30, 13:30-17:00, or Nghỉ.",
    "message_vi": "Không đọc được giờ mở cửa “sáng thôi”: hãy ghi ví dụ 07:30-11:30, 13:30-17:00, hoặc Nghỉ.",
}
UNKNOWN = {
    "field": "site",
    "rule": "known-site",
    "message": f"{TYPED} is not a site of this enterprise: use the name it is registered under.",
    "message_vi": f"{TYPED} không phải địa điểm của doanh nghiệp này: hãy ghi đúng tên đã đăng ký.",
}


def _row(n: int, site: str, day: str, *errors: dict) -> dict[str, Any]:
    return {"row": n, "ok": not errors, "errors": list(errors), "warnings": [], "site_name": site, "day": day}


def _report(*, dry_run: bool, bad: bool) -> dict[str, Any]:
    rows = [_row(2, POINT, "2027-02-05")]
    if bad:
        rows += [_row(3, POINT, "2027-02-06", BAD_HOURS), _row(4, TYPED, "2027-02-07", UNKNOWN)]
    return {
        "kind": "tet_hours",
        "dry_run": dry_run,
        "committed": not dry_run,
        "ignored_columns": [],
        "summary": {"rows": len(rows), "ok": 1, "with_errors": len(rows) - 1, "with_warnings": 0},
        "rows": rows,
    }


class Roster(PagedRoster):
    """roster's campaigns (filtered by kind as roster filters them), enterprises and Tết-hours import: a file
    holding "sáng thôi" gets the report with errors; any other is clean."""

    def __init__(self) -> None:
        super().__init__(
            {
                "/campaigns": lambda params: [c for c in CAMPAIGNS if params.get("kind") in (None, c["kind"])],
                "/enterprises": lambda params: [
                    {"id": FPT, "name": "FPT Long An"},
                    {"id": VNPT, "name": "Viễn thông Long An"},
                ],
                # asked by enterprise (the imports page: has it a point?); /manage/tet-hours's own list stays empty
                "/sites": lambda params: [s for s in SITES if params.get("enterprise_id") == s["enterprise_id"]],
            }
        )
        self.imports: list[tuple[httpx.Request, bytes]] = []
        self.templates: list[httpx.URL] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            answer = super().__call__(request)
            return httpx.Response(200, json={**answer.json(), "account": {**ACCOUNT, "enterprise_ids": [FPT, VNPT]}})
        if request.url.path == "/imports/tet-hours" and request.method == "POST":
            body = request.read()
            self.imports.append((request, body))
            dry_run = request.url.params["dry_run"] == "true"
            return httpx.Response(
                200 if dry_run else 201, json=_report(dry_run=dry_run, bad="sáng thôi".encode() in body)
            )
        if request.url.path == "/imports/tet-hours/template":
            self.templates.append(request.url)
            if request.url.params["campaign_id"] == DRILL:
                return _roster_refusal(check_tet_campaign, "drill", CAMPAIGNS[1]["name"])
            if request.url.params["enterprise_id"] == VNPT:
                return _roster_refusal(check_has_points, 0, "Viễn thông Long An")
            return httpx.Response(
                200,
                content=b"PK\x03\x04 the workbook",
                headers={
                    "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "content-disposition": 'attachment; filename="Gio mo cua Tet.xlsx"; '
                    "filename*=UTF-8''Gi%E1%BB%9D%20m%E1%BB%9F%20c%E1%BB%ADa%20T%E1%BA%BFt.xlsx",
                },
            )
        if request.url.path.startswith("/campaigns/"):
            return httpx.Response(200, json=CAMPAIGNS[0])
        return super().__call__(request)


def _roster_refusal(check: Callable[..., None], *args: Any) -> httpx.Response:
    """roster's answer to a request its rule `check` refuses: its own problem document (roster.api.problems)."""
    try:
        check(*args)
    except DomainError as exc:
        problem = to_problem(exc)
        return httpx.Response(problem.status, json=problem.body(), headers={"content-type": "application/problem+json"})
    raise AssertionError("roster's rule let it through")


def _text(answer: httpx.Response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answer.text)).split())


def _error_rows(answer: httpx.Response) -> list[list[str]]:
    body = present(re.search(r'<table class="people-table import-errors".*?<tbody>(.*?)</tbody>', answer.text, re.S))
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def _field(answer: httpx.Response, name: str) -> str:
    return html.unescape(present(re.search(rf'name="{name}" value="([^"]*)"', answer.text)).group(1))


async def test_dry_run_report_names_the_point_and_day_then_the_commit_carries_the_file_and_key() -> None:
    roster = Roster()
    app = create_app(
        PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster)
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": ACCOUNT["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303

        imports = await client.get("/manage/imports")
        assert imports.status_code == 200, imports.text
        card = present(re.search(r'<section class="card" id="tet-hours".*?</section>', imports.text, re.S)).group(0)
        assert "Nhập giờ mở cửa Tết" in card
        assert "Tết Đinh Mùi 2027" in card and "Diễn tập" not in card  # a drill has no opening hours
        assert "Diễn tập ứng cứu 2027" in imports.text  # though shifts may still be imported into it
        assert f"/manage/imports/template/tet-hours.xlsx?enterprise_id={FPT}&amp;campaign_id={TET}" in card
        # The columns' guide and the steps tell the Tết-hours file too (QA: only staff's and shifts')
        guide = present(re.search(r'<table[^>]*aria-labelledby="guide-tet_hours">.*?</table>', imports.text, re.S))
        columns = re.findall(r'<th scope="row">([^<]+)</th>', guide.group(0))
        assert columns == ["Bưu cục/điểm giao dịch", "Ngày", "Âm lịch", "Giờ mở cửa", "Ghi chú"]  # roster's header
        assert "“Nghỉ” (đóng cửa)" in _text_of(guide.group(0))
        assert "hoặc giờ mở cửa Tết của một bưu cục, điểm giao dịch trong một ngày" in _text(imports)

        csrf = _csrf(imports.text)
        form = {"csrf_token": csrf, "enterprise_id": FPT, "campaign_id": TET, "publish": "yes"}
        checked = await client.post(
            "/manage/imports/tet-hours", data=form, files={"file": ("gio-tet.csv", CSV, "text/csv")}
        )
        assert checked.status_code == 200, checked.text
        request, body = roster.imports[-1]
        assert dict(request.url.params) == {
            "enterprise_id": FPT,
            "campaign_id": TET,
            "dry_run": "true",
            "publish": "true",
        }
        assert CSV in body
        text = _text(checked)
        assert "Nhập giờ mở cửa Tết" in text and "FPT Long An" in text and "Tết Đinh Mùi 2027" in text
        assert "3 dòng dữ liệu: 1 dòng hợp lệ, 2 dòng có lỗi." in text
        assert _error_rows(checked) == [
            ["Dòng 3", POINT, "06/02/2027 (Mùng 1 Tết Đinh Mùi)", "Giờ mở cửa", BAD_HOURS["message_vi"]],
            ["Dòng 4", TYPED, "07/02/2027 (Mùng 2 Tết Đinh Mùi)", "Bưu cục/điểm giao dịch", UNKNOWN["message_vi"]],
        ]
        assert 'action="/manage/imports/tet-hours/commit"' not in checked.text  # nothing to commit yet

        fixed = CSV.replace("sáng thôi".encode(), b"07:30-11:30")
        clean = await client.post(
            "/manage/imports/tet-hours", data=form, files={"file": ("gio-tet.csv", fixed, "text/csv")}
        )
        assert clean.status_code == 200, clean.text
        assert 'action="/manage/imports/tet-hours/commit"' in clean.text
        assert "Nhập và niêm yết 1 dòng" in _text(clean)  # the button says it publishes too
        key = _field(clean, "idempotency_key")
        commit = {
            "csrf_token": csrf,
            "enterprise_id": _field(clean, "enterprise_id"),
            "campaign_id": _field(clean, "campaign_id"),
            "publish": _field(clean, "publish"),
            "filename": _field(clean, "filename"),
            "idempotency_key": key,
            "carried": _field(clean, "carried"),
        }
        done = await client.post("/manage/imports/tet-hours/commit", data=commit)
        assert done.status_code == 303, done.text
        request, body = roster.imports[-1]
        assert request.headers["idempotency-key"] == key
        assert dict(request.url.params)["dry_run"] == "false" and dict(request.url.params)["publish"] == "true"
        assert fixed in body  # the file carried in the page, not chosen again
        location = urlsplit(done.headers["location"])
        assert location.path == "/manage/imports/done"
        assert parse_qs(location.query)["kind"] == ["tet-hours"]
        finished = await client.get(done.headers["location"])
        text = _text(finished)
        assert "Đã nhập và niêm yết 1 dòng giờ mở cửa của FPT Long An cho Tết Đinh Mùi 2027." in text
        assert f'href="/manage/tet-hours?campaign_id={TET}"' in finished.text
        assert (
            await client.get(done.headers["location"])
        ).text == finished.text  # a reload (or bookmark) reads the same

        # QA (2026-12-06): the done page printed whatever counts its address held. An edited, unsigned or made-up
        # address is not the record of an import: no figures, the ways on (the enterprise's list, the imports page).
        genuine = parse_qs(location.query)
        edited = {**genuine, "rows": ["99999"]}
        unsigned = {k: v for k, v in genuine.items() if k != "sig"}
        made_up = {"kind": ["staff"], "enterprise_id": [FPT], "rows": ["99999"], "n_create": ["-5"]}
        for query in (edited, unsigned, made_up, {**made_up, "sig": genuine["sig"]}):
            forged = await client.get("/manage/imports/done", params=query)
            assert forged.status_code == 404, forged.text
            text = _text(forged)
            assert "Địa chỉ này không phải bản ghi một lần nhập" in text
            assert "99999" not in text and "Đã nhập" not in text and "Thêm mới" not in text
            assert f'href="/manage/imports?enterprise_id={FPT}">Mở trang nhập từ tệp</a>' in forged.text
        assert f'href="/manage/staff?enterprise_id={FPT}">Xem danh sách nhân sự của FPT Long An</a>' in forged.text
        elsewhere = await client.get("/manage/imports/done", params={**made_up, "enterprise_id": "someone-else"})
        assert "FPT Long An" not in _text(elsewhere) and 'href="/manage/imports">' in elsewhere.text

        template = await client.get(
            "/manage/imports/template/tet-hours.xlsx", params={"enterprise_id": FPT, "campaign_id": TET}
        )
        assert template.status_code == 200
        assert template.content == b"PK\x03\x04 the workbook"
        assert "Gi%E1%BB%9D%20m%E1%BB%9F%20c%E1%BB%ADa%20T%E1%BA%BFt.xlsx" in template.headers["content-disposition"]
        [asked] = roster.templates
        assert dict(asked.params) == {"enterprise_id": FPT, "campaign_id": TET, "format": "xlsx"}
        nowhere = await client.get("/manage/imports/template/tet-hours.csv", params={"enterprise_id": FPT})
        assert nowhere.status_code == 404

        manage = await client.get("/manage/tet-hours")
        assert manage.status_code == 200, manage.text
        assert f'<a href="/manage/imports?campaign_id={TET}#tet-hours">Nhập từ tệp Excel/CSV</a>' in manage.text


CHANGED = [
    {
        "field": "hours",
        "before": ["07:30–11:30", "13:30–17:00"],
        "after": [],
        "message": "Opening hours: 07:30–11:30, 13:30–17:00 → closed",
        "message_vi": "Giờ mở cửa: 07:30–11:30, 13:30–17:00 → Nghỉ",
    },
    {
        "field": "note",
        "before": None,
        "after": "Nghỉ Tết",
        "message": "Note: (none) → Nghỉ Tết",
        "message_vi": "Ghi chú: — → Nghỉ Tết",
    },
]


def _changes_report(*, dry_run: bool) -> dict[str, Any]:
    """A point with hours saved: one day to change, three as saved; another point's day without hours yet, and a
    day of it left blank (not written)."""
    rows = [
        {**_row(2, POINT, "2027-02-05"), "action": "unchanged"},
        {**_row(3, POINT, "2027-02-06"), "action": "update", "changes": CHANGED},
        {**_row(4, POINT, "2027-02-07"), "action": "unchanged"},
        {**_row(5, POINT, "2027-02-08"), "action": "unchanged"},
        {**_row(6, "Điểm giao dịch FPT QA Thủ Thừa", "2027-02-06"), "action": "create"},
        {**_row(7, "Điểm giao dịch FPT QA Thủ Thừa", "2027-02-07"), "action": "blank", "open": None, "hours": None},
    ]
    return {
        "kind": "tet_hours",
        "dry_run": dry_run,
        "committed": not dry_run,
        "ignored_columns": [],
        "summary": {"rows": 6, "ok": 6, "with_errors": 0, "with_warnings": 0},
        "rows": rows,
    }


class ChangingRoster(Roster):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/imports/tet-hours" and request.method == "POST":
            dry_run = request.url.params["dry_run"] == "true"
            return httpx.Response(200 if dry_run else 201, json=_changes_report(dry_run=dry_run))
        return super().__call__(request)


def _change_rows(answer: httpx.Response) -> list[list[str]]:
    body = present(re.search(r'<table class="people-table import-changes".*?<tbody>(.*?)</tbody>', answer.text, re.S))
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


async def test_the_report_lists_each_change_before_and_after_by_point_and_day_and_counts_the_rest() -> None:
    """A Tết-hours update is listed by its point and day, a field a line, before → after; the days left as saved
    and the new ones are counted, not listed — in the dry run and after the commit."""
    roster = ChangingRoster()
    app = create_app(
        PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster)
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": ACCOUNT["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303
        imports = await client.get("/manage/imports")
        assert "Cột “Âm lịch” trong tệp mẫu chỉ để đối chiếu" in _text(imports)
        form = {"csrf_token": _csrf(imports.text), "enterprise_id": FPT, "campaign_id": TET}
        checked = await client.post(
            "/manage/imports/tet-hours", data=form, files={"file": ("gio-tet.csv", CSV, "text/csv")}
        )
        assert checked.status_code == 200, checked.text
        text = _text(checked)
        assert (
            "So với giờ đang lưu: 1 dòng thêm mới (điểm chưa có giờ ngày đó), 1 dòng thay đổi, 3 dòng giữ nguyên."
            in text
        )
        assert "Thay đổi so với giờ đang lưu (trước → sau)" in text
        blank = "1 dòng để trống cả giờ mở cửa lẫn ghi chú: không nhập, các ngày đó giữ như đang lưu."
        assert blank in text and "Nhập 5 dòng" in text  # the button counts the rows it writes
        assert "Thay đổi khi cập nhật hồ sơ đã có" not in text  # the staff import's heading
        head = present(
            re.search(r'<table class="people-table import-changes".*?<thead>(.*?)</thead>', checked.text, re.S)
        )
        assert re.findall(r"<th[^>]*>(.*?)</th>", head.group(1)) == [
            "Dòng",
            "Bưu cục/điểm giao dịch",
            "Ngày",
            "Thay đổi",
        ]
        day = "06/02/2027 (Mùng 1 Tết Đinh Mùi)"
        assert _change_rows(checked) == [
            ["Dòng 3", POINT, day, "Giờ mở cửa: 07:30–11:30, 13:30–17:00 → Nghỉ"],
            ["Dòng 3", POINT, day, "Ghi chú: — → Nghỉ Tết"],
        ]

        commit = {
            "csrf_token": form["csrf_token"],
            "enterprise_id": FPT,
            "campaign_id": TET,
            "filename": "gio-tet.csv",
            "idempotency_key": _field(checked, "idempotency_key"),
            "carried": _field(checked, "carried"),
        }
        done = await client.post("/manage/imports/tet-hours/commit", data=commit)
        assert done.status_code == 303, done.text
        finished = _text(await client.get(done.headers["location"]))
        assert "Đã nhập 5 dòng giờ mở cửa (bản nháp) của FPT Long An cho Tết Đinh Mùi 2027." in finished
        assert "1 dòng thêm mới (điểm chưa có giờ ngày đó), 1 dòng thay đổi, 3 dòng giữ nguyên." in finished
        assert blank in finished


async def test_the_template_asked_of_a_drill_says_roster_refusal_and_leads_back_to_choose_the_tet_campaign() -> None:
    """QA: /manage/imports/template/tet-hours.xlsx with a drill's id in the address answered "page not found".
    roster refuses a drill's Tết hours (422 hours-tet-only): the page says roster's sentence, naming the drill and
    what to choose, and links the import page for the enterprise (no drill in it), in either language."""
    roster = Roster()
    app = create_app(
        PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster)
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": ACCOUNT["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303

        refused = await client.get(
            "/manage/imports/template/tet-hours.xlsx", params={"enterprise_id": FPT, "campaign_id": DRILL}
        )
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("text/html")
        text = _text(refused)
        assert "Không tạo được tệp mẫu" in text and "Không tìm thấy" not in text
        assert (
            "Diễn tập ứng cứu 2027 là buổi diễn tập: giờ mở cửa Tết được niêm yết cho đợt trực Tết. "
            "Hãy chọn đợt trực Tết của mùa này." in text
        )
        back = present(re.search(r'<a href="([^"]+)">Về trang Nhập dữ liệu để chọn đợt trực Tết</a>', refused.text))
        assert html.unescape(back.group(1)) == f"/manage/imports?enterprise_id={FPT}#tet-hours"
        assert (await client.get(html.unescape(back.group(1)))).status_code == 200
        [asked] = roster.templates
        assert dict(asked.params) == {"enterprise_id": FPT, "campaign_id": DRILL, "format": "xlsx"}

        await client.get("/lang/en")
        english = await client.get(
            "/manage/imports/template/tet-hours.csv", params={"enterprise_id": FPT, "campaign_id": DRILL}
        )
        assert english.status_code == 422
        assert "The template was not made" in _text(english)
        assert "Diễn tập ứng cứu 2027 is a drill" in _text(english) and "Choose the Tết campaign" in _text(english)


async def test_a_dry_run_publishing_after_the_deadline_says_the_points_will_be_recorded_late() -> None:
    """QA: hours imported and published on 07/02 against a deadline of 00:00 30/01 said nothing of it; the inspector
    then listed every point "Niêm yết muộn". The dry run says so, as the hours form does (late.toml), naming the points
    roster's report names. QA again: a point every row of which was left empty (Hưng Điền) was named "published late"
    too while it stayed unpublished; it is named as what it is, nothing imported and still not published."""
    roster = Roster()
    tet = {**CAMPAIGNS[0], "hours_deadline": "2027-01-29T17:00:00Z"}  # 00:00 30/01/2027, Vietnam time
    roster_late = _LateRoster(roster, tet)
    at = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 07/02: 8 days 10 hours past it
    app = create_app(
        PortalSettings(session_key="s" * 48),
        clock=lambda: at,
        transport_for=lambda name: httpx.MockTransport(roster_late),
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": ACCOUNT["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303
        csrf = _csrf((await client.get("/manage/imports")).text)
        form = {"csrf_token": csrf, "enterprise_id": FPT, "campaign_id": TET}
        sent = {"file": ("gio-tet.csv", CSV, "text/csv")}
        published = _text(await client.post("/manage/imports/tet-hours", data={**form, "publish": "yes"}, files=sent))
        assert (
            f"Hạn niêm yết đã qua (00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)): giờ mở cửa Tết của {POINT} sẽ được ghi "
            "là niêm yết muộn (8 ngày 10 giờ)." in published
        )  # named (QA: "các điểm này"), and not the empty point nor the one published before
        empty_said = (
            f"Không có gì để nhập cho {EMPTY['name']}: mọi dòng của điểm này đều để trống cả giờ mở cửa lẫn ghi chú, "
            "nên giờ mở cửa Tết của điểm này sẽ vẫn chưa niêm yết. Hãy ghi giờ mở cửa cho từng ngày (ngày nghỉ ghi "
            "“Nghỉ”) rồi kiểm tra lại tệp, hoặc nhập ở trang Giờ mở cửa Tết."
        )
        assert empty_said in published
        drafted = _text(await client.post("/manage/imports/tet-hours", data=form, files=sent))
        assert "Hạn niêm yết đã qua" not in drafted  # not published by this import: nothing late yet
        assert empty_said in drafted

        # QA: the commit's "Đã nhập xong" page said nothing of it; it says it, with how late, from its signed address
        commit = {**form, "publish": "yes", "filename": "gio-tet.csv", "idempotency_key": "k-late"}
        done = await client.post("/manage/imports/tet-hours/commit", data=commit, files=sent)
        assert done.status_code == 303, done.text
        finished = _text(await client.get(done.headers["location"]))
        assert "Đã nhập và niêm yết 3 dòng giờ mở cửa của FPT Long An cho Tết Đinh Mùi 2027." in finished
        assert (
            f"Niêm yết muộn: giờ mở cửa Tết của {POINT} được ghi là niêm yết muộn 8 ngày 10 giờ so với hạn "
            "00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)." in finished
        )  # named (QA: "các điểm này"), and only the point first published now: Thủ Thừa's stays on time
        assert str(EARLIER["name"]) not in finished
        assert (
            f"Chưa nhập gì cho {EMPTY['name']}: mọi dòng của điểm này đều để trống, nên giờ mở cửa Tết của điểm này "
            "vẫn chưa niêm yết. Hãy ghi giờ mở cửa cho từng ngày (ngày nghỉ ghi “Nghỉ”) rồi nhập lại tệp, hoặc nhập ở "
            "trang Giờ mở cửa Tết." in finished
        )
        assert finished.count(str(EMPTY["name"])) == 1  # not among the points published late
        await client.get("/lang/en")
        english = _text(await client.get(done.headers["location"]))
        assert (
            f"Published late: the Tết opening hours of {POINT} are recorded as published 8 days 10 hours late (due "
            in english
        )
        assert (
            f"Nothing imported for {EMPTY['name']}: every row of this point was empty, so its Tết opening hours are "
            "still not published. Fill in each day's hours (“Nghỉ” for a closed day) and import the file again, or "
            "enter them on the Tết opening hours page." in english
        )
        checked = _text(await client.post("/manage/imports/tet-hours", data={**form, "publish": "yes"}, files=sent))
        assert f"the Tết opening hours of {POINT} will be recorded as published late (8 days 10 hours)." in checked
        assert f"Nothing to import for {EMPTY['name']}: every row of this point leaves both" in checked
        await client.get("/lang/vi")
        genuine = parse_qs(urlsplit(done.headers["location"]).query)
        earlier = {**genuine, "late_at": ["2027-01-29T18:00:00+07:00"]}  # the time edited: not the portal's record
        assert "Niêm yết muộn" not in _text(await client.get("/manage/imports/done", params=earlier))
        kept = {**commit, "publish": ""}  # drafts only: nothing published, nothing late
        drafts = await client.post("/manage/imports/tet-hours/commit", data=kept, files=sent)
        assert "Niêm yết muộn" not in _text(await client.get(drafts.headers["location"]))


EARLIER = {"id": "5e000000-0000-4000-8000-000000000003", "name": "Bưu cục FPT QA Thủ Thừa", "enterprise_id": FPT,
           "kind": "post_office"}  # fmt: skip
"""A second point of FPT's, its Tết hours published (on time) before the import."""
EMPTY = {"id": "5e000000-0000-4000-8000-000000000004", "name": "Bưu điện Văn hóa xã FPT QA Hưng Điền",
         "enterprise_id": FPT, "kind": "post_office"}  # fmt: skip
"""A third point of FPT's, never published, every row of it left empty in the file."""


class _LateRoster:
    def __init__(self, roster: Roster, campaign: dict[str, Any]) -> None:
        self.roster, self.campaign = roster, campaign

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == f"/campaigns/{TET}":
            return httpx.Response(200, json=self.campaign)
        if path == "/sites" and request.url.params.get("enterprise_id") == FPT:
            items = [SITES[0], EARLIER, EMPTY]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": 3, "next": None})
        if path.startswith("/sites/") and path.endswith("/tet-hours"):
            return httpx.Response(200, json={"published_version": 2 if EARLIER["id"] in path else 0})
        answer = self.roster(request)
        if path == "/imports/tet-hours" and answer.status_code in (200, 201):
            # the file holds the earlier point's hours too, and the empty point's rows, blank; roster's report names
            # late only the point it publishes first (when publishing), and the empty one as left empty
            report = answer.json()
            report["rows"] += [
                _row(5, str(EARLIER["name"]), "2027-02-05"),
                {**_row(6, str(EMPTY["name"]), "2027-02-05"), "action": "blank"},
                {**_row(7, str(EMPTY["name"]), "2027-02-06"), "action": "blank"},
            ]
            report["summary"]["rows"] += 2  # the blank rows counted, not written
            report["late_points"] = [POINT] if request.url.params.get("publish") == "true" else []
            report["empty_points"] = [EMPTY["name"]]
            return httpx.Response(answer.status_code, json=report)
        return answer


async def test_an_enterprise_without_a_post_office_or_transaction_point_is_offered_no_template_and_says_why() -> None:
    """QA: Viễn thông Long An (no post office, no transaction point) was offered a template and an import, and its
    template was a header alone with nothing said. The card says it has no Tết hours to publish and offers neither;
    its template asked by its address is roster's refusal in words, not an empty file."""
    roster = Roster()
    app = create_app(
        PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster)
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": ACCOUNT["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303

        imports = await client.get("/manage/imports", params={"enterprise_id": VNPT, "campaign_id": TET})
        assert imports.status_code == 200, imports.text
        card = present(re.search(r'<section class="card" id="tet-hours".*?</section>', imports.text, re.S)).group(0)
        assert (
            "Viễn thông Long An không có bưu cục hay điểm giao dịch nào, nên không có giờ mở cửa Tết để niêm yết: "
            "không có tệp mẫu hay tệp nào để nhập cho doanh nghiệp này." in _text_of(card)
        )
        assert "/manage/imports/template/tet-hours" not in card and 'action="/manage/imports/tet-hours"' not in card
        # QZ11 #7: it said “hãy nhờ quản trị viên đăng ký nơi đó” — a manager registers their sites themselves
        assert "ở trang “Điểm trực”." in _text_of(card) and "quản trị viên" not in _text_of(card)
        assert f'<a href="/admin/sites/new?enterprise_id={VNPT}">Đăng ký điểm trực</a>' in card
        assert 'id="tet_hours-where-enterprise"' in card  # another enterprise can still be chosen
        fpt = await client.get("/manage/imports", params={"enterprise_id": FPT, "campaign_id": TET})
        assert "không có bưu cục hay điểm giao dịch" not in _text(fpt)
        assert f"/manage/imports/template/tet-hours.xlsx?enterprise_id={FPT}" in fpt.text

        refused = await client.get(
            "/manage/imports/template/tet-hours.csv", params={"enterprise_id": VNPT, "campaign_id": TET}
        )
        assert refused.status_code == 422 and refused.headers["content-type"].startswith("text/html")
        text = _text(refused)
        assert "Không tạo được tệp mẫu" in text
        assert "Viễn thông Long An không có bưu cục hay điểm giao dịch nào" in text
        back = present(re.search(r'<a href="([^"]+)">← Về trang nhập dữ liệu</a>', refused.text))
        assert html.unescape(back.group(1)) == f"/manage/imports?enterprise_id={VNPT}#tet-hours"


def _text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
