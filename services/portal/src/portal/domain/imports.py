"""Importing staff, shifts and the Tết opening hours of post offices and transaction points from a
spreadsheet, as the portal sees it: the template files with the Vietnamese headers roster reads (staff and shifts; the
Tết-hours template is roster's own, the enterprise's points × the campaign's days), the dry-run
report turned into rows people can read, and the uploaded file carried from the dry run to the
commit inside the page itself.

Why the file travels in the page: the portal runs as several replicas without sticky sessions
and keeps no state, so the commit may reach a replica that never saw the dry run. The report
page's commit form therefore carries the file (compressed when that helps, base64) in a
hidden field; the person does not choose the file a second time. The field is bounded
(`CARRY_MAX_CHARS`, under the 1 MiB a form field may have): for a larger file — far beyond
any staff list or Tết roster — the commit form asks to choose the file again instead. Nothing
is trusted from the field: roster checks every row again when it commits, and refuses the
whole file if any row breaks a rule.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from lichtruc.text import phone_label

from .campaigns import C
from .dates import parse_instant

Kind = Literal["staff", "shifts", "tet_hours"]
KINDS: tuple[Kind, ...] = ("staff", "shifts", "tet_hours")
SLUGS: Mapping[Kind, str] = {"staff": "staff", "shifts": "shifts", "tet_hours": "tet-hours"}
"""Each kind as its addresses spell it (roster's /imports/<slug>, the portal's /manage/imports/<slug>)."""
CAMPAIGN_KINDS: frozenset[Kind] = frozenset({"shifts", "tet_hours"})
"""The kinds imported into a campaign (and published, if asked), not only into an enterprise."""
HOURS_COLUMNS: tuple[str, ...] = ("site", "date", "hours", "note")
"""The Tết-hours file's columns as roster's report names them (roster's domain/hours_import.py)."""


def kind_of(slug: str) -> Kind | None:
    """The kind an address names, or None."""
    return next((kind for kind, known in SLUGS.items() if known == slug), None)


# The header row of the template files the portal writes: the Vietnamese names roster accepts for
# each column (roster's domain/imports.py, STAFF_COLUMNS and SHIFT_COLUMNS), in the order people fill
# them. None for the Tết hours: that template is roster's, filled with the points and days.
HEADERS: Mapping[Kind, tuple[tuple[str, str], ...]] = {
    "staff": (
        ("full_name", "Họ và tên"),
        ("email", "Email"),
        ("phone", "Số điện thoại"),
        ("qualifications", "Chuyên môn"),
        ("active", "Đang hoạt động"),
        ("language", "Ngôn ngữ"),
        ("national_id", "Số CCCD"),
    ),
    "shifts": (
        ("duty_type", "Loại trực"),
        ("starts_at", "Bắt đầu"),
        ("ends_at", "Kết thúc"),
        ("site", "Địa điểm"),
        ("assignees", "Người trực"),
        ("notes", "Ghi chú"),
    ),
    # roster's Tết-hours template (roster.domain.hours_import.TEMPLATE_HEADER): the portal only describes it
    "tet_hours": (
        ("site", "Bưu cục/điểm giao dịch"),
        ("date", "Ngày"),
        ("lunar_day", "Âm lịch"),
        ("hours", "Giờ mở cửa"),
        ("note", "Ghi chú"),
    ),
}
REPORTED_COLUMNS: Mapping[Kind, frozenset[str]] = {
    "staff": frozenset(name for name, _ in HEADERS["staff"]) | {"enterprise"},
    "shifts": frozenset(name for name, _ in HEADERS["shifts"]) | {"date", "status"},
}
"""The columns roster's staff and shift reports name a problem by (roster's STAFF_COLUMNS and SHIFT_COLUMNS; a
test holds them equal, and each to a catalogue entry imports.column.<name>): the template's, a staff file's optional
“Doanh nghiệp” (enterprise) column, checked against the enterprise chosen, and the shift file's
“Ngày” (date) column, which roster reads beside times of day though the template has none (QA: a shift file with
an unreadable “Ngày” cell showed the portal's error page, the column having no words), and the board's download's
“Trạng thái” (status: a draft or published), which roster knows and never reads (a control character in it is still
said)."""
REQUIRED: Mapping[Kind, tuple[str, ...]] = {
    "staff": ("full_name", "qualifications"),
    "shifts": ("duty_type", "starts_at", "ends_at", "assignees"),
}

# roster's default ROSTER_IMPORT_MAX_BYTES; roster answers 413 itself if it is set lower.
MAX_UPLOAD_BYTES = 4 * 1024 * 1024
# Starlette refuses a form field over 1 MiB; the packed file stays well under it.
CARRY_MAX_CHARS = 1_000_000
_RAW, _ZLIB = "b:", "z:"


# --- the file between the dry run and the commit -------------------------------------------------


def pack(data: bytes) -> str | None:
    """The file as text for a hidden form field (zlib when it is smaller), or None when even
    that is longer than CARRY_MAX_CHARS (then the commit asks for the file again)."""
    squeezed = zlib.compress(data, 6)
    prefix, body = (_ZLIB, squeezed) if len(squeezed) < len(data) else (_RAW, data)
    text = prefix + base64.urlsafe_b64encode(body).decode("ascii")
    return text if len(text) <= CARRY_MAX_CHARS else None


def unpack(text: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The file back from `pack`'s text. ValueError when it is damaged or would be larger than
    `max_bytes` once decompressed (a field is never trusted to be small)."""
    if len(text) > CARRY_MAX_CHARS + 10 or text[:2] not in (_RAW, _ZLIB):
        raise ValueError("not a packed file")
    try:
        body = base64.b64decode(text[2:].encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not a packed file") from exc
    if text[:2] == _RAW:
        data = body
    else:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            raise ValueError("not a packed file") from exc
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("larger than allowed")
    if len(data) > max_bytes:
        raise ValueError("larger than allowed")
    return data


# --- template files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnGuide:
    """What one column of a template takes (the catalogue's imports.guide.<kind>.<column> and
    imports.example.<kind>.<column>): its header as roster reads it, the rule and an example. One guide for the
    three places it is read: the import page, the XLSX template's guide sheet and the CSV template's guide row."""

    column: str
    title: str
    rule: str
    example: str


GUIDE_ROWS = 2
"""The rows the CSV template holds above its header: a line saying they are a guide, never imported, and the guide
of each column above that column. Roster takes the row of the headers it knows as the header, and what is above it
as a title (its `locate_columns`, at most five rows): left in, they import nothing."""


def template_csv(kind: Kind, *, note: str = "", guide: Sequence[str] = ()) -> bytes:
    """The CSV template in UTF-8 with a BOM (so that Excel opens the diacritics right): the header row, and
    above it (`GUIDE_ROWS`) `note` and `guide`, each column's guide in its column (the headers' order). A CSV has
    no second sheet for the guide the XLSX template carries, and an example row under the header would be
    imported if left in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if guide:
        writer.writerows([[note], list(guide)])
    writer.writerow([title for _, title in HEADERS[kind]])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


TEXT_COLUMNS = frozenset({"phone", "national_id"})
"""The template's columns formatted as Text ("@"): numbers that start with 0 (a phone, a CCCD number), which Excel
drops in a General column (080190001234 became 80190001234)."""


def template_xlsx(
    kind: Kind, *, sheet_title: str, guide_title: str, guide: Sequence[ColumnGuide], guide_header: Sequence[str]
) -> bytes:
    """A workbook whose first sheet (the one roster reads; moved behind the guide, it is still the one whose header
    roster knows) has only the header row, and a second sheet that explains each column with an example
    (`guide_header`: that sheet's three headers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([title for _, title in HEADERS[kind]])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F5")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[cell.column_letter].width = max(18, len(str(cell.value)) + 6)
    for cell, (name, _) in zip(sheet[1], HEADERS[kind], strict=True):
        if name in TEXT_COLUMNS:  # typed in a General column, 0912345678 would lose its 0 to Excel
            sheet.column_dimensions[cell.column_letter].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(guide_title[:31])
    notes.append(list(guide_header))
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for g in guide:
        notes.append([g.title, g.rule, g.example])
    for letter, width in (("A", 22), ("B", 90), ("C", 40)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        row[0].font = bold
        for cell in row[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the report -------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^”]*)”")
_QUOTED_BEFORE = re.compile(r"'([^']*)'")
"""How roster quoted a value before 2026-12-05 (straight quotes), in the reports made then."""
# Rules whose English message quotes the value the person typed ("“abc” is not an e-mail address"): where a
# report's error says no `value` of its own.
VALUE_RULES = frozenset(
    {
        "email-format",
        "phone-format",
        "known-qualification",
        "yes-no",
        "known-language",
        "known-duty-type",
        "datetime-format",
        "site-exists",
        "staff-exists",
        "unambiguous-name",
        "date",  # Tết hours: "“31/02” is not a date"
        "hours",  # Tết hours: "“sáng thôi” cannot be read as opening hours"
    }
)


def quoted_value(message: str) -> str | None:
    """The value a message quotes (“…”, the house's quotes; '…' in a message roster wrote before it used them), if
    any."""
    found = _QUOTED.search(message or "") or _QUOTED_BEFORE.search(message or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong (or to watch) on one row: the column it is about, what the cell held
    (when the service says), the rule broken and the service's own words."""

    row: int
    field: str
    rule: str
    value: str | None
    message: str
    message_vi: str | None = None
    name: str | None = None  # who the row is about (a Tết-hours row: the point), when it could be read
    day: date | None = None  # a Tết-hours row's day, when it could be read


@dataclass(frozen=True)
class NewPerson:
    """A staff row that registers someone (roster's `adds`): what will be stored, for the manager to see first."""

    row: int
    full_name: str
    qualifications: tuple[str, ...]  # codes (leader, operator…)
    email: str | None
    phone: str | None

    @property
    def phone_label(self) -> str:
        """The phone number as people read it (grouped)."""
        return phone_label(self.phone)


@dataclass(frozen=True)
class FileNote:
    """One thing roster says of the whole file (`rule`: sheet-read, two-row-header, after-table, hidden-rows,
    hidden-columns — the last said on the report only, not carried to the done page), in its own words in both
    languages, with the values it names: the sheet read (`sheet`), the rows (`rows`: the header's two, or every row
    left out or hidden)."""

    rule: str
    message: str
    message_vi: str
    sheet: str = ""
    rows: tuple[int, ...] = ()

    def words(self, lang: str) -> str:
        return self.message_vi if lang == "vi" and self.message_vi else self.message


FILE_NOTE_RULES = ("sheet-read", "two-row-header", "after-table", "hidden-rows")
NOTE_ROWS_NAMED = 20
"""How many rows a note said again on the done page names (then how many more), as roster's own notes do."""
NOTE_SHEET_LONGEST = 100
"""A sheet's name said again, at most this long (Excel allows 31 characters)."""


@dataclass(frozen=True)
class NoteCarried:
    """A file note as the done page says it again after the commit, in the portal's own words for its rule (never
    roster's text): the sheet's name, the rows named (at most NOTE_ROWS_NAMED), and how many rows in all."""

    rule: str
    sheet: str = ""
    rows: tuple[int, ...] = ()
    count: int = 0

    @property
    def more(self) -> int:
        """The rows the note counts but does not name."""
        return max(0, self.count - len(self.rows))


def notes_carried(notes: Sequence[FileNote]) -> str:
    """The commit's file notes for the done page's signed address, a note a line ("rule<TAB>sheet<TAB>count<TAB>rows"),
    bounded: the sheet's name cut to NOTE_SHEET_LONGEST, the first NOTE_ROWS_NAMED rows; notes of other rules left out."""
    lines = []
    for n in notes:
        if n.rule not in FILE_NOTE_RULES:
            continue
        sheet = re.sub(r"[\t\r\n]", " ", n.sheet)[:NOTE_SHEET_LONGEST]
        rows = ",".join(str(r) for r in n.rows[:NOTE_ROWS_NAMED])
        lines.append(f"{n.rule}\t{sheet}\t{len(n.rows)}\t{rows}")
    return "\n".join(lines)


def notes_read(text: str) -> tuple[NoteCarried, ...]:
    """`notes_carried` read back; a line that is not one (a rule unknown, a row no number) is left out."""
    out = []
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] not in FILE_NOTE_RULES or not parts[2].isdigit():
            continue
        rows = [r for r in parts[3].split(",") if r]
        if not all(r.isdigit() for r in rows):
            continue
        named = tuple(int(r) for r in rows[:NOTE_ROWS_NAMED])
        out.append(NoteCarried(parts[0], parts[1][:NOTE_SHEET_LONGEST], named, max(int(parts[2]), len(named))))
    return tuple(out)


OUTSIDE_CAMPAIGN = "inside-campaign"
"""roster's rule for a shift row outside the campaign chosen (its start, its end, or both: the row once)."""
TIME_COLUMNS = ("date", "starts_at", "ends_at")
"""A shift row's columns of its times, as roster's report names them."""


def _outside(report: ImportReport) -> set[int]:
    return {p.row for p in report.errors if p.rule == OUTSIDE_CAMPAIGN}


def rows_outside(report: ImportReport) -> int:
    """How many of the file's rows roster refused for lying outside the campaign chosen, each row once."""
    return len(_outside(report))


def rows_refused_for_times(report: ImportReport) -> tuple[int, ...]:
    """The rows roster refused for their times for another reason than lying outside the campaign chosen (a shift
    too long, an end not after its start, a day perhaps written month-first, a time it could not read): where such
    a row falls is not known, so the hint counts them apart and names them (QZ25 #3: a month-first row refused as
    too long was counted neither outside the drill nor apart, and "2/3 dòng … nằm ngoài" sat beside "còn 3 dòng
    nằm trong Tết")."""
    outside = _outside(report)
    return tuple(sorted({p.row for p in report.errors if p.field in TIME_COLUMNS and p.row not in outside}))


def rows_landing(here: ImportReport, there: ImportReport) -> int:
    """Of the rows outside the campaign chosen (`here`), how many lie inside another (`there`): roster refused none
    of their times there. A row refused there for its times (outside, or read there as written month-first) is not
    counted inside it."""
    refused_there = {p.row for p in there.errors if p.field in TIME_COLUMNS}
    return len(_outside(here) - refused_there)


def mostly_outside(report: ImportReport) -> bool:
    """Whether most or all of the file's rows lie outside the campaign chosen (QZ24 #2: a Tết shift file checked
    against the drill under way had every row refused and nothing said they all fell inside Tết)."""
    return report.rows > 0 and 2 * rows_outside(report) > report.rows


def fits_better(here: ImportReport, there: ImportReport) -> bool:
    """Whether the file, checked against another campaign (`there`), lies mostly inside it and less outside it than
    inside the campaign chosen (`here`), some of the rows outside `here` inside it."""
    outside = rows_outside(there)
    return 2 * outside < there.rows and outside < rows_outside(here) and rows_landing(here, there) > 0


@dataclass(frozen=True)
class RowTimes:
    """A shift row's start and end as roster read them (its report's `starts_at`, `ends_at`), in Vietnam's time."""

    row: int
    starts_at: datetime
    ends_at: datetime


def likely_campaign(report: ImportReport, campaigns: Sequence[C]) -> C | None:
    """The campaign of `campaigns` that holds (start and end inside, as roster's rule reads it) the most of the rows
    refused as outside the campaign chosen, by the times roster read; the first of equals in the order given; None
    when none holds one. The file is then checked against that one alone, not against each in turn (N1: up to three
    more dry runs when most rows were outside)."""
    outside = _outside(report)
    spans = [t for t in report.times if t.row in outside]
    best: tuple[int, C] | None = None
    for c in campaigns:
        held = sum(1 for t in spans if c.starts_at <= t.starts_at < t.ends_at <= c.ends_at)
        if held and (best is None or held > best[0]):
            best = (held, c)
    return best[1] if best else None


@dataclass(frozen=True)
class Elsewhere:
    """Another campaign most of a file's rows fall inside, when most lie outside the one chosen: the report's first
    line says so and offers checking the file against it. `rows` = `outside` + the rows inside the campaign chosen
    + `refused` (QZ25 #3: the line's counts agree with each other and with the rows the report lists)."""

    campaign_id: str
    name: str
    rows: int  # the file's rows
    outside: int  # outside the campaign chosen
    inside: int  # of those, inside this one
    refused: tuple[int, ...] = ()  # rows refused for their times for another reason (`rows_refused_for_times`)

    @property
    def refused_named(self) -> str:
        """The refused rows by number ("4, 7"), the first REFUSED_NAMED of them, then "…"."""
        named = ", ".join(str(r) for r in self.refused[:REFUSED_NAMED])
        return named + (", …" if len(self.refused) > REFUSED_NAMED else "")


REFUSED_NAMED = 5
"""How many rows refused for their times the hint names by number."""


@dataclass(frozen=True)
class ImportReport:
    kind: Kind
    rows: int
    ok: int
    with_errors: int
    with_warnings: int
    errors: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    actions: Mapping[str, int] = field(default_factory=dict)  # staff, Tết hours: create/update/unchanged/blank → rows
    changes: tuple[RowProblem, ...] = ()
    """What each update changes, a field a line (rule "change"): a staff record's fields, a Tết-hours day's hours
    and note (the line names the point and the day)."""
    ignored_columns: tuple[str, ...] = ()
    committed: bool = False
    late_points: tuple[str, ...] = ()
    """Tết hours: the points the import publishes (a dry run: would publish) for the first time past the campaign's
    deadline, as roster names them — only those (QA: a point whose every row was empty was named too)."""
    empty_points: tuple[str, ...] = ()
    """Tết hours: the points every row of which was empty and whose hours were never published: nothing imported
    for them, still unpublished (roster's `empty_points`)."""
    additions: tuple[NewPerson, ...] = ()
    """Staff: who the file registers, row by row, with what will be stored (QA: the check said only "Thêm mới 4
    người")."""
    notes: tuple[FileNote, ...] = ()
    """What roster found worth saying of the file's shape, once for the file (its `notes`): the sheet it read when
    not the first, a header over two rows, the rows after the table it left out, the rows hidden in the file."""
    times: tuple[RowTimes, ...] = ()
    """Shifts: each row's start and end as roster read them, for the rows whose times it read."""

    @property
    def can_commit(self) -> bool:
        return self.with_errors == 0 and self.written > 0

    @property
    def all_unchanged(self) -> bool:
        """Staff or shifts: every row written is already there as it is (roster's round trip), so importing the file
        would write nothing — unless it also publishes (`Checked.nothing_to_import`)."""
        return self.kind != "tet_hours" and self.written > 0 and self.actions.get("unchanged", 0) == self.written

    @property
    def written(self) -> int:
        """The rows a commit writes: all but the Tết-hours rows left blank (hours and note empty)."""
        return self.rows - self.actions.get("blank", 0)


def _problem(row: int, doc: Mapping[str, Any], name: str | None, day: date | None = None) -> RowProblem:
    rule = str(doc.get("rule") or "")
    message = str(doc.get("message") or "")
    field_name = str(doc.get("field") or "").split(".")[-1] if doc.get("field") else ""
    # The cell as roster read it first; an older roster only quotes it in some English messages.
    written = doc.get("value")
    value = str(written) if written not in (None, "") else quoted_value(message) if rule in VALUE_RULES else None
    return RowProblem(
        row=row,
        field=field_name,
        rule=rule,
        value=value,
        message=message,
        message_vi=str(doc["message_vi"]) if doc.get("message_vi") else None,
        name=name,
        day=day,
    )


def _kind(doc: Mapping[str, Any]) -> Kind:
    return next((k for k in KINDS if k == doc.get("kind")), "staff")


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def read_report(doc: Mapping[str, Any]) -> ImportReport:
    """roster's import report (dry run or commit) as the page shows it."""
    kind = _kind(doc)
    errors: list[RowProblem] = []
    warnings: list[RowProblem] = []
    changes: list[RowProblem] = []
    actions: dict[str, int] = {}
    additions: list[NewPerson] = []
    times: list[RowTimes] = []
    for row in doc.get("rows") or ():
        number = int(row.get("row", 0))
        # Who the row is about as roster read it, also on a row it could not understand: a staff
        # row's full name, a shift row's people (e-mails or names) as the file writes them, a Tết-hours
        # row's point (by its registered name when roster matched one) and day.
        name = (
            row.get("full_name")
            or row.get("site_name")
            or ", ".join(str(p) for p in row.get("assignees") or ())
            or None
        )
        day = _day(row.get("day"))
        errors += [_problem(number, e, name, day) for e in row.get("errors") or ()]
        warnings += [_problem(number, w, name, day) for w in row.get("warnings") or ()]
        changes += [_problem(number, {**c, "rule": "change"}, name, day) for c in row.get("changes") or ()]
        if isinstance(adds := row.get("adds"), Mapping) and adds.get("full_name"):
            additions.append(
                NewPerson(
                    row=number,
                    full_name=str(adds["full_name"]),
                    qualifications=tuple(str(q) for q in adds.get("qualifications") or ()),
                    email=str(adds["email"]) if adds.get("email") else None,
                    phone=str(adds["phone"]) if adds.get("phone") else None,
                )
            )
        if row.get("action") and row.get("ok", True):
            actions[str(row["action"])] = actions.get(str(row["action"]), 0) + 1
        if (read := _times(row)) is not None:
            times.append(RowTimes(number, *read))
    summary = doc.get("summary") or {}
    return ImportReport(
        kind=kind,
        rows=int(summary.get("rows", 0)),
        ok=int(summary.get("ok", 0)),
        with_errors=int(summary.get("with_errors", 0)),
        with_warnings=int(summary.get("with_warnings", 0)),
        errors=tuple(errors),
        warnings=tuple(warnings),
        actions=actions,
        changes=tuple(changes),
        ignored_columns=tuple(str(c) for c in doc.get("ignored_columns") or ()),
        committed=bool(doc.get("committed")),
        late_points=tuple(str(p) for p in doc.get("late_points") or ()),
        empty_points=tuple(str(p) for p in doc.get("empty_points") or ()),
        additions=tuple(additions),
        notes=tuple(
            FileNote(
                str(n.get("rule") or ""),
                str(n.get("message") or ""),
                str(n.get("message_vi") or ""),
                sheet=str(n.get("sheet") or ""),
                rows=tuple(r for r in n.get("rows") or () if isinstance(r, int) and not isinstance(r, bool)),
            )
            for n in doc.get("notes") or ()
        ),
        times=tuple(times),
    )


def _times(row: Mapping[str, Any]) -> tuple[datetime, datetime] | None:
    """A shift row's start and end as roster read them; None when it read neither (or wrote them otherwise)."""
    try:
        return parse_instant(str(row["starts_at"])), parse_instant(str(row["ends_at"]))
    except (KeyError, TypeError, ValueError):
        return None


def file_problems(problem: Mapping[str, Any]) -> tuple[RowProblem, ...]:
    """The errors of a refused file that are not about one row (a missing column, an unreadable
    or too large file), from roster's problem document."""
    out = []
    for error in problem.get("errors") or ():
        name = str(error.get("field") or "")
        if name.startswith("rows."):
            continue
        out.append(
            RowProblem(
                row=0,
                field=name.split(".")[-1],
                rule=str(error.get("rule") or ""),
                value=None,
                message=str(error.get("message") or ""),
                message_vi=str(error["message_vi"]) if error.get("message_vi") else None,
            )
        )
    return tuple(out)


# --- the report grouped by cause, filtered and paged ------------------------------------------------------

Severity = Literal["error", "warning"]


def cause_key(severity: Severity, rule: str) -> str:
    """What a problem is filtered by: its kind (roster's rule, the catalogue's key), never its words with names,
    and whether it stops the import ("error:qualified", "warning:min-rest")."""
    return f"{severity}:{rule or 'other'}"


@dataclass(frozen=True)
class Cause:
    """One kind of problem in a report: how many rows it touches and how many lines the report says of it."""

    key: str
    severity: Severity
    rule: str
    rows: int
    lines: int


def causes(errors: Sequence[RowProblem], warnings: Sequence[RowProblem]) -> tuple[Cause, ...]:
    """The report's problems by cause, the errors' first, each severity's causes by the rows they touch (most
    first; the first met first among equals): what the report opens with instead of hundreds of lines repeating
    one rule (QA, 2026-12-06: one missing qualification said 30 times)."""
    groups: tuple[tuple[Severity, Sequence[RowProblem]], ...] = (("error", errors), ("warning", warnings))
    out: list[Cause] = []
    for severity, problems in groups:
        rows: dict[str, set[int]] = {}
        lines: dict[str, int] = {}
        rules: dict[str, str] = {}
        for p in problems:
            key = cause_key(severity, p.rule)
            rows.setdefault(key, set()).add(p.row)
            lines[key] = lines.get(key, 0) + 1
            rules[key] = p.rule
        ranked = sorted(rows, key=lambda k: -len(rows[k]))  # stable: the first met first among equals
        out += [Cause(k, severity, rules[k], len(rows[k]), lines[k]) for k in ranked]
    return tuple(out)
