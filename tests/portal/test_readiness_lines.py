"""A readiness line done after its due time says so (`Line.done_late`): the checklist and the inspector's
overview show it done, and late."""

from __future__ import annotations

import html
import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.requests import Request

from lichtruc.problems import validation_problem
from portal.api.pages import Pages
from portal.app import load_catalogue
from portal.domain.campaigns import CampaignChoice
from portal.domain.paging import page_view
from portal.domain.session import Account, new_session
from portal.handlers.readiness import SECTORS, ChecklistView, EnterpriseRow, Line, OverviewView, _overview_line
from portal.handlers.readiness import _line as line_of
from portal.handlers.staff import Choice
from roster.api.schemas.readiness import MarkDoneIn
from support import present

from .fake_sign_in import refused_and_shown, sign_in_answer, signed_in_portal

TET = CampaignChoice(
    "c1", "Tết Đinh Mùi 2027", "tet", datetime(2027, 1, 29, 17, tzinfo=UTC), datetime(2027, 2, 15, 17, tzinfo=UTC)
)


def _line(status: str, done_at: str | None) -> Line:
    return Line(
        "i1", "Nguồn điện dự phòng", "", "2027-01-21T00:00:00+07:00", "2027-01-20", status, "", "", done_at, None
    )


def test_done_after_the_due_time_is_late_and_done_in_time_or_not_done_is_not() -> None:
    assert _line("done", "2027-01-21T08:30:00+07:00").done_late
    assert _line("done", "2027-01-20T17:00:01Z").done_late  # 00:00:01 on the 21st, Vietnam time
    assert not _line("done", "2027-01-20T16:59:00Z").done_late  # 23:59 on the 20th, Vietnam time: in time
    assert not _line("overdue", None).done_late and not _line("open", None).done_late


def _due(due_at: str, due_date: str | None = None, status: str = "open", done_at: str | None = None) -> Line:
    return Line("i1", "Nguồn điện dự phòng", "", due_at, due_date, status, "", "", done_at, None)


def test_a_due_time_of_midnight_reads_as_the_end_of_the_day_before_like_a_due_day() -> None:
    # Seeded by a due day and by the campaign's readiness deadline (00:00 local): both "hết ngày 28/01".
    assert _due("2027-01-28T17:00:00Z", "2027-01-28").due_day == date(2027, 1, 28)
    assert _due("2027-01-28T17:00:00Z").due_day == date(2027, 1, 28)
    assert _due("2027-01-29T00:00:00+07:00").due_day == date(2027, 1, 28)
    assert _due("2027-01-29T10:30:00+07:00").due_day is None  # a time within a day stays a time


def test_a_line_done_late_has_one_state_not_done_and_done_late() -> None:
    late = _due("2027-01-21T00:00:00+07:00", "2027-01-20", "done", "2027-01-21T08:30:00+07:00")
    assert late.state == "done_late" and _due("2027-01-21T00:00:00+07:00", status="overdue").state == "overdue"
    for lang, said in (("vi", "Xong sau hạn"), ("en", "Done after the due date")):
        assert load_catalogue().text(f"readiness.state.{late.state}", lang) == said


