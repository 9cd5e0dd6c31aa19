"""A manager who is on the roster too (QA 2026-12-06: hungnv@, a leader on duty over Tết, was told "Trang này dành cho
cán bộ trực…" on /me/shifts): a manager's account linked to their own staff record has a duty worker's own pages in
the menu, an unlinked one is told what to ask of the administrator, and the administrator's account form offers a
manager's own staff record among the staff of the enterprises they manage. Roster is stood in for by a function."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from portal.api.cookies import CookieJar
from portal.domain.navigation import nav_for

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết in Vietnam
VNPT, VIETTEL = "e1", "e2"
HUNG: dict[str, Any] = {
    "id": "p1",
    "full_name": "Nguyễn Văn Hùng",
    "email": "hungnv@vnpt-longan.vn",
    "enterprise_id": VNPT,
}
TUYET: dict[str, Any] = {
    "id": "p2",
    "full_name": "Nguyễn Thị Ánh Tuyết",
    "email": "tuyetnta@vnpt-longan.vn",
    "enterprise_id": VNPT,
}
OTHER: dict[str, Any] = {  # a colleague: her record's e-mail is not the manager's login
    "id": "p4",
    "full_name": "Lê Thị Người Khác",
    "email": "nguoikhac@vnpt-longan.vn",
    "enterprise_id": VNPT,
}
NO_EMAIL: dict[str, Any] = {"id": "p5", "full_name": "Trần Văn Tư", "email": None, "enterprise_id": VNPT}
PEOPLE = (HUNG, TUYET, OTHER, NO_EMAIL)
MANAGER: dict[str, Any] = {
    "id": "a2",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [VNPT],
    "staff_id": None,
    "active": True,
    "locked_until": None,
    "last_login_at": None,
    "version": 1,
}
ADMIN: dict[str, Any] = {
    **MANAGER,
    "id": "a1",
    "login": "admin@stttt.longan.gov.vn",
    "role": "admin",
    "enterprise_ids": [],
}


def _shift(shift_id: str, person: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": shift_id,
        "version": 3,
        "campaign_id": None,
        "enterprise_id": VNPT,
        "site_id": None,
        "duty_type": "truc_lanh_dao",
        "starts_at": "2027-02-08T01:00:00+00:00",  # tomorrow, 08:00
        "ends_at": "2027-02-08T13:00:00+00:00",
        "status": "published",
        "notes": None,
        "assignees": [{"staff_id": person["id"], "full_name": person["full_name"], "checked_in_at": None}],
    }


LINH: dict[str, Any] = {"id": "p3", "full_name": "Huỳnh Thị Mỹ Linh", "enterprise_id": VNPT}
SHIFTS = [_shift("s-own", HUNG), _shift("s-linh", LINH)]
SWAPS = [{"id": "w-linh", "shift_id": "s-linh", "from_staff_id": LINH["id"], "to_staff_id": TUYET["id"]}]


HELD: dict[str, Any] = {
    "type": "https://lichtruc.example/problems/one-account-per-staff",
    "status": 409,
    "title": "Conflict",
    "detail": "Nguyễn Thị Ánh Tuyết already has an account (tuyetnta@vnpt-longan.vn).",
    "detail_vi": "Nguyễn Thị Ánh Tuyết đã có tài khoản (tuyetnta@vnpt-longan.vn).",
    "errors": [
        {
            "field": "staff_id",
            "rule": "one-account-per-staff",
            "message": "Nguyễn Thị Ánh Tuyết already has an account (tuyetnta@vnpt-longan.vn).",
            "message_vi": "Nguyễn Thị Ánh Tuyết đã có tài khoản (tuyetnta@vnpt-longan.vn).",
            "account_id": "a3",
        }
    ],
}


def _page(items: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """Roster for one signed-in account, and the manager's account as the administrator edits it (`sent`: the
    bodies of its edits)."""

    def __init__(self, signed_in: dict[str, Any], edited: dict[str, Any] | None = None) -> None:
        self.signed_in, self.edited, self.sent = signed_in, edited or MANAGER, list[dict[str, Any]]()
        self.asked = list[str]()  # the paths asked of the staff records, lists and single ones
        self.holders = list[list[str]]()  # the records each list of accounts was asked for (the holders)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, self.signed_in, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if path == "/enterprises":
            return _page([{"id": VNPT, "name": "VNPT Long An"}, {"id": VIETTEL, "name": "Viettel Long An"}])
        if path.startswith("/staff"):
            self.asked.append(path)
        if path == "/staff":  # the record finder: the enterprise asked for's staff; or the records of the ids given
            if ids := request.url.params.get_list("id"):
                return _page([p for p in PEOPLE if p["id"] in ids])
            wanted = request.url.params.get("enterprise_id")
            return _page([p for p in PEOPLE if p["enterprise_id"] == wanted])
        if path.startswith("/staff/"):
            return httpx.Response(200, json=next(p for p in PEOPLE if path.endswith(p["id"])))
        if path == "/accounts" and request.method == "POST":  # a new account, made as sent
            self.sent.append(json.loads(request.content))
            return httpx.Response(201, json={**MANAGER, **self.sent[-1], "id": "a9", "version": 1})
        if path == "/accounts":  # the administrator's list: the edited manager, a duty worker's account, the admin
            staff = {**MANAGER, "id": "a3", "login": TUYET["email"], "display_name": "Tuyết (ca đêm)", "role": "staff"}
            found = [self.edited, {**staff, "staff_id": TUYET["id"]}, ADMIN]
            if held := request.url.params.get_list("staff_id"):  # those holding the records asked about
                self.holders.append(held)
                found = [a for a in found if a["staff_id"] in held]
            return _page(found)
        if path == f"/accounts/{MANAGER['id']}" and request.method == "PATCH":
            self.sent.append(json.loads(request.content))
            if self.sent[-1].get("staff_id") == TUYET["id"]:  # roster's Conflict: her record has an account
                return httpx.Response(409, json=HELD)
            self.edited = {**self.edited, **self.sent[-1], "version": self.edited["version"] + 1}
            return httpx.Response(200, json=self.edited)
        if path == f"/accounts/{MANAGER['id']}":
            return httpx.Response(200, json=self.edited)
        if path in ("/duty-types", "/sites", "/campaigns"):
            return _page([])
        if request.method == "POST":  # an act roster was asked to do
            self.sent.append({"POST": path})
            return httpx.Response(201, json={})
        if path == "/shifts/on-duty-beside":  # nobody else on duty beside them
            return httpx.Response(200, json={"shifts": []})
        if path.startswith("/shifts/") and path.count("/") == 2:  # a manager reads any of the enterprise's shifts
            return httpx.Response(200, json=next(s for s in SHIFTS if path.endswith(s["id"])))
        if path.startswith("/swaps/"):  # and any of its swap requests
            return httpx.Response(200, json=next(s for s in SWAPS if path.endswith(s["id"])))
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {request.method} {path}"})


def _menu(markup: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', markup, re.S)
    assert nav is not None, markup
    return [html.unescape(t) for t in re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav.group(1))]


async def test_a_linked_manager_has_their_own_shifts_in_the_menu_and_an_unlinked_one_is_told_what_to_ask() -> None:
    linked = {**MANAGER, "staff_id": HUNG["id"]}
    async with signed_in_portal(Roster(linked), linked["login"], PASSWORD, now=NOW) as client:
        menu = _menu((await client.get("/account/password")).text)
    assert menu[:4] == ["Bảng trực", "Ca trực của tôi", "Lịch của tôi", "Nhắc việc"], menu
    # the manager's own pages stay; the account's page last (shown in the folded list on a phone only)
    assert len(menu) == len(nav_for("manager")) + 3 + 1 and menu[-1] == "Đổi mật khẩu", menu

    async with signed_in_portal(Roster(MANAGER), MANAGER["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/shifts")
        assert "Ca trực của tôi" not in _menu(page.text)
        assert "hãy đề nghị quản trị viên gắn tài khoản này với hồ sơ cán bộ của bạn" in page.text
        assert "dành cho cán bộ trực" not in page.text
        await client.get("/lang/en")
        english = (await client.get("/me/shifts")).text
    assert "ask the administrator to link this account to your staff record" in html.unescape(english)


async def test_the_administrator_links_a_managers_account_to_their_own_staff_record() -> None:
    roster = Roster(ADMIN)
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as client:
        page = (await client.get(f"/admin/accounts/{MANAGER['id']}")).text
        # the record finder offers the enterprises the account manages, and their staff at once
        finder = re.search(r'<select[^>]*name="staff_enterprise".*?</select>', page, re.S)
        assert finder is not None and "VNPT Long An" in finder.group(0) and "Viettel" not in finder.group(0)
        records = re.search(r'<select[^>]*name="staff_id".*?</select>', page, re.S)
        assert records is not None and "Nguyễn Văn Hùng · hungnv@vnpt-longan.vn" in records.group(0)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf is not None
        form = {
            "csrf_token": csrf.group(1),
            "version": "1",
            "display_name": MANAGER["display_name"],
            "role": "manager",
            "enterprise_ids": VNPT,
            "staff_id": HUNG["id"],
            "active": "on",
        }
        saved = await client.post(f"/admin/accounts/{MANAGER['id']}", data=form)
        assert saved.status_code == 303, saved.text
        assert roster.sent == [{"enterprise_ids": [VNPT], "staff_id": HUNG["id"]}]
        # the account's page says whose record it is
        shown = (await client.get(f"/admin/accounts/{MANAGER['id']}")).text
    assert re.search(r"<strong>Hồ sơ cán bộ:</strong> Nguyễn Văn Hùng · hungnv@vnpt-longan.vn", shown), shown


async def test_the_administrators_accounts_list_names_each_accounts_linked_staff_record() -> None:
    """QA 2026-12-06: only an account's own page named its staff record; the list says it too, under the account's
    name (which may not be the record's), for a manager's own record and a duty worker's, and for no one else; the
    page's records read from roster in one call, not one an account."""
    roster = Roster(ADMIN, {**MANAGER, "staff_id": HUNG["id"]})
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as c:
        page = await c.get("/admin/accounts")
    assert page.status_code == 200, page.text
    assert roster.asked == ["/staff"], roster.asked
    rows = {
        re.sub(r"<[^>]+>", "", login): " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
        for login, row in re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>', page.text, re.S)
    }
    assert "Nguyễn Văn Hùng Hồ sơ cán bộ: Nguyễn Văn Hùng" in rows[MANAGER["login"]], rows
    assert "Tuyết (ca đêm) Hồ sơ cán bộ: Nguyễn Thị Ánh Tuyết" in rows[TUYET["email"]], rows
    assert "Hồ sơ cán bộ" not in rows[ADMIN["login"]], rows


async def test_a_linked_manager_finds_only_their_own_shifts_and_requests_on_their_own_pages() -> None:
    """QA 2026-12-06: hungnv@, linked to his own record, opened a colleague's shift at /me/shifts/<id>/swap and
    was shown her card as his ("Bạn đã chuyển ca này cho đồng nghiệp."): roster reads him the whole enterprise.
    His own pages answer for someone else's shift or request as a duty worker's do — not found — and ask roster
    nothing of it, while his own shift's form opens."""
    linked = {**MANAGER, "staff_id": HUNG["id"]}
    roster = Roster(linked)
    async with signed_in_portal(roster, linked["login"], PASSWORD, now=NOW) as client:
        own = await client.get("/me/shifts/s-own/swap")
        assert own.status_code == 200, own.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', own.text)
        assert csrf is not None
        sent = {"csrf_token": csrf.group(1), "version": "3", "confirmed": "yes"}
        answers = [
            await client.get("/me/shifts/s-linh/swap"),
            await client.post("/me/shifts/s-linh/check-in", data=sent),
            await client.post("/me/shifts/s-linh/swap", data={**sent, "reason": "Về quê"}),
            await client.post("/me/swaps/w-linh/withdraw", data=sent),
        ]
        await client.get("/lang/en")
        english = await client.get("/me/shifts/s-linh/swap")
    for answer in answers:
        assert answer.status_code == 404, (answer.request.url, answer.text)
        assert "Không tìm thấy" in answer.text and "Huỳnh Thị Mỹ Linh" not in answer.text, answer.text
        assert "Bạn đã chuyển ca này" not in answer.text
    assert english.status_code == 404 and "Not found" in english.text, english.text
    assert roster.sent == []  # neither check-in, swap request nor withdrawal reached roster


async def test_the_account_form_marks_records_other_accounts_hold_and_its_refusal_names_the_holder() -> None:
    """QA 2026-12-06: the record finder offered every VNPT record, those other accounts hold too, and choosing one
    was refused with "Cán bộ này đã có tài khoản." naming no account. Each held record says whose account holds it
    (not the account's own record), and the refusal names the holder, in both languages."""
    roster = Roster(ADMIN, {**MANAGER, "staff_id": HUNG["id"]})
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as client:
        page = (await client.get(f"/admin/accounts/{MANAGER['id']}")).text
        records = re.search(r'<select[^>]*name="staff_id".*?</select>', page, re.S)
        assert records is not None
        offered = [html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]+)</option>", records.group(0))]
        assert "Nguyễn Thị Ánh Tuyết · tuyetnta@vnpt-longan.vn · đã có tài khoản: tuyetnta@vnpt-longan.vn" in offered
        assert "Nguyễn Văn Hùng · hungnv@vnpt-longan.vn" in offered, offered  # his own: no mark
        assert roster.holders == [sorted(p["id"] for p in PEOPLE)]  # who holds the records offered: those alone
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf is not None
        form = {
            "csrf_token": csrf.group(1),
            "version": "1",
            "display_name": MANAGER["display_name"],
            "role": "manager",
            "enterprise_ids": VNPT,
            "staff_id": TUYET["id"],
            "active": "on",
            "confirmed": TUYET["id"],  # linking her record asks first: her e-mail is not the manager's login
        }
        refused = await client.post(f"/admin/accounts/{MANAGER['id']}", data=form, follow_redirects=True)
        await client.get("/lang/en")
        english = await client.post(f"/admin/accounts/{MANAGER['id']}", data=form, follow_redirects=True)
    said = html.unescape(refused.text)
    assert "Nguyễn Thị Ánh Tuyết đã có tài khoản (tuyetnta@vnpt-longan.vn)." in said, said
    assert "Mỗi hồ sơ cán bộ chỉ có một tài khoản: hãy chọn hồ sơ khác" in said
    assert "Nguyễn Thị Ánh Tuyết already has an account (tuyetnta@vnpt-longan.vn)." in html.unescape(english.text)


