"""Where a link to one shift opens, for the person who follows it (a reminder's "Xem ca trực" in a mail).

notifier writes one address per shift, `/go/shifts/{id}`, and does not know who will follow it: the duty worker
whose shift it is, or a manager reminded of their own leadership shift, whose portal account is a manager's and has
no page of its own shifts (QA 2026-12-05: the link opened "Trang này dành cho cán bộ trực…", and nothing more). The
portal decides when it is followed:

* a staff account on the shift, or a manager's linked to a staff record on it (a leader on duty, QA 2026-12-06):
  its card among the person's shifts, the coming ones (`/me/shifts#shift-…`) or, once it has ended, the past
  ones (`/me/shifts?when=past#shift-…`);
* a staff account not on it (handed over since): the person's coming shifts;
* a manager or an administrator: the board's cell of the shift's duty type, site and first local day, where it is
  planned and changed, at the shift (`#shift-…` in the cell's panel);
* anyone else, or a shift this person may not read: the home page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from lichtruc.vntime import local_day

from .dates import parse_instant

MY_SHIFTS = "/me/shifts"


def shift_page(shift: Mapping[str, Any] | None, *, role: str, staff_id: str | None, now: datetime) -> str:
    """The address a link to `shift` (roster's JSON of it; None: not readable by this person) opens for a person of
    `role` (and staff record `staff_id`) at `now`."""
    on_it = shift is not None and staff_id in {str(a.get("staff_id")) for a in shift.get("assignees") or ()}
    if role == "staff" or (role == "manager" and on_it):
        if shift is None or not on_it:
            return MY_SHIFTS
        ended = parse_instant(str(shift["ends_at"])) <= now
        return f"{MY_SHIFTS}{'?when=past' if ended else ''}#shift-{shift['id']}"
    if role in ("manager", "admin") and shift is not None and shift.get("campaign_id"):
        params = {"day": local_day(parse_instant(str(shift["starts_at"]))).isoformat(), "duty_type": shift["duty_type"]}
        if shift.get("site_id"):
            params["site_id"] = str(shift["site_id"])
        cell = f"/manage/board/{shift['campaign_id']}/{shift['enterprise_id']}/cell?{urlencode(params)}"
        return f"{cell}#shift-{shift['id']}"  # the shift in the cell's panel, scrolled to (a phone's is far down)
    return "/"
