"""Phone layouts (375 × 740) of the pages whose main actions were off-screen, in a real browser over the real
services: the manager's swap inbox and the inspector's inspection plans fold into cards, so "Duyệt" /
"Từ chối" and the plan's move / cancel are within the screen's width, with no sideways scrolling of the page;
the one-day heatmap scrolls sideways in its own box with the enterprise and duty-type columns kept in place.

Data: a swap request asked here by the post office's staff account for its first published shift (rejected
here, which leaves the shift as it was) and an inspection plan for the post office on a day no other test
plans (cancelled here)."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from browser_support import accept_next_dialog, sign_in

POST_OFFICE = "Bưu điện tỉnh Long An"
WIDTH, HEIGHT = 375, 740


def _phone(new_page):
    page = new_page(phone=True, width=WIDTH)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return page


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def _within_width(locator) -> None:
    box = locator.bounding_box()
    assert box is not None, "not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def test_the_manager_decides_a_swap_on_a_phone(new_page, portal_stack) -> None:
    stack = portal_stack
    person, manager = stack.staff[POST_OFFICE], stack.managers[POST_OFFICE]
    reason = f"Về quê ăn Tết sớm ({secrets.token_hex(3)})"
    with stack.api("roster", person) as roster:
        shift = roster.get(
            "/shifts",
            params={"staff_id": person.staff_id, "campaign_id": stack.campaign_id, "status": "published", "limit": 1},
        ).json()["items"][0]
        asked = roster.post(f"/shifts/{shift['id']}/swaps", json={"from_staff_id": person.staff_id, "reason": reason})
        assert asked.status_code == 201, asked.text

    page = _phone(new_page)
    sign_in(page, stack, manager)
    page.goto("/manage/swaps")
    expect(page.get_by_role("heading", level=1)).to_have_text("Duyệt đổi ca")
    card = page.locator("tr", has_text=reason)
    approve = card.get_by_role("button", name=re.compile("^Duyệt — yêu cầu đổi ca của "))
    reject = card.get_by_role("button", name=re.compile("^Từ chối — yêu cầu đổi ca của "))
    for control in (approve, reject, card.get_by_label("Người nhận ca"), card.get_by_label("Lý do từ chối")):
        control.scroll_into_view_if_needed()
        _within_width(control)
    _within_width(page.locator("table.swap-inbox caption"))
    # Each field of the card is named as its column's header was.
    expect(card.locator("td[data-label='Quyết định']")).to_have_count(1)
    _no_sideways_scroll(page)

    card.get_by_label("Lý do từ chối").fill("Bưu điện cần đủ người trực ngày này")
    reject.click()
    expect(page.locator(".message.ok")).to_have_text("Đã từ chối yêu cầu đổi ca.")  # the emptied inbox says so too
    expect(page.locator("tr", has_text=reason)).to_have_count(0)


def test_the_inspector_moves_or_cancels_a_plan_on_a_phone(new_page, portal_stack) -> None:
    stack = portal_stack
    purpose = f"Kiểm tra trực Tết tại bưu cục trung tâm {secrets.token_hex(3)}"
    with stack.api("roster", stack.inspector) as roster:
        made = roster.post(
            "/inspections",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": stack.enterprises[POST_OFFICE],
                "planned_on": "2027-02-09",
                "purpose": purpose,
                "inspectors": ["Trần Thị Mai"],
                "surprise": False,
            },
        )
        assert made.status_code == 201, made.text
    plan_id = made.json()["id"]

    page = _phone(new_page)
    sign_in(page, stack, stack.inspector)
    page.goto(f"/inspect/inspections?campaign_id={stack.campaign_id}")
    card = page.locator(f"tr[data-plan='{plan_id}']")
    expect(card.locator("td[data-label='Thay đổi kế hoạch']")).to_be_visible()
    for name in ("Dời ngày kiểm tra", "Hủy kế hoạch kiểm tra"):
        summary = card.get_by_text(name, exact=True)
        summary.scroll_into_view_if_needed()
        _within_width(summary)
    # The purpose reads as words on lines, not a column one or two words wide.
    purpose_box = card.get_by_text(purpose).bounding_box()
    assert purpose_box is not None and purpose_box["width"] > WIDTH / 2, purpose_box
    _no_sideways_scroll(page)

    card.get_by_text("Hủy kế hoạch kiểm tra", exact=True).click()
    card.get_by_label("Lý do hủy").fill("Trùng lịch làm việc của đoàn")
    cancel = card.get_by_role("button", name="Hủy cuộc kiểm tra này")
    _within_width(cancel)
    asked = accept_next_dialog(page)
    cancel.click()
    expect(page.locator(f"tr[data-plan='{plan_id}'] [data-state='cancelled']")).to_be_visible()
    assert asked and asked[0].startswith("Hủy cuộc kiểm tra tại Bưu điện tỉnh Long An ngày 09/02/2027")
    _no_sideways_scroll(page)


def test_the_one_day_heatmap_keeps_its_row_names_when_scrolled_sideways(new_page, portal_stack) -> None:
    page = _phone(new_page)
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto(f"/inspect/heatmap/day?campaign_id={portal_stack.campaign_id}&day=2027-02-05")
    # QA (z20): the first screen ended on the table's caption; the first row of hours is on it now, whole
    first_hour = page.locator("#day-hours tbody tr").first.locator("td.hour").first
    expect(first_hour).to_be_in_viewport(ratio=1)
    # QA: the campaign's seventeen days filled the first screen; a day before and after are links, the list is folded
    expect(page.get_by_role("navigation", name="Chọn ngày")).to_be_hidden()
    expect(page.get_by_role("link", name="Ngày trước: 04/02")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Ngày sau: 06/02")).to_have_attribute("href", re.compile(r"day=2027-02-06"))
    # the filters fold behind their toggle, so that the hours begin on the first screen (QA: the filters came first)
    tick_box = page.get_by_label("Chỉ doanh nghiệp và loại trực có yêu cầu trực trong ngày này")
    expect(tick_box).to_be_hidden()
    expect(page.locator("#day-hours thead th").first).to_be_in_viewport()
    page.locator("details.fold > summary", has_text="Lọc bản đồ phủ trực").click()
    # a checkbox keeps its size beside its long label (it was squeezed to 9 × 13 px)
    tick = tick_box.bounding_box()
    assert tick is not None and tick["width"] >= 13 and tick["height"] >= 13, tick
    region = page.locator("#day-hours")
    row = region.locator("tbody tr").first
    enterprise, duty = row.locator("th.row-enterprise"), row.locator("th.row-duty")
    expect(enterprise).not_to_be_empty()
    _no_sideways_scroll(page)
    row.scroll_into_view_if_needed()
    before = region.bounding_box()
    assert before is not None

    late = row.locator("td.hour").last  # 23:00
    region.evaluate("box => { box.scrollLeft = box.scrollWidth }")
    assert region.evaluate("box => box.scrollLeft") > 300  # the hours did move
    late_box, enterprise_box, duty_box = late.bounding_box(), enterprise.bounding_box(), duty.bounding_box()
    assert late_box and enterprise_box and duty_box
    # The row's names stay at the box's left edge, side by side, and the late hour is beside them on screen.
    assert abs(enterprise_box["x"] - before["x"]) <= 2, (enterprise_box, before)
    assert abs(duty_box["x"] - (enterprise_box["x"] + enterprise_box["width"])) <= 2, (duty_box, enterprise_box)
    assert duty_box["x"] + duty_box["width"] <= late_box["x"] + 1 and late_box["x"] + late_box["width"] <= WIDTH
    # What is drawn at the row's left edge is its enterprise's name, not an hour scrolled under it.
    at_left = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.className || ''",
        [enterprise_box["x"] + 5, enterprise_box["y"] + enterprise_box["height"] / 2],
    )
    assert "row-enterprise" in at_left
    at_duty = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.className || ''",
        [duty_box["x"] + 5, duty_box["y"] + duty_box["height"] / 2],
    )
    assert "row-duty" in at_duty
    # the caption's words stay in the box's view, wrapped to it (the caption is as wide as the 24 hours)
    _within_width(region.locator("caption .caption-text"))


def test_the_inspectors_long_menu_folds_behind_a_toggle_on_a_phone_without_javascript(new_page, portal_stack) -> None:
    page = new_page(phone=True, width=WIDTH, javascript=False)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto(f"/inspect/inspections?campaign_id={portal_stack.campaign_id}")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = nav.get_by_text("Trình đơn")
    # Folded: the toggle says which page this is; the fifteen links take no room until it is opened.
    expect(toggle).to_have_text("Trình đơn: Kế hoạch kiểm tra")
    expect(nav.get_by_role("link", name="Bản đồ phủ trực")).to_be_hidden()
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] <= 200, header
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    _no_sideways_scroll(page)

    toggle.click()
    links = nav.get_by_role("link")
    # the API reference is an admin's alone (QZ11 #13); the account's page is in the list on a phone (P7); the
    # explanations (giải trình, QZ27 #4) and the campaign report (QZ27 #1)
    expect(links).to_have_count(16)
    expect(links.last).to_have_text("Đổi mật khẩu")
    expect(nav.get_by_role("link", name="Bản đồ phủ trực")).to_be_visible()
    expect(nav.locator("[aria-current='page']")).to_have_text("Kế hoạch kiểm tra")
    _within_width(nav.get_by_role("link", name="Kế hoạch kiểm tra", exact=True))
    _no_sideways_scroll(page)
    nav.get_by_role("link", name="Bản đồ phủ trực").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bản đồ phủ trực")
    expect(page.get_by_role("navigation", name="Điều hướng chính").get_by_text("Trình đơn")).to_have_text(
        "Trình đơn: Bản đồ phủ trực"
    )

    # The skip link is still the first stop of the keyboard and leads to the page's content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_a_wide_screen_shows_the_whole_menu_and_duty_staff_fold_theirs_on_a_phone(new_page, portal_stack) -> None:
    wide = new_page()
    sign_in(wide, portal_stack, portal_stack.inspector)
    nav = wide.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_text("Trình đơn")).to_be_hidden()
    expect(nav.get_by_role("link", name="Bản đồ phủ trực")).to_be_visible()
    expect(nav.get_by_role("link", name="Sổ nhật ký")).to_be_visible()
    expect(nav.get_by_role("link", name="Tài liệu API")).to_have_count(0)  # an admin's word, not an inspector's
    expect(nav.get_by_role("link", name="Đổi mật khẩu")).to_have_count(0)  # beside the name on a wide screen
    expect(wide.locator("header.top .who").get_by_role("link", name="Đổi mật khẩu")).to_be_visible()
    expect(wide.locator("header.top .name")).to_have_text(re.compile(r" · Thanh tra$"))  # the role said in full

    # P7: the duty worker's five links unfolded made the header 218 px of a 390 px phone; folded like everyone's, it
    # is two rows: the portal's name and the toggle, the person's name and its links
    phone = _phone(new_page)
    sign_in(phone, portal_stack, portal_stack.staff["VNPT Long An"])
    nav = phone.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_text("Trình đơn")).to_have_text("Trình đơn: Ca trực của tôi")
    expect(nav.get_by_role("link", name="Ca trực của tôi")).to_be_hidden()
    header = phone.locator("header.top")
    height = header.bounding_box()
    assert height is not None and height["height"] <= 110, height
    assert "·" not in header.locator(".name").inner_text()  # the name alone, no role, on a phone
    # QA 2026-12-06: the header's links and buttons were 22 px high ("English" 50×22, "Đăng xuất" 70×22); a finger's
    # 44 px now, while the wide screen's header keeps its links' height.
    targets = header.locator(".who a:visible, .who button:visible")
    expect(targets).to_have_count(2)  # the other language, sign out (the password: in the folded list)
    for box in [t.bounding_box() for t in targets.all()]:
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    nav.get_by_text("Trình đơn").click()
    for name in ("Ca trực của tôi", "Lịch của tôi", "Nhắc việc", "Báo cáo ngày", "Sự cố", "Đổi mật khẩu"):
        _within_width(nav.get_by_role("link", name=name, exact=True))
    wide_link = wide.locator("header.top .who a").first.bounding_box()
    assert wide_link is not None and wide_link["height"] < 40, wide_link  # a phone's rule only
    # the gaps as they open name the filters' boxes, in sight on a wide screen: no word of opening them (QA, 1280 px)
    wide.goto("/inspect/gaps")
    opening = wide.locator("#gaps-opening")
    expect(opening).to_contain_text("“Đợt trực” hoặc “Trạng thái” ở bộ lọc phía trên")
    expect(opening.locator(".when-folded")).to_be_hidden()
    expect(wide.get_by_label("Trạng thái")).to_be_visible()


def test_the_inspectors_gaps_start_on_the_first_screen_as_cards_and_the_heatmap_keeps_its_names(
    new_page, portal_stack
) -> None:
    """QA on a phone: the gaps began 1,759 px down, under eleven filters and ten downloads, in a six-column
    table squeezed to the screen; and the heatmap's enterprises scrolled away with the days."""
    page = _phone(new_page)
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto(f"/inspect/gaps?campaign_id={portal_stack.campaign_id}&in_force=all")
    filters, downloads = page.get_by_text("Lọc khoảng trống", exact=True), page.get_by_text("Tải xuống (CSV, Excel)")
    expect(filters).to_be_visible()
    expect(downloads).to_be_visible()
    expect(page.get_by_label("Doanh nghiệp")).to_be_hidden()  # folded until asked for
    expect(page.get_by_role("link", name="Tải danh sách (CSV, tiếng Việt)")).to_be_hidden()
    first = page.locator("table.gaps-table tbody tr").first
    expect(first).to_be_in_viewport()
    for label in ("Thời gian", "Trạng thái"):  # each field named, the status within the screen
        cell = first.locator(f"td[data-label^='{label}']")
        expect(cell).to_have_count(1)
        cell.scroll_into_view_if_needed()
        _within_width(cell)
    _no_sideways_scroll(page)
    # each fold shows that it opens: a chevron before its words, turned when open (QA: they read as headings)
    chevron = "el => { const c = getComputedStyle(el, '::before'); return [c.content, c.width, c.transform] }"
    folded = filters.evaluate(chevron)
    assert folded[0] == '""' and float(folded[1].removesuffix("px")) >= 6, folded
    filters.click()
    expect(page.get_by_label("Doanh nghiệp")).to_be_visible()
    assert filters.evaluate(chevron)[2] != folded[2]
    # QA at 390 px: the list as it opens said to change “Đợt trực” or “Trạng thái” "ở bộ lọc phía trên", boxes out of
    # sight behind "Lọc khoảng trống": it says to open that, while the filters are folded
    page.goto("/inspect/gaps")
    hint = page.locator("#gaps-opening .when-folded")
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Bấm “Lọc khoảng trống” ở trên để mở bộ lọc.")
    expect(page.get_by_label("Trạng thái")).to_be_hidden()
    page.get_by_text("Lọc khoảng trống", exact=True).click()
    expect(page.get_by_label("Trạng thái")).to_be_visible()
    expect(hint).to_be_hidden()  # said while it helps, not once open

    # the province's readiness: each enterprise a card, its items the card's width (a 100 px column before)
    page.goto(f"/inspect/readiness?campaign_id={portal_stack.campaign_id}")
    items = page.locator("table.readiness-overview tbody tr").first.locator("td[data-label='Các mục']")
    items.scroll_into_view_if_needed()
    _within_width(items)
    assert (items.bounding_box() or {"width": 0})["width"] >= WIDTH * 0.8
    _no_sideways_scroll(page)

    page.goto(f"/inspect/heatmap?campaign_id={portal_stack.campaign_id}")
    box = page.locator(".table-wrap", has=page.locator("table.heatmap"))
    name = box.locator("tbody th[scope='row']").first
    expect(name).not_to_be_empty()
    name.scroll_into_view_if_needed()
    before = name.bounding_box()
    box.evaluate("box => { box.scrollLeft = box.scrollWidth }")
    assert box.evaluate("box => box.scrollLeft") > 300  # the days did move
    after = name.bounding_box()
    assert before and after and abs(after["x"] - before["x"]) <= 2, (before, after)
    at_left = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.getAttribute('scope') || ''",
        [after["x"] + 5, after["y"] + after["height"] / 2],
    )
    assert at_left == "row"  # the enterprise's name is drawn there, not a day scrolled under it
    # QA 2026-12-06: the caption (1,333 px, the table's width) left a stray "7" above it once scrolled; its words now
    # wrap within the screen and stay in view, still the table's name.
    caption = box.locator("caption .caption-text")
    _within_width(caption)
    expect(box.locator("table.heatmap")).to_have_accessible_name(re.compile(r"\S"))
    _no_sideways_scroll(page)


