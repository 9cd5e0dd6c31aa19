"""What the QA round at 10:00 on mùng 2 Tết (the stack's test clock) left, in a browser:

- the plan form ("Xếp ca") offers the further sites a new shift covers, as the edit form does, keeps them when the
  plan is refused, and sends them to roster; the swap pages name them ("kiêm …") as the cards do;
- a refused plan is answered by Post/Redirect/Get: the address is the cell's own, with what was typed and the
  error summary, and going back to it later never lands on Chromium's "Confirm form resubmission";
- a manager who publishes a point's Tết hours after the campaign's deadline is told so, and by how long
  (the daily report's own notice is tested with its submission, test_daily_report_pages)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in
from portal.domain.dates import VIETNAM, instant_label

from .free_hours import plan_when_free

VNPT = "VNPT Long An"
HUNG_DIEN, MY_THANH_BAC, TAN_AN = "Trạm viễn thông Hưng Điền", "Trạm BTS Mỹ Thạnh Bắc", "Tổng đài Host Tân An"
DAY = "2027-02-10"  # mùng 5: ahead of the stack's clock, so the plan form asks nothing first
NOTES = "QA: ca tuần tra kiêm Mỹ Thạnh Bắc"
POST_OFFICE = "Bưu điện tỉnh Long An"
UNPUBLISHED = "Bưu điện huyện Tân Hưng"  # a post office of the demo that published no hours


def _sites(stack) -> dict[str, str]:
    with stack.api("roster") as roster:
        found = roster.get("/sites", params={"enterprise_id": stack.enterprises[VNPT], "limit": 100}).json()["items"]
    return {s["name"]: s["id"] for s in found}


def _cell(stack, site_id: str) -> str:
    return (
        f"/manage/board/{stack.campaign_id}/{stack.enterprises[VNPT]}/cell?day={DAY}&duty_type=patrol&site_id={site_id}"
    )


def _cancel(stack, who, shift: dict) -> None:
    with stack.api("roster", who) as roster:
        current = roster.get(f"/shifts/{shift['id']}").json()
        roster.post(
            f"/shifts/{shift['id']}/cancel",
            headers={"If-Match": f'"{current["version"]}"'},
            json={"reason": "Kết thúc bài kiểm thử"},
        ).raise_for_status()


@pytest.mark.screenshot
def test_a_refused_plan_keeps_its_covered_sites_at_the_cells_address_and_back_never_resends(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    sites = _sites(stack)
    manager = stack.managers[VNPT]
    page = tet_page()
    sign_in(page, stack, manager)
    cell = _cell(stack, sites[HUNG_DIEN])
    page.goto(cell)
    form = page.locator("#plan-form")
    covers = form.get_by_role("group", name="Kiêm cả các điểm trực")
    expect(covers.get_by_role("checkbox", name=re.compile(HUNG_DIEN))).to_have_count(0)  # the cell's own site
    covers.get_by_role("checkbox", name=re.compile(MY_THANH_BAC)).check()
    form.get_by_label("Ghi chú").fill(NOTES)
    form.get_by_role("button", name="Xếp ca").click()  # nobody ticked: refused

    # The refusal is shown at the cell's own address (a GET), with what was typed
    expect(page.get_by_role("alert").filter(has_text="Hãy chọn ít nhất một người.").first).to_be_visible()
    assert page.url == f"{stack.portal}{cell}", page.url
    form = page.locator("#plan-form")
    expect(
        form.get_by_role("group", name="Kiêm cả các điểm trực").get_by_role("checkbox", name=re.compile(MY_THANH_BAC))
    ).to_be_checked()
    expect(form.get_by_label("Ghi chú")).to_have_value(NOTES)
    screenshot(page, "board-plan-refused")
    phone = tet_page(phone=True)
    sign_in(phone, stack, manager)
    phone.goto(cell)
    phone.locator("#plan-form").get_by_role("button", name="Xếp ca").click()
    expect(phone.locator("#plan-form").get_by_role("group", name="Kiêm cả các điểm trực")).to_be_visible()
    assert phone.url == f"{stack.portal}{cell}" and phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "board-plan-refused-phone")

    # On to another page, then back to the refused one: the cell as it is now, never "Confirm form resubmission"
    page.get_by_role("link", name="Đóng chi tiết, về bảng trực").click()
    page.wait_for_url(lambda url: "/cell" not in url)
    page.go_back()
    assert page.url == f"{stack.portal}{cell}", page.url
    expect(page.get_by_test_id("cell-panel")).to_be_visible()
    expect(page.locator(".error-summary")).to_have_count(0)  # shown once: the page as it is
    page.reload()
    expect(page.get_by_test_id("cell-panel")).to_be_visible()

    # Planned with someone: roster takes the covered site, and Tân An's cell lists the shift as covering it
    form = page.locator("#plan-form")
    # Ngô Văn Lợi, free that day (Cao Văn Sang, first in name order, walks the border round then)
    form.locator("fieldset.people").get_by_role("checkbox", name="Ngô Văn Lợi").check()
    form.get_by_role("group", name="Kiêm cả các điểm trực").get_by_role(
        "checkbox", name=re.compile(MY_THANH_BAC)
    ).check()
    form.get_by_label("Ghi chú").fill(NOTES)
    form.get_by_role("button", name="Xếp ca").click()
    # free, but straight after his night patrol: asked first (QA round 9), what was typed kept; saved anyway
    form = page.locator("#plan-form")
    expect(form.locator("#e-plan-people")).to_contain_text("Ngô Văn Lợi trực liền hai ca")
    expect(form.get_by_label("Ghi chú")).to_have_value(NOTES)
    form.get_by_role("button", name="Vẫn lưu").click()
    # the notice names the shift: its duty at its site (a border one), its time
    saved = re.compile(rf"^Đã lưu ca Tuần tra, bảo vệ tại {re.escape(HUNG_DIEN)} \(vùng biên giới\), .+ \(bản nháp\)")
    expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
    with stack.api("roster", manager) as roster:
        found = roster.get(
            "/shifts",
            params={
                "campaign_id": stack.campaign_id,
                "enterprise_id": manager.enterprise_id,
                "status": "draft",
                "limit": 200,
            },
        ).json()["items"]
    planned = [s for s in found if s.get("notes") == NOTES]
    assert len(planned) == 1, planned
    shift = planned[0]
    try:
        assert shift["site_id"] == sites[HUNG_DIEN] and shift["covers_site_ids"] == [sites[MY_THANH_BAC]]
        page.goto(_cell(stack, sites[MY_THANH_BAC]))
        card = page.locator(f"#shift-{shift['id']}")
        expect(card.locator(".covering")).to_contain_text(f"Trực tại {HUNG_DIEN}, kiêm {MY_THANH_BAC}")
    finally:
        _cancel(stack, manager, shift)


@pytest.mark.screenshot
def test_the_swap_pages_name_the_sites_a_shift_covers(tet_page, tet_portal_stack) -> None:
    """The request's shift as roster tells it with the request (`about.covers_site_names`), on the staff member's
    requests and in the manager's inbox."""
    stack = tet_portal_stack
    sites = _sites(stack)
    person, manager = stack.staff[VNPT], stack.managers[VNPT]
    start = datetime(2027, 2, 13, 1, 0, tzinfo=VIETNAM)
    with stack.api("roster", manager) as roster:
        shift = plan_when_free(  # the first two free hours of the person's from 01:00 on 13/02
            roster,
            stack,
            manager,
            person.staff_id,
            start,
            site_id=sites[HUNG_DIEN],
            covers_site_ids=[sites[TAN_AN]],
            status="published",
            notes="Ca thử đổi ca có điểm kiêm",
        )
    swap = None
    try:
        with stack.api("roster", person) as roster:
            asked = roster.post(f"/shifts/{shift['id']}/swaps", json={"from_staff_id": person.staff_id, "reason": "QA"})
            assert asked.status_code == 201, asked.text
            swap = asked.json()
        assert swap["about"]["covers_site_names"] == [TAN_AN]
        page = tet_page()
        sign_in(page, stack, person)
        page.goto("/me/swaps")
        card = page.locator(f"#swap-{swap['id']}")
        expect(card.locator("dt", has_text="Kiêm cả").locator("xpath=following-sibling::dd[1]")).to_have_text(TAN_AN)
        boss = tet_page()
        sign_in(boss, stack, manager)
        boss.goto("/manage/swaps")
        expect(boss.locator(f"#swap-{swap['id']}")).to_contain_text(f"kiêm {TAN_AN}")
        screenshot(boss, "swap-inbox-covers")
    finally:
        if swap is not None:
            with stack.api("roster", person) as roster:
                roster.post(
                    f"/swaps/{swap['id']}/withdraw", headers={"If-Match": f'"{swap["version"]}"'}
                ).raise_for_status()
        _cancel(stack, manager, shift)


