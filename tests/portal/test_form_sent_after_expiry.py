"""QA 2026-12-06 (finding 1): a manager typed a new staff member, her session cookie went, she pressed Save, signed in
again — and landed on the board, the name gone (the way back was read from a Referer the portal's own
Referrer-Policy keeps the browser from sending). Now the form's sealed origin leads back to its page, and what was
typed is in the form again, for the same account only, never a password, with a line saying nothing was saved yet.
The portal on a fake roster, its clock at 10:00 on mùng 2 Tết."""

from __future__ import annotations

import html
import random
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from portal.domain.expired_forms import kept_fields, left_out, refill
from portal.domain.navigation import start_of
from support import present

from . import test_board_forms as board
from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)
MANAGER: dict[str, Any] = {
    "id": "a2",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": ["e1"],
    "staff_id": None,
}
OTHER = MANAGER | {"id": "a3", "login": "lanpt@vnpt-longan.vn", "display_name": "Phạm Thị Lan"}
STAFF = MANAGER | {"id": "a4", "login": "hoalt@vnpt-longan.vn", "display_name": "Lê Thị Hoa", "role": "staff"}
NAME = "Nguyễn Thị Thử Nghiệm"
LINE = "Phiên làm việc đã kết thúc nên chưa có gì được lưu."