def test_the_readiness_checklist_folds_into_cards_with_its_buttons_on_the_screen(new_page, portal_stack) -> None:
    """QA on a phone: the checklist's last column (the note, the reference and "Đánh dấu đã xong") ran past the
    screen's edge, and scrolling to it hid which item it was."""
    page = _phone(new_page)
    sign_in(page, portal_stack, portal_stack.managers[POST_OFFICE])
    page.goto(f"/manage/readiness?campaign_id={portal_stack.campaign_id}")
    row = page.locator("table.readiness-table tbody tr").filter(has=page.get_by_role("button", name="Đánh dấu đã xong"))
    card = row.first
    expect(card.locator("td[data-label='Hạn hoàn thành']")).to_have_count(1)
    button = card.get_by_role("button", name="Đánh dấu đã xong")
    button.scroll_into_view_if_needed()
    _within_width(button)
    _within_width(card.locator("th[scope='row']"))  # the item's name is in the same card, on the screen
    _no_sideways_scroll(page)

    # QA: the Tết hours' note was off-screen, and typing scrolled the table and cut the day: each day is a card
    page.goto(f"/manage/tet-hours?campaign_id={portal_stack.campaign_id}")
    day = page.locator("table.tet-hours-form tbody tr").first
    note = day.locator("input[name^='note-']")
    note.scroll_into_view_if_needed()
    note.fill("Nghỉ trưa")
    _within_width(note)
    assert (note.bounding_box() or {"width": 0})["width"] >= WIDTH * 0.8  # the card's width, not a column's
    _within_width(day.locator("th[scope='row']"))
    _no_sideways_scroll(page)
    # the API's event reference: long event types wrap, the field tables scroll in their own box (545 px wide before)
    page.goto("/reference/roster/events")
    _no_sideways_scroll(page)
    # its services one a line, each name beside its two links (QA: they wrapped, a name apart from its links)
    services = page.get_by_role("navigation", name="Các dịch vụ").locator("li")
    assert services.count() == 3
    for service in services.all():
        name, http, events = (service.locator(s).bounding_box() for s in ("strong", "a >> nth=0", "a >> nth=1"))
        assert name and http and events
        assert abs(name["y"] - http["y"]) < 12 and abs(http["y"] - events["y"]) < 12, (name, http, events)
        assert http["height"] >= 44 and events["x"] + events["width"] <= WIDTH


