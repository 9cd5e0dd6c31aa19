"""Why a plan moved and why it was cancelled, without a browser (QA: after a move the inspector's row showed
only the new day; the manager's list said "Đã hủy" without the reason). Roster keeps the day a plan left, the
reason of its last move and the reason of its cancelling; both pages say them beside the plan's day. Roster
is stood in for by httpx.MockTransport; what it lists for a manager is what the manager may see (a surprise
plan not revealed is not in it, so nothing of it is shown)."""

from __future__ import annotations

import html
import json
import random
import re
import string
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import httpx

from lichtruc import vntime
from lichtruc.words import field_name
from portal.app import create_app
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import refused_and_shown

PASSWORD = "đúng mật khẩu 2027"
INSPECTOR: dict[str, Any] = {
    "id": "a1",
    "login": "thanh.tra@stttt.longan.gov.vn",
    "display_name": "Lê Văn Thành",
    "role": "inspector",
    "enterprise_ids": [],
    "staff_id": None,
}
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
    "name": "Tết Đinh Mùi 2027",
    "starts_at": "2027-01-30T00:00:00Z",
    "ends_at": "2027-02-15T00:00:00Z",
}
"""The campaign the fake roster of these tests lists (the plans' `0c1a0000-0000-4000-8000-0000000000c1`)."""


def _plan(plan_id: str, day: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": plan_id,
        "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
        "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
        "enterprise_name": "VNPT Long An",
        "site_id": None,
        "site_name": None,
        "planned_on": day,
        "planned_on_label": day,
        "phase": "before",
        "phase_vi": "trước Tết",
        "status": status,
        "status_vi": status,
        "purpose": f"Kiểm tra {plan_id}",
        "inspectors": ["Lê Văn Thành"],
        "surprise": False,
        "finding": None,
        "cancel_reason": None,
        "rescheduled_from": None,
        "rescheduled_from_label": None,
        "reschedule_reason": None,
        "planned_by": "thanh.tra",
        "version": 2,
        "created_at": "2026-12-01T02:00:00Z",
        "updated_at": "2026-12-01T02:00:00Z",
        **extra,
    }


PLANS = [
    _plan("p1", "2027-01-22", "planned", rescheduled_from="2027-01-20", reschedule_reason="Đoàn <b>bận</b> họp"),
    _plan("p2", "2027-01-25", "planned", rescheduled_from="2027-01-21"),  # moved without a reason
    _plan("p3", "2027-01-26", "cancelled", cancel_reason="Trùng lịch với đoàn của Bộ"),
    _plan("p4", "2027-01-27", "cancelled", rescheduled_from="2027-01-23", cancel_reason="Doanh nghiệp giải thể"),
    _plan("p5", "2027-01-28", "planned"),  # never moved
    _plan("p6", "2026-12-01", "done", finding={"result": "compliant", "text": "", "recommendations": None}),
]


PAST_DAY_VI = (
    "Không thể lên kế hoạch kiểm tra VNPT Long An vào ngày 01/01/2027 (24 tháng Mười Một Bính Ngọ): ngày đó đã qua "
    "(hôm nay là 05/02/2027 (29 tháng Chạp Bính Ngọ), giờ Việt Nam). Hãy chọn hôm nay hoặc một ngày sau đó."
)


