"""The three services as the portal calls them: one pooled httpx client per service, and a
`Caller` per request that carries the signed-in person's own access token.

Guarantees:
- Every call goes out with the person's token (or none): the services' policies decide
  what the page may show, never the portal.
- An error answer becomes a `ServiceError` holding the service's RFC 9457 problem, so that
  pages can show `detail_vi` next to the field it names; a service that does not answer, or answers 503 (overloaded,
  its database unavailable: nothing done, try later), becomes a `ServiceUnavailable` naming it — never a refusal of
  what the person typed (QA: PostgreSQL down read "check what you entered").
- A token about to expire is renewed once, before the call; a 401 on a call is answered by
  one renewal and one retry; a failed renewal ends the session (`SessionExpired`).
- A form sent twice changes nothing twice: a POST to roster made for a form carrying its `form_key` (each
  rendering of a form has its own) goes with an Idempotency-Key made of that key and what the POST asks, so
  a double click, or the same form sent again from the browser's history, gets roster's first answer back
  instead of a second incident, drill or finding; the same form changed and sent again is a new request.
  Pages are no-store: Back draws the form anew, and portal.js gives it back the key of the history entry's
  first drawing (QZ13: Back and send again recorded a second incident). Without script the key is new: the
  incident form is then known by its facts instead (domain.incidents.resent_incident).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx

from ..domain.field_words import sentence
from ..domain.session import Account, Session, new_session
from ..domain.text_limits import Say, over_said
from .paging import WALK_LIMIT, WALK_MAX_PAGES, BadPage, PageOf, read_page

log = logging.getLogger(__name__)

ServiceName = Literal["roster", "notifier", "audit"]
SERVICE_NAMES: tuple[ServiceName, ...] = ("roster", "notifier", "audit")


class ServiceError(Exception):
    """A service answered with an error; `problem` is its RFC 9457 body (or a stand-in)."""

    def __init__(self, service: str, status: int, problem: Mapping[str, Any], headers: Mapping[str, str] | None = None):
        super().__init__(f"{service} answered {status}: {problem.get('detail')}")
        self.service = service
        self.status = status
        self.problem = dict(problem)
        self.headers = dict(headers or {})

    @property
    def kind(self) -> str:
        """The problem's type slug: "double-booking", "validation", …"""
        return str(self.problem.get("type", "")).rsplit("/", 1)[-1]

    def detail(self, lang: str) -> str:
        if lang == "vi" and self.problem.get("detail_vi"):
            return str(self.problem["detail_vi"])
        return str(self.problem.get("detail") or self.problem.get("title") or "")

    def field_errors(self, lang: str) -> dict[str, str]:
        """Field name → message, for the fields the problem names (the last part of a dotted path)."""
        out: dict[str, str] = {}
        for error in self.problem.get("errors") or ():
            name = error.get("field") if isinstance(error, Mapping) else None
            if not name:
                continue
            message = (error.get("message_vi") if lang == "vi" else None) or error.get("message") or self.detail(lang)
            key = str(name).split(".")[-1] if str(name).startswith("body.") else str(name)
            out.setdefault(key, sentence(str(message)))
        return out


class ServiceUnavailable(Exception):
    """A service could not be reached, timed out, or answered 503; the page says which and to try again. `unsent`: the
    request never reached the service (no connection was made), so a form sent with it changed nothing for sure.
    `busy`: the service answered 503 (overloaded, its database unavailable), having done nothing, and `retry_after`
    (seconds) is when it said to try again."""

    def __init__(
        self, service: str, reason: str, *, unsent: bool = False, busy: bool = False, retry_after: str | None = None
    ):
        super().__init__(f"{service} is not answering: {reason}")
        self.service = service
        self.reason = reason
        self.unsent = unsent
        self.busy = busy
        self.retry_after = retry_after


def error_of(service: str, response: httpx.Response) -> ServiceError | ServiceUnavailable:
    """An error answer as the portal raises it: a 503 (the service overloaded or without its database, nothing done)
    is the service not answering, not a refusal; any other, the service's problem."""
    if response.status_code == 503:
        retry_after = response.headers.get("retry-after", "").strip()
        detail = _problem(response).get("detail")
        return ServiceUnavailable(
            service, f"answered 503 ({detail})", busy=True, retry_after=retry_after if retry_after.isdigit() else None
        )
    return ServiceError(service, response.status_code, _problem(response), response.headers)


