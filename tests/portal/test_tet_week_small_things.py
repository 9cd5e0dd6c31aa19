"""Small things people met in the Tết week (QA rounds 8 and 9), each on the page it was met on, in both languages.

Without a browser: roster and audit are stood in for by httpx.MockTransport (tests/portal/test_core.py's way),
answering only what each page asks; anything else is a failure naming the address."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

ICT = timezone(timedelta(hours=7))
NOW = datetime(2027, 2, 7, 11, 30, tzinfo=ICT)  # mùng 2 Tết, late morning: 06/02's reports were due at 09:00
TET = {
    "id": "0c1a0000-0000-4000-8000-000000002027",
    "name": "Tết Đinh Mùi 2027",
    "kind": "tet",
    "starts_at": datetime(2027, 1, 30, tzinfo=ICT).isoformat(),
    "ends_at": datetime(2027, 2, 16, tzinfo=ICT).isoformat(),
    "hours_deadline": datetime(2027, 1, 30, tzinfo=ICT).isoformat(),
}
ENTERPRISE = {"id": "0e1a0000-0000-4000-8000-0000000000e1", "name": "VNPT Long An", "sector": "telecom"}

Answer = Callable[[httpx.Request], httpx.Response | None]


def _page(items: list[Any]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Services:
    """Roster and audit: signing in, the campaigns, and what a test adds (`roster_also`, `audit_also`: an answer, or
    None when the address is not theirs)."""

    def __init__(self, role: str, *, roster_also: Answer | None = None, audit_also: Answer | None = None) -> None:
        self.account = {
            "id": "a1",
            "login": f"{role}@lichtruc.local",
            "display_name": "Trần Thị Lan",
            "role": role,
            "enterprise_ids": [ENTERPRISE["id"]] if role in ("manager", "staff") else [],
            "staff_id": "5a1a0000-0000-4000-8000-000000000001" if role == "staff" else None,
        }
        self.roster_also = roster_also
        self.audit_also = audit_also

    def roster(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.roster_also and (answer := self.roster_also(request)) is not None:
            return answer
        if path == "/auth/login":
            return httpx.Response(
                200,
                json={
                    "access_token": "t0",
                    "expires_in": 900,
                    "refresh_token": "r0",
                    "refresh_expires_in": 43200,
                    "token_type": "Bearer",
                    "account": self.account,
                },
            )
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": "a1"})
        if path == "/campaigns":
            return _page([TET])
        if path == f"/campaigns/{TET['id']}":
            return httpx.Response(200, json=TET)
        if path == "/enterprises":
            return _page([ENTERPRISE])
        if path == "/department":
            return httpx.Response(200, json={"set": True})
        if path == "/early-leaves" or path.endswith("/swap-candidates"):  # “Tôi cần về sớm” (QZ29 #8): none
            return _page([])
        if path == "/outbox":
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        raise AssertionError(f"roster was not expected to be asked for {request.url}")

    def audit(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.audit_also and (answer := self.audit_also(request)) is not None:
            return answer
        if path == "/campaigns":
            return _page([{**{k: v for k, v in TET.items() if k != "id"}, "campaign_id": TET["id"], "peaks": []}])
        if path == "/lag":
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        if path.startswith("/people/") and path.endswith("/preferences"):  # notifier (this transport too), signing in
            return httpx.Response(200, json={"language": "vi"})
        if path == "/explanations/waiting":  # the heat map's "n giải trình chờ xem" (QZ27 #4): none
            return httpx.Response(200, json={"waiting": 0})
        raise AssertionError(f"audit was not expected to be asked for {request.url}")

    def transport(self, name: str) -> httpx.MockTransport:
        return httpx.MockTransport(self.roster if name == "roster" else self.audit)


@contextlib.asynccontextmanager
async def _signed_in(services: Services, lang: str = "vi") -> AsyncIterator[httpx.AsyncClient]:
    """The portal at NOW over `services`, a person of their role signed in, in `lang`."""
    app = create_app(PortalSettings(session_key="s" * 48), clock=lambda: NOW, transport_for=services.transport)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal") as client,
    ):
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        signed = await client.post("/login", data={"login": "x", "password": "y", "csrf_token": csrf})
        assert signed.status_code == 303
        yield client


def _text(fragment: str) -> str:
    """What a person reads of an HTML fragment: its words, the tags and spacing gone."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# QZ9 #8: VNPT's 06/02 report sent on time at 07:40, its correction at 10:08 after the 09:00 deadline: the row read
