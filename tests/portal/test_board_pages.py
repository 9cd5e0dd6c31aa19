"""The manager's campaign board in a real browser over the real services.

Journey 1: MobiFone's manager finds the deliberate gap of the demo campaign (no incident-response
team on the night of mùng 2 Tết) in red on the board, plans a shift covering it with a free,
qualified technician, publishes it and sees the cell turn green; the inspector's heatmap then
shows that day with fewer uncovered minutes. Planning the same person again at the same time is
refused in words naming who is on duty when; a short rest is warned about naming the other shift
by its day and time.

Journey 5: another enterprise's board is "not found"; a form without the CSRF token changes nothing.

Only MobiFone's incident response on the night of mùng 2 Tết (07–08/02/2027) is changed here.
"""

from __future__ import annotations

import io
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import openpyxl
import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in

ENTERPRISE = "MobiFone Long An"
DAY = "2027-02-07"  # mùng 2 Tết Đinh Mùi
DUTY = "Trực vận hành khai thác mạng lưới và ứng cứu thông tin"
FREE_TECHNICIAN = "Âu Văn Kiệt"  # only on duty at giao thừa: free and rested on the night of mùng 2
DAY_TECHNICIAN = "Vương Minh Quân"  # on incident response 06:00–18:00 on mùng 2
ICT = timezone(timedelta(hours=7))


def _card(page, person: str):
    """The shift cards of the open cell with `person` on duty (not merely offered in a form)."""
    return page.locator("#cell-panel article.shift-card").filter(has=page.locator("dl.shift-facts", has_text=person))


def _heat(page, stack, enterprise_id: str) -> int:
    page.goto(f"/inspect/heatmap?campaign_id={stack.campaign_id}")
    cell = page.get_by_test_id(f"heat-{enterprise_id}-{DAY}")
    expect(cell).to_have_count(1)
    return int(cell.get_attribute("data-uncovered-minutes"))


def _gap_open(stack, enterprise_id: str) -> bool:
    """Whether audit still lists MobiFone's incident-response gap of the evening of mùng 2 as open."""
    with stack.api("audit", stack.inspector) as audit:
        body = audit.get(
            "/gaps",
            params={
                "campaign_id": stack.campaign_id,
                "enterprise_id": enterprise_id,
                "duty_type": "incident_response",
                "status": "open",
                "in_force": "all",
                "from": datetime(2027, 2, 7, 18, tzinfo=ICT).isoformat(),
                "to": datetime(2027, 2, 8, tzinfo=ICT).isoformat(),
                "limit": 50,
            },
        ).json()
    return body["total"] > 0


