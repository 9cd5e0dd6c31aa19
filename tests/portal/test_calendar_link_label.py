"""The calendar link's label names the link's own scheme (QA: it said "https" over `make run`'s http address):
the page as the portal renders it for a feed notifier serves on https and on http, read in a real browser by the
label a person and a screen reader go by, in both languages. Roster and notifier are stood in for by
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


@pytest.mark.parametrize(
    ("base", "lang", "label", "other"),
    [
        ("https://lich.example.vn", "vi", "Đường dẫn lịch (https)", "Đường dẫn lịch (http)"),
        ("http://127.0.0.1:8102", "vi", "Đường dẫn lịch (http)", "Đường dẫn lịch (https)"),
        ("https://lich.example.vn", "en", "Calendar link (https)", "Calendar link (http)"),
        ("http://127.0.0.1:8102", "en", "Calendar link (http)", "Calendar link (https)"),
    ],
)
def test_the_label_names_the_scheme_of_the_link_it_labels(
    browser, base: str, lang: str, label: str, other: str
) -> None:
    html = _issued_page(base, lang)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_content(html)
        expect(page.get_by_label(label, exact=True)).to_have_value(f"{base}/feeds/AbC-123_xyz.ics")
        expect(page.get_by_label(other, exact=True)).to_have_count(0)
    finally:
        context.close()