def test_the_folded_menu_closes_with_escape(new_page, portal_stack) -> None:
    """QA (keyboard): Enter and Space opened and closed the phone's menu, Escape did nothing."""
    page = _phone(new_page)
    sign_in(page, portal_stack, portal_stack.inspector)
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = nav.get_by_text("Trình đơn")
    toggle.focus()
    page.keyboard.press("Enter")
    link = nav.get_by_role("link", name="Bản đồ phủ trực")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    expect(nav.locator("details.menu > summary")).to_be_focused()


def test_the_hours_table_sorts_on_a_phone(new_page, portal_stack) -> None:
    """QA on a phone: "Bấm tiêu đề cột để sắp xếp", but the card layout hides the header that holds the links."""
    page = _phone(new_page)
    sign_in(page, portal_stack, portal_stack.managers[POST_OFFICE])
    page.goto(f"/manage/hours?campaign_id={portal_stack.campaign_id}")
    sorting = page.get_by_role("navigation", name="Sắp xếp theo")
    by_shifts = sorting.get_by_role("link", name="Số ca")
    expect(by_shifts).to_be_visible()
    _within_width(by_shifts)
    by_shifts.click()
    expect(page.locator("table.hours-table th[aria-sort='descending']")).to_contain_text("Số ca")
    page.wait_for_load_state()
    counts = [
        int(t.split()[0]) for t in page.locator("table.hours-table tbody td[data-label='Số ca']").all_inner_texts()
    ]
    assert counts and counts == sorted(counts, reverse=True), counts
    _no_sideways_scroll(page)


