"""The manager's board shows the enterprise's incidents, in a real browser over the real services at `make run`'s
test clock (10:00 on mùng 2 Tết Đinh Mùi; QZ22 #13: "the manager's board shows nothing of incidents"): Viettel's
power loss at Trạm BTS Thái Bình Trung (the demo's, detected 09:15 that day, not resolved) is in the open block
above the grid, its place linking its page; mùng 2 Tết's row is marked with the incidents detected that day, the
mark linking the incident list of that day, which lists it. Reads only: no incident is recorded or changed."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

VIETTEL = "Viettel Long An"
PLACE = "Trạm BTS Thái Bình Trung"


def test_the_open_incident_above_the_grid_and_its_day_marked_each_linking_right(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    enterprise = stack.enterprises[VIETTEL]
    board = f"/manage/board/{stack.campaign_id}/{enterprise}"
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(board)
    block = page.get_by_test_id("board-incidents")
    expect(block.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Sự cố đang xử lý \(\d+\)$"))
    item = block.locator("li", has_text=PLACE)
    expect(item).to_contain_text("Nhẹ")
    expect(item).to_contain_text("phát hiện lúc 09:15 07/02/2027 (Mùng 2 Tết Đinh Mùi)")
    expect(item).to_contain_text("chưa khôi phục dịch vụ")
    # above the grid, and the grid is there
    assert page.evaluate(
        "() => !!(document.querySelector('[data-testid=board-incidents]').compareDocumentPosition("
        "document.getElementById('board-grid')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    mark = page.locator("tr[data-testid='day-2027-02-07'] th").get_by_test_id("incidents-on-2027-02-07")
    expect(mark).to_have_text(re.compile(r"^\d+ sự cố$"))
    expect(page.locator("tr[data-testid='day-2027-02-06'] [data-testid^='incidents-on-']")).to_have_count(0)
    said = int(mark.inner_text().split()[0])  # other tests may record incidents of their own that day

    mark.click()  # the list of that day
    expect(page).to_have_url(re.compile(rf"/incidents\?enterprise_id={enterprise}&day=2027-02-07$"))
    expect(page.get_by_label("Ngày phát hiện")).to_have_value("2027-02-07")
    expect(page.get_by_test_id("incidents-day")).to_contain_text("07/02/2027 (Mùng 2 Tết Đinh Mùi)")
    rows = page.locator("table.incidents tbody tr")
    expect(rows.filter(has_text=PLACE)).to_have_count(1)
    expect(rows).to_have_count(said)  # the day's, open or resolved: as many as the mark said

    page.goto(board)
    page.get_by_test_id("board-incidents").get_by_role("link", name=PLACE).click()  # its own page
    expect(page).to_have_url(re.compile(r"/incidents/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PLACE} — 09:15 07/02/2027 (Mùng 2 Tết Đinh Mùi)")
    expect(page.get_by_text("Mất điện lưới tại trạm, trạm đang chạy máy phát dự phòng")).to_be_visible()
