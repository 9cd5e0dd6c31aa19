"""A staff member's own lists, in the order they read them, without a browser (QA round 3): a shift under way is
coming, not past, and is marked "Đang trực"; today's are marked "Hôm nay"; cancelled shifts come after the live
ones, set apart but still shown; their swap requests list the waiting ones first, then the newest. Roster is
stood in for by httpx.MockTransport, answering `from`, `to` and `ended_by` as roster does (ending after,
starting before, over by) and listing oldest first, or latest first for `order=-starts_at`. One test reads the page in
a browser at a phone's 390×844: the first shift on the first screen (QZ13 #16)."""

from __future__ import annotations

import asyncio
import html
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, Route, expect

import portal
from portal.domain.my_day import live_then_cancelled, timing
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2026, 12, 4, 5, 41, tzinfo=UTC)  # 12:41 on 04/12/2026 in Vietnam
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "anhptn@vnpt-longan.vn",
    "display_name": "Phạm Thị Ngọc Ánh",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",
}


def _shift(shift_id: str, starts: str, ends: str, status: str = "published", *, told: bool = True) -> dict[str, Any]:
    return {
        "published_at": "2026-11-30T02:00:00Z" if told else None,
        "id": shift_id,
        "version": 1,
        "enterprise_id": "e1",
        "campaign_id": "c1",
        "duty_type": "operations",
        "site_id": None,
        "starts_at": starts,
        "ends_at": ends,
        "status": status,
        "notes": f"ca {shift_id}",
        "assignees": [{"staff_id": "s1", "full_name": "Phạm Thị Ngọc Ánh", "checked_in_at": None}],
    }


SHIFTS = [  # oldest first, as roster lists them
    _shift("yesterday", "2026-12-03T01:00:00Z", "2026-12-03T05:00:00Z"),
    # a draft cancelled before it was published (nobody was told of it), over by now
    _shift("dropped-old-draft", "2026-12-03T06:00:00Z", "2026-12-03T08:00:00Z", "cancelled", told=False),
    _shift("morning", "2026-12-04T00:00:00Z", "2026-12-04T03:00:00Z"),  # 07:00-10:00 today: over
    _shift("off", "2026-12-04T04:30:00Z", "2026-12-04T07:30:00Z", "cancelled"),  # 11:30-14:30, cancelled
    _shift("now", "2026-12-04T05:03:00Z", "2026-12-04T07:03:00Z"),  # 12:03-14:03: under way at 12:41
    _shift("dropped-draft", "2026-12-04T08:00:00Z", "2026-12-04T10:00:00Z", "cancelled", told=False),  # 15:00-17:00
    _shift("tonight", "2026-12-04T12:00:00Z", "2026-12-04T15:00:00Z"),  # 19:00-22:00 today
    _shift("tomorrow", "2026-12-04T19:00:00Z", "2026-12-04T22:00:00Z"),  # 02:00-05:00 on 05/12
]


def _swap(swap_id: str, status: str, created: str) -> dict[str, Any]:
    return {
        "id": swap_id,
        "version": 1,
        "shift_id": "tomorrow",
        "enterprise_id": "e1",
        "status": status,
        "from_staff_id": "s1",
        "from_name": "Phạm Thị Ngọc Ánh",
        "to_staff_id": None,
        "to_name": None,
        "reason": f"lý do {swap_id}",
        "decision_note": None,
        "created_at": created,
        "updated_at": created,
        "about": None,
    }


SWAPS = [  # oldest first
    _swap("old-approved", "approved", "2026-11-20T02:00:00Z"),
    _swap("old-waiting", "requested", "2026-11-25T02:00:00Z"),
    _swap("rejected", "rejected", "2026-12-01T02:00:00Z"),
    _swap("withdrawn", "withdrawn", "2026-12-02T02:00:00Z"),
    _swap("just-sent", "requested", "2026-12-04T05:30:00Z"),
]


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _page(items: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _roster(request: httpx.Request) -> httpx.Response:
    path, params = request.url.path, request.url.params
    if (signed_in := sign_in_answer(request, STAFF, PASSWORD)) is not None:
        return signed_in
    if path == "/duty-types":
        return _page([{"key": "operations", "name_vi": "Trực điều hành", "name_en": "Operations"}])
    if path in ("/sites", "/enterprises", "/campaigns"):  # no drills
        return _page([])
    if path == "/shifts":
        found = SHIFTS
        if "from" in params:  # roster: shifts ending after this instant
            found = [s for s in found if _instant(s["ends_at"]) > _instant(params["from"])]
        if "to" in params:  # roster: shifts starting before this instant
            found = [s for s in found if _instant(s["starts_at"]) < _instant(params["to"])]
        if "ended_by" in params:  # roster: shifts over by this instant
            found = [s for s in found if _instant(s["ends_at"]) <= _instant(params["ended_by"])]
        if "ever_published" in params:  # roster: shifts published at some time (true) or never (false)
            told = params["ever_published"] == "true"
            found = [s for s in found if (s["published_at"] is not None) == told]
        if params.get("order") == "-starts_at":
            found = list(reversed(found))
        return _page(found)
    if path == "/swaps":
        return _page([s for s in SWAPS if params.get("status") in (None, s["status"])])
    if path == "/early-leaves" or path.endswith("/swap-candidates"):  # “Tôi cần về sớm”'s form (QZ29 #8): none
        return _page([])
    return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})


