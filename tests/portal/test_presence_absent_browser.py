"""QZ28 #4 in a browser, on the Tết stack at 10:00 on mùng 2: the presence form's refusals say which rule, the shift's
time once, and "Ghi nhận vắng" asks from–to (the whole shift by default). Đoàn Thị Lụa, confirmed on post 14:00–22:00
on 25 tháng Chạp, is recorded away: an end before the start is refused as that (“kết thúc … không sau giờ bắt đầu”),
a start before the shift as lying outside it, naming the shift once; a part of the shift of someone with no check-in
is refused with what to do instead — roster reads the form's from–to; the whole shift is recorded.

The shift is the test's own, at a site of its own, on a day no other browser test reads but QZ28 #1's, at another
site."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

VIETTEL = "Viettel Long An"
DAY = "2027-02-01"  # 25 tháng Chạp; the stack's clock reads 10:00 on mùng 2


def _lua_confirmed(stack) -> dict:
    enterprise = stack.enterprises[VIETTEL]
    with stack.api("roster") as roster:
        site = roster.post(
            "/sites", json={"enterprise_id": enterprise, "name": "Trạm BTS Bình Hòa Tây", "kind": "transmitter"}
        )
        assert site.status_code == 201, site.text
        lua = roster.post(
            "/staff", json={"enterprise_id": enterprise, "full_name": "Đoàn Thị Lụa", "qualifications": ["guard"]}
        )
        assert lua.status_code == 201, lua.text
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": enterprise,
                "site_id": site.json()["id"],
                "duty_type": "patrol",
                "starts_at": f"{DAY}T14:00:00+07:00",
                "ends_at": f"{DAY}T22:00:00+07:00",
                "assignees": [{"staff_id": lua.json()["id"]}],
                "status": "published",
            },
        )
        assert shift.status_code == 201, shift.text
        said = roster.post(
            f"/shifts/{shift.json()['id']}/presence",
            json={"staff_id": lua.json()["id"], "evidence": "handover_book", "evidence_note": "Sổ giao ca, trang 3"},
            headers={"If-Match": f'"{shift.json()["version"]}"'},
        )
        assert said.status_code == 200, said.text
    return said.json()


def test_not_there_asks_from_to_and_each_refusal_says_its_own_rule(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    shift = _lua_confirmed(stack)
    staff = shift["assignees"][0]["staff_id"]
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(f"/manage/shifts/{shift['id']}/presence")

    def away_form():
        form = page.get_by_test_id(f"pa-{staff}")
        if form.get_attribute("open") is None:
            form.locator("summary").click()
        return form

    form = away_form()
    expect(form.get_by_label("Vắng từ")).to_have_value(f"{DAY}T14:00")  # the whole shift by default
    expect(form.get_by_label("Vắng đến")).to_have_value(f"{DAY}T22:00")
    form.get_by_label("Vắng từ").fill(f"{DAY}T20:00")
    form.get_by_label("Vắng đến").fill(f"{DAY}T19:00")
    form.get_by_label("Ghi chú hoặc số hiệu căn cứ (bắt buộc)").fill("Camera cổng trạm")
    form.get_by_role("button", name="Ghi nhận vắng", exact=True).click()
    alert = page.locator(f"#person-{staff}").get_by_role("alert")
    expect(alert).to_have_text(
        "Thời gian Đoàn Thị Lụa vắng kết thúc lúc 19:00 01/02/2027 (25 tháng Chạp), không sau giờ bắt đầu 20:00 "
        "01/02/2027 (25 tháng Chạp): hãy nhập giờ kết thúc sau giờ bắt đầu."
    )
    form = away_form()
    expect(form.get_by_label("Vắng đến")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Vắng từ")).to_have_value(f"{DAY}T20:00")  # as typed

    form.get_by_label("Vắng từ").fill(f"{DAY}T13:00")
    form.get_by_label("Vắng đến").fill(f"{DAY}T22:00")
    form.get_by_role("button", name="Ghi nhận vắng", exact=True).click()
    alert = page.locator(f"#person-{staff}").get_by_role("alert")
    expect(alert).to_contain_text(
        "Giờ bắt đầu của thời gian Đoàn Thị Lụa vắng, 13:00 01/02/2027 (25 tháng Chạp), nằm ngoài ca"
    )
    text = alert.inner_text()
    assert text.count("14:00") == 1 and "((" not in text, text  # the shift's time said once (QZ28 #4)
    expect(away_form().get_by_label("Vắng từ")).to_have_attribute("aria-invalid", "true")

    form = away_form()
    form.get_by_label("Vắng từ").fill(f"{DAY}T20:00")
    form.get_by_role("button", name="Ghi nhận vắng", exact=True).click()
    expect(page.locator(f"#person-{staff}").get_by_role("alert")).to_contain_text(
        "Đoàn Thị Lụa không điểm danh trong ca"
    )
    expect(page.locator(f"#person-{staff}").get_by_role("alert")).to_contain_text("hãy xác nhận lại có mặt")

    form = away_form()
    form.get_by_label("Vắng từ").fill(f"{DAY}T14:00")
    form.get_by_label("Vắng đến").fill(f"{DAY}T22:00")
    form.get_by_role("button", name="Ghi nhận vắng", exact=True).click()
    expect(page.locator(".message.ok")).to_have_text("Đã ghi nhận Đoàn Thị Lụa vắng mặt.")
    expect(page.get_by_test_id(f"said-{staff}")).to_have_text(
        re.compile(r"^Vắng — đã điểm danh nhưng không có mặt \(ghi nhận sau bởi .+\)$")
    )
