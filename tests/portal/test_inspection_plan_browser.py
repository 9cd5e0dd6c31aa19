"""QZ25 #4 in a real browser over the real services: the administrator's inspection plan form offered every
enterprise's sites, not the chosen enterprise's; and, with script, a purpose past its limit stopped the send in the
browser, the day left empty said only at the next send. With script the site choice now follows the enterprise
chosen, and the form goes to the portal, which says every mistake in one answer; without script the sites stay
grouped by enterprise and a site of another is refused naming both enterprises."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_support import sign_in
from lichtruc.text import sort_key

VNPT, VIETTEL = "VNPT Long An", "Viettel Long An"
STATION = "Trạm BTS Thái Bình Trung"  # Viettel's


def _sites(portal_stack) -> dict[str, list[str]]:
    """Each demo enterprise's sites by name, as roster lists them now (other tests may have added some)."""
    with portal_stack.api("roster") as roster:
        listed = roster.get("/sites", params={"limit": 500}).json()["items"]
    ids = portal_stack.enterprises
    return {
        name: sorted((s["name"] for s in listed if s["enterprise_id"] == ids[name]), key=sort_key)
        for name in (VNPT, VIETTEL)
    }


def _offered(form) -> list[str]:
    return [text.strip() for text in form.locator("#f-site_id option").all_inner_texts()][1:]  # after "none"


def test_the_site_choice_follows_the_enterprise_and_every_mistake_is_said_at_once(new_page, portal_stack) -> None:
    sites = _sites(portal_stack)
    page = new_page()
    sign_in(page, portal_stack, portal_stack.admin)
    page.goto("/inspect/inspections")
    form = page.locator("form[action='/inspect/inspections'][method='post']")
    enterprise, site = form.get_by_label("Doanh nghiệp", exact=True), form.locator("#f-site_id")

    enterprise.select_option(label=VNPT)
    assert _offered(form) == sites[VNPT]
    expect(site.locator("optgroup")).to_have_count(1)
    site.select_option(label=sites[VNPT][0])
    enterprise.select_option(label=VIETTEL)  # another enterprise: its sites, the other's choice cleared
    assert _offered(form) == sites[VIETTEL] and STATION in sites[VIETTEL]
    expect(site).to_have_value("")
    site.select_option(label=STATION)

    # a purpose past roster's 4000 and no day: the browser does not stop at the purpose, the portal says both
    purpose = form.get_by_label("Mục đích, nội dung kiểm tra")
    purpose.fill("x" * 4003)
    expect(page.locator("#f-purpose-left")).to_have_text("Thừa 3 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi.")
    form.get_by_role("button", name="Lưu kế hoạch").click()
    summary = page.locator("#plan-errors li")
    expect(summary).to_have_text(
        [
            "Ngày kiểm tra: Hãy chọn ngày kiểm tra.",
            "Mục đích, nội dung kiểm tra: Thừa 3 ký tự (tối đa 4000) — hãy rút gọn trước khi gửi.",
            "Thành viên đoàn kiểm tra: Hãy ghi tên ít nhất một thành viên đoàn kiểm tra.",
        ]
    )
    form = page.locator("form[action='/inspect/inspections'][method='post']")
    expect(form.get_by_label("Mục đích, nội dung kiểm tra")).to_have_value("x" * 4003)  # kept as typed
    expect(form.locator("#f-site_id")).to_have_value(
        form.locator("#f-site_id option", has_text=STATION).get_attribute("value") or "?"
    )
    assert _offered(form) == sites[VIETTEL]  # the refused page's choice follows its enterprise too


def test_without_script_a_site_of_another_enterprise_is_refused_naming_both(new_page, portal_stack) -> None:
    sites = _sites(portal_stack)
    page = new_page(javascript=False)
    sign_in(page, portal_stack, portal_stack.admin)
    page.goto("/inspect/inspections")
    form = page.locator("form[action='/inspect/inspections'][method='post']")
    groups = form.locator("#f-site_id optgroup")
    expect(groups.filter(has=page.locator(f"option:text-is('{STATION}')"))).to_have_attribute("label", VIETTEL)
    assert set(sites[VNPT]) | set(sites[VIETTEL]) <= set(_offered(form))  # every enterprise's, grouped
    form.get_by_label("Doanh nghiệp", exact=True).select_option(label=VNPT)
    form.locator("#f-site_id").select_option(label=STATION)
    form.get_by_label("Mục đích, nội dung kiểm tra").fill("Kiểm tra đột xuất trạm biên giới")
    form.get_by_label("Thành viên đoàn kiểm tra").fill("Lê Văn Thành")
    form.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.locator("#e-site_id")).to_have_text(
        f"“{STATION}” là địa điểm của {VIETTEL}, không phải của {VNPT} (doanh nghiệp đã chọn): hãy chọn một địa "
        f"điểm của {VNPT}, hoặc để trống."
    )
    expect(page.locator("#plan-errors li")).to_have_count(2)  # and the day left empty, in the same answer
