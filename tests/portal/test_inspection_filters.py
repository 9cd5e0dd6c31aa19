"""The inspector's inspection plans narrowed to one enterprise, one kind (surprise or announced) and one status,
without a browser: roster is asked for the enterprise's and kind's plans (its own filters), the page lists the
status asked for while each phase still counts every status (each count a link to its rows, the other filters
kept), says how many match, offers the way back to all; the forms on the page carry the filters, so after a
finding is recorded the page opens as it was; a value no filter takes is refused in words. Roster is stood in
for by httpx.MockTransport, which applies the filters it is sent as roster does."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx

from support import present

from .fake_sign_in import sign_in_answer, signed_in_portal
from .test_inspection_notes import INSPECTOR, PASSWORD, _plan

VNPT = "6f1c3a52-0000-4000-8000-000000000001"
VIETTEL = "6f1c3a52-0000-4000-8000-000000000002"

PLANS = [
    _plan("p1", "2027-01-22", "planned", enterprise_id=VNPT, purpose="Kiểm tra trạm Tân An"),
    _plan("p2", "2027-01-25", "planned", enterprise_id=VNPT, surprise=True, purpose="Đột xuất phòng máy"),
    _plan("p3", "2027-01-26", "cancelled", enterprise_id=VNPT, surprise=True, purpose="Đột xuất bị hủy"),
    _plan(
        "p4",
        "2026-12-01",
        "done",
        enterprise_id=VNPT,
        surprise=True,
        purpose="Đột xuất đã xong",
        finding={"result": "compliant", "text": "Đạt", "recommendations": None},
    ),
    _plan(
        "p5",
        "2027-02-06",
        "planned",
        enterprise_id=VIETTEL,
        enterprise_name="Viettel Long An",
        surprise=True,
        phase="during",
        purpose="Viettel giao thừa",
    ),
]


def _roster(asked: list[dict[str, list[str]]]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if (signed := sign_in_answer(request, INSPECTOR, PASSWORD)) is not None:
            return signed
        path = request.url.path
        if request.method == "POST" and path == "/inspections":
            sent = json.loads(request.content)
            name = "VNPT Long An" if sent["enterprise_id"] == VNPT else "Viettel Long An"
            made = _plan("p9", sent["planned_on"], "planned", enterprise_id=sent["enterprise_id"], enterprise_name=name)
            return httpx.Response(201, json={**made, "surprise": sent["surprise"]})
        if request.method == "POST" and path == "/inspections/p2/finding":
            return httpx.Response(200, json={**PLANS[1], "status": "done", "version": 3})
        if path == "/inspections":
            query = parse_qs(request.url.query.decode())
            asked.append({k: v for k, v in query.items() if k not in ("limit", "cursor")})  # the filters asked
            items = [
                p
                for p in PLANS
                if p["enterprise_id"] in query.get("enterprise_id", [p["enterprise_id"]])
                and str(p["surprise"]).lower() in query.get("surprise", [str(p["surprise"]).lower()])
            ]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        listed = {
            "/campaigns": [
                {
                    "id": "0c1a0000-0000-4000-8000-0000000000c1",
                    "name": "Tết Đinh Mùi 2027",
                    "starts_at": "2027-01-30T00:00:00Z",
                    "ends_at": "2027-02-15T00:00:00Z",
                }
            ],
            "/enterprises": [
                {"id": VNPT, "name": "VNPT Long An", "sector": "telecom"},
                {"id": VIETTEL, "name": "Viettel Long An", "sector": "telecom"},
            ],
            "/sites": [],  # the plan form's site choice: none here
        }
        if path in listed:
            items = listed[path]
            return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})
        return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})

    return answer


def _inspector(asked: list[dict[str, list[str]]]) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    """The portal over the fake roster, the inspector signed in (on 05/12/2026: every plan's day is ahead)."""
    return signed_in_portal(_roster(asked), INSPECTOR["login"], PASSWORD, now=datetime(2026, 12, 5, 3, tzinfo=UTC))


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _listed(page: httpx.Response) -> list[str]:
    return re.findall(r'<tr data-plan="([^"]+)"', page.text)


def _counts(page: httpx.Response, phase: str) -> str:
    section = present(re.search(rf"<section[^>]*data-phase=\"{phase}\".*?</p>", page.text, re.S)).group(0)
    return _text(section.split('<p class="counts">')[1])


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(html.unescape(url)).query)


