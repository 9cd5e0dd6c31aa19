"""Personal duty calendars as iCalendar bytes (RFC 5545, with RFC 7986 extras).

Pure functions from values to bytes: no clock, no I/O. The same input always
gives byte-identical output, so the HTTP layer can use a hash of the bytes as
an ETag and clients that poll every few minutes get ``304 Not Modified``.

The serialiser is written here rather than built with ``icalendar`` objects:
building and serialising 10,000 events with ``icalendar`` 7 takes seconds,
this takes a small fraction of that. The tests parse every output with both
``icalendar`` and ``ical`` to prove the two independent parsers accept it.

A person's feed carries their reminders as alarms (VALARM, RFC 5545 3.6.6), one per offset, on
every shift not cancelled and not over, so that a phone's calendar reminds them by itself; so does the .ics
mailed to them of a shift still on (one builder, `_triggers`). Apple Calendar and
Outlook honour alarms in a subscribed calendar; Google Calendar ignores them and uses its own
default notifications.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal, get_args

from lichtruc.text import phone_label
from lichtruc.vntime import VIETNAM, date_said, local
from notifier.domain.on_duty import LEADERSHIP, Beside, leaders_said, people_said
from notifier.domain.texts import FeedTexts, Lang, check_lang, duty_type_name, feed_texts, offset_said

WHOLE_SHIFT = "all"
"""The `person_id` of an entry that is a whole shift (an enterprise's or a duty type's feed), not one person's."""

__all__ = [
    "TZID",
    "EntryStatus",
    "FeedEntry",
    "FeedSpec",
    "InvitationMethod",
    "invitation_method",
    "render_feed",
    "render_invitation",
    "render_invitations",
]

TZID = "Asia/Ho_Chi_Minh"

# Local times are Vietnam time (lichtruc.vntime.VIETNAM, Asia/Ho_Chi_Minh), which has been a fixed
# UTC+07:00 without daylight saving since 13 June 1975; the VTIMEZONE below states exactly that.
# Fast path: the serialiser writes two local stamps per event (10,000 events in a big feed), and
# adding the fixed offset is measurably cheaper than a ZoneInfo conversion: render_feed of 10,000
# events, 41 interleaved runs, CPU-time medians 113 ms against 120 ms (the stamps alone: 21 against
# 27 ms per 20,000); see bench/bench_notifier_feed.py for the whole request. It is provably the same
# for every instant from 1975-06-13 on: the zone has no transition after that date
# (tests/notifier/domain/test_calendar.py compares both across 1975-2100). Earlier instants are
# converted by ZoneInfo.
_LOCAL_OFFSET = timedelta(hours=7)
_FIXED_SINCE = datetime(1975, 6, 13, tzinfo=UTC)

_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "DTSTART:19700101T000000",
    "END:STANDARD",
    "END:VTIMEZONE",
)

EntryStatus = Literal["confirmed", "cancelled"]
_STATUSES: tuple[EntryStatus, ...] = get_args(EntryStatus)

_UID_DOMAIN = "lichtruc"
_PRODUCT = "lichtruc 0.1"

# RFC 5545 allows folding anywhere, but several clients mis-handle a fold
# that separates a backslash from the character it escapes (icalendar issue
# #1501), and splitting a base letter from its combining accent (Vietnamese
# text in NFD form) looks broken in clients that do not unfold before display.
_FOLD_LIMIT = 75
_BACKSLASH = ord("\\")

# TEXT may not carry control characters other than HTAB (RFC 5545 3.3.11);
# `ical` rejects a file that does. CR and the Unicode line breaks become
# escaped newlines so that no reader that splits on them sees a new line.
_ODD_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_LINE_BREAKS = frozenset("\r\x85\u2028\u2029")

_URL = re.compile(r"https?://[!#-;=?-~]+")
"""An absolute http(s) URL of printable ASCII without spaces, quotes or angle brackets: written as a URI value."""
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


