"""Transaction points' Tết hours in a real browser over the real services: the public page needs no
sign-in and shows only published hours (the demo's three points, not the commune point that published
nothing; a saved draft does not leak either); the post office's manager enters the commune point's
hours, publishes them, and the public page shows them with the notice PDF and the iCal feed."""

from __future__ import annotations

import icalendar
from playwright.sync_api import expect

from browser_support import screenshot, sign_in

POST_OFFICE = "Bưu điện tỉnh Long An"
COMMUNE_POINT = "Bưu điện Văn hóa xã Hưng Điền"
PUBLISHED = ("Điểm giao dịch VNPT Tân An", "Bưu cục trung tâm Tân An", "Cửa hàng Viettel Kiến Tường")
MUNG_1 = "2027-02-06"


def test_public_page_shows_only_published_hours_and_the_manager_publishes_a_point(new_page, portal_stack) -> None:
    public = new_page()
    public.goto("/tet-hours")
    assert "/login" not in public.url  # no sign-in at all
    expect(public.get_by_role("heading", name="Giờ mở cửa giao dịch dịp Tết", level=1)).to_be_visible()
    for name in PUBLISHED:
        expect(public.get_by_role("heading", name=name, level=3)).to_be_visible()
    expect(public.get_by_text(COMMUNE_POINT)).to_have_count(0)
    vnpt = public.locator("article", has=public.get_by_role("heading", name=PUBLISHED[0]))
    expect(vnpt.locator("tr.closed")).to_contain_text("Mùng 1 Tết")
    expect(vnpt.locator("tr.closed")).to_contain_text("Nghỉ")
    screenshot(public, "tet-hours-public")
    notice = public.request.get(vnpt.get_by_role("link", name="Thông báo (PDF, in khổ A4)").get_attribute("href"))
    assert notice.status == 200 and notice.headers["content-type"] == "application/pdf"
    public.get_by_label("Huyện").select_option("Mộc Hóa")
    public.get_by_role("button", name="Xem").click()
    expect(public.locator("article h3")).to_have_count(1)
    expect(public.get_by_role("heading", name=PUBLISHED[2], level=3)).to_be_visible()

    manager = new_page()
    sign_in(manager, portal_stack, portal_stack.managers[POST_OFFICE])
    manager.get_by_role("link", name="Giờ mở cửa Tết").click()
    manager.get_by_label("Điểm giao dịch").select_option(label=COMMUNE_POINT)
    manager.get_by_role("button", name="Chọn").click()
    expect(manager.get_by_text("Chưa niêm yết")).to_be_visible()
    rows = manager.locator("table.tet-hours-form tbody tr")
    assert rows.count() == 17
    for i in range(rows.count()):
        row = rows.nth(i)
        row.locator("input[name^='a1-']").fill("07:00")
        row.locator("input[name^='b1-']").fill("11:00")
    closed = manager.locator(f"input[name='open-{MUNG_1}']")
    closed.uncheck()
    manager.get_by_role("button", name="Lưu bản nháp").click()
    expect(manager.get_by_role("status")).to_contain_text("Đã lưu bản nháp")

    public.goto("/tet-hours")  # a draft never leaks
    expect(public.get_by_role("heading", name=PUBLISHED[0], level=3)).to_be_visible()
    expect(public.get_by_text(COMMUNE_POINT)).to_have_count(0)

    manager.get_by_role("button", name="Lưu và niêm yết").click()
    expect(manager.get_by_role("status")).to_contain_text("Đã niêm yết giờ mở cửa")
    expect(manager.get_by_text("Đã niêm yết lần 1")).to_be_visible()

    public.goto("/tet-hours?district=Tân Hưng")
    point = public.locator("article", has=public.get_by_role("heading", name=COMMUNE_POINT))
    expect(point).to_be_visible()
    expect(point.locator("tbody tr").first).to_contain_text("07:00–11:00")
    expect(point.locator("tr.closed")).to_contain_text("Mùng 1 Tết")
    feed = public.request.get("/tet-hours.ics?district=Tân Hưng")
    assert feed.status == 200
    events = list(icalendar.Calendar.from_ical(feed.body()).walk("VEVENT"))
    assert len(events) == 16  # 17 days, closed on mùng 1, one session a day
    assert all(COMMUNE_POINT in str(e["SUMMARY"]) for e in events)

    english = new_page(lang="en")
    english.goto("/tet-hours")
    expect(english.get_by_role("heading", name="Tết opening hours of transaction points")).to_be_visible()
    expect(english.get_by_text("Day 1 of Tết").first).to_be_visible()
