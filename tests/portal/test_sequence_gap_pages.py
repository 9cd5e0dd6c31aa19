"""The inspector's page of sequence gaps (roster events audit knows to be missing from its log),
without a browser: audit and roster are stood in for by httpx.MockTransport. The filters reach
audit, the page is paged by audit's cursors, rows are named as audit names them in the
person's language, and the menu links the page. (The browser test over the real services is
tests/portal/test_sequence_gap_browser.py.)"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import httpx

from lichtruc.paging import decode_cursor, encode_cursor
from portal.app import create_app, load_catalogue
from portal.domain.navigation import nav_for
from portal.domain.sequence_gaps import AGGREGATE_TYPES, SequenceGapFilters
from portal.settings import PortalSettings
from support import present

ROOT = Path(__file__).resolve().parents[2]
VNPT, POST = "0b9d3c1e-0000-4000-8000-000000000001", "0b9d3c1e-0000-4000-8000-000000000002"
INSPECTOR: dict[str, Any] = {
    "id": "a9",
    "login": "thanhtra@stttt.longan.gov.vn",
    "display_name": "Thanh tra Sở",
    "role": "inspector",
    "enterprise_ids": [],
    "staff_id": None,
}
PASSWORD = "đúng mật khẩu 2027"


def _gap(n: int, kind: str, enterprise: str, status: str, what_vi: str, what: str) -> dict[str, Any]:
    names = {"shift": ("ca trực", "shift"), "daily_report": ("báo cáo ngày", "daily report")}[kind]
    return {
        "gap_id": f"00000000-0000-4000-8000-0000000000{n:02d}",
        "aggregate_type": kind,
        "aggregate_type_name_vi": names[0],
        "aggregate_type_name": names[1],
        "aggregate_id": f"00000000-0000-4000-9000-0000000000{n:02d}",
        "what_vi": f"{names[0]} “{what_vi}”",
        "what": f"{names[1]} “{what}”",
        "enterprise_name": {VNPT: "VNPT Long An", POST: "Bưu điện tỉnh Long An"}[enterprise],
        "partition_key": enterprise,
        "expected_version": 2,
        "first_seen_version": 3,
        "noticed_seq": 40 + n,
        "noticed_at": "2027-02-05T22:10:00+07:00",
        "noticed_by_event_id": f"00000000-0000-4000-a000-0000000000{n:02d}",
        "status": status,
        "closed_seq": 90 + n if status == "closed" else None,
        "closed_at": "2027-02-06T08:00:00+07:00" if status == "closed" else None,
        "closed_by_event_id": None,
    }


GAPS = [
    _gap(1, "shift", VNPT, "open", "Trực lãnh đạo 22:00 05/02/2027 – 06:00 06/02/2027", "Leadership duty 22:00 …"),
    _gap(2, "daily_report", POST, "open", "06/02/2027 (Mùng 1 Tết Đinh Mùi)", "6 Feb 2027 (1st day of Tết)"),
    _gap(3, "daily_report", VNPT, "closed", "07/02/2027 (Mùng 2 Tết Đinh Mùi)", "7 Feb 2027 (2nd day of Tết)"),
]


class Services:
    """Roster's sign-in and enterprises, audit's /sequence-gaps (filters, keyset-like cursor pages)."""

    def __init__(self) -> None:
        self.gap_calls: list[httpx.URL] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/login":
            if json.loads(request.content)["password"] != PASSWORD:
                return httpx.Response(401, json={"type": "x/invalid-credentials", "detail": "wrong"})
            token = {"access_token": "t0", "expires_in": 900, "refresh_token": "r0", "refresh_expires_in": 43200}
            return httpx.Response(200, json={**token, "account": INSPECTOR, "token_type": "Bearer"})
        if path == "/auth/session":  # the portal asks roster whether the sign-in goes on, before each page
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": "a1"})
        if path == "/enterprises":
            items = [{"id": VNPT, "name": "VNPT Long An"}, {"id": POST, "name": "Bưu điện tỉnh Long An"}]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": 2, "next": None})
        if path == "/sequence-gaps":
            self.gap_calls.append(request.url)
            p = request.url.params
            if p.get("aggregate_type") not in (None, *AGGREGATE_TYPES):
                return httpx.Response(422, json={"type": "x/validation", "detail": "bad aggregate_type"})
            matches = [
                g
                for g in GAPS
                if all(
                    p.get(k) in (None, g[f]) for k, f in (("aggregate_type", "aggregate_type"), ("status", "status"))
                )
                and p.get("enterprise_id") in (None, g["partition_key"])
            ]
            limit, cursor = int(p.get("limit", "50")), p.get("cursor")
            start = decode_cursor("sequence-gaps", cursor, (int,))[0] if cursor else 0
            nxt = None
            if start + limit < len(matches):
                kept = [(k, v) for k, v in p.multi_items() if k not in ("cursor", "limit")]
                more = [("limit", str(limit)), ("cursor", encode_cursor("sequence-gaps", [start + limit]))]
                nxt = f"http://elsewhere.invalid/sequence-gaps?{httpx.QueryParams([*kept, *more])}"
            body = {"items": matches[start : start + limit], "limit": limit, "total": len(matches), "next": nxt}
            return httpx.Response(200, json=body)
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"no {path} here"})


async def _sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
    ok = await client.post("/login", data={"login": INSPECTOR["login"], "password": PASSWORD, "csrf_token": csrf})
    assert ok.status_code == 303


def _rows(page: str) -> list[str]:
    """Each table row's text, as a person reads it."""
    body = present(re.search(r"<tbody>(.*?)</tbody>", page, re.S)).group(1)
    texts = [re.sub(r"<[^>]+>", " ", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [re.sub(r"\s+", " ", html.unescape(text)).strip() for text in texts]


async def test_the_inspector_sees_missing_events_by_name_filtered_and_paged() -> None:
    services = Services()
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(services))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal") as client,
    ):
        await _sign_in(client)
        everything = await client.get("/inspect/sequence-gaps")
        assert everything.status_code == 200
        assert 'href="/inspect/sequence-gaps"' in everything.text  # in the inspector's menu
        assert "Còn 2 sự kiện bị thiếu chưa nhận được." in everything.text
        rows = _rows(everything.text)
        assert len(rows) == 3
        assert "ca trực “Trực lãnh đạo 22:00 05/02/2027 – 06:00 06/02/2027”" in rows[0] and "VNPT Long An" in rows[0]
        assert "Thiếu lần 2 (đã nhận lần 3 trước)" in rows[0] and "Còn thiếu" in rows[0]
        assert "báo cáo ngày “06/02/2027 (Mùng 1 Tết Đinh Mùi)”" in rows[1] and "Bưu điện tỉnh Long An" in rows[1]
        assert "Đã nhận (muộn)" in rows[2] and "bản ghi số 93" in rows[2]
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", " ".join(rows))  # names, not ids
        # The kinds offered are audit's, the Department's profile named as its page is ('Thông tin Sở').
        assert re.search(r'<option value="department"[^>]*>\s*Thông tin Sở\s*</option>', everything.text)

        # Filters reach audit; paging follows audit's cursor and keeps the filters.
        services.gap_calls.clear()
        first = await client.get(
            "/inspect/sequence-gaps", params={"aggregate_type": "daily_report", "enterprise_id": VNPT, "limit": 1}
        )
        assert "07/02/2027" in present(_rows(first.text)[0])
        asked = services.gap_calls[0].params
        assert (asked["aggregate_type"], asked["enterprise_id"], asked["limit"]) == ("daily_report", VNPT, "1")
        assert 'value="daily_report" selected' in first.text
        department = await client.get("/inspect/sequence-gaps", params={"aggregate_type": "department"})
        assert department.status_code == 200 and services.gap_calls[-1].params["aggregate_type"] == "department"
        assert 'value="department" selected' in department.text
        paged = await client.get("/inspect/sequence-gaps", params={"aggregate_type": "daily_report", "limit": 1})
        link = present(re.search(r'<a href="([^"]+)" rel="next">Trang sau →</a>', paged.text)).group(1)
        href = link.replace("&amp;", "&")
        assert (
            href
            == f"/inspect/sequence-gaps?aggregate_type=daily_report&limit=1&cursor={encode_cursor('sequence-gaps', [1])}"
        )
        second = await client.get(href)
        [only] = _rows(second.text)
        assert "07/02/2027" in only and "Mục 2–2 trong 2 mục" in second.text and 'rel="next"' not in second.text
        closed = await client.get("/inspect/sequence-gaps", params={"status": "closed"})
        assert len(_rows(closed.text)) == 1 and services.gap_calls[-2].params["status"] == "closed"

        # A value audit would refuse is said by the filter's label, not dropped to list everything (QA 2026-12-06).
        services.gap_calls.clear()
        odd = await client.get("/inspect/sequence-gaps", params={"aggregate_type": "planet", "enterprise_id": "x"})
        assert odd.status_code == 422 and "Loại đối tượng: “planet” không hợp lệ." in odd.text
        assert "“x”" in odd.text and services.gap_calls == []

        # In English: audit's English names, the page's English words.
        await client.get("/lang/en")
        english = await client.get("/inspect/sequence-gaps", params={"status": "open"})
        assert re.search(r'<option value="department"[^>]*>\s*Department details\s*</option>', english.text)
        rows = _rows(english.text)
        assert "shift “Leadership duty 22:00 …”" in rows[0] and "Version 2 missing (version 3 came first)" in rows[0]
        assert "2 missing events not received yet." in english.text and "Events missing from the log" in english.text


def test_the_portal_offers_the_types_audit_tracks_each_named_in_both_languages() -> None:
    schema = json.loads((ROOT / "docs" / "openapi" / "audit.json").read_text("utf-8"))
    enum = schema["components"]["schemas"]["SequenceGapOut"]["properties"]["aggregate_type"]["enum"]
    assert list(AGGREGATE_TYPES) == enum
    catalogue = load_catalogue()
    for lang in ("vi", "en"):
        assert all(catalogue.text(f"sequence_gaps.type.{k}", lang) for k in AGGREGATE_TYPES)
        # The log page names the missing events of every type too (a missing key would be a 500 there).
        assert all(catalogue.text(f"log.aggregate.{k}", lang) for k in AGGREGATE_TYPES)
    assert ("/inspect/sequence-gaps", "sequence_gaps.nav") in nav_for("inspector")
    assert SequenceGapFilters.from_query({"status": "closed", "aggregate_type": "swap"}).params() == {
        "status": "closed",
        "aggregate_type": "swap",
    }