def _roster(account: dict[str, Any], posted: list[dict[str, Any]] | None = None) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path.endswith("/finding") and posted is not None:
            posted.append(json.loads(request.content))
            return httpx.Response(200, json=_plan("p5", "2026-12-02", "done"))
        sent = json.loads(request.content) if request.method == "POST" and request.content else {}
        if too_long := [  # roster's bounds of a plan's texts (its schemas' max_length), refused in its own words
            {"field": f"body.{k}", "rule": "string_too_long", "max_length": most, "message": f"{k}: too long",
             "message_vi": f"{field_name(k)}: quá dài (tối đa {most} ký tự)"}
            for k, most in (("text", 4000), ("recommendations", 4000), ("reason", 2000))
            if isinstance(sent, dict) and len(str(sent.get(k) or "")) > most
        ]:  # fmt: skip
            return httpx.Response(422, json={"type": "x/validation", "status": 422, "detail": "Invalid.",
                                             "errors": too_long})  # fmt: skip
        if request.method == "POST" and path == "/inspections/p5/finding":  # roster's refusal of an early finding
            said = (
                "Chưa thể ghi kết quả: chưa đến ngày kiểm tra 28/01/2027. Hãy ghi ngày đã kiểm tra nếu đã kiểm tra sớm."
            )
            return httpx.Response(
                422, json={"type": "x/too-early", "status": 422, "detail": "too early", "detail_vi": said}
            )
        if request.method == "POST" and path == "/inspections":  # roster's refusal of a plan for a day gone
            said = PAST_DAY_VI
            error = {"field": "planned_on", "rule": "not-past", "message": "That day has passed.", "message_vi": said}
            return httpx.Response(
                422,
                json={"type": "x/not-past", "status": 422, "detail": "gone", "detail_vi": said, "errors": [error]},
            )
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": account, "token_type": "Bearer"})
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": account["id"]})
        if path in ("/campaigns", "/enterprises", "/inspections", "/sites"):
            items = {
                "/sites": [],  # the plan form's site choice: none here
                "/campaigns": [CAMPAIGN],
                "/enterprises": [
                    {"id": "0e1a0000-0000-4000-8000-0000000000e1", "name": "VNPT Long An", "sector": "telecom"}
                ],
                "/inspections": PLANS,
            }[path]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})

    return httpx.MockTransport(answer)


