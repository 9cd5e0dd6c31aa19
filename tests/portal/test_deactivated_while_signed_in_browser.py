"""An account deactivated while its holder is signed in, over the real services: the next page sends the
person to the sign-in page saying the account was deactivated — not that the session expired, which invites
signing in again (QA round 3: roster revokes the sign-in, so renewing it only said "revoked")."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from browser_support import sign_in

from .conftest import Person


def test_a_manager_deactivated_while_signed_in_is_told_the_account_was_deactivated(new_page, portal_stack) -> None:
    enterprise = "Đài Phát thanh và Truyền hình Long An"
    login = f"qa3.nghi.{uuid.uuid4().hex[:6]}@ptth-longan.vn"
    with portal_stack.api("roster") as roster:
        made = roster.post(
            "/accounts",
            json={
                "login": login,
                "display_name": "Quản lý sắp nghỉ",
                "role": "manager",
                "enterprise_ids": [portal_stack.enterprises[enterprise]],
                "password": portal_stack.password,
            },
        )
        assert made.status_code == 201, made.text
        page = new_page()
        sign_in(page, portal_stack, Person(login, "Quản lý sắp nghỉ", "manager", enterprise))
        page.goto("/manage/staff")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        off = roster.patch(f"/accounts/{made.json()['id']}", json={"active": False}, headers={"If-Match": '"1"'})
        assert off.status_code == 200, off.text
    page.goto("/manage/staff")
    assert "/login" in page.url and "inactive=1" in page.url
    expect(page.get_by_text("Tài khoản này đã ngừng hoạt động nên không đăng nhập được.")).to_be_visible()
    expect(page.get_by_text("Phiên làm việc đã kết thúc")).to_have_count(0)
