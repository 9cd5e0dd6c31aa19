"""What is left before Tết on the manager's board (QZ24 #1), in a real browser over the real services at `make run`'s
test clock (10:00 on mùng 2 Tết Đinh Mùi: the campaign under way, its Tết hours deadline passed): the provincial
post office's board says how many of its readiness items are not done (some overdue, marked), how many of its post
offices and transaction points have not published their Tết hours ("quá hạn"), naming them, and its cells short of
people — each linking its page; and its legend names each of the campaign's peaks with its times (QZ24 #3). What it
should say is read from roster as the manager (other tests may publish hours or mark items done). Reads only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from browser_support import sign_in

POST = "Bưu điện tỉnh Long An"


def _expected(stack, manager) -> tuple[list[dict], list[str], list[dict]]:
    """Roster's word, as the manager: the checklist lines owed and not done, the points (by name) owing Tết hours
    not published, and the campaign's peaks."""
    enterprise = stack.enterprises[POST]
    with stack.api("roster", manager) as roster:
        params = {"campaign_id": stack.campaign_id, "limit": 500}
        lines = roster.get(f"/enterprises/{enterprise}/readiness", params=params).json()["items"]
        sites = roster.get("/sites", params={"enterprise_id": enterprise, "limit": 500}).json()["items"]
        unpublished = []
        for site in sites:
            if site["kind"] in ("post_office", "transaction_point"):
                hours = roster.get(f"/sites/{site['id']}/tet-hours", params={"campaign_id": stack.campaign_id}).json()
                if not hours["published_version"] and hours["hours_owed"]:
                    unpublished.append(site["name"])
        peaks = roster.get(f"/campaigns/{stack.campaign_id}").json()["peaks"]
    left = [x for x in lines if x["status"] != "done" and not x.get("not_owed_before")]
    return left, unpublished, peaks


def test_the_board_says_what_is_left_before_tet_each_linking_its_page(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    manager = stack.managers[POST]
    enterprise = stack.enterprises[POST]
    left, unpublished, peaks = _expected(stack, manager)
    assert left and unpublished, "the demo leaves the post office readiness items and Tết hours to do"
    overdue = sum(1 for x in left if x["status"] == "overdue")
    page = tet_page()
    sign_in(page, stack, manager)
    board = f"/manage/board/{stack.campaign_id}/{enterprise}"
    page.goto(board)

    block = page.get_by_test_id("before-tet")
    expect(block.get_by_role("heading", level=2)).to_have_text("Còn lại trước Tết")
    assert page.evaluate(  # above the grid, and the grid is there
        "() => !!(document.querySelector('[data-testid=before-tet]').compareDocumentPosition("
        "document.getElementById('board-grid')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    readiness = block.locator("li[data-left='readiness']")
    expect(readiness).to_contain_text(f"{len(left)} mục chuẩn bị đón Tết chưa xong")
    # the overdue ones as a person says them, since when the earliest (N4's "hạn sớm nhất: …, đã qua" read oddly);
    # the nearest due of the others, if any
    if overdue:
        since = " từ" if overdue == 1 else ", sớm nhất từ"
        expect(readiness.get_by_test_id("readiness-overdue")).to_have_text(
            re.compile(rf"^{overdue} mục quá hạn{since} (\d\d:\d\d )?\d\d/\d\d$")
        )
    if overdue < len(left):
        expect(readiness).to_contain_text(re.compile(r"hạn gần nhất: (hết ngày )?.*\d\d/\d\d/2027 \(.+\)"))
    expect(readiness).not_to_contain_text("đã qua")
    hours = block.locator("li[data-left='tet-hours']")
    expect(hours).to_contain_text(f"{len(unpublished)} bưu cục, điểm giao dịch chưa niêm yết giờ mở cửa Tết")
    expect(hours.get_by_test_id("hours-overdue")).to_have_text("quá hạn")  # the deadline was the campaign's start
    first = sorted(unpublished, key=str.casefold)[0]
    expect(hours.get_by_role("link", name=first)).to_be_visible()
    cells = block.locator("li[data-left='cells']")
    if cells.count():
        expect(cells).to_contain_text(re.compile(r"^Còn \d+ ô thiếu người\.$"))
        # said once (QZ25 #8: in the block and again in the summary under it)
        expect(page.get_by_text(re.compile(r"^Còn \d+ ô thiếu người\.$"))).to_have_count(1)

    # the legend: each of the campaign's peaks, its name and times
    legend = page.locator(".legend [data-legend='peak']")
    expect(legend).to_have_count(len(peaks))
    expect(legend.first).to_contain_text(re.compile(r"^Cao điểm Giao thừa: \d\d:\d\d 0[45]/02/2027 \(.+\) → "))

    hours.get_by_role("link", name=first).click()  # that point's form, in this campaign
    expect(page).to_have_url(re.compile(r"/manage/tet-hours\?campaign_id=.*&site_id="))
    expect(page.locator("#f-site option:checked")).to_have_text(first)
    expect(page.get_by_test_id("hours-state")).to_contain_text("Chưa niêm yết")

    page.goto(board)
    page.get_by_test_id("before-tet").locator("li[data-left='readiness'] > a").first.click()  # the checklist
    expect(page).to_have_url(re.compile(r"/manage/readiness\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["campaign_id"] == [stack.campaign_id] and query["enterprise_id"] == [enterprise]
    expect(page.get_by_role("heading", level=1)).to_be_visible()
