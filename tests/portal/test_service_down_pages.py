"""A service that does not answer, as the portal says it without a browser (QA 2026-12-06: with audit stopped, the
inspector's whole area was one error page whose only link led back to it). The page offers the same address again,
names the person's pages that work without that service, and sends nobody "back" to a start page that needs it; the
inspector's own start page leads on to the inspection plans, saying why at their top; a form sent to a service that
could not be reached is said not sent. Roster is stood in for by httpx.MockTransport; audit and notifier refuse
every connection."""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus

import httpx

from lichtruc.problems import database_unavailable_problem
from portal.app import create_app
from portal.domain.areas import may_open
from portal.domain.navigation import CREATED_IN, NEEDS, where_created
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import CAMPAIGN, INSPECTOR, PASSWORD

NOW = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 on mùng 2 Tết
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "hoalt@vnpt-longan.vn",
    "display_name": "Lê Thị Hoa",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",
}


def _services(account: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    """Roster answering sign-in and empty lists; audit and notifier refusing every connection."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "roster":
            raise httpx.ConnectError("connection refused", request=request)
        if (signed := sign_in_answer(request, account, PASSWORD)) is not None:
            return signed
        listed = {
            "/inspections": [],
            "/campaigns": [CAMPAIGN],
            "/enterprises": [{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}],
        }
        if request.url.path == "/staff/s1":
            return httpx.Response(200, json={"id": "s1", "full_name": "Lê Thị Hoa", "enterprise_id": "e1"})
        if request.method == "GET":  # every other list roster has: empty
            items = listed.get(request.url.path, [])
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {request.url.path}"})

    return answer


def _still_open(page: httpx.Response) -> list[tuple[str, str]]:
    listed = re.search(r'<ul class="still-open">(.*?)</ul>', page.text, re.S)
    assert listed is not None, page.text
    return [(href, html.unescape(words)) for href, words in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed[1])]


def _main(page: httpx.Response) -> str:
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', page.text, re.S)
    assert main is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main[1])).split())


async def test_an_inspector_with_audit_down_is_offered_the_same_page_again_and_the_pages_that_work() -> None:
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW, lang="en") as client:
        page = await client.get("/inspect/on-duty?at=2027-02-07T10:00")
        assert page.status_code == 503 and page.headers["retry-after"]
        said = _main(page)
        assert "The portal cannot reach the audit service." in said
        assert '<a href="/inspect/on-duty?at=2027-02-07T10:00">Try this page again</a>' in page.text
        assert _still_open(page) == [
            ("/inspect/inspections", "Inspection plans"),
            ("/account/password", "Change password"),
        ]
        assert "These pages work without the audit service:" in said
        # the start page is the heatmap, which needs audit too: no way "back" to it
        assert "Back to the start page" not in said and '<a href="/">' not in _main_markup(page)

        # the start page itself (where signing in and "/" lead) is no error page: the plans, saying why at their top
        landing = await client.get("/inspect/heatmap?day=2027-02-07")
        assert landing.status_code == 303
        assert landing.headers["location"] == (
            "/inspect/inspections?unavailable=audit&failed=%2Finspect%2Fheatmap%3Fday%3D2027-02-07"
        )
        plans = await client.get(landing.headers["location"])
        assert plans.status_code == 200
        said = _main(plans)
        # QZ22 #6: the page says which page could not be opened, and links that page again, not the start page
        assert said.startswith(
            "A service is not answering The page “Coverage map” could not be opened, so you were brought to this page"
            " instead. The portal cannot reach the audit service."
        )
        assert '<a href="/inspect/heatmap?day=2027-02-07">Try this page again</a>' in plans.text
        assert "Try the start page again" not in said
        # the page itself not linked again, but listed among those that work (QZ23 #9: "Change password" alone read
        # as the one page left)
        assert _still_open(plans) == [("/account/password", "Change password")]
        assert "These pages work without the audit service: Inspection plans (this page) Change password" in said
        assert '<span aria-current="page">Inspection plans</span>' in plans.text
        assert "A service is not answering" not in _main(await client.get("/inspect/inspections"))

        # only a page of the portal's own, one the inspector may open, is linked again: never another site
        for failed in (
            "https://evil.example/inspect/heatmap",
            "//evil.example/inspect/heatmap",
            "/\\evil.example",
            "/not-a-page",
            "/manage/board",  # the portal's, not an inspector's
        ):
            sent_on = await client.get("/inspect/inspections", params={"unavailable": "audit", "failed": failed})
            markup = _main_markup(sent_on)
            assert "evil.example" not in markup and f'href="{html.escape(failed)}"' not in markup, failed
            assert '<a href="/">Try the start page again</a>' in markup and 'id="failed-page"' not in markup, failed


async def test_the_inspectors_incidents_with_audit_down_name_the_page_and_link_only_pages_an_inspector_opens() -> None:
    # QZ22 #5: audit holds the province's incident list (its times to respond and restore): the page cannot be drawn
    # without it, and says which page failed and which of the inspector's own pages still work — not the manager's
    # /incidents, which roster draws but an inspector may not open
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW) as client:
        for path, words in (("/inspect/incidents", "Sự cố"), ("/inspect/incidents/i1", "Sự cố")):
            page = await client.get(path)
            assert page.status_code == 503
            said = _main(page)
            assert said.startswith(
                f"Dịch vụ tạm thời không trả lời Trang “{words}” chưa mở được lúc này."
                " Không liên lạc được với hệ thống lưu vết và đối soát."
            ), said
            assert f'<a href="{path}">Thử lại trang này</a>' in page.text
            assert _still_open(page) == [
                ("/inspect/inspections", "Kế hoạch kiểm tra"),
                ("/account/password", "Đổi mật khẩu"),
            ]
            linked = re.findall(r'href="([^"]+)"', _main_markup(page))
            assert linked and all(may_open("inspector", href) for href in linked), linked
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW, lang="en") as client:
        said = _main(await client.get("/inspect/incidents"))
        assert "The page “Incidents” cannot be opened just now. The portal cannot reach the audit service." in said


async def test_the_heatmap_with_audit_down_is_named_and_linked_again_in_vietnamese() -> None:
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW) as client:
        plans = await client.get("/inspect/heatmap", follow_redirects=True)
        assert str(plans.url).endswith("/inspect/inspections?unavailable=audit&failed=%2Finspect%2Fheatmap")
        said = _main(plans)
        assert "Chưa mở được trang “Bản đồ phủ trực”, nên bạn được chuyển sang trang này." in said
        assert '<a href="/inspect/heatmap">Thử lại trang này</a>' in plans.text
        assert "Thử mở lại trang chính" not in said


def _main_markup(page: httpx.Response) -> str:
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', page.text, re.S)
    assert main is not None
    return main[1]


async def test_duty_staff_with_notifier_down_keep_their_start_page_and_a_form_is_said_not_sent() -> None:
    async with signed_in_portal(_services(STAFF), STAFF["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/calendar")
        assert page.status_code == 503
        assert '<a href="/me/calendar">Thử lại trang này</a>' in page.text
        assert ("/me/shifts", "Ca trực của tôi") in _still_open(page)
        assert ("/me/calendar", "Lịch của tôi") not in _still_open(page)
        assert '<a href="/">Về trang chính</a>' in page.text  # their start page works without notifier

        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        sent = await client.post("/me/calendar", data={"csrf_token": csrf[1]})
        assert sent.status_code == 503
        said = _main(sent)
        assert "Biểu mẫu chưa được gửi đi: không liên lạc được với hệ thống lịch và nhắc việc" in said
        assert "Thử lại trang này" not in said  # a form's address is no page to open again


MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",  # linked to his own staff record: his shifts, calendar and reminders in his menu
}


def _roster_stops(account: dict[str, Any]) -> tuple[Callable[[httpx.Request], httpx.Response], Callable[[], None]]:
    """`_services`, and a switch that stops roster too (after signing in)."""
    answer, stopped = _services(account), [False]

    def maybe(request: httpx.Request) -> httpx.Response:
        if stopped[0]:
            raise httpx.ConnectError("connection refused", request=request)
        return answer(request)

    return maybe, lambda: stopped.__setitem__(0, True)


async def test_with_roster_down_no_page_is_offered_as_working_and_each_page_says_so_once() -> None:
    # QA 2026-12-06 (rdown2_anhptn_me_shifts): the start page led on to the password page, itself the error page
    # (the password is changed in roster), with the error said twice
    answer, stop = _roster_stops(STAFF)
    async with signed_in_portal(answer, STAFF["login"], PASSWORD, now=NOW) as client:
        stop()
        for path in ("/me/shifts", "/account/password", "/account/password?unavailable=roster", "/incidents"):
            page = await client.get(path)
            assert page.status_code == 503, path
            said = _main(page)
            assert said.count("Dịch vụ tạm thời không trả lời") == 1, said
            assert said.count("Không liên lạc được với hệ thống lịch trực.") == 1, said
            offered = said.replace("Trang “Đổi mật khẩu” chưa mở được lúc này.", "")  # the page itself, named
            assert '<ul class="still-open">' not in page.text and "Đổi mật khẩu" not in offered
            assert "Lúc này chưa trang nào dùng được; hãy thử lại sau ít phút." in said
            assert f'<a href="{path.replace("&", "&amp;")}">Thử lại trang này</a>' in page.text
        home = await client.get("/")  # led on to no page: every one needs roster
        assert home.status_code == 503 and "Lúc này chưa trang nào dùng được" in _main(home)


async def test_signing_in_with_roster_down_gives_the_sign_in_form_again_saying_why() -> None:
    answer, stop = _roster_stops(STAFF)
    async with signed_in_portal(answer, STAFF["login"], PASSWORD, now=NOW) as client:
        stop()
        client.cookies.clear()
        form = await client.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf is not None
        sent = {"login": STAFF["login"], "password": PASSWORD, "csrf_token": csrf[1], "next": "/me/shifts"}
        page = await client.post("/login", data=sent)
        assert page.status_code == 503 and page.headers["retry-after"]
        said = _main(page)
        refused = "Chưa đăng nhập được lúc này: hệ thống lịch trực không trả lời. Hãy nhập lại mật khẩu và thử lại"
        assert refused in said
        assert "Biểu mẫu chưa được gửi đi" not in said and "Dịch vụ tạm thời không trả lời" not in said
        assert (
            f'value="{STAFF["login"]}"' in page.text and PASSWORD not in page.text
        )  # the login kept, never the password
        assert '<form method="post" action="/login"' in page.text and 'name="next" value="/me/shifts"' in page.text


async def test_a_manager_linked_to_his_staff_record_is_offered_his_own_pages_with_audit_down() -> None:
    # QA 2026-12-06 (adown_mgr_inspect_on-duty): "Ca trực của tôi" worked, but was not listed
    async with signed_in_portal(_services(MANAGER), MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/inspect/on-duty")
        assert page.status_code == 503
        listed = {href for href, _ in _still_open(page)}
        assert {"/manage/board", "/me/shifts", "/me/calendar", "/me/reminders", "/account/password"} <= listed
        assert ("/me/shifts", "Ca trực của tôi") in _still_open(page)
        assert "/inspect/on-duty" not in listed


async def test_the_audit_service_is_named_in_vietnamese_apart_from_the_inspection_plans_page() -> None:
    # QA 2026-12-06 (adown_thanh.tra_inspect_gaps): "hệ thống kiểm tra" down, beside "Kiểm tra" listed as working
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW) as client:
        said = _main(await client.get("/inspect/gaps"))
        assert "Không liên lạc được với hệ thống lưu vết và đối soát." in said
        assert "Các trang sau vẫn dùng được khi không có hệ thống lưu vết và đối soát:" in said
        assert "kiểm tra" not in said.split("Các trang sau")[0].lower()
        # QZ23 #9: the plans, which need no audit, listed by the name the menu and the page give them
        page = await client.get("/inspect/gaps")
        assert _still_open(page) == [
            ("/inspect/inspections", "Kế hoạch kiểm tra"),
            ("/account/password", "Đổi mật khẩu"),
        ]
        menu = re.search(r'<nav[^>]*aria-label="Điều hướng chính".*?</nav>', page.text, re.S)
        assert menu is not None and '<a href="/inspect/inspections"' in menu[0], page.text
        assert re.search(r'<a href="/inspect/inspections"[^>]*>Kế hoạch kiểm tra</a>', menu[0]), menu[0]
        sent_on = await client.get("/inspect/heatmap", follow_redirects=True)
        assert "Kế hoạch kiểm tra (trang này) Đổi mật khẩu" in _main(sent_on)
        assert re.search(r"<h1>Kế hoạch kiểm tra</h1>", sent_on.text)


DOWN_LINE = re.compile(r'id="kept-after-expiry">(.*?)</div>', re.S)


class Failing:
    """Roster answering sign-in, its one enterprise and empty lists — and, while `mode` says so, every write
    (`"503"`: PostgreSQL down, as roster answers it; `"stall"`: no answer in time) and audit's every read ("503")."""

    def __init__(self, account: dict[str, Any]) -> None:
        self.account, self.mode, self.writes = account, "", 0
        self.searched: list[str] = []  # the names the staff list was searched for

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, self.account, PASSWORD)) is not None:
            return signed
        down = database_unavailable_problem()
        if self.mode == "503" and (request.method != "GET" or request.url.host == "audit"):
            return httpx.Response(503, json=down.body(request.url.path), headers=down.headers)
        if self.mode == "stall" and request.method != "GET":
            self.writes += 1
            raise httpx.ReadTimeout("roster did not answer in time", request=request)
        if request.url.path == "/staff" and "q" in request.url.params:
            self.searched.append(request.url.params["q"])
        items = (
            [{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}] if request.url.path == "/enterprises" else []
        )
        if request.url.path == "/campaigns":
            items = [CAMPAIGN]
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


