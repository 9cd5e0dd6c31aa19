"""QZ29 in a browser, on the Tết stack (10:00 on mùng 2): a gap filled in part whose rest was ended by a hand-over read
"Đã bổ sung một phần — phần còn lại đã qua, không được bổ sung người" and "Phần còn lại đã kết thúc lúc …, không được
bổ sung người" — the rest was taken over; and the rest, owing no explanation of its own (the gap's accounts for it),
is said so on its page. The test makes its own site of MobiFone Long An, a patrol requirement of 1
there 06:00–18:00 on 07/02/2027 and three guards: Hà Thị Ngọc Lan's shift, nobody came, handed over from 09:05 to Tạ
Văn Hiếu (gap 06:00–09:05); then Kha Minh Đức rostered 06:00–07:00, which fills it in part (its rest 07:00–09:05). The
gap's page — its status, the rest's link, its time line — and the list's row say the rest was taken over by Hiếu
from 09:05, as a whole gap's end is said; in Vietnamese and English, never "nobody added"."""

from __future__ import annotations

import re
import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from browser_support import sign_in

from .guarded_post import guarded_site

ICT = timezone(timedelta(hours=7))
ENTERPRISE = "MobiFone Long An"
ABSENT, TAKER, ADDED = "Hà Thị Ngọc Lan", "Tạ Văn Hiếu", "Kha Minh Đức"
STARTS, ENDS, HANDED, FILLED_TO = (
    datetime(2027, 2, 7, 6, tzinfo=ICT),
    datetime(2027, 2, 7, 18, tzinfo=ICT),
    datetime(2027, 2, 7, 9, 5, tzinfo=ICT),
    datetime(2027, 2, 7, 7, tzinfo=ICT),
)


def _shift(roster, stack, enterprise_id: str, site_id: str, staff_id: str, starts: datetime, ends: datetime) -> dict:
    made = roster.post(
        "/shifts",
        json={
            "campaign_id": stack.campaign_id,
            "enterprise_id": enterprise_id,
            "duty_type": "patrol",
            "site_id": site_id,
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "status": "published",
            "assignees": [{"staff_id": staff_id}],
        },
    )
    assert made.status_code == 201, made.text
    return made.json()


def _filled_in_part(stack) -> tuple[str, str, str]:
    """The site, its requirement, the shift handed over because nobody came, then a guard rostered for the gap's first
    hour; the site's id and name and the first gap's id once audit has closed it and opened its rest."""
    enterprise_id = stack.enterprises[ENTERPRISE]
    site_name = f"Trạm BTS Long Trạch {secrets.token_hex(2)}"
    deadline = time.monotonic() + 60
    with stack.api("roster") as roster, stack.api("audit") as audit:
        site_id, people = guarded_site(
            roster, stack, enterprise_id, site_name, STARTS.isoformat(), ENDS.isoformat(), (ABSENT, TAKER, ADDED)
        )
        shift = _shift(roster, stack, enterprise_id, site_id, people[ABSENT], STARTS, ENDS)
        handed = roster.post(
            f"/shifts/{shift['id']}/handover",
            json={
                "assignees": [{"staff_id": people[TAKER]}],
                "at": HANDED.isoformat(),
                "absent": True,
                "reason": "Chị Lan không đến, gọi không được; anh Hiếu vào thay",
            },
            headers={"If-Match": f'"{shift["version"]}"'},
        )
        assert handed.status_code == 201, handed.text
        params = {"campaign_id": stack.campaign_id, "site_id": site_id, "in_force": "all", "status": "open"}
        while not audit.get("/gaps", params=params).json()["items"]:
            assert time.monotonic() < deadline, "audit never opened the gap"
            time.sleep(0.5)
        _shift(roster, stack, enterprise_id, site_id, people[ADDED], STARTS, FILLED_TO)
        params["status"] = "closed"
        while not (found := audit.get("/gaps", params=params).json()["items"]):
            assert time.monotonic() < deadline, "audit never filled the gap in part"
            time.sleep(0.5)
    [gap] = found
    assert gap["closed_as"] == "narrowed", gap
    [rest] = gap["replaced_by"]
    assert (rest["starts_at"], rest["ends_at"], rest["ends_as"]) == (
        FILLED_TO.isoformat(),
        HANDED.isoformat(),
        "taken_over",
    ), rest
    return site_id, site_name, gap["gap_id"]


@pytest.mark.timeout(600)  # the stack (four services and the demo) may start within this test
def test_the_rest_of_a_gap_filled_in_part_says_who_took_it_over(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    site_id, site_name, gap_id = _filled_in_part(stack)
    page = tet_page()
    sign_in(page, stack, stack.inspector)

    page.goto(f"/inspect/gaps/{gap_id}")
    status = page.locator("dl.facts dt:has-text('Trạng thái') + dd")
    expect(status.locator("[data-ended]")).to_have_text(
        f"Đã bổ sung một phần — phần còn lại đã có người nhận thay từ 09:05: {TAKER}"
    )
    expect(status.get_by_role("link")).to_have_text("Khoảng trống còn lại 07:00–09:05")
    expect(status).to_contain_text(f"(đã có người nhận thay từ 09:05: {TAKER})")
    expect(status).not_to_contain_text("không được bổ sung")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text(
        f"Phần còn lại kết thúc lúc 09:05 07/02/2027 (Mùng 2 Tết Đinh Mùi): {TAKER} nhận thay"
    )
    expect(timeline).not_to_contain_text("không được bổ sung")

    # The rest owes no explanation of its own: the gap's covers it (one shortfall, one explanation), its page says so
    # and leads back to the gap's.
    status.get_by_role("link").click()
    panel = page.get_by_test_id("explained-with")
    expect(panel).to_contain_text(
        "Không phải giải trình riêng: đây là phần còn lại của khoảng trống 06:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 09:05"
        " (được bổ sung một phần), giải trình của khoảng trống đó gồm cả phần này."
    )
    expect(panel).not_to_contain_text("Chưa giải trình")
    panel.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/inspect/gaps/{gap_id}#explanation$"))
    expect(page.get_by_test_id("explanation-state")).to_have_text("Chưa giải trình")

    # The list's row says the same of it.
    page.goto(f"/inspect/gaps?campaign_id={stack.campaign_id}&site_id={site_id}&in_force=all&status=closed")
    row = page.get_by_role("row").filter(has_text=site_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"Đã bổ sung một phần — phần còn lại đã có người nhận thay từ 09:05: {TAKER}")
    expect(row).not_to_contain_text("không được bổ sung")

    # In English.
    page.goto(f"/lang/en?next=/inspect/gaps/{gap_id}")
    status = page.locator("dl.facts dt:has-text('Status') + dd")
    expect(status.locator("[data-ended]")).to_have_text(f"Partly filled — the rest taken over from 09:05: {TAKER}")
    expect(page.locator("ol.timeline")).to_contain_text(f": {TAKER} took over")
    expect(page.locator("main")).not_to_contain_text("nobody added")
    expect(page.locator("main")).not_to_contain_text("ended uncovered")