async def test_one_enterprises_surprise_plans_still_waiting_and_every_status_counted() -> None:
    asked: list[dict[str, list[str]]] = []
    async with _inspector(asked) as client:
        page = await client.get(
            f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id={VNPT}&kind=surprise&status=planned"
        )
    assert page.status_code == 200, page.text
    assert asked == [
        {"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"], "enterprise_id": [VNPT], "surprise": ["true"]}
    ]
    assert _listed(page) == ["p2"]  # VNPT's surprise plan still waiting; not its announced one, not Viettel's
    # Each phase counts the enterprise's surprise plans in every status; the other counts link to their rows.
    assert _counts(page, "before") == "Đã lên kế hoạch: 1 · Quá hạn: 0 · Đã kiểm tra: 1 · Đã hủy: 1"
    assert '<strong aria-current="true">Đã lên kế hoạch: 1</strong>' in page.text  # the status listed, marked
    links = re.findall(r'<a href="([^"]+)#phase-before">', page.text)
    assert [_query(u) for u in links] == [
        {
            "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
            "enterprise_id": [VNPT],
            "kind": ["surprise"],
            "status": [state],
        }
        for state in ("done", "cancelled")
    ]
    assert "Không có cuộc kiểm tra nào khớp bộ lọc trong giai đoạn này." in _text(page.text)  # during: none of VNPT
    assert "Đang lọc: 1 cuộc kiểm tra khớp bộ lọc." in _text(page.text)
    assert re.search(rf'<option value="{VNPT}" selected>VNPT Long An</option>', page.text)
    assert '<option value="surprise" selected>Đột xuất</option>' in page.text
    assert '<option value="planned" selected>' in page.text
    clear = present(re.search(r'<a href="([^"]+)">Bỏ lọc</a>', page.text)).group(1)
    assert _query(clear) == {"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"]}


async def test_without_filters_every_plan_is_listed_and_nothing_says_filtered() -> None:
    asked: list[dict[str, list[str]]] = []
    async with _inspector(asked) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1")
    assert asked == [{"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"]}]
    assert sorted(_listed(page)) == ["p1", "p2", "p3", "p4", "p5"]
    assert "Đang lọc" not in page.text and "Bỏ lọc" not in page.text
    assert "filter_" not in page.text  # no filter for the forms to carry


async def test_announced_plans_are_asked_of_roster_as_not_surprise() -> None:
    asked: list[dict[str, list[str]]] = []
    async with _inspector(asked) as client:
        page = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&kind=announced")
    assert asked == [{"campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"], "surprise": ["false"]}]
    assert _listed(page) == ["p1"]


