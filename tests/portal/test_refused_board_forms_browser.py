"""Every refused form of the board is answered by Post/Redirect/Get, as the plan form's is
(test_tet_qa_leftovers_browser): a refused reschedule (its end before its start) and a refused edit (a stale
version: the shift changed by someone else meanwhile) land on the cell's own address, the form open again with what
was typed and the error summary; going elsewhere and Back shows the cell as it is, never Chromium's "Confirm form
resubmission" (the POST's address is never in the history). On the stack's test clock, 10:00 mùng 2 Tết."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in
from lichtruc.duty_types import DUTY_QUALIFICATION
from portal.domain.dates import VIETNAM

from .free_hours import plan_when_free

VNPT = "VNPT Long An"
HUNG_DIEN = "Trạm viễn thông Hưng Điền"
NOTES = "QA: ca thử biểu mẫu bị từ chối"


def _plan(stack, manager) -> dict:
    """A draft operations shift of the VNPT staff member at Hưng Điền, in their first free two hours from 01:00 14/02."""
    start = datetime(2027, 2, 14, 1, 0, tzinfo=VIETNAM)
    with stack.api("roster", manager) as roster:
        sites = roster.get("/sites", params={"enterprise_id": manager.enterprise_id, "limit": 100}).json()["items"]
        site_id = next(s["id"] for s in sites if s["name"] == HUNG_DIEN)
        return plan_when_free(
            roster, stack, manager, stack.staff[VNPT].staff_id, start, site_id=site_id, status="draft", notes=NOTES
        )


def _cell(stack, shift: dict) -> str:
    day = datetime.fromisoformat(shift["starts_at"]).astimezone(VIETNAM).date().isoformat()
    return f"/manage/board/{stack.campaign_id}/{stack.enterprises[VNPT]}/cell?day={day}&duty_type=operations"


def _unfold(card, name: str) -> None:
    """Draw the card's form of this name by its link (a refused form comes back drawn)."""
    drawn = card.locator(".shift-form", has=card.page.get_by_role("heading", name=name, exact=True))
    if not drawn.count():
        card.get_by_role("link", name=re.compile(rf"^{re.escape(name)} — ")).click()  # "Đổi giờ — <who>, <when>"
    expect(drawn).to_be_visible()


def _back_without_resending(page, url: str) -> None:
    """Elsewhere, then Back: the cell's address again, shown as it is (no refusal), never a resubmission prompt."""
    page.get_by_role("link", name="Đóng chi tiết, về bảng trực").click()
    page.wait_for_url(lambda at: "/cell" not in at)
    with page.expect_response(lambda r: "/cell?" in r.url) as answer:
        page.go_back()
    assert answer.value.request.method == "GET" and answer.value.status == 200
    assert page.url == url, page.url
    expect(page.get_by_test_id("cell-panel")).to_be_visible()
    expect(page.locator(".error-summary")).to_have_count(0)  # shown once