def _page(template: str, view: object, lang: str, *, role: str = "manager", **values: object) -> str:
    """The page as the portal renders it for a manager (or `role`: the layout and all)."""
    path = "/inspect/readiness" if role == "inspector" else "/manage/readiness"
    request = Request({"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []})
    account = Account.from_api(
        {
            "id": "a1",
            "login": "hungnv@vnpt-longan.vn",
            "display_name": "Nguyễn Văn Hùng",
            "role": role,
            "enterprise_ids": ["e1"] if role == "manager" else [],
            "staff_id": None,
        }
    )
    request.state.session = new_session(
        account=account, access_token="t", expires_in=900, refresh_token="r", now=datetime(2027, 1, 30, tzinfo=UTC)
    )
    response = Pages(load_catalogue()).render(request, template, {"view": view, "message": "", **values}, lang=lang)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", bytes(response.body).decode())))


@pytest.mark.parametrize(
    ("lang", "done", "late", "due"),
    [
        ("vi", "Đã xong", "Xong sau hạn", "hết ngày 28/01/2027"),
        ("en", "Done", "Done after the due date", "by the end of 28 Jan 2027"),
    ],
)
def test_the_checklist_says_done_late_once_and_every_due_time_by_the_end_of_a_day(
    lang: str, done: str, late: str, due: str
) -> None:
    lines = (
        _due("2027-01-28T17:00:00Z", None, "done", "2027-01-29T02:06:00+07:00"),  # the deadline, 00:00 on the 29th
        _due("2027-01-28T17:00:00Z", "2027-01-28", "done", "2027-01-28T09:00:00+07:00"),
    )
    page = ChecklistView(
        campaign_id="c1",
        enterprise_id="e1",
        campaigns=(TET,),
        enterprises=(Choice("e1", "VNPT Long An"),),
        status="",
        enterprise_name="VNPT Long An",
        done=2,
        overdue=0,
        open=0,
        lines=lines,
        page=page_view("/manage/readiness", {}, limit=50, count=2, total=2, next_cursor=None),
    )
    said = _page("readiness/checklist.html", page, lang)
    assert said.count(due) == 2 and "00:00 29" not in said  # 00:00 29/01 or 29 Jan: said as the end of the 28th
    assert f" {late} " in said and f"{done} {late}" not in said and f"{done} {done.lower()}" not in said


def _done_by(login: str | None, name: str | None) -> Line:
    return Line(
        "i1",
        "Nguồn điện dự phòng",
        "",
        "2027-01-28T17:00:00Z",
        "2027-01-28",
        "done",
        "Đã thay ắc quy",
        "",
        "2027-01-28T02:06:00+07:00",
        login,
        done_by_name=name,
    )


def _checklist(*lines: Line) -> ChecklistView:
    return ChecklistView(
        campaign_id="c1",
        enterprise_id="e1",
        campaigns=(TET,),
        enterprises=(Choice("e1", "Viettel Long An"),),
        status="",
        enterprise_name="Viettel Long An",
        done=len(lines),
        overdue=0,
        open=0,
        lines=lines,
        page=page_view("/manage/readiness", {}, limit=50, count=len(lines), total=len(lines), next_cursor=None),
    )


def _overview(*lines: Line) -> OverviewView:
    row = EnterpriseRow("e1", "Viettel Long An", "telecom", len(lines), 0, 0, len(lines), lines)
    return OverviewView(
        campaign_id="c1",
        campaigns=(TET,),
        enterprises=(Choice("e1", "Viettel Long An"),),
        status="",
        sector="",
        enterprise_id="",
        summary={"enterprises": 1, "enterprises_with_overdue": 0, "done": len(lines), "overdue": 0, "open": 0},
        rows=(row,),
        page=page_view("/inspect/readiness", {}, limit=50, count=1, total=1, next_cursor=None),
    )


@pytest.mark.parametrize(
    ("lang", "done_at"), [("vi", "Xong lúc 02:06 28/01/2027"), ("en", "Done at 02:06 28 Jan 2027")]
)
def test_the_checklist_names_who_marked_a_line_done_and_shows_a_login_only_when_no_name_is_known(
    lang: str, done_at: str
) -> None:
    # QA: "Xong lúc 02:06 … — dunghv@viettel-longan.vn"
    said = rf"{done_at} \([^)]*\)"  # the instant, then its lunar day in brackets
    named = _page("readiness/checklist.html", _checklist(_done_by("dunghv@viettel-longan.vn", "Hoàng Văn Dũng")), lang)
    assert re.search(rf"{said} — Hoàng Văn Dũng ", named) and "dunghv@viettel-longan.vn" not in named
    unnamed = _page("readiness/checklist.html", _checklist(_done_by("ca-dem@viettel-longan.vn", None)), lang)
    assert re.search(rf"{said} — ca-dem@viettel-longan.vn ", unnamed)
    nobody = _page("readiness/checklist.html", _checklist(_done_by(None, None)), lang)
    assert re.search(said, nobody) and not re.search(rf"{said} —", nobody)  # no dash before nobody


def test_the_inspectors_overview_names_who_marked_a_line_done() -> None:
    named = _page(
        "readiness/overview.html",
        _overview(_done_by("dunghv@viettel-longan.vn", "Hoàng Văn Dũng")),
        "vi",
        role="inspector",
        sectors=SECTORS,
    )
    assert re.search(r"02:06 28/01/2027 \([^)]*\) · Hoàng Văn Dũng · Đã thay ắc quy", named)
    assert "dunghv@viettel-longan.vn" not in named
    unnamed = _page(
        "readiness/overview.html",
        _overview(_done_by("ca-dem@viettel-longan.vn", None)),
        "vi",
        role="inspector",
        sectors=SECTORS,
    )
    assert re.search(r"02:06 28/01/2027 \([^)]*\) · ca-dem@viettel-longan.vn · Đã thay ắc quy", unnamed)


C1, E1, POWER, CONTACTS = (str(uuid.UUID(int=n)) for n in (1, 2, 3, 4))
PASSWORD = "đúng mật khẩu 2027"
MANAGER: dict[str, Any] = {
    "id": "a1",
    "login": "hungnv@vnpt-longan.vn",
    "display_name": "Nguyễn Văn Hùng",
    "role": "manager",
    "enterprise_ids": [E1],
    "staff_id": None,
}
REFUSED = "Số hiệu văn bản có ký tự không in được: hãy gõ lại số hiệu, đừng dán từ tệp khác."


def _open(item_id: str, title: str) -> dict[str, Any]:
    item = {"id": item_id, "title_vi": title, "title_en": title, "due_at": "2027-01-21T00:00:00+07:00"}
    return {"item": {**item, "due_date": "2027-01-20", "description": ""}, "status": "open"}


def _roster(request: httpx.Request) -> httpx.Response:
    """Roster's checklist of two open lines, refusing the reference a line is marked done with."""
    if (signed_in := sign_in_answer(request, MANAGER, PASSWORD)) is not None:
        return signed_in
    path = request.url.path

    def page(items: list[dict[str, Any]]) -> httpx.Response:
        return httpx.Response(200, json={"items": items, "limit": 500, "total": len(items), "next": None})

    if path == "/campaigns":
        return page(
            [
                {
                    "id": C1,
                    "name": TET.name,
                    "kind": "tet",
                    "starts_at": "2027-01-29T17:00:00Z",
                    "ends_at": "2027-02-15T17:00:00Z",
                }
            ]
        )
    if path == "/enterprises":
        return page([{"id": E1, "name": "VNPT Long An"}])
    if path == f"/enterprises/{E1}/readiness/summary":
        return httpx.Response(200, json={"enterprise_name": "VNPT Long An", "done": 0, "overdue": 0, "open": 2})
    if path == f"/enterprises/{E1}/readiness":
        return page([_open(POWER, "Nguồn điện dự phòng"), _open(CONTACTS, "Danh bạ trực Tết")])
    if path == f"/enterprises/{E1}/readiness/{CONTACTS}/done":
        assert json.loads(request.content) == {"note": "Đã in và dán ở phòng trực", "reference": "12/KH-VNPTLA"}
        said = {"field": "reference", "rule": "value_error", "message": "bad reference", "message_vi": REFUSED}
        problem = {
            "type": "x/invalid",
            "status": 422,
            "detail": "bad reference",
            "detail_vi": REFUSED,
            "errors": [said],
        }
        return httpx.Response(422, json=problem)
    if path == f"/enterprises/{E1}/readiness/{POWER}/done":  # judged by roster's own schema
        body = json.loads(request.content)
        try:
            MarkDoneIn.model_validate(body)
        except ValidationError as exc:
            schema = RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()], body=body)
            return httpx.Response(422, json=validation_problem(schema).body())
        return httpx.Response(200, json={})
    return httpx.Response(404, json={"type": "x/not-found", "detail": f"the fake has no {path}"})


