"""The history of accounts in a real browser over the real services: the administrator creates a
manager's account through the portal; roster publishes it, audit logs it; the inspector opens
"Lịch sử tài khoản", reads the demo's Department details set there too, reads the creation in words with who did it, finds it again by the name typed
without diacritics, and proves it is in the signed log.

The account is the test's own (a login with a random suffix); no other test uses its name."""

from __future__ import annotations

import re
import secrets
import time

from playwright.sync_api import expect

from browser_support import sign_in

ENTERPRISE = "VNPT Long An"
NAME = "Đặng Thị Thu Hà"


def _until_row(page, login: str, *, timeout: float = 240):
    """The row of `login`'s account on the history page, reloading until audit has logged the event
    (the demo's hundreds of events may still be in front of it on the roster topic)."""
    row = page.locator("table.account-history tbody tr").filter(has_text=login)
    deadline = time.monotonic() + timeout
    while True:
        try:
            expect(row).to_have_count(1, timeout=2000)
            return row
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()


def _until_count(page, rows, count: int, *, timeout: float = 60):
    """`rows` once there are `count` of them, reloading the page until audit has logged the change."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            expect(rows).to_have_count(count, timeout=2000)
            return rows
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()


def test_the_inspector_reads_who_created_an_account_and_finds_it_by_its_name(new_page, portal_stack) -> None:
    stack = portal_stack
    login = f"hadt.{secrets.token_hex(3)}@vnpt-longan.vn"
    failed: list[str] = []  # whatever the pages ask for and do not get, and the console's errors

    admin = new_page()
    admin.on("requestfinished", lambda r: failed.append(r.url) if (a := r.response()) and a.status >= 400 else None)
    admin.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    sign_in(admin, stack, stack.admin)
    # The Department's details: the summary's number as it will print is said under the abbreviation's box as the
    # boxes are typed, before saving (portal.js; nothing is saved here: the demo's profile stays Long An's).
    admin.goto("/admin/department")
    number = admin.locator("#p-abbreviation")
    expect(number).to_have_text(
        "Số báo cáo tổng hợp in thành “Số: …/BC-STTTT” (chữ cái đầu của tên Sở, đổi theo tên Sở)."
    )
    admin.get_by_label("Tên Sở (dòng thứ hai của tiêu đề)").fill("Sở Khoa học và Công nghệ")
    expect(number).to_contain_text("“Số: …/BC-SKHCN” (chữ cái đầu")
    expect(admin.get_by_label("Chữ viết tắt tên Sở (trong số văn bản)")).to_have_attribute("placeholder", "SKHCN")
    admin.get_by_label("Chữ viết tắt tên Sở (trong số văn bản)").fill("SKHCNĐT")
    expect(number).to_have_text("Số báo cáo tổng hợp in thành “Số: …/BC-SKHCNĐT”.")
    # what roster would refuse is not shown as printed (QZ10 #12: "…/BC-sở kh-cn"): the rule, or the capitals to type
    admin.get_by_label("Chữ viết tắt tên Sở (trong số văn bản)").fill("sở kh-cn")
    expect(number).to_contain_text(
        "“sở kh-cn” không dùng được làm chữ viết tắt tên Sở trong số văn bản: chỉ gồm chữ in hoa"
    )
    expect(number).not_to_contain_text("BC-")
    admin.get_by_label("Chữ viết tắt tên Sở (trong số văn bản)").fill("skhcn")
    expect(number).to_have_text("Chữ viết tắt viết bằng chữ in hoa như trong số văn bản: gõ “SKHCN” thay vì “skhcn”.")
    admin.goto("/admin/accounts/new")
    # QZ21 #6: a staff record chosen fills the empty name and proposes its e-mail as the login (portal.js); chosen
    # away, what it filled goes — what the administrator typed stays
    admin.locator("#q-staff_enterprise").select_option(label=ENTERPRISE)
    admin.get_by_role("button", name="Tìm hồ sơ").click()
    records = admin.locator("#f-staff_id")
    record = records.locator("option[data-fill-login]:not([data-fill-login=''])").first
    name, email = record.get_attribute("data-fill-name"), record.get_attribute("data-fill-login")
    assert name and email, (name, email)
    records.select_option(value=record.get_attribute("value"))
    expect(admin.get_by_label("Họ và tên")).to_have_value(name)
    expect(admin.get_by_label("Tên đăng nhập (email)")).to_have_value(email)
    records.select_option(value="")
    expect(admin.get_by_label("Họ và tên")).to_have_value("")
    admin.get_by_label("Họ và tên").fill(NAME)
    records.select_option(value=record.get_attribute("value"))
    expect(admin.get_by_label("Họ và tên")).to_have_value(NAME)  # typed: kept
    records.select_option(value="")
    admin.get_by_label("Tên đăng nhập (email)").fill(login)
    admin.get_by_label("Họ và tên").fill(NAME)
    admin.get_by_label("Vai trò").select_option(label="Quản lý")
    admin.get_by_label(ENTERPRISE).check()
    admin.get_by_label("Mật khẩu ban đầu").fill(f"Xuân-Đinh-Mùi-{secrets.token_hex(4)}")
    admin.get_by_role("button", name="Tạo tài khoản").click()
    expect(admin.get_by_role("row").filter(has_text=login)).to_contain_text(NAME)
    # The administrator's menu leads there too, right after the accounts.
    menu = admin.get_by_role("navigation", name="Điều hướng chính").get_by_role("link")
    names = menu.all_inner_texts()
    assert names[names.index("Tài khoản") + 1] == "Lịch sử tài khoản", names
    menu.filter(has_text="Lịch sử tài khoản").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Lịch sử tài khoản")

    page = new_page()
    page.on("requestfinished", lambda r: failed.append(r.url) if (a := r.response()) and a.status >= 400 else None)
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
    sign_in(page, stack, stack.inspector)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Lịch sử tài khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch sử tài khoản")

    # The demo's first load set the Department's details (Long An's): an administrator's change, read here too.
    profile = _until_row(page, "Nhập thông tin Sở lần đầu").get_by_role("cell")
    expect(profile.nth(1)).to_contain_text(
        "Tên tỉnh: Long An; Tên Sở (dòng thứ hai của tiêu đề): Sở Thông tin và Truyền thông; "
        "Chữ viết tắt tên Sở (trong số văn bản): STTTT; Cơ quan chủ quản (dòng đầu của tiêu đề): UBND TỈNH LONG AN"
    )
    expect(profile.nth(2)).to_have_text("Thông tin Sở")

    row = _until_row(page, login)
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(re.compile(r"^\d\d:\d\d \d\d/\d\d/\d{4} \(.+\)$"))  # Vietnam time, lunar day
    expect(cells.nth(1)).to_have_text(f"Tạo tài khoản {login} ({NAME}): Quản lý của {ENTERPRISE}")
    expect(cells.nth(2)).to_contain_text("Quản lý")
    expect(cells.nth(2)).to_contain_text(ENTERPRISE)
    expect(cells.nth(3)).to_have_text("Đang hoạt động")
    # Who did it: the name people know them by (from their own account's event in the log), and the login.
    expect(cells.nth(4)).to_have_text(f"{stack.admin.name}{stack.admin.login}")
    expect(cells.nth(4).locator(".muted")).to_have_text(stack.admin.login)

    # The name typed without diacritics finds it, and only it.
    page.get_by_label("Tìm theo tên đăng nhập hoặc họ tên").fill("dang thi THU ha")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(re.compile(r"/inspect/accounts\?q=dang\+thi\+THU\+ha"))
    rows = page.locator("table.account-history tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Tạo tài khoản {login} ({NAME})")
    expect(page.get_by_label("Tìm theo tên đăng nhập hoặc họ tên")).to_have_value("dang thi THU ha")

    # Its record is proven to be in the signed log, in the same words.
    rows.first.get_by_role("link", name="Bằng chứng trong nhật ký").click()
    page.wait_for_url(re.compile(r"/inspect/log\?event=[0-9a-f-]{36}"))
    expect(
        page.get_by_text(f"Có trong nhật ký: Tạo tài khoản {login} ({NAME}): Quản lý của {ENTERPRISE}")
    ).to_be_visible()

    # The administrator deactivates the account; its own history, from the accounts list, says so
    # above its creation, and shows no other account.
    admin.goto("/admin/accounts")
    account_row = admin.get_by_role("row").filter(has_text=login)
    account_row.get_by_role("link", name=f"Sửa {login}").click()
    admin.get_by_label("Tài khoản đang hoạt động").uncheck()
    admin.get_by_role("button", name="Lưu thay đổi").click()
    expect(admin.get_by_role("row").filter(has_text=login)).to_contain_text("Đã ngừng")
    admin.get_by_role("row").filter(has_text=login).get_by_role("link", name=f"Lịch sử {login}").click()
    admin.wait_for_url(re.compile(r"/inspect/accounts\?account_id=[0-9a-f-]{36}$"))
    expect(admin.get_by_text("Chỉ hiện lịch sử của một tài khoản.")).to_be_visible()
    history = _until_count(admin, admin.locator("table.account-history tbody tr"), 2)  # through Kafka
    expect(history.nth(0)).to_contain_text(f"Ngừng hoạt động tài khoản {login} ({NAME})")
    expect(history.nth(1)).to_contain_text(f"Tạo tài khoản {login} ({NAME})")
    assert failed == []