def test_who_was_not_there_reads_whole_on_a_phone_in_either_language(tet_page, tet_portal_stack) -> None:
    """QZ20 #6: `/inspect/presence` in English at 390 px: the table was 9 px wider than its box, the "Not here" column
    cut off ("Dươnç…", "Lê Thị Thanh…") and the caption too. On the Tết stack (a day of shifts under way and over, some
    nobody checked in to), each stretch is a card whose fields wrap within the screen, in English and in Vietnamese."""
    stack = tet_portal_stack
    for lang, absent in (("en", "Not here"), ("vi", "Người chưa có mặt")):
        page = tet_page(phone=True)
        sign_in(page, stack, stack.inspector)
        page.goto(f"/lang/{lang}")
        page.goto(f"/inspect/presence?campaign_id={stack.campaign_id}")
        table = page.get_by_test_id("presence")
        expect(table.locator("tbody tr").first).to_be_visible()
        box = page.locator(".table-wrap", has=table)
        assert box.evaluate("box => box.scrollWidth - box.clientWidth") <= 0, lang  # nothing to scroll to, or hidden
        width = page.viewport_size["width"] if page.viewport_size else 390
        who = table.locator(f"tbody td[data-label='{absent}']").all()
        assert who, lang  # the column QA found cut off, each cell named by it
        for shown in [table.locator("caption"), *who[:6]]:
            shown.scroll_into_view_if_needed()
            edge = shown.bounding_box()
            assert edge is not None and edge["x"] >= 0 and edge["x"] + edge["width"] <= width, (lang, edge)
            assert shown.evaluate("el => el.scrollWidth <= el.clientWidth"), (lang, shown.inner_text())
        assert page.evaluate("document.documentElement.scrollWidth") <= width, lang


