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
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from audit.api.problems import bad_cursor as audit_bad_cursor
from lichtruc.paging import BadCursor
from lichtruc.sheets import attachment
from portal.api.refusals import ENTERPRISE_PAGES
from portal.app import create_app
from portal.settings import PortalSettings
from roster.api.problems import bad_cursor as roster_bad_cursor
from support import duplicate_ids, present

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C1 = "0c1a0000-0000-4000-8000-000000000001"
OTHER_ID = "0c1a0000-0000-4000-8000-0000000000ff"  # well formed, of nothing the services hold
CAMPAIGN = {
    "id": C1,
    "campaign_id": C1,
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-29T17:00:00Z",
    "ends_at": "2027-02-15T17:00:00Z",
    "peaks": [],
    "hours_deadline": "2027-01-29T17:00:00Z",
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
MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": None,
}
ADMIN: dict[str, Any] = {
    "id": "a1",
    "login": "quantri@stttt.longan.gov.vn",
    "display_name": "Quản trị Sở",
    "role": "admin",
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
        self.queries: list[dict[str, str]] = []  # each request's query, beside `asked`
        self.board: dict[str, Any] = {"rows": []}  # audit's coverage board of C1
        self.coverage: dict[str, Any] = {"keys": []}  # audit's coverage of C1 in a window
        self.on_duty: list[dict[str, Any]] = []  # audit's shifts on duty at the instant asked
        self.border_on_duty: list[dict[str, Any]] = []  # of those, the ones at or covering a border site
        self.border_sites: list[dict[str, Any]] = []  # audit's every border site, with who covers it
        self.unstaffed: list[dict[str, Any]] = []  # audit's required posts nobody holds at the instant
        self.as_of: dict[str, Any] = {"seq": 0}  # the log record audit's answer was taken as of
        self.tet_campaign: dict[str, Any] | None = None  # roster's /public/tet-campaign (None: a 404, none opened)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host, path = request.url.host, request.url.path
        self.asked.append((host, path))
        self.queries.append(dict(request.url.params))
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": self.account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": self.account["id"]})
        if "refused-here" in path:  # a refusal not of the address: said as the service's refusal
            return httpx.Response(
                422, json={"type": "x/shift-ended", "status": 422, "detail": "ended", "detail_vi": "Ca đã kết thúc."}
            )
        if request.url.params.get("cursor") in ("garbage", "WyJ4Il0"):  # no list handed these out
            refused = {"audit": audit_bad_cursor, "roster": roster_bad_cursor}[host](
                BadCursor(request.url.params["cursor"])
            )
            return httpx.Response(refused.status, json=refused.body(path))
        if "not-a-uuid" in path:
            return httpx.Response(
                422,
                json={  # as roster refuses an id it cannot read in its path
                    "type": "x/validation",
                    "status": 422,
                    "detail": "shift_id: not a valid id",
                    "detail_vi": "Mã ca trực không hợp lệ.",
                    "errors": [{"field": "path.shift_id", "rule": "uuid_parsing", "message": "not a valid id"}]
                    if request.method == "GET"
                    else [{"field": "body.note", "rule": "string_too_long", "message": "too long"}],
                },
            )
        if path == "/public/tet-campaign":
            return httpx.Response(200, json=self.tet_campaign) if self.tet_campaign else httpx.Response(404, json={})
        if path == f"/campaigns/{C1}":
            return httpx.Response(200, json=CAMPAIGN)
        if path == f"/campaigns/{C1}/board":
            return httpx.Response(200, json=self.board)
        if path == f"/campaigns/{C1}/coverage":
            return httpx.Response(200, json=self.coverage)
        if path == "/on-duty":  # audit's answer for the instant asked (the page asks for now when opened)
            at, border = request.url.params["at"], request.url.params.get("border") == "true"
            answer = {"at": at, "shifts": self.border_on_duty if border else self.on_duty, "as_of": self.as_of}
            sited = {"sites": self.border_sites} if border else {}
            return httpx.Response(200, json={**answer, **sited, "unstaffed": self.unstaffed})
        if path.endswith(".csv"):
            return httpx.Response(200, content=b"a,b\n", headers={"content-type": "text/csv; charset=utf-8"})
        if path.endswith(".xlsx"):  # named by audit after what it holds: the portal hands the name on
            named = {"content-type": XLSX, "content-disposition": attachment(f"{path.rsplit('/', 1)[-1]} - Tết.xlsx")}
            return httpx.Response(200, content=b"PK\x03\x04", headers=named)
        items = self.lists.get((host, path), [])
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _app(services: Services, clock: Callable[[], datetime] | None = None):
    settings = PortalSettings(
        session_key="s" * 48, roster_url="http://roster", notifier_url="http://notifier", audit_url="http://audit"
    )
    return create_app(settings, clock=clock, transport_for=lambda name: httpx.MockTransport(services))


async def _sign_in(client: httpx.AsyncClient, account: dict[str, Any]) -> None:
    page = await client.get("/login")
    csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
    login = {"login": account["login"], "password": PASSWORD, "csrf_token": csrf}
    assert (await client.post("/login", data=login)).status_code == 303


async def _visit(
    services: Services, *paths: str, sign_in: bool = True, clock: Callable[[], datetime] | None = None
) -> list[httpx.Response]:
    app = _app(services, clock)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        if sign_in:
            await _sign_in(client, services.account)
        answers = [await client.get(path) for path in paths]
    for path, answer in zip(paths, answers, strict=True):  # every page a test here renders: each id once
        if answer.headers.get("content-type", "").startswith("text/html"):
            assert duplicate_ids(answer.text) == [], path
    return answers


def _text(answer: httpx.Response | str) -> str:
    """The page's (or a piece of it's) text as read: tags dropped, entities decoded, white space single."""
    markup = answer if isinstance(answer, str) else answer.text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _asked(services: Services, test: Callable[[str, str], bool]) -> list[tuple[str, str]]:
    return [(h, p) for h, p in services.asked if test(h, p)]


# --- a day or campaign in the address that is none of the campaign's --------------------------------------


async def test_the_hours_of_a_day_that_is_no_day_of_the_campaign_are_not_another_days() -> None:
    services = Services(INSPECTOR)
    bad, outside, unknown, good = await _visit(
        services,
        f"/inspect/heatmap/day?campaign_id={C1}&day=2027-13-40",
        f"/inspect/heatmap/day?campaign_id={C1}&day=2030-01-01",
        "/inspect/heatmap/day?campaign_id=bad&day=2027-02-06",
        f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-06",
    )
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]
    assert "“2027-13-40” trong địa chỉ không phải là một ngày" in _text(bad)
    assert "30/01/2027" not in re.sub(r"<nav.*?</nav>", "", bad.text, flags=re.S)  # no other day's hours
    assert 'aria-label="Lọc bản đồ phủ trực"' in bad.text  # the filters stay, and each day is a link
    assert f'href="/inspect/heatmap/day?campaign_id={C1}&amp;day=2027-02-06"' in bad.text
    assert outside.status_code == 422
    assert "Ngày 01/01/2030 không thuộc Tết Đinh Mùi 2027 (từ 30/01/2027 đến 15/02/2027)" in _text(outside)
    assert unknown.status_code == 422
    assert "Đợt trực trong địa chỉ không có trong danh sách các đợt trực" in _text(unknown)
    assert good.status_code == 200 and "Phủ trực theo giờ ngày 06/02/2027" in _text(good)
    # the browser's tab and history name the day too (QA: one title for every day)
    title = present(re.search(r"<title>([^<]*)</title>", good.text)).group(1)
    assert title.startswith("Phủ trực theo giờ ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi)"), title
    # Only the good address asked audit for the day's gaps.
    assert len(_asked(services, lambda h, p: p.endswith("/board"))) == 1


async def test_the_heatmap_of_a_campaign_that_is_none_of_them_says_so() -> None:
    (answer,) = await _visit(Services(INSPECTOR), "/inspect/heatmap?campaign_id=bad")
    assert answer.status_code == 422
    assert "Đợt trực trong địa chỉ không có trong danh sách các đợt trực" in _text(answer)
    assert "coverage.csv" not in answer.text


async def test_the_heatmap_says_no_requirement_apart_from_covered_and_keeps_its_filter_in_the_address() -> None:
    """VNPT requires someone on 06/02 only (audit's board): that day is covered (0 person-hours, green), the others and
    every day of the enterprise without requirements say "no requirement" in words, in a neutral colour."""
    enterprises = [
        {"id": "e1", "name": "VNPT Long An", "sector": "telecom"},
        {"id": "e2", "name": "Viettel Long An", "sector": "telecom"},
    ]
    services = Services(INSPECTOR, {("roster", "/enterprises"): enterprises})
    day = {"required_max": 0, "planned_min": None, "planned_max": 0, "required_hours": 0.0, "covered_hours": 0.0}
    services.board = {
        "rows": [
            {
                "enterprise_id": "e1",
                "duty_type": "operations",
                "days": [{**day, "day": "2027-02-05"}, {**day, "day": "2027-02-06", "required_max": 2}],
            }
        ]
    }
    every, only = await _visit(
        services, f"/inspect/heatmap?campaign_id={C1}", f"/inspect/heatmap?campaign_id={C1}&required=true"
    )
    assert every.status_code == 200

    def cell(answer: httpx.Response, enterprise: str, day: str) -> str:
        return present(re.search(rf'<td data-testid="heat-{enterprise}-{day}"[^>]*>.*?</td>', answer.text, re.S)).group(
            0
        )

    covered, empty = cell(every, "e1", "2027-02-06"), cell(every, "e1", "2027-02-05")
    assert 'data-state="covered"' in covered and "heat-0" in covered and ">0</a>" in covered
    assert 'data-state="none"' in empty and "heat-none" in empty and "heat-0" not in empty
    assert 'title="Không có yêu cầu trực trong ngày này"' in empty
    assert "VNPT Long An, 05/02/2027 (29 tháng Chạp Bính Ngọ): không có yêu cầu trực trong ngày này" in _text(empty)
    assert 'data-state="none"' in cell(every, "e2", "2027-02-06")
    assert "– Không có yêu cầu trực" in _text(every)  # the legend says it in words
    assert 'name="required" value="true">' in every.text  # the filter, unticked

    assert 'name="required" value="true" checked' in only.text  # kept in the address, shown ticked
    assert "heat-e1-2027-02-06" in only.text and "heat-e2-" not in only.text
    assert 'href="/inspect/heatmap"' in only.text  # cleared by a link
    boards = [p for h, p in services.asked if p.endswith("/board")]
    assert len(boards) == 2


