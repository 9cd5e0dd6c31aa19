"""Presence confirmed afterwards: a manager's word, with evidence, on whether a person of a shift was on post.

A check-in is the person's own word, given on the spot from their phone. A phone that is flat, a relay station on a
mountain with no signal, a handover signed in the paper book instead: the person was there, the check-in never came,
and audit counts them "vắng" for good (QZ27 #3). So, once the shift has **ended**, a manager of its enterprise (or an
administrator) may say what happened, and how they know it:

* **confirmed present** (`PresenceConfirmed`) from–to: the whole shift by default, or part of it (they came 40
  minutes late). For a person who did not check in, or checked in later than they came.
* **not there** (`PresenceCorrected`) from–to: a person who checked in (or was confirmed present) was in fact not on
  post — the whole shift by default (counted absent as if they had never checked in), or part of it (checked in, left
  at 12:00: away 12:00–18:00, the check-in still counting before).

Rules, in one place:

* Only after the shift's end (a shift under way has its check-ins still to come): 409 `shift-not-over` — except the
  arrival of a person who cannot check in themselves (no active account: handed a shift over to someone never given
  one, QZ29 #1), which the manager records while the shift is under way, present from the time they came (not yet
  come: 422 `present-not-yet`) to its end. Audit and the board count it as any confirmation.
* Only of a shift people were told of and that counts: published, checked in or completed (`Shift.allows`); a
  person who is on it (422 `on-shift`, naming them and the shift).
* The time a word covers — on post, or not there — is the whole shift by default, else lies within it (422
  `present-within-shift`, naming the bound outside it) and ends after it starts (422 `end-after-start`): two rules,
  said apart (QZ28 #4). "Not there" from–to says who checked in and left at 12:00 (`absent_from`, `absent_until`).
* Evidence is required, as a readiness mark's is (`evidence-required`): how it is known (`EVIDENCE`: sổ giao ca,
  camera, xác nhận của trưởng ca, khác) and a note or reference that an inspector can ask for. A blank note is none.
* "Not there" only of someone the record says was there (checked in, or confirmed present): of anyone else there is
  nothing to correct (409 `presence-not-recorded`). Part of the shift only of someone who checked in: of someone
  confirmed present alone, confirm again the time they were there (409 `confirm-instead`).
* The newest word on a person stands (a confirmation replaces an earlier one); who said it and when is kept with it
  (the event, and the shift's record of the person), and audit's log keeps every one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from lichtruc.events import MAX_EVIDENCE_NOTE, PresenceEvidence
from lichtruc.words import name, when

from .errors import Conflict, RuleViolation
from .values import trim_text

EVIDENCE: tuple[str, ...] = get_args(PresenceEvidence)
"""How it is known, in the order a form offers them."""

PresenceKind = Literal["present", "absent"]


@dataclass(frozen=True, slots=True)
class PresenceNote:
    """A manager's word afterwards on one person of a shift: present over [starts_at, ends_at), or not there over it
    (both None: the whole shift, as words said before QZ28 #4 are); how it is known; who said it (`by`, their display
    name `by_name`) and when (`at`)."""

    present: bool
    evidence: str
    evidence_note: str
    by: str
    at: datetime
    by_name: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "present": self.present,
            "evidence": self.evidence,
            "evidence_note": self.evidence_note,
            "by": self.by,
            "by_name": self.by_name,
            "at": self.at.isoformat(),
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
        }

    @classmethod
    def of(cls, value: object) -> PresenceNote | None:
        """Read back from `as_dict` (a shift's stored people); None for none."""
        if not isinstance(value, dict):
            return None

        def instant(key: str) -> datetime | None:
            raw = value.get(key)
            return datetime.fromisoformat(raw) if isinstance(raw, str) and raw else None

        at = instant("at")
        if at is None:
            return None
        return cls(
            present=bool(value.get("present")),
            evidence=str(value.get("evidence") or "other"),
            evidence_note=str(value.get("evidence_note") or ""),
            by=str(value.get("by") or ""),
            at=at,
            by_name=value.get("by_name") or None,
            starts_at=instant("starts_at"),
            ends_at=instant("ends_at"),
        )


def check_when(
    *,
    present: bool,
    checks_in_self: bool,
    person: str,
    since: datetime | None,
    until: datetime | None,
    starts_at: datetime,
    ends_at: datetime,
    label_vi: str,
    label_en: str,
    now: datetime,
) -> None:
    """A word is said once the shift has ended: until then its people may still check in themselves (409
    `shift-not-over`, saying so of `person`). While it is under way, only a person who cannot check in themselves (no
    active account, `checks_in_self` False: the manager records their arrival) may be confirmed present — from a time
    already come (422 `present-not-yet` on `present_from`; the default, the shift's start, too before it begins) to
    the shift's end or a time already past (422 `present-not-yet` on `present_until`): a word on what happened, not a
    forecast. "Not there" waits for the end in every case."""
    if now >= ends_at:
        return
    if not present:
        raise Conflict(
            "shift_id",
            "shift-not-over",
            f"The shift {label_en} ends at {when(ends_at, 'en')}: record that {person} was not there after it ends.",
            f"Ca {label_vi} chưa kết thúc (kết thúc lúc {when(ends_at)}): hãy ghi nhận {person} vắng sau khi ca kết "
            "thúc.",
            ends_at=ends_at.isoformat(),
        )
    if checks_in_self:
        raise Conflict(
            "shift_id",
            "shift-not-over",
            f"The shift {label_en} ends at {when(ends_at, 'en')}: {person} has an account and may still check in "
            "themselves. Confirm who was on post after it ends.",
            f"Ca {label_vi} chưa kết thúc (kết thúc lúc {when(ends_at)}): {person} có tài khoản và vẫn tự điểm danh "
            "được. Hãy xác nhận có mặt sau khi ca kết thúc.",
            ends_at=ends_at.isoformat(),
        )
    came = since or starts_at
    if came > now:
        raise RuleViolation(
            "present_from",
            "present-not-yet",
            f"{person} cannot have come at {when(came, 'en')}: it is {when(now, 'en')} now. Record their arrival once "
            "they are there, at the time they came.",
            f"{person} chưa thể có mặt lúc {when(came)}: bây giờ là {when(now)}. Hãy ghi nhận khi người đó đã đến, "
            "đúng giờ họ đến.",
            now=now.isoformat(),
        )
    if until is not None and now < until < ends_at:
        raise RuleViolation(
            "present_until",
            "present-not-yet",
            f"{person} is on post until {when(until, 'en')} is still to come (it is {when(now, 'en')}): leave the end "
            "as the shift's own; if they leave early, record it then.",
            f"Giờ {person} có mặt đến {when(until)} chưa tới (bây giờ là {when(now)}): hãy để giờ kết thúc của ca; "
            "nếu họ về sớm, ghi nhận khi đó.",
            now=now.isoformat(),
        )


def not_on_shift(person: str | None, *, label_vi: str, label_en: str, staff_id: object) -> RuleViolation:
    """The refusal for a person who is not on the shift (`person`: their name, None when roster knows nobody by it)."""
    who_vi, who_en = (person, person) if person else ("Cán bộ đã chọn", "The staff member chosen")
    return RuleViolation(
        "staff_id",
        "on-shift",
        f"{who_en} is not on the shift {label_en}: confirm the presence of someone on it, or open the shift they "
        "were on.",
        f"{who_vi} không có tên trong ca {label_vi}: hãy xác nhận cho người có tên trong ca, hoặc mở đúng ca người "
        "đó trực.",
        staff_id=str(staff_id),
    )


def evidence_note(note: str | None, *, person: str, label_vi: str, label_en: str) -> str:
    """The note in NFC without the blanks at either end; RuleViolation `evidence-required` when there is none."""
    said = trim_text(unicodedata.normalize("NFC", note or ""))
    if not said:
        raise RuleViolation(
            "evidence_note",
            "evidence-required",
            f"Say how you know about {person} on the shift {label_en}: a note or a reference (the handover book's "
            "page, the camera's recording, who confirmed it). Inspectors read it beside the presence.",
            f"Hãy ghi căn cứ về {person} trong ca {label_vi}: ghi chú hoặc số hiệu (trang sổ giao ca, đoạn ghi hình "
            "camera, ai đã xác nhận). Thanh tra đọc nội dung này bên cạnh việc xác nhận.",
        )
    if len(said) > MAX_EVIDENCE_NOTE:
        raise RuleViolation(
            "evidence_note",
            "max-length",
            f"The note may be at most {MAX_EVIDENCE_NOTE} characters: give a reference to the document instead.",
            f"Ghi chú tối đa {MAX_EVIDENCE_NOTE} ký tự: hãy ghi số hiệu văn bản thay vì chép lại.",
        )
    return said


def check_evidence_kind(evidence: str) -> None:
    if evidence not in EVIDENCE:
        choices_vi = ", ".join(name("presence_evidence", e) for e in EVIDENCE)
        choices_en = ", ".join(name("presence_evidence", e, "en") for e in EVIDENCE)
        raise RuleViolation(
            "evidence",
            "evidence-kind",
            f"Choose how it is known: {choices_en}.",
            f"Hãy chọn căn cứ: {choices_vi}.",
        )


def word_span(
    *,
    present: bool,
    since: datetime | None,
    until: datetime | None,
    starts_at: datetime,
    ends_at: datetime,
    person: str,
    label_vi: str,
    label_en: str,
) -> tuple[datetime, datetime]:
    """The time a word covers — on post (`present`) or not there — the shift's by default, else within it (RuleViolation
    `present-within-shift`, naming the bound outside it) and not empty (RuleViolation `end-after-start`): two rules,
    said apart, each naming the box to mend. `label_*` already says the shift's times."""
    lo = (since or starts_at).astimezone(UTC)
    hi = (until or ends_at).astimezone(UTC)
    lo_box, hi_box = ("present_from", "present_until") if present else ("absent_from", "absent_until")
    there_vi, there_en = ("có mặt", "was there") if present else ("vắng", "was away")
    outside = lo_box if lo < starts_at or lo >= ends_at else hi_box if hi > ends_at or hi <= starts_at else None
    if outside is not None:
        bound_vi, bound_en = ("giờ bắt đầu", "start") if outside == lo_box else ("giờ kết thúc", "end")
        typed = lo if outside == lo_box else hi
        raise RuleViolation(
            outside,
            "present-within-shift",
            f"The {bound_en} of the time {person} {there_en}, {when(typed, 'en')}, lies outside the shift {label_en}: "
            "give a time within the shift, or leave it empty for the shift's own.",
            f"{bound_vi.capitalize()} của thời gian {person} {there_vi}, {when(typed)}, nằm ngoài ca {label_vi}: hãy "
            "nhập giờ trong ca, hoặc để trống để lấy giờ của ca.",
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
        )
    if hi <= lo:
        raise RuleViolation(
            hi_box,
            "end-after-start",
            f"The time {person} {there_en} ends at {when(hi, 'en')}, not after its start at {when(lo, 'en')}: give an "
            "end later than the start.",
            f"Thời gian {person} {there_vi} kết thúc lúc {when(hi)}, không sau giờ bắt đầu {when(lo)}: hãy nhập giờ "
            "kết thúc sau giờ bắt đầu.",
            starts_at=lo.isoformat(),
            ends_at=hi.isoformat(),
        )
    return lo, hi


def check_something_to_correct(
    *,
    person: str,
    checked_in_at: datetime | None,
    note: PresenceNote | None,
    whole: bool,
    label_vi: str,
    label_en: str,
) -> None:
    """ "Not there" corrects a record of presence: a check-in or a confirmation. Without one the person is counted
    absent already. A part of the shift (`whole` False) corrects a check-in: of someone only confirmed present, the
    confirmation's own time is what to change (a new word replaces the old one, so "away 12:00–18:00" would leave
    nothing of it)."""
    if checked_in_at is None and (note is None or not note.present):
        raise Conflict(
            "present",
            "presence-not-recorded",
            f"{person} did not check in on the shift {label_en} and nobody confirmed them present: they are counted "
            "absent already, there is nothing to correct.",
            f"{person} không điểm danh trong ca {label_vi} và chưa ai xác nhận có mặt: hệ thống đã tính là vắng, "
            "không cần ghi nhận vắng.",
        )
    if checked_in_at is None and not whole:
        raise Conflict(
            "absent_from",
            "confirm-instead",
            f"{person} did not check in on the shift {label_en}: only a confirmation counts them present. To say they "
            "were away for part of it, confirm them present again for the time they were there (“Confirm present”, "
            "from–to).",
            f"{person} không điểm danh trong ca {label_vi}: chỉ có xác nhận có mặt tính họ có mặt. Muốn ghi vắng một "
            "phần ca, hãy xác nhận lại có mặt đúng khoảng thời gian họ có mặt (“Xác nhận có mặt”, từ–đến).",
        )
