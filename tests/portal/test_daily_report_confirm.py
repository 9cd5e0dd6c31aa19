"""Submitting a daily report without a browser (QA round 3): a sent report cannot be changed, so the form asks
first — a box to tick, which works without script; unticked, nothing is sent and the remarks stay as typed —
and afterwards the page shows the version just sent (its number, time, remarks and documents), the draft below
labelled as the basis of a correction, with the remarks sent prefilled. Roster is stood in for by
httpx.MockTransport, keeping what is submitted."""

from __future__ import annotations

import contextlib
import html
import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from support import present

from .fake_sign_in import signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2026, 12, 4, 5, 47, tzinfo=UTC)
MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["0e1a0000-0000-4000-8000-0000000000e1"],
    "staff_id": None,
}
CAMPAIGN = {
    "id": "0c1a0000-0000-4000-8000-0000000000c1",
    "name": "Diễn tập trực Tết",
    "starts_at": "2026-12-03T17:00:00Z",
    "ends_at": "2026-12-06T17:00:00Z",
}
REMARKS = "Trạm Tân An mất điện 20 phút,\nđã chạy máy phát."
DEPARTMENT = {
    "province": "",
    "department": "",
    "superior": "",
    "place": "",
    "report_recipients": [],
    "summary_recipients": [],
    "version": 0,
}
NOT_SET = {  # roster's refusal of a PDF before the Department's details are set (domain.department.ProfileNotSet)
    "type": "https://lichtruc.vn/problems/department-profile-not-set",
    "title": "Conflict",
    "status": 409,
    "detail": "The Department's details have not been set: an administrator sets them on the page “Department "
    "details” (Thông tin Sở), then download it again.",
    "detail_vi": "Chưa có thông tin của Sở: quản trị viên nhập ở trang “Thông tin Sở”, rồi tải lại văn bản.",
}


class Roster:
    """The day's draft and the versions sent so far; a submission is the next version."""

    def __init__(
        self, *, refusal: dict[str, Any] | None = None, department_set: bool = True, account: dict[str, Any] = MANAGER
    ) -> None:
        self.account = account
        self.sent: list[dict[str, Any]] = []
        self.refusal = refusal  # roster's answer to a submission, when it refuses it
        self.day = "2026-12-04"
        self.department_set = department_set  # False: roster refuses the PDFs (409), as before the details are set
        self.duty: list[dict[str, Any]] = []  # the draft's staffing section (roster's duty lines)
        self.incidents: list[dict[str, Any]] = []  # the draft's section III
        self.absences: list[dict[str, Any]] = []  # section IV's presence lines (roster's)
        self.gaps: list[dict[str, Any]] = []  # section IV's gaps (roster's, each with its `not_come`)
        self.shortfalls: list[dict[str, Any]] = []  # section IV's presence shortfalls (roster's, each with `missing`)
        self.check_ins: list[dict[str, Any]] = []  # section II (roster's check-in lines)
        self.owes_from: str | None = None  # audit: the enterprise owes reports from this day (a day before: not_owed)

    def draft(self) -> dict[str, Any]:
        return {
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "campaign_name": "Diễn tập trực Tết",
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "enterprise_name": "VNPT Long An",
            "day": self.day,
            "lunar_day_vi": "26 tháng Mười Bính Ngọ",
            "lunar_day_en": "26th day of the 10th month",
            "duty": self.duty,
            "check_ins": self.check_ins,
            "incidents": self.incidents,
            "gaps": self.gaps,
            "absences": self.absences,
            "shortfalls": self.shortfalls,
            "gaps_note_vi": "",
            "gaps_note_en": "",
            "leader_ids": [],
            "versions": [
                {k: v[k] for k in ("id", "version", "number", "submitted_at", "submitted_by_name")} for v in self.sent
            ],
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path == "/department":
            return httpx.Response(200, json={**DEPARTMENT, "set": self.department_set})
        if path == "/gaps.csv":  # audit's export refused (any download a service refuses: api.errors)
            problem = {"type": "x/validation", "status": 422, "detail": "Too many rows: narrow the filters."}
            return httpx.Response(422, json={**problem, "detail_vi": "Quá nhiều dòng: hãy thu hẹp bộ lọc."})
        if path.endswith(".pdf") and not self.department_set:
            return httpx.Response(409, json=NOT_SET)
        if path.endswith((".pdf", ".xlsx")):
            return httpx.Response(200, content=b"%PDF-1.7 x", headers={"content-disposition": "attachment"})
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": self.account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": self.account["id"]})
        if path == "/daily-reports/status":  # audit's: VNPT's report of the day sent
            row: dict[str, Any] = {
                "enterprise_name": "VNPT Long An",
                "status": "submitted",
                "due_at": "2026-12-05T02:00:00Z",
            }
            row |= {"version": 1, "report_id": "r1", "number": "1/BC-VNPTLA", "submitted_at": "2026-12-04T01:47:00Z"}
            if self.owes_from and request.url.params["day"] < self.owes_from:
                row = {**row, "status": "not_owed", "obligations_from": self.owes_from, "version": None}
            return httpx.Response(200, json={"items": [row], "limit": 500, "total": 1, "next": None})
        if path in ("/campaigns", "/enterprises"):
            items = (
                [CAMPAIGN]
                if path == "/campaigns"
                else [{"id": "0e1a0000-0000-4000-8000-0000000000e1", "name": "VNPT Long An", "sector": "telecom"}]
            )
            return httpx.Response(200, json={"items": items, "limit": 500, "total": 1, "next": None})
        if path == "/campaigns/0c1a0000-0000-4000-8000-0000000000c1":
            return httpx.Response(200, json=CAMPAIGN)
        if path == "/daily-reports/draft":
            self.day = request.url.params["day"]
            return httpx.Response(200, json=self.draft())
        if path == "/daily-reports" and method == "POST":
            if self.refusal is not None:
                return httpx.Response(422, json=self.refusal)
            body = json.loads(request.content)
            n = len(self.sent) + 1
            report = {
                **self.draft(),
                "id": f"r{n}",
                "version": n,
                "number": f"{n}/BC-VNPTLA",
                "remarks": body["remarks"],
                "submitted_at": f"2026-12-04T0{n}:47:00Z",
                "submitted_by_name": "Nguyễn Văn Hùng",
            }
            self.sent.append(report)
            return httpx.Response(201, json=report)
        found = re.fullmatch(r"/daily-reports/(r\d+)", path)
        if found and method == "GET":
            return httpx.Response(200, json=next(r for r in self.sent if r["id"] == found.group(1)))
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _csrf(markup: str) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', markup)).group(1)


