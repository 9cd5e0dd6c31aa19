"""Signing in and out in a real browser: Vietnamese first, the English switch remembered,
a wrong password answered in words, CSRF refused, sign-out ends the session — also for a copy of
its cookie, at once — and a password change ends the account's other sessions."""

from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Any

import httpx
from playwright.sync_api import expect

from browser_support import sign_in
from devstack import local_http

# a sign-in ended by a sign-out or a new password elsewhere is said so, not as if it had lasted its hours (L6)
ENDED_ELSEWHERE = "Bạn đã đăng xuất ở một cửa sổ hay thiết bị khác (hoặc mật khẩu vừa được đổi ở đó)"
INSPECTOR_PAGES = ("/inspect/gaps", "/inspect/heatmap", "/inspect/findings", "/account/password")


def test_sign_in_language_switch_and_sign_out(new_page, portal_stack) -> None:
    page = new_page()
    page.goto("/account/password")
    assert "/login" in page.url  # not signed in: sent to sign in, and back afterwards
    page.get_by_label("Tên đăng nhập (email)").fill(portal_stack.inspector.login)
    page.get_by_label("Mật khẩu").fill("sai mật khẩu rồi")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    # The keyboard is at the refusal or at the password, which a screen reader reads with the refusal (QA: the
    # login's autofocus took the keyboard back to the top, the refusal unsaid).
    focused = page.evaluate("document.activeElement.id || document.activeElement.getAttribute('role')")
    assert focused in ("f-password", "login-refused"), focused
    expect(page.get_by_label("Mật khẩu")).to_have_attribute("aria-describedby", "login-refused")
    bare = new_page(javascript=False)
    bare.goto("/login")
    expect(bare.get_by_label("Tên đăng nhập (email)")).to_be_focused()
    bare.get_by_label("Tên đăng nhập (email)").fill("khong-co-ai@example.vn")  # no account is locked for it
    bare.get_by_label("Mật khẩu").fill("sai mật khẩu rồi")
    bare.get_by_role("button", name="Đăng nhập").click()
    expect(bare.get_by_label("Mật khẩu")).to_be_focused()
    expect(bare.get_by_label("Mật khẩu")).to_have_accessible_description(
        re.compile("Tên đăng nhập hoặc mật khẩu không đúng")
    )

    sign_in(page, portal_stack, portal_stack.inspector)
    expect(page.get_by_text(portal_stack.inspector.name)).to_be_visible()
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
        expect(page.get_by_text(portal_stack.inspector.name)).to_be_visible()
        page.get_by_role("button", name="Đăng xuất").click()  # a form posted to the other replica: CSRF holds
        expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    finally:
        replica.stop()


def _replayed(portal_stack, cookie: str, path: str) -> httpx.Response:
    """`path` asked with a copy of a session cookie, as someone who kept one would."""
    with local_http.client(cookies={"lt_session": cookie}, timeout=30) as client:
        return client.get(f"{portal_stack.portal}{path}")


def _sent_to_sign_in(response: httpx.Response, path: str) -> bool:
    location = f"/login?next={path}&expired=1&ended=elsewhere"
    return response.status_code == 303 and response.headers["location"] == location


def test_a_copy_of_the_cookie_is_refused_as_soon_as_its_owner_signs_out(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto("/inspect/gaps")
    copied = {c["name"]: c for c in page.context.cookies()}["lt_session"]
    for path in INSPECTOR_PAGES:  # the copy works while the sign-in goes on…
        assert _replayed(portal_stack, copied["value"], path).status_code == 200, path

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    for path in INSPECTOR_PAGES:  # …and not a moment after it ended, though its access token has not expired
        assert _sent_to_sign_in(_replayed(portal_stack, copied["value"], path), path), path

    # In another browser holding the copy: the sign-in page saying the session has expired, not the page.
    elsewhere = new_page()
    elsewhere.context.add_cookies([copied])
    elsewhere.goto("/inspect/heatmap")
    expect(elsewhere.get_by_text(ENDED_ELSEWHERE, exact=False)).to_be_visible()
    assert "/login" in elsewhere.url and "lt_session" not in {c["name"] for c in elsewhere.context.cookies()}
    expect(elsewhere.get_by_role("button", name="Đăng xuất")).to_have_count(0)


def _new_inspector(portal_stack) -> Any:
    """An account of its own, so that changing its password disturbs no other test."""
    login = f"thanhtra.{uuid.uuid4().hex[:8]}@stttt.longan.gov.vn"
    with portal_stack.api("roster") as admin:
        made = admin.post(
            "/accounts",
            json={
                "login": login,
                "display_name": "Trần Thị Thu Hà",
                "role": "inspector",
                "password": portal_stack.password,
            },
        )
    assert made.status_code == 201, made.text
    return dataclasses.replace(portal_stack.inspector, login=login, name="Trần Thị Thu Hà")


def test_changing_the_password_ends_the_other_sessions_and_only_the_new_one_signs_in(new_page, portal_stack) -> None:
    person = _new_inspector(portal_stack)
    other = new_page()  # the same person signed in on another computer
    sign_in(other, portal_stack, person)
    other.goto("/inspect/gaps")
    other_cookie = {c["name"]: c for c in other.context.cookies()}["lt_session"]["value"]

    page = new_page()
    sign_in(page, portal_stack, person)
    page.goto("/account/password")
    new_password = "Mùng một Tết nhà nội 2027"
    # First the current password wrong and the new one typed twice differently: roster's dry run says the one with
    # the portal's word on the other, each next to its field, in Vietnamese; nothing changes.
    page.get_by_label("Mật khẩu hiện tại").fill("không phải mật khẩu này")
    page.get_by_label("Mật khẩu mới", exact=True).fill(new_password)
    page.get_by_label("Nhập lại mật khẩu mới").fill(new_password + " nhé")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    error = page.locator("#e-current_password")
    expect(error).to_have_text("Mật khẩu hiện tại không đúng.")
    expect(page.locator("#e-confirm_password")).to_contain_text("không giống nhau")
    expect(page.get_by_label("Mật khẩu hiện tại")).to_have_attribute("aria-describedby", "e-current_password")
    assert _replayed(portal_stack, other_cookie, "/inspect/gaps").status_code == 200  # still signed in there

    page.get_by_label("Mật khẩu hiện tại").fill(portal_stack.password)
    page.get_by_label("Mật khẩu mới", exact=True).fill(new_password)
    page.get_by_label("Nhập lại mật khẩu mới").fill(new_password)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_text("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")).to_be_visible()
    expect(page.locator("#e-current_password")).to_have_count(0)

    # The other session ends at once, and so does any copy of its cookie; this one goes on.
    for path in INSPECTOR_PAGES:
        assert _sent_to_sign_in(_replayed(portal_stack, other_cookie, path), path), path
    other.goto("/inspect/findings")
    expect(other.get_by_text(ENDED_ELSEWHERE, exact=False)).to_be_visible()
    page.goto("/inspect/gaps")
    assert "/inspect/gaps" in page.url
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # Signing in again: the old password no longer works, the new one does.
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    page.get_by_label("Tên đăng nhập (email)").fill(person.login)
    page.get_by_label("Mật khẩu").fill(portal_stack.password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    page.get_by_label("Tên đăng nhập (email)").fill(person.login)
    page.get_by_label("Mật khẩu").fill(new_password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
