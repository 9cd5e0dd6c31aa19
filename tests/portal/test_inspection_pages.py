"""Inspection plans in a real browser over the real services (issue 15, part 5): the inspector's page
shows the demo's plans per phase — planned, overdue, done — including its surprise plans; the inspector
plans a surprise inspection and records its finding through the page — on the inspection day, not before:
roster's refusal of an early finding is shown in words —; the enterprise's manager does not see the surprise
plan on their page until the finding is recorded, and then sees it with its result; the inspector moves a plan
and cancels it, roster's refusals said beside the form. Also the heatmap: a day nobody is required on is told
apart from a covered one, and both views leave out on request what requires nobody."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Locator, Page, expect

from browser_support import accept_next_dialog, screenshot, sign_in, until
from lichtruc.vntime import VIETNAM

ENTERPRISE = "MobiFone Long An"
ICT = timezone(timedelta(hours=7))


@pytest.mark.screenshot
def test_a_surprise_inspection_reaches_the_manager_only_with_its_finding(new_page, portal_stack) -> None:
    stack = portal_stack
    inspector = new_page()
    sign_in(inspector, stack, stack.inspector)
    inspector.get_by_role("link", name="Kế hoạch kiểm tra", exact=True).click()
    expect(inspector.get_by_role("heading", name="Kế hoạch kiểm tra", exact=True)).to_be_visible()

    # the demo: a surprise plan at giao thừa (hidden from VNPT) and two done before Tết. (Its overdue plan is one
    # only under `make run`'s phases: loaded on the wall clock after its day, it is planned for today, roster
    # planning no day gone.)
    during = inspector.locator("section[data-phase='during']")
    expect(during.get_by_text("Kiểm tra đột xuất ca trực đêm giao thừa tại trạm biên giới")).to_be_visible()
    before = inspector.locator("section[data-phase='before']")
    assert int(before.locator("[data-count='done'] strong").inner_text()) >= 2  # announced and surprise, done

    # Planned for mùng 1 Tết: its finding waits for that day, and roster's refusal is shown in words.
    ahead = plan_surprise(inspector, "2027-02-06", f"Kiểm tra đột xuất trạm Bình Hòa Tây {secrets.token_hex(3)}")
    row_ahead = inspector.locator("section[data-phase='during'] tr", has_text=ahead)
    expect(row_ahead.get_by_text("Đột xuất", exact=True)).to_be_visible()
    record_finding(row_ahead)
    refused = (
        "Chưa thể ghi kết quả cuộc kiểm tra MobiFone Long An dự kiến ngày 06/02/2027 "
        "(Mùng 1 Tết Đinh Mùi): chưa đến ngày kiểm tra"
    )
    # Said at the top, in view (QA round 3: it sat ~1,800 px down in the row), with the way to the row.
    summary = inspector.locator("#refused-summary")
    expect(summary).to_contain_text(refused)
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Đến kế hoạch kiểm tra MobiFone Long An ngày 06/02/2027").click()
    expect(row_ahead.get_by_role("alert")).to_contain_text(refused)
    expect(row_ahead.get_by_role("alert")).to_be_in_viewport()
    expect(
        inspector.locator("section[data-phase='during'] tr", has_text=ahead).locator("[data-state='planned']")
    ).to_be_visible()

    # Planned for today (roster's clock is the real one): held, its finding recorded.
    today = datetime.now(VIETNAM).date()
    purpose = plan_surprise(inspector, today.isoformat(), f"Kiểm tra đột xuất phòng máy Tân An {secrets.token_hex(3)}")
    row = inspector.locator("section[data-phase] tr", has_text=purpose)
    expect(row.get_by_text("Đột xuất", exact=True)).to_be_visible()
    expect(row.locator("[data-state='planned']")).to_be_visible()
    screenshot(inspector, "inspection-plans")

    manager = new_page()
    sign_in(manager, stack, stack.managers[ENTERPRISE])
    manager.get_by_role("link", name="Kiểm tra", exact=True).click()
    expect(manager.get_by_role("heading", name="Các cuộc kiểm tra của Sở", exact=True)).to_be_visible()
    expect(manager.get_by_text("Kiểm tra sau Tết: sổ trực, xử lý sự cố trong dịp Tết")).to_be_visible()
    expect(manager.get_by_text(purpose)).to_have_count(0)
    expect(manager.get_by_text(ahead)).to_have_count(0)

    # QA: "Đánh giá" opened on “Đạt yêu cầu” with only "Nhận xét" required, so a hurried save recorded a pass nobody
    # chose: nothing is chosen now, and a save without choosing stops at the box, in the page's words
    row.get_by_text("Ghi kết quả kiểm tra").click()
    verdict = row.get_by_label("Đánh giá", exact=True)
    expect(verdict).to_have_value("")
    expect(verdict.locator("option:checked")).to_have_text("— Hãy chọn đánh giá —")
    row.get_by_label("Nhận xét", exact=True).fill("Trực đủ người")
    row.get_by_role("button", name="Lưu kết quả").click()
    inspector.wait_for_function(
        "box => box.validationMessage === 'Hãy chọn một mục trong danh sách.'", arg=verdict.element_handle()
    )
    expect(row.locator("[data-state='planned']")).to_be_visible()  # not sent
    row.get_by_text("Ghi kết quả kiểm tra").click()  # closed again: record_finding opens it
    record_finding(row)
    expect(inspector.get_by_text("Đã lưu kết quả kiểm tra.")).to_be_visible()
    done = inspector.locator("section[data-phase] tr", has_text=purpose)
    expect(done.locator("[data-state='done']")).to_be_visible()

    manager.reload()
    revealed = manager.locator("tr", has_text=purpose)
    expect(revealed).to_be_visible()
    expect(revealed.get_by_text("Máy phát điện dự phòng chưa chạy thử trong tháng")).to_be_visible()
    expect(revealed.get_by_text("Đột xuất", exact=True)).to_be_visible()
    expect(manager.get_by_text(ahead)).to_have_count(0)  # refused: still hidden


def plan_surprise(inspector: Page, day: str, purpose: str) -> str:
    """Plan a surprise inspection of MobiFone Long An on `day` through the inspector's form; its purpose."""
    form = inspector.get_by_role("region", name="Lên kế hoạch kiểm tra")  # the filters above name an enterprise too
    form.get_by_label("Doanh nghiệp", exact=True).select_option(label=ENTERPRISE)
    form.get_by_label("Ngày kiểm tra", exact=True).fill(day)
    form.get_by_label("Mục đích, nội dung kiểm tra", exact=True).fill(purpose)
    form.get_by_label("Thành viên đoàn kiểm tra", exact=True).fill("Lê Văn Thành\nPhạm Thị Hồng")
    form.get_by_label("Kiểm tra đột xuất (doanh nghiệp chỉ biết khi đã có kết quả)", exact=True).check()
    form.get_by_role("button", name="Lưu kế hoạch").click()
    expect(inspector.get_by_text("Đã lưu kế hoạch kiểm tra.")).to_be_visible()
    return purpose