async def _typed_and_sent(client: httpx.AsyncClient, typed: dict[str, Any]) -> httpx.Response:
    drawn = await client.get("/manage/staff/new")
    sent = {
        name: re.search(rf'name="{name}" value="([^"]*)"', drawn.text)
        for name in ("csrf_token", "form_key", "form_from")
    }
    return await client.post("/manage/staff", data={n: html.unescape(m[1]) for n, m in sent.items() if m} | typed)


async def test_postgresql_down_is_the_service_not_answering_and_what_was_typed_is_kept_for_its_form() -> None:
    """QA: with roster's PostgreSQL down, a manager's save read "refused … check the address or what was entered"
    with roster's "try again in 1 second" and (in English) "/readyz"; the inspector's gaps the same. Now it is the page
    of a service not answering: nothing asked of the person, "in a minute", and for a form, that it was not saved,
    its page as a link, where what was typed is given back."""
    roster = Failing(MANAGER)
    typed = {"enterprise_id": "e1", "full_name": "Nguyễn Thị Thử Nghiệm", "phone": "0913 555 301"}
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        roster.mode = "503"
        sent = await _typed_and_sent(client, typed)
        assert sent.status_code == 503 and sent.headers["retry-after"] == "1"
        said = _main(sent)
        assert said.startswith("Dịch vụ tạm thời không trả lời Biểu mẫu chưa được lưu: lúc này hệ thống lịch trực"), (
            said
        )
        assert "(quá tải, hoặc đang kết nối lại cơ sở dữ liệu), nên không có gì thay đổi." in said
        assert "Hãy thử lại sau ít phút: mở trang của biểu mẫu rồi gửi lại." in said
        assert "Những gì bạn đã nhập được giữ lại trong biểu mẫu ở trang đó." in said
        assert '<a href="/manage/staff/new">Mở trang “Nhân sự”</a>' in sent.text
        for wrong in ("từ chối", "kiểm tra lại", "1 giây", "readyz", "Không thực hiện được", "Thử lại trang này"):
            assert wrong not in said, wrong
        roster.mode = ""  # the database back: the form's page gives back what was typed, saying why, once
        back = await client.get("/manage/staff/new")
        assert back.status_code == 200 and 'value="Nguyễn Thị Thử Nghiệm"' in back.text
        line = html.unescape(present(DOWN_LINE.search(back.text)).group(1))
        assert line.startswith("Biểu mẫu “Thêm cán bộ” chưa được lưu: hệ thống lịch trực đã không trả lời khi nhận."), (
            line
        )
        assert "Thử Nghiệm" not in (await client.get("/manage/staff/new")).text

        roster.mode = "503"
        await client.get("/lang/en")
        page = await client.get("/inspect/gaps")  # a page: the same page again, and the pages that work
        assert page.status_code == 503 and page.headers["retry-after"] == "1"
        said = _main(page)
        assert "Just now the audit service cannot take requests (overloaded, or reconnecting to its database)." in said
        assert "Try again in a minute." in said and '<a href="/inspect/gaps">Try this page again</a>' in page.text
        for wrong in ("refused", "Check the address", "1 s", "readyz", "Could not be done"):
            assert wrong not in said, wrong


