"""Journey 3 — a duty staff member on a phone: their shifts with the lunar day names, their
calendar link copied and fetched, checking in on a shift about to start, and a swap asked for
and approved by their manager in another browser.

Roster only accepts shifts inside a campaign, and the demo campaign (Tết Đinh Mùi 2027) starts
on 23 tháng Chạp; a shift "in ten minutes" needs today inside it. The test moves the campaign's
first day back to today's lunar day for its own duration and puts it back afterwards (its shifts
cancelled first, as roster requires). It uses only VNPT Long An's staff account person and a
colleague it registers itself, on days no other test plans."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import expect

from browser_support import accept_next_dialog, open_menu, screenshot, sign_in
from lichtruc import lunar
from portal.domain.dates import VIETNAM, day_label, span_label

ENTERPRISE = "VNPT Long An"


@contextlib.contextmanager
def campaign_from_today(roster: httpx.Client, audit: httpx.Client, campaign_id: str) -> Iterator[None]:
    """The demo campaign starts today (Vietnam time) while the block runs; then as it was, in
    roster and in audit's coverage (so that no other test sees the longer campaign)."""
    campaign = roster.get(f"/campaigns/{campaign_id}").json()
    now = datetime.now(UTC)
    if datetime.fromisoformat(campaign["starts_at"]) <= now:
        yield
        return
    today = lunar.solar_to_lunar(now.astimezone(VIETNAM).date())
    original = campaign["start"]
    moved = roster.patch(
        f"/campaigns/{campaign_id}",
        headers={"If-Match": f'"{campaign["version"]}"'},
        json={"start": {"month": today.month, "day": today.day, "leap": today.leap}},
    )
    assert moved.status_code == 200, moved.text
    try:
        yield
    finally:
        current = roster.get(f"/campaigns/{campaign_id}").json()
        back = roster.patch(
            f"/campaigns/{campaign_id}",
            headers={"If-Match": f'"{current["version"]}"'},
            json={"start": {k: original[k] for k in ("month", "day", "leap") if k in original}},
        )
        assert back.status_code == 200, back.text
        deadline = time.monotonic() + 60
        first_day = datetime.fromisoformat(campaign["starts_at"].replace("Z", "+00:00"))
        while not any(
            c["campaign_id"] == campaign_id
            and datetime.fromisoformat(c["starts_at"].replace("Z", "+00:00")) == first_day
            for c in audit.get("/campaigns").json()["items"]
        ):
            assert time.monotonic() < deadline, "audit did not see the campaign's first day put back"
            time.sleep(0.2)


def plan(roster: httpx.Client, stack, *, starts_at: datetime, hours: int, people: list[str]) -> dict:
    response = roster.post(
        "/shifts",
        json={
            "campaign_id": stack.campaign_id,
            "enterprise_id": stack.enterprises[ENTERPRISE],
            "duty_type": "operations",
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=hours)).isoformat(),
            "assignees": [{"staff_id": p} for p in people],
            "status": "published",
            "notes": "Ca thử của hành trình 3",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def cancel(roster: httpx.Client, shift_id: str) -> None:
    shift = roster.get(f"/shifts/{shift_id}").json()
    if shift["status"] != "cancelled":
        roster.post(
            f"/shifts/{shift_id}/cancel",
            headers={"If-Match": f'"{shift["version"]}"'},
            json={"reason": "Kết thúc bài kiểm thử"},
        ).raise_for_status()


def unfolded(ics: str) -> str:
    """iCalendar folds lines at 75 octets (RFC 5545 3.1): join them back."""
    return re.sub(r"\r?\n[ \t]", "", ics)


@pytest.mark.screenshot
def test_journey_3_duty_staff_on_a_phone(new_page, portal_stack) -> None:
    stack = portal_stack
    person, manager = stack.staff[ENTERPRISE], stack.managers[ENTERPRISE]
    colleague_name = "Võ Thị Kiều Oanh"
    planned: list[str] = []
    with (
        stack.api("roster") as roster,
        stack.api("audit") as audit,
        campaign_from_today(roster, audit, stack.campaign_id),
    ):
        try:
            made = roster.post(
                "/staff",
                json={
                    "enterprise_id": stack.enterprises[ENTERPRISE],
                    "full_name": colleague_name,
                    "email": f"oanhvtk.{uuid.uuid4().hex[:8]}@vnpt-longan.vn",
                    "phone": "0912345678",
                    "qualifications": ["operator"],
                },
            )
            assert made.status_code == 201, made.text
            colleague = made.json()["id"]
            now = datetime.now(UTC).replace(microsecond=0)
            soon = plan(
                roster, stack, starts_at=now + timedelta(minutes=10), hours=3, people=[person.staff_id, colleague]
            )
            later = plan(roster, stack, starts_at=now + timedelta(days=2), hours=4, people=[person.staff_id])
            planned += [soon["id"], later["id"]]
            _journey(new_page, stack, person, manager, colleague_name, soon, later)
        finally:
            for shift_id in planned:
                cancel(roster, shift_id)


