"""QZ26 #3 in a browser, on the Tết stack at 10:00 on mùng 2 (the demo leaves Viettel's border patrol under way with
nobody checked in: devstack.demo_directive.checkins.MISSED). Viettel's manager reads, at the top of the board, who has
not come, each linking their cell; that cell is in the alarm's colour ("… xếp, 0 có mặt"), not the covered green; its
panel names them with the handover beside them, the shifts under way first, the ended ones folded. On a phone
(390×844) every column of the board is reachable — the last one, the border patrol, was clipped at the right edge —
the box scrolling sideways with a cue that there is more to the right."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

VIETTEL = "Viettel Long An"
TODAY = "2027-02-07"  # mùng 2 Tết, the stack's day


def _board(page, stack) -> str:
    url = f"/manage/board/{stack.campaign_id}/{stack.enterprises[VIETTEL]}"
    page.goto(url)
    return url


def test_who_has_not_come_is_on_top_their_cell_in_the_alarms_colour_and_the_handover_beside_them(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    _board(page, stack)
    banner = page.get_by_test_id("not-come")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("heading")).to_have_text(re.compile(r"^\d+ người chưa đến ca$"))
    line = banner.locator("li").first
    expect(line).to_contain_text(re.compile(r"chưa điểm danh, quá \d+ giờ"))
    name = line.inner_text().split(" — ")[0]
    link = line.get_by_role("link")
    cell_id = re.search(
        r"day=(\d{4}-\d{2}-\d{2})&duty_type=([a-z_]+)(?:&site_id=([0-9a-f-]+))?", link.get_attribute("href")
    )
    assert cell_id is not None
    testid = f"cell-{cell_id[1]}-{cell_id[2]}" + (f"-{cell_id[3]}" if cell_id[3] else "")
    cell = page.get_by_test_id(testid)
    expect(cell).to_have_attribute("data-status", "absent")
    expect(cell).to_contain_text(re.compile(r"\d+/\d+ xếp, \d+ có mặt"))
    alarm = page.locator(".legend .legend-gap").evaluate("el => getComputedStyle(el).backgroundColor")
    covered = page.locator(".legend .legend-ok").evaluate("el => getComputedStyle(el).backgroundColor")
    shown = cell.evaluate("el => getComputedStyle(el).backgroundColor")
    assert shown == alarm != covered, (shown, alarm, covered)
    expect(page.locator(".legend [data-legend='absent']")).to_contain_text("chưa điểm danh")

    link.click()  # the panel opens on the cell: who, how long, and the handover beside them
    panel = page.locator("#cell-panel")
    absent = panel.get_by_test_id("not-come-list").locator("li", has_text=name)
    expect(absent).to_contain_text(re.compile(rf"{re.escape(name)} chưa điểm danh, quá \d+ giờ( \d+ phút)? \(ca "))
    expect(panel.get_by_text("Đủ người suốt ngày")).to_have_count(0)
    # the shifts under way come first; those ended (last night's) after them, folded
    first = panel.locator("article.shift-card").first
    expect(first).to_contain_text(name)
    ended = panel.get_by_test_id("ended-shifts")
    if ended.count():
        expect(ended).not_to_have_attribute("open", "")
        expect(ended.locator("article.shift-card").first).to_be_hidden()
    absent.get_by_test_id("not-come-handover").click()
    expect(panel.get_by_role("heading", name="Giao phần còn lại của ca")).to_be_visible()


def test_on_a_phone_every_column_of_the_board_is_reachable_with_a_cue_to_scroll(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    page = tet_page(phone=True)
    sign_in(page, stack, stack.managers[VIETTEL])
    _board(page, stack)
    grid = page.locator("#board-grid")
    grid.scroll_into_view_if_needed()
    width = page.viewport_size["width"] if page.viewport_size else 390
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page itself does not scroll sideways
    box = grid.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
    assert grid.evaluate("el => el.scrollWidth > el.clientWidth")  # the columns are wider than the screen: it scrolls
    cue = page.get_by_test_id("board-scroll-cue")
    expect(cue).to_be_visible()
    expect(cue).to_contain_text("vuốt ngang")
    # the last column (Viettel's border patrol): brought into the box by scrolling it, whole on the screen
    headers = grid.locator("thead th")
    last = headers.last
    expect(last).to_contain_text("Tuần tra")
    grid.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    edge = last.bounding_box()
    assert edge is not None and edge["x"] >= 0 and edge["x"] + edge["width"] <= width + 0.5, edge
    today = page.get_by_test_id(f"day-{TODAY}").locator("td").last
    today_edge = today.bounding_box()
    assert today_edge is not None and today_edge["x"] + today_edge["width"] <= width + 0.5, today_edge
    # scrolled to the end, the cue says there is more to the left, not to the right
    expect(grid).to_have_attribute("data-scrolled", "end")