async def test_the_hours_of_a_day_say_no_requirement_apart_from_covered_and_short() -> None:
    """VNPT's operations require someone from 08:00 to 10:00 on 06/02 (audit's coverage in the day's window),
    short 09:00–09:30, and again 11:00–11:20: 08:00 is covered, 09:00 and 11:00 short (in person-hours, from audit's
    segments: QZ27 #14), the other hours and every hour of Viettel's patrol (on the board, nothing required that day)
    say "no requirement" in words and a neutral colour. In English too."""
    enterprises = [
        {"id": "e1", "name": "VNPT Long An", "sector": "telecom"},
        {"id": "e2", "name": "Viettel Long An", "sector": "telecom"},
    ]
    gaps = [
        {"enterprise_id": "e1", "duty_type": "operations", "starts_at": f"2027-02-06T0{h}:00:00Z", "ends_at": end}
        for h, end in ((2, "2027-02-06T02:30:00Z"), (4, "2027-02-06T04:20:00Z"))
    ]
    duties = [
        {"key": "operations", "name_vi": "Vận hành", "name_en": "Operations"},
        {"key": "patrol", "name_vi": "Tuần tra", "name_en": "Patrol"},
    ]
    lists = {("roster", "/enterprises"): enterprises, ("roster", "/duty-types"): duties, ("audit", "/gaps"): gaps}
    services = Services(INSPECTOR, lists)
    services.board = {
        "rows": [{"enterprise_id": "e1", "duty_type": "operations"}, {"enterprise_id": "e2", "duty_type": "patrol"}]
    }
    segment = {"starts_at": "2027-02-06T01:00:00Z", "ends_at": "2027-02-06T03:00:00Z", "required": 1, "actual": 1}
    services.coverage = {
        "keys": [
            {
                "enterprise_id": "e1",
                "duty_type": "operations",
                "site_id": None,
                "border_area": None,
                "segments": [
                    {
                        "starts_at": "2027-02-05T17:00:00Z",
                        "ends_at": "2027-02-06T01:00:00Z",
                        "required": 0,
                        "actual": 0,
                    },
                    {**segment, "ends_at": "2027-02-06T02:00:00Z"},
                    {**segment, "starts_at": "2027-02-06T02:00:00Z", "ends_at": "2027-02-06T02:30:00Z", "actual": 0},
                    {**segment, "starts_at": "2027-02-06T02:30:00Z"},
                    {**segment, "starts_at": "2027-02-06T03:00:00Z", "ends_at": "2027-02-06T04:00:00Z", "required": 0},
                    {**segment, "starts_at": "2027-02-06T04:00:00Z", "ends_at": "2027-02-06T04:20:00Z", "actual": 0},
                    {**segment, "starts_at": "2027-02-06T04:20:00Z", "ends_at": "2027-02-06T17:00:00Z", "required": 0},
                ],
            }
        ]
    }
    day = f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-06"
    vi, _, en = await _visit(services, day, "/lang/en", day)
    assert vi.status_code == 200

    def cell(answer: httpx.Response, key: str, hour: int) -> str:
        found = re.search(rf'<td data-testid="hour-{key}-{hour}"[^>]*>.*?</td>', answer.text, re.S)
        return present(found).group(0)

    states = {h: present(re.search(r'data-state="(\w+)"', cell(vi, "e1-operations", h))).group(1) for h in range(24)}
    assert states == {**dict.fromkeys(range(24), "none"), 8: "covered", 9: "short", 11: "short"}
    covered, short, nobody = cell(vi, "e1-operations", 8), cell(vi, "e1-operations", 9), cell(vi, "e1-operations", 7)
    assert "heat-0" in covered and "heat-none" not in covered
    assert "heat-2" in short and _text(short) == "0,5"  # person-hours: one person for half an hour
    late = cell(vi, "e1-operations", 11)
    assert "heat-2" in late and "heat-none" not in late and _text(late) == "0,33"
    assert "heat-none" in nobody and "heat-0" not in nobody
    assert 'title="07:00: không có yêu cầu trực trong giờ này"' in nobody
    assert "VNPT Long An, Vận hành, 07:00: không có yêu cầu trực trong giờ này" in _text(nobody)
    assert all('data-state="none"' in cell(vi, "e2-patrol", h) for h in range(24))
    assert "– Không có yêu cầu trực" in _text(vi)  # the legend says it in words
    assert "Ô có dấu – là giờ doanh nghiệp không có yêu cầu trực" in _text(vi)

    nobody_en = cell(en, "e1-operations", 7)
    assert 'title="07:00: no duty requirement in this hour"' in nobody_en
    assert "VNPT Long An, Operations, 07:00: no duty requirement in this hour" in _text(nobody_en)
    assert "– No duty requirement" in _text(en)
    windows = [
        q for (_, p), q in zip(services.asked, services.queries, strict=True) if p == f"/campaigns/{C1}/coverage"
    ]
    assert windows == [{"from": "2027-02-06T00:00:00+07:00", "to": "2027-02-07T00:00:00+07:00"}] * 2


async def test_the_hours_of_a_day_keep_only_rows_with_a_requirement_and_carry_the_filter_between_views() -> None:
    """As the whole campaign's heatmap, the day's hours may leave out the rows (enterprise × duty type) that
    require nobody in any hour of the day — Viettel's patrol, on the board but with nothing required on 06/02,
    left out even with a gap's minutes, as the heatmap leaves out an enterprise. The filter stays in the address,
    ticked; the clear link drops it; the links to other days, back to the heatmap and from the heatmap's days
    keep it."""
    enterprises = [
        {"id": "e1", "name": "VNPT Long An", "sector": "telecom"},
        {"id": "e2", "name": "Viettel Long An", "sector": "telecom"},
    ]
    gaps = [
        {
            "enterprise_id": "e2",
            "duty_type": "patrol",
            "starts_at": "2027-02-06T04:00:00Z",
            "ends_at": "2027-02-06T04:20:00Z",
        }
    ]
    lists = {("roster", "/enterprises"): enterprises, ("audit", "/gaps"): gaps}
    services = Services(INSPECTOR, lists)
    services.board = {
        "rows": [
            {"enterprise_id": "e1", "duty_type": "operations", "days": [{"day": "2027-02-06", "required_max": 1}]},
            {"enterprise_id": "e2", "duty_type": "patrol", "days": [{"day": "2027-02-06", "required_max": 0}]},
        ]
    }
    segment = {"starts_at": "2027-02-06T01:00:00Z", "ends_at": "2027-02-06T03:00:00Z", "required": 1, "actual": 1}
    services.coverage = {
        "keys": [
            {
                "enterprise_id": "e1",
                "duty_type": "operations",
                "site_id": None,
                "border_area": None,
                "segments": [segment],
            },
            {"enterprise_id": "e2", "duty_type": "patrol", "site_id": None, "border_area": None, "segments": []},
        ]
    }
    day = f"/inspect/heatmap/day?campaign_id={C1}&day=2027-02-06"
    every, only, heatmap = await _visit(
        services, day, f"{day}&sector=telecom&required=true", f"/inspect/heatmap?campaign_id={C1}&required=true"
    )
    label = "Chỉ doanh nghiệp và loại trực có yêu cầu trực trong ngày này"
    assert every.status_code == 200
    assert "hour-e1-operations-8" in every.text and "hour-e2-patrol-11" in every.text
    assert re.search(r'name="required" value="true">\s*' + label, every.text)  # offered, unticked

    assert only.status_code == 200
    assert re.search(r'name="required" value="true" checked>\s*' + label, only.text)
    assert "hour-e1-operations-8" in only.text and "hour-e2-" not in only.text
    assert 'href="/inspect/heatmap/day?day=2027-02-06">Bỏ lọc</a>' in only.text  # cleared by a link
    kept = f"campaign_id={C1}&amp;sector=telecom&amp;required=true"
    assert f'href="/inspect/heatmap?{kept}">' in only.text  # back to the heatmap
    assert f'href="/inspect/heatmap/day?{kept}&amp;day=2027-02-07"' in only.text  # another day
    assert f'href="/inspect/heatmap/day?campaign_id={C1}&amp;day=2027-02-06&amp;required=true"' in heatmap.text


async def test_the_departments_day_view_says_what_is_wrong_with_the_day_asked_for() -> None:
    services = Services(INSPECTOR, {("audit", "/daily-reports/status"): STATUS_ROWS})
    bad, outside, unknown, no_id = await _visit(
        services,
        f"/inspect/reports?campaign_id={C1}&day=2027-13-40",
        f"/inspect/reports?campaign_id={C1}&day=2030-01-01",
        f"/inspect/reports?campaign_id={OTHER_ID}&day=2027-02-06",
        "/inspect/reports?campaign_id=bad&day=2027-02-06",
    )
    assert bad.status_code == 422 and "“2027-13-40” trong địa chỉ không phải là một ngày" in _text(bad)
    assert "summary.pdf" not in bad.text  # no other day's summary offered
    assert outside.status_code == 422
    assert "Ngày 01/01/2030 không thuộc Tết Đinh Mùi 2027 (từ 30/01/2027 đến 15/02/2027)" in _text(outside)
    assert unknown.status_code == 422 and "Đợt trực trong địa chỉ không có trong danh sách" in _text(unknown)
    assert no_id.status_code == 422 and "“bad” không phải là mã của mục nào." in _text(no_id)
    assert 'name="campaign_id"' in bad.text and 'name="day"' in bad.text  # the choice stays on the page
    assert not _asked(services, lambda h, p: p == "/daily-reports/status")


async def test_a_status_the_departments_day_view_has_not_is_named_by_the_pages_label() -> None:
    (refused,) = await _visit(Services(INSPECTOR), f"/inspect/reports?campaign_id={C1}&day=2027-02-06&status=late")
    assert refused.status_code == 422
    assert "Tình trạng: “late” không hợp lệ." in _text(refused)  # the filter's label, not the shared "Trạng thái"


async def test_the_departments_day_view_lists_enterprises_in_the_heatmaps_order() -> None:
    services = Services(INSPECTOR, {("audit", "/daily-reports/status"): STATUS_ROWS})
    (answer,) = await _visit(services, f"/inspect/reports?campaign_id={C1}&day=2027-02-06")
    assert answer.status_code == 200
    shown = re.findall(r'<th scope="row">([^<]+)</th>', answer.text)
    assert shown == [
        "Bưu điện tỉnh Long An",
        "Đài Phát thanh và Truyền hình Long An",
        "Viettel Long An",
        "VNPT Long An",
    ]


async def test_the_province_summarys_workbook_is_asked_for_in_the_readers_language_its_pdf_in_vietnamese() -> None:
    # QA (2026-12-05): an English reader was offered the summary only in Vietnamese.
    services = Services(INSPECTOR, {("audit", "/daily-reports/status"): STATUS_ROWS})
    summary = f"/inspect/reports/summary.xlsx?campaign_id={C1}&day=2027-02-06"
    vi, _, page, en, _ = await _visit(
        services,
        summary,
        "/lang/en",
        f"/inspect/reports?campaign_id={C1}&day=2027-02-06",
        summary,
        summary.replace(".xlsx", ".pdf"),
    )
    assert vi.status_code == en.status_code == 200
    asked = [q for (_, p), q in zip(services.asked, services.queries, strict=True) if "/daily-reports/summary" in p]
    assert asked == [{"day": "2027-02-06", "lang": "vi"}, {"day": "2027-02-06", "lang": "en"}, {"day": "2027-02-06"}]
    assert "Download the province summary (Excel)" in _text(page)
    assert "Download the province summary (PDF, in Vietnamese)" in _text(page)
    # one enterprise's report likewise (helper A's note: its English workbook was never asked for)
    await _visit(
        services, "/lang/en", "/reports/daily/r1.xlsx", "/reports/daily/r1.pdf", "/lang/vi", "/reports/daily/r1.xlsx"
    )
    asked = [q for (_, p), q in zip(services.asked, services.queries, strict=True) if p.startswith("/daily-reports/r1")]
    assert asked == [{"lang": "en"}, {}, {"lang": "vi"}]