@asynccontextmanager
async def _signed_in(
    account: dict[str, Any], posted: list[dict[str, Any]] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The portal over the fake roster, `account` signed in."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: _roster(account, posted))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        login = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', login.text)).group(1)
        form = {"login": account["login"], "password": PASSWORD, "csrf_token": csrf}
        assert (await client.post("/login", data=form)).status_code == 303
        yield client


async def _page(account: dict[str, Any], path: str) -> httpx.Response:
    async with _signed_in(account) as client:
        return await client.get(path)


def _row(answer: httpx.Response, plan_id: str) -> str:
    markup = present(re.search(rf'<tr data-plan="{plan_id}".*?</tr>', answer.text, re.S)).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


async def test_both_pages_say_where_a_plan_moved_from_and_why_and_why_it_was_cancelled() -> None:
    for account, path in (
        (INSPECTOR, "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1"),
        (MANAGER, "/manage/inspections"),
    ):
        page = await _page(account, path)
        assert page.status_code == 200, (path, page.text)
        assert "Dời từ 20/01/2027 — lý do: Đoàn <b>bận</b> họp" in _row(page, "p1"), path
        assert "Đoàn &lt;b&gt;bận&lt;/b&gt; họp" in page.text  # said as typed, never as markup
        moved = _row(page, "p2")
        assert "Dời từ 21/01/2027" in moved and "lý do" not in moved, path
        assert "Lý do hủy: Trùng lịch với đoàn của Bộ" in _row(page, "p3"), path
        both = _row(page, "p4")
        assert "Dời từ 23/01/2027" in both and "Lý do hủy: Doanh nghiệp giải thể" in both, path
        never = _row(page, "p5")
        assert "Dời từ 2" not in never and "Lý do hủy:" not in never, path
    assert page.text.count("Lý do hủy: Doanh nghiệp giải thể") == 1  # said once, beside the day


async def test_a_result_recorded_without_words_is_not_followed_by_a_colon() -> None:
    """QA round 3: a result recorded without a text read "Đạt yêu cầu:" with nothing after it."""
    for account, path in (
        (INSPECTOR, "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1"),
        (MANAGER, "/manage/inspections"),
    ):
        page = await _page(account, path)
        row = _row(page, "p6")
        assert "Đạt yêu cầu" in row and "Đạt yêu cầu:" not in row, (path, row)


async def test_the_finding_form_sends_the_day_the_inspection_was_held_only_when_given() -> None:
    """A plan cannot be moved to a day gone, so an inspection held before its day is recorded with that day."""
    posted: list[dict[str, Any]] = []
    async with _signed_in(INSPECTOR, posted) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        assert "Ngày đã kiểm tra (không bắt buộc)" in _row(page, "p5")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        finding = {
            "csrf_token": csrf,
            "version": "2",
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "result": "compliant",
            "text": "Đạt",
        }
        for held_on in ("2026-12-02", ""):
            done = await client.post("/inspect/inspections/p5/finding", data={**finding, "held_on": held_on})
            assert done.status_code == 303, done.text
    assert posted == [
        {"result": "compliant", "text": "Đạt", "recommendations": None, "held_on": "2026-12-02"},
        {"result": "compliant", "text": "Đạt", "recommendations": None},
    ]


async def test_a_refused_finding_is_said_at_the_top_naming_the_plan_and_linking_to_its_row() -> None:
    """QA round 3: after "Lưu kết quả" was refused the page opened at its top with nothing there, the reason
    ~1,800 px down inside the plan's row. Now an alert at the top names the plan and links to its row, whose
    form keeps what was typed."""
    async with _signed_in(INSPECTOR) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        assert 'id="refused-summary"' not in page.text  # nothing refused: nothing at the top
        typed = {"result": "issues_found", "text": "Thiếu sổ giao ca", "recommendations": "Bổ sung sổ", "held_on": ""}
        form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
        refused, again = await refused_and_shown(
            client,
            "/inspect/inspections/p5/finding",
            {**form, "version": "2", "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1", **typed},
            to="/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1",  # the page, at its top: the summary links to the row
        )
    assert refused.status_code == 422, refused.text
    summary = present(
        re.search(r'<div class="message error" role="alert" id="refused-summary">.*?</div>', refused.text, re.S)
    )
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", summary.group(0))).split())
    assert "Chưa thể ghi kết quả: chưa đến ngày kiểm tra 28/01/2027." in said  # roster's reason
    assert (
        "Đến kế hoạch kiểm tra VNPT Long An ngày 28/01/2027 (21 tháng Chạp Bính Ngọ) — biểu mẫu vẫn giữ những gì đã nhập"
        in said
    )
    assert 'href="#plan-p5"' in summary.group(0) and '<tr data-plan="p5" id="plan-p5">' in refused.text
    assert refused.text.index("refused-summary") < refused.text.index('id="new-plan"')  # above everything else
    row = present(re.search(r'<tr data-plan="p5".*?</tr>', refused.text, re.S)).group(0)
    assert "<details open>" in row and "Thiếu sổ giao ca</textarea>" in row and "Bổ sung sổ</textarea>" in row
    assert '<option value="issues_found" selected>' in row
    # Shown once: a reload is the page as it is, the form empty and closed.
    assert (
        again.status_code == 200 and 'id="refused-summary"' not in again.text and "Thiếu sổ giao ca" not in again.text
    )
    assert "<details open>" not in present(re.search(r'<tr data-plan="p5".*?</tr>', again.text, re.S)).group(0)


async def test_a_text_past_its_limit_is_said_under_its_boxs_label_at_the_top_and_beside_the_form() -> None:
    """QZ20 #4: a finding's text past roster's limit, sent without script, read “Quá 1 ký tự (tối đa 4000) — …” at
    the page's top and beside the plan's form, naming no box (the form has two of 4,000); a cancel's reason alike.
    Each is said under the box's label now, in portal.js's words."""
    campaign = "0c1a0000-0000-4000-8000-0000000000c1"
    page_url = f"/inspect/inspections?campaign_id={campaign}"
    for path, typed, said, box in (
        (
            "/inspect/inspections/p5/finding",
            {"result": "issues_found", "text": "Thiếu sổ.\n" + "x" * 3991, "recommendations": "", "held_on": ""},
            "Nhận xét: Thừa 1 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi.",
            "e-f-p5",
        ),
        (
            "/inspect/inspections/p5/cancel",
            {"reason": "y" * 2003, "confirmed": "yes"},
            "Lý do hủy: Thừa 3 ký tự (tối đa 2000) — hãy rút gọn trước khi gửi.",
            "e-c-p5",
        ),
    ):
        async with _signed_in(INSPECTOR) as client:
            page = await client.get(page_url)
            form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
            refused, _ = await refused_and_shown(
                client, path, {**form, "version": "2", "campaign_id": campaign, **typed}, to=page_url
            )
        assert refused.status_code == 422, refused.text
        summary = present(re.search(r'id="refused-summary">\s*<p>([^<]*)</p>', refused.text)).group(1)
        assert html.unescape(summary) == said
        beside = present(re.search(rf'role="alert" id="{box}">([^<]*)</div>', refused.text)).group(1)
        assert html.unescape(beside) == said


async def test_a_finding_without_its_text_marks_the_boxes_at_fault_described_by_the_refusal() -> None:
    """QA: "Record the result" refused focused its summary, but its boxes were not marked: the assessment and the
    findings left empty are marked invalid and described by the refusal beside them, the recommendations (optional)
    are not."""
    async with _signed_in(INSPECTOR) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
        typed = {"result": "", "text": "  ", "recommendations": "Bổ sung sổ", "held_on": ""}
        refused, _ = await refused_and_shown(
            client,
            "/inspect/inspections/p5/finding",
            {**form, "version": "2", "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1", **typed},
            to="/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1",
        )
    row = present(re.search(r'<tr data-plan="p5".*?</tr>', refused.text, re.S)).group(0)
    said = present(re.search(r'<div class="message error" role="alert" id="e-f-p5">([^<]*)</div>', row)).group(1)
    assert html.unescape(said) == "Hãy chọn đánh giá và ghi nhận xét."
    for control in (r'<select id="r-p5"[^>]*>', r'<textarea id="t-p5"[^>]*>'):
        assert 'aria-invalid="true" aria-describedby="e-f-p5"' in present(re.search(control, row)).group(0)
    assert "aria-invalid" not in present(re.search(r'<textarea id="c-p5"[^>]*>', row)).group(0)


async def test_a_refused_finding_too_large_to_keep_is_shown_by_the_posts_own_answer() -> None:
    """A refused form is kept for the page it redirects to in a cookie of 4 KB at most: a finding whose texts do not
    fit (they do not compress: a pasted report) is shown by the POST's own answer, its texts kept all the same."""
    long = "".join(random.Random(15).choices(string.ascii_letters + "ăâđêôơư ", k=4000))
    async with _signed_in(INSPECTOR) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
        typed = {"result": "issues_found", "text": long, "recommendations": "Bổ sung sổ", "held_on": ""}
        refused = await client.post(
            "/inspect/inspections/p5/finding",
            data={**form, "version": "2", "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1", **typed},
        )
    assert refused.status_code == 422 and "location" not in refused.headers
    assert "lt_refused" not in refused.headers.get("set-cookie", "")
    row = html.unescape(present(re.search(r'<tr data-plan="p5".*?</tr>', refused.text, re.S)).group(0))
    assert "<details open>" in row and f"{long}</textarea>" in row
    assert "Chưa thể ghi kết quả: chưa đến ngày kiểm tra 28/01/2027." in row


async def test_a_plan_for_a_day_gone_is_refused_beside_its_day_with_the_form_kept() -> None:
    """QA: VNPT planned for 01/01/2027, five weeks gone, was taken. Roster now refuses it (422 on planned_on); the
    new plan's form says roster's words beside the day, and keeps what was typed."""
    async with _signed_in(INSPECTOR) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
        typed = {
            "enterprise_id": "0e1a0000-0000-4000-8000-0000000000e1",
            "planned_on": "2027-01-01",
            "purpose": "Kiểm tra phương án trực Tết",
        }
        refused, again = await refused_and_shown(
            client,
            "/inspect/inspections",
            {**form, "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1", "inspectors": "Lê Văn Thành", **typed},
            to="/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1",
        )
    assert refused.status_code == 422, refused.text
    beside = present(re.search(r'<p class="error" id="e-planned_on">(.*?)</p>', refused.text, re.S))
    assert html.unescape(beside.group(1)) == PAST_DAY_VI
    # the box at the top says it too, as the other forms' do: the field's name and roster's sentence, a link to it
    summary = present(
        re.search(r'<div class="message error error-summary"[^>]*id="plan-errors">(.*?)</div>', refused.text, re.S)
    )
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', html.unescape(summary.group(1)))
    assert links == [("f-planned_on", f"Ngày kiểm tra: {PAST_DAY_VI}")]
    assert 'id="f-planned_on" name="planned_on" type="date" value="2027-01-01"' in refused.text
    assert 'id="e-planned_on"' not in again.text  # said once


def _refusal_lines(page: httpx.Response, box: str) -> tuple[str, list[str], list[str]]:
    """A refused plan form's words at the page's top: (its first sentence, its lines); and beside the form (`box`,
    the id of its words there): its lines."""
    top = present(re.search(r'id="refused-summary">(.*?)</div>', page.text, re.S)).group(1)
    beside = present(re.search(rf'role="alert" id="{box}">(.*?)</div>', page.text, re.S)).group(1)
    head = html.unescape(present(re.search(r"<p>([^<]*)</p>", top)).group(1))
    lines = [html.unescape(line) for line in re.findall(r"<li>([^<]*)</li>", top)]
    return head, lines, [html.unescape(line) for line in re.findall(r"<li>([^<]*)</li>", beside)]


async def test_a_plans_finding_and_its_move_say_every_mistake_in_one_answer() -> None:
    """QZ21 #3: a too-long Nhận xét, a too-long Kiến nghị and a “Ngày đã kiểm tra” still to come took three sends,
    one mistake each; moving a plan said a too-long reason first and a day gone only at the second send. Each form
    now says all of them in one answer — at the page's top and beside the form, each under its box's label, the
    boxes marked — and roster is not asked until they are corrected."""
    campaign = "0c1a0000-0000-4000-8000-0000000000c1"
    page_url = f"/inspect/inspections?campaign_id={campaign}"
    today = vntime.day_label(vntime.local_day(datetime.now(UTC)))
    posted: list[dict[str, Any]] = []
    async with _signed_in(INSPECTOR, posted) as client:
        page = await client.get(page_url)
        form = {"csrf_token": present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)}
        typed = {
            "result": "issues_found",
            "text": "Thiếu sổ. " * 401,  # 4,009 characters once trimmed: 9 over
            "recommendations": "Bổ sung. " * 500,  # 4,499: 499 over
            "held_on": "2099-01-01",
        }
        refused, _ = await refused_and_shown(
            client, "/inspect/inspections/p5/finding", {**form, "version": "2", "campaign_id": campaign, **typed},
            to=page_url,
        )  # fmt: skip
        assert refused.status_code == 422 and posted == []
        head, top, beside = _refusal_lines(refused, "e-f-p5")
        assert head == "Chưa lưu được: có 3 chỗ cần sửa, mỗi chỗ ghi dưới đây."
        assert (
            top
            == beside
            == [
                "Nhận xét: Thừa 9 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi.",
                "Kiến nghị: Thừa 499 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi.",
                f"Ngày đã kiểm tra: Ngày {vntime.day_label(date(2099, 1, 1))} chưa đến (hôm nay là {today}, giờ Việt "
                "Nam): hãy ghi ngày đã kiểm tra thực tế, hôm nay hoặc trước đó.",
            ]
        )
        row = present(re.search(r'<tr data-plan="p5".*?</tr>', refused.text, re.S)).group(0)
        for control in (
            r'<textarea id="t-p5"[^>]*>',
            r'<textarea id="c-p5"[^>]*>',
            r'<input type="date" id="h-p5"[^>]*>',
        ):
            assert 'aria-invalid="true" aria-describedby="e-f-p5' in present(re.search(control, row)).group(0)
        assert "aria-invalid" not in present(re.search(r'<select id="r-p5"[^>]*>', row)).group(0)

        moved, _ = await refused_and_shown(
            client,
            "/inspect/inspections/p5/reschedule",
            {**form, "version": "2", "campaign_id": campaign, "planned_on": "2000-01-03", "reason": "y" * 2003},
            to=page_url,
        )
        assert moved.status_code == 422
        head, top, beside = _refusal_lines(moved, "e-m-p5")
        assert head == "Chưa lưu được: có 2 chỗ cần sửa, mỗi chỗ ghi dưới đây."
        assert (
            top
            == beside
            == [
                f"Ngày kiểm tra mới: Ngày {vntime.day_label(date(2000, 1, 3))} đã qua (hôm nay là {today}, giờ Việt "
                "Nam): hãy chọn hôm nay hoặc một ngày sau đó.",
                "Lý do: Thừa 3 ký tự (tối đa 2000) — hãy rút gọn trước khi gửi.",
            ]
        )
        row = present(re.search(r'<tr data-plan="p5".*?</tr>', moved.text, re.S)).group(0)
        for control in (r'<input id="m-p5"[^>]*>', r'<textarea id="mr-p5"[^>]*>'):
            assert 'aria-invalid="true" aria-describedby="e-m-p5' in present(re.search(control, row)).group(0)