def _journey(new_page, stack, person, manager, colleague_name: str, soon: dict, later: dict) -> None:
    page = new_page(phone=True)
    sign_in(page, stack, person)
    expect(page).to_have_url(re.compile(r"/me/shifts$"))
    expect(page.get_by_role("heading", name="Ca trực của tôi", exact=True)).to_be_visible()

    # The shift in ten minutes: its day with the lunar day name, the time in Vietnam, the duty in words, the colleague.
    starts = datetime.fromisoformat(soon["starts_at"]).astimezone(VIETNAM)
    card = page.locator(f"#shift-{soon['id']}")
    expect(card).to_contain_text(day_label(starts.date(), "vi"))
    expect(card).to_contain_text(f"{starts:%H:%M}")
    expect(card).to_contain_text("Trực điều hành")
    # The card's heading carries its day for a screen reader's list of headings (ten alike told nothing).
    expect(card.get_by_role("heading", name=re.compile(rf"^Trực điều hành — .*{starts:%H:%M}"))).to_have_count(1)
    expect(card).to_contain_text(colleague_name)
    expect(card).to_contain_text("Sắp tới")
    assert re.search(r"tháng|Mùng|Rằm", card.inner_text())  # a lunar day name, not just digits
    check_in = card.get_by_role("button", name="Điểm danh")
    expect(check_in).to_be_enabled()  # it opens 30 minutes before the start

    # The one in two days: the button is there but disabled, saying when it opens.
    far = page.locator(f"#shift-{later['id']}")
    expect(far.get_by_role("button", name="Điểm danh")).to_be_disabled()
    expect(far).to_contain_text("Nút điểm danh mở từ")
    assert far.get_by_role("button", name="Điểm danh").get_attribute("data-live-from")
    screenshot(page, "my-shifts")

    # My calendar: a link issued, copied, and the feed it names lists the shift.
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name="Lịch của tôi").click()
    expect(page.get_by_role("heading", name="Lịch của tôi", exact=True)).to_be_visible()
    page.get_by_role("button", name="Tạo đường dẫn lịch").click()
    link = page.get_by_label("Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True)
    expect(link).to_have_value(re.compile(r"^http://.+\.ics$"))
    expect(page.get_by_role("link", name="Thêm vào Lịch Google")).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?cid=webcal%3A%2F%2F")
    )
    expect(page.get_by_role("link", name="Thêm vào Outlook")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.live\.com/calendar/0/addfromweb\?url=http")
    )
    # On the phone itself the QR code is left out: there is no camera to scan it with (QA round 3).
    expect(page.get_by_role("img", name="Mã QR của đường dẫn lịch")).to_be_hidden()
    phone = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 900})  # on a computer, to scan with the phone
    expect(page.get_by_role("img", name="Mã QR của đường dẫn lịch").locator("svg")).to_be_visible()
    assert phone is not None
    page.set_viewport_size(phone)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.portal)
    page.get_by_role("button", name="Sao chép").first.click()
    expect(page.get_by_text("Đã sao chép đường dẫn.")).to_be_visible()
    # 127.0.0.1 is a secure context, so the page wrote through the Clipboard API and the test reads it back.
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == link.input_value()
    screenshot(page, "my-calendar")

    deadline = time.monotonic() + 60
    while True:  # notifier learns of the shift from roster's events on Kafka
        feed = httpx.get(copied, timeout=10)
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
        ics = unfolded(feed.text)
        if f"UID:{soon['id']}.{person.staff_id}@" in ics:
            break
        assert time.monotonic() < deadline, "the shift did not reach the calendar feed"
        time.sleep(1)
    assert "Trực điều hành" in ics and f"DTSTART;TZID=Asia/Ho_Chi_Minh:{starts:%Y%m%dT%H%M}" in ics

    # Checking in on the shift about to start.
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name="Ca trực của tôi").click()
    page.locator(f"#shift-{soon['id']}").get_by_role("button", name="Điểm danh").click()
    expect(page.get_by_role("status").filter(has_text="Đã điểm danh")).to_be_visible()
    card = page.locator(f"#shift-{soon['id']}")
    expect(card).to_contain_text(re.compile(r"Đã điểm danh lúc \d\d:\d\d"))
    expect(card).to_be_focused()  # the address's #shift-…: the keyboard is at the card (QA: it was on the page)

    # Each card's "Xin đổi ca" names its shift for a screen reader's list of links (QA: four alike).
    expect(page.locator(f"#shift-{later['id']}").get_by_role("link", name="Xin đổi ca — Trực điều hành")).to_have_count(
        1
    )

    # Asking for a swap of the later shift with the colleague met on the first one.
    page.locator(f"#shift-{later['id']}").get_by_role("link", name="Xin đổi ca").click()
    expect(page.get_by_role("heading", name="Xin đổi ca", exact=True)).to_be_visible()
    page.get_by_label("Đồng nghiệp nhận ca").select_option(label=colleague_name)
    page.get_by_label("Lý do (không bắt buộc)").fill("Nhà có việc đột xuất")
    page.get_by_role("button", name="Gửi yêu cầu đổi ca").click()
    expect(page.get_by_text("Đã gửi yêu cầu đổi ca.")).to_be_visible()
    mine = page.locator("article", has_text="Nhà có việc đột xuất")
    expect(mine).to_contain_text("Đang chờ duyệt")
    expect(mine).to_contain_text(colleague_name)

    # The manager, in another browser, approves it in the swap inbox.
    boss = new_page()
    sign_in(boss, stack, manager)
    boss.get_by_role("link", name="Đổi ca").click()
    expect(boss.get_by_role("heading", name="Duyệt đổi ca")).to_be_visible()
    row = boss.locator("tr", has_text="Nhà có việc đột xuất")
    expect(row).to_contain_text(person.name)
    expect(row).to_contain_text(colleague_name)
    expect(row).to_contain_text(day_label(datetime.fromisoformat(later["starts_at"]).astimezone(VIETNAM).date()))
    # the colleague has not answered on the portal (QZ26 #12): the manager says how they agreed, asked first
    expect(row.locator("[data-stage]")).to_have_text("Chờ đồng nghiệp trả lời")
    row.get_by_label("Cách đồng nghiệp đã đồng ý", exact=False).fill("Đã đồng ý qua điện thoại")
    accept_next_dialog(boss)
    row.get_by_role("button", name="Duyệt").click()
    expect(
        boss.get_by_text(f"Đã duyệt đổi ca: ca trực của {person.name} đã chuyển cho {colleague_name}.")
    ).to_be_visible()
    expect(boss.locator("tr", has_text="Nhà có việc đột xuất")).to_have_count(0)  # no longer awaiting a decision

    # The staff member sees the answer: the swap approved, the shift gone to the colleague (roster no longer
    # lists a shift one handed over among one's own).
    page.reload()
    answered = page.locator("article", has_text="Nhà có việc đột xuất")
    expect(answered).to_contain_text("Đã duyệt")
    expect(answered).to_contain_text(colleague_name)
    page.goto("/me/shifts")
    expect(page.locator(f"#shift-{soon['id']}")).to_be_visible()
    expect(page.locator(f"#shift-{later['id']}")).to_have_count(0)


