"""Tết hours from a spreadsheet: one row per post office or transaction point and day ("Bưu cục/điểm giao dịch",
"Ngày", "Giờ mở cửa" as "07:30–11:30, 13:30–17:00" or "Nghỉ", "Ghi chú"). Parsing checks each cell's format;
the service layer resolves the points and applies the same rules as PUT /sites/{id}/tet-hours.

A row whose hours and note are both empty is left out ("blank"): the template lists every point × every day,
its days without hours empty, and a file sent back half filled in must not close the days not yet filled
(a closed day is written "Nghỉ"). Hours left empty beside a note are refused, for the same reason.

The template also writes each day's lunar name beside its date ("Âm lịch": "Mùng 1 Tết") for the people who
fill it in. The import knows that column only to leave it out: the solar date decides which day a row is, also
when a lunar cell was typed over or copied from another row, and a file without the column reads the same.

Its report names the points it publishes late — only those it does publish, for the first time, past the deadline —
and the points it leaves untouched and unpublished because every one of their rows was blank (`published_late`,
`left_empty`; the dry run by the same rule)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from lichtruc.text import fold, formula_like, sort_key

from .errors import FieldError
from .hours import MAX_NOTE, DayHours, Session, normalised, session_text
from .imports import (
    WRONG_ENCODING,
    Columns,
    FieldChange,
    RowReport,
    control_character,
    day_unread,
    locate_columns,
    misread_cell,
    read_day,
    without_control_characters,
)
from .spreadsheets import Table
from .values import parse_clock

HOURS_COLUMNS: dict[str, tuple[str, ...]] = {
    "site": (
        "site",
        "Bưu cục/điểm giao dịch",  # the template's
        "Bưu cục, điểm giao dịch",
        "Bưu cục hoặc điểm giao dịch",
        "Điểm giao dịch",  # the template's before post offices published hours too
        "Địa điểm",
        "Tên điểm giao dịch",
        "Bưu cục",
        "Tên bưu cục",
        "Site",
        "Transaction point",
        "Point",
        "Post office",
        "Post office or transaction point",
    ),
    "date": ("date", "Ngày", "Date", "Day"),
    "hours": ("hours", "Giờ mở cửa", "Giờ giao dịch", "Thời gian mở cửa", "Giờ làm việc", "Hours", "Opening hours"),
    "note": ("note", "Ghi chú", "Note", "Notes"),
    "lunar_day": ("Âm lịch", "Ngày âm lịch", "Ngày âm", "Lunar day", "Lunar date"),
}
HOURS_REQUIRED = ("site", "date", "hours")
READ_COLUMNS = ("site", "date", "hours", "note")
"""The columns the import reads: the lunar day is known (so that it is not reported as a column nobody knows) and
never read — the date decides."""
LUNAR_HEADER = "Âm lịch"
SITE_HEADER = "Bưu cục/điểm giao dịch"
TEMPLATE_HEADER = (SITE_HEADER, "Ngày", LUNAR_HEADER, "Giờ mở cửa", "Ghi chú")
HOURS_HEADERS: dict[str, tuple[str, str]] = {
    "site": (SITE_HEADER, "post office or transaction point"),
    "date": ("Ngày", "date"),
    "hours": ("Giờ mở cửa", "opening hours"),
    "note": ("Ghi chú", "note"),
}
"""Each column as the template heads it, and in English words: what a missing column's message names it by."""

