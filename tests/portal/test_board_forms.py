"""The board's cell without a browser: roster's refusal of the free text of the plan form ("Xếp ca": its notes)
and of the cancel form (its reason) is said next to that box, under the form's label for it, with what was typed
kept. Roster is stood in for by httpx.MockTransport.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from portal.api.cookies import LANG_COOKIE, NOTES_COOKIE
from portal.app import create_app
from portal.settings import PortalSettings
from support import present

from .fake_sign_in import sign_in_answer

PASSWORD = "đúng mật khẩu 2027"
C1, E1, H1, S1 = (f"00000000-0000-4000-8000-0000000000{n}" for n in ("c1", "e1", "a1", "b1"))
MANAGER: dict[str, Any] = {
    "id": "a3",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [E1],
    "staff_id": None,
}
CELL = f"/manage/board/{C1}/{E1}/cell?day=2027-02-08&duty_type=operations"
BACK = {"cell_day": "2027-02-08", "cell_duty": "operations", "cell_site": ""}
SHIFT: dict[str, Any] = {
    "id": H1,
    "duty_type": "operations",
    "site_id": None,
    "starts_at": "2027-02-08T01:00:00Z",
    "ends_at": "2027-02-08T09:00:00Z",
    "status": "published",
    "version": 3,
    "notes": None,
    "assignees": [{"staff_id": S1, "full_name": "Lê Thị Hoa", "qualified": True}],
    "warnings": [],
}
BOARD = {
    "campaign": {"id": C1, "name": "Tết Đinh Mùi 2027"},
    "enterprise": {"id": E1, "name": "VNPT Long An"},
    "from": "2027-02-08",
    "to": "2027-02-08",
    "days": [
        {
            "date": "2027-02-08",
            "lunar_name_vi": "Mùng 3 Tết",
            "lunar_name_en": "3rd day of Tết",
            "peaks": [],
            "duty_types": [
                {
                    "duty_type": "operations",
                    "name_vi": "Trực điều hành",
                    "name_en": "Operations duty",
                    "coverage": [],
                    "shifts": [SHIFT],
                }
            ],
        }
    ],
}
CONTROL = "có ký tự điều khiển (U+001B), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó."


def _text_refused(field: str, word_vi: str) -> httpx.Response:
    """roster's 422 for free text holding an escape character, in its own word for the field."""
    error = {
        "field": f"body.{field}",
        "rule": "value_error",
        "message": f"The {field} contains a control character (U+001B), which a text cannot hold.",
        "message_vi": f"{word_vi}: {CONTROL}",
    }
    body = {"type": "https://lichtruc.example/problems/value_error", "status": 422, "detail": error["message"]}
    return httpx.Response(422, json={**body, "detail_vi": error["message_vi"], "errors": [error]})


def _page(items: list[dict]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Roster:
    """Roster as the cell reads it, refusing every change with `refusals` by (method, path)."""

    def __init__(self, *shifts: dict[str, Any]) -> None:
        self.refusals: dict[tuple[str, str], httpx.Response] = {}
        self.posted: list[tuple[str, dict]] = []
        self.board: dict[str, Any] = json.loads(json.dumps(BOARD))
        if shifts:  # the cell's shifts instead of SHIFT alone
            self.board["days"][0]["duty_types"][0]["shifts"] = list(shifts)

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if (signed_in := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
            return signed_in
        if method == "POST":
            self.posted.append((path, json.loads(request.content or b"null") or {}))
            if (method, path) in self.refusals:
                return self.refusals[(method, path)]
        if path == f"/campaigns/{C1}/enterprises/{E1}/board":
            return httpx.Response(200, json=self.board)
        if path == f"/campaigns/{C1}":
            body = {"id": C1, "name": "Tết Đinh Mùi 2027", "kind": "tet"}
            return httpx.Response(
                200, json={**body, "starts_at": "2027-02-01T00:00:00Z", "ends_at": "2027-02-20T00:00:00Z"}
            )
        if path == "/staff":
            return _page([{"id": S1, "full_name": "Lê Thị Hoa", "active": True, "qualifications": ["operator"]}])
        if path == "/sites":
            return _page([])
        if path == f"/enterprises/{E1}/readiness":  # the board's "what is left before Tết": nothing to do
            return _page([])
        if path == "/early-leaves":  # “Tôi cần về sớm” (QZ29 #8): none open on the cell's shifts under way
            return _page([])
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {method} {path}"})


async def _cell(
    roster: Roster, *posts: tuple[str, dict[str, Any]], lang: str = "vi", drawn: str = ""
) -> list[httpx.Response]:
    """The cell's page (`drawn`: with that shift form drawn, "cancel=<shift id>"), then the answer to each POST (path,
    form) sent with the page's csrf token, read in `lang`."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    transport = httpx.ASGITransport(app=app)
    cookies = {LANG_COOKIE: lang}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://p", cookies=cookies) as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        cell = await client.get(f"{CELL}&{drawn}" if drawn else CELL)
        assert cell.status_code == 200, cell.text
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', cell.text)).group(1)
        answers = [cell]
        for path, form in posts:
            answer = await client.post(path, data={**form, "csrf_token": csrf})
            if answer.status_code == 303 and "done=" not in answer.headers["location"]:
                # a refusal redirected to the form's own page (Post/Redirect/Get), which shows it once
                answer = await client.get(answer.headers["location"])
                again = await client.get(answer.request.url)
                assert again.status_code == 200 and "error-summary" not in again.text  # a reload: the page as it is
            answers.append(answer)
        return answers


def _box(answer: httpx.Response, box_id: str, said_id: str) -> tuple[str, str, str]:
    """The textarea `box_id`: its opening tag, its text, and what is said under it (the paragraph `said_id`)."""
    found = present(re.search(rf'(<textarea id="{box_id}"[^>]*>)(.*?)</textarea>', answer.text, re.S))
    said = re.search(rf'<p class="error" id="{said_id}">(.*?)</p>', answer.text, re.S)  # the summary is the alert
    return found.group(1), html.unescape(found.group(2)), html.unescape(said.group(1)) if said else ""


async def test_roster_refusing_a_planned_shifts_notes_is_said_under_the_notes_and_they_are_kept() -> None:
    """QA: notes with an escape character answered "Chưa lưu được: hãy sửa các ô được đánh dấu." and no box was
    marked: roster's error on `body.notes` was dropped."""
    roster = Roster()
    roster.refusals[("POST", "/shifts")] = _text_refused("notes", "Ghi chú")
    typed = "QA ghi chú \x1b[31m đỏ"
    plan = {**BACK, "people": S1, "starts_at": "2027-02-08T16:00", "ends_at": "2027-02-08T22:00", "notes": typed}
    _, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts", plan))
    assert refused.status_code == 422
    assert str(refused.request.url) == f"http://p{CELL}"  # the cell's own address, not the POST's
    assert [p for p, _ in roster.posted] == ["/shifts"] and roster.posted[0][1]["notes"] == typed.strip()
    tag, text, said = _box(refused, "f-notes", "e-plan-notes")
    assert said == f"Ghi chú: {CONTROL}"
    assert 'aria-invalid="true"' in tag and 'aria-describedby="e-plan-notes"' in tag
    assert text == typed
    assert "Chưa lưu được: hãy sửa các ô được đánh dấu." in html.unescape(refused.text)


async def test_roster_refusing_a_cancellations_reason_is_said_under_the_reason_and_it_is_kept() -> None:
    """QA: a reason with an escape character answered only "Chưa lưu được…", no box marked, the reason gone."""
    roster = Roster()
    roster.refusals[("POST", f"/shifts/{H1}/cancel")] = _text_refused("reason", "Lý do")
    typed = "Đổi kế hoạch \x1b[31m gấp"
    cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": typed}
    cell, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel), drawn=f"cancel={H1}")
    assert _box(cell, f"cn-{H1}-reason", f"e-cn-{H1}-reason")[1:] == ("", "")  # nothing typed, nothing said before
    assert refused.status_code == 422
    tag, text, said = _box(refused, f"cn-{H1}-reason", f"e-cn-{H1}-reason")
    assert said == f"Lý do hủy: {CONTROL}"  # the form's label, not roster's “Lý do”
    assert f'aria-describedby="e-cn-{H1}-reason h-cn-{H1}-reason"' in tag  # the refusal, then the hint
    assert text == typed
    # said next to the box, and in the form's summary as a link to it (QA: the summary led nowhere)
    assert html.unescape(refused.text).count(CONTROL) == 2
    assert f'<a href="#cn-{H1}-reason">{said}</a>' in html.unescape(refused.text)