def said_late(came: datetime, due: datetime) -> str:
    """domain.deadlines' words for a delay: the minutes a reader counts between the two times shown (each to the
    minute, seconds dropped: "Gửi lúc 10:03" against 09:00 is 1 giờ 3 phút), in days, hours and minutes (those not
    nought)."""
    whole = came.replace(second=0, microsecond=0) - due.replace(second=0, microsecond=0)
    hours, minutes = divmod(whole // timedelta(minutes=1), 60)
    days, hours = divmod(hours, 24)
    return " ".join(f"{n} {word}" for n, word in ((days, "ngày"), (hours, "giờ"), (minutes, "phút")) if n)


@pytest.mark.screenshot
def test_a_manager_publishing_tet_hours_after_the_deadline_is_told_it_is_late_and_by_how_long(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    manager = stack.managers[POST_OFFICE]
    page = tet_page()
    sign_in(page, stack, manager)
    page.goto("/manage/tet-hours")
    page.get_by_label("Bưu cục/điểm giao dịch").select_option(label=UNPUBLISHED)
    page.get_by_role("button", name="Chọn").click()
    expect(page.get_by_text("Chưa niêm yết", exact=True)).to_be_visible()
    expect(page.get_by_test_id("late")).to_have_count(0)  # nothing published: nothing late yet
    rows = page.locator("table.tet-hours-form tbody tr")
    for i in range(rows.count()):
        rows.nth(i).locator("input[name^='a1-']").fill("07:00")
        rows.nth(i).locator("input[name^='b1-']").fill("11:00")
    page.get_by_role("button", name="Lưu và niêm yết").click()
    expect(page.get_by_role("status").filter(has_text="Đã niêm yết giờ mở cửa")).to_be_visible()

    site_id = re.search(r"site_id=([0-9a-f-]+)", page.url).group(1)  # type: ignore[union-attr]
    campaign_id = re.search(r"campaign_id=([0-9a-f-]+)", page.url).group(1)  # type: ignore[union-attr]
    with stack.api("roster", manager) as roster:
        hours = roster.get(f"/sites/{site_id}/tet-hours", params={"campaign_id": campaign_id}).json()
    published = datetime.fromisoformat(hours["published_at"])
    deadline = datetime.fromisoformat(hours["hours_deadline"]).astimezone(VIETNAM)
    assert published > deadline  # the stack's clock is past the campaign's deadline
    said = (
        f"Giờ mở cửa Tết của {UNPUBLISHED} niêm yết muộn {said_late(published, deadline)} "
        f"so với hạn {instant_label(deadline)}."  # the deadline as the page writes instants (with year and lunar day)
    )
    expect(page.get_by_role("status").filter(has_text=said)).to_be_visible()
    expect(page.get_by_test_id("late")).to_have_text("Niêm yết muộn")
    # the badges stand apart (QA: "Đã niêm yết lần 1" and "Niêm yết muộn" touched)
    first = page.get_by_test_id("hours-state").locator(".tag").first.bounding_box()
    late_tag = page.get_by_test_id("late").bounding_box()
    assert first and late_tag and late_tag["x"] - (first["x"] + first["width"]) >= 4
    screenshot(page, "tet-hours-published-late", full_page=False)

    # The manager's page says so on any later visit too, in English as well
    english = tet_page()
    sign_in(english, stack, manager)
    english.goto("/lang/en")
    english.goto(f"/manage/tet-hours?campaign_id={campaign_id}&site_id={site_id}")
    expect(english.get_by_test_id("late")).to_have_text("Published late")
    expect(english.locator("p.late")).to_contain_text(f"The Tết opening hours of {UNPUBLISHED} were published ")
    expect(english.locator("p.late")).to_contain_text(f" late (due {instant_label(deadline, 'en')}).")
    phone = tet_page(phone=True)
    sign_in(phone, stack, manager)
    phone.goto(f"/manage/tet-hours?campaign_id={campaign_id}&site_id={site_id}")
    expect(phone.locator("p.late")).to_be_visible()
    screenshot(phone, "tet-hours-published-late-phone", full_page=False)