async def test_a_form_sent_during_a_stall_is_said_sent_with_no_word_of_whether_it_was_saved() -> None:
    """QA: a form sent while roster stalled read "Nothing of yours was lost" beside "sent, … stopped answering before
    it said whether it was saved", and "No page works just now" beside "open the form's list". Now one thing: it was
    sent, whether it was saved is not known, its page (a link) shows it, and what was typed is kept there."""
    roster = Failing(MANAGER)
    typed = {"enterprise_id": "e1", "full_name": "Nguyễn Thị Thử Nghiệm", "phone": "0913 555 301"}
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        roster.mode = "stall"
        sent = await _typed_and_sent(client, typed)
        assert sent.status_code == 503 and roster.writes == 1
        said = _main(sent)
        assert (
            "Biểu mẫu đã được gửi đi, nhưng hệ thống lịch trực ngừng trả lời trước khi cho biết đã lưu hay chưa."
            in said
        )
        # QA: the way back was the empty add form, which cannot say whether the person was added: the staff list
        # searched for the name typed comes first, saying why, then the form with what was typed kept in it
        assert (
            "Trước khi gửi lại, hãy xem “Nguyễn Thị Thử Nghiệm” đã có trong “Nhân sự” chưa: nếu đã có thì biểu mẫu"
            " đã được lưu, gửi lại sẽ thêm trùng lần nữa. Nếu chưa có, những gì bạn đã nhập vẫn được giữ lại" in said
        )
        links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', _main_markup(sent))
        look = "/manage/staff?q=Nguy%E1%BB%85n+Th%E1%BB%8B+Th%E1%BB%AD+Nghi%E1%BB%87m"
        assert [(h, html.unescape(w)) for h, w in links[:2]] == [
            (look, "Xem “Nguyễn Thị Thử Nghiệm” đã có trong “Nhân sự” chưa"),
            ("/manage/staff/new", "Mở lại biểu mẫu (những gì bạn đã nhập vẫn còn trong đó)"),
        ]
        for wrong in ("không bị mất", "chưa trang nào dùng được", "Thử lại trang này"):
            assert wrong not in said, wrong
        roster.mode = ""
        listed = await client.get(look)  # the list searched for that name; the form kept meanwhile
        assert listed.status_code == 200 and roster.searched == ["Nguyễn Thị Thử Nghiệm"]
        back = await client.get("/manage/staff/new")
        line = html.unescape(present(DOWN_LINE.search(back.text)).group(1))
        assert line.startswith("Chưa biết biểu mẫu này đã được lưu hay chưa: hệ thống lịch trực ngừng trả lời"), line
        assert "Trước hết hãy xem “Nguyễn Thị Thử Nghiệm” đã có trong “Nhân sự” chưa" in line
        assert f'<a href="{look}" id="look-first">' in back.text
        assert 'value="0913 555 301"' in back.text
        roster.mode = "stall"
        await client.get("/lang/en")
        said = _main(await _typed_and_sent(client, typed))
        assert (
            "The form was sent, but the roster service stopped answering before it said whether it was saved." in said
        )
        assert "Before sending it again, see whether “Nguyễn Thị Thử Nghiệm” is in “Staff”: if it is" in said
        assert "See whether “Nguyễn Thị Thử Nghiệm” is in “Staff”" in said
        assert "Nothing of yours was lost" not in said and "No page works just now" not in said