def _signed_in(roster: Roster) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    return signed_in_portal(roster, roster.account["login"], PASSWORD, now=NOW)


async def _refused(
    client: httpx.AsyncClient, action: str, form: dict[str, str], address: str
) -> tuple[httpx.Response, httpx.Response]:
    """A refused submission: a 303 to the day's own `address` (Post/Redirect/Get), the page it shows there, and
    the same address again (a reload, or Back later: the page as it is)."""
    posted = await client.post(action, data=form)
    assert posted.status_code == 303 and posted.headers["location"] == address, posted.text
    shown = await client.get(posted.headers["location"])
    return shown, await client.get(address)


async def test_the_report_is_sent_only_once_the_box_is_ticked_and_then_the_page_shows_what_was_sent() -> None:
    roster = Roster()
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    async with _signed_in(roster) as client:
        first = await client.get(address)
        assert 'name="confirm" value="yes" required' in first.text
        assert "Tôi đã xem lại báo cáo: báo cáo đã gửi thì không sửa được." in _text(first.text)
        assert "Bản nháp (hệ thống tự tổng hợp, chưa lưu)" in _text(first.text) and "sent-version" not in first.text

        submit = {
            "csrf_token": _csrf(first.text),
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "day": "2026-12-04",
        }
        unticked, reloaded = await _refused(client, "/reports/daily", {**submit, "remarks": REMARKS}, address)
        assert unticked.status_code == 422 and roster.sent == []  # nothing sent
        assert "Chưa gửi: hãy đánh dấu ô xác nhận bên dưới" in _text(unticked.text)
        assert f">{html.escape(REMARKS)}</textarea>" in unticked.text  # what was typed is still there
        assert "Chưa gửi: hãy đánh dấu ô xác nhận bên dưới" not in _text(reloaded.text)  # said once

        sent = await client.post("/reports/daily", data={**submit, "remarks": REMARKS, "confirm": "yes"})
        assert sent.status_code == 303 and [r["remarks"] for r in roster.sent] == [REMARKS]
        after = await client.get(sent.headers["location"])

        roster.sent.append({**roster.sent[0], "id": "r2", "version": 2, "number": "2/BC-VNPTLA", "remarks": "Lần 2"})
        later = await client.get(address)  # someone sent again meanwhile: the latest is shown, not as "just sent"
    assert after.status_code == 200, after.text
    text = _text(after.text)
    assert "Đã gửi báo cáo (lần 1)." in text
    panel = _text(present(re.search(r'<section class="panel sent-version".*?</section>', after.text, re.S)).group(0))
    assert panel.startswith("Bản vừa gửi (lần 1)")
    assert "Số 1/BC-VNPTLA" in panel and "Người ký Nguyễn Văn Hùng" in panel
    assert "Gửi lúc 08:47 04/12/2026" in panel and REMARKS.replace("\n", " ") in panel
    assert (
        'href="/reports/daily/r1.pdf?back=' in after.text
        and "Tải bản lần 1 (PDF)" in panel
        and "Tải bản lần 1 (Excel)" in panel
    )
    assert "Bản nháp cho bản bổ sung (sau lần 1)" in text and "Bản nháp (hệ thống tự tổng hợp, chưa lưu)" not in text
    assert f">{html.escape(REMARKS)}</textarea>" in after.text  # the remarks sent, the start of a correction
    assert "Tôi gửi bản bổ sung (lần 2)" in text and "Gửi bản bổ sung (lần mới)" in text
    assert text.index("Bản vừa gửi") < text.index("Các lần đã gửi") < text.index("Bản nháp cho bản bổ sung")
    later_text = _text(later.text)
    assert "Bản đã gửi gần nhất (lần 2)" in later_text and "Đã gửi báo cáo" not in later_text


