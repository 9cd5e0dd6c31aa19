"""What reminders and alerts say, and the exact bytes sent: e-mail (MIME, UTF-8) and
webhook bodies (JSON, HMAC-SHA256 signed). Pure: no clock (the caller passes dates),
no network.

A drill's messages say that it is one (its campaign's kind "drill", an exercise before Tết), so that
nobody takes its shift or its gap for the real Tết duty:

- a reminder's subject, and a gap alert's or closing notice's, starts with the bracketed marker in the
  recipient's language ("[Diễn tập] Nhắc trước 1 giờ: …", "[Drill] 1 hour before: …"), and the body's first
  paragraph says that the shift or gap below belongs to a drill, not to the Tết duty roster;
- a digest is marked in its subject only when every gap in it is a drill's, never when a Tết gap is
  among them (that one would be read as an exercise too); then each drill's gap is marked on its own line
  and the body says what the marker means;
- a webhook's JSON says it in ``shift.drill`` or ``gap.drill`` (true or false);
- a shift or gap whose campaign notifier does not know yet is not marked.

Names travel as they are (in NFC, as every service keeps text; raw UTF-8 in JSON; RFC 2047 in e-mail headers,
quoted-printable in the text part, base64 in the .ics attachment), so a name with
every Vietnamese diacritic decodes to the same bytes it was sent as. Header values
are forced onto one line, so no name, note or subject can add a header.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from lichtruc import vntime
from lichtruc.coverage import short_within
from lichtruc.text import phone_label
from lichtruc.words import span

from . import links
from .on_duty import Beside, people_said
from .texts import Lang, duty_type_name, feed_texts, message_texts, offset_said

__all__ = [
    "DELIVERY_HEADER",
    "LATE",
    "SIGNATURE_HEADER",
    "GapView",
    "Message",
    "ShiftView",
    "compose_email",
    "drill_marker",
    "gap_digest",
    "gap_message",
    "gap_payload",
    "ics_method",
    "json_body",
    "minutes_left",
    "reminder_message",
    "reminder_payload",
    "sign",
    "single_line",
    "span_said",
    "start_said",
    "valid_address",
    "verify_signature",
]


@lru_cache(maxsize=4096)
def span_said(starts_at: datetime, ends_at: datetime, lang: Lang) -> str:
    """`lichtruc.words.span`, remembered: a batch's notices say the same few spans (a campaign's slots) for every
    person on every shift, and each saying converts both ends to local time and looks up their lunar days."""
    return span(starts_at, ends_at, lang)


SIGNATURE_HEADER = "X-Lichtruc-Signature"
"""Webhook header: ``sha256=<hex HMAC-SHA256 of the exact request body>``."""
DELIVERY_HEADER = "X-Lichtruc-Delivery"
"""Webhook header: the delivery id, the same on every retry, so a receiver can drop a repeat."""

_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)


@dataclass(frozen=True, slots=True)
class ShiftView:
    """What a message says about a shift, reference data already looked up (None when unknown)."""

    shift_id: uuid.UUID
    enterprise_id: uuid.UUID
    duty_type: str
    enterprise_name: str | None
    site_name: str | None
    starts_at: datetime
    ends_at: datetime
    colleagues: tuple[str, ...]
    manager_phone: str | None
    notes: str | None = None
    drill: bool = False
    """The shift's campaign is a drill, not Tết (False while that campaign is not known)."""
    beside: tuple[Beside, ...] | None = None
    """Who else of the enterprise is on duty meanwhile on other shifts (`domain.on_duty`); None: not read (the
    message then says only its colleagues, `on_duty.people_said`)."""


@dataclass(frozen=True, slots=True)
class GapView:
    """A coverage gap as an alert describes it."""

    gap_id: uuid.UUID
    enterprise_id: uuid.UUID
    enterprise_name: str | None
    site_name: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    required: int | None
    actual: int | None
    peak: bool = False
    missing_qualification: bool = False
    drill: bool = False
    """The gap's campaign is a drill, not Tết (False while that campaign is not known)."""
    campaign_id: uuid.UUID | None = None
    site_id: uuid.UUID | None = None
    requirement_changed: bool = False
    """A closed gap that only its requirement's change closed (lowered or removed; nobody was added): its notice
    says the requirement changed, never that the gap is staffed."""
    still_short: tuple[tuple[datetime, datetime], ...] = ()
    """For a closed gap: the parts of its window where the same enterprise, site and duty type is short of
    people again (or still) when the notice is sent — audit closes a gap and opens a narrower one when people
    are added for part of it, so "coverage restored" would be false there (`still_short_within`)."""


