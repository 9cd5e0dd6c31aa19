"""The Tết hours of post offices and transaction points by status (`/inspect/tet-hours`) without a browser: roster and audit stood
in for by httpx.MockTransport, as in test_core. The filters reach audit's GET /transaction-hours/missing as
it takes them (the status repeated), the page says each status in words with names and the deadline's lunar
day, pages keep the filters, values it cannot use are said and never replaced, a manager's rows open the
point's hours, and the CSV is the list in either language."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from audit.handlers import incidents as audit_incidents
from audit.handlers import inspect as audit_inspect
from portal.app import create_app, load_catalogue
from portal.domain.tet_hours import CSV_COLUMNS
from portal.settings import PortalSettings
from support import present

from .test_core import ACCOUNT, PagedRoster, _client, _csrf

NOW = datetime(2027, 2, 3, 3, 0, tzinfo=UTC)  # 30/12 Bính Ngọ: the deadline (the campaign's first day) has passed
C1 = "0c1a0000-0000-4000-8000-000000000001"
VNPT = "0e000000-0000-4000-8000-000000000001"
POST = "0e000000-0000-4000-8000-000000000002"
VIETTEL = "0e000000-0000-4000-8000-000000000003"
CAMPAIGN = {
    "id": C1,
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-29T17:00:00Z",
    "ends_at": "2027-02-15T17:00:00Z",
    "hours_deadline": "2027-01-29T17:00:00Z",
}
ENTERPRISES = [
    {"id": VNPT, "name": "VNPT Long An"},
    {"id": POST, "name": "Bưu điện tỉnh Long An"},
    {"id": VIETTEL, "name": "Viettel Long An"},
]


def _point(n: int, district: str | None, enterprise: str, name: str, status: str, **published: Any) -> dict:
    eid = {"VNPT Long An": VNPT, "Bưu điện tỉnh Long An": POST, "Viettel Long An": VIETTEL}[enterprise]
    return {
        "site_id": f"5e000000-0000-4000-8000-00000000000{n}",
        "site_name": name,
        "district": district,
        "enterprise_id": eid,
        "enterprise_name": enterprise,
        "campaign_id": C1,
        "campaign_name": CAMPAIGN["name"],
        "status": status,
        "deadline": CAMPAIGN["hours_deadline"],
        "deadline_vi": "00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)",
        "deadline_en": "00:00 30/01/2027 (23rd of the 12th month, Bính Ngọ)",
        "first_published_at": published.get("first"),
        "published_version": published.get("version"),
        "event_id": f"5e5e5e5e-0000-4000-8000-00000000000{n}" if published.get("version") else None,
        "summary_vi": "…",
        "summary_en": "…",
        "obligations_from": published.get("owes_from"),
    }


# audit's order: by district (none last), enterprise, point.
POINTS = [
    # An enterprise the Department set to owe from 08/02, after the deadline: not counted, flagged with its day.
    _point(6, "Bến Lức", "Viettel Long An", "Cửa hàng Viettel Bến Lức", "not_owed", owes_from="2027-02-08"),
    # One owing from 06/02 that published on 02/02, after the deadline (B2): neither on time nor late, its day said.
    _point(
        7,
        "Bến Lức",
        "Viettel Long An",
        "Điểm giao dịch Viettel Gò Đen",
        "not_owed_published",
        first="2027-02-02T03:00:00Z",
        version=1,
        owes_from="2027-02-06",
    ),
    _point(
        1, "Mộc Hóa", "Viettel Long An", "Cửa hàng Viettel Kiến Tường", "late", first="2027-01-30T03:15:00Z", version=1
    ),
    _point(
        2,
        "Tân An",
        "Bưu điện tỉnh Long An",
        "Bưu cục trung tâm Tân An",
        "on_time",
        first="2027-01-20T02:00:00Z",
        version=2,
    ),
    _point(3, "Tân An", "VNPT Long An", "Điểm giao dịch VNPT Tân An", "missing"),
    _point(4, "Tân Hưng", "Bưu điện tỉnh Long An", "Bưu điện Văn hóa xã Hưng Điền", "missing"),
    _point(5, None, "Bưu điện tỉnh Long An", "=Bưu cục lưu động", "missing"),
]
MISSING = "/transaction-hours/missing"


class Services(PagedRoster):
    """Roster's campaigns and enterprises, and audit's list of transaction points: filtered by status and
    enterprise as audit filters them, paged (the district is audit's to match: passed on, not applied)."""

    def __init__(self, account: dict[str, Any]) -> None:
        super().__init__(
            {
                "/campaigns": lambda params: [CAMPAIGN],
                "/enterprises": lambda params: [e for e in ENTERPRISES if self._sees(e["id"])],
                MISSING: self._missing,
                "/sites": lambda params: [],  # the manager's Tết hours page: no point chosen there
            }
        )
        self.account = account

    def _sees(self, enterprise_id: str) -> bool:
        return self.account["role"] != "manager" or enterprise_id in self.account["enterprise_ids"]

    def _missing(self, params: httpx.QueryParams) -> list[dict]:
        statuses = params.get_list("status") or ["missing", "late"]
        wanted = params.get("enterprise_id")
        return [
            p
            for p in POINTS
            if p["status"] in statuses and self._sees(p["enterprise_id"]) and wanted in (None, p["enterprise_id"])
        ]

    def asked(self, *, limit: str | None = None) -> list[httpx.QueryParams]:
        """What audit's list was asked, oldest first (with `limit`: only those asked with that page size)."""
        return [
            u.params for u in self.list_calls if u.path == MISSING and (limit is None or u.params.get("limit") == limit)
        ]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            answer = super().__call__(request)
            body = answer.json()
            return httpx.Response(200, json={**body, "account": self.account})
        if request.url.path == f"/campaigns/{C1}":
            return httpx.Response(200, json=CAMPAIGN)
        return super().__call__(request)


INSPECTOR = {**ACCOUNT, "id": "i1", "login": "thanhtra@stttt.longan.gov.vn", "role": "inspector", "enterprise_ids": []}
MANAGER = {**ACCOUNT, "enterprise_ids": [POST]}


async def _visit(services: Services, *paths: str) -> list[httpx.Response]:
    app = create_app(
        PortalSettings(session_key="s" * 48),
        clock=lambda: NOW,
        transport_for=lambda name: httpx.MockTransport(services),
    )
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        data = {"login": services.account["login"], "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)}
        assert (await client.post("/login", data=data)).status_code == 303
        return [await client.get(path) for path in paths]


def _text(answer: httpx.Response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answer.text)).split())