DRAFT: dict[str, Any] = {
    **SHIFT,
    "id": "00000000-0000-4000-8000-0000000000a2",
    "starts_at": "2027-02-08T10:00:00Z",
    "ends_at": "2027-02-08T16:00:00Z",
    "status": "draft",
    "version": 1,
}


def _reason_refused() -> httpx.Response:
    """roster's 422 for a published shift cancelled without a reason (Shift.cancel's RuleViolation)."""
    said_vi = (
        "Ca trực điều hành 08:00–16:00 08/02/2027 (Mùng 3 Tết) đã công bố, người trực và thanh tra đã thấy ca này: "
        "hãy nêu lý do hủy ca (lịch của người trực và lịch sử thay đổi ghi lại lý do)."
    )
    said = (
        "The shift Operations (command) duty 08:00–16:00 8 Feb 2027 (3rd day of Tết) is published, so its staff and "
        "the inspectors already see it: give the reason for cancelling (their calendars and the history show it)."
    )
    error = {"field": "reason", "rule": "cancel-reason-required", "message": said, "message_vi": said_vi}
    body = {"type": "https://lichtruc.example/problems/cancel-reason-required", "status": 422, "title": "Rule broken"}
    return httpx.Response(
        422, json={**body, "detail": said, "detail_vi": said_vi, "errors": [{**error, "shift_id": H1}]}
    )


def _label(answer: httpx.Response, box_id: str) -> str:
    return html.unescape(present(re.search(rf'<label for="{box_id}">(.*?)</label>', answer.text)).group(1))


async def test_a_published_shifts_cancel_reason_is_required_and_a_drafts_is_optional_in_both_languages() -> None:
    for lang, required, optional in (
        ("vi", "Lý do hủy (bắt buộc)", "Lý do hủy (không bắt buộc)"),
        ("en", "Reason for cancelling (required)", "Reason for cancelling (optional)"),
    ):
        # each drawn by its card's link
        (cell,) = await _cell(Roster(SHIFT, DRAFT), lang=lang, drawn=f"cancel={H1}")
        (other,) = await _cell(Roster(SHIFT, DRAFT), lang=lang, drawn=f"cancel={DRAFT['id']}")
        published, draft = f"cn-{H1}-reason", f"cn-{DRAFT['id']}-reason"
        assert (_label(cell, published), _label(other, draft)) == (required, optional)
        assert " required" in _box(cell, published, "-")[0]
        assert " required" not in _box(other, draft, "-")[0]
        # the box says why, in the page's language; a draft's says nothing more
        assert f'aria-describedby="h-{published}"' in _box(cell, published, "-")[0]
        assert "aria-describedby" not in _box(other, draft, "-")[0]

    # QA: cancelling a draft asked as if its staff had seen it ("their calendars … tell them yourself"): a draft
    # was never published, so it is only removed from the plan — with script (data-confirm) and without (noscript)
    for lang, published_words, draft_words in (
        (
            "vi",
            "Lịch của người trực sẽ hiện ca là đã hủy",
            "ca chưa từng được công bố nên chưa ai được báo",
        ),
        ("en", "It shows as cancelled in the calendars", "it was never published, so nobody was told of it"),
    ):
        for shift_id, right, wrong in ((H1, published_words, draft_words), (DRAFT["id"], draft_words, published_words)):
            (cell,) = await _cell(Roster(SHIFT, DRAFT), lang=lang, drawn=f"cancel={shift_id}")
            said = html.unescape(cell.text)
            form = present(re.search(rf'<form[^>]*/shifts/{shift_id}/cancel"[^>]*data-confirm="([^"]*)"', said))[1]
            assert right in form and wrong not in form, (lang, shift_id, form)
            noscript = present(
                re.search(rf'<noscript><label[^>]*><input[^>]*id="confirm-cn-{shift_id}"[^>]*>([^<]*)', said)
            )[1]
            assert right in noscript and wrong not in noscript, (lang, shift_id, noscript)