class SessionExpired(Exception):
    """The sign-in cannot be renewed (expired, revoked, account deactivated): sign in again. `inactive`:
    roster said the account was deactivated (`account-inactive`), which the sign-in page then says. `ended`: how it
    ended as far as roster said (`ENDED_BY`): "elsewhere" (signed out, or a new password, in another window or
    device), "time" (its renewal's time ran out), "" (not said)."""

    def __init__(self, reason: str, *, inactive: bool = False, ended: str = "") -> None:
        super().__init__(reason)
        self.inactive = inactive
        self.ended = ended


ENDED_BY = {
    "sign-in-ended": "elsewhere",  # GET /auth/session: revoked (signed out, a new password), the account aside
    "invalid-refresh-token": "elsewhere",  # a renewal: its token revoked (an expired one says so, below)
    "refresh-token-expired": "time",
}
"""Roster's refusals of a sign-in (problem type) that say how it ended. An unknown refresh token is said as revoked
too: roster forgets a token only after its expiry, and the portal's own session (`Session.over`) ends before that
while ROSTER_REFRESH_TOKEN_HOURS is not below PORTAL_SESSION_HOURS (both 12 by default)."""


def _kind(response: httpx.Response) -> str:
    return str(_problem(response).get("type", "")).rsplit("/", 1)[-1]


def _ended(response: httpx.Response) -> SessionExpired:
    kind = _kind(response)
    return SessionExpired(
        str(_problem(response).get("detail")), inactive=kind == "account-inactive", ended=ENDED_BY.get(kind, "")
    )


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    return {"status": response.status_code, "title": response.reason_phrase, "detail": response.text[:300]}


def _bad_page(path: str, exc: Exception) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": "Not a page",
        "detail": f"the list {path} did not answer in the page format: {exc}",
        "detail_vi": f"Danh sách {path} trả lời không đúng định dạng trang: {exc}",
    }