def _rows(answer: httpx.Response) -> list[list[str]]:
    body = present(re.search(r'<table class="tet-hours-status">.*?<tbody>(.*?)</tbody>', answer.text, re.S)).group(1)
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _link(answer: httpx.Response, rel: str) -> str:
    return html.unescape(present(re.search(rf'<a href="([^"]+)" rel="{rel}">', answer.text)).group(1))


async def test_the_inspector_reads_the_points_not_published_in_words_and_counts_per_status() -> None:
    services = Services(INSPECTOR)
    (page, not_owed, home, published_not_owed) = await _visit(
        services,
        "/inspect/tet-hours",
        f"/inspect/tet-hours?campaign_id={C1}&status=not_owed",
        "/inspect/heatmap",
        f"/inspect/tet-hours?campaign_id={C1}&status=not_owed_published",
    )
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Giờ mở cửa Tết — bưu cục, điểm giao dịch chưa niêm yết hoặc niêm yết muộn" in text
    # The campaign chosen as other pages choose it, and its deadline with the lunar day.
    assert f'<option value="{C1}" selected>Tết Đinh Mùi 2027</option>' in page.text
    assert "Hạn niêm yết: 00:00 30/01/2027 (23 tháng Chạp Bính Ngọ) đã qua hạn" in text
    # audit is asked for the campaign's points not published on time (all three statuses, repeated) — not those
    # "Không tính" (QZ16 #8b: listed under this name, they read as findings; the Department exempted them)…
    listed = services.asked(limit="50")
    assert (listed[0].get("campaign_id"), listed[0].get_list("status")) == (C1, ["missing", "late", "pending"])
    assert "enterprise_id" not in listed[0] and "district" not in listed[0]
    # …and for how many points are in each status (the same filters, one status each).
    assert sorted(p.get("status") for p in services.asked(limit="1")[:6]) == [
        "late",
        "missing",
        "not_owed",
        "not_owed_published",
        "on_time",
        "pending",
    ]
    counts = {
        s: _text(httpx.Response(200, text=li))
        for s, li in re.findall(r'<li data-status="([a-z_]+)">(.*?)</li>', page.text, re.S)
    }
    assert counts == {
        "missing": "Quá hạn, chưa niêm yết 3",
        "late": "Niêm yết muộn 1",
        "pending": "Chưa niêm yết, chưa đến hạn 0",
        "not_owed": "Không tính (hạn trước ngày tính nghĩa vụ) 1",
        "not_owed_published": "Niêm yết (không tính hạn) 1",
        "on_time": "Niêm yết đúng hạn 1",
    }
    assert "Tổng số bưu cục, điểm giao dịch: 7" in text
    assert f'href="/inspect/tet-hours?campaign_id={C1}&amp;status=missing"' in page.text
    # The rows in audit's order, each status in words, times with their lunar day, names and never ids.
    assert _rows(page) == [
        [
            "Mộc Hóa",
            "Viettel Long An",
            "Cửa hàng Viettel Kiến Tường",
            "Niêm yết muộn",
            "10:15 30/01/2027 (23 tháng Chạp Bính Ngọ)",
            "Lần 1 Bằng chứng trong nhật ký",
        ],
        ["Tân An", "VNPT Long An", "Điểm giao dịch VNPT Tân An", "Quá hạn, chưa niêm yết", "Chưa niêm yết", ""],
        [
            "Tân Hưng",
            "Bưu điện tỉnh Long An",
            "Bưu điện Văn hóa xã Hưng Điền",
            "Quá hạn, chưa niêm yết",
            "Chưa niêm yết",
            "",
        ],
        [
            "Chưa ghi huyện, thị xã, thành phố",
            "Bưu điện tỉnh Long An",
            "=Bưu cục lưu động",
            "Quá hạn, chưa niêm yết",
            "Chưa niêm yết",
            "",
        ],
    ]
    assert "5e000000-" not in page.text and VNPT not in text  # an inspector gets no link to change a point
    # …and the points not counted are one link away, by their count, under their own heading, with their day
    assert f'href="/inspect/tet-hours?campaign_id={C1}&amp;status=not_owed"' in page.text
    assert "Không tính" not in "".join(" ".join(row) for row in _rows(page))
    assert _rows(not_owed) == [
        [
            "Bến Lức",
            "Viettel Long An Tính nghĩa vụ từ 08/02/2027",
            "Cửa hàng Viettel Bến Lức",
            "Không tính (hạn trước ngày tính nghĩa vụ)",
            "Chưa niêm yết",
            "",
        ]
    ]
    # …and one such enterprise's point published after the deadline (02/02) but before the day it owes from (06/02)
    # is never "đúng hạn" beside a time past "Hạn niêm yết … đã qua hạn": its tag says why the deadline is not counted
    # (B2), under a heading of its own.
    assert _rows(published_not_owed) == [
        [
            "Bến Lức",
            "Viettel Long An Tính nghĩa vụ từ 06/02/2027",
            "Điểm giao dịch Viettel Gò Đen",
            "Niêm yết (không tính hạn: tính nghĩa vụ từ 06/02/2027)",
            "10:00 02/02/2027 (26 tháng Chạp Bính Ngọ)",
            "Lần 1 Bằng chứng trong nhật ký",
        ]
    ]
    assert "Giờ mở cửa Tết — bưu cục, điểm giao dịch đã niêm yết, không tính hạn" in _text(published_not_owed)
    # The CSV links carry the filters shown; the inspector's menu leads here.
    assert f'href="/inspect/tet-hours.csv?campaign_id={C1}&amp;lang=vi"' in page.text
    # Before them, once, the rows their files hold: the list's (QA: the CSV links said none)
    lead = (
        r'<span class="download-size">Tải về \(([^)]*)\):</span>\s*<a class="button secondary" href="/inspect/tet-hours'
    )
    assert re.findall(lead, page.text) == [f"{len(_rows(page))} dòng"]
    menu = present(re.search(r"<nav\b.*?</nav>", home.text, re.S)).group(0)
    assert '<a href="/inspect/tet-hours"' in menu and "Giờ mở cửa Tết" in menu


