"""The portal's core without a browser: sealed sessions, renewal, CSRF, headers, the
catalogue and the templates. The services are stood in for by httpx.MockTransport here; the
browser tests run the real ones."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from lichtruc.paging import decode_cursor, encode_cursor
from portal.api.cookies import CookieJar
from portal.api.deps import safe_next
from portal.app import create_app, load_catalogue
from portal.clients.services import Caller, ServiceError, Services, ServiceUnavailable, SessionExpired
from portal.domain import dates
from portal.domain.i18n import placeholders
from portal.domain.session import Account, Session, new_session
from portal.settings import PortalSettings
from support import eventually, present

PORTAL = Path(__file__).resolve().parents[2] / "services" / "portal" / "src" / "portal"
NOW = datetime(2027, 2, 5, 15, 0, tzinfo=UTC)
ACCOUNT = {
    "id": "a1",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": None,
}


def _session(expires_in: int = 900, refresh: str = "r0") -> Session:
    return new_session(
        account=Account.from_api(ACCOUNT), access_token="t0", expires_in=expires_in, refresh_token=refresh, now=NOW
    )


class FakeRoster:
    """Roster's sign-in as far as the portal uses it: each refresh token works once."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.refreshes = 0
        self.seen_tokens: list[str] = []
        self.reject_access: set[str] = set()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            body = json.loads(request.content)
            if body["password"] != "đúng mật khẩu 2027":
                return httpx.Response(
                    401, json={"type": "x/invalid-credentials", "detail": "wrong", "detail_vi": "sai"}
                )
            return httpx.Response(
                200,
                json={
                    "access_token": "t0",
                    "expires_in": 900,
                    "refresh_token": "r0",
                    "account": ACCOUNT,
                    "refresh_expires_in": 43200,
                    "token_type": "Bearer",
                },
            )
        if request.url.path == "/auth/refresh":
            token = json.loads(request.content)["refresh_token"]
            if token in self.used:
                return httpx.Response(401, json={"type": "x/refresh-token-reused", "detail": "reused"})
            self.used.add(token)
            self.refreshes += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"t{self.refreshes}",
                    "expires_in": 900,
                    "refresh_token": f"r{self.refreshes}",
                    "account": ACCOUNT,
                    "refresh_expires_in": 43200,
                    "token_type": "Bearer",
                },
            )
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.seen_tokens.append(token)
        if token in self.reject_access:
            return httpx.Response(401, json={"detail": "expired"})
        if request.url.path == "/missing":
            return httpx.Response(
                404,
                json={
                    "type": "x/not-found",
                    "detail": "No such shift",
                    "detail_vi": "Không có ca trực này",
                    "errors": [{"field": "body.staff_id", "message": "no such person"}],
                },
            )
        return httpx.Response(200, json={"ok": True})


Lister = Callable[[httpx.QueryParams], list[dict[str, Any]]]


class PagedRoster(FakeRoster):
    """FakeRoster with lists answering in the one page format (`lichtruc.paging`). Its `next`
    addresses name another host on purpose: the portal must take only the cursor from them."""

    def __init__(self, lists: dict[str, Lister], *, total: bool = True) -> None:
        super().__init__()
        self.lists = lists
        self.total = total
        self.list_calls: list[httpx.URL] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        lister = self.lists.get(request.url.path)
        if lister is None or request.method != "GET":
            return super().__call__(request)
        self.list_calls.append(request.url)
        params = request.url.params
        limit = int(params.get("limit", "50"))
        cursor = params.get("cursor")
        start = decode_cursor(request.url.path, cursor)[0] if cursor else 0
        matches = lister(params)
        shown = matches[start : start + limit]
        nxt = None
        if start + limit < len(matches):
            kept = [(k, v) for k, v in params.multi_items() if k not in ("cursor", "limit")]
            query = httpx.QueryParams(
                [*kept, ("limit", str(limit)), ("cursor", encode_cursor(request.url.path, [start + limit]))]
            )
            nxt = f"http://elsewhere.invalid:9{request.url.path}?{query}"
        total = len(matches) if self.total else None
        headers = {"Link": f'<{nxt}>; rel="next"'} if nxt else {}
        return httpx.Response(200, json={"items": shown, "limit": limit, "total": total, "next": nxt}, headers=headers)