def test_a_refused_reschedule_and_a_stale_edit_land_on_the_cells_address_and_back_never_resends(
    tet_page, tet_portal_stack
) -> None:
    stack = tet_portal_stack
    manager = stack.managers[VNPT]
    shift = _plan(stack, manager)
    try:
        url = f"{stack.portal}{_cell(stack, shift)}"
        page = tet_page()
        sign_in(page, stack, manager)
        page.goto(url)

        # Reschedule with the end before the start: refused by the portal, at the cell's own address
        card = page.locator(f"#shift-{shift['id']}")
        expect(card).to_contain_text(NOTES)
        _unfold(card, "Đổi giờ")
        card.get_by_label("Bắt đầu (giờ Việt Nam)").fill("2027-02-14T20:00")
        card.get_by_label("Kết thúc (giờ Việt Nam)").fill("2027-02-14T18:00")
        with page.expect_response(lambda r: r.request.method == "GET" and "/cell?" in r.url) as answer:
            card.get_by_role("button", name="Lưu giờ mới").click()
        assert answer.value.status == 422 and answer.value.request.redirected_from is not None
        assert answer.value.request.redirected_from.method == "POST"
        assert page.url == url, page.url  # the cell's address, not the POST's
        card = page.locator(f"#shift-{shift['id']}")
        summary = card.locator(".error-summary")
        expect(summary).to_contain_text("Chưa lưu được: hãy sửa các ô được đánh dấu.")
        expect(summary).to_contain_text("Giờ kết thúc phải sau giờ bắt đầu: hãy sửa một trong hai.")
        expect(card.get_by_label("Bắt đầu (giờ Việt Nam)")).to_have_value("2027-02-14T20:00")  # as typed
        ends = card.get_by_label("Kết thúc (giờ Việt Nam)")
        expect(ends).to_have_value("2027-02-14T18:00")
        expect(ends).to_have_attribute("aria-invalid", "true")
        # Escape closes the refused form as it closes one its link drew (QZ10 #14: with the keyboard on the refusal's
        # summary, as the page loads, it left the form open), the refusal with it, the keyboard back on that link
        expect(summary).to_be_focused()
        page.keyboard.press("Escape")
        expect(card.locator("[data-drawn-form]")).to_have_count(0)
        expect(summary).to_have_count(0)
        expect(card.get_by_role("link", name=re.compile("^Đổi giờ — "))).to_be_focused()
        _back_without_resending(page, url)

        # Edit the notes of a shift changed meanwhile (another tab, another manager): 412, said at the cell
        card = page.locator(f"#shift-{shift['id']}")
        _unfold(card, "Sửa ghi chú, điểm trực, điểm kiêm")
        with stack.api("roster", manager) as roster:
            current = roster.get(f"/shifts/{shift['id']}").json()
            roster.patch(
                f"/shifts/{shift['id']}",
                headers={"If-Match": f'"{current["version"]}"'},
                json={"notes": "Sửa ở thẻ khác", "site_id": shift["site_id"]},
            ).raise_for_status()
        card.get_by_label("Ghi chú").fill("Ghi chú gõ trên trang cũ")
        with page.expect_response(lambda r: r.request.method == "GET" and "/cell?" in r.url) as answer:
            card.get_by_role("button", name="Lưu ghi chú và điểm trực, điểm kiêm").click()
        assert answer.value.status == 412 and answer.value.request.redirected_from is not None
        assert page.url == url, page.url
        card = page.locator(f"#shift-{shift['id']}")
        expect(card.get_by_role("alert").filter(has_text="Có người vừa sửa ca này")).to_be_visible()
        expect(card.locator("dl.shift-facts")).to_contain_text("Sửa ở thẻ khác")  # the shift as it is now
        expect(card.get_by_label("Ghi chú")).to_have_value("Ghi chú gõ trên trang cũ")  # what was typed, kept
        expect(card.locator(f"#l-ed-{shift['id']}-notes")).to_have_text("Bản đã lưu mới nhất: Sửa ở thẻ khác")  # theirs
        _back_without_resending(page, url)
        page.reload()  # and a reload is the page as it is, no prompt either
        expect(page.locator(".error-summary")).to_have_count(0)
        expect(page.locator(f"#shift-{shift['id']}").get_by_role("alert")).to_have_count(0)
    finally:
        with stack.api("roster", manager) as roster:
            current = roster.get(f"/shifts/{shift['id']}").json()
            roster.post(
                f"/shifts/{shift['id']}/cancel",
                headers={"If-Match": f'"{current["version"]}"'},
                json={"reason": "Kết thúc bài kiểm thử"},
            ).raise_for_status()

    # A shift under way whose person checked in and falls ill (QA 2026-12-06: the card offered nothing): the card
    # says what is left, and the rest of the shift is handed over from the board; both shifts cancelled after.
    handed_over(page, stack, manager)


def _free_operators(stack, manager, starts: datetime, ends: datetime) -> list[dict]:
    """Two of the manager's active staff qualified for operations duty and on no shift near [starts, ends)."""
    with stack.api("roster", manager) as roster:
        people = roster.get("/staff", params={"enterprise_id": manager.enterprise_id, "limit": 500}).json()["items"]
        free = []
        for person in people:
            if not person["active"] or DUTY_QUALIFICATION["operations"] not in person["qualifications"]:
                continue
            window = {"from": (starts - timedelta(hours=9)).isoformat(), "to": (ends + timedelta(hours=9)).isoformat()}
            if not roster.get("/shifts", params={"staff_id": person["id"], **window}).json()["items"]:
                free.append(person)
            if len(free) == 2:
                return free
    raise AssertionError("no two free operators at the stack's enterprise")


