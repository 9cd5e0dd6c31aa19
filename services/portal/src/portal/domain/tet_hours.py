"""Tết hours of post offices and transaction points as the portal shows them: the public list grouped by district, and the
manager's form (one row per campaign day: open, up to two sessions, a note) read into roster's body.

The form is kept as typed (`typed_rows`), so a refused one shows again as the manager left it; `read_form`
has its rules: nothing typed is ever left out unsaid, and an untouched form reads as the draft it shows,
exactly (a session closing at 24:00 included). And the points' publication status by the campaign's
deadline (audit's list) as filters and a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from lichtruc.text import nfc, sheet_text

from .dates import local, parse_instant


@dataclass(frozen=True)
class District:
    name: str
    points: tuple[Mapping[str, Any], ...]


def by_district(points: Sequence[Mapping[str, Any]], *, unnamed: str) -> list[District]:
    """The points in roster's order (district, enterprise, point), grouped by district."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for p in points:
        groups.setdefault(str(p.get("district") or unnamed), []).append(p)
    return [District(name, tuple(items)) for name, items in groups.items()]


# --- the manager's form -----------------------------------------------------------------------------------

MAX_SESSIONS = 2  # roster's most sessions a day
MAX_NOTE = 300  # roster's longest note
MIDNIGHT = "24:00"
SHOWN_VALUE = 20  # at most this much of a mistyped time is quoted back

# What a time box accepts, as an HTML `pattern` (the browser checks it before sending, without JavaScript)
# and as `clock` reads it: hours and minutes with ":", "h" or "." between them ("07:30", "7:30", "7h30",
# "7.30") or whole hours ("7h"); a closing time may also be 24:00 (midnight, the end of the day).
OPENS_PATTERN = "(0?[0-9]|1[0-9]|2[0-3])([:hH.][0-5][0-9]|[hH])"
CLOSES_PATTERN = f"{OPENS_PATTERN}|24([:hH.]00|[hH])"
_TIME = re.compile(r"([0-9]{1,2})(?:[:hH.]([0-9]{2})|[hH])")


