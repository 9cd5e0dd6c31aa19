"""A swap request says its next step, and the colleague asked lands where he answers it (QZ29 #1, #2), in a real
browser over the real services on a phone.

#1: Bảo's mail linked his swap requests (`/me/swaps?status=requested#swap-…`), which show the request read-only; the
“Nhận” and “Từ chối” buttons are on his shifts page. The mail now links `/me/shifts#asked-…` (notifier's
`links.asked_of_me`), and his swap requests' card of a request waiting for his answer links there too (a mail sent
before still lands on that card).

Data: two colleagues registered here at VNPT Long An, each with a staff account, their shifts on 13/02/2027,
cancelled afterwards, both records made inactive."""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

from browser_support import sign_in

from .test_swap_answer_browser import ASKER, TAKER, two_with_accounts
from .test_swap_approve_note_browser import published_shift

DAY = "2027-02-13"


def test_the_colleague_asked_lands_on_the_buttons_from_the_mail_s_link_and_from_his_swap_requests(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    reason = f"Nhà có đám giỗ ({secrets.token_hex(2)})"
    with (
        stack.api("roster") as admin,
        two_with_accounts(admin, stack) as (asker, taker),
        published_shift(admin, stack, asker.staff_id or "", hours=("06:00", "10:00"), day=DAY) as shift,
    ):
        with stack.api("roster", asker) as roster:
            asked = roster.post(
                f"/shifts/{shift['id']}/swaps",
                json={"from_staff_id": asker.staff_id, "to_staff_id": taker.staff_id, "reason": reason},
            )
            assert asked.status_code == 201, asked.text
        swap_id = asked.json()["id"]

        page = new_page(phone=True)
        sign_in(page, stack, taker)
        # the mail's link: his shifts page at the request, its buttons on the screen
        page.goto(f"/me/shifts#asked-{swap_id}")
        card = page.locator(f"#asked-{swap_id}")
        expect(card.get_by_role("heading")).to_contain_text(f"{ASKER} nhờ bạn trực thay ca Trực điều hành")
        expect(card.get_by_role("button", name=f"Nhận — trực thay {ASKER}")).to_be_visible()
        expect(card).to_be_in_viewport()

        # an older mail's link: his swap requests, at the request — read-only there, it says where to answer it
        page.goto(f"/me/swaps?status=requested#swap-{swap_id}")
        there = page.locator(f"#swap-{swap_id}")
        expect(there).to_contain_text(reason)
        go = there.get_by_role("link", name="Nhận hoặc từ chối ở trang Ca trực của tôi")
        go.click()
        page.wait_for_url(lambda url: url.endswith(f"/me/shifts#asked-{swap_id}"))
        decline = page.locator(f"#asked-{swap_id}").get_by_role("button", name=f"Từ chối — trực thay {ASKER}")
        expect(decline).to_be_visible()

        # the asker's own card of it has no such link: it is not hers to answer
        hers = new_page(phone=True)
        sign_in(hers, stack, asker)
        hers.goto("/me/swaps?status=requested")
        expect(hers.locator(f"#swap-{swap_id}")).to_contain_text(reason)
        expect(
            hers.locator(f"#swap-{swap_id}").get_by_role("link", name="Nhận hoặc từ chối", exact=False)
        ).to_have_count(0)
        assert TAKER in (hers.locator(f"#swap-{swap_id}").text_content() or "")


def test_a_request_s_confirmation_and_its_shift_s_card_say_who_answers_before_the_manager(
    new_page, portal_stack
) -> None:
    """#2 (s6-swap-sent.png): after a request naming Bảo the confirmation said “Quản lý sẽ duyệt hoặc từ chối” and
    the shift's card “Đang chờ quản lý duyệt đổi ca” while it waited for Bảo first. Each now says its stage: the
    colleague named answers first; one open to anyone waits for someone to take it; accepted, the manager."""
    stack = portal_stack
    with (
        stack.api("roster") as admin,
        two_with_accounts(admin, stack) as (asker, taker),
        published_shift(admin, stack, asker.staff_id or "", hours=("11:00", "13:00"), day=DAY) as named,
        published_shift(admin, stack, asker.staff_id or "", hours=("15:00", "17:00"), day=DAY) as open_one,
    ):
        page = new_page(phone=True)
        sign_in(page, stack, asker)
        page.goto(f"/me/shifts/{named['id']}/swap")
        page.get_by_label("Đồng nghiệp nhận ca").select_option(value=taker.staff_id)
        page.get_by_role("button", name="Gửi yêu cầu đổi ca").click()
        sent = page.locator(".message.ok")
        expect(sent).to_have_text(
            "Đã gửi yêu cầu đổi ca. Đồng nghiệp bạn nhờ trả lời trước; khi người đó nhận, quản lý sẽ duyệt hoặc từ "
            "chối. Kết quả hiện ở đây."
        )
        page.goto(f"/me/shifts/{open_one['id']}/swap")
        page.get_by_role("button", name="Gửi yêu cầu đổi ca").click()  # “Bất kỳ đồng nghiệp”
        expect(page.locator(".message.ok")).to_contain_text(
            "Đã gửi yêu cầu đổi ca. Yêu cầu mở cho mọi đồng nghiệp đủ chuyên môn: khi có người nhận ca, quản lý sẽ duyệt"
        )

        page.goto("/me/shifts")
        state = page.locator(f"#shift-{named['id']} .swap-state")
        expect(state).to_have_text(
            f"Đang chờ {TAKER} trả lời; khi người đó nhận, quản lý mới duyệt. Ca trực vẫn là của bạn cho đến khi được "
            "duyệt."
        )
        expect(page.locator(f"#shift-{open_one['id']} .swap-state")).to_contain_text(
            "Đang chờ một đồng nghiệp đủ chuyên môn nhận ca; khi có người nhận, quản lý mới duyệt."
        )
        expect(page.locator(".swap-state", has_text="chờ quản lý duyệt đổi ca")).to_have_count(0)

        with stack.api("roster", taker) as roster:
            [swap] = [
                s
                for s in roster.get("/swaps", params={"staff_id": taker.staff_id, "status": "requested"}).json()[
                    "items"
                ]
                if s["shift_id"] == named["id"]
            ]
            yes = roster.post(
                f"/swaps/{swap['id']}/accept", json={"note": None}, headers={"If-Match": f'"{swap["version"]}"'}
            )
            assert yes.status_code == 200, yes.text
        page.reload()
        expect(state).to_have_text(
            f"{TAKER} đã nhận trực thay; đang chờ quản lý duyệt. Ca trực vẫn là của bạn cho đến khi được duyệt."
        )
