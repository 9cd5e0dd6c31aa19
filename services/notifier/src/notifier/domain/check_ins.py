"""A missed check-in told (QZ26: on giao thừa night four people were not there from 18:00 and nobody was told — not
they, not the leader on duty, not the managers). Pure functions; the caller passes `now`.

A missed check-in alert is a planned row, like a reminder (`domain.reminders`): one per shift and person, due `GRACE`
after the moment a check-in counts late from, cancelled by the check-in; the scheduler turns the rows due into
deliveries (`handlers.check_ins`). The rules:

* **when**: `GRACE` (15 minutes) after the shift's start — the shared grace, `lichtruc.check_in.GRACE`, which roster's
  daily report, audit's presence and the portal's "muộn" read too: the same grace everywhere, so the alert says "not there" exactly when the portal
  and audit start saying it. For a person put on the shift after its start (a handover, a reassignment, a shift
  published late), from the moment notifier learned it (the event's time), as roster's `late_from` measures a
  handover's lateness from the handover: nobody is told of a person missing a check-in they could not yet make;
* **whose**: each person on a published shift (a person put on a shift some other person has checked in on — status
  ``checked_in`` — too, by the change that put them on). A shift cancelled, no longer published, ending before the
  alert is due (handed over: the shift ends at the handover), or a person taken off it: the alert still waiting is
  withdrawn, saying why. A check-in before the moment withdraws it (``checked in at 18:04``) for good;
* **who is told** (`recipients`): the person, on their own channels, with their shift's link to check in and whom to
  call if they cannot come (the leader on duty then, by name and phone; else the enterprise's leadership duty phone);
  the duty leaders on duty at that enterprise at that moment (a leadership shift live then, as the publication mail's
  "Cùng trực" lines find him: `domain.on_duty`), and the enterprise's managers (its addresses and manager accounts,
  as gap alerts find them) — each address once, the person never told of themselves as someone else;
* **quiet hours do not hold it**, for anyone: the person is on duty by the roster at that very moment (they chose
  quiet hours for when they are off), the leader on duty too, and the managers' addresses have none (a gap alert
  does not wait for them either). Held until a quiet time's end, a missed check-in alert would come when the night
  it is about is over;
* **a late check-in** after the alert went: the managers and leaders who were told are told the person came, when,
  and how late ("đã có mặt lúc 22:51, muộn 4 giờ 51 phút"); the person is not (they know);
* **once** per shift, person and recipient (the deliveries' dedupe keys); a drill's shift says it is a drill.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from lichtruc import check_in, vntime
from lichtruc.events import ShiftSnapshot
from lichtruc.text import phone_label

from .addressees import Addressee, address_key
from .messages import Message, drill_marked, enterprise_label, labelled_lines, noted, single_line, span_said
from .on_duty import LEADERSHIP, OnDuty
from .texts import Lang, duty_type_name, message_texts, offset_said

__all__ = [
    "GRACE",
    "WATCHED",
    "CheckInAlert",
    "MissedView",
    "Recipient",
    "arrived_message",
    "due_at",
    "leaders_at",
    "missed_message",
    "plan_check_in_alerts",
    "recipients",
    "still_wanted",
]

GRACE = check_in.GRACE
"""How long after the moment a check-in counts late from it is still on time: the shared grace,
`lichtruc.check_in.GRACE` (roster's, audit's and the portal's too; why it is not a setting is said there)."""

Status = Literal["scheduled", "withdrawn", "dispatched", "late", "arrived", "skipped"]
"""scheduled: waiting for its due time; withdrawn: not to be sent (the reason says why; back to scheduled if the person
is put on again); dispatched: the missed check-in told; late: the person checked in after that, the arrival notice
due; arrived: that notice told; skipped: due, but not sent (the reason says why)."""

WATCHED = frozenset({"published", "checked_in"})


@dataclass(frozen=True, slots=True)
class CheckInAlert:
    """The stored alert of one person on one shift (`Status`)."""

    shift_id: uuid.UUID
    staff_id: uuid.UUID
    enterprise_id: uuid.UUID
    starts_at: datetime
    known_at: datetime  # when notifier learned the person was on the shift (a check-in counts late from then too)
    due_at: datetime
    status: str
    reason: str | None
    checked_in_at: datetime | None
    created_at: datetime
    updated_at: datetime
    dispatched_at: datetime | None = None
    late_reason: str | None = None  # why the person came late, as their check-in (or a word after it) said

    @property
    def late_from(self) -> datetime:
        """The moment a check-in on it counts late from: the start, or when the person was put on if later."""
        return max(self.starts_at, self.known_at)


def due_at(starts_at: datetime, known_at: datetime) -> datetime:
    """When a person's missed check-in is told: `GRACE` after the start, or after they were put on if later."""
    return max(starts_at, known_at) + GRACE


def _why_not(shift: ShiftSnapshot, staff_id: uuid.UUID, due: datetime) -> str | None:
    """Why the person's check-in on `shift` is not watched now (None: it is)."""
    if shift.status == "cancelled":
        return "not sent: the shift was cancelled"
    if shift.status == "completed":
        return "not sent: the shift was completed"
    if shift.status not in WATCHED:
        return "not sent: the shift is not published"
    if staff_id not in {a.staff_id for a in shift.assignees}:
        return "not sent: the person is no longer on the shift"
    if due >= shift.ends_at:
        return "not sent: the shift ends before a check-in on it is late (handed over or shortened)"
    return None


def checked_in_reason(at: datetime) -> str:
    return f"not sent: checked in at {vntime.clock(at, 'en')}"


def plan_check_in_alerts(
    shift: ShiftSnapshot,
    existing: Mapping[uuid.UUID, CheckInAlert],
    *,
    known_at: datetime,
    now: datetime,
    checked_in: tuple[uuid.UUID, datetime] | None = None,
    newly_on: Iterable[uuid.UUID] = (),
    late_reason: tuple[uuid.UUID, str] | None = None,
) -> list[CheckInAlert]:
    """The alerts of `shift` to store (new or changed; by person) so that they match it (the rules above).

    `existing`: the shift's stored alerts by person; `known_at`: the time of the event being applied (a person new to
    the shift is late from then at the earliest); `checked_in`: the person this event says checked in, and when;
    `newly_on`: the people the event put on the shift (a reassignment's: watched even on a shift another has checked
    in on, whose earlier check-ins notifier may not have seen); `late_reason`: the person this event says came late, and
    why (with the check-in, or afterwards: kept for the arrival notice not yet told; one told is not told again)."""
    arrived = dict([checked_in]) if checked_in is not None else {}
    why = dict([late_reason]) if late_reason is not None else {}
    added = set(newly_on)
    out: list[CheckInAlert] = []
    for staff_id in dict.fromkeys([*(a.staff_id for a in shift.assignees), *existing]):
        row = existing.get(staff_id)
        at = arrived.get(staff_id)
        said = why.get(staff_id)
        if said is not None and row is not None and at is None:  # said after the check-in
            if row.late_reason is None:
                out.append(replace(row, late_reason=said, updated_at=now))
            continue
        if row is not None and said is not None:
            row = replace(row, late_reason=said)
        if at is not None:
            if row is None:
                due = due_at(shift.starts_at, known_at)
                out.append(
                    CheckInAlert(
                        shift.shift_id, staff_id, shift.enterprise_id, shift.starts_at, known_at, due,
                        "withdrawn", checked_in_reason(at), at, now, now, late_reason=said,
                    )
                )  # fmt: skip
            elif row.checked_in_at is None:
                if row.status == "dispatched":  # told missing: the arrival is told now
                    out.append(replace(row, status="late", reason=None, due_at=now, checked_in_at=at, updated_at=now))
                else:
                    status = "withdrawn" if row.status in ("scheduled", "withdrawn") else row.status
                    reason = checked_in_reason(at) if status == "withdrawn" else row.reason
                    out.append(replace(row, status=status, reason=reason, checked_in_at=at, updated_at=now))
            continue
        if row is not None and (row.checked_in_at is not None or row.status not in ("scheduled", "withdrawn")):
            continue  # checked in, or told (or skipped) already: once per shift and person
        if row is None:
            since = known_at
        elif row.status == "withdrawn" and staff_id in added:  # put on again: late from now at the earliest
            since = max(row.known_at, known_at)
        else:
            since = row.known_at
        due = due_at(shift.starts_at, since)
        why_not = _why_not(shift, staff_id, due)
        if why_not is None:
            if row is None:
                if shift.status == "published" or staff_id in added:
                    out.append(
                        CheckInAlert(
                            shift.shift_id, staff_id, shift.enterprise_id, shift.starts_at, since, due,
                            "scheduled", None, None, now, now,
                        )
                    )  # fmt: skip
            elif row.status == "withdrawn" or row.due_at != due or row.starts_at != shift.starts_at:
                out.append(
                    replace(
                        row, status="scheduled", reason=None, starts_at=shift.starts_at, known_at=since, due_at=due,
                        updated_at=now,
                    )
                )  # fmt: skip
        elif row is not None and row.status == "scheduled":
            out.append(replace(row, status="withdrawn", reason=why_not, updated_at=now))
    return out


def still_wanted(row: CheckInAlert, shift: ShiftSnapshot | None, now: datetime) -> str | None:
    """Whether a due missed check-in alert is still true when the scheduler finds it: None if so, else why it is
    skipped (the shift changed and the consumer has not yet withdrawn it, or it is over)."""
    if shift is None:
        return "not sent: the shift is not known"
    if row.starts_at != shift.starts_at:
        return "not sent: the shift was moved"
    if now >= shift.ends_at:
        return f"not sent: the shift ended at {vntime.clock(shift.ends_at, 'en')} before the alert went out"
    return _why_not(shift, row.staff_id, row.due_at)


def leaders_at(on_duty: Iterable[OnDuty], *, enterprise_id: uuid.UUID, at: datetime, but: uuid.UUID) -> list[OnDuty]:
    """The duty leaders of the enterprise on a live leadership shift at `at` (not `but`, the absent person), each
    once, in name order."""
    found: dict[uuid.UUID, OnDuty] = {}
    for p in on_duty:
        if (
            p.enterprise_id == enterprise_id
            and p.duty_type == LEADERSHIP
            and p.starts_at <= at < p.ends_at
            and p.staff_id != but
        ):
            found.setdefault(p.staff_id, p)
    return sorted(found.values(), key=lambda p: (p.full_name or "", str(p.staff_id)))


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a missed check-in's alert goes to by e-mail: the leader on duty or a manager (the person themselves is
    reached on their own channels)."""

    role: Literal["leader", "manager"]
    email: str | None
    name: str | None
    language: Lang
    staff_id: uuid.UUID | None


def recipients(
    *,
    person_id: uuid.UUID,
    person_email: str | None,
    leaders: Sequence[tuple[uuid.UUID, str | None, str | None, Lang]],
    managers: Sequence[Addressee],
) -> list[Recipient]:
    """The leaders on duty ((staff id, name, e-mail, language)) and the managers, each address once — a leader who is
    also a manager once, as the leader — and never the absent person's own address."""
    seen = {address_key(person_email)} if person_email else set()
    out: list[Recipient] = []
    for staff_id, name, email, lang in leaders:
        if staff_id == person_id or (email and address_key(email) in seen):
            continue
        if email:
            seen.add(address_key(email))
        out.append(Recipient("leader", email, name, lang, staff_id))
    for m in managers:
        if m.staff_id == person_id or address_key(m.email) in seen:
            continue
        seen.add(address_key(m.email))
        out.append(Recipient("manager", m.email, m.name, m.language, m.staff_id))
    return out