# "Đã gửi (Lần 2) · 10:08 07/02" beside "Hạn nộp 09:00 07/02", as if late.
def _report_statuses(request: httpx.Request) -> httpx.Response | None:
    if request.url.path != "/daily-reports/status":
        return None
    return _page(
        [
            {
                "enterprise_id": ENTERPRISE["id"],
                "enterprise_name": "VNPT Long An",
                "day": "2027-02-06",
                "lunar_day_vi": "Mùng 1 Tết Đinh Mùi",
                "status": "submitted",
                "due_at": "2027-02-07T09:00:00+07:00",
                "version": 2,
                "report_id": "0d1a0000-0000-4000-8000-000000000002",
                "number": "12/BC-VNPT",
                "submitted_at": "2027-02-07T10:08:00+07:00",
                "submitted_by_name": "Phạm Văn Bảo",
                "late": False,
                "first_submitted_at": "2027-02-07T07:40:00+07:00",
                "event_id": None,
            },
            {  # QZ14 #3, QZ18 #3: a station owing reports from 07/02: its report of 06/02, due on 07/02, not held
                # against it
                "enterprise_id": "0e000000-0000-4000-8000-00000000d41a",
                "enterprise_name": "Đài PT-TH Long An",
                "day": "2027-02-06",
                "lunar_day_vi": "Mùng 1 Tết Đinh Mùi",
                "status": "not_owed",
                "due_at": "2027-02-07T09:00:00+07:00",
                "obligations_from": "2027-02-07",
            },
        ]
    )


async def test_a_corrected_report_says_when_its_first_version_came_and_that_it_was_on_time() -> None:
    said = {}
    for lang in ("vi", "en"):
        async with _signed_in(Services("inspector", audit_also=_report_statuses), lang) as client:
            page = await client.get("/inspect/reports", params={"campaign_id": TET["id"], "day": "2027-02-06"})
        assert page.status_code == 200, page.text[:400]
        row = present(re.search(r"<tr class=\"status-submitted\">(.*?)</tr>", page.text, re.S)).group(1)
        said[lang] = _text(row)
        station = _text(present(re.search(r"<tr class=\"status-not_owed\">(.*?)</tr>", page.text, re.S)).group(1))
        said[lang + "-station"] = station
        counts = _text(present(re.search(r"<p class=\"report-counts\">(.*?)</p>", page.text, re.S)).group(1))
        assert ("Đã gửi: 1" if lang == "vi" else "Submitted: 1") in counts, counts  # the station's day not counted
        assert ("Thiếu (quá hạn): 0" if lang == "vi" else "Missing (overdue): 0") in counts, counts
    assert "Lần 1: 07:40 07/02/2027 (Mùng 2 Tết Đinh Mùi) — Đúng hạn bổ sung lần 2 lúc 10:08 Phạm" in said["vi"]
    assert (
        "Đài PT-TH Long An Tính nghĩa vụ từ 07/02/2027 Không tính (ngày trước ngày tính nghĩa vụ)" in said["vi-station"]
    )
    assert (
        "Đài PT-TH Long An Owes reports from 7 Feb 2027 Not counted (a day before the day it owes reports from)"
        in said["en-station"]
    )
    assert (
        "Version 1: 07:40 7 Feb 2027 (2nd day of Tết, Đinh Mùi) — On time correction (version 2) at 10:08 Phạm"
        in said["en"]
    )


# QZ27 #12: on 05/02 VNPT's corrected report read "Lần 1: 00:30 06/02 — Đúng hạn"; Viettel's, one version sent at
# 07:30 06/02 before the 09:00 deadline, had no mark: only a correction was said on time, only a late one tagged.
def _first_versions(request: httpx.Request) -> httpx.Response | None:
    if request.url.path != "/daily-reports/status":
        return None
    row = {
        "day": "2027-02-05",
        "lunar_day_vi": "29 tháng Chạp Bính Ngọ",
        "status": "submitted",
        "due_at": "2027-02-06T09:00:00+07:00",
        "version": 1,
        "number": "1/BC-VLA",
        "submitted_by_name": "Hồ Văn Dũng",
        "event_id": None,
    }
    return _page(
        [
            {
                **row,
                "enterprise_id": ENTERPRISE["id"],
                "enterprise_name": "Viettel Long An",
                "report_id": "0d1a0000-0000-4000-8000-000000000011",
                "submitted_at": "2027-02-06T07:30:00+07:00",
                "first_submitted_at": "2027-02-06T07:30:00+07:00",
                "late": False,
            },
            {
                **row,
                "enterprise_id": "0e000000-0000-4000-8000-0000000000f1",
                "enterprise_name": "FPT Long An",
                "report_id": "0d1a0000-0000-4000-8000-000000000012",
                "submitted_at": "2027-02-06T10:15:00+07:00",
                "first_submitted_at": "2027-02-06T10:15:00+07:00",
                "late": True,
            },
        ]
    )


