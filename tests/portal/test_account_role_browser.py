"""An account's role changed by the administrator, in a real browser over the real services (QZ26 #13): a duty
member's form ticked "Doanh nghiệp được quản lý: MobiFone" although the hint says to leave it blank for other roles,
and changing the role to manager saved at once. Now a staff account's form ticks no managed enterprise, and a role
that grants more is asked about first — naming the person, the new role and the enterprise — and saved only once
answered (a button: it works without script too); one granting less (manager → inspector, → staff) is saved at once.

The staff record and the account are the test's own (a login with a random suffix); no other test uses them."""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

from browser_support import sign_in

ENTERPRISE = "Viettel Long An"
NAME = "Lê Văn Tuần Tra"


def test_a_staff_account_ticks_no_managed_enterprise_and_becoming_manager_is_asked_first(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    login = f"tuantra.{secrets.token_hex(3)}@viettel-longan.vn"
    enterprise_id = stack.enterprises[ENTERPRISE]
    with stack.api("roster") as roster:
        record = roster.post(
            "/staff",
            json={"enterprise_id": enterprise_id, "full_name": NAME, "email": login, "qualifications": ["guard"]},
        )
        assert record.status_code == 201, record.text
        made = roster.post(
            "/accounts",
            json={
                "login": login,
                "display_name": NAME,
                "role": "staff",
                "password": "mật khẩu đủ dài 2027",
                "staff_id": record.json()["id"],
            },
        )
        assert made.status_code == 201, made.text
        account_id = made.json()["id"]

    admin = new_page()
    sign_in(admin, stack, stack.admin)
    admin.goto(f"/admin/accounts/{account_id}")
    boxes = admin.locator("#f-enterprise_ids input[type=checkbox]")
    expect(boxes.first).to_be_visible()
    expect(admin.locator("#f-enterprise_ids input[type=checkbox]:checked")).to_have_count(0)

    admin.get_by_label("Vai trò").select_option("manager")
    admin.locator("#f-enterprise_ids").get_by_label(ENTERPRISE, exact=True).check()
    admin.get_by_role("button", name="Lưu thay đổi").click()
    question = admin.locator("#e-role")
    expect(question).to_contain_text(
        f"Đổi vai trò của {NAME} ({login}) từ Nhân viên trực thành Quản lý của {ENTERPRISE}"
    )
    expect(question).to_contain_text("Đúng là muốn đổi?")
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["role"] == "staff"  # nothing saved before the answer
    # the form kept as typed: the role and the enterprise ticked
    expect(admin.get_by_label("Vai trò")).to_have_value("manager")
    expect(admin.locator("#f-enterprise_ids").get_by_label(ENTERPRISE, exact=True)).to_be_checked()

    admin.get_by_role("button", name="Vẫn đổi vai trò").click()
    expect(admin).to_have_url(f"{stack.portal}/admin/accounts?q={login.replace('@', '%40')}&done=saved")
    with stack.api("roster") as roster:
        saved = roster.get(f"/accounts/{account_id}").json()
    assert (saved["role"], saved["enterprise_ids"]) == ("manager", [enterprise_id])

    # back to duty staff takes nothing more: saved at once, no question
    admin.goto(f"/admin/accounts/{account_id}")
    admin.get_by_label("Vai trò").select_option("staff")
    admin.get_by_role("button", name="Lưu thay đổi").click()
    expect(admin).to_have_url(f"{stack.portal}/admin/accounts?q={login.replace('@', '%40')}&done=saved")

    # manager → inspector gives less to change (an enterprise's roster for the inspections' findings): saved at once,
    # not asked as if it granted more (Q4 leftover). Made manager again through roster, then changed on the page.
    with stack.api("roster") as roster:
        current = roster.get(f"/accounts/{account_id}")
        made = roster.patch(
            f"/accounts/{account_id}",
            json={"role": "manager", "enterprise_ids": [enterprise_id]},
            headers={"If-Match": current.headers["ETag"]},
        )
        assert made.status_code == 200, made.text
    admin.goto(f"/admin/accounts/{account_id}")
    admin.get_by_label("Vai trò").select_option("inspector")
    admin.get_by_role("button", name="Lưu thay đổi").click()
    expect(admin).to_have_url(f"{stack.portal}/admin/accounts?q={login.replace('@', '%40')}&done=saved")
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["role"] == "inspector"