async def test_a_note_past_its_limit_sent_without_script_is_refused_by_how_much_as_under_the_box() -> None:
    """QZ17 #4: roster's 'Yêu cầu không hợp lệ — Ghi chú: quá dài (tối đa 1000 ký tự). …' of a note sent without
    script, where portal.js says 'Thừa 33 ký tự (tối đa 1000) — …': the line's form says the latter, by its label."""
    checklist = f"/manage/readiness?campaign_id={C1}&enterprise_id={E1}&status="
    now = datetime(2027, 1, 18, 3, tzinfo=UTC)
    async with signed_in_portal(_roster, MANAGER["login"], PASSWORD, now=now) as client:
        page = await client.get(checklist)
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        note = "Đã kiểm tra máy phát.\r\n" * 47 + "  "  # 1,033 characters: trimmed, a line break one (QZ19 #10)
        typed = {"note": note, "reference": "", "status": "", "csrf_token": csrf}
        done = f"/manage/readiness/{C1}/{E1}/{POWER}/done"
        refused, _ = await refused_and_shown(client, done, typed, to=f"{checklist}#item-{POWER}")
    row = html.unescape(present(re.search(rf'<tr [^>]*id="item-{POWER}">.*?</tr>', refused.text, re.S)).group(0))
    said = present(re.search(r'<div class="message error" role="alert" id="[^"]+">([^<]*)</div>', row)).group(1)
    assert said == "Ghi chú (đã làm gì): Thừa 33 ký tự (tối đa 1000) — hãy rút gọn trước khi gửi."
    assert "aria-invalid" in present(re.search(rf'<textarea id="n-{POWER}"[^>]*>', row)).group(0)