async def test_the_public_tet_hours_page_with_roster_down_says_so_in_words_for_the_public() -> None:
    """QA: the public Tết-hours page (no sign-in) with roster's database down showed the service's own words ("Hãy
    thử lại sau 1 giây", "/readyz" in English) on "Không thực hiện được", and a notice's PDF link read "not found". Now
    the page of a service not answering, 503 with Retry-After, in words for the public: nothing named that a visitor
    does not know, the same address to try again, no link to a sign-in or to pages that need one. The calendar feed
    says the same words as plain text (a calendar app reads no page), and Retry-After agrees with "try again in a
    minute": 60."""
    mode = {"roster": "503"}

    def roster(request: httpx.Request) -> httpx.Response:
        if mode["roster"] == "down":
            raise httpx.ConnectError("connection refused", request=request)
        down = database_unavailable_problem()
        return httpx.Response(503, json=down.body(request.url.path), headers=down.headers)

    settings = PortalSettings(session_key="s" * 48)
    app = create_app(settings, clock=lambda: NOW, transport_for=lambda name: httpx.MockTransport(roster))
    notice = "/tet-hours/5e000000-0000-4000-8000-000000000001/notice.pdf"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as visitor,
    ):
        for mode["roster"] in ("503", "down"):
            # the calendar feed, read by a calendar app: the same words as plain text, the wait they say (QA round 8)
            feed = await visitor.get("/tet-hours.ics")
            assert (feed.status_code, feed.headers["retry-after"]) == (503, "60")
            assert feed.headers["content-type"] == "text/plain; charset=utf-8"
            assert feed.text.startswith("Trang này tạm thời chưa hiển thị được:") and "thử lại sau ít phút" in feed.text
            for path in ("/tet-hours?district=T%C3%A2n+An", notice):
                page = await visitor.get(path)
                # "Hãy thử lại sau ít phút": a minute, not roster's 1 s
                assert page.status_code == 503 and page.headers["retry-after"] == "60", (path, page.status_code)
                said = _main(page)
                assert said.startswith("Dịch vụ tạm thời không trả lời Trang này tạm thời chưa hiển thị được:"), said
                assert "Hãy thử lại sau ít phút." in said
                assert f'<a href="{html.escape(path)}">Thử lại trang này</a>' in page.text
                for wrong in ("1 giây", "readyz", "Không thực hiện được", "hệ thống lịch trực", "Về trang chính"):
                    assert wrong not in said, (path, wrong)
                assert "/login" not in page.text
                assert 'class="still-open"' not in page.text and "Không tìm thấy" not in said
        await visitor.get("/lang/en")
        feed = await visitor.get("/tet-hours.ics")
        assert feed.status_code == 503 and feed.text.startswith("This page cannot be shown just now:"), feed.text
        assert "Try again in a minute." in feed.text and feed.headers["retry-after"] == "60"
        page = await visitor.get("/tet-hours")
        assert page.status_code == 503 and page.headers["retry-after"] == "60"
        said = _main(page)
        assert said.startswith("A service is not answering This page cannot be shown just now:"), said
        assert "Try again in a minute." in said and '<a href="/tet-hours">Try this page again</a>' in page.text
        for wrong in ("1 s", "readyz", "Could not be done", "roster", "Back to the start page"):
            assert wrong not in said, wrong
        assert "/login" not in page.text


