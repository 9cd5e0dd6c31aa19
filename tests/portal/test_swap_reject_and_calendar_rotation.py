"""A duty staff member's swap request rejected by their manager, a second one — naming a colleague
they never shared a shift with, offered by roster's swap candidates — withdrawn by the staff member,
and a calendar link rotated, in a real browser over the real services. Both sides read each request
with the asker's name and the shift in words (duty type, site, local time with the lunar day), never
a placeholder; the manager chooses who takes an open request among roster's swap candidates.

Data: MobiFone Long An's staff account asks to hand over their first shift of the demo (a
rejected or withdrawn request leaves the shift as it was); the colleague it names is registered
here and made inactive afterwards; the post office's staff account owns the calendar link rotated
here. No other test uses either person's swaps or calendar link."""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator
from urllib.parse import quote

import httpx
from playwright.sync_api import expect

from browser_support import accept_next_dialog, open_menu, sign_in, until
from lichtruc.duty_types import DUTY_QUALIFICATION, duty_type_name
from lichtruc.words import rest_said
from portal.domain.dates import parse_instant, span_label

KNOWN = "Đã trực cùng bạn"
ASKER_KNOWN = "Đã trực cùng người xin đổi"  # the manager's choice, for the person asking
OTHERS = "Đồng nghiệp khác đủ chuyên môn"


@contextlib.contextmanager
def newcomer(stack, enterprise: str, name: str, qualification: str) -> Iterator[str]:
    """A colleague registered for the test (qualified, no shift yet), made inactive afterwards."""
    with stack.api("roster") as roster:
        made = roster.post(
            "/staff",
            json={"enterprise_id": stack.enterprises[enterprise], "full_name": name, "qualifications": [qualification]},
        )
        assert made.status_code == 201, made.text
        try:
            yield made.json()["id"]
        finally:
            version = made.json()["version"]
            gone = roster.patch(
                f"/staff/{made.json()['id']}", json={"active": False}, headers={"If-Match": f'"{version}"'}
            )
            assert gone.status_code == 200, gone.text


