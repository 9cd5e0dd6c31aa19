"""A form sent twice changes nothing twice, over the real services: the incident form as the browser filled
it, sent twice as a double click or the browser's history sends it (the same `form_key`, the same values),
records one incident and leads both times to it; the same form sent with another description records that
one too (a form changed is a new request, not a repeat). Uses MobiFone Long An's staff account and a day
(27/11/2026: roster records no incident detected later than its clock, the wall clock here) and description no
other test uses."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browser_support import sign_in

ENTERPRISE = "MobiFone Long An"
TWICE = "Mất sóng di động khu chợ đêm (biểu mẫu gửi hai lần)"
CHANGED = "Mất sóng di động khu chợ đêm (biểu mẫu gửi lại với mô tả khác)"


def test_the_incident_form_sent_twice_records_one_incident(new_page, portal_stack) -> None:
    staff = portal_stack.staff[ENTERPRISE]
    page = new_page()
    sign_in(page, portal_stack, staff)
    page.goto("/incidents")
    form = page.locator("#incident-form")
    form.get_by_label("Phát hiện lúc (giờ Việt Nam)").fill("2026-11-27T21:00")
    form.get_by_label("Địa điểm", exact=True).select_option(label="Trạm BTS Bình Hòa Tây — Mộc Hóa ★")
    form.get_by_label("Di động").check()
    form.get_by_label("Mức độ").select_option("minor")
    form.get_by_label("Mô tả").fill(TWICE)
    fields: dict[str, str] = page.evaluate("Object.fromEntries(new FormData(document.querySelector('#incident-form')))")
    assert re.fullmatch(r"[0-9a-f-]{36}", fields["form_key"])  # drawn with the form

    answers = [page.request.post("/incidents", form=fields, max_redirects=0) for _ in range(2)]
    assert [a.status for a in answers] == [303, 303]
    first, second = (a.headers["location"] for a in answers)
    # the second send finds the first (its facts, minutes ago: domain.incidents.resent_incident) and says so
    assert re.match(r"/incidents/[0-9a-f-]{36}\?done=opened", first)
    assert second == first.replace("done=opened", "done=already")

    changed = page.request.post("/incidents", form={**fields, "description": CHANGED}, max_redirects=0)
    assert changed.status == 303 and changed.headers["location"] != first

    with portal_stack.api("roster", staff) as roster:
        found = roster.get("/incidents", params={"detected_from": "2026-11-27T00:00:00+07:00", "limit": 100})
        assert found.status_code == 200, found.text
        descriptions = [i["description"] for i in found.json()["items"]]
    assert descriptions.count(TWICE) == 1 and descriptions.count(CHANGED) == 1
    page.goto(first)
    expect(page.get_by_text(TWICE)).to_be_visible()