async def test_the_staffing_section_lists_who_never_came_once_and_whom_the_shift_went_to() -> None:
    """QZ12: the staffing section (I. Tình hình bố trí trực) left out the leader rostered who never came, the whole
    shift handed over; roster lists him now, marked, and the page says so beside his name — the replacement once."""
    roster = Roster()
    line: dict[str, Any] = {
        "duty_type": "operations",
        "site_name": None,
        "covers_site_names": [],
        "starts_at": "2026-12-04T01:00:00Z",
        "handed_at": None,  # roster's ReportDuty carries it (None in reports made before it was kept)
    }
    line |= {"ends_at": "2026-12-04T09:00:00Z"}
    roster.duty = [
        {**line, "shift_id": "s1", "staff_id": "p1", "full_name": "Kiều Văn Sơn", "handed_to": "Trần Văn Bảy"},
        {**line, "shift_id": "s2", "staff_id": "p2", "full_name": "Trần Văn Bảy", "handed_to": None},
    ]
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    async with _signed_in(roster) as client:
        page = await client.get(address)
    assert page.status_code == 200, page.text
    table = present(re.search(r'<table class="report-duty".*?</table>', page.text, re.S)).group(0)
    rows = [_text(r) for r in re.findall(r"<tr>.*?</tr>", table, re.S)][1:]
    assert len(rows) == 2 and rows[0].startswith("Trực điều hành Kiều Văn Sơn Không đến (giao ca cho Trần Văn Bảy)")
    assert "Trần Văn Bảy Không đến" not in rows[1] and "Không đến" not in rows[1], rows
    # QZ14 #1: with the handover's moment (roster's `handed_at`; the new shift starts then) the page says from when
    roster.duty = [{**roster.duty[0], "handed_at": "2026-12-04T02:05:00Z"}, roster.duty[1]]
    async with _signed_in(roster) as client:
        page = await client.get(address)
    table = present(re.search(r'<table class="report-duty".*?</table>', page.text, re.S)).group(0)
    assert "Kiều Văn Sơn Không đến (giao ca cho Trần Văn Bảy từ 09:05)" in _text(table), table


async def test_section_iii_reads_each_incident_as_the_pdf_prints_it() -> None:
    """QZ13 #4: section III on the page had no severity, no status and no restore time, which the PDF says: the
    signer could not review the downtime they sign. The page shows roster's line, the PDF's words (in English on the
    English page)."""
    roster = Roster()
    said = (
        "01:40 04/12/2026: Mất sóng (tại Trạm Tân An); mức độ: nghiêm trọng; đã khắc phục; "
        "khôi phục lúc 01:55 04/12/2026; ứng cứu: Trần Văn Bảy (01:45 04/12/2026)"
    )
    said_en = (
        "01:40 4 Dec 2026: Mất sóng (at Trạm Tân An); severity: serious; restored; restored at 01:55 4 Dec 2026; "
        "responders: Trần Văn Bảy (01:45 4 Dec 2026)"
    )
    roster.incidents = [
        {"incident_id": "i1", "detected_at": "2026-12-03T18:40:00Z", "summary": "Mất sóng (tại Trạm Tân An)"}
        | {"severity": "serious", "status": "resolved", "restored_at": "2026-12-03T18:55:00Z", "handling": "x"}
        | {"summary_en": "Mất sóng (at Trạm Tân An)", "handling_en": "x", "said": said, "said_en": said_en}
    ]
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    async with _signed_in(roster) as client:
        page = await client.get(address)
        await client.get("/lang/en")
        english = await client.get(address)
    section = present(re.search(r'<section aria-labelledby="s-incidents">.*?</section>', page.text, re.S)).group(0)
    assert [_text(li) for li in re.findall(r"<li[ >].*?</li>", section, re.S)] == [said]
    section = present(re.search(r'<section aria-labelledby="s-incidents">.*?</section>', english.text, re.S)).group(0)
    assert [_text(li) for li in re.findall(r"<li[ >].*?</li>", section, re.S)] == [said_en]