async def test_after_a_finding_the_page_opens_with_the_filters_it_had() -> None:
    asked: list[dict[str, list[str]]] = []
    async with _inspector(asked) as client:
        page = await client.get(
            f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id={VNPT}&kind=surprise&status=planned"
        )
        form = present(
            re.search(r'<form method="post" action="/inspect/inspections/p2/finding".*?</form>', page.text, re.S)
        )
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0)))
        assert {k: v for k, v in hidden.items() if k.startswith("filter_")} == {
            "filter_enterprise_id": VNPT,
            "filter_kind": "surprise",
            "filter_status": "planned",
        }
        # QA: "Đánh giá" opened on “Đạt yêu cầu”, so a hurried save recorded a pass nobody chose: nothing is chosen
        select = present(
            re.search(r'<select id="r-p2" name="result" required[^>]*>(.*?)</select>', form.group(0), re.S)
        )
        assert select.group(1).strip().startswith('<option value="">— Hãy chọn đánh giá —</option>'), select.group(1)
        assert "selected" not in select.group(1)
        # sent without it all the same: refused naming the box, what was typed kept, still nothing chosen
        unchosen = await client.post(
            "/inspect/inspections/p2/finding", data={**hidden, "text": "Trực đủ người"}, follow_redirects=True
        )
        assert unchosen.status_code == 422, unchosen.text
        again = present(
            re.search(r'<form method="post" action="/inspect/inspections/p2/finding".*?</form>', unchosen.text, re.S)
        ).group(0)
        assert "Đánh giá: hãy chọn “Đạt yêu cầu” hoặc “Có tồn tại, thiếu sót”." in html.unescape(again)
        assert re.search(r'<select id="r-p2" name="result" required aria-invalid="true"', again), again
        assert ">Trực đủ người</textarea>" in again and " selected>" not in again
        sent = await client.post(
            "/inspect/inspections/p2/finding", data={**hidden, "result": "compliant", "text": "Đạt yêu cầu"}
        )
    assert sent.status_code == 303, sent.text
    assert _query(sent.headers["location"]) == {
        "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
        "enterprise_id": [VNPT],
        "kind": ["surprise"],
        "status": ["planned"],
        "done": ["recorded"],
        "plan": ["p2"],  # the page that lists it
    }


async def test_a_value_no_filter_takes_is_refused_in_words() -> None:
    async with _inspector([]) as client:
        kind = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&kind=bat-ngo")
        enterprise = await client.get(
            "/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id=vnpt"
        )
        status = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&status=xong")
        await client.get("/lang/en")
        english = await client.get("/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&kind=bat-ngo")
    assert kind.status_code == 422
    assert "Hình thức: “bat-ngo” không hợp lệ." in _text(kind.text)  # the page's label, not roster's "Loại"
    assert enterprise.status_code == 422
    assert "“vnpt” không phải là mã của mục nào" in _text(enterprise.text)
    assert status.status_code == 422 and "Tình trạng: “xong” không hợp lệ." in _text(status.text)  # not "Trạng thái"
    assert english.status_code == 422 and "Kind: “bat-ngo” is not valid." in _text(english.text)


async def test_a_new_plan_the_filters_would_hide_opens_the_page_unfiltered() -> None:
    """Planned for Viettel while the page showed VNPT's plans: "saved" over a list without it would read as lost."""
    async with _inspector([]) as client:
        page = await client.get(
            f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id={VNPT}&status=planned"
        )
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        plan = {
            "csrf_token": csrf,
            "campaign_id": "0c1a0000-0000-4000-8000-0000000000c1",
            "planned_on": "2099-01-20",
            "purpose": "Kiểm tra trực Tết",
            "inspectors": "Lê Văn Thành",
            "filter_enterprise_id": VNPT,
            "filter_status": "planned",
        }
        hidden = await client.post("/inspect/inspections", data={**plan, "enterprise_id": VIETTEL})
        shown = await client.post("/inspect/inspections", data={**plan, "enterprise_id": VNPT})
    assert hidden.status_code == shown.status_code == 303, (hidden.text, shown.text)
    assert _query(hidden.headers["location"]) == {
        "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
        "done": ["planned"],
        "plan": ["p9"],
    }
    assert _query(shown.headers["location"]) == {
        "campaign_id": ["0c1a0000-0000-4000-8000-0000000000c1"],
        "enterprise_id": [VNPT],
        "status": ["planned"],
        "done": ["planned"],
        "plan": ["p9"],
    }


async def test_the_filters_read_in_english_one_inspection_in_the_singular() -> None:
    async with _inspector([]) as client:
        await client.get("/lang/en")
        one = await client.get(
            f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id={VNPT}&kind=surprise&status=planned"
        )
        three = await client.get(
            f"/inspect/inspections?campaign_id=0c1a0000-0000-4000-8000-0000000000c1&enterprise_id={VNPT}"
        )
    assert "Filtered: 1 inspection matches." in _text(one.text)
    assert "Filtered: 4 inspections match." in _text(three.text)
    assert '<option value="announced">Announced</option>' in one.text
    assert "Clear filters" in _text(one.text)
