"""QZ27 #5: Tết Mậu Thân 2028 opened on seventeen empty days per transaction point and "chưa có định mức nào", with
no way to copy last Tết's. Both pages now offer “Chép từ Tết trước”: pressed, roster's preview (what would be
copied and skipped, the days mapped by their lunar names), the question, then the copy said on the page. In a real
browser over the real services, on two Tết campaigns of their own (2060, whose tháng Chạp has 30 days, and 2061, of
29: 30 tháng Chạp goes to 29 tháng Chạp), so that no other test's requirements or hours are touched."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from playwright.sync_api import expect

from browser_support import sign_in
from lichtruc import lunar

VNPT = "VNPT Long An"
TET_2060, TET_2061 = lunar.tet(2060), lunar.tet(2061)


def _tets(stack) -> tuple[dict, dict]:
    """The Tết campaigns of 2060 and 2061 (opened if need be)."""
    found = []
    with stack.api("roster") as roster:
        for year in (2060, 2061):
            listed = roster.get("/campaigns", params={"lunar_year": year, "kind": "tet"}).json()["items"]
            found.append(listed[0] if listed else roster.post("/campaigns", json={"lunar_year": year}).json())
    return found[0], found[1]


def test_a_manager_copies_last_tets_requirements_after_the_preview_and_the_question(new_page, portal_stack) -> None:
    stack = portal_stack
    last, this = _tets(stack)
    vnpt = stack.enterprises[VNPT]
    with stack.api("roster") as roster:
        listed = {"campaign_id": last["id"], "enterprise_id": vnpt}
        had = roster.get("/requirements", params=listed).json()["items"]
        if not any(r["duty_type"] == "operations" for r in had):  # besides the Department's border defaults
            body = {
                "campaign_id": last["id"],
                "enterprise_id": vnpt,
                "duty_type": "operations",
                "window": {"kind": "daily", "start_local": "07:00", "end_local": "19:00"},
                "minimum": 2,
            }
            assert roster.post("/requirements", json=body).status_code == 201
    page = new_page()
    sign_in(page, stack, stack.managers[VNPT])
    page.goto(f"/manage/requirements?campaign_id={this['id']}&enterprise_id={vnpt}")
    rows = page.locator("table.people-table tbody tr")
    before = rows.count()  # the Department's border defaults, which each Tết gets when it is opened
    assert all("Định mức của Sở" in rows.nth(i).inner_text() for i in range(before))
    section = page.get_by_role("region", name="Chép từ Tết trước")
    section.get_by_role("button", name="Chép từ Tết trước").click()
    page.wait_for_url(re.compile(r"copy=preview"))
    preview = page.locator("#tet-copy-preview")
    expect(preview).to_contain_text(f"Từ {last['name']} sẽ chép 1 định mức.")
    eve = TET_2061 - timedelta(days=1)
    expect(preview).to_contain_text(f"30 tháng Chạp → 29 tháng Chạp ({eve:%d/%m/%Y})")
    expect(preview).to_contain_text(f"Mùng 1 Tết → Mùng 1 Tết ({TET_2061:%d/%m/%Y})")
    expect(page.get_by_text(f"Chép 1 định mức từ {last['name']}?")).to_be_visible()
    expect(preview).to_contain_text("định mức mặc định vùng biên giới của Sở")  # last Tết's, skipped: why
    expect(rows).to_have_count(before)  # nothing copied before the answer

    page.get_by_role("button", name="Chép 1 định mức").click()
    page.wait_for_url(re.compile(r"done=copied"))
    expect(page.locator("#tet-copy-done")).to_contain_text(f"Đã chép 1 định mức từ {last['name']}.")
    expect(page.locator("#tet-copy-done")).to_contain_text("Không chép")
    expect(rows).to_have_count(before + 1)
    copied = rows.filter(has_text="07:00")
    expect(copied).to_have_count(1)
    expect(copied).to_contain_text("Trực điều hành")
    expect(copied).to_contain_text("2 người")

    page.reload()  # said once
    expect(page.locator("#tet-copy-done")).to_have_count(0)
    # pressed again: the preview says it is there already, and asks nothing
    page.get_by_role("region", name="Chép từ Tết trước").get_by_role("button", name="Chép từ Tết trước").click()
    expect(page.locator("#tet-copy-preview")).to_contain_text("đợt trực mới đã có định mức này")
    expect(page.locator("#tet-copy-nothing")).to_contain_text(f"Không có gì mới để chép từ {last['name']}.")


def _point(stack, last: dict) -> tuple[str, list[str]]:
    """A new transaction point of VNPT's, its 2060 draft a day's hours each day, closed on mùng 1."""
    name = f"Điểm giao dịch VNPT Tân Trụ {secrets.token_hex(3)}"
    with stack.api("roster") as admin:
        body = {"enterprise_id": stack.enterprises[VNPT], "name": name, "kind": "transaction_point"}
        site = admin.post("/sites", json={**body, "district": "Tân Trụ"})
        assert site.status_code == 201, site.text
        site_id = site.json()["id"]
    path = f"/sites/{site_id}/tet-hours"
    with stack.api("roster", stack.managers[VNPT]) as roster:
        days = [str(d) for d in roster.get(path, params={"campaign_id": last["id"]}).json()["campaign_days"]]
        schedule = [
            {"day": d, "open": False, "note": "Nghỉ Tết"}
            if d == TET_2060.isoformat()
            else {"day": d, "open": True, "sessions": [{"opens": "07:30", "closes": "11:00"}]}
            for d in days
        ]
        put = roster.put(path, json={"campaign_id": last["id"], "days": schedule}, headers={"If-Match": '"0"'})
        assert put.status_code == 200, put.text
    return site_id, days


def test_the_department_copies_last_tets_hours_without_script_asked_first_whether_to_replace_the_draft(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    last, this = _tets(stack)
    site_id, days = _point(stack, last)
    page = new_page(javascript=False)
    sign_in(page, stack, stack.admin)
    page.goto(f"/manage/tet-hours?campaign_id={this['id']}&site_id={site_id}")
    section = page.get_by_role("region", name="Chép từ Tết trước")
    section.get_by_label("Chép cho").select_option(label=VNPT)
    section.get_by_role("button", name="Chép từ Tết trước").click()
    page.wait_for_url(re.compile(r"copy=preview"))
    preview = page.locator("#tet-copy-preview")
    expect(preview).to_contain_text(f"Từ {last['name']} sẽ chép giờ mở cửa của")
    eve = TET_2061 - timedelta(days=1)
    expect(preview).to_contain_text(f"30 tháng Chạp → 29 tháng Chạp ({eve:%d/%m/%Y})")
    page.get_by_role("button", name=re.compile(r"^Chép giờ của \d+ điểm$")).click()
    page.wait_for_url(re.compile(r"done=copied"))
    expect(page.locator("#tet-copy-done")).to_contain_text(f"từ {last['name']} vào bản nháp")
    # the form shows the draft: giao thừa's hours on 2061's giao thừa, mùng 1 closed as last year
    expect(page.locator(f"input[name='a1-{eve}']")).to_have_value("07:30")
    expect(page.locator(f"input[name='open-{TET_2061}']")).not_to_be_checked()
    assert date.fromisoformat(days[0]) < TET_2060

    # again: the point has a draft now, the question asked first; replacing it says so
    page.get_by_role("region", name="Chép từ Tết trước").get_by_label("Chép cho").select_option(label=VNPT)
    page.get_by_role("region", name="Chép từ Tết trước").get_by_role("button", name="Chép từ Tết trước").click()
    page.wait_for_url(re.compile(r"copy=preview"))
    expect(page.locator("#tet-copy-ask")).to_contain_text("điểm đã có bản nháp giờ mở cửa trong đợt trực này")
    page.get_by_role("button", name=re.compile(r"^Chép, thay bản nháp của \d+ điểm$")).click()
    page.wait_for_url(re.compile(r"done=copied"))
    expect(page.locator("#tet-copy-done")).to_contain_text("Đã thay bản nháp của")


def test_the_first_tet_offers_no_copy_and_says_why_on_both_pages(new_page, portal_stack) -> None:
    """T1's leftover: a Tết with none before it showed “Chép từ Tết trước”, and pressed, roster's 409. Tết 1901, the
    first roster opens: both pages say there is nothing to copy, what was looked for and what to do, and offer no
    button (a manager's requirements page with script, the hours page without)."""
    stack = portal_stack
    with stack.api("roster") as roster:
        listed = roster.get("/campaigns", params={"lunar_year": 1901, "kind": "tet"}).json()["items"]
        first = listed[0] if listed else roster.post("/campaigns", json={"lunar_year": 1901}).json()
    looked_for = f"Không có gì để chép: chưa có đợt trực Tết nào trước {first['name']} (đã tìm các đợt trực Tết bắt đầu"
    for javascript, path, advice in (
        (True, f"/manage/requirements?campaign_id={first['id']}", "Hãy nhập từng định mức bên dưới (“Thêm định mức”)."),
        (False, f"/manage/tet-hours?campaign_id={first['id']}", "Hãy chọn từng điểm và nhập giờ mở cửa"),
    ):
        page = new_page(javascript=javascript)
        sign_in(page, stack, stack.managers[VNPT])
        page.goto(path)
        section = page.get_by_role("region", name="Chép từ Tết trước")
        expect(section.locator("#tet-copy-none")).to_contain_text(looked_for)
        expect(section.locator("#tet-copy-none")).to_contain_text(advice)
        expect(section.get_by_role("button")).to_have_count(0)
