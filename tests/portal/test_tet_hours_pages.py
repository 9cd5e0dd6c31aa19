"""Tết hours of post offices and transaction points in a real browser over the real services: the public page
needs no sign-in and shows only published hours (the demo's three places — two transaction points and a post
office —, not the commune point nor the district post office that published nothing; a saved draft does not leak
either); the post office's manager, offered its post offices and transaction points alike, enters the commune
point's hours, publishes them, and the public page shows them with the notice PDF and the iCal feed.

VNPT's manager's form on two points of its own (made here, in districts the demo leaves empty): a
schedule closing at 24:00 goes through the form unchanged, every mistake is said beside its day with
the typed form kept, and a form read before someone else's change saves nothing and comes back as typed, their
day said beside it."""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in

POST_OFFICE = "Bưu điện tỉnh Long An"
COMMUNE_POINT = "Bưu điện Văn hóa xã Hưng Điền"
PUBLISHED = ("Điểm giao dịch VNPT Tân An", "Bưu điện Trung tâm Tân An", "Cửa hàng Viettel Kiến Tường")
UNPUBLISHED_POST_OFFICE = "Bưu điện huyện Tân Hưng"  # a "bưu cục" of the demo that published nothing
MUNG_1 = "2027-02-06"


@pytest.mark.screenshot
def test_public_page_shows_only_published_hours_and_the_manager_publishes_a_point(new_page, portal_stack) -> None:
    public = new_page()
    public.goto("/tet-hours")
    assert "/login" not in public.url  # no sign-in at all
    expect(public.get_by_role("heading", name="Giờ mở cửa Tết của bưu cục, điểm giao dịch", level=1)).to_be_visible()
    for name in PUBLISHED:
        expect(public.get_by_role("heading", name=name, level=3)).to_be_visible()
    expect(public.get_by_text(COMMUNE_POINT)).to_have_count(0)
    expect(public.get_by_text(UNPUBLISHED_POST_OFFICE)).to_have_count(0)
    vnpt = public.locator("article", has=public.get_by_role("heading", name=PUBLISHED[0]))
    expect(vnpt.locator("tr.closed")).to_contain_text("Mùng 1 Tết")
    expect(vnpt.locator("tr.closed")).to_contain_text("Nghỉ")
    screenshot(public, "tet-hours-public")
    notice = public.request.get(vnpt.get_by_role("link", name="Thông báo (PDF, in khổ A4)").get_attribute("href"))
    assert notice.status == 200 and notice.headers["content-type"] == "application/pdf"
    public.get_by_label("Huyện/thị xã/TP", exact=True).select_option("Mộc Hóa")
    public.get_by_role("button", name="Xem").click()
    expect(public.locator("article h3")).to_have_count(1)
    expect(public.get_by_role("heading", name=PUBLISHED[2], level=3)).to_be_visible()

    manager = new_page()
    sign_in(manager, portal_stack, portal_stack.managers[POST_OFFICE])
    # the menu's (the board they land on links the points without published hours too, QZ24 #1)
    manager.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Giờ mở cửa Tết").click()
    chooser = manager.get_by_label("Bưu cục/điểm giao dịch")
    expect(chooser.locator(f"option:text-is('{COMMUNE_POINT}')")).to_have_count(1)
    offered = chooser.locator("option").all_inner_texts()  # the post offices as well as the transaction points
    assert {PUBLISHED[1], UNPUBLISHED_POST_OFFICE, COMMUNE_POINT, "Điểm giao dịch Bến Lức"} <= set(offered), offered
    chooser.select_option(label=COMMUNE_POINT)
    manager.get_by_role("button", name="Chọn").click()
    expect(manager.get_by_text("Chưa niêm yết")).to_be_visible()
    rows = manager.locator("table.tet-hours-form tbody tr")
    assert rows.count() == 17
    for i in range(rows.count()):
        row = rows.nth(i)
        row.locator("input[name^='a1-']").fill("07:00")
        row.locator("input[name^='b1-']").fill("11:00")
    closed = manager.locator(f"input[name='open-{MUNG_1}']")
    closed.uncheck()
    manager.get_by_role("button", name="Lưu bản nháp").click()
    expect(manager.get_by_role("status")).to_contain_text("Đã lưu bản nháp")

    public.goto("/tet-hours")  # a draft never leaks
    expect(public.get_by_role("heading", name=PUBLISHED[0], level=3)).to_be_visible()
    expect(public.get_by_text(COMMUNE_POINT)).to_have_count(0)

    manager.get_by_role("button", name="Lưu và niêm yết").click()
    expect(manager.get_by_role("status")).to_contain_text("Đã niêm yết giờ mở cửa")
    expect(manager.get_by_text("Đã niêm yết lần 1")).to_be_visible()

    public.goto("/tet-hours?district=Tân Hưng")
    point = public.locator("article", has=public.get_by_role("heading", name=COMMUNE_POINT))
    expect(point).to_be_visible()
    expect(point.locator("tbody tr").first).to_contain_text("07:00–11:00")
    expect(point.locator("tr.closed")).to_contain_text("Mùng 1 Tết")
    feed = public.request.get("/tet-hours.ics?district=Tân Hưng")
    assert feed.status == 200
    events = list(icalendar.Calendar.from_ical(feed.body()).walk("VEVENT"))
    assert len(events) == 17  # 17 days: one session a day, and mùng 1 closed all day
    assert all(COMMUNE_POINT in str(e["SUMMARY"]) for e in events)
    assert sum(str(e["SUMMARY"]).startswith("Nghỉ giao dịch") for e in events) == 1

    english = new_page(lang="en")
    english.goto("/tet-hours")
    expect(
        english.get_by_role("heading", name="Tết opening hours of post offices and transaction points")
    ).to_be_visible()
    expect(english.get_by_text("1st day of Tết").first).to_be_visible()


