"""A forgotten password, in a real browser over the real services (QZ29 #15): the sign-in page had no way forward for
a duty worker who could not sign in at 05:30. On a phone, "Quên mật khẩu?" leads from the sign-in page (the login
typed carried along) to a request whose answer is the same for an unknown login, says who calls back and what to do
meanwhile, and refuses the same login again for a while in words; the administrator sees the request above the
accounts list, in its filter and on the account's page, sets a password there, which closes it; the person signs in
with it. (The administrators' mail is notifier's test: tests/notifier/test_password_reset_mail.py.)

The staff record and the account are the test's own (a login with a random suffix); no other test uses them."""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

from browser_support import sign_in

ENTERPRISE = "MobiFone Long An"
NAME = "Lê Hữu Nghĩa"
NEW_PASSWORD = "Mùng hai Tết đi trực sớm"


def test_forgot_password_from_the_sign_in_page_to_the_administrator_setting_one(new_page, portal_stack) -> None:
    stack = portal_stack
    login = f"nghia.{secrets.token_hex(3)}@mobifone-longan.vn"
    with stack.api("roster") as roster:
        enterprise_id = stack.enterprises.get(ENTERPRISE) or next(iter(stack.enterprises.values()))
        record = roster.post(
            "/staff",
            json={"enterprise_id": enterprise_id, "full_name": NAME, "email": login, "qualifications": ["operator"]},
        )
        assert record.status_code == 201, record.text
        made = roster.post(
            "/accounts",
            json={
                "login": login,
                "display_name": NAME,
                "role": "staff",
                "password": "mật khẩu đã quên mất 2027",
                "staff_id": record.json()["id"],
            },
        )
        assert made.status_code == 201, made.text
        account_id = made.json()["id"]

    phone = new_page(phone=True)
    phone.goto("/login")
    phone.get_by_label("Tên đăng nhập (email)").fill(login)
    phone.get_by_label("Mật khẩu").fill("không nhớ mật khẩu nào")
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.locator("#login-refused")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    phone.get_by_role("link", name="Quên mật khẩu?").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Quên mật khẩu")
    expect(phone.get_by_label("Tên đăng nhập (email)")).to_have_value(login)  # carried from the sign-in page
    phone.get_by_role("button", name="Gửi yêu cầu đặt lại mật khẩu").click()
    sent = phone.get_by_role("status")
    expect(sent).to_contain_text("Đã gửi yêu cầu")
    expect(sent).to_contain_text(f"Nếu {login} là tài khoản đang hoạt động, quản trị viên của Sở đã được báo")
    expect(sent).to_contain_text("quản lý ghi nhận có mặt cho anh/chị")
    answer = sent.inner_text().replace(login, "LOGIN")
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["reset_requested_at"] is not None

    # an unknown login reads the very same answer: the page tells nobody which logins exist
    stranger = new_page(phone=True)
    unknown = f"khongco.{secrets.token_hex(3)}@mobifone-longan.vn"
    stranger.goto("/login/forgot")
    stranger.get_by_label("Tên đăng nhập (email)").fill(unknown)
    stranger.get_by_role("button", name="Gửi yêu cầu đặt lại mật khẩu").click()
    expect(stranger.get_by_role("status")).to_contain_text("Đã gửi yêu cầu")
    assert stranger.get_by_role("status").inner_text().replace(unknown, "LOGIN") == answer

    # the same login again at once: refused in words, how long to wait and whom to call
    phone.goto("/login/forgot")
    phone.get_by_label("Tên đăng nhập (email)").fill(login)
    phone.get_by_role("button", name="Gửi yêu cầu đặt lại mật khẩu").click()
    refused = phone.locator("#forgot-refused")
    expect(refused).to_contain_text("Yêu cầu cho tên đăng nhập này vừa được gửi")
    expect(refused).to_contain_text("gọi quản lý của doanh nghiệp")

    admin = new_page()
    sign_in(admin, stack, stack.admin)
    admin.goto("/admin/accounts")
    waiting = admin.locator("#reset-waiting")
    expect(waiting.get_by_role("heading")).to_have_text("Đang chờ đặt lại mật khẩu")
    expect(waiting).to_contain_text(f"{NAME} ({login}), từ ")
    admin.get_by_label("Yêu cầu mật khẩu mới").select_option("yes")
    admin.get_by_label("Tìm theo tên đăng nhập hoặc họ tên").fill(login)
    admin.get_by_role("button", name="Lọc").click()
    row = admin.get_by_role("row").filter(has_text=login)
    expect(row).to_contain_text("Xin đặt lại mật khẩu từ ")
    waiting.get_by_role("link", name=f"{NAME} ({login})").click()

    admin.wait_for_url(f"**/admin/accounts/{account_id}")
    notice = admin.locator("#reset-requested")
    expect(notice).to_contain_text(f"{NAME} đã xin đặt lại mật khẩu lúc ")
    expect(notice).to_contain_text("Lưu mật khẩu mới là yêu cầu được đóng")
    admin.get_by_label("Mật khẩu mới").fill(NEW_PASSWORD)
    admin.get_by_role("button", name="Lưu thay đổi").click()
    expect(admin).to_have_url(f"{stack.portal}/admin/accounts?q={login.replace('@', '%40')}&done=saved")
    expect(admin.get_by_text(f"Đã đặt mật khẩu mới cho {NAME}: yêu cầu đặt lại mật khẩu đã đóng")).to_be_visible()
    expect(admin.get_by_role("row").filter(has_text=login)).not_to_contain_text("Xin đặt lại mật khẩu")
    expect(admin.locator("#reset-waiting").get_by_text(login)).to_have_count(0)
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["reset_requested_at"] is None

    # the person signs in with the password told on the phone
    phone.goto("/login")
    phone.get_by_label("Tên đăng nhập (email)").fill(login)
    phone.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(lambda url: "/login" not in url)


def test_forgot_password_page_in_english_says_the_same_and_needs_a_login(new_page) -> None:
    page = new_page(lang="en")
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password")
    page.get_by_role("button", name="Ask for a new password").click()
    expect(page.locator("#forgot-refused")).to_have_text("Enter your login (e-mail).")