async def test_the_filters_go_to_audit_as_typed_and_the_pages_keep_them() -> None:
    services = Services(INSPECTOR)
    (first,) = await _visit(
        services, f"/inspect/tet-hours?campaign_id={C1}&enterprise_id={POST}&district=++tan++hung+&status=all&limit=2"
    )
    assert first.status_code == 200, first.text
    (listed,) = services.asked(limit="2")
    assert listed.get_list("status") == [  # "any status": all six
        "missing",
        "late",
        "pending",
        "not_owed",
        "not_owed_published",
        "on_time",
    ]
    assert (listed["campaign_id"], listed["enterprise_id"]) == (C1, POST)
    assert listed["district"] == "tan hung"  # as typed (audit matches it however typed), spaces tidied
    assert "cursor" not in listed
    # The counts are of the same enterprise and district, one status each.
    counted = services.asked(limit="1")
    assert sorted(p["status"] for p in counted) == [
        "late",
        "missing",
        "not_owed",
        "not_owed_published",
        "on_time",
        "pending",
    ]
    assert all((p["enterprise_id"], p["district"]) == (POST, "tan hung") for p in counted)
    # The form shows the filters asked for.
    assert 'value="tan hung"' in first.text
    assert f'<option value="{POST}" selected>Bưu điện tỉnh Long An</option>' in first.text
    assert '<option value="all" selected>Mọi tình trạng</option>' in first.text
    assert [r[2] for r in _rows(first)] == ["Bưu cục trung tâm Tân An", "Bưu điện Văn hóa xã Hưng Điền"]
    assert "Mục 1–2 trong 3 mục" in _text(first)
    # The next page keeps every filter; following it asks audit with them and the cursor it handed out.
    nxt = _link(first, "next")
    kept = httpx.URL(nxt).params
    assert nxt.startswith("/inspect/tet-hours?")
    assert [kept[k] for k in ("campaign_id", "enterprise_id", "district", "status", "limit")] == [
        C1,
        POST,
        "tan hung",
        "all",
        "2",
    ]
    services.list_calls.clear()
    (second,) = await _visit(services, nxt)
    (listed,) = services.asked(limit="2")
    assert listed["cursor"] == kept["cursor"] and listed["enterprise_id"] == POST
    assert [r[2] for r in _rows(second)] == ["=Bưu cục lưu động"]
    back = _link(second, "prev")  # page 2: the page before is the first (one link)
    assert back.startswith("/inspect/tet-hours?") and "cursor" not in back and "district=tan+hung" in back
    # One status asked: audit gets that one only.
    services.list_calls.clear()
    (late,) = await _visit(services, f"/inspect/tet-hours?campaign_id={C1}&status=late")
    assert [p.get_list("status") for p in services.asked(limit="50")] == [["late"]]
    assert [r[2] for r in _rows(late)] == ["Cửa hàng Viettel Kiến Tường"]
    assert '<a href="/inspect/tet-hours?campaign_id=' + C1 + '&amp;status=late" aria-current="true">' in late.text


