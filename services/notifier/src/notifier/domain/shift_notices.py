"""Notices of a change of who is on a shift, to the people it concerns (QA round 9, #3). Pure: the shift comes in
as a `ShiftView`, the names already looked up, no clock (the caller passes `now`).

- a manager put other people on a shift (ShiftReassigned): each person added is told they are on it (in place
  of whom, by which manager), each person taken off that they no longer are (and who takes it);
- a manager moved a shift in time (ShiftRescheduled, not a handover): each person on it is told its old and new
  times, by which manager (QZ23 #2: nobody was told, and she could have come on the wrong night);
- a manager cancelled a shift (ShiftCancelled, not a handover): each person on it is told, by which manager and
  why (the reason's lines as typed); the .ics removes it from their calendar;
- a manager published a shift (ShiftPublished, not a handover's): each person on it is told it is theirs, by which
  manager, with its .ics; several of a person's shifts published together are told in one mail listing them all
  (`published_digest`, one .ics holding every event: see `handlers.notices.tell_shift_published`);
- a manager approved a swap (ShiftSwapped): the person who asked and the person who takes it are each told,
  with the manager's note;
- a swap was asked for (SwapRequested): a colleague named to take it is told it was asked, that the manager
  decides, and how he answers — the buttons at the link, or without a portal account the asker's and the manager's
  phones (no .ics: the invitation follows an approval); the enterprise's managers are told once it is theirs to
  decide (`managers_asked`): when the colleague accepts (SwapAnswered: `ready_message`), or at once when there is
  no answer to wait for — the colleague named has no portal account, or the shift starts within the urgent window —
  who asks, for which shift, to whom, with the link to the swap inbox; never again for the same request named anew
  after a decline (R5: each new name mailed them again); its withdrawal only if they were told of it;
- a manager rejected a swap (SwapRejected): the person who asked is told, with the reason; the colleague it named,
  that it is closed and he does not take the shift;
- a manager handed over the rest of a shift under way (a new shift continuing it, then the old one ending at the
  moment): each person on the new shift is told they take over the rest from then, in place of whom and why (in
  place of the routine reminder of a new shift); each person relieved, that they are off it from then and who
  takes the rest.

Each notice says the shift as a reminder does (duty type, enterprise, site, time with its lunar day, colleagues),
and ends with the link to the shift (the managers': to the swap inbox). A drill's notices say that it is one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from lichtruc import vntime
from lichtruc.events import SYSTEM_ACTOR
from lichtruc.text import phone_label
from lichtruc.words import rest_said, when

from .messages import (
    Message,
    ShiftView,
    drill_marked,
    enterprise_label,
    labelled_lines,
    single_line,
    span_said,
    start_said,
    time_said,
)
from .on_duty import people_said
from .reminders import QuietHours
from .texts import Lang, duty_type_name, early_leave_texts, feed_texts, message_texts, notice_texts, offset_said

__all__ = [
    "NoticeKind",
    "Published",
    "answered_message",
    "asked_message",
    "asked_you_message",
    "cancelled_message",
    "early_leave_message",
    "handover_off_message",
    "handover_taker_message",
    "lapsed_message",
    "moved_message",
    "notice_payload",
    "notice_time",
    "people_now",
    "published_digest",
    "published_message",
    "published_notice_time",
    "publisher",
    "put_on_message",
    "quoted",
    "ready_message",
    "rejected_message",
    "swap_asker_message",
    "swap_taker_message",
    "taken_off_message",
    "withdrawn_message",
]

NoticeKind = Literal[
    "shift_put_on",
    "shift_taken_off",
    "swap_approved",
    "swap_asked",
    "swap_asked_you",
    "swap_rejected",
    "swap_withdrawn",
    "swap_lapsed",
    "swap_answered",
    "swap_ready",
    "handover_taker",
    "handover_off",
    "early_leave",
    "shift_moved",
    "shift_cancelled",
    "shift_published",
]
"""The deliveries' kinds of these notices (deliveries.kind holds 16 characters)."""


def quoted(text: str) -> str:
    """A person's own words as a notice quotes them inside a sentence: “…” (in both languages), on one line."""
    return f"“{' '.join(text.split())}”"


def quoted_lines(text: str) -> str:
    """A person's own words as a labelled line of a notice quotes them (a swap's reason, a manager's note): their
    line breaks kept — each line's spaces collapsed — the lines after the first one space in, under the first one's
    words past the opening mark, once `labelled_lines` has set them under the label (QZ17 #6: "Nhà có việc đột
    xuất⏎xin nhờ anh Tuấn" reached the manager as one line). A blank line between two is kept as one empty line, as
    the board and the portal show it (QZ21 #7: the mails dropped it); blank lines before the first and after the
    last are left out."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for i, line in enumerate(lines) if line or (i > 0 and lines[i - 1])]
    while kept and not kept[-1]:
        kept.pop()
    return "“" + "\n".join(f" {line}" if line and i else line for i, line in enumerate(kept)) + "”"


def _said(text: str | None) -> str | None:
    """A person's words for a labelled line (`quoted_lines`), or None when they wrote nothing."""
    return quoted_lines(text) if text and text.strip() else None