async def test_a_summary_asked_for_a_day_it_cannot_use_is_refused_in_the_readers_words_naming_the_page() -> None:
    """QA: /inspect/reports/summary.pdf?…&day=07/02/2027 showed roster's "The request is invalid — Day [query.day]:
    not a valid date (for example 2027-02-06)" and "go back to the page you came from". The portal checks the day as
    the page does, before roster is asked: the day as typed, how an address writes one (the day meant, when it reads
    as the house writes days), and the way back to the reports' page by its name, saying which box to change."""
    services = Services(INSPECTOR, {("audit", "/daily-reports/status"): STATUS_ROWS})
    summary = f"/inspect/reports/summary.pdf?campaign_id={C1}&day="
    typed, outside, _, typed_en, garbled_en, unknown_en, good = await _visit(
        services,
        summary + "07/02/2027",
        summary + "2030-01-01",
        "/lang/en",
        summary + "07/02/2027",
        summary.replace(".pdf", ".xlsx") + "hôm qua",
        f"/inspect/reports/summary.pdf?campaign_id={OTHER_ID}&day=2027-02-06",
        summary + "2027-02-07",
    )
    back = html.escape(f"/inspect/reports?campaign_id={C1}")
    said = _text(typed)
    assert typed.status_code == 422 and "text/html" in typed.headers["content-type"]
    assert "Chưa tải được báo cáo tổng hợp (PDF)" in said, said
    assert (
        "Ngày “07/02/2027” không phải là một ngày: đường dẫn tải viết ngày theo dạng năm-tháng-ngày, như 2027-02-07"
        " là ngày 07/02/2027." in said
    ), said
    link = "Về trang “Báo cáo trực Tết của các doanh nghiệp” để chọn một ngày của đợt trực ở ô “Ngày”"
    assert f'<a href="{back}">{link}</a>' in typed.text
    assert "query.day" not in said and "hệ thống lịch trực từ chối" not in said and "trang vừa mở" not in said
    said = _text(outside)
    assert outside.status_code == 422
    assert "Ngày 01/01/2030 không thuộc Tết Đinh Mùi 2027 (từ 30/01/2027 đến 15/02/2027)." in said, said
    assert f'<a href="{back}">{link}</a>' in outside.text
    said = _text(typed_en)
    assert "Could not download the province summary (PDF)" in said, said
    assert (
        "Day “07/02/2027” is not a day: a download's address writes a day as year-month-day, as 2027-02-07 for"
        " 7 Feb 2027." in said
    ), said
    assert "Back to “The enterprises' daily reports” to choose one of the campaign's days in the “Day” box" in said
    assert "[query.day]" not in said and "the page you came from" not in said
    said = _text(garbled_en)  # no day meant: the campaign's first day as the example
    assert "Day “hôm qua” is not a day" in said and "as 2027-01-30 for 30 Jan 2027." in said, said
    said = _text(unknown_en)
    assert "The campaign in the download's address is not one of the campaigns." in said, said
    assert '<a href="/inspect/reports">' in unknown_en.text and "choose a campaign in the “Campaign” box" in said
    assert good.status_code == 200
    asked = [q for (_, p), q in zip(services.asked, services.queries, strict=True) if "/daily-reports/summary" in p]
    assert asked == [{"day": "2027-02-07"}]  # roster asked only for the day it can give


# --- exports refuse what the pages refuse ----------------------------------------------------------------


async def test_an_export_with_a_filter_it_cannot_apply_is_refused_not_made_without_it() -> None:
    services = Services(INSPECTOR)
    gaps, coverage, good = await _visit(
        services,
        f"/inspect/gaps.csv?campaign_id={C1}&in_force=all&from_day=2027-13-40",
        "/inspect/coverage.csv?campaign_id=bad&sector=postal",
        f"/inspect/gaps.csv?campaign_id={C1}&in_force=all&from_day=2027-02-06",
    )
    assert gaps.status_code == 422 and "text/html" in gaps.headers["content-type"]
    assert "Không tạo được tệp với bộ lọc này" in _text(gaps)
    assert "Từ ngày: “2027-13-40” không phải là một ngày" in _text(gaps)
    assert f'href="/inspect/gaps?campaign_id={C1}&amp;in_force=all&amp;from_day=2027-13-40"' in gaps.text
    assert coverage.status_code == 422
    assert "Đợt trực: đợt trực trong địa chỉ không có trong danh sách các đợt trực" in _text(coverage)
    assert 'href="/inspect/gaps?sector=postal"' in coverage.text
    assert good.status_code == 200 and good.headers["content-type"].startswith("text/csv")
    assert good.headers["content-disposition"] == attachment("Khoảng trống.csv")  # audit gave none: the portal's
    assert len(_asked(services, lambda h, p: p.endswith(".csv"))) == 1  # only the good one was made


async def test_the_excel_exports_refuse_what_the_csv_ones_refuse_and_pass_the_filters_on() -> None:
    services = Services(INSPECTOR)
    gaps, coverage, good_gaps, good_coverage = await _visit(
        services,
        f"/inspect/gaps.xlsx?campaign_id={C1}&from_day=2027-13-40&lang=vi",
        "/inspect/coverage.xlsx?campaign_id=bad&sector=postal&lang=vi",
        f"/inspect/gaps.xlsx?campaign_id={C1}&in_force=all&from_day=2027-02-06&lang=vi",
        f"/inspect/coverage.xlsx?campaign_id={C1}&sector=postal&lang=vi",
    )
    assert gaps.status_code == 422 and "Từ ngày: “2027-13-40” không phải là một ngày" in _text(gaps)
    assert coverage.status_code == 422 and "đợt trực trong địa chỉ không có" in _text(coverage)
    for answer, name in ((good_gaps, "gaps.xlsx - Tết.xlsx"), (good_coverage, "coverage.xlsx - Tết.xlsx")):
        assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
        assert answer.headers["content-disposition"] == attachment(name)  # audit's name, not a fixed one
    asked = [(p, q) for (_, p), q in zip(services.asked, services.queries, strict=True) if p.endswith(".xlsx")]
    assert [p for p, _ in asked] == ["/gaps.xlsx", f"/campaigns/{C1}/coverage.xlsx"]  # only the good ones
    assert asked[0][1]["from"].startswith("2027-02-06") and asked[0][1]["lang"] == "vi"
    assert asked[1][1] == {"sector": "postal", "lang": "vi"}


async def test_the_gaps_page_with_a_day_that_is_no_day_lists_nothing_and_offers_no_download() -> None:
    """Audit is not asked: without the day it cannot read, it would list gaps the filter does not ask for
    (the page listed every gap of the campaign under the error)."""
    gap = {"gap_id": "g1", "starts_at": "2027-02-05T10:00:00Z", "ends_at": "2027-02-05T12:00:00Z"}
    services = Services(INSPECTOR, {("audit", "/gaps"): [gap]})
    (answer,) = await _visit(services, f"/inspect/gaps?campaign_id={C1}&from_day=2027-13-40")
    assert answer.status_code == 422 and "Ngày không hợp lệ" in _text(answer)
    assert "gaps.csv" not in answer.text and "Hãy sửa bộ lọc để xem và tải danh sách" in _text(answer)
    assert _asked(services, lambda h, p: (h, p) == ("audit", "/gaps")) == []
    assert "<table" not in answer.text and "Không có khoảng trống nào khớp" not in _text(answer)


async def test_the_gaps_page_with_days_out_of_order_says_so_beside_the_field_and_keeps_the_filters() -> None:
    """QA: from 10/02 to 01/02 was audit's refusal page (the form lost, and naming 02/02, the day after the
    one typed); it is told on the page, as the history page does, and the export refuses it in words — the days
    as the reader's language writes them (QA: English read “2027-02-01”) — the page and the file in the one message
    every range of days has (QA: the incidents' and the gaps' read two ways), naming both boxes by their labels."""
    services = Services(INSPECTOR, {("audit", "/gaps"): []})
    csv = f"/inspect/gaps.csv?campaign_id={C1}&from_day=2027-02-10&to_day=2027-02-01"
    page, export, _, english = await _visit(
        services, f"/inspect/gaps?campaign_id={C1}&from_day=2027-02-10&to_day=2027-02-01", csv, "/lang/en", csv
    )
    said = "“Đến ngày” là 01/02/2027, trước “Từ ngày” là 10/02/2027: hãy chọn “Đến ngày” từ 10/02/2027 trở đi, hoặc đổi “Từ ngày”."
    assert page.status_code == 422 and said in _text(page), _text(page)
    assert 'value="2027-02-10"' in page.text and 'value="2027-02-01"' in page.text  # the form as typed
    assert export.status_code == 422
    assert said in _text(export), _text(export)
    assert english.status_code == 422
    assert (
        "“Until” is 1 Feb 2027, before “From”, 10 Feb 2027: choose a day on or after 10 Feb 2027 for “Until”,"
        " or change “From”." in _text(english)  # QA: "To day" read like "today"; the incidents' say "Until" too
    ), _text(english)
    assert _asked(services, lambda h, p: h == "audit" and p.startswith("/gaps")) == []


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
    assert "Địa điểm: “xyz” không phải là mã của mục nào" in _text(path_value)
    assert 'href="/tet-hours">Về danh sách</a>' in path_value.text
    assert "Đợt trực: “bad” không phải là mã của mục nào" in _text(query_value)
    assert f'href="/tet-hours/{POINT["site_id"]}/notice.pdf">Mở trang này, bỏ giá trị sai</a>' in query_value.text

    # A wrong id in an address whose part before it is no page (/go/shifts): no way on to a page not found.
    (lost,) = await _visit(Services(STAFF), "/go/shifts/xyz")
    assert lost.status_code == 422 and "Địa chỉ có giá trị không hợp lệ" in _text(lost)
    assert 'href="/go/shifts"' not in lost.text and "Về danh sách" not in _text(lost)

    staff, imports = await _visit(Services(MANAGER), "/manage/staff?limit=abc", "/manage/imports/done?rows=abc")
    assert staff.status_code == 422 and "Số mục mỗi trang: “abc” không dùng được" in _text(staff)
    assert 'href="/manage/staff">' in staff.text
    assert imports.status_code == 422 and "“abc” không phải là một số" in _text(imports)


async def test_a_form_value_past_the_portals_bound_is_said_as_a_form_refused_not_an_address() -> None:
    """QA (2026-12-04): a reason longer than the form takes got the page about a wrong address (its
    title, "the address … mistyped or cut short"), which sent the person looking at the address bar."""
    app = _app(Services(STAFF))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        await _sign_in(client, STAFF)
        page = await client.get("/me/swaps")  # the session's own form key
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        reason = "Nhà có việc gia đình. " * 100  # 2,200 characters; the form takes 2,000
        sent = {"csrf_token": csrf, "to_staff_id": "", "reason": reason}
        answers = []
        for lang in ("vi", "en"):
            await client.get(f"/lang/{lang}")
            answers.append(await client.post(f"/me/shifts/{C1}/swap", data=sent))
    vi, en = answers
    for answer in (vi, en):
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
        assert reason[:40] not in answer.text  # the text is not echoed back, only its length
    assert "Biểu mẫu có giá trị không dùng được" in _text(vi) and "Địa chỉ" not in _text(vi)
    assert "Không có gì được lưu. Hãy bấm nút Quay lại" in _text(vi)
    assert ": quá dài (2200 ký tự, tối đa 2000)." in _text(vi)
    assert "The form holds a value that could not be used" in _text(en) and "address" not in _text(en)
    assert ": too long (2200 characters, at most 2000)." in _text(en)


# Every page that lists a page at a time, by whom it is for.
PAGED: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "inspector": (
        INSPECTOR,
        (
            "/inspect/gaps",
            "/inspect/findings",
            "/inspect/sequence-gaps",
            "/inspect/history",
            "/inspect/accounts",
            "/inspect/readiness",
            "/inspect/incidents",
            "/inspect/tet-hours",
        ),
    ),
    "admin": (ADMIN, ("/admin/campaigns", "/admin/enterprises", "/admin/sites", "/admin/districts", "/admin/accounts")),
    "manager": (
        MANAGER,
        (
            "/manage/staff",
            "/manage/requirements",
            "/manage/hours",
            "/manage/swaps",
            "/manage/readiness",
            "/manage/inspections",
        ),
    ),
    "staff": (STAFF, ("/me/shifts", "/me/swaps", "/incidents")),
}
# Pages beside the lists, by whom they are for: with PAGED, the pages the id check below renders (but the
# campaigns' pages, which need more of a campaign than the Services here give: test_manage_admin_pages.py).
NOT_RENDERED_HERE = ("/admin/campaigns",)
OTHER_PAGES: dict[str, tuple[str, ...]] = {
    "inspector": (
        "/inspect/heatmap",
        "/inspect/heatmap/day?day=2027-02-06",
        "/inspect/on-duty",
        "/inspect/log",
        "/inspect/inspections",
        "/inspect/reports",
        "/reference",
        "/account/password",
    ),
    "admin": ("/admin/enterprises/new", "/admin/sites/new", "/admin/accounts/new"),
    "manager": ("/manage/board", "/manage/imports", "/manage/tet-hours", "/reports/daily", "/incidents"),
    "staff": ("/me/calendar", "/me/reminders", "/reports/daily", "/tet-hours", "/account/password"),
}