async def test_the_reschedule_form_says_who_will_be_told_of_the_move_in_both_languages() -> None:
    """QZ23 #2: "Đổi giờ" said nothing of who is told, where "Đổi người trực" did: a published shift's form names
    the people notifier will tell (the old and new times); a draft's, that nobody is told yet."""
    for lang, told, draft_words in (
        (
            "vi",
            "Khi lưu, hệ thống sẽ báo cho Lê Thị Hoa giờ cũ và giờ mới của ca (qua cách nhận tin họ đã chọn, kèm "
            "tệp lịch).",
            "Ca còn là nháp: chưa ai được báo",
        ),
        (
            "en",
            "On saving, Lê Thị Hoa will be told the shift's old and new times (the way they chose to be told, "
            "with the calendar file).",
            "The shift is a draft: nobody is told yet",
        ),
    ):
        for shift_id, right, wrong in ((H1, told, draft_words), (DRAFT["id"], draft_words, told)):
            (cell,) = await _cell(Roster(SHIFT, DRAFT), lang=lang, drawn=f"reschedule={shift_id}")
            form = present(re.search(rf'<form[^>]*/shifts/{shift_id}/reschedule".*?</form>', cell.text, re.S))[0]
            said = html.unescape(present(re.search(rf'data-testid="reschedule-told-{shift_id}">([^<]*)', form))[1])
            assert right in said and wrong not in said, (lang, shift_id, said)


async def test_the_cancel_form_says_who_will_be_told_of_the_cancellation_in_both_languages() -> None:
    """QZ23 #2: "Hủy ca" asked the manager to tell the people themselves ("hãy báo trực tiếp"); notifier now tells
    them: a published shift's form names the people told (why, with the calendar file), its question no longer asks
    the manager to; a draft's says nobody is told."""
    for lang, told, draft_words, gone in (
        (
            "vi",
            "Khi hủy, hệ thống sẽ báo cho Lê Thị Hoa rằng ca đã bị hủy và lý do hủy (qua cách nhận tin họ đã chọn, "
            "kèm tệp lịch gỡ ca khỏi lịch của họ).",
            "Ca còn là nháp: chưa ai được báo về ca này nên không ai nhận tin khi hủy.",
            "hãy báo trực tiếp",
        ),
        (
            "en",
            "On cancelling, Lê Thị Hoa will be told the shift is cancelled and why (the way they chose to be told, "
            "with the calendar file that removes it from their calendar).",
            "The shift is a draft: nobody was told of it, so nobody is told of its cancelling.",
            "tell them yourself",
        ),
    ):
        for shift_id, right, wrong in ((H1, told, draft_words), (DRAFT["id"], draft_words, told)):
            (cell,) = await _cell(Roster(SHIFT, DRAFT), lang=lang, drawn=f"cancel={shift_id}")
            form = present(re.search(rf'<form[^>]*/shifts/{shift_id}/cancel".*?</form>', cell.text, re.S))[0]
            said = html.unescape(present(re.search(rf'data-testid="cancel-told-{shift_id}">([^<]*)', form))[1])
            assert right in said and wrong not in said, (lang, shift_id, said)
            assert gone not in html.unescape(cell.text), (lang, shift_id)


async def test_roster_refusing_a_published_shifts_cancel_without_a_reason_is_said_beside_the_form() -> None:
    """The browser's `required` is not the rule: a reason of spaces passes it, and a page posted without it (no
    JavaScript needed) reaches roster, whose refusal comes back beside the cancel form, in the page's language."""
    for lang, said_here, not_saved in (
        (
            "vi",
            "Ca này đã công bố, người trực và thanh tra đã thấy ca: hãy nêu lý do hủy ca.",
            "Chưa lưu được: hãy sửa các ô được đánh dấu.",
        ),
        (
            "en",
            "This shift is published, and its staff and the inspectors already see it: give the reason for cancelling.",
            "Not saved: correct the marked fields.",
        ),
    ):
        roster = Roster()
        roster.refusals[("POST", f"/shifts/{H1}/cancel")] = _reason_refused()
        cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": "   "}
        _, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel), lang=lang)
        assert refused.status_code == 422
        assert roster.posted == [(f"/shifts/{H1}/cancel", {"reason": None})]  # blank is no reason
        tag, text, said = _box(refused, f"cn-{H1}-reason", f"e-cn-{H1}-reason")
        assert said == said_here
        assert (
            'aria-invalid="true"' in tag
            and f'aria-describedby="e-cn-{H1}-reason h-cn-{H1}-reason"' in tag
            and " required" in tag
        )
        assert text == "   "  # what was typed is kept
        page = html.unescape(refused.text)
        # the cancel form is open again on that shift, at the version the page showed, with the summary above it
        card = present(re.search(rf'<article[^>]*id="shift-{H1}".*?</article>', page, re.S)).group(0)
        assert re.search(
            rf'<section class="shift-form" id="cancel-{H1}"[^>]*>\s*<h5[^>]*>[^<]*</h5>\s*<form[^>]*/cancel"', card
        )
        assert '<input type="hidden" name="version" value="3">' in card
        # beside the box, in the summary leading to it, and the box's words for a blank reason (data-blank)
        assert not_saved in card and page.count(said_here) == 3
        assert page.count(f'data-blank="{said_here}"') == 1
        assert f'<a href="#cn-{H1}-reason">{said_here}</a>' in card