def _names(names: Sequence[str]) -> str:
    return ", ".join(n for n in names if n)


def _named(name: str | None, lang: Lang, *, template: str, field: str) -> str:
    """A person's name for `{field}` of `template`, else — notifier knows no name of them — the reader's words for
    one ("một đồng nghiệp", "a colleague"; QA: Vietnamese in an English mail), capitalised when it opens the
    sentence."""
    if name:
        return name
    someone = notice_texts(lang).someone
    return someone[:1].upper() + someone[1:] if template.startswith(f"{{{field}}}") else someone


def _manager(actor: str | None, actor_name: str | None, lang: Lang) -> str | None:
    """Who made the change as a person reads it: the account's display name the event carries, else (an event from
    before roster carried it, an account it no longer knew) the reader's words for a manager — never the login the
    `actor` is (QA round 10, #15). None when roster made the change by itself or an import did."""
    if not actor or actor in (SYSTEM_ACTOR, "import"):
        return None
    return actor_name.strip() if actor_name and actor_name.strip() else notice_texts(lang).a_manager


def notice_time(now: datetime, *, quiet: QuietHours | None, starts_at: datetime | None) -> datetime:
    """When a notice to a person goes out: now, or, inside their quiet hours, at their end — unless the shift
    starts before then (a person put on a shift at 02:00 for 04:00 must know before it starts: then now).
    `starts_at` None: nothing of theirs starts (an incident they no longer respond to), the end of quiet hours."""
    if quiet is None or not quiet.contains(now):
        return now
    ends = quiet.ends(now)
    return ends if starts_at is None or ends < starts_at else now


def published_notice_time(
    now: datetime, *, quiet: QuietHours | None, starts_at: datetime, window: timedelta
) -> datetime:
    """When the e-mail of a published shift goes out: `window` after `notice_time` (so that the person's other
    shifts published with it, within the window, join it in one mail), but never later than when `notice_time`
    would send it if the shift starts within that window (a shift published at 09:00 for 09:05 is told at once)."""
    at = notice_time(now, quiet=quiet, starts_at=starts_at)
    return at + window if at + window < starts_at else at


def _subject(head: str, view: ShiftView, lang: Lang) -> str:
    when = start_said(view.starts_at, view.ends_at, lang)
    title = duty_type_name(view.duty_type, lang)  # the one name, as the body and the portal say it
    return single_line(
        drill_marked(f"{head}: {title} — {enterprise_label(view.enterprise_name, lang)}, {when}", view.drill, lang)
    )


People = Literal["colleagues", "on_duty", "none"]
"""How a notice lists the people on the shift: as its reader's colleagues, as everyone on it (to a manager), or not."""


def _shift_lines(view: ShiftView, lang: Lang, *, people: People = "colleagues") -> list[str]:
    words, labels = message_texts(lang), feed_texts(lang)
    listed: list[tuple[str, str | None]] = []
    if people == "colleagues":  # and who else is on duty meanwhile, when read (`domain.on_duty`)
        listed = people_said(view.colleagues, view.beside, starts_at=view.starts_at, ends_at=view.ends_at, lang=lang)
    elif people == "on_duty":
        listed = [(labels.on_duty, ", ".join(view.colleagues) or labels.nobody_on_duty)]
    return labelled_lines(
        [
            (words.duty_type, duty_type_name(view.duty_type, lang)),
            (labels.enterprise, enterprise_label(view.enterprise_name, lang)),
            (labels.site, view.site_name),
            (words.time, time_said(view.starts_at, view.ends_at, lang)),
            *listed,
            (labels.manager_phone, phone_label(view.manager_phone)),
            (labels.notes, view.notes),
        ]
    )


def people_now(text: str, view: ShiftView, lang: Lang) -> str:
    """A notice's `text` as the consumer wrote it, its shift's own colleagues said on one line (`_shift_lines` of
    "colleagues" without `view.beside`: the names, or "không có — … xem trang “Ca trực của tôi”"), with that line
    said again from `view` as the mail goes out — the shift's colleagues then and who else of the enterprise is on
    duty meanwhile (`view.beside`, read then), `on_duty.people_said`'s lines: what the person's feed, the mail's
    .ics and the portal's "Cùng trực" say (QZ29 #1's leftover: the text said "Đồng nghiệp cùng ca: không có" beside
    an .ics naming four). A text without that line (a notice saying everyone on the shift, or nobody), or `view`
    without who is beside, is returned as it is."""
    head = f"  {feed_texts(lang).colleagues}: "
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith(head)), None)
    if at is None or view.beside is None:
        return text
    said = people_said(view.colleagues, view.beside, starts_at=view.starts_at, ends_at=view.ends_at, lang=lang)
    return "\n".join([*lines[:at], *labelled_lines(said), *lines[at + 1 :]])