def _services(roster: FakeRoster) -> Services:
    return Services.create(
        {"roster": "http://roster", "notifier": "http://notifier", "audit": "http://audit"},
        timeout=5,
        transport_for=lambda name: httpx.MockTransport(roster),
    )


# --- dates ---------------------------------------------------------------------------------------


def test_dates_read_as_people_write_them() -> None:
    assert dates.day_label(date(2027, 2, 6)) == "06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    assert dates.day_label(date(2027, 1, 30)) == "30/01/2027 (23 tháng Chạp Bính Ngọ)"
    assert dates.day_label(date(2027, 2, 6), "en") == "06/02/2027 (Day 1 of Tết, Đinh Mùi)"
    assert dates.instant_label(datetime(2027, 2, 5, 17, 0, tzinfo=UTC)) == "00:00 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    with pytest.raises(ValueError, match="no time zone"):
        dates.local(datetime(2027, 2, 6))


# --- sessions and cookies --------------------------------------------------------------------------


def test_a_sealed_session_opens_only_unchanged_and_under_the_same_key() -> None:
    key = PortalSettings(dev_mode=True, session_key="k" * 40).cookie_key()
    jar = CookieJar(key, secure=False, max_age=timedelta(hours=12))
    session = new_session(
        account=Account.from_api(ACCOUNT),
        access_token="access-token-that-must-stay-secret",
        expires_in=900,
        refresh_token="r0",
        now=NOW,
    )
    sealed = jar.seal(session)
    # Encrypted, not just signed: neither the cookie nor its decoded bytes carry the token. The probe is long
    # enough that random base64 cannot contain it by chance (a two-letter one such as "t0" did, one run in ten).
    raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    assert "access-token-that-must-stay-secret" not in sealed and b"access-token-that-must-stay-secret" not in raw
    assert jar.open(sealed) == session
    other = CookieJar(
        PortalSettings(dev_mode=True, session_key="j" * 40).cookie_key(), secure=False, max_age=timedelta(hours=12)
    )
    assert other.open(sealed) is None
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    assert jar.open(tampered) is None and jar.open("garbage") is None and jar.open(None) is None


def test_every_sign_in_gets_a_new_session_id_and_csrf_secret() -> None:
    a, b = _session(), _session()
    assert a.id != b.id and a.csrf_secret != b.csrf_secret
    renewed = a.renewed(access_token="t9", access_expires_at=NOW, refresh_token="r9", account=a.account)
    assert (renewed.id, renewed.csrf_secret) == (a.id, a.csrf_secret)
    assert not a.needs_renewal(NOW) and a.needs_renewal(NOW + timedelta(seconds=841))


