"""The staff member's swap form without a browser: the shift it is about is shown without the shift card's
own buttons (the form is the way to ask; "Đổi ca" twice was one too many), and asking again for a shift
whose request still waits says so and offers to withdraw that request there (roster's `one-open-swap`
names it; the portal's existing withdraw, at the version read). Roster is stood in for by
httpx.MockTransport."""

from __future__ import annotations

import html
import itertools
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import refused_and_shown, sign_in_answer
from .refusals import one_alert

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 1, 2, tzinfo=UTC)
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "anhptn@vnpt-longan.vn",
    "display_name": "Phạm Thị Ngọc Ánh",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",
}
SHIFT = {
    "id": "h1",
    "version": 2,
    "enterprise_id": "e1",
    "campaign_id": "c1",
    "duty_type": "operations",
    "site_id": None,
    "starts_at": "2027-02-05T11:00:00Z",
    "ends_at": "2027-02-05T23:00:00Z",
    "status": "published",
    "notes": None,
    "assignees": [{"staff_id": "s1", "full_name": "Phạm Thị Ngọc Ánh", "checked_in_at": None}],
}
WAITING = {
    "id": "w1",
    "version": 3,
    "shift_id": "h1",
    "enterprise_id": "e1",
    "status": "requested",
    "from_staff_id": "s1",
    "from_name": "Phạm Thị Ngọc Ánh",
    "to_staff_id": "s4",
    "to_name": "Đặng Văn Bảo",
    "reason": "Về quê",
    "decision_note": None,
    "created_at": "2027-01-31T02:00:00Z",
    "updated_at": "2027-01-31T02:00:00Z",
    "about": None,
}
BESIDE = {
    "staff_id": "s9",
    "full_name": "Trần Thị Hoa",
    "duty_type": "leadership",
    "starts_at": "2027-02-05T11:00:00Z",
    "ends_at": "2027-02-05T23:00:00Z",
    "phone": "0903 456 789",
}


def _page(items: list[dict]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """Roster as the swap form reads it; a second request for h1 is refused naming the waiting one."""

    def __init__(self) -> None:
        self.waiting = dict(WAITING)
        self.writes: list[tuple[str, str, str | None]] = []
        self.beside_asked: list[list[str]] = []
        self.candidates: list[dict[str, Any]] = [{"id": "s4", "full_name": "Đặng Văn Bảo", "shared_shift": True}]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (signed_in := sign_in_answer(request, STAFF, PASSWORD)) is not None:
            return signed_in
        if method == "POST":
            self.writes.append((method, path, request.headers.get("If-Match")))
        if path == "/duty-types":
            return _page(
                [
                    {"key": "operations", "name_vi": "Vận hành", "name_en": "Operations"},
                    {"key": "leadership", "name_vi": "Trực lãnh đạo", "name_en": "Leadership duty"},
                ]
            )
        if path in ("/sites", "/swaps", "/campaigns"):  # no drills
            return _page([])
        if path == "/enterprises":
            return _page([{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}])
        if path == "/shifts/on-duty-beside":  # who else is on duty during h1: the duty leader, with her phone
            self.beside_asked.append(request.url.params.get_list("shift_id"))
            return httpx.Response(200, json={"shifts": [{"shift_id": "h1", "people": [BESIDE]}]})
        if path == "/shifts/h1":
            return httpx.Response(200, json=SHIFT)
        if path == "/shifts/h1/swap-candidates":
            return _page(self.candidates)
        if path == "/shifts/h1/swaps" and method == "POST":
            said = "Swap request w1 for this person and shift is still open: wait for the manager's decision."
            error = {"field": "from_staff_id", "rule": "one-open-swap", "message": said, "swap_id": "w1"}
            body = {"type": "https://lichtruc.example/problems/one-open-swap", "status": 409, "detail": said}
            return httpx.Response(409, json={**body, "swap_id": "w1", "errors": [error]})
        if path == "/swaps/w1" and method == "GET":
            return httpx.Response(200, json=self.waiting)
        if path == "/swaps/w1/withdraw":
            return httpx.Response(200, json={**self.waiting, "status": "withdrawn", "version": 4})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


def _csrf(markup: str) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', markup)).group(1)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


async def _session(roster: Roster) -> tuple[Any, httpx.AsyncClient]:
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster))
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p")
    return app, client