def _message(
    view: ShiftView,
    *,
    head: str,
    intro: str,
    lang: Lang,
    greet: str | None,
    extra: Sequence[tuple[str, str | None]] = (),
    after: Sequence[str] = (),
    link: tuple[str, str | None] = ("", None),
    people: People = "colleagues",
) -> Message:
    words = message_texts(lang)
    label, url = link
    body = [
        *([words.greeting.format(name=greet), ""] if greet else []),
        *([words.reminder_drill, ""] if view.drill else []),
        intro,
        "",
        *_shift_lines(view, lang, people=people),
        *labelled_lines(list(extra)),
        "",
        *(line for text in after for line in (text, "")),
        *([f"{label}: {url}", ""] if url else []),
        "-- ",
        words.signature,
    ]
    return Message(subject=_subject(head, view, lang), text="\n".join(body) + "\n")


def _note(note: str | None, lang: Lang) -> tuple[str, str | None]:
    return notice_texts(lang).manager_note, _said(note)


def put_on_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    instead_of: Sequence[str],
    actor: str | None,
    actor_name: str | None = None,
    note: str | None = None,
    link: str | None = None,
) -> Message:
    """A person a manager put on a shift (ShiftReassigned): in place of whom, by whom; the .ics goes with it."""
    t, words = notice_texts(lang), message_texts(lang)
    manager = _manager(actor, actor_name, lang)
    intro = (
        t.put_on_intro
        + (t.put_on_instead.format(names=_names(instead_of)) if _names(instead_of) else "")
        + (t.put_on_by.format(manager=manager) if manager else "")
        + t.end
    )
    return _message(
        view,
        head=t.put_on_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[_note(note, lang)],
        after=[words.attachment_note],
        link=(words.reminder_link, link),
    )


def taken_off_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    given_to: Sequence[str],
    actor: str | None,
    actor_name: str | None = None,
    note: str | None = None,
    link: str | None = None,
) -> Message:
    """A person a manager took off a shift (ShiftReassigned): who takes it, by whom; the .ics removes it."""
    t = notice_texts(lang)
    manager = _manager(actor, actor_name, lang)
    intro = (
        t.taken_off_intro
        + (t.taken_off_to.format(names=_names(given_to)) if _names(given_to) else "")
        + (t.taken_off_by.format(manager=manager) if manager else "")
        + t.end
    )
    return _message(
        view,
        head=t.taken_off_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[_note(note, lang)],
        after=[t.taken_off_calendar],
        people="none",  # the people on it now are said above
    )


def moved_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    previous_starts_at: datetime,
    previous_ends_at: datetime,
    actor: str | None,
    actor_name: str | None = None,
    link: str | None = None,
) -> Message:
    """A person on a shift a manager moved in time (ShiftRescheduled, QZ23 #2): its times before and now, each with
    its lunar days and an end at midnight said 24:00 (`lichtruc.words.span`), by whom; the .ics moves it in their
    calendar. The lines below say the shift as it is now."""
    t = notice_texts(lang)
    manager = _manager(actor, actor_name, lang)
    intro = (
        t.moved_intro.format(
            before=span_said(previous_starts_at, previous_ends_at, lang),
            after=span_said(view.starts_at, view.ends_at, lang),
        )
        + (t.moved_by.format(manager=manager) if manager else "")
        + t.end
    )
    return _message(
        view,
        head=t.moved_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        after=[t.moved_calendar],
        link=(message_texts(lang).reminder_link, link),
    )


def cancelled_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    reason: str | None,
    actor: str | None,
    actor_name: str | None = None,
    link: str | None = None,
) -> Message:
    """A person on a shift a manager cancelled (ShiftCancelled, not a handover): by whom and why (the reason's lines
    kept, `quoted_lines`); the lines below say the shift as it was, its time with its lunar days and an end at
    midnight said 24:00; the .ics (METHOD:CANCEL) removes it from their calendar."""
    t = notice_texts(lang)
    manager = _manager(actor, actor_name, lang)
    intro = t.cancelled_intro + (t.cancelled_by.format(manager=manager) if manager else "") + t.end
    return _message(
        view,
        head=t.cancelled_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[(t.cancelled_reason, _said(reason))],
        after=[t.cancelled_calendar],
        link=(t.shift_link, link),  # nothing to check in to: only to see it among their shifts
    )