def test_settings_refuse_a_missing_or_example_key_outside_dev_mode() -> None:
    with pytest.raises(ValueError, match="PORTAL_SESSION_KEY is missing"):
        PortalSettings()
    with pytest.raises(ValueError, match="documentation example"):
        PortalSettings(session_key="change-me-to-a-long-random-secret-shared-by-every-portal-replica")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("/manage/board?x=1", "/manage/board?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil", "/"),
        ("", "/"),
        (None, "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_after_sign_in_only_a_path_on_the_portal(value, expected) -> None:
    assert safe_next(value) == expected


# --- calling the services ----------------------------------------------------------------------------


async def test_a_token_about_to_expire_is_renewed_once_for_concurrent_calls() -> None:
    roster = FakeRoster()
    services = _services(roster)
    session = _session(expires_in=30)  # inside the renewal margin
    callers = [Caller(services=services, session=session, clock=lambda: NOW) for _ in range(5)]
    await asyncio.gather(*(c.get("roster", "/shifts") for c in callers))
    assert roster.refreshes == 1  # one call to roster; a second use of r0 would have ended the sign-in
    assert {c.session.access_token for c in callers} == {"t1"} and all(c.renewed for c in callers)
    assert roster.seen_tokens == ["t1"] * 5
    await services.close()


async def test_a_refused_token_is_renewed_and_the_call_retried_once() -> None:
    roster = FakeRoster()
    roster.reject_access.add("t0")
    services = _services(roster)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    assert await caller.get("roster", "/shifts") == {"ok": True}
    assert roster.seen_tokens == ["t0", "t1"]
    roster.used.add("r1")  # the next renewal fails: the sign-in is over
    roster.reject_access.add("t1")
    caller.renewed = False
    with pytest.raises(SessionExpired):
        await caller.get("roster", "/shifts")
    await services.close()


async def test_service_errors_keep_the_problem_and_name_the_fields() -> None:
    services = _services(FakeRoster())
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    with pytest.raises(ServiceError) as caught:
        await caller.get("roster", "/missing")
    assert caught.value.status == 404 and caught.value.kind == "not-found"
    assert caught.value.detail("vi") == "Không có ca trực này" and caught.value.detail("en") == "No such shift"
    assert caught.value.field_errors("en") == {"staff_id": "no such person"}
    await services.close()


async def test_a_service_that_does_not_answer_is_named() -> None:
    services = Services.create({"roster": "http://127.0.0.1:9", "notifier": "http://x", "audit": "http://x"}, timeout=2)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    with pytest.raises(ServiceUnavailable) as caught:
        await caller.get("roster", "/shifts")
    assert caught.value.service == "roster"
    await services.close()


# --- lists: the one page format, walked by its `next` cursors ----------------------------------------------


def _shift(n: int, staff_id: str) -> dict[str, Any]:
    start = datetime(2027, 1, 1, tzinfo=UTC) + timedelta(hours=6 * n)
    return {
        "id": f"{staff_id}-{n:04d}",
        "version": 1,
        "enterprise_id": "e1",
        "site_id": None,
        "duty_type": "operations",
        "status": "completed",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=6)).isoformat(),
        "notes": None,
        "assignees": [{"staff_id": staff_id, "full_name": f"Người {staff_id}", "checked_in_at": None}],
    }


SHIFTS = [_shift(n, "p1" if n % 3 else "p2") for n in range(1300)]


def _shifts(params: httpx.QueryParams) -> list[dict[str, Any]]:
    """Roster's /shifts as far as the portal filters it: the person, statuses, and `to`."""
    found = SHIFTS
    if params.get("staff_id"):
        found = [s for s in found if any(a["staff_id"] == params["staff_id"] for a in s["assignees"])]
    if params.get_list("status"):
        found = [s for s in found if s["status"] in params.get_list("status")]
    if params.get("to"):
        found = [s for s in found if datetime.fromisoformat(s["starts_at"]) < datetime.fromisoformat(params["to"])]
    return found


async def test_a_list_longer_than_a_page_is_walked_by_its_next_cursors_on_the_configured_service() -> None:
    roster = PagedRoster({"/shifts": _shifts})
    services = _services(roster)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    got = await caller.every("roster", "/shifts", {"staff_id": "p1", "status": ["completed", "checked_in"]})
    mine = [s for s in SHIFTS if s["assignees"][0]["staff_id"] == "p1"]
    assert len(mine) == 866 and [s["id"] for s in got] == [s["id"] for s in mine]  # all, once, in order
    assert len(roster.list_calls) == 2  # 500 + 366
    for n, url in enumerate(roster.list_calls):
        assert (url.scheme, url.host, url.path) == ("http", "roster", "/shifts")  # never the host `next` named
        assert url.params["staff_id"] == "p1" and url.params.get_list("status") == ["completed", "checked_in"]
        assert url.params["limit"] == "500"
        assert url.params.get("cursor") == (None if n == 0 else encode_cursor("/shifts", [500]))
    await services.close()


