"""The API reference in a real browser: a signed-in person (any role) reads roster's HTTP API
in Swagger UI served from the portal's own static files, and each service's events rendered
by the portal from its AsyncAPI document; a signed-out visitor is sent to sign in."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from browser_support import screenshot, sign_in


def test_a_signed_in_person_reads_roster_http_api_in_swagger_ui(new_page, portal_stack) -> None:
    page = new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    sign_in(page, portal_stack, portal_stack.staff[next(iter(portal_stack.staff))])  # any role will do

    page.goto("/reference")
    expect(page.get_by_role("heading", name="Tài liệu API")).to_be_visible()
    page.get_by_role("link", name="API HTTP").first.click()
    page.wait_for_url("**/reference/roster/http")

    create_shift = page.locator(".opblock-post").filter(has=page.locator('[data-path="/shifts"]'))
    expect(create_shift.first).to_be_visible()
    expect(create_shift.first.locator(".opblock-summary-method")).to_have_text("POST")
    create_shift.first.locator(".opblock-summary-control").click()
    expect(create_shift.first.get_by_text("Parameters", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Try it out")).to_have_count(0)  # nothing sent from here

    assert refused == [], refused  # Swagger UI runs under the portal's strict policy, unrelaxed
    policy = page.request.get("/reference/roster/http").headers["content-security-policy"]
    assert "style-src 'self';" in policy and "unsafe" not in policy
    foreign = [url for url in requested if not url.startswith(portal_stack.portal)]
    assert foreign == [], f"the reference loaded something from elsewhere: {foreign}"
    assert any("/static/vendor/swagger-ui-" in url for url in requested)


@pytest.mark.screenshot
def test_the_event_reference_lists_shift_planned_with_its_fields(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    page.goto("/reference/notifier/events")
    expect(page.get_by_role("heading", name=re.compile(r"^Nhận từ \S*lichtruc\.roster\.events\.v1$"))).to_be_visible()
    event = page.locator("#event-ShiftPlanned")
    expect(event.get_by_role("heading", name="ShiftPlanned")).to_be_visible()
    expect(event).to_contain_text("lichtruc.roster.shift.planned.v1")
    expect(event.get_by_role("rowheader", name="shift")).to_be_visible()
    actor = event.get_by_role("row").filter(has=page.get_by_role("rowheader", name="actor", exact=True))
    expect(actor).to_contain_text("Không bắt buộc")
    expect(page.locator("#event-CoverageGapOpened")).to_be_visible()  # notifier also reads audit's topic
    page.locator("#event-ShiftPlanned").get_by_role("link", name="ShiftSnapshot").click()
    expect(page.locator("#type-ShiftSnapshot").get_by_role("rowheader", name="assignees")).to_be_visible()
    page.goto("/reference/notifier/events")
    screenshot(page, "reference-events", full_page=False)  # one event of many

    page.goto("/lang/en")
    page.goto("/reference/audit/events")
    expect(
        page.get_by_role("heading", name=re.compile(r"^Publishes on \S*lichtruc\.audit\.events\.v1$"))
    ).to_be_visible()
    expect(page.locator("#event-CoverageGapClosed")).to_contain_text("Fields of data in CoverageGapClosed")


def test_a_signed_out_visitor_is_sent_to_sign_in(new_page, portal_stack) -> None:
    for path in ("/reference", "/reference/roster/http", "/reference/roster/events", "/reference/roster/openapi.json"):
        answer = httpx.get(f"{portal_stack.portal}{path}", follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next=/reference"), path
    page = new_page()
    page.goto("/reference/audit/events")
    assert "/login" in page.url
    page.get_by_label("Tên đăng nhập (email)").fill(portal_stack.inspector.login)
    page.get_by_label("Mật khẩu").fill(portal_stack.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/reference/audit/events")  # back where the visitor was going
    expect(page.locator("#event-CoverageGapOpened")).to_be_visible()


def test_an_unknown_service_is_not_found(new_page, portal_stack) -> None:
    page = new_page()
    sign_in(page, portal_stack, portal_stack.inspector)
    assert page.goto("/reference/portal/events").status == 404