async def test_section_iv_says_who_was_not_there_where_the_roster_was_full() -> None:
    """QZ13 #1: section IV "Thiếu hụt lực lượng trực" said "Không có." of a border patrol whose only guard had not
    come by 09:15; roster's draft now lists him (its `absences`) and the page words it."""
    roster = Roster()
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"

    async def section_iv() -> str:
        async with _signed_in(roster) as client:
            page = await client.get(address)
        assert page.status_code == 200, page.text
        return _text(present(re.search(r'<section aria-labelledby="s-gaps">.*?</section>', page.text, re.S)).group(0))

    assert "Không có." in await section_iv()
    line = {"duty_type": "patrol", "site_name": "Trạm BTS Thái Bình Trung", "full_name": "Kiều Văn Sơn"}
    roster.absences = [{**line, "starts_at": "2026-12-03T23:15:00Z", "ends_at": "2026-12-04T02:15:00Z"}]
    roster.absences[0]["checked_in_at"] = None
    said = await section_iv()
    # the times as the section's gaps read them (span_label: the day with its lunar name)
    assert (
        "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), không có mặt 06:15 04/12/2026 (26 tháng Mười Bính Ngọ) → 09:15: "
        "Kiều Văn Sơn chưa điểm danh"
    ) in said
    assert "Không có." not in said
    roster.absences[0] |= {"ends_at": "2026-12-04T00:07:00Z", "checked_in_at": "2026-12-04T00:07:00Z"}
    assert "→ 07:07: Kiều Văn Sơn điểm danh muộn lúc 07:07" in await section_iv()

    # QZ14: one who never came, his shift handed over at 09:05: the report knows it, not "chưa điểm danh" — and
    # section II says from when, as section I does
    handed = {"handed_to": "Lê Hữu Nghĩa", "handed_at": "2026-12-04T02:05:00Z"}
    roster.absences[0] |= {"ends_at": "2026-12-04T02:05:00Z", "checked_in_at": None, **handed}
    roster.check_ins = [
        {"shift_id": "s1", "duty_type": "patrol", "staff_id": "p1", "full_name": "Kiều Văn Sơn"}
        | {"starts_at": "2026-12-03T23:00:00Z", "checked_in_at": None, "status": "absent", **handed}
    ]
    said = await section_iv()
    assert "→ 09:05: Kiều Văn Sơn không đến, giao ca cho Lê Hữu Nghĩa từ 09:05" in said and "chưa điểm danh" not in said
    async with _signed_in(roster) as client:
        page = await client.get(address)
    checks = _text(present(re.search(r'<table class="report-check-ins".*?</table>', page.text, re.S)).group(0))
    assert "Kiều Văn Sơn Tuần tra, bảo vệ" in checks and "Không đến (giao ca cho Lê Hữu Nghĩa từ 09:05)" in checks

    # QZ16 #1: his hours were a planning gap (his shift cancelled by the handover): roster names him on the gap and
    # gives him no presence line — one line for the same hours, in either language
    roster.gaps = [
        {"duty_type": "patrol", "site_name": "Trạm BTS Thái Bình Trung", "starts_at": "2026-12-03T23:00:00Z"}
        | {"ends_at": "2026-12-04T02:05:00Z", "required": 1, "planned": 0, "not_come": [roster.absences.pop()]}
    ]
    said = await section_iv()
    assert (
        "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), 06:00 04/12/2026 (26 tháng Mười Bính Ngọ) → 09:05: Cần 1, Bố trí 0 "
        "— Kiều Văn Sơn không đến, giao ca cho Lê Hữu Nghĩa từ 09:05"
    ) in said and "không có mặt" not in said, said
    async with _signed_in(roster) as client:
        await client.get("/lang/en")
        page = await client.get(address)
    english = _text(present(re.search(r'<section aria-labelledby="s-gaps">.*?</section>', page.text, re.S)).group(0))
    assert ": Required 1, Planned 0 — Kiều Văn Sơn did not come; handed over to Lê Hữu Nghĩa from 09:05" in english

    # QZ16 #2: another shift handed over at 09:05 with "Người trực không đến" unticked: over without a check-in,
    # section IV says it as section II does ("Không điểm danh"), and to whom the rest went — not "chưa điểm danh"
    roster.absences = [
        line
        | {"full_name": "Võ Minh Nhựt", "starts_at": "2026-12-03T23:15:00Z", "ends_at": "2026-12-04T02:05:00Z"}
        | {"checked_in_at": None, "status": "missing", "rest_handed_to": "Phan Văn Hải"}
        | {"handed_at": "2026-12-04T02:05:00Z"}
    ]
    said = await section_iv()
    # QZ17 #5: one bracket, the site's — who and why after a colon, not "(… (…))"
    assert "→ 09:05: Võ Minh Nhựt không điểm danh, giao phần còn lại cho Phan Văn Hải từ 09:05" in said, said
    assert "chưa điểm danh" not in said and "))" not in said
    roster.absences[0] |= {"rest_handed_to": None, "handed_at": None}  # over, not handed over
    assert "→ 09:05: Võ Minh Nhựt không điểm danh" in await section_iv()
    roster.absences[0] |= {"status": "not_yet"}  # still under way: not yet
    assert "→ 09:05: Võ Minh Nhựt chưa điểm danh" in await section_iv()
    roster.absences[0] |= {"status": "missing", "rest_handed_to": "Phan Văn Hải", "handed_at": "2026-12-04T02:05:00Z"}
    async with _signed_in(roster) as client:
        await client.get("/lang/en")
        page = await client.get(address)
    english = _text(present(re.search(r'<section aria-labelledby="s-gaps">.*?</section>', page.text, re.S)).group(0))
    assert ": Võ Minh Nhựt did not check in; the rest handed over to Phan Văn Hải from 09:05" in english, english
    # QZ17 #5: section II says the handover too, in either language (it said only "Không điểm danh")
    roster.check_ins = [
        {"shift_id": "s2", "duty_type": "patrol", "staff_id": "p2", "full_name": "Võ Minh Nhựt"}
        | {"starts_at": "2026-12-03T23:00:00Z", "checked_in_at": None, "status": "missing", "handed_to": None}
        | {"rest_handed_to": "Phan Văn Hải", "handed_at": "2026-12-04T02:05:00Z"}
    ]
    # QZ17 #8b: a shift covering a further site: its presence line names both sites (audit counts it at each)
    roster.absences[0] |= {"covers_site_names": ["Trạm BTS Mỹ Thạnh Bắc"]}
    for lang, said_ii, where in (
        ("vi", "Không điểm danh — giao phần còn lại cho Phan Văn Hải từ 09:05", "ca kiêm cả"),
        ("en", "Did not check in — the rest handed over to Phan Văn Hải from 09:05", "the shift also covering"),
    ):
        async with _signed_in(roster) as client:
            await client.get(f"/lang/{lang}")
            page = await client.get(address)
        checks = _text(present(re.search(r'<table class="report-check-ins".*?</table>', page.text, re.S)).group(0))
        assert said_ii in checks, checks
        gaps = _text(present(re.search(r'<section aria-labelledby="s-gaps">.*?</section>', page.text, re.S)).group(0))
        assert f"(Trạm BTS Thái Bình Trung, {where} Trạm BTS Mỹ Thạnh Bắc), " in gaps, gaps

    # QZ19 #1: roster says whether each absence left the post short (audit's rule): absent while the post kept its
    # people there, Nhựt is no line of section IV (section II says it); a shortfall is one line, naming who was missing
    roster.absences[0] |= {"shortfall": False}
    said = await section_iv()
    assert "Võ Minh Nhựt" not in said and "Kiều Văn Sơn không đến" in said, said  # the gap stays, listed once
    roster.shortfalls = [
        {"duty_type": "patrol", "site_name": "Trạm BTS Mỹ Thạnh Bắc", "starts_at": "2026-12-03T23:15:00Z"}
        | {"ends_at": "2026-12-04T02:05:00Z", "required": 2, "planned": 2, "present": 1}
        | {"missing": [roster.absences[0] | {"shortfall": True}]}
    ]
    said = await section_iv()
    assert (
        "Tuần tra, bảo vệ (Trạm BTS Mỹ Thạnh Bắc), thiếu người có mặt 06:15 04/12/2026 (26 tháng Mười Bính Ngọ) → 09:05: "
        "cần 2 người, bố trí 2 người, có mặt 1 người — Võ Minh Nhựt không điểm danh, giao phần còn lại cho Phan Văn Hải "
        "từ 09:05"
    ) in said and "không có mặt" not in said, said
    async with _signed_in(roster) as client:
        await client.get("/lang/en")
        page = await client.get(address)
    english = _text(present(re.search(r'<section aria-labelledby="s-gaps">.*?</section>', page.text, re.S)).group(0))
    assert "(Trạm BTS Mỹ Thạnh Bắc), short of people there 06:15 4 Dec 2026" in english, english
    assert ": 2 required, 2 rostered, 1 there — Võ Minh Nhựt did not check in; the rest handed over" in english, english
    roster.shortfalls = []

    # QZ18 #5: unticked on a shift nobody had checked in to, the manager's word that he was there counts: roster
    # gives him no presence line and section II says he was there, not checked in, in either language
    roster.absences = []
    roster.check_ins[0] |= {"status": "confirmed"}
    for lang, said_ii in (
        ("vi", "Có mặt, không điểm danh (quản lý xác nhận khi giao ca) — giao phần còn lại cho Phan Văn Hải từ 09:05"),
        ("en", "There, not checked in (confirmed by the manager at the handover) — the rest handed over to Phan Văn "
         "Hải from 09:05"),
    ):  # fmt: skip
        async with _signed_in(roster) as client:
            await client.get(f"/lang/{lang}")
            page = await client.get(address)
        checks = _text(present(re.search(r'<table class="report-check-ins".*?</table>', page.text, re.S)).group(0))
        assert said_ii in checks, checks


