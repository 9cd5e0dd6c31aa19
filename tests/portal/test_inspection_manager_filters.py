"""A manager's list of the Department's inspections at their enterprises narrowed by campaign, phase and status
(and by enterprise when they manage several), without a browser: roster is asked with its own filters, the pager
keeps them, the page says how many match and offers "Bỏ lọc", an empty result says so with the way back, and a value
no filter takes is refused by the page's own label. Roster is stood in for by httpx.MockTransport, which applies
the filters it is sent as roster does."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import CAMPAIGN, MANAGER, PASSWORD, _plan

E1, E2 = "6f1c3a52-0000-4000-8000-0000000000e1", "6f1c3a52-0000-4000-8000-0000000000e2"
C1 = "6f1c3a52-0000-4000-8000-0000000000c1"
PLANS = [
    _plan("m1", "2027-01-22", "planned", campaign_id=C1, enterprise_id=E1),
    _plan("m2", "2027-02-08", "planned", campaign_id=C1, enterprise_id=E1, phase="during"),
    _plan(
        "m3",
        "2027-01-20",
        "done",
        campaign_id=C1,
        enterprise_id=E2,
        enterprise_name="VNPT Tân An",
        finding={"result": "compliant", "text": "Đạt", "recommendations": None},
    ),
]
FILTERS = {"campaign_id": "campaign_id", "enterprise_id": "enterprise_id", "phase": "phase", "status": "status"}


def _roster(asked: list[dict[str, list[str]]], enterprises: list[dict[str, Any]]) -> Callable[..., httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
            return signed
        path, query = request.url.path, parse_qs(request.url.query.decode())
        if path == "/inspections":
            asked.append({k: v for k, v in query.items() if k in FILTERS})
            items = [p for p in PLANS if all(str(p[k]) in query.get(k, [str(p[k])]) for k in FILTERS)]
            limit = int(query["limit"][0])
            start = int(query.get("cursor", ["0"])[0])
            page = items[start : start + limit]
            more = f"/inspections?cursor={start + limit}" if start + limit < len(items) else None
            return httpx.Response(200, json={"items": page, "limit": limit, "total": len(items), "next": more})
        listed = {"/campaigns": [{**CAMPAIGN, "id": C1}], "/enterprises": enterprises}
        if path in listed:
            items = listed[path]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})

    return answer


def _manager(
    asked: list[dict[str, list[str]]], *, several: bool = True
) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    enterprises = [{"id": E1, "name": "VNPT Long An", "sector": "telecom"}]
    if several:
        enterprises.append({"id": E2, "name": "VNPT Tân An", "sector": "telecom"})
    return signed_in_portal(
        _roster(asked, enterprises), MANAGER["login"], PASSWORD, now=datetime(2026, 12, 5, 3, tzinfo=UTC)
    )


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _listed(page: httpx.Response) -> list[str]:
    return re.findall(r'<tr data-plan="([^"]+)"', page.text)


async def test_the_managers_inspections_narrowed_to_a_phase_and_status_and_paged_with_the_filters_kept() -> None:
    asked: list[dict[str, list[str]]] = []
    async with _manager(asked) as client:
        first = await client.get(f"/manage/inspections?campaign_id={C1}&phase=before&limit=1")
        link = html.unescape(present(re.search(r'<a href="([^"]+)" rel="next">', first.text)).group(1))
        second = await client.get(link)
        done = await client.get(f"/manage/inspections?status=done&enterprise_id={E2}")
    assert asked[0] == {"campaign_id": [C1], "phase": ["before"]}  # roster's own filters
    assert _listed(first) == ["m1"] and _listed(second) == ["m3"]
    assert parse_qs(urlsplit(link).query) == {"campaign_id": [C1], "phase": ["before"], "limit": ["1"], "cursor": ["1"]}
    assert "Đang lọc: 2 cuộc kiểm tra khớp bộ lọc." in _text(first.text)
    assert '<option value="before" selected>Trước Tết</option>' in first.text
    assert _listed(done) == ["m3"] and asked[-1] == {"status": ["done"], "enterprise_id": [E2]}
    assert re.search(r'<a href="/manage/inspections">Bỏ lọc</a>', done.text)


async def test_nothing_matching_says_so_with_the_way_back_and_an_unfiltered_list_says_nothing_of_filters() -> None:
    async with _manager([]) as client:
        none = await client.get("/manage/inspections?phase=after")
        everything = await client.get("/manage/inspections")
    assert _listed(none) == []
    assert "Không có cuộc kiểm tra nào khớp bộ lọc. Bỏ lọc" in _text(none.text)
    assert _listed(everything) == ["m1", "m2", "m3"]
    assert "Đang lọc" not in everything.text and "Bỏ lọc" not in everything.text


async def test_a_manager_of_one_enterprise_is_not_offered_an_enterprise_to_pick() -> None:
    async with _manager([], several=False) as client:
        page = await client.get("/manage/inspections")
    assert 'name="enterprise_id"' not in page.text
    assert 'name="phase"' in page.text and 'name="status"' in page.text


async def test_a_phase_no_filter_takes_is_refused_by_the_pages_label() -> None:
    async with _manager([]) as client:
        refused = await client.get("/manage/inspections?phase=giua-tet")
        await client.get("/lang/en")
        english = await client.get("/manage/inspections?phase=giua-tet")
    assert refused.status_code == 422 and "Giai đoạn: “giua-tet” không hợp lệ." in _text(refused.text)
    assert english.status_code == 422 and "Phase: “giua-tet” is not valid." in _text(english.text)