def still_short_within(
    starts_at: datetime, ends_at: datetime, open_windows: Iterable[tuple[datetime, datetime]]
) -> tuple[tuple[datetime, datetime], ...]:
    """The parts of [starts_at, ends_at) that the open gaps' windows cover, in time order, touching parts
    joined: what a closed gap's notice must still call short (`lichtruc.coverage.short_within`)."""
    return short_within(starts_at, ends_at, open_windows)


def _spans(parts: Sequence[tuple[datetime, datetime]], lang: Lang) -> str:
    return "; ".join(span_said(a, b, lang) for a, b in parts)


def gap_link(portal_url: str, gap: GapView) -> str | None:
    """The board's cell where the gap's managers plan the people it lacks, the gap marked through its last day
    (`links.gap_cell`): the day of its last instant, not of its end (a gap ending at midnight ends the day before)."""
    return links.gap_cell(
        portal_url,
        campaign_id=gap.campaign_id,
        enterprise_id=gap.enterprise_id,
        day=vntime.local_day(gap.starts_at),
        duty_type=gap.duty_type,
        site_id=gap.site_id,
        last_day=vntime.local_day(gap.ends_at - timedelta(microseconds=1)),
    )


@dataclass(frozen=True, slots=True)
class Message:
    """A message's subject (one line) and plain text."""

    subject: str
    text: str


def noted(label: str, note: str) -> str:
    """A time with a note: "22:00 05/02/2027 (giờ Việt Nam)", and for a label already ending in its lunar day, the
    note after that bracket — "08:00 09/02/2027 (Mùng 4 tháng Giêng), giờ Việt Nam": never "(…) (giờ Việt Nam)",
    nor the time zone inside the lunar day's bracket, as if it were part of its name (QA)."""
    if label.endswith(")"):
        return f"{label}, {note}"
    return f"{label} ({note})"


@lru_cache(maxsize=4096)
def start_said(starts_at: datetime, ends_at: datetime, lang: Lang) -> str:
    """A shift's start as a subject says it, with its lunar day and, when the shift takes in giao thừa
    (`vntime.giao_thua`), that: "23:00 05/02/2027 (29 tháng Chạp, giao thừa)" (QZ26 #7); remembered, as
    `span_said`."""
    lunar = vntime.lunar_day_name(vntime.local_day(starts_at), lang)
    said = ", ".join(w for w in (lunar, vntime.GIAO_THUA[lang] if vntime.giao_thua(starts_at, ends_at) else "") if w)
    return vntime.clock(starts_at, lang) + (f" ({said})" if said else "")


def time_said(starts_at: datetime, ends_at: datetime, lang: Lang) -> str:
    """A shift's time line: its span with the lunar days (`lichtruc.words.span`), then giao thừa when it takes that in,
    and the time zone — "23:00 05/02/2027 (29 tháng Chạp) – 03:00 06/02/2027 (Mùng 1 Tết), giao thừa, giờ Việt Nam"."""
    note = message_texts(lang).local_time_note
    if vntime.giao_thua(starts_at, ends_at):
        note = f"{vntime.GIAO_THUA[lang]}, {note}"
    return noted(span_said(starts_at, ends_at, lang), note)