@dataclass(frozen=True, slots=True)
class MissedView:
    """What a missed check-in's messages say."""

    person_name: str
    person_phone: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    enterprise_name: str | None
    site_name: str | None
    drill: bool
    leader_name: str | None  # the leader on duty to call (None: none on duty then)
    leader_phone: str | None
    manager_phone: str | None  # the enterprise's leadership duty phone
    late_from: datetime  # the moment a check-in counts late from (`CheckInAlert.late_from`)


_WORDS: Mapping[Lang, Mapping[str, str]] = {
    "vi": {
        "subject_person": "Anh/chị chưa điểm danh ca {shift}",
        "subject_others": "{name} chưa điểm danh ca {shift}",
        "intro_person": "Anh/chị chưa điểm danh ca {shift} tại {where}, đã quá {grace} từ lúc bắt đầu.",
        "intro_others": "{name} chưa điểm danh ca {shift} tại {where}, đã quá {grace}.",
        "if_on_duty": "Nếu đang trực, hãy điểm danh ngay tại: {link}",
        "if_on_duty_no_link": "Nếu đang trực, hãy điểm danh ngay trên cổng Lịch trực (mục Ca của tôi).",
        "cannot_come_leader": "Nếu không đến được, hãy báo ngay lãnh đạo trực {leader}, số {phone}.",
        "cannot_come_leader_nophone": "Nếu không đến được, hãy báo ngay lãnh đạo trực {leader}.",
        "cannot_come_phone": "Nếu không đến được, hãy báo ngay số trực lãnh đạo {phone}.",
        "cannot_come_manager": "Nếu không đến được, hãy báo ngay người quản lý của đơn vị.",
        "what_to_do": "Hãy gọi cho {name} hoặc bố trí người thay; mở bảng trực: {link}",
        "what_to_do_no_link": "Hãy gọi cho {name} hoặc bố trí người thay trên bảng trực.",
        "subject_arrived": "{name} đã có mặt, muộn {late}: ca {shift}",
        "intro_arrived": "{name} đã có mặt lúc {at}, muộn {late} — ca {shift} tại {where}.",
        "arrived_before": "Trước đó anh/chị đã được báo {name} chưa điểm danh.",
        "late_reason": "Lý do đến muộn ({name} nêu): {reason}",
        "no_late_reason": "{name} chưa nêu lý do đến muộn.",
        "drill": "Ca trực này thuộc buổi diễn tập, không phải lịch trực Tết.",
        "person": "Người trực",
        "phone": "Điện thoại",
        "duty": "Loại trực",
        "enterprise": "Đơn vị",
        "site": "Địa điểm",
        "time": "Thời gian",
        "local": "giờ Việt Nam",
        "board": "Bảng trực",
    },
    "en": {
        "subject_person": "You have not checked in: {shift}",
        "subject_others": "{name} has not checked in: {shift}",
        "intro_person": "You have not checked in for the shift {shift} at {where}, {grace} after it began.",
        "intro_others": "{name} has not checked in for the shift {shift} at {where}, {grace} after it began.",
        "if_on_duty": "If you are on duty, check in now at: {link}",
        "if_on_duty_no_link": "If you are on duty, check in now on the duty roster portal (My shifts).",
        "cannot_come_leader": "If you cannot come, tell the duty leader {leader} at once, on {phone}.",
        "cannot_come_leader_nophone": "If you cannot come, tell the duty leader {leader} at once.",
        "cannot_come_phone": "If you cannot come, call the leadership duty phone {phone} at once.",
        "cannot_come_manager": "If you cannot come, tell your enterprise's manager at once.",
        "what_to_do": "Call {name} or put someone else on; the duty board: {link}",
        "what_to_do_no_link": "Call {name} or put someone else on, on the duty board.",
        "subject_arrived": "{name} has come, {late} late: {shift}",
        "intro_arrived": "{name} checked in at {at}, {late} late — shift {shift} at {where}.",
        "arrived_before": "You were told earlier that {name} had not checked in.",
        "late_reason": "Why late (as {name} said): {reason}",
        "no_late_reason": "{name} has not said why they came late.",
        "drill": "This shift belongs to a drill, not to the Tết duty roster.",
        "person": "Person on duty",
        "phone": "Phone",
        "duty": "Duty type",
        "enterprise": "Enterprise",
        "site": "Site",
        "time": "Time",
        "local": "Vietnam time",
        "board": "Duty board",
    },
}


