"""A form that asks before it acts acts only when answered, in a real browser over the real services.

Its question is asked by portal.js (confirm()) or, without script, beside a box marked `required`; either way the
form sends confirmed=yes. QA: a client that skips `required` (or a crafted POST) acted unasked — now the portal
refuses it, says so beside the box in the page's language, and changes nothing; the script's path still acts once
the question is accepted. The refused form's summary links each refusal to its field (QA: the board's cell panel
said "not saved" and led nowhere).

Data: a drill of the provincial post office that ended yesterday (made here, as tests/portal/test_board_past_shifts.py
does: no manager lands on its board), with one published shift two days ago; and a staff member's calendar link."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

import httpx
from playwright.sync_api import expect

from browser_support import accept_next_dialog, sign_in
from lichtruc.vntime import VIETNAM
from portal.domain.dates import parse_instant, span_label

POST_OFFICE = "Bưu điện tỉnh Long An"
VIETTEL = "Viettel Long An"
REFUSED_VI = "Chưa thực hiện vì chưa được xác nhận: hãy bấm chọn ô xác nhận (hoặc đồng ý khi được hỏi) rồi gửi lại."
REFUSED_EN = (
    "Nothing was done, as it was not confirmed: tick the box to confirm (or accept when asked), then send again."
)
REASON_VI = "Ca này đã công bố, người trực và thanh tra đã thấy ca: hãy nêu lý do hủy ca."
REASON_EN = "This shift is published, and its staff and the inspectors already see it: give the reason for cancelling."


def _ended_shift(stack) -> tuple[str, str, str]:
    """(drill id, shift id, the cell's address) of a published shift two days ago, in a drill over since yesterday."""
    today = datetime.now(VIETNAM).date()
    first = datetime.combine(today - timedelta(days=3), datetime.min.time(), tzinfo=VIETNAM)
    enterprise_id = stack.enterprises[POST_OFFICE]
    with stack.api("roster") as admin:
        drill = admin.post(
            "/campaigns",
            json={
                "kind": "drill",
                "name": f"Diễn tập xác nhận {secrets.token_hex(2)}",
                "starts_at": first.isoformat(),
                "ends_at": (first + timedelta(days=2)).isoformat(),
            },
        )
        assert drill.status_code == 201, drill.text
    with stack.api("roster", stack.managers[POST_OFFICE]) as roster:
        people = roster.get("/staff", params={"enterprise_id": enterprise_id, "limit": 500}).json()["items"]
        operator = next(p for p in people if "operator" in p["qualifications"] and p["active"])
        starts = first + timedelta(days=1, hours=8)
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": drill.json()["id"],
                "enterprise_id": enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "assignees": [{"staff_id": operator["id"]}],
                "status": "published",
                "notes": "Trực theo kế hoạch",
            },
        )
        assert shift.status_code == 201, shift.text
    cell = (
        f"/manage/board/{drill.json()['id']}/{enterprise_id}/cell?day={starts.date().isoformat()}&duty_type=operations"
    )
    return drill.json()["id"], shift.json()["id"], cell


def _unasked(form) -> None:
    """The form as a client that never asks sends it: no question, and the box's `required` ignored."""
    form.evaluate("f => { f.removeAttribute('data-confirm'); f.noValidate = true; }")


def _watch_swaps(page) -> None:
    """Counts, as each htmx swap lands and before htmx settles, the boxes to tick that the page holds as controls."""
    page.evaluate(
        """() => { window.boxesAtSwap = [];
        document.addEventListener('htmx:afterSwap', () =>
          window.boxesAtSwap.push(document.querySelectorAll("input[name='confirmed']").length)); }"""
    )