def record_finding(row: Locator) -> None:
    row.get_by_text("Ghi kết quả kiểm tra").click()
    row.get_by_label("Đánh giá", exact=True).select_option(label="Có tồn tại, thiếu sót")
    row.get_by_label("Nhận xét", exact=True).fill("Máy phát điện dự phòng chưa chạy thử trong tháng")
    row.get_by_label("Kiến nghị", exact=True).fill("Chạy thử máy phát trước giao thừa")
    row.get_by_role("button", name="Lưu kết quả").click()


def test_the_administrator_plans_an_inspection_at_a_site_told_every_mistake_at_once(new_page, portal_stack) -> None:
    """QZ24: the plan form had no site (the demo's surprise plans name one), and the administrator, whose menu did not
    lead to the plans, was told of the 10-inspector limit only on the second send. From the menu: eleven inspectors
    and no day are said together, with how many were typed; mended, the plan is listed with its site."""
    page = new_page()
    sign_in(page, portal_stack, portal_stack.admin)
    page.get_by_role("navigation").get_by_role("link", name="Kế hoạch kiểm tra", exact=True).click()
    expect(page.get_by_role("heading", name="Kế hoạch kiểm tra", exact=True)).to_be_visible()
    form = page.get_by_role("region", name="Lên kế hoạch kiểm tra")
    form.get_by_label("Doanh nghiệp", exact=True).select_option(label=ENTERPRISE)
    site = form.get_by_label("Địa điểm (không bắt buộc)", exact=True)
    site.select_option(label="Trạm BTS Bình Hòa Tây")
    purpose = f"Kiểm tra trạm biên giới {secrets.token_hex(3)}"
    form.get_by_label("Mục đích, nội dung kiểm tra", exact=True).fill(purpose)
    form.get_by_label("Thành viên đoàn kiểm tra", exact=True).fill("\n".join(f"Thanh tra viên {n}" for n in range(11)))
    form.get_by_role("button", name="Lưu kế hoạch").click()

    summary = page.locator("#plan-errors")
    expect(summary).to_contain_text("Ngày kiểm tra: Hãy chọn ngày kiểm tra.")
    expect(summary).to_contain_text("Thành viên đoàn kiểm tra: Đã ghi 11 người, tối đa 10: hãy bớt 1 người.")
    expect(page.locator("#e-inspectors")).to_have_text("Đã ghi 11 người, tối đa 10: hãy bớt 1 người.")
    expect(site.locator("option:checked")).to_have_text("Trạm BTS Bình Hòa Tây")  # kept as chosen
    form = page.get_by_role("region", name="Lên kế hoạch kiểm tra")
    form.get_by_label("Ngày kiểm tra", exact=True).fill("2027-02-09")
    form.get_by_label("Thành viên đoàn kiểm tra", exact=True).fill("Lê Văn Thành\nPhạm Thị Hồng")
    form.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_text("Đã lưu kế hoạch kiểm tra.")).to_be_visible()
    row = page.locator("section[data-phase] tbody tr", has_text=purpose)
    expect(row.locator("td").nth(1).locator(".muted")).to_have_text("Trạm BTS Bình Hòa Tây")


