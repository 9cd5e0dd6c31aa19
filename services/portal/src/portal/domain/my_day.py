"""Where a staff member's own shift stands against now, for their list of shifts.

Rules:
- A shift is past only once it has ended: one under way (begun, not ended) is still ahead of the
  person — listed with the coming ones, never under "past" (roster lists the past ones: `ended_by` now)
  — and marked "on duty now".
- A coming shift that begins today (the local day, Asia/Ho_Chi_Minh) is marked "today".
- A cancelled shift is neither: it is shown (the person needs to know it is off) but after the live
  ones, each part by its start.
- What became of the person's own shift, once it has begun (`outcome`): checked in on time or late
  (later than `LATE_AFTER` after the start, roster's daily reports' rule), or not checked in — "not
  yet" while it is under way, "missed" once it has ended. Never the shift's status: "Đã công bố" on a
  shift that ended says nothing of what happened, and "checked_in" may be a colleague's check-in.
- A person the manager vouched for at a handover (`vouched_for`: the rest of their shift handed over with "Người trực
  không đến" unticked, nobody on it having checked in) is `confirmed` — there, not checked in — never "missed" nor
  "not yet": the daily report says "Có mặt, không điểm danh (quản lý xác nhận khi giao ca)" of them and the audit
  does not count them absent (QZ18 #5).

Pure: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol, TypeVar

from lichtruc import check_in

from .dates import VIETNAM

Timing = Literal["on_duty", "today", ""]
Outcome = Literal["on_time", "late", "not_yet", "missed", "confirmed", ""]

LATE_AFTER = check_in.GRACE
"""A check-in later than this after the shift began is late: the shared grace, `lichtruc.check_in.GRACE` (roster's,
audit's and notifier's too; why it is not a setting is said there)."""


def timing(*, starts_at: datetime, ends_at: datetime, status: str, now: datetime) -> Timing:
    """`on_duty` while a live shift is under way, `today` for a live one beginning later today, else ''."""
    if status == "cancelled" or ends_at <= now:
        return ""
    if starts_at <= now:
        return "on_duty"
    return "today" if starts_at.astimezone(VIETNAM).date() == now.astimezone(VIETNAM).date() else ""


def overdue_minutes(*, starts_at: datetime, at: datetime, checked_in_at: datetime | None) -> int | None:
    """How long a person on a shift begun by `at` had gone without checking in, in whole minutes from the shift's start
    ("Chưa điểm danh (quá 4 giờ 52 phút)" at 22:52 of an 18:00 shift, QZ26 #4), once past the late rule (`LATE_AFTER`:
    not there, the inspector's alarm, as audit's presence counts them absent); None while within it, before the start,
    or when they had checked in by `at`."""
    if checked_in_at is not None and checked_in_at <= at:
        return None
    if at - starts_at <= LATE_AFTER:
        return None
    return int((at - starts_at).total_seconds() // 60)


def vouched_for(*, handover_absent: bool | None, anyone_checked_in: bool) -> bool:
    """Whether a handover of the rest of a shift was the manager's word that the shift's people were there, though
    not checked in (QZ18 #5): "Người trực không đến" unticked — `handover_absent`, the word kept on the shift that took
    the rest over (roster's `handed_over_to.handover_absent`, or that shift's own `handover_absent`), is False — on a
    shift nobody had checked in to (the box is offered only then; once someone had, it says nothing of the others).
    Ticked (True: the shift was cancelled, its hours a gap) or not said (None: handed over before 2026-12-07): no.

    The same rule as roster's `roster.domain.reports.vouched_for` (the daily report's check-in status `confirmed`) and
    audit's `audit.domain.presence.present_on_handover` with `absences` (presence and the heatmap do not count them
    absent): the services share no code, so a change to it is made in all three."""
    return handover_absent is False and not anyone_checked_in


def outcome(
    *,
    starts_at: datetime,
    ends_at: datetime,
    status: str,
    on_shift: bool,
    checked_in_at: datetime | None,
    now: datetime,
    late_from: datetime | None = None,
    vouched: bool = False,
) -> Outcome:
    """How the person's own check-in on a shift stands at `now`: `on_time` / `late` once they checked in (whenever),
    `confirmed` without one when the manager handing over its rest said its people were there (`vouched`, by
    `vouched_for`), `not_yet` while it is under way without one, `missed` once it ended without one; '' for a shift
    not begun without a check-in, a cancelled shift or one they handed over (nothing of theirs to tell)."""
    if status in ("cancelled", "draft") or not on_shift:
        return ""
    if checked_in_at is not None:
        # lateness from `late_from` (roster's: a shift handed over is late only from the handover, QZ12 #3)
        return "late" if checked_in_at > (late_from or starts_at) + LATE_AFTER else "on_time"
    if vouched:
        return "confirmed"  # roster's report says so whatever the moment (its `status_of`)
    if now < starts_at:
        return ""
    return "missed" if now >= ends_at else "not_yet"


class _Shift(Protocol):
    @property
    def starts_at(self) -> datetime: ...

    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=_Shift)


def live_then_cancelled(shifts: Sequence[S]) -> list[S]:
    """The coming shifts in the order a person reads them: the live ones by start, then the cancelled ones."""
    return sorted(shifts, key=lambda s: (s.status == "cancelled", s.starts_at))
