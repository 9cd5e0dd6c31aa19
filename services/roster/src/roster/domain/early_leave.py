"""An early-leave notice ("Tôi cần về sớm", QZ29 #8): a person on a shift under way tells the managers they must
leave before it ends — fallen ill, a family emergency, called to an incident elsewhere — from when (`leave_at`), why,
and maybe which colleague agreed to take over. Before it, they phoned the manager, who handed the rest of the shift
over, and nothing recorded that they asked, when, or why (what an inspector reading the duty record needs).

The roster's truth stays the manager's: a notice changes nobody on duty by itself. It is `open` until

- a manager hands the shift over (any moment: its people are off it from then, the notice answered), cancels it,
  or puts other people on it in the person's place (`close`: "handed_over", "cancelled", "reassigned"), in the
  same transaction as that change;
- the person withdraws it (`close`: "withdrawn");
- the shift ends ("ended"): read so from its end (`as_of`, pure, for every list), never stored.

One open notice per person and shift (the table's partial unique index). Swap requests lapse when the shift begins
(`domain.swaps`), so they do not serve here.

The moment: by default now rounded up as the handover form rounds it (`domain.shifts.handover_default`) — a moment
typed is kept — not before the shift's start nor at or after its end (`leave_errors`). The reason: required, at most
`REASON_MAX` characters, in NFC without the blank at either end. Pure: `now` is passed in."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from lichtruc.words import when

from .errors import Conflict, FieldError, RuleViolation
from .shifts import Shift, handover_default
from .values import trim_text

LeaveStatus = Literal["open", "withdrawn", "handed_over", "cancelled", "reassigned", "ended"]
ClosedHow = Literal["withdrawn", "handed_over", "cancelled", "reassigned"]
STATUSES: tuple[str, ...] = ("open", "withdrawn", "handed_over", "cancelled", "reassigned", "ended")
REASON_MAX = 500
"""A notice's reason is short: the managers read it in a mail subject's line and on the board's card."""
LIVE = ("published", "checked_in")
"""The statuses of a shift its people may give notice on (a draft is not theirs yet; cancelled, completed: over)."""


@dataclass(frozen=True, slots=True)
class EarlyLeave:
    """One notice. `closed_at`, `closed_by`: when and by whom it was closed (None while open); `handed_over_to`: the
    shift that took over the rest, when a handover closed it. `staff_name`, `colleague_name`, `shift_ends_at`: read
    with it by the repository (the staff records' names as they are now, the shift's end), never stored on it."""

    id: uuid.UUID
    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    staff_id: uuid.UUID
    leave_at: datetime
    reason: str
    status: str  # one of STATUSES ("ended" only as read: `as_of`)
    version: int
    created_at: datetime
    updated_at: datetime
    colleague_id: uuid.UUID | None = None
    asked_by: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    handed_over_to: uuid.UUID | None = None
    staff_name: str | None = None
    colleague_name: str | None = None
    shift_ends_at: datetime | None = None

    @classmethod
    def ask(
        cls,
        *,
        shift: Shift,
        staff_id: uuid.UUID,
        leave_at: datetime,
        reason: str,
        colleague_id: uuid.UUID | None,
        actor: str | None,
        now: datetime,
    ) -> EarlyLeave:
        return cls(
            id=uuid.uuid4(),
            shift_id=shift.id,
            enterprise_id=shift.enterprise_id,
            staff_id=staff_id,
            leave_at=leave_at,
            reason=reason,
            colleague_id=colleague_id,
            status="open",
            version=1,
            asked_by=actor,
            created_at=now,
            updated_at=now,
            shift_ends_at=shift.ends_at,
        )

    def as_of(self, now: datetime) -> EarlyLeave:
        """The notice as it stands at `now`: an open one whose shift has ended reads "ended"."""
        if self.status == "open" and self.shift_ends_at is not None and now >= self.shift_ends_at:
            return replace(self, status="ended")
        return self

    def ensure_open(self, *, who: str) -> None:
        """409 `early-leave-closed` unless the notice is still open (`who`: the person's name, for the words)."""
        if self.status == "open":
            return
        raise Conflict(
            "status",
            "early-leave-closed",
            f"{who}'s early-leave notice is already closed ({CLOSED_EN[self.status]}): nothing to withdraw.",
            f"Báo về sớm của {who} đã đóng ({CLOSED_VI[self.status]}): không còn gì để rút.",
            early_leave_id=str(self.id),
            early_leave_status=self.status,
        )

    def close(
        self, *, how: ClosedHow, actor: str | None, now: datetime, handed_over_to: uuid.UUID | None = None
    ) -> EarlyLeave:
        """The notice closed `how`, by `actor`, at `now` (the caller checks it was open)."""
        return replace(
            self,
            status=how,
            closed_at=now,
            closed_by=actor,
            handed_over_to=handed_over_to,
            version=self.version + 1,
            updated_at=now,
        )


