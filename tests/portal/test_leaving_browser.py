"""Someone who left, in a real browser over the real services (QZ27 #6, portal/domain/leaving.py):

1. a manager marking a person "Ngừng trực" who still has a shift from now on is asked first, nothing saved: the shift
   named with its duty and lunar day, linking its reassignment (the board's cell with "Đổi người trực" open), and told
   that the person's account stays active until the Department's administrator closes it; answered, the record is
   saved, its page still lists the shift with its link, and the staff list offers no account to a person who left;
2. an administrator closing the account of a person still "Đang làm việc" with a shift from now on is asked first
   (the shift listed with its link), and offered to mark the staff record left in the same send; answered so, both
   are closed, and the staff list says "Tài khoản đã khóa", never "Chưa có tài khoản · Tạo tài khoản".

Data of its own on the shared stack: a drill of VNPT two days ahead (no page opens on a drill), two people with
accounts and one published shift each in it."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from playwright.sync_api import expect

from browser_support import sign_in
from lichtruc.vntime import VIETNAM
from portal.domain.dates import parse_instant, span_label

VNPT = "VNPT Long An"


def _person_with_shift(stack, drill_id: str, name: str, starts: datetime) -> tuple[str, str, str, str]:
    """(staff id, account id, shift id, its time as the pages say it) of a new VNPT operator with an account and one
    published operations shift from `starts`, 8 hours."""
    enterprise_id = stack.enterprises[VNPT]
    login = f"nghi.{secrets.token_hex(3)}@vnpt-longan.vn"
    with stack.api("roster") as roster:
        record = roster.post(
            "/staff",
            json={"enterprise_id": enterprise_id, "full_name": name, "email": login, "qualifications": ["operator"]},
        )
        assert record.status_code == 201, record.text
        staff_id = record.json()["id"]
        made = roster.post(
            "/accounts",
            json={
                "login": login,
                "display_name": name,
                "role": "staff",
                "password": "mật khẩu đủ dài 2027",
                "staff_id": staff_id,
            },
        )
        assert made.status_code == 201, made.text
        shift = roster.post(
            "/shifts",
            json={
                "campaign_id": drill_id,
                "enterprise_id": enterprise_id,
                "duty_type": "operations",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
                "assignees": [{"staff_id": staff_id}],
                "status": "published",
            },
        )
        assert shift.status_code == 201, shift.text
    said = span_label(parse_instant(shift.json()["starts_at"]), parse_instant(shift.json()["ends_at"]))
    return staff_id, made.json()["id"], shift.json()["id"], said


def _drill(stack) -> tuple[str, datetime]:
    first = datetime.combine(datetime.now(VIETNAM).date() + timedelta(days=2), datetime.min.time(), tzinfo=VIETNAM)
    with stack.api("roster") as roster:
        drill = roster.post(
            "/campaigns",
            json={
                "kind": "drill",
                "name": f"Diễn tập người nghỉ {secrets.token_hex(2)}",
                "starts_at": first.isoformat(),
                "ends_at": (first + timedelta(days=2)).isoformat(),
            },
        )
        assert drill.status_code == 201, drill.text
    return drill.json()["id"], first


def _staff_row(page, name: str):
    page.goto(f"/manage/staff?q={name}")
    return page.locator("table tbody tr", has_text=name)


def test_a_manager_marking_someone_left_is_asked_first_with_their_shifts_and_told_of_their_account(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    drill_id, first = _drill(stack)
    name = f"Trương Văn Nghỉ {secrets.token_hex(2).upper()}"
    staff_id, _, shift_id, said = _person_with_shift(stack, drill_id, name, first + timedelta(hours=8))

    page = new_page()
    sign_in(page, stack, stack.managers[VNPT])
    page.goto(f"/manage/staff/{staff_id}")
    page.get_by_label("Đang làm việc (được xếp lịch trực)").uncheck()
    page.get_by_role("button", name="Lưu thay đổi").click()

    asked = page.locator("#staff-leave-asked")
    expect(asked).to_be_visible()
    expect(asked).to_contain_text(f"{name} vẫn còn 1 ca trực từ bây giờ (dưới đây).")
    expect(asked).to_contain_text("Chưa lưu gì.")
    item = asked.locator(f"li[data-shift-id='{shift_id}']")
    expect(item).to_contain_text(f"Trực điều hành, {said}")
    expect(item).to_contain_text(re.compile(r"tháng (Chạp|Giêng|\w+)"))  # its day with its lunar name
    link = item.get_by_role("link", name=re.compile(r"^Đổi người trực"))
    expect(link).to_have_attribute("href", re.compile(rf"/manage/board/{drill_id}/.*reassign={shift_id}#shift-"))
    expect(asked).to_contain_text("vẫn hoạt động cho đến khi quản trị viên của Sở khóa nó")
    expect(page.get_by_label("Đang làm việc (được xếp lịch trực)")).not_to_be_checked()  # the form as typed
    with stack.api("roster") as roster:
        assert roster.get(f"/staff/{staff_id}").json()["active"] is True  # nothing saved yet

    page.get_by_role("button", name="Vẫn đánh dấu ngừng trực (đổi người sau)").click()
    expect(page.get_by_text("Đã lưu thông tin cán bộ.")).to_be_visible()
    still = page.locator("#staff-still-on")
    expect(still).to_contain_text(
        f"{name} đã ngừng trực nhưng vẫn còn 1 ca trực từ bây giờ: hãy đổi người cho từng ca."
    )
    expect(still.locator(f"li[data-shift-id='{shift_id}']")).to_contain_text(said)
    expect(page.get_by_test_id("account-left-open")).to_contain_text("chỉ quản trị viên khóa được tài khoản")
    expect(page.locator("#staff-no-account")).to_have_count(0)  # no account offered to a person who left
    with stack.api("roster") as roster:
        assert roster.get(f"/staff/{staff_id}").json()["active"] is False

    # the shift's link opens its cell with the reassignment form drawn
    still.get_by_role("link", name=re.compile(r"^Đổi người trực")).click()
    expect(page.locator(f"#reassign-{shift_id}-heading")).to_have_text("Người trực của ca")

    row = _staff_row(page, name)
    expect(row).to_contain_text("Ngừng trực")
    expect(row).to_contain_text("Có tài khoản")  # still active: the Department closes it


def test_an_administrator_closing_the_account_of_someone_working_is_asked_and_may_mark_them_left(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    drill_id, first = _drill(stack)
    name = f"Phạm Thị Rời {secrets.token_hex(2).upper()}"
    staff_id, account_id, shift_id, said = _person_with_shift(stack, drill_id, name, first + timedelta(hours=16))

    page = new_page()
    sign_in(page, stack, stack.admin)
    page.goto(f"/admin/accounts/{account_id}")
    page.get_by_label("Tài khoản đang hoạt động").uncheck()
    page.get_by_role("button", name="Lưu thay đổi").click()

    expect(page.locator("#e-active")).to_contain_text(
        f"{name} vẫn còn 1 ca trực từ bây giờ (dưới đây) và hồ sơ cán bộ vẫn “Đang làm việc”."
    )
    asked = page.locator("#account-deactivate-asked")
    item = asked.locator(f"li[data-shift-id='{shift_id}']")
    expect(item).to_contain_text(f"Trực điều hành, {said}")
    expect(item.get_by_role("link", name=re.compile(r"^Đổi người trực"))).to_have_attribute(
        "href", re.compile(rf"reassign={shift_id}")
    )
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["active"] is True  # nothing saved yet

    asked.get_by_label(re.compile(rf"Đánh dấu cả hồ sơ cán bộ {name} là “Ngừng trực”")).check()
    asked.get_by_role("button", name="Vẫn khóa tài khoản").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts\?"))
    expect(page.get_by_text(f"Đã đánh dấu hồ sơ cán bộ {name} là “Ngừng trực”.")).to_be_visible()
    with stack.api("roster") as roster:
        assert roster.get(f"/accounts/{account_id}").json()["active"] is False
        record = roster.get(f"/staff/{staff_id}").json()
        assert (record["active"], record["account"]) == (False, "inactive")

    row = _staff_row(page, name)
    expect(row).to_contain_text("Tài khoản đã khóa")
    expect(row).to_contain_text("Ngừng trực")
    expect(row).not_to_contain_text("Chưa có tài khoản")
    expect(row.get_by_role("link", name="Tạo tài khoản")).to_have_count(0)