_FITS = """select => {
    const style = getComputedStyle(select);
    const pen = document.createElement("canvas").getContext("2d");
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
    return [pen.measureText(select.options[select.selectedIndex].text).width, room];
}"""
"""The width of a select's shown option's text and the room its box has for it (less the arrow's 24 px)."""


def test_a_duty_worker_reads_who_is_on_duty_with_them_and_picks_anyone_whole_on_a_phone(new_page, portal_stack) -> None:
    """QZ24 at 390 × 844: a shift days ahead said "Cũng đang trực (N người)" — "đang" reads as right now —, and the
    swap form's first choice was cut off ("Bất kỳ đồng nghiệp đủ chuyên môn (quả…"). A shift not begun says "Cùng
    trực" (the stack runs before Tết: none is under way); the choice reads whole, what it means said below it."""
    page = new_page(phone=True, width=390)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, portal_stack, portal_stack.staff["VNPT Long An"])
    summaries = page.locator("details.on-duty-beside summary")
    expect(summaries.first).to_have_text(re.compile(r"^Cùng trực \(\d+ người\)$"))
    expect(page.get_by_text("Cũng đang trực")).to_have_count(0)

    page.locator("article.shift-card").first.get_by_role("link", name="Xin đổi ca").click()
    choice = page.get_by_label("Đồng nghiệp nhận ca")
    expect(choice.locator("option:checked")).to_have_text("Bất kỳ đồng nghiệp")
    width, room = choice.evaluate(_FITS)
    assert width <= room, (width, room)
    hint = page.locator("#h-to_staff_id")
    expect(hint).to_contain_text("Chọn “Bất kỳ đồng nghiệp” nếu muốn quản lý chọn một người đủ chuyên môn.")
    below, box = hint.bounding_box(), choice.bounding_box()
    assert below is not None and box is not None and below["y"] >= box["y"] + box["height"], (below, box)
    _within_width(choice)


