"""The inspector's inspection plans a page at a time, without a browser: one list, phase by phase and by day, cut
into pages of `limit`; each phase still counts all its plans and says how many more are on other pages; the pager
says "showing 3 of 7" and links the next and the first page with the filters kept; after a change, or a refused
one, the page that lists that plan opens (a move may take it to another page). Roster is stood in for by
httpx.MockTransport."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import CAMPAIGN, INSPECTOR, PASSWORD, _plan

# Seven plans, given out of order: the page lists them before → during → after, each phase by day.
PLANS: list[dict[str, Any]] = [
    _plan("a2", "2027-02-20", "planned", phase="after"),
    _plan("b3", "2027-01-28", "planned"),
    _plan("d1", "2027-02-06", "planned", phase="during"),
    _plan("b1", "2027-01-20", "done", finding={"result": "compliant", "text": "Đạt", "recommendations": None}),
    _plan("a1", "2027-02-18", "planned", phase="after"),
    _plan("b2", "2027-01-24", "cancelled", cancel_reason="Trùng lịch"),
    _plan("d2", "2027-02-08", "planned", phase="during"),
]
ORDER = ["b1", "b2", "b3", "d1", "d2", "a1", "a2"]


def _roster(plans: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, INSPECTOR, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if request.method == "POST" and path == "/inspections/b3/reschedule":  # b3 moves after Tết: page 3
            moved = {**plans[1], "planned_on": json.loads(request.content)["planned_on"], "phase": "after"}
            plans[1] = moved
            return httpx.Response(200, json=moved)
        if request.method == "POST" and path == "/inspections/a2/cancel":
            return httpx.Response(
                409, json={"type": "x/conflict", "title": "Conflict", "status": 409, "detail": "Đã có kết luận."}
            )
        listed = {
            "/inspections": plans,
            "/sites": [],  # the plan form's site choice: none here
            "/campaigns": [CAMPAIGN],
            "/enterprises": [
                {"id": "0e1a0000-0000-4000-8000-0000000000e1", "name": "VNPT Long An", "sector": "telecom"}
            ],
        }
        if path in listed:
            items = listed[path]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})

    return answer


def _inspector(plans: list[dict[str, Any]] | None = None) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    return signed_in_portal(
        _roster(list(PLANS) if plans is None else plans),
        INSPECTOR["login"],
        PASSWORD,
        now=datetime(2026, 12, 5, 3, tzinfo=UTC),
    )


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _listed(page: httpx.Response) -> list[str]:
    return re.findall(r'<tr data-plan="([^"]+)"', page.text)


def _link(page: httpx.Response, rel: str) -> str:
    return html.unescape(present(re.search(rf'<a href="([^"]+)" rel="{rel}">', page.text)).group(1))


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _section(page: httpx.Response, phase: str) -> str:
    return _text(present(re.search(rf'<section[^>]*data-phase="{phase}".*?</section>', page.text, re.S)).group(0))


async def test_the_plans_are_paged_phase_by_phase_each_phase_counting_all_of_its_own() -> None:
    async with _inspector() as client:
        first = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=3")
        second = await client.get(_link(first, "next"))
        third = await client.get(_link(second, "next"))
    assert [_listed(p) for p in (first, second, third)] == [ORDER[:3], ORDER[3:6], ORDER[6:]]
    assert "Mục 1–3 trong 7 mục" in _text(first.text) and "Mục 7–7 trong 7 mục" in _text(
        third.text
    )  # its rows (QZ12 #12b)
    assert 'rel="next"' not in third.text and 'rel="first"' not in first.text
    assert _query(_link(third, "first")) == {"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"], "limit": ["3"]}
    # On the first page "during" has none of its plans, yet counts them and says where they are.
    during = _section(first, "during")
    assert "Đã lên kế hoạch: 2" in during
    assert "2 cuộc kiểm tra của giai đoạn này ở trang khác của danh sách." in during
    assert "Không có cuộc kiểm tra nào" not in during
    # On the second page "after" lists a1 and says a2 is on another page.
    assert "Còn 1 cuộc kiểm tra của giai đoạn này ở trang khác của danh sách." in _section(second, "after")


async def test_a_short_list_has_no_pager() -> None:
    async with _inspector() as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
    assert _listed(page) == ORDER
    assert 'class="pager"' not in page.text and "trang khác" not in page.text


async def test_the_pager_keeps_the_filters_and_the_filter_says_how_many_match_on_every_page() -> None:
    async with _inspector() as client:
        first = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&status=planned&limit=2"
        )
        second = await client.get(_link(first, "next"))
    assert _listed(first) == ["b3", "d1"] and _listed(second) == ["d2", "a1"]
    assert _query(_link(first, "next")) == {
        "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
        "status": ["planned"],
        "limit": ["2"],
        "cursor": ["2"],
    }
    assert "Đang lọc: 5 cuộc kiểm tra khớp bộ lọc." in _text(second.text)  # all that match, not this page's two


async def test_after_a_move_the_page_that_lists_the_plan_opens() -> None:
    """b3, on the first page, is moved after Tết: the redirect names it and the page that opens is the last."""
    async with _inspector() as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        form = present(
            re.search(r'<form method="post" action="/inspect/inspections/b3/reschedule".*?</form>', page.text, re.S)
        )
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0)))
        moved = await client.post(
            "/inspect/inspections/b3/reschedule", data={**hidden, "planned_on": "2027-02-22", "reason": "Hoãn"}
        )
        assert moved.status_code == 303, moved.text
        assert _query(moved.headers["location"]) == {
            "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
            "done": ["rescheduled"],
            "plan": ["b3"],
        }
        shown = await client.get(moved.headers["location"] + "&limit=3")
    assert _listed(shown) == ["b3"]  # the third page (b1 b2 d1 · d2 a1 a2 · b3): after Tết, b3 now last
    assert "Đã dời ngày kiểm tra." in _text(shown.text)
    assert _query(_link(shown, "first")) == {"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"], "limit": ["3"]}


async def test_a_refused_change_opens_the_page_with_that_plans_form() -> None:
    """a2 is on the third page of three: its refused cancelling is shown there, beside its row, not said to be
    about a plan the page does not list."""
    days = [date(2027, 1, 1) + timedelta(days=i % 28) for i in range(50)]
    plans = [*PLANS, *(_plan(f"x{i}", day.isoformat(), "planned") for i, day in enumerate(days))]  # a2: page 2
    async with _inspector(plans) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&cursor=50")
        assert "a2" in _listed(page)
        form = present(
            re.search(r'<form method="post" action="/inspect/inspections/a2/cancel".*?</form>', page.text, re.S)
        )
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0)))
        refused = await client.post("/inspect/inspections/a2/cancel", data={**hidden, "confirmed": "yes"})
        assert refused.status_code == 303, refused.text
        again = await client.get(refused.headers["location"])
    assert again.status_code == 409
    assert "a2" in _listed(again) and "x0" not in _listed(again)  # the second page, not the first
    row = present(re.search(r'<tr data-plan="a2".*?</tr>', again.text, re.S)).group(0)
    assert "Đã có kết luận." in _text(row)


async def test_a_plan_the_page_does_not_list_leaves_the_page_at_its_cursor() -> None:
    async with _inspector() as client:
        page = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=3&cursor=3&plan=gone"
        )
    assert _listed(page) == ORDER[3:6]


async def test_the_pager_reads_in_english() -> None:
    async with _inspector() as client:
        await client.get("/lang/en")
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=3")
    assert "Items 1–3 of 7" in _text(page.text)
    assert "This phase's 2 inspections are on another page of the list." in _section(page, "during")


async def test_a_page_position_the_plans_never_give_leads_to_their_first_page_but_a_plan_wins() -> None:
    """QA 2026-12-06: `?cursor=garbage` and `?cursor=-1` opened page 1 silently, `?cursor=999` an empty page with
    only "← Trang đầu". Now as the services' lists say it; the position of a plan just changed still wins."""
    wrong = ("cursor=garbage", "limit=2&cursor=garbage", "limit=2&cursor=-1", "limit=2&cursor=999", "cursor=7")
    async with _inspector() as client:
        refused = [
            await client.get(
                f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&status=planned&{q}"
            )
            for q in wrong
        ]
        last = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=2&cursor=6"
        )
        focused = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=2&cursor=garbage&plan=d2"
        )
    for page, query in zip(refused, wrong, strict=True):
        assert page.status_code == 422, query
        assert "Không mở được danh sách ở vị trí trang này" in _text(page.text)
        first = html.unescape(
            present(re.search(r'<a href="([^"]+)">Mở trang đầu của danh sách này</a>', page.text)).group(1)
        )
        assert first.startswith("/inspect/inspections?") and "cursor" not in _query(first)
        assert _query(first)["status"] == ["planned"] and _query(first)["campaign_id"] == [
            "0c1a0000-0000-4000-8000-0000000000c1"
        ]
    assert _listed(last) == ORDER[6:]
    assert focused.status_code == 200 and _listed(focused) == ["d2", "a1"]  # d2 the fifth: the third page