async def test_section_ii_says_a_managers_word_afterwards_beside_the_check_in() -> None:
    """QZ27 #3: roster's section IV counts a manager's word afterwards over the check-in; section II says the check-in
    it got and the word beside it, so the two sections read as one account, in either language."""
    roster = Roster()
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    line = {"duty_type": "operations", "starts_at": "2026-12-03T23:00:00Z", "handed_to": None}
    roster.check_ins = [
        line | {"shift_id": "s1", "staff_id": "p1", "full_name": "Lò Văn Tâm", "checked_in_at": None}
        | {"status": "missing", "confirmed_from": "2026-12-03T23:40:00Z", "confirmed_until": "2026-12-04T07:00:00Z"},
        line | {"shift_id": "s1", "staff_id": "p2", "full_name": "Nguyễn Thị Hoà"}
        | {"checked_in_at": "2026-12-03T23:05:00Z", "status": "on_time", "recorded_absent": True},
    ]  # fmt: skip
    for lang, tam, hoa in (
        ("vi", "Không điểm danh; xác nhận sau: có mặt 06:40–14:00", "Đúng giờ (06:05); ghi nhận sau: không có mặt"),
        ("en", "Did not check in; confirmed afterwards: there 06:40–14:00", "On time (06:05); recorded afterwards: "
         "not there"),
    ):  # fmt: skip
        async with _signed_in(roster) as client:
            await client.get(f"/lang/{lang}")
            page = await client.get(address)
        checks = _text(present(re.search(r'<table class="report-check-ins".*?</table>', page.text, re.S)).group(0))
        assert tam in checks and hoa in checks, checks


async def test_a_day_not_yet_begun_offers_no_submit_button_and_says_from_when() -> None:
    """QA: at 10:00 on mùng 2 mùng 3's page offered an active "Gửi báo cáo" that roster refused (422 day-begun).
    The portal's clock (here 12:47 on 04/12) says the 5th has not begun: the page says from when its report can be
    sent, where the form would be, with no button and no box; the draft is still there to read."""
    roster = Roster()
    async with _signed_in(roster) as client:
        ahead = await client.get(
            "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-05"
        )
        today = await client.get(
            "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
        )
    assert ahead.status_code == 200, ahead.text
    said = _text(present(re.search(r'<p class="panel hint" id="not-begun">.*?</p>', ahead.text, re.S)).group(0))
    assert said.startswith("Ngày 05/12/2026 (") and "gửi được từ 00:00 ngày đó (giờ Việt Nam)" in said, said
    assert 'action="/reports/daily?' not in ahead.text and 'name="confirm"' not in ahead.text
    assert "Gửi báo cáo" not in _text(ahead.text) and "Bản nháp (hệ thống tự tổng hợp, chưa lưu)" in _text(ahead.text)
    assert 'id="not-begun"' not in today.text and 'name="confirm" value="yes" required' in today.text