def _asked(markup: str) -> tuple[str, list[str], list[str]]:
    """The question at the record's box (its refusal's words), the hidden answers and the buttons of the form."""
    form = re.search(r'<form method="post" action="/admin/accounts.*?</form>', markup, re.S)
    assert form is not None, markup
    question = re.search(r'<p class="error" id="e-staff_id"[^>]*>([^<]+)</p>', form.group(0))
    answers = re.findall(r'<input type="hidden" name="confirmed" value="([^"]*)">', form.group(0))
    buttons = re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', form.group(0))
    return html.unescape(question.group(1)) if question else "", answers, [html.unescape(b) for b in buttons]


async def test_linking_a_record_whose_e_mail_is_not_the_login_asks_first_and_each_other_record_asks_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """QA 2026-12-06: the administrator could link hungnv@'s account to a colleague's record with one click, saved
    at once. A record whose e-mail is not the login, or that has none, is asked about first at its box — the form as
    typed, roster asked nothing — and saved once the administrator answers for that record; choosing another record
    asks again. The question is in the page's language."""
    roster, kept = Roster(ADMIN), list[str]()
    seal = CookieJar.seal_refused

    def sealed(jar: CookieJar, **refused: Any) -> str | None:
        kept.append(json.dumps(refused, ensure_ascii=False))
        return seal(jar, **refused)

    monkeypatch.setattr(CookieJar, "seal_refused", sealed)
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as client:
        page = (await client.get(f"/admin/accounts/{MANAGER['id']}")).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf is not None
        form = {
            "csrf_token": csrf.group(1),
            "version": "1",
            "display_name": "Nguyễn Văn Hùng (Giám đốc)",
            "role": "manager",
            "enterprise_ids": VNPT,
            "staff_id": OTHER["id"],
            "active": "on",
            "password": "một mật khẩu mới dài",
        }
        asked = await client.post(f"/admin/accounts/{MANAGER['id']}", data=form, follow_redirects=True)
        assert asked.status_code == 409 and roster.sent == [], asked.text
        question, answers, buttons = _asked(asked.text)
        assert question == (
            "Hồ sơ này là của Lê Thị Người Khác (nguoikhac@vnpt-longan.vn), không phải của tài khoản "
            "hungnv@vnpt-longan.vn: vẫn gắn?"
        ), question
        assert answers == [OTHER["id"]] and "Vẫn gắn hồ sơ này" in buttons, (answers, buttons)
        assert 'value="Nguyễn Văn Hùng (Giám đốc)"' in asked.text  # as typed
        assert f'<option value="{OTHER["id"]}" selected data-fill-name=' in asked.text  # its name for portal.js
        assert kept and all(form["password"] not in k for k in kept)  # never shown again, nor kept

        # the answer carries the record asked about: another record chosen with it asks again, of that one
        another = await client.post(
            f"/admin/accounts/{MANAGER['id']}",
            data={**form, "staff_id": NO_EMAIL["id"], "confirmed": OTHER["id"]},
            follow_redirects=True,
        )
        question, answers, _ = _asked(another.text)
        assert question.startswith("Hồ sơ này là của Trần Văn Tư và không ghi e-mail"), question
        assert answers == [NO_EMAIL["id"]] and roster.sent == []

        await client.get("/lang/en")
        english = await client.post(f"/admin/accounts/{MANAGER['id']}", data=form, follow_redirects=True)
        question, _, buttons = _asked(english.text)
        assert question == (
            "This record is Lê Thị Người Khác's (nguoikhac@vnpt-longan.vn), not the account "
            "hungnv@vnpt-longan.vn's: link it anyway?"
        ), question
        assert "Link this record anyway" in buttons and roster.sent == []

        saved = await client.post(f"/admin/accounts/{MANAGER['id']}", data={**form, "confirmed": OTHER["id"]})
    assert saved.status_code == 303, saved.text
    assert roster.sent == [
        {
            "display_name": "Nguyễn Văn Hùng (Giám đốc)",
            "enterprise_ids": [VNPT],
            "staff_id": OTHER["id"],
            "password": form["password"],
        }
    ]


