"""A service that does not answer, as the portal says it without a browser (QA 2026-12-06: with audit stopped, the
inspector's whole area was one error page whose only link led back to it). The page offers the same address again,
names the person's pages that work without that service, and sends nobody "back" to a start page that needs it; the
inspector's own start page leads on to the inspection plans, saying why at their top; a form sent to a service that
could not be reached is said not sent. Roster is stood in for by httpx.MockTransport; audit and notifier refuse
every connection."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import CAMPAIGN, INSPECTOR, PASSWORD

NOW = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 on mùng 2 Tết
STAFF: dict[str, Any] = {
    "id": "a7",
    "login": "hoalt@vnpt-longan.vn",
    "display_name": "Lê Thị Hoa",
    "role": "staff",
    "enterprise_ids": ["e1"],
    "staff_id": "s1",
}


def _services(account: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    """Roster answering sign-in and empty lists; audit and notifier refusing every connection."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "roster":
            raise httpx.ConnectError("connection refused", request=request)
        if (signed := sign_in_answer(request, account, PASSWORD)) is not None:
            return signed
        listed = {
            "/inspections": [],
            "/campaigns": [CAMPAIGN],
            "/enterprises": [{"id": "e1", "name": "VNPT Long An", "sector": "telecom"}],
        }
        if request.url.path == "/staff/s1":
            return httpx.Response(200, json={"id": "s1", "full_name": "Lê Thị Hoa", "enterprise_id": "e1"})
        if request.method == "GET":  # every other list roster has: empty
            items = listed.get(request.url.path, [])
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {request.url.path}"})

    return answer


def _still_open(page: httpx.Response) -> list[tuple[str, str]]:
    listed = re.search(r'<ul class="still-open">(.*?)</ul>', page.text, re.S)
    assert listed is not None, page.text
    return [(href, html.unescape(words)) for href, words in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed[1])]


def _main(page: httpx.Response) -> str:
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', page.text, re.S)
    assert main is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main[1])).split())


async def test_an_inspector_with_audit_down_is_offered_the_same_page_again_and_the_pages_that_work() -> None:
    async with signed_in_portal(_services(INSPECTOR), INSPECTOR["login"], PASSWORD, now=NOW, lang="en") as client:
        page = await client.get("/inspect/on-duty?at=2027-02-07T10:00")
        assert page.status_code == 503 and page.headers["retry-after"]
        said = _main(page)
        assert "The portal cannot reach the audit service." in said
        assert '<a href="/inspect/on-duty?at=2027-02-07T10:00">Try this page again</a>' in page.text
        assert _still_open(page) == [("/inspect/inspections", "Inspections"), ("/account/password", "Change password")]
        assert "These pages work without the audit service:" in said
        # the start page is the heatmap, which needs audit too: no way "back" to it
        assert "Back to the start page" not in said and '<a href="/">' not in _main_markup(page)

        # the start page itself (where signing in and "/" lead) is no error page: the plans, saying why at their top
        landing = await client.get("/inspect/heatmap")
        assert landing.status_code == 303 and landing.headers["location"] == "/inspect/inspections?unavailable=audit"
        plans = await client.get(landing.headers["location"])
        assert plans.status_code == 200
        said = _main(plans)
        assert said.startswith("A service is not answering The portal cannot reach the audit service.")
        assert '<a href="/">Try the start page again</a>' in plans.text
        assert _still_open(plans) == [("/account/password", "Change password")]  # the page itself not offered again
        assert "Inspection plans" in said or "Inspections" in said
        assert "A service is not answering" not in _main(await client.get("/inspect/inspections"))


def _main_markup(page: httpx.Response) -> str:
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', page.text, re.S)
    assert main is not None
    return main[1]


async def test_duty_staff_with_notifier_down_keep_their_start_page_and_a_form_is_said_not_sent() -> None:
    async with signed_in_portal(_services(STAFF), STAFF["login"], PASSWORD, now=NOW) as client:
        page = await client.get("/me/calendar")
        assert page.status_code == 503
        assert '<a href="/me/calendar">Thử lại trang này</a>' in page.text
        assert ("/me/shifts", "Ca trực của tôi") in _still_open(page)
        assert ("/me/calendar", "Lịch của tôi") not in _still_open(page)
        assert '<a href="/">Về trang chính</a>' in page.text  # their start page works without notifier

        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        sent = await client.post("/me/calendar", data={"csrf_token": csrf[1]})
        assert sent.status_code == 503
        said = _main(sent)
        assert "Biểu mẫu chưa được gửi đi: không liên lạc được với hệ thống lịch và nhắc việc" in said
        assert "Thử lại trang này" not in said  # a form's address is no page to open again