def publisher(actor: str | None, actor_name: str | None) -> str | None:
    """Who published a shift, as its notice keeps it until it goes out (`published_digest` says it): the account's
    display name; "" for a manager whose name the event does not carry (said "a manager" in the reader's
    language); None when roster or an import published it (nobody named)."""
    if not actor or actor in (SYSTEM_ACTOR, "import"):
        return None
    return actor_name.strip() if actor_name and actor_name.strip() else ""


def _publisher_said(by: str | None, lang: Lang) -> str | None:
    return None if by is None else by or notice_texts(lang).a_manager


@dataclass(frozen=True, slots=True)
class Published:
    """One of a person's published shifts, as `published_digest` tells it: the shift, who published it
    (`publisher`) and the link to it."""

    view: ShiftView
    by: str | None
    link: str | None
    left: int | None = None
    """Minutes until it starts, when the mail stands for its reminder (published less than the person's first reminder
    ahead: that reminder was skipped, `domain.reminders.PUBLISHED`); None: its reminders follow as planned."""


def _starts_in(left: int | None, lang: Lang) -> list[tuple[str, str | None]]:
    """The line of a shift whose mail stands for its reminder: how long until it starts, as the late reminder says it."""
    if left is None:
        return []
    t = notice_texts(lang)
    return [(t.published_starts_in, t.published_starts_in_value.format(left=offset_said(max(1, left), lang)))]


def published_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    by: str | None,
    link: str | None = None,
    left: int | None = None,
) -> Message:
    """A person on a shift a manager published (ShiftPublished): that it is theirs, by whom (`publisher`), the shift
    as a reminder says it (duty type, site, time with its lunar days and an end at midnight said 24:00, colleagues);
    the .ics adds it to their calendar. ``left`` (`Published.left`): published less than a reminder ahead, it says
    what that reminder would have — the time left, with the link to check in — since it is not sent."""
    t, words = notice_texts(lang), message_texts(lang)
    manager = _publisher_said(by, lang)
    intro = t.published_intro + (t.published_by.format(manager=manager) if manager else "") + t.end
    return _message(
        view,
        head=t.published_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=_starts_in(left, lang),
        after=[t.published_calendar],
        link=(words.reminder_link, link),
    )


def published_digest(shifts: Sequence[Published], *, person_name: str, lang: Lang) -> Message:
    """The mail of a person's shifts published together (a manager published a whole campaign's drafts): how many,
    by whom (each manager once), then each shift in time order under its own numbered heading, with its lines and
    its link; the .ics holds them all. Its subject says how many and over which days (`_days_said`), marked a
    drill's only when every shift is one.
    One shift: `published_message`."""
    if not shifts:
        raise ValueError("a digest of published shifts lists at least one")
    if len(shifts) == 1:
        one = shifts[0]
        return published_message(one.view, person_name=person_name, lang=lang, by=one.by, link=one.link, left=one.left)
    t, words = notice_texts(lang), message_texts(lang)
    ordered = sorted(shifts, key=lambda p: (p.view.starts_at, p.view.ends_at, str(p.view.shift_id)))
    count = len(ordered)
    managers: list[str] = []
    for p in ordered:
        name = _publisher_said(p.by, lang)
        if name and name not in managers:
            managers.append(name)
    intro = (
        t.published_many_intro.format(count=count)
        + (t.published_many_by.format(managers=_names(managers)) if managers else "")
        + t.end
    )
    body = [words.greeting.format(name=person_name), ""] if person_name else []
    body += [intro, ""]
    for n, p in enumerate(ordered, start=1):
        body.append(drill_marked(t.published_item.format(n=n, count=count), p.view.drill, lang) + ":")
        body += _shift_lines(p.view, lang)
        body += labelled_lines(_starts_in(p.left, lang))
        body += [f"  {words.reminder_link}: {p.link}"] if p.link else []
        body.append("")
    body += [t.published_many_calendar.format(count=count), "", "-- ", words.signature]
    days = _days_said(
        ordered[0].view.starts_at, max(vntime.span_end(p.view.starts_at, p.view.ends_at)[0] for p in ordered), lang
    )
    subject = single_line(
        drill_marked(t.published_many_subject.format(count=count, days=days), all(p.view.drill for p in ordered), lang)
    )
    return Message(subject=subject, text="\n".join(body) + "\n")


