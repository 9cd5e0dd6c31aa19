"""QZ29 #2 in a browser, on the Tết stack (10:00 on mùng 2): MobiFone's manager was asked to explain a gap filled eight
hours before it began, "Chưa giải trình" with no word that it was filled in time or why it still counted. The rule
(PRODUCT.md: a gap is in force "when its time arrives while uncovered, or when it still exists at the readiness
deadline"): a hole that appeared after the readiness deadline and was filled before its hours began owes nothing and
leaves the list; one still open at the deadline is owed, and the list and its page say when it was filled and why.

The test makes its own site of MobiFone Long An: a patrol requirement there on mùng 4 of the Tết campaign, a hole from
the moment it is set, filled at once; and a drill of its own whose readiness deadline passes a few seconds after its
requirement opens a hole, filled after that."""

from __future__ import annotations

import re
import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from browser_support import sign_in

ICT = timezone(timedelta(hours=7))
ENTERPRISE = "MobiFone Long An"
LIST = "/manage/explanations?state=unexplained&kind=gap&limit=200"


def _hole_filled(stack, campaign_id: str, site_id: str, staff_id: str, starts: datetime, *, after=None) -> str:
    """A patrol requirement of 1 at the site 06:00–12:00 from `starts`, its gap seen by audit; `after()` waited for;
    then a shift over it; the gap's id once audit has closed it."""
    enterprise_id = stack.enterprises[ENTERPRISE]
    ends = starts + timedelta(hours=6)
    window = {"kind": "one_off", "starts_at": starts.isoformat(), "ends_at": ends.isoformat()}
    deadline = time.monotonic() + 60
    with stack.api("roster") as roster, stack.api("audit") as audit:
        required = roster.post(
            "/requirements",
            json={
                "campaign_id": campaign_id,
                "enterprise_id": enterprise_id,
                "site_id": site_id,
                "duty_type": "patrol",
                "minimum": 1,
                "window": window,
            },
        )
        assert required.status_code == 201, required.text
        params = {"campaign_id": campaign_id, "site_id": site_id, "in_force": "all"}
        while not audit.get("/gaps", params={**params, "status": "open"}).json()["items"]:
            assert time.monotonic() < deadline, "audit never opened the gap"
            time.sleep(0.2)
        if after is not None:
            after()
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": campaign_id,
                "enterprise_id": enterprise_id,
                "duty_type": "patrol",
                "site_id": site_id,
                "starts_at": starts.isoformat(),
                "ends_at": ends.isoformat(),
                "status": "published",
                "assignees": [{"staff_id": staff_id}],
            },
        )
        assert shift.status_code == 201, shift.text
        while not (found := audit.get("/gaps", params={**params, "status": "closed"}).json()["items"]):
            assert time.monotonic() < deadline, "audit never closed the gap"
            time.sleep(0.2)
    [gap] = found
    return str(gap["gap_id"])


@pytest.mark.timeout(600)  # the stack (four services and the demo) may start within this test
def test_a_gap_filled_before_it_began_is_owed_only_if_open_at_the_deadline_and_says_why(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    enterprise_id = stack.enterprises[ENTERPRISE]
    site_name = f"Trạm BTS Mỹ Thạnh Tây {secrets.token_hex(2)}"
    with stack.api("roster") as roster:
        site = roster.post("/sites", json={"enterprise_id": enterprise_id, "name": site_name, "kind": "base_station"})
        assert site.status_code == 201, site.text
        guard = roster.post(
            "/staff", json={"enterprise_id": enterprise_id, "full_name": "Huỳnh Văn Tới", "qualifications": ["guard"]}
        )
        assert guard.status_code == 201, guard.text
        ready_by = stack.clock() + timedelta(seconds=6)
        drill = roster.post(
            "/campaigns",
            json={
                "kind": "drill",
                "name": f"Diễn tập sẵn sàng {secrets.token_hex(2)}",
                "starts_at": "2027-03-01T00:00:00+07:00",
                "ends_at": "2027-03-02T00:00:00+07:00",
                "readiness_deadline": ready_by.isoformat(),
            },
        )
        assert drill.status_code == 201, drill.text
    site_id, staff_id = site.json()["id"], guard.json()["id"]
    # During Tết, a hole on mùng 4 that appears now and is filled at once.
    in_time = _hole_filled(stack, stack.campaign_id, site_id, staff_id, datetime(2027, 2, 9, 6, tzinfo=ICT))

    def deadline_passed() -> None:
        while stack.clock() <= ready_by:
            time.sleep(0.2)

    # The drill's hole, open when its readiness deadline passes, filled after it — days before its hours.
    at_deadline = _hole_filled(
        stack, drill.json()["id"], site_id, staff_id, datetime(2027, 3, 1, 6, tzinfo=ICT), after=deadline_passed
    )

    page = tet_page()
    sign_in(page, stack, stack.managers[ENTERPRISE])
    page.goto(LIST)
    expect(page.locator(f"tr[data-item='{at_deadline}']")).to_contain_text("Chưa giải trình")
    expect(page.locator(f"tr[data-item='{in_time}']")).to_have_count(0)  # owes nothing: not listed
    row = page.locator(f"tr[data-item='{at_deadline}']")
    expect(row).to_contain_text(site_name)
    ready_said = f"{ready_by.astimezone(ICT):%H:%M} 07/02/2027"
    counted = row.get_by_test_id("counted")
    expect(counted).to_have_text(
        re.compile(
            r"^Đã bổ sung người lúc \d\d:\d\d 07/02/2027, trước giờ bắt đầu; vẫn phải giải trình vì đến hạn sẵn "
            rf"sàng \({ready_said}\) lịch trực vẫn còn trống\.$"
        )
    )
    said = counted.inner_text()
    # the item's own page says it under its state
    row.get_by_role("link", name="Giải trình").click()
    expect(page.get_by_test_id("state")).to_have_text("Chưa giải trình")
    expect(page.get_by_test_id("counted")).to_have_text(said)

    # In English.
    page.goto(f"/lang/en?next={LIST.replace('?', '%3F').replace('&', '%26').replace('=', '%3D')}")
    english = page.locator(f"tr[data-item='{at_deadline}']").get_by_test_id("counted")
    expect(english).to_have_text(
        re.compile(
            r"^Filled at \d\d:\d\d 7 Feb 2027, before it began; still to be explained: the roster was still short at "
            r"the readiness deadline \(\d\d:\d\d 7 Feb 2027\)\.$"
        )
    )
    expect(page.locator(f"tr[data-item='{in_time}']")).to_have_count(0)
