"""The portal's core without a browser: sealed sessions, renewal, CSRF, headers, the
catalogue and the templates. The services are stood in for by httpx.MockTransport here; the
browser tests run the real ones."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from portal.api.cookies import CookieJar
from portal.api.deps import safe_next
from portal.app import create_app, load_catalogue
from portal.clients.services import Caller, ServiceError, Services, ServiceUnavailable, SessionExpired
from portal.domain import dates
from portal.domain.i18n import placeholders
from portal.domain.session import Account, Session, new_session
from portal.settings import PortalSettings
from support import present

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