async def test_a_submission_roster_refuses_is_said_beside_the_button_and_keeps_the_enterprise_and_day() -> None:
    """QA: a refusal showed at the top of the page, 2,000 px above the button, at the bare address /reports/daily.
    The form is sent to an address naming the campaign, enterprise and day, and the refusal is said just before
    the button, which it describes."""
    refusal: dict[str, Any] = {
        "type": "https://lichtruc.vn/problems/day-begun",
        "title": "The day has not begun",
        "status": 422,
        "detail": "The report of VNPT Long An for 04/12/2026 cannot be submitted before 00:00 that day.",
        "detail_vi": "Chưa thể gửi báo cáo ngày 04/12/2026 của VNPT Long An trước 00:00 ngày đó.",
    }
    roster = Roster(refusal=refusal)
    async with _signed_in(roster) as client:
        page = await client.get(
            "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
        )
        action = html.unescape(
            present(re.search(r'<form method="post" action="(/reports/daily[^"]*)"', page.text)).group(1)
        )
        assert (
            action
            == "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
        )
        submit = {
            "csrf_token": _csrf(page.text),
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "day": "2026-12-04",
        }
        refused, reloaded = await _refused(client, action, {**submit, "remarks": REMARKS, "confirm": "yes"}, action)
    assert refused.status_code == 422 and roster.sent == []
    assert reloaded.status_code == 200 and refusal["detail_vi"] not in _text(reloaded.text)  # said once
    form = present(re.search(r'<form method="post" action="/reports/daily\?.*?</form>', refused.text, re.S)).group(0)
    beside = present(re.search(r'<div class="message error" id="e-submit" role="alert">([^<]+)</div>\s*<button', form))
    assert beside.group(1) == refusal["detail_vi"]
    assert '<button type="submit" aria-describedby="e-submit">' in form
    assert _text(refused.text).count(refusal["detail_vi"]) == 1  # beside the button only, not at the top too
    assert f">{html.escape(REMARKS)}</textarea>" in refused.text


async def test_not_asked_for_a_day_the_page_opens_on_yesterdays_report_while_it_is_not_sent() -> None:
    """QA: at 10:00 the page opened on the day only ten hours old and took its report as final. Not asked for a day,
    it opens on yesterday's report (due this morning) while none is sent; once one is, on today's, which it says is
    not over: a report sent now tells only what has happened so far."""
    roster = Roster()
    morning_after = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 on 05/12 in Vietnam, the campaign's second day
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=morning_after) as client:
        owed = await client.get(address)
        roster.sent.append({**roster.draft(), "id": "r1", "version": 1, "number": "1/BC-VNPTLA", "remarks": ""})
        roster.sent[0].update(submitted_at="2026-12-05T01:00:00Z", submitted_by_name="Nguyễn Văn Hùng")
        sent = await client.get(address)
        asked = await client.get(f"{address}&day=2026-12-05")
    assert owed.status_code == 200, owed.text
    assert '<option value="2026-12-04" selected>' in owed.text and 'id="under-way"' not in owed.text
    assert 'name="confirm" value="yes" required' in owed.text
    for page in (sent, asked):
        assert '<option value="2026-12-05" selected>' in page.text
        said = _text(present(re.search(r'<p class="message warn" id="under-way">.*?</p>', page.text, re.S)).group(0))
        assert said.startswith("Ngày 05/12/2026 (") and "chưa kết thúc (đến 24:00, giờ Việt Nam)" in said, said
        assert "việc xảy ra sau đó sẽ cần một bản bổ sung" in said


async def test_a_day_the_enterprise_does_not_owe_a_report_for_is_said_so_with_the_first_day_it_does() -> None:
    """B2 (after QZ18 #3): an enterprise the Department set to owe reports from 05/12 does not owe 04/12's. Not asked
    for a day, the page opens on 05/12's and says why not on yesterday's; 04/12 asked for says it is not owed and
    offers 05/12's — never overdue, never silent. 05/12's itself says nothing of it."""
    roster = Roster()
    roster.owes_from = "2026-12-05"
    morning_after = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 on 05/12, 04/12's report due an hour ago
    address = f"/reports/daily?campaign_id={CAMPAIGN['id']}&enterprise_id={MANAGER['enterprise_ids'][0]}"
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=morning_after) as client:
        opened, yesterday, today = [
            await client.get(a) for a in (address, f"{address}&day=2026-12-04", f"{address}&day=2026-12-05")
        ]
        await client.get("/lang/en")
        english = await client.get(f"{address}&day=2026-12-04")

    def said(page: httpx.Response) -> str:
        return _text(
            present(re.search(r'<p class="message info" id="not-owed" role="status">.*?</p>', page.text, re.S)).group(0)
        )

    assert '<option value="2026-12-05" selected>' in opened.text
    assert said(opened) == "Không cần báo cáo ngày 04/12: VNPT Long An tính nghĩa vụ từ 05/12/2026."
    assert '<option value="2026-12-04" selected>' in yesterday.text
    assert said(yesterday).startswith(
        "Không cần báo cáo ngày 04/12: VNPT Long An tính nghĩa vụ từ 05/12/2026. Xem báo cáo ngày 05/12/2026 ("
    ) and said(yesterday).endswith("), báo cáo đầu tiên phải gửi"), said(yesterday)
    assert f'href="{html.escape(address)}&amp;day=2026-12-05"' in yesterday.text
    assert "quá hạn" not in _text(yesterday.text)
    assert 'id="not-owed"' not in today.text
    assert said(english).startswith(
        "No report is owed for 4 Dec: VNPT Long An owes reports from 5 Dec 2026. See the report of 5 Dec 2026 ("
    ), said(english)