async def _get(*paths: str) -> list[httpx.Response]:
    async with signed_in_portal(_roster, STAFF["login"], PASSWORD, now=NOW) as client:
        return [await client.get(path) for path in paths]


def _cards(markup: str, kind: str) -> list[str]:
    return re.findall(rf'<article class="card {kind}[^"]*" id="[a-z]+-([^"]+)"', markup)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


async def test_a_shift_under_way_is_coming_and_on_duty_and_cancelled_ones_come_after_the_live_ones() -> None:
    coming, past = await _get("/me/shifts", "/me/shifts?when=past")
    assert coming.status_code == past.status_code == 200, (coming.text, past.text)
    assert _cards(coming.text, "shift-card") == ["now", "tonight", "tomorrow", "off"]
    assert _cards(past.text, "shift-card") == ["morning", "yesterday"]  # newest first, the one under way not there
    now = present(re.search(r'<article[^>]*id="shift-now".*?</article>', coming.text, re.S)).group(0)
    assert 'data-timing="on_duty"' in now and "Đang trực" in _text(now)
    tonight = present(re.search(r'<article[^>]*id="shift-tonight".*?</article>', coming.text, re.S)).group(0)
    assert "Hôm nay" in _text(tonight) and "Đang trực" not in _text(tonight)
    tomorrow = present(re.search(r'<article[^>]*id="shift-tomorrow".*?</article>', coming.text, re.S)).group(0)
    assert "Hôm nay" not in _text(tomorrow) and "data-timing" not in tomorrow
    # The cancelled one is still shown, as cancelled, under a heading of its own after the live ones.
    text = _text(coming.text)
    assert text.index("Ca đã hủy") > text.index("ca tomorrow")
    off = present(re.search(r'<article[^>]*id="shift-off".*?</article>', coming.text, re.S)).group(0)
    assert "Đã hủy" in _text(off) and "data-timing" not in off and "<h4>" in off
    assert "Đang trực" not in _text(past.text) and "Hôm nay" not in _text(past.text)


async def test_a_draft_cancelled_before_it_was_published_is_no_cancelled_shift_of_theirs() -> None:
    """QA: a draft the manager cancelled before publishing it showed under "Ca đã hủy", though the person was
    never told of it (their calendar feed, following the events, leaves it out). The lists ask roster for the
    shifts the person was told of (`ever_published`): such a draft is in neither; a shift cancelled after it
    was published still is, under "Ca đã hủy"."""
    coming, past = await _get("/me/shifts", "/me/shifts?when=past")
    assert coming.status_code == past.status_code == 200, (coming.text, past.text)
    assert "dropped" not in coming.text and "dropped" not in past.text
    cancelled = present(re.search(r'<section class="cancelled-shifts".*?</section>', coming.text, re.S)).group(0)
    assert _cards(cancelled, "shift-card") == ["off"]


async def test_my_swap_requests_list_the_waiting_ones_first_then_the_newest() -> None:
    (swaps,) = await _get("/me/swaps")
    assert swaps.status_code == 200, swaps.text
    assert _cards(swaps.text, "swap-card") == ["just-sent", "old-waiting", "withdrawn", "rejected", "old-approved"]
    (two, rest) = await _get("/me/swaps?limit=2", "/me/swaps?limit=2&cursor=2")
    assert _cards(two.text, "swap-card") == ["just-sent", "old-waiting"]
    assert "Mục 1–2 trong 5 mục" in _text(two.text) and 'href="/me/swaps?limit=2&amp;cursor=2"' in two.text
    assert _cards(rest.text, "swap-card") == ["withdrawn", "rejected"]


def test_timing_and_order_in_words_of_the_domain() -> None:
    def at(hour: int, minute: int = 0) -> datetime:  # UTC on 04/12, i.e. 7 hours later in Vietnam
        return datetime(2026, 12, 4, hour, minute, tzinfo=UTC)

    assert timing(starts_at=at(5), ends_at=at(7), status="published", now=at(5, 41)) == "on_duty"
    assert timing(starts_at=at(5), ends_at=at(7), status="cancelled", now=at(5, 41)) == ""
    assert timing(starts_at=at(12), ends_at=at(15), status="published", now=at(5, 41)) == "today"
    # 17:30 UTC is 00:30 on 05/12 in Vietnam: not today, though it is the same day in UTC.
    assert timing(starts_at=at(17, 30), ends_at=at(20), status="published", now=at(5, 41)) == ""
    assert timing(starts_at=at(1), ends_at=at(3), status="published", now=at(5, 41)) == ""  # over

    class S:
        def __init__(self, name: str, hour: int, status: str) -> None:
            self.name, self.starts_at, self.status = name, at(hour), status

    order = live_then_cancelled([S("a", 4, "cancelled"), S("b", 6, "published"), S("c", 5, "checked_in")])
    assert [s.name for s in order] == ["c", "b", "a"]