def test_manager_rejects_a_swap_the_staff_member_sees_it_and_withdraws_the_next(new_page, portal_stack) -> None:
    stack = portal_stack
    enterprise = "MobiFone Long An"
    person, manager = stack.staff[enterprise], stack.managers[enterprise]
    with stack.api("roster", person) as roster:
        shift = roster.get(
            "/shifts",
            params={"staff_id": person.staff_id, "campaign_id": stack.campaign_id, "status": "published", "limit": 1},
        ).json()["items"][0]
        site = roster.get(f"/sites/{shift['site_id']}").json()["name"] if shift["site_id"] else None
    when = span_label(parse_instant(shift["starts_at"]), parse_instant(shift["ends_at"]))
    duty = duty_type_name(shift["duty_type"])
    shown = [duty, when, person.name] + ([site] if site else [])  # what each request reads with
    reason = f"Con nhỏ bị ốm, xin đổi ca ({secrets.token_hex(2)})"
    decision = "Không có người thay cùng chuyên môn ngày này"

    page = new_page(phone=True)
    sign_in(page, stack, person)
    card = page.locator(f"#shift-{shift['id']}")
    expect(card).to_contain_text("Sắp tới")
    card.get_by_role("link", name="Xin đổi ca").click()
    expect(page.get_by_role("heading", name="Xin đổi ca", exact=True)).to_be_visible()
    page.get_by_label("Đồng nghiệp nhận ca").select_option(label="Bất kỳ đồng nghiệp")
    page.get_by_label("Lý do (không bắt buộc)").fill(reason)
    page.get_by_role("button", name="Gửi yêu cầu đổi ca").click()
    expect(page.get_by_text("Đã gửi yêu cầu đổi ca.")).to_be_visible()
    mine = page.locator("article", has_text=reason)
    expect(mine).to_contain_text("Đang chờ duyệt")
    for words in shown:
        expect(mine).to_contain_text(words)
    expect(mine).to_contain_text("bất kỳ ai đủ chuyên môn")
    expect(mine).not_to_contain_text("Một ca trực")
    expect(mine).not_to_contain_text("một đồng nghiệp")

    # The manager, in another browser, rejects it with a reason.
    boss = new_page()
    sign_in(boss, stack, manager)
    boss.get_by_role("link", name="Đổi ca").click()
    expect(boss.get_by_role("heading", name="Duyệt đổi ca")).to_be_visible()
    row = boss.locator("tr", has_text=reason)
    for words in shown:
        expect(row).to_contain_text(words)
    expect(row).to_contain_text("bất kỳ ai đủ chuyên môn")
    expect(row).not_to_contain_text("Một ca trực")
    # The manager chooses the taker among the colleagues roster would accept in the asker's place (its swap
    # candidates: active, qualified, free), grouped as the staff member's form groups them.
    with stack.api("roster", manager) as roster:
        offered = roster.get(
            f"/shifts/{shift['id']}/swap-candidates", params={"from_staff_id": person.staff_id, "limit": 500}
        ).json()["items"]
    assert offered, "the demo has qualified colleagues free at that time"
    taker = row.get_by_label("Người nhận ca")
    expect(taker.locator("option").first).to_have_text("— Chọn người —")
    for label, shared in ((ASKER_KNOWN, True), (OTHERS, False)):
        names = [_shown(c) for c in offered if c["shared_shift"] == shared]
        group = taker.locator(f'optgroup[label="{label}"] option')
        if names:
            expect(group).to_have_text(names)
        else:
            expect(group).to_have_count(0)
    expect(taker.locator("option")).to_have_count(len(offered) + 1)
    row.get_by_label("Lý do từ chối").fill(decision)
    row.get_by_role("button", name="Từ chối").click()
    expect(boss.locator(".message.ok")).to_have_text("Đã từ chối yêu cầu đổi ca.")  # the emptied inbox says so too
    expect(boss.locator("tr", has_text=reason)).to_have_count(0)  # no longer waiting for a decision
    boss.get_by_label("Trạng thái").select_option(label="Bị từ chối")
    boss.get_by_role("button", name="Lọc").click()
    row = boss.locator("tr", has_text=reason)
    expect(row).to_contain_text("Bị từ chối")
    expect(row).to_contain_text(decision)
    expect(row.get_by_role("button")).to_have_count(0)  # decided: nothing left to approve or reject
    expect(row).to_contain_text(f"Từ chối bởi {manager.name} lúc ")  # who decided, and when

    # The staff member sees the rejection and the manager's reason; the shift is still theirs.
    page.reload()
    answered = page.locator("article", has_text=reason)
    expect(answered).to_contain_text("Bị từ chối")
    expect(answered.locator("dt", has_text="Từ chối lúc")).to_be_visible()  # when it was decided
    note = answered.locator("dt", has_text="Ghi chú của quản lý").locator("xpath=following-sibling::dd[1]")
    expect(note).to_have_text(decision)
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name="Ca trực của tôi", exact=True).click()
    expect(page.locator(f"#shift-{shift['id']}")).to_contain_text("Sắp tới")
    with stack.api("roster", manager) as roster:
        swap = next(
            s
            for s in roster.get("/swaps", params={"status": "rejected", "limit": 100}).json()["items"]
            if s["reason"] == reason
        )
        now = roster.get(f"/shifts/{shift['id']}").json()
    assert (swap["shift_id"], swap["decision_note"]) == (shift["id"], decision)
    assert [a["staff_id"] for a in now["assignees"]] == [person.staff_id] and now["status"] == "published"

    # A second request for the same shift, naming a colleague the staff member never shared a shift with
    # (a staff account may not list staff: roster's swap candidates offer them), withdrawn before the manager
    # decides.
    second = f"Xin đổi lần hai ({secrets.token_hex(2)})"
    stranger = "Lâm Thị Mỹ Duyên"
    with newcomer(stack, enterprise, stranger, DUTY_QUALIFICATION[shift["duty_type"]]) as stranger_id:
        with stack.api("roster", person) as roster:
            offered = roster.get(
                f"/shifts/{shift['id']}/swap-candidates", params={"from_staff_id": person.staff_id, "limit": 500}
            ).json()["items"]
        newly = {"id": stranger_id, "full_name": stranger, "shared_shift": False, "short_rest_hours": None}
        hints = {"phone_end": None, "email_hint": None}  # the newcomer has neither phone nor e-mail
        assert {**newly, **hints, "night_shifts": None, "warnings": []} in offered
        page.locator(f"#shift-{shift['id']}").get_by_role("link", name="Xin đổi ca").click()
        choice = page.get_by_label("Đồng nghiệp nhận ca")
        # grouped as roster flags them: those met on a shift first, then the others, each by name
        for label, shared in ((KNOWN, True), (OTHERS, False)):
            names = [_shown(c) for c in offered if c["shared_shift"] == shared]
            group = choice.locator(f'optgroup[label="{label}"] option')
            if names:
                expect(group).to_have_text(names)
            else:
                expect(group).to_have_count(0)
        expect(choice.locator("option").first).to_have_text("Bất kỳ đồng nghiệp")
        expect(page.get_by_text("người đã trực cùng bạn đứng trước")).to_be_visible()
        choice.select_option(label=stranger)
        page.get_by_label("Lý do (không bắt buộc)").fill(second)
        page.get_by_role("button", name="Gửi yêu cầu đổi ca").click()
        waiting = page.locator("article", has_text=second)
        expect(waiting).to_contain_text("Đang chờ duyệt")
        expect(waiting).to_contain_text(stranger)
        decided = page.locator("article", has_text=reason)
        expect(decided.get_by_role("button")).to_have_count(0)  # decided: nothing to do
        asked = accept_next_dialog(page)
        waiting.get_by_role("button", name="Rút yêu cầu").click()
        expect(page.get_by_role("status")).to_have_text("Đã rút yêu cầu đổi ca. Ca trực vẫn là của bạn.")
        assert asked and asked[0].startswith("Rút yêu cầu đổi ca này?")
        withdrawn = page.locator("article", has_text=second)
        expect(withdrawn).to_contain_text("Đã rút")
        expect(withdrawn.get_by_role("button")).to_have_count(0)
        for words in shown:
            expect(withdrawn).to_contain_text(words)
        page.get_by_label("Trạng thái").select_option(label="Đã rút")
        page.get_by_role("button", name="Lọc").click()
        expect(page.locator("article")).to_have_count(1)
        expect(page.locator("article", has_text=second)).to_contain_text("Đã rút")
        # The manager has nothing left to decide; the shift is still the staff member's.
        boss.get_by_label("Trạng thái").select_option(label="Đang chờ duyệt")
        boss.get_by_role("button", name="Lọc").click()
        expect(boss.locator("tr", has_text=second)).to_have_count(0)
        open_menu(page)  # folded on a phone
        page.get_by_role("link", name="Ca trực của tôi", exact=True).click()
        card = page.locator(f"#shift-{shift['id']}")
        expect(card).to_contain_text("Bạn đã rút yêu cầu đổi ca")
        expect(card.get_by_role("link", name="Xin đổi ca")).to_be_visible()
        with stack.api("roster", person) as roster:
            mine_now = roster.get("/swaps", params={"staff_id": person.staff_id, "status": "withdrawn"}).json()["items"]
            now = roster.get(f"/shifts/{shift['id']}").json()
        assert [(s["reason"], s["from_name"], s["status"]) for s in mine_now] == [(second, person.name, "withdrawn")]
        assert [a["staff_id"] for a in now["assignees"]] == [person.staff_id] and now["status"] == "published"


