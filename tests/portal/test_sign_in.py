"""Signing in and out in a real browser: Vietnamese first, the English switch remembered,
a wrong password answered in words, CSRF refused, sign-out ends the session."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

from browser_support import sign_in


def test_sign_in_language_switch_and_sign_out(new_page, portal_stack) -> None:
    page = new_page()
    page.goto("/account/password")
    assert "/login" in page.url  # not signed in: sent to sign in, and back afterwards
    page.get_by_label("Tên đăng nhập (email)").fill(portal_stack.inspector.login)
    page.get_by_label("Mật khẩu").fill("sai mật khẩu rồi")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")

    sign_in(page, portal_stack, portal_stack.inspector)
    expect(page.get_by_text("Thanh tra Sở Thông tin và Truyền thông")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # the choice is remembered
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["lt_session"]["httpOnly"] and cookies["lt_session"]["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("lt_session") == -1  # page scripts never see it

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/account/password")
    assert "/login" in page.url  # the session is over: back to the sign-in page


def test_form_without_csrf_token_is_refused(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    response = httpx.post(f"{portal_stack.portal}/logout", cookies=cookies)
    assert response.status_code == 403
    assert "Yêu cầu bị từ chối" in response.text
    page.reload()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()  # still signed in: nothing was done
    assert re.search(
        r"default-src 'self'", httpx.get(f"{portal_stack.portal}/login").headers["content-security-policy"]
    )


def test_a_second_replica_serves_the_same_session(new_page, portal_stack, tmp_path) -> None:
    """Two portal processes with the same key and no shared store: signed in on one, the person
    goes on on the other (cookies are per host, not per port, as behind one address)."""
    from devstack.services import ServiceProcess
    from support import free_port

    replica = ServiceProcess(
        name="portal", port=free_port(), env=portal_stack.portal_env, log_file=tmp_path / "portal-2.log"
    )
    replica.start()
    try:
        replica.wait_ready()
        page = new_page()
        sign_in(page, portal_stack, portal_stack.inspector)
        page.goto(f"{replica.url}/account/password")
        expect(page.get_by_text("Thanh tra Sở Thông tin và Truyền thông")).to_be_visible()
        page.get_by_role("button", name="Đăng xuất").click()  # a form posted to the other replica: CSRF holds
        expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    finally:
        replica.stop()