async def test_no_page_gives_one_id_to_two_elements() -> None:
    """QA: /incidents gave the record form's "Mức độ" and the list filter's the same id, so the filter's label
    focused the form's select. Every page of every role, in either language, carries each id once (`_visit`
    checks every page it renders; this renders them all)."""
    for role, (account, paths) in PAGED.items():
        for lang in ("vi", "en"):
            pages = (f"/lang/{lang}", *(p for p in (*paths, *OTHER_PAGES[role]) if p not in NOT_RENDERED_HERE))
            answers = await _visit(Services(account), *pages)
            shown = [(path, a.status_code) for path, a in zip(pages[1:], answers[1:], strict=True)]
            assert all(status == 200 for _, status in shown), (role, [s for s in shown if s[1] != 200])


NOT_A_PAGE_SIZE = ("abc", "-5", "0", "100000", "2.5", "201")


class Recording(Services):
    """Services that also keep the `limit` each list was asked with, by path."""

    def __init__(self, account: dict[str, Any], lists: dict[tuple[str, str], list[dict]] | None = None) -> None:
        super().__init__(account, lists)
        self.limits: list[tuple[str, str | None]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.limits.append((request.url.path, request.url.params.get("limit")))
        return super().__call__(request)


async def test_a_page_size_that_is_not_one_is_said_on_every_listing_page_never_replaced() -> None:
    """`?limit=abc`, `-5`, `0`, `100000`: the gaps, history, admin lists… showed their default page (or one cut
    to 200) as if nothing was wrong. Every listing page now answers as for any value of the wrong kind: a page
    in the person's language saying what was wrong and what is allowed, and a link to the page without it;
    no list is fetched with a size nobody asked for."""
    for role, (account, paths) in PAGED.items():
        services = Recording(account)
        asked = [f"{path}?limit={value}" for path in paths for value in NOT_A_PAGE_SIZE]
        answers = await _visit(services, *asked, "/lang/en", f"{paths[0]}?status=open&limit=abc")
        for url, answer in zip(asked, answers, strict=False):
            path, value = url.split("?limit=")
            assert (answer.status_code, answer.headers["content-type"][:9]) == (422, "text/html"), (role, url)
            said = f"Số mục mỗi trang: “{value}” không dùng được: hãy ghi một số nguyên từ 1 đến 200, hoặc bỏ trống."
            assert said in _text(answer), (url, _text(answer))
            assert f'<a href="{path}">Mở trang này, bỏ giá trị sai</a>' in answer.text, url
        english = answers[-1]
        assert english.status_code == 422
        assert "Items per page: “abc” cannot be used: write a whole number from 1 to 200, or leave it out." in _text(
            english
        )
        assert f'<a href="{paths[0]}?status=open">Open this page without the wrong value</a>' in english.text
        # Nothing was listed for any of these addresses: only the sign-in and its checks were asked (a staff
        # member's sign-in also asks notifier the language her messages go in, for the pages').
        signing_in = ("/auth/login", "/auth/session", f"/people/{account['staff_id']}/preferences")
        assert [p for p, _ in services.limits if p not in signing_in] == [], role


async def test_a_page_size_from_1_to_200_or_none_is_the_one_asked_for() -> None:
    services = Recording(INSPECTOR)
    answers = await _visit(
        services, "/inspect/sequence-gaps?limit=1", "/inspect/sequence-gaps?limit=200", "/inspect/sequence-gaps?limit="
    )
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [limit for path, limit in services.limits if path == "/sequence-gaps"][::2] == ["1", "200", "50"]
    admin = Recording(ADMIN)
    (sites,) = await _visit(admin, "/admin/sites?limit=7")
    assert sites.status_code == 200 and ("/sites", "7") in admin.limits


async def test_a_number_filter_that_is_no_number_in_its_range_is_said_not_dropped() -> None:
    """The campaigns' lunar year and the incidents' "interrupted longer than" were left out of the filter when
    they were no number (the whole list shown as if filtered), or sent on to a service that refused them."""
    year, year_far = await _visit(
        Recording(ADMIN), "/admin/campaigns?lunar_year=abc", "/admin/campaigns?lunar_year=3000"
    )
    for answer, value in ((year, "abc"), (year_far, "3000")):
        assert answer.status_code == 422
        said = f"Năm của Tết: “{value}” không dùng được: hãy ghi một số nguyên từ 1901 đến 2100, hoặc bỏ trống."
        assert said in _text(answer), _text(answer)
    services = Recording(INSPECTOR)
    words, zero, fine = await _visit(
        services,
        "/inspect/incidents?severity=serious&open_longer_than=abc",
        "/inspect/incidents?open_longer_than=0",
        "/inspect/incidents?open_longer_than=90",
    )
    for answer, value in ((words, "abc"), (zero, "0")):
        assert answer.status_code == 422
        assert f"Gián đoạn lâu hơn: “{value}” không dùng được: hãy ghi một số nguyên từ 1 đến 527040" in _text(answer)
    assert '<a href="/inspect/incidents?severity=serious">Mở trang này, bỏ giá trị sai</a>' in words.text
    assert fine.status_code == 200
    # only the good filter was asked (beside the heading's count of the open ones, QZ27 #10: one, not the list)
    assert [p for p, _ in services.limits if p == "/incidents"] == ["/incidents"] * 2


async def test_an_address_whose_id_a_service_cannot_read_is_a_page_not_found() -> None:
    """QA round 3: "/me/shifts/not-a-uuid/swap" was "refused by the roster service, so nothing was changed", in
    English with pydantic's own words: a page only looked at, whose address names nothing there is."""
    vi, _, en = await _visit(Services(STAFF), "/me/shifts/not-a-uuid/swap", "/lang/en", "/me/shifts/not-a-uuid/swap")
    assert (vi.status_code, en.status_code) == (404, 404)
    assert "Không tìm thấy" in _text(vi) and "không có gì thay đổi" not in _text(vi)
    assert "Input should be" not in _text(en) and "refused" not in _text(en)


async def test_a_request_a_service_refuses_is_said_in_a_sentence_without_its_internal_name() -> None:
    vi, _, en = await _visit(
        Services(STAFF), "/me/shifts/refused-here/swap", "/lang/en", "/me/shifts/refused-here/swap"
    )
    assert vi.status_code == 422
    text = _text(vi)
    assert "Yêu cầu này bị hệ thống lịch trực từ chối, nên không có gì thay đổi." in text
    assert "Ca đã kết thúc." in text and "(roster)" not in text
    assert "This request was refused by the roster service, so nothing was changed." in _text(en)


async def test_a_page_position_the_list_did_not_give_leads_to_its_first_page_with_the_filters_kept() -> None:
    """QA (2026-12-06): `/inspect/gaps?cursor=garbage` was audit's "refused, so nothing changed" (of a list only
    looked at), with no way back but the home page."""
    gaps = f"/inspect/gaps?campaign_id={C1}&sector=telecom&cursor=garbage&limit=20"
    vi, accounts, _, en = await _visit(
        Services(INSPECTOR), gaps, "/inspect/accounts?cursor=WyJ4Il0&q=h%C3%B9ng", "/lang/en", gaps
    )
    assert (vi.status_code, accounts.status_code, en.status_code) == (422, 422, 422)
    for answer in (vi, accounts):
        text = _text(answer)
        assert "Không mở được danh sách ở vị trí trang này" in text
        assert "không phải do danh sách này đưa ra: có thể nó thuộc một lần xem danh sách cũ hơn" in text
        assert "không có gì thay đổi" not in text and "từ chối" not in text
    first = f"/inspect/gaps?campaign_id={C1}&amp;sector=telecom&amp;limit=20"
    assert f'<a href="{first}">Mở trang đầu của danh sách này</a>' in vi.text
    assert '<a href="/inspect/accounts?q=h%C3%B9ng">Mở trang đầu của danh sách này</a>' in accounts.text
    assert "was not given by this list" in _text(en) and "nothing was changed" not in _text(en)
    assert f'<a href="{first}">Open this list&#39;s first page</a>' in en.text


async def test_a_page_position_a_list_the_portal_pages_itself_never_gives_leads_to_its_first_page() -> None:
    """One's shifts, one's swaps and the hours are paged by the portal (domain.paging.local_offset): a position
    that is no position of theirs is said as the services' lists say it, not opened silently as the first page."""
    shifts, swaps, empty = await _visit(
        Services(STAFF),
        "/me/shifts?cursor=-1",
        "/me/swaps?status=approved&cursor=abc&limit=5",
        "/me/swaps?cursor=5",  # past the end of a list that has nothing: its one page
    )
    (hours,) = await _visit(Services(MANAGER), "/manage/hours?cursor=x&dir=asc")
    assert (shifts.status_code, swaps.status_code, empty.status_code, hours.status_code) == (422, 422, 200, 422)
    for answer, first in (
        (shifts, "/me/shifts"),
        (swaps, "/me/swaps?status=approved&amp;limit=5"),
        (hours, "/manage/hours?dir=asc"),
    ):
        assert "Không mở được danh sách ở vị trí trang này" in _text(answer)
        assert f'<a href="{first}">Mở trang đầu của danh sách này</a>' in answer.text


async def test_the_import_reports_address_opened_again_says_the_file_must_be_chosen_again() -> None:
    """QA 2026-12-06: `/manage/imports/shifts` (the dry run's address) from a bookmark was a 405 page, "Method Not
    Allowed" in English under Vietnamese words, with only the way home."""
    report, commit, unknown, form, _, en, en_form = await _visit(
        Services(MANAGER),
        "/manage/imports/shifts",
        "/manage/imports/staff/commit",
        "/manage/imports/nothing",
        "/me/swaps/x1/withdraw",
        "/lang/en",
        "/manage/imports/tet-hours",
        "/me/swaps/x1/withdraw",
    )
    assert (report.status_code, commit.status_code, unknown.status_code) == (200, 200, 404)
    for answer in (report, commit):
        assert "Kết quả kiểm tra thử không được lưu lại" in _text(answer)
        assert "Hãy mở trang nhập dữ liệu và chọn lại tệp để kiểm tra thử." in _text(answer)
        assert '<a href="/manage/imports">Mở trang nhập dữ liệu để chọn lại tệp</a>' in answer.text
    assert "choose the file again" in _text(en) and "Kết quả" not in _text(en)
    # Any other address that takes a form only, opened by itself: the person's language and the way to its page.
    assert form.status_code == en_form.status_code == 405
    assert "Địa chỉ này không mở trực tiếp được" in _text(form) and "Method Not Allowed" not in form.text
    assert '<a href="/me/swaps">Mở trang có biểu mẫu này</a>' in form.text
    assert "This address cannot be opened by itself" in _text(en_form) and "Method Not Allowed" not in en_form.text


async def test_a_point_in_the_tet_hours_address_that_is_none_of_the_managers_is_said_not_shown_as_another() -> None:
    """QA 2026-12-06: `/manage/tet-hours?site_id=abc` showed the form of "Điểm giao dịch VNPT Tân An", no word
    that `abc` is no point."""
    tan_an = {"id": POINT["site_id"], "name": "Điểm giao dịch VNPT Tân An", "kind": "transaction_point"}
    services = Services(MANAGER, {("roster", "/sites"): [tan_an]})
    other = "0c1a0000-0000-4000-8000-0000000000ff"
    no_id, no_point = await _visit(services, "/manage/tet-hours?site_id=abc", f"/manage/tet-hours?site_id={other}")
    assert no_id.status_code == 422 and "Địa điểm: “abc” không phải là mã của mục nào." in _text(no_id)
    assert no_point.status_code == 404
    assert "không có trong danh sách của bạn" in _text(no_point)
    assert not _asked(services, lambda h, p: p.endswith("/tet-hours"))  # no point's hours shown in its stead
    assert f'<option value="{POINT["site_id"]}">Điểm giao dịch VNPT Tân An</option>' in no_point.text


# --- a filter that matches nothing; query values in NFC ---------------------------------------------------


async def test_a_filter_that_matches_nothing_says_so_and_offers_to_clear_it() -> None:
    swaps, everything = await _visit(Services(STAFF), "/me/swaps?status=approved", "/me/swaps")
    assert "Không có yêu cầu đổi ca nào ở trạng thái “Đã duyệt”." in _text(swaps)
    assert '<a href="/me/swaps">Bỏ lọc</a>' in swaps.text  # the one empty-list rule's words (empty_list)
    assert "Chưa có yêu cầu đổi ca nào." in _text(everything)

    public = Services(INSPECTOR, {("roster", "/public/transaction-hours"): [POINT]})
    (nowhere,) = await _visit(public, "/tet-hours?district=Không%20Có", sign_in=False)
    assert "Không có bưu cục, điểm giao dịch nào ở “Không Có” niêm yết giờ mở cửa." in _text(nowhere)
    assert '<a href="/tet-hours">Xem mọi huyện, thị xã, thành phố</a>' in nowhere.text
    assert "Chưa có bưu cục, điểm giao dịch nào" not in _text(nowhere)


async def test_every_filtered_list_offers_its_list_without_filters_and_an_empty_result_links_it() -> None:
    """QA 2026-12-06: "/manage/staff?q=zzzz" said to remove filters with no way to; /manage/swaps and /me/swaps had
    none either. "Bỏ lọc" beside the filter button whenever a filter is set, and after the empty result's sentence."""
    clear = '<a href="{}">Bỏ lọc</a>'
    vnpt = [{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}]
    staff, unfiltered, inbox, every, readiness = await _visit(
        Services(MANAGER, {("roster", "/enterprises"): vnpt}),
        "/manage/staff?q=zzzz",
        "/manage/staff",
        "/manage/swaps?status=approved",
        "/manage/swaps?status=all",
        f"/manage/readiness?campaign_id={C1}&enterprise_id=e1&status=open",
    )
    assert staff.text.count(clear.format("/manage/staff")) == 2  # the form's, and the empty result's
    assert "Không có cán bộ nào khớp với bộ lọc. Hãy bỏ bớt điều kiện lọc hoặc thêm cán bộ mới. Bỏ lọc" in _text(staff)
    # none unfiltered: the form's place is swapped with the results (hx-select-oob), so it need not stand always
    assert unfiltered.text.count(clear.format("/manage/staff")) == 0
    assert "Chưa có cán bộ nào: hãy thêm cán bộ mới, hoặc nhập danh sách từ bảng tính." in _text(unfiltered)
    assert inbox.text.count(clear.format("/manage/swaps?status=all")) == 2
    assert "Bỏ lọc" not in _text(every)
    assert clear.format(f"/manage/readiness?campaign_id={C1}&amp;enterprise_id=e1") in readiness.text
    (mine,) = await _visit(Services(STAFF), "/me/swaps?status=approved")
    assert clear.format("/me/swaps") in mine.text
    # QZ17 #7: "Tất cả" is status=all on both swap pages; the staff page refused it ("“all” không hợp lệ")
    all_mine, plain = await _visit(Services(STAFF), "/me/swaps?status=all", "/me/swaps")
    assert all_mine.status_code == 200 and "Chưa có yêu cầu đổi ca nào." in _text(all_mine)
    for page in (all_mine, plain, every):
        assert '<option value="all" selected>Tất cả</option>' in page.text
        assert "Bỏ lọc" not in _text(page)
    (overview,) = await _visit(Services(INSPECTOR), f"/inspect/readiness?campaign_id={C1}&sector=postal")
    assert overview.text.count(clear.format(f"/inspect/readiness?campaign_id={C1}")) == 2
    (district,) = await _visit(Services(INSPECTOR), "/tet-hours?district=Tân%20An", sign_in=False)
    assert clear.format("/tet-hours") in district.text


async def test_a_filter_value_that_is_none_of_its_kind_is_refused_by_the_pages_label_not_dropped() -> None:
    """QA 2026-12-06: "/manage/staff?limit=3&qualification=operations" listed all 14, the picker at "Mọi chuyên
    môn", as if filtered. Each list's enumerated filter refuses a value of none of its kind, as `?limit=abc` is."""
    manager = Services(MANAGER)
    staff, active, inbox, readiness = await _visit(
        manager,
        "/manage/staff?limit=3&qualification=operations",
        "/manage/staff?active=maybe",
        "/manage/swaps?status=waiting",
        "/manage/readiness?status=late",
    )
    assert staff.status_code == 422 and "Chuyên môn: “operations” không hợp lệ." in _text(staff)
    assert '<a href="/manage/staff?limit=3">Mở trang này, bỏ giá trị sai</a>' in staff.text
    assert "Trạng thái: “maybe” không hợp lệ." in _text(active)
    assert "Trạng thái: “waiting” không hợp lệ." in _text(inbox)
    assert "Trạng thái: “late” không hợp lệ." in _text(readiness)
    assert [a.status_code for a in (active, inbox, readiness)] == [422, 422, 422]
    assert not _asked(manager, lambda h, p: p in ("/staff", "/swaps") or "readiness" in p)  # nothing listed
    mine, tab = await _visit(Services(STAFF), "/me/swaps?status=waiting", "/me/shifts?when=tomorrow")
    assert (mine.status_code, tab.status_code) == (422, 422)
    assert "Trạng thái: “waiting” không hợp lệ." in _text(mine)
    assert "“tomorrow” không hợp lệ." in _text(tab)
    inspector = Services(INSPECTOR)
    sector, gap_status, border = await _visit(
        inspector,
        f"/inspect/readiness?campaign_id={C1}&sector=post",
        f"/inspect/gaps?campaign_id={C1}&status=opened",
        f"/inspect/gaps?campaign_id={C1}&border=maybe",
    )
    assert sector.status_code == 422 and "Lĩnh vực: “post” không hợp lệ." in _text(sector)
    assert gap_status.status_code == 422 and "Trạng thái: “opened” không hợp lệ." in _text(gap_status)
    assert border.status_code == 422 and "Vùng biên giới: “maybe” không hợp lệ." in _text(border)
    assert not _asked(inspector, lambda h, p: p in ("/gaps", "/readiness/overview"))
    admin = Services(ADMIN)
    role, sites, enterprises = await _visit(
        admin, "/admin/accounts?role=boss", "/admin/sites?border=maybe", "/admin/enterprises?sector=post"
    )
    assert [a.status_code for a in (role, sites, enterprises)] == [422, 422, 422]
    assert "“boss” không hợp lệ." in _text(role) and "“maybe” không hợp lệ." in _text(sites)
    assert "“post” không hợp lệ." in _text(enterprises)
    assert not _asked(admin, lambda h, p: p in ("/accounts", "/sites", "/enterprises"))


REFUSED_BY_LABEL = [  # (who, the address, the sentence, the list the page links: the address without the value)
    (
        "INSPECTOR",
        "/inspect/findings?with_discrepancies=maybe",
        "Kết quả đối chiếu: “maybe” không hợp lệ.",
        "/inspect/findings",
    ),
    (
        "INSPECTOR",
        "/inspect/findings?duty_type=cooking&limit=5",
        "Loại trực: “cooking” không hợp lệ.",
        "/inspect/findings?limit=5",
    ),
    (
        "INSPECTOR",
        "/inspect/sequence-gaps?status=opened",
        "Trạng thái: “opened” không hợp lệ.",
        "/inspect/sequence-gaps",
    ),
    (
        "INSPECTOR",
        "/inspect/sequence-gaps?aggregate_type=x",
        "Loại đối tượng: “x” không hợp lệ.",
        "/inspect/sequence-gaps",
    ),
    ("INSPECTOR", "/inspect/history?order=sideways", "Thứ tự: “sideways” không hợp lệ.", "/inspect/history"),
    ("INSPECTOR", "/inspect/accounts?order=sideways", "Thứ tự: “sideways” không hợp lệ.", "/inspect/accounts"),
    (
        "INSPECTOR",
        f"/inspect/heatmap?campaign_id={C1}&sector=post",
        "Lĩnh vực: “post”",
        f"/inspect/heatmap?campaign_id={C1}",
    ),
    (
        "INSPECTOR",
        "/inspect/heatmap/day?peak=1&border=maybe",
        "Chỉ điểm trực vùng biên giới: “maybe”",
        "/inspect/heatmap/day?peak=1",
    ),
    ("INSPECTOR", "/inspect/heatmap?duty_type=cooking", "Loại trực: “cooking” không hợp lệ.", "/inspect/heatmap"),
    ("INSPECTOR", "/inspect/gaps?sector=post", "Lĩnh vực: “post” không hợp lệ.", "/inspect/gaps"),
    (
        "INSPECTOR",
        "/inspect/on-duty?border=maybe",
        "Mọi điểm trực vùng biên giới (kể cả nơi không có ai): “maybe”",
        "/inspect/on-duty",
    ),
    ("MANAGER", "/manage/hours?sort=age&dir=asc", "Sắp xếp theo: “age” không hợp lệ.", "/manage/hours?dir=asc"),
    ("MANAGER", "/manage/hours?drafts=maybe", "Tính cả ca nháp (chưa công bố): “maybe” không hợp lệ.", "/manage/hours"),
    (
        "MANAGER",
        "/manage/requirements?enterprise_id=zzz",
        "“zzz” không phải là mã của mục nào.",
        "/manage/requirements",
    ),
    ("MANAGER", "/manage/imports?campaign_id=zzz", "“zzz” không phải là mã của mục nào.", "/manage/imports"),
    ("MANAGER", "/manage/staff/new?enterprise_id=zzz", "“zzz” không phải là mã của mục nào.", "/manage/staff/new"),
    (
        "MANAGER",
        "/manage/swaps?status=all&enterprise_id=zzz",
        "“zzz” không phải là mã của mục nào.",
        "/manage/swaps?status=all",
    ),
    ("INSPECTOR", "/inspect/gaps?site_id=zzz", "“zzz” không phải là mã của mục nào.", "/inspect/gaps"),
    ("INSPECTOR", "/inspect/readiness?enterprise_id=zzz", "“zzz” không phải là mã của mục nào.", "/inspect/readiness"),
    ("ADMIN", "/admin/sites?enterprise_id=zzz", "“zzz” không phải là mã của mục nào.", "/admin/sites"),
    ("ADMIN", "/admin/accounts?enterprise_id=zzz", "“zzz” không phải là mã của mục nào.", "/admin/accounts"),
    ("ADMIN", "/admin/sites/new?enterprise_id=zzz", "“zzz” không phải là mã của mục nào.", "/admin/sites/new"),
    ("ADMIN", "/admin/accounts/new?role=boss", "“boss” không hợp lệ.", "/admin/accounts/new"),
    ("MANAGER", "/manage/board?campaign_id=zzz", "Đợt trực: “zzz” không phải là mã của mục nào.", "/manage/board"),
    ("MANAGER", "/manage/board?enterprise_id=zzz&choose=1", "“zzz” không phải là mã", "/manage/board?choose=1"),
    ("MANAGER", "/manage/board?choose=yes", "“yes” không hợp lệ.", "/manage/board"),
    ("MANAGER", "/reports/daily?campaign_id=c1", "“c1” không phải là mã của mục nào.", "/reports/daily"),
    (
        "MANAGER",
        "/reports/daily?enterprise_id=e1&day=2027-02-06",
        "“e1” không phải là mã",
        "/reports/daily?day=2027-02-06",
    ),
    ("INSPECTOR", "/inspect/inspections?campaign_id=c1", "“c1” không phải là mã của mục nào.", "/inspect/inspections"),
]


@pytest.mark.parametrize(("who", "address", "said", "back"), REFUSED_BY_LABEL, ids=[c[1] for c in REFUSED_BY_LABEL])
async def test_a_filter_the_page_read_whole_refuses_a_value_of_none_of_its_kind_by_its_label(
    who: str, address: str, said: str, back: str
) -> None:
    """QA 2026-12-06: these lists (most read their filters from the whole query) dropped a value of none of the
    filter's kind and listed everything, as if filtered. Each is refused as `?limit=abc` is, asking nothing."""
    services = Services(globals()[who])
    (answer,) = await _visit(services, address)
    assert answer.status_code == 422 and said in _text(answer)
    assert f'<a href="{html.escape(back)}">Mở trang này, bỏ giá trị sai</a>' in answer.text
    assert [p for _, p in services.asked if not p.startswith("/auth/")] == []  # nothing listed


async def test_a_tet_hours_campaign_in_the_address_that_is_none_of_them_is_said_not_replaced() -> None:
    """QA 2026-12-06: `/manage/tet-hours?campaign_id=<an id of no campaign>` showed the default campaign's hours."""
    tan_an = {"id": POINT["site_id"], "name": "Điểm giao dịch VNPT Tân An", "kind": "transaction_point"}
    services = Services(MANAGER, {("roster", "/sites"): [tan_an]})
    other = "0c1a0000-0000-4000-8000-0000000000ff"
    gone, no_id = await _visit(
        services, f"/manage/tet-hours?campaign_id={other}&site_id={POINT['site_id']}", "/manage/tet-hours?campaign_id=x"
    )
    assert gone.status_code == 404 and "Không có đợt trực này" in _text(gone)
    assert f'<a href="/manage/tet-hours?site_id={POINT["site_id"]}">Mở trang này, bỏ đợt trực sai</a>' in gone.text
    assert not _asked(services, lambda h, p: p.endswith("/tet-hours"))  # no other campaign's hours shown
    assert no_id.status_code == 422 and "“x” không phải là mã của mục nào." in _text(no_id)


E1 = "0c1a0000-0000-4000-8000-0000000000e1"  # VNPT Long An's, the manager's below
SITE = "0c1a0000-0000-4000-8000-0000000000a1"
OWN_MANAGER = {**MANAGER, "enterprise_ids": [E1]}
KNOWN: dict[tuple[str, str], list[dict]] = {
    ("roster", "/enterprises"): [{"id": E1, "name": "VNPT Long An", "sector": "telecom", "version": 1}],
    ("roster", "/sites"): [{"id": SITE, "name": "Điểm giao dịch Tân An", "enterprise_id": E1, "kind": "office"}],
}
CAMPAIGN_GONE = ("Không có đợt trực này", "Mở trang này, bỏ đợt trực sai")
NOT_MANAGED = ("Doanh nghiệp này không thuộc quyền quản lý của bạn", "Mở trang này, bỏ doanh nghiệp sai")
NO_ENTERPRISE = ("Không có doanh nghiệp này", "Mở trang này, bỏ doanh nghiệp sai")
NO_SITE = ("Không có địa điểm này", "Mở trang này, bỏ địa điểm sai")
UNKNOWN_ASKED = [  # (who, the address with a known id, the id made one of nothing, what is said, the page without it,
    # the service path that lists what the page shows: not asked in its stead)
    ("OWN_MANAGER", f"/manage/requirements?campaign_id={C1}&enterprise_id={E1}", C1, CAMPAIGN_GONE, "/requirements"),
    ("OWN_MANAGER", f"/manage/requirements?campaign_id={C1}&enterprise_id={E1}", E1, NOT_MANAGED, "/requirements"),
    ("OWN_MANAGER", f"/manage/hours?campaign_id={C1}&enterprise_id={E1}&drafts=yes", C1, CAMPAIGN_GONE, "/shifts"),
    ("OWN_MANAGER", f"/manage/hours?enterprise_id={E1}", E1, NOT_MANAGED, "/shifts"),
    ("OWN_MANAGER", f"/manage/imports?campaign_id={C1}", C1, CAMPAIGN_GONE, None),
    ("OWN_MANAGER", f"/manage/imports?enterprise_id={E1}", E1, NOT_MANAGED, None),
    ("OWN_MANAGER", f"/manage/board?choose=1&campaign_id={C1}&enterprise_id={E1}", C1, CAMPAIGN_GONE, None),
    ("OWN_MANAGER", f"/manage/board?choose=1&campaign_id={C1}&enterprise_id={E1}", E1, NOT_MANAGED, None),
    ("ADMIN", f"/manage/requirements?enterprise_id={E1}", E1, NO_ENTERPRISE, "/requirements"),
    ("INSPECTOR", f"/inspect/findings?enterprise_id={E1}&with_discrepancies=true", E1, NO_ENTERPRISE, "/findings"),
    ("INSPECTOR", f"/inspect/findings?site_id={SITE}", SITE, NO_SITE, "/findings"),
    ("INSPECTOR", f"/inspect/on-duty?enterprise_id={E1}", E1, NO_ENTERPRISE, "/on-duty"),
    ("INSPECTOR", f"/inspect/on-duty?site_id={SITE}&duty_type=operations", SITE, NO_SITE, "/on-duty"),
    ("INSPECTOR", f"/inspect/gaps?status=open&enterprise_id={E1}", E1, NO_ENTERPRISE, "/gaps"),
    ("INSPECTOR", f"/inspect/gaps?site_id={SITE}", SITE, NO_SITE, "/gaps"),
    ("INSPECTOR", f"/inspect/gaps?campaign_id={C1}&status=open", C1, CAMPAIGN_GONE, "/gaps"),
    ("INSPECTOR", f"/inspect/inspections?campaign_id={C1}", C1, CAMPAIGN_GONE, "/inspections"),
    ("INSPECTOR", f"/inspect/inspections?campaign_id={C1}&enterprise_id={E1}", E1, NO_ENTERPRISE, "/inspections"),
    ("OWN_MANAGER", f"/manage/inspections?campaign_id={C1}&status=done", C1, CAMPAIGN_GONE, "/inspections"),
    ("OWN_MANAGER", f"/manage/inspections?enterprise_id={E1}", E1, NOT_MANAGED, "/inspections"),
    ("INSPECTOR", f"/inspect/readiness?campaign_id={C1}&status=overdue", C1, CAMPAIGN_GONE, "/readiness"),
    ("INSPECTOR", f"/inspect/readiness?campaign_id={C1}&enterprise_id={E1}", E1, NO_ENTERPRISE, "/readiness"),
]


@pytest.mark.parametrize(
    ("who", "known", "made_unknown", "said", "listed"),
    UNKNOWN_ASKED,
    ids=[f"{c[1]}-{c[2][-2:]}" for c in UNKNOWN_ASKED],
)
async def test_an_id_of_nothing_the_page_offers_is_said_not_shown_as_another_or_as_nothing_matching(
    who: str, known: str, made_unknown: str, said: tuple[str, str], listed: str | None
) -> None:
    """QA 2026-12-06: the manager's pages showed the default campaign's or first enterprise's for a campaign that is
    none of them or an enterprise not the manager's; the inspector's lists, filtered by an enterprise or site of none,
    read "nothing matches". Each says what was asked is none of them (404), links itself without it, lists nothing
    in its stead, and says nothing of the kind for the id it does offer."""
    unknown = known.replace(made_unknown, OTHER_ID)
    offered, asked_gone = Services(globals()[who], KNOWN), Services(globals()[who], KNOWN)
    (good,), (gone,) = await _visit(offered, known), await _visit(asked_gone, unknown)
    sentence, link = said
    assert good.status_code == 200 and sentence not in _text(good), _text(good)
    assert gone.status_code == 404 and sentence in _text(gone), _text(gone)
    back = re.sub(rf"[?&][a-z_]+={OTHER_ID}", "", unknown)
    back = back if "?" in back else back.replace("&", "?", 1)
    assert f'<a href="{html.escape(back)}">{link}</a>' in gone.text
    if listed is not None:  # the list the known id shows is not asked for in the unknown one's stead
        assert _asked(offered, lambda h, p: p.endswith(listed)), offered.asked
        assert not _asked(asked_gone, lambda h, p: p.endswith(listed)), asked_gone.asked


CHOSEN_BLANK = {
    "campaign": "— Hãy chọn đợt trực —",
    "enterprise": "— Hãy chọn doanh nghiệp —",
    "site": "— Hãy chọn địa điểm —",
}
PICKERS = [
    c
    for c in UNKNOWN_ASKED
    if c[1].startswith(
        (
            "/manage/requirements",
            "/manage/hours",
            "/manage/imports",
            "/inspect/inspections",
            "/inspect/readiness",
            "/manage/board",  # the chooser stood on the default campaign and the first enterprise
            "/inspect/gaps",  # the filter stood on "Tất cả đợt trực", a list it was not showing
            "/manage/inspections?campaign_id",  # its enterprise picker only for a manager of several
        )
    )
    and not (c[1].startswith("/inspect/readiness") and c[3] != CAMPAIGN_GONE)  # its enterprise filter has "all"
    # a manager's address naming an enterprise not theirs is one refusal page for every page, with no picker
    # (api.refusals.managed_enterprise; test_foreign_enterprise.py)
    and not (c[0].endswith("MANAGER") and c[3] not in (CAMPAIGN_GONE, NO_SITE) and c[1].startswith(ENTERPRISE_PAGES))
]


@pytest.mark.parametrize(
    ("who", "known", "made_unknown", "said", "listed"), PICKERS, ids=[f"{c[1]}-{c[2][-2:]}" for c in PICKERS]
)
async def test_a_picker_whose_id_is_none_of_its_choices_shows_a_blank_choice_chosen(
    who: str, known: str, made_unknown: str, said: tuple[str, str], listed: str | None
) -> None:
    """QA 2026-12-06, after “Không có đợt trực này”: the campaign or enterprise picker stood on its first choice, as if
    that one were shown. It shows “— Hãy chọn … —” chosen instead (every picker of that kind on the page), and only
    then."""
    what = {CAMPAIGN_GONE: "campaign", NO_SITE: "site"}.get(said, "enterprise")
    blank = f'<option value="" selected>{CHOSEN_BLANK[what]}</option>'
    (good,), (gone,) = (
        await _visit(Services(globals()[who], KNOWN), known),
        await _visit(Services(globals()[who], KNOWN), known.replace(made_unknown, OTHER_ID)),
    )
    assert blank not in good.text and CHOSEN_BLANK[what] not in good.text
    pickers = re.findall(rf'<select[^>]*name="{what}_id"[^>]*>(.*?)</select>', gone.text, re.S)
    assert pickers and all(blank in p for p in pickers), pickers
    assert not re.search(r"<option value=\"[^\"]+\" selected", "".join(pickers))


async def test_a_district_typed_decomposed_finds_the_same_points() -> None:
    public = Services(INSPECTOR, {("roster", "/public/transaction-hours"): [POINT]})
    composed, decomposed = await _visit(
        public, "/tet-hours?district=T%C3%A2n%20An", "/tet-hours?district=Ta%CC%82n%20An", sign_in=False
    )
    assert "Điểm giao dịch Tân An" in _text(composed)
    assert "Điểm giao dịch Tân An" in _text(decomposed)


# --- a bug of the portal's own -------------------------------------------------------------------------------


async def test_a_bug_of_the_portals_own_is_its_page_in_the_persons_language_and_the_connection_kept() -> None:
    """A service answering an item without the fields the page reads makes the page fail: the person gets
    the portal's own page (not the server's bare "Internal Server Error") saying to check whether a form
    just sent was saved, and the error ends with the request — nothing is raised on to the server, which
    would close the connection (the transport here raises whatever the app raises on)."""
    broken = Services(MANAGER, {("roster", "/staff"): [{"id": "s-without-a-name"}]})
    vi, _, en = await _visit(broken, "/manage/staff", "/lang/en", "/manage/staff")
    assert vi.status_code == 500 and vi.headers["content-type"].startswith("text/html")
    assert "Cổng thông tin gặp lỗi" in _text(vi) and "xem thay đổi đã được lưu chưa" in _text(vi)
    assert re.search(r"lúc \d\d:\d\d \d\d/\d\d/\d{4}", _text(vi)), _text(vi)
    assert en.status_code == 500 and "The portal failed" in _text(en)
    assert "Traceback" not in vi.text and "KeyError" not in vi.text


async def test_a_bug_page_says_the_time_by_the_portals_clock() -> None:
    """The bug page's time is the portal's (a test clock's, as its banner says), not the machine's."""
    broken = Services(MANAGER, {("roster", "/staff"): [{"id": "s-without-a-name"}]})
    tet = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết in Vietnam
    (page,) = await _visit(broken, "/manage/staff", clock=lambda: tet)
    assert page.status_code == 500 and "lúc 10:00 07/02/2027" in _text(page), _text(page)
    assert 'data-now="2027-02-07T03:00:00+00:00"' in page.text  # what portal.js goes on from (its check-in buttons)


# --- pick-lists in Vietnamese order ---------------------------------------------------------------------------


async def test_a_pick_list_of_enterprises_is_in_vietnamese_order_whatever_the_service_sent() -> None:
    """Choosers sorted the names by code point: "VNPT" before "Viettel", lower case after upper, "Đài…" last."""
    names = [
        "VNPT Long An",
        "vnpt đồng tháp",
        "Đài Phát thanh và Truyền hình Long An",
        "Viettel Long An",
        "Bưu điện tỉnh",
    ]
    listed = [{"id": f"e{i}", "name": name, "sector": "telecom", "version": 1} for i, name in enumerate(names)]
    (page,) = await _visit(Services(INSPECTOR, {("roster", "/enterprises"): listed}), "/inspect/inspections")
    assert page.status_code == 200, page.text
    expected = [
        "Bưu điện tỉnh",
        "Đài Phát thanh và Truyền hình Long An",
        "Viettel Long An",
        "vnpt đồng tháp",  # case aside: "đ" after "d", before "l"
        "VNPT Long An",
    ]
    for chooser in ("f-enterprise", "f-enterprise_id"):  # the filter's and the new plan's
        select = present(re.search(rf'<select id="{chooser}".*?</select>', page.text, re.S)).group(0)
        shown = [html.unescape(n) for n in re.findall(r'<option value="e\d"(?: selected)?>([^<]+)</option>', select)]
        assert shown == expected, (chooser, shown)


async def test_the_public_district_filter_lists_districts_in_vietnamese_order() -> None:
    points = [
        {**POINT, "site_id": f"0c1a0000-0000-4000-8000-00000000000{i}", "district": district}
        for i, district in enumerate(["Vĩnh Hưng", "Đức Hòa", "Bến Lức", "Tân An", "Dương Minh Châu"])
    ]
    (page,) = await _visit(
        Services(INSPECTOR, {("roster", "/public/transaction-hours"): points}), "/tet-hours", sign_in=False
    )
    assert page.status_code == 200, page.text
    select = page.text.split('id="f-district"', 1)[1].split("</select>", 1)[0]
    shown = [html.unescape(d) for d in re.findall(r'<option value="([^"]+)"', select)]
    assert shown == ["Bến Lức", "Dương Minh Châu", "Đức Hòa", "Tân An", "Vĩnh Hưng"], shown


async def test_the_public_page_finds_a_district_however_typed_and_says_which_tet_it_shows() -> None:
    """QZ23 #5: "/tet-hours?district=tan+an" said no point of “tan an” had published, though Tân An had 3 (the
    inspectors' page folds it); after Tết the page said only that no point had published, not of which Tết."""
    points = [
        {**POINT, "site_id": f"0c1a0000-0000-4000-8000-00000000000{i}", "site_name": name, "district": district}
        for i, (name, district) in enumerate(
            [("Bưu cục Tân An", "Tân An"), ("Điểm giao dịch Phường 2", "Tân An"), ("Bưu cục Đức Hòa", "Đức Hòa")]
        )
    ]
    services = Services(INSPECTOR, {("roster", "/public/transaction-hours"): points})
    services.tet_campaign = {
        "id": C1,
        "name": "Tết Đinh Mùi 2027",
        "first_day": "2027-01-30",
        "last_day": "2027-02-15",
        "season": "under_way",
    }
    typed, spaced = await _visit(
        services, "/tet-hours?district=tan+an", "/tet-hours?district=++T%C3%82N++an", sign_in=False
    )
    for page in (typed, spaced):
        said = html.unescape(page.text)
        assert "Bưu cục Tân An" in said and "Điểm giao dịch Phường 2" in said and "Bưu cục Đức Hòa" not in said
        assert "Không có bưu cục" not in said
        assert '<option value="Tân An" selected>' in said  # the district as the points write it
        assert "Giờ mở cửa Tết Đinh Mùi 2027 (30/01–15/02/2027)." in _text(page)
        assert 'href="/tet-hours.ics?district=T%C3%A2n+An"' in page.text

    # 16/02, after Tết: 2028 not opened yet, the hours shown are 2027's, and the page says so
    services.tet_campaign = {**services.tet_campaign, "season": "over"}
    (after,) = await _visit(services, "/tet-hours", sign_in=False)
    assert "Tết Đinh Mùi 2027 (30/01–15/02/2027) đã kết thúc: đây là giờ mở cửa của Tết vừa qua." in _text(after)
    # …or 2028 opened early, nothing published for it yet: named, not a bare "nobody has published"
    empty = Services(INSPECTOR)
    empty.tet_campaign = {
        "id": C1,
        "name": "Tết Mậu Thân 2028",
        "first_day": "2028-01-19",
        "last_day": "2028-02-04",
        "season": "coming",
    }
    (coming,) = await _visit(empty, "/tet-hours", sign_in=False)
    said = _text(coming)
    assert "Giờ mở cửa Tết Mậu Thân 2028 (19/01–04/02/2028), niêm yết trước Tết." in said
    assert "Chưa có bưu cục, điểm giao dịch nào niêm yết giờ mở cửa Tết Mậu Thân 2028." in said


async def test_a_refused_field_keeps_its_hint_in_what_a_screen_reader_reads() -> None:
    """QA (keyboard): a refused field was described by its refusal alone, the hint with the format it asks for
    lost. The refusal first, then the hint; a field not refused is described by its hint."""
    (answer,) = await _visit(Services(INSPECTOR), "/inspect/on-duty?at=h%C3%B4m+nay")
    assert answer.status_code == 422
    box = present(re.search(r'<input id="f-at"[^>]*>', answer.text)).group(0)
    assert 'aria-invalid="true"' in box and 'aria-describedby="e-at h-at"' in box, box
    assert 'id="h-at"' in answer.text and 'id="e-at"' in answer.text
    other = present(re.search(r'<input id="f-as_of"[^>]*>', answer.text)).group(0)
    assert 'aria-describedby="h-as_of"' in other, other


async def test_who_is_on_duty_asked_about_one_person_typed_without_diacritics() -> None:
    """QA (2026-12-06): "is Nguyễn Văn Hùng on duty now?" meant reading every enterprise's table. A name typed any
    way lists only the shifts that person is on, the name marked among the shift's people; nobody by that name says
    so in words."""
    services = Services(INSPECTOR)

    def shift(duty: str, *names: str) -> dict[str, Any]:
        people = [{"full_name": n, "qualified": True} for n in names]
        return {
            "enterprise_id": "e1",
            "enterprise_name": "VNPT Long An",
            "duty_type": duty,
            "site_id": None,
            "starts_at": "2027-02-07T00:00:00Z",
            "ends_at": "2027-02-07T08:00:00Z",
            "people": people,
        }

    services.on_duty = [
        shift("leadership", "Nguyễn Văn Hùng"),
        shift("operations", "Trần Thị Thu Hà", "Lê Minh Tuấn"),
        shift("incident_response", "Nguyễn Văn Hưng", "Võ Văn Hùng Anh"),
    ]
    at = "at=2027-02-07T10%3A00"
    hung, nobody, everyone = await _visit(
        services,
        f"/inspect/on-duty?{at}&person=nguyen+van+hung",
        f"/inspect/on-duty?{at}&person=Ph%E1%BA%A1m",
        f"/inspect/on-duty?{at}",
    )
    assert hung.status_code == 200, hung.text
    # Typed without diacritics, Hùng and Hưng are one name; Võ Văn Hùng Anh is not a Nguyễn; Lê Minh Tuấn's shift
    # has neither.
    assert sorted(re.findall(r"<mark>([^<]+)</mark>", hung.text)) == ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng"]
    assert "Trần Thị Thu Hà" not in hung.text and "Võ Văn Hùng Anh" in hung.text  # Hưng's shift, all its people
    assert "2 ca trực có người tên “nguyen van hung” (tô đậm)." in _text(hung)
    assert 'value="nguyen van hung"' in hung.text  # the box keeps what was typed
    assert "Không có ai tên “Phạm” trong lịch trực vào thời điểm này" in _text(nobody)
    assert "<mark>" not in everyone.text and "5 người có lịch trực." in _text(everyone)
    # QA round 9 (#5): the last record counted is cited by its number, with the way to that record's proof.
    services.as_of = {"seq": 1663, "received_at": "2027-02-07T09:58:00+07:00"}
    (cited,) = await _visit(services, f"/inspect/on-duty?{at}")
    assert "(Bản ghi cuối cùng được tính: số 1663, ghi lúc 09:58 07/02/2027" in _text(cited)
    link = '<a class="log-proof" href="/inspect/log?event=1663#proof" aria-label="Bằng chứng trong nhật ký — bản ghi số 1663">'
    assert link in cited.text
    # QZ20 #2: a manager, whom the log's page refuses (the Department's), reads the record's number and no link to it.
    services.account = MANAGER
    (managers,) = await _visit(services, f"/inspect/on-duty?{at}")
    assert managers.status_code == 200, managers.text
    assert "(Bản ghi cuối cùng được tính: số 1663, ghi lúc 09:58 07/02/2027" in _text(managers)
    assert "/inspect/log" not in managers.text and "Bằng chứng trong nhật ký" not in _text(managers)


async def test_who_is_on_duty_says_for_each_shift_under_way_whether_it_was_checked_in_on() -> None:
    """QZ11 #10: the page listed people with no check-in status for shifts under way."""
    services = Services(INSPECTOR)

    def shift(duty: str, name: str, status: str, starts: str) -> dict[str, Any]:
        return {
            "enterprise_id": "e1", "enterprise_name": "VNPT Long An", "duty_type": duty, "site_id": None,
            "status": status, "starts_at": starts, "ends_at": "2027-02-07T08:00:00Z",
            "people": [{"full_name": name, "qualified": True}],
        }  # fmt: skip

    services.on_duty = [
        shift("leadership", "Nguyễn Văn Hùng", "checked_in", "2027-02-07T00:00:00Z"),
        shift("operations", "Trần Thị Thu Hà", "published", "2027-02-07T00:00:00Z"),
        shift("incident_response", "Lê Minh Tuấn", "published", "2027-02-07T03:30:00Z"),  # 10:30, after the instant
    ]
    (page,) = await _visit(services, "/inspect/on-duty?at=2027-02-07T10%3A00")
    names = ("Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Lê Minh Tuấn")
    rows = {name: row for row in re.findall(r"<tr[^>]*>.*?</tr>", page.text, re.S) for name in names if name in row}
    assert set(rows) == set(names)
    assert 'data-check-in="checked_in">Đã điểm danh</span>' in rows["Nguyễn Văn Hùng"]
    # QZ26 #4: begun at 07:00, not checked in at 10:00 — past the late rule: not there, said how long, in the alarm
    # colour (it read "Chưa điểm danh" in the neutral colour of any shift not yet due)
    assert (
        '<span class="tag presence" data-check-in="overdue">Chưa điểm danh (quá 3 giờ)</span>'
        in rows["Trần Thị Thu Hà"]
    )
    assert "data-check-in" not in rows["Lê Minh Tuấn"]  # not begun at 10:00: nothing to check in on yet
    services.on_duty[1]["starts_at"] = "2027-02-07T02:50:00Z"  # 09:50: within the late rule at 10:00, not yet due
    (due,) = await _visit(services, "/inspect/on-duty?at=2027-02-07T10%3A00")
    assert '<span class="tag peak" data-check-in="not_yet">Chưa điểm danh</span>' in due.text
    services.on_duty[1]["starts_at"] = "2027-02-07T00:00:00Z"

    # L6: when audit says when, the page says it — dated, as the board does, when not on the shift's first day.
    services.on_duty[0]["checked_in_at"] = "2027-02-07T00:58:00Z"  # 07:58 on the shift's first day
    night = shift("operations", "Trần Thị Thu Hà", "checked_in", "2027-02-06T11:00:00Z")  # 18:00 the evening before
    services.on_duty[1] = {**night, "checked_in_at": "2027-02-06T23:58:00Z"}  # 06:58 the next morning
    asked = "/inspect/on-duty?at=2027-02-07T10%3A00"
    vi, _, en = await _visit(services, asked, "/lang/en", asked)
    for page, hung_said, ha_said in (
        (vi, "Đã điểm danh lúc 07:58", "Đã điểm danh lúc 06:58 07/02"),
        (en, "Checked in at 07:58", "Checked in at 06:58 7 Feb"),
    ):
        rows = {name: row for row in re.findall(r"<tr[^>]*>.*?</tr>", page.text, re.S) for name in names if name in row}
        assert f'data-check-in="checked_in">{hung_said}</span>' in rows["Nguyễn Văn Hùng"], rows["Nguyễn Văn Hùng"]
        assert f'data-check-in="checked_in">{ha_said}</span>' in rows["Trần Thị Thu Hà"], rows["Trần Thị Thu Hà"]

    # QZ14 #5: a check-in after the instant asked is no presence then — not green, and it says when it came.
    services.on_duty[0]["checked_in_at"] = "2027-02-07T03:02:00Z"  # 10:02, after the 10:00 asked
    vi, _, en = await _visit(services, asked, "/lang/en", asked)
    for page, said in (
        (vi, "Chưa có mặt lúc 10:00 (điểm danh lúc 10:02)"),
        (en, "Not there yet at 10:00 (checked in at 10:02)"),
    ):
        row = next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", page.text, re.S) if "Nguyễn Văn Hùng" in r)
        # 3 hours after the start, past the late rule: in the alarm colour (QZ26 #4), not the neutral one
        assert f'<span class="tag presence" data-check-in="late">{said}</span>' in row, row


async def test_who_is_on_duty_with_the_border_box_keeps_everyone_and_says_each_post_nobody_holds() -> None:
    """QZ14 #5: with "every border site" ticked the page said nobody was on duty while three people were (away from
    the border); a required duty nobody held at the instant was missing, not said; a shift covering a border site
    from the enterprise as a whole was placed at the enterprise in one table and at the site in the other."""
    services = Services(INSPECTOR)
    mh = "0c1a0000-0000-4000-8000-0000000000b1"
    services.on_duty = [
        {
            "enterprise_id": "e1", "enterprise_name": "Viettel Long An", "duty_type": "operations", "site_id": None,
            "status": "published", "starts_at": "2027-02-07T00:00:00Z", "ends_at": "2027-02-07T08:00:00Z",
            "covers": [{"site_id": mh, "site_name": "Trạm phát sóng Mộc Hóa"}],
            "people": [{"full_name": "Huỳnh Thị Kim Xuyến", "qualified": True}],
        },
        {
            "enterprise_id": "e1", "enterprise_name": "Viettel Long An", "duty_type": "leadership", "site_id": None,
            "status": "published", "starts_at": "2027-02-07T00:00:00Z", "ends_at": "2027-02-07T08:00:00Z",
            "people": [{"full_name": "Nguyễn Văn Hùng", "qualified": True}],
        },
    ]  # fmt: skip
    services.border_on_duty = services.on_duty[:1]
    services.border_sites = [
        {
            "site_id": mh, "site_name": "Trạm phát sóng Mộc Hóa", "district": "Mộc Hóa", "border_area": True,
            "enterprise_id": "e1", "enterprise_name": "Viettel Long An", "covered": True,
            "people": [{
                "full_name": "Huỳnh Thị Kim Xuyến", "qualified": True, "duty_type": "operations", "shift_id": "x1",
                "starts_at": "2027-02-07T00:00:00Z", "ends_at": "2027-02-07T08:00:00Z", "shift_site_id": None,
            }],
        }
    ]  # fmt: skip
    services.unstaffed = [
        {"enterprise_id": "e1", "enterprise_name": "Viettel Long An", "duty_type": "incident_response",
         "site_id": None, "site_name": None, "border_area": None, "sector": "telecom", "required": 2}
    ]  # fmt: skip
    (page,) = await _visit(services, "/inspect/on-duty?at=2027-02-07T10%3A00&border=true")
    text = _text(page)
    assert "Nguyễn Văn Hùng" in text and "Không có ai trong lịch trực" not in text  # the box narrows nothing
    assert "2 người có lịch trực." in text
    [nobody] = re.findall(r'<tr class="cell-gap" data-nobody="true">.*?</tr>', page.text, re.S)
    assert "Không có ai (cần 2 người theo yêu cầu đang áp dụng)" in _text(nobody)
    assert "Không có ca nào đang diễn ra" in _text(nobody)
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page.text, re.S)
    [people_row] = [r for r in rows if "Huỳnh Thị Kim Xuyến" in r and "<td>" in r and 'scope="row"' not in r][:1]
    assert "Toàn doanh nghiệp (phụ trách cả: Trạm phát sóng Mộc Hóa)" in _text(people_row)
    [site_row] = [r for r in rows if 'scope="row">Trạm phát sóng Mộc Hóa' in r]
    assert "phụ trách từ ca của Toàn doanh nghiệp" in _text(site_row)


