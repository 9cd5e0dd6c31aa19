"""A readiness line done after its due time says so (`Line.done_late`): the checklist and the inspector's
overview show it done, and late."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
from starlette.requests import Request

from portal.api.pages import Pages
from portal.app import load_catalogue
from portal.domain.campaigns import CampaignChoice
from portal.domain.paging import page_view
from portal.domain.session import Account, new_session
from portal.handlers.readiness import SECTORS, ChecklistView, EnterpriseRow, Line, OverviewView
from portal.handlers.staff import Choice

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
    response = Pages(load_catalogue()).render(
        request, template, {"view": view, "message": "", "message_kind": "ok", **values}, lang=lang
    )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", bytes(response.body).decode())))


@pytest.mark.parametrize(
    ("lang", "done", "late", "due"),
    [
        ("vi", "Đã xong", "Xong sau hạn", "hết ngày 28/01/2027"),
        ("en", "Done", "Done after the due date", "by the end of 28/01/2027"),
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
    assert said.count(due) == 2 and "00:00 29/01/2027" not in said
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


@pytest.mark.parametrize(("lang", "done_at"), [("vi", "Xong lúc 02:06 28/01/2027"), ("en", "Done at 02:06 28/01/2027")])
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
