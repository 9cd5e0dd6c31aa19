"""An address naming an item by an id the services cannot read, over the real services: the page is not
found, in either language — not "refused by the roster service" with the validator's own English words
(QA round 3)."""

from __future__ import annotations

from playwright.sync_api import expect

from browser_support import sign_in


def test_a_swap_page_of_a_mistyped_shift_id_is_not_found(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.staff["VNPT Long An"])
    answer = page.goto("/me/shifts/not-a-uuid/swap")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Không tìm thấy")
    page.goto("/lang/en?next=/me/shifts/not-a-uuid/swap")
    expect(page.locator("main")).not_to_contain_text("Input should be")
    expect(page.locator("main")).not_to_contain_text("refused")