def _hidden(page: httpx.Response, action: str) -> dict[str, str]:
    form = present(re.search(rf'<form method="post" action="{action}".*?</form>', page.text, re.S)).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


async def test_a_change_and_a_refused_one_keep_the_page_size_chosen() -> None:
    """QA 2026-12-06: after "Ghi kết quả kiểm tra" on `?limit=2&cursor=2` the page came back without `limit=2`."""
    async with _inspector() as client:
        page = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=2&cursor=2"
        )
        assert _listed(page) == ["b3", "d1"]
        moved = await client.post(
            "/inspect/inspections/b3/reschedule",
            data={**_hidden(page, "/inspect/inspections/b3/reschedule"), "planned_on": "2027-02-22"},
        )
        assert moved.status_code == 303, moved.text
        assert _query(moved.headers["location"])["limit"] == ["2"]
        shown = await client.get(moved.headers["location"])
        last = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&limit=2&cursor=4"
        )
        refused = await client.post(
            "/inspect/inspections/a2/cancel",
            data={**_hidden(last, "/inspect/inspections/a2/cancel"), "confirmed": "yes"},
        )
        assert refused.status_code == 303 and _query(refused.headers["location"])["limit"] == ["2"]
        again = await client.get(refused.headers["location"])
    assert _listed(shown) == ["b3"]  # b1 b2 · d1 d2 · a1 a2 · b3: the fourth page of two
    assert again.status_code == 409 and _listed(again) == ["a1", "a2"]
    assert 'name="limit" value="2"' in page.text  # the filter form keeps it too


