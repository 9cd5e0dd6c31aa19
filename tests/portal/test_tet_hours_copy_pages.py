"""The Tết hours form's "Chép giờ …" without script, as the portal answers it (roster stood in for by a function: a
point of 17 days owing from 06/02), the way a browser without script sends it — every box of the form as drawn.

N5's leftover: the copy's answer was the POST's own page, so a reload asked to send the form again. It now answers
by Post/Redirect/Get: a 303 to the point's page at `unsaved=1`, the form as the copy left it kept for that address
(api.kept), drawn again by a reload with nothing sent to roster; a save forgets it. A copy sent after the session
ended is not made, and the page after signing in says so, the form as typed.

QZ25 #10: a refused copy's banner spoke of saving ("Chưa lưu gì…"), and a second copy dropped the first copy's
"chưa lưu" marks. The banner now says why the copy was not made and what to do, the days named; every day a copy
changed stays marked until saved."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

import httpx

from portal.domain.expired_forms import TOKENS
from support import present

from . import test_address_values as address
from .test_tet_hours_handlers import MEKONG_DAYS, MEKONG_POINT, MekongRoster, _mekong

DAYS = MEKONG_DAYS  # 30/01 … 15/02
PAGE = f"/manage/tet-hours?campaign_id={address.C1}&site_id={MEKONG_POINT}"
UNSAVED = f"{PAGE}&unsaved=1"
ACTION = f"/manage/tet-hours/{MEKONG_POINT}"


class Roster(MekongRoster):
    """The point's hours as roster holds them, every request's method and path noted (the copy sends nothing)."""

    def __init__(self) -> None:
        super().__init__(_mekong())
        self.sent: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path))
        return super().__call__(request)

    @property
    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.sent if m != "GET" and not p.startswith("/auth/")]


def _form(page: str) -> dict[str, str]:
    """What a browser sends of the Tết hours form as drawn: its boxes' values, the boxes ticked and the choices made
    (radio buttons, selects); no button."""
    form = present(
        re.search(r'<form method="post" action="/manage/tet-hours/[^"]*"[^>]*id="tet-hours-form".*?</form>', page, re.S)
    )[0]
    sent: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if name is None or (kind and kind[1] in ("checkbox", "radio") and " checked" not in tag):
            continue
        sent[html.unescape(name[1])] = html.unescape(value[1]) if value else ""
    for name, options in re.findall(r'<select name="([^"]*)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options) or re.search(
            r'<option value="([^"]*)"', options
        )
        sent[name] = present(chosen)[1]
    return sent


def _boxes(page: str) -> dict[str, str]:
    """The form's boxes and choices, without its own tokens (drawn anew each time)."""
    return {k: v for k, v in _form(page).items() if k not in TOKENS}


def _marks(page: str) -> dict[str, str]:
    """Each day's "Chép từ …, chưa lưu" mark, by day."""
    return {
        day: html.unescape(mark)
        for day, mark in re.findall(
            r'<tr id="day-([0-9-]+)".*?<th scope="row">[^<]*(?:<span class="tag draft copied">([^<]*)</span>)?',
            page,
            re.S,
        )
        if mark
    }


def _banner(page: str) -> str:
    found = re.search(r'<div class="message error[^"]*" role="alert">(.*?)</div>', page, re.S)
    return address._text(found[1]) if found else ""


def _times(page: str, day: str) -> list[str]:
    form = _form(page)
    return [form[f"{n}-{day}"] for n in ("a1", "b1", "a2", "b2")]


async def _copy(client: httpx.AsyncClient, page: str, source: str, **typed: str) -> httpx.Response:
    """ "Chép giờ …" of `source` pressed on `page` (as drawn) with `typed` changed first: the redirect it answers."""
    answer = await client.post(ACTION, data={**_form(page), **typed, "copy": source})
    assert answer.status_code == 303, answer.text
    return answer