def test_a_change_unanswered_is_refused_beside_its_box_and_an_accepted_one_is_made(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[POST_OFFICE]
    drill_id, shift_id, cell = _ended_shift(stack)

    def shift_now() -> dict:
        with stack.api("roster", manager) as roster:
            return roster.get(f"/shifts/{shift_id}").json()

    page = new_page()
    sign_in(page, stack, manager)
    page.goto(cell)
    card = page.locator(f"#shift-{shift_id}")

    # The notes of a shift that is over, sent unasked: refused, said beside the box, nothing changed.
    card.get_by_role("link", name="Sửa ghi chú, điểm trực, điểm kiêm").click()
    edit = card.locator(f"form[action$='/shifts/{shift_id}/edit']")
    _unasked(edit)
    edit.get_by_label("Ghi chú").fill("Ghi chú sửa mà không được hỏi")
    edit.get_by_role("button").click()
    card = page.locator(f"#shift-{shift_id}")
    expect(card.locator(f"#e-confirm-ed-{shift_id}")).to_have_text(REFUSED_VI)
    # the form's summary leads by the same words to the refusal beside the box — an element there with script
    # on too (QA: it linked to the box, drawn only inside <noscript>, so the link led nowhere)
    summary_link = card.locator(".error-summary").get_by_role("link", name=REFUSED_VI)
    expect(summary_link).to_have_attribute("href", f"#e-confirm-ed-{shift_id}")
    target = page.locator(summary_link.get_attribute("href") or "#none")
    expect(target).to_have_text(REFUSED_VI)
    summary_link.click()
    expect(target).to_be_in_viewport()
    assert shift_now()["notes"] == "Trực theo kế hoạch"

    # A reschedule answered, whose end is before its start: the summary links the refusal to the end's box,
    # which its refusal describes.
    _watch_swaps(page)
    card.get_by_role("link", name="Đổi giờ").click()
    move = card.locator(f"form[action$='/shifts/{shift_id}/reschedule']")
    # Not even in the 20 ms before htmx settles is the form's <noscript> box a control of the page (a fresh clone's
    # run met it there: "Kết thúc" named both the end's box and the box "Ca này đã kết thúc…")
    expect(move).to_be_visible()
    at_swaps = page.evaluate("window.boxesAtSwap")
    assert at_swaps and set(at_swaps) == {0}, at_swaps
    move.get_by_label("Kết thúc").fill(move.get_by_label("Bắt đầu").input_value())
    accept_next_dialog(page)
    move.get_by_role("button").click()
    card = page.locator(f"#shift-{shift_id}")
    end = card.locator(f"#rs-{shift_id}-ends_at")
    expect(end).to_have_attribute("aria-invalid", "true")
    said = card.locator(f"#e-rs-{shift_id}-ends_at")
    expect(said).to_be_visible()
    link = card.locator(".error-summary").get_by_role("link", name=said.inner_text(), exact=True)
    expect(link).to_have_attribute("href", f"#rs-{shift_id}-ends_at")
    expect(end).to_have_attribute("aria-describedby", re.compile(rf"\be-rs-{shift_id}-ends_at\b"))

    # Cancelled unasked, in English: refused in English, still published.
    english = new_page()
    sign_in(english, stack, manager)
    english.goto("/lang/en")
    english.goto(cell)
    card = english.locator(f"#shift-{shift_id}")
    card.get_by_role("link", name="Cancel the shift").click()
    cancel = card.locator(f"form[action$='/shifts/{shift_id}/cancel']")
    # asked first, a reason left empty is told in the page's words and language, not the browser's (QA)
    cancel.get_by_role("button").click()
    english.wait_for_function(
        "([box, words]) => box.validationMessage === words",
        arg=[cancel.get_by_role("textbox").element_handle(), REASON_EN],
    )
    _unasked(cancel)
    cancel.get_by_role("textbox").fill("Not held")
    cancel.get_by_role("button").click()
    expect(english.locator(f"#e-confirm-cn-{shift_id}")).to_have_text(REFUSED_EN)
    assert shift_now()["status"] == "published"

    # The script's path: the question accepted, the answer goes with the form and the shift is cancelled — in the
    # panel loaded by htmx when the cell is clicked on the board (QA: there the box drawn for a browser without
    # script, inside <noscript>, was parsed as a real box, `required` and hidden: "Hủy ca này" did nothing at all,
    # no question, no request, no words; opening the cell's address worked).
    page.goto(f"/manage/board/{drill_id}/{stack.enterprises[POST_OFFICE]}")
    page.locator(f"a[hx-get='{cell}']").click()
    expect(page).to_have_url(re.compile(re.escape(cell)))
    card = page.get_by_test_id("cell-panel").locator(f"#shift-{shift_id}")
    card.get_by_role("link", name=re.compile("^Hủy ca — ")).click()
    # QA: asked "Hủy ca trực này?" before the reason was checked, then told a reason is needed, then asked again.
    # A reason left empty, or only spaces, is said at its box and nothing is asked, nothing sent.
    reason = card.get_by_label("Lý do hủy")
    unwanted: list[str] = []

    def dismiss(dialog) -> None:
        unwanted.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Both in the portal's words (QA: an empty one in the browser's, "Please fill out this field").
    for blank in ("", "   ", ""):
        reason.fill(blank)
        card.get_by_role("button", name="Hủy ca này").click()
        page.wait_for_function(
            "([box, words]) => box.validationMessage === words", arg=[reason.element_handle(), REASON_VI]
        )
    page.remove_listener("dialog", dismiss)
    assert unwanted == [] and shift_now()["status"] == "published"
    card.get_by_label("Lý do hủy").fill("Ghi nhầm: ca diễn tập không diễn ra")
    asked = accept_next_dialog(page)
    card.get_by_role("button", name="Hủy ca này").click()
    expect(page.locator(f"#shift-{shift_id}")).to_have_count(0)
    assert asked and "Hủy ca trực này?" in asked[0]
    gone = shift_now()
    assert gone["status"] == "cancelled"
    # the notice names the shift the panel lists no more (QA: "Đã hủy ca trực." said not which)
    when = span_label(parse_instant(gone["starts_at"]), parse_instant(gone["ends_at"]))
    expect(page.get_by_test_id("cell-panel").get_by_role("status")).to_have_text(
        f"Đã hủy ca Trực điều hành tại {POST_OFFICE}, {when}."
    )


