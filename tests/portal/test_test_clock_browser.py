"""The portal on a test clock (`make run`'s, LICHTRUC_CLOCK_OFFSET: 10:00 on mùng 2 Tết Đinh Mùi as the stack
starts), in a real browser: every page says the clock is a test clock, with its time, in the reader's language, and
no page of a stack on the wall clock does; the directive's rules, refused beside what they concern — an incident
detected later than now beside its detection time, a day's report before the day begins as the page's message (the
form has no day field: the day is the page's). Uses Bưu điện tỉnh Long An's manager, whom no other test of this
stack uses."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from browser_support import sign_in
from lichtruc.vntime import VIETNAM

ENTERPRISE = "Bưu điện tỉnh Long An"


def test_every_page_says_the_test_clock_and_the_wall_clock_says_nothing(tet_page, tet_portal_stack, new_page) -> None:
    stack = tet_portal_stack
    page = tet_page()
    page.goto("/login")  # signed out too
    banner = page.locator("#test-clock")
    expect(banner).to_contain_text(re.compile(r"^Đồng hồ thử nghiệm: \d\d:\d\d 07/02/2027 \(Mùng 2 Tết Đinh Mùi\)"))
    expect(banner).to_contain_text("không phải giờ thật")
    sign_in(page, stack, stack.managers[ENTERPRISE])
    for path in ("/board", "/incidents", f"/reports/daily?campaign_id={stack.campaign_id}"):
        page.goto(path)
        expect(page.locator("#test-clock")).to_contain_text("Đồng hồ thử nghiệm: ")
    page.goto("/lang/en?next=/incidents")
    expect(page.locator("#test-clock")).to_contain_text(
        re.compile(r"^Test clock: \d\d:\d\d 07/02/2027 \(Day 2 of Tết, Đinh Mùi\)\. This is not the real time")
    )

    wall = new_page()  # the wall clock's stack: no banner
    wall.goto("/login")
    expect(wall.get_by_role("button", name="Đăng nhập")).to_be_visible()
    expect(wall.locator("#test-clock")).to_have_count(0)


def test_the_directives_rules_are_refused_beside_what_they_concern(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    manager = stack.managers[ENTERPRISE]
    page = tet_page()
    sign_in(page, stack, manager)

    # An incident detected an hour from now (the stack's clock) is refused beside its detection time.
    later = (stack.clock() + timedelta(hours=1)).astimezone(VIETNAM)
    page.goto("/incidents")
    form = page.locator("#incident-form")
    form.get_by_label("Phát hiện lúc (giờ Việt Nam)").fill(f"{later:%Y-%m-%dT%H:%M}")
    form.locator("#f-district").fill("Tân An")
    form.get_by_label("Bưu chính").check()
    form.get_by_label("Mức độ").select_option("minor")
    form.get_by_label("Mô tả").fill("Mất kết nối tại quầy giao dịch (ghi trước giờ phát hiện)")
    form.get_by_role("button", name="Ghi nhận sự cố").click()
    refusal = page.locator("#e-detected_at")
    expect(refusal).to_contain_text(f"Sự cố của {ENTERPRISE} không thể được phát hiện lúc {later:%H:%M %d/%m/%Y}")
    expect(refusal).to_contain_text("muộn hơn lúc ghi nhận")
    expect(page.locator("#f-detected_at")).to_have_attribute("aria-invalid", "true")
    with stack.api("roster", manager) as roster:
        found = roster.get("/incidents", params={"enterprise_id": manager.enterprise_id, "limit": 100}).json()
    assert not [i for i in found["items"] if "ghi trước giờ phát hiện" in i["description"]]

    # Mùng 3's report cannot be sent on mùng 2: the page says why, and nothing is sent.
    page.goto(f"/reports/daily?campaign_id={stack.campaign_id}&enterprise_id={manager.enterprise_id}&day=2027-02-08")
    page.get_by_label("V. Tình hình bất thường, kiến nghị").fill("Gửi trước ngày")
    page.get_by_label("Tôi đã xem lại báo cáo: báo cáo đã gửi thì không sửa được.").check()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(
        page.get_by_text(re.compile(r"Chưa thể gửi báo cáo ngày 08/02/2027 \(Mùng 3 Tết Đinh Mùi\)"))
    ).to_be_visible()
    expect(page.get_by_text("Chưa gửi lần nào.")).to_be_visible()
    with stack.api("roster", manager) as roster:
        sent = roster.get("/daily-reports", params={"enterprise_id": manager.enterprise_id, "day": "2027-02-08"})
    assert sent.json()["items"] == []
