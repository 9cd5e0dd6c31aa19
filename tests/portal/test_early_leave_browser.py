"""QZ29 #8 in a browser, on the Tết stack at 10:00 on mùng 2: a duty worker on a phone, her patrol under way, must
leave early. Her card offers “Tôi cần về sớm”: from when (now, rounded up, by default), why, and the colleague who
agreed, of those a handover would take. A blank reason is refused on the card in words naming the shift; sent, the
card says so and that it is still open; she withdraws it and sends it again, from 14:00, naming Phan Văn Trí. The
manager's board shows the notice on the shift (a tag and the reason) with the handover form a click away, drawn from
14:00 with Trí ticked; handed over, her card says the manager handed it over and offers nothing more.

The shift is the test's own, today 09:00–18:00, at a site of its own asking one guard (its column on the board)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from browser_support import sign_in

from .conftest import Person
from .guarded_post import guarded_post

VIETTEL = "Viettel Long An"
DAY = "2027-02-07"  # mùng 2 Tết, today on the stack's clock (10:00 as it starts)


def _patrol_under_way(stack) -> tuple[dict, dict, dict, Person]:
    enterprise = stack.enterprises[VIETTEL]
    with stack.api("roster") as roster:
        site = roster.post(
            "/sites", json={"enterprise_id": enterprise, "name": "Trạm BTS Long Hựu Đông", "kind": "transmitter"}
        )
        assert site.status_code == 201, site.text
        people = []
        for name in ("Võ Thị Ngọc Hân", "Phan Văn Trí"):
            made = roster.post(
                "/staff", json={"enterprise_id": enterprise, "full_name": name, "qualifications": ["guard"]}
            )
            assert made.status_code == 201, made.text
            people.append(made.json())
        han, tri = people
        login = f"han.{uuid.uuid4().hex[:6]}@viettel-longan.vn"
        account = roster.post(
            "/accounts",
            json={
                "login": login,
                "display_name": "Võ Thị Ngọc Hân",
                "role": "staff",
                "password": stack.password,
                "staff_id": han["id"],
            },
        )
        assert account.status_code == 201, account.text
        shift = guarded_post(
            roster, stack, enterprise, site.json()["id"], f"{DAY}T09:00:00+07:00", f"{DAY}T18:00:00+07:00", [han["id"]]
        )
    return shift, han, tri, Person(login, "Võ Thị Ngọc Hân", "staff", VIETTEL, enterprise, han["id"])


def test_she_says_she_must_leave_and_the_manager_hands_the_rest_over_from_then(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    shift, _, tri, her = _patrol_under_way(stack)
    phone = tet_page(phone=True)
    sign_in(phone, stack, her)
    phone.goto("/me/shifts")
    card = phone.locator(f"#shift-{shift['id']}")
    leave = card.get_by_test_id(f"early-leave-{shift['id']}")
    leave.locator("summary", has_text="Tôi cần về sớm").click()
    moment = leave.get_by_label("Về từ lúc")
    expect(moment).to_have_value(re.compile(rf"^{DAY}T1\d:\d[05]$"))  # now, rounded up to 5 minutes
    colleague = leave.get_by_label("Đồng nghiệp đã đồng ý nhận ca (nếu có)")
    expect(colleague.locator("option", has_text="Phan Văn Trí")).to_have_count(1)
    expect(colleague.locator("option", has_text="Võ Thị Ngọc Hân")).to_have_count(0)  # not herself

    leave.get_by_label("Lý do").fill("   ")  # blank: roster refuses, on the card, naming the shift
    leave.get_by_role("button", name=re.compile("^Gửi quản lý")).click()
    card = phone.locator(f"#shift-{shift['id']}")
    expect(card.get_by_role("alert")).to_contain_text("Hãy nêu lý do cần về sớm khỏi ca")

    leave = card.get_by_test_id(f"early-leave-{shift['id']}")
    leave.get_by_label("Lý do").fill("Con bị sốt cao, phải đưa đi viện")
    leave.get_by_role("button", name=re.compile("^Gửi quản lý")).click()
    expect(phone.locator(".message.ok")).to_contain_text("Đã báo quản lý rằng bạn cần về sớm")
    leave = phone.locator(f"#shift-{shift['id']}").get_by_test_id(f"early-leave-{shift['id']}")
    expect(leave).to_contain_text("Bạn đã báo quản lý lúc 10:")
    expect(leave.locator("[data-status]")).to_have_attribute("data-status", "open")
    expect(leave).to_contain_text("Đang chờ quản lý")
    expect(leave.locator("summary")).to_have_count(0)  # one open notice: no second form

    leave.get_by_role("button", name=re.compile("^Rút báo về sớm")).click()
    expect(phone.locator(".message.ok")).to_contain_text("Đã rút báo về sớm. Ca trực vẫn là của bạn.")
    leave = phone.locator(f"#shift-{shift['id']}").get_by_test_id(f"early-leave-{shift['id']}")
    expect(leave.locator("[data-status]")).to_have_attribute("data-status", "withdrawn")
    leave.locator("summary", has_text="Tôi cần về sớm").click()
    leave.get_by_label("Về từ lúc").fill(f"{DAY}T14:00")
    leave.get_by_label("Lý do").fill("Con bị sốt cao, phải đưa đi viện")
    leave.get_by_label("Đồng nghiệp đã đồng ý nhận ca (nếu có)").select_option(label="Phan Văn Trí")
    leave.get_by_role("button", name=re.compile("^Gửi quản lý")).click()
    leave = phone.locator(f"#shift-{shift['id']}").get_by_test_id(f"early-leave-{shift['id']}")
    expect(leave).to_contain_text("cần về từ 14:00 07/02/2027")
    expect(leave).to_contain_text("Đồng nghiệp đã đồng ý nhận ca: Phan Văn Trí.")

    # the manager's board: the notice on the shift, the handover form from 14:00 with Trí ticked
    page = tet_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(
        f"/manage/board/{stack.campaign_id}/{stack.enterprises[VIETTEL]}/cell?day={DAY}&duty_type=patrol"
        f"&site_id={shift['site_id']}#cell-panel"
    )
    board_card = page.locator(f"#shift-{shift['id']}")
    notice = board_card.get_by_test_id(f"early-leave-{shift['id']}")
    expect(notice).to_contain_text("Xin về sớm")
    expect(notice).to_contain_text("Võ Thị Ngọc Hân xin về sớm từ 14:00: Con bị sốt cao, phải đưa đi viện")
    expect(notice).to_contain_text("Đồng nghiệp đã đồng ý nhận ca: Phan Văn Trí.")
    notice.get_by_test_id(f"early-leave-handover-{shift['id']}").click()
    form = page.locator(f"form[action$='/shifts/{shift['id']}/handover']")
    expect(form.locator(f"#ho-{shift['id']}-moment")).to_have_value(f"{DAY}T14:00")
    expect(form.locator(f"input[name='people'][value='{tri['id']}']")).to_be_checked()
    form.locator(f"#ho-{shift['id']}-reason").fill("Chị Hân về sớm: con ốm")
    form.get_by_role("button", name="Giao phần còn lại của ca", exact=True).click()
    board_card = page.locator(f"#shift-{shift['id']}")
    expect(board_card.get_by_test_id(f"handed-to-{shift['id']}")).to_contain_text("Phan Văn Trí")
    expect(board_card.get_by_test_id(f"early-leave-{shift['id']}")).to_have_count(0)  # closed by the handover

    phone.goto("/me/shifts")
    leave = phone.locator(f"#shift-{shift['id']}").get_by_test_id(f"early-leave-{shift['id']}")
    expect(leave.locator("[data-status]")).to_have_attribute("data-status", "handed_over")
    expect(leave).to_contain_text("Quản lý đã giao ca")
    expect(leave.locator("summary")).to_have_count(0)  # handed over: nothing more to ask