def test_a_calendar_link_is_renewed_only_when_answered(new_page, portal_stack) -> None:
    """Without script the box is there, `required`; sent all the same unticked, the link in use is kept."""
    stack = portal_stack
    person = stack.staff[VIETTEL]
    page = new_page(javascript=False)
    sign_in(page, stack, person)
    page.goto("/me/calendar")
    if page.get_by_role("button", name="Tạo đường dẫn lịch").count():
        page.get_by_role("button", name="Tạo đường dẫn lịch").click()
    link = page.get_by_label(
        "Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True
    ).input_value()
    box = page.get_by_label(re.compile(r"bấm chọn ô này để xác nhận"))
    expect(box).to_have_attribute("required", "")
    form = page.locator("form[action$='/rotate']")
    # The form as a client that skips `required` sends it (the context's cookies go with it): no answer.
    fields = {
        name: form.locator(f"input[name={name}]").get_attribute("value") or "" for name in ("csrf_token", "form_key")
    }
    refused = page.request.post(form.get_attribute("action") or "", form=fields, headers={"Referer": page.url})
    assert refused.status == 422
    assert f'<p class="error" id="e-confirmed" role="alert">{REFUSED_VI}</p>' in refused.text()  # beside the box
    assert httpx.get(link, timeout=10).status_code == 200  # the link in use still works

    # Ticked, as the box asks: a new link, the old one refused.
    box.check()
    page.get_by_role("button", name="Lấy đường dẫn mới").click()
    expect(
        page.get_by_label("Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True)
    ).not_to_have_value(link)
    expect(page).to_have_url(re.compile(r"/me/calendar$"))  # Post/Redirect/Get: not the renewal's POST address
    assert httpx.get(link, timeout=10).status_code != 200
