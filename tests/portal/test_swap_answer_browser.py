"""The colleague a swap request names answers before the manager decides (QZ26 #12), in a real browser over the real
services: the worker asked reads "… nhờ bạn trực thay ca …" on his shifts page on a phone and accepts; the manager's
inbox says "Đồng nghiệp đã nhận" and approves it without being asked anything. Then a request nobody answered: the
inbox says "Chờ đồng nghiệp trả lời", and approving it asks first and wants how the colleague agreed, which the
request keeps and the inbox shows.

Declined, the asker asks someone else ("Nhờ người khác trực thay"), who answers; an answer roster refuses (sent from a
page read before the request changed) is said on the request's card with the note as typed, by Post/Redirect/Get: a
reload draws the page again and sends nothing.

Data: two (three) colleagues registered here at VNPT Long An, each with a staff account, their shifts on 12/02/2027 in the evening (the
day test_swap_approve_note_browser uses, at other hours), cancelled afterwards, both records made inactive."""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
from playwright.sync_api import expect

from browser_support import accept_next_dialog, sign_in

from .test_swap_approve_note_browser import published_shift

ENTERPRISE = "VNPT Long An"
ASKER = "Nguyễn Văn An"
TAKER = "Trịnh Thị Hạnh"


@contextlib.contextmanager
def two_with_accounts(roster: httpx.Client, stack) -> Iterator[tuple[Any, Any]]:
    with with_accounts(roster, stack, (ASKER, TAKER)) as (asker, taker):
        yield asker, taker