async def _signed_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    done = await client.post(
        "/login", data={"login": STAFF["login"], "password": PASSWORD, "csrf_token": _csrf(page.text)}
    )
    assert done.status_code == 303


async def test_the_swap_form_shows_its_shift_without_the_cards_buttons() -> None:
    roster = Roster()
    app, client = await _session(roster)
    async with app.router.lifespan_context(app), client:
        await _signed_in(client)
        form = await client.get("/me/shifts/h1/swap")
    assert form.status_code == 200, form.text
    card = present(re.search(r'<article class="card shift-card".*?</article>', form.text, re.S)).group(0)
    assert "Vận hành" in _text(card)  # the shift is there
    assert 'href="/me/shifts/h1/swap"' not in card and "<button" not in card and "<form" not in card
    assert _text(form.text).count("Đổi ca") <= 1 and 'href="/me/shifts/h1/swap"' not in form.text
    assert "Gửi yêu cầu đổi ca" in _text(form.text)  # the form's own button, once
    # who else is on duty meanwhile, as the card on "Ca trực của tôi" says it: whom the person would leave on with
    assert "Trực lãnh đạo: Trần Thị Hoa, 0903 456 789" in _text(card) and "Cùng trực (1 người)" in _text(card)
    assert 'href="tel:0903456789"' in card and roster.beside_asked == [["h1"]]


async def test_colleagues_of_one_name_are_told_apart_by_their_phones_end_else_a_hidden_e_mail() -> None:
    """QA (round 8): three choices read "Ưng Thị Ý" alike. Roster gives a colleague no phone or e-mail, only their
    phone's last three digits and their e-mail partly hidden: said beside those who share a name (case aside)."""
    roster = Roster()
    roster.candidates = [
        {"id": "s5", "full_name": "ƯNG THỊ Ý", "shared_shift": True, "phone_end": "678", "email_hint": "y…g@x.vn"},
        {"id": "s6", "full_name": "Ưng Thị Ý", "shared_shift": False, "phone_end": None, "email_hint": "u…y@x.vn"},
        {"id": "s7", "full_name": "Ưng Thị Ý", "shared_shift": False},
        {"id": "s8", "full_name": "Ung Thị Ý", "shared_shift": False, "phone_end": "111"},  # "Ung" is no "Ưng"
    ]
    app, client = await _session(roster)
    async with app.router.lifespan_context(app), client:
        await _signed_in(client)
        said = {}
        for lang in ("vi", "en"):
            await client.get(f"/lang/{lang}")
            form = await client.get("/me/shifts/h1/swap")
            assert form.status_code == 200, form.text
            said[lang] = [_text(o) for o in re.findall(r'<option value="s\d">(.*?)</option>', form.text, re.S)]
    assert said == {
        "vi": ["ƯNG THỊ Ý (SĐT đuôi 678)", "Ưng Thị Ý (email u…y@x.vn)", "Ưng Thị Ý", "Ung Thị Ý"],
        "en": ["ƯNG THỊ Ý (phone ending 678)", "Ưng Thị Ý (e-mail u…y@x.vn)", "Ưng Thị Ý", "Ung Thị Ý"],
    }


