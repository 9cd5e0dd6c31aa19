"""Roster's answers to the portal's sign-in, for the page tests that stand in for roster with a function."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime
from typing import Any

import httpx

from lichtruc.serving import OFFSET_VARIABLE
from portal.app import create_app
from portal.settings import PortalSettings
from support import present


def sign_in_answer(request: httpx.Request, account: dict[str, Any], password: str) -> httpx.Response | None:
    """`POST /auth/login` (the tokens and `account` for `password`, else a 401) and `GET /auth/session` (alive)
    as roster answers them for one account; None for any other request."""
    path = request.url.path
    if path == "/auth/login":
        if json.loads(request.content)["password"] != password:
            return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
        token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
        return httpx.Response(200, json={**token, "account": account, "token_type": "Bearer"})
    if path == "/auth/session":
        return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": account["id"]})
    return None


@contextlib.asynccontextmanager
async def signed_in_portal(
    roster: Callable[[httpx.Request], httpx.Response]
    | Callable[[httpx.Request], Coroutine[None, None, httpx.Response]],
    login: str,
    password: str,
    *,
    now: datetime,
    lang: str = "vi",
    clock: Callable[[], datetime] | None = None,
    test_clock: bool = False,
) -> AsyncIterator[httpx.AsyncClient]:
    """The portal in this process on the clock `now` (or `clock`, a clock the test moves), roster stood in for by
    the function `roster` (audit and notifier too: they are not asked), and a client signed in to it as `login`
    through its sign-in form (in `lang` after, when it is not Vietnamese); with `test_clock`, a stack on a test clock
    (every page's banner says so)."""
    on_test_clock: dict[str, Any] = {OFFSET_VARIABLE: 60} if test_clock else {}
    settings = PortalSettings(
        session_key="s" * 48,
        roster_url="http://roster",
        audit_url="http://audit",
        **on_test_clock,
    )
    app = create_app(settings, clock=clock or (lambda: now), transport_for=lambda name: httpx.MockTransport(roster))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        form = {"login": login, "password": password, "csrf_token": csrf}
        assert (await client.post("/login", data=form)).status_code == 303
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        yield client


async def refused_and_shown(
    client: httpx.AsyncClient, path: str, data: dict[str, Any], *, to: str
) -> tuple[httpx.Response, httpx.Response]:
    """A refused form, by Post/Redirect/Get: the POST to `path` answers a 303 to `to` (the form's page, and the item
    on it — never the POST's address); then that page, which shows the refusal, and that page again (a reload: the
    page as it is, the refusal said once)."""
    posted = await client.post(path, data=data)
    assert posted.status_code == 303 and posted.headers["location"] == to, (posted.status_code, posted.text)
    return await client.get(to), await client.get(to)