@contextlib.contextmanager
def with_accounts(roster: httpx.Client, stack, names: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    made: list[tuple[dict, Any]] = []
    try:
        for name in names:
            record = roster.post(
                "/staff",
                json={
                    "enterprise_id": stack.enterprises[ENTERPRISE],
                    "full_name": name,
                    "email": f"qa.{uuid.uuid4().hex[:8]}@vnpt-longan.vn",
                    "qualifications": ["operator"],
                },
            )
            assert record.status_code == 201, record.text
            login = f"r5.{uuid.uuid4().hex[:8]}@vnpt-longan.vn"
            account = roster.post(
                "/accounts",
                json={
                    "login": login,
                    "display_name": name,
                    "role": "staff",
                    "staff_id": record.json()["id"],
                    "password": stack.password,
                },
            )
            assert account.status_code == 201, account.text
            who = dataclasses.replace(stack.staff[ENTERPRISE], login=login, name=name, staff_id=record.json()["id"])
            made.append((record.json(), who))
        yield tuple(who for _, who in made)
    finally:
        for person, _ in made:
            current = roster.get(f"/staff/{person['id']}").json()
            gone = roster.patch(
                f"/staff/{person['id']}", json={"active": False}, headers={"If-Match": f'"{current["version"]}"'}
            )
            assert gone.status_code == 200, gone.text


def _shift(roster: httpx.Client, stack, staff_id: str, hours: tuple[str, str]):
    return published_shift(roster, stack, staff_id, hours=hours, day="2027-02-12")


def test_the_colleague_accepts_on_a_phone_and_the_manager_approves_what_is_ready(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[ENTERPRISE]
    reason = f"Về quê đón giao thừa ({secrets.token_hex(2)})"
    with (
        stack.api("roster") as admin,
        two_with_accounts(admin, stack) as (asker, taker),
        _shift(admin, stack, asker.staff_id or "", ("19:00", "21:00")) as shift,
    ):
        with stack.api("roster", asker) as roster:
            asked = roster.post(
                f"/shifts/{shift['id']}/swaps",
                json={"from_staff_id": asker.staff_id, "to_staff_id": taker.staff_id, "reason": reason},
            )
            assert asked.status_code == 201, asked.text

        # The colleague, on his phone: a card on his shifts page, "Nhận" / "Từ chối".
        page = new_page(phone=True)
        sign_in(page, stack, taker)
        page.goto("/me")
        card = page.locator("article.asked-card", has_text=reason)
        expect(card.get_by_role("heading")).to_contain_text(f"{ASKER} nhờ bạn trực thay ca Trực điều hành")
        expect(card.get_by_role("button", name="Từ chối")).to_be_visible()
        card.get_by_label("Lời nhắn (không bắt buộc)").fill("Được anh, em trực thay")
        accept = card.get_by_role("button", name=f"Nhận — trực thay {ASKER}")
        accept.scroll_into_view_if_needed()
        expect(accept).to_be_in_viewport()
        accept.click()
        expect(page.locator(".message.ok")).to_contain_text("Đã nhận trực thay. Yêu cầu chờ quản lý duyệt")
        expect(page.locator("article.asked-card", has_text=reason)).to_have_count(0)

        # The manager sees it ready and approves it: nothing asked first.
        boss = new_page()
        sign_in(boss, stack, manager)
        boss.goto("/manage/swaps")
        row = boss.locator("tr", has_text=reason)
        expect(row.locator("[data-stage]")).to_have_text("Đồng nghiệp đã nhận")
        expect(row).to_contain_text("Được anh, em trực thay")
        expect(row.get_by_label("Cách đồng nghiệp đã đồng ý", exact=False)).to_have_count(0)
        row.get_by_role("button", name=f"Duyệt — yêu cầu đổi ca của {ASKER}").click()
        expect(boss.locator(".message.ok")).to_have_text(f"Đã duyệt đổi ca: ca trực của {ASKER} đã chuyển cho {TAKER}.")
        with stack.api("roster", manager) as roster:
            swap = roster.get(f"/swaps/{asked.json()['id']}").json()
        assert (swap["status"], swap["answer"], swap["agreement"]) == ("approved", "accepted", None)


def test_approving_before_the_colleague_answers_asks_first_and_keeps_how_they_agreed(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[ENTERPRISE]
    reason = f"Con ốm ({secrets.token_hex(2)})"
    agreed = f"Chị Hạnh đồng ý qua điện thoại lúc 20:15 ({secrets.token_hex(2)})"
    with (
        stack.api("roster") as admin,
        two_with_accounts(admin, stack) as (asker, taker),
        _shift(admin, stack, asker.staff_id or "", ("21:30", "23:30")) as shift,
    ):
        with stack.api("roster", asker) as roster:
            asked = roster.post(
                f"/shifts/{shift['id']}/swaps",
                json={"from_staff_id": asker.staff_id, "to_staff_id": taker.staff_id, "reason": reason},
            )
            assert asked.status_code == 201, asked.text
        boss = new_page()
        sign_in(boss, stack, manager)
        boss.goto("/manage/swaps")
        row = boss.locator("tr", has_text=reason)
        expect(row.locator("[data-stage]")).to_have_text("Chờ đồng nghiệp trả lời")
        row.get_by_label("Cách đồng nghiệp đã đồng ý", exact=False).fill(agreed)
        question = accept_next_dialog(boss)
        row.get_by_role("button", name=f"Duyệt — yêu cầu đổi ca của {ASKER}").click()
        expect(boss.locator(".message.ok")).to_have_text(f"Đã duyệt đổi ca: ca trực của {ASKER} đã chuyển cho {TAKER}.")
        assert question == [f"{TAKER} chưa nhận ca này trên Lịch trực Tết. Duyệt mà không chờ người đó trả lời?"]
        boss.goto("/manage/swaps?status=approved")
        expect(boss.locator("tr", has_text=reason).locator("[data-agreement]")).to_have_text(
            f"Duyệt khi đồng nghiệp chưa trả lời; cách đồng ý: {agreed}"
        )
        with stack.api("roster", manager) as roster:
            swap = roster.get(f"/swaps/{asked.json()['id']}").json()
        assert (swap["status"], swap["answer"], swap["agreement"]) == ("approved", None, agreed)


THIRD = "Phan Văn Cường"


def test_declined_the_asker_asks_someone_else_and_a_refused_answer_is_said_on_its_card_once(
    new_page, portal_stack
) -> None:
    stack = portal_stack
    reason = f"Đi khám bệnh ({secrets.token_hex(2)})"
    with (
        stack.api("roster") as admin,
        with_accounts(admin, stack, (ASKER, TAKER, THIRD)) as (asker, taker, third),
        _shift(admin, stack, asker.staff_id or "", ("17:00", "18:30")) as shift,
    ):
        with stack.api("roster", asker) as roster:
            asked = roster.post(
                f"/shifts/{shift['id']}/swaps",
                json={"from_staff_id": asker.staff_id, "to_staff_id": taker.staff_id, "reason": reason},
            )
            assert asked.status_code == 201, asked.text
        swap_id = asked.json()["id"]

        # Hạnh declines on her phone.
        hers = new_page(phone=True)
        sign_in(hers, stack, taker)
        hers.goto("/me/shifts")
        card = hers.locator("article.asked-card", has_text=reason)
        card.get_by_label("Lời nhắn (không bắt buộc)").fill("Tối đó em trực ở trạm khác")
        card.get_by_role("button", name=f"Từ chối — trực thay {ASKER}").click()
        expect(hers.locator(".message.ok")).to_contain_text("Đã từ chối.")

        # The asker: her request says declined, with Hạnh's note, and asks Cường instead ("Nhờ người khác").
        mine = new_page()
        sign_in(mine, stack, asker)
        mine.goto("/me/swaps")
        own = mine.locator(f"#swap-{swap_id}")
        expect(own.locator("[data-stage]")).to_have_text("Đồng nghiệp từ chối")
        expect(own).to_contain_text("Tối đó em trực ở trạm khác")
        own.get_by_label("Nhờ người khác trực thay").select_option(label=THIRD)
        own.get_by_role("button", name="Gửi cho người này").click()
        expect(mine.locator(".message.ok")).to_contain_text("Đã gửi yêu cầu đổi ca.")
        expect(mine.locator(f"#swap-{swap_id}").locator("[data-stage]")).to_have_text("Chờ đồng nghiệp trả lời")

        # Cường has his shifts page open twice; he declines on one, and she asks him again meanwhile.
        his = new_page(phone=True)
        sign_in(his, stack, third)
        his.goto("/me/shifts")
        stale = new_page(phone=True)
        sign_in(stale, stack, third)
        stale.goto("/me/shifts")
        his.locator(f"#asked-{swap_id}").get_by_role("button", name=f"Từ chối — trực thay {ASKER}").click()
        expect(his.locator(".message.ok")).to_contain_text("Đã từ chối.")
        with stack.api("roster", asker) as roster:
            now = roster.get(f"/swaps/{swap_id}").json()
            again = roster.post(
                f"/swaps/{swap_id}/ask",
                json={"to_staff_id": third.staff_id},
                headers={"If-Match": f'"{now["version"]}"'},
            )
            assert again.status_code == 200, again.text

        # On the page read before, "Nhận": roster refuses (the request changed); said on its card, the note kept.
        old_card = stale.locator(f"#asked-{swap_id}")
        old_card.get_by_label("Lời nhắn (không bắt buộc)").fill("Em nhận, anh yên tâm")
        old_card.get_by_role("button", name=f"Nhận — trực thay {ASKER}").click()
        stale.wait_for_url(lambda url: url.endswith(f"/me/shifts#asked-{swap_id}"))
        told = stale.locator(f"#asked-{swap_id} #answer-error")
        expect(told).to_be_visible()
        expect(stale.locator(f"#answer-note-{swap_id}")).to_have_value("Em nhận, anh yên tâm")
        expect(stale.locator(".message.error")).to_have_count(1)  # on the card only, not again above the shifts
        stale.reload()  # the page again, nothing sent: the refusal said once
        expect(stale.locator(f"#asked-{swap_id}")).to_be_visible()
        expect(stale.locator(".message.error")).to_have_count(0)
        with stack.api("roster", asker) as roster:
            assert roster.get(f"/swaps/{swap_id}").json()["stage"] == "asking"

        # Pressed again on the page as it now is, it is taken: the request is ready for the manager.
        stale.locator(f"#asked-{swap_id}").get_by_role("button", name=f"Nhận — trực thay {ASKER}").click()
        expect(stale.locator(".message.ok")).to_contain_text("Đã nhận trực thay.")
        with stack.api("roster", asker) as roster:
            done = roster.get(f"/swaps/{swap_id}").json()
        assert (done["stage"], done["to_staff_id"]) == ("accepted", third.staff_id)