async def test_values_the_page_cannot_use_are_said_and_nothing_else_is_listed() -> None:
    unknown = "0c1a0000-0000-4000-8000-0000000000ff"
    services = Services(INSPECTOR)
    status, enterprise, campaign, stranger, district = await _visit(
        services,
        f"/inspect/tet-hours?campaign_id={C1}&status=bogus&district=T%C3%A2n+An",
        f"/inspect/tet-hours?campaign_id={C1}&enterprise_id=xyz",
        f"/inspect/tet-hours?campaign_id={unknown}&status=late",
        f"/inspect/tet-hours?campaign_id={C1}&enterprise_id={unknown}",
        f"/inspect/tet-hours?district={'x' * 101}",
    )
    # A value of the wrong kind: the portal's page naming it, and the page without it.
    assert status.status_code == 422 and "Tình trạng: “bogus” không hợp lệ." in _text(status)
    assert (
        f'<a href="/inspect/tet-hours?campaign_id={C1}&amp;district=T%C3%A2n+An">Mở trang này, bỏ giá trị sai</a>'
        in (status.text)
    )
    assert enterprise.status_code == 422 and "Doanh nghiệp: “xyz” không phải là mã của mục nào" in _text(enterprise)
    assert district.status_code == 422 and "Huyện, thị xã, thành phố: quá dài (101 ký tự, tối đa 100)." in _text(
        district
    )
    # An id that is none of the campaigns, or of the enterprises the person may see: said on the page, the
    # filters kept to choose again, no list and no file offered.
    assert campaign.status_code == 422
    assert "Đợt trực trong địa chỉ không có trong danh sách các đợt trực." in _text(campaign)
    assert stranger.status_code == 422
    assert "Doanh nghiệp trong địa chỉ không có trong danh sách doanh nghiệp bạn được xem." in _text(stranger)
    for answer in (campaign, stranger):
        assert 'name="campaign_id"' in answer.text and 'name="district"' in answer.text
        assert "<table" not in answer.text and ".csv" not in answer.text
    assert services.asked() == []  # audit was asked nothing for any of them