async def test_before_the_departments_details_are_set_the_pdf_links_say_why_and_a_pdf_asked_for_leads_back() -> None:
    """QA (an empty system): the PDF links' downloads were cancelled without a word (roster's 409, the portal's HTML
    page), and the page opened by itself read as a refused form with only "Về trang chính". Now the page says in
    place of the PDF links why they are not there (roster's `GET /department`), the workbooks still offered; the
    PDF's address opened anyway says which document, why, what to do, and leads back to the page it came from."""
    roster = Roster(department_set=False)
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    async with _signed_in(roster) as client:
        first = await client.get(address)
        submit = {
            "csrf_token": _csrf(first.text),
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "day": "2026-12-04",
            "remarks": "",
            "confirm": "yes",
        }
        sent = await client.post("/reports/daily", data=submit)
        page = await client.get(sent.headers["location"])
        pdf = await client.get(f"/reports/daily/r1.pdf?{urlencode({'back': address})}")
        xlsx = await client.get("/reports/daily/r1.xlsx")
        await client.get("/lang/en")
        pdf_en = await client.get("/reports/daily/r1.pdf")  # no `back`: the reports' page
        roster.department_set = True
        ready = await client.get(address)
    said = _text(page.text)
    assert "PDF chưa tải được: quản trị viên chưa nhập Thông tin Sở." in said, said
    assert ".pdf" not in page.text and "Tải bản lần 1 (Excel)" in said  # no PDF link, the workbook's kept
    assert 'href="/admin/department"' not in page.text  # a manager cannot set them: no link for them
    assert xlsx.status_code == 200
    assert pdf.status_code == 409 and pdf.headers["content-type"].startswith("text/html")
    refusal = _text(pdf.text)
    assert "Chưa tải được báo cáo ngày (PDF)" in refusal and "chưa có gì được tải về" in refusal, refusal
    assert "Chưa có thông tin của Sở: quản trị viên nhập ở trang “Thông tin Sở”, rồi tải lại văn bản." in refusal
    assert "Hãy kiểm tra lại địa chỉ hoặc những gì đã nhập" not in refusal  # not the forms' words
    assert f'<a href="{html.escape(address)}">Quay lại trang vừa mở</a>' in pdf.text
    english = _text(pdf_en.text)
    assert pdf_en.status_code == 409 and "Could not download the daily report (PDF)" in english, english
    assert "an administrator sets them on the page “Department details”" in english
    assert '<a href="/reports/daily">Back to the page you came from</a>' in pdf_en.text
    assert "The PDF cannot be downloaded yet" not in _text(ready.text) and "/reports/daily/r1.pdf?back=" in ready.text


async def test_the_departments_reports_page_says_why_no_pdf_and_links_the_administrator_to_set_the_details() -> None:
    """The inspectors' page of the day's reports (/inspect/reports), the Department's details not set: no summary or
    report PDF link but the line saying why, with the page that sets them for an administrator; the summary's PDF
    asked for anyway names the summary and leads back to that day's page, in either language."""
    admin = {**MANAGER, "id": "a1", "login": "admin@stttt.vn", "role": "admin", "enterprise_ids": []}
    roster = Roster(department_set=False, account=admin)
    day = "/inspect/reports?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&day=2026-12-04"
    summary = "/inspect/reports/summary.pdf?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&day=2026-12-04"
    async with _signed_in(roster) as client:
        page = await client.get(day)
        refused = await client.get(summary)
        await client.get("/lang/en")
        page_en = await client.get(day)
        refused_en = await client.get(summary.replace("&day=2026-12-04", ""))
        gaps_en = await client.get("/inspect/gaps.csv?sector=telecom&lang=en")
        roster.department_set = True
        ready = await client.get(day)
    assert page.status_code == 200, page.text
    said = _text(page.text)
    assert "PDF chưa tải được: quản trị viên chưa nhập Thông tin Sở. Nhập Thông tin Sở" in said, said
    assert '<a href="/admin/department">Nhập Thông tin Sở</a>' in page.text
    assert ".pdf" not in page.text and "summary.xlsx" in page.text and "1/BC-VNPTLA" in said  # the workbooks stay
    assert "The PDF cannot be downloaded yet: an administrator has not set the Department details." in _text(
        page_en.text
    )
    assert refused.status_code == 409 and "Chưa tải được báo cáo tổng hợp (PDF)" in _text(refused.text)
    # the page to go back to by its name (QA: "Quay lại trang vừa mở" named none)
    assert "Khắc phục xong, hãy quay lại trang “Báo cáo trực Tết của các doanh nghiệp” và tải lại." in _text(
        refused.text
    )
    assert f'<a href="{html.escape(day)}">Về trang “Báo cáo trực Tết của các doanh nghiệp”</a>' in refused.text
    assert '<a href="/admin/department">Nhập Thông tin Sở</a>' in refused.text  # the administrator's way out
    assert "Could not download the province summary (PDF)" in _text(refused_en.text)
    back = "/inspect/reports?campaign_id=0c1a0000-0000-4000-8000-0000000000c1"  # the whole campaign's: no day
    named = "Back to “The enterprises&#39; daily reports”"
    assert f'<a href="{html.escape(back)}">{named}</a>' in refused_en.text
    assert "go back to “The enterprises' daily reports” and download it again." in _text(refused_en.text)
    # any other download a service refuses says so the same way, back to its list with its filters
    said_en = _text(gaps_en.text)
    assert gaps_en.status_code == 422 and "Could not download the CSV file" in said_en, said_en
    assert "Too many rows: narrow the filters." in said_en and "Check the address" not in said_en
    assert '<a href="/inspect/gaps?sector=telecom">Back to the page you came from</a>' in gaps_en.text
    assert (
        "PDF chưa tải được" not in _text(ready.text)
        and "summary.pdf" in ready.text
        and "/reports/daily/r1.pdf" in ready.text
    )


