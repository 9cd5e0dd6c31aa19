"""Only the Department records inspection findings (audit's policy: record_finding, inspectors and administrators):
the findings page offers its form to them alone, and a manager's POST — a page kept open from before, or typed by
hand — is the usual "Trang này không dành cho vai trò của bạn" page with what was typed said back (QZ11 #8: the
manager was offered the form, got "Không tìm thấy…" and lost the text). The services stood in for."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import httpx

from support import present

from .test_address_values import C1, INSPECTOR, MANAGER, Services, _app, _sign_in, _text, _visit

NOTES = "Điểm trực Bến Lức: 2 người có mặt,\nthiếu trưởng ca"


TET = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)
"""The portal's clock here: 10:00 on 07/02/2027 (mùng 2 Tết), an hour after the visit the form gives."""


async def _findings(
    services: Services,
    *,
    post: bool,
    notes: str = NOTES,
    people: str = "Lê Thị Hoa",
    observed_at: str = "2027-02-07T09:00",
) -> tuple[httpx.Response, httpx.Response | None]:
    app = _app(services, lambda: TET)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        await _sign_in(client, services.account)
        page = await client.get("/inspect/findings")
        if not post:
            return page, None
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        form = {"csrf_token": csrf, "site": "s1", "duty": "operations", "observed_at": observed_at}
        services.asked.clear()  # the page's own reads said; what the POST asks for alone
        sent = await client.post("/inspect/findings", data={**form, "people": people, "notes": notes})
        return page, sent


async def test_a_manager_is_not_offered_the_form_and_is_told_who_records_findings() -> None:
    page, _ = await _findings(Services(MANAGER), post=False)
    assert page.status_code == 200
    assert (
        'action="/inspect/findings" method="post"' not in page.text
        and 'method="post" action="/inspect/findings"' not in page.text
    )
    assert "Ghi biên bản kiểm tra mới" not in _text(page)
    assert "Biên bản kiểm tra do thanh tra của Sở ghi" in _text(page)
    inspector, _ = await _findings(Services(INSPECTOR), post=False)
    assert 'method="post" action="/inspect/findings"' in inspector.text and "Ghi biên bản kiểm tra mới" in _text(
        inspector
    )


async def test_a_managers_finding_sent_anyway_is_refused_for_the_role_with_what_was_typed_said_back() -> None:
    services = Services(MANAGER)
    _, sent = await _findings(services, post=True)
    assert sent is not None and sent.status_code == 403
    said = _text(sent)
    assert "Trang này không dành cho vai trò của bạn" in said
    assert "Chỉ thanh tra của Sở và quản trị hệ thống mới ghi được biên bản kiểm tra" in said
    typed = present(re.search(r'data-testid="typed-back">(.*?)</dl>', sent.text, re.S)).group(1)
    assert "Lê Thị Hoa" in typed and "Điểm trực Bến Lức: 2 người có mặt,\nthiếu trưởng ca" in typed
    assert ("audit", "/findings") not in services.asked  # nothing sent to audit, nor read, for a refused role


async def test_notes_past_audits_limit_are_said_at_their_box_and_named_in_the_summary() -> None:
    """QZ20 #4: a text past its limit sent without script is said in portal.js's words beside its box, and the list
    at the form's top names the box first (“Ghi chú: Thừa 1 ký tự…”), as the swap inbox does; audit is not asked."""
    services = Services(INSPECTOR)
    notes = NOTES + "\n" + "x" * (4001 - len(NOTES) - 1)  # 4,001 characters, each line break one
    _, sent = await _findings(services, post=True, notes=notes)
    assert sent is not None and sent.status_code == 422
    said = "Thừa 1 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi."
    assert html.unescape(present(re.search(r'<p class="error" id="e-notes">([^<]*)</p>', sent.text)).group(1)) == said
    summary = present(re.search(r'class="message error error-summary"[^>]*>(.*?)</div>', sent.text, re.S)).group(1)
    assert re.findall(r'<li><a href="#f-notes">([^<]*)</a></li>', summary) == [f"Ghi chú: {said}"]
    assert 'aria-invalid="true" aria-describedby="e-notes"' in sent.text and notes in html.unescape(sent.text)
    assert services.asked.count(("audit", "/findings")) == 1  # the page's list read again: nothing recorded