async def test_a_line_refused_is_shown_at_the_line_with_what_was_typed_once_after_a_redirect() -> None:
    """Marking a line done, refused, answers by Post/Redirect/Get: a 303 to the checklist the manager was on, at the
    line; it says why in that line's form, which keeps the note and the reference as typed — and a reload shows the
    checklist as it is."""
    checklist = f"/manage/readiness?campaign_id={C1}&enterprise_id={E1}&status="
    now = datetime(2027, 1, 18, 3, tzinfo=UTC)
    async with signed_in_portal(_roster, MANAGER["login"], PASSWORD, now=now) as client:
        page = await client.get(checklist)
        csrf = present(re.search(r'name="csrf_token" value="([^"]+)"', page.text)).group(1)
        typed = {"note": "Đã in và dán ở phòng trực", "reference": "12/KH-VNPTLA", "status": ""}
        refused, again = await refused_and_shown(
            client,
            f"/manage/readiness/{C1}/{E1}/{CONTACTS}/done",
            {**typed, "csrf_token": csrf},
            to=f"{checklist}#item-{CONTACTS}",
        )

    def row(answer: httpx.Response, item_id: str) -> str:
        found = present(re.search(rf'<tr [^>]*id="item-{item_id}">.*?</tr>', answer.text, re.S)).group(0)
        return html.unescape(found)

    assert refused.status_code == 422
    assert REFUSED in row(refused, CONTACTS) and html.unescape(refused.text).count(REFUSED) == 1
    assert ">Đã in và dán ở phòng trực</textarea>" in row(refused, CONTACTS)
    assert 'value="12/KH-VNPTLA"' in row(refused, CONTACTS)
    assert REFUSED not in row(refused, POWER) and "Đã in" not in row(refused, POWER)
    # The box roster names is marked and described by the refusal (then its hint); the note, not at fault, is not.
    said = present(
        re.search(r'<div class="message error" role="alert" id="([^"]+)">([^<]*)</div>', row(refused, CONTACTS))
    )
    assert said.group(2) == REFUSED
    reference = present(re.search(rf'<input id="ref-{CONTACTS}"[^>]*>', row(refused, CONTACTS))).group(0)
    assert f'aria-invalid="true" aria-describedby="{said.group(1)} h-ref-{CONTACTS}"' in reference
    note = present(re.search(rf'<textarea id="n-{CONTACTS}"[^>]*>', row(refused, CONTACTS))).group(0)
    assert "aria-invalid" not in note and f'aria-describedby="h-ref-{CONTACTS}"' in note
    assert "aria-invalid" not in row(refused, POWER)
    assert again.status_code == 200 and REFUSED not in html.unescape(again.text) and "Đã in" not in again.text


