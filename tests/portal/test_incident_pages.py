"""The incident pages without a browser (roster stood in for by httpx.MockTransport, as in test_core): the
list with names and lunar days, the open form sent to roster as it should be (Vietnam time, the services
ticked, the border box), roster's refusal shown in the person's words, and a responder's warning shown."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portal.app import create_app
from portal.settings import PortalSettings

from .test_core import PagedRoster, _client, _csrf

INCIDENT: dict[str, Any] = {
    "id": "i1",
    "enterprise_id": "e1",
    "enterprise_name": "VNPT Long An",
    "detected_at": "2027-02-05T16:40:00Z",
    "site_id": "site1",
    "site_name": "Trạm viễn thông Hưng Điền",
    "district": "Tân Hưng",
    "services": ["fixed_line", "internet"],
    "agency_links": False,
    "border": True,
    "severity": "serious",
    "severe": True,
    "description": "Đứt cáp quang tuyến vào xã biên giới Hưng Điền",
    "status": "open",
    "responders": [],
    "updates": [],
    "restored_at": None,
    "cause": None,
    "closing_note": None,
    "resolved_at": None,
    "opened_by": "anh.ptn@vnpt-longan.vn",
    "version": 1,
    "warnings": [],
}


class IncidentRoster(PagedRoster):
    def __init__(self) -> None:
        super().__init__(
            {
                "/incidents": lambda params: [INCIDENT],
                "/enterprises": lambda params: [{"id": "e1", "name": "VNPT Long An"}],
                "/sites": lambda params: [
                    {
                        "id": "site1",
                        "enterprise_id": "e1",
                        "name": "Trạm viễn thông Hưng Điền",
                        "district": "Tân Hưng",
                        "border_area": True,
                    }
                ],
                "/staff": lambda params: [{"id": "s1", "full_name": "Lâm Hoàng Phúc", "enterprise_id": "e1"}],
            }
        )
        self.posted: list[tuple[str, dict, str | None]] = []
        self.refuse = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET" and path == "/incidents/i1":
            return httpx.Response(200, json=INCIDENT)
        if request.method == "POST" and path.startswith("/incidents"):
            body = json.loads(request.content)
            self.posted.append((path, body, request.headers.get("if-match")))
            if self.refuse:
                return httpx.Response(
                    422,
                    json={
                        "type": "x/site-or-district",
                        "detail": "Say where the incident is",
                        "detail_vi": "Hãy cho biết nơi xảy ra sự cố",
                        "errors": [
                            {
                                "field": "site_id",
                                "rule": "site-or-district",
                                "message": "Say where",
                                "message_vi": "Hãy cho biết nơi xảy ra sự cố: chọn một địa điểm, hoặc nhập huyện.",
                            }
                        ],
                    },
                )
            if path == "/incidents":
                return httpx.Response(201, json=INCIDENT)
            warning = {
                "rule": "responder-on-duty",
                "staff_id": "s1",
                "message": "Lâm Hoàng Phúc is not on a published shift",
                "message_vi": "Lâm Hoàng Phúc không có ca trực đã công bố của VNPT Long An",
            }
            return httpx.Response(200, json={**INCIDENT, "version": 2, "warnings": [warning]})
        return super().__call__(request)


async def _signed_in(client) -> None:
    page = await client.get("/login")
    ok = await client.post(
        "/login",
        data={"login": "hungnv@vnpt-longan.vn", "password": "đúng mật khẩu 2027", "csrf_token": _csrf(page.text)},
    )
    assert ok.status_code == 303


async def test_the_list_the_open_form_and_a_refusal() -> None:
    roster = IncidentRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        page = await client.get("/incidents")
        assert page.status_code == 200
        assert "Trạm viễn thông Hưng Điền" in page.text and "29 tháng Chạp" in page.text
        assert "Nghiêm trọng" in page.text and "Internet" in page.text
        form = {
            "csrf_token": _csrf(page.text),
            "enterprise_id": "e1",
            "detected_at": "2027-02-05T23:40",
            "site_id": "site1",
            "services": ["internet", "mobile"],
            "border": "on",
            "severity": "serious",
            "description": "  Đứt cáp quang  ",
        }
        made = await client.post("/incidents", data=form)
        assert made.status_code == 303 and made.headers["location"] == "/incidents/i1?done=opened"
        path, body, _ = roster.posted[-1]
        assert path == "/incidents"
        assert body == {
            "enterprise_id": "e1",
            "detected_at": "2027-02-05T23:40:00+07:00",
            "site_id": "site1",
            "district": None,
            "services": ["mobile", "internet"],
            "agency_links": False,
            "border": True,
            "severity": "serious",
            "description": "Đứt cáp quang",
        }
        roster.refuse = True
        refused = await client.post("/incidents", data={**form, "site_id": ""})
        assert refused.status_code == 422
        assert "Hãy cho biết nơi xảy ra sự cố: chọn một địa điểm, hoặc nhập huyện." in refused.text
        assert "Đứt cáp quang" in refused.text  # what was typed is kept


async def test_adding_a_responder_shows_the_warning_with_the_name() -> None:
    roster = IncidentRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        detail = await client.get("/incidents/i1")
        assert detail.status_code == 200 and "Lâm Hoàng Phúc" in detail.text  # offered to the manager
        answer = await client.post(
            "/incidents/i1/responders",
            data={"csrf_token": _csrf(detail.text), "version": "1", "staff_id": "s1", "at": "2027-02-06T00:05"},
        )
        assert answer.status_code == 200
        assert "Lâm Hoàng Phúc không có ca trực đã công bố của VNPT Long An" in answer.text
        path, body, if_match = roster.posted[-1]
        assert (path, body, if_match) == (
            "/incidents/i1/responders",
            {"staff_id": "s1", "at": "2027-02-06T00:05:00+07:00"},
            '"1"',
        )


async def test_a_minor_incident_told_to_the_department_is_not_called_severe(monkeypatch) -> None:
    """A minor incident in the border area is told to the Department at once (roster's `severe`), but it is
    minor: the page says why it was told, never "Nghiêm trọng" beside "Nhẹ"."""
    for key, value in {"severity": "minor", "border": True, "severe": True}.items():
        monkeypatch.setitem(INCIDENT, key, value)
    roster = IncidentRoster()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(roster))
    async with app.router.lifespan_context(app), await _client(app) as client:
        await _signed_in(client)
        detail = await client.get("/incidents/i1")
        assert "Đã báo ngay cho Sở (vì ở khu vực biên giới)" in detail.text
        assert "Nghiêm trọng" not in detail.text
        monkeypatch.setitem(INCIDENT, "severity", "serious")
        detail = await client.get("/incidents/i1")
        assert "Đã báo ngay cho Sở</span>" in detail.text  # serious: no reason needed