async def test_notes_a_name_and_a_visit_still_to_come_are_said_in_one_answer() -> None:
    """QZ21 #3: notes too long, a name too long and a visit dated later than now took three sends — the notes
    first, then audit's "Yêu cầu không hợp lệ — Tên (Người có mặt, mục thứ 1): quá dài…" at the page's top, then
    the time. One send now says all three, each beside its box and in the summary, the name as the box's line
    ("Người có mặt, dòng 2 — Tên: …", not labelled twice); audit is not asked to record."""
    services = Services(INSPECTOR)
    notes = NOTES + "\n" + "x" * (4001 - len(NOTES) - 1)  # 4,001 characters, each line break one
    people = "Lê Thị Hoa\n" + "Nguyễn Văn " * 19 + "Bình An"  # the second line's name: 216 characters
    _, sent = await _findings(services, post=True, notes=notes, people=people, observed_at="2027-02-07T11:00")
    assert sent is not None and sent.status_code == 422
    summary = present(re.search(r'class="message error error-summary"[^>]*>(.*?)</div>', sent.text, re.S)).group(1)
    future = (
        "11:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) muộn hơn lúc ghi biên bản, 10:00 07/02/2027 (Mùng 2 Tết Đinh Mùi): "
        "hãy nhập đúng thời điểm kiểm tra (giờ Việt Nam)."
    )
    name = "Người có mặt, dòng 2 — Tên: Thừa 16 ký tự (tối đa 200) — hãy rút gọn trước khi gửi."
    notes_said = "Thừa 1 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi."
    assert [html.unescape(line) for line in re.findall(r'<li><a href="#[^"]+">([^<]*)</a></li>', summary)] == [
        f"Thời điểm kiểm tra: {future}",
        name,
        f"Ghi chú: {notes_said}",
    ]
    for box, said in (("observed_at", future), ("people", name), ("notes", notes_said)):
        beside = present(re.search(rf'<p class="error" id="e-{box}">([^<]*)</p>', sent.text)).group(1)
        assert html.unescape(beside) == said, box
        assert f'aria-invalid="true" aria-describedby="e-{box}' in sent.text, box
    assert "Yêu cầu không hợp lệ" not in html.unescape(sent.text)
    assert services.asked.count(("audit", "/findings")) == 1  # the page's list read again: nothing recorded


E1 = "0c1a0000-0000-4000-8000-0000000000e1"
DONE = [  # two planned inspections done, no finding recorded at a site (QZ13 #7)
    {
        "id": f"0c1a0000-0000-4000-8000-0000000001a{n}",
        "version": 2,
        "enterprise_id": E1,
        "enterprise_name": name,
        "planned_on": day,
        "phase": "before",
        "status": "done",
        "purpose": "Kiểm tra sẵn sàng trực Tết",
        "inspectors": ["Trần Thanh Tra"],
        "surprise": n == 2,
        "finding": {"result": "compliant", "text": "Đủ người, đúng giờ"},
    }
    for n, name, day in ((1, "Bưu điện tỉnh", "2027-01-27"), (2, "Viettel Thái Bình Trung", "2027-01-30"))
]