def test_each_form_that_adds_something_listed_elsewhere_leads_to_that_list_searched_for_its_name() -> None:
    """The add pages (a person, an enterprise, a site, an account) lead to their lists searched for the name typed;
    the forms drawn on the very list they add to (a shift in the board's cell panel, an incident, a readiness item)
    keep their own page, which shows the result already."""
    typed = {"full_name": ["  Nguyễn Thị  Thử Nghiệm "], "name": ["Trạm BTS Tân An"], "login": ["thu@vnpt.vn"]}
    found = {page: where_created(page + "?enterprise_id=e1", typed) for page in CREATED_IN}
    assert {page: (w.url, w.name, w.page_key) for page, w in found.items() if w is not None} == {
        "/manage/staff/new": (
            "/manage/staff?q=" + quote_plus("Nguyễn Thị Thử Nghiệm"),
            "Nguyễn Thị Thử Nghiệm",
            "nav.staff",
        ),
        "/admin/enterprises/new": (
            "/admin/enterprises?q=" + quote_plus("Trạm BTS Tân An"),
            "Trạm BTS Tân An",
            "nav.enterprises",
        ),
        "/admin/sites/new": ("/admin/sites?q=" + quote_plus("Trạm BTS Tân An"), "Trạm BTS Tân An", "nav.sites"),
        "/admin/accounts/new": ("/admin/accounts?q=thu%40vnpt.vn", "thu@vnpt.vn", "nav.accounts"),
    }
    assert all(page in NEEDS and CREATED_IN[page][0] in NEEDS for page in CREATED_IN)  # pages the app serves
    for own_page in ("/manage/board/c1/e1?day=2027-02-06#cell-panel", "/incidents", "/admin/readiness?campaign_id=c1"):
        assert where_created(own_page, typed) is None, own_page
    assert where_created("/manage/staff/new", {"full_name": ["  "]}) is None  # no name typed: nothing to search for