@pytest.mark.screenshot
def test_manager_closes_the_gap_of_mung_2_and_the_inspector_sees_it(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[ENTERPRISE]
    enterprise_id = stack.enterprises[ENTERPRISE]
    page = new_page()
    sign_in(page, stack, manager)

    # A manager of one enterprise lands on its board of the campaign at once.
    page.goto("/manage/board")
    expect(page).to_have_url(re.compile(rf"/manage/board/{stack.campaign_id}/{enterprise_id}$"))
    expect(page.get_by_role("heading", name=f"Bảng trực · {ENTERPRISE}")).to_be_visible()

    # The chooser is one click away, the board's campaign and enterprise chosen in it.
    page.get_by_role("link", name="Chọn doanh nghiệp hoặc đợt trực khác").click()
    expect(page.get_by_role("heading", name="Chọn đợt trực và doanh nghiệp")).to_be_visible()
    expect(page.get_by_label("Doanh nghiệp").locator("option")).to_have_text([ENTERPRISE])
    expect(page.get_by_label("Đợt trực", exact=True).locator("option:checked")).to_have_text("Tết Đinh Mùi 2027")
    page.get_by_label("Đợt trực", exact=True).select_option(label="Tết Đinh Mùi 2027")
    page.get_by_label("Doanh nghiệp").select_option(label=ENTERPRISE)
    page.get_by_role("button", name="Xem bảng trực").click()
    expect(page).to_have_url(re.compile(rf"/manage/board/{stack.campaign_id}/{enterprise_id}$"))
    expect(page.get_by_role("heading", name=f"Bảng trực · {ENTERPRISE}")).to_be_visible()

    # Every day of the campaign with its lunar name; the giao thừa peak marked; the gap in red.
    expect(page.get_by_test_id("day-2027-01-30")).to_contain_text("30/01 · 23 tháng Chạp")
    expect(page.get_by_test_id("day-2027-02-15")).to_contain_text("15/02 · Mùng 10 tháng Giêng")
    expect(page.get_by_test_id("day-2027-02-05").get_by_role("rowheader")).to_contain_text("Cao điểm Giao thừa")
    expect(page.get_by_test_id("day-2027-02-05").get_by_role("rowheader")).to_have_class(re.compile(r"\bpeak\b"))
    expect(page.get_by_test_id(f"day-{DAY}")).to_contain_text("07/02 · Mùng 2 Tết")
    gap = page.get_by_test_id(f"cell-{DAY}-incident_response")
    expect(gap).to_have_class(re.compile(r"\bcell-gap\b"))
    # Short 18:00–24:00 with the night shift on until 06:00: not "0/1" as if nobody were booked.
    expect(gap).to_contain_text("0–1/1")
    expect(gap).to_contain_text("Có người trực một phần giờ")
    expect(gap).to_contain_text("Không có ai 18:00–24:00")
    expect(page.get_by_test_id(f"cell-{DAY}-leadership")).to_have_class(re.compile(r"\bcell-ok\b"))
    screenshot(page, "board")

    # The board's shifts download as the file the shift import reads back: its columns, a row for each shift of the
    # campaign not cancelled (as many as the link says).
    with stack.api("roster", manager) as roster:
        kept = {"campaign_id": stack.campaign_id, "enterprise_id": enterprise_id, "limit": 1}
        statuses = {"status": ["draft", "published", "checked_in", "completed"]}
        total = roster.get("/shifts", params={**kept, **statuses}).json()["total"]
    assert total > 0
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Tải lịch trực (Excel) ({total} ca)").click()
    rows = list(
        openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active.iter_rows(values_only=True)
    )
    header = ("Ngày", "Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú", "Trạng thái")
    assert rows[1] == header and len(rows) - 2 == total
    # each shift says whether it is a draft, and the first line how many drafts the file has (QZ8)
    drafts = [r for r in rows[2:] if r[7] == "Nháp — chưa công bố"]
    assert {r[7] for r in rows[2:]} <= {"Nháp — chưa công bố", "Đã công bố"}
    said = str(rows[0][0])
    if drafts:
        assert said.startswith(f"Tệp có {len(drafts)} ca nháp — chưa công bố"), said
    else:
        assert said == "Không có ca nháp: mọi ca trong tệp đã công bố.", said

    # The inspector's heatmap before: that MobiFone day has uncovered minutes.
    inspector = new_page()
    sign_in(inspector, stack, stack.inspector)
    before = _heat(inspector, stack, enterprise_id)
    assert before > 0

    # Click the red cell: its shifts and the plan form open beside the board.
    gap.get_by_role("link").click()
    panel = page.locator("#cell-panel")
    expect(panel.get_by_role("heading", name=DUTY)).to_be_visible()
    expect(panel).to_contain_text("07/02/2027 (Mùng 2 Tết Đinh Mùi)")
    expect(panel).to_contain_text("18:00–24:00: cần 1, mới xếp 0")
    expect(_card(page, DAY_TECHNICIAN)).to_contain_text(
        "06:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 18:00"
    )  # the day shift, by name and time

    # Plan the night with a free technician (listed among the qualified), as a draft, then publish it.
    plan = page.locator("#plan-form")
    expect(plan).to_contain_text("Có chuyên môn kỹ thuật")
    # beside each name, what roster would say at the times suggested: the day technician ends as the night begins
    expect(plan.get_by_role("listitem").filter(has_text=FREE_TECHNICIAN)).to_contain_text("rảnh, đủ thời gian nghỉ")
    expect(plan.get_by_role("listitem").filter(has_text=DAY_TECHNICIAN)).to_contain_text(
        f"trực liền sau ca {DUTY} lúc 06:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 18:00"
    )
    plan.get_by_label(FREE_TECHNICIAN).check()
    plan.get_by_label("Bắt đầu (giờ Việt Nam)").fill("2027-02-07T18:00")
    plan.get_by_label("Kết thúc (giờ Việt Nam)").fill("2027-02-08T06:00")
    plan.get_by_role("button", name="Xếp ca").click()
    night = f"{DUTY} tại {ENTERPRISE}, 18:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 06:00 08/02"
    expect(page.get_by_role("status")).to_contain_text(f"Đã lưu ca {night} (bản nháp)")  # the notice names it
    card = _card(page, FREE_TECHNICIAN)
    expect(card).to_contain_text("18:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 06:00 08/02")
    expect(card).to_contain_text("Nháp (chưa công bố)")
    card.get_by_role("button", name="Công bố ca này").click()
    expect(page.get_by_role("status")).to_have_text(f"Đã công bố ca {night}.")
    card = _card(page, FREE_TECHNICIAN)
    expect(card).to_contain_text("Đã công bố")

    # The board beside it: the cell is met now, and the next morning too.
    met = page.get_by_test_id(f"cell-{DAY}-incident_response")
    expect(met).to_have_class(re.compile(r"\bcell-ok\b"))
    expect(met).to_contain_text("1/1")
    expect(page.get_by_test_id("cell-2027-02-08-incident_response")).to_have_class(re.compile(r"\bcell-ok\b"))
    screenshot(page, "board-cell")

    # Audit closes the gap (through Kafka), then the inspector's heatmap shows fewer uncovered minutes.
    deadline = time.monotonic() + 60
    while _gap_open(stack, enterprise_id):
        assert time.monotonic() < deadline, "audit still lists the gap of mùng 2 as open"
        time.sleep(1)
    after = _heat(inspector, stack, enterprise_id)
    while after >= before:
        assert time.monotonic() < deadline, f"the heatmap still shows {after} uncovered minutes on {DAY}"
        inspector.wait_for_timeout(1000)
        after = _heat(inspector, stack, enterprise_id)

    # The same technician again at the same time: refused, in words, next to the people.
    page.goto(f"/manage/board/{stack.campaign_id}/{enterprise_id}/cell?day={DAY}&duty_type=incident_response")
    plan = page.locator("#plan-form")
    plan.get_by_label(FREE_TECHNICIAN).check()
    plan.get_by_label("Bắt đầu (giờ Việt Nam)").fill("2027-02-07T20:00")
    plan.get_by_label("Kết thúc (giờ Việt Nam)").fill("2027-02-08T02:00")
    # refused: the cell's own page says why (Post/Redirect/Get), with the refusal's status
    with page.expect_response(lambda r: r.request.method == "GET" and "/cell?" in r.url) as answer:
        plan.get_by_role("button", name="Xếp ca").click()
    assert answer.value.status == 409 and answer.value.request.redirected_from is not None
    assert "/shifts" not in page.url
    people = page.locator("#plan-form fieldset.people")
    clash = (
        f"{FREE_TECHNICIAN} đang có ca {DUTY} lúc 18:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 06:00 08/02, "
        "trùng giờ với ca này: hãy chọn người khác hoặc đổi giờ ca kia trước."
    )
    # said once as an alert, by the summary; beside the boxes it describes them (QZ8: two alerts, one sentence)
    expect(page.locator("#cell-panel").get_by_role("alert")).to_have_count(1)
    expect(page.locator("#cell-panel").get_by_role("alert")).to_contain_text(clash)
    expect(people.locator("#e-plan-clash")).to_contain_text(clash)
    expect(people.locator("#e-plan-clash")).to_contain_text("hãy chọn người khác hoặc đổi giờ ca")
    expect(people.get_by_label(FREE_TECHNICIAN)).to_have_accessible_description(re.compile(re.escape(clash)))
    expect(people.get_by_label(FREE_TECHNICIAN)).to_be_checked()  # what was typed is kept

    # A short rest is warned about, naming the other shift by its day and time; then cancel that draft.
    plan.get_by_label(FREE_TECHNICIAN).uncheck()
    plan.get_by_label(DAY_TECHNICIAN).check()
    plan.get_by_label("Bắt đầu (giờ Việt Nam)").fill("2027-02-07T20:00")
    plan.get_by_label("Kết thúc (giờ Việt Nam)").fill("2027-02-07T23:00")
    plan.get_by_role("button", name="Xếp ca").click()
    # under the minimum rest: asked first, in roster's words; "Vẫn lưu" saves it
    expect(people.locator("#e-plan-people")).to_have_text(
        f"Lưu thế này sẽ vượt mức cho phép: {DAY_TECHNICIAN} chỉ được nghỉ 2 giờ giữa ca này và ca {DUTY.lower()} "
        "06:00–18:00 07/02/2027 (Mùng 2 Tết) (tối thiểu 8 giờ)."
    )
    plan.get_by_role("button", name="Vẫn lưu").click()
    evening = f"{DUTY} tại {ENTERPRISE}, 20:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 23:00"
    expect(page.get_by_role("status")).to_contain_text(f"Đã lưu ca {evening} (bản nháp)")
    extra = page.locator("article.shift-card", has=page.get_by_role("heading", name="20:00 07/02/2027"))
    expect(extra).to_contain_text(
        f"{DAY_TECHNICIAN} chỉ được nghỉ 2 giờ giữa ca này và ca {DUTY} lúc "
        "06:00 07/02/2027 (Mùng 2 Tết Đinh Mùi) → 18:00"
    )
    extra.get_by_role("link", name=re.compile("^Hủy ca — ")).click()
    extra.get_by_label("Lý do hủy").fill("Xếp nhầm, đã có người trực đêm")
    page.once("dialog", lambda dialog: dialog.accept())
    extra.get_by_role("button", name="Hủy ca này").click()
    expect(page.get_by_role("status")).to_have_text(f"Đã hủy ca {evening}.")  # named, though no more listed
    expect(page.locator("article.shift-card", has=page.get_by_role("heading", name="20:00 07/02/2027"))).to_have_count(
        0
    )


def test_other_enterprise_is_not_found_and_a_form_without_csrf_changes_nothing(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[ENTERPRISE]
    enterprise_id = stack.enterprises[ENTERPRISE]
    page = new_page()
    sign_in(page, stack, manager)

    # Editing the address to another enterprise's board: the one refusal of another enterprise's id (QZ12 #11)
    other = stack.enterprises["VNPT Long An"]
    response = page.goto(f"/manage/board/{stack.campaign_id}/{other}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không thuộc doanh nghiệp của bạn")).to_be_visible()
    response = page.goto(f"/manage/board/{stack.campaign_id}/{other}/cell?day={DAY}&duty_type=leadership")
    assert response is not None and response.status == 404

    # A cancel posted with the browser's cookies but without the form's CSRF token: refused, nothing done.
    with stack.api("roster") as roster:
        shift = roster.get(
            "/shifts",
            params={
                "enterprise_id": enterprise_id,
                "duty_type": "leadership",
                "campaign_id": stack.campaign_id,
                "limit": 1,
            },
        ).json()["items"][0]
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    refused = httpx.post(
        f"{stack.portal}/manage/board/{stack.campaign_id}/{enterprise_id}/shifts/{shift['id']}/cancel",
        data={
            "version": str(shift["version"]),
            "cell_day": DAY,
            "cell_duty": "leadership",
            "reason": "không có mã CSRF",
        },
        cookies=cookies,
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert "Yêu cầu bị từ chối" in refused.text
    with stack.api("roster") as roster:
        now = roster.get(f"/shifts/{shift['id']}").json()
    assert (now["status"], now["version"]) == (shift["status"], shift["version"])


def test_a_cells_name_says_its_status_and_opening_it_moves_the_keyboard_to_its_panel(new_page, portal_stack) -> None:
    """QA: each cell's link was named by its duty and day alone ("Trực lãnh đạo, 30/01 · 23 tháng Chạp"), which
    replaced what it shows: a screen reader never said whether a cell was short. And Enter opened the panel
    with the focus left in the table, 85 Tabs away from the panel's first control. Now the name is the duty,
    the day and what the cell shows; Enter moves the focus into the panel — with htmx (portal.js) and, the
    link's #cell-panel, without script."""
    stack = portal_stack
    enterprise_id = stack.enterprises[ENTERPRISE]
    for javascript in (True, False):
        page = new_page(javascript=javascript)
        sign_in(page, stack, stack.managers[ENTERPRISE])
        page.goto(f"/manage/board/{stack.campaign_id}/{enterprise_id}")
        # "Đến hôm nay" only while the board shows today (the wall clock's day: most often not this campaign's)
        expect(page.get_by_test_id("skip-today")).to_have_count(page.locator('[aria-current="date"]').count())
        link = page.get_by_test_id(f"cell-{DAY}-leadership").get_by_role("link")
        seen = link.locator(":scope > :not(.visually-hidden)").all_inner_texts()  # what a sighted person reads
        shown = " ".join(" ".join(seen).split())
        assert re.search(r"\d+/\d+ ", shown), shown
        named = re.compile(rf"^Trực lãnh đạo, 07/02 · Mùng 2 Tết: {re.escape(shown)}\s*$")
        expect(link).to_have_accessible_name(named)

        link.focus()
        page.keyboard.press("Enter")
        panel = page.locator("#cell-panel")
        expect(panel.get_by_role("heading", name="Trực lãnh đạo")).to_be_visible()
        expect(panel).to_contain_text("07/02/2027 (Mùng 2 Tết Đinh Mùi)")
        expect(page.locator("#cell-panel:focus-within")).to_have_count(1)  # the focus is in the panel
        if javascript:  # QZ8: the panel is not a live region: its heading takes the focus, and is said
            expect(panel.get_by_role("heading", name="Trực lãnh đạo")).to_be_focused()
        page.keyboard.press("Tab")  # the next stop is the panel's own first control, not the table's next cell
        inside = page.evaluate(
            "() => { const e = document.activeElement; return !!e.closest('#cell-panel') && e.tagName; }"
        )
        assert inside in ("A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY"), (javascript, inside)
        # QZ22 #7: that first stop closes the panel (the bottom one came after the whole plan form, 67 Tabs away)
        top_close = panel.get_by_test_id("close-panel-top")
        expect(top_close).to_be_focused()
        expect(top_close).to_have_accessible_name("Đóng chi tiết")
        # QA 2026-12-06 (keyboard): the opened cell is marked on the board (a dashed frame, aria-current) while its
        # panel is open, Shift+Tab from the panel's first control goes back to it (not to the board's last cell), and
        # so does Escape, from a cell opened after it — the mark moved with it.
        cell_id = f"cell-{DAY}-leadership"
        cell = page.get_by_test_id(cell_id)
        expect(cell).to_have_class(re.compile(r"\bchosen\b"))
        expect(link).to_have_attribute("aria-current", "true")
        if javascript:
            page.keyboard.press("Shift+Tab")
            expect(link).to_be_focused()
            other = page.get_by_test_id(f"cell-{DAY}-incident_response")
            other.get_by_role("link").focus()
            page.keyboard.press("Enter")
            expect(page.locator("#cell-panel:focus-within")).to_have_count(1)
            expect(other).to_have_class(re.compile(r"\bchosen\b"))
            expect(cell).not_to_have_class(re.compile(r"\bchosen\b"))
            expect(link).not_to_have_attribute("aria-current", "true")
            page.keyboard.press("Tab")
            page.keyboard.press("Escape")
            expect(other.get_by_role("link")).to_be_focused()
            expect(other.get_by_role("link")).to_have_attribute("aria-current", "true")
            # QZ8: "Đóng chi tiết, về bảng trực" loaded the board again, the focus on the top of the page (on a phone
            # the panel is 2,700 px below the row). It closes the panel in place: the keyboard back on the cell, the
            # page scrolled as it was when the cell was opened, the address the board's.
            board = f"{stack.portal}/manage/board/{stack.campaign_id}/{enterprise_id}"
            # the cell near the screen's foot: a place the board reaches without the panel (whose length ends with it)
            before = page.evaluate(
                "(cell) => { window.notReloaded = true; window.scrollTo(0, cell.getBoundingClientRect().bottom"
                " + window.scrollY - window.innerHeight + 100); return window.scrollY; }",
                other.element_handle(),
            )
            assert before > 0, before
            page.keyboard.press("Enter")  # the cell opened again, from here
            expect(panel.get_by_role("heading", name=re.compile("Trực vận hành"))).to_be_focused()
            close = panel.get_by_role("link", name="Đóng chi tiết, về bảng trực")
            close.focus()
            assert page.evaluate("() => window.scrollY") != before  # the panel's end is elsewhere
            page.keyboard.press("Enter")
            expect(other.get_by_role("link")).to_be_focused()
            page.wait_for_function("(y) => window.scrollY === y", arg=before)
            assert page.evaluate("() => window.notReloaded === true")  # in place, not a new page
            expect(panel).to_have_text("Chọn một ô trong bảng để xem các ca trực của ngày đó và xếp ca.")
            expect(page.locator(".board-grid td.chosen, .board-grid a[aria-current]")).to_have_count(0)
            assert page.url == board, page.url
            # QZ22 #7: the close at the panel's top is the first Tab from its heading, and closes it the same way
            page.keyboard.press("Enter")  # the cell opened again
            expect(panel.get_by_role("heading", name=re.compile("Trực vận hành"))).to_be_focused()
            # a date-time box keeps its ring whichever of its stops has the keyboard (its last, the picker's icon, left
            # it unmarked): each stop while the focus is in the box
            panel.locator("#f-starts_at").focus()
            stops: list[str] = []
            while page.evaluate("() => document.activeElement.id") == "f-starts_at" and len(stops) < 12:
                stops.append(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle"))
                page.keyboard.press("Tab")
            assert len(stops) >= 2 and "none" not in stops, stops
            panel.get_by_role("heading", name=re.compile("Trực vận hành")).focus()
            page.keyboard.press("Tab")
            expect(top_close).to_be_focused()
            page.keyboard.press("Enter")
            expect(other.get_by_role("link")).to_be_focused()
            expect(panel).to_have_text("Chọn một ô trong bảng để xem các ca trực của ngày đó và xếp ca.")
            assert page.evaluate("() => window.notReloaded === true") and page.url == board, page.url
        else:  # without script the link is the board at that cell, scrolled to it
            panel.get_by_role("link", name="Đóng chi tiết, về bảng trực").click()
            expect(page).to_have_url(f"{stack.portal}/manage/board/{stack.campaign_id}/{enterprise_id}#{cell_id}")
            expect(page.locator("#cell-panel")).to_have_text(
                "Chọn một ô trong bảng để xem các ca trực của ngày đó và xếp ca."
            )
            expect(cell).to_be_in_viewport()