async def test_a_board_that_requires_nothing_says_so_not_that_every_cell_is_covered() -> None:
    """QA round 3: "Mọi ô đều đủ người." over a board whose every cell read "Không yêu cầu"."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(Roster()))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        board = await client.get(f"/manage/board/{C1}/{E1}")
    assert board.status_code == 200, board.text
    text = html.unescape(board.text)
    assert "Chưa có yêu cầu trực nào trong những ngày này" in text and "Mọi ô đều đủ người." not in text


async def test_after_the_campaign_the_board_says_its_gaps_were_not_still_and_a_past_cell_offers_no_plain_plan() -> None:
    """QZ23 #3: on 16/02/2027, the campaign over, the board read "Còn 2 ô thiếu người." and a past cell offered "Xếp
    ca mới" as a day to come does. Ended: "N ô thiếu người (đợt trực đã kết thúc)", and the plan form folded behind
    "Ghi lại một ca đã diễn ra" (the tick it needs kept); before the end, as before."""
    roster = Roster()
    gap = {"starts_at": "2027-02-08T09:00:00Z", "ends_at": "2027-02-08T11:00:00Z", "required": 1, "planned": 0}
    roster.board["days"][0]["duty_types"][0]["coverage"] = [
        {"site_id": None, "required": 1, "planned": 1, "gaps": [gap]}
    ]
    board_path = f"/manage/board/{C1}/{E1}"

    async def seen(at: datetime) -> tuple[str, str]:
        app = create_app(
            PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit"),
            clock=lambda: at,
            transport_for=lambda name: httpx.MockTransport(roster),
        )
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://p") as client,
        ):
            page = await client.get("/login")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            login = {"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf}
            assert (await client.post("/login", data=login)).status_code == 303
            board, cell = await client.get(board_path), await client.get(CELL)
        assert board.status_code == 200 and cell.status_code == 200, (board.text, cell.text)
        return _text(board.text), cell.text

    during, during_cell = await seen(datetime(2027, 2, 7, 3, tzinfo=UTC))  # the day before the cell
    assert "Còn 1 ô thiếu người." in during and "đợt trực đã kết thúc" not in during
    assert '<h3 id="plan-heading">Xếp ca mới</h3>' in during_cell and 'data-testid="plan-past"' not in during_cell

    after, after_cell = await seen(datetime(2027, 2, 20, 2, tzinfo=UTC))  # 09:00 20/02: the campaign ended at 07:00
    assert "1 ô thiếu người (đợt trực đã kết thúc)." in after and "Còn 1 ô" not in after, after
    fold = present(re.search(r'<details class="plan-past"([^>]*)>(.*?)</details>', after_cell, re.S))
    assert " open" not in fold.group(1)  # folded: not the first thing offered
    assert '<summary><h3 id="plan-heading">Ghi lại một ca đã diễn ra</h3></summary>' in fold.group(2)
    assert 'id="plan-form"' in fold.group(2) and "Ngày này đã qua" in _text(fold.group(2))
    assert "Xếp ca mới" not in _text(after_cell)


async def test_a_change_made_leads_back_to_the_cells_panel_and_a_drills_cell_says_it_is_one() -> None:
    """QA on a phone: after a change the page opened at its top, the result said three screens down in the
    panel; and a drill's cell page (the page a change leads back to) lost the board's "Diễn tập" line."""
    roster = Roster()
    roster.refusals[("POST", f"/shifts/{H1}/cancel")] = httpx.Response(200, json={**SHIFT, "status": "cancelled"})
    cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": "Đổi kế hoạch"}
    cell, done = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel))
    assert done.status_code == 303, done.text
    assert done.headers["location"].endswith("#cell-panel"), done.headers["location"]
    assert 'id="cell-panel"' in cell.text
    assert 'class="tag drill"' not in cell.text  # a Tết campaign's cell

    class Drill(Roster):
        async def __call__(self, request: httpx.Request) -> httpx.Response:
            answer = await super().__call__(request)
            if request.url.path != f"/campaigns/{C1}":
                return answer
            return httpx.Response(200, json={**json.loads(answer.content), "kind": "drill", "name": "Diễn tập Tết"})

    drill = Drill()
    (cell,) = await _cell(drill)
    text = html.unescape(cell.text)
    assert '<span class="tag drill">Diễn tập</span>' in text, text[:3000]

    # QZ23 #11: a drill whose name begins with "Diễn tập" is not marked with it again ("Diễn tập Diễn tập trực Tết
    # 16/02/2027"); one named otherwise is, in either language
    class Named(Roster):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name
            self.board["campaign"]["name"] = name

        async def __call__(self, request: httpx.Request) -> httpx.Response:
            answer = await super().__call__(request)
            if request.url.path != f"/campaigns/{C1}":
                return answer
            return httpx.Response(200, json={**json.loads(answer.content), "kind": "drill", "name": self.name})

    (cell,) = await _cell(Named("Diễn tập trực Tết 16/02/2027"))
    text = _text(html.unescape(cell.text))
    assert '<span class="tag drill">' not in cell.text and "Diễn tập Diễn tập" not in text, text
    assert "Diễn tập trực Tết 16/02/2027: buổi diễn tập, từ " in text
    (cell,) = await _cell(Named("Tập dượt trực Tết"))
    assert '<span class="tag drill">Diễn tập</span> Tập dượt trực Tết: buổi diễn tập' in html.unescape(cell.text)
    (cell,) = await _cell(Named("Drill at Tết"), lang="en")
    said = html.unescape(cell.text)
    assert '<span class="tag drill">Drill</span>' not in said and "Drill Drill" not in _text(said)
    assert "Drill at Tết: a drill, from " in _text(said)
    (cell,) = await _cell(Named("Diễn tập trực Tết 16/02/2027"), lang="en")
    assert '<span class="tag drill">Drill</span> Diễn tập trực Tết 16/02/2027: a drill' in html.unescape(cell.text)


async def test_a_plan_with_nobody_and_its_end_before_its_start_is_refused_for_both_at_once() -> None:
    """QA on a phone: with no person and the end before the start, only "Hãy chọn ít nhất một người." was said;
    the times were refused on the next try (by roster)."""
    roster = Roster()
    plan = {**BACK, "starts_at": "2027-02-08T22:00", "ends_at": "2027-02-08T16:00"}
    _, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts", plan))
    assert refused.status_code == 422
    assert roster.posted == []  # nothing sent to roster
    text = html.unescape(refused.text)
    assert "Hãy chọn ít nhất một người." in text
    assert "Giờ kết thúc phải sau giờ bắt đầu: hãy sửa một trong hai." in text
    assert re.search(r'id="f-ends_at"[^>]*aria-invalid="true"', refused.text) or re.search(
        r'aria-invalid="true"[^>]*id="f-ends_at"', refused.text
    ), "the end's box is marked"


async def test_a_refused_plan_is_alerted_once_by_its_summary_and_the_panel_is_not_a_live_region() -> None:
    """QZ8: the whole panel was aria-live (a screen reader would read its shift cards at every swap), and a refusal
    was two alerts saying the same sentence, the summary's and the field's. Now the panel is not live (its notice is
    role=status), the summary is the one alert, and each field's refusal is its box's description only. Its close
    link, without script, leads to the board at this cell."""
    roster = Roster()
    plan = {**BACK, "starts_at": "2027-02-08T22:00", "ends_at": "2027-02-08T16:00"}
    cell, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts", plan))
    assert refused.status_code == 422
    for page in (cell, refused):
        aside = present(re.search(r'<aside id="cell-panel"[^>]*>', page.text)).group(0)
        assert "aria-live" not in aside and 'tabindex="-1"' in aside, aside
    panel = present(re.search(r'<aside id="cell-panel".*?</aside>', refused.text, re.S)).group(0)
    alerts = re.findall(r'<[a-z]+ [^>]*role="alert"[^>]*>', panel)
    assert len(alerts) == 1 and "error-summary" in alerts[0], alerts
    text = html.unescape(panel)
    for said_id, sentence in (("e-plan-people", "Hãy chọn ít nhất một người."), ("e-ends_at", "Giờ kết thúc phải sau")):
        assert re.search(rf'<p class="error" id="{said_id}">{sentence}', text), said_id  # said beside its box…
        assert re.search(rf'aria-describedby="[^"]*\b{said_id}\b', text), said_id  # …which it describes
        assert text.count(sentence) == 2, sentence  # and in the summary
    close = present(re.search(r'<a href="([^"]*)" data-close-panel>', panel)).group(1)
    assert close == f"/manage/board/{C1}/{E1}#cell-2027-02-08-operations"
    assert 'id="cell-2027-02-08-operations"' in refused.text


S2, S3 = "00000000-0000-4000-8000-0000000000b2", "00000000-0000-4000-8000-0000000000b3"
SITES = [
    {"id": S2, "name": "Trạm viễn thông Hưng Điền", "kind": "exchange", "border_area": True, "enterprise_id": E1},
    {"id": S3, "name": "Trạm BTS Mỹ Thạnh Bắc", "kind": "bts", "border_area": True, "enterprise_id": E1},
]


class WithSites(Roster):
    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/sites":
            return _page(SITES)
        if (request.method, request.url.path) == ("POST", "/shifts"):
            self.posted.append(("/shifts", json.loads(request.content)))
            return httpx.Response(201, json={"id": H1, "starts_at": "2027-02-08T09:00:00Z"})
        return await super().__call__(request)


def _ticked(answer: httpx.Response) -> set[str]:
    """The covered sites ticked in the plan form."""
    form = present(re.search(r'<form[^>]*id="plan-form".*?</form>', answer.text, re.S)).group(0)
    boxes = re.findall(r'<input type="checkbox" id="plan-covers-([^"]+)"[^>]*>', form)
    return {b for b in boxes if re.search(rf'id="plan-covers-{b}"[^>]*\bchecked\b', form)}


async def test_the_plan_form_sends_the_sites_the_new_shift_covers_and_keeps_them_when_refused() -> None:
    """QA at the Tết clock: the plan form offered no covered sites (the edit form did). It offers the enterprise's
    sites (all of them in a cell of the whole enterprise), sends those ticked as covers_site_ids — never the shift's
    own site — and keeps them ticked when the plan is refused."""
    roster = WithSites()
    plan = {**BACK, "starts_at": "2027-02-08T16:00", "ends_at": "2027-02-08T22:00", "site_id": S2}
    cell, refused, done = await _cell(
        roster,
        (f"/manage/board/{C1}/{E1}/shifts", {**plan, "covers_site_ids": S3}),  # nobody ticked: refused
        (f"/manage/board/{C1}/{E1}/shifts", {**plan, "people": S1, "covers_site_ids": [S3, S2, S3]}),
    )
    legend = "Kiêm cả các điểm trực"
    assert legend in cell.text and _ticked(cell) == set()
    assert refused.status_code == 422 and "Hãy chọn ít nhất một người." in html.unescape(refused.text)
    assert _ticked(refused) == {S3}
    assert done.status_code == 303 and "done=planned" in done.headers["location"]
    assert [p for p, _ in roster.posted] == ["/shifts"]
    sent = roster.posted[0][1]
    assert sent["site_id"] == S2 and sent["covers_site_ids"] == [S3]


async def test_a_refusal_too_large_to_keep_is_said_by_the_posts_own_answer() -> None:
    """A refused plan is kept for its redirect in a cookie (4 KB at most): notes that would not fit are refused in
    the POST's own answer, as before, with everything typed kept — never lost on the way."""
    roster = Roster()
    roster.refusals[("POST", "/shifts")] = _text_refused("notes", "Ghi chú")
    typed = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(2000))  # 2,000 characters hardly compressible
    plan = {**BACK, "people": S1, "starts_at": "2027-02-08T16:00", "ends_at": "2027-02-08T22:00", "notes": typed}
    _, refused = await _cell(roster, (f"/manage/board/{C1}/{E1}/shifts", plan))
    assert refused.status_code == 422 and refused.request.method == "POST"
    assert _box(refused, "f-notes", "e-plan-notes")[1] == typed