def test_reminder_preferences_with_errors_next_to_fields(new_page, portal_stack) -> None:
    """Viettel's staff member (no other test changes their preferences) chooses reminder times and quiet hours."""
    person = portal_stack.staff["Viettel Long An"]
    page = new_page(phone=True)
    sign_in(page, portal_stack, person)
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name="Nhắc việc").click()
    expect(page.get_by_role("heading", name="Nhắc việc", exact=True)).to_be_visible()
    page.get_by_label("Dùng mặc định của hệ thống").uncheck()
    page.get_by_label("Trước 2 giờ").check()
    page.get_by_label("Trước 1 ngày").check()
    page.get_by_label("Thư điện tử").check()
    page.get_by_label("Từ", exact=True).fill("22:00")
    page.get_by_label("Đến", exact=True).fill("22:00")
    page.get_by_role("button", name="Lưu tùy chọn").click()
    end = page.get_by_label("Đến", exact=True)
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-quiet_end")).to_have_text("Giờ bắt đầu và kết thúc phải khác nhau.")
    expect(page.get_by_label("Trước 2 giờ")).to_be_checked()  # what was typed is kept
    # QA (2026-12-04): the keyboard starts at the refusal, not seventeen menu links above it
    expect(page.get_by_role("alert").first).to_be_focused()  # said first by a screen reader
    # Its summary links each refusal to its field (QA: the summary said "see below" and led nowhere); Tab goes
    # there, then on in the form.
    page.keyboard.press("Tab")
    link = page.locator(".error-summary").get_by_role("link", name="Giờ bắt đầu và kết thúc phải khác nhau.")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", "#f-quiet_end")
    expect(end).to_have_id("f-quiet_end")  # the link leads to the box the refusal describes
    expect(end).to_have_attribute("aria-describedby", re.compile(r"\be-quiet_end\b"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('form') !== null")

    end.fill("06:00")
    page.get_by_role("button", name="Lưu tùy chọn").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    expect(page.get_by_label("Trước 1 ngày")).to_be_checked()
    expect(page.get_by_label("Từ", exact=True)).to_have_value("22:00")
    with portal_stack.api("notifier", person) as notifier:
        saved = notifier.get(f"/people/{person.staff_id}/preferences").json()
    assert saved["reminder_offsets_minutes"] == [1440, 120] and not saved["uses_default_offsets"]
    assert saved["quiet_hours"] == {"start": "22:00", "end": "06:00"} and saved["channels"] == ["email"]


def test_a_draft_stays_off_my_shifts_until_the_manager_publishes_it(new_page, portal_stack) -> None:
    """ "Lưu nháp (chưa báo cho nhân viên)" as the plan form says: the staff member on a draft does not see
    it on "Ca trực của tôi" (nor can open it to ask for a swap) until it is published — as their calendar
    feed. A person and an account of the test's own, on a day no other test plans at VNPT (mùng 9 Tết)."""
    stack = portal_stack
    manager = stack.managers[ENTERPRISE]
    name = "Võ Thị Thanh Lan"
    notes = "Ghi chú QA nháp"
    with stack.api("roster") as admin:
        made = admin.post(
            "/staff",
            json={
                "enterprise_id": stack.enterprises[ENTERPRISE],
                "full_name": name,
                "email": f"lanvtt.{uuid.uuid4().hex[:8]}@vnpt-longan.vn",
                "qualifications": ["operator"],
            },
        )
        assert made.status_code == 201, made.text
        login = f"lanvtt.{uuid.uuid4().hex[:8]}@vnpt-longan.vn"
        account = admin.post(
            "/accounts",
            json={
                "login": login,
                "display_name": name,
                "role": "staff",
                "staff_id": made.json()["id"],
                "password": stack.password,
            },
        )
        assert account.status_code == 201, account.text
    person = dataclasses.replace(stack.staff[ENTERPRISE], login=login, name=name, staff_id=made.json()["id"])

    # The manager saves a draft through the board's plan form.
    boss = new_page()
    sign_in(boss, stack, manager)
    boss.goto(
        f"/manage/board/{stack.campaign_id}/{stack.enterprises[ENTERPRISE]}/cell?day=2027-02-14&duty_type=operations"
    )
    form = boss.locator("#plan-form")
    form.get_by_label(name).check()
    form.get_by_label("Bắt đầu (giờ Việt Nam)").fill("2027-02-14T10:00")
    form.get_by_label("Kết thúc (giờ Việt Nam)").fill("2027-02-14T14:00")
    form.get_by_label("Ghi chú (không bắt buộc)").fill(notes)
    expect(form.get_by_label("Lưu nháp (chưa báo cho nhân viên)")).to_be_checked()
    form.get_by_role("button", name="Xếp ca").click()
    when = span_label(datetime(2027, 2, 14, 10, tzinfo=VIETNAM), datetime(2027, 2, 14, 14, tzinfo=VIETNAM))
    expect(boss.get_by_role("status")).to_have_text(
        re.compile(rf"^Đã lưu ca Trực điều hành tại {re.escape(ENTERPRISE)}, {re.escape(when)} \(bản nháp\)")
    )
    card = boss.locator("article.shift-card", has_text=notes)
    expect(card).to_contain_text("Nháp (chưa công bố)")
    shift_id = card.get_attribute("id").removeprefix("shift-")

    with stack.api("roster", manager) as roster:
        try:
            # The staff member on it: nothing on "my shifts", and the shift's own page is not found.
            page = new_page(phone=True)
            sign_in(page, stack, person)
            expect(page).to_have_url(re.compile(r"/me/shifts$"))
            expect(page.get_by_text("Bạn chưa có ca trực nào sắp tới.")).to_be_visible()
            expect(page.locator(f"#shift-{shift_id}")).to_have_count(0)
            expect(page.locator("main")).not_to_contain_text(notes)
            expect(page.locator("main")).not_to_contain_text("Bản nháp")
            page.goto(f"/me/shifts/{shift_id}/swap")
            expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
            expect(page.locator("main")).not_to_contain_text(notes)

            # Published: there it is, with the notes, and a swap may be asked for.
            shift = roster.get(f"/shifts/{shift_id}").json()
            published = roster.post(f"/shifts/{shift_id}/publish", headers={"If-Match": f'"{shift["version"]}"'})
            assert published.status_code == 200, published.text
            page.goto("/me/shifts")
            mine = page.locator(f"#shift-{shift_id}")
            expect(mine).to_contain_text("Trực điều hành")
            expect(mine).to_contain_text("10:00")
            expect(mine).to_contain_text("Sắp tới")
            expect(mine).to_contain_text(notes)
            expect(mine.get_by_role("link", name="Xin đổi ca")).to_be_visible()
        finally:
            cancel(roster, shift_id)
