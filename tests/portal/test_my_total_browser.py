"""QZ27 #11: a duty worker's past shifts on a 390×844 phone listed ten to a page with no total. Above the list now
the campaign's total for them, "Tết Đinh Mùi 2027: 12 ca, 96 giờ, trong đó 36 giờ đêm", from the function behind the
manager's hours page (`handlers.hours.campaign_hours`): the same figures their manager reads of them there. On the
Tết stack (`make run`'s test clock, mùng 2), the demo's VNPT duty worker, whose giao thừa and mùng 1 are over."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

ENTERPRISE = "VNPT Long An"


def test_the_past_shifts_open_on_the_campaigns_total_the_managers_page_gives(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    worker = stack.staff[ENTERPRISE]
    manager = tet_page()
    sign_in(manager, stack, stack.managers[ENTERPRISE])
    manager.goto(f"/manage/hours?campaign_id={stack.campaign_id}&sort=name&dir=asc&limit=100")
    row = manager.locator("table.hours-table tbody tr", has=manager.get_by_role("link", name=worker.name, exact=True))
    expect(row).to_have_count(1)
    cells = row.locator("td").all_inner_texts()
    total, night, shifts = cells[0].split()[0], cells[1].split()[0], cells[3].split()[0]

    phone = tet_page(phone=True, width=390, height=844)
    sign_in(phone, stack, worker)
    phone.goto("/me/shifts?when=past")
    said = phone.locator("#own-total")
    expect(said).to_have_text(f"Tết Đinh Mùi 2027: {shifts} ca, {total} giờ, trong đó {night} giờ đêm")
    expect(said).to_be_in_viewport()  # above the list, on the first screen
    box = said.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    first_card = phone.locator(".cards .card, .cards article").first
    top, card = said.bounding_box(), first_card.bounding_box()
    assert top is not None and card is not None and top["y"] < card["y"]

    phone.goto("/lang/en?next=/me/shifts%3Fwhen%3Dpast")
    expect(phone.locator("#own-total")).to_have_text(
        re.compile(
            rf"^Tết Đinh Mùi 2027: {shifts} shifts?, {total.replace(',', '.')} h on duty, .* h of them at night$"
        )
    )
