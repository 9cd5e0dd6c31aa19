"""Every page with a campaign picker opens on the same campaign (domain.campaigns.default_campaign) and lists
the campaigns in one order, a drill marked as one: QA saw the heatmap and the incidents (audit's list of
campaigns) open on one drill and the daily reports, readiness and inspections (roster's list) on another
overlapping it, so that one enterprise's day read as submitted on one page and not on the other.

Without a browser: roster and audit are stood in for by httpx.MockTransport (tests/portal/test_core.py's
way), each listing the same campaigns in an order of its own, as the real services do."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from portal.app import create_app
from portal.settings import PortalSettings
from support import present

ICT = timezone(timedelta(hours=7))
NOW = datetime(2026, 12, 5, 10, 0, tzinfo=ICT)  # two drills under way, one started yesterday, one this morning


def _campaign(cid: str, name: str, kind: str, starts: datetime, ends: datetime) -> dict[str, Any]:
    return {
        "id": cid,
        "name": name,
        "kind": kind,
        "starts_at": starts.isoformat(),
        "ends_at": ends.isoformat(),
        "hours_deadline": starts.isoformat(),
    }


OLDER_DRILL = _campaign(
    "0c1a0000-0000-4000-8000-000000000412",
    "Diễn tập trực Tết 04/12/2026",
    "drill",
    datetime(2026, 12, 4, tzinfo=ICT),
    datetime(2026, 12, 7, tzinfo=ICT),
)
NEWER_DRILL = _campaign(
    "0c1a0000-0000-4000-8000-0000000000a2",
    "QA2 diễn tập trùng diễn tập",
    "drill",
    datetime(2026, 12, 5, 8, tzinfo=ICT),
    datetime(2026, 12, 6, tzinfo=ICT),
)
TET = _campaign(
    "0c1a0000-0000-4000-8000-000000002027",
    "Tết Đinh Mùi 2027",
    "tet",
    datetime(2027, 1, 30, tzinfo=ICT),
    datetime(2027, 2, 16, tzinfo=ICT),
)
PAST_DRILL = _campaign(
    "0c1a0000-0000-4000-8000-000000002011",
    "Diễn tập QA 20/11/2026",
    "drill",
    datetime(2026, 11, 20, tzinfo=ICT),
    datetime(2026, 11, 21, tzinfo=ICT),
)
LATER_DRILL = _campaign(
    "0c1a0000-0000-4000-8000-000000001003",
    "Diễn tập trực Tết 10/03/2027",
    "drill",
    datetime(2027, 3, 10, tzinfo=ICT),
    datetime(2027, 3, 11, tzinfo=ICT),
)
ENTERPRISE_ID = "0e1a0000-0000-4000-8000-0000000000e1"  # VNPT's, the manager's own (another enterprise's is refused)
# The same two campaigns under ids a board's address takes (the board's fake answers for these only).
BOARDS = [
    {**NEWER_DRILL, "id": "0c1a0000-0000-4000-8000-0000000000d1"},
    {**TET, "id": "0c1a0000-0000-4000-8000-0000000000d2"},
]
# Roster lists the later drill first, audit the earlier one: the order each page's default once depended on.
ROSTER_ORDER = [NEWER_DRILL, OLDER_DRILL, LATER_DRILL, TET, PAST_DRILL]
AUDIT_ORDER = [OLDER_DRILL, PAST_DRILL, TET, NEWER_DRILL, LATER_DRILL]
PICKER = [
    "Diễn tập trực Tết 10/03/2027",
    "Tết Đinh Mùi 2027",
    "Diễn tập · QA2 diễn tập trùng diễn tập",
    "Diễn tập trực Tết 04/12/2026",
    "Diễn tập QA 20/11/2026",
]
ENTERPRISE = {"id": "0e1a0000-0000-4000-8000-0000000000e1", "name": "VNPT Long An", "sector": "telecom"}


def _page(items: list[Any]) -> httpx.Response:
    return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})


class Services:
    """Roster and audit as far as these pages read them; `asked` keeps each campaign id a page asked for."""

    def __init__(self, role: str, campaigns: list[dict[str, Any]] | None = None) -> None:
        self.roster_order = campaigns or ROSTER_ORDER
        self.audit_order = list(reversed(campaigns)) if campaigns else AUDIT_ORDER
        self.account = {
            "id": "a1",
            "login": f"{role}@lichtruc.local",
            "display_name": "Trần Thị Lan",
            "role": role,
            "enterprise_ids": ["0e1a0000-0000-4000-8000-0000000000e1"] if role == "manager" else [],
            "staff_id": None,
        }
        self.asked: list[tuple[str, str]] = []  # (service and path, campaign id)

    def roster(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self._note("roster", request)
        if path == "/auth/login":
            return httpx.Response(
                200,
                json={
                    "access_token": "t0",
                    "expires_in": 900,
                    "refresh_token": "r0",
                    "refresh_expires_in": 43200,
                    "token_type": "Bearer",
                    "account": self.account,
                },
            )
        if path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": "a1"})
        if path == "/campaigns":
            kind = request.url.params.get("kind")
            return _page([c for c in self.roster_order if not kind or c["kind"] == kind])
        if path.startswith("/campaigns/") and path.count("/") == 2:
            return httpx.Response(
                200, json=next(c for c in BOARDS + self.roster_order if c["id"] == path.split("/")[2])
            )
        if path.startswith("/campaigns/") and path.endswith(f"/enterprises/{ENTERPRISE_ID}/board"):  # one empty day
            # any campaign's (a drill's board reads the board of the Tết being prepared too: QZ25 #2)
            campaign = next(c for c in BOARDS + self.roster_order if c["id"] == path.split("/")[2])
            day = campaign["starts_at"][:10]
            return httpx.Response(
                200,
                json={
                    "campaign": {"id": campaign["id"], "name": campaign["name"]},
                    "enterprise": {**ENTERPRISE, "id": ENTERPRISE_ID},
                    "from": day,
                    "to": day,
                    "days": [{"date": day, "peaks": [], "duty_types": []}],
                },
            )
        if path == "/enterprises":
            return _page([ENTERPRISE])
        if path == "/department":  # the reports' page asks whether its PDFs can be printed
            return httpx.Response(200, json={"set": True})
        if path == "/outbox":  # whether audit may be behind: nothing waits
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        if path == "/districts":  # the incidents' district filter: an administrator's list, the sites' for others
            return _page([]) if self.account["role"] == "admin" else httpx.Response(403, json={"type": "x/forbidden"})
        if path in (
            "/sites",
            "/duty-types",
            "/inspections",
            "/staff",
            "/requirements",
            "/incidents",
            "/shifts",
        ):  # the board: other campaigns' needs, the enterprise's incidents
            return _page([])
        if path == "/enterprises/0e1a0000-0000-4000-8000-0000000000e1/readiness":
            return _page([])
        if path == "/enterprises/0e1a0000-0000-4000-8000-0000000000e1/readiness/summary":
            return httpx.Response(200, json={"enterprise_name": "VNPT Long An", "done": 0, "overdue": 0, "open": 0})
        raise AssertionError(f"roster was not expected to be asked for {request.url}")

    def audit(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self._note("audit", request)
        if path == "/campaigns":
            return _page(
                [
                    {**{k: v for k, v in c.items() if k != "id"}, "campaign_id": c["id"], "peaks": []}
                    for c in self.audit_order
                ]
            )
        if path.endswith("/board"):
            return httpx.Response(200, json={"rows": []})
        if path == "/gaps/ended":  # after a campaign, how its gaps ended (QZ29): none
            counts = ("total", "window_end", "next_shift", "taken_over", "filled", "partly")
            return httpx.Response(200, json=dict.fromkeys(counts, 0))
        if path in (
            "/gaps",
            "/incidents",
            "/daily-reports/status",
            "/readiness",
            "/transaction-hours/missing",
            "/attendance/shortfalls",  # the manager's board: who did not come, by audit's rule (QZ27 #2)
        ):
            return _page([])
        if path == "/readiness/summary":
            return httpx.Response(200, json={})
        if path == "/lag":  # whether audit may be behind: it has read everything
            return httpx.Response(200, json={"pending": 0, "oldest_pending_at": None, "oldest_pending_seconds": None})
        if path == "/explanations/waiting":  # the heat map's "n giải trình chờ xem" (QZ27 #4): none
            return httpx.Response(200, json={"waiting": 0})
        raise AssertionError(f"audit was not expected to be asked for {request.url}")

    def _note(self, service: str, request: httpx.Request) -> None:
        if cid := request.url.params.get("campaign_id"):
            self.asked.append((f"{service}{request.url.path}", cid))
        elif service == "audit" and (found := re.fullmatch(r"/campaigns/([^/]+)/board", request.url.path)):
            self.asked.append(("audit/campaigns/board", found[1]))  # the heatmap's figures (QZ27 #2)

    def transport(self, name: str) -> httpx.MockTransport:
        return httpx.MockTransport(self.roster if name == "roster" else self.audit)


@contextlib.asynccontextmanager
async def _signed_in(services: Services, lang: str = "vi", now: datetime = NOW) -> AsyncIterator[httpx.AsyncClient]:
    """The portal at `now` over `services`, a person of their role signed in, in `lang`."""
    app = create_app(PortalSettings(session_key="s" * 48), clock=lambda: now, transport_for=services.transport)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal") as client,
    ):
        if lang != "vi":
            await client.get(f"/lang/{lang}")
        page = await client.get("/login")
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        signed = await client.post("/login", data={"login": "x", "password": "y", "csrf_token": csrf})
        assert signed.status_code == 303
        yield client


def _picker(text: str, select_id: str = "f-campaign_id") -> tuple[str, list[str], str]:
    """The campaign picker's label, its options' words in order, and the one selected."""
    label = present(re.search(rf'<label for="{select_id}">([^<]*)</label>', text)).group(1)
    body = present(re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', text, re.S)).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', body)
    selected = [value for value, chosen, _ in options if chosen]
    assert len(selected) == 1, options
    return html.unescape(label), [html.unescape(words) for _, _, words in options], selected[0]


INSPECTOR_PAGES = {
    "/inspect/heatmap": "f-campaign_id",  # audit's list
    "/inspect/incidents": "f-campaign_id",  # audit's list
    "/inspect/reports": "f-campaign_id",  # roster's list
}
PREPARING_PAGES = {  # the pages that prepare Tết open on it (domain.campaigns.campaign_to_prepare; QZ24 #1)
    "/inspect/readiness": "f-campaign_id",  # roster's list
    "/inspect/inspections": "f-campaign",  # roster's list
}


async def test_the_inspectors_pages_open_on_the_same_campaign_whichever_service_lists_them() -> None:
    services = Services("inspector")
    async with _signed_in(services) as client:
        chosen = {}
        for path, select_id in INSPECTOR_PAGES.items():
            answer = await client.get(path)
            assert answer.status_code == 200, (path, answer.text[:400])
            label, options, chosen[path] = _picker(answer.text, select_id)
            assert label == "Đợt trực", path
            assert options[: len(PICKER)] == PICKER, path  # incidents adds "every campaign" after them
        # two drills under way, no Tết ended yet: the pages that look back open on the Tết to come, not a drill
        assert set(chosen.values()) == {TET["id"]}
        for path, select_id in PREPARING_PAGES.items():
            answer = await client.get(path)
            assert answer.status_code == 200, (path, answer.text[:400])
            label, options, chosen[path] = _picker(answer.text, select_id)
            assert options[: len(PICKER)] == PICKER, path
            assert chosen[path] == TET["id"], path  # the Tết being prepared, not a drill under way
    # and the services were asked about those campaigns alone
    assert {cid for _, cid in services.asked} == {TET["id"]}
    assert {where for where, _ in services.asked} >= {
        "audit/campaigns/board",
        "audit/incidents",
        "audit/daily-reports/status",
    }


TET_2028 = _campaign(
    "0c1a0000-0000-4000-8000-000000002028",
    "Tết Mậu Thân 2028",
    "tet",
    datetime(2028, 1, 19, tzinfo=ICT),
    datetime(2028, 2, 5, tzinfo=ICT),
)
MORNING_DRILL = _campaign(  # `make run`'s drill, made at 08:40 the morning after Tết: three shifts, no requirement
    "0c1a0000-0000-4000-8000-000000001602",
    "Diễn tập trực Tết 16/02/2027",
    "drill",
    datetime(2027, 2, 16, 8, 40, tzinfo=ICT),
    datetime(2027, 2, 16, 11, 0, tzinfo=ICT),
)
AFTER_TET = datetime(2027, 2, 16, 9, 0, tzinfo=ICT)


async def test_the_morning_after_tet_the_pages_look_back_on_it_and_prepare_the_next_not_the_drill() -> None:
    """QZ27 #8: at 09:00 16/02/2027, a drill under way and Tết 2028 opened, the heat map, gaps, reports, incidents
    and the board opened on the drill ("Không có yêu cầu trực nào"), readiness on 2028, hours on Tết 2027."""
    season = [MORNING_DRILL, TET_2028, TET, OLDER_DRILL]
    inspector = Services("inspector", season)
    async with _signed_in(inspector, now=AFTER_TET) as client:
        for path, select_id in {**INSPECTOR_PAGES, "/inspect/gaps": "f-campaign_id"}.items():
            answer = await client.get(path)
            assert answer.status_code == 200, (path, answer.text[:400])
            assert _picker(answer.text, select_id)[2] == TET["id"], path
        for path, select_id in PREPARING_PAGES.items():
            answer = await client.get(path)
            assert _picker(answer.text, select_id)[2] == TET_2028["id"], path
    assert MORNING_DRILL["id"] not in {cid for _, cid in inspector.asked}
    manager = Services("manager", season)
    async with _signed_in(manager, now=AFTER_TET) as client:
        straight = await client.get("/manage/board")
        assert straight.headers["location"] == f"/manage/board/{TET['id']}/{ENTERPRISE_ID}"
        assert _picker((await client.get("/manage/readiness")).text)[2] == TET_2028["id"]
        assert _picker((await client.get("/manage/requirements")).text)[2] == TET_2028["id"]
        assert _picker((await client.get("/manage/hours")).text)[2] == TET["id"]  # who carried the Tết just ended


async def test_a_campaign_asked_for_is_kept_on_either_kind_of_page() -> None:
    services = Services("inspector")
    async with _signed_in(services) as client:
        for path in ("/inspect/heatmap", "/inspect/reports"):
            answer = await client.get(path, params={"campaign_id": OLDER_DRILL["id"]})
            assert _picker(answer.text)[2] == OLDER_DRILL["id"], path
            if path == "/inspect/heatmap":  # its downloads are of that campaign: CSV and, as on the gaps page, Excel
                downloads = re.findall(r'href="(/inspect/coverage\.(?:csv|xlsx)\?[^"]*)"', answer.text)
                assert [d.split("?")[0] for d in downloads] == ["/inspect/coverage.csv"] * 2 + [
                    "/inspect/coverage.xlsx"
                ] * 2 + ["/inspect/coverage.csv"]
                assert all(f"campaign_id={OLDER_DRILL['id']}" in d for d in downloads)
                assert [("lang=en" in d) for d in downloads] == [False, True, False, True, False]


async def test_in_english_a_drill_reads_as_one_too() -> None:
    services = Services("inspector")
    async with _signed_in(services, lang="en") as client:
        answer = await client.get("/inspect/reports")
        label, options, _ = _picker(answer.text)
    assert label == "Campaign"
    assert options == [
        "Drill · Diễn tập trực Tết 10/03/2027",
        "Tết Đinh Mùi 2027",
        "Drill · QA2 diễn tập trùng diễn tập",
        "Drill · Diễn tập trực Tết 04/12/2026",
        "Drill · Diễn tập QA 20/11/2026",
    ]


async def test_a_managers_board_opens_on_the_tet_not_a_drill_under_way_and_its_chooser_lists_drills_as_such() -> None:
    services = Services("manager")
    async with _signed_in(services) as client:
        straight = await client.get("/manage/board")
        assert straight.status_code == 303
        assert straight.headers["location"] == f"/manage/board/{TET['id']}/0e1a0000-0000-4000-8000-0000000000e1"
        choose = await client.get("/manage/board", params={"choose": "1"})
        label, options, selected = _picker(choose.text)
        assert (label, options, selected) == ("Đợt trực", PICKER, TET["id"])
        readiness = await client.get("/manage/readiness")  # it prepares Tết: the Tết, not the drill (QZ24 #1)
        assert _picker(readiness.text)[2] == TET["id"]


async def test_a_drills_board_says_it_is_one_with_its_hours_and_a_tet_board_its_days() -> None:
    """QA (2026-12-04): a drill's board read "QA Trực thử ứng cứu 22/12: từ 22/12/2026 … đến 22/12/2026 …", as a
    Tết campaign's would, unless its name said "Diễn tập"."""
    services = Services("manager")
    async with _signed_in(services) as client:
        drill = await client.get(f"/manage/board/{BOARDS[0]['id']}/{ENTERPRISE_ID}")
        tet = await client.get(f"/manage/board/{BOARDS[1]['id']}/{ENTERPRISE_ID}")
    assert drill.status_code == tet.status_code == 200, drill.text[:400]
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", drill.text)).split())
    assert '<span class="tag drill">Diễn tập</span>' in drill.text
    assert "QA2 diễn tập trùng diễn tập: buổi diễn tập, từ 08:00 05/12/2026" in said
    assert "không thuộc đợt trực Tết" in said
    assert '<span class="tag drill">' not in tet.text and "Tết Đinh Mùi 2027: từ" in html.unescape(tet.text)


@pytest.mark.parametrize(("lang", "label"), [("vi", "Đợt trực Tết"), ("en", "Tết campaign")])
async def test_where_only_tet_campaigns_are_offered_the_picker_says_tet(lang: str, label: str) -> None:
    services = Services("inspector")
    async with _signed_in(services, lang=lang) as client:
        answer = await client.get("/inspect/tet-hours")
        assert answer.status_code == 200, answer.text[:400]
        assert _picker(answer.text) == (label, ["Tết Đinh Mùi 2027"], TET["id"])


def test_the_fakes_list_the_same_campaigns() -> None:
    assert sorted(json.dumps(c, sort_keys=True) for c in ROSTER_ORDER) == sorted(
        json.dumps(c, sort_keys=True) for c in AUDIT_ORDER
    )
