"""The Tết hours of post offices and transaction points by status in a real browser with no JavaScript, over the
real services and the demo: three places published their hours as their managers when the demo loaded — two
transaction points and the provincial post office's central post office ("bưu cục") —; the post office's
transaction point in Bến Lức and its district post office in Tân Hưng never did (the demo's hours leave them out,
and no other test publishes them). Before the campaign's deadline (its first day, 00:00) those are "not published
yet", the three "published on time"; from the deadline on, "not published, past the deadline" and "published
late". (The post office's commune point in Tân Hưng is published by test_tet_hours_pages, in whatever order the
modules run: nothing here counts on it.)

The inspector reaches the page from the menu, reads the deadline with its lunar day, finds the point by a
district typed without diacritics, filters by status and enterprise, pages, downloads the CSV, and is told a
value the page cannot use; the post office's manager reaches it from the Tết hours page, sees only the post
office's points, and opens the one in Bến Lức to enter its hours."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in, until

POST_OFFICE = "Bưu điện tỉnh Long An"
BEN_LUC = "Điểm giao dịch Bến Lức"
TAN_HUNG = "Bưu điện huyện Tân Hưng"  # a post office without published hours
PUBLISHED = {  # point: (district, enterprise)
    "Điểm giao dịch VNPT Tân An": ("Tân An", "VNPT Long An"),
    "Cửa hàng Viettel Kiến Tường": ("Mộc Hóa", "Viettel Long An"),
    "Bưu điện Trung tâm Tân An": ("Tân An", POST_OFFICE),  # a post office
}
DEADLINE = "00:00 30/01/2027 (23 tháng Chạp Bính Ngọ)"


def _rows(page) -> list[list[str]]:
    # A click on a link returns once the next page starts loading, not when its table is there.
    page.wait_for_load_state()
    return [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator("table.tet-hours-status tbody tr").all()
    ]


@pytest.mark.screenshot
def test_the_inspector_finds_the_points_without_hours_and_the_manager_opens_one(new_page, portal_stack) -> None:
    stack = portal_stack
    with stack.api("roster") as roster:
        deadline = datetime.fromisoformat(roster.get(f"/campaigns/{stack.campaign_id}").json()["hours_deadline"])
    passed = datetime.now(UTC) >= deadline
    unpublished = "Quá hạn, chưa niêm yết" if passed else "Chưa niêm yết, chưa đến hạn"
    published = "Niêm yết muộn" if passed else "Niêm yết đúng hạn"

    page = new_page(javascript=False)
    sign_in(page, stack, stack.inspector)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Giờ mở cửa Tết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Giờ mở cửa Tết — bưu cục, điểm giao dịch chưa niêm yết hoặc niêm yết muộn"
    )
    expect(page.get_by_label("Đợt trực Tết", exact=True)).to_have_value(stack.campaign_id)
    expect(page.locator("p.deadline")).to_contain_text(f"Hạn niêm yết: {DEADLINE}")

    def ben_luc_listed() -> list[str] | None:  # audit logs the demo's sites in its own time
        page.reload()
        return next((r for r in _rows(page) if r[2] == BEN_LUC), None)

    row = until(ben_luc_listed, timeout=240, what="audit to list the transaction point in Bến Lức")
    assert row == ["Bến Lức", POST_OFFICE, BEN_LUC, unpublished, "Chưa niêm yết", ""]
    # The post office without hours is listed as a transaction point is (audit knew it from roster's site event).
    assert ["Tân Hưng", POST_OFFICE, TAN_HUNG, unpublished, "Chưa niêm yết", ""] in _rows(page)
    assert not {r[2] for r in _rows(page)} & set(PUBLISHED)  # by default, only what is not published on time
    counts = page.get_by_role("region", name="Số bưu cục, điểm giao dịch theo tình trạng")
    on_time = "late" if passed else "on_time"

    def published_counted() -> bool:
        page.reload()
        return int(counts.locator(f'li[data-status="{on_time}"]').inner_text().split()[-1]) >= len(PUBLISHED)

    until(published_counted, timeout=240, what="audit to log the demo's three publications")
    screenshot(page, "tet-hours-status")

    # A district typed without diacritics finds Bến Lức, and only it.
    page.get_by_label("Huyện/thị xã/TP", exact=True).fill("ben luc")
    page.get_by_role("button", name="Xem").click()
    assert [r[2] for r in _rows(page)] == [BEN_LUC]
    expect(page.get_by_label("Huyện/thị xã/TP", exact=True)).to_have_value("ben luc")

    # The points published, by the count's link: each with its first publication and version.
    page.get_by_role("link", name="Bỏ lọc").first.click()
    counts.locator(f'li[data-status="{on_time}"]').get_by_role("link").click()
    expect(page.get_by_label("Tình trạng", exact=True)).to_have_value(on_time)
    rows = {r[2]: r for r in _rows(page)}
    for point, (district, enterprise) in PUBLISHED.items():
        assert rows[point][:2] == [district, enterprise] and rows[point][3] == published, rows[point]
        assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4} \(.+\)", rows[point][4])
        assert rows[point][5] == "Lần 1 Bằng chứng trong nhật ký"
    assert BEN_LUC not in rows
    # Each publication's proof: the log page checks its event against the signed tree.
    listed = page.url
    page.get_by_role("link", name="Bằng chứng trong nhật ký").first.click()
    expect(page.locator("#proof")).to_contain_text("Có trong nhật ký")
    page.goto(listed)

    # One enterprise, every status.
    page.get_by_label("Doanh nghiệp", exact=True).select_option(label="Viettel Long An")
    page.get_by_label("Tình trạng", exact=True).select_option(label="Mọi tình trạng")
    page.get_by_role("button", name="Xem").click()
    assert [r[2] for r in _rows(page)] == ["Cửa hàng Viettel Kiến Tường"]

    # Pages keep the filters: the post office's places two at a time.
    page.goto(f"/inspect/tet-hours?enterprise_id={stack.enterprises[POST_OFFICE]}&status=all&limit=2")
    first = [r[2] for r in _rows(page)]
    assert len(first) == 2
    page.get_by_role("link", name="Trang sau →").click()
    expect(page.get_by_label("Doanh nghiệp", exact=True)).to_have_value(stack.enterprises[POST_OFFICE])
    rest = [r[2] for r in _rows(page)]
    assert rest and not set(rest) & set(first)
    assert {BEN_LUC, TAN_HUNG, "Bưu điện Trung tâm Tân An"} <= set(first + rest)
    assert {r[1] for r in _rows(page)} == {POST_OFFICE}

    # The list as CSV, as the page filters it.
    page.goto("/inspect/tet-hours?district=B%E1%BA%BFn+L%E1%BB%A9c")
    with page.expect_download() as got:
        page.get_by_role("link", name="Tải CSV (tiếng Việt)").click()
    with open(got.value.path(), encoding="utf-8-sig") as file:
        table = list(csv.reader(io.StringIO(file.read())))
    assert table[0] == [
        "huyện/thị xã/TP",
        "doanh nghiệp",
        "bưu cục/điểm giao dịch",
        "tình trạng",
        "tính nghĩa vụ từ",
        "niêm yết lần đầu lúc (giờ VN)",
        "lần niêm yết mới nhất",
    ]
    assert table[1:] == [["Bến Lức", POST_OFFICE, BEN_LUC, unpublished, "", "", ""]]

    # A value the page cannot use is said, with the way on without it.
    page.goto("/inspect/tet-hours?status=chua-nop&district=ben+luc")
    expect(page.get_by_role("heading", level=1)).to_have_text("Địa chỉ có giá trị không hợp lệ")
    expect(page.get_by_text("Tình trạng: “chua-nop” không hợp lệ.")).to_be_visible()
    page.get_by_role("link", name="Mở trang này, bỏ giá trị sai").click()
    assert [r[2] for r in _rows(page)] == [BEN_LUC]

    # The post office's manager: from the Tết hours page, only the post office's points; one opens its form.
    manager = new_page(javascript=False)
    sign_in(manager, stack, stack.managers[POST_OFFICE])
    # the menu's (the board they land on links the points without published hours too, QZ24 #1)
    manager.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Giờ mở cửa Tết").click()
    manager.get_by_role("link", name="Xem tình trạng niêm yết của mọi bưu cục, điểm giao dịch").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        "Giờ mở cửa Tết — bưu cục, điểm giao dịch chưa niêm yết hoặc niêm yết muộn"
    )
    expect(manager.get_by_label("Doanh nghiệp", exact=True).locator("option")).to_have_text(
        ["Tất cả doanh nghiệp", POST_OFFICE]
    )
    assert {r[1] for r in _rows(manager)} == {POST_OFFICE}
    manager.get_by_role("link", name=BEN_LUC).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Giờ mở cửa Tết của bưu cục, điểm giao dịch")
    expect(manager.get_by_label("Bưu cục/điểm giao dịch").locator("option:checked")).to_have_text(BEN_LUC)
    expect(manager.get_by_text("Chưa niêm yết", exact=True)).to_be_visible()


def test_the_filters_line_up_by_their_inputs_with_the_districts_hint_below_its_own(new_page, portal_stack) -> None:
    """The district's field carries a hint under its input; its label and input stand level with the
    others' (lined up by the fields' bottoms, the hint lifted them 30 px above the selects). A window wide enough for
    the four on one line, whatever enterprise names the other tests add to the chooser."""
    page = new_page(javascript=False, width=2400)
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto("/inspect/tet-hours")
    filters = page.get_by_role("form", name="Lọc bưu cục, điểm giao dịch")
    controls = [filters.get_by_label(name, exact=True) for name in ("Đợt trực Tết", "Tình trạng", "Doanh nghiệp")]
    district = filters.get_by_label("Huyện/thị xã/TP", exact=True)
    boxes = [c.bounding_box() for c in (*controls, district)]
    assert all(b is not None for b in boxes)
    tops = [round(b["y"]) for b in boxes if b]
    assert max(tops) - min(tops) <= 2, tops
    hint = filters.get_by_text("Gõ tên, có dấu hay không đều được")
    hint_box, district_box = hint.bounding_box(), boxes[-1]
    assert hint_box and district_box and hint_box["y"] >= district_box["y"] + district_box["height"]
