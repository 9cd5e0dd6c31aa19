"""The board at 22:30 on giao thừa night in a browser (QZ26's moment, `run --at 2027-02-05T22:30`): the demo leaves
Viettel's border patrol, 18:00–06:00, with nobody checked in (devstack.demo_directive.checkins.MISSED).

- The banner names the peak, "… chưa đến ca giao thừa", and each line "ca giao thừa 18:00–06:00" (QZ26 Q3 leftover:
  "N người chưa đến ca" said nothing of the night);
- the night shift's evening cell is in the alarm's colour, its next morning's (mùng 1) is not before the morning's
  hours begin (QZ26 Q3 leftover: both turned red);
- the handover picker for the no-show (QZ26 #14: every guard refused by the night-shift limit, in name order): each
  guard breaks a limit — the demo's rotation is a night every third day, three a week, the limit — so it says that
  nobody can take the shift without breaking one, lists the one breaking least first and says by how much."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

VIETTEL = "Viettel Long An"
EVENING, MORNING = "2027-02-05", "2027-02-06"  # 29 tháng Chạp Bính Ngọ, Mùng 1 Tết Đinh Mùi


def test_at_giao_thua_the_banner_names_the_peak_the_morning_waits_and_the_handover_picker_says_by_how_much(
    giao_thua_page, giao_thua_portal_stack
) -> None:
    stack = giao_thua_portal_stack
    page = giao_thua_page()
    sign_in(page, stack, stack.managers[VIETTEL])
    page.goto(f"/manage/board/{stack.campaign_id}/{stack.enterprises[VIETTEL]}")
    banner = page.get_by_test_id("not-come")
    expect(banner.get_by_role("heading")).to_have_text(re.compile(r"^\d+ người chưa đến ca giao thừa$"))
    line = banner.locator("li", has_text="Tuần tra")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(re.compile(r"Tuần tra.*, ca giao thừa 18:00–06:00: chưa điểm danh, quá 4 giờ"))
    guard = line.inner_text().split(" — ")[0]
    href = line.get_by_role("link").get_attribute("href") or ""
    site = re.search(r"site_id=([0-9a-f-]+)", href)
    assert site is not None and f"day={EVENING}&duty_type=patrol" in href, href
    evening = page.get_by_test_id(f"cell-{EVENING}-patrol-{site[1]}")
    morning = page.get_by_test_id(f"cell-{MORNING}-patrol-{site[1]}")
    expect(evening).to_have_attribute("data-status", "absent")
    expect(morning).not_to_have_attribute("data-status", "absent")  # mùng 1's hours from 00:00: not yet begun
    expect(morning).not_to_contain_text("có mặt")

    line.get_by_role("link").click()
    panel = page.locator("#cell-panel")
    panel.get_by_test_id("not-come-list").locator("li", has_text=guard).get_by_test_id("not-come-handover").click()
    expect(panel.get_by_role("heading", name="Giao phần còn lại của ca")).to_be_visible()
    form = panel.locator("form[action$='/handover']")
    expect(form.locator("[data-testid$='-none-free']")).to_have_text(
        "Không ai nhận được ca này mà không vượt giới hạn hoặc trùng ca. Người vượt ít giới hạn nhất, vượt ít nhất "
        "được xếp trước; cạnh mỗi tên là giới hạn nào và vượt bao nhiêu."
    )
    said = form.locator("ul[data-judged] > li .pick-said")
    expect(said.first).to_be_visible()
    notes = said.all_inner_texts()
    assert len(notes) == 2 and guard not in form.locator("ul[data-judged]").inner_text(), notes
    for note in notes:  # a fourth night in seven days, and a rest under the minimum: each by how much
        assert "trực 4 ca đêm (22:00–06:00) trong 7 ngày: quá giới hạn 1 ca (tối đa 3)" in note, notes
    # the one who worked until 18:00 (some 4 h of rest short of 8 h) before the one due back at 06:00 (none at all)
    assert re.search(
        r"chỉ được nghỉ \d+ giờ( \d+ phút)? sau ca .*: thiếu \d+ giờ( \d+ phút)? so với tối thiểu 8 giờ", notes[0]
    )
    assert "không có thời gian nghỉ ở giữa (tối thiểu 8 giờ)" in notes[1], notes