async def test_who_is_on_duty_is_paged_keeping_the_question_and_a_position_it_never_gave_is_refused() -> None:
    """QA (2026-12-06): a province's roster at one instant ran to hundreds of shifts on one page. 50 a page, in the
    page's order (by enterprise, then duty type), the pager saying how many of how many and keeping the instant and
    the filters; a position the list never gave is refused as every list's is, leading to its first page."""
    services = Services(INSPECTOR)
    hours = ("00", "01", "02", "03", "04", "05", "06")

    def shift(enterprise: str, n: int) -> dict[str, Any]:
        people = [{"full_name": f"Nhân viên {enterprise} {n:02d}", "qualified": True}]
        starts_at = f"2027-02-07T{hours[n % 7]}:00:00Z"
        named = {"enterprise_id": enterprise, "enterprise_name": enterprise, "duty_type": "operations"}
        return {**named, "site_id": None, "starts_at": starts_at, "ends_at": "2027-02-07T08:00:00Z", "people": people}

    # audit's order is not the page's: VNPT's 40 shifts first, Viettel's 30 after; the page lists Viettel's first
    services.on_duty = [
        *(shift("VNPT Long An", n) for n in range(40)),
        *(shift("Viettel Long An", n) for n in range(30)),
    ]
    asked = "at=2027-02-07T10%3A00&duty_type=operations&person=nhan+vien"
    first, second, bad = await _visit(
        services,
        f"/inspect/on-duty?{asked}",
        f"/inspect/on-duty?{asked}&limit=50&cursor=50",
        f"/inspect/on-duty?{asked}&cursor=70",  # past the end: no page of this list
    )
    assert first.status_code == second.status_code == 200, first.text

    def people(answer: httpx.Response) -> list[str]:
        return re.findall(r"<mark>(Nhân viên [^<]+)</mark>", answer.text)

    assert people(first) == [f"Nhân viên Viettel Long An {n:02d}" for n in range(30)] + [
        f"Nhân viên VNPT Long An {n:02d}" for n in range(20)
    ]
    assert people(second) == [f"Nhân viên VNPT Long An {n:02d}" for n in range(20, 40)]
    assert "70 ca trực có người tên “nhan vien” (tô đậm)." in _text(first)  # the whole answer's, on every page
    assert "Mục 1–50 trong 70 mục" in _text(first) and "Mục 51–70 trong 70 mục" in _text(second)  # its rows (QZ12 #12b)
    pager = present(re.search(r'<nav class="pager".*?</nav>', first.text, re.S)).group(0)
    kept = "at=2027-02-07T10%3A00&amp;duty_type=operations&amp;person=nhan+vien&amp;limit=50"
    assert f'<a href="/inspect/on-duty?{kept}&amp;cursor=50" rel="next">' in pager
    pager = present(re.search(r'<nav class="pager".*?</nav>', second.text, re.S)).group(0)
    assert (
        f'<a href="/inspect/on-duty?{kept}" rel="prev">' in pager
        and 'rel="next"' not in pager
        and 'rel="first"' not in pager
    )
    assert bad.status_code == 422
    assert "Không mở được danh sách ở vị trí trang này" in _text(bad)
    assert f'<a href="/inspect/on-duty?{asked.replace("&", "&amp;")}">Mở trang đầu của danh sách này</a>' in bad.text