# A renewal's outcome is shared for this long with the other requests that carried the same refresh
# token (a page loading several fragments at once): roster accepts each refresh token once and ends
# the whole sign-in when one is used twice, so the second request must not renew again.
RENEWAL_SHARED_SECONDS = 30.0
# The sessions signed out through this replica, remembered so that a copy of one's cookie is refused
# here without asking roster even between two checks (PORTAL_SESSION_CHECK_SECONDS > 0). Bounded:
# the oldest are forgotten first, and roster's answer stays the truth for every replica.
ENDED_REMEMBERED = 10_000
# The services' uvicorn closes a keep-alive connection after 5 s without a request (its
# `timeout_keep_alive`), and httpx's pool kept one for 5 s too: a request could leave on a connection
# the service was closing at that instant, and the page was answered 503 (a `make test` run of
# 2026-12-02: "roster is not answering: cannot connect (ReadError)" between two answered calls). The
# pool lets idle connections go well before the services do, and a request that cannot have changed
# anything (`RESENDABLE`) and met a connection closed under it is sent once more, on a new one.
KEEPALIVE_SECONDS = 2.0
RESENDABLE = frozenset({"GET", "HEAD", "OPTIONS"})
_CLOSED_UNDER_IT = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
# No connection was made, so nothing was sent: a form's page may say so for sure (a read that timed out or a
# connection closed under a request may have reached the service first).
_NEVER_CONNECTED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass
class Services:
    """The app-wide pooled clients, made in the lifespan and closed there."""

    clients: dict[str, httpx.AsyncClient]
    # A read (GET, HEAD) gives up after this long, sooner than a write (the clients' own timeout): a page of a
    # stalled service says so without the person waiting as long as a form's save may take, and a read that
    # timed out changed nothing. None: reads wait as long as writes.
    read_timeout: float | None = None
    _renewals: dict[str, tuple[float, asyncio.Future[Session]]] = field(default_factory=dict)
    _ended: dict[str, None] = field(default_factory=dict)  # session ids signed out here, oldest first

    @classmethod
    def create(
        cls,
        urls: Mapping[str, str],
        *,
        timeout: float,
        read_timeout: float | None = None,
        transport_for: Callable[[str], httpx.AsyncBaseTransport | None] = lambda name: None,
        max_connections: int = 50,
    ) -> Services:
        limits = httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=min(20, max_connections),
            keepalive_expiry=KEEPALIVE_SECONDS,
        )
        return cls(
            {
                name: httpx.AsyncClient(
                    base_url=urls[name].rstrip("/"), timeout=timeout, limits=limits, transport=transport_for(name)
                )
                for name in SERVICE_NAMES
            },
            read_timeout=read_timeout,
        )

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def send(
        self,
        service: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        client = self.clients[service]
        if self.read_timeout is not None and method.upper() in RESENDABLE and "timeout" not in kwargs:
            kwargs["timeout"] = self.read_timeout
        try:
            try:
                return await client.request(method, path, headers=all_headers, **kwargs)
            except _CLOSED_UNDER_IT as exc:
                if method.upper() not in RESENDABLE:
                    raise
                log.info("%s closed the connection under %s %s (%r); sending it again", service, method, path, exc)
                return await client.request(method, path, headers=all_headers, **kwargs)
        except httpx.TimeoutException as exc:
            unsent = isinstance(exc, _NEVER_CONNECTED)
            raise ServiceUnavailable(service, f"no answer in time ({type(exc).__name__})", unsent=unsent) from exc
        except httpx.TransportError as exc:
            unsent = isinstance(exc, _NEVER_CONNECTED)
            raise ServiceUnavailable(service, f"cannot connect ({type(exc).__name__})", unsent=unsent) from exc

    # --- signing in, through roster --------------------------------------------------------------

    async def sign_in(self, login: str, password: str, *, client_address: str | None, now: datetime) -> Session:
        """A new session for these credentials, or the ServiceError roster gave (401, 429…)."""
        headers = {"X-Forwarded-For": client_address} if client_address else {}
        response = await self.send(
            "roster", "POST", "/auth/login", json={"login": login, "password": password}, headers=headers
        )
        if response.status_code != 200:
            raise error_of("roster", response)
        body = response.json()
        return new_session(
            account=Account.from_api(body["account"]),
            access_token=body["access_token"],
            expires_in=int(body["expires_in"]),
            refresh_token=body["refresh_token"],
            now=now,
        )

    async def request_password_reset(self, login: str, *, client_address: str | None) -> None:
        """Ask the Department's administrators for a new password of `login` (roster answers the same whatever the
        login is), or the ServiceError roster gave (429: asked too recently)."""
        headers = {"X-Forwarded-For": client_address} if client_address else {}
        response = await self.send("roster", "POST", "/auth/password-reset", json={"login": login}, headers=headers)
        if response.status_code != 202:
            raise error_of("roster", response)

    async def language_of(self, session: Session) -> str | None:
        """The language the signed-in person's messages go in (notifier's preferences: their own choice there,
        else their staff record's), None for an account without a staff record or when notifier cannot say: the
        pages then stay in Vietnamese, and signing in is not held up by notifier."""
        if session.account.staff_id is None:
            return None
        try:
            response = await self.send(
                "notifier", "GET", f"/people/{session.account.staff_id}/preferences", token=session.access_token
            )
            lang = response.json().get("language") if response.status_code == 200 else None
        except (ServiceUnavailable, ValueError, AttributeError):
            return None
        return lang if isinstance(lang, str) else None

    async def renew(self, session: Session, *, now: datetime) -> Session:
        """The session with the next pair of tokens. Concurrent renewals of one session in this
        replica share a single call to roster (single flight), and its result for a short while."""
        loop = asyncio.get_running_loop()
        for key, (made, _) in list(self._renewals.items()):
            if loop.time() - made > RENEWAL_SHARED_SECONDS:
                del self._renewals[key]
        shared = self._renewals.get(session.refresh_token)
        if shared is not None:
            return await asyncio.shield(shared[1])
        future: asyncio.Future[Session] = loop.create_future()
        self._renewals[session.refresh_token] = (loop.time(), future)
        try:
            renewed = await self._renew(session, now=now)
        except BaseException as exc:
            del self._renewals[session.refresh_token]
            if isinstance(exc, Exception):
                future.set_exception(exc)
                future.exception()  # marked as retrieved: nobody else may be waiting for it
            else:
                future.cancel()
            raise
        future.set_result(renewed)
        return renewed

    async def _renew(self, session: Session, *, now: datetime) -> Session:
        response = await self.send("roster", "POST", "/auth/refresh", json={"refresh_token": session.refresh_token})
        if response.status_code == 401:
            raise _ended(response)
        if response.status_code != 200:
            raise error_of("roster", response)
        body = response.json()
        return session.renewed(
            access_token=body["access_token"],
            access_expires_at=now + timedelta(seconds=int(body["expires_in"])),
            refresh_token=body["refresh_token"],
            account=Account.from_api(body["account"]),
        )

    def ended_here(self, session: Session) -> bool:
        """Whether this session was signed out through this replica (a replayed copy of its cookie)."""
        return session.id in self._ended

    async def sign_out(self, session: Session) -> None:
        """End the sign-in at roster (its refresh token and every one renewed from it stop working,
        and GET /auth/session answers "ended" for its access tokens), and remember it here."""
        self._ended[session.id] = None
        while len(self._ended) > ENDED_REMEMBERED:
            del self._ended[next(iter(self._ended))]
        response = await self.send(
            "roster", "POST", "/auth/logout", token=session.access_token, json={"refresh_token": session.refresh_token}
        )
        if response.status_code not in (204, 401):
            log.warning("roster refused sign-out with %s", response.status_code)


@dataclass
class Caller:
    """The services as one signed-in person calls them during one request.

    `session` changes when the tokens are renewed; the edge writes it back to the cookie."""

    services: Services
    session: Session
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    renewed: bool = False
    checked: bool = False
    form_key: uuid.UUID | None = None
    """The key of the form this request sends (its `form_key` field), if any: see `idempotency_key`."""
    say_over: Say | None = None
    """The portal's words for a text past its limit: a service's refusal of a text it sent as too long is said in
    them (`text_limits.over_said`), whichever page reads the refusal. None: the service's own words."""

    async def _fresh_token(self) -> str:
        if self.session.needs_renewal(self.clock()):
            await self._renew()
        return self.session.access_token

    async def _renew(self) -> None:
        self.session = await self.services.renew(self.session, now=self.clock())
        self.renewed = True

    async def request(
        self, service: ServiceName, method: str, path: str, *, ok: tuple[int, ...] = (200, 201, 204), **kwargs: Any
    ) -> httpx.Response:
        """Send as the person; an answer outside `ok` raises ServiceError."""
        response = await self.services.send(service, method, path, token=await self._fresh_token(), **kwargs)
        # A deactivated account's sign-in cannot be renewed (roster revoked it, and its refusal would only say
        # "revoked"): the person is told the account was deactivated, not that the session expired.
        if response.status_code == 401 and not self.renewed and _kind(response) != "account-inactive":
            await self._renew()
            response = await self.services.send(service, method, path, token=self.session.access_token, **kwargs)
        if response.status_code == 401:
            raise _ended(response)
        if response.status_code not in ok:
            error = error_of(service, response)
            if isinstance(error, ServiceError) and self.say_over is not None and response.status_code == 422:
                error.problem = over_said(error.problem, kwargs.get("json"), self.say_over)
            raise error
        return response

    async def check(self, *, every: timedelta) -> None:
        """Make sure the sign-in still goes on before a page is served; SessionExpired if not.

        A session signed out through this replica is refused at once. Otherwise, when the last
        check is `every` old (always when `every` is 0), roster's GET /auth/session is asked with
        the person's access token: roster is the one place that knows whether the sign-in (its
        refresh-token family) was ended — by a sign-out through any replica, a new password set
        in another sign-in, a deactivated account — since the replicas share no store. A token
        about to expire is renewed first, and an ended sign-in's renewal fails too.

        Why ask roster, and by default on every request: the cookie is the whole session, so a
        copy of it is as good as the original until something outside it says otherwise, and the
        services accept the access token inside until it expires. Portal memory cannot say it (a
        replica never hears of a sign-out through another), a shared store would be a database the
        portal does not have, and roster already keeps the sign-in's revocation. The question is
        one indexed read and a call on the pool's kept-alive connection; an interval saves it at
        the price of that interval's delay on the other replicas (PORTAL_SESSION_CHECK_SECONDS)."""
        now = self.clock()
        if self.services.ended_here(self.session):
            raise SessionExpired("this session was signed out", ended="elsewhere")
        if not self.session.needs_check(now, every=every):
            return
        await self.request("roster", "GET", "/auth/session", ok=(200,))  # 401 (ended) → SessionExpired
        if every > timedelta(0):  # with no interval the time of the last answer is never read
            self.session = self.session.checked(now)
            self.checked = True

    @property
    def changed(self) -> bool:
        """Whether the cookie must be written again (new tokens, or a new time of the last check)."""
        return self.renewed or self.checked

    async def get(self, service: ServiceName, path: str, params: Mapping[str, Any] | None = None) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return (await self.request(service, "GET", path, params=clean)).json()

    async def page(self, service: ServiceName, path: str, params: Mapping[str, Any] | None = None) -> PageOf[Any]:
        """One page of a list (`params` carry its filters, `limit` and `cursor`); an answer that is
        not a page becomes a ServiceError naming the service."""
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        response = await self.request(service, "GET", path, params=clean)
        try:
            return read_page(response)
        except ValueError as exc:  # BadPage, or a body that is not JSON
            raise ServiceError(service, 502, _bad_page(path, exc)) from exc

    async def every(
        self, service: ServiceName, path: str, params: Mapping[str, Any] | None = None, *, limit: int = WALK_LIMIT
    ) -> list[Any]:
        """Every item of a list, page after page: each `next` cursor is sent back to the same
        service and path with the same filters."""
        items: list[Any] = []
        cursor: str | None = None
        seen: set[str] = set()
        for _ in range(WALK_MAX_PAGES):
            page = await self.page(service, path, {**(params or {}), "limit": limit, "cursor": cursor})
            items.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                return items
            if cursor in seen:
                raise ServiceError(service, 502, _bad_page(path, BadPage(f"the cursor {cursor[:40]!r} came twice")))
            seen.add(cursor)
        raise ServiceError(service, 502, _bad_page(path, BadPage(f"more than {WALK_MAX_PAGES} pages")))

    async def post(
        self,
        service: ServiceName,
        path: str,
        body: Any = None,
        *,
        version: int | None = None,
        params: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """POST `body` as JSON; `version` sends it as If-Match (the services' optimistic concurrency); to roster,
        for a form, with the form's Idempotency-Key (`idempotency_key`)."""
        headers = {"If-Match": f'"{version}"'} if version is not None else {}
        if service == "roster" and (key := self.idempotency_key(path, body, params)) is not None:
            headers["Idempotency-Key"] = key
        response = await self.request(service, "POST", path, json=body, headers=headers, params=params, **kwargs)
        return response.json() if response.content else None

    def idempotency_key(self, path: str, body: Any, params: Mapping[str, Any] | None) -> str | None:
        """The form's key and what the POST asks (path, query, body) as one UUID: the same form sent again with
        the same values gets the same key (roster answers it once), the form sent with other values another."""
        if self.form_key is None:
            return None
        asked = json.dumps([path, sorted((params or {}).items()), body], sort_keys=True, default=str)
        return str(uuid.uuid5(self.form_key, asked))

    async def patch(self, service: ServiceName, path: str, body: Any, *, version: int) -> Any:
        return (await self.request(service, "PATCH", path, json=body, headers={"If-Match": f'"{version}"'})).json()

    async def put(self, service: ServiceName, path: str, body: Any, **kwargs: Any) -> Any:
        response = await self.request(service, "PUT", path, json=body, **kwargs)
        return response.json() if response.content else None

    async def delete(
        self, service: ServiceName, path: str, *, version: int | None = None, params: Mapping[str, Any] | None = None
    ) -> None:
        headers = {"If-Match": f'"{version}"'} if version is not None else {}
        await self.request(service, "DELETE", path, headers=headers, params=dict(params or {}))