VNPT = "VNPT Long An"
NEW_POINT = "Cửa hàng VNPT Thủ Thừa"
LATE_NOTE = "Mở muộn, chúc Tết 福"  # 福: no font of the printed notice has it
GIAO_THUA, MUNG_2, MUNG_3, MUNG_4, MUNG_5, MUNG_6, MUNG_7 = (f"2027-02-{d:02d}" for d in (5, 7, 8, 9, 10, 11, 12))
MORNING, AFTERNOON = {"opens": "07:30", "closes": "11:30"}, {"opens": "13:30", "closes": "17:00"}


def _schedule(days: list[str]) -> list[dict]:
    """Open till midnight on giao thừa (and only in the evening on mùng 2), closed on mùng 1, two sessions
    on the other days; one note ends with a space, as an API client may send it."""
    out = []
    for day in days:
        if day == GIAO_THUA:
            sessions = [MORNING, {"opens": "19:00", "closes": "24:00"}]
            out.append({"day": day, "open": True, "sessions": sessions, "note": "mở đêm giao thừa tới 24:00"})
        elif day == MUNG_1:
            out.append({"day": day, "open": False, "sessions": [], "note": "Nghỉ Tết "})
        elif day == MUNG_2:
            out.append({"day": day, "open": True, "sessions": [{"opens": "19:00", "closes": "24:00"}], "note": None})
        else:
            out.append({"day": day, "open": True, "sessions": [MORNING, AFTERNOON], "note": None})
    return out


def _drafted(hours: dict) -> list[dict]:
    """The schedule as roster answers it, in the form it was sent."""
    return [{k: d[k] for k in ("day", "open", "sessions", "note")} for d in hours]