async def test_a_copy_redirects_to_the_form_it_left_which_a_reload_draws_again_with_every_copys_marks() -> None:
    roster = Roster()
    app = address._app(roster)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        await address._sign_in(client, roster.account)
        drawn = (await client.get(PAGE)).text

        # 30/01's hours to the days up to 02/02: a 303 to the page at unsaved=1, at the copy's words
        first = await _copy(
            client,
            drawn,
            DAYS[0],
            **{f"a1-{DAYS[0]}": "07:30", f"b1-{DAYS[0]}": "11:30", f"copy_scope-{DAYS[0]}": "until"},
            **{f"copy_until-{DAYS[0]}": DAYS[3]},
        )
        assert first.headers["location"] == f"{UNSAVED}#copied-{DAYS[0]}"
        shown = await client.get(UNSAVED)
        assert shown.status_code == 200
        assert _marks(shown.text) == dict.fromkeys(DAYS[1:4], "Chép từ 30/01, chưa lưu")
        assert all(_times(shown.text, d) == ["07:30", "11:30", "", ""] for d in DAYS[:4])
        assert "Đã chép giờ ngày 30/01 sang 3 ngày: 31/01, 01/02, 02/02." in address._text(shown)
        # a reload: the same form drawn again, nothing sent to roster, nothing copied twice
        again = await client.get(UNSAVED)
        assert again.status_code == 200 and _boxes(again.text) == _boxes(shown.text)
        assert _marks(again.text) == _marks(shown.text)
        assert roster.writes == []

        # a second copy (04/02 to 06/02) keeps the first one's marks: every day changed since the last save
        await _copy(
            client,
            again.text,
            DAYS[5],
            **{f"a1-{DAYS[5]}": "08:00", f"b1-{DAYS[5]}": "12:00", f"copy_scope-{DAYS[5]}": "until"},
            **{f"copy_until-{DAYS[5]}": DAYS[7]},
        )
        second = await client.get(UNSAVED)
        assert _marks(second.text) == {
            **dict.fromkeys(DAYS[1:4], "Chép từ 30/01, chưa lưu"),
            **dict.fromkeys(DAYS[6:8], "Chép từ 04/02, chưa lưu"),
        }
        assert _times(second.text, DAYS[2]) == ["07:30", "11:30", "", ""]

        # a refused copy: the banner says why it was not made and what to do, its day and the other day wrong
        # named — not that nothing was saved; the marks stay
        await _copy(
            client,
            second.text,
            DAYS[9],
            **{f"a1-{DAYS[9]}": "7h", f"b1-{DAYS[9]}": "6h", f"b1-{DAYS[12]}": "17:00"},
        )
        refused = await client.get(UNSAVED)
        assert refused.status_code == 422
        assert _banner(refused.text) == (
            "Chưa chép: giờ của ngày 08/02 có lỗi, ghi ngay dưới ngày đó. Hãy sửa rồi chép lại. "
            "Biểu mẫu còn 1 lỗi khác ở ngày 11/02, mỗi lỗi ghi ngay dưới ngày đó: hãy sửa trước khi lưu. "
            "Các ngày cần sửa: 08/02/2027 (Mùng 3 Tết Đinh Mùi) 11/02/2027 (Mùng 6 tháng Giêng Đinh Mùi)"
        )
        assert "lưu gì" not in _banner(refused.text)
        assert len(_marks(refused.text)) == 5
        assert roster.writes == []

        # a save refused (the mistakes still there) keeps the marks too: nothing was saved
        not_saved = await client.post(ACTION, data={**_form(refused.text), "action": "save"})
        assert (not_saved.status_code, not_saved.headers["location"]) == (303, PAGE)
        assert len(_marks((await client.get(PAGE)).text)) == 5

        # saved, the kept copy is forgotten: its address says so and shows the hours as saved
        corrected = {f"a1-{DAYS[9]}": "", f"b1-{DAYS[9]}": "", f"b1-{DAYS[12]}": "", "action": "save"}
        saved = await client.post(ACTION, data={**_form(refused.text), **corrected})
        assert saved.status_code == 303 and saved.headers["location"].endswith("done=saved")
        assert [m for m, _ in roster.writes] == ["PUT"]
        gone = await client.get(UNSAVED)
        assert gone.status_code == 200 and _marks(gone.text) == {}
        assert "Giờ đã chép mà chưa lưu không còn được giữ ở đây (đã lưu, hoặc đã quá 10 phút)" in address._text(gone)


async def _signed_in_to(client: httpx.AsyncClient, account: dict[str, Any], next_path: str) -> httpx.Response:
    page = await client.get(f"/login?next={quote(next_path)}&expired=1")
    csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text))[1]
    form = {"login": account["login"], "password": address.PASSWORD, "csrf_token": csrf, "next": next_path}
    return await client.post("/login", data=form)


async def test_a_copy_sent_after_the_session_ended_is_not_made_and_the_page_says_so_with_the_form_as_typed() -> None:
    roster = Roster()
    app = address._app(roster)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        await address._sign_in(client, roster.account)
        drawn = (await client.get(PAGE)).text
        typed = {f"a1-{DAYS[1]}": "07:30", f"b1-{DAYS[1]}": "11:30", f"note-{DAYS[1]}": "Mở thêm buổi chiều"}
        client.cookies.delete("lt_session")
        sent = await client.post(ACTION, data={**_form(drawn), **typed, "copy": DAYS[1]})
        assert sent.status_code == 303
        assert sent.headers["location"].startswith(f"/login?next={quote(PAGE)}&expired=1")
        signed = await _signed_in_to(client, roster.account, PAGE)
        assert (signed.status_code, signed.headers["location"]) == (303, PAGE)
        back = await client.get(PAGE)
        assert back.status_code == 200
        line = address._text(present(re.search(r'id="kept-after-expiry">(.*?)</div>', back.text, re.S))[1])
        assert line == (
            "Phiên làm việc đã kết thúc nên “Chép giờ ngày 31/01” chưa được thực hiện (nút này chỉ điền vào biểu mẫu, "
            "không lưu gì). Những gì bạn đã nhập vẫn còn trong biểu mẫu dưới đây: hãy kiểm tra rồi bấm “Chép giờ ngày "
            "31/01” lần nữa."
        )
        assert _times(back.text, DAYS[1]) == ["07:30", "11:30", "", ""]
        assert _form(back.text)[f"note-{DAYS[1]}"] == "Mở thêm buổi chiều"
        assert _marks(back.text) == {} and _times(back.text, DAYS[2]) == ["", "", "", ""]  # not copied
        assert roster.writes == []