async def test_a_managers_rows_open_each_points_hours_and_the_managers_page_links_here() -> None:
    services = Services(MANAGER)
    page, manage = await _visit(services, "/inspect/tet-hours?status=all", "/manage/tet-hours")
    assert page.status_code == 200, page.text
    assert [r[2] for r in _rows(page)] == [
        "Bưu cục trung tâm Tân An",
        "Bưu điện Văn hóa xã Hưng Điền",
        "=Bưu cục lưu động",
    ]
    site = next(p["site_id"] for p in POINTS if p["site_name"] == "Bưu điện Văn hóa xã Hưng Điền")
    assert f'<a href="/manage/tet-hours?campaign_id={C1}&amp;site_id={site}">Bưu điện Văn hóa xã Hưng Điền</a>' in (
        page.text
    )
    assert re.findall(r'<option value="(0e[^"]+)"', page.text) == [POST]  # only the manager's enterprise
    assert manage.status_code == 200
    link = present(re.search(r'<a href="(/inspect/tet-hours[^"]*)">([^<]+)</a>', manage.text))
    assert html.unescape(link.group(1)) == f"/inspect/tet-hours?campaign_id={C1}"
    assert link.group(2) == "Xem tình trạng niêm yết của mọi bưu cục, điểm giao dịch"


async def test_the_list_as_csv_in_either_language_and_a_filter_it_cannot_apply_refused() -> None:
    services = Services(INSPECTOR)
    vi, en, exempt, refused, published_exempt = await _visit(
        services,
        f"/inspect/tet-hours.csv?campaign_id={C1}&district=tan&lang=vi",
        f"/inspect/tet-hours.csv?campaign_id={C1}&status=on_time&lang=en",
        f"/inspect/tet-hours.csv?campaign_id={C1}&status=not_owed&lang=vi",
        f"/inspect/tet-hours.csv?campaign_id={C1}&enterprise_id=0e000000-0000-4000-8000-0000000000ff&lang=vi",
        f"/inspect/tet-hours.csv?campaign_id={C1}&status=not_owed_published&lang=en",
    )
    assert vi.status_code == 200 and vi.headers["content-type"].startswith("text/csv")
    # saved under what it is and its campaign, with the diacritics (RFC 6266), as audit's downloads are
    assert vi.headers["content-disposition"] == (
        'attachment; filename="gio-mo-cua-tet-theo-diem-tet-dinh-mui-2027.csv"; '
        "filename*=UTF-8''" + quote("Giờ mở cửa Tết theo điểm - Tết Đinh Mùi 2027.csv", safe="")
    )
    assert vi.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(vi.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "huyện/thị xã/TP",
            "doanh nghiệp",
            "bưu cục/điểm giao dịch",
            "tình trạng",
            "tính nghĩa vụ từ",
            "niêm yết lần đầu lúc (giờ VN)",
            "lần niêm yết mới nhất",
        ],
        ["Mộc Hóa", "Viettel Long An", "Cửa hàng Viettel Kiến Tường", "Niêm yết muộn", "", "2027-01-30 10:15", "1"],
        ["Tân An", "VNPT Long An", "Điểm giao dịch VNPT Tân An", "Quá hạn, chưa niêm yết", "", "", ""],
        ["Tân Hưng", "Bưu điện tỉnh Long An", "Bưu điện Văn hóa xã Hưng Điền", "Quá hạn, chưa niêm yết", "", "", ""],
        ["", "Bưu điện tỉnh Long An", "'=Bưu cục lưu động", "Quá hạn, chưa niêm yết", "", "", ""],  # never a formula
    ]
    first = services.asked()[0]
    assert (first["district"], first.get_list("status")) == ("tan", ["missing", "late", "pending"])
    # QZ16 #5: a row not counted says from which day its enterprise owes, as the page does beside the enterprise
    assert list(csv.reader(io.StringIO(exempt.content.decode("utf-8-sig"))))[1:] == [
        [
            "Bến Lức",
            "Viettel Long An",
            "Cửa hàng Viettel Bến Lức",
            "Không tính (hạn trước ngày tính nghĩa vụ)",
            "2027-02-08",
            "",
            "",
        ]
    ]
    assert 'filename="tet-opening-hours-by-point-tet-dinh-mui-2027.csv"' in en.headers["content-disposition"]
    assert list(csv.reader(io.StringIO(en.content.decode("utf-8-sig")))) == [
        [
            "district/town/city",
            "enterprise",
            "post office or transaction point",
            "status",
            "owes from",
            "first published (UTC+7)",
            "latest published version",
        ],
        [
            "Tân An",
            "Bưu điện tỉnh Long An",
            "Bưu cục trung tâm Tân An",
            "Published on time",
            "",
            "2027-01-20 09:00",
            "2",
        ],
    ]
    assert refused.status_code == 422 and "Không tạo được tệp với bộ lọc này" in _text(refused)
    assert "Doanh nghiệp trong địa chỉ không có trong danh sách doanh nghiệp bạn được xem." in _text(refused)
    assert f'href="/inspect/tet-hours?campaign_id={C1}&amp;enterprise_id=0e000000-' in refused.text
    assert len(services.asked()) == 4  # the refused file asked audit nothing
    # B2: one published after the deadline by an enterprise owing from after it is not "on time" in the file either
    assert list(csv.reader(io.StringIO(published_exempt.content.decode("utf-8-sig"))))[1:] == [
        [
            "Bến Lức",
            "Viettel Long An",
            "Điểm giao dịch Viettel Gò Đen",
            "Published (deadline not counted)",
            "2027-02-06",
            "2027-02-02 10:00",
            "1",
        ]
    ]