def _days_said(first: datetime, last: date, lang: Lang) -> str:
    """The days a digest's shifts fall on, for its subject (QZ25 #11: "… đã được công bố: 12 ca" gave no dates): the
    first shift's day and the last one's last day (an end at midnight is the day before's), each with its lunar
    day as the other subjects say it — "05/02 – 07/02/2027 (29 tháng Chạp – Mùng 2 Tết)", "5 Feb – 7 Feb 2027
    (…)"; one day said once; the year on the last day only, unless they differ."""
    start = vntime.local_day(first)
    lunar = [vntime.short_lunar_day_name(d, lang) for d in (start, last)]
    if start == last:
        return vntime.date_said(start, lang) + (f" ({lunar[0]})" if lunar[0] else "")
    said = f"{vntime.date_said(start, lang, year=start.year != last.year)} – {vntime.date_said(last, lang)}"
    return said + (f" ({lunar[0]} – {lunar[1]})" if all(lunar) else "")


def swap_taker_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    asker: str | None,
    actor: str | None,
    actor_name: str | None = None,
    note: str | None,
    link: str | None = None,
) -> Message:
    """The person who takes a shift by an approved swap (ShiftSwapped): that it is his now, whose it was (`asker`
    None: a name notifier does not know), the manager's note; its link to see it and check in when it starts — not
    "nhận ca", which read as one more step after the approval (QZ29 #2)."""
    t, words = notice_texts(lang), message_texts(lang)
    manager = _manager(actor, actor_name, lang)
    asker = _named(asker, lang, template=t.swap_taker_intro, field="asker")
    intro = t.swap_taker_intro.format(asker=asker) + (t.swap_by.format(manager=manager) if manager else "") + t.end
    return _message(
        view,
        head=t.swap_taker_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[_note(note, lang)],
        after=[words.attachment_note],
        link=(t.swap_taker_link, link),
    )


def swap_asker_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    taker: str | None,
    actor: str | None,
    note: str | None,
    actor_name: str | None = None,
) -> Message:
    """The person whose swap request was approved (ShiftSwapped): who takes the shift (`taker` None: a name
    notifier does not know), the manager's note."""
    t = notice_texts(lang)
    manager = _manager(actor, actor_name, lang)
    taker = _named(taker, lang, template=t.swap_asker_intro, field="taker")
    intro = t.swap_asker_intro.format(taker=taker) + (t.swap_by.format(manager=manager) if manager else "") + t.end
    return _message(
        view,
        head=t.swap_asker_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[_note(note, lang)],
        after=[t.taken_off_calendar],
        people="none",
    )


def managers_asked(*, named: bool, account: bool | None, urgent: bool, told_already: bool) -> bool:
    """Whether the enterprise's managers are mailed a swap request as it is asked (SwapRequested): only when it is
    theirs to decide now and they have not heard of it (`told_already`: this request's mail or its ready mail went
    to them before — a request named anew after a decline). It is theirs now when the colleague it names has no
    portal account to answer on (`account` False: they agree by phone, the manager decides saying how) or when its
    shift starts within the urgent window (`urgent`: domain.swap_urgency — no time to wait for an answer). Else they
    are told when it is ready, the colleague's acceptance (or an open request taken): `ready_message`."""
    return not told_already and (urgent or (named and account is False))


def asked_message(
    view: ShiftView,
    *,
    reader_name: str | None,
    lang: Lang,
    asker: str,
    to: str | None,
    reason: str | None,
    link: str | None = None,
    starts_in: int | None = None,
) -> Message:
    """An enterprise's manager, of a swap asked for (SwapRequested): who asks, to whom, why; the swap inbox.
    `starts_in`: the minutes until the shift starts, when the request is urgent (domain.swap_urgency) — the subject
    begins "Gấp: " and the body says how long is left, as the inbox marks it (QZ19 #12)."""
    t = notice_texts(lang)
    intro = t.asked_intro.format(asker=asker, to=to or t.asked_anyone) + t.end
    if starts_in is not None:  # the minutes said as the rest between shifts is ("2 giờ 10 phút", "26 phút")
        intro += " " + t.asked_starts_in.format(left=rest_said(starts_in / 60, lang))
    return _message(
        view,
        head=(t.asked_urgent if starts_in is not None else "") + t.asked_subject,
        intro=intro,
        lang=lang,
        greet=reader_name,
        extra=[(t.reason, _said(reason))],
        # a named colleague answers first (QZ26 #12): the managers are told again once it is ready to decide
        after=[t.asked_wait.format(to=to) if to else t.asked_action],
        link=(t.asked_link, link),
        people="on_duty",  # the whole shift's entry: everyone on it
    )


