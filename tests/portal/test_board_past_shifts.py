"""A shift already worked, changed from the board, in a real browser over the real services: the cell says the
shift has ended (with its end in Vietnam time and lunar day) and that a change rewrites the record inspectors
see, and every change form asks before it is sent; a shift still to come says nothing of the sort.

Data: a drill of the provincial post office that ended yesterday (created here by the administrator; it is
never in progress, so no manager lands on its board), with one shift two days ago and none after; planning another
there, through the form folded behind "Ghi lại một ca đã diễn ra", asks first, because it has begun."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from playwright.sync_api import expect

from browser_support import accept_next_dialog, sign_in
from lichtruc.vntime import VIETNAM
from portal.domain.dates import instant_label

POST_OFFICE = "Bưu điện tỉnh Long An"


def test_a_shift_that_has_ended_says_so_before_it_is_changed(new_page, portal_stack) -> None:
    stack = portal_stack
    today = datetime.now(VIETNAM).date()
    first = datetime.combine(today - timedelta(days=3), datetime.min.time(), tzinfo=VIETNAM)
    enterprise_id = stack.enterprises[POST_OFFICE]
    with stack.api("roster") as admin:
        drill = admin.post(
            "/campaigns",
            json={
                "kind": "drill",
                "name": f"Diễn tập trực Tết {secrets.token_hex(2)}",
                "starts_at": first.isoformat(),
                "ends_at": (first + timedelta(days=2)).isoformat(),  # over since yesterday 00:00
            },
        )
        assert drill.status_code == 201, drill.text
    manager = stack.managers[POST_OFFICE]
    with stack.api("roster", manager) as roster:
        people = roster.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
        operator = next(p for p in people if "operator" in p["qualifications"] and p["active"])
        starts = first + timedelta(days=1, hours=8)
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": drill.json()["id"],
                "enterprise_id": enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "assignees": [{"staff_id": operator["id"]}],
                "status": "published",
            },
        )
        assert shift.status_code == 201, shift.text

    page = new_page()
    sign_in(page, stack, manager)
    day = starts.date().isoformat()
    page.goto(f"/manage/board/{drill.json()['id']}/{enterprise_id}/cell?day={day}&duty_type=operations")
    card = page.locator(f"#shift-{shift.json()['id']}")
    ends = instant_label(starts + timedelta(hours=8), "vi")
    expect(card.locator(".shift-timing")).to_have_text(re.compile(rf"^Ca này đã kết thúc lúc {re.escape(ends)}\."))
    expect(card.locator(".shift-timing")).to_contain_text("thanh tra của Sở thấy mọi lần sửa")
    links = {"edit": "Sửa ghi chú, điểm trực, điểm kiêm", "reschedule": "Đổi giờ", "reassign": "Người trực của ca"}
    # each action named with its shift, as a screen reader hears it among a cell's several (QZ13 #11)
    which = f"{operator['full_name']}, {starts:%H:%M}–{starts + timedelta(hours=8):%H:%M}"
    for action, link in links.items():  # each asks, as a question; each form drawn on following its card's link
        card.get_by_role("link", name=f"{link} — {which}", exact=True).click()
        form = card.locator(f"form[action$='/shifts/{shift.json()['id']}/{action}']")
        expect(form).to_have_attribute(
            "data-confirm", re.compile(r"^Ca này đã kết thúc\. Vẫn sửa hồ sơ của một ca đã qua\?")
        )

    # Cancelling it asks first — the past record and the usual word on the staff's calendars — then cancels.
    card.get_by_role("link", name=f"Hủy ca — {which}", exact=True).click()
    card.get_by_label("Lý do hủy").fill("Ghi nhầm: ca diễn tập không diễn ra")
    asked = accept_next_dialog(page)
    card.get_by_role("button", name="Hủy ca này").click()
    expect(page.locator(f"#shift-{shift.json()['id']}")).to_have_count(0)  # the board leaves cancelled shifts out
    assert asked and asked[0].startswith("Ca này đã kết thúc; thanh tra thấy mọi lần sửa. Hủy ca trực này?")
    with stack.api("roster", manager) as roster:
        after = roster.get(f"/shifts/{shift.json()['id']}").json()
    assert (after["status"], after["cancel_reason"]) == ("cancelled", "Ghi nhầm: ca diễn tập không diễn ra")

    # Planning a shift that has begun already asks first: refused in words with a box to tick, what was typed kept;
    # ticked, it is recorded. On a day over (a campaign ended) the form is folded behind "recording a shift worked",
    # not offered as "Xếp ca mới" (QZ23 #3).
    plan = page.locator("#plan-form")
    expect(plan).to_be_hidden()
    expect(page.get_by_role("heading", name="Xếp ca mới")).to_have_count(0)
    page.locator("[data-testid=plan-past] summary", has_text="Ghi lại một ca đã diễn ra").click()
    expect(plan).to_be_visible()
    plan.get_by_label(operator["full_name"]).check()
    plan.get_by_label("Bắt đầu (giờ Việt Nam)").fill(f"{day}T18:00")
    plan.get_by_label("Kết thúc (giờ Việt Nam)").fill(f"{day}T22:00")
    plan.get_by_label("Ghi chú (không bắt buộc)").fill("Ghi bù ca trực tối")
    # refused: the cell's own page says why (Post/Redirect/Get), with the refusal's status
    with page.expect_response(lambda r: r.request.method == "GET" and "/cell?" in r.url) as answer:
        plan.get_by_role("button", name="Xếp ca").click()
    assert answer.value.status == 422 and answer.value.request.redirected_from is not None
    assert "/shifts" not in page.url
    plan = page.locator("#plan-form")
    expect(page.get_by_role("alert")).to_contain_text("Ca này bắt đầu trước thời điểm hiện tại")  # the summary
    expect(plan.locator("#e-plan-past")).to_contain_text("Ca này bắt đầu trước thời điểm hiện tại")  # beside its box
    expect(plan.get_by_label("Ghi chú (không bắt buộc)")).to_have_value("Ghi bù ca trực tối")
    expect(plan.get_by_label(operator["full_name"])).to_be_checked()
    plan.get_by_role("checkbox", name="Tôi ghi lại một ca đã bắt đầu hoặc đã diễn ra").check()
    plan.get_by_role("button", name="Xếp ca").click()
    recorded = page.locator(".shift-card", has_text="Ghi bù ca trực tối")
    expect(recorded).to_be_visible()
    expect(recorded.locator(".shift-timing")).to_contain_text("Ca này đã kết thúc lúc")

    # A shift still to come (the demo's leader on mùng 2 Tết) carries no such word.
    page.goto(f"/manage/board/{stack.campaign_id}/{enterprise_id}/cell?day=2027-02-07&duty_type=leadership")
    expect(page.locator(".shift-card").first).to_be_visible()
    expect(page.locator(".shift-timing")).to_have_count(0)
    expect(page.locator("form[data-confirm^='Ca này đã kết thúc']")).to_have_count(0)
    expect(page.locator("form[data-confirm^='Ca này đang diễn ra']")).to_have_count(0)