async def test_a_report_past_its_deadline_not_yet_sent_says_it_is_overdue_and_by_how_long() -> None:
    """QA: at 10:07 the form of a report due at 09:00 read only "Chưa gửi lần nào.": it says overdue, by the minutes
    a reader counts against audit's deadline, as the page says a late version once sent."""
    roster = Roster()
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=datetime(2026, 12, 5, 3, 7, tzinfo=UTC)) as c:
        address = f"/reports/daily?campaign_id={CAMPAIGN['id']}&enterprise_id={MANAGER['enterprise_ids'][0]}"
        vi = await c.get(f"{address}&day=2026-12-04")
        await c.get("/lang/en")
        en = await c.get(f"{address}&day=2026-12-04")
    assert "Chưa gửi lần nào: quá hạn 1 giờ 7 phút (hạn 09:00 05/12/2026 (" in _text(vi.text)
    assert "Not submitted yet: overdue by 1 hour 7 minutes (due 09:00 5 Dec 2026 (" in _text(en.text)
    assert "Chưa gửi lần nào." not in _text(vi.text)
    # a warning at the top (QA: plain text there), said again beside the send button, which it describes
    top = present(re.search(r'<p class="message warn" role="status" data-testid="overdue">(.*?)</p>', vi.text))
    assert top.group(1).startswith("Chưa gửi lần nào: quá hạn 1 giờ 7 phút"), top.group(1)
    form = present(re.search(r'<form method="post" action="/reports/daily\?.*?</form>', vi.text, re.S)).group(0)
    beside = present(re.search(r'<p class="message warn" id="overdue-at-send"[^>]*>(.*?)</p>\s*<button', form))
    assert _text(beside.group(1)).startswith("Báo cáo này đã quá hạn 1 giờ 7 phút (hạn 09:00 05/12/2026 (") and _text(
        beside.group(1)
    ).endswith("gửi bây giờ, báo cáo được ghi là nộp muộn."), beside.group(1)
    assert '<button type="submit" aria-describedby="overdue-at-send">' in form
    assert "This report is overdue by 1 hour 7 minutes (due 09:00 5 Dec 2026 (" in _text(en.text)


async def test_remarks_longer_than_roster_takes_are_refused_beside_the_box_by_its_label_and_kept() -> None:
    """QZ13 #12: 20,400 characters pasted into “V. Tình hình bất thường, kiến nghị” — the box keeps them all and
    says it is past roster's 8000 (portal.js); sent anyway (no script), the report's own page refuses them by the
    box's label, with roster's number, and what was typed is still in the box."""
    roster = Roster()
    address = "/reports/daily?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=0e1a0000-0000-4000-8000-0000000000e1&day=2026-12-04"
    typed = ("Trạm Tân An mất điện, đã chạy máy phát. " * 510)[:20_400]
    async with _signed_in(roster) as client:
        first = await client.get(address)
        assert re.search(r'<textarea id="f-remarks" name="remarks" rows="5" data-max="8000"', first.text)
        assert "Ghi những điều bất thường trong ngày (tối đa 8000 ký tự)." in _text(first.text)
        submit = {
            "csrf_token": _csrf(first.text),
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "day": "2026-12-04",
            "confirm": "yes",
        }
        posted = await client.post("/reports/daily", data={**submit, "remarks": typed})
        shown = await client.get(posted.headers["location"]) if posted.status_code == 303 else posted
        assert shown.status_code == 422 and roster.sent == [], shown.text[:500]
        said = present(re.search(r'<div class="message error" id="e-submit" role="alert">([^<]*)</div>', shown.text))
        assert html.unescape(said.group(1)) == (
            # counted as roster counts what the portal sends it: trimmed (the paste ends with a space), 20,399
            "Chưa gửi báo cáo: ô “V. Tình hình bất thường, kiến nghị” quá 12399 ký tự (tối đa 8000) — "
            "hãy rút gọn trước khi gửi (nội dung đã gõ vẫn còn trong ô)."
        )
        assert f">{html.escape(typed)}</textarea>" in shown.text  # on the form's own page, as typed
