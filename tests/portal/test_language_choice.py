"""The pages' language: the switch keeps the page it was used on (its whole query, the sign-in page's `next`
too), and a person's own language opens the portal at sign-in where nobody chose one in the browser."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI

from portal.app import create_app
from portal.domain.i18n import placeholders
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import sign_in_answer

NOW = datetime(2027, 2, 5, 15, 0, tzinfo=UTC)
PASSWORD = "đúng mật khẩu 2027"
MY: dict[str, Any] = {  # an English speaker's own account (the demo's Mai Thị Diễm My)
    "id": "a7",
    "login": "mymtd@viettel-longan.vn",
    "display_name": "Mai Thị Diễm My",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s7",
}
MANAGER: dict[str, Any] = {**MY, "id": "a1", "login": "hungnv@vnpt-longan.vn", "role": "manager", "staff_id": None}


def _services(account: dict[str, Any], asked: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if (said := sign_in_answer(request, account, PASSWORD)) is not None:
            return said
        asked.append(request.url.path)
        if request.url.path == "/people/s7/preferences":  # notifier: her mail goes in English (her staff record)
            return httpx.Response(200, json={"staff_id": "s7", "language": "en", "language_set": None})
        return httpx.Response(404, json={"detail": "not here"})

    return answer


def _lang(page: httpx.Response) -> str:
    return present(re.search(r'<html lang="(\w+)"', page.text)).group(1)


def _switch(page: httpx.Response) -> str:
    return html.unescape(present(re.search(r'<a href="(/lang/[^"]+)"', page.text)).group(1))


async def _sign_in(client: httpx.AsyncClient, login_page: httpx.Response, login: str) -> httpx.Response:
    csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', login_page.text)).group(1)
    nxt = html.unescape(present(re.search(r'name="next" value="([^"]*)"', login_page.text)).group(1))
    return await client.post("/login", data={"login": login, "password": PASSWORD, "csrf_token": csrf, "next": nxt})


def _portal(account: dict[str, Any], asked: list[str]) -> FastAPI:
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", notifier_url="http://notifier")
    return create_app(
        settings, clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(_services(account, asked))
    )


async def test_the_switch_on_the_sign_in_page_keeps_its_next_with_the_whole_query_and_signing_in_lands_there() -> None:
    cell = "/manage/board/c1/cell?day=2027-02-08&duty_type=leader_on_duty"  # a mail's link, before signing in
    app = _portal(MANAGER, [])
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        login = f"/login?next={quote(cell, safe='/')}"
        switched = await client.get(_switch(await client.get(login)))
        assert switched.status_code == 303 and switched.headers["location"] == login
        english = await client.get(switched.headers["location"])
        assert _lang(english) == "en"
        signed = await _sign_in(client, english, MANAGER["login"])
        assert signed.status_code == 303 and signed.headers["location"] == cell
        # a signed-in page's switch: back to the same address, every filter kept
        page = "/account/password?a=1&b=x%20y"
        back = await client.get(_switch(await client.get(page)))
        assert back.headers["location"] == page
        # only a path on the portal, never elsewhere
        assert (await client.get("/lang/vi?next=//evil.example/x")).headers["location"] == "/"


async def test_a_person_whose_language_is_english_signs_in_to_english_pages_unless_this_browser_chose() -> None:
    asked: list[str] = []
    app = _portal(MY, asked)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as fresh,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as chosen,
    ):
        login = await fresh.get("/login")
        assert _lang(login) == "vi"  # nobody is known yet: the first language
        assert (await _sign_in(fresh, login, MY["login"])).status_code == 303
        assert _lang(await fresh.get("/account/password")) == "en"
        assert _lang(await fresh.get("/no-such-page")) == "en"  # an error page too, before any route read the session
        # her switch wins, on this sign-in and the next
        await fresh.get("/lang/vi")
        assert _lang(await fresh.get("/account/password")) == "vi"
        # a browser where Vietnamese was chosen before signing in keeps it; notifier is not even asked
        asked.clear()
        await chosen.get("/lang/vi")
        assert (await _sign_in(chosen, await chosen.get("/login"), MY["login"])).status_code == 303
        assert _lang(await chosen.get("/account/password")) == "vi" and asked == []


async def test_a_required_control_left_empty_is_told_in_the_page_s_language() -> None:
    """QA: Chromium's own "Please fill out this field." on a Vietnamese page. Every page's body carries the portal's
    words for each kind of control (portal.js says them at a required one left empty, on every form), and for each
    of the browser's other checks, in the language of the page."""
    words = {
        "vi": {
            "fill": "Hãy điền ô này.",
            "choose": "Hãy chọn một mục trong danh sách.",
            "one_of": "Hãy chọn một trong các lựa chọn này.",
            "tick": "Hãy bấm chọn ô này để tiếp tục.",
            "file": "Hãy chọn tệp bảng tính để tải lên.",
        },
        "en": {
            "fill": "Fill in this box.",
            "choose": "Choose an item in the list.",
            "one_of": "Choose one of these options.",
            "tick": "Tick this box to go on.",
            "file": "Choose the spreadsheet file to upload.",
        },
    }
    checks: dict[str, dict[str, str]] = {}
    app = _portal(MANAGER, [])
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        for lang in ("vi", "en"):
            await client.get(f"/lang/{lang}")
            page = await client.get("/login")
            body = present(re.search(r"<body([^>]*)>", page.text)).group(1)
            said = {kind: html.unescape(text) for kind, text in re.findall(r'data-blank-([a-z_]+)="([^"]*)"', body)}
            assert _lang(page) == lang and said == words[lang]
            checks[lang] = {
                kind: html.unescape(text) for kind, text in re.findall(r'data-check-([a-z_]+)="([^"]*)"', body)
            }
    # The browser's other checks too ("Value must be greater than or equal to 0." on a Vietnamese page): words for
    # each rule, the bounds left for portal.js to name ({min}, {max}), the same in both languages.
    rules = {"email", "url", "pattern", "too_long", "too_short", "number_whole", "number_step"}
    rules |= {
        f"{what}_{rule}" for what in ("number", "date", "time", "datetime") for rule in ("bad", "from", "to", "between")
    }
    assert checks["vi"].keys() == checks["en"].keys() == rules
    assert checks["vi"]["number_from"] == "Hãy nhập số từ {min} trở lên."
    assert checks["vi"]["number_between"] == "Hãy nhập số từ {min} đến {max}."
    assert checks["vi"]["date_from"] == "Hãy nhập ngày từ {min} trở đi."
    assert checks["vi"]["too_long"] == "Tối đa {max} ký tự (ô này đang có {length}): hãy rút bớt."
    assert checks["en"]["email"] == "Enter an e-mail address with an @ and a domain after it, e.g. name@company.vn."
    for rule in rules:
        named = placeholders(checks["vi"][rule])
        assert named == placeholders(checks["en"][rule]) and named <= {"min", "max", "low", "high", "length"}, rule
        assert checks["vi"][rule] != checks["en"][rule], rule
