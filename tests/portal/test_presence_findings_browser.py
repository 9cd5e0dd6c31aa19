"""QZ28 #1 in a browser, on the Tết stack at 10:00 on mùng 2: an inspector's surprise visit at 09:30 on 25 tháng Chạp
found nobody on patrol at Trạm BTS Mỹ Thạnh Đông — Lâm Văn Bảy, rostered 06:00–14:00, missing. His manager opens
the shift's presence page: the finding is said beside him (the inspector, the time, the site) before any word. He is
confirmed there for the whole shift all the same: audit counts the word until 09:30 only, and the inspector's
"Chỉ xác nhận sau" list says so — 3,5 giờ-người, not 8, the finding named.

The shift is the test's own, at a site of its own asking one guard for those hours alone, on a day no other browser
test reads."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in, until

from .guarded_post import guarded_post

VIETTEL = "Viettel Long An"
DAY = "2027-02-01"  # 25 tháng Chạp; the stack's clock reads 10:00 on mùng 2


def _bay_on_patrol(stack) -> dict:
    enterprise = stack.enterprises[VIETTEL]
    with stack.api("roster") as roster:
        site = roster.post(
            "/sites", json={"enterprise_id": enterprise, "name": "Trạm BTS Mỹ Thạnh Đông", "kind": "transmitter"}
        )
        assert site.status_code == 201, site.text
        bay = roster.post(
            "/staff", json={"enterprise_id": enterprise, "full_name": "Lâm Văn Bảy", "qualifications": ["guard"]}
        )
        assert bay.status_code == 201, bay.text
        shift = guarded_post(
            roster,
            stack,
            enterprise,
            site.json()["id"],
            f"{DAY}T06:00:00+07:00",
            f"{DAY}T14:00:00+07:00",
            [bay.json()["id"]],
        )
    return shift


def _visit(stack, shift: dict) -> None:
    """The inspector's surprise visit at 09:30, nobody found (audit's own record, as the findings page makes it)."""
    seen = {"site_id": shift["site_id"], "observed_at": f"{DAY}T09:30:00+07:00", "duty_type": "patrol"}

    def shift_known() -> bool | None:  # audit holds a visit against the roster it has applied
        with stack.api("audit", stack.inspector) as audit:
            got = audit.get("/on-duty", params={"at": f"{DAY}T09:30:00+07:00", "site_id": shift["site_id"]})
        return (got.status_code == 200 and "Lâm Văn Bảy" in got.text) or None

    until(shift_known, what="audit to apply Bảy's shift")
    with stack.api("audit", stack.inspector) as audit:
        made = audit.post("/findings", json={**seen, "people_found": []})
    assert made.status_code == 201, made.text
    assert [d["full_name"] for d in made.json()["discrepancies"] if d["kind"] == "missing"] == ["Lâm Văn Bảy"]


def test_the_presence_form_says_the_finding_and_audit_counts_the_word_only_until_it(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    shift = _bay_on_patrol(stack)
    staff = shift["assignees"][0]["staff_id"]
    _visit(stack, shift)
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(f"/manage/shifts/{shift['id']}/presence")
    person = page.locator(f"#person-{staff}")
    finding = person.get_by_test_id(f"missing-{staff}")
    expect(finding).to_contain_text(
        re.compile(
            r"^Thanh tra .+ kiểm tra đột xuất lúc 09:30 01/02/2027 .*tại Trạm BTS Mỹ Thạnh Đông: không thấy Lâm Văn Bảy có mặt\."
        )
    )
    expect(finding).to_contain_text("chỉ được tính đến thời điểm này")
    form = person.get_by_test_id(f"pc-{staff}")
    form.locator("summary").click()
    form.get_by_label("Căn cứ", exact=True).select_option("shift_leader")
    form.get_by_label("Ghi chú hoặc số hiệu căn cứ (bắt buộc)").fill("Trưởng trạm xác nhận qua điện thoại")
    form.get_by_role("button", name="Xác nhận có mặt", exact=True).click()
    expect(page.locator(".message.ok")).to_have_text("Đã xác nhận Lâm Văn Bảy có mặt.")

    inspector = tet_page()
    sign_in(inspector, stack, stack.inspector)
    inspector.goto(
        f"/inspect/presence?campaign_id={stack.campaign_id}&enterprise_id={stack.enterprises[VIETTEL]}&day={DAY}"
        "&confirmed=1"
    )
    row = inspector.get_by_test_id("confirmed").locator("tbody tr", has_text="Lâm Văn Bảy")
    expect(row.get_by_test_id("overruled")).to_have_text(
        re.compile(
            r"^Chỉ tính đến 09:30: thanh tra .+ kiểm tra đột xuất tại Trạm BTS Mỹ Thạnh Đông lúc đó không thấy có mặt$"
        )
    )
    expect(row.locator("td").last).to_have_text("3,5")  # 06:00–09:30, not the 8 hours the word said