_UNSAFE_IN_HEADER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Unicode's categories Cc (controls), Zl and Zp (line and paragraph separators): every such code point, and no
other (a regex rather than `unicodedata.category` per character, a sixteenth of a notice's cost in the consumer)."""
_SPACES = re.compile(" {2,}")


def single_line(value: str, limit: int = 250) -> str:
    """``value`` made safe for a header: control and line-separator characters become spaces."""
    return _SPACES.sub(" ", _UNSAFE_IN_HEADER.sub(" ", value)).strip()[:limit]


def valid_address(address: str | None) -> bool:
    """Whether ``address`` is a plain ASCII e-mail address we can put in an envelope."""
    if not address:
        return False
    return len(address) <= 254 and _ADDRESS.fullmatch(address) is not None


def enterprise_label(name: str | None, lang: Lang) -> str:
    """An enterprise's name as a message says it, or the words for one notifier knows no name of yet."""
    return name or message_texts(lang).unknown_enterprise


def labelled_lines(pairs: list[tuple[str, str | None]], *, indent: str = "  ") -> list[str]:
    """A message's detail lines, "  label: value" (`indent`: before the label), leaving out those without a value. A
    value of several lines (a person's reason, a shift's notes, an incident's description) goes on under its first
    line, indented to where the value begins, as a plain-text mail sets it (QZ17 #6); an empty line of it stays
    empty, without the indent's trailing spaces."""
    found: list[str] = []
    for label, value in pairs:
        if not value:
            continue
        head = f"{indent}{label}: "
        first, *rest = value.splitlines() or [""]
        found.append(head + first)
        found.extend(" " * len(head) + line if line else "" for line in rest)
    return found


def drill_marker(lang: Lang) -> str:
    """The bracketed word a drill's subjects and calendar titles start with: "[Diễn tập]", "[Drill]"."""
    return f"[{feed_texts(lang).drill_marker}]"


def drill_marked(subject: str, drill: bool, lang: Lang) -> str:
    """A subject or title, after `drill_marker` when it is a drill's."""
    return f"{drill_marker(lang)} {subject}" if drill else subject


LATE = timedelta(minutes=2)
"""A reminder sent more than this after its offset's time says the time left, not its offset. The scheduler polls,
so an on-time one goes seconds late; but one planned after its time (a shift published at 09:00 for 09:30 gets its
hour-before reminder at once), held by an outage or moved to the end of quiet hours would otherwise promise an hour
that is not there."""


def minutes_left(starts_at: datetime, now: datetime) -> int:
    """The minutes from ``now`` to ``starts_at``, to the nearest minute and at least 1 (a reminder is not sent at or
    after the start)."""
    return max(1, round((starts_at - now).total_seconds() / 60))


def reminder_message(
    view: ShiftView,
    *,
    person_name: str,
    lang: Lang,
    offset_minutes: int,
    link: str | None = None,
    now: datetime | None = None,
) -> Message:
    """The reminder a person gets ``offset_minutes`` before a shift, in their language: its subject and first line
    say how long before ("Nhắc trước 15 phút: …", "15 minutes before: …"), so that each of a person's reminders of
    one shift reads as its own; with a `link` (`links.my_shift`), where they see the shift and check in.

    Sent at ``now`` more than `LATE` after ``offset_minutes`` before the start, they say the time actually left
    instead ("Ca trực bắt đầu sau 30 phút: …", "Shift starts in 30 minutes: …"): an hour-before reminder going out
    half an hour before the start must not tell the person they have an hour (QZ13)."""
    words, labels = message_texts(lang), feed_texts(lang)
    if now is not None and now - (view.starts_at - timedelta(minutes=offset_minutes)) > LATE:
        left = offset_said(minutes_left(view.starts_at, now), lang)
        lead, intro = words.late_reminder_subject.format(left=left), words.late_reminder_intro.format(left=left)
    else:
        before = offset_said(offset_minutes, lang)
        lead, intro = words.reminder_subject.format(before=before), words.reminder_intro.format(before=before)
    duty = duty_type_name(view.duty_type, lang)
    enterprise = enterprise_label(view.enterprise_name, lang)
    when = start_said(view.starts_at, view.ends_at, lang)
    subject = single_line(drill_marked(f"{lead}: {duty} — {enterprise}, {when}", view.drill, lang))
    body = [
        words.greeting.format(name=person_name),
        "",
        *([words.reminder_drill, ""] if view.drill else []),
        intro,
        "",
        *labelled_lines(
            [
                (words.duty_type, duty),
                (labels.enterprise, enterprise),
                (labels.site, view.site_name),
                (words.time, time_said(view.starts_at, view.ends_at, lang)),
                *people_said(view.colleagues, view.beside, starts_at=view.starts_at, ends_at=view.ends_at, lang=lang),
                (labels.manager_phone, phone_label(view.manager_phone)),
                (labels.notes, view.notes),
            ]
        ),
        "",
        words.attachment_note,
        "",
        *([f"{words.reminder_link}: {link}", ""] if link else []),
        "-- ",
        words.signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")


def gap_message(gap: GapView, *, lang: Lang, closed: bool = False, portal_url: str = "") -> Message:
    """The alert a manager gets when a coverage gap opens (or the short notice when it closes); with the portal's
    address, a link to the board's cell of the gap (`gap_link`)."""
    words, labels = message_texts(lang), feed_texts(lang)
    duty = duty_type_name(gap.duty_type, lang)
    enterprise = enterprise_label(gap.enterprise_name, lang)
    narrowed = closed and bool(gap.still_short)
    asked_less = closed and not narrowed and gap.requirement_changed  # nobody added: never "staffed"
    head = (words.gap_narrowed_subject if narrowed else words.gap_closed_subject) if closed else words.gap_subject
    head = words.gap_requirement_subject if asked_less else head
    title = duty_type_name(gap.duty_type, lang)  # the one name, as the body and the portal say it
    subject = single_line(
        drill_marked(f"{head}: {title} — {enterprise}, {vntime.clock(gap.starts_at, lang)}", gap.drill, lang)
    )
    details: list[tuple[str, str | None]] = [
        (words.duty_type, duty),
        (labels.enterprise, enterprise),
        (labels.site, gap.site_name or words.whole_enterprise),
        (words.gap_window, noted(span_said(gap.starts_at, gap.ends_at, lang), words.local_time_note)),
    ]
    if narrowed:
        details.append((words.gap_still_short, noted(_spans(gap.still_short, lang), words.local_time_note)))
    if not closed:
        if gap.required is not None and gap.actual is not None:
            details.append((words.gap_staffing, f"{gap.actual} / {gap.required}"))
        if gap.peak:
            details.append((words.gap_peak, "✓"))
        if gap.missing_qualification:
            details.append((words.gap_missing_qualification, "✓"))
    intro = (words.gap_narrowed_intro if narrowed else words.gap_closed_intro) if closed else words.gap_intro
    intro = words.gap_requirement_intro if asked_less else intro
    link = gap_link(portal_url, gap)
    body = [
        *([words.gap_drill, ""] if gap.drill else []),
        intro,
        "",
        *labelled_lines(details),
        "",
        *([] if closed else [words.gap_action, ""]),
        *([f"{words.gap_closed_link if closed and not narrowed else words.gap_link}: {link}", ""] if link else []),
        "-- ",
        words.signature,
    ]
    return Message(subject=subject, text="\n".join(body) + "\n")


def _digest_line(
    gap: GapView, lang: Lang, *, closed: bool, listed_above: bool = False, mark: bool = False, portal_url: str = ""
) -> str:
    """A gap's line in a digest (its window with the lunar day of both ends, or of its one day), and beneath it,
    with the portal's address, the link to its board cell."""
    words = message_texts(lang)
    marker = f"{drill_marker(lang)} " if mark and gap.drill else ""
    line = (
        f"  - {marker}{duty_type_name(gap.duty_type, lang)} — {enterprise_label(gap.enterprise_name, lang)}, "
        f"{gap.site_name or words.whole_enterprise}: {span_said(gap.starts_at, gap.ends_at, lang)}"
    )
    notes: list[str] = []
    if closed and gap.still_short:
        still = words.digest_still_short_above if listed_above else words.digest_still_short
        notes.append(still.format(spans=_spans(gap.still_short, lang)))
    if not closed:
        if gap.required is not None and gap.actual is not None:
            staffing = words.digest_staffing_one if gap.required == 1 else words.digest_staffing
            notes.append(staffing.format(actual=gap.actual, required=gap.required))
        if gap.peak:
            notes.append(words.digest_peak)
        if gap.missing_qualification:
            notes.append(words.digest_missing_qualification)
    line += f"; {', '.join(notes)}" if notes else ""
    link = gap_link(portal_url, gap)
    if link:
        line += f"\n    {words.gap_closed_link if closed and not gap.still_short else words.gap_link}: {link}"
    return line


def _by_time(gaps: Sequence[GapView], lang: Lang) -> list[GapView]:
    return sorted(
        gaps,
        key=lambda g: (
            g.starts_at,
            enterprise_label(g.enterprise_name, lang),
            g.site_name or "",
            g.duty_type,
            g.ends_at,
        ),
    )


def gap_digest(opened: Sequence[GapView], closed: Sequence[GapView], *, lang: Lang, portal_url: str = "") -> Message:
    """One message for several gap alerts and closing notices to the same person: the subject says
    how many gaps opened, closed and were only partly filled (and where), the body lists each,
    earliest first. A single gap is told as `gap_message` tells it."""
    if len(opened) + len(closed) == 1:
        if opened:
            return gap_message(opened[0], lang=lang, portal_url=portal_url)
        return gap_message(closed[0], lang=lang, closed=True, portal_url=portal_url)
    if not opened and not closed:
        raise ValueError("a digest lists at least one gap")
    words = message_texts(lang)
    restored = [g for g in closed if not g.still_short and not g.requirement_changed]
    asked_less = [g for g in closed if not g.still_short and g.requirement_changed]
    narrowed = [g for g in closed if g.still_short]
    counts = [
        text.format(n=len(gaps))
        for text, gaps in (
            (words.digest_opened, opened),
            (words.digest_closed, restored),
            (words.digest_requirement, asked_less),
            (words.digest_narrowed, narrowed),
        )
        if gaps
    ]
    names = sorted({enterprise_label(g.enterprise_name, lang) for g in (*opened, *closed)})
    where = names[0] if len(names) == 1 else words.digest_enterprises.format(n=len(names))
    head = words.gap_subject if opened else (words.gap_narrowed_subject if narrowed else words.gap_closed_subject)
    head = words.gap_requirement_subject if not opened and not narrowed and not restored else head
    drills = [g.drill for g in (*opened, *closed)]
    all_drill, some_drill = all(drills), any(drills)
    subject = single_line(drill_marked(f"{head}: {', '.join(counts)} — {where}", all_drill, lang))
    if all_drill:
        body = [words.digest_all_drill, "", words.digest_intro, ""]
    elif some_drill:
        body = [words.digest_some_drill.format(marker=drill_marker(lang)), "", words.digest_intro, ""]
    else:
        body = [words.digest_intro, ""]
    mark = some_drill and not all_drill
    opened_windows = {(g.enterprise_id, g.site_name, g.duty_type, g.starts_at, g.ends_at) for g in opened}

    def above(g: GapView) -> bool:
        """Every hour still short is a gap listed among the new ones: said so, not counted twice."""
        return all((g.enterprise_id, g.site_name, g.duty_type, a, b) in opened_windows for a, b in g.still_short)

    for heading, gaps, is_closed in (
        (words.digest_opened_heading, opened, False),
        (words.digest_closed_heading, restored, True),
        (words.digest_requirement_heading, asked_less, True),
        (words.digest_narrowed_heading, narrowed, True),
    ):
        if gaps:
            body += [
                heading.format(n=len(gaps)),
                *(
                    _digest_line(
                        g,
                        lang,
                        closed=is_closed,
                        listed_above=is_closed and above(g),
                        mark=mark,
                        portal_url=portal_url,
                    )
                    for g in _by_time(gaps, lang)
                ),
                "",
            ]
    body += [words.digest_time_note, "", *([words.gap_action, ""] if opened else []), "-- ", words.signature]
    return Message(subject=subject, text="\n".join(body) + "\n")


def _local_iso(value: datetime) -> str:
    return vntime.local(value).isoformat()


def _beside_json(b: Beside, lang: Lang) -> dict[str, Any]:
    return {
        "full_name": b.full_name,
        "duty_type": b.duty_type,
        "duty_type_name": duty_type_name(b.duty_type, lang),
        "starts_at": _local_iso(b.starts_at),
        "ends_at": _local_iso(b.ends_at),
        "phone": b.phone,
        "site_name": b.site_name,
    }


def reminder_payload(
    view: ShiftView,
    *,
    delivery_id: uuid.UUID,
    reminder_id: uuid.UUID,
    staff_id: uuid.UUID,
    person_name: str,
    offset_minutes: int,
    lang: Lang,
    message: Message,
) -> dict[str, Any]:
    """The JSON a webhook receives for a reminder; ``text`` is ready for a chat or SMS gateway."""
    return {
        "type": "lichtruc.notifier.reminder.v1",
        "delivery_id": str(delivery_id),
        "reminder_id": str(reminder_id),
        "language": lang,
        "subject": message.subject,
        "text": message.text,
        "person": {"staff_id": str(staff_id), "full_name": person_name},
        "offset_minutes": offset_minutes,
        "shift": {
            "shift_id": str(view.shift_id),
            "enterprise_id": str(view.enterprise_id),
            "enterprise_name": view.enterprise_name,
            "site_name": view.site_name,
            "duty_type": view.duty_type,
            "duty_type_name": duty_type_name(view.duty_type, lang),
            "starts_at": _local_iso(view.starts_at),
            "ends_at": _local_iso(view.ends_at),
            "lunar_day": vntime.lunar_day_name(vntime.local_day(view.starts_at), lang),
            "colleagues": list(view.colleagues),
            **({} if view.beside is None else {"on_duty_beside": [_beside_json(b, lang) for b in view.beside]}),
            "manager_phone": view.manager_phone,
            "drill": view.drill,
        },
    }


def gap_payload(gap: GapView, *, delivery_id: uuid.UUID, closed: bool, lang: Lang, message: Message) -> dict[str, Any]:
    """The JSON a webhook receives for a coverage-gap alert or closing notice."""
    return {
        "type": f"lichtruc.notifier.coverage_gap.{'closed' if closed else 'opened'}.v1",
        "delivery_id": str(delivery_id),
        "language": lang,
        "subject": message.subject,
        "text": message.text,
        "gap": {
            "gap_id": str(gap.gap_id),
            "enterprise_id": str(gap.enterprise_id),
            "enterprise_name": gap.enterprise_name,
            "site_name": gap.site_name,
            "duty_type": gap.duty_type,
            "starts_at": _local_iso(gap.starts_at),
            "ends_at": _local_iso(gap.ends_at),
            "required": gap.required,
            "actual": gap.actual,
            "peak": gap.peak,
            "drill": gap.drill,
            **(
                {"still_short": [{"starts_at": _local_iso(a), "ends_at": _local_iso(b)} for a, b in gap.still_short]}
                if closed
                else {}
            ),
        },
    }


def json_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes of a webhook body: compact UTF-8 JSON, non-ASCII kept as is, keys sorted."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sign(secret: bytes, body: bytes) -> str:
    """The signature header value of ``body``: ``sha256=`` and the hex HMAC-SHA256 under ``secret``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_signature(secret: bytes, body: bytes, header: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header)


def _set_subject(msg: EmailMessage, subject: str) -> None:
    """The Subject header as RFC 2047 encoded words that carry their spaces inside them.

    The email package's own folding (3.11) puts the space between a Vietnamese word and an
    ASCII one *between* encoded words, where RFC 2047 decoders drop it: "Trực điều hành —
    VNPT" arrived as "Trực điều hành— VNPT". Header() cuts the text into words that each hold
    their spaces; its lines are short enough (≤ 78) that the policy writes them unchanged."""
    if subject.isascii():
        msg["Subject"] = subject
        return
    msg.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode(linesep="\r\n"))


def compose_email(
    *,
    sender: str,
    sender_name: str,
    to: str,
    to_name: str | None,
    message: Message,
    message_id: str,
    date: datetime,
    ics: bytes | None = None,
) -> EmailMessage:
    """A MIME message: UTF-8 text (quoted-printable) and, if given, the shift as a text/calendar attachment whose
    Content-Type "method" is the file's METHOD (`ics_method`).

    ``message_id`` stays the same on every retry, so that a copy re-sent after a crash can be recognised.
    Raises ``ValueError`` for an address that is not a plain ASCII e-mail address.
    """
    for label, address in (("sender", sender), ("recipient", to)):
        if not valid_address(address):
            raise ValueError(f"the {label} address {address!r} is not a plain e-mail address like duty@example.vn")
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(display_name=single_line(sender_name), addr_spec=sender)
    msg["To"] = Address(display_name=single_line(to_name or ""), addr_spec=to)
    _set_subject(msg, single_line(message.subject, limit=900))
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    msg.set_content(message.text, charset="utf-8", cte="quoted-printable")
    if ics is not None:
        msg.add_attachment(
            ics,
            maintype="text",
            subtype="calendar",
            filename="lich-truc.ics",
            params={"method": ics_method(ics), "charset": "UTF-8"},
        )
    return msg


_METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def ics_method(ics: bytes) -> str:
    """The iTIP method of a calendar file (its METHOD line), which the attachment's Content-Type "method" parameter
    must repeat (RFC 5545 3.7.2, RFC 6047 2.4: a cancellation's .ics, METHOD:CANCEL, went out labelled
    method=PUBLISH); PUBLISH for one without (our feeds' and invitations' files always say it)."""
    found = _METHOD.search(ics)
    return found.group(1).decode("ascii") if found else "PUBLISH"
