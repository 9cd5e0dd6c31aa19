"""Presence confirmed afterwards: a manager's word, with evidence, on whether a person of a shift was on post.

A check-in is the person's own word, given on the spot from their phone. A phone that is flat, a relay station on a
mountain with no signal, a handover signed in the paper book instead: the person was there, the check-in never came,
and audit counts them "vắng" for good (QZ27 #3). So, once the shift has **ended**, a manager of its enterprise (or an
administrator) may say what happened, and how they know it:

* **confirmed present** (`PresenceConfirmed`) from–to: the whole shift by default, or part of it (they came 40
  minutes late). For a person who did not check in, or checked in later than they came.
* **not there** (`PresenceCorrected`): a person who checked in (or was confirmed present) was in fact not on post —
  rare; counted absent as if they had never checked in.

Rules, in one place:

* Only after the shift's end (a shift under way has its check-ins still to come): 409 `shift-not-over`.
* Only of a shift people were told of and that counts: published, checked in or completed (`Shift.allows`); a
  person who is on it (422 `on-shift`, naming them and the shift).
* The time confirmed lies within the shift, its end after its start (422 `present-within-shift`).
* Evidence is required, as a readiness mark's is (`evidence-required`): how it is known (`EVIDENCE`: sổ giao ca,
  camera, xác nhận của trưởng ca, khác) and a note or reference that an inspector can ask for. A blank note is none.
* "Not there" only of someone the record says was there (checked in, or confirmed present): of anyone else there is
  nothing to correct (409 `presence-not-recorded`).
* The newest word on a person stands (a confirmation replaces an earlier one); who said it and when is kept with it
  (the event, and the shift's record of the person), and audit's log keeps every one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from lichtruc.events import MAX_EVIDENCE_NOTE, PresenceEvidence
from lichtruc.words import name, span, when

from .errors import Conflict, RuleViolation
from .values import trim_text

EVIDENCE: tuple[str, ...] = get_args(PresenceEvidence)
"""How it is known, in the order a form offers them."""

PresenceKind = Literal["present", "absent"]


@dataclass(frozen=True, slots=True)
class PresenceNote:
    """A manager's word afterwards on one person of a shift: present over [starts_at, ends_at), or not there (both
    None); how it is known; who said it (`by`, their display name `by_name`) and when (`at`)."""

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


def check_shift_over(*, label_vi: str, label_en: str, ends_at: datetime, now: datetime) -> None:
    """Presence is confirmed once the shift has ended: until then its people may still check in themselves."""
    if now < ends_at:
        raise Conflict(
            "shift_id",
            "shift-not-over",
            f"The shift {label_en} ends at {when(ends_at, 'en')}: its people may still check in themselves. Confirm "
            "who was on post after it ends.",
            f"Ca {label_vi} chưa kết thúc (kết thúc lúc {when(ends_at)}): người trực vẫn tự điểm danh được. Hãy xác "
            "nhận có mặt sau khi ca kết thúc.",
            ends_at=ends_at.isoformat(),
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


def present_span(
    *,
    present_from: datetime | None,
    present_until: datetime | None,
    starts_at: datetime,
    ends_at: datetime,
    person: str,
    label_vi: str,
    label_en: str,
) -> tuple[datetime, datetime]:
    """The time confirmed: the shift's by default, else within it and not empty (RuleViolation
    `present-within-shift`, naming the shift's own times)."""
    lo = (present_from or starts_at).astimezone(UTC)
    hi = (present_until or ends_at).astimezone(UTC)
    if lo < starts_at or hi > ends_at or hi <= lo:
        raise RuleViolation(
            "present_from" if lo < starts_at or hi <= lo else "present_until",
            "present-within-shift",
            f"The time {person} was there must lie within the shift {label_en} ({span(starts_at, ends_at, 'en')}), "
            "its end after its start.",
            f"Thời gian {person} có mặt phải nằm trong ca {label_vi} ({span(starts_at, ends_at)}), giờ kết thúc sau "
            "giờ bắt đầu.",
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
        )
    return lo, hi


def check_something_to_correct(
    *, person: str, checked_in_at: datetime | None, note: PresenceNote | None, label_vi: str, label_en: str
) -> None:
    """ "Not there" corrects a record of presence: a check-in or a confirmation. Without one the person is counted
    absent already."""
    if checked_in_at is None and (note is None or not note.present):
        raise Conflict(
            "present",
            "presence-not-recorded",
            f"{person} did not check in on the shift {label_en} and nobody confirmed them present: they are counted "
            "absent already, there is nothing to correct.",
            f"{person} không điểm danh trong ca {label_vi} và chưa ai xác nhận có mặt: hệ thống đã tính là vắng, "
            "không cần ghi nhận vắng.",
        )