def test_the_hours_form_keeps_midnight_and_every_edit_and_names_every_problem(new_page, portal_stack) -> None:
    """A schedule entered through roster's API (open till 24:00 on giao thừa, only 19:00–24:00 on mùng 2)
    shows 24:00 in the form and is published unchanged; a half session and a session closing before it
    opens are both said beside their days, nothing saved, every edit kept; corrected, the draft has them all."""
    stack = portal_stack
    manager = stack.managers[VNPT]
    with stack.api("roster") as admin:
        body = {"enterprise_id": stack.enterprises[VNPT], "name": NEW_POINT, "kind": "transaction_point"}
        site = admin.post("/sites", json={**body, "district": "Thủ Thừa"})
        assert site.status_code == 201, site.text
    site_id = site.json()["id"]
    path, query = f"/sites/{site_id}/tet-hours", {"campaign_id": stack.campaign_id}
    with stack.api("roster", manager) as roster:
        days = [str(d) for d in roster.get(path, params=query).json()["campaign_days"]]
        sent = _schedule(days)
        put = roster.put(path, json={**query, "days": sent}, headers={"If-Match": '"0"'})
        assert put.status_code == 200, put.text

        # Untouched, "Lưu và niêm yết" publishes exactly the draft: midnight kept, the notes as they were.
        # The page is used without JavaScript: the form needs none.
        page = new_page(javascript=False)
        sign_in(page, stack, manager)
        page.goto(f"/manage/tet-hours?campaign_id={stack.campaign_id}&site_id={site_id}")
        expect(page.get_by_role("heading", name="Giờ mở cửa Tết của bưu cục, điểm giao dịch")).to_be_visible()
        midnight = page.get_by_label("Buổi 2 đến giờ, ngày 05/02/2027 (29 tháng Chạp Bính Ngọ)")
        expect(midnight).to_be_visible()
        expect(midnight).to_have_value("24:00")
        expect(page.locator(f"input[name='b1-{MUNG_2}']")).to_have_value("24:00")
        page.get_by_role("button", name="Lưu và niêm yết").click()
        expect(page.get_by_role("status")).to_contain_text("Đã niêm yết giờ mở cửa.")
        hours = roster.get(path, params=query).json()
        assert hours["version"] == 1  # the draft did not change
        assert hours["published_version"] == 1
        assert _drafted(hours["published_days"]) == sent
        public = new_page()
        public.goto("/tet-hours?district=Thủ Thừa")
        point = public.locator("article", has=public.get_by_role("heading", name=NEW_POINT))
        expect(point).to_contain_text("07:30–11:30, 19:00–24:00")

        # Edits with two mistakes: nothing is saved, both are said beside their days, every edit stays.
        page.locator(f"input[name='a1-{MUNG_3}']").fill("08:00")
        page.locator(f"input[name='note-{MUNG_4}']").fill(LATE_NOTE)
        page.locator(f"input[name='a2-{MUNG_5}']").fill("19:00")
        page.locator(f"input[name='b2-{MUNG_5}']").fill("")  # half a session
        page.locator(f"input[name='open-{MUNG_6}']").uncheck()
        page.locator(f"input[name='a1-{MUNG_7}']").fill("12:00")
        page.locator(f"input[name='b1-{MUNG_7}']").fill("08:00")  # closes before it opens
        page.get_by_role("button", name="Lưu bản nháp").click()
        alert = page.get_by_role("alert").first
        expect(alert).to_contain_text("Chưa lưu gì: có 2 lỗi")
        expect(alert.get_by_role("link")).to_have_text(
            ["10/02/2027 (Mùng 5 tháng Giêng Đinh Mùi)", "12/02/2027 (Mùng 7 tháng Giêng Đinh Mùi)"]
        )
        errors = page.locator("tr.row-errors")
        expect(errors).to_have_count(2)
        expect(errors.nth(0)).to_have_text(
            f"{NEW_POINT}, ngày 10/02/2027 (Mùng 5 tháng Giêng Đinh Mùi), buổi 2: có giờ mở cửa “19:00” nhưng chưa có giờ "
            "đóng cửa. Hãy ghi giờ đóng cửa (ví dụ 17:00, hoặc 24:00 nếu mở tới nửa đêm), hoặc xóa giờ mở cửa nếu "
            "không mở buổi này."
        )
        expect(errors.nth(1)).to_contain_text(
            f"{NEW_POINT}, ngày 12/02/2027 (Mùng 7 tháng Giêng Đinh Mùi), buổi 1: 12:00–08:00 đóng cửa không muộn hơn giờ mở cửa"
        )
        expect(page.locator(f"input[name='b2-{MUNG_5}']")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"input[name='a1-{MUNG_3}']")).to_have_value("08:00")
        expect(page.locator(f"input[name='note-{MUNG_4}']")).to_have_value(LATE_NOTE)
        expect(page.locator("tr.row-warnings")).to_have_count(0)  # a note not saved yet is not told about
        expect(page.locator(f"input[name='a2-{MUNG_5}']")).to_have_value("19:00")
        expect(page.locator(f"input[name='open-{MUNG_6}']")).not_to_be_checked()
        expect(page.locator(f"input[name='b1-{MUNG_7}']")).to_have_value("08:00")
        expect(midnight).to_have_value("24:00")
        assert roster.get(path, params=query).json()["version"] == 1  # nothing saved
        # said at the point's own address (Post/Redirect/Get): Back or a reload never sends the form again
        assert page.url == f"{stack.portal}/manage/tet-hours?campaign_id={stack.campaign_id}&site_id={site_id}"

        # Corrected, the draft holds every edit and still the midnight closing.
        page.locator(f"input[name='b2-{MUNG_5}']").fill("21:00")
        page.locator(f"input[name='a1-{MUNG_7}']").fill("7h")
        page.locator(f"input[name='b1-{MUNG_7}']").fill("11:00")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu bản nháp")
        hours = roster.get(path, params=query).json()
        assert hours["version"] == 2
        drafted = {d["day"]: d for d in _drafted(hours["days"])}
        assert drafted[GIAO_THUA] == sent[days.index(GIAO_THUA)]
        assert drafted[MUNG_1]["note"] == "Nghỉ Tết "
        assert drafted[MUNG_3]["sessions"] == [{"opens": "08:00", "closes": "11:30"}, AFTERNOON]
        assert drafted[MUNG_4]["note"] == LATE_NOTE
        # A character the printed notice has no font for is saved as typed, and named beneath its day.
        warned = page.locator("tr.row-warnings")
        expect(warned).to_have_text(
            "Ghi chú ngày 09/02/2027 (Mùng 4 tháng Giêng Đinh Mùi) có ký tự mà bản thông báo in (PDF) không có phông "
            "chữ để in: “福”. Mỗi ký tự ấy sẽ in thành □. Hãy viết lại ghi chú bằng chữ khác nếu cần bản in đủ chữ."
        )
        expect(page.locator(f"input[name='note-{MUNG_4}']")).to_have_attribute("aria-describedby", f"w-{MUNG_4}")
        assert drafted[MUNG_5]["sessions"] == [MORNING, {"opens": "19:00", "closes": "21:00"}]
        assert drafted[MUNG_6] == {"day": MUNG_6, "open": False, "sessions": [], "note": None}
        assert drafted[MUNG_7]["sessions"] == [{"opens": "07:00", "closes": "11:00"}, AFTERNOON]

        # In English, the same mistake is said in English.
        page.goto("/lang/en")
        page.goto(f"/manage/tet-hours?campaign_id={stack.campaign_id}&site_id={site_id}")
        page.locator(f"input[name='b1-{MUNG_2}']").fill("")
        page.get_by_role("button", name="Save and publish").click()
        expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved: 1 problem")
        expect(page.locator("tr.row-errors")).to_have_text(
            f"{NEW_POINT}, 7 Feb 2027 (2nd day of Tết, Đinh Mùi), session 1: it opens at “19:00” but has no closing "
            "time. Give the closing time (e.g. 17:00, or 24:00 when open until midnight), or clear the opening time "
            "if there is no such session."
        )
        assert roster.get(path, params=query).json()["published_version"] == 1
        expect(page.locator("tr.row-warnings")).to_have_text(
            "The note of 9 Feb 2027 (4th day of the 1st lunar month, Đinh Mùi) has characters the printed notice (PDF) has no font for: "
            "“福”. Each of them prints as □. Reword the note if the printed notice must show it whole."
        )


