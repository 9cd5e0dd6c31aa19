"""What the keyboard, screen-reader and phone QA rounds found in lists, in a real browser over the real services:

- a heatmap cell answers a click anywhere in it, not on its digits alone, and the keyboard's focus ring is drawn
  round the whole cell;
- the links and buttons a list repeats on every row are each named for their own row, the visible words first
  (WCAG "label in name"): the histories' “Bằng chứng trong nhật ký” by their record's number, the swap inbox's
  “Duyệt” / “Từ chối” by whose request for which shift — a screen reader's list of links and buttons said the
  same words fifty times.

Reads the demo; the swap inbox's two requests are made here and withdrawn at the end."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from playwright.sync_api import expect

from browser_support import sign_in

POST_OFFICE = "Bưu điện tỉnh Long An"
STATION = "Đài Phát thanh và Truyền hình Long An"


def _names(locator) -> list[str]:
    return locator.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")


def test_a_heatmap_cell_answers_a_click_anywhere_in_it(new_page, portal_stack) -> None:
    stack = portal_stack
    page = new_page()
    sign_in(page, stack, stack.inspector)
    page.goto("/inspect/heatmap")
    cell = page.get_by_test_id(f"heat-{stack.enterprises[STATION]}-2027-02-08")  # the demo's gap on mùng 3
    link = cell.get_by_role("link")
    box, text = (
        cell.bounding_box(),
        link.evaluate(
            """a => { const r = document.createRange(); r.selectNodeContents(a); const b = r.getBoundingClientRect();
                  return {x: b.x, y: b.y, width: b.width, height: b.height}; }"""
        ),
    )
    assert box is not None
    corner = {"x": 3, "y": box["height"] - 3}  # the cell's bottom left corner, away from its digits
    at_x, at_y = box["x"] + corner["x"], box["y"] + corner["y"]
    assert not (text["x"] <= at_x <= text["x"] + text["width"] and text["y"] <= at_y <= text["y"] + text["height"])

    # The keyboard reaches the link as before, and its ring is drawn round the whole cell.
    page.keyboard.press("Tab")  # a keyboard user: focus is shown
    link.focus()
    ring = link.evaluate(
        "a => { const s = getComputedStyle(a, '::after'); return [s.outlineStyle, s.outlineWidth, s.position]; }"
    )
    assert ring == ["solid", "3px", "absolute"], ring
    ring_box = link.evaluate(
        """a => { const c = a.closest('td').getBoundingClientRect(), s = getComputedStyle(a, '::after');
                  return [c.width, c.height, parseFloat(s.width), parseFloat(s.height)]; }"""
    )
    assert abs(ring_box[0] - ring_box[2]) <= 2 and abs(ring_box[1] - ring_box[3]) <= 2, ring_box  # the cell's size

    href = link.get_attribute("href")
    assert href is not None
    cell.click(position=corner)
    page.wait_for_url(lambda url: urlsplit(url).path == "/inspect/gaps")
    assert page.url.endswith(href)
    expect(page.get_by_role("heading", name="Khoảng trống trực")).to_be_visible()


def test_each_rows_proof_link_is_named_for_its_record(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    for path in (f"/inspect/history?enterprise_id={portal_stack.enterprises[POST_OFFICE]}", "/inspect/accounts"):
        page.goto(path)
        links = page.locator("table tbody a[href*='#proof']")
        expect(links.first).to_be_visible()
        names = _names(links)
        assert len(names) >= 2, (path, names)
        assert len(set(names)) == len(names), (path, names)  # no two rows' links alike
        assert all(re.fullmatch(r"Bằng chứng trong nhật ký — bản ghi số \d+", n) for n in names), names
        for name in names[:2]:
            link = page.get_by_role("link", name=name, exact=True)
            expect(link).to_have_count(1)
            expect(link).to_have_text("Bằng chứng trong nhật ký")  # the name holds what is seen, first
            row = page.locator("tbody tr", has=link)
            expect(row).to_contain_text(f"Bản ghi số {name.rsplit(' ', 1)[1]}, lúc")  # the row's own record


def test_each_swap_requests_buttons_are_named_for_that_request(new_page, portal_stack) -> None:
    stack = portal_stack
    person, manager = stack.staff[POST_OFFICE], stack.managers[POST_OFFICE]
    tag = secrets.token_hex(3)
    reasons = [f"Nhà có việc riêng ({tag}-{n})" for n in (1, 2)]
    asked: list[dict] = []
    with stack.api("roster", person) as roster:
        shifts = roster.get(
            "/shifts",
            params={"staff_id": person.staff_id, "campaign_id": stack.campaign_id, "status": "published", "limit": 3},
        ).json()["items"][1:3]
        assert len(shifts) == 2
        try:
            for shift, reason in zip(shifts, reasons, strict=True):
                made = roster.post(
                    f"/shifts/{shift['id']}/swaps", json={"from_staff_id": person.staff_id, "reason": reason}
                )
                assert made.status_code == 201, made.text
                asked.append(made.json())

            page = new_page()
            sign_in(page, stack, manager)
            page.goto("/manage/swaps")
            rows = [page.locator("tr", has_text=reason) for reason in reasons]
            for word in ("Duyệt", "Từ chối"):
                names = []
                for row in rows:
                    button = row.get_by_role("button", name=re.compile(rf"^{word} — "))
                    expect(button).to_have_count(1)
                    expect(button).to_have_text(word)  # the visible word, first in the name
                    [name] = _names(button)
                    assert name.startswith(f"{word} — yêu cầu đổi ca của "), name
                    names.append(name)
                assert names[0] != names[1], names
                for row, name in zip(rows, names, strict=True):
                    found = page.get_by_role("button", name=name, exact=True)
                    expect(found).to_have_count(1)
                    expect(row.get_by_role("button", name=name, exact=True)).to_have_count(1)  # its own row's
        finally:
            for swap in asked:
                roster.post(f"/swaps/{swap['id']}/withdraw", headers={"If-Match": f'"{swap["version"]}"'})
