"""Every page works for reading without JavaScript (htmx only enhances), and the duty staff's
pages fit a phone's width, in a real browser over the real services.

A browser context that runs no script at all signs in through the sign-in form, then reads:
the manager's board and one of its cells opened by its link (a whole page, not htmx's panel);
the inspector's heatmap, the gaps list and one gap; a staff member's shifts and calendar (the
calendar link made by the form's plain POST). Then a 375 px wide window, the narrowest common
phone, shows my shifts, my calendar and the reminder preferences without scrolling sideways.

Reads the demo only, except for the calendar link of the radio and television station's staff
member, whom no other test signs in as."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

STATION = "Đài Phát thanh và Truyền hình Long An"
MUNG_1 = "2027-02-06"


def test_reading_without_javascript(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[STATION]
    enterprise_id = stack.enterprises[STATION]

    # The manager: the board, and a cell of mùng 1 opened by following its link.
    page = new_page(javascript=False)
    sign_in(page, stack, manager)
    page.goto(f"/manage/board/{stack.campaign_id}/{enterprise_id}")
    expect(page.get_by_role("heading", name=f"Bảng trực · {STATION}")).to_be_visible()
    expect(page.get_by_test_id(f"day-{MUNG_1}")).to_contain_text("06/02 · Mùng 1 Tết")
    cell = page.locator(f"[data-testid^='cell-{MUNG_1}-'][data-status]").first
    cell.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/manage/board/{stack.campaign_id}/{enterprise_id}/cell\?day={MUNG_1}"))
    panel = page.locator("#cell-panel")
    expect(panel).to_contain_text("06/02/2027 (Mùng 1 Tết Đinh Mùi)")
    expect(panel.get_by_role("heading").first).to_be_visible()
    expect(panel.locator("article.shift-card").first).to_be_visible()  # the demo's shifts of that day
    expect(page.get_by_test_id(f"day-{MUNG_1}")).to_be_visible()  # the whole board around it
    # A shift's form: its card's link opens the cell's page with that one form drawn, at it.
    card = panel.locator("article.shift-card").first
    shift_id = (card.get_attribute("id") or "").removeprefix("shift-")
    card.get_by_role("link", name=re.compile("^Đổi giờ — ")).click()
    page.wait_for_url(re.compile(rf"reschedule={shift_id}#reschedule-{shift_id}$"))
    drawn = page.locator(f"#reschedule-{shift_id}")
    expect(drawn.get_by_label("Bắt đầu (giờ Việt Nam)")).to_be_visible()
    expect(panel.locator("form[action*='/shifts/']:not([action$='/publish'])")).to_have_count(1)
    expect(drawn.get_by_role("link", name="Đóng biểu mẫu")).to_have_attribute("href", re.compile(rf"shift={shift_id}"))

    # The inspector: the heatmap, from a cell to its gaps, and one gap.
    inspector = new_page(javascript=False)
    sign_in(inspector, stack, stack.inspector)
    inspector.goto("/inspect/heatmap")
    expect(inspector.get_by_role("heading", name="Bản đồ phủ trực")).to_be_visible()
    table = inspector.locator("table.heatmap")
    expect(table.get_by_role("columnheader", name="06/02 · Mùng 1 Tết")).to_be_visible()
    expect(table.get_by_role("rowheader", name=STATION)).to_be_visible()
    red = inspector.get_by_test_id(f"heat-{enterprise_id}-2027-02-08")  # the demo's gap on mùng 3
    expect(red).to_have_class(re.compile(r"\bheat-[1-4]\b"))
    red.get_by_role("link").click()
    expect(inspector.get_by_role("heading", name="Khoảng trống trực")).to_be_visible()
    rows = inspector.locator("table tbody tr")
    expect(rows.first).to_contain_text(STATION)
    expect(rows.first).to_contain_text("08/02/2027 (Mùng 3 Tết Đinh Mùi)")
    rows.first.locator("a[href^='/inspect/gaps/']").first.click()  # a narrowed gap links its rest too
    inspector.wait_for_url(re.compile(r"/inspect/gaps/[0-9a-f-]{36}$"))
    expect(inspector.get_by_role("heading", level=1)).to_contain_text(f"— {STATION}")
    expect(inspector.locator("dl.facts")).to_contain_text("08/02/2027")
    # Found as such, or left short when an earlier gap was filled in part (the demo's is: its rest).
    opening = r"^(Phát hiện lúc|Còn lại sau khi một khoảng trống trước đó được bổ sung một phần lúc) \d\d:\d\d"
    expect(inspector.locator("ol.timeline li").first).to_have_text(re.compile(opening))
    inspector.goto("/inspect/gaps?in_force=all")  # the whole list (before the readiness deadline: planning gaps)
    expect(inspector.locator("table tbody tr").first.locator("a[href^='/inspect/gaps/']").first).to_be_visible()
    expect(inspector.get_by_text(re.compile(r"^Có [1-9]\d* khoảng trống"))).to_be_visible()

    # A staff member: their shifts, upcoming first with lunar day names, and their calendar link.
    person = stack.staff[STATION]
    staff = new_page(javascript=False)
    sign_in(staff, stack, person)
    expect(staff).to_have_url(re.compile(r"/me/shifts$"))
    expect(staff.get_by_role("heading", name="Ca trực của tôi", exact=True)).to_be_visible()
    first = staff.locator("article[id^='shift-']").first
    expect(first).to_be_visible()
    assert re.search(r"\d\d/\d\d/2027 \((\d+ tháng \S+|Mùng \d+ Tết|Rằm)", first.inner_text())
    staff.get_by_role("link", name="Lịch của tôi").click()
    expect(staff.get_by_role("heading", name="Lịch của tôi", exact=True)).to_be_visible()
    if staff.get_by_role("button", name="Tạo đường dẫn lịch").count():
        staff.get_by_role("button", name="Tạo đường dẫn lịch").click()  # a plain form post
    expect(
        staff.get_by_label("Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True)
    ).to_have_value(re.compile(r"^http://.+\.ics$"))
    expect(staff.get_by_role("link", name="Thêm vào Lịch Google")).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/")
    )
    expect(staff.get_by_role("img", name="Mã QR của đường dẫn lịch").locator("svg")).to_be_visible()
    # Made by Post/Redirect/Get (QA: the POST answered the page, so a reload or Back sent the form again): the page's
    # address is the calendar page's, and a reload shows it as it is, the link's address not again.
    expect(staff).to_have_url(re.compile(r"/me/calendar$"))
    staff.reload()
    expect(staff.get_by_text("Vì an toàn, đường dẫn đầy đủ chỉ hiện lúc được cấp.")).to_be_visible()
    expect(
        staff.get_by_label("Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True)
    ).to_have_count(0)


def test_duty_staff_pages_fit_a_narrow_phone(new_page, portal_stack) -> None:
    person = portal_stack.staff[STATION]
    page = new_page(phone=True, width=375)
    sign_in(page, portal_stack, person)
    for path, heading in (
        ("/me/shifts", "Ca trực của tôi"),
        ("/me/calendar", "Lịch của tôi"),
        ("/me/reminders", "Nhắc việc"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        width = page.evaluate("window.innerWidth")
        assert width == 375
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && getComputedStyle(e).visibility !== 'hidden')
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 5)"""
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (path, wide)
        assert wide == [], (path, wide)