def test_a_form_read_before_someone_elses_change_saves_nothing_and_keeps_what_was_typed(new_page, portal_stack) -> None:
    stack = portal_stack
    manager = stack.managers[VNPT]
    with stack.api("roster") as admin:
        body = {
            "enterprise_id": stack.enterprises[VNPT],
            "name": "Điểm giao dịch VNPT Đức Hòa",
            "kind": "transaction_point",
        }
        site = admin.post("/sites", json={**body, "district": "Đức Hòa"})
        assert site.status_code == 201, site.text
    site_id = site.json()["id"]
    path, query = f"/sites/{site_id}/tet-hours", {"campaign_id": stack.campaign_id}
    with stack.api("roster", manager) as roster:
        days = [str(d) for d in roster.get(path, params=query).json()["campaign_days"]]
        first = roster.put(path, json={**query, "days": _schedule(days)}, headers={"If-Match": '"0"'})
        assert first.status_code == 200, first.text
        page = new_page()
        sign_in(page, stack, manager)
        page.goto(f"/manage/tet-hours?campaign_id={stack.campaign_id}&site_id={site_id}")
        theirs = [{**d, "note": "Đổi giờ theo chỉ đạo"} if d["day"] == MUNG_3 else d for d in _schedule(days)]
        second = roster.put(path, json={**query, "days": theirs}, headers={"If-Match": '"1"'})
        assert second.status_code == 200, second.text

        # Chromium holds the boxes to their patterns: 24:00 closes a session, it opens none.
        opening, closing = page.locator(f"input[name='a2-{MUNG_3}']"), page.locator(f"input[name='b2-{MUNG_3}']")
        for typed, opens_ok, closes_ok in (("24:00", False, True), ("7h30", True, True), ("25:00", False, False)):
            opening.fill(typed)
            closing.fill(typed)
            assert (opening.evaluate("e => e.validity.valid"), closing.evaluate("e => e.validity.valid")) == (
                opens_ok,
                closes_ok,
            ), typed
        opening.fill("13:30")
        closing.fill("17:00")
        page.locator(f"input[name='a1-{MUNG_3}']").fill("08:00")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_role("alert")).to_contain_text("Những gì bạn đã nhập vẫn được giữ nguyên")
        assert page.url == f"{stack.portal}/manage/tet-hours?campaign_id={stack.campaign_id}&site_id={site_id}"
        note = page.locator(f"input[name='note-{MUNG_3}']")
        expect(note).to_have_value("")  # what was typed, kept
        expect(page.locator(f"input[name='a1-{MUNG_3}']")).to_have_value("08:00")
        expect(note).to_have_accessible_description(re.compile("Bản đã lưu mới nhất: .* · Đổi giờ theo chỉ đạo$"))
        expect(page.locator("p.latest")).to_have_count(1)  # only the day they saved otherwise
        assert _drafted(roster.get(path, params=query).json()["days"]) == theirs
        note.fill("Đổi giờ theo chỉ đạo")  # their note taken; over their version now: the save goes through
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu bản nháp")
        saved = {d["day"]: d for d in roster.get(path, params=query).json()["days"]}
        assert saved[MUNG_3]["sessions"][0] == {"opens": "08:00", "closes": "11:30"}
        assert saved[MUNG_3]["note"] == "Đổi giờ theo chỉ đạo"
