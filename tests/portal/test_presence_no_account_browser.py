"""QZ29 #1 in a browser, on the Tết stack at 10:00 on mùng 2: a shift given to someone who has no account. Lê Hữu
Nghĩa took over Hồ Thị Mai Phương's shift; nothing said he could not check in, the board said him absent and the
presence page refused until 18:00 that “người trực vẫn tự điểm danh được”. Here Phan Văn Trí (no account) and Mai Thị
Hạnh (an account of her own) are on a patrol under way: the people picker says of Trí that he has no account and that
a manager confirms his presence, of Hạnh nothing of the kind; his card says it and links the presence page, where the
manager records his arrival now — Hạnh, who can check in, is offered no form; the word is said on the page and the card.

The shift is the test's own, today 09:00–18:00, at a site of its own asking one guard (its column on the board):
Trí confirmed from its start, audit counts nobody absent there in the end."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from browser_support import sign_in

from .guarded_post import guarded_post

VIETTEL = "Viettel Long An"
DAY = "2027-02-07"  # mùng 2 Tết, today on the stack's clock (10:00 as it starts)


def _patrol_under_way(stack) -> tuple[dict, dict, dict]:
    enterprise = stack.enterprises[VIETTEL]
    with stack.api("roster") as roster:
        site = roster.post(
            "/sites", json={"enterprise_id": enterprise, "name": "Trạm BTS Mỹ Quý Tây", "kind": "transmitter"}
        )
        assert site.status_code == 201, site.text
        people = []
        for name in ("Phan Văn Trí", "Mai Thị Hạnh"):
            made = roster.post(
                "/staff", json={"enterprise_id": enterprise, "full_name": name, "qualifications": ["guard"]}
            )
            assert made.status_code == 201, made.text
            people.append(made.json())
        tri, hanh = people
        account = roster.post(
            "/accounts",
            json={
                "login": f"hanh.{uuid.uuid4().hex[:6]}@viettel-longan.vn",
                "display_name": "Mai Thị Hạnh",
                "role": "staff",
                "password": "cây đa đầu làng 2027",
                "staff_id": hanh["id"],
            },
        )
        assert account.status_code == 201, account.text
        shift = guarded_post(
            roster,
            stack,
            enterprise,
            site.json()["id"],
            f"{DAY}T09:00:00+07:00",
            f"{DAY}T18:00:00+07:00",
            [tri["id"], hanh["id"]],
        )
    return shift, tri, hanh


def test_someone_without_an_account_is_said_so_and_his_arrival_recorded_under_way(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    shift, tri, hanh = _patrol_under_way(stack)
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    cell = (
        f"/manage/board/{stack.campaign_id}/{stack.enterprises[VIETTEL]}/cell?day={DAY}&duty_type=patrol"
        f"&site_id={shift['site_id']}#cell-panel"
    )
    page.goto(cell)
    card = page.locator(f"#shift-{shift['id']}")
    expect(card.get_by_test_id(f"no-account-{shift['id']}-{tri['id']}")).to_have_text(
        "chưa có tài khoản hoặc đang chờ mật khẩu mới — không tự điểm danh được"
    )
    expect(card.get_by_test_id(f"no-account-{shift['id']}-{hanh['id']}")).to_have_count(0)

    # the people picker ("Người trực của ca"): beside Trí, that he has no account; beside Hạnh, nothing of it
    card.get_by_role("link", name=re.compile(r"^Người trực của ca — ")).click()
    prefix = f"ra-{shift['id']}"
    expect(page.get_by_test_id(f"{prefix}-{tri['id']}-no-account")).to_have_text(
        "chưa có tài khoản hoặc đang chờ mật khẩu mới — không tự điểm danh được, quản lý xác nhận có mặt"
    )
    expect(page.locator(f"#{prefix}-{tri['id']}-said")).to_contain_text(
        "rảnh, đủ thời gian nghỉ; chưa có tài khoản hoặc đang chờ mật khẩu mới"
    )
    expect(page.get_by_test_id(f"{prefix}-{hanh['id']}-no-account")).to_have_count(0)

    card = page.locator(f"#shift-{shift['id']}")
    card.get_by_test_id(f"presence-link-{shift['id']}").click()
    expect(page).to_have_url(re.compile(rf"/manage/shifts/{shift['id']}/presence$"))
    expect(page.get_by_test_id("presence-not-over")).to_contain_text(
        "Phan Văn Trí chưa có tài khoản hoặc đang chờ mật khẩu mới nên không tự điểm danh được"
    )
    expect(page.get_by_test_id(f"pc-{hanh['id']}")).to_have_count(0)  # she checks in herself
    expect(page.get_by_test_id(f"no-account-{tri['id']}")).to_be_visible()
    form = page.get_by_test_id(f"pc-{tri['id']}")
    form.locator("summary").click()
    expect(form.locator("summary")).to_contain_text("Ghi nhận có mặt")
    expect(form.get_by_label("Có mặt từ")).to_have_value(re.compile(rf"^{DAY}T1\d:\d\d$"))  # now, by default
    expect(form.get_by_label("Có mặt đến")).to_have_value(f"{DAY}T18:00")
    form.get_by_label("Có mặt từ").fill(f"{DAY}T17:30")  # not yet: roster refuses, saying so
    form.get_by_label("Ghi chú hoặc số hiệu căn cứ (bắt buộc)").fill("Trưởng ca gọi điện xác nhận")
    form.get_by_role("button", name="Ghi nhận có mặt", exact=True).click()
    expect(page.locator(f"#person-{tri['id']}").get_by_role("alert")).to_contain_text(
        "Phan Văn Trí chưa thể có mặt lúc 17:30 07/02/2027"
    )
    form = page.get_by_test_id(f"pc-{tri['id']}")
    form.get_by_label("Có mặt từ").fill(f"{DAY}T09:05")  # within the grace: a late reason is refused, saying so
    form.get_by_label("Lý do đến muộn (không bắt buộc)").fill("Xe máy hỏng giữa đường")
    form.get_by_role("button", name="Ghi nhận có mặt", exact=True).click()
    expect(page.locator(f"#person-{tri['id']}").get_by_role("alert")).to_contain_text("Phan Văn Trí")
    form = page.get_by_test_id(f"pc-{tri['id']}")
    expect(form.get_by_label("Lý do đến muộn (không bắt buộc)")).to_have_value("Xe máy hỏng giữa đường")  # kept
    form.get_by_label("Có mặt từ").fill(f"{DAY}T09:40")  # came at 09:40, the leader says: late, and why
    form.get_by_role("button", name="Ghi nhận có mặt", exact=True).click()
    expect(page.locator(".message.ok")).to_have_text("Đã xác nhận Phan Văn Trí có mặt.")
    expect(page.get_by_test_id(f"said-{tri['id']}")).to_contain_text("Có mặt 09:40–18:00 (xác nhận sau bởi ")
    expect(page.get_by_test_id(f"late-reason-{tri['id']}")).to_contain_text("Xe máy hỏng giữa đường")

    page.goto(cell)
    card = page.locator(f"#shift-{shift['id']}")
    expect(card).to_contain_text("Có mặt 09:40–18:00 (xác nhận sau bởi ")
    expect(card.get_by_test_id(f"no-account-{shift['id']}-{tri['id']}")).to_have_count(0)  # said, nothing to do