async def test_a_refused_publish_all_is_said_at_the_boards_own_address_once() -> None:
    """Publish all, unconfirmed (no script, the box not ticked) or refused by roster: a 303 to the board's own address
    (Post/Redirect/Get, as every refused form of the board), which says why once; a reload is the board as it is."""
    roster = Roster(SHIFT, DRAFT)
    publish = f"/manage/board/{C1}/{E1}/publish"
    roster.refusals[("POST", f"/campaigns/{C1}/enterprises/{E1}/publish")] = httpx.Response(
        409,
        json={
            "type": "https://lichtruc.example/problems/conflict",
            "status": 409,
            "detail": "Another manager is publishing this board.",
            "detail_vi": "Một người quản lý khác đang công bố bảng trực này.",
        },
    )
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://p", cookies={LANG_COOKIE: "vi"}) as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        done = await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        board = await client.get(f"/manage/board/{C1}/{E1}")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', board.text)).group(1)
        for form, status, said in (
            ({}, 422, "Chưa thực hiện vì chưa được xác nhận"),
            ({"confirmed": "yes"}, 409, "Một người quản lý khác đang công bố bảng trực này."),
        ):
            refused = await client.post(publish, data={**form, "csrf_token": csrf})
            assert refused.status_code == 303 and refused.headers["location"] == f"/manage/board/{C1}/{E1}"
            shown = await client.get(refused.headers["location"])
            assert shown.status_code == status and said in html.unescape(shown.text)
            again = await client.get(refused.headers["location"])  # a reload: the board as it is
            assert again.status_code == 200 and said not in html.unescape(again.text)
    assert [p for p, _ in roster.posted] == [f"/campaigns/{C1}/enterprises/{E1}/publish"]  # unconfirmed: nothing sent


