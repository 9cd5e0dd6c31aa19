"""What the browser tests share besides fixtures: signing in through the page, screenshots."""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def sign_in(page, stack, who) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập (email)").fill(who.login)
    page.get_by_label("Mật khẩu").fill(stack.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save what the page shows now as docs/screenshots/<name>.png (the README shows them); the
    visible window only for pages too long to show whole."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