_SMALL_TARGETS = """() => {
    const seen = [];
    const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
    for (const el of document.querySelectorAll(
        "body > .password-notice a, main a[href], main button, main summary, main select, main input:not([type=hidden]), main label.check")) {
        if (!shown(el) || el.closest("label.check") && el.matches("input")) continue;
        if (el.closest("details:not([open])") && !el.matches("details > summary")) continue;  // folded away
        if (el.matches(".beside-group a[href^='tel:']")) continue;  // a phone number inside a line of names
        const r = el.getBoundingClientRect();
        if (r.height < 44) seen.push(`${el.tagName.toLowerCase()} “${(el.innerText || el.value || el.name || "").trim().slice(0, 40)}” ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return seen;
}"""
"""Each link, button, fold, field and ticked label on the page (and the password notice's link) less than 44 px high,
by its words and size."""


def test_a_duty_worker_s_pages_give_a_finger_44_px_on_a_phone(new_page, portal_stack) -> None:
    """QZ29 #3 at 390 px: the tabs “Đã qua” and “Yêu cầu đổi ca của tôi” were about 17 px high, the password notice's
    “Đổi mật khẩu ngay” 15, “Cùng trực” 23, the reminders' boxes 22×22 (WCAG 2.5.5, as the header's links and the
    menu's already are). Every target on the staff pages is 44 px high on a phone; a ticked box's whole label is its
    target, and a tap on the label ticks it."""
    page = new_page(phone=True, width=390)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, portal_stack, portal_stack.staff["VNPT Long An"])
    expect(page.locator(".password-notice a")).to_have_text("Đổi mật khẩu ngay")  # set by the administrator
    small = {}
    for path in ("/me/shifts", "/me/shifts?when=past", "/me/swaps", "/me/calendar", "/me/reminders"):
        page.goto(path)
        small[path] = page.evaluate(_SMALL_TARGETS)
    page.goto("/me/shifts")
    page.locator("details.on-duty-beside > summary").first.click()  # its people unfolded: nothing small inside
    small["/me/shifts, “Cùng trực” unfolded"] = page.evaluate(_SMALL_TARGETS)
    page.locator("article.shift-card").first.get_by_role("link", name="Xin đổi ca").click()
    small["the swap form"] = page.evaluate(_SMALL_TARGETS)
    assert small == {path: [] for path in small}, small

    page.goto("/me/reminders")
    label = page.locator("label.check", has_text="Trước 30 phút")
    box = label.bounding_box()
    assert box is not None and box["height"] >= 44, box
    ticked = label.locator("input").is_checked()
    label.click(position={"x": box["width"] - 4, "y": box["height"] - 4})  # the label's far corner, not the box
    expect(label.locator("input")).to_be_checked(checked=not ticked)