async def test_every_sent_report_is_marked_on_time_or_late_by_one_rule() -> None:
    async with _signed_in(Services("inspector", audit_also=_first_versions)) as client:
        page = await client.get("/inspect/reports", params={"campaign_id": TET["id"], "day": "2027-02-05"})
    assert page.status_code == 200, page.text[:400]
    rows = {
        _text(present(re.search(r"<th scope=\"row\">(.*?)</th>", row, re.S)).group(1)): row
        for row in re.findall(r"<tr class=\"status-submitted\">(.*?)</tr>", page.text, re.S)
    }
    cells = {name: re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for name, row in rows.items()}
    # the status cell says the status alone; the sent cell its time and the mark, in one place for every row
    assert _text(cells["Viettel Long An"][0]) == "Đã gửi (Lần 1)"
    assert _text(cells["Viettel Long An"][1]) == "07:30 06/02/2027 (Mùng 1 Tết Đinh Mùi) — Đúng hạn"
    assert 'data-timing="on_time"' in cells["Viettel Long An"][1]
    assert _text(cells["FPT Long An"][0]) == "Đã gửi (Lần 1)"
    assert _text(cells["FPT Long An"][1]) == "10:15 06/02/2027 (Mùng 1 Tết Đinh Mùi) — Nộp muộn"
    assert rows["FPT Long An"].count('class="tag') == 1  # late said once, not again beside the status


# QZ9 #10: `/me` answered "Không tìm thấy"; the board said only "Đã điểm danh" over a shift being worked.
async def test_me_leads_to_the_persons_own_shifts_or_their_start_page() -> None:
    for role, home in (("staff", "/me/shifts"), ("manager", "/manage"), ("inspector", "/inspect/heatmap")):
        async with _signed_in(Services(role)) as client:
            answer = await client.get("/me")
        assert answer.status_code == 303, (role, answer.status_code)
        assert answer.headers["location"] == home, role


async def test_a_checked_in_shift_under_way_reads_on_duty_now_and_the_plan_form_offers_no_time_past() -> None:
    """At 11:00 on mùng 3 the operations shift 08:00–16:00 is being worked, checked in: its card says so in the
    staff's own words; the plan form on that day offers 12:00–18:00, not the day shift begun at 06:00 (QZ9 #7)."""
    from .fake_sign_in import signed_in_portal
    from .test_board_forms import CELL, MANAGER, PASSWORD, SHIFT, Roster

    checked_in = {**SHIFT, "status": "checked_in"}
    said = {}
    for lang in ("vi", "en"):
        now = datetime(2027, 2, 8, 11, 0, tzinfo=ICT)
        async with signed_in_portal(Roster(checked_in), MANAGER["login"], PASSWORD, now=now, lang=lang) as client:
            cell = await client.get(CELL)
        assert cell.status_code == 200, cell.text[:400]
        card = present(re.search(r'<article class="card shift-card"[^>]*>(.*?)</dl>', cell.text, re.S)).group(1)
        said[lang] = _text(card)
        starts = present(re.search(r'<input[^>]*name="starts_at"[^>]*value="([^"]*)"', cell.text)).group(1)
        ends = present(re.search(r'<input[^>]*name="ends_at"[^>]*value="([^"]*)"', cell.text)).group(1)
        assert (starts, ends) == ("2027-02-08T12:00", "2027-02-08T18:00"), lang
    assert "Đang trực" in said["vi"] and "Đã điểm danh" not in said["vi"].split("Người trực")[0], said["vi"]
    assert "On duty now" in said["en"], said["en"]
