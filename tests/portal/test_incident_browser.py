"""Incidents in a real browser over the real services (issue 15, part 1): a duty staff member on a phone
records an incident at a border base station, joins the response although not on duty (the page says so,
with her name), writes an update with the restore time and resolves it; the Department's inspector finds
the demo's giao thừa fibre cut among the border incidents of the province, with its time to respond and to
restore, and its history. Uses MobiFone Long An's staff account, which no other incident test uses."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from browser_support import screenshot, sign_in

ENTERPRISE = "MobiFone Long An"


def test_a_duty_member_records_and_resolves_an_incident(new_page, portal_stack) -> None:
    staff = portal_stack.staff[ENTERPRISE]
    page = new_page(phone=True)
    sign_in(page, portal_stack, staff)
    page.goto("/incidents")
    expect(page.get_by_role("heading", name="Sự cố thông tin", exact=True)).to_be_visible()
    form = page.locator("#incident-form")
    form.get_by_label("Phát hiện lúc (giờ Việt Nam)").fill("2027-02-04T10:00")
    form.get_by_label("Địa điểm", exact=True).select_option(label="Trạm BTS Bình Hòa Tây — Mộc Hóa ★")
    form.get_by_label("Di động").check()
    form.get_by_label("Mức độ").select_option("minor")
    form.get_by_label("Mô tả").fill("Mất sóng di động khu vực chợ biên giới Bình Hòa Tây")
    form.get_by_role("button", name="Ghi nhận sự cố").click()

    expect(page.get_by_role("status").first).to_contain_text("Đã ghi nhận sự cố")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trạm BTS Bình Hòa Tây")
    expect(page.locator(".facts dd").nth(2)).to_have_text("có")  # a border site: a border area
    page.get_by_role("button", name="Tôi tham gia ứng cứu").click()
    expect(page.locator(".message.warning")).to_contain_text(
        f"{staff.name} không có ca trực đã công bố của {ENTERPRISE}"
    )
    expect(page.locator("#responder-list")).to_contain_text(staff.name)
    expect(page.locator("#responder-list")).to_contain_text("không có ca trực")

    page.get_by_label("Nội dung").fill("Đã khởi động lại trạm, sóng ổn định")
    page.get_by_label("Dịch vụ đã khôi phục lúc (nếu đã khôi phục)").fill("2027-02-04T10:45")
    page.get_by_role("button", name="Lưu cập nhật").click()
    expect(page.locator("#update-list")).to_contain_text("Đã khởi động lại trạm, sóng ổn định")
    page.get_by_label("Nguyên nhân").fill("Mất điện lưới, máy phát không tự khởi động")
    page.get_by_label("Kết quả xử lý").fill("Đã kiểm tra lại bộ tự động chuyển nguồn")
    page.get_by_role("button", name="Kết thúc sự cố").click()
    expect(page.locator("#incident-status")).to_have_text("Đã khắc phục")
    expect(page.locator(".facts")).to_contain_text("10:45 04/02/2027")

    page.goto("/incidents")
    expect(page.locator("table.incidents")).to_contain_text("Trạm BTS Bình Hòa Tây")
    expect(page.locator("table.incidents")).not_to_contain_text("Trạm viễn thông Hưng Điền")  # VNPT's: not hers


def test_the_inspector_finds_the_giao_thua_fibre_cut_among_border_incidents(new_page, portal_stack) -> None:
    deadline = time.monotonic() + 180
    with portal_stack.api("audit", portal_stack.inspector) as audit:  # the demo flows to audit through Kafka
        while not any(
            i["site_name"] == "Trạm viễn thông Hưng Điền" and i["version"] == 6
            for i in audit.get("/incidents", params={"border": "true"}).json()["items"]
        ):
            assert time.monotonic() < deadline, "audit did not get the demo's incidents"
            time.sleep(0.5)
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto("/inspect/incidents?border=true&severity=serious")
    row = page.locator("table.incidents tr", has_text="Trạm viễn thông Hưng Điền")
    expect(row).to_contain_text("23:40 05/02/2027")
    expect(row).to_contain_text("29 tháng Chạp")
    expect(row).to_contain_text("12 phút")  # detected 23:40, first responder 23:52
    expect(row).to_contain_text("135 phút")  # service back at 01:55
    screenshot(page, "incidents-inspector")
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/inspect/incidents/[0-9a-f-]{36}$"))
    expect(page.locator(".facts")).to_contain_text("Trương Công Danh")
    expect(page.locator("ol li")).to_have_count(6)  # opened, two responders, two updates, resolved
