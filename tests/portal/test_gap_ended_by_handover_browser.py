"""QZ29 #1 in a browser, on the Tết stack (10:00 on mùng 2): a gap ended by a hand-over said "Đã qua, không được bổ
sung người (… kết thúc lúc 10:05 … mà không có ai được bổ sung)" and "Đã kết thúc lúc 10:05, không được bổ sung
người" beside its own cause "Lê Hữu Nghĩa nhận ca từ 10:05". The test makes its own site of MobiFone Long An, a patrol
requirement of 1 there 06:00–18:00 on 07/02/2027 and two guards: Hà Thị Ngọc Lan's shift, nobody came, handed over
from 09:05 to Tạ Văn Hiếu. The gap 06:00–09:05 is over by the stack's clock: its page's status, its detail and its
time line, and the list's row, say he took over from 09:05 — in Vietnamese and English, never "nobody added"."""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from browser_support import sign_in

from .guarded_post import guarded_site

ICT = timezone(timedelta(hours=7))
ENTERPRISE = "MobiFone Long An"
ABSENT, TAKER = "Hà Thị Ngọc Lan", "Tạ Văn Hiếu"
STARTS, ENDS, HANDED = (
    datetime(2027, 2, 7, 6, tzinfo=ICT),
    datetime(2027, 2, 7, 18, tzinfo=ICT),
    datetime(2027, 2, 7, 9, 5, tzinfo=ICT),
)


def _handed_over(stack) -> tuple[str, str, str]:
    """The site, the requirement, the two guards, the shift handed over because nobody came; the site's id and name
    and the gap's id once audit has it."""
    enterprise_id = stack.enterprises[ENTERPRISE]
    site_name = f"Trạm BTS Thạnh Hưng {secrets.token_hex(2)}"
    with stack.api("roster") as roster:
        site_id, people = guarded_site(
            roster, stack, enterprise_id, site_name, STARTS.isoformat(), ENDS.isoformat(), (ABSENT, TAKER)
        )
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": enterprise_id,
                "duty_type": "patrol",
                "site_id": site_id,
                "starts_at": STARTS.isoformat(),
                "ends_at": ENDS.isoformat(),
                "status": "published",
                "assignees": [{"staff_id": people[ABSENT]}],
            },
        )
        assert shift.status_code == 201, shift.text
        handed = roster.post(
            f"/shifts/{shift.json()['id']}/handover",
            json={
                "assignees": [{"staff_id": people[TAKER]}],
                "at": HANDED.isoformat(),
                "absent": True,
                "reason": "Chị Lan không đến, gọi không được; anh Hiếu vào thay",
            },
            headers={"If-Match": f'"{shift.json()["version"]}"'},
        )
        assert handed.status_code == 201, handed.text
    deadline = time.monotonic() + 60
    with stack.api("audit") as audit:
        params = {"campaign_id": stack.campaign_id, "site_id": site_id, "in_force": "all", "status": "open"}
        while not (found := audit.get("/gaps", params=params).json()["items"]):
            assert time.monotonic() < deadline, "audit never opened the gap"
            time.sleep(0.5)
    [gap] = found
    assert (gap["starts_at"], gap["ends_at"]) == (STARTS.isoformat(), HANDED.isoformat()), gap
    return site_id, site_name, gap["gap_id"]


@pytest.mark.timeout(600)  # the stack (four services and the demo) may start within this test
def test_a_gap_ended_by_a_hand_over_says_who_took_over_from_when(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    site_id, site_name, gap_id = _handed_over(stack)
    page = tet_page()
    sign_in(page, stack, stack.inspector)

    page.goto(f"/inspect/gaps/{gap_id}")
    facts = page.locator("dl.facts")
    cause = facts.locator("[data-cause]")
    expect(cause).to_contain_text(f"{TAKER} nhận ca từ 09:05")
    status = facts.locator("dt:has-text('Trạng thái') + dd")
    expect(status.locator("[data-ended]")).to_have_text(f"Đã có người nhận thay từ 09:05: {TAKER}")
    expect(status).to_contain_text(
        f"(khoảng trống kết thúc lúc 09:05 07/02/2027 (Mùng 2 Tết Đinh Mùi) khi {TAKER} nhận thay"
    )
    expect(status).not_to_contain_text("không được bổ sung")
    timeline = page.locator("ol.timeline li")
    expect(timeline.last).to_have_text(f"Kết thúc lúc 09:05 07/02/2027 (Mùng 2 Tết Đinh Mùi): {TAKER} nhận thay")
    expect(page.locator("ol.timeline")).not_to_contain_text("không được bổ sung")

    # The list's row says the same of it.
    page.goto(f"/inspect/gaps?campaign_id={stack.campaign_id}&site_id={site_id}&in_force=all&status=open")
    row = page.get_by_role("row").filter(has_text=site_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"Đã có người nhận thay từ 09:05: {TAKER}")
    expect(row).not_to_contain_text("không được bổ sung")

    # In English.
    page.goto(f"/lang/en?next=/inspect/gaps/{gap_id}")
    status = page.locator("dl.facts dt:has-text('Status') + dd")
    expect(status.locator("[data-ended]")).to_have_text(f"Taken over from 09:05: {TAKER}")
    expect(status).to_contain_text(f"when {TAKER} took over")
    expect(page.locator("ol.timeline li").last).to_contain_text(f": {TAKER} took over")
    expect(page.locator("main")).not_to_contain_text("nobody added")