async def test_a_read_from_a_stalled_service_gives_up_at_the_read_timeout_and_a_write_waits_longer() -> None:
    """QA: with roster stalled (kill -STOP) a page took about 15 s to say so — the one timeout writes have. A read
    changes nothing, so it gives up at `read_timeout_seconds`; a form sent keeps the longer wait (it may yet be
    saved). Roster here is a socket that takes every connection and never answers."""
    stalled: list[asyncio.StreamWriter] = []

    async def never_answers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        stalled.append(writer)  # held open, never written to

    server = await asyncio.start_server(never_answers, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    read, write = 0.2, 2.0
    settings = PortalSettings(
        session_key="s" * 48,
        roster_url=f"http://127.0.0.1:{port}",
        read_timeout_seconds=read,
        request_timeout_seconds=write,
    )
    app = create_app(settings, clock=lambda: NOW)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as visitor,
        ):
            await visitor.get("/tet-hours")  # the first page an app draws is slow (its templates compiled): not timed
            started = time.monotonic()
            page = await visitor.get("/tet-hours")  # a read of roster's
            waited = time.monotonic() - started
            assert page.status_code == 503 and "Trang này tạm thời chưa hiển thị được" in _main(page)
            assert read <= waited < write, waited

            form = await visitor.get("/login")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', form.text))[1]
            started = time.monotonic()
            sent = await visitor.post("/login", data={"login": "a@b.vn", "password": "x" * 12, "csrf_token": csrf})
            waited = time.monotonic() - started
            assert sent.status_code == 503 and "hệ thống lịch trực không trả lời" in _main(sent)
            assert waited >= write, waited  # a write keeps its own, longer wait
    finally:
        for writer in stalled:
            writer.close()
        server.close()
        await server.wait_closed()