async def test_asking_again_offers_to_withdraw_the_waiting_request_at_its_version() -> None:
    roster = Roster()
    app, client = await _session(roster)
    async with app.router.lifespan_context(app), client:
        await _signed_in(client)
        form = await client.get("/me/shifts/h1/swap")
        refused, again = await refused_and_shown(
            client,
            "/me/shifts/h1/swap",
            {"to_staff_id": "s4", "reason": "Về quê ăn Tết", "csrf_token": _csrf(form.text)},
            to="/me/shifts/h1/swap",  # the form's own page, not the POST's answer: a reload never asks again
        )
        assert refused.status_code == 409
        one_alert(refused.text)  # the refusal said once, at the top (QA Z17)
        assert '<option value="s4" selected>' in refused.text and "Về quê ăn Tết</textarea>" in refused.text
        # Shown once: the page again is the form as it is, nothing refused, nothing typed.
        assert again.status_code == 200 and "/me/swaps/w1/withdraw" not in again.text
        assert "Bạn đã có một yêu cầu đổi ca đang chờ duyệt" not in _text(again.text)
        assert "Về quê ăn Tết" not in again.text and "selected>" not in again.text
        said = _text(refused.text)
        assert "Bạn đã có một yêu cầu đổi ca đang chờ duyệt cho ca này." in said
        assert "Yêu cầu đang chờ duyệt cho ca này: gửi cho Đặng Văn Bảo lúc 09:00 31/01/2027" in said
        withdraw = present(
            re.search(r'<form method="post" action="/me/swaps/w1/withdraw".*?</form>', refused.text, re.S)
        ).group(0)
        assert 'name="version" value="3"' in withdraw and "Rút yêu cầu đang chờ" in _text(withdraw)
        assert "data-confirm=" in withdraw
        # Sent unanswered (a client that skips the box's `required`): refused beside the box, nothing withdrawn.
        unasked, again = await refused_and_shown(
            client,
            "/me/swaps/w1/withdraw",
            {"version": "3", "csrf_token": _csrf(withdraw)},
            to="/me/swaps?status=requested#swap-w1",  # the waiting requests, at this one
        )
        assert unasked.status_code == 422
        assert not [w for w in roster.writes if w[1] == "/swaps/w1/withdraw"]
        assert "Chưa thực hiện vì chưa được xác nhận" in _text(unasked.text)
        assert again.status_code == 200 and "Chưa thực hiện vì chưa được xác nhận" not in _text(again.text)
        done = await client.post(
            "/me/swaps/w1/withdraw",
            data={"version": "3", "confirmed": "yes", "csrf_token": _csrf(withdraw)},
            follow_redirects=False,
        )
    assert done.status_code == 303 and done.headers["location"] == "/me/swaps?done=swap_withdrawn"
    assert ("POST", "/swaps/w1/withdraw", '"3"') in roster.writes


async def test_a_refusal_of_another_kind_offers_no_withdrawal() -> None:
    roster = Roster()
    roster.waiting = {**WAITING, "status": "approved"}  # decided meanwhile: nothing left to withdraw
    app, client = await _session(roster)
    async with app.router.lifespan_context(app), client:
        await _signed_in(client)
        form = await client.get("/me/shifts/h1/swap")
        data = {"to_staff_id": "", "csrf_token": _csrf(form.text)}
        refused, _ = await refused_and_shown(client, "/me/shifts/h1/swap", data, to="/me/shifts/h1/swap")
    assert refused.status_code == 409
    assert "/me/swaps/w1/withdraw" not in refused.text and "Rút yêu cầu đang chờ" not in _text(refused.text)


class Listing(Roster):
    """Roster with the waiting request of h1 in the person's list of swaps."""

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/swaps":
            return _page([self.waiting])
        return await super().__call__(request)


def _heading_levels(markup: str) -> list[int]:
    """The levels of the page's headings, in order, from the <main> (the header's menu has none)."""
    main = present(re.search(r"<main\b.*?</main>", markup, re.S)).group(0)
    return [int(n) for n in re.findall(r"<h([1-6])\b", main)]


async def test_the_swap_pages_headings_go_down_one_level_at_a_time() -> None:
    """QA: /me/swaps and the swap form went from the page's h1 straight to an h3 for each shift, so a screen
    reader's list of headings had a level missing."""
    app, client = await _session(Listing())
    async with app.router.lifespan_context(app), client:
        await _signed_in(client)
        pages = {path: await client.get(path) for path in ("/me/swaps", "/me/shifts/h1/swap")}
    for path, page in pages.items():
        assert page.status_code == 200, (path, page.text)
        levels = _heading_levels(page.text)
        assert levels[0] == 1 and len(levels) > 1, (path, levels)  # the page's title, then a shift's
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