async def test_one_page_carries_its_total_and_the_cursor_of_the_next() -> None:
    roster = PagedRoster({"/shifts": _shifts})
    services = _services(roster)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    first = await caller.page("roster", "/shifts", {"staff_id": "p2", "limit": 400, "cursor": None})
    assert (len(first.items), first.limit, first.total) == (400, 400, 434)
    assert first.next is not None and first.next.startswith("http://elsewhere.invalid:9/shifts?")
    second = await caller.page("roster", "/shifts", {"staff_id": "p2", "limit": 400, "cursor": first.next_cursor})
    assert (len(second.items), second.next, second.next_cursor) == (34, None, None)
    assert second.items[0]["id"] == "p2-1200"
    await services.close()


@pytest.mark.parametrize(
    "answer",
    [
        {"items": [], "total": 0, "offset": 0, "limit": 50, "next_offset": None},  # audit's old shape
        {"items": [], "next_after": None},  # the old log
        {"items": [], "next_cursor": None},  # notifier's old feeds
    ],
)
async def test_a_list_answering_in_an_old_shape_is_a_service_error_naming_the_service(answer: dict) -> None:
    roster = FakeRoster()
    services = Services.create(
        {"roster": "http://roster", "notifier": "http://notifier", "audit": "http://audit"},
        timeout=5,
        transport_for=lambda name: httpx.MockTransport(
            lambda request: httpx.Response(200, json=answer) if request.url.path == "/gaps" else roster(request)
        ),
    )
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    with pytest.raises(ServiceError) as caught:
        await caller.every("audit", "/gaps", {"status": "open"})
    assert (caught.value.service, caught.value.status) == ("audit", 502)
    assert "/gaps" in caught.value.detail("en") and "/gaps" in caught.value.detail("vi")
    await services.close()


async def test_a_next_cursor_that_comes_back_is_not_walked_forever() -> None:
    again = {"items": [{"id": 1}], "limit": 1, "total": None, "next": "http://audit/log?limit=1&cursor=same"}
    services = Services.create(
        {"roster": "http://roster", "notifier": "http://notifier", "audit": "http://audit"},
        timeout=5,
        transport_for=lambda name: httpx.MockTransport(lambda request: httpx.Response(200, json=again)),
    )
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    with pytest.raises(ServiceError, match="came twice"):
        await caller.every("audit", "/log")
    await services.close()


async def test_past_shifts_read_newest_first_across_roster_pages() -> None:
    from portal.handlers.my_shifts import my_shifts

    empty: Lister = lambda params: []  # noqa: E731
    roster = PagedRoster(
        {"/shifts": _shifts, "/swaps": empty, "/sites": empty, "/enterprises": empty, "/duty-types": empty}
    )
    services = _services(roster)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    now = datetime(2027, 12, 1, tzinfo=UTC)  # after all of p1's 866 shifts but the last
    past = [s["id"] for s in reversed(_shifts(httpx.QueryParams({"staff_id": "p1", "to": now.isoformat()})))]
    assert len(past) > 500  # more than one of roster's pages

    def read(cursor: str | None) -> Any:
        return my_shifts(
            caller,
            staff_id="p1",
            when="past",
            limit=20,
            cursor=cursor,
            now=now,
            lang="vi",
            path="/me/shifts",
            query={"when": "past", **({"cursor": cursor} if cursor else {})},
        )

    first = await read(None)
    assert [c.id for c in first.cards] == past[:20]  # the newest first
    assert first.page.total == len(past) and first.page.first_url is None
    assert first.page.next_url == "/me/shifts?when=past&limit=20&cursor=20"
    second = await read("20")
    assert [c.id for c in second.cards] == past[20:40]
    assert second.page.first_url == "/me/shifts?when=past&limit=20"
    last = await read(str(len(past) - 5))
    assert [c.id for c in last.cards] == past[-5:] and last.page.next_url is None
    await services.close()


