"""The calendar links' labels say in plain words what a person does with each (QZ13 #16: "Đường dẫn lịch (http)" and
"(webcal)" were technical words; before that, QA: the label said "https" over `make run`'s http address): the page as
the portal renders it for a feed notifier serves on https and on http, read in a real browser by the label a person
and a screen reader go by, in both languages — the same words whatever the scheme, none of them a scheme's name. Roster and notifier are stood in for by
httpx.MockTransport (the browser test over the real services, tests/portal/test_no_javascript.py, reads the http
one of the test stack)."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from portal.api.cookies import LANG_COOKIE
from portal.app import create_app
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import sign_in_answer

PASSWORD = "đúng mật khẩu 2027"
S1 = "00000000-0000-4000-8000-0000000000b1"
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "hoalt@vnpt-longan.vn",
    "display_name": "Lê Thị Hoa",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": S1,
}


class Services:
    """Roster's sign-in and notifier's feeds, the new feed's link served at `base`."""

    def __init__(self, base: str) -> None:
        self.base = base

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (signed_in := sign_in_answer(request, STAFF, PASSWORD)) is not None:
            return signed_in
        if (method, path) == ("POST", "/feeds"):
            feed = {"id": "f1", "token_prefix": "AbC", "created_at": "2027-02-01T01:00:00Z", "rotated_at": None}
            return httpx.Response(201, json={**feed, "label": None, "url": f"{self.base}/feeds/AbC-123_xyz.ics"})
        if path == "/feeds":
            return httpx.Response(200, json={"items": [], "limit": 1, "total": 0, "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


async def _render(base: str, lang: str) -> str:
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", notifier_url="http://notifier")
    services = Services(base)
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(services))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://p", cookies={LANG_COOKIE: lang}) as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": STAFF["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        page = await client.get("/me/calendar")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        issued = await client.post("/me/calendar", data={"csrf_token": csrf})
        assert issued.status_code == 303 and issued.headers["location"] == "/me/calendar", issued.text
        shown = await client.get("/me/calendar")  # the page the POST redirects to shows the link made, once
        assert shown.status_code == 200, shown.text
        return shown.text


def _issued_page(base: str, lang: str) -> str:
    """The calendar page right after a link is made, its feed served at `base`, read in `lang` (rendered in a thread
    of its own: Playwright's sync API holds this thread's event loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _render(base, lang)).result()


PASTE = {"vi": "Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác",
         "en": "Link to paste into Google Calendar, Outlook or another calendar app"}  # fmt: skip
OPEN_HERE = {
    "vi": "Đường dẫn mở bằng ứng dụng lịch trên máy này",
    "en": "Link that opens in the calendar app on this device",
}


@pytest.mark.parametrize(
    ("base", "lang"),
    [("https://lich.example.vn", "vi"), ("http://127.0.0.1:8102", "vi"), ("https://lich.example.vn", "en"),
     ("http://127.0.0.1:8102", "en")],
)  # fmt: skip
def test_the_labels_say_what_each_link_is_for_in_plain_words(browser, base: str, lang: str) -> None:
    html = _issued_page(base, lang)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content(html)
        expect(page.get_by_label(PASTE[lang], exact=True)).to_have_value(f"{base}/feeds/AbC-123_xyz.ics")
        webcal = re.sub(r"^https?://", "webcal://", base)
        expect(page.get_by_label(OPEN_HERE[lang], exact=True)).to_have_value(f"{webcal}/feeds/AbC-123_xyz.ics")
        labels = " ".join(page.locator("label").all_inner_texts()).casefold()
        assert not re.search(r"\b(https?|webcal)\b", labels), labels
    finally:
        context.close()