_CLOSED = {fold(w) for w in ("Nghỉ", "nghỉ Tết", "đóng cửa", "không mở cửa", "closed", "off", "x", "-")}
_SPAN = re.compile(r"^\s*(\S+?)\s*(?:-|–|—|đến|to)\s*(\S+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class HoursRow:
    row: int
    site: str
    day: DayHours


@dataclass
class HoursRowResult:
    row: int
    parsed: HoursRow | None
    errors: list[FieldError]
    site: str = ""
    """The point as typed (control characters left out), also on a row whose other cells could not be read."""
    day: date | None = None
    """The day, when its cell could be read."""
    blank: bool = False
    """Neither hours nor note: the row is left out and its point's day stays as it is."""
    warnings: list[dict[str, object]] = field(default_factory=list)
    """What the row is told without being refused: a date read from Excel's number for it (`read_day`)."""


Action = Literal["create", "update", "unchanged", "blank"]


@dataclass(frozen=True)
class HoursRowReport(RowReport):
    site_name: str | None
    day: date | None
    open: bool | None
    hours: str | None
    action: Action | None = None
    """What the row does to its point's day: "create" (no hours yet), "update", "unchanged" or "blank" (hours and
    note empty: left out, the day stays as it is); None for a row that cannot be imported."""
    changes: tuple[FieldChange, ...] = ()
    """An update's: the hours and the note, each before → after."""


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


_COLUMN_NAMES = {
    "site": ("name", SITE_HEADER),
    "date": ("date", "Ngày"),
    "hours": ("hours", "Giờ mở cửa"),
    "note": ("note", "Ghi chú"),
}
"""Each column as a message names it: in English, and by the template's (Vietnamese) header."""
_FREE_TEXT = ("site", "note")
"""The cells people type freely (the others are read strictly: a formula is no date nor hours)."""


def _unsafe(texts: dict[str, str], point: str, point_vi: str) -> list[FieldError]:
    """A control character in any cell (C0, or C1: a file in another encoding), Vietnamese read in the wrong encoding
    (`misread_cell`), or free text a spreadsheet would
    run as a formula: refused (what is imported is written back into the template and the exports), naming the
    point."""
    errors = []
    for column, text in texts.items():
        what_en, what_vi = _COLUMN_NAMES[column]
        if found := control_character(text):
            code, c1 = found
            todo, todo_vi = WRONG_ENCODING if c1 else (": type the cell again without it.", ": hãy gõ lại ô đó.")
            errors.append(
                FieldError(
                    column,
                    "no-control-characters",
                    f"The {what_en} cell of {point} holds a control character ({code}), which a spreadsheet "
                    f"cannot keep{todo}",
                    f"Ô “{what_vi}” của {point_vi} có ký tự điều khiển ({code}), bảng tính không lưu được{todo_vi}",
                )
            )
        elif (garbled := misread_cell(column, text)) is not None:
            errors.append(garbled)
        elif column in _FREE_TEXT and formula_like(text):
            first = text.lstrip()[:1] or text[:1]
            errors.append(
                FieldError(
                    column,
                    "no-formula",
                    f"The {what_en} cell of {point} starts with “{first}”, which a spreadsheet runs as a "
                    "formula: start it with a letter or a digit.",
                    f"Ô “{what_vi}” của {point_vi} bắt đầu bằng “{first}”, bảng tính sẽ chạy như một công thức: hãy bắt "
                    "đầu bằng chữ hoặc số.",
                )
            )
    return errors


def _hhmm(since_midnight: timedelta) -> str:
    total = int(since_midnight.total_seconds() // 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_sessions(text: str) -> tuple[Session, ...] | None:
    """ "07:30–11:30, 13:30–17:00" (or "7h30 - 11h30; 13h30 - 17h") → sessions; "Nghỉ" or empty → ();
    None when the text cannot be read."""
    if not text or fold(text) in _CLOSED:
        return ()
    sessions = []
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        m = _SPAN.match(part)
        if m is None:
            return None
        opens, closes = parse_clock(m.group(1)), parse_clock(m.group(2))
        if opens is None or closes is None or opens >= timedelta(hours=24) or closes > timedelta(hours=24):
            return None
        sessions.append(Session(_hhmm(opens), _hhmm(closes)))
    return tuple(sessions)


def _cell(row: tuple[object, ...], cols: Columns, name: str) -> object:
    i = cols.index.get(name)
    return row[i] if i is not None and i < len(row) else None


def parse_hours(table: Table) -> tuple[Columns, list[HoursRowResult]]:
    """Every data row as a point's day, or the errors of its cells (in both languages)."""
    table, cols = locate_columns(table, HOURS_COLUMNS, HOURS_REQUIRED, HOURS_HEADERS)
    results = []
    for number, row in table.rows:
        site = _text(_cell(row, cols, "site"))
        texts = {name: _text(_cell(row, cols, name)) for name in READ_COLUMNS}
        typed = without_control_characters(site)
        shown = f"“{typed}”"
        point, point_vi = (shown, shown) if site else (f"the point of row {number}", f"địa điểm ở dòng {number}")
        errors: list[FieldError] = _unsafe(texts, point, point_vi)
        if errors:
            results.append(HoursRowResult(number, None, errors, typed, read_day(_cell(row, cols, "date"))[0]))
            continue
        if not site:
            errors.append(
                FieldError(
                    "site",
                    "required",
                    "Name the post office or transaction point (as registered).",
                    "Hãy ghi tên bưu cục hoặc điểm giao dịch (như đã đăng ký).",
                )
            )
        raw_day = _cell(row, cols, "date")
        day, serial = read_day(raw_day)  # as the shift import reads it: an Excel number is a day, said so
        warnings = [serial] if serial is not None else []
        if day is None:
            errors.append(day_unread(raw_day, rule="date"))
        hours_text = _text(_cell(row, cols, "hours"))
        note = _text(_cell(row, cols, "note"))[:MAX_NOTE] or None
        if not hours_text and not errors and day is not None:
            if note is None:
                results.append(HoursRowResult(number, None, [], typed, day, blank=True, warnings=warnings))
                continue
            errors.append(
                FieldError(
                    "hours",
                    "required",
                    "The opening hours are empty beside a note: write them (e.g. 07:30-11:30), or Nghỉ for a "
                    "closed day.",
                    "Giờ mở cửa để trống bên cạnh ghi chú: hãy ghi giờ (ví dụ 07:30-11:30), hoặc Nghỉ nếu ngày đó "
                    "nghỉ.",
                )
            )
        sessions = parse_sessions(hours_text)
        if sessions is None:
            errors.append(
                FieldError(
                    "hours",
                    "hours",
                    f"“{hours_text}” cannot be read as opening hours: write e.g. 07:30-11:30, 13:30-17:00, or Nghỉ.",
                    f"Không đọc được giờ mở cửa “{hours_text}”: hãy ghi ví dụ 07:30-11:30, 13:30-17:00, hoặc Nghỉ.",
                )
            )
        parsed = None
        if not errors and day is not None and sessions is not None:
            parsed = HoursRow(number, site, DayHours(day, bool(sessions), sessions, note))
        results.append(HoursRowResult(number, parsed, errors, typed, day, warnings=warnings))
    return cols, results


# --- what a row changes -----------------------------------------------------------------------------------


def _spans(day: DayHours) -> tuple[str, ...]:
    return tuple(f"{s.opens}–{s.closes}" for s in day.sessions) if day.open else ()


def _hours_en(day: DayHours) -> str:
    return ", ".join(_spans(day)) if day.open else "closed"


def hours_update(before: DayHours | None, after: DayHours) -> tuple[Action, tuple[FieldChange, ...]]:
    """What a row does to the day its point already has (`before`; None: no hours that day yet): "create",
    "unchanged", or "update" with each change before → after — the hours ("Giờ mở cửa: 07:30–11:30 → Nghỉ": an
    opening, a closing or a closed day; the sessions compared in order of time, as they are saved) and the
    note."""
    if before is None:
        return "create", ()
    (was,), (now,) = normalised([before]), normalised([after])
    changes = []
    if (was.open, was.sessions) != (now.open, now.sessions):
        changes.append(
            FieldChange(
                "hours",
                _spans(was),
                _spans(now),
                f"Opening hours: {_hours_en(was)} → {_hours_en(now)}",
                f"Giờ mở cửa: {session_text(was)} → {session_text(now)}",
            )
        )
    if was.note != now.note:
        changes.append(
            FieldChange(
                "note",
                was.note,
                now.note,
                f"Note: {was.note or '(none)'} → {now.note or '(none)'}",
                f"Ghi chú: {was.note or '—'} → {now.note or '—'}",
            )
        )
    return ("update" if changes else "unchanged"), tuple(changes)


# --- which points an import publishes late, and which it leaves untouched -----------------------------------


@dataclass(frozen=True)
class PointInFile:
    """A post office or transaction point as one Tết-hours file has it: how its rows read, and whether its hours were
    published before the import."""

    name: str
    rows: int
    """The file's rows naming it."""
    blank: int = 0
    """Of which blank (hours and note empty): left out, nothing imported from them."""
    wrong: int = 0
    """Of which with an error: the point's days are not written (nor published) while any is."""
    published: bool = False
    """Its hours were published before the import: publishing again is not its first publication, the one the
    deadline judges (audit's "late")."""

    @property
    def days(self) -> int:
        """The days the import writes into its schedule."""
        return self.rows - self.blank - self.wrong


def published_late(points: Iterable[PointInFile], *, publish: bool, due: datetime, now: datetime) -> tuple[str, ...]:
    """The points an import at `now` publishes for the first time after the deadline `due`, by name in Vietnamese
    order: audit records their hours late. Only when publishing was asked; a point counts when the file gives it days
    and none of its rows is wrong (else nothing of it is published) and its hours were never published (its first
    publication stands, on time or not). A point whose rows were all blank is not published at all (QA: such a point
    was named "published late" while it stayed unpublished; `left_empty` names it). A dry run passes the same `now`:
    the points it names are those its commit would publish late."""
    if not publish or now <= due:
        return ()
    return tuple(sorted((p.name for p in points if p.days and not p.wrong and not p.published), key=sort_key))


def left_empty(points: Iterable[PointInFile]) -> tuple[str, ...]:
    """The points of the file whose every row was blank and whose hours were never published, by name in Vietnamese
    order: the import writes nothing for them and they stay unpublished, publishing asked or not."""
    return tuple(sorted((p.name for p in points if p.rows and p.blank == p.rows and not p.published), key=sort_key))
