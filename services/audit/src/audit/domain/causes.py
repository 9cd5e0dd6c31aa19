"""A gap's cause as an inspector writes it in the minutes: who failed to staff what, and why.

* A change of the roster (a shift cancelled, moved, its people changed…) is told as what happened, when, who made
  it and why when it says: "hủy ca 20:59 05/02/2027 — Nguyễn Văn Hùng: Lãnh đạo được điều động" (``change_words``;
  the same words say what closed a gap).
* A gap opened by what is asked — a requirement set or raised, a campaign edited — or by nothing the log names
  (a requirement's window starting) is the enterprise not rostering enough people: "Không đủ người được xếp: yêu
  cầu ít nhất 2 người, đã xếp 0 (yêu cầu do Quản trị hệ thống đặt lúc 09:00 20/01/2027); VNPT Long An chưa xếp
  người cho giờ này" (QZ13 #14: "đặt yêu cầu trực 09:00 20/01/2027 — Quản trị hệ thống" said what the administrator
  did, not who failed to staff). The counts are the gap's own (required and rostered in its hours).
* A shift handed over because nobody came (cancelled, `handed_over_to`) is told as that, with who did not come,
  who took over from when, who recorded it and why (QZ14 #6): "Người trực không đến: Bùi Quang Huy (ca
  06:00–18:00) không đến; Lê Hữu Nghĩa nhận ca từ 09:05 (Trần Văn Tâm ghi nhận lúc 09:02: …)".
* A gap with both: the shortfall first, then the roster's changes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lichtruc import vntime

from .export import distinct

CHANGE_WORDS = {  # what a change did, in words (vi, en)
    "shift.planned": ("lập ca", "shift planned"),
    "shift.published": ("công bố ca", "shift published"),
    "shift.updated": ("sửa ca", "shift edited"),
    "shift.rescheduled": ("dời giờ ca", "shift moved"),
    "shift.reassigned": ("đổi người trực", "people changed"),
    "shift.cancelled": ("hủy ca", "shift cancelled"),
    "shift.swapped": ("đổi ca", "shift handed over"),
    "shift.checked_in": ("điểm danh", "checked in"),
    "shift.completed": ("kết thúc ca", "shift completed"),
    "shift.presence_confirmed": ("xác nhận có mặt sau", "presence confirmed afterwards"),
    "shift.presence_corrected": ("ghi nhận vắng sau", "recorded not there afterwards"),
    "shift.late_explained": ("nêu lý do đến muộn", "reason for a late check-in given"),
    "staff.updated": ("sửa hồ sơ cán bộ", "staff edited"),
    "requirement.set": ("đặt yêu cầu trực", "requirement set"),
    "requirement.removed": ("bỏ yêu cầu trực", "requirement removed"),
    "campaign.updated": ("sửa đợt trực", "campaign edited"),
}

ASKED = {  # a change of what is asked, as the shortfall's parenthesis names it (vi, en), then who and when
    "requirement.set": ("yêu cầu do {who} đặt lúc {at}", "requirement set by {who} at {at}"),
    "requirement.removed": ("yêu cầu do {who} bỏ lúc {at}", "requirement removed by {who} at {at}"),
    "campaign.updated": ("đợt trực do {who} sửa lúc {at}", "campaign edited by {who} at {at}"),
}
ASKED_NOBODY = {  # the same with no person to name (roster's own recalculation, an import)
    "requirement.set": ("yêu cầu đặt lúc {at}", "requirement set at {at}"),
    "requirement.removed": ("yêu cầu bỏ lúc {at}", "requirement removed at {at}"),
    "campaign.updated": ("đợt trực sửa lúc {at}", "campaign edited at {at}"),
}


@dataclass(frozen=True, slots=True)
class NoShow:
    """A shift nobody came to, handed over whole: its people and hours, and who took over from when (the new
    shift's people and start; none when the log no longer has it)."""

    absent: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    takers: tuple[str, ...] = ()
    taken_from: datetime | None = None


@dataclass(frozen=True, slots=True)
class CauseEvent:
    """A logged change a gap names: its kind ("shift.cancelled"), when it happened, who made it (their display
    name then; None: roster itself or an import) and why when it says."""

    event_id: str
    kind: str
    at: datetime
    who: str | None = None
    why: str = ""
    no_show: NoShow | None = None

    @property
    def asks(self) -> bool:
        """It changed what is asked (a requirement, the campaign), not who is on duty."""
        return self.kind in ASKED


def _lang(lang: str) -> int:
    return 0 if lang == "vi" else 1


def change_words(e: CauseEvent, lang: str) -> str:
    """ "hủy ca 20:59 05/02/2027 — Nguyễn Văn Hùng: Lãnh đạo được điều động": what, when, who and why."""
    said: vntime.Lang = "vi" if lang == "vi" else "en"
    what = CHANGE_WORDS.get(e.kind, (e.kind, e.kind))[_lang(lang)]
    why = " ".join(e.why.split())
    by = f"{e.who}: {why}" if e.who and why else e.who or why
    return f"{what} {vntime.clock(e.at, said)}" + (f" — {by}" if by else "")


def _hours(start: datetime, end: datetime) -> str:
    return f"{vntime.local(start):%H:%M}–{vntime.local(end):%H:%M}"


def no_show_words(e: CauseEvent, n: NoShow, lang: str) -> str:
    """ "Người trực không đến: Bùi Quang Huy (ca 06:00–18:00) không đến; Lê Hữu Nghĩa nhận ca từ 09:05 (Trần Văn
    Tâm ghi nhận lúc 09:02: Anh Huy không đến)": who did not come, who took over from when, who recorded it, why."""
    absent = ", ".join(n.absent)
    why = " ".join(e.why.split())
    at = f"{vntime.local(e.at):%H:%M}"
    takers = ", ".join(n.takers)
    if lang == "vi":
        head = f"Người trực không đến: {absent or 'người trực'} (ca {_hours(n.starts_at, n.ends_at)}) không đến"
        took = f"; {takers} nhận ca từ {vntime.local(n.taken_from):%H:%M}" if takers and n.taken_from else ""
        by = f"{e.who} ghi nhận lúc {at}" if e.who else f"ghi nhận lúc {at}"
    else:
        head = f"No-show: {absent or 'the people on duty'} (shift {_hours(n.starts_at, n.ends_at)}) did not come"
        took = f"; {takers} took over from {vntime.local(n.taken_from):%H:%M}" if takers and n.taken_from else ""
        by = f"recorded by {e.who} at {at}" if e.who else f"recorded at {at}"
    return f"{head}{took} ({by}{f': {why}' if why else ''})"


def cause_change_words(e: CauseEvent, lang: str) -> str:
    """A change among a gap's causes in words: a no-show as `no_show_words`, any other as `change_words`."""
    return no_show_words(e, e.no_show, lang) if e.no_show is not None else change_words(e, lang)


def _asked_words(e: CauseEvent, lang: str) -> str:
    said: vntime.Lang = "vi" if lang == "vi" else "en"
    pattern = (ASKED if e.who else ASKED_NOBODY)[e.kind][_lang(lang)]
    return pattern.format(who=e.who, at=vntime.clock(e.at, said))


def shortfall_words(
    *, required: int, rostered: int, unqualified: bool, enterprise: str | None, asked: Sequence[CauseEvent], lang: str
) -> str:
    """ "Không đủ người được xếp: yêu cầu ít nhất 2 người, đã xếp 0 (yêu cầu do … đặt lúc …); VNPT Long An chưa xếp
    người cho giờ này": the gap's counts, the changes of what is asked that opened it, and whose roster is short."""
    why = "; ".join(_asked_words(e, lang) for e in asked)
    if lang == "vi":
        whom = enterprise or "Doanh nghiệp"
        counted = f"đã xếp {rostered} người đúng chuyên môn" if unqualified else f"đã xếp {rostered}"
        left = "chưa xếp người cho giờ này" if rostered == 0 else "chưa xếp đủ người cho giờ này"
        head = f"Không đủ người được xếp: yêu cầu ít nhất {required} người, {counted}"
    else:
        whom = enterprise or "The enterprise"
        counted = f"{rostered} qualified rostered" if unqualified else f"{rostered} rostered"
        left = "has rostered nobody for these hours" if rostered == 0 else "has not rostered enough for these hours"
        head = f"Too few people rostered: at least {required} required, {counted}"
    return f"{head}{f' ({why})' if why else ''}; {whom} {left}"


def gap_cause(
    *,
    cause_event_ids: Sequence[str],
    required: int,
    rostered: int,
    unqualified: bool,
    enterprise: str | None,
    events: Mapping[str, CauseEvent],
    lang: str,
) -> str:
    """A gap's cause in words (the module doc): the roster's changes among its causes by what, when, who and why;
    the shortfall, with who set the requirement and when, when what is asked opened it or no change of the
    roster did. Causes the log no longer has are left out."""
    found = sorted((events[i] for i in dict.fromkeys(cause_event_ids) if i in events), key=lambda e: e.at)
    asked = [e for e in found if e.asks]
    changes = distinct(cause_change_words(e, lang) for e in found if not e.asks)
    if changes and not asked:
        return changes
    shortfall = shortfall_words(
        required=required, rostered=rostered, unqualified=unqualified, enterprise=enterprise, asked=asked, lang=lang
    )
    return f"{shortfall}; {changes}" if changes else shortfall
