"""A reminder's link to a shift, `/go/shifts/{id}`, opens it where its reader works with it (QA 2026-12-05: a
manager reminded of their own leadership shift was sent to /me/shifts, which has nothing for a manager's account;
a reminder of a shift since over opened the coming shifts, without it). Roster is stood in for by a function."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from portal.domain.shift_links import shift_page

from .fake_sign_in import sign_in_answer, signed_in_portal

PASSWORD = "đúng mật khẩu 2027"
NOW = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết in Vietnam
SHIFT_ID = "3f0c9a52-4c55-4f39-8a63-2f7d1a1f0b11"
SHIFT: dict[str, Any] = {
    "id": SHIFT_ID,
    "campaign_id": "c1",
    "enterprise_id": "e1",
    "site_id": "t1",
    "duty_type": "leadership",
    "starts_at": "2027-02-07T17:00:00Z",  # 00:00 on 08/02 in Vietnam: the cell is that day's
    "ends_at": "2027-02-08T01:00:00Z",
    "assignees": [{"staff_id": "p1", "full_name": "Nguyễn Văn Hùng"}],
    "status": "published",
}
STAFF = {"id": "a1", "login": "hung@x.vn", "display_name": "Nguyễn Văn Hùng", "role": "staff", "staff_id": "p1"}
MANAGER = {**STAFF, "id": "a2", "login": "hungnv@x.vn", "role": "manager", "staff_id": None, "enterprise_ids": ["e1"]}


def _roster(account: dict[str, Any], shift: dict[str, Any] | None):
    def answer(request: httpx.Request) -> httpx.Response:
        signed = sign_in_answer(request, account, PASSWORD)
        if signed is not None:
            return signed
        if request.url.path == f"/shifts/{SHIFT_ID}" and shift is not None:
            return httpx.Response(200, json=shift)
        return httpx.Response(404, json={"type": "x/not-found", "title": "Not found", "status": 404, "detail": "no"})

    return answer


@pytest.mark.parametrize(
    ("account", "shift", "opens"),
    [
        (STAFF, SHIFT, f"/me/shifts#shift-{SHIFT_ID}"),
        (
            STAFF,
            {**SHIFT, "ends_at": "2027-02-07T02:00:00Z"},
            f"/me/shifts?when=past#shift-{SHIFT_ID}",
        ),  # over at 09:00
        (STAFF, {**SHIFT, "assignees": [{"staff_id": "p2"}]}, "/me/shifts"),  # handed over since
        (STAFF, None, "/me/shifts"),  # not one roster lets this person read
        (MANAGER, SHIFT, f"/manage/board/c1/e1/cell?day=2027-02-08&duty_type=leadership&site_id=t1#shift-{SHIFT_ID}"),
        # (MANAGER, None): another enterprise's shift, or gone, is said, not opened (test_foreign_enterprise.py)
    ],
)
async def test_a_shifts_link_opens_it_where_its_reader_works_with_it(
    account: dict[str, Any], shift: dict[str, Any] | None, opens: str
) -> None:
    async with signed_in_portal(_roster(account, shift), account["login"], PASSWORD, now=NOW) as client:
        went = await client.get(f"/go/shifts/{SHIFT_ID}")
    assert went.status_code == 303 and went.headers["location"] == opens, went.text


def test_a_shift_without_a_campaign_or_a_reader_of_no_such_role_opens_the_home_page() -> None:
    assert shift_page({**SHIFT, "campaign_id": None}, role="manager", staff_id=None, now=NOW) == "/"
    assert shift_page(SHIFT, role="inspector", staff_id=None, now=NOW) == "/"


def test_a_leader_whose_managers_account_has_their_staff_record_opens_their_own_shifts_card() -> None:
    """A manager's account linked to the staff record on the shift (QA 2026-12-06: a leader on duty checks in there);
    a shift of someone else's stays the board's."""
    assert shift_page(SHIFT, role="manager", staff_id="p1", now=NOW) == f"/me/shifts#shift-{SHIFT_ID}"
    cell = shift_page(SHIFT, role="manager", staff_id="p9", now=NOW)
    assert cell.startswith("/manage/board/c1/e1/cell?") and cell.endswith(f"#shift-{SHIFT_ID}")