STALE = {
    "type": "https://lichtruc.example/problems/stale-version",
    "status": 412,
    "detail": "The shift has changed since you read it.",
    "detail_vi": "Ca trực đã thay đổi từ lúc bạn đọc.",
}


class ChangedMeanwhile(WithSites):
    """Someone else saved the shift (version 3, as the page was drawn) first: roster holds version 4 — another note, at
    Hưng Điền covering Mỹ Thạnh Bắc, from 09:00 — and refuses every change made from version 3 (412)."""

    def __init__(self) -> None:
        theirs = {**SHIFT, "version": 4, "notes": "Sửa ở thẻ khác", "site_id": S2, "covers_site_ids": [S3]}
        super().__init__({**theirs, "starts_at": "2027-02-08T02:00:00Z"})

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(f"/shifts/{H1}") and request.headers.get("if-match") == '"3"':
            return httpx.Response(412, json=STALE)
        return await super().__call__(request)


def _latest(answer: httpx.Response, said_id: str) -> str | None:
    found = re.search(rf'<p class="latest typed-text" id="{said_id}">([^<]*)</p>', answer.text)
    return html.unescape(found.group(1)) if found else None


async def test_a_shift_saved_by_someone_else_first_keeps_what_was_typed_with_theirs_beside_each_box_that_differs() -> (
    None
):
    """QA 2026-12-06: the cell's forms after someone else's save said the shift had changed and nothing more. Now
    each comes back as typed over the latest version, the latest saved value beside each box that differs."""
    base = f"/manage/board/{C1}/{E1}/shifts/{H1}"
    edit = {**BACK, "version": "3", "site_id": "", "notes": "Ghi chú gõ trên trang cũ", "covers_shown": "1"}
    times = {**BACK, "version": "3", "starts_at": "2027-02-08T08:00", "ends_at": "2027-02-08T16:00"}
    _, edited, moved = await _cell(ChangedMeanwhile(), (f"{base}/edit", edit), (f"{base}/reschedule", times))
    assert edited.status_code == moved.status_code == 412
    said = _text(edited.text)
    assert "Những gì bạn đã nhập vẫn được giữ nguyên trong biểu mẫu" in said
    form = present(re.search(rf'<form method="post" action="{base}/edit".*?</form>', edited.text, re.S)).group(0)
    assert '<input type="hidden" name="version" value="4">' in form  # over the latest: saving again is theirs replaced
    assert _box(edited, f"ed-{H1}-notes", "-")[1] == "Ghi chú gõ trên trang cũ"  # as typed
    assert not re.search(r'<option value="[^"]+" selected', form)  # "no site", as typed, not Hưng Điền
    assert _latest(edited, f"l-ed-{H1}-notes") == "Bản đã lưu mới nhất: Sửa ở thẻ khác"
    assert _latest(edited, f"l-ed-{H1}-site") == "Bản đã lưu mới nhất: Trạm viễn thông Hưng Điền"
    assert _latest(edited, f"l-ed-{H1}-covers") == "Bản đã lưu mới nhất: Trạm BTS Mỹ Thạnh Bắc"
    assert f'aria-describedby="l-ed-{H1}-notes"' in edited.text
    # the new hours: the start typed differs from the one saved (09:00), the end typed is the one saved: nothing beside
    assert (
        f'id="rs-{H1}-starts_at" name="starts_at" required\n                   value="2027-02-08T08:00"' in moved.text
    )
    assert _latest(moved, f"l-rs-{H1}-starts_at") == "Bản đã lưu mới nhất: 09:00 08/02/2027 (Mùng 3 Tết Đinh Mùi)"
    assert _latest(moved, f"l-rs-{H1}-ends_at") is None


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


SITE = "00000000-0000-4000-8000-0000000000d1"


class Changing(Roster):
    """Roster answering each change with the shift as it now is (as roster does: its ShiftOut), naming its
    enterprise and its site, the changed shift left off the cell's list (`listed`: a cancelled one is not)."""

    def __init__(self, answer: dict[str, Any], *, listed: bool = True, places: bool = True) -> None:
        super().__init__(SHIFT) if listed else super().__init__()
        if not listed:
            self.board["days"][0]["duty_types"][0]["shifts"] = []
        self.answer, self.places = answer, places

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if method in ("POST", "PATCH") and path.startswith("/shifts") and "/login" not in path:
            self.posted.append((path, json.loads(request.content or b"null") or {}))
            return httpx.Response(201 if path == "/shifts" else 200, json=self.answer)
        if self.places and path == f"/enterprises/{E1}":
            return httpx.Response(200, json={"id": E1, "name": "VNPT Long An"})
        if self.places and path == f"/sites/{SITE}":
            return httpx.Response(200, json={"id": SITE, "name": "Trạm BTS Mỹ Thạnh Bắc", "border_area": False})
        return await super().__call__(request)