STALE = {"type": "https://lichtruc.example/problems/stale-version", "status": 412, "detail": "Changed meanwhile."}


def _changed_meanwhile(request: httpx.Request) -> httpx.Response:
    """Roster after someone else's changes to two plans the inspector's page drew at version 2: b3 moved to 29/01
    ("Đổi lịch"), d1's finding recorded; a change made from version 2 is refused (412)."""
    if request.method == "POST" and request.headers.get("if-match") == '"2"':
        return httpx.Response(412, json=STALE)
    return _roster(
        [
            _plan(
                "b3", "2027-01-29", "planned", version=3, rescheduled_from="2027-01-28", reschedule_reason="Đổi lịch"
            ),
            _plan(
                "d1",
                "2027-02-06",
                "done",
                phase="during",
                version=3,
                finding={"result": "issues_found", "text": "Thiếu người trực", "recommendations": None},
            ),
        ]
    )(request)


def _latest(page: httpx.Response, said_id: str) -> str | None:
    found = re.search(rf'<p class="latest typed-text" id="{said_id}">([^<]*)</p>', page.text)
    return html.unescape(found.group(1)) if found else None


async def test_a_plan_changed_by_someone_else_first_keeps_what_was_typed_with_theirs_beside_it() -> None:
    """QA 2026-12-06: a plan's change refused because someone else changed it first (412) said so and nothing more.
    Now a plan still waiting has its form as typed over the latest version, the latest saved value beside each box
    that differs; one closed meanwhile (its finding recorded) shows what was typed beside it, to copy."""
    later = {"campaign_id": "0c1a0000-0000-4000-8000-0000000000c1", "version": "2", "csrf_token": ""}
    moved = {**later, "planned_on": "2027-02-01", "reason": "Đoàn bận họp"}
    found = {**later, "result": "compliant", "text": "Đủ người trực", "recommendations": ""}
    async with signed_in_portal(
        _changed_meanwhile, INSPECTOR["login"], PASSWORD, now=datetime(2026, 12, 5, 3, tzinfo=UTC)
    ) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
        token = _hidden(page, "/inspect/inspections/b3/reschedule")["csrf_token"]
        answers = []
        for path, form in (("b3/reschedule", moved), ("d1/finding", found)):
            refused = await client.post(f"/inspect/inspections/{path}", data={**form, "csrf_token": token})
            assert refused.status_code == 303, refused.text
            answers.append(await client.get(refused.headers["location"]))
    rescheduled, recorded = answers
    assert rescheduled.status_code == recorded.status_code == 412
    row = present(re.search(r'<tr data-plan="b3".*?</tr>', rescheduled.text, re.S)).group(0)
    assert "Có người vừa thay đổi kế hoạch này trong lúc anh/chị đang nhập" in _text(row)
    assert _hidden(rescheduled, "/inspect/inspections/b3/reschedule")["version"] == "3"  # over the latest version
    assert 'name="planned_on" value="2027-02-01"' in row and ">Đoàn bận họp</textarea>" in row  # as typed
    assert (_latest(rescheduled, "l-m-b3") or "").startswith("Bản đã lưu mới nhất: 29/01/2027 (")
    assert _latest(rescheduled, "l-mr-b3") == "Bản đã lưu mới nhất: Đổi lịch"
    # d1 is done: no form to send again; what was typed is beside it, the finding saved beside what differs
    row = present(re.search(r'<tr data-plan="d1".*?</tr>', recorded.text, re.S)).group(0)
    assert 'action="/inspect/inspections/d1/finding"' not in row
    assert "người khác vừa ghi kết quả kiểm tra của kế hoạch này" in _text(row)
    kept = _text(present(re.search(r'<dl class="typed-kept".*?</dl>', row, re.S)).group(0))
    assert kept == (
        "Đánh giá Đạt yêu cầu Bản đã lưu mới nhất: Có tồn tại, thiếu sót "
        "Nhận xét Đủ người trực Bản đã lưu mới nhất: Thiếu người trực"
    )