def _first_screen_page(lang: str) -> str:
    """/me/shifts on a test clock for a person whose password an administrator set (both banners shown), rendered in
    a thread of its own (Playwright's sync API holds this thread's event loop)."""
    told = {**STAFF, "secret_from_admin": True}

    def roster(request: httpx.Request) -> httpx.Response:
        return sign_in_answer(request, told, PASSWORD) or _roster(request)

    async def render() -> str:
        async with signed_in_portal(roster, STAFF["login"], PASSWORD, now=NOW, lang=lang, test_clock=True) as client:
            page = await client.get("/me/shifts")
            assert page.status_code == 200, page.text
            return page.text

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, render()).result()


STATIC = Path(portal.__file__).parent / "static"


def _show(page: Page, markup: str) -> None:
    """`markup` as the page at /me/shifts, the portal's own styles served beside it."""

    def static(route: Route) -> None:
        route.fulfill(path=str(STATIC / route.request.url.split("/static/", 1)[1]))

    page.route("http://portal.test/static/**", static)
    page.route("http://portal.test/me/shifts", lambda route: route.fulfill(body=markup, content_type="text/html"))
    page.goto("http://portal.test/me/shifts")


def test_on_a_phone_each_banner_is_one_line_and_todays_shift_starts_on_the_first_screen(browser) -> None:
    """QZ13 #16: at 390 px the header, the test clock's banner (three lines) and the password one (three more) filled
    about half the screen, today's shift below the fold. On a phone each banner is one short line (its link kept);
    the first card starts within the first 844 px. A wide screen keeps the whole sentences."""
    for lang, clock_words, password_words, wide_words, menu_link, password_link in (
        (
            "vi",
            "Đồng hồ thử nghiệm: 12:41 04/12 — không phải giờ thật.",
            "Mật khẩu do quản trị đặt. Đổi mật khẩu ngay",
            "Đây không phải giờ thật — hệ thống đang chạy theo đồng hồ này",
            "Lịch của tôi",
            "Đổi mật khẩu",
        ),
        (
            "en",
            "Test clock: 12:41 4 Dec — not the real time.",
            "Password set by an administrator. Change it now",
            "This is not the real time — the system runs on this clock",
            "My calendar",
            "Change password",
        ),
    ):
        markup = _first_screen_page(lang)
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
        try:
            page = context.new_page()
            _show(page, markup)
            clock, password = page.locator("#test-clock"), page.locator("#password-from-admin")
            assert clock.inner_text() == clock_words
            assert " ".join(password.inner_text().split()) == password_words
            assert password.get_by_role("link").get_attribute("href") == "/account/password"
            for banner, has_link in ((clock, False), (password, True)):  # one line: no taller than its line and padding
                line = float(
                    banner.evaluate(
                        "e => parseFloat(getComputedStyle(e).lineHeight) || 1.2 * parseFloat(getComputedStyle(e).fontSize)"
                    )
                )
                # the password's line holds its link, a finger's 44 px high on a phone (QZ29 #3): two lines would be
                # that and a line more
                tallest = 44 + line / 2 if has_link else 2 * line
                box = banner.bounding_box()
                assert box is not None and box["height"] < tallest, (lang, box, line)
            card = page.locator("article.card").first.bounding_box()
            assert card is not None and card["y"] < 844 - 40, card  # its heading line on the first screen
            # P7: the header alone was 218 px (the five links unfolded, the name and role, three links under it), the
            # first card at y=475; now two rows, the menu folded behind its toggle: 104 px, the card at y=361 — and at
            # y=387 since the password's link and the tabs are a finger's 44 px high (QZ29 #3)
            header = page.locator("header.top").bounding_box()
            assert header is not None and header["height"] <= 110, header
            assert card["y"] <= 395, card
            nav = page.locator("header.top nav")
            expect(nav.get_by_role("link", name=menu_link)).to_be_hidden()
            page.locator("details.menu > summary").click()  # opened without script: <details>
            expect(nav.get_by_role("link", name=menu_link)).to_be_visible()
            expect(nav.get_by_role("link", name=password_link)).to_be_visible()  # the account page, in the list
            name = page.locator("header.top .name")  # the name shortened (no role), whole for a screen reader
            assert name.inner_text() == STAFF["display_name"]
            expect(name).to_match_aria_snapshot(f"- text: {STAFF['display_name']}")
            # QZ24 #2: a 1366 × 768 laptop at 200 % zoom (683 × 384 CSS px) has the phone's one-line banners and
            # folded menu: the header and both banners within the first third of the screen, the header one row
            page.set_viewport_size({"width": 683, "height": 384})
            for banner in (clock, password):
                box = banner.bounding_box()
                assert box is not None and box["height"] < 40, (lang, box)
            top = page.evaluate("document.getElementById('main').getBoundingClientRect().top")
            assert top <= 384 / 3, (lang, top)
            expect(page.locator("details.menu > summary")).to_be_visible()
            page.set_viewport_size({"width": 1280, "height": 800})  # a wide screen: the whole sentences
            expect(clock).to_contain_text(wide_words)
        finally:
            context.close()