async def test_the_findings_page_says_what_it_lists_and_leads_to_the_planned_inspections_done_and_back() -> None:
    """QZ13 #7: "Biên bản kiểm tra" said "Chưa có biên bản kiểm tra nào" while "Kế hoạch kiểm tra" showed two
    inspections done with their results: someone writing minutes could not tell which page was the record. The
    findings page now says it lists findings recorded at a site and counts the planned inspections done, a link to
    them; the plans' page says what it holds, and each inspection done links to the findings of its day."""
    for account, plans in (
        (INSPECTOR, "/inspect/inspections?status=done"),
        (MANAGER, "/manage/inspections?status=done"),
    ):
        services = Services(account, {("roster", "/inspections"): DONE})
        [page] = await _visit(services, "/inspect/findings")
        said = _text(page)
        assert "Ở đây là các biên bản ghi tại điểm trực: ai có mặt khi kiểm tra, đối chiếu với lịch trực." in said
        assert "Chưa có biên bản kiểm tra tại điểm trực nào." in said
        link = present(re.search(r'<a href="([^"]+)" data-testid="planned-done">([^<]*)</a>', page.text))
        assert (html.unescape(link.group(1)), link.group(2)) == (
            plans,
            "2 cuộc kiểm tra đã thực hiện trong kế hoạch — xem kết quả",
        ), link.group(0)
        assert services.queries[services.asked.index(("roster", "/inspections"))]["status"] == "done"
    # none done: no link
    [page] = await _visit(Services(INSPECTOR), "/inspect/findings")
    assert 'data-testid="planned-done"' not in page.text

    # the plans' page: what it holds, the way to the findings, and each inspection done to its day's findings —
    # only where a record was made at a site that day (QZ26 #10: the visits of 26/01 and 29/01, results recorded on
    # the plan alone, linked "Không có biên bản nào khớp"); one audit call for the days of them all
    at_the_post_office = {"finding_id": "f1", "enterprise_id": E1, "observed_at": "2027-01-27T09:30:00+07:00"}
    next_morning = {"finding_id": "f2", "enterprise_id": E1, "observed_at": "2027-01-31T00:10:00+07:00"}
    services = Services(
        INSPECTOR, {("roster", "/inspections"): DONE, ("audit", "/findings"): [at_the_post_office, next_morning]}
    )
    [plans_page] = await _visit(services, f"/inspect/inspections?campaign_id={C1}")
    assert "Biên bản ghi tại điểm trực (ai có mặt, đối chiếu với lịch trực) ở trang" in _text(plans_page)
    assert services.asked.count(("audit", "/findings")) == 1
    asked = services.queries[services.asked.index(("audit", "/findings"))]
    assert (asked["observed_from"], asked["observed_to"]) == ("2027-01-27T00:00:00+07:00", "2027-01-31T00:00:00+07:00")
    assert f'data-testid="findings-of-{DONE[1]["id"]}"' not in plans_page.text  # none at its sites on 30/01
    services = Services(INSPECTOR, {("roster", "/inspections"): DONE, ("audit", "/findings"): []})
    [none_page] = await _visit(services, f"/inspect/inspections?campaign_id={C1}")
    assert 'data-testid="findings-of-' not in none_page.text
    for plan, day in ((DONE[0], "27/01/2027"),):
        link = present(
            re.search(rf'<a href="([^"]+)" data-testid="findings-of-{plan["id"]}">([^<]*)</a>', plans_page.text)
        )
        iso = plan["planned_on"]
        assert (
            html.unescape(link.group(1))
            == f"/inspect/findings?enterprise_id={E1}&observed_from={iso}&observed_to={iso}"
        )
        assert html.unescape(link.group(2)).startswith(
            f"Xem biên bản tại điểm trực của {plan['enterprise_name']} ngày {day}"
        )


async def test_the_plans_page_opens_the_result_form_of_the_plan_a_visit_links() -> None:
    """QZ26 #10: the visit's page links a plan still waiting with `record`: its result form opens, the others not."""
    waiting = [
        {**DONE[n], "id": f"0c1a0000-0000-4000-8000-0000000002a{n}", "status": "planned", "finding": None}
        for n in (0, 1)
    ]
    services = Services(INSPECTOR, {("roster", "/inspections"): waiting})
    plan_id = waiting[1]["id"]
    [page] = await _visit(services, f"/inspect/inspections?campaign_id={C1}&plan={plan_id}&record={plan_id}")
    rows = dict(re.findall(r'<tr data-plan="([^"]+)" id="plan-[^"]+">(.*?)</tr>', page.text, re.S))
    assert "<details open>" in rows[plan_id]
    assert "<details>" in rows[waiting[0]["id"]] and "<details open>" not in rows[waiting[0]["id"]]
