"""Why a person came late: the reason a late check-in may give (QZ29 #13).

A duty worker who checks in after the grace (a flooded road, a child ill, called to an incident on the way) had no way
to say why: the manager's mail said "muộn 1 giờ 6 phút", the inspector's list the same, and each had to phone to ask —
while at an inspection the reason is what decides whether it was a fault. Rules, in one place:

* **Only a late check-in** gives a reason: one after `lichtruc.check_in.GRACE` from the moment lateness counts from
  (`Shift.late_from`: the start, or a handover's moment), `lichtruc.check_in.is_late` — the rule roster's daily
  report, audit, notifier and the portal read. Given with a check-in on time: 409 `not-late`, saying when it is on
  time until.
* **Optional**: checking in is what proves a person is on post, and must never wait for a sentence typed on a phone
  at the gate; the form asks for it and the person may leave it blank. Not given then, the person may give it
  **afterwards, once**, from the same card (`Shift.explain_late`; the shift under way or over): a second time, 409
  `already-explained`, quoting the reason on record — the reason an inspector read is never rewritten.
* Kept in NFC without the blanks at either end; a blank one is none; at most `MAX_LATE_REASON` characters (422
  `max-length`, with the count). Only the person themselves says it (the API's policy: a staff member only of their own
  check-in); a manager recording the arrival of someone who cannot check in (`domain.presence`) may give it with it.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from lichtruc.check_in import GRACE, MAX_LATE_REASON, is_late
from lichtruc.words import when

from .errors import Conflict, RuleViolation
from .values import trim_text

__all__ = ["MAX_LATE_REASON", "already_explained", "check_late", "late_reason"]


def late_reason(text: str | None, *, person: str) -> str | None:
    """The reason in NFC without the blanks at either end (None when there is none); RuleViolation `max-length`
    when longer than `MAX_LATE_REASON`."""
    said = trim_text(unicodedata.normalize("NFC", text or ""))
    if not said:
        return None
    if len(said) > MAX_LATE_REASON:
        raise RuleViolation(
            "late_reason",
            "max-length",
            f"The reason {person} came late may be at most {MAX_LATE_REASON} characters ({len(said)} given): "
            "say it in a sentence or two.",
            f"Lý do đến muộn của {person} tối đa {MAX_LATE_REASON} ký tự (đã nhập {len(said)}): hãy nói ngắn gọn "
            "trong một, hai câu.",
            max_length=MAX_LATE_REASON,
            length=len(said),
        )
    return said


def check_late(*, arrived: datetime, late_from: datetime, person: str, label_vi: str, label_en: str) -> None:
    """Conflict `not-late` unless a check-in at `arrived` is late (`lichtruc.check_in.is_late`)."""
    if not is_late(arrived, late_from):
        on_time = late_from + GRACE
        raise Conflict(
            "late_reason",
            "not-late",
            f"{person}'s check-in at {when(arrived, 'en')} on the shift {label_en} is on time (until "
            f"{when(on_time, 'en')}): there is no lateness to explain; check in without a reason.",
            f"{person} điểm danh ca {label_vi} lúc {when(arrived)} là đúng giờ (đến {when(on_time)} vẫn đúng giờ): "
            "không có gì phải giải thích, hãy điểm danh không cần lý do.",
            checked_in_at=arrived.isoformat(),
            on_time_until=on_time.isoformat(),
        )


def already_explained(*, person: str, reason: str, label_vi: str, label_en: str) -> Conflict:
    """The refusal of a second reason: the one on record is kept as the manager and the inspector read it."""
    return Conflict(
        "late_reason",
        "already-explained",
        f"{person} already said why they came late to the shift {label_en}: “{reason}”. The reason is given once; "
        "ask the manager to note anything more.",
        f"{person} đã nêu lý do đến muộn ca {label_vi}: “{reason}”. Lý do chỉ nêu một lần; cần bổ sung gì, hãy báo "
        "người quản lý.",
        late_reason=reason,
    )
