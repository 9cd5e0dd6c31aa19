"""The manager's board in a real browser over the real services, QZ25's and M1's leftovers:

1. the day before a Tết, a drill under way (QZ25 #2): the drill's board — its grid the drill's — says what is left
   before the Tết being prepared, titled with that Tết's name and days, each link going to the Tết's pages (its
   checklist, its board); data of its own on the shared stack: the Tết of 2061 and a drill just before it
   (test_preparation_pages_browser's `during_drill`), a second portal whose clock reads a morning of that drill;
2. a cell's page opened without script (a plain link, M1): the whole board, its incidents block and the day's
   incident mark with it (`make run`'s test clock, Viettel's open incident of mùng 2 Tết);
3. a duty worker's card on a phone (QZ25 #7): with who else is on duty listed, no "Cùng ca: Chỉ mình bạn" above it,
   and its spans written one way. Reads only, but for the campaigns and items of (1)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from browser_support import sign_in

from .test_preparation_pages_browser import VNPT, _sign_in, during_drill

__all__ = ["during_drill"]  # the fixture, used here as a parameter

VIETTEL = "Viettel Long An"
PLACE = "Trạm BTS Thái Bình Trung"


def test_a_drills_board_the_day_before_tet_says_what_is_left_before_that_tet_its_links_the_tets(
    new_page, portal_stack, during_drill
) -> None:
    portal, tet, drill = during_drill
    enterprise = portal_stack.enterprises[VNPT]
    page = new_page()
    _sign_in(page, portal, portal_stack)
    page.goto(f"{portal}/manage/board/{drill['id']}/{enterprise}")
    expect(page.get_by_text("buổi diễn tập, từ")).to_be_visible()  # the drill's board

    block = page.get_by_test_id("before-tet")
    expect(block.get_by_role("heading", level=2)).to_have_text(
        re.compile(rf"^Còn lại trước {re.escape(tet['name'])} \(từ \d\d/\d\d/2061 đến \d\d/\d\d/2061\)$")
    )
    expect(block.get_by_test_id("before-tet-of")).to_contain_text(
        f"Bảng này là của buổi diễn tập; các việc dưới đây là của {tet['name']}."
    )
    # the Tết's two checklist items of the telecom sector, linking the Tết's checklist
    readiness = block.locator("li[data-left='readiness']")
    expect(readiness).to_contain_text("2 mục chuẩn bị đón Tết chưa xong")
    readiness.get_by_role("link", name="2 mục chuẩn bị đón Tết chưa xong").click()
    expect(page).to_have_url(re.compile(r"/manage/readiness\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["campaign_id"] == [tet["id"]] and query["enterprise_id"] == [enterprise]
    expect(page.get_by_label("Đợt trực", exact=True).locator("option:checked")).to_have_text(tet["name"])
    expect(page.locator("table.readiness-table tbody tr")).to_have_count(2)

    page.go_back()
    block = page.get_by_test_id("before-tet")
    # the grid stays the drill's: its cells link the drill's board; the block's links none of the drill's
    hrefs = block.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if drill["id"] in h], hrefs
    grid = page.locator("#board-grid a[href*='/cell?']")
    if grid.count():
        assert drill["id"] in (grid.first.get_attribute("href") or "")
    block.get_by_role("link", name=f"Mở bảng trực {tet['name']}").click()
    expect(page).to_have_url(re.compile(rf"/manage/board/{tet['id']}/{enterprise}$"))
    expect(page.get_by_text("buổi diễn tập, từ")).to_have_count(0)
    # the Tết's own board: its block untitled by name, as before
    expect(page.get_by_test_id("before-tet").get_by_role("heading", level=2)).to_have_text("Còn lại trước Tết")


def test_a_cell_page_without_script_draws_the_whole_board_its_incidents_and_day_marks(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    enterprise = stack.enterprises[VIETTEL]
    page = tet_page(javascript=False)
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(f"/manage/board/{stack.campaign_id}/{enterprise}")
    page.locator("#board-grid td a[href*='/cell?day=2027-02-07']").first.click()  # a plain link: no htmx
    expect(page).to_have_url(re.compile(r"/cell\?day=2027-02-07&"))
    expect(page.locator("#cell-panel").get_by_role("heading", level=2)).to_be_visible()
    block = page.get_by_test_id("board-incidents")
    expect(block.get_by_role("heading", level=2)).to_have_text(re.compile(r"^Sự cố đang xử lý \(\d+\)$"))
    expect(block.locator("li", has_text=PLACE)).to_contain_text("chưa khôi phục dịch vụ")
    mark = page.locator("tr[data-testid='day-2027-02-07'] th").get_by_test_id("incidents-on-2027-02-07")
    expect(mark).to_have_text(re.compile(r"^\d+ sự cố$"))
    # and what is left before Tết, as on the board's own page
    expect(page.get_by_test_id("before-tet").or_(page.get_by_test_id("before-tet-done"))).to_have_count(1)


def test_a_phone_card_with_who_else_is_on_duty_does_not_also_say_you_are_alone_and_writes_spans_one_way(
    tet_page, tet_portal_stack
) -> None:
    """QZ25 #7 on a 390 × 844 phone: "Cùng ca: Chỉ mình bạn" sat right above "Cùng trực (4 người)", and the card's
    time read "→" where a colleague's across days read "–"."""
    stack = tet_portal_stack
    page = tet_page(phone=True)
    found = None
    for person in stack.staff.values():  # the demo's staff accounts: the first whose cards list who else is on
        page.context.clear_cookies()
        sign_in(page, stack, person)
        for when in ("", "?when=past"):
            page.goto(f"/me/shifts{when}")
            beside = page.locator("article.shift-card:has(details.on-duty-beside)")
            if beside.count():
                found = beside
                break
        if found is not None:
            break
    assert found is not None, "the demo puts its staff on shifts beside others'"
    for n in range(found.count()):
        card = found.nth(n)
        card.locator("details.on-duty-beside > summary").click()
        expect(card.locator("details.on-duty-beside")).to_have_attribute("open", "")
        expect(card).not_to_contain_text("Chỉ mình bạn")
        text = card.inner_text()
        assert " – " not in text, text  # a span across days: "→", as the card's own time
        expect(card.locator(".shift-when")).to_contain_text(" → ")
        same = card.locator("dt", has_text="Cùng ca")
        if same.count():  # a colleague on this very shift is still named, beside the list
            expect(same.locator("+ dd")).not_to_have_text("Chỉ mình bạn")