async def test_a_new_account_asks_before_taking_another_persons_record_and_saves_its_own_at_once() -> None:
    """The new-account form asks as the account's page does (the password then typed again: it is never kept);
    the record whose e-mail is the login, however its case is written, is linked at once."""
    roster = Roster(ADMIN)
    async with signed_in_portal(roster, ADMIN["login"], PASSWORD, now=NOW) as client:
        # the record finder searched first (QA: the form came back asking with "Hùng" gone from its box)
        page = (await client.get("/admin/accounts/new", params={"staff_enterprise": VNPT, "staff_q": "Hùng"})).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf is not None
        post = re.search(r'<form method="post" action="/admin/accounts".*?</form>', page, re.S)
        finder = re.findall(r'<input type="hidden" name="(staff_\w+)" value="([^"]*)">', post.group(0) if post else "")
        form = {
            "csrf_token": csrf.group(1),
            "login": "hungnv2@vnpt-longan.vn",
            "display_name": "Nguyễn Văn Hùng",
            "role": "staff",
            "staff_id": OTHER["id"],
            "password": "một mật khẩu ban đầu dài",
            **dict(finder),  # as the browser sends the form
        }
        asked = await client.post("/admin/accounts", data=form, follow_redirects=True)
        assert 'name="staff_q" type="search" value="Hùng"' in asked.text  # the search as it was
        assert f'<option value="{VNPT}" selected>' in asked.text
        question, answers, buttons = _asked(asked.text)
        assert question.startswith("Hồ sơ này là của Lê Thị Người Khác (nguoikhac@vnpt-longan.vn), không phải"), (
            question
        )
        assert answers == [OTHER["id"]] and "Vẫn gắn hồ sơ này" in buttons
        assert 'value="hungnv2@vnpt-longan.vn"' in asked.text and form["password"] not in asked.text
        assert roster.sent == []
        confirmed = await client.post("/admin/accounts", data={**form, "confirmed": OTHER["id"]})
        assert confirmed.status_code == 303 and roster.sent[-1]["staff_id"] == OTHER["id"], confirmed.text
        own = {**form, "login": " HungNV@VNPT-LongAn.vn ", "staff_id": HUNG["id"]}
        at_once = await client.post("/admin/accounts", data=own)
    assert at_once.status_code == 303, at_once.text
    assert (len(roster.sent), roster.sent[-1]["staff_id"]) == (2, HUNG["id"])