async def _change(roster: Roster, path: str, form: dict[str, Any], *, lang: str) -> tuple[str, str, str, str]:
    """A change sent from the cell, in `lang`: the address it redirects to, then the notice said there by the panel
    htmx asks for (the cell's panel opened on the board), by the page, and by the page reloaded."""
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    app = create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://p", cookies={LANG_COOKIE: lang}) as client,
    ):
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
        cell = await client.get(CELL)
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', cell.text)).group(1)
        sent = await client.post(path, data={**form, "csrf_token": csrf})
        assert sent.status_code == 303, sent.text
        where, sealed = sent.headers["location"], client.cookies.get(NOTES_COOKIE)
        said = []
        for htmx in (False, False, True):  # the page, that page reloaded, then the panel htmx asks for at its address
            if htmx and sealed:  # given the same sealed words (the page's answer forgot them)
                client.cookies.set(NOTES_COOKIE, sealed)
            answer = await client.get(where.split("#")[0], headers={"HX-Request": "true"} if htmx else {})
            assert answer.status_code == 200, answer.text
            notice = present(re.search(r'<div class="message ok" role="status">(.*?)</div>', answer.text, re.S))
            said.append(html.unescape(notice.group(1)))
        return where, said[2], said[0], said[1]


VNPT_MORNING = {
    "vi": "Trực điều hành tại VNPT Long An, 08:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 16:00",
    "en": "Operations (command) duty at VNPT Long An, 08:00 8 Feb 2027 (3rd day of Tết, Đinh Mùi) → 16:00",
}


async def test_the_notice_after_cancelling_names_the_shift_the_cell_no_longer_lists_in_both_languages() -> None:
    """QA: "Đã hủy ca trực." said not which shift — on a busy cell, the manager could not tell which went. Named from
    roster's answer to the cancel (the cell's page lists cancelled shifts no more), its words sealed for that page,
    never in its address; the panel htmx asks for says them as the page does."""
    for lang, named, plain in (
        ("vi", f"Đã hủy ca {VNPT_MORNING['vi']}.", "Đã hủy ca trực."),
        ("en", f"Shift cancelled: {VNPT_MORNING['en']}.", "The shift is cancelled."),
    ):
        roster = Changing({**SHIFT, "enterprise_id": E1, "status": "cancelled"}, listed=False)
        cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": "Đổi kế hoạch"}
        where, panel, page, reloaded = await _change(
            roster, f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel, lang=lang
        )
        assert (panel, page) == (named, named), lang
        assert reloaded == plain  # said once; the address alone says only what was done
        assert where.endswith("#cell-panel") and "VNPT" not in where and "done=cancelled" in where
        assert [p for p, _ in roster.posted] == [f"/shifts/{H1}/cancel"]

    # roster not saying where the shift is held: the change is made all the same, and said without the name
    roster = Changing({**SHIFT, "enterprise_id": E1, "status": "cancelled"}, listed=False, places=False)
    cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": "Đổi kế hoạch"}
    _, panel, page, _ = await _change(roster, f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel, lang="vi")
    assert (panel, page) == ("Đã hủy ca trực.", "Đã hủy ca trực.")


async def test_the_notices_after_planning_and_changing_a_shift_name_it_in_both_languages() -> None:
    """The board's other notices of one shift name it the same way, as roster answered the change: its new times
    after a reschedule, its new site after an edit."""
    evening = {"starts_at": "2027-02-08T11:00:00Z", "ends_at": "2027-02-08T15:00:00Z"}  # 18:00–22:00
    at_site = {
        "vi": "Trực điều hành tại Trạm BTS Mỹ Thạnh Bắc, 08:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 16:00",
        "en": "Operations (command) duty at Trạm BTS Mỹ Thạnh Bắc, 08:00 8 Feb 2027 (3rd day of Tết, Đinh Mùi) → 16:00",
    }
    later = {
        "vi": "Trực điều hành tại VNPT Long An, 18:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 22:00",
        "en": "Operations (command) duty at VNPT Long An, 18:00 8 Feb 2027 (3rd day of Tết, Đinh Mùi) → 22:00",
    }
    changed = {**BACK, "version": "3", "confirmed": "yes"}
    base = f"/manage/board/{C1}/{E1}/shifts"
    cases = [
        (
            f"{base}/{H1}/edit",
            {**changed, "site_id": SITE, "notes": "Trực tại trạm"},
            {"site_id": SITE},
            {
                "vi": f"Đã lưu ghi chú và điểm trực của ca {at_site['vi']}.",
                "en": f"Notes and site saved for {at_site['en']}.",
            },
        ),
        (
            f"{base}/{H1}/reschedule",
            {**changed, "starts_at": "2027-02-08T18:00", "ends_at": "2027-02-08T22:00"},
            evening,
            {"vi": f"Đã đổi giờ ca trực, nay là ca {later['vi']}.", "en": f"New times saved: {later['en']}."},
        ),
        (
            f"{base}/{H1}/reassign",
            {**changed, "people": S1},
            {},
            {  # and who is on it now (QZ10 #15)
                "vi": f"Đã lưu người trực ca {VNPT_MORNING['vi']}; người trực nay là Lê Thị Hoa.",
                "en": f"People saved for {VNPT_MORNING['en']}: on it now, Lê Thị Hoa.",
            },
        ),
        (
            f"{base}/{H1}/publish",
            changed,
            {},
            {"vi": f"Đã công bố ca {VNPT_MORNING['vi']}.", "en": f"Shift published: {VNPT_MORNING['en']}."},
        ),
        (
            base,
            {**BACK, "people": S1, "starts_at": "2027-02-08T18:00", "ends_at": "2027-02-08T22:00"},
            {**evening, "status": "draft"},
            {
                "vi": f"Đã lưu ca {later['vi']} (bản nháp). Nhớ công bố để nhân viên nhận được lịch.",
                "en": f"Shift saved as a draft: {later['en']}. Remember to publish it so that staff get their calendars.",
            },
        ),
    ]
    for path, form, answer, named in cases:
        for lang in ("vi", "en"):
            roster = Changing({**SHIFT, "enterprise_id": E1, **answer})
            _, panel, page, _ = await _change(roster, path, form, lang=lang)
            assert (panel, page) == (named[lang], named[lang]), (path, lang)