class Roster:
    """Sign-in for two managers of VNPT Long An (the account by login), its one enterprise; every write noted."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            account = OTHER if b"lanpt@" in request.content else STAFF if b"hoalt@" in request.content else MANAGER
            return present(sign_in_answer(request, account, PASSWORD))
        if (session := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
            return session
        if request.method != "GET":
            self.writes.append(request.url.path)
        items = [{"id": "e1", "name": "VNPT Long An"}] if request.url.path == "/enterprises" else []
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _hidden(page: str, name: str) -> str:
    return html.unescape(present(re.search(rf'name="{name}" value="([^"]*)"', page)).group(1))


def _box(page: str, name: str) -> str:
    return html.unescape(present(re.search(rf'<input[^>]* name="{name}"[^>]*>', page)).group(0))


async def _sign_in(client: httpx.AsyncClient, login: str, next_path: str) -> httpx.Response:
    page = await client.get(f"/login?next={next_path}&expired=1")
    form = {"login": login, "password": PASSWORD, "csrf_token": _hidden(page.text, "csrf_token"), "next": next_path}
    return await client.post("/login", data=form)


async def _sent_after_expiry(
    client: httpx.AsyncClient, path: str, typed: dict[str, Any], *, page: str, ended: str = "gone_kept"
) -> None:
    """The form of `page` as drawn, filled with `typed` and sent to `path` once the session cookie is gone: the
    sign-in page saying so (`ended`: what was typed is kept; "gone": only passwords typed, none kept), leading
    back to `page`."""
    drawn = await client.get(page)
    sent = {name: _hidden(drawn.text, name) for name in ("csrf_token", "form_key", "form_from")} | typed
    client.cookies.delete("lt_session")
    answer = await client.post(path, data=sent)
    assert (answer.status_code, answer.headers["location"]) == (303, f"/login?next={page}&expired=1&ended={ended}")
    # QZ14: no cookie came, so the portal says that — not "the session ended" of a cookie it could read — and
    # whether what was typed is kept
    told = html.unescape((await client.get(answer.headers["location"])).text)
    assert "Bạn chưa đăng nhập, hoặc phiên làm việc đã bị xóa khỏi trình duyệt này" in told
    assert ("nội dung đã nhập được giữ lại trong biểu mẫu" in told) == (ended == "gone_kept")
    assert "Phiên làm việc đã kết thúc" not in told


async def test_a_form_sent_after_the_session_ended_comes_back_filled_after_signing_in() -> None:
    roster = Roster()
    typed = {"enterprise_id": "e1", "full_name": NAME, "phone": "0913 555 301", "qualifications": ["technician"]}
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        await _sent_after_expiry(client, "/manage/staff", typed, page="/manage/staff/new")
        signed = await _sign_in(client, MANAGER["login"], "/manage/staff/new")
        assert (signed.status_code, signed.headers["location"]) == (303, "/manage/staff/new")
        back = await client.get("/manage/staff/new")
        assert back.status_code == 200 and roster.writes == []  # nothing sent for her: she sends it herself
        assert f'value="{NAME}"' in _box(back.text, "full_name")
        assert 'value="0913 555 301"' in _box(back.text, "phone")
        technician, active = _box(back.text, 'qualifications" value="technician'), _box(back.text, "active")
        assert " checked" in technician and " checked" not in active  # "active" left unticked, as sent
        line = html.unescape(present(re.search(r'id="kept-after-expiry">(.*?)</div>', back.text)).group(1))
        assert line.startswith(LINE) and "“Thêm cán bộ” lần nữa" in line
        again = await client.get("/manage/staff/new")  # once: a reload is the form as it is
        assert NAME not in again.text and LINE not in again.text


async def test_another_account_signing_in_sees_nothing_kept_and_no_password_is_kept() -> None:
    roster = Roster()
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOW) as client:
        await _sent_after_expiry(client, "/manage/staff", {"full_name": NAME}, page="/manage/staff/new")
        signed = await _sign_in(client, OTHER["login"], "/manage/staff/new")
        assert signed.headers["location"] == "/manage/staff/new" and 'lt_refused=""' in signed.headers["set-cookie"]
        theirs = await client.get("/manage/staff/new")
        assert NAME not in theirs.text and LINE not in theirs.text

        client.cookies.clear()  # QA finding 10: a duty worker's sign-in after the manager's page — their own start page
        await _sign_in(client, MANAGER["login"], "/")
        await _sent_after_expiry(client, "/manage/staff", {"full_name": NAME}, page="/manage/staff/new")
        staff = await _sign_in(client, STAFF["login"], "/manage/staff/new")
        assert staff.headers["location"] == start_of("staff") and 'lt_refused=""' in staff.headers["set-cookie"]
        assert (await _sign_in(client, STAFF["login"], "/account/password")).headers["location"] == "/account/password"

        client.cookies.clear()
        await _sign_in(client, MANAGER["login"], "/")
        typed = {"current_password": "mật khẩu cũ", "new_password": "Mùng hai Tết nhà ngoại", "confirm_password": "x"}
        await _sent_after_expiry(client, "/account/password", typed, page="/account/password", ended="gone")
        kept = client.cookies["lt_refused"]  # nothing but passwords: only that they were typed is kept
        assert "mật khẩu cũ" not in kept and "Mùng hai Tết" not in kept
        await _sign_in(client, MANAGER["login"], "/account/password")
        page = await client.get("/account/password")
        assert "mật khẩu cũ" not in page.text and "Mùng hai Tết" not in page.text and LINE not in page.text
        line = html.unescape(present(re.search(r'id="kept-after-expiry">(.*?)</div>', page.text)).group(1))
        assert line == "Mật khẩu chưa được đổi: phiên làm việc đã kết thúc trước khi gửi; hãy nhập lại."
        again = "Hãy nhập lại mật khẩu: mật khẩu không được giữ lại vì an toàn."
        for box in typed:  # said at each box, just after it
            assert re.search(rf'name="{box}"[^>]*><p [^>]*id="kept-{box}"[^>]*>{again}</p>', page.text), box


async def test_a_forged_origin_or_another_sites_page_leads_home() -> None:
    async with signed_in_portal(Roster(), MANAGER["login"], PASSWORD, now=NOW) as client:
        drawn = await client.get("/manage/staff/new")
        sent = {"csrf_token": _hidden(drawn.text, "csrf_token"), "full_name": NAME}
        client.cookies.delete("lt_session")
        forged = await client.post("/manage/staff", data=sent | {"form_from": "/manage/staff/new"})
        htmx = {"HX-Request": "true", "HX-Current-URL": "https://evil.example/manage/staff/new"}
        elsewhere = await client.post("/manage/staff", data=sent, headers=htmx)
    gone = "/login?next=/&expired=1&ended=gone"  # nothing kept, so the sign-in page does not say it is
    assert forged.headers["location"] == gone and "lt_refused" not in forged.headers["set-cookie"]
    assert elsewhere.headers["hx-redirect"] == gone


def test_the_kept_values_go_back_into_the_form_they_were_sent_with() -> None:
    page = (
        '<form method="post" action="/x"><input type="hidden" name="shift_id" value="s1">'
        '<textarea name="note">old</textarea><button type="submit">Lưu <b>ghi chú</b></button></form>'
        '<form method="post" action="/x"><input type="hidden" name="shift_id" value="s2">'
        '<textarea name="note"></textarea><select name="kind"><option value="a" selected>A</option>'
        '<option value="b">B</option></select><input type="password" name="password" value="">'
        '<input type="radio" name="r" value="1" checked><input type="radio" name="r" value="2">'
        '<button type="submit">Gửi</button></form>'
    )
    fields = kept_fields(
        [("csrf_token", "t"), ("shift_id", "s2"), ("note", "\n<b>&"), ("kind", "b"), ("password", "p"), ("r", "2")]
    )
    assert fields == {"shift_id": ["s2"], "note": ["\n<b>&"], "kind": ["b"], "r": ["2"]}
    again = refill(page, action="/x", page_url="/p", fields=fields | {"password": ["p"]})
    assert again.found and again.button == "Gửi"  # the second form: its item's hidden field agrees
    first, second = again.html.split("</form>")[:2]
    assert '<textarea name="note">old</textarea>' in first
    assert '<textarea name="note">\n\n&lt;b&gt;&amp;</textarea>' in second
    assert '<option value="a">' in second and '<option value="b" selected>' in second
    assert 'value="p"' not in second and '<input type="radio" name="r" value="2" checked>' in second
    noted = refill(page, action="/x", page_url="/p", fields=fields, notes={"password": "Hãy nhập lại <mật khẩu>"})
    said = '<p class="message warn kept-left-out" id="kept-password" role="status">Hãy nhập lại &lt;mật khẩu&gt;</p>'
    assert f'<input type="password" name="password" value="">{said}' in noted.html  # the webhook secret's, so too
    assert left_out([("webhook_secret", "khóa 16 ký tự trở lên"), ("password", ""), ("note", "x")]) == [
        "webhook_secret"
    ]
    assert not refill(page, action="/y", page_url="/p", fields=fields).found


def test_the_line_over_a_form_given_back_names_the_button_pressed_and_whether_it_only_fills_the_form() -> None:
    """N5's leftover: a Tết hours copy ("Chép giờ …", a button that only fills the form in) sent after the session
    ended was named by the form's first button, "Lưu bản nháp", as if a save had been lost. The button pressed (its
    name and value among those sent) names what was not done; without one sent, the form's first names it."""
    page = (
        '<form method="post" action="/x"><button type="submit" name="action" value="save" hidden>Lưu bản nháp</button>'
        '<input name="a1-2027-02-05" value=""><button type="submit" name="copy" value="2027-02-05" data-fills-only>'
        'Chép giờ ngày 05/02</button><button type="submit" name="action" value="publish">Lưu và niêm yết</button></form>'
    )
    copy = refill(page, action="/x", page_url="/p", fields={"a1-2027-02-05": ["7h"], "copy": ["2027-02-05"]})
    assert (copy.button, copy.fills_only) == ("Chép giờ ngày 05/02", True)
    assert 'name="a1-2027-02-05" value="7h"' in copy.html
    publish = refill(page, action="/x", page_url="/p", fields={"action": ["publish"]})
    assert (publish.button, publish.fills_only) == ("Lưu và niêm yết", False)
    assert refill(page, action="/x", page_url="/p", fields={"a1-2027-02-05": ["7h"]}).button == "Lưu bản nháp"


