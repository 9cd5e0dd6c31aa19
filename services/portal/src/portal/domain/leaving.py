"""Someone who leaves: what the pages say before their staff record or their account is closed (QZ27 #6).

Two records stand for one person who can be on duty: the staff record (roster's; "Đang làm việc", kept by the
enterprise's manager) and the account they sign in with (roster's too; kept by the Department's administrator). Each
is closed on its own page, and QA closed each without learning what was left: a staff record marked left said only
after saving, with no link, that the person still had a shift; an account deactivated said nothing of the person's
shift at 09:25 that morning, left the staff record "Đang làm việc", and the staff list then offered to make them an
account.

So, before either is closed:

- the shifts the person is still on from now on (`shifts_left`: roster's shifts naming them, not cancelled nor
  completed, not ended by `now`), each with its duty, its time with lunar day names (the template's `span_label`) and
  a link to the board's cell with that shift's "Đổi người trực" form open (`reassign_href`), are said and asked about
  first — the page offers to go and reassign them, or to close the record anyway (the shifts stay as they are, the
  manager reassigns them: roster does not move a shift by itself);
- an administrator deactivating an account whose staff record is still "Đang làm việc" is asked whether the person
  has left, and offered to mark the record left in the same send;
- a manager marking someone left whose account is still active is told it stays active until the Department's
  administrator closes it, and whom to ask. Why told and not closed: accounts are the administrators' alone (roster's
  policy: `list_accounts`, `update_account` are "admin"; PRODUCT.md: the administrator "manages enterprises and
  accounts"), and the portal decides no access — it calls roster with the person's own token, so a manager's portal
  cannot close an account, and should not seem to. An administrator marking someone left gets the link to close it.

Pure: roster's JSON in, values out; `now` passed in; the words are the templates'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from lichtruc.vntime import local_day

from .dates import parse_instant

STILL_ON = ("draft", "published", "checked_in")
"""The statuses of a shift the person is still to work (cancelled and completed are over)."""


@dataclass(frozen=True)
class ShiftLeft:
    """A shift the person leaving is still on from now on, as the question lists it."""

    shift_id: str
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    href: str  # the board's cell with its "Đổi người trực" form open ("" when roster gave no campaign)
    under_way: bool  # begun by `now`: the question says it is being worked


def reassign_href(shift: Mapping[str, Any]) -> str:
    """The board's cell of `shift` (its campaign, enterprise, duty type, site and first local day) with the shift's
    "Đổi người trực" form drawn (`reassign=`, without script too), scrolled to the shift; "" without a campaign."""
    if not shift.get("campaign_id") or not shift.get("enterprise_id"):
        return ""
    params = {
        "day": local_day(parse_instant(str(shift["starts_at"]))).isoformat(),
        "duty_type": str(shift["duty_type"]),
    }
    if shift.get("site_id"):
        params["site_id"] = str(shift["site_id"])
    params["reassign"] = str(shift["id"])
    cell = f"/manage/board/{shift['campaign_id']}/{shift['enterprise_id']}/cell?{urlencode(params)}"
    return f"{cell}#shift-{shift['id']}"


def shifts_left(shifts: Iterable[Mapping[str, Any]], *, staff_id: str, now: datetime) -> tuple[ShiftLeft, ...]:
    """The shifts among roster's `shifts` that the person `staff_id` is on (one of its assignees), still to be worked
    (`STILL_ON`) and not ended by `now`, by start."""
    found = []
    for s in shifts:
        ends = parse_instant(str(s["ends_at"]))
        people = {str(a.get("staff_id")) for a in s.get("assignees") or ()}
        if staff_id not in people or s.get("status") not in STILL_ON or ends <= now:
            continue
        starts = parse_instant(str(s["starts_at"]))
        found.append(ShiftLeft(str(s["id"]), str(s["duty_type"]), starts, ends, reassign_href(s), starts <= now))
    return tuple(sorted(found, key=lambda s: (s.starts_at, s.shift_id)))