def shift_said(duty_type: str, starts_at: datetime, ends_at: datetime, lang: Lang) -> str:
    """ "Trực điều hành 18:00–06:00 (29 tháng Chạp)": the duty type's name (as the portal says it: QZ29 #2), the
    hours, and the start's lunar day (else its date); a shift taking in giao thừa says so, as the shift mails do
    (`messages.start_said`): "Trực điều hành 18:00–06:00 (29 tháng Chạp, giao thừa)" (R1's leftover: the night into
    mùng 1 read as any other)."""
    start = vntime.local(starts_at)
    _, hour = vntime.span_end(starts_at, ends_at)
    day = vntime.lunar_day_name(start.date(), lang) or vntime.date_said(start.date(), lang)
    if vntime.giao_thua(starts_at, ends_at):
        day = f"{day}, {vntime.GIAO_THUA[lang]}"
    return f"{duty_type_name(duty_type, lang)} {start:%H:%M}–{hour} ({day})"


def _where(view: MissedView, lang: Lang) -> str:
    enterprise = enterprise_label(view.enterprise_name, lang)
    return f"{view.site_name}, {enterprise}" if view.site_name else enterprise


def _details(view: MissedView, lang: Lang, *, person: bool) -> list[str]:
    w = _WORDS[lang]
    span = span_said(view.starts_at, view.ends_at, lang)
    eve = f"{vntime.GIAO_THUA[lang]}, " if vntime.giao_thua(view.starts_at, view.ends_at) else ""
    return labelled_lines(
        [
            *([] if person else [(w["person"], view.person_name), (w["phone"], phone_label(view.person_phone))]),
            (w["duty"], duty_type_name(view.duty_type, lang)),
            (w["enterprise"], enterprise_label(view.enterprise_name, lang)),
            (w["site"], view.site_name),
            (w["time"], noted(span, f"{eve}{w['local']}")),
        ]
    )