@pytest.mark.parametrize(
    ("lang", "not_owed", "unset"),
    [
        ("vi", "Không tính (hạn trước ngày tính nghĩa vụ 07/02/2027)", "chưa giao danh mục"),
        ("en", "Not counted (due before the day it owes from, 7 Feb 2027)", "has set no checklist item"),
    ],
)
def test_items_not_owed_are_listed_said_not_counted_and_markable_not_said_unset(
    lang: str, not_owed: str, unset: str
) -> None:
    """QZ14 #3: a station owing from 07/02/2027 whose items are all due before it: its manager sees every item,
    each saying it is not counted and why, with its form to mark it done — not that the Department set none."""
    doc = {
        "item": {
            "id": "i1",
            "title_vi": "Máy phát dự phòng",
            "title_en": "Back-up generator",
            "description": "",
            "due_at": "2027-01-27T17:00:00Z",
            "due_date": "2027-01-27",
        },
        "status": "open",
        "not_owed_before": "2027-02-07",
    }
    line = line_of(doc, lang)
    assert line.not_owed_before == date(2027, 2, 7)
    owed_line = line_of({**doc, "not_owed_before": None}, lang)
    view = ChecklistView(
        campaign_id="c1",
        enterprise_id="e1",
        campaigns=(TET,),
        enterprises=(Choice("e1", "Đài PT-TH Long An"),),
        status="",
        enterprise_name="Đài PT-TH Long An",
        done=0,
        overdue=0,
        open=0,
        lines=(line,),
        page=page_view("/manage/readiness", {}, limit=50, count=1, total=1, next_cursor=None),
        sector="television",
    )
    said = _page("readiness/checklist.html", view, lang)
    assert not_owed in said and unset not in said
    assert ("Đánh dấu đã xong" if lang == "vi" else "Mark done") in said  # still markable done
    owed_said = _page("readiness/checklist.html", replace(view, lines=(owed_line,)), lang)
    assert not_owed not in owed_said
    # filtered on "overdue", none: no item is overdue — not that the Department set none
    filtered = _page("readiness/checklist.html", replace(view, lines=(), status="overdue"), lang)
    assert unset not in filtered


@pytest.mark.parametrize(
    ("lang", "owes", "not_owed"),
    [
        ("vi", "Tính nghĩa vụ từ 07/02/2027", "Không tính (hạn trước ngày tính nghĩa vụ 07/02/2027)"),
        ("en", "Owes from 7 Feb 2027", "Not counted (due before the day it owes from, 7 Feb 2027)"),
    ],
)
def test_the_inspectors_overview_keeps_an_enterprise_owing_from_a_later_day_and_says_so(
    lang: str, owes: str, not_owed: str
) -> None:
    """QZ14 #3: the station owing from 07/02/2027 is on the inspectors' page, the day beside its name, its item due
    before that day said not counted."""
    doc = {
        "item_id": "i1",
        "title_vi": "Máy phát dự phòng",
        "title_en": "Back-up generator",
        "due_at": "2027-01-27T17:00:00Z",
        "due_date": "2027-01-27",
        "status": "open",
        "not_owed_before": "2027-02-07",
    }
    line = _overview_line(doc, lang)
    view = _overview(line)
    station = replace(view.rows[0], name="Đài PT-TH Long An", obligations_from=date(2027, 2, 7), done=0, total=0)
    said = _page("readiness/overview.html", replace(view, rows=(station,)), lang, role="inspector", sectors=SECTORS)
    assert "Đài PT-TH Long An" in said and owes in said and not_owed in said
    owed_line = _overview_line({**doc, "not_owed_before": None}, lang)
    owing_all = replace(station, obligations_from=None, lines=(owed_line,))
    plain = _page("readiness/overview.html", replace(view, rows=(owing_all,)), lang, role="inspector", sectors=SECTORS)
    assert owes not in plain and not_owed not in plain