def asked_you_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    asker: str | None,
    reason: str | None,
    link: str | None = None,
    asker_phone: str | None = None,
    account: bool | None = True,
) -> Message:
    """The colleague a swap request names (SwapRequested): who asks to hand them the shift (`asker` None: a name
    notifier does not know); the manager decides. No .ics goes with it, and it says the invitation follows an approval
    (QZ24 #2: a confirmed event of the whole shift sat in his calendar before anyone approved, stayed there after a
    rejection, and doubled the approval's).

    What he does about it is said once (QZ29 #1: the mail said both "answer her or call the manager" and "press the
    buttons"). With a portal account (`account` True): press “Nhận” or “Từ chối”, at `link` — his shifts page at the
    request, where the buttons are (his swap requests only showed it). Without one (`account` False, as for many
    duty workers: QZ25 #5, the link led to a sign-in he could not pass): answer the asker by name (and
    `asker_phone`) or call the manager on the leadership duty phone, no link, and a line that he needs none, the mail
    saying the whole shift. None (notifier cannot tell): the buttons and the link, and the phone calls if he cannot
    sign in."""
    t = notice_texts(lang)
    named = _named(asker, lang, template=t.asked_you_intro, field="asker")
    said = {
        "asker": asker or t.someone,
        "asker_phone": t.asked_you_asker_phone.format(phone=phone_label(asker_phone)) if asker_phone else "",
        "manager_phone": (
            t.asked_you_manager_phone.format(phone=phone_label(view.manager_phone)) if view.manager_phone else ""
        ),
    }
    if account is False:
        what = [t.asked_you_answer.format(**said), t.asked_you_calendar, t.asked_you_no_account]
    else:
        what = [t.asked_you_portal, *([t.asked_you_cannot_sign_in.format(**said)] if account is None else [])]
        what.append(t.asked_you_calendar)  # no event in his calendar before anyone approved (QZ24 #2)
    return _message(
        view,
        head=t.asked_you_subject,
        intro=t.asked_you_intro.format(asker=named) + t.end,
        lang=lang,
        greet=person_name,
        extra=[(t.reason, _said(reason))],
        after=what,
        link=(t.asked_you_link, link if account is not False else None),
        people="on_duty",  # not theirs yet: whoever is on it now
    )


def answered_message(
    view: ShiftView,
    *,
    reader_name: str,
    lang: Lang,
    taker: str | None,
    accepted: bool,
    taken: bool,
    note: str | None,
    link: str | None = None,
) -> Message:
    """The person who asked, of the colleague's answer (SwapAnswered, QZ26 #12): accepted — or, `taken`, an open
    request taken — it waits for the manager, and she is still on the shift until then; declined — she is still on
    it, and asks someone else or withdraws (a manager does not approve it); the colleague's note quoted. `link`: her
    swap requests, at this one's card."""
    t = notice_texts(lang)
    template = (t.answered_taken_intro if taken else t.answered_yes_intro) if accepted else t.answered_no_intro
    who = _named(taker, lang, template=template, field="taker")
    return _message(
        view,
        head=t.answered_yes_subject if accepted else t.answered_no_subject,
        intro=template.format(taker=who) + t.end,
        lang=lang,
        greet=reader_name,
        extra=[(t.answer_note, _said(note))],
        after=[] if accepted else [t.answered_no_action],
        link=(t.your_requests_link, link),
        people="colleagues",  # still hers: her colleagues on it beside her
    )


def ready_message(
    view: ShiftView,
    *,
    reader_name: str | None,
    lang: Lang,
    asker: str,
    taker: str,
    note: str | None,
    link: str | None = None,
) -> Message:
    """An enterprise's manager, once the colleague accepted a swap request (SwapAnswered, QZ26 #12): it is ready to
    decide; the colleague's note; the swap inbox."""
    t = notice_texts(lang)
    return _message(
        view,
        head=t.ready_subject,
        intro=t.ready_intro.format(taker=taker, asker=asker) + t.end,
        lang=lang,
        greet=reader_name,
        extra=[(t.answer_note, _said(note))],
        after=[t.ready_action],
        link=(t.asked_link, link),
        people="on_duty",
    )


def withdrawn_message(
    view: ShiftView, *, reader_name: str | None, lang: Lang, asker: str | None, named: bool, link: str | None = None
) -> Message:
    """Someone a swap request reached, once its asker withdrew it (SwapWithdrawn): an enterprise's manager (nothing
    to decide any more), or — `named` — the colleague it named, who need not take the shift (QZ13 #5)."""
    t = notice_texts(lang)
    template = t.withdrawn_you_intro if named else t.withdrawn_intro
    asker = _named(asker, lang, template=template, field="asker")
    return _message(
        view,
        head=t.withdrawn_you_subject if named else t.withdrawn_subject,
        intro=template.format(asker=asker) + t.end,
        lang=lang,
        greet=reader_name,
        after=[] if named else [t.withdrawn_action],
        link=(t.your_requests_link if named else t.withdrawn_link, link),  # never his shift (QZ20 #7)
        people="on_duty",  # the shift as it stands: its people unchanged
    )