def _require_aware(name: str, value: datetime) -> None:
    if type(value) is datetime and value.tzinfo is UTC:  # what the database gives: nothing to check
        return
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime; got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC); got naive {value.isoformat()}")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One shift of one person, as it appears in that person's calendar.

    ``colleagues`` are the other people on the same shift (full names);
    ``changed_at`` is when the roster last changed this shift for this person
    and becomes DTSTAMP and LAST-MODIFIED, so re-rendering never changes them.
    ``drill``: the shift belongs to a drill's campaign, not to Tết: its title starts with the
    bracketed marker ("[Diễn tập] …"), its CATEGORIES name it and its description says so first,
    so that nobody takes it for the real Tết duty.
    ``handover``: the shift's side of a handover (`domain.entries.HandoverKind`), with the other shift's people
    (``handover_people``), the moment and the reason: the description says it as the portal's cards do
    ("Tiếp nhận phần còn lại của ca của … từ 07:30 07/02: …"; QZ22 #12c).
    ``beside``: who else of the enterprise is on duty meanwhile (`domain.on_duty`), in an invitation mailed with a
    published shift or a reminder; None in a feed, whose event changes only with its own shift (the description
    then says where to see them: `on_duty.people_said`).
    ``lunar_label``: the shift's lunar days as its title says them after the enterprise ("29 tháng Chạp", "29 tháng
    Chạp → Mùng 1 Tết, giao thừa": `vntime.lunar_span`); ``lunar_hours``: the same with each end's time, where the
    label alone does not say when it runs (overnight, giao thừa: "23:00 29 tháng Chạp → 03:00 Mùng 1 Tết (giao
    thừa)"), the description's lunar line then (QZ26 #7: "(29 tháng Chạp)" alone on a night into mùng 1).
    ``leaders``: the duty leaders on duty during the shift (`on_duty.on_duty_beside`'s), read when a person's feed is
    served: its description says "Trực lãnh đạo: <name>, <phone>" (`on_duty.leaders_said`; QZ26 #7: the person to
    call at 02:00). None: not read (an invitation lists them in `beside`). With ``beside`` too (a person's feed), the
    leaders are among those and said there; the line then says only that no duty leader is on.
    ``url``: the shift on the portal (`links.my_shift`, RFC 5545 3.8.4.6 URL), where its reader sees it among their
    shifts with who is on duty beside them; None without the portal's address.
    """

    shift_id: str
    person_id: str
    duty_type: str
    enterprise_name: str
    site_name: str | None
    start: datetime
    end: datetime
    lunar_label: str
    colleagues: tuple[str, ...]
    manager_phone: str | None
    status: EntryStatus
    sequence: int
    changed_at: datetime
    notes: str | None = None
    cancel_reason: str | None = None
    handed_to: tuple[str, ...] = ()
    drill: bool = False
    handover: str | None = None
    handover_people: tuple[str, ...] = ()
    handover_at: datetime | None = None
    handover_reason: str | None = None
    beside: tuple[Beside, ...] | None = None
    lunar_hours: str = ""
    leaders: tuple[Beside, ...] | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.shift_id or not self.person_id:
            raise ValueError("shift_id and person_id must be non-empty: they form the event UID")
        _require_aware("start", self.start)
        _require_aware("end", self.end)
        _require_aware("changed_at", self.changed_at)
        if self.handover_at is not None:
            _require_aware("handover_at", self.handover_at)
        if self.end <= self.start:
            raise ValueError(
                f"end ({self.end.isoformat()}) must be after start ({self.start.isoformat()}) for shift {self.shift_id}"
            )
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(_STATUSES)}; got {self.status!r}")
        if isinstance(self.sequence, bool) or not isinstance(self.sequence, int) or self.sequence < 0:
            raise ValueError(f"sequence must be a non-negative int; got {self.sequence!r}")
        if isinstance(self.colleagues, str):
            raise TypeError("colleagues must be a tuple of full names, not a single string")
        if not isinstance(self.colleagues, tuple):
            object.__setattr__(self, "colleagues", tuple(self.colleagues))

    @property
    def uid(self) -> str:
        """The event UID: stable per shift and person, so updates replace, never duplicate."""
        return f"{self.shift_id}.{self.person_id}@{_UID_DOMAIN}"


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """Calendar-level settings of one subscribed feed.

    ``alarm_offsets_minutes``: how long before each shift not cancelled the calendar itself reminds
    (a person's reminder offsets; empty for an enterprise's or a duty type's feed, which nobody is
    reminded by). Kept largest first without repeats, so that equal settings give equal bytes.
    ``ended_through``: a shift ending at or before it is over and carries no alarm. Not the clock: the latest
    end already passed among the person's shifts, which the feed's ETag holds, so that the bytes change only
    with the ETag (None: every shift not cancelled carries them).
    """

    name: str
    lang: Lang
    feed_id: str
    refresh_interval: timedelta = timedelta(minutes=15)
    alarm_offsets_minutes: tuple[int, ...] = ()
    ended_through: datetime | None = None

    def __post_init__(self) -> None:
        check_lang(self.lang)
        if not self.feed_id:
            raise ValueError("feed_id must be non-empty")
        interval = self.refresh_interval
        if interval <= timedelta(0) or interval.microseconds:
            raise ValueError(f"refresh_interval must be a positive whole number of seconds; got {interval!r}")
        object.__setattr__(self, "alarm_offsets_minutes", _alarm_offsets(self.alarm_offsets_minutes))
        if self.ended_through is not None:
            _require_aware("ended_through", self.ended_through)


def _alarm_offsets(offsets: Sequence[int]) -> tuple[int, ...]:
    """Alarm offsets checked (whole minutes, at least 1) and kept largest first without repeats, so that equal
    settings give equal bytes."""
    if isinstance(offsets, int) or any(isinstance(m, bool) or not isinstance(m, int) or m < 1 for m in offsets):
        raise ValueError(f"alarm_offsets_minutes must be whole minutes of at least 1; got {offsets!r}")
    return tuple(sorted(set(offsets), reverse=True))


def _triggers(offsets: Sequence[int], lang: Lang) -> tuple[tuple[str, str], ...]:
    """The alarms' TRIGGER lines, one per offset (checked, in `_alarm_offsets`' order), each with the words its
    DESCRIPTION starts with — how long before the shift it is ("Còn 15 phút nữa đến giờ trực"), as the mailed
    reminder of that offset says (QZ12 #8): the same in a feed and in an invitation."""
    return tuple(_trigger(m, lang) for m in _alarm_offsets(offsets))


@lru_cache(maxsize=256)
def _trigger(minutes: int, lang: Lang) -> tuple[str, str]:
    # Cached: a person has a few offsets, and every notice's invitation and every feed writes them again.
    before = offset_said(minutes, lang)
    return f"TRIGGER:-{_duration(timedelta(minutes=minutes))}", feed_texts(lang).alarm_prefix.format(before=before)


def render_feed(spec: FeedSpec, entries: Sequence[FeedEntry]) -> bytes:
    """Render a subscribable calendar feed (METHOD:PUBLISH) of ``entries``.

    Events are ordered by start, then UID, so equal input gives equal bytes.
    Cancelled entries are kept: clients remove an event when they see
    STATUS:CANCELLED, but would keep a stale copy if it simply disappeared.
    Raises ``ValueError`` if two entries share a shift and person (same UID).
    """
    texts = feed_texts(spec.lang)
    refresh = _duration(spec.refresh_interval)
    triggers = _triggers(spec.alarm_offsets_minutes, spec.lang)
    lines = [
        *_calendar_header(spec.lang),
        f"UID:{_text(spec.feed_id)}.feed@{_UID_DOMAIN}",
        f"NAME:{_text(spec.name)}",
        f"X-WR-CALNAME:{_text(spec.name)}",
        f"X-WR-TIMEZONE:{TZID}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        *_VTIMEZONE,
    ]
    over = spec.ended_through
    for entry in _in_feed_order(entries):
        reminds = triggers if over is None or entry.end > over else ()  # a shift over reminds nobody
        lines.extend(_event_lines(entry, spec.lang, texts, triggers=reminds))
    lines.append("END:VCALENDAR")
    return _serialise(lines)


InvitationMethod = Literal["PUBLISH", "CANCEL"]
"""An invitation's iTIP method: PUBLISH (the event as it is now) or CANCEL (a cancelled shift, removed)."""


def render_invitation(
    entry: FeedEntry,
    *,
    lang: Lang,
    organizer_email: str | None = None,
    alarm_offsets_minutes: Sequence[int] = (),
    method: InvitationMethod = "PUBLISH",
    attendee_email: str | None = None,
) -> bytes:
    """Render one shift as a single-event calendar to attach to an e-mail.

    It uses METHOD:PUBLISH and the same UID as the feed, so importing it and
    subscribing to the feed show one event, not two. ``organizer_email``
    (an ASCII address) becomes ORGANIZER, which iTIP PUBLISH expects.
    ``alarm_offsets_minutes``: the person's reminder offsets, written as the feed writes them (one VALARM
    each) on a shift still on; a cancelled one, which removes the shift, carries none.
    ``method`` CANCEL (a cancelled entry, whose SEQUENCE went up when it was cancelled: higher than any
    invitation of it sent before) tells a calendar app to remove the event of that UID (RFC 5546 3.2.5);
    ``attendee_email``, the reader's address, is the ATTENDEE it is cancelled for.
    """
    return render_invitations(
        [entry],
        lang=lang,
        organizer_email=organizer_email,
        alarm_offsets_minutes=alarm_offsets_minutes,
        method=method,
        attendee_email=attendee_email,
    )


def render_invitations(
    entries: Sequence[FeedEntry],
    *,
    lang: Lang,
    organizer_email: str | None = None,
    alarm_offsets_minutes: Sequence[int] = (),
    method: InvitationMethod = "PUBLISH",
    attendee_email: str | None = None,
) -> bytes:
    """`render_invitation` of several shifts in one calendar to attach to one e-mail (a person's shifts published
    together): one VEVENT each, in feed order, each with its own UID and SEQUENCE as the feed has them — RFC 5546
    3.2.1 lets a PUBLISH carry one or more VEVENTs, and each is added or updated by its UID, as its own invitation
    would be. Checked against RFC 5546 3.2.1's table for a PUBLISH of VEVENTs ("VEVENT 1+"; in each, DTSTAMP,
    DTSTART, ORGANIZER, SUMMARY and UID once, SEQUENCE when above 0 — written always —, no ATTENDEE; VTIMEZONE
    present as the times name one) and 3.2.5's for CANCEL (one UID, no VALARM); METHOD once, in the calendar. ORGANIZER is the sender's
    address, which a mail cannot go out without (`compose_email`). Raises ``ValueError`` for no entry, two of one
    shift and person (one UID), a CANCEL of several events, or an attendee of a PUBLISH."""
    if not entries:
        raise ValueError("an invitation needs at least one entry")
    for entry in entries:
        if method == "CANCEL" and entry.status != "cancelled":
            raise ValueError(f"a METHOD:CANCEL invitation is of a cancelled entry; shift {entry.shift_id} is not")
    if method == "CANCEL" and len({entry.uid for entry in entries}) > 1:
        raise ValueError("a METHOD:CANCEL invitation cancels one event (RFC 5546 3.2.5: all VEVENTs of one UID)")
    if method == "PUBLISH" and attendee_email is not None:
        raise ValueError("a METHOD:PUBLISH invitation names no attendee (RFC 5546 3.2.1: ATTENDEE 0); pass none")
    texts = feed_texts(lang)
    extra: list[str] = []
    for role, address in (("ORGANIZER", organizer_email), ("ATTENDEE", attendee_email)):
        if address is None:
            continue
        if not _EMAIL.fullmatch(address):
            raise ValueError(
                f"{role.lower()}_email must be a plain ASCII address like duty@example.vn; got {address!r}"
            )
        extra.append(f"{role}:mailto:{address}")
    lines = [
        *_calendar_header(lang, method),
        f"X-WR-TIMEZONE:{TZID}",
        *_VTIMEZONE,
    ]
    triggers = _triggers(alarm_offsets_minutes, lang)
    for entry in _in_feed_order(entries):
        lines.extend(_event_lines(entry, lang, texts, extra, triggers=triggers))
    lines.append("END:VCALENDAR")
    return _serialise(lines)


def invitation_method(ics: str) -> InvitationMethod | None:
    """The iTIP method of an invitation rendered here (its calendar's METHOD line, before any component), None if
    it names none."""
    for line in ics.split("\r\n", 8)[:8]:
        if line.startswith("METHOD:"):
            method = line.removeprefix("METHOD:")
            return method if method in get_args(InvitationMethod) else None  # type: ignore[return-value]
    return None


def _calendar_header(lang: Lang, method: InvitationMethod = "PUBLISH") -> list[str]:
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//lichtruc//{_PRODUCT}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]


def _in_feed_order(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    seen: set[str] = set()
    for entry in entries:
        uid = entry.uid
        if uid in seen:
            raise ValueError(
                f"two entries for shift {entry.shift_id} and person {entry.person_id}: "
                "pass one entry per shift and person"
            )
        seen.add(uid)
    return sorted(entries, key=lambda e: (e.start, e.uid))


def _event_lines(
    entry: FeedEntry,
    lang: Lang,
    texts: FeedTexts,
    extra: Sequence[str] = (),
    *,
    triggers: Sequence[tuple[str, str]] = (),
) -> list[str]:
    cancelled = entry.status == "cancelled"
    changed = _utc_stamp(entry.changed_at)
    summary = _text(_summary(entry, lang, texts))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(entry.uid)}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTAMP:{changed}",
        f"LAST-MODIFIED:{changed}",
        f"DTSTART;TZID={TZID}:{_local_stamp(entry.start)}",
        f"DTEND;TZID={TZID}:{_local_stamp(entry.end)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"SUMMARY:{summary}",
    ]
    if entry.drill:
        lines.append(f"CATEGORIES:{_text(texts.drill_marker)}")
    if entry.site_name:
        lines.append(f"LOCATION:{_text(entry.site_name)}")
    lines.append(f"DESCRIPTION:{_text(_description(entry, lang, texts))}")
    if entry.url and _URL.fullmatch(entry.url):  # a URI, not TEXT: written as it is (RFC 5545 3.3.13)
        lines.append(f"URL:{entry.url}")
    # A cancelled shift that a client still shows must not block the person's time.
    lines.append(f"TRANSP:{'TRANSPARENT' if cancelled else 'OPAQUE'}")
    lines.extend(extra)
    if triggers and not cancelled:  # a cancelled shift reminds nobody
        # The summary is escaped already.
        for trigger, prefix in triggers:
            lines += (
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                trigger,
                f"DESCRIPTION:{_text(prefix)}: {summary}",
                "END:VALARM",
            )
    lines.append("END:VEVENT")
    return lines


def _summary(entry: FeedEntry, lang: Lang, texts: FeedTexts) -> str:
    summary = f"{duty_type_name(entry.duty_type, lang)} — {entry.enterprise_name}"
    if entry.lunar_label:
        summary += f" ({entry.lunar_label})"
    if entry.status == "cancelled" and entry.handed_to:
        summary = f"{texts.handed_over_prefix} {', '.join(entry.handed_to)}: {summary}"
    elif entry.status == "cancelled" and entry.handover == "gave_whole" and entry.handover_people:
        summary = f"{texts.handed_over_prefix} {', '.join(entry.handover_people)}: {summary}"
    elif entry.status == "cancelled":
        summary = f"{texts.cancelled_prefix}: {summary}"
    if entry.drill:  # first, where a calendar's narrow column still shows it
        summary = f"[{texts.drill_marker}] {summary}"
    return summary


def _description(entry: FeedEntry, lang: Lang, texts: FeedTexts) -> str:
    parts = [texts.drill_notice] if entry.drill else []
    cancelled = entry.status == "cancelled"
    # Handed over whole (nobody came): the handover's line says it all, the reason with it.
    handed_whole = cancelled and not entry.handed_to and entry.handover == "gave_whole"
    if cancelled and entry.handed_to:
        parts.append(texts.handed_over_notice.format(names=", ".join(entry.handed_to)))
    elif cancelled and not handed_whole:
        parts.append(texts.cancelled_notice)
    if cancelled and entry.cancel_reason and not handed_whole:
        parts.append(f"{texts.cancel_reason}: {entry.cancel_reason}")
    if entry.handover and not entry.handed_to:  # a person taken off the shift: not theirs any more
        parts.append(_handover_line(entry, lang, texts))
    parts.append(f"{texts.enterprise}: {entry.enterprise_name}")
    if entry.site_name:
        parts.append(f"{texts.site}: {entry.site_name}")
    if entry.lunar_hours or entry.lunar_label:
        parts.append(f"{texts.lunar_day}: {entry.lunar_hours or entry.lunar_label}")
    if entry.person_id == WHOLE_SHIFT:  # an enterprise's or a duty type's feed: who is on it, not "colleagues"
        parts.append(f"{texts.on_duty}: {', '.join(entry.colleagues) or texts.nobody_on_duty}")
    else:
        said = people_said(entry.colleagues, entry.beside, starts_at=entry.start, ends_at=entry.end, lang=lang)
        parts.extend(f"{label}: {value}" for label, value in said)
    # who leads on duty during it (QZ26 #7; R1's leftover: an enterprise's and a duty type's feed too); a person's
    # feed names them among who else is on duty (`beside`, QZ29 #1), and here only that none is
    named_beside = entry.beside is not None and any(b.duty_type == LEADERSHIP for b in entry.beside)
    if entry.leaders is not None and not named_beside and not cancelled:
        leaders = leaders_said(
            entry.leaders, duty_type=entry.duty_type, starts_at=entry.start, ends_at=entry.end, lang=lang
        )
        if leaders:
            parts.append(f"{texts.duty_leader}: {leaders}")
    if entry.manager_phone:
        parts.append(f"{texts.manager_phone}: {phone_label(entry.manager_phone)}")  # grouped, as everywhere
    if entry.notes:
        parts.append(f"{texts.notes}: {entry.notes}")
    return "\n".join(parts)


def _handover_line(entry: FeedEntry, lang: Lang, texts: FeedTexts) -> str:
    """A handover as the portal's card says it: whom, from when ("07:30 07/02", "07:30 7 Feb": the event's own
    date is beside it), and why, the reason's lines kept; a sentence that ends without one."""
    named, unnamed = texts.handover.get(entry.handover or "", texts.handover["took"])
    at = local(entry.handover_at if entry.handover_at is not None else entry.start)
    moment = f"{at:%H:%M} {date_said(at.date(), lang, year=False)}"
    names = ", ".join(entry.handover_people)
    line = named.format(names=names, at=moment) if names else unnamed.format(at=moment)
    reason = (entry.handover_reason or "").strip()
    return f"{line}: {reason}" if reason else f"{line}."


def _utc_stamp(value: datetime) -> str:
    return _stamp(value.astimezone(UTC)) + "Z"


def _local_stamp(value: datetime) -> str:
    """The wall-clock stamp in Vietnam time (see the fast path note at `_LOCAL_OFFSET`)."""
    at = value.astimezone(UTC)
    if at >= _FIXED_SINCE:
        return _stamp(at + _LOCAL_OFFSET)
    return _stamp(at.astimezone(VIETNAM))


def _stamp(v: datetime) -> str:
    # f-string instead of strftime: this runs three times per event.
    return f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}"


def _duration(value: timedelta) -> str:
    days = value.days
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    out = f"P{days}D" if days else "P"
    if hours or minutes or seconds:
        out += "T"
        out += f"{hours}H" if hours else ""
        out += f"{minutes}M" if minutes else ""
        out += f"{seconds}S" if seconds else ""
    return out


def _text(value: str) -> str:
    """Escape a TEXT value so that it can never end its content line."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if _ODD_CONTROL.search(value):
        value = _ODD_CONTROL.sub(_clean_control, value.replace("\r\n", "\n"))
    return value.replace("\n", "\\n")


def _clean_control(match: re.Match[str]) -> str:
    return "\n" if match.group() in _LINE_BREAKS else ""


def _serialise(lines: Sequence[str]) -> bytes:
    return b"\r\n".join([_fold(line.encode("utf-8")) for line in lines]) + b"\r\n"


def _fold(line: bytes) -> bytes:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence."""
    if len(line) <= _FOLD_LIMIT:
        return line
    parts = []
    start = 0
    limit = _FOLD_LIMIT  # continuation lines lose one octet to the leading space
    while len(line) - start > limit:
        cut = _fold_point(line, start, start + limit)
        parts.append(line[start:cut])
        start = cut
        limit = _FOLD_LIMIT - 1
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _fold_point(line: bytes, start: int, cut: int) -> int:
    while line[cut] & 0xC0 == 0x80:  # continuation byte: step back to a character start
        cut -= 1
    boundary = cut
    while cut > start + 1 and _is_mark(line, cut):
        cut = _previous_char(line, cut)
    backslashes = 0  # an odd run ending here means the last one opens an escape
    while cut > backslashes and line[cut - backslashes - 1] == _BACKSLASH:
        backslashes += 1
    if backslashes % 2:
        cut -= 1
    return cut if cut > start else boundary


def _previous_char(line: bytes, index: int) -> int:
    index -= 1
    while line[index] & 0xC0 == 0x80:
        index -= 1
    return index


def _is_mark(line: bytes, index: int) -> bool:
    lead = line[index]
    if lead < 0x80:
        return False
    width = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return unicodedata.category(line[index : index + width].decode("utf-8"))[0] == "M"
