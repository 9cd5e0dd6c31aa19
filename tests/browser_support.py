"""What the browser tests share besides fixtures: signing in through the page, screenshots."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SCREENSHOTS_VARIABLE = "LICHTRUC_SCREENSHOTS"
"""The folder `screenshot` saves into; unset (as in `make test`), no screenshot is taken. `make screenshots`
sets it to docs/screenshots and runs only the tests marked `screenshot`, on a stack of their own: the
README's pictures then show the demonstration data and what those tests add, not what the rest of the
suite left in a shared stack (an enterprise a test named "… f67f17" on the Tết-hours page), and a test
run no longer rewrites files under docs/."""


def sign_in(page, stack, who) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập (email)").fill(who.login)
    page.get_by_label("Mật khẩu").fill(stack.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)


def open_menu(page) -> None:
    """Open the main menu as a person on a phone does, by its "Trình đơn" toggle (folded there since the header's
    two rows); a wide screen's menu is always open, and one already opened is left open."""
    toggle = page.locator("header.top details.menu > summary")
    if toggle.is_visible() and not page.locator("header.top details.menu[open]").count():
        toggle.click()


def screenshot(page, name: str, *, full_page: bool = True) -> Path | None:
    """Save what the page shows now as <name>.png in the folder `SCREENSHOTS_VARIABLE` names (the
    README shows docs/screenshots/); the visible window only for pages too long to show whole. None,
    and nothing saved, when it names none."""
    folder = os.environ.get(SCREENSHOTS_VARIABLE)
    if not folder:
        return None
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def until(condition: Callable[[], T | None], *, timeout: float = 60, what: str = "the condition") -> T:
    """Wait for what another service does in its own time (Kafka, audit, notifier): `condition()`
    again every fifth of a second until it is truthy (its value is returned) or `timeout` runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.2)


def accept_next_dialog(page) -> list[str]:
    """Accept the page's next confirm() (a form's data-confirm); the list gets its question."""
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return asked