CLOSED_VI = {
    "open": "đang chờ",
    "withdrawn": "đã rút",
    "handed_over": "quản lý đã giao ca",
    "cancelled": "ca đã hủy",
    "reassigned": "quản lý đã đổi người trực",
    "ended": "ca đã kết thúc",
}
CLOSED_EN = {
    "open": "open",
    "withdrawn": "withdrawn",
    "handed_over": "the manager handed the shift over",
    "cancelled": "the shift was cancelled",
    "reassigned": "the manager put someone else on the shift",
    "ended": "the shift has ended",
}


def default_leave_at(shift: Shift, now: datetime) -> datetime:
    """Now rounded up as the handover form rounds it (`handover_default`), not before the shift's start; within the
    last step of the shift, now itself (rounding up would reach its end)."""
    rounded = max(handover_default(now), shift.starts_at)
    return rounded if rounded < shift.ends_at else now.astimezone(UTC)


def ensure_under_way(shift: Shift, *, now: datetime) -> None:
    """409 unless the shift is under way at `now` (published or checked in, begun, not ended): a shift not begun is
    swapped instead; an ended or cancelled one has nothing left to leave."""
    if shift.status in LIVE and shift.starts_at <= now < shift.ends_at:
        return
    if shift.status in LIVE and now < shift.starts_at:
        raise Conflict(
            "shift_id",
            "early-leave-not-begun",
            f"The shift {shift.label('en')} has not begun yet (it starts at {when(shift.starts_at, 'en')}): ask a "
            "colleague to swap it instead, or call your manager.",
            f"Ca {shift.label()} chưa bắt đầu (bắt đầu lúc {when(shift.starts_at)}): hãy xin đổi ca với đồng nghiệp, "
            "hoặc gọi cho quản lý.",
            shift_id=str(shift.id),
        )
    raise Conflict(
        "shift_id",
        "early-leave-not-under-way",
        f"The shift {shift.label('en')} is no longer under way: there is nothing left to leave early.",
        f"Ca {shift.label()} không còn đang diễn ra: không còn gì để báo về sớm.",
        shift_id=str(shift.id),
        shift_status=shift.status,
    )


def leave_errors(shift: Shift, *, leave_at: datetime, reason: str | None) -> tuple[str, list[FieldError]]:
    """The reason said (NFC, trimmed) and what is wrong with the notice: the moment within the shift (from its start,
    before its end), the reason given and short. Every refusal names the shift."""
    errors: list[FieldError] = []
    ctx = {"shift_id": str(shift.id)}
    if leave_at.tzinfo is None:
        errors.append(
            FieldError(
                "at",
                "timezone-required",
                "Times must carry a UTC offset, e.g. 2027-02-07T14:00:00+07:00.",
                "Thời gian phải có múi giờ, ví dụ 2027-02-07T14:00:00+07:00.",
            )
        )
    elif leave_at < shift.starts_at:
        errors.append(
            FieldError(
                "at",
                "early-leave-after-start",
                f"You cannot leave the shift {shift.label('en')} before it starts ({when(shift.starts_at, 'en')}): "
                "choose a later time.",
                f"Không thể về trước khi ca {shift.label()} bắt đầu ({when(shift.starts_at)}): hãy chọn giờ muộn hơn.",
                ctx,
            )
        )
    elif leave_at >= shift.ends_at:
        errors.append(
            FieldError(
                "at",
                "early-leave-before-end",
                f"The shift {shift.label('en')} ends at {when(shift.ends_at, 'en')}: leaving then or later is not "
                "early; choose an earlier time.",
                f"Ca {shift.label()} kết thúc lúc {when(shift.ends_at)}: về lúc đó hoặc muộn hơn không phải về sớm; "
                "hãy chọn giờ sớm hơn.",
                ctx,
            )
        )
    said = trim_text(unicodedata.normalize("NFC", reason)) if reason is not None else ""
    if not said:
        errors.append(
            FieldError(
                "reason",
                "early-leave-reason-required",
                f"Say why you must leave the shift {shift.label('en')} early: your manager and the inspectors read it.",
                f"Hãy nêu lý do cần về sớm khỏi ca {shift.label()}: quản lý và thanh tra sẽ đọc lý do này.",
                ctx,
            )
        )
    elif len(said) > REASON_MAX:
        errors.append(
            FieldError(
                "reason",
                "early-leave-reason-short",
                f"Keep the reason short: at most {REASON_MAX} characters ({len(said)} written).",
                f"Hãy viết lý do ngắn gọn: tối đa {REASON_MAX} ký tự (đang có {len(said)}).",
                ctx,
            )
        )
    return said, errors


def raise_errors(errors: list[FieldError]) -> None:
    if errors:
        raise RuleViolation(errors)


def colleague_on_shift(shift: Shift, colleague_id: uuid.UUID) -> FieldError | None:
    """The colleague named is on the shift already (by name): nobody from it takes it over."""
    for a in shift.assignees:
        if a.staff_id == colleague_id:
            return FieldError(
                "colleague_id",
                "early-leave-colleague-on-shift",
                f"{a.full_name} is already on this shift: name a colleague who is not.",
                f"{a.full_name} đã có tên trong ca này: hãy chọn đồng nghiệp không trực ca này.",
                {"staff_id": str(colleague_id)},
            )
    return None