async def test_the_board_cells_panel_opened_by_a_click_comes_back_at_the_cell_filled() -> None:
    """QA 2026-12-06 (finding 1): the cell panel fetched by htmx from the board sealed the board as its forms' page;
    after signing in, the bare board, the plan form gone. Its forms are on the cell's own address, at the panel."""
    roster = board.Roster()
    panel_at = f"{board.CELL}#cell-panel"
    async with signed_in_portal(roster, board.MANAGER["login"], PASSWORD, now=NOW) as client:
        htmx = {"HX-Request": "true", "HX-Current-URL": f"http://p/manage/board/{board.C1}/{board.E1}"}
        drawn = await client.get(board.CELL, headers=htmx)
        assert "<html" not in drawn.text  # the panel alone
        plan = {**board.BACK, "people": board.S1, "starts_at": "2027-02-08T16:00", "ends_at": "2027-02-08T22:00"}
        sent = {name: _hidden(drawn.text, name) for name in ("csrf_token", "form_key", "form_from")}
        client.cookies.delete("lt_session")
        path = f"/manage/board/{board.C1}/{board.E1}/shifts"
        answer = await client.post(path, data=sent | plan | {"notes": "Trực thay anh Hùng"})
        assert answer.headers["location"] == f"/login?next={quote(panel_at, safe='/')}&expired=1&ended=gone_kept"
        signed = await _sign_in(client, board.MANAGER["login"], panel_at)
        assert signed.headers["location"] == panel_at
        back = await client.get(board.CELL)
        notes = present(re.search(r'<textarea id="f-notes"[^>]*>(.*?)</textarea>', back.text, re.S)).group(1)
        assert notes == "Trực thay anh Hùng" and 'id="kept-after-expiry"' in back.text
        assert [p for p, _ in roster.posted] == []


