"""Rules a shift must satisfy before it is stored (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RuleViolation(Exception):
    """A hard rule broken by a command; `field` names the offending input."""

    field: str
    rule: str
    message: str
    message_vi: str


def check_interval(starts_at: datetime, ends_at: datetime, *, max_length: timedelta) -> None:
    """A shift ends after it starts and lasts at most `max_length`."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise RuleViolation("starts_at", "timezone-required", "Times must carry a UTC offset, e.g. 2027-02-05T23:00:00+07:00.",
                            "Thời gian phải có múi giờ, ví dụ 2027-02-05T23:00:00+07:00.")
    if ends_at <= starts_at:
        raise RuleViolation("ends_at", "end-after-start", "ends_at must be later than starts_at.",
                            "Giờ kết thúc phải sau giờ bắt đầu.")
    if ends_at - starts_at > max_length:
        hours = int(max_length.total_seconds() // 3600)
        raise RuleViolation("ends_at", "max-length", f"A shift may last at most {hours} h: split it into several shifts.",
                            f"Một ca trực dài tối đa {hours} giờ: hãy chia thành nhiều ca.")


def check_assignees(staff_ids: list) -> None:
    """At least one person, and nobody twice on the same shift."""
    if not staff_ids:
        raise RuleViolation("assignees", "at-least-one", "A shift needs at least one assignee.",
                            "Ca trực cần ít nhất một người.")
    if len(set(staff_ids)) != len(staff_ids):
        raise RuleViolation("assignees", "unique", "The same person is listed twice on this shift.",
                            "Một người bị ghi hai lần trong cùng ca.")
