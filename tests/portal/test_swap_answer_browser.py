"""The colleague a swap request names answers before the manager decides (QZ26 #12), in a real browser over the real
services: the worker asked reads "… nhờ bạn trực thay ca …" on his shifts page on a phone and accepts; the manager's
inbox says "Đồng nghiệp đã nhận" and approves it without being asked anything. Then a request nobody answered: the
inbox says "Chờ đồng nghiệp trả lời", and approving it asks first and wants how the colleague agreed, which the
request keeps and the inbox shows.

Data: two colleagues registered here at VNPT Long An, each with a staff account, their shifts on 12/02/2027 in the evening (the
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
    made: list[tuple[dict, Any]] = []
    try:
        for name in (ASKER, TAKER):
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
        yield made[0][1], made[1][1]
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
