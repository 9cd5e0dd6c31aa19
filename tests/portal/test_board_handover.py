"""The board's cell without a browser: handing over the rest of a shift under way (QA 2026-12-06: the card of a
checked-in shift whose leader fell ill offered nothing and said nothing). A checked-in card says in one line what can
still be done; its "Giao phần còn lại của ca" form (moment, people, reason) is drawn on the cell's page named for the
shift (`?handover=`, a form link as the card's others: with script htmx brings it into the card), with or without
script; after it the notice names both shifts; roster's refusal is said beside the form, in its words. Roster is stood in for by httpx.MockTransport."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from support import present

from .fake_sign_in import signed_in_portal
from .test_board_forms import BACK, C1, CELL, E1, H1, MANAGER, PASSWORD, S1, SHIFT, Roster, _page

NOON = datetime(2027, 2, 8, 5, tzinfo=UTC)  # 12:00 on mùng 3 Tết; SHIFT runs 08:00–16:00
S2 = "00000000-0000-4000-8000-0000000000b2"
R1 = "00000000-0000-4000-8000-0000000000a9"
CHECKED_IN: dict[str, Any] = {
    **SHIFT,
    "status": "checked_in",
    "version": 4,
    "assignees": [{**SHIFT["assignees"][0], "checked_in_at": "2027-02-08T00:58:00Z"}],
}
ENDED = {**CHECKED_IN, "ends_at": "2027-02-08T05:05:00Z", "version": 5}
REST = {
    **SHIFT,
    "id": R1,
    "starts_at": "2027-02-08T05:05:00Z",
    "version": 2,
    "assignees": [{"staff_id": S2, "full_name": "Trần Văn Bình", "qualified": True}],
    "continues_shift_id": H1,
    "handover_reason": "Chị Hoa bị sốt",
}
HANDOVER = f"/manage/board/{C1}/{E1}/shifts/{H1}/handover"


class Cell(Roster):
    """The cell with one shift, its staff two operators; roster's handover answered as `answer` says (by default both
    shifts, as roster answers: the notice names them from that answer, roster is not asked again)."""

    def __init__(self, shift: dict[str, Any], answer: httpx.Response | None = None) -> None:
        super().__init__(shift)
        self.shift = shift
        self.answer = answer or httpx.Response(201, json={"ended": ENDED, "rest": REST})

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and path == f"/shifts/{H1}/handover":
            await super().__call__(request)  # recorded in `posted`
            return self.answer
        if request.method == "GET" and path == f"/shifts/{H1}":  # the moment checked against the shift's times
            return httpx.Response(200, json=self.shift)
        if path == "/staff":
            return _page(
                [
                    {"id": S1, "full_name": "Lê Thị Hoa", "active": True, "qualifications": ["operator"]},
                    {"id": S2, "full_name": "Trần Văn Bình", "active": True, "qualifications": ["operator"]},
                ]
            )
        return await super().__call__(request)


def _card(page: httpx.Response, shift_id: str = H1) -> str:
    return present(re.search(rf'<article[^>]*id="shift-{shift_id}".*?</article>', html.unescape(page.text), re.S))[0]


def _csrf(page: httpx.Response) -> str:
    return present(re.search(r'name="csrf_token" value="([^"]+)"', page.text))[1]


WHICH = '<span class="visually-hidden"> — Lê Thị Hoa, 08:00–16:00</span>'  # the shift an action is for, heard


async def test_a_checked_in_card_says_what_can_be_done_and_offers_the_handover() -> None:
    for lang, line, link in (
        (
            "vi",
            "Đã có người điểm danh nên ca không đổi giờ, đổi người được nữa: nếu người trực không thể tiếp tục, hãy "
            "giao phần còn lại của ca cho người khác; hoặc hủy ca.",
            "Giao phần còn lại của ca",
        ),
        (
            "en",
            "Someone has checked in, so the shift can no longer be moved or given to other people: if someone on duty "
            "cannot go on, hand over the rest of it to others; or cancel it.",
            "Hand over the rest of this shift",
        ),
    ):
        async with signed_in_portal(Cell(CHECKED_IN), MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
            card = _card(await client.get(CELL))
        assert line in card, card
        assert re.search(
            rf'<a href="[^"]*handover={H1}#handover-{H1}" data-form-link="handover"[^>]*>{link}{WHICH}</a>', card
        )
        assert f"cancel={H1}#cancel-{H1}" in card  # the other thing that can be done
        for other in ("reschedule", "reassign", "edit"):
            assert f"{other}={H1}" not in card, other
        assert f"/shifts/{H1}/handover" not in card  # the form (and its people picker) only when its link is followed

    # before the start (checked in early): no handover, and the line says only cancelling is left
    async with signed_in_portal(
        Cell(CHECKED_IN), MANAGER["login"], PASSWORD, now=datetime(2027, 2, 8, 0, 50, tzinfo=UTC)
    ) as client:
        card = _card(await client.get(CELL))
    assert "lúc này chỉ có thể hủy ca" in card and f"Giao phần còn lại của ca{WHICH}</a>" not in card
    # QZ23 #10: after the end, checked in, it says it has ended with the ended-shift warning (as an ended published
    # one does), not "lúc này chỉ có thể hủy ca" (read as "later, more"); cancelling asks as for an ended shift
    async with signed_in_portal(
        Cell(CHECKED_IN), MANAGER["login"], PASSWORD, now=datetime(2027, 2, 8, 9, 1, tzinfo=UTC)
    ) as client:
        card = _card(await client.get(CELL))
        drawn = _card(await client.get(f"{CELL}&cancel={H1}"))
    assert f'<p class="message warn shift-timing" id="timing-{H1}">Ca này đã kết thúc lúc 16:00 08/02/2027' in card
    assert "sửa hồ sơ của một ca đã qua" in card and "chỉ còn có thể hủy ca." in card, card
    assert "lúc này chỉ có thể hủy ca" not in card and f"Giao phần còn lại của ca{WHICH}</a>" not in card
    assert f"cancel={H1}#cancel-{H1}" in card and "Đang trực" not in card
    assert "Ca này đã kết thúc; thanh tra thấy mọi lần sửa." in drawn
    # a published shift still to come is reassigned as before, not handed over
    async with signed_in_portal(Cell(SHIFT), MANAGER["login"], PASSWORD, now=datetime(2027, 2, 7, tzinfo=UTC)) as c:
        card = _card(await c.get(CELL))
    assert f"Người trực của ca{WHICH}</a>" in card and "Giao phần còn lại của ca" not in card


async def test_the_reassign_form_of_a_shift_under_way_says_it_changes_the_whole_shift_and_links_the_handover() -> None:
    """QA (2026-12-06): "Đổi người trực" of a shift under way gave its past hours too to the new people, saying
    nothing. It stays (a mistake in who was planned is real), saying so in one line beside the way to change people
    from now on."""
    for lang, line, link in (
        (
            "vi",
            "Người trực lưu ở đây là người trực cả ca, kể cả những giờ đã trực (hồ sơ sẽ ghi họ trực từ đầu ca). "
            "Để đổi người từ bây giờ:",
            "Giao phần còn lại của ca",
        ),
        (
            "en",
            "The people saved here are on duty for the whole shift, the hours already worked included (the record "
            "will say they were on duty from its start). To change people from now on:",
            "Hand over the rest of this shift",
        ),
    ):
        async with signed_in_portal(Cell(SHIFT), MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
            card = _card(await client.get(f"{CELL}&reassign={H1}"))
            said = present(re.search(rf'<p class="hint" data-testid="reassign-whole-{H1}">(.*?)</p>', card, re.S))[1]
            assert said.startswith(line + " <a "), said
            href = present(re.search(rf'<a href="([^"]*)" hx-get="[^"]*" [^>]*>{link}</a>', said))[1]
            assert href.endswith(f"handover={H1}#handover-{H1}")
            assert f"/shifts/{H1}/reassign" in card  # reassigning is still offered
            drawn = _card(await client.get(href.split("#")[0]))
            assert f'action="/manage/board/{C1}/{E1}/shifts/{H1}/handover"' in drawn  # the link draws the handover
    # a shift still to come: reassigning it changes nothing already worked, nothing said
    async with signed_in_portal(Cell(SHIFT), MANAGER["login"], PASSWORD, now=datetime(2027, 2, 7, tzinfo=UTC)) as c:
        card = _card(await c.get(f"{CELL}&reassign={H1}"))
    assert f"/shifts/{H1}/reassign" in card and "reassign-whole" not in card and "kể cả những giờ đã trực" not in card


async def test_the_handover_form_sends_the_people_the_moment_and_the_reason_and_the_notice_names_both_shifts() -> None:
    roster = Cell(CHECKED_IN)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOON) as client:
        page = await client.get(f"{CELL}&handover={H1}")
        card = _card(page)
        form = present(re.search(rf'<form method="post" action="[^"]*/shifts/{H1}/handover".*?</form>', card, re.S))[0]
        assert 'name="moment"' in form and 'type="datetime-local"' in form
        assert f'id="ho-{H1}-{S2}" name="people" value="{S2}"' in form  # the people picker, as reassign's
        assert f'value="{S1}"' not in form  # without the person relieved (QZ10: offered, refused only once sent)
        assert re.search(rf'<textarea id="ho-{H1}-reason" name="reason"[^>]* required', form)
        assert "Để trống: bây giờ, làm tròn lên 5 phút." in form
        data = {
            **BACK,
            "version": "4",
            "people": S2,
            "moment": "2027-02-08T12:05",
            "reason": " Chị Hoa bị sốt ",
            "csrf_token": _csrf(page),
        }
        done = await client.post(HANDOVER, data=data)
        assert done.status_code == 303, done.text
        query = parse_qs(urlsplit(done.headers["location"]).query)
        assert (query["done"], query["shift"]) == (["handed_over"], [H1])
        after = html.unescape((await client.get(done.headers["location"])).text)
    assert roster.posted[-1] == (
        f"/shifts/{H1}/handover",
        {"assignees": [{"staff_id": S2}], "reason": "Chị Hoa bị sốt", "at": "2027-02-08T12:05:00+07:00"},
    )
    assert (
        "Đã giao phần còn lại của ca: ca 08:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 12:05 của Lê Thị Hoa nay kết thúc "
        "lúc 12:05 08/02/2027 (Mùng 3 Tết Đinh Mùi); ca mới 12:05 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 16:00 của Trần "
        "Văn Bình đã được công bố."
    ) in after, after[after.find("cell-panel") :][:2000]


async def test_roster_refusing_the_moment_is_said_beside_it_and_what_was_typed_is_kept() -> None:
    said_vi = (
        "Ca trực điều hành 08:00–16:00 08/02/2027 (Mùng 3 Tết) của Lê Thị Hoa kết thúc lúc 16:00 08/02/2027 "
        "(Mùng 3 Tết): thời điểm giao ca phải trước giờ kết thúc, sau đó không còn gì để giao."
    )
    error = {"field": "at", "rule": "handover-before-end", "message": "The shift … ends", "message_vi": said_vi}
    problem = {"type": "x/handover-before-end", "status": 422, "detail": "The shift … ends", "detail_vi": said_vi}
    roster = Cell(CHECKED_IN, httpx.Response(422, json={**problem, "errors": [error]}))
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOON) as client:
        page = await client.get(CELL)
        data = {
            **BACK,
            "version": "4",
            "people": S2,
            "moment": "2027-02-08T12:05",  # a moment the portal finds fine: roster's own refusal is said as it is
            "reason": "Ốm",
            "csrf_token": _csrf(page),
        }
        posted = await client.post(HANDOVER, data=data)
        assert posted.status_code == 303 and "done=" not in posted.headers["location"]
        refused = await client.get(posted.headers["location"])
    assert refused.status_code == 422
    card = _card(refused)
    assert f'<p class="error" id="e-ho-{H1}-moment">{said_vi}</p>' in card  # the summary alone is the alert
    assert card.count('role="alert"') == 1
    assert f'value="2027-02-08T12:05" aria-describedby="h-ho-{H1}-moment e-ho-{H1}-moment" aria-invalid="true"' in card
    assert re.search(rf'id="ho-{H1}-{S2}" name="people" value="{S2}" checked', card)
    assert f'<a href="#ho-{H1}-moment">{said_vi}</a>' in card  # the summary leads to the box

    # nobody chosen and no reason: roster is asked (the portal keeps no copy of its bounds) and both are said at once
    nobody = {
        "field": "assignees",
        "rule": "handover-people-required",
        "message": "Choose who takes over the rest of the shift Operations duty 08:00–16:00 8 Feb 2027 of Lê Thị Hoa.",
        "message_vi": "x",
    }
    no_reason = {
        "field": "reason",
        "rule": "handover-reason-required",
        "message": "Say why the rest of the shift Operations duty 08:00–16:00 8 Feb 2027 of Lê Thị Hoa is handed over.",
        "message_vi": "y",
    }
    answer = {"type": "x/handover-reason-required", "status": 422, "detail": no_reason["message"], "detail_vi": "y"}
    roster = Cell(CHECKED_IN, httpx.Response(422, json={**answer, "errors": [no_reason, nobody]}))
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOON, lang="en") as client:
        page = await client.get(CELL)
        posted = await client.post(HANDOVER, data={**BACK, "version": "4", "reason": " ", "csrf_token": _csrf(page)})
        refused = await client.get(posted.headers["location"])
    card = _card(refused)
    assert _handed(roster) == [{"assignees": [], "reason": ""}]
    assert f'<p class="error" id="e-ho-{H1}-people">{nobody["message"]}</p>' in card, card
    assert f'<p class="error" id="e-ho-{H1}-reason">{no_reason["message"]}</p>' in card
    assert card.count('role="alert"') == 1


async def _handover(roster: Cell, data: dict[str, str], lang: str = "vi") -> tuple[httpx.Response, str]:
    """The handover form sent with `data`: its answer, and the card of the page it leads to."""
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
        page = await client.get(CELL)
        posted = await client.post(HANDOVER, data={**BACK, "version": "4", "csrf_token": _csrf(page), **data})
        assert posted.status_code == 303, posted.text
        return posted, _card(await client.get(posted.headers["location"]))


def _handed(roster: Cell) -> list[object]:
    return [body for path, body in roster.posted if path.endswith("/handover")]


async def test_a_moment_well_before_now_is_asked_about_first_naming_the_hours_it_rewrites() -> None:
    """QZ10: at 20:51 a handover from 09:00 was made at once, rewriting who was on duty for twelve hours."""
    typed = {"people": S2, "moment": "2027-02-08T08:30", "reason": "Chị Hoa bị sốt"}
    for lang, question in (
        (
            "vi",
            "Hồ sơ sẽ ghi Lê Thị Hoa thôi trực từ 08:30, Trần Văn Bình trực từ 08:30 — 3 giờ 30 phút trước lúc này. "
            "Vẫn giao từ thời điểm đó? Thanh tra thấy mọi lần sửa.",
        ),
        (
            "en",
            "The record will say Lê Thị Hoa stopped duty at 08:30 and Trần Văn Bình were on duty from 08:30 — 3 h 30 "
            "min before now. Hand over from then all the same? The inspectors see every change.",
        ),
    ):
        roster = Cell(CHECKED_IN)
        posted, card = await _handover(roster, typed, lang)
        assert "done=" not in posted.headers["location"] and not _handed(roster)  # nothing done, asked first
        assert f'data-confirm="{question}"' in card, card
        assert f'<p class="error" id="e-confirm-ho-{H1}">{question}</p>' in card
        assert 'name="as_is" value="2027-02-08T08:30"' in card  # the question is of this moment
        assert card.count('role="alert"') == 1
    # answered for that moment: done; answered for another moment: asked again
    roster = Cell(CHECKED_IN)
    posted, _ = await _handover(roster, {**typed, "confirmed": "yes", "as_is": "2027-02-08T08:30"})
    assert "done=handed_over" in posted.headers["location"]
    assert _handed(roster) == [
        {"assignees": [{"staff_id": S2}], "reason": "Chị Hoa bị sốt", "at": "2027-02-08T08:30:00+07:00"}
    ]
    roster = Cell(CHECKED_IN)
    posted, card = await _handover(roster, {**typed, "confirmed": "yes", "as_is": "2027-02-08T11:30"})
    assert not _handed(roster) and "3 giờ 30 phút trước lúc này" in card
    # within 15 minutes of now, or empty (now): not asked
    for moment in ("2027-02-08T11:50", ""):
        roster = Cell(CHECKED_IN)
        posted, _ = await _handover(roster, {**typed, "moment": moment})
        assert "done=handed_over" in posted.headers["location"], moment


async def test_every_refusal_of_roster_is_said_at_once_each_in_its_field_with_one_alert() -> None:
    """QZ10: a moment before the start and nobody chosen were told one at a time, each twice (two alerts); the portal
    then copied roster's bounds to say them together. Roster now answers one 422 listing every refusal, the people's
    too, and the portal says each beside its box, and all in one summary — without asking roster for the shift."""
    at_vi = (
        "Lê Thị Hoa đã điểm danh ca trực điều hành 08:00–16:00 08/02/2027 (Mùng 3 Tết) lúc 07:58 08/02/2027 (Mùng 3 "
        "Tết), ca đã có người trực: thời điểm giao ca phải sau giờ bắt đầu (08:00 08/02/2027 (Mùng 3 Tết)); hãy chọn "
        "thời điểm muộn hơn."
    )
    reason_vi = (
        "Hãy nêu lý do giao phần còn lại của ca trực điều hành 08:00–16:00 08/02/2027 (Mùng 3 Tết) của Lê Thị Hoa."
    )
    clash_vi = "Trần Văn Bình đã có ca Trực điều hành 12:00–20:00 08/02/2027 trùng thời gian với ca này."
    errors = [
        {"field": "at", "rule": "handover-after-start", "message": "at", "message_vi": at_vi},
        {"field": "reason", "rule": "handover-reason-required", "message": "reason", "message_vi": reason_vi},
        {
            "field": "assignees.0",
            "rule": "no-double-booking",
            "message": "clash",
            "message_vi": clash_vi,
            "staff_id": S2,
            "shift_id": R1,
        },
    ]
    answer = {"type": "x/handover-after-start", "status": 422, "detail": "at", "detail_vi": at_vi, "errors": errors}
    roster = Cell(CHECKED_IN, httpx.Response(422, json=answer))
    _, card = await _handover(roster, {"moment": "2027-02-08T07:00", "people": S2, "reason": " "})
    assert _handed(roster) == [{"assignees": [{"staff_id": S2}], "reason": "", "at": "2027-02-08T07:00:00+07:00"}]
    summary = present(re.search(r'<div class="message error error-summary" role="alert">.*?</div>', card, re.S))[0]
    for said, box in ((at_vi, "moment"), (reason_vi, "reason"), (clash_vi, "people")):
        assert said in summary, said
        assert f'<p class="error" id="e-ho-{H1}-{box}">{said}</p>' in card.replace(summary, ""), (box, card)
    assert card.count('role="alert"') == 1
    # the question about a past moment is not asked of a handover roster would refuse anyway (no reason)
    assert "Vẫn giao từ thời điểm đó?" not in card


async def test_after_a_handover_the_two_cards_name_each_other() -> None:
    """QZ10 #7: the shift relieved and the one taking over its rest sat side by side, nothing saying they were linked.
    QZ19 #9: the reason lost its line break on the card (/me and the swap notes keep theirs): it is typed text.
    H1 (after G3): the card taking over said whose rest it took, not from when nor why, which its people's /me card
    and the mails say — both cards say both now, from roster's board answer (the relieved shift's `handed_over_to`,
    as roster gives it, or the shift taking over beside it), roster not asked for either shift again."""
    reason = "Chị Hoa bị sốt\nanh Bình đến thay"
    handed = {"shift_id": R1, "people": ["Trần Văn Bình"], "at": REST["starts_at"], "starts_at": REST["starts_at"]}
    for lang, relieved, taking in (
        (
            "vi",
            f"Đã giao phần còn lại cho Trần Văn Bình từ 12:05: {reason}",
            f"Tiếp nhận phần còn lại của ca của Lê Thị Hoa từ 12:05: {reason}",
        ),
        (
            "en",
            f"The rest was handed over to Trần Văn Bình from 12:05: {reason}",
            f"Took over the rest of the shift of Lê Thị Hoa from 12:05: {reason}",
        ),
    ):
        for ended_said in (ENDED, {**ENDED, "handed_over_to": {**handed, "reason": reason}}):
            roster = Roster(ended_said, {**REST, "handover_reason": reason})
            asked: list[str] = []

            async def answer(
                request: httpx.Request, roster: Roster = roster, asked: list[str] = asked
            ) -> httpx.Response:
                asked.append(request.url.path)
                return await roster(request)

            async with signed_in_portal(answer, MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
                page = await client.get(CELL)
            ended, rest = _card(page), _card(page, R1)
            assert f'<p class="handover-link typed-text" data-testid="handed-to-{H1}">{relieved}</p>' in ended, ended
            assert f'<p class="handover-link typed-text" data-testid="takes-over-{R1}">{taking}</p>' in rest, rest
            assert ended.count("handover-link") == rest.count("handover-link") == 1  # each says its own side only
            assert not [p for p in asked if p.startswith("/shifts/")], asked
    # without a reason (a handover before reasons were required): from when alone
    async with signed_in_portal(
        Roster(ENDED, REST | {"handover_reason": None}), MANAGER["login"], PASSWORD, now=NOON
    ) as client:
        rest = _card(await client.get(CELL), R1)
    said = "Tiếp nhận phần còn lại của ca của Lê Thị Hoa từ 12:05."
    assert f'<p class="handover-link" data-testid="takes-over-{R1}">{said}</p>' in rest, rest
    # a shift nobody took over from says nothing of it
    async with signed_in_portal(Roster(CHECKED_IN), MANAGER["login"], PASSWORD, now=NOON) as client:
        assert "handover-link" not in _card(await client.get(CELL))


async def test_a_shift_handed_over_is_not_on_duty_until_the_moment_and_offers_no_handover_again() -> None:
    """QZ23 #10: right after a handover at 07:40 (the moment rounded up to 5 minutes), the shift relieved, still under
    way until then, read "Đang trực" and offered "Giao phần còn lại của ca" again. At 12:00, handed over from 12:05:
    the card says whom to and from when, not "Đang trực", and offers no handover — whether roster says so on it
    (`handed_over_to`) or by the shift taking over beside it."""
    handed = {"shift_id": R1, "people": ["Trần Văn Bình"], "at": REST["starts_at"], "starts_at": REST["starts_at"]}
    for relieved in (ENDED, {**ENDED, "handed_over_to": handed}):
        for lang, said, on_duty, offered, line in (
            (
                "vi",
                "Đã giao phần còn lại cho Trần Văn Bình từ 12:05",
                "Đang trực",
                "Giao phần còn lại của ca",
                "Phần còn lại của ca đã được giao (xem ở trên)",
            ),
            (
                "en",
                "The rest was handed over to Trần Văn Bình from 12:05",
                "On duty",
                "Hand over the rest of this shift",
                "The rest of the shift has been handed over (see above)",
            ),
        ):
            async with signed_in_portal(Roster(relieved, REST), MANAGER["login"], PASSWORD, now=NOON, lang=lang) as c:
                card = _card(await c.get(CELL))
                drawn = _card(await c.get(f"{CELL}&handover={H1}"))
            assert said in card and line in card, card
            assert f">{on_duty}</span>" not in card and offered not in card, card
            assert f"/shifts/{H1}/handover" not in drawn  # no form for it even when the address asks for one
    # the shift taking over, under way and not handed over itself, is the one on duty and can be handed over again
    async with signed_in_portal(
        Roster(ENDED, {**REST, "status": "checked_in"}),
        MANAGER["login"],
        PASSWORD,
        now=datetime(2027, 2, 8, 6, tzinfo=UTC),
    ) as client:
        rest = _card(await client.get(CELL), R1)
    assert ">Đang trực</span>" in rest and "Giao phần còn lại của ca" in rest, rest


NOBODY_CAME: dict[str, Any] = {**SHIFT, "version": 3}  # published, under way at noon, nobody checked in
GONE = {**SHIFT, "status": "cancelled", "version": 4, "cancel_reason": "Chị Hoa không đến"}
WHOLE = {
    **REST,
    "starts_at": "2027-02-08T02:10:00Z",  # from the moment, 09:10, not the 08:00 start (QZ13 #2)
    "handover_reason": "Chị Hoa không đến",
    "created_at": "2027-02-08T02:06:00Z",  # handed over at 09:06
    "late_from": "2027-02-08T02:10:00Z",  # roster's: lateness counts from the handover (QZ12 #3)
    "status": "checked_in",
    "assignees": [{**REST["assignees"][0], "checked_in_at": "2027-02-08T02:30:00Z"}],  # 09:30: 20 min after it
}


class WholeCell(Cell):
    """A cell whose shift nobody came to: roster hands it over (the old one cancelled, the new from the moment),
    and reads the cancelled one by its id (the board lists no cancelled shift)."""

    def __init__(self, shift: dict[str, Any]) -> None:
        super().__init__(shift, httpx.Response(201, json={"ended": GONE, "rest": WHOLE}))


async def test_a_shift_nobody_came_to_is_handed_over_from_now_by_default() -> None:
    """QZ13 #2 (after QZ10 #8): the leader rostered 08:00–16:00 never came; at noon the form's moment is now (12:00),
    never the start, and "Người trực không đến" is offered, ticked. The manager who knows the replacement came at
    09:10 types it: nothing is asked about the hours before (none were worked), roster is told nobody came, and the
    notice names the new shift from 09:10. Unticked, roster is told someone came. A card where someone checked in
    has the same default moment and no such box."""
    roster = WholeCell(NOBODY_CAME)
    async with signed_in_portal(roster, MANAGER["login"], PASSWORD, now=NOON) as client:
        page = await client.get(f"{CELL}&handover={H1}")
        form = present(
            re.search(rf'<form method="post" action="[^"]*/shifts/{H1}/handover".*?</form>', _card(page), re.S)
        )[0]
        assert f'id="ho-{H1}-moment" name="moment" value="2027-02-08T12:00"' in form, form
        assert f'id="ho-{H1}-absent" name="absent" value="1" checked' in form, form
        assert "Người trực không đến" in form and "Chưa ai điểm danh. Mặc định: bây giờ" in form
        data = {
            **BACK,
            "version": "3",
            "people": S2,
            "moment": "2027-02-08T09:10",
            "reason": "Chị Hoa không đến",
            "absent_offered": "1",
        }
        done = await client.post(HANDOVER, data={**data, "absent": "1", "csrf_token": _csrf(page)})
        assert "done=handed_over" in done.headers["location"], done.headers["location"]  # not asked first
        after = html.unescape((await client.get(done.headers["location"])).text)
        await client.post(HANDOVER, data={**data, "moment": "2027-02-08T12:00", "csrf_token": _csrf(page)})
    assert _handed(roster) == [
        {
            "assignees": [{"staff_id": S2}],
            "reason": "Chị Hoa không đến",
            "absent": True,
            "at": "2027-02-08T09:10:00+07:00",
        },
        {
            "assignees": [{"staff_id": S2}],
            "reason": "Chị Hoa không đến",
            "absent": False,
            "at": "2027-02-08T12:00:00+07:00",
        },
    ]
    notice = after[after.find("Đã giao ca:") :][:300]
    assert notice.startswith(
        "Đã giao ca: Lê Thị Hoa không đến ca 08:00 08/02/2027 (Mùng 3 Tết Đinh Mùi) → 16:00; ca mới 09:10"
    ), notice
    assert "của Trần Văn Bình đã được công bố." in notice and "nhận cả ca" not in after, notice
    async with signed_in_portal(Cell(CHECKED_IN), MANAGER["login"], PASSWORD, now=NOON, lang="en") as client:
        form = _card(await client.get(f"{CELL}&handover={H1}"))
    assert f'id="ho-{H1}-moment" name="moment" value="2027-02-08T12:00"' in form and "Left empty: now" in form
    assert 'name="absent"' not in form and "Nobody came" not in form


async def test_the_shift_that_took_a_whole_shift_says_so() -> None:
    """The cancelled shift is not on the board; the new one's card reads it by its id and says it took it whole, and
    the cell lists the cancelled one still, saying its people did not come and when it was handed over (QZ12 #2: the
    board showed the replacement alone, nothing said who was rostered)."""
    for lang, taking, relieved in (
        (
            "vi",
            "Nhận ca thay Lê Thị Hoa (không đến) từ 09:10: Chị Hoa không đến",
            "Không đến — đã giao ca cho Trần Văn Bình từ 09:10: Chị Hoa không đến",
        ),
        (
            "en",
            "Took over the shift in place of Lê Thị Hoa (did not come) from 09:10: Chị Hoa không đến",
            "Did not come — the shift was handed over to Trần Văn Bình from 09:10: Chị Hoa không đến",
        ),
    ):
        roster = Roster(WHOLE)

        async def answer(request: httpx.Request, roster: Roster = roster) -> httpx.Response:
            if request.method == "GET" and request.url.path == f"/shifts/{H1}":
                return httpx.Response(200, json=GONE)
            return await Roster.__call__(roster, request)

        async with signed_in_portal(answer, MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
            page = await client.get(CELL)
        rest, gone = _card(page, R1), _card(page)
        assert f'<p class="handover-link typed-text" data-testid="takes-over-{R1}">{taking}</p>' in rest, rest
        assert f'<p class="handover-link typed-text" data-testid="handed-to-{H1}">{relieved}</p>' in gone, gone
        assert 'data-check-in="' not in gone  # a cancelled shift: nobody's check-in to judge
        # late from the handover at 09:10, not from the 08:00 start (QZ12 #3: "muộn 1 giờ 30 phút")
        late = {"vi": "Đã điểm danh lúc 09:30 — muộn 20 phút", "en": "Checked in at 09:30 — 20 minutes late"}[lang]
        assert f'data-check-in="late">{late}</span>' in rest, rest
        assert html.unescape(page.text).index(f'id="shift-{H1}"') < html.unescape(page.text).index(f'id="shift-{R1}"')


async def test_a_shift_taking_over_one_out_of_sight_says_from_when_and_why_naming_nothing_of_it() -> None:
    """H1 leftover: the shift relieved is neither on the board nor readable by the reader (roster answers 404): the
    card taking over said "Tiếp nhận phần còn lại của một ca khác." alone. It says from when (its own start, the
    moment) and why (its own `handover_reason`), and, when its people never came (its own `handover_absent`), that
    — naming neither the shift nor its people."""
    for lang, absent, reason, said in (
        ("vi", None, "Chị Hoa bị sốt", "Tiếp nhận phần còn lại của một ca khác từ 12:05: Chị Hoa bị sốt"),
        ("vi", False, None, "Tiếp nhận phần còn lại của một ca khác từ 12:05."),
        ("vi", True, "Không đến", "Nhận thay một ca khác mà người trực không đến, từ 12:05: Không đến"),
        ("en", None, "Chị Hoa bị sốt", "Took over the rest of another shift from 12:05: Chị Hoa bị sốt"),
        ("en", True, None, "Took over another shift whose people did not come, from 12:05."),
    ):
        roster = Roster({**REST, "handover_reason": reason, "handover_absent": absent})
        asked: list[str] = []

        async def answer(request: httpx.Request, roster: Roster = roster, asked: list[str] = asked) -> httpx.Response:
            asked.append(request.url.path)
            if request.url.path == f"/shifts/{H1}":
                return httpx.Response(404, json={"type": "x/not-found", "detail": "not yours to see"})
            return await roster(request)

        async with signed_in_portal(answer, MANAGER["login"], PASSWORD, now=NOON, lang=lang) as client:
            rest = _card(await client.get(CELL), R1)
        css = "handover-link typed-text" if reason else "handover-link"
        assert f'<p class="{css}" data-testid="takes-over-{R1}">{said}</p>' in rest, rest
        assert f"/shifts/{H1}" in asked  # it was looked for, and not shown
        assert "Lê Thị Hoa" not in rest and "08:00" not in rest


# QZ18 #5: Hoa never checked in; at 12:05 the manager handed the rest of her shift to Bình with "Người trực không đến"
# unticked — she was there — and Bình checked in at 12:06
KEPT: dict[str, Any] = {**SHIFT, "ends_at": "2027-02-08T05:05:00Z", "version": 5}  # published, ending at 12:05
VOUCHED: dict[str, Any] = {
    **REST,
    "handover_absent": False,
    "assignees": [{**REST["assignees"][0], "checked_in_at": "2027-02-08T05:06:00Z"}],
}


async def test_people_the_manager_said_were_there_at_a_handover_read_as_the_daily_report_says() -> None:
    """QZ18 #5: the daily report says of Hoa "Có mặt, không điểm danh (quản lý xác nhận khi giao ca) — giao phần còn
    lại cho Trần Văn Bình từ 12:05", and the audit does not count her absent; the board said "Không điểm danh" beside
    her name, "1 người không điểm danh" and "Xếp đủ" on the cell. Now the cell's card says the report's words, and the
    cell counts nobody missing: "Đủ người". Not said (a handover before 2026-12-07, null): as before."""
    after = datetime(2027, 2, 8, 6, tzinfo=UTC)  # 13:00: her shift, kept until 12:05, has ended
    board_url = f"/manage/board/{C1}/{E1}"

    def roster(taker: dict[str, Any]) -> Roster:
        answer = Roster(KEPT, taker)
        answer.board["days"][0]["duty_types"][0]["coverage"] = [
            {"site_id": None, "required": 1, "planned": 1, "gaps": []}
        ]
        return answer

    for lang, said, met, missed in (
        ("vi", "Có mặt, không điểm danh (quản lý xác nhận khi giao ca)", "Đủ người", "không điểm danh"),
        ("en", "There, not checked in (confirmed by the manager at the handover)", "Covered", "did not check in"),
    ):
        async with signed_in_portal(roster(VOUCHED), MANAGER["login"], PASSWORD, now=after, lang=lang) as client:
            cell, board = await client.get(CELL), await client.get(board_url)
        card = _card(cell)
        assert f'<span class="tag ok" data-check-in="confirmed">{said}</span>' in card, card
        board_text = html.unescape(board.text)
        assert 'data-testid="check-in-badge"' not in board_text and missed not in board_text.lower(), board_text
        assert f'<span class="cell-word">{met}</span>' in board_text
    # not said: Hoa did not check in, as before
    async with signed_in_portal(
        roster({**VOUCHED, "handover_absent": None}), MANAGER["login"], PASSWORD, now=after
    ) as client:
        cell, board = await client.get(CELL), await client.get(board_url)
    assert 'data-check-in="missed">Không điểm danh</span>' in _card(cell)
    assert '<span class="tag presence" data-testid="check-in-badge">1 người không điểm danh</span>' in board.text
    assert '<span class="cell-word">Xếp đủ</span>' in board.text

    # B1: the shift that took her rest is not on the board (a night shift of the board's last day handed over after
    # midnight is taken by one past the board): roster says on hers whom it went to, from when, why and what the
    # manager said (`handed_over_to`) — the same words as above, the other shift not read from roster (H1: it was,
    # one GET a taker, and a taker not visible went unnamed)
    handed = {
        "shift_id": R1,
        "people": ["Trần Văn Bình"],
        "at": VOUCHED["starts_at"],
        "starts_at": VOUCHED["starts_at"],
        "handover_absent": False,
        "reason": "Chị Hoa bị sốt",
    }

    class PastBoard(Roster):
        def __init__(self, shift: dict[str, Any], taker: httpx.Response) -> None:
            super().__init__(shift)
            self.board["days"][0]["duty_types"][0]["coverage"] = [
                {"site_id": None, "required": 1, "planned": 1, "gaps": []}
            ]
            self.taker = taker
            self.asked: list[str] = []

        async def __call__(self, request: httpx.Request) -> httpx.Response:
            self.asked.append(request.url.path)
            if request.method == "GET" and request.url.path == f"/shifts/{R1}":
                return self.taker
            return await super().__call__(request)

    for taker in (httpx.Response(200, json=VOUCHED), httpx.Response(404, json={"type": "x/not-found"})):
        past = PastBoard({**KEPT, "handed_over_to": handed}, taker)
        async with signed_in_portal(past, MANAGER["login"], PASSWORD, now=after) as client:
            cell, board = await client.get(CELL), await client.get(board_url)
        card = _card(cell)
        said = "Có mặt, không điểm danh (quản lý xác nhận khi giao ca)"
        assert f'<span class="tag ok" data-check-in="confirmed">{said}</span>' in card, card
        # the card names who took the rest, from when and why, by roster's word on hers, that shift visible or not
        said = "Đã giao phần còn lại cho Trần Văn Bình từ 12:05: Chị Hoa bị sốt"
        assert f'<p class="handover-link typed-text" data-testid="handed-to-{H1}">{said}</p>' in card, card
        assert f"/shifts/{R1}" not in past.asked, past.asked
        assert (
            'data-testid="check-in-badge"' not in board.text and '<span class="cell-word">Đủ người</span>' in board.text
        )