def test_rotating_the_calendar_link_stops_the_old_one(new_page, portal_stack) -> None:
    stack = portal_stack
    person = stack.staff["Bưu điện tỉnh Long An"]
    with stack.api("roster", person) as roster:
        shift_id = roster.get(
            "/shifts",
            params={"staff_id": person.staff_id, "campaign_id": stack.campaign_id, "status": "published", "limit": 1},
        ).json()["items"][0]["id"]

    page = new_page(phone=True)
    sign_in(page, stack, person)
    open_menu(page)  # folded on a phone
    page.get_by_role("link", name="Lịch của tôi").click()
    expect(page.get_by_role("heading", name="Lịch của tôi", exact=True)).to_be_visible()
    link = page.get_by_label("Đường dẫn để dán vào Lịch Google, Outlook hoặc ứng dụng lịch khác", exact=True)
    if page.get_by_role("button", name="Tạo đường dẫn lịch").count():
        page.get_by_role("button", name="Tạo đường dẫn lịch").click()
    else:  # a link issued before (whose full address is never shown again): a fresh one to start from
        accept_next_dialog(page)
        page.get_by_role("button", name="Lấy đường dẫn mới").click()
    expect(link).to_have_value(re.compile(r"^http://.+\.ics$"))
    expect(page).to_have_url(re.compile(r"/me/calendar$"))  # Post/Redirect/Get: the calendar page, not the POST's
    old = link.input_value()
    assert httpx.get(old, timeout=10).status_code == 200

    # A new link: shown at once, the page says which one is in use now, the old one is refused.
    asked = accept_next_dialog(page)
    page.get_by_role("button", name="Lấy đường dẫn mới").click()
    expect(link).not_to_have_value(old)
    expect(link).to_have_value(re.compile(r"^http://.+\.ics$"))
    expect(page).to_have_url(re.compile(r"/me/calendar$"))  # not /me/calendar/{id}/rotate: a reload sends nothing
    new = link.input_value()
    assert asked and asked[0].startswith("Lấy đường dẫn mới? Đường dẫn cũ sẽ ngừng hoạt động ngay")
    expect(page.get_by_label("Đường dẫn mở bằng ứng dụng lịch trên máy này")).to_have_value(
        re.sub(r"^https?://", "webcal://", new)
    )
    prefix = re.search(r"bắt đầu bằng “(.+)…”", page.locator("section", has_text="Đường dẫn đang dùng").inner_text())
    assert (
        prefix
        and new.rsplit("/", 1)[1].startswith(prefix.group(1))
        and not old.rsplit("/", 1)[1].startswith(prefix.group(1))
    )
    expect(page.get_by_role("link", name="Thêm vào Outlook")).to_have_attribute(
        "href", re.compile(re.escape(f"?url={quote(new, safe='')}&"))
    )

    refused = httpx.get(old, timeout=10)
    assert refused.status_code in (404, 410), refused.status_code

    def feed_lists_the_shift() -> bool:
        served = httpx.get(new, timeout=10)
        assert served.status_code == 200 and served.headers["content-type"].startswith("text/calendar")
        return f"UID:{shift_id}.{person.staff_id}@" in re.sub(r"\r?\n[ \t]", "", served.text)  # unfolded

    until(feed_lists_the_shift, what="the new calendar link to list the person's shift")

    # Without script nobody asks "are you sure?": the question is beside a box the browser needs ticked first
    # (QA: the link changed on one click).
    bare = new_page(phone=True, javascript=False)
    sign_in(bare, stack, person)
    bare.goto("/me/calendar")
    rotate = bare.get_by_role("button", name="Lấy đường dẫn mới")
    sure = bare.get_by_role("checkbox", name=re.compile(r"^Lấy đường dẫn mới\? .*\(bấm chọn ô này để xác nhận\)$"))
    expect(sure).to_be_visible()
    expect(bare.get_by_role("button", name="Sao chép")).to_have_count(0)  # copying needs the script: not offered
    before = bare.locator("section", has_text="Đường dẫn đang dùng").inner_text()
    rotate.click()  # not ticked: the browser does not send the form
    expect(sure).to_have_js_property("validity.valueMissing", True)
    assert httpx.get(new, timeout=10).status_code == 200  # the link in use still works
    sure.check()
    rotate.click()
    expect(bare.locator("section", has_text="Đường dẫn đang dùng")).not_to_have_text(before)
    expect(bare).to_have_url(re.compile(r"/me/calendar$"))
    assert httpx.get(new, timeout=10).status_code in (404, 410)


def _shown(candidate: dict) -> str:
    """A colleague as a taker choice reads: the name, and the rest the shift would leave them and the night shifts
    it would give them where roster says they break the rules."""
    said = []
    if (hours := candidate["short_rest_hours"]) is not None:
        if float(hours) <= 0:  # their shift ends as this one begins
            said.append("trực liền hai ca, không có thời gian nghỉ ở giữa")
        else:
            said.append(f"chỉ được nghỉ {rest_said(float(hours))} giữa hai ca")
    if nights := candidate["night_shifts"]:
        days = f"{float(nights['within_days']):g}".replace(".", ",")
        said.append(
            f"nhận ca này thì trực {nights['count']} ca đêm (22:00–06:00) trong {days} ngày (tối đa {nights['at_most']})"
        )
    return " — ".join([candidate["full_name"], "; ".join(said)]) if said else candidate["full_name"]