async def test_a_managers_menu_leads_to_who_is_on_duty_and_a_staff_members_does_not() -> None:
    """QA: /inspect/on-duty answers a manager (audit narrows it to their enterprises) but no menu of theirs led there.
    Duty staff may not open it, and their menu does not offer it."""
    staff_page, on_duty = await _visit(Services(MANAGER), "/manage/staff", "/inspect/on-duty")
    menu = present(re.search(r"<nav\b.*?</nav>", staff_page.text, re.S)).group(0)
    assert '<a href="/inspect/on-duty">Ai đang trực</a>' in menu, menu
    assert on_duty.status_code == 200, on_duty.text
    assert '<a href="/inspect/on-duty" aria-current="page">Ai đang trực</a>' in on_duty.text
    (mine,) = await _visit(Services(STAFF), "/me/swaps")
    assert mine.status_code == 200 and "/inspect/on-duty" not in mine.text


async def test_who_is_on_duty_marks_a_drills_shift() -> None:
    """QA: "Ai đang trực" listed a drill's 07:00 shift as ordinary duty ("Diễn tập" nowhere on the page), which an
    inspector could count as Tết duty. Roster names the drills; their shifts carry the drill's tag."""

    class OnDuty(Services):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.url.path != "/on-duty":
                return super().__call__(request)
            self.asked.append((request.url.host, request.url.path))
            self.queries.append(dict(request.url.params))
            shift = {
                "enterprise_id": "e1",
                "enterprise_name": "VNPT Long An",
                "duty_type": "operations",
                "starts_at": "2026-12-05T00:00:00+00:00",
                "ends_at": "2026-12-05T02:00:00+00:00",
                "people": [{"full_name": "Phạm Thị Ngọc Ánh", "qualified": True}],
            }
            drill = {**shift, "campaign_id": C1, "site_name": "Trạm diễn tập"}  # C1: the drill roster names below
            tet = {**shift, "campaign_id": "0c000000-0000-4000-8000-0000000000c9", "site_name": "Trạm Tết"}
            at = request.url.params["at"]
            return httpx.Response(200, json={"at": at, "shifts": [drill, tet], "as_of": {"seq": 0}})

    services = OnDuty(INSPECTOR)
    (answer,) = await _visit(services, "/inspect/on-duty")
    assert answer.status_code == 200
    asked_drills = [q for (host, path), q in zip(services.asked, services.queries, strict=True) if path == "/campaigns"]
    assert {"kind": "drill"} in [{k: v for k, v in q.items() if k == "kind"} for q in asked_drills]
    rows = re.findall(r"<tr>.*?</tr>", answer.text, re.S)
    drill_row = next(r for r in rows if "Trạm diễn tập" in r)
    tet_row = next(r for r in rows if "Trạm Tết" in r)
    assert '<span class="tag drill">Diễn tập</span>' in drill_row and "tag drill" not in tet_row