def handed_over(page, stack, manager) -> None:
    now = stack.clock().astimezone(VIETNAM)
    starts = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    ends = starts + timedelta(hours=4)
    ill, taker = _free_operators(stack, manager, starts, ends)
    with stack.api("roster", manager) as roster:
        made = roster.post(
            "/shifts",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": manager.enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": ends.isoformat(),
                "assignees": [{"staff_id": ill["id"]}],
                "status": "published",
                "notes": "QA: ca giao phần còn lại",
            },
        )
        assert made.status_code == 201, made.text
        shift = made.json()
    rest_id = ""
    try:
        # Before anyone checks in, "Đổi người trực" is still offered, saying it changes the whole shift, the hours
        # worked included (QA: it rewrote who was on duty before), its link drawing the handover instead.
        page.goto(f"{stack.portal}{_cell(stack, shift)}")
        card = page.locator(f"#shift-{shift['id']}")
        _unfold(card, "Người trực của ca")
        expect(card.get_by_test_id(f"reassign-whole-{shift['id']}")).to_have_text(
            "Người trực lưu ở đây là người trực cả ca, kể cả những giờ đã trực (hồ sơ sẽ ghi họ trực từ đầu ca). "
            "Để đổi người từ bây giờ: Giao phần còn lại của ca"
        )
        card.get_by_test_id(f"reassign-whole-{shift['id']}").get_by_role("link").click()
        expect(card.locator(f"form[action$='/shifts/{shift['id']}/handover']")).to_be_visible()
        expect(card.locator(f"form[action$='/shifts/{shift['id']}/reassign']")).to_have_count(0)
        # nobody has checked in yet (a no-show): the handover's moment is now, never the shift's start (QZ13 #2: the
        # replacement was recorded on duty from 06:00), and "Người trực không đến" is offered, ticked
        expect(card.locator(f"#ho-{shift['id']}-moment")).not_to_have_value(f"{starts:%Y-%m-%dT%H:%M}")
        expect(card.locator(f"#ho-{shift['id']}-moment")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$"))
        expect(card.locator(f"#ho-{shift['id']}-absent")).to_be_checked()
        expect(card.locator(f"#h-ho-{shift['id']}-moment")).to_contain_text("Chưa ai điểm danh. Mặc định: bây giờ")
        with stack.api("roster", manager) as roster:
            roster.post(
                f"/shifts/{shift['id']}/check-in", headers={"If-Match": '"2"'}, json={"staff_id": ill["id"]}
            ).raise_for_status()
        page.goto(f"{stack.portal}{_cell(stack, shift)}")
        card = page.locator(f"#shift-{shift['id']}")
        expect(card.get_by_test_id(f"checked-in-actions-{shift['id']}")).to_have_text(
            "Đã có người điểm danh nên ca không đổi giờ, đổi người được nữa: nếu người trực không thể tiếp tục, hãy "
            "giao phần còn lại của ca cho người khác; hoặc hủy ca."
        )
        expect(card.locator(f"form[action$='/shifts/{shift['id']}/reschedule']")).to_have_count(0)
        card.get_by_role("link", name="Giao phần còn lại của ca").click()
        form = page.locator(f"form[action$='/shifts/{shift['id']}/handover']")
        expect(form).to_be_visible()
        form.locator(f"#ho-{shift['id']}-{taker['id']}").check()
        form.get_by_label("Lý do giao ca (bắt buộc)").fill("Người trực bị sốt cao")
        form.locator("button[type=submit]").click()
        notice = page.locator(".message.ok")
        expect(notice).to_contain_text("Đã giao phần còn lại của ca: ca")
        expect(notice).to_contain_text(f"của {ill['full_name']} nay kết thúc lúc")
        expect(notice).to_contain_text(f"của {taker['full_name']} đã được công bố.")
        with stack.api("roster", manager) as roster:
            rest = roster.get("/shifts", params={"staff_id": taker["id"], "from": starts.isoformat()}).json()["items"]
            [rest_shift] = [r for r in rest if r.get("continues_shift_id") == shift["id"]]
            rest_id = rest_shift["id"]
            ended = roster.get(f"/shifts/{shift['id']}").json()
        assert (rest_shift["handover_reason"], rest_shift["ends_at"], rest_shift["status"]) == (
            "Người trực bị sốt cao",
            shift["ends_at"],
            "published",
        )
        assert ended["ends_at"] == rest_shift["starts_at"] and ended["status"] == "checked_in"
    finally:
        with stack.api("roster", manager) as roster:
            for shift_id in (rest_id, shift["id"]):
                if shift_id:
                    current = roster.get(f"/shifts/{shift_id}").json()
                    roster.post(
                        f"/shifts/{shift_id}/cancel",
                        headers={"If-Match": f'"{current["version"]}"'},
                        json={"reason": "Kết thúc bài kiểm thử"},
                    ).raise_for_status()


@pytest.mark.screenshot
def test_a_requirement_changed_during_tet_asks_from_now_or_for_the_whole_campaign(tet_page, tet_portal_stack) -> None:
    """On mùng 2 the requirement's page asks how a change applies, no answer picked; sent without one (a browser
    that does not check `required`), it is refused beside the question at the page's own address; answered "from
    now on", roster keeps the version from its clock, and the page lists from when each version applied."""
    stack = tet_portal_stack
    manager = stack.managers[VNPT]
    # set by the Department: a manager's for the whole campaign may not reach back over the days past (QZ12);
    # minimum 0: the demo's board and heatmap are left as they are
    with stack.api("roster") as roster:
        made = roster.post(
            "/requirements",
            json={
                "campaign_id": stack.campaign_id,
                "enterprise_id": stack.enterprises[VNPT],
                "duty_type": "operations",
                "window": {
                    "kind": "one_off",
                    "starts_at": "2027-02-14T01:00:00+07:00",
                    "ends_at": "2027-02-14T02:00:00+07:00",
                },
                "minimum": 0,
            },
        )
        made.raise_for_status()
    requirement = made.json()["id"]
    try:
        url = f"{stack.portal}/manage/requirements/{requirement}"
        page = tet_page()
        sign_in(page, stack, manager)
        page.goto(url)
        edit = page.locator(f'form[action="/manage/requirements/{requirement}"]')
        question = edit.get_by_role("group", name="Áp dụng thay đổi:")
        from_now = question.get_by_label("Từ bây giờ — những ngày đã qua giữ định mức cũ")
        expect(from_now).not_to_be_checked()
        expect(question.get_by_label("Cho cả đợt — sửa một số nhập sai")).not_to_be_checked()
        edit.get_by_label("Tối thiểu", exact=True).fill("1")  # a change (one of nothing records no version)
        for radio in question.get_by_role("radio").all():
            radio.evaluate("box => box.removeAttribute('required')")
        with page.expect_response(lambda r: r.request.method == "GET" and r.url == url) as answer:
            edit.get_by_role("button", name="Lưu định mức").click()
        assert answer.value.status == 422 and page.url == url, page.url
        question = page.locator(f'form[action="/manage/requirements/{requirement}"]').get_by_role(
            "group", name="Áp dụng thay đổi:"
        )
        said = "Đợt trực đã bắt đầu: hãy chọn thay đổi áp dụng từ bây giờ hay cho cả đợt."
        expect(question.locator("#e-applies")).to_have_text(said)  # beside the question, describing it
        # said once, by the summary at the top, which the keyboard starts at; its link leads to the question (QA Z17)
        expect(page.get_by_role("alert")).to_have_count(1)
        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link", name=re.compile(re.escape(said)))).to_have_attribute("href", "#f-applies")
        question.get_by_label("Từ bây giờ — những ngày đã qua giữ định mức cũ").check()
        page.locator(f'form[action="/manage/requirements/{requirement}"]').get_by_role(
            "button", name="Lưu định mức"
        ).click()
        expect(page.get_by_text("Đã lưu định mức.")).to_be_visible()
        # The list's add form asks too, unanswered, in words for a requirement that has no old one (QA).
        added = page.locator('form[action="/manage/requirements"]').get_by_role("group", name="Áp dụng định mức mới:")
        expect(added.get_by_role("radio", checked=True)).to_have_count(0)
        expect(added.get_by_label("Từ bây giờ — những ngày đã qua không tính định mức này")).to_be_visible()
        expect(added.get_by_label("Cho cả đợt — tính cả những ngày đã qua")).to_be_visible()
        # At 1280 px the table fits its box (QZ12 #12a: 1478 px in 1248, the disabled answer's reason cut at the
        # right edge): the reason is said once below it, describing each disabled answer.
        page.set_viewport_size({"width": 1280, "height": 900})
        wrap = page.locator(".table-wrap").first
        assert wrap.evaluate("box => box.scrollWidth <= box.clientWidth"), wrap.evaluate("box => box.scrollWidth")
        locked = page.locator(".people-table").get_by_label("Cho cả đợt — như thể chưa từng có định mức này").first
        expect(locked).to_be_disabled()
        expect(locked).to_have_accessible_description(re.compile("chỉ Sở — tài khoản quản trị — sửa được"))
        # On a phone each card's removal question and button wrap within the card, none past its right edge (QA).
        page.set_viewport_size({"width": 390, "height": 844})
        card = page.locator(".people-table tbody tr").filter(has=page.get_by_role("group", name="Áp dụng việc xóa:"))
        edge = card.first.bounding_box()
        assert edge is not None and edge["x"] + edge["width"] <= 390
        for part in (card.first.get_by_role("group"), card.first.get_by_role("button", name="Xóa định mức")):
            box = part.bounding_box()
            assert box is not None and box["x"] + box["width"] <= edge["x"] + edge["width"], (box, edge)
        page.set_viewport_size({"width": 1400, "height": 900})
        with stack.api("roster", manager) as roster:
            versions = roster.get(f"/requirements/{requirement}/versions").json()["items"]
        assert [(v["version"], v["applies_from"] is None) for v in versions] == [(1, True), (2, False)]
        page.goto(url)
        # The page's two questions each say what they are for; the removal's is answered before "are you sure?":
        # with no answer picked the browser stops the send at the question, no dialog shown, nothing sent (QA).
        remove = page.locator(f'form[action="/manage/requirements/{requirement}/delete"]')
        expect(page.get_by_role("group", name="Áp dụng thay đổi:")).to_have_count(1)
        asked: list[str] = []

        def dismissed(dialog) -> None:
            asked.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismissed)
        remove.get_by_role("button", name="Xóa định mức").click()
        assert asked == [] and page.url == url
        removal = remove.get_by_role("group", name="Áp dụng việc xóa:")
        assert removal.get_by_role("radio").first.evaluate("box => box.validity.valueMissing")
        removal.get_by_label("Từ bây giờ — những ngày đã qua giữ định mức này").check()
        remove.get_by_role("button", name="Xóa định mức").click()
        # in the words of the answer picked: from now on, the days past keep it (QZ12 #12f)
        from_now = "Xóa định mức này từ bây giờ? Bảng trực và kiểm tra sẽ không tính đến nó từ bây giờ; "
        assert asked == [f"{from_now}những ngày đã qua vẫn giữ định mức này."], asked
        listed = page.get_by_role("region", name="Các phiên bản của định mức này").get_by_role("listitem")
        expect(listed.nth(0)).to_contain_text("áp dụng cho cả đợt")
        expect(listed.nth(1)).to_contain_text("áp dụng từ")
        expect(listed.nth(1)).to_contain_text("Tết Đinh Mùi")  # the lunar day, as the portal says dates
        page.goto(url)
        screenshot(page, "requirement-versions")
    finally:
        with stack.api("roster", manager) as roster:
            current = roster.get(f"/requirements/{requirement}").json()
            roster.delete(f"/requirements/{requirement}", headers={"If-Match": f'"{current["version"]}"'})