class Moved(Changing):
    """A shift of Trạm BTS Mỹ Thạnh Bắc's operations column rescheduled from 18:00–24:00 07/02 to 00:00–06:00 08/02,
    roster's board answering as it reads after the change: 07/02 now without anyone 18:00–24:00, 08/02 covered."""

    def __init__(self) -> None:
        moved = {**SHIFT, "enterprise_id": E1, "site_id": SITE}
        moved |= {"starts_at": "2027-02-07T17:00:00Z", "ends_at": "2027-02-07T23:00:00Z"}
        super().__init__(moved)
        gap = {"starts_at": "2027-02-07T11:00:00Z", "ends_at": "2027-02-07T17:00:00Z", "required": 1, "planned": 0}

        def day(on: str, lunar: tuple[str, str], cover: dict[str, Any], shifts: list[dict[str, Any]]) -> dict:
            duty = {"duty_type": "operations", "name_vi": "Trực điều hành", "name_en": "Operations duty"}
            cover = {"site_id": SITE, "required": 1, **cover}
            return {"date": on, "lunar_name_vi": lunar[0], "lunar_name_en": lunar[1], "peaks": []} | {
                "duty_types": [{**duty, "coverage": [cover], "shifts": shifts}]
            }

        self.board |= {"from": "2027-02-07", "to": "2027-02-08"}
        self.board["days"] = [
            day("2027-02-07", ("Mùng 2 Tết", "2nd day of Tết"), {"planned": 0, "gaps": [gap]}, []),
            day("2027-02-08", ("Mùng 3 Tết", "3rd day of Tết"), {"planned": 1, "gaps": []}, [moved]),
        ]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/sites":
            return _page([{"id": SITE, "name": "Trạm BTS Mỹ Thạnh Bắc", "border_area": False, "enterprise_id": E1}])
        return await super().__call__(request)


def _app(roster: Roster) -> Any:
    settings = PortalSettings(session_key="s" * 48, roster_url="http://roster", audit_url="http://audit")
    return create_app(settings, transport_for=lambda name: httpx.MockTransport(roster))


async def test_a_reschedule_out_of_its_cell_says_what_the_cell_it_left_now_has_with_a_link_to_it() -> None:
    """QZ22 #8: the 18:00 07/02 shift moved to 00:00–06:00 08/02, the panel followed it to 08/02 and said only "Đủ
    người suốt ngày" there — not the 18:00–24:00 gap just opened on 07/02, which the board's cell did show. The page
    says it, from the board it reads after the change, with a link to that cell; in both languages, by the page and by
    the panel htmx asks for."""
    old_cell = f"/manage/board/{C1}/{E1}/cell?day=2027-02-07&duty_type=operations&site_id={SITE}"
    said = {
        "vi": "Ô 07/02 (Trực điều hành, Trạm BTS Mỹ Thạnh Bắc) nay thiếu người 18:00–24:00. Mở ô 07/02",
        "en": "The 7 Feb cell (Operations duty, Trạm BTS Mỹ Thạnh Bắc) is now short of people 18:00–24:00."
        " Open the 7 Feb cell",
    }
    for lang in ("vi", "en"):
        app = _app(Moved())
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://p", cookies={LANG_COOKIE: lang}
            ) as client,
        ):
            page = await client.get("/login")
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
            await client.post("/login", data={"login": MANAGER["login"], "password": PASSWORD, "csrf_token": csrf})
            cell = await client.get(old_cell)
            csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', cell.text)).group(1)
            back = {"cell_day": "2027-02-07", "cell_duty": "operations", "cell_site": SITE, "version": "3"}
            form = {**back, "confirmed": "yes", "starts_at": "2027-02-08T00:00", "ends_at": "2027-02-08T06:00"}
            sent = await client.post(
                f"/manage/board/{C1}/{E1}/shifts/{H1}/reschedule", data={**form, "csrf_token": csrf}
            )
            assert sent.status_code == 303, sent.text
            where = sent.headers["location"]
            assert "day=2027-02-08" in where and "left=2027-02-07" in where, where
            for htmx in (False, True):
                answer = await client.get(where.split("#")[0], headers={"HX-Request": "true"} if htmx else {})
                left = present(
                    re.search(r'<div class="message warn" data-testid="left-behind">(.*?)</div>', answer.text, re.S)
                )
                assert " ".join(html.unescape(re.sub(r"<[^>]+>", " ", left.group(1))).split()) == said[lang], lang
                assert f'<a href="{html.escape(old_cell)}#cell-panel">' in left.group(1)
            # the same address of a change that moved nothing out of its cell says nothing of another
            plain = await client.get(where.split("#")[0].replace("done=rescheduled", "done=edited"))
            assert 'data-testid="left-behind"' not in plain.text
            typed = await client.get(where.split("#")[0].replace("left=2027-02-07", "left=07-02"))  # no day: no line
            assert typed.status_code == 200 and 'data-testid="left-behind"' not in typed.text


async def test_a_shift_ending_at_midnight_ends_at_24_00_in_the_cancel_notice_and_its_actions_names() -> None:
    """QZ22 #9: the board and the gap mail say "18:00–24:00"; the notice after cancelling said "→ 00:00 16/02" and a
    card's actions were heard "Hủy ca — …, 18:00–00:00". Both now end at 24:00 of the shift's own day."""
    evening = {"starts_at": "2027-02-08T11:00:00Z", "ends_at": "2027-02-08T17:00:00Z"}  # 18:00 08/02 → 00:00 09/02
    roster = Changing({**SHIFT, **evening, "enterprise_id": E1, "status": "cancelled"}, listed=False)
    cancel = {**BACK, "version": "3", "confirmed": "yes", "reason": "Đổi kế hoạch"}
    for lang, named in (
        ("vi", "Đã hủy ca Trực điều hành tại VNPT Long An, 18:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 24:00."),
        (
            "en",
            "Shift cancelled: Operations (command) duty at VNPT Long An, 18:00 8 Feb 2027 (3rd day of Tết, Đinh Mùi) → 24:00.",
        ),
    ):
        _, panel, page, _ = await _change(roster, f"/manage/board/{C1}/{E1}/shifts/{H1}/cancel", cancel, lang=lang)
        assert (panel, page) == (named, named), lang
    listed = Roster({**SHIFT, **evening})
    (cell,) = await _cell(listed)
    assert '<span class="visually-hidden"> — Lê Thị Hoa, 18:00–24:00</span>' in cell.text
    card = present(re.search(rf'<article class="card shift-card" id="shift-{H1}".*?</article>', cell.text, re.S)).group(
        0
    )
    assert "18:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 24:00" in card and "00:00" not in card
