"""Inspection plans in a real browser over the real services (issue 15, part 5): the inspector's page
shows the demo's plans per phase — planned, overdue, done — including its surprise plans; the inspector
plans a surprise inspection and records its finding through the page — on the inspection day, not before:
roster's refusal of an early finding is shown in words —; the enterprise's manager does not see the surprise
plan on their page until the finding is recorded, and then sees it with its result."""

from __future__ import annotations

import secrets
from datetime import datetime

from playwright.sync_api import Locator, Page, expect

from browser_support import screenshot, sign_in
from lichtruc.vntime import VIETNAM

ENTERPRISE = "MobiFone Long An"


def test_a_surprise_inspection_reaches_the_manager_only_with_its_finding(new_page, portal_stack) -> None:
    stack = portal_stack
    inspector = new_page()
    sign_in(inspector, stack, stack.inspector)
    inspector.get_by_role("link", name="Kiểm tra", exact=True).click()
    expect(inspector.get_by_role("heading", name="Kế hoạch kiểm tra", exact=True)).to_be_visible()

    # the demo: a surprise plan at giao thừa (hidden from VNPT), one overdue and one done before Tết
    during = inspector.locator("section[data-phase='during']")
    expect(during.get_by_text("Kiểm tra đột xuất ca trực đêm giao thừa tại trạm biên giới")).to_be_visible()
    before = inspector.locator("section[data-phase='before']")
    assert int(before.locator("[data-count='overdue'] strong").inner_text()) >= 1
    assert int(before.locator("[data-count='done'] strong").inner_text()) >= 2  # announced and surprise, done

    # Planned for mùng 1 Tết: its finding waits for that day, and roster's refusal is shown in words.
    ahead = plan_surprise(inspector, "2027-02-06", f"Kiểm tra đột xuất trạm Bình Hòa Tây {secrets.token_hex(3)}")
    row_ahead = inspector.locator("section[data-phase='during'] tr", has_text=ahead)
    expect(row_ahead.get_by_text("Đột xuất", exact=True)).to_be_visible()
    record_finding(row_ahead)
    expect(
        inspector.get_by_text(
            "Chưa thể ghi kết quả cuộc kiểm tra MobiFone Long An dự kiến ngày 06/02/2027 "
            "(Mùng 1 Tết Đinh Mùi): chưa đến ngày kiểm tra"
        )
    ).to_be_visible()
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
    inspector.get_by_label("Doanh nghiệp", exact=True).select_option(label=ENTERPRISE)
    inspector.get_by_label("Ngày kiểm tra", exact=True).fill(day)
    inspector.get_by_label("Mục đích, nội dung kiểm tra", exact=True).fill(purpose)
    inspector.get_by_label("Thành viên đoàn kiểm tra", exact=True).fill("Lê Văn Thành\nPhạm Thị Hồng")
    inspector.get_by_label("Kiểm tra đột xuất (doanh nghiệp chỉ biết khi đã có kết quả)", exact=True).check()
    inspector.get_by_role("button", name="Lưu kế hoạch").click()
    expect(inspector.get_by_text("Đã lưu kế hoạch kiểm tra.")).to_be_visible()
    return purpose


def record_finding(row: Locator) -> None:
    row.get_by_text("Ghi kết quả kiểm tra").click()
    row.get_by_label("Đánh giá", exact=True).select_option(label="Có tồn tại, thiếu sót")
    row.get_by_label("Nhận xét", exact=True).fill("Máy phát điện dự phòng chưa chạy thử trong tháng")
    row.get_by_label("Kiến nghị", exact=True).fill("Chạy thử máy phát trước giao thừa")
    row.get_by_role("button", name="Lưu kết quả").click()


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
