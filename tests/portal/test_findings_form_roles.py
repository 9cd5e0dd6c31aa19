"""Only the Department records inspection findings (audit's policy: record_finding, inspectors and administrators):
the findings page offers its form to them alone, and a manager's POST — a page kept open from before, or typed by
hand — is the usual "Trang này không dành cho vai trò của bạn" page with what was typed said back (QZ11 #8: the
manager was offered the form, got "Không tìm thấy…" and lost the text). The services stood in for."""

from __future__ import annotations

import re

import httpx

from support import present

from .test_address_values import INSPECTOR, MANAGER, Services, _app, _sign_in, _text

NOTES = "Điểm trực Bến Lức: 2 người có mặt,\nthiếu trưởng ca"


async def _findings(services: Services, *, post: bool) -> tuple[httpx.Response, httpx.Response | None]:
    app = _app(services)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as client,
    ):
        await _sign_in(client, services.account)
        page = await client.get("/inspect/findings")
        if not post:
            return page, None
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        form = {"csrf_token": csrf, "site": "s1", "duty": "operations", "observed_at": "2027-02-07T09:00"}
        services.asked.clear()  # the page's own reads said; what the POST asks for alone
        sent = await client.post("/inspect/findings", data={**form, "people": "Lê Thị Hoa", "notes": NOTES})
        return page, sent


async def test_a_manager_is_not_offered_the_form_and_is_told_who_records_findings() -> None:
    page, _ = await _findings(Services(MANAGER), post=False)
    assert page.status_code == 200
    assert (
        'action="/inspect/findings" method="post"' not in page.text
        and 'method="post" action="/inspect/findings"' not in page.text
    )
    assert "Ghi biên bản kiểm tra mới" not in _text(page)
    assert "Biên bản kiểm tra do thanh tra của Sở ghi" in _text(page)
    inspector, _ = await _findings(Services(INSPECTOR), post=False)
    assert 'method="post" action="/inspect/findings"' in inspector.text and "Ghi biên bản kiểm tra mới" in _text(
        inspector
    )


async def test_a_managers_finding_sent_anyway_is_refused_for_the_role_with_what_was_typed_said_back() -> None:
    services = Services(MANAGER)
    _, sent = await _findings(services, post=True)
    assert sent is not None and sent.status_code == 403
    said = _text(sent)
    assert "Trang này không dành cho vai trò của bạn" in said
    assert "Chỉ thanh tra của Sở và quản trị hệ thống mới ghi được biên bản kiểm tra" in said
    typed = present(re.search(r'data-testid="typed-back">(.*?)</dl>', sent.text, re.S)).group(1)
    assert "Lê Thị Hoa" in typed and "Điểm trực Bến Lức: 2 người có mặt,\nthiếu trưởng ca" in typed
    assert ("audit", "/findings") not in services.asked  # nothing sent to audit, nor read, for a refused role
