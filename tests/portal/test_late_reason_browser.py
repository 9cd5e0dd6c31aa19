"""A late check-in says why, on a phone, in a real browser over the real services (QZ29 #13): on mùng 2 Tết (`make
run`'s clock) two workers of VNPT Long An come an hour after their 09:00-ish shift began. Past the grace the check-in
form asks "Lý do đến muộn (không bắt buộc)": one types it and checks in, the card says it and offers nothing more; the
other checks in without it, the card offers to give it, once, and after that says it too — and roster keeps both, as
audit and the manager's mail read them; the manager's presence page of the shift says it beside the check-in.

Data: two staff records with accounts registered here, their shifts cancelled afterwards, the records made
inactive."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import timedelta

from playwright.sync_api import expect

from browser_support import sign_in

from .test_swap_answer_browser import ENTERPRISE, with_accounts

FLOODED = "Đường Quốc lộ 1 qua Bến Lức ngập sâu, phải đi vòng"
CALLED = "Được gọi đi ứng cứu cáp quang ở Cần Đước trên đường đến trạm"


@contextlib.contextmanager
def _late_shift(stack, manager, staff_id: str) -> Iterator[dict]:
    """A published shift of `staff_id`'s that began 1 h 6 min before the stack's clock, cancelled afterwards."""
    starts = (stack.clock() - timedelta(hours=1, minutes=6)).replace(second=0, microsecond=0)
    with stack.api("roster", manager) as roster:
        made = roster.post(
            "/shifts",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": manager.enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "assignees": [{"staff_id": staff_id}],
                "status": "published",
            },
        )
        assert made.status_code == 201, made.text
    try:
        yield made.json()
    finally:
        with stack.api("roster", manager) as roster:
            current = roster.get(f"/shifts/{made.json()['id']}").json()
            roster.post(
                f"/shifts/{current['id']}/cancel",
                headers={"If-Match": f'"{current["version"]}"'},
                json={"reason": "Kết thúc bài kiểm thử"},
            ).raise_for_status()


def test_a_late_check_in_asks_why_and_the_reason_can_be_given_once_afterwards(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    manager = stack.managers[ENTERPRISE]
    with (
        stack.api("roster") as admin,
        with_accounts(admin, stack, ("Nguyễn Thị Ánh Tuyết", "Trần Minh Đức")) as (tuyet, duc),
        _late_shift(stack, manager, tuyet.staff_id or "") as hers,
        _late_shift(stack, manager, duc.staff_id or "") as his,
    ):
        # Tuyết says why with her check-in
        page = tet_page(phone=True)
        sign_in(page, stack, tuyet)
        page.goto("/me/shifts")
        card = page.locator(f"#shift-{hers['id']}")
        expect(card.get_by_text("Đã quá 15 phút cho phép: bạn điểm danh muộn.")).to_be_visible()
        card.get_by_label("Lý do đến muộn (không bắt buộc)").fill(FLOODED)
        card.get_by_role("button", name="Điểm danh").click()
        expect(page).to_have_url(re.compile(rf"/me/shifts\?done=checked_in_why&late=\d+&shift_id={hers['id']}#shift-"))
        card = page.locator(f"#shift-{hers['id']}")
        expect(card.locator("#checked-in")).to_contain_text("nay được báo bạn đã có mặt, kèm lý do bạn nêu")
        expect(card.locator(".late-reason")).to_have_text(f"Lý do đến muộn: {FLOODED}")
        expect(card.get_by_role("button", name="Gửi lý do")).to_have_count(0)  # said once, with the check-in

        # Đức checks in without one: the card offers to give it, once
        page = tet_page(phone=True)
        sign_in(page, stack, duc)
        page.goto("/me/shifts")
        page.locator(f"#shift-{his['id']}").get_by_role("button", name="Điểm danh").click()
        expect(page).to_have_url(re.compile(rf"/me/shifts\?done=checked_in&late=\d+&shift_id={his['id']}#shift-"))
        card = page.locator(f"#shift-{his['id']}")
        expect(card.locator("#checked-in")).to_contain_text("hãy nêu lý do đến muộn trên thẻ ca này")
        expect(card.locator(".late-reason")).to_have_count(0)
        card.get_by_label("Lý do đến muộn", exact=True).fill(CALLED)
        send = card.get_by_role("button", name="Gửi lý do")
        send.scroll_into_view_if_needed()
        expect(send).to_be_in_viewport()
        send.click()
        expect(page).to_have_url(re.compile(rf"/me/shifts\?done=late_explained&shift_id={his['id']}#shift-"))
        card = page.locator(f"#shift-{his['id']}")
        expect(card.locator("#checked-in")).to_have_text(
            "Đã gửi lý do đến muộn: quản lý và thanh tra đọc được bên cạnh giờ điểm danh của bạn."
        )
        expect(card.locator(".late-reason")).to_have_text(f"Lý do đến muộn: {CALLED}")
        expect(card.get_by_role("button", name="Gửi lý do")).to_have_count(0)  # once

        with stack.api("roster", manager) as roster:
            kept = [roster.get(f"/shifts/{s['id']}").json()["assignees"][0]["late_reason"] for s in (hers, his)]
        assert kept == [FLOODED, CALLED]

        # the manager's presence page of the shift says it beside the check-in, without a phone call
        boss = tet_page()
        sign_in(boss, stack, manager)
        boss.goto(f"/manage/shifts/{his['id']}/presence")
        expect(boss.get_by_test_id(f"late-reason-{duc.staff_id}")).to_have_text(
            f"— lý do đến muộn người trực nêu: {CALLED}"
        )