def lapsed_message(
    view: ShiftView,
    *,
    reader_name: str | None,
    lang: Lang,
    lapsed_at: datetime,
    asker: str | None = None,
    named: bool = False,
    link: str | None = None,
) -> Message:
    """A swap request still waiting when its shift began (SwapLapsed, QZ15 #1): to the person who asked — still on
    duty, the shift under way — or, `named`, to the colleague it named, who does not take it over: his `link` is
    to the swap requests asked of him, said so (the shift is not his to open, QZ20 #7)."""
    t = notice_texts(lang)
    moment = vntime.clock(lapsed_at, lang)
    if named:
        who = _named(asker, lang, template=t.lapsed_you_intro, field="asker")
        intro = t.lapsed_you_intro.format(asker=who, moment=moment)
    else:
        intro = t.lapsed_intro.format(moment=moment)
    return _message(
        view,
        head=t.lapsed_you_subject if named else t.lapsed_subject,
        intro=intro + t.end,
        lang=lang,
        greet=reader_name,
        after=[] if named else [t.lapsed_action],
        link=(
            t.your_requests_link if named else t.shift_link,
            link,
        ),  # the shift under way is no one's to take (QZ18 #8b)
        people="on_duty"
        if named
        else "colleagues",  # its people unchanged: the asker's colleagues are still beside her
    )


def rejected_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    actor: str | None,
    actor_name: str | None = None,
    reason: str | None,
    link: str | None = None,
    asker: str | None = None,
    named: bool = False,
) -> Message:
    """The person whose swap request a manager rejected (SwapRejected): still on the shift, and why. `named`: to
    the colleague the request named (QZ22 #12b: told when it was asked, withdrawn or lapsed, not when rejected) —
    the request is closed, he does not take the shift and need do nothing; his `link` is to the swap requests asked
    of him, as his other mails' (QZ20 #7)."""
    t = notice_texts(lang)
    manager = _manager(actor, actor_name, lang)
    if named:
        who = _named(asker, lang, template=t.rejected_you_intro, field="asker")
        return _message(
            view,
            head=t.rejected_you_subject,
            intro=t.rejected_you_intro.format(asker=who)
            + (t.rejected_by.format(manager=manager) if manager else "")
            + t.end,
            lang=lang,
            greet=person_name,
            extra=[(t.rejected_reason, _said(reason))],
            link=(t.your_requests_link, link),
            people="on_duty",  # not his: whoever is on it, as it stands
        )
    intro = t.rejected_intro + (t.rejected_by.format(manager=manager) if manager else "") + t.end
    return _message(
        view,
        head=t.rejected_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[(t.rejected_reason, _said(reason))],
        after=[t.rejected_action],
        link=(t.shift_link, link),  # still theirs: nothing to take (QZ18 #8b)
    )


def handover_taker_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    moment: datetime,
    relieved: Sequence[str],
    reason: str | None,
    link: str | None = None,
    whole: bool = False,
    actor: str | None = None,
    actor_name: str | None = None,
    was_on: datetime | None = None,
) -> Message:
    """A person on the shift that takes over the rest of another (a handover): from when, in place of whom, by whom,
    and why on a labelled line of its own, the reason's lines kept (`quoted_lines`; QZ20 #5: it was flattened into
    the sentence, where the relieved person's mail kept them); the .ics goes with it. Said so even when the moment has passed: the shift is under way. `whole`: nobody on
    the other had come — the shift from the moment to its end, saying so (QZ13 #2: "nhận cả ca … từ giờ bắt đầu
    06:00" reached a replacement told at 09:08). `was_on`: the start of the shift nobody came to, which this person
    was on too — one mail saying both, the old shift cancelled and this one theirs in its place (M3 leftover: he was
    told only of the new one); its .ics adds the new one (one calendar file a mail, of one METHOD: the old event
    leaves a subscribed feed by itself, and the mail says to delete one added from a mail)."""
    t, words = notice_texts(lang), message_texts(lang)
    manager = _manager(actor, actor_name, lang)
    if was_on is not None:
        return _message(
            view,
            head=t.handover_both_subject,
            intro=t.handover_both_intro.format(
                start=vntime.clock(was_on, lang),
                moment=vntime.clock(moment, lang),
                end=vntime.clock(view.ends_at, lang),
            )
            + (t.handover_by.format(manager=manager) if manager else "")
            + t.end,
            lang=lang,
            greet=person_name,
            extra=[(t.reason, _said(reason))],
            after=[t.handover_both_calendar],
            link=(words.reminder_link, link),
        )
    intro = (
        (t.handover_whole_taker_intro if whole else t.handover_taker_intro).format(
            moment=vntime.clock(moment, lang), end=vntime.clock(view.ends_at, lang)
        )
        + (t.handover_taker_instead.format(names=_names(relieved)) if _names(relieved) else "")
        + (t.handover_by.format(manager=manager) if manager else "")
        + t.end
    )
    return _message(
        view,
        head=t.handover_whole_taker_subject if whole else t.handover_taker_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[(t.reason, _said(reason))],  # its lines kept, as the relieved person's mail (QZ20 #5)
        after=[words.attachment_note],
        link=(words.reminder_link, link),
    )


