"""Someone who leaves (QZ27 #6, portal/domain/leaving.py): the shifts they are still on from now on, each linking the
board's cell with its reassignment form open."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from portal.domain.leaving import reassign_href, shifts_left

NOW = datetime(2027, 2, 16, 2, 0, tzinfo=UTC)  # 09:00 16/02/2027 in Vietnam
ME = "5aff0000-0000-4000-8000-000000000001"
OTHER = "5aff0000-0000-4000-8000-000000000002"


def shift(sid: str, starts: str, ends: str, *, status: str = "published", people: tuple[str, ...] = (ME,)) -> dict:
    body: dict[str, Any] = {
        "id": sid,
        "campaign_id": "c0",
        "enterprise_id": "e0",
        "duty_type": "operations",
        "site_id": "s0",
        "starts_at": starts,
        "ends_at": ends,
        "status": status,
        "assignees": [{"staff_id": p, "full_name": p} for p in people],
    }
    return body


def test_the_shifts_left_are_those_still_to_work_that_name_the_person_by_start() -> None:
    found = shifts_left(
        [
            shift("later", "2027-02-17T08:00:00+07:00", "2027-02-17T16:00:00+07:00"),
            shift("now", "2027-02-16T08:40:00+07:00", "2027-02-16T12:40:00+07:00"),  # under way at 09:00
            shift("ended", "2027-02-16T00:00:00+07:00", "2027-02-16T09:00:00+07:00"),  # over at 09:00 exactly
            shift("cancelled", "2027-02-18T08:00:00+07:00", "2027-02-18T16:00:00+07:00", status="cancelled"),
            shift("done", "2027-02-18T08:00:00+07:00", "2027-02-18T16:00:00+07:00", status="completed"),
            shift("others", "2027-02-18T08:00:00+07:00", "2027-02-18T16:00:00+07:00", people=(OTHER,)),
            shift("draft", "2027-02-19T08:00:00+07:00", "2027-02-19T16:00:00+07:00", status="draft"),
        ],
        staff_id=ME,
        now=NOW,
    )
    assert [(s.shift_id, s.under_way) for s in found] == [("now", True), ("later", False), ("draft", False)]


def test_each_shift_left_links_its_cell_with_the_reassignment_form_open() -> None:
    href = reassign_href(shift("s1", "2027-02-16T22:00:00+07:00", "2027-02-17T06:00:00+07:00"))
    url = urlsplit(href)
    assert url.path == "/manage/board/c0/e0/cell" and url.fragment == "shift-s1"
    assert parse_qs(url.query) == {
        "day": ["2027-02-16"],  # its first local day, not the UTC one
        "duty_type": ["operations"],
        "site_id": ["s0"],
        "reassign": ["s1"],
    }
    assert (
        reassign_href({**shift("s2", "2027-02-16T22:00:00+07:00", "2027-02-17T06:00:00+07:00"), "campaign_id": None})
        == ""
    )
