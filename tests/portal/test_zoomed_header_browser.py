"""The header on a laptop zoomed to 200 % (1366 × 768 at a device scale factor of 2: a viewport of 683 × 384 CSS px),
in a real browser over the real services on `make run`'s test clock (its banner on every page).

QZ24 #2: at that width the menu's links ran over three rows and, with the two banners, the header took about two
thirds of the first screen on every page, with no "Trình đơn" toggle; the board showed 3 of its 5 columns. Up to
720 px the menu folds behind the phone's toggle and each banner is one short line (portal.css)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

WIDTH, HEIGHT = 683, 384
POST_OFFICE = "Bưu điện tỉnh Long An"


def _zoomed(tet_page, *, javascript: bool = True):
    return tet_page(width=WIDTH, height=HEIGHT, scale=2, javascript=javascript)


def _above_main(page) -> float:
    """How far down the page its content starts: the header and the banners above it."""
    return float(page.evaluate("document.getElementById('main').getBoundingClientRect().top + window.scrollY"))


def test_the_header_takes_at_most_a_third_of_a_zoomed_laptops_screen_and_its_menu_works_by_keyboard(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    page = _zoomed(tet_page)
    sign_in(page, stack, stack.inspector)  # the longest menu but an administrator's: thirteen links
    for path, here in (("/inspect/heatmap", "Bản đồ phủ trực"), ("/inspect/gaps", "Khoảng trống")):
        page.goto(path)
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        toggle = nav.locator("details.menu > summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_contain_text(f"Trình đơn: {here}")
        expect(nav.get_by_role("link", name="Sổ nhật ký")).to_be_hidden()
        expect(page.locator("#test-clock")).to_be_visible()
        # the banner one line: its short words, no taller than two of its lines
        clock = page.locator("#test-clock")
        line = float(
            clock.evaluate(
                "e => parseFloat(getComputedStyle(e).lineHeight) || 1.2 * parseFloat(getComputedStyle(e).fontSize)"
            )
        )
        box = clock.bounding_box()
        assert box is not None and box["height"] < 2 * line, (box, line)
        header = page.locator("header.top").bounding_box()
        assert header is not None and header["height"] <= 70, header  # one row: name, toggle, account
        assert _above_main(page) <= HEIGHT / 3, _above_main(page)
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    # The keyboard: the skip link, the portal's name, then the toggle; Enter opens it, Tab goes through its links,
    # Escape closes it with the keyboard back on the toggle, Space opens and closes it again.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = nav.locator("details.menu > summary")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    first = nav.get_by_role("link").first
    expect(first).to_be_visible()
    expect(nav.get_by_role("link", name="Sổ nhật ký")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(first).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press(" ")
    expect(first).to_be_visible()
    page.keyboard.press(" ")
    expect(first).to_be_hidden()
    # opened, a link chosen by the keyboard goes to its page
    page.keyboard.press("Enter")
    nav.get_by_role("link", name="Sổ nhật ký").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inspect/log$"))
    expect(toggle).to_contain_text("Trình đơn: Sổ nhật ký")


def test_a_managers_board_zoomed_starts_under_a_compact_header_without_script(tet_page, tet_portal_stack) -> None:
    """Without script too (the toggle is a <details>): the board's heading and its grid on the first screen."""
    stack = tet_portal_stack
    page = _zoomed(tet_page, javascript=False)
    sign_in(page, stack, stack.managers[POST_OFFICE])
    page.goto(f"/manage/board?campaign_id={stack.campaign_id}&enterprise_id={stack.enterprises[POST_OFFICE]}")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = nav.locator("details.menu > summary")
    expect(toggle).to_contain_text("Trình đơn: Bảng trực")
    expect(nav.get_by_role("link", name="Nhập dữ liệu")).to_be_hidden()
    assert _above_main(page) <= HEIGHT / 3, _above_main(page)
    # the account's page is in the folded list, as on a phone; the name stays in the header's one row
    expect(page.locator("header.top .who").get_by_role("link", name="Đổi mật khẩu")).to_be_hidden()
    toggle.click()
    expect(nav.get_by_role("link", name="Nhập dữ liệu")).to_be_visible()
    expect(nav.get_by_role("link", name="Đổi mật khẩu")).to_be_visible()
    toggle.click()
    expect(nav.get_by_role("link", name="Nhập dữ liệu")).to_be_hidden()
    # a wider window (1366 px at 100 %) keeps the whole menu, unfolded, and no toggle
    page.set_viewport_size({"width": 1366, "height": 768})
    expect(toggle).to_be_hidden()
    expect(nav.get_by_role("link", name="Nhập dữ liệu")).to_be_visible()


def _name_in_toggle(page) -> dict:
    """The page's name in the menu's toggle: its words as shown, whether they are cut (wider than their box), and
    where they lie against the viewport and the account's part of the header."""
    return page.evaluate(
        r"""() => {
        const here = document.querySelector('details.menu .menu-here');
        const box = here.getBoundingClientRect(), who = document.querySelector('header.top .who').getBoundingClientRect();
        // the colon before the name is for a screen reader (hidden)
        return {text: here.innerText.replace(/^:\s*/, '').trim(), scroll: here.scrollWidth, client: here.clientWidth,
                right: box.right, bottom: box.bottom, whoLeft: who.left, whoTop: who.top,
                width: document.documentElement.clientWidth};
    }"""
    )


def test_the_toggle_says_the_pages_whole_name_zoomed_and_on_a_phone(tet_page, tet_portal_stack) -> None:
    """QZ25 #12: at 683 px the toggle read "Trình đơn: Danh mục ki…" (the page's name cut short on its one line). Now
    the name is on its own line under "Trình đơn", whole, on a zoomed laptop and on a 390 px phone alike, for the
    longest page name (the administrator's readiness checklist) and beside the longest account name (the
    inspector's); the header no taller for it."""
    stack = tet_portal_stack
    cases = (
        (stack.admin, "/admin/readiness", "Danh mục kiểm tra sẵn sàng"),
        (stack.inspector, "/inspect/inspections", "Kế hoạch kiểm tra"),
    )
    for size in ({"width": WIDTH, "height": HEIGHT, "scale": 2}, {"phone": True}):
        for who, path, name in cases:
            page = tet_page(**size)
            sign_in(page, stack, who)
            page.goto(path)
            toggle = page.get_by_role("navigation", name="Điều hướng chính").locator("details.menu > summary")
            expect(toggle).to_be_visible()
            expect(toggle).to_have_text(f"Trình đơn: {name}")  # read aloud as before
            seen = _name_in_toggle(page)
            assert seen["text"] == name, (size, seen)
            assert seen["scroll"] <= seen["client"], (size, seen)  # nothing of it cut
            assert seen["right"] <= seen["width"], (size, seen)
            # beside the account's part on one row (zoomed), or above it (the phone's second row)
            assert seen["right"] <= seen["whoLeft"] or seen["bottom"] <= seen["whoTop"], (size, seen)
            if "phone" not in size:
                header = page.locator("header.top").bounding_box()
                assert header is not None and header["height"] <= 70, header