# --- the app: sign-in, CSRF, headers, two replicas ---------------------------------------------------------


async def _client(app):
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal")


def _csrf(html: str) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', html)).group(1)


async def test_sign_in_sets_a_sealed_cookie_that_another_replica_accepts() -> None:
    roster = FakeRoster()
    settings = PortalSettings(session_key="s" * 48)
    one = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    two = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    stranger = create_app(PortalSettings(session_key="z" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with (
        one.router.lifespan_context(one),
        two.router.lifespan_context(two),
        stranger.router.lifespan_context(stranger),
        await _client(one) as c1,
        await _client(two) as c2,
        await _client(stranger) as c3,
    ):
        page = await c1.get("/login")
        assert page.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "<script>" not in page.text and " style=" not in page.text
        refused = await c1.post("/login", data={"login": "hungnv@vnpt-longan.vn", "password": "x"})
        assert refused.status_code == 403  # no CSRF token: nothing is even tried
        wrong = await c1.post(
            "/login", data={"login": "hungnv@vnpt-longan.vn", "password": "x", "csrf_token": _csrf(page.text)}
        )
        assert wrong.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.text
        ok = await c1.post(
            "/login",
            data={
                "login": "hungnv@vnpt-longan.vn",
                "password": "đúng mật khẩu 2027",
                "csrf_token": _csrf(page.text),
                "next": "/account/password",
            },
        )
        assert (ok.status_code, ok.headers["location"]) == (303, "/account/password")
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Secure" not in cookie
        sealed = ok.cookies["lt_session"]
        c2.cookies.set("lt_session", sealed)
        c3.cookies.set("lt_session", sealed)
        served = await c2.get("/account/password")
        assert served.status_code == 200 and "Nguyễn Văn Hùng" in served.text
        assert _csrf(served.text) != _csrf(page.text)  # the session's own token, not the anonymous one
        elsewhere = await c3.get("/account/password")
        assert elsewhere.status_code == 303 and elsewhere.headers["location"].startswith("/login")


# --- words: the catalogue and the templates ------------------------------------------------------------------


def test_both_languages_have_the_same_keys_and_placeholders_in_nfc() -> None:
    catalogue = load_catalogue()
    vi, en = catalogue.messages["vi"], catalogue.messages["en"]
    assert set(vi) ^ set(en) == set(), "keys in one language only"
    for key in vi:
        assert placeholders(vi[key]) == placeholders(en[key]), key
        assert unicodedata.is_normalized("NFC", vi[key]), key
        assert vi[key].strip() and en[key].strip(), key


KEY_USE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def _used_keys() -> set[str]:
    used: set[str] = set()
    for path in list(PORTAL.rglob("*.html")) + list(PORTAL.rglob("*.py")):
        used |= set(KEY_USE.findall(path.read_text("utf-8")))
    return used


def test_every_key_the_pages_use_is_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    keys = catalogue.messages["vi"]
    # A key ending in "." or "_" is a prefix completed at run time (t("role." ~ account.role)).
    missing = sorted(
        k
        for k in _used_keys()
        if k not in keys and not (k.endswith((".", "_")) and any(other.startswith(k) for other in keys))
    )
    assert missing == []


def test_templates_hold_no_words_of_their_own() -> None:
    """Outside {{ }} and {% %}, a template has markup only: every word comes from the catalogue."""
    offenders = []
    for path in sorted((PORTAL / "templates").rglob("*.html")):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "\0", path.read_text("utf-8"), flags=re.S)
        for attribute, value in re.findall(
            r'\s(aria-label|title|placeholder|alt|data-confirm|data-done)="([^"]*)"', text
        ):
            if re.search(r"[^\W\d_]{2,}", value):
                offenders.append(f"{path.relative_to(PORTAL)}: {attribute}={value!r}")
        text = re.sub(r"<[^>]*>", " ", text)  # markup and its attributes are not words people read…
        text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
        for word in re.findall(r"[^\W\d_]{2,}", text):  # …what is left between tags is
            offenders.append(f"{path.relative_to(PORTAL)}: {word!r}")
    assert offenders == []


def test_no_inline_script_or_style_in_templates() -> None:
    for path in (PORTAL / "templates").rglob("*.html"):
        html = path.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers either


async def test_a_sign_in_that_cannot_be_renewed_sends_the_person_to_sign_in_again() -> None:
    roster = FakeRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        ok = await client.post(
            "/login",
            data={"login": "hungnv@vnpt-longan.vn", "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)},
        )
        assert ok.status_code == 303
        roster.reject_access.add("t0")  # the access token is refused…
        roster.used.add("r0")  # …and the refresh token was revoked (signed out elsewhere, new password)
        answer = await client.get("/manage/staff")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/manage/staff&expired=1"
        assert 'lt_session=""' in answer.headers["set-cookie"] or "Max-Age=0" in answer.headers["set-cookie"]
        again = await client.get(answer.headers["location"])
        assert "Phiên làm việc đã hết hạn. Hãy đăng nhập lại để tiếp tục." in again.text


STAFF = [
    {"id": f"s{n}", "full_name": name, "enterprise_id": "e1", "qualifications": ["operator"], "active": True}
    for n, name in enumerate(["Lê Thị Ánh", "Nguyễn Văn Bình", "Trần Văn Cường", "Phạm Thị Dung", "Võ Văn Em"])
]


async def test_a_list_page_shows_how_many_of_the_total_and_links_the_first_and_next_pages() -> None:
    roster = PagedRoster(
        {"/staff": lambda params: STAFF, "/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}]}
    )
    settings = PortalSettings(session_key="s" * 48)
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        page = await client.get("/login")
        ok = await client.post(
            "/login",
            data={"login": "hungnv@vnpt-longan.vn", "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)},
        )
        assert ok.status_code == 303
        first = await client.get("/manage/staff", params={"enterprise_id": "e1", "limit": 2})
        assert first.status_code == 200
        assert "Lê Thị Ánh" in first.text and "Trần Văn Cường" not in first.text
        assert "Đang hiện 2 trên 5" in first.text and 'rel="first"' not in first.text
        nxt = re.search(r'<a href="([^"]+)" rel="next">Trang sau →</a>', first.text)
        assert nxt is not None
        href = nxt.group(1).replace("&amp;", "&")
        assert href == f"/manage/staff?enterprise_id=e1&limit=2&cursor={encode_cursor('/staff', [2])}"
        second = await client.get(href)
        assert "Trần Văn Cường" in second.text and "Lê Thị Ánh" not in second.text
        back = re.search(r'<a href="([^"]+)" rel="first">← Trang đầu</a>', second.text)
        assert back is not None and back.group(1).replace("&amp;", "&") == "/manage/staff?enterprise_id=e1&limit=2"
        forward = re.search(r'<a href="([^"]+)" rel="next">', second.text)
        assert forward is not None
        last = await client.get(forward.group(1).replace("&amp;", "&"))
        assert "Võ Văn Em" in last.text and 'rel="next"' not in last.text and 'rel="first"' in last.text
        staff_calls = [u for u in roster.list_calls if u.path == "/staff"]
        assert [u.params.get("cursor") for u in staff_calls] == [
            None,
            encode_cursor("/staff", [2]),
            encode_cursor("/staff", [4]),
        ]
        assert all(u.params["enterprise_id"] == "e1" and u.params["limit"] == "2" for u in staff_calls)
        assert {u.host for u in roster.list_calls} == {urlsplit(settings.roster_url).hostname}


async def test_a_gaps_change_is_found_in_the_enterprise_history_by_its_log_record() -> None:
    from portal.handlers.gaps import _change

    at = "2027-02-05T10:00:00.250000+00:00"
    history = [
        {
            "seq": seq,
            "event_id": f"ev{seq}",
            "event_type": "shift.reassigned",
            "what": "shift.reassigned",
            "actor": "hungnv@vnpt-longan.vn",
            "summary": f"change {seq}",
            "summary_vi": f"thay đổi {seq}",
            "event_time": at,
            "received_at": at,
        }
        for seq in range(100, 145)
    ]
    log = [{"seq": 131, "event_id": "ev131", "event_type": "shift.reassigned", "received_at": at}]
    audit = PagedRoster(
        {
            "/log": lambda params: [r for r in log if r["event_id"] == params.get("event_id")],
            "/enterprises/e1/history": lambda params: [
                h
                for h in history
                if h["event_type"] == params["event_type"]
                and datetime.fromisoformat(str(params["received_from"]))
                <= datetime.fromisoformat(str(h["received_at"]))
                < datetime.fromisoformat(str(params["received_to"]))
            ],
        }
    )
    services = _services(audit)
    caller = Caller(services=services, session=_session(), clock=lambda: NOW)
    change = await _change(caller, enterprise_id="e1", event_id="ev131", role="cause", lang="vi")
    assert change is not None and (change.seq, change.summary, change.role) == (131, "thay đổi 131", "cause")
    calls = [u for u in audit.list_calls if u.path.endswith("/history")]
    assert len(calls) == 2  # 131 is on the second page of 20
    assert await _change(caller, enterprise_id="e1", event_id="nowhere", role="cause", lang="vi") is None
    await services.close()


# --- back-pressure and a busy service ----------------------------------------------------------------------


ROSTER_LISTS: dict[str, Lister] = {
    "/staff": lambda params: STAFF,
    "/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}],
}


async def _signed_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    ok = await client.post(
        "/login",
        data={"login": "hungnv@vnpt-longan.vn", "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)},
    )
    assert ok.status_code == 303


async def test_a_service_503_page_passes_on_its_retry_after() -> None:
    roster = PagedRoster(ROSTER_LISTS)

    def busy(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/staff":
            problem = {"type": "x/overloaded", "status": 503, "detail": "busy", "detail_vi": "Máy chủ đang bận"}
            return httpx.Response(503, json=problem, headers={"Retry-After": "7"})
        return roster(request)

    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(busy))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        answer = await client.get("/manage/staff", params={"enterprise_id": "e1"})
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "7"
        assert "Máy chủ đang bận" in answer.text


async def test_a_service_that_cannot_be_reached_is_a_503_page_with_retry_after() -> None:
    roster = PagedRoster(ROSTER_LISTS)

    def unreachable(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/staff":
            raise httpx.ConnectError("connection refused", request=request)
        return roster(request)

    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(unreachable))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        answer = await client.get("/manage/staff", params={"enterprise_id": "e1"})
        assert answer.status_code == 503 and answer.headers["retry-after"] == "1"


async def test_the_portal_sheds_requests_beyond_its_limit_at_once() -> None:
    release = asyncio.Event()
    entered: list[str] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/staff":
            entered.append(request.url.path)
            await release.wait()
        return PagedRoster(ROSTER_LISTS)(request)

    settings = PortalSettings(session_key="s" * 48, max_in_flight_requests=2)
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(slow))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        held = [asyncio.create_task(client.get("/manage/staff", params={"enterprise_id": "e1"})) for _ in range(2)]

        async def both_waiting() -> bool:
            return len(entered) == 2

        await eventually(both_waiting, timeout=10, what="two page requests waiting on roster")
        refused = await asyncio.wait_for(client.get("/manage/staff", params={"enterprise_id": "e1"}), timeout=5)
        assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
        assert "thử lại" in refused.json()["detail_vi"] and "retry" in refused.json()["detail"]
        assert refused.headers["x-content-type-options"] == "nosniff"  # the security headers still wrap it
        assert (await client.get("/healthz")).status_code == 200  # probes are not counted
        release.set()
        assert all(r.status_code != 503 for r in await asyncio.gather(*held))