def clock(text: str, *, closing: bool = False) -> str | None:
    """A time as typed ("7h30", " 07:30 ") as roster takes it ("07:30"), or None when it is no time of day.
    "24:00" (midnight, the day's end) is a time only for closing."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        return None
    hours, mins = int(found[1]), int(found[2] or 0)
    if mins > 59 or hours > 24 or (hours == 24 and (mins or not closing)):
        return None
    return f"{hours:02d}:{mins:02d}"


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


@dataclass(frozen=True)
class DayRow:
    """One campaign day of the manager's form as the page shows it: from the draft, or as the manager
    typed it; with what is wrong with it (in the page's language) and the inputs at fault."""

    day: str
    label: str
    open: bool
    sessions: tuple[tuple[str, str], ...]  # MAX_SESSIONS (from, to) pairs, "" where empty
    note: str
    errors: tuple[str, ...] = ()
    invalid: frozenset[str] = frozenset()  # "a1", "b1", "a2", "b2", "note"
    unprintable: tuple[str, ...] = ()
    """The characters of the note the printed notice has no font for, as roster told them (`with_unprintable`)."""
    latest: str = ""
    """Someone else saved the point's hours first: the day as they saved it, in words, where it differs from what
    was typed (`typed_over`)."""
    copied_from: str = ""
    """The day whose hours were last copied into this one (`copy_day`) since the form was last saved: carried by the
    form (`copied_from-<day>`, `typed_rows`) from copy to copy and through a refused save, so that every day a copy
    changed stays marked "chưa lưu" until saved (QZ25 #10: a second copy dropped the first one's marks)."""


def row_doc(row: DayRow) -> dict[str, Any]:
    """A row as JSON values, to keep a refused form for the page it redirects to (`row_of` reads it back)."""
    return {
        "day": row.day,
        "label": row.label,
        "open": row.open,
        "sessions": [list(pair) for pair in row.sessions],
        "note": row.note,
        "errors": list(row.errors),
        "invalid": sorted(row.invalid),
        "latest": row.latest,
        "copied_from": row.copied_from,
    }


def row_of(doc: Mapping[str, Any]) -> DayRow:
    """The row `row_doc` kept."""
    return DayRow(
        day=str(doc["day"]),
        label=str(doc["label"]),
        open=bool(doc["open"]),
        sessions=tuple((str(a), str(b)) for a, b in doc.get("sessions") or ()),
        note=str(doc.get("note") or ""),
        errors=tuple(str(e) for e in doc.get("errors") or ()),
        invalid=frozenset(str(i) for i in doc.get("invalid") or ()),
        latest=str(doc.get("latest") or ""),
        copied_from=str(doc.get("copied_from") or ""),
    )


def form_rows(
    campaign_days: Sequence[str], draft_days: Sequence[Mapping[str, Any]], labels: Mapping[str, str]
) -> list[DayRow]:
    """The form filled from the draft: a day the draft lacks shows open with nothing typed."""
    known = {str(d["day"]): d for d in draft_days}
    rows = []
    for day in campaign_days:
        d = known.get(day)
        sessions = [(str(s["opens"]), str(s["closes"])) for s in (d["sessions"] if d else [])]
        sessions += [("", "")] * (MAX_SESSIONS - len(sessions))
        rows.append(
            DayRow(
                day=day,
                label=labels.get(day, day),
                open=bool(d["open"]) if d else True,
                sessions=tuple(sessions),
                note=str(d.get("note") or "") if d else "",
            )
        )
    return rows


def day_words(row: DayRow, *, closed: str) -> str:
    """A day of the form in words, to compare what was typed with what was saved: `closed` for a day closed, else
    its sessions ("07:30–11:30, 13:30–17:00", each time as roster keeps it when it reads) and its note."""
    if not row.open:
        return closed
    times = [
        f"{clock(a) or a.strip()}–{clock(b, closing=True) or b.strip()}"
        for a, b in row.sessions
        if a.strip() or b.strip()
    ]
    note = " ".join(row.note.split())
    return " · ".join(part for part in (", ".join(times), note) if part)


def typed_over(typed: Sequence[DayRow], saved: Sequence[DayRow], *, closed: str, empty: str) -> list[DayRow]:
    """The rows as typed after someone else saved the point's hours first, each day whose saved form (`saved`, the
    point's draft as it now is) differs from it carrying that day in words (`latest`, `day_words`; `empty`: an open
    day with nothing in it)."""
    now = {r.day: day_words(r, closed=closed) for r in saved}
    out = []
    for row in typed:
        theirs = now.get(row.day)
        differs = theirs is not None and theirs != day_words(row, closed=closed)
        out.append(replace(row, latest=theirs or empty) if differs else row)
    return out


def typed_rows(campaign_days: Sequence[str], form: Mapping[str, str], labels: Mapping[str, str]) -> list[DayRow]:
    """The form as the manager sent it, every box as typed: `open-<day>` ticked ("1") or not, the
    sessions' `a<n>-<day>` (from) and `b<n>-<day>` (to), `note-<day>`; `copied_from-<day>` (hidden), the day a copy
    last filled it from since the last save — an earlier day of the campaign, or nothing."""
    earlier: set[str] = set()
    rows = []
    for day in campaign_days:
        source = form.get(f"copied_from-{day}", "")
        rows.append(
            DayRow(
                day=day,
                label=labels.get(day, day),
                open=form.get(f"open-{day}") == "1",
                sessions=tuple(
                    (form.get(f"a{n}-{day}", ""), form.get(f"b{n}-{day}", "")) for n in range(1, MAX_SESSIONS + 1)
                ),
                note=form.get(f"note-{day}", ""),
                copied_from=source if source in earlier else "",
            )
        )
        earlier.add(day)
    return rows


@dataclass(frozen=True)
class DayProblem:
    """What is wrong with a day of the form: a catalogue key under "tet_hours.manage.errors.", its
    values (the point, the day's label, the session…) and the inputs at fault."""

    day: str
    key: str
    params: tuple[tuple[str, object], ...]
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormReading:
    """roster's `days` from the form, or — when `problems` is not empty — nothing to send."""

    days: tuple[dict[str, Any], ...]
    problems: tuple[DayProblem, ...]


def _squashed(text: str) -> str:
    """The words of a note as a text box holds it (line breaks taken out, as the browser does), spaces aside."""
    return " ".join(nfc(text.replace("\r", "").replace("\n", "")).split())


def with_unprintable(rows: Sequence[DayRow], draft_days: Sequence[Mapping[str, Any]]) -> list[DayRow]:
    """The rows, each whose note reads as the draft's (the same words) with the characters roster said the printed
    notice has no font for (`note_unprintable`): a note typed anew and not saved yet is not told about."""
    told = {str(d["day"]): d for d in draft_days if d.get("note_unprintable")}
    return [
        replace(r, unprintable=tuple(str(c) for c in d["note_unprintable"]))
        if (d := told.get(r.day)) is not None and _squashed(r.note) == _squashed(str(d.get("note") or ""))
        else r
        for r in rows
    ]


def _shown(value: str) -> str:
    value = value.strip()
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


def _sessions(row: DayRow, problem: Callable[..., None]) -> list[tuple[int, str, str]]:
    """The day's readable sessions (number, opens, closes); every other typed session is a problem."""
    readable = []
    for n, (typed_from, typed_to) in enumerate(row.sessions, start=1):
        a, b = typed_from.strip(), typed_to.strip()
        if not a and not b:
            continue
        opens, closes = clock(a) if a else None, clock(b, closing=True) if b else None
        if a and opens is None:
            problem("bad_opening", (f"a{n}",), session=n, value=_shown(a))
        if b and closes is None:
            problem("bad_closing", (f"b{n}",), session=n, value=_shown(b))
        if not b:
            problem("no_closing", (f"b{n}",), session=n, opens=_shown(a))
        elif not a:
            problem("no_opening", (f"a{n}",), session=n, closes=_shown(b))
        elif opens and closes:
            if _minutes(closes) <= _minutes(opens):
                problem("closes_first", (f"a{n}", f"b{n}"), session=n, opens=opens, closes=closes)
            else:
                readable.append((n, opens, closes))
    readable.sort(key=lambda s: _minutes(s[1]))
    for (n1, opens1, closes1), (n2, opens2, closes2) in pairwise(readable):
        if _minutes(opens2) < _minutes(closes1):
            problem(
                "overlap",
                (f"a{n2}",),
                earlier=n1,
                earlier_hours=f"{opens1}–{closes1}",
                later=n2,
                later_hours=f"{opens2}–{closes2}",
                closes=closes1,
            )
    return readable


def read_form(
    rows: Sequence[DayRow],
    draft_days: Sequence[Mapping[str, Any]],
    *,
    point: str,
    publishing: bool,
    owed: Collection[str] | None = None,
) -> FormReading:
    """The typed form (`typed_rows`) as roster's `days`, or every problem of it, each naming the point
    `point`, the day (by its label) and the session.

    - A session is both its times or neither: half a session, an unreadable time (see `clock`), a session
      not closing after it opens and two sessions overlapping are problems, never left out.
    - An open day with no session is a problem when it has a note or when publishing a day publishing needs
      (`owed`, roster's `owed_days`: every day, or for an enterprise owing from a day of the campaign, the days from
      it on; None: every day); with nothing typed at all it is a day not entered yet, which a draft goes without.
    - A closed day (open not ticked) has no hours: the times typed in it are not sent.
    - A note is sent trimmed, at most MAX_NOTE characters. One that reads as the draft's (the same words,
      spaces and line breaks aside: a text box holds no line break) is sent as the draft has it, so an
      untouched form saves exactly the draft."""
    draft_notes = {str(d["day"]): str(d.get("note") or "") for d in draft_days}
    days: list[dict[str, Any]] = []
    problems: list[DayProblem] = []
    for row in rows:

        def problem(key: str, inputs: tuple[str, ...], row: DayRow = row, **params: object) -> None:
            problems.append(DayProblem(row.day, key, (("point", point), ("day", row.label), *params.items()), inputs))

        note = row.note.strip()
        if len(note) > MAX_NOTE:
            problem("note_long", ("note",), length=len(note), most=MAX_NOTE)
        draft_note = draft_notes.get(row.day, "")
        if _squashed(note) == _squashed(draft_note):
            note = draft_note
        sessions = _sessions(row, problem) if row.open else []
        if row.open and not sessions and not any(a.strip() or b.strip() for a, b in row.sessions):
            if not note and not (publishing and (owed is None or row.day in owed)):
                continue  # not entered yet
            problem("not_entered" if not note else "no_hours", ("a1", "b1"))
        days.append(
            {
                "day": row.day,
                "open": row.open,
                "sessions": [{"opens": opens, "closes": closes} for _, opens, closes in sessions],
                "note": nfc(note) or None,
            }
        )
    return FormReading(() if problems else tuple(days), tuple(problems))


# --- a day's hours copied to the days after it, in the form (nothing saved) ----------------------------------

COPY_SCOPES = ("rest", "until", "empty")
"""Where "Chép sang các ngày sau" copies a day's hours: every day after it, the days after it up to a day chosen,
or only the days after it still empty (open, no time typed)."""
TIME_INPUTS = frozenset(f"{side}{n}" for side in "ab" for n in range(1, MAX_SESSIONS + 1))


@dataclass(frozen=True)
class Copy:
    """What `copy_day` made of the form: the rows (the copied days carrying `copied_from`), the days copied to, and
    how it went — "done"; "nothing" (the day has no hours to copy: open, no time typed); "no_targets" (no day after it
    is in the scope: all filled, or the day chosen not after it); "unreadable" (its times do not read: `problems`
    say why, beside the day, and nothing is copied)."""

    rows: tuple[DayRow, ...]
    copied: tuple[str, ...]
    outcome: str
    problems: tuple[DayProblem, ...] = ()


def is_empty(row: DayRow) -> bool:
    """An open day with no time typed: not entered yet (a closed day is decided, not empty)."""
    return row.open and not any(a.strip() or b.strip() for a, b in row.sessions)


def copy_day(rows: Sequence[DayRow], source: str, *, scope: str, until: str = "", point: str) -> Copy:
    """The form with the hours of the day `source` — its "Mở cửa" and its sessions as typed, not its note (a note
    says something of its own day) — copied into the days after it that `scope` (COPY_SCOPES) takes: every one,
    those up to `until` included, or those still empty (`is_empty`). The copied days lose what was said of their
    times (errors, inputs at fault) and keep their notes; nothing else changes. A day whose times do not read is
    not copied: its problems are `read_form`'s, so that a mistake is said once, beside it, not spread to every day."""
    at = next((i for i, r in enumerate(rows) if r.day == source), None)
    if at is None:
        return Copy(tuple(rows), (), "no_targets")
    row = rows[at]
    if is_empty(row):
        return Copy(tuple(rows), (), "nothing")
    times_only = replace(row, note="")
    problems = read_form([times_only], [], point=point, publishing=False).problems
    if problems:
        return Copy(tuple(rows), (), "unreadable", problems)
    later = rows[at + 1 :]
    if scope == "until":
        targets = [r for r in later if r.day <= until]
    elif scope == "empty":
        targets = [r for r in later if is_empty(r)]
    else:
        targets = list(later)
    if not targets:
        return Copy(tuple(rows), (), "no_targets")
    chosen = {r.day for r in targets}
    sessions = tuple((a.strip(), b.strip()) for a, b in row.sessions)
    copied = tuple(
        replace(
            r,
            open=row.open,
            sessions=sessions,
            errors=(),
            invalid=r.invalid - TIME_INPUTS,
            latest="",
            copied_from=source,
        )
        if r.day in chosen
        else r
        for r in rows
    )
    return Copy(copied, tuple(r.day for r in targets), "done")


_DAY_FIELD = re.compile(r"(?:body\.)?days\.([0-9]+)\b")


def refused_days(
    errors: Sequence[Any], sent: Sequence[Mapping[str, Any]], labels: Mapping[str, str], *, point: str, lang: str
) -> tuple[tuple[DayProblem, ...], tuple[str, ...]]:
    """roster's refusal of the days `sent` (its problem's `errors`) as problems of the days they name
    ("days.3…": the fourth day sent; a list of `missing_days`: each of them), and the words of the errors
    that name no day, in `lang`. The form's own reading finds what roster checks first; this places
    what roster still finds (the campaign moved meanwhile, a rule added since) beside its day."""
    problems: list[DayProblem] = []
    others: list[str] = []
    for error in errors:
        if not isinstance(error, Mapping):
            continue
        said = str((error.get("message_vi") if lang == "vi" else None) or error.get("message") or "")
        said = said.removeprefix("Value error, ")
        found = _DAY_FIELD.match(str(error.get("field") or ""))
        missing = [str(d) for d in error.get("missing_days") or () if str(d) in labels]
        if found and int(found[1]) < len(sent):
            day = str(sent[int(found[1])]["day"])
            problems.append(DayProblem(day, "roster", (("point", point), ("said", said))))
        elif missing:
            problems += [
                DayProblem(day, "not_entered", (("point", point), ("day", labels[day])), ("a1", "b1"))
                for day in missing
            ]
        elif said:
            others.append(said)
    return tuple(problems), tuple(others)


# --- the points' publication status by the campaign's deadline (audit's GET /transaction-hours/missing) -----

STATUSES = ("missing", "late", "pending", "not_owed", "not_owed_published", "on_time")
"""audit's statuses, the findings first: not published and past the deadline; published after it; not
published, the deadline still to come; not published, its enterprise owing from a day after the deadline's (the
Department's obligations_from: not counted); published by such an enterprise, whenever (neither on time nor late:
"Niêm yết (không tính hạn: tính nghĩa vụ từ …)", never "đúng hạn" beside a time after the deadline); published by
it."""
UNSETTLED = ("missing", "late", "pending")
"""What the page lists when no status is chosen, "Chưa niêm yết hoặc niêm yết muộn": every point an inspector has
to chase or find against (before the deadline the points still to publish, after it the findings). Not "not_owed"
(QZ16 #8b: its rows read "Không tính" under that name): the Department has decided those owe nothing by the
deadline, so they are no finding to act on; the page's counts name them with a link, and the status filter has
them. audit's own default leaves out "pending" too."""
STATUS_CHOICES = ("", "all", *STATUSES)
"""The page's status filter: "" (UNSETTLED), "all", or one status."""


def asked_statuses(choice: str) -> tuple[str, ...]:
    """audit's `status` values (repeatable) for the page's status filter."""
    if choice == "all":
        return STATUSES
    return (choice,) if choice in STATUSES else UNSETTLED


@dataclass(frozen=True)
class PointStatus:
    """A post office or transaction point and whether it published its hours for the campaign by the deadline."""

    site_id: str
    site_name: str
    district: str | None
    enterprise_id: str
    enterprise_name: str
    status: str
    first_published_at: datetime | None
    published_version: int | None
    event_id: str | None = None
    """The logged event of its latest publication (audit's), what proves it in the log."""
    obligations_from: date | None = None
    """The day the Department set its enterprise owes from (audit's); hours due before it are `not_owed`."""


def point_status(doc: Mapping[str, Any]) -> PointStatus:
    first = doc.get("first_published_at")
    return PointStatus(
        site_id=str(doc["site_id"]),
        site_name=str(doc["site_name"]),
        district=doc.get("district") or None,
        enterprise_id=str(doc["enterprise_id"]),
        enterprise_name=str(doc.get("enterprise_name") or ""),
        status=str(doc["status"]),
        first_published_at=parse_instant(first) if first else None,
        published_version=int(doc["published_version"]) if doc.get("published_version") else None,
        event_id=doc.get("event_id") or None,
        obligations_from=date.fromisoformat(str(doc["obligations_from"])) if doc.get("obligations_from") else None,
    )


CSV_COLUMNS = (
    "district",
    "enterprise",
    "point",
    "status",
    "obligations_from",
    "first_published_at",
    "published_version",
)


def status_csv(points: Sequence[PointStatus], *, words: Callable[[str], str]) -> bytes:
    """The points as a spreadsheet: UTF-8 with a byte-order mark (Excel then shows Vietnamese right), CRLF,
    the header and the status in words (`words("csv.<column>")`, `words("state.<status>")`), times in Vietnam
    time as "2027-01-29 15:30", the day an enterprise owes from as "2027-02-08" (empty: every day; a "not counted"
    row says from when, as the page does beside the enterprise), no cell able to start a formula (a district is
    typed by people)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet_text(words(f"csv.{c}")) for c in CSV_COLUMNS])
    for p in points:
        first = f"{local(p.first_published_at):%Y-%m-%d %H:%M}" if p.first_published_at else ""
        writer.writerow(
            [
                sheet_text(p.district or ""),
                sheet_text(p.enterprise_name),
                sheet_text(p.site_name),
                sheet_text(words(f"state.{p.status}")),
                p.obligations_from.isoformat() if p.obligations_from else "",
                first,
                str(p.published_version or ""),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
