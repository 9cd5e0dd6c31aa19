"""A calendar link made or renewed is answered by Post/Redirect/Get (QA: both POSTs answered 200 with the page, so
Back asked Chromium's "Confirm form resubmission" and a reload sent the form again). The new link's address, shown
once, rides to the calendar page in the session's sealed cookie — never in an address — and a reload shows the page
without it. Roster and notifier are stood in for by httpx.MockTransport, without a browser."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from portal.api.cookies import REFUSED_COOKIE, CookieJar
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 1, 3, 0, tzinfo=UTC)
S1 = "00000000-0000-4000-8000-0000000000b1"
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "anhptn@vnpt-longan.vn",
    "display_name": "Phạm Thị Ngọc Ánh",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": S1,
}
NOT_SHOWN_AGAIN = "Vì an toàn, đường dẫn đầy đủ chỉ hiện lúc được cấp."
SHOWN_ONCE = "Đường dẫn này chỉ hiện một lần"
ALARMS = (
    "Lịch iPhone (Apple) và Outlook tự nhắc trước mỗi ca theo các mốc bạn chọn ở trang “Nhắc việc”; Lịch Google bỏ qua"
)


class Notifier:
    """Roster's sign-in and notifier's person feeds: made (POST /feeds), renewed (POST /feeds/{id}/rotate) and
    listed. Each new secret is the next of `secrets`; notifier keeps only its first characters, as the real one."""

    def __init__(self, *secrets: str, base: str = "https://lich.example.vn") -> None:
        self.secrets, self.base = list(secrets), base
        self.feed: dict[str, Any] | None = None

    def _made(self, status: int) -> httpx.Response:
        secret = self.secrets.pop(0)
        assert self.feed is not None
        self.feed["token_prefix"] = secret[:6]
        return httpx.Response(status, json={**self.feed, "url": f"{self.base}/feeds/{secret}.ics"})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (signed_in := sign_in_answer(request, STAFF, PASSWORD)) is not None:
            return signed_in
        if (method, path) == ("POST", "/feeds"):
            label = json.loads(request.content)["label"]
            self.feed = {"id": "f1", "created_at": "2027-02-01T01:00:00Z", "rotated_at": None, "label": label}
            return self._made(201)
        if self.feed is not None and (method, path) == ("POST", f"/feeds/{self.feed['id']}/rotate"):
            self.feed["rotated_at"] = "2027-02-01T02:30:00Z"
            return self._made(200)
        if (method, path) == ("GET", "/feeds"):
            items = [self.feed] if self.feed else []
            return httpx.Response(200, json={"items": items, "limit": 1, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


def _csrf(page: httpx.Response) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)


def _shown_link(page: httpx.Response) -> str | None:
    """The full calendar link the page shows in its box, if any."""
    found = re.search(r'<input id="feed-url" type="text" readonly value="([^"]+)"', page.text)
    return html.unescape(found.group(1)) if found else None


def _redirected_to_the_page(posted: httpx.Response, secret: str) -> None:
    """A 303 to the calendar page itself, the secret in none of its headers (the cookie carrying it is sealed)."""
    assert posted.status_code == 303, (posted.status_code, posted.text[:300])
    assert posted.headers["location"] == "/me/calendar"
    assert secret not in posted.text and all(secret not in v for v in posted.headers.values())
    assert posted.cookies.get(REFUSED_COOKIE)


async def test_a_link_made_is_shown_once_on_the_page_the_post_redirects_to() -> None:
    secret = "Kx7Qd2-made_once"
    async with signed_in_portal(Notifier(secret), STAFF["login"], PASSWORD, now=NOW) as client:
        before = await client.get("/me/calendar")
        # Which calendar apps remind by themselves (the feed's alarms), and what to do in the one that does not.
        assert html.unescape(before.text).count(ALARMS) == 1
        posted = await client.post("/me/calendar", data={"csrf_token": _csrf(before)})
        _redirected_to_the_page(posted, secret)

        shown = await client.get("/me/calendar")
        assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
        assert _shown_link(shown) == f"https://lich.example.vn/feeds/{secret}.ics"
        assert f'value="webcal://lich.example.vn/feeds/{secret}.ics"' in shown.text
        assert SHOWN_ONCE in shown.text and NOT_SHOWN_AGAIN not in shown.text
        assert "Kx7Qd2" in shown.text  # the link in use, named by its first characters
        assert 'class="qr-code"' in shown.text

        again = await client.get("/me/calendar")  # a reload, or Back: the page as it is, the link not again
        assert again.status_code == 200 and _shown_link(again) is None and secret not in again.text
        assert NOT_SHOWN_AGAIN in again.text and "Kx7Qd2" in again.text


async def test_a_link_renewed_is_shown_once_on_the_page_the_post_redirects_to() -> None:
    first, renewed = "Aa11Bb-first_one", "Zz99Yy-renewed_1"
    async with signed_in_portal(Notifier(first, renewed), STAFF["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/calendar")
        assert (await client.post("/me/calendar", data={"csrf_token": _csrf(page)})).status_code == 303
        assert _shown_link(await client.get("/me/calendar")) == f"https://lich.example.vn/feeds/{first}.ics"

        page = await client.get("/me/calendar")
        assert _shown_link(page) is None
        form = {"csrf_token": _csrf(page), "confirmed": "yes"}
        posted = await client.post("/me/calendar/f1/rotate", data=form)
        _redirected_to_the_page(posted, renewed)

        shown = await client.get("/me/calendar")
        assert _shown_link(shown) == f"https://lich.example.vn/feeds/{renewed}.ics"
        assert first not in shown.text and "Zz99Yy" in shown.text and SHOWN_ONCE in shown.text

        again = await client.get("/me/calendar")
        assert _shown_link(again) is None and renewed not in again.text
        assert NOT_SHOWN_AGAIN in again.text and "Zz99Yy" in again.text


async def test_a_link_that_cannot_be_kept_is_shown_by_the_posts_own_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the sealed cookie cannot hold it (a cookie holds 4 KB), the new link is not lost: the POST's own answer
    shows it, as before, and nothing is kept for the page."""
    secret = "Mm55Nn-not_kept_1"
    async with signed_in_portal(Notifier(secret), STAFF["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/calendar")
        monkeypatch.setattr(CookieJar, "seal_refused", lambda self, **kept: None)
        posted = await client.post("/me/calendar", data={"csrf_token": _csrf(page)})
        assert posted.status_code == 200 and posted.headers["cache-control"] == "no-store"
        assert _shown_link(posted) == f"https://lich.example.vn/feeds/{secret}.ics"
        assert REFUSED_COOKIE not in posted.cookies
        assert _shown_link(await client.get("/me/calendar")) is None