def test_the_inspectors_exports_write_their_headers_one_way() -> None:
    """QZ19 #11: tet-hours.csv began "Huyện/thị xã/TP,Doanh nghiệp,…" ("District/town/city,Enterprise") while the
    gaps, incidents and coverage files (audit's, CSV and XLSX) write every header in lower case, "huyện/thị xã/TP":
    now one way, theirs — the district in the same words, no header starting with a capital but a name's."""
    catalogue = load_catalogue()
    for lang in ("vi", "en"):
        hours = [catalogue.text(f"tet_hours.status.csv.{c}", lang) for c in CSV_COLUMNS]
        files = {
            "tet-hours": hours,
            "gaps": audit_inspect.CSV_HEADERS["gaps"][lang],
            "coverage": audit_inspect.CSV_HEADERS["coverage"][lang],
            "incidents": audit_incidents.CSV_HEADERS[lang],
        }
        district = {"vi": "huyện/thị xã/TP", "en": "district/town/city"}[lang]
        for name in ("tet-hours", "gaps", "incidents"):
            assert district in files[name], (name, lang)
        for name, headers in files.items():
            capitals = [h for h in headers if h[0].isupper() and not h.startswith("Party/State")]
            assert capitals == [], (name, lang)


async def test_the_page_in_english() -> None:
    services = Services(INSPECTOR)
    _, page, on_time, every = await _visit(
        services, "/lang/en", "/inspect/tet-hours", "/inspect/tet-hours?status=on_time", "/inspect/tet-hours?status=all"
    )
    text = _text(page)
    assert "Tết opening hours — post offices and transaction points not published, or published late" in text
    # the heading names what is listed, whatever the status filter (QA: "not published" over those on time)
    heading = re.compile(r"<h1>([^<]+)</h1>")
    assert present(heading.search(on_time.text)).group(1) == (
        "Tết opening hours — post offices and transaction points published on time"
    )
    assert present(heading.search(every.text)).group(1) == "Tết opening hours — every post office and transaction point"
    assert "Publish by: 00:00 30 Jan 2027" in text and "the deadline has passed" in text
    assert "Not published, past the deadline" in text and "Published late" in text
    assert "No district, town or city given" in text