TET = {**MANAGER, "id": "a5", "login": "lanhbt@buudien-longan.vn", "display_name": "Bùi Thị Lành"}
C_TET = "0c1a0000-0000-4000-8000-000000000001"
POINT = "0c1a0000-0000-4000-8000-0000000000a1"
TET_DAYS = [f"2027-02-{d:02d}" for d in range(1, 15)]


class TetRoster:
    """A manager of one transaction point, whose Tết-hours form (fourteen days, nothing drafted) the page draws;
    every write noted."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, TET, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if request.method != "GET":
            self.writes.append(path)
        if path == f"/sites/{POINT}/tet-hours":
            days = {
                "campaign_days": TET_DAYS,
                "days": [],
                "version": 1,
                "published_version": 0,
                "unpublished_changes": False,
            }
            days["hours_deadline"] = "2027-01-29T17:00:00Z"
            return httpx.Response(200, json={"site_name": "Điểm giao dịch Tân An", **days})
        listed: dict[str, list[dict[str, Any]]] = {
            "/campaigns": [
                {"id": C_TET, "name": "Tết Đinh Mùi 2027", "kind": "tet", "drill": False, "peaks": []}
                | {"starts_at": "2027-01-29T17:00:00Z", "ends_at": "2027-02-15T17:00:00Z"}
                | {"hours_deadline": "2027-01-29T17:00:00Z"}
            ],
            "/sites": [
                {"id": POINT, "name": "Điểm giao dịch Tân An", "kind": "transaction_point", "enterprise_id": "e1"}
            ],
        }
        items = listed.get(path, [])
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


def _long_notes() -> dict[str, str]:
    """A note on each of the fourteen days, 300 characters each (the box's most), none like another (the parcels'
    codes, say): more than a 4 KB cookie holds, even compressed."""
    draw = random.Random(2027)
    letters = "abcdeghiklmnopqrstuvxyàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ0123456789"
    words = ("".join(draw.choice(letters) for _ in range(draw.randrange(2, 7))) for _ in range(10_000))
    return {f"note-{day}": " ".join(next(words) for _ in range(80))[:300] for day in TET_DAYS}


async def test_a_form_too_long_to_keep_is_said_at_the_pages_top_after_signing_in() -> None:
    """A Tết-hours form with a long note on every day, sent once the session had gone: too long for the 4 KB cookie,
    nothing of it comes back — and the page says so at its top, naming the form and its page, in its language."""
    roster, notes = TetRoster(), _long_notes()
    page = f"/manage/tet-hours?campaign_id={C_TET}&site_id={POINT}"
    async with signed_in_portal(roster, TET["login"], PASSWORD, now=NOW) as client:
        for lang, said in (
            (
                "vi",
                "Phiên làm việc đã kết thúc nên chưa có gì được lưu, và những gì bạn đã nhập vào biểu mẫu “Lưu bản nháp” "
                "của trang “Giờ mở cửa Tết của bưu cục, điểm giao dịch” quá dài để giữ lại trong lúc bạn đăng nhập: hãy nhập lại rồi bấm "
                "“Lưu bản nháp”.",
            ),
            (
                "en",
                "Your session had ended, so nothing was saved, and what you typed in the “Save draft” form of the "
                "“Tết opening hours of a post office or transaction point” page was too long to keep while you signed in: type it again and press "
                "“Save draft”.",
            ),
        ):
            await client.get(f"/lang/{lang}")
            typed = {"campaign_id": C_TET, "version": "1", "action": "save", **notes}
            drawn = await client.get(page)
            sent = {name: _hidden(drawn.text, name) for name in ("csrf_token", "form_key", "form_from")} | typed
            client.cookies.delete("lt_session")
            answer = await client.post(f"/manage/tet-hours/{POINT}", data=sent)
            # too long to keep: the sign-in page promises nothing, the page after it says what was lost
            assert answer.headers["location"] == f"/login?next={quote(page, safe='/')}&expired=1&ended=gone"
            kept = client.cookies["lt_refused"]
            assert len(kept) < 1000  # only that it was sent
            await _sign_in(client, TET["login"], page)
            back = await client.get(page)
            assert back.status_code == 200 and roster.writes == []
            top = present(
                re.search(  # the first thing in it but htmx's empty notice slot (base.html)
                    r'<main id="main"[^>]*>\s*(?:<div id="htmx-notice"></div>\s*)?(<div[^>]*id="kept-after-expiry"[^>]*>.*?</div>)',
                    back.text,
                )
            )
            assert html.unescape(re.sub(r"<[^>]+>", "", top.group(1))) == said, top.group(1)
            assert not any(note[:40] in html.unescape(back.text) for note in notes.values())
            again = await client.get(page)  # once
            assert 'id="kept-after-expiry"' not in again.text


async def test_a_sign_in_roster_ends_while_the_portal_checks_it_keeps_the_form_as_an_expired_cookie_does() -> None:
    """The cookie still there, but roster says the sign-in has ended (signed out elsewhere, a new password) while the
    portal checks it before the form is read (SessionExpired): sent to sign in, and what was typed is kept for the
    same account, as for a cookie that had expired."""
    roster, ended = Roster(), [False]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path in ("/auth/session", "/auth/refresh") and ended[0]:  # its renewal refused too
            return httpx.Response(401, json={"type": "x/session-ended", "status": 401, "detail": "signed out"})
        return roster(request)

    typed = {"enterprise_id": "e1", "full_name": NAME, "phone": "0913 555 301"}
    async with signed_in_portal(answer, MANAGER["login"], PASSWORD, now=NOW) as client:
        drawn = await client.get("/manage/staff/new")
        sent = {name: _hidden(drawn.text, name) for name in ("csrf_token", "form_key", "form_from")} | typed
        ended[0] = True
        refused = await client.post("/manage/staff", data=sent)
        assert (refused.status_code, refused.headers["location"]) == (303, "/login?next=/manage/staff/new&expired=1")
        ended[0] = False
        signed = await _sign_in(client, MANAGER["login"], "/manage/staff/new")
        assert signed.headers["location"] == "/manage/staff/new"
        back = await client.get("/manage/staff/new")
        assert roster.writes == [] and f'value="{NAME}"' in _box(back.text, "full_name")
        assert LINE in html.unescape(present(re.search(r'id="kept-after-expiry">(.*?)</div>', back.text)).group(1))