def test_the_inspector_narrows_the_plans_to_one_enterprises_surprise_inspections(new_page, portal_stack) -> None:
    """The demo's surprise plan at giao thừa (VNPT's border station) among VNPT's surprise plans only; a count
    opens its status's rows with the other filters kept; "Bỏ lọc" lists every plan again."""
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto(f"/inspect/inspections?campaign_id={portal_stack.campaign_id}")
    filters = page.get_by_role("form", name="Lọc kế hoạch kiểm tra")
    filters.get_by_label("Doanh nghiệp", exact=True).select_option(label="VNPT Long An")
    filters.get_by_label("Hình thức", exact=True).select_option(label="Đột xuất")
    filters.get_by_role("button", name="Xem").click()

    rows = page.locator("section[data-phase] tbody tr")
    expect(rows.filter(has_text="Kiểm tra đột xuất ca trực đêm giao thừa tại trạm biên giới")).to_have_count(1)
    listed = rows.count()
    assert listed >= 1
    for i in range(listed):  # VNPT's, each a surprise
        expect(rows.nth(i).locator("td").nth(1)).to_contain_text("VNPT Long An")
        expect(rows.nth(i).get_by_text("Đột xuất", exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Đang lọc")).to_contain_text(f"Đang lọc: {listed} cuộc kiểm tra")
    expect(page.get_by_text("Kiểm tra công tác chuẩn bị trực Tết", exact=False)).to_have_count(0)  # announced

    during = page.locator("section[data-phase='during']")
    during.locator("[data-count='planned'] a").click()
    expect(page.get_by_label("Tình trạng", exact=True)).to_have_value("planned")
    expect(page.get_by_label("Hình thức", exact=True)).to_have_value("surprise")
    states = page.locator("section[data-phase] tbody tr [data-state]")
    assert states.count() >= 1 and set(states.evaluate_all("els => els.map(e => e.dataset.state)")) == {"planned"}

    page.get_by_role("link", name="Bỏ lọc").click()
    expect(page.get_by_text("Kiểm tra công tác chuẩn bị trực Tết", exact=False).first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Đang lọc")).to_have_count(0)


def test_the_inspector_pages_through_the_plans_one_at_a_time(new_page, portal_stack) -> None:
    """The demo's plans a page of one: the pager says which of how many, "Trang sau" opens the next plan (a phase
    whose plans are all on other pages says so under its counts), "← Trang trước" the first again (page 2's page before)."""
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto(f"/inspect/inspections?campaign_id={portal_stack.campaign_id}&limit=1")
    pager = page.get_by_role("navigation", name="Phân trang")
    expect(pager).to_contain_text(re.compile(r"Mục 1–1 trong \d+ mục"))
    rows = page.locator("section[data-phase] tbody tr")
    expect(rows).to_have_count(1)
    first = rows.first.get_attribute("data-plan")
    expect(page.get_by_text("ở trang khác của danh sách").first).to_be_visible()

    pager.get_by_role("link", name="Trang sau →").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-plan") != first
    page.get_by_role("navigation", name="Phân trang").get_by_role("link", name="← Trang trước").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-plan") == first


def test_a_manager_never_sees_a_surprise_plan_of_their_enterprise_before_its_finding(new_page, portal_stack) -> None:
    manager = new_page()
    sign_in(manager, portal_stack, portal_stack.managers["VNPT Long An"])
    manager.goto("/lang/en")
    manager.goto("/manage/inspections")
    expect(manager.get_by_role("heading", name="The Department's inspections")).to_be_visible()
    expect(manager.get_by_text("Kiểm tra công tác chuẩn bị trực Tết", exact=False)).to_be_visible()
    expect(manager.get_by_text("Kiểm tra đột xuất ca trực đêm giao thừa", exact=False)).to_have_count(0)
    # nor on the inspector's page, whose lists roster narrows for them alike
    manager.goto("/inspect/inspections")
    assert "Kiểm tra đột xuất ca trực đêm giao thừa" not in manager.content()


def viettel_plan(stack, day: str, purpose: str) -> str:
    """An announced inspection of Viettel Long An planned on `day` through roster's API, by the inspector; its id."""
    with stack.api("roster", stack.inspector) as roster:
        made = roster.post(
            "/inspections",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": stack.enterprises["Viettel Long An"],
                "planned_on": day,
                "purpose": purpose,
                "inspectors": ["Lê Văn Thành"],
                "surprise": False,
            },
        )
        assert made.status_code == 201, made.text
    return str(made.json()["id"])


def viettel_plan_row(new_page, stack, day: str, purpose: str) -> tuple[Page, Locator, str]:
    """`viettel_plan`, then the inspector's page of plans and that plan's row; the page, the row and the plan's id."""
    plan_id = viettel_plan(stack, day, purpose)
    page = new_page()
    sign_in(page, stack, stack.inspector)
    page.goto(f"/inspect/inspections?campaign_id={stack.campaign_id}")
    return page, page.locator(f"tr[data-plan='{plan_id}']"), plan_id


def test_an_inspector_moves_and_cancels_a_plan_and_reads_roster_refusals_beside_the_form(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    page, row, plan_id = viettel_plan_row(
        new_page, stack, "2027-02-10", f"Kiểm tra trực Tết tại trung tâm điều hành {secrets.token_hex(3)}"
    )
    expect(row.locator("[data-state='planned']")).to_be_visible()

    # the same day again: roster refuses, said beside the form, which stays open with the day typed
    row.get_by_text("Dời ngày kiểm tra", exact=True).click()
    row.get_by_label("Ngày kiểm tra mới", exact=True).fill("2027-02-10")
    row.get_by_role("button", name="Dời ngày", exact=True).click()
    expect(row.get_by_role("alert")).to_have_text(  # under the box's label, as in the page's summary (QZ20 #4)
        "Ngày kiểm tra mới: Cuộc kiểm tra đã được lên kế hoạch vào ngày 10/02/2027: hãy chọn ngày khác."
    )
    expect(row.get_by_label("Ngày kiểm tra mới", exact=True)).to_have_value("2027-02-10")
    expect(row.locator("[data-state='planned']")).to_be_visible()

    # a day already gone (the portal's clock is the real one): refused by the portal with the form's other mistakes
    # (QZ21 #3: a reason too long was said first, the day gone only at the next send), naming the day given and today
    today = datetime.now(VIETNAM).date()
    yesterday = today - timedelta(days=1)
    row.get_by_label("Ngày kiểm tra mới", exact=True).fill(yesterday.isoformat())
    row.get_by_role("button", name="Dời ngày", exact=True).click()
    expect(row.get_by_role("alert")).to_contain_text(
        re.compile(
            r"Ngày kiểm tra mới: Ngày "
            + re.escape(f"{yesterday:%d/%m/%Y}")
            + r" .* đã qua \(hôm nay là "
            + re.escape(f"{today:%d/%m/%Y}")
            + r" .*hãy chọn hôm nay hoặc một ngày sau đó\."
        )
    )
    expect(row.locator("[data-state='planned']")).to_be_visible()

    # another day with a reason: moved (mùng 7 is after Tết)
    row.get_by_label("Ngày kiểm tra mới", exact=True).fill("2027-02-12")
    row.get_by_label("Lý do (không bắt buộc)", exact=True).fill("Đoàn kiểm tra trùng lịch họp của Ủy ban")
    row.get_by_role("button", name="Dời ngày", exact=True).click()
    expect(page.get_by_text("Đã dời ngày kiểm tra.")).to_be_visible()
    moved = page.locator(f"section[data-phase='after'] tr[data-plan='{plan_id}']")
    expect(moved).to_contain_text("12/02/2027")
    expect(moved).to_contain_text("Dời từ 10/02/2027 — lý do: Đoàn kiểm tra trùng lịch họp của Ủy ban")
    expect(page.locator(f"section[data-phase='during'] tr[data-plan='{plan_id}']")).to_have_count(0)

    # someone else moves it meanwhile: cancelling from this page is refused in words, nothing lost
    with stack.api("roster", stack.inspector) as roster:
        other = roster.post(
            f"/inspections/{plan_id}/reschedule",
            json={"planned_on": "2027-02-13", "reason": "Đổi lịch"},
            headers={"If-Match": '"2"'},
        )
        assert other.status_code == 200, other.text
    moved.get_by_text("Hủy kế hoạch kiểm tra", exact=True).click()
    moved.get_by_label("Lý do hủy (không bắt buộc)", exact=True).fill("Doanh nghiệp đã được kiểm tra trong đợt trước")
    asked = accept_next_dialog(page)
    moved.get_by_role("button", name="Hủy cuộc kiểm tra này").click()
    expect(moved.get_by_role("alert")).to_contain_text("Có người vừa thay đổi kế hoạch này")
    assert asked and asked[0].startswith("Hủy cuộc kiểm tra tại Viettel Long An ngày 12/02/2027")
    expect(moved).to_contain_text("13/02/2027")  # the plan as it is now
    expect(moved).to_contain_text("Dời từ 12/02/2027 — lý do: Đổi lịch")
    expect(moved.get_by_label("Lý do hủy (không bắt buộc)", exact=True)).to_have_value(
        "Doanh nghiệp đã được kiểm tra trong đợt trước"
    )

    # cancelled for good: its reason shown, no form to change it any more
    accept_next_dialog(page)
    moved.get_by_role("button", name="Hủy cuộc kiểm tra này").click()
    expect(page.get_by_text("Đã hủy cuộc kiểm tra.")).to_be_visible()
    expect(moved.locator("[data-state='cancelled']")).to_be_visible()
    expect(moved).to_contain_text("Lý do hủy: Doanh nghiệp đã được kiểm tra trong đợt trước")
    expect(moved.get_by_text("Dời ngày kiểm tra", exact=True)).to_have_count(0)
    expect(moved.get_by_text("Hủy kế hoạch kiểm tra", exact=True)).to_have_count(0)

    # the enterprise's manager reads the same: where it moved from and why, and why it was cancelled
    manager = new_page()
    sign_in(manager, stack, stack.managers["Viettel Long An"])
    manager.goto("/manage/inspections?limit=200")
    theirs = manager.locator(f"tr[data-plan='{plan_id}']")
    expect(theirs.locator("[data-state='cancelled']")).to_be_visible()
    expect(theirs).to_contain_text("Dời từ 12/02/2027 — lý do: Đổi lịch")
    expect(theirs).to_contain_text("Lý do hủy: Doanh nghiệp đã được kiểm tra trong đợt trước")


def test_the_heatmap_tells_a_day_nobody_is_required_from_a_covered_one(new_page, portal_stack) -> None:
    """An enterprise of the test's own with one requirement (08:00–10:00 on 10/02, nobody on it): that day is
    short, every other day says "no requirement" — its own colour, a dash, a title, words — never covered."""
    stack = portal_stack
    name = f"Công ty Chuyển phát Thử nghiệm {secrets.token_hex(3)}"
    with stack.api("roster") as roster:
        made = roster.post("/enterprises", json={"name": name, "sector": "postal"})
        assert made.status_code == 201, made.text
        enterprise_id = made.json()["id"]
        required = roster.post(
            "/requirements",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": enterprise_id,
                "duty_type": "operations",
                "minimum": 1,
                "window": {
                    "kind": "one_off",
                    "starts_at": datetime(2027, 2, 10, 8, tzinfo=ICT).isoformat(),
                    "ends_at": datetime(2027, 2, 10, 10, tzinfo=ICT).isoformat(),
                },
            },
        )
        assert required.status_code == 201, required.text
    with stack.api("audit") as audit:
        until(
            lambda: audit.get(
                "/gaps", params={"enterprise_id": enterprise_id, "status": "open", "in_force": "all"}
            ).json()["items"],
            what="audit to report the new enterprise's gap",
        )

    page = new_page()
    sign_in(page, stack, stack.inspector)
    page.goto("/inspect/heatmap")
    short = page.get_by_test_id(f"heat-{enterprise_id}-2027-02-10")
    expect(short).to_have_attribute("data-state", "short")
    expect(short).to_have_text("2")  # person-hours (QZ27 #14), not a clock's "2:00"
    nobody = page.get_by_test_id(f"heat-{enterprise_id}-2027-02-09")
    expect(nobody).to_have_attribute("data-state", "none")
    expect(nobody).to_have_class(re.compile(r"\bheat-none\b"))
    expect(nobody).to_have_attribute("title", "Không có yêu cầu trực trong ngày này")
    expect(nobody).to_contain_text("không có yêu cầu trực trong ngày này")  # read aloud, not only seen
    expect(nobody.get_by_role("link")).to_have_count(0)  # no gaps to list
    covered = page.locator("td[data-state='covered']").first
    expect(covered).to_have_text("0")

    def background(cell) -> str:
        return cell.evaluate("(e) => getComputedStyle(e).backgroundColor")

    assert background(nobody) not in (background(covered), background(short))
    expect(page.locator("[data-legend='none']")).to_have_text("– Không có yêu cầu trực")

    # only the enterprises with a requirement on the days shown: at giao thừa, not ours; kept in the address
    page.get_by_label("Chỉ thời gian cao điểm (giao thừa)").check()
    page.get_by_label("Chỉ doanh nghiệp có yêu cầu trực trong những ngày đang xem").check()
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_url(re.compile(r"peak=true.*required=true"))
    expect(page.get_by_label("Chỉ doanh nghiệp có yêu cầu trực trong những ngày đang xem")).to_be_checked()
    expect(page.get_by_role("rowheader", name=name)).to_have_count(0)
    expect(page.locator("table.heatmap tbody tr").first).to_be_visible()  # the demo's enterprises stay
    page.get_by_role("link", name="Bỏ lọc").click()
    page.wait_for_url(re.compile(r"/inspect/heatmap$"))
    expect(page.get_by_role("rowheader", name=name)).to_be_visible()

    # The day's hours have the same filter: rows (enterprise × duty type) requiring nobody that day left out.
    day_filter = "Chỉ doanh nghiệp và loại trực có yêu cầu trực trong ngày này"
    page.goto(f"/inspect/heatmap/day?campaign_id={stack.campaign_id}&day=2027-02-09")
    ours = page.get_by_test_id(f"hour-{enterprise_id}-operations-8")
    expect(ours).to_have_attribute("data-state", "none")
    page.get_by_label(day_filter).check()
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_url(re.compile(r"day=2027-02-09.*required=true"))
    expect(page.get_by_label(day_filter)).to_be_checked()
    expect(ours).to_have_count(0)
    # kept on the way to another day (ours requires someone on 10/02: its row is back) and to the heatmap
    page.get_by_role("navigation", name="Chọn ngày").get_by_role("link", name="10/02").click()
    page.wait_for_url(re.compile(r"required=true.*day=2027-02-10"))
    expect(page.get_by_label(day_filter)).to_be_checked()
    expect(page.get_by_test_id(f"hour-{enterprise_id}-operations-8")).to_have_attribute("data-state", "short")
    page.get_by_role("link", name="← Về bản đồ phủ trực").click()
    page.wait_for_url(re.compile(r"/inspect/heatmap\?.*required=true"))
    expect(page.get_by_label("Chỉ doanh nghiệp có yêu cầu trực trong những ngày đang xem")).to_be_checked()
    page.goto(f"/inspect/heatmap/day?campaign_id={stack.campaign_id}&day=2027-02-09&required=true")
    page.get_by_role("link", name="Bỏ lọc").click()
    page.wait_for_url(re.compile(r"/inspect/heatmap/day\?day=2027-02-09$"))
    expect(page.get_by_label(day_filter)).not_to_be_checked()


def test_a_finding_too_long_is_refused_beside_its_form_with_the_text_kept(new_page, portal_stack) -> None:
    """QA (2026-12-04): a result of over 4,000 characters (the textarea's own bound removed, as a script or an
    old browser may) got the portal's page about a wrong address, the text gone. Now roster's bound speaks:
    said beside the plan's form, which keeps what was typed — by how much, as portal.js says it (QZ17 #4)."""
    stack = portal_stack
    page, row, _ = viettel_plan_row(
        new_page, stack, "2027-02-11", f"Kiểm tra sổ giao ca trực Tết {secrets.token_hex(3)}"
    )
    row.get_by_text("Ghi kết quả kiểm tra").click()
    row.get_by_label("Đánh giá", exact=True).select_option(label="Có tồn tại, thiếu sót")
    said = row.get_by_label("Nhận xét", exact=True)
    said.evaluate("area => area.removeAttribute('data-max')")  # as without portal.js
    text = "Sổ giao ca thiếu chữ ký trưởng ca. " * 115 + "Hết."  # 4,029 characters
    said.fill(text)
    row.get_by_role("button", name="Lưu kết quả").click()
    alert = row.get_by_role("alert")
    expect(alert).to_contain_text(
        "Nhận xét: Thừa 29 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi."
    )  # its box (QZ20 #4)
    expect(said).to_have_attribute("aria-invalid", "true")  # the box roster names, described by its words
    expect(said).to_have_accessible_description(re.compile("Thừa 29 ký tự"))
    expect(row.get_by_label("Nhận xét", exact=True)).to_have_value(text)
    expect(page.get_by_role("heading", name="Địa chỉ có giá trị không hợp lệ")).to_have_count(0)
    expect(row.locator("[data-state='planned']")).to_be_visible()
