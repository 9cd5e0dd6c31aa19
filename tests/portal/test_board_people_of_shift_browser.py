"""QZ29 #2 in a browser, on the Tết stack: “Đổi người trực” added a person instead of replacing one — MobiFone's
manager ticked Âu Văn Kiệt on Quách Thị Ngọc Hân's shift, saved, and read “người trực nay là Quách Thị Ngọc Hân, Âu
Văn Kiệt”: Hân had stayed ticked. Here, on Tạ Thị Ngọc Hà's shift (people of the test's own), the form is named for
what it does, “Người trực của ca”, says that the people on the shift are ticked and how to add, take off or replace
someone, and the notice after a save says who was added and who taken off before who is on it now. Multi-person
shifts stay editable: a second person is added, then one replaced.

The shift is the test's own, at a site of its own asking one guard then (its column on the board), on mùng 5."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

from .guarded_post import guarded_post

MOBIFONE = "MobiFone Long An"
DAY = "2027-02-10"  # mùng 5 Tết; the stack's clock reads 10:00 on mùng 2


def _ha_on_a_patrol(stack) -> tuple[dict, dict[str, str]]:
    enterprise = stack.enterprises[MOBIFONE]
    with stack.api("roster") as roster:
        site = roster.post(
            "/sites", json={"enterprise_id": enterprise, "name": "Trạm BTS Lương Hòa", "kind": "transmitter"}
        )
        assert site.status_code == 201, site.text
        ids = {}
        for name in ("Tạ Thị Ngọc Hà", "Âu Văn Khải", "Lý Thị Mỹ Duyên"):
            made = roster.post(
                "/staff", json={"enterprise_id": enterprise, "full_name": name, "qualifications": ["guard"]}
            )
            assert made.status_code == 201, made.text
            ids[name] = made.json()["id"]
        shift = guarded_post(
            roster,
            stack,
            enterprise,
            site.json()["id"],
            f"{DAY}T18:00:00+07:00",
            f"{DAY}T22:00:00+07:00",
            [ids["Tạ Thị Ngọc Hà"]],
        )
    return shift, ids


def test_the_people_of_a_shift_say_what_a_save_adds_and_takes_off(tet_page, tet_portal_stack) -> None:
    stack = tet_portal_stack
    shift, ids = _ha_on_a_patrol(stack)
    page = tet_page()
    sign_in(page, stack, stack.managers[MOBIFONE])
    page.goto(
        f"/manage/board/{stack.campaign_id}/{stack.enterprises[MOBIFONE]}/cell?day={DAY}&duty_type=patrol"
        f"&site_id={shift['site_id']}#cell-panel"
    )

    def form():
        card = page.locator(f"#shift-{shift['id']}")
        if not card.locator(f"#reassign-{shift['id']}").count():
            card.get_by_role("link", name=re.compile(r"^Người trực của ca — ")).click()
        expect(page.locator(f"#reassign-{shift['id']}-heading")).to_have_text("Người trực của ca")
        return page.locator(f"#shift-{shift['id']}")

    card = form()
    expect(card.get_by_test_id(f"reassign-ticked-{shift['id']}")).to_have_text(
        "Người đang trực ca này đã được đánh dấu sẵn. Đánh dấu thêm người để thêm vào ca; bỏ dấu một người để bỏ họ "
        "khỏi ca. Muốn thay người, hãy bỏ dấu người cũ và đánh dấu người mới."
    )
    expect(card.get_by_label("Tạ Thị Ngọc Hà", exact=True)).to_be_checked()  # the people on it, ticked
    card.get_by_label("Âu Văn Khải", exact=True).check()
    card.get_by_role("button", name="Lưu người trực").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text(
        re.compile(r"^Đã lưu người trực ca .+: thêm Âu Văn Khải; người trực nay là Tạ Thị Ngọc Hà, Âu Văn Khải\.$")
    )

    card = form()  # a replacement: Hà taken off, Duyên added
    expect(card.get_by_label("Âu Văn Khải", exact=True)).to_be_checked()
    card.get_by_label("Tạ Thị Ngọc Hà", exact=True).uncheck()
    card.get_by_label("Lý Thị Mỹ Duyên", exact=True).check()
    card.get_by_role("button", name="Lưu người trực").click()
    expect(page.get_by_role("status")).to_contain_text("thêm Lý Thị Mỹ Duyên; bỏ Tạ Thị Ngọc Hà; người trực nay là ")
    with stack.api("roster") as roster:
        saved = roster.get(f"/shifts/{shift['id']}").json()
    assert sorted(a["staff_id"] for a in saved["assignees"]) == sorted([ids["Âu Văn Khải"], ids["Lý Thị Mỹ Duyên"]])