def _close(lang: Lang) -> list[str]:
    return ["", "-- ", message_texts(lang).signature]


def missed_message(view: MissedView, *, lang: Lang, to_person: bool, reader: str | None, link: str | None) -> Message:
    """The missed check-in alert: to the person (`to_person`: check in now at `link`, their shift; if they cannot
    come, whom to call), or to a leader on duty or a manager about them (`link`: the board's cell of the shift)."""
    w = _WORDS[lang]
    shift = shift_said(view.duty_type, view.starts_at, view.ends_at, lang)
    grace = offset_said(GRACE // timedelta(minutes=1), lang)
    subject = w["subject_person"] if to_person else w["subject_others"]
    lines = [message_texts(lang).greeting.format(name=reader), ""] if reader else []
    if view.drill:
        lines += [w["drill"], ""]
    if to_person:
        lines.append(w["intro_person"].format(shift=shift, where=_where(view, lang), grace=grace))
        lines.append(w["if_on_duty"].format(link=link) if link else w["if_on_duty_no_link"])
        if view.leader_name:
            key = "cannot_come_leader" if view.leader_phone else "cannot_come_leader_nophone"
            lines.append(w[key].format(leader=view.leader_name, phone=phone_label(view.leader_phone)))
        elif view.manager_phone:
            lines.append(w["cannot_come_phone"].format(phone=phone_label(view.manager_phone)))
        else:
            lines.append(w["cannot_come_manager"])
    else:
        lines.append(
            w["intro_others"].format(name=view.person_name, shift=shift, where=_where(view, lang), grace=grace)
        )
        lines.append(
            w["what_to_do"].format(name=view.person_name, link=link)
            if link
            else w["what_to_do_no_link"].format(name=view.person_name)
        )
    lines += ["", *_details(view, lang, person=to_person), *_close(lang)]
    said = subject.format(name=view.person_name, shift=shift)
    return Message(single_line(drill_marked(said, view.drill, lang)), "\n".join(lines))


def late_by(checked_in_at: datetime, late_from: datetime) -> int:
    """Minutes late, counted from the moment lateness counts from (the start), at least 1: the portal's "muộn" of the
    same check-in (`lichtruc.check_in.minutes_late`, whole minutes as the clock times read; QZ29 #2)."""
    return max(1, check_in.minutes_late(checked_in_at, late_from))


def arrived_message(
    view: MissedView,
    *,
    checked_in_at: datetime,
    lang: Lang,
    reader: str | None,
    link: str | None,
    late_reason: str | None = None,
) -> Message:
    """To a leader or manager told of a missed check-in: the person came, at what time, how late, and why as they said
    it (`late_reason`, QZ29 #13; none given: said so, so that the reader knows to ask)."""
    w = _WORDS[lang]
    shift = shift_said(view.duty_type, view.starts_at, view.ends_at, lang)
    late = offset_said(late_by(checked_in_at, view.late_from), lang)
    at = f"{vntime.local(checked_in_at):%H:%M}"
    lines = [message_texts(lang).greeting.format(name=reader), ""] if reader else []
    if view.drill:
        lines += [w["drill"], ""]
    lines.append(
        w["intro_arrived"].format(name=view.person_name, at=at, late=late, shift=shift, where=_where(view, lang))
    )
    if late_reason:
        lines.append(w["late_reason"].format(name=view.person_name, reason=late_reason))
    else:
        lines.append(w["no_late_reason"].format(name=view.person_name))
    lines.append(w["arrived_before"].format(name=view.person_name))
    if link:
        lines.append(f"{w['board']}: {link}")
    lines += ["", *_details(view, lang, person=False), *_close(lang)]
    subject = w["subject_arrived"].format(name=view.person_name, late=late, shift=shift)
    return Message(single_line(drill_marked(subject, view.drill, lang)), "\n".join(lines))