def handover_off_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    moment: datetime,
    replacements: Sequence[str],
    reason: str | None,
    whole: bool = False,
    actor: str | None = None,
    actor_name: str | None = None,
    taken_from: datetime | None = None,
    link: str | None = None,
) -> Message:
    """A person relieved of a shift by a handover: off it from when, who takes the rest, by whom, why; the .ics
    moves its end to the moment. `whole`: nobody on it having checked in — off the whole shift, the .ics removing
    it, the others on duty from `taken_from` (the moment of the handover; unknown: the shift's start). `link`: to
    their shift, whose card says the same (QZ21 #8: the taker's mail had one, this one none)."""
    t = notice_texts(lang)
    off, to = (
        (t.handover_whole_off_intro, t.handover_whole_off_to) if whole else (t.handover_off_intro, t.handover_off_to)
    )
    manager = _manager(actor, actor_name, lang)
    intro = (
        off.format(moment=vntime.clock(moment, lang))
        + (
            to.format(names=_names(replacements), moment=vntime.clock(taken_from or moment, lang))
            if _names(replacements)
            else ""
        )
        + (t.handover_by.format(manager=manager) if manager else "")
        + t.end
    )
    return _message(
        view,
        head=t.handover_off_subject,
        intro=intro,
        lang=lang,
        greet=person_name,
        extra=[(t.reason, _said(reason))],
        after=[t.taken_off_calendar if whole else t.handover_off_calendar],
        people="none",
        link=(t.shift_link, link),  # nothing to check in to: only to see it
    )


def notice_payload(
    view: ShiftView,
    *,
    kind: NoticeKind,
    delivery_id: uuid.UUID,
    staff_id: uuid.UUID,
    person_name: str,
    lang: Lang,
    message: Message,
    reason: str | None = None,
) -> dict[str, Any]:
    """The JSON a person's webhook receives for a notice; ``text`` is ready for a chat or SMS gateway. ``reason``:
    the words the manager gave for the change, as typed (its lines kept), for a receiver to show or file on their own
    (M3: a cancellation's was only inside ``text``) — a cancellation's, a handover's, a rejected swap's; null for a
    notice without one, or when none was given."""
    return {
        "type": "lichtruc.notifier.shift_notice.v1",
        "kind": kind,
        "delivery_id": str(delivery_id),
        "language": lang,
        "subject": message.subject,
        "text": message.text,
        "reason": reason.strip() if reason and reason.strip() else None,
        "person": {"staff_id": str(staff_id), "full_name": person_name},
        "shift": {
            "shift_id": str(view.shift_id),
            "enterprise_id": str(view.enterprise_id),
            "enterprise_name": view.enterprise_name,
            "site_name": view.site_name,
            "duty_type": view.duty_type,
            "duty_type_name": duty_type_name(view.duty_type, lang),
            "starts_at": vntime.local(view.starts_at).isoformat(),
            "ends_at": vntime.local(view.ends_at).isoformat(),
            "lunar_day": vntime.lunar_day_name(vntime.local_day(view.starts_at), lang),
            "drill": view.drill,
        },
    }


def early_leave_message(
    view: ShiftView,
    *,
    reader_name: str | None,
    lang: Lang,
    person: str,
    moment: datetime,
    reason: str,
    colleague: str | None,
    link: str | None,
) -> Message:
    """An enterprise's manager, of an early-leave notice (EarlyLeaveAsked, QZ29 #8): who must leave the shift, from
    when (Vietnam time with its lunar day), why, the colleague who agreed to take over; that the roster has not
    changed; the link to the board's cell with the handover form drawn for the shift from that moment (the colleague
    ticked)."""
    t = early_leave_texts(lang)
    return _message(
        view,
        head=t.subject.format(person=person),
        intro=t.intro.format(person=person, moment=when(moment, lang)),  # with its lunar day
        lang=lang,
        greet=reader_name,
        extra=[(t.reason, _said(reason)), (t.colleague, colleague)],
        after=[t.nothing_changed_colleague.format(colleague=colleague) if colleague else t.nothing_changed],
        link=(t.link, link),
        people="on_duty",
    )
