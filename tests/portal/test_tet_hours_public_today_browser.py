"""The public Tết hours page (no sign-in) marks today by the portal's clock, a Vietnam day, as the board and the
heatmap do: on the stack's test clock (10:00 mùng 2 Tết Đinh Mùi), each published point's row of 07/02/2027 — and
no other — is outlined, tagged "Hôm nay" ("Today" in English) and its date cell carries aria-current="date"."""

from __future__ import annotations

from playwright.sync_api import expect

PUBLISHED = ("Điểm giao dịch VNPT Tân An", "Bưu điện Trung tâm Tân An", "Cửa hàng Viettel Kiến Tường")


def test_the_public_tet_hours_page_marks_todays_row_of_each_point(tet_page, tet_portal_stack) -> None:
    for lang, today, day, day_before in (
        ("vi", "Hôm nay", "07/02/2027", "06/02/2027"),
        ("en", "Today", "7 Feb 2027", "6 Feb 2027"),  # an English reader cannot take it for 2 July (QA 2026-12-06)
    ):
        page = tet_page(lang=lang)
        page.goto("/tet-hours")
        assert "/login" not in page.url
        for name in PUBLISHED:
            point = page.locator("article", has=page.get_by_role("heading", name=name, level=3))
            expect(point).to_be_visible()
            expect(point.locator("tbody tr")).not_to_have_count(0)
            marked = point.locator("tbody tr.today")
            expect(marked).to_have_count(1)  # today's row, and no other
            current = point.locator('[aria-current="date"]')
            expect(current).to_have_count(1)
            expect(current).to_have_text(f"{day} {today}")
            expect(marked.locator("td").first).to_have_attribute("aria-current", "date")
            expect(marked.locator(".tag.today")).to_be_visible()
            if lang == "vi":
                expect(marked).to_contain_text("Mùng 2 Tết")
            # the other days are there, unmarked
            expect(point.locator("tbody tr", has_text=day_before).locator('[aria-current="date"]')).to_have_count(0)
