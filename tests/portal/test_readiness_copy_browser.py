"""QZ23 #7: a province that tuned last Tết's readiness checklist (its own items, due days spread) copies it into the
next Tết from `/admin/readiness` with "Chép từ Tết trước": every item, its due day as many days from mùng 1 as last
year; pressed again, nothing is added and the page says how many were skipped and why. On the real stack (roster on
PostgreSQL), two Tết campaigns of their own so that no other test's checklist is touched."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in


def _tets(portal_stack, first: int) -> tuple[dict, dict]:
    """The Tết campaigns of `first` and the year after (opened if need be), with two items on the first's list."""
    with portal_stack.api("roster") as roster:
        found = []
        for year in (first, first + 1):
            listed = roster.get("/campaigns", params={"lunar_year": year, "kind": "tet"}).json()["items"]
            found.append(listed[0] if listed else roster.post("/campaigns", json={"lunar_year": year}).json())
        last, this = found
        url = f"/campaigns/{last['id']}/readiness-items"
        if not roster.get(url).json()["total"]:
            for body in (  # Tết 2050 is on 23/01/2050: 10 and 3 days before it
                {"sector": "telecom", "title_vi": "Máy phát điện trạm biên giới", "title_en": "Border generators",
                 "due_date": "2050-01-13", "position": 15},
                {"sector": "postal", "title_vi": "Tuần tra bưu cục", "title_en": "Post office patrol",
                 "due_date": "2050-01-20", "position": 20},
            ):  # fmt: skip
                assert roster.post(url, json=body).status_code == 201
    return last, this


def test_the_administrator_copies_last_tets_checklist_and_a_second_press_adds_nothing(new_page, portal_stack) -> None:
    last, this = _tets(portal_stack, 2050)  # mùng 1: 23/01/2050, then 11/02/2051
    page = new_page()
    sign_in(page, portal_stack, portal_stack.admin)
    page.goto(f"/admin/readiness?campaign_id={this['id']}")
    section = page.get_by_role("region", name="Chép từ Tết trước")
    expect(section).to_contain_text("cách mùng 1 đúng số ngày như năm trước")
    section.get_by_role("button", name="Chép từ Tết trước").click()
    page.wait_for_url(re.compile(r"done=copied"))
    expect(page.get_by_text(f"Đã chép 2 mục từ {last['name']}, hạn dời theo mùng 1 Tết này.")).to_be_visible()
    rows = page.locator("table.checklist-items tbody tr")
    expect(rows).to_have_count(2)
    generators = rows.filter(has_text="Máy phát điện trạm biên giới")
    expect(generators).to_contain_text("01/02/2051")  # 10 days before mùng 1 (11/02/2051), as last year
    expect(rows.filter(has_text="Tuần tra bưu cục")).to_contain_text("08/02/2051")

    page.get_by_role("region", name="Chép từ Tết trước").get_by_role("button", name="Chép từ Tết trước").click()
    page.wait_for_url(re.compile(r"done=copied"))
    expect(
        page.get_by_text(
            f"Không có mục nào mới để chép từ {last['name']}. Bỏ qua 2 mục vì đợt trực đã có mục cùng lĩnh vực, "
            "cùng tên."
        )
    ).to_be_visible()
    expect(page.locator("table.checklist-items tbody tr")).to_have_count(2)


def test_with_no_tet_before_the_page_says_so_before_any_press_and_its_advice_fits_the_list(
    new_page, portal_stack
) -> None:
    """QZ25 #9: the button said there was no earlier Tết only once pressed, then advised adding the directive's items
    although they were listed. Tết 1901, the first roster opens: nothing before it. The section says so in place of
    the button, naming what it looked for; with an item on the list, it advises the items one by one."""
    with portal_stack.api("roster") as roster:
        listed = roster.get("/campaigns", params={"lunar_year": 1901, "kind": "tet"}).json()["items"]
        first = listed[0] if listed else roster.post("/campaigns", json={"lunar_year": 1901}).json()
        items = roster.get(f"/campaigns/{first['id']}/readiness-items").json()["items"]
    page = new_page()
    sign_in(page, portal_stack, portal_stack.admin)
    page.goto(f"/admin/readiness?campaign_id={first['id']}")
    section = page.get_by_role("region", name="Chép từ Tết trước")
    expect(section.get_by_role("button")).to_have_count(0)
    line = section.locator("#copy-none")
    expect(line).to_contain_text(
        f"Không có gì để chép: chưa có đợt trực Tết nào trước {first['name']} (đã tìm các đợt trực Tết bắt đầu trước "
    )
    expect(line).to_contain_text("không tính buổi diễn tập).")
    if not items:
        expect(line).to_contain_text("Hãy thêm các mục theo chỉ thị ở trên, rồi sửa hoặc thêm từng mục.")
        with portal_stack.api("roster") as roster:
            body = {"sector": "telecom", "title_vi": "Máy phát điện", "title_en": "Generators", "position": 1}
            day = first["starts_at"][:10]
            added = roster.post(f"/campaigns/{first['id']}/readiness-items", json={**body, "due_date": day})
            assert added.status_code == 201, added.text
        page.reload()
    count = len(items) or 1
    expect(page.locator("#copy-none")).to_contain_text(
        f"Danh mục của {first['name']} đã có {count} mục (bên dưới): hãy sửa hoặc thêm từng mục khi cần."
    )
    expect(page.locator("#copy-none")).not_to_contain_text("chỉ thị")
