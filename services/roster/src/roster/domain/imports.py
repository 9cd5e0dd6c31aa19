"""Bulk import: which column is which (Vietnamese or English headers) and what each row says.

Parsing checks each cell's format; the service layer then applies the same rules as the API
(people exist and are qualified, no double booking — also between rows of the same file).

A staff row that matches a record of the enterprise updates it: by its e-mail; a row without e-mail by the
record's name and phone number, or its national ID number (CCCD), so such a row never names another person.
**Whose record a row may update** (`another_person`): a row matched by its e-mail that writes another name
(compared folded: diacritics, case and spacing aside) AND a national ID number that is not the record's (the
record has another, or none) is another person under a wrong e-mail, not a rename — an error of the row (a commit
imports nothing, as for any error), where the staff form refuses an e-mail in use by someone else (QA: a row
"Trần Thị Hai" with anhptn@…'s e-mail and a new CCCD was only noted "nhập sẽ đổi tên người này", and would have
taken over her record and dropped her qualification). Another name with the record's own national ID number,
or without one, is a rename: allowed, and said (`update_warnings`: "renamed")."""

from __future__ import annotations

import itertools
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from lichtruc.duty_types import DUTY_QUALIFICATION
from lichtruc.text import C1_CONTROLS, CONTROL_CHARACTERS, fold, misread, same_name_key, sort_key, visible
from lichtruc.vntime import date_said, local
from lichtruc.words import field_name
from lichtruc.words import name as word_for

from .districts import new_district
from .errors import FieldError, RuleViolation
from .people import NameCapitalised, name_capitalised, phone_key
from .reference import StaffMember, parse_duty_type, parse_qualification, split_list, unqualified_at_work
from .shifts import (
    CampaignFacts,
    RuleLimits,
    ShiftDraft,
    SiteFacts,
    StaffFacts,
    assignee_errors,
    shift_errors,
    site_errors,
)
from .spreadsheets import Table
from .values import (
    NameRefused,
    clean_name,
    excel_serial_day,
    legacy_font_words,
    normalize_email,
    normalize_national_id,
    normalize_phone,
    on_day,
    parse_clock,
    parse_date,
    parse_instant,
    parse_language,
    parse_yes_no,
)

STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "Họ và tên", "Họ tên", "Tên", "Tên cán bộ", "Cán bộ", "Full name", "Name"),
    "email": ("email", "Email", "E-mail", "Thư điện tử"),
    "phone": (
        "phone",
        "Số điện thoại",
        "Điện thoại",
        "SĐT",
        "ĐT",
        "Điện thoại di động",
        "Số di động",
        "Di động",
        "Phone",
        "Phone number",
    ),
    "qualifications": ("qualifications", "Chuyên môn", "Năng lực", "Vai trò", "Qualifications", "Qualification"),
    "active": ("active", "Đang hoạt động", "Hoạt động", "Đang làm việc", "Trạng thái", "Active"),
    "language": ("language", "Ngôn ngữ", "Language"),
    "national_id": (
        "national_id",
        "Số CCCD",
        "CCCD",
        "Căn cước",
        "Số căn cước",
        "Căn cước công dân",
        "CMND",
        "Số CMND",
        "CCCD/CMND",
        "National ID",
        "National ID number",
    ),
    "enterprise": ("enterprise", "Doanh nghiệp", "Tên doanh nghiệp", "Enterprise", "Enterprise name"),
}
STAFF_REQUIRED = ("full_name", "qualifications")
STAFF_HEADERS: dict[str, tuple[str, str]] = {
    "full_name": ("Họ và tên", "full name"),
    "email": ("Email", "e-mail"),
    "phone": ("Số điện thoại", "phone number"),
    "qualifications": ("Chuyên môn", "qualifications"),
    "active": ("Đang hoạt động", "active"),
    "language": ("Ngôn ngữ", "language"),
    "national_id": ("Số CCCD", "national ID number"),
    "enterprise": ("Doanh nghiệp", "enterprise"),  # optional: checked against the enterprise chosen
}
"""Each column as the staff template (the portal's) heads it, and in English words: what a message names it by."""

SHIFT_COLUMNS: dict[str, tuple[str, ...]] = {
    "duty_type": ("duty_type", "Loại trực", "Loại ca", "Nhiệm vụ", "Duty type", "Duty"),
    "date": ("date", "Ngày", "Ngày trực", "Date", "Day"),
    "starts_at": (
        "starts_at",
        "Bắt đầu",
        "Từ",
        "Giờ bắt đầu",
        "Thời gian bắt đầu",
        "Từ giờ",
        "Giờ vào ca",
        "Start",
        "Starts at",
        "From",
    ),
    "ends_at": (
        "ends_at",
        "Kết thúc",
        "Đến",
        "Giờ kết thúc",
        "Thời gian kết thúc",
        "Đến giờ",
        "Giờ ra ca",
        "End",
        "Ends at",
        "To",
    ),
    "site": ("site", "Địa điểm", "Nơi trực", "Vị trí", "Site"),
    "assignees": (
        "assignees",
        "Người trực",
        "Cán bộ trực",
        "Nhân sự",
        "Họ và tên",
        "Họ tên",
        "Email",
        "Assignees",
        "Assignee",
        "Staff",
        "People",
    ),
    "notes": ("notes", "Ghi chú", "Notes", "Note"),
    # The roster file's last column (import_files.STATUS_HEADER: "Nháp — chưa công bố" beside a draft): known, so
    # that a file downloaded and imported back is not told of a column it ignored, and never read — whether a shift
    # is published is the board's to change, or the import's `publish`, not a cell's.
    "status": ("Trạng thái", "Status"),
}
SHIFT_REQUIRED = ("duty_type", "starts_at", "ends_at", "assignees")
PEOPLE_HEADER = "Người trực"
"""The people column as the shift template (the portal's) heads it: what a row without people is told to fill."""
SHIFT_HEADERS: dict[str, tuple[str, str]] = {
    "duty_type": ("Loại trực", "duty type"),
    "date": ("Ngày", "date"),
    "starts_at": ("Bắt đầu", "start"),
    "ends_at": ("Kết thúc", "end"),
    "site": ("Địa điểm", "site"),
    "assignees": (PEOPLE_HEADER, "people on duty"),
    "notes": ("Ghi chú", "notes"),
}
"""Each column as the shift template heads it (Ngày is no column of it: a time alone needs one), and in English."""

_HEADER_MARKS = re.compile(r"(?:\s*(?:\(\s*\*\s*\)|\*|:))+$")


def header_key(title: str) -> str:
    """A header as it is matched: folded (case, diacritics and spacing aside, a non-breaking space a space:
    lichtruc.text.fold), without the marks office templates put after a header — a required mark "(*)" or
    "*", a colon ("Họ và tên (*)", "Chuyên môn *", "Họ và tên:" are "Họ và tên")."""
    return _HEADER_MARKS.sub("", fold(title)).strip()


@dataclass(frozen=True)
class Columns:
    """Where each known field is in the table, the headers nobody knows (ignored), and what reading the
    file's shape found to say once (`notes`, each with its rule and words in both languages): the sheet read
    when it is not the first, a header over two rows, rows after the table left out, hidden rows."""

    index: Mapping[str, int]
    ignored: tuple[str, ...]
    notes: tuple[Mapping[str, object], ...] = ()


ACCEPTED_SHOWN = 6
"""How many other headers a missing column's message lists beside the template's."""


def _missing_column(name: str, aliases: tuple[str, ...], headers: Mapping[str, tuple[str, str]]) -> FieldError:
    """A required column not found: named by the template's header (and in English words), with the other
    headers people type that are read as it — not the API's key ("full_name")."""
    title, words = headers.get(name, (name, name))
    # The API's key ("full_name", "qualifications") is read too, but nobody heads a column so: not listed.
    spelt = {header_key(a): a for a in reversed(aliases) if a != name}
    others = [a for key, a in reversed(spelt.items()) if key != header_key(title)]
    listed = ", ".join(f"“{a}”" for a in others[:ACCEPTED_SHOWN])
    return FieldError(
        name,
        "column-required",
        f"The “{title}” ({words}) column is missing: add it to the header row as the template heads it."
        + (f" Also read as it: {listed}." if listed else ""),
        f"Thiếu cột “{title}”: hãy thêm cột này vào dòng tiêu đề như tệp mẫu."
        + (f" Cũng nhận các tên cột: {listed}." if listed else ""),
        {"header": title, "accepted_headers": [title, *others]},
    )


def map_columns(
    header: tuple[str, ...],
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    headers: Mapping[str, tuple[str, str]],
) -> Columns:
    """Match headers to fields (`header_key`). Raises RuleViolation naming every required column that is
    missing as the template (`headers`) heads it, with the other headers it accepts."""
    aliases = {header_key(alias): name for name, names in columns.items() for alias in names}
    index: dict[str, int] = {}
    ignored = []
    for i, title in enumerate(header):
        name = aliases.get(header_key(title))
        if name is None or name in index:
            if title:
                ignored.append(title)
            continue
        index[name] = i
    missing = [name for name in required if name not in index]
    if missing:
        raise RuleViolation([_missing_column(name, columns[name], headers) for name in missing])
    return Columns(index, tuple(ignored))


HEADER_SEARCH_ROWS = 5
"""How many rows below the first one may hold the header (a title and a blank line above it)."""


def _quoted(texts: Iterable[str]) -> str:
    return ", ".join(f"“{t}”" for t in texts)


def _lower_header(
    header: tuple[str, ...], below: tuple[object, ...], aliases: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The header read over two rows, when the row `below` it names columns under a group ("Thông tin liên hệ"
    merged over "Email" and "Số điện thoại"): each column by the lower row's name where it has one, else the upper
    row's. Only when the upper row names columns of the import and the lower one fills none of those, holds only
    text, and names a column the upper row does not: a data row fills the columns the header names."""
    known = {i for i, title in enumerate(header) if header_key(title) in aliases}
    cells = {i: str(v).strip() for i, v in enumerate(below) if v is not None and str(v).strip()}
    if not known or not cells or known & cells.keys() or not all(isinstance(below[i], str) for i in cells):
        return None
    named = {aliases[header_key(header[i])] for i in known}
    if not any(aliases.get(header_key(text)) not in (None, *named) for text in cells.values()):
        return None
    return tuple(cells.get(i, title) for i, title in enumerate(header))


DataCells = Mapping[int, Callable[[object], bool]]
"""The columns (by position) whose cell, when it reads as such a column's value (an e-mail address in the e-mail
column), makes a row data, however few cells it fills: what no signature or note holds."""


def _sparse(row: tuple[object, ...], required: Iterable[int], data_cells: DataCells) -> bool:
    """A row that fills one or two cells, at most one of them a required column's, so that it leaves a required
    column empty: a signature or a note. A signature block is often typed under the name column (QA: "GIÁM ĐỐC",
    "(Ký tên, đóng dấu)", "Nguyễn Văn Hùng" in "Họ và tên (*)" were read as people, the director matched to the
    manager's own record); a row that fills two required columns (a name and its qualification, a point and its
    day) is data, and so is one with a cell of `data_cells` that reads (QA: a person's e-mail and phone number,
    their name left out, were skipped as "after the table")."""
    filled = {i for i, v in enumerate(row) if v is not None and str(v).strip()}
    if any(i in filled and reads(row[i]) for i, reads in data_cells.items()):
        return False
    return len(filled) <= 2 and len(filled & set(required)) <= 1


def _table_end(rows: tuple[tuple[int, tuple[object, ...]], ...], required: Iterable[int], data_cells: DataCells) -> int:
    """How many of `rows` are the table: the rows after it — after one or more blank rows, a run to the end of
    the sheet of rows that each fill one or two cells and leave a required column empty (`_sparse`: "GIÁM ĐỐC",
    a name, "Nơi nhận: …") — are not data. A blank row inside the table does not end it: a row after it that
    fills the required columns is data, and so are the rows above it."""
    needed = tuple(required)
    end = len(rows)
    for k in range(len(rows) - 1, 0, -1):
        if not _sparse(rows[k][1], needed, data_cells):
            break
        if rows[k][0] - rows[k - 1][0] > 1:  # a blank row before it
            end = k
    return end


def _sheet_read(table: Table, read: Table) -> dict[str, object] | None:
    before = table.workbook[: table.workbook.index(read.sheet)] if read.sheet in table.workbook else ()
    if not before:
        return None
    return {
        "rule": "sheet-read",
        "message": f"Read the sheet “{read.sheet}”: the sheets before it ({_quoted(before)}) have no header row "
        "with the columns to import.",
        "message_vi": f"Đã đọc trang tính “{read.sheet}”: các trang tính trước nó ({_quoted(before)}) không có dòng "
        "tiêu đề với các cột cần nhập.",
        "sheet": read.sheet,
    }


def _two_rows(upper: int, lower: int, header: tuple[str, ...], combined: tuple[str, ...]) -> dict[str, object]:
    read = [new for old, new in zip(header, combined, strict=True) if new != old]
    groups = [old for old, new in zip(header, combined, strict=True) if new != old and old]
    under_en = f" under {_quoted(dict.fromkeys(groups))}" if groups else ""
    under_vi = f" dưới {_quoted(dict.fromkeys(groups))}" if groups else ""
    return {
        "rule": "two-row-header",
        "message": f"The header is on two rows ({upper} and {lower}): the columns {_quoted(read)} of row {lower}"
        f"{under_en} are read by those names; the data starts below row {lower}.",
        "message_vi": f"Dòng tiêu đề gồm hai dòng ({upper} và {lower}): các cột {_quoted(read)} ở dòng {lower}"
        f"{under_vi} được đọc theo tên đó; dữ liệu bắt đầu từ sau dòng {lower}.",
        "rows": [upper, lower],
    }


HIDDEN_SHOWN = 20
"""How many rows a note names (then how many more)."""


def _after_table(skipped: tuple[tuple[int, tuple[object, ...]], ...]) -> dict[str, object]:
    numbers = [n for n, _ in skipped]
    span = ", ".join(str(n) for n in numbers[:HIDDEN_SHOWN]) + ("…" if len(numbers) > HIDDEN_SHOWN else "")
    return {
        "rule": "after-table",
        "message": f"Skipped {len(numbers)} row{'s' if len(numbers) > 1 else ''} after the table (row {span}: a "
        "signature or notes, below a blank row, each leaving a required column empty): not imported.",
        "message_vi": f"Bỏ qua {len(numbers)} dòng sau bảng (dòng {span}: chữ ký, ghi chú — sau dòng trống, mỗi "
        "dòng đều để trống cột bắt buộc): không được nhập.",
        "rows": numbers,
    }


def _hidden(rows: list[int], *, filtered: bool) -> dict[str, object]:
    shown = ", ".join(str(n) for n in rows[:HIDDEN_SHOWN])
    more_en = f" and {len(rows) - HIDDEN_SHOWN} more" if len(rows) > HIDDEN_SHOWN else ""
    more_vi = f" và {len(rows) - HIDDEN_SHOWN} dòng khác" if len(rows) > HIDDEN_SHOWN else ""
    how_en, how_vi = ("by a filter", "lọc") if filtered else ("hidden by hand", "ẩn thủ công")
    one = len(rows) == 1
    return {
        "rule": "hidden-rows",
        "message": f"{'Row' if one else 'Rows'} {shown}{more_en} {'is' if one else 'are'} hidden in the file "
        f"({how_en}): imported all the same — the import reads every row, shown or not (only Excel's copy leaves "
        "hidden rows out). Delete a row from the file if it is not to be imported.",
        "message_vi": f"Dòng {shown}{more_vi} đang bị ẩn trong tệp ({how_vi}): vẫn được nhập — hệ thống đọc mọi "
        "dòng, ẩn hay hiện (chỉ khi sao chép, Excel mới bỏ dòng ẩn). Nếu không muốn nhập dòng nào, hãy xoá dòng đó "
        "khỏi tệp.",
        "rows": rows,
    }


def _hidden_columns(titles: list[str]) -> dict[str, object]:
    one = len(titles) == 1
    return {
        "rule": "hidden-columns",
        "message": f"The column{'' if one else 's'} {_quoted(titles)} {'is' if one else 'are'} hidden in the file: "
        "read all the same — the import reads every column it knows, shown or not. Show "
        f"{'it' if one else 'them'} in Excel (Unhide) to check what is imported, or delete "
        f"{'it' if one else 'them'} if not to be imported.",
        "message_vi": f"Cột {_quoted(titles)} đang bị ẩn trong tệp: vẫn được đọc — hệ thống đọc mọi cột cần nhập, ẩn "
        "hay hiện. Hãy bỏ ẩn cột (Unhide) trong Excel để xem lại dữ liệu sẽ nhập, hoặc xoá cột nếu không muốn nhập.",
        "columns": titles,
    }


def _locate_in_sheet(
    table: Table,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    headers: Mapping[str, tuple[str, str]],
    data_cells: Mapping[str, Callable[[object], bool]],
) -> tuple[Table, Columns]:
    """`locate_columns` in one sheet: the header — on one row or two (`_lower_header`) — and the table under it
    to its end (`_table_end`), with what is worth saying of them. Raises the RuleViolation of the candidate
    that came closest, its header in `context["header"]` of the first error."""
    aliases = {header_key(alias): name for name, names in columns.items() for alias in names}
    failures: list[tuple[int, RuleViolation, tuple[str, ...]]] = []
    for position in range(min(HEADER_SEARCH_ROWS, len(table.rows)) + 1):
        plain = table.header_at(position)
        tries: list[tuple[Table, dict[str, object] | None]] = []
        if plain.rows and (combined := _lower_header(plain.header, plain.rows[0][1], aliases)) is not None:
            lower = plain.rows[0][0]
            two = _two_rows(plain.header_row, lower, plain.header, combined)
            tries.append((replace(plain, header=combined, rows=plain.rows[1:], header_row=lower), two))
        tries.append((plain, None))
        for candidate, note in tries:
            try:
                found = map_columns(candidate.header, columns, required, headers)
            except RuleViolation as exc:
                failures.append((len(exc.errors), exc, candidate.header))
                continue
            if not candidate.rows:
                raise RuleViolation(
                    "file",
                    "not-empty",
                    "The file has a header row but no data rows: add the rows to import under the header.",
                    "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào: hãy thêm các dòng cần nhập bên dưới dòng "
                    "tiêu đề.",
                )
            notes = [note] if note else []
            marks = {found.index[name]: reads for name, reads in data_cells.items() if name in found.index}
            end = _table_end(candidate.rows, [found.index[name] for name in required], marks)
            if end < len(candidate.rows):
                notes.append(_after_table(candidate.rows[end:]))
                candidate = replace(candidate, rows=candidate.rows[:end])
            return candidate, replace(found, notes=tuple(notes))
    _, closest, header = min(failures, key=lambda f: f[0])
    raise _with_header(closest, header)


def _with_header(exc: RuleViolation, header: tuple[str, ...]) -> RuleViolation:
    first, *rest = exc.errors
    found = FieldError(first.field, first.rule, first.message, first.message_vi, {**first.context, "found": header})
    return RuleViolation([found, *rest])


def locate_columns(
    table: Table,
    columns: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    headers: Mapping[str, tuple[str, str]],
    *,
    data_cells: Mapping[str, Callable[[object], bool]] | None = None,
) -> tuple[Table, Columns]:
    """The table to import and its columns: in the first sheet of the workbook whose header the import knows (QA:
    a "Ghi chú" sheet, or the template's guide moved in front, hid the data sheet behind it), its header row —
    the first row, or one of the next few when rows above it are a title; on two rows under merged groups — and
    its rows to the table's end (a signature block below it left out). `Columns.notes` says what of this the
    manager should know, and the rows hidden in the file (imported all the same). Raises the RuleViolation of the
    candidate that came closest; when the workbook has several sheets and none has the columns, one that says
    so, naming the sheets and the headers found on the first. `data_cells`: the columns whose cell, when it reads
    (by its function), makes a row below a blank row data rather than a signature (`_sparse`)."""
    first_failure: RuleViolation | None = None
    for sheet in table.sheets:
        try:
            found, cols = _locate_in_sheet(sheet, columns, required, headers, data_cells or {})
        except RuleViolation as exc:
            first_failure = first_failure or exc
            continue
        if sheet.too_many is not None:
            raise sheet.too_many
        notes = list(cols.notes)
        if (read := _sheet_read(table, sheet)) is not None:
            notes.insert(0, read)
        hidden = sorted(n for n, _ in found.rows if n in sheet.hidden)
        if hidden:
            notes.append(_hidden(hidden, filtered=sheet.filtered))
        if hidden_read := [found.header[i] for i in sorted(cols.index.values()) if i in sheet.hidden_columns]:
            notes.append(_hidden_columns(hidden_read))
        return found, replace(cols, notes=tuple(notes))
    assert first_failure is not None
    misread_header(table)  # a garbled header: said so, not "column missing"
    if len(table.workbook) <= 1:
        raise first_failure
    found_header = first_failure.errors[0].context.get("found")
    seen = [str(t) for t in found_header if t] if isinstance(found_header, tuple | list) else []
    sheets = _quoted(table.workbook)
    found_en = f" the first sheet's header row reads {_quoted(seen)}" if seen else " the first sheet has no header row"
    found_vi = f" dòng tiêu đề của trang đầu ghi {_quoted(seen)}" if seen else " trang đầu không có dòng tiêu đề"
    return_error = FieldError(
        "file",
        "sheet-with-columns",
        f"No sheet of the workbook ({sheets}) has a header row with the columns to import;{found_en}. Put the "
        "header row as the template has it on the sheet with the data.",
        f"Không trang tính nào của tệp ({sheets}) có dòng tiêu đề với các cột cần nhập;{found_vi}. Hãy ghi dòng "
        "tiêu đề như tệp mẫu ở trang tính có dữ liệu.",
        {"sheets": list(table.workbook), "header": seen},
    )
    raise RuleViolation([return_error, *first_failure.errors])


def misread_header(table: Table) -> None:
    """Raises the file's error when a header cell of the rows a header may be in is Vietnamese read in the wrong
    encoding or typed in an old font (`lichtruc.text.misread`): then no column is found because the file is garbled,
    and saying "the column Họ và tên is missing" would send the person looking for a column that is there."""
    for position in range(min(HEADER_SEARCH_ROWS, len(table.rows)) + 1):
        for title in table.header_at(position).header:
            if isinstance(title, str) and (found := misread(title)) is not None:
                shown = as_written(title)
                if found.font:
                    en, vi = legacy_font_words(shown, found)
                    raise RuleViolation(
                        "file",
                        "misread-encoding",
                        f"No column could be recognised: the header {en}",
                        f"Không nhận ra được cột nào: tiêu đề {vi}",
                        value=shown,
                        likely=found.likely,
                        font=found.font,
                    )
                en, vi = (
                    (f"“{shown}” looks like “{found.likely}”", f"“{shown}” có vẻ là “{found.likely}”")
                    if found.likely
                    else (f"“{shown}” holds “\ufffd”", f"“{shown}” có ký tự “\ufffd”")
                )
                raise RuleViolation(
                    "file",
                    "misread-encoding",
                    f"The file looks saved in the wrong encoding: its header {en} read wrongly, so no column "
                    f"could be recognised.{MISREAD_TODO[0]}",
                    f"Tệp có vẻ bị lưu sai bảng mã: tiêu đề {vi} bị đọc sai, nên không nhận ra được cột nào."
                    f"{MISREAD_TODO[1]}",
                    value=shown,
                    **({"likely": found.likely} if found.likely else {}),
                )


MISREAD_TODO = (
    " Open the original file and save it again as “CSV UTF-8” (or as .xlsx), then upload it again.",
    " Hãy mở tệp gốc và lưu lại theo CSV UTF-8 (hoặc .xlsx) rồi tải lên lại.",
)
"""What to do about Vietnamese read in the wrong encoding, in English and Vietnamese (after what was found)."""


def misread_cell(column: str, text: str) -> FieldError | None:
    """The error of a cell whose text is Vietnamese read in the wrong encoding (`lichtruc.text.misread`: a UTF-8 file
    once opened as Windows-1252 and saved again) or typed in an old font (TCVN3, VNI: `legacy_font_words`, since
    saving the file again would not mend that), saying what it likely was; None for a cell that is not."""
    found = misread(text)
    if found is None:
        return None
    shown = as_written(text)
    if found.font:  # typed in an old font: saving the file in another encoding would not mend it
        en, vi = legacy_font_words(shown, found)
        return FieldError(
            column, "misread-encoding", en, vi, {"value": shown, "likely": found.likely, "font": found.font}
        )
    if found.likely:
        en = f"“{shown}” looks like “{found.likely}” read in the wrong encoding:"
        vi = f"“{shown}” có vẻ là “{found.likely}” bị đọc sai bảng mã:"
    else:
        en = f"“{shown}” holds “\ufffd”, the mark of a letter read in the wrong encoding:"
        vi = f"“{shown}” có ký tự “\ufffd” của chữ bị đọc sai bảng mã:"
    return FieldError(
        column,
        "misread-encoding",
        f"{en} open the original file and save it again as “CSV UTF-8” (or as .xlsx), then upload it again.",
        f"{vi} hãy mở tệp gốc và lưu lại theo CSV UTF-8 (hoặc .xlsx) rồi tải lên lại.",
        {"value": shown, **({"likely": found.likely} if found.likely else {})},
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class StaffRow:
    row: int
    full_name: str
    email: str | None
    phone: str | None
    qualifications: tuple[str, ...]
    active: bool
    language: str
    national_id: str | None = None
    enterprise: str | None = None
    """The enterprise the row names, when the file has a column for it (`enterprise_error`)."""


@dataclass(frozen=True)
class ShiftRow:
    row: int
    duty_type: str
    starts_at: datetime
    ends_at: datetime
    site: str | None
    assignees: tuple[str, ...]  # e-mail addresses or full names, as typed
    notes: str | None


@dataclass(frozen=True)
class ShiftCells:
    """A shift row with a cell that could not be read, as far as its other cells read (`RowResult.partial`): a
    duty type or times not read are None, a site or people not read are empty (their error is the row's)."""

    row: int
    duty_type: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    site: str | None
    assignees: tuple[str, ...]


@dataclass(frozen=True)
class TurnableDay:
    """A day of a shift row whose day and month could be each other (both 12 or less, and not equal): "2/8/2027" is
    read day first, 2 Aug 2027, and may have been meant 8 Feb (a file from a month-first Excel); or a date cell of
    the spreadsheet holding 2 Aug 2027 (its Excel read "8/2/2027" so). `column`: the cell's ("date", "starts_at",
    "ends_at"); `written`: the cell as the report shows it."""

    column: str
    written: str
    read: date
    turned: date
    excel: bool = False


@dataclass
class RowResult:
    """One row of the report: what was understood (or None) and what is wrong with it; and
    who the row is about as it writes them, also when it could not be understood (`named`:
    the full name of a staff row, the people of a shift row; see `as_written`)."""

    row: int
    parsed: StaffRow | ShiftRow | None
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[Mapping[str, object]] = field(default_factory=list)
    named: tuple[str, ...] = ()
    cells: Mapping[str, str] = field(default_factory=dict)
    """Each column's cell as written (`as_written`, without control characters; empty cells left out): what the
    report shows as the value of an error about that column (`with_values`)."""
    partial: StaffRow | ShiftCells | None = None
    """A row with a cell that could not be read (`parsed` None): the row as far as its other cells read, so that
    the service layer judges what does not depend on the unread cells — an e-mail of another person, one on two
    rows, a person not found, a double booking — and one dry run says every mistake of the row (QA: a row's
    unknown qualification hid that its e-mail was someone else's until it was mended). None for a row read whole
    (`parsed`), or one whose lines ran together (nothing of it can be trusted)."""
    unread: frozenset[str] = frozenset()
    """The columns of `partial` that could not be read (their rule is said in `errors`): a check that needs one
    of them is left out (`reads`)."""
    turnable: tuple[TurnableDay, ...] = ()
    """A shift row's days written so that their day and month could be each other (`TurnableDay`): what
    `read_the_other_way` says of a shift outside the campaign that, read the other way, lies inside it."""

    def reads(self, *columns: str) -> bool:
        """Whether every one of `columns` was read: what a check of a partly read row needs."""
        return self.unread.isdisjoint(columns)


NAME_SHOWN_CHARS = 200
"""A name as written is shown up to this many characters (then "…")."""
PEOPLE_SHOWN = 20
"""A shift row's people as written: at most this many are repeated in the report."""


def as_written(text: str) -> str:
    """A cell's text for the report: NFC, spaces collapsed, at most NAME_SHOWN_CHARS characters."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if len(text) <= NAME_SHOWN_CHARS else text[: NAME_SHOWN_CHARS - 1] + "…"


def _cell(row: tuple[object, ...], cols: Columns, name: str) -> object:
    i = cols.index.get(name)
    return None if i is None else row[i]


def shown_cell(value: object) -> str:
    """A cell as the sheet shows it: a date or time cell of the spreadsheet as a Vietnamese sheet writes it
    ("02/08/2027", "02/08/2027 07:00", "07:00"), not Python's "2027-08-02 00:00:00"; other cells' text."""
    if isinstance(value, datetime):
        if value.year < 1901:  # a time cell read with Excel's day zero
            return f"{value:%H:%M}"
        return f"{value:%d/%m/%Y}" if value.time() == time(0) else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return _text(value)


def written_cells(row: tuple[object, ...], cols: Columns) -> dict[str, str]:
    """The row's non-empty cells by column, as the report shows them (`shown_cell`, `as_written`, control
    characters left out)."""
    cells = {name: as_written(without_control_characters(shown_cell(row[i]))) for name, i in cols.index.items()}
    return {name: text for name, text in cells.items() if text}


def with_values(errors: Iterable[FieldError], cells: Mapping[str, str]) -> tuple[FieldError, ...]:
    """The errors, each naming the cell it is about as the file wrote it (`value`), so that a report shows what
    to fix whatever the rule — unless the error names its own (one person of a list) or the cell is empty."""
    return tuple(
        e
        if "value" in e.context or e.field not in cells
        else FieldError(e.field, e.rule, e.message, e.message_vi, {**e.context, "value": cells[e.field]})
        for e in errors
    )


WRONG_ENCODING = (
    ": such a character is left by a file saved in another encoding, its Vietnamese letters read wrongly. Save "
    "the file as UTF-8 (in Excel: “CSV UTF-8”) and upload it again, or type the cell again without it.",
    ": ký tự này thường do tệp được lưu bằng bảng mã khác nên chữ tiếng Việt bị đọc sai. Hãy lưu tệp dạng UTF-8 "
    "(trong Excel: “CSV UTF-8”) rồi tải lên lại, hoặc gõ lại ô đó mà không có ký tự này.",
)
"""What a refusal of a C1 control character says to do, in English and Vietnamese (after the cell and the
character are named)."""


def control_character(text: str, *, c0: bool = True) -> tuple[str, bool] | None:
    """The control character a cell of an import may not hold, as "U+0087", and whether it is a C1 one (a file
    in another encoding; said first, since it is what to fix); None for none. `c0`: look for the C0 ones
    (NUL, escape…: lichtruc.text.CONTROL_CHARACTERS) too. Tabs and line breaks are no such characters."""
    found = C1_CONTROLS.search(text) or (CONTROL_CHARACTERS.search(text) if c0 else None)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X}", C1_CONTROLS.match(char) is not None


def without_control_characters(text: str) -> str:
    """`text` without the control characters an import refuses, C0 and C1 (to show what a row writes)."""
    return CONTROL_CHARACTERS.sub("", text)


def _without_control_characters(
    row: tuple[object, ...], cols: Columns, *, checked_apart: tuple[str, ...] = ()
) -> tuple[tuple[object, ...], list[FieldError]]:
    """The row with every text cell holding a control character (NUL, escape…: nothing a person types, and
    nothing the database or a spreadsheet can keep; or a C1 one, U+0080–U+009F, left by a file in another
    encoding) left empty, and an error naming each such column — so that a dry run refuses the row exactly as
    the commit would. Tabs and line breaks are no such characters (a note may have several lines). The columns
    in `checked_apart` have their own rule for the C0 ones (the full name's); C1 ones are refused in every
    cell alike, saying to save the file as UTF-8 — and so is a cell of Vietnamese read in the wrong encoding
    (`misread_cell`: "VÃµ Kim NgÃ¢n", which has no control character left to find), said with what it was."""
    cells = list(row)
    errors = []
    for column, i in cols.index.items():
        value = cells[i]
        if not isinstance(value, str):
            continue
        found = control_character(value, c0=column not in checked_apart)
        if found is None:
            if (garbled := misread_cell(column, value)) is not None:  # refused whole: not stored, nor mailed
                errors.append(garbled)
                cells[i] = None
            continue
        code, c1 = found
        what, what_vi = word_for("field", column, "en"), field_name(column)
        todo, todo_vi = (
            WRONG_ENCODING if c1 else (": type the cell again without it.", ": hãy gõ lại ô đó mà không có ký tự này.")
        )
        errors.append(
            FieldError(
                column,
                "no-control-characters",
                f"The {what} cell holds a control character ({code}), which cannot be stored{todo}",
                f"Ô “{what_vi}” có ký tự điều khiển ({code}), không lưu được{todo_vi}",
                {"character": code},
            )
        )
        cells[i] = None
    return tuple(cells), errors


def _full_name(row: tuple[object, ...], cols: Columns) -> tuple[str, list[FieldError]]:
    """The full name cell by the API's rule (domain.values.clean_name), and what is wrong with it."""
    raw = _text(_cell(row, cols, "full_name"))
    try:
        name = clean_name(raw, field="full_name")
    except NameRefused as refused:
        vi = field_name("full_name")
        message_vi = f"{vi} bị trống." if refused.rule == "required" else f"{vi}: {refused.message_vi}"
        return as_written(without_control_characters(raw)), [
            FieldError("full_name", refused.rule, str(refused), message_vi)
        ]
    if len(name) > 200:
        return name, [
            FieldError(
                "full_name",
                "max-length",
                "The full name is longer than 200 characters.",
                "Họ và tên dài quá 200 ký tự.",
            )
        ]
    return name, []


def _swallowed_lines(value: str) -> bool:
    return ("\n" in value or "\r" in value) and any(separator in value for separator in ",;\t")


def run_over_lines(
    table: Table, number: int, row: tuple[object, ...], cols: Columns, *, may: tuple[str, ...] = ()
) -> list[FieldError]:
    """A CSV record whose value in a one-line column (any but those it `may` break: a list, one
    item a line, or a shift's notes) runs over several lines and holds a separator (a comma, a
    semicolon or a tab): a quotation mark without its pair, which made the reader take the lines
    after it — other people, other shifts, their cells — as part of this row. Said once, at the first
    such column. A line break alone (a name typed over two lines with Alt+Enter) is no such sign: the
    name's own rule makes it one line."""
    span = table.lines.get(number)
    if span is None:
        return []
    first, last = span
    for name, i in sorted(cols.index.items(), key=lambda item: item[1]):
        value = row[i]
        if name not in may and isinstance(value, str) and _swallowed_lines(value):
            return [
                FieldError(
                    name,
                    "one-line",
                    f"Lines {first}–{last} are read as one row: a value runs over several lines, probably "
                    'because a quotation mark (") is missing its pair. Close the quote or remove it, so that '
                    "each row is on its own line.",
                    f"Các dòng {first}–{last} bị đọc thành một dòng dữ liệu: một giá trị kéo dài qua nhiều dòng, "
                    'có lẽ vì một dấu ngoặc kép (") thiếu dấu đóng. Hãy thêm dấu đóng hoặc xoá dấu này để mỗi '
                    "dòng dữ liệu nằm trên một dòng.",
                    {"first_line": first, "last_line": last},
                )
            ]
    return []


def nameless_row(gives: list[str]) -> FieldError:
    """The error of a staff row that says who someone is (an e-mail, a phone or national ID number: `gives`, as
    written) without their name: a person's row, also below a blank row (`STAFF_DATA_CELLS`), not a signature."""
    listed = ", ".join(gives)
    return FieldError(
        "full_name",
        "required",
        f"This row gives {listed} but no full name: it is a person's row — write their full name in the "
        "“Họ và tên” (full name) column, or delete the row if it is not to be imported.",
        f"Dòng này có {listed} nhưng thiếu họ và tên: đây là dòng của một người — hãy ghi họ tên người đó vào cột "
        "“Họ và tên”, hoặc xoá dòng nếu không cần nhập.",
    )


STAFF_DATA_CELLS: Mapping[str, Callable[[object], bool]] = {
    "email": lambda v: normalize_email(_text(v)) is not None,
    "phone": lambda v: normalize_phone(v) is not None,
}
"""A staff row below a blank row that gives an e-mail address or a phone number is a person's, its name perhaps
left out (said as the row's error), not a signature (`_sparse`)."""


def parse_staff(table: Table) -> tuple[Columns, list[RowResult]]:
    """Each row as a StaffRow, or the format errors of its cells."""
    table, cols = locate_columns(table, STAFF_COLUMNS, STAFF_REQUIRED, STAFF_HEADERS, data_cells=STAFF_DATA_CELLS)
    results = []
    for number, cells in table.rows:
        row, unstorable = _without_control_characters(cells, cols, checked_apart=("full_name",))
        errors: list[FieldError] = []
        if any(e.field == "full_name" for e in unstorable):  # a C1 character, or misread: said once, with what to do
            name = as_written(without_control_characters(_text(_cell(cells, cols, "full_name"))))
        else:
            name, errors = _full_name(cells, cols)
            gives = [t for c in ("email", "phone", "national_id") if (t := as_written(_text(_cell(row, cols, c))))]
            if gives and [(e.field, e.rule) for e in errors] == [("full_name", "required")]:
                errors = [nameless_row(gives)]
        errors.extend(unstorable)
        email = None
        if raw := _text(_cell(row, cols, "email")):
            email = normalize_email(raw)
            if email is None:
                errors.append(
                    FieldError(
                        "email",
                        "email-format",
                        f"“{raw}” is not an e-mail address.",
                        f"“{raw}” không phải địa chỉ email.",
                    )
                )
        phone = None
        raw_phone = _cell(row, cols, "phone")
        if _text(raw_phone):
            phone = normalize_phone(raw_phone)
            if phone is None:
                errors.append(
                    FieldError(
                        "phone",
                        "phone-format",
                        f"“{_text(raw_phone)}” is not a phone number.",
                        f"“{_text(raw_phone)}” không phải số điện thoại.",
                    )
                )
        qualifications = []
        for word in split_list(_text(_cell(row, cols, "qualifications"))):
            key = parse_qualification(word)
            if key is None:
                errors.append(
                    FieldError(
                        "qualifications",
                        "known-qualification",
                        f"Unknown qualification “{word}”: use leader, operator, technician or guard "
                        "(Lãnh đạo, Điều hành, Kỹ thuật, Bảo vệ).",
                        f"Chuyên môn “{word}” không hợp lệ: dùng Lãnh đạo, Điều hành, Kỹ thuật hoặc Bảo vệ.",
                    )
                )
            elif key not in qualifications:
                qualifications.append(key)
        active = True
        if raw := _text(_cell(row, cols, "active")):
            parsed = parse_yes_no(raw)
            if parsed is None:
                errors.append(
                    FieldError("active", "yes-no", f"“{raw}” is neither yes nor no.", f"“{raw}” không phải có/không.")
                )
            else:
                active = parsed
        language = "vi"
        if raw := _text(_cell(row, cols, "language")):
            parsed_language = parse_language(raw)
            if parsed_language is None:
                errors.append(
                    FieldError(
                        "language",
                        "known-language",
                        f"Unknown language “{raw}”: use vi or en.",
                        f"Ngôn ngữ “{raw}” không hợp lệ: dùng Tiếng Việt hoặc Tiếng Anh.",
                    )
                )
            else:
                language = parsed_language
        national_id = None
        warnings: list[Mapping[str, object]] = []
        if not errors and (written := name_capitalised(name)) is not None:  # as the form writes it
            warnings.append(capitalised_warning(written))
            name = written.full_name
        if not errors and (plain := without_diacritics_warning(name)) is not None:
            warnings.append(plain)
        raw_id = _cell(row, cols, "national_id")
        if raw := _text(raw_id):
            national_id = normalize_national_id(raw)
            if national_id is None and (restored := id_without_its_zero(raw_id)) is not None:
                national_id = restored
                warnings.append(id_zero_restored(raw, restored))
            elif national_id is None:
                errors.append(national_id_refused(raw))
        run_over = run_over_lines(table, number, row, cols, may=("qualifications",))
        enterprise = _text(_cell(row, cols, "enterprise")) or None
        read = StaffRow(
            number, name, email, phone, tuple(sorted(qualifications)), active, language, national_id, enterprise
        )
        named = (as_written(name),) if name else ()
        results.append(
            RowResult(
                number,
                None if errors or run_over else read,
                [*run_over, *errors],
                warnings=warnings,
                named=named,
                cells=written_cells(cells, cols),
                partial=read if errors and not run_over else None,
                unread=frozenset(e.field for e in errors),
            )
        )
    return cols, results


def capitalised_warning(written: NameCapitalised) -> dict[str, object]:
    """The row warning of a name the file writes all in lower or upper case, imported written as names are
    (domain.values.person_name)."""
    return {
        "rule": written.rule,
        "field": "full_name",
        "message": written.message,
        "message_vi": written.message_vi,
        "typed": written.typed,
        "written": written.full_name,
    }


def without_diacritics_warning(full_name: str) -> dict[str, object] | None:
    """The row warning of a full name written without any Vietnamese diacritic (QZ15: “Nguyen Van An” stored as
    typed, although the column asks for the name in full with its diacritics): most likely typed on a keyboard
    without them, so the person is asked to check it. Only a warning: a name may truly have none (a foreigner's,
    or one the person writes so), and the row is imported as typed. None for a name with a letter beyond ASCII
    (one diacritic is enough: the rest of the name is not guessed at)."""
    if not full_name.isascii() or not any(c.isalpha() for c in full_name):
        return None
    return {
        "rule": "name-without-diacritics",
        "field": "full_name",
        "message": f"“{full_name}” has no diacritics: check the full name (it can still be imported if the name "
        "really is written without them).",
        "message_vi": f"“{full_name}” không có dấu — hãy kiểm tra lại họ tên (có thể vẫn nhập nếu đúng là tên "
        "không dấu).",
        "value": full_name,
    }


CCCD_DIGITS = 12


def id_without_its_zero(cell: object) -> str | None:
    """A CCCD number from a cell the spreadsheet keeps as a number, with the leading 0 that made it lose (Excel's
    General format turns 080190001234 into 80190001234, as it does to phone numbers): 11 digits get their 0 back;
    None for anything else (a text of 11 digits is what someone typed, and is refused, saying why)."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if isinstance(cell, float) and not cell.is_integer():
        return None
    digits = str(int(cell))
    return "0" + digits if len(digits) == CCCD_DIGITS - 1 else None


def id_zero_restored(raw: str, restored: str) -> dict[str, object]:
    """The note of a CCCD number whose leading 0 a number cell lost, given back (`id_without_its_zero`)."""
    return {
        "rule": "national-id-zero",
        "field": "national_id",
        "message": f"The national ID number came as the number {raw}, Excel having dropped its leading 0: it is "
        f"read as {restored}. Format the column as Text so that the file keeps the 0.",
        "message_vi": f"Số CCCD được Excel lưu dạng số {raw}, mất số 0 ở đầu: đã đọc là {restored}. Hãy định dạng "
        "cột là Văn bản (Text) để tệp giữ số 0.",
        "value": raw,
    }


def national_id_refused(raw: str) -> FieldError:
    """The error of a cell that is no national ID number; one of 11 digits is said to have most likely lost its
    leading 0 to Excel (then saved as text, a CSV), and how to keep it."""
    en = f"“{raw}” is not a national ID number (CCCD: 12 digits, CMND: 9)."
    vi = f"“{raw}” không phải số CCCD (12 chữ số) hoặc CMND (9 chữ số)."
    digits = raw.replace(" ", "").replace(".", "")
    if digits.isdigit() and len(digits) == CCCD_DIGITS - 1:
        en = (
            f"“{raw}” has 11 digits, not a national ID number (CCCD: 12 digits, CMND: 9): Excel may have dropped "
            f"its leading 0. If it is 0{digits}, format the column as Text and type it again with the 0."
        )
        vi = (
            f"“{raw}” có 11 chữ số, không phải số CCCD (12 chữ số) hoặc CMND (9 chữ số): có thể Excel đã bỏ mất số 0 "
            f"ở đầu. Nếu là 0{digits}, hãy định dạng cột là Văn bản (Text) rồi gõ lại cả số 0."
        )
    return FieldError("national_id", "national-id-format", en, vi)


def parse_shifts(table: Table) -> tuple[Columns, list[RowResult]]:
    """Each row as a ShiftRow, or the format errors of its cells and the row as far as the others read."""
    table, cols = locate_columns(table, SHIFT_COLUMNS, SHIFT_REQUIRED, SHIFT_HEADERS)
    results = []
    for number, cells in table.rows:
        row, errors = _without_control_characters(cells, cols)
        emptied = {e.field for e in errors}  # said already: not also called empty or unreadable below
        raw_duty = _text(_cell(row, cols, "duty_type"))
        duty = parse_duty_type(raw_duty) if raw_duty else None
        if duty is None and "duty_type" not in emptied:
            errors.append(
                FieldError(
                    "duty_type",
                    "known-duty-type",
                    f"Unknown duty type “{raw_duty}”: write the duty as the template names it (Trực lãnh đạo, "
                    "Trực điều hành, Ứng cứu thông tin or Tuần tra bảo vệ: leadership, operations, incident "
                    "response or patrol duty).",
                    f"Loại trực “{raw_duty}” không hợp lệ: dùng Trực lãnh đạo, Trực điều hành, "
                    "Ứng cứu thông tin hoặc Tuần tra bảo vệ.",
                )
            )
        times: dict[str, datetime] = {}
        warnings: list[Mapping[str, object]] = []
        turnable: list[TurnableDay] = []
        day = None
        if (raw_day := _cell(row, cols, "date")) not in (None, ""):
            day, serial = read_day(raw_day)
            if day is None:
                errors.append(day_unread(raw_day, rule="date-format", column_vi="Ngày: "))
            elif serial is not None:
                warnings.append(serial)
        day_used = False
        for name, vi in (("starts_at", "Bắt đầu"), ("ends_at", "Kết thúc")):
            if name in emptied:
                continue
            value = _cell(row, cols, name)
            instant = parse_instant(value)
            clock = parse_clock(value) if instant is None and day is not None else None
            if clock is not None and day is not None:
                instant, day_used = on_day(day, clock), True
                if name == "ends_at" and "starts_at" in times and instant <= times["starts_at"]:
                    instant += timedelta(days=1)  # "22:00 → 06:00": the shift ends the next morning
            elif instant is not None and (turned := turnable_day(value)) is not None:
                turnable.append(TurnableDay(name, shown_cell(value), *turned, excel=isinstance(value, datetime)))
            if instant is None and ((raw_day not in (None, "") and day is None) or "date" in emptied):
                continue  # the date is wrong, already said
            if instant is None:
                errors.append(time_unread(name, vi, value, day_column="date" in cols.index))
            else:
                times[name] = instant
        if day_used and (turned := turnable_day(raw_day if isinstance(raw_day, str) else day)) is not None:
            shown = shown_cell(raw_day) if parse_date(raw_day) else date_said(turned[0])
            turnable.insert(0, TurnableDay("date", shown, *turned, excel=not isinstance(raw_day, str)))
        # Each person and the site as a name is stored (`visible`: a zero-width space left by a copy is no letter).
        people = tuple(name for p in split_list(_text(_cell(row, cols, "assignees"))) if (name := _visible_name(p)))
        if not people and "assignees" not in emptied:
            errors.append(
                FieldError(
                    "assignees",
                    "at-least-one",
                    "Nobody is listed on this shift: write each person's e-mail or full name in the "
                    f"“{PEOPLE_HEADER}” (people) column, several separated by semicolons (;) as the template "
                    "shows — commas or a new line in the cell separate them too.",
                    f"Ca trực chưa có người: hãy ghi email hoặc họ tên của từng người vào cột “{PEOPLE_HEADER}”, "
                    "nhiều người cách nhau bằng dấu chấm phẩy (;) như tệp mẫu — dấu phẩy hoặc xuống dòng trong ô "
                    "cũng được.",
                )
            )
        notes = _text(_cell(row, cols, "notes")) or None
        if notes and len(notes) > 2000:
            errors.append(
                FieldError(
                    "notes", "max-length", "Notes are longer than 2000 characters.", "Ghi chú dài quá 2000 ký tự."
                )
            )
        site = _visible_name(_text(_cell(row, cols, "site"))) or None
        run_over = run_over_lines(table, number, row, cols, may=("assignees", "notes"))
        parsed = partial = None
        if errors:
            partial = (
                None
                if run_over
                else ShiftCells(number, duty, times.get("starts_at"), times.get("ends_at"), site, people)
            )
        elif not run_over:
            assert duty is not None
            parsed = ShiftRow(number, duty, times["starts_at"], times["ends_at"], site, people, notes)
        named = tuple(as_written(p) for p in people[:PEOPLE_SHOWN] if p.strip())
        if "assignees" in emptied:  # the cell as written, without the character that emptied it
            written = split_list(without_control_characters(_text(_cell(cells, cols, "assignees"))))
            named = tuple(as_written(p) for p in written[:PEOPLE_SHOWN])
        unread = {e.field for e in errors} | ({"starts_at", "ends_at"} - times.keys())
        results.append(
            RowResult(
                number,
                parsed,
                [*run_over, *errors],
                named=named,
                cells=written_cells(cells, cols),
                warnings=warnings,
                partial=partial,
                unread=frozenset(unread),
                turnable=tuple(turnable),
            )
        )
    return cols, results


def _visible_name(text: str) -> str:
    return " ".join(visible(text).split())


def read_day(value: object) -> tuple[date | None, dict[str, object] | None]:
    """A "Ngày" cell's day, as every import reads it (the shift import's, the Tết-hours import's): a date cell, a text
    day first or ISO (`parse_date`), or a number — a date cell whose format is not a date's —, read as the Excel
    date serial it is (`excel_serial_day`) with the note saying which day it was read as (`serial_day_read`); None
    when it is none of these (`day_unread` says why)."""
    if (day := parse_date(value)) is not None:
        return day, None
    if (day := excel_serial_day(value)) is not None:
        return day, serial_day_read(value, day)
    return None, None


_SHORT_YEAR = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{2})(?![\d/.-])")


def short_year(text: str) -> tuple[str, str] | None:
    """The date typed with a two-digit year in `text` ("08/02/27", also before a time) and the same date with the
    year in four digits ("08/02/2027", the 2000s): what to say instead of "not a date"; None when there is none."""
    found = _SHORT_YEAR.search(text)
    if found is None:
        return None
    d, sep, m, y = found.groups()
    return found.group(), f"{d}{sep}{m}{sep}20{y}"


def short_year_words(typed: str, short: tuple[str, str]) -> tuple[str, str]:
    """What a cell whose date has a two-digit year is told, quoting the cell, in English and Vietnamese."""
    written, full = short
    example = typed.replace(written, full, 1)
    return (
        f"“{typed}”: write the year in four digits, e.g. {example} (a two-digit year could be any century).",
        f"“{typed}”: hãy ghi năm đủ 4 chữ số, ví dụ {example}",
    )


def day_unread(value: object, *, rule: str, column_vi: str = "") -> FieldError:
    """The error of a "Ngày" cell that is no day (`read_day`), quoting it: a date with a two-digit year ("08/02/27")
    is told to write the year in four digits, anything else what a date is written as. `column_vi` goes before the
    Vietnamese words ("Ngày: "), where the report does not name the column otherwise."""
    typed = _text(value)
    if (short := short_year(typed)) is not None:
        en, vi = short_year_words(typed, short)
        return FieldError("date", rule, en, f"{column_vi}{vi}")
    return FieldError(
        "date",
        rule,
        f"“{typed}” is not a date: write e.g. 05/02/2027 or 2027-02-05.",
        f"{column_vi}“{typed}” không phải ngày: hãy ghi ví dụ 05/02/2027.",
    )


def serial_day_read(serial: object, day: date) -> dict[str, object]:
    """The note of a "Ngày" cell holding a number, read as the Excel date it is (`excel_serial_day`): what day it
    was read as, and what to write if it is not the day meant."""
    number = _text(serial)
    return {
        "rule": "date-serial",
        "field": "date",
        "message": f"The “Ngày” (date) cell holds the number {number}, which is how Excel keeps a date: it is read "
        f"as {date_said(day, 'en')}. If that is not the day meant, write the date as day/month/year "
        "(e.g. 05/02/2027).",
        "message_vi": f"Ô “Ngày” chứa số {number}, là cách Excel lưu một ngày: đã đọc là ngày {date_said(day)}. "
        "Nếu không phải ngày cần ghi, hãy ghi ngày theo dạng ngày/tháng/năm (ví dụ 05/02/2027).",
        "value": number,
    }


def time_unread(name: str, vi: str, value: object, *, day_column: bool) -> FieldError:
    """The error of a start or end cell that is no time: with a “Ngày” column, what a time of day is written as
    (its day being in that column), else what a date and time is — both languages alike."""
    typed = _text(value)
    if (short := short_year(typed)) is not None:
        en, vi_words = short_year_words(typed, short)
        return FieldError(name, "datetime-format", en, f"{vi}: {vi_words}")
    if day_column:
        return FieldError(
            name,
            "datetime-format",
            f"“{typed}” is not a time: write a time of day such as 18:00 (or 6:00 CH, 6:00 PM), the day being in "
            "the “Ngày” (date) column — or a date and time such as 05/02/2027 18:00.",
            f"{vi}: “{typed}” không phải giờ: hãy ghi giờ như 18:00 (hoặc 6:00 CH), ngày ghi ở cột “Ngày” — hoặc "
            "ghi cả ngày giờ như 05/02/2027 18:00.",
        )
    return FieldError(
        name,
        "datetime-format",
        f"“{typed}” is not a date and time: write e.g. 05/02/2027 18:00 or 2027-02-05T18:00+07:00 (local time if "
        "no offset), or a time such as 18:00 with the day in a “Ngày” (date) column.",
        f"{vi}: “{typed}” không phải ngày giờ: hãy ghi ví dụ 05/02/2027 18:00 hoặc 2027-02-05T18:00+07:00 (giờ "
        "Việt Nam nếu không ghi múi giờ), hoặc chỉ ghi giờ như 18:00 và ghi ngày ở một cột “Ngày”.",
    )


_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def turnable_day(value: object) -> tuple[date, date] | None:
    """The day a cell is read as and the one its day and month swapped make, when both are 12 or less and differ
    (`TurnableDay`): a text written day/month/year, or a date cell of the spreadsheet; None otherwise."""
    if isinstance(value, datetime | date):
        read = value.date() if isinstance(value, datetime) else value
    elif isinstance(value, str) and (found := _DAY_MONTH.search(value)):
        d, m, y = map(int, found.groups())
        try:
            read = date(y, m, d)
        except ValueError:
            return None
    else:
        return None
    if read.day > 12 or read.day == read.month:
        return None
    return read, read.replace(day=read.month, month=read.day)


_TIME_COLUMNS = ("date", "starts_at", "ends_at")
_MISREAD_RULES = ("inside-campaign", "end-after-start", "max-length")
"""The refusals of a row's times that a day read with its day and month the other way round brings: outside the
campaign, or — the end's day moved a month or more — an end before the start, or a shift of weeks."""


def read_the_other_way(
    errors: list[FieldError], turnable: tuple[TurnableDay, ...], draft: ShiftDraft | None, campaign: CampaignFacts
) -> list[FieldError]:
    """A row's errors with "outside the campaign" said as what it most likely is — a day read with its day and month
    the other way round — when the fewest of the row's turnable days (`TurnableDay`) read the other way put the
    shift inside the campaign (QA: "2/8/2027" from a month-first sheet was told only that the shift starts after
    the campaign, the report showing its "7:00"). Nothing is swapped: the row says how the day was read, what it
    would be the other way, and to write it day/month/year; its value is the cell as written. The refusals that
    misreading brought (`_MISREAD_RULES`: "02/07/2027 22:00 → 02/08/2027 06:00", read as a month-long shift, was
    refused as too long) give way to it.

    When no such reading puts the whole shift inside, each day outside the campaign that the other way round falls
    inside it (`days_turned_inside`) is still asked about, on the refusal of its cell (QZ24: "02/07/2027 22:00"
    to "03/07/2027 06:00" was refused only as "Ca trực bắt đầu sau khi đợt trực đã kết thúc"): "Có phải
    07/02/2027? Ngày viết theo thứ tự ngày/tháng/năm"."""
    if draft is None or not turnable or not any(e.rule in _MISREAD_RULES for e in _of_times(errors)):
        return errors
    for size in range(1, len(turnable) + 1):
        for chosen in itertools.combinations(turnable, size):
            start, end = draft.starts_at, draft.ends_at
            for t in chosen:
                moved = t.turned - t.read
                start += moved if t.column in ("date", "starts_at") else timedelta(0)
                end += moved if t.column in ("date", "ends_at") else timedelta(0)
            if campaign.starts_at <= start < end <= campaign.ends_at:
                kept = [e for e in errors if e not in _of_times(errors) or e.rule not in _MISREAD_RULES]
                return [*(_day_turned(t, campaign) for t in chosen), *kept]
    return asked_the_other_way(errors, days_turned_inside(turnable, campaign))


def _of_times(errors: Iterable[FieldError]) -> list[FieldError]:
    return [e for e in errors if e.field in _TIME_COLUMNS]


def days_turned_inside(turnable: Iterable[TurnableDay], campaign: CampaignFacts) -> list[TurnableDay]:
    """The days of a row read outside the campaign (on Vietnam's calendar) that, with their day and month the other
    way round, fall inside it: each most likely written month first."""
    first, last = local(campaign.starts_at).date(), local(campaign.ends_at - timedelta(microseconds=1)).date()
    return [t for t in turnable if not first <= t.read <= last and first <= t.turned <= last]


def asked_the_other_way(errors: list[FieldError], days: Iterable[TurnableDay]) -> list[FieldError]:
    """A row's errors with each of `days` asked about ("Có phải 07/02/2027? …", `_asked`) at the end of the refusal
    of its cell — a "Ngày" cell's on the first refusal of the row's times —, each refusal once."""
    asked: dict[int, list[TurnableDay]] = {}
    for t in days:
        cell = [i for i, e in enumerate(errors) if e.field == t.column and e.rule in _MISREAD_RULES]
        times = [i for i, e in enumerate(errors) if e.field in _TIME_COLUMNS and e.rule in _MISREAD_RULES]
        if at := (cell or times):
            asked.setdefault(at[0], []).append(t)
    return [_asked(e, asked[i]) if i in asked else e for i, e in enumerate(errors)]


def _asked(error: FieldError, days: list[TurnableDay]) -> FieldError:
    meant = [date_said(t.turned) for t in days]
    en = " ".join(f"Did you mean {date_said(t.turned, 'en')} ({m})?" for t, m in zip(days, meant, strict=True))
    vi = " ".join(f"Có phải {m}?" for m in meant)
    return replace(
        error,
        message=f"{error.message} {en} Dates are written day/month/year.",
        message_vi=f"{error.message_vi} {vi} Ngày viết theo thứ tự ngày/tháng/năm.",
        context={**error.context, "turned": [t.turned.isoformat() for t in days]},
    )


def _day_turned(t: TurnableDay, campaign: CampaignFacts) -> FieldError:
    read_en, meant_en = date_said(t.read, "en"), date_said(t.turned, "en")
    read_vi = f"ngày {t.read.day} tháng {t.read.month} năm {t.read.year}"
    meant = date_said(t.turned)
    if t.excel:
        en = (
            f"Excel holds this cell as the date {read_en} ({date_said(t.read)}), outside the campaign {campaign.name}; if you meant "
            f"{meant_en}, Excel read the day and month the other way round: write the cell as day/month/year, "
            f"{meant}."
        )
        vi = (
            f"Excel lưu ô này là {read_vi} ({date_said(t.read)}), ngoài đợt trực {campaign.name}; nếu ý là {meant}, Excel đã "
            f"đọc ngược ngày và tháng: hãy ghi lại ô theo dạng ngày/tháng/năm, {meant}."
        )
    else:
        en = (
            f"“{t.written}” is read as {read_en} (day/month/year), outside the campaign {campaign.name}; if you meant {meant_en}, "
            f"write it day/month/year: {meant}."
        )
        vi = (
            f"“{t.written}” được đọc là {read_vi}, ngoài đợt trực {campaign.name}; nếu ý là {meant}, hãy ghi theo dạng "
            "ngày/tháng/năm."
        )
    context = {"campaign_id": str(campaign.id), "read": t.read.isoformat(), "turned": t.turned.isoformat()}
    return FieldError(t.column, "day-month-order", en, vi, {**context, "value": t.written})


@dataclass(frozen=True)
class ShiftNames:
    """What a shift row's names (its site; each person's e-mail or full name) are in the enterprise, and the
    errors of those that are not. `site_unknown` and `people_unknown`: a name that did not resolve, so that the
    checks depending on it are left out (`shift_row_errors`)."""

    site: SiteFacts | None
    staff_ids: tuple[uuid.UUID, ...]
    written: tuple[str, ...] = ()
    """How the row writes each of `staff_ids` (its e-mail or name, `as_written`)."""
    errors: tuple[FieldError, ...] = ()
    site_unknown: bool = False
    people_unknown: bool = False


def resolve_shift_names(
    p: ShiftRow | ShiftCells,
    *,
    by_email: Mapping[str, StaffFacts],
    by_name: Mapping[str, list[StaffFacts]],
    site_by_name: Mapping[str, SiteFacts],
) -> ShiftNames:
    """Turn the names a row uses into the enterprise's site and staff: every name is looked up, those not
    found (or naming several people) are each an error, and the others are kept for the row's other checks."""
    errors: list[FieldError] = []
    site = None
    if p.site:
        site = site_by_name.get(fold(p.site))
        if site is None:
            closest = likely_name(p.site, [known.name for known in site_by_name.values()])
            guess_en, guess_vi = (f": did you mean “{closest}”?", f": có phải “{closest}”?") if closest else (".", ".")
            errors.append(
                FieldError(
                    "site",
                    "site-exists",
                    f"This enterprise has no site named “{p.site}”{guess_en}",
                    f"Doanh nghiệp không có địa điểm tên “{p.site}”{guess_vi}",
                    {"closest": closest} if closest else {},
                )
            )
    site_unknown = bool(errors)
    ids: list[uuid.UUID] = []
    written: list[str] = []
    for ref in p.assignees:
        person = by_email.get(ref.lower())
        if person is None:
            matches = by_name.get(fold(ref), [])
            # the name as written, diacritics counting (`exact_name`), decides between names folded alike: "Ưng Thị
            # Ý" is not "Ung Thị Ý"; "Ung Thi Y", typed without them, is either
            matches = [m for m in matches if exact_name(m.full_name) == exact_name(ref)] or matches
            if len(matches) > 1:
                errors.append(
                    FieldError(
                        "assignees",
                        "unambiguous-name",
                        f"{len(matches)} staff members are named “{ref}”: use their e-mail instead.",
                        f"Có {len(matches)} cán bộ tên “{ref}”: hãy dùng email.",
                        {"staff_ids": [str(m.id) for m in matches], "value": as_written(ref)},
                    )
                )
                continue
            person = matches[0] if matches else None
        if person is None:
            errors.append(
                FieldError(
                    "assignees",
                    "staff-exists",
                    f"No staff member of this enterprise has the e-mail or name “{ref}”.",
                    f"Không có cán bộ nào của doanh nghiệp có email hoặc tên “{ref}”.",
                    {"value": as_written(ref)},
                )
            )
            continue
        ids.append(person.id)
        written.append(as_written(ref))
    people_unknown = len(ids) < len(p.assignees)
    return ShiftNames(
        site, tuple(ids), tuple(written), tuple(errors), site_unknown=site_unknown, people_unknown=people_unknown
    )


def shift_draft(p: ShiftRow, names: ShiftNames, enterprise_id: uuid.UUID) -> ShiftDraft:
    """The shift a row would become, with the site and the people its names found."""
    site_id = names.site.id if names.site else None
    return ShiftDraft(enterprise_id, p.duty_type, p.starts_at, p.ends_at, names.staff_ids, site_id)


def shift_row_errors(
    draft: ShiftDraft,
    names: ShiftNames,
    *,
    campaign: CampaignFacts,
    staff: Mapping[uuid.UUID, StaffFacts],
    limits: RuleLimits,
) -> list[FieldError]:
    """The rules of POST /shifts (`shift_errors`) for a row's shift (`shift_draft`) whose names may not all be found (`names.errors`
    says which). A name not found stops only the checks that depend on it, so that one dry run lists all of a
    row's errors: an unknown site or person leaves the times, the campaign's dates and the people found to be
    checked; "at least one person" is not said when none of the people listed was found (each is said)."""
    rules = shift_errors(draft, campaign=campaign, site=names.site, staff=staff, limits=limits)
    return _as_row_writes(rules, names, draft)


def overnight_hint(starts_at: datetime, ends_at: datetime) -> FieldError:
    """A row's end not after its start, said with both times as the file writes them and what to write instead:
    an overnight shift ends on the next day's date (QA, 2026-12-06: "09/02 12:00 → 09/02 00:00" was told only
    that the end must be after the start). The next day's date at the end's time is suggested when it makes a
    shift shorter than a day; otherwise the rule alone."""
    start, end = local(starts_at), local(ends_at)
    written = f"{end:%d/%m/%Y %H:%M}", f"{start:%d/%m/%Y %H:%M}"
    en = f"The end ({written[0]}) is not after the start ({written[1]})"
    vi = f"Giờ kết thúc ({written[0]}) không sau giờ bắt đầu ({written[1]})"
    if end.time() < start.time():
        then = datetime.combine(start.date() + timedelta(days=1), end.time())
        en += f": for a shift that runs overnight, write the end with the next day's date ({then:%d/%m/%Y %H:%M})."
        vi += f": ca trực qua đêm thì ghi giờ kết thúc với ngày hôm sau ({then:%d/%m/%Y %H:%M})."
    else:
        en += ": write an end later than the start (an overnight shift ends on the next day's date)."
        vi += ": hãy ghi giờ kết thúc sau giờ bắt đầu (ca trực qua đêm kết thúc vào ngày hôm sau)."
    return FieldError("ends_at", "end-after-start", en, vi)


def _as_row_writes(rules: list[FieldError], names: ShiftNames, draft: ShiftDraft | None) -> list[FieldError]:
    if names.people_unknown and not names.staff_ids:
        rules = [e for e in rules if e.rule != "at-least-one"]
    if draft is not None:  # the form's words ("the end must be later") say nothing of the file's dates
        rules = [overnight_hint(draft.starts_at, draft.ends_at) if e.rule == "end-after-start" else e for e in rules]
    # An error about one person shows that person as the row writes them, not the whole cell.
    written = {str(staff_id): ref for staff_id, ref in zip(names.staff_ids, names.written, strict=True)}
    return [
        FieldError(e.field, e.rule, e.message, e.message_vi, {**e.context, "value": written[who]})
        if (who := e.context.get("staff_id")) in written and "value" not in e.context
        else e
        for e in rules
    ]


def partial_row_errors(
    p: ShiftCells,
    names: ShiftNames,
    enterprise_id: uuid.UUID,
    *,
    campaign: CampaignFacts,
    staff: Mapping[uuid.UUID, StaffFacts],
    limits: RuleLimits,
) -> tuple[list[FieldError], ShiftDraft | None]:
    """`shift_row_errors` for a row with an unreadable cell (`RowResult.partial`), by the rules that need none of
    the cells not read: without its times, those of its site and people alone; without its duty type, all but
    the qualification it demands; without its people, none of theirs. Also the shift as far as it can be booked —
    its times and the people found — for the double bookings (None without its times); its duty type, if not
    read, stands in and judges nothing."""
    site_id = names.site.id if names.site else None
    duty = p.duty_type or next(iter(DUTY_QUALIFICATION))
    draft = None
    if p.starts_at is not None and p.ends_at is not None:
        draft = ShiftDraft(enterprise_id, duty, p.starts_at, p.ends_at, names.staff_ids, site_id)
        rules = shift_errors(draft, campaign=campaign, site=names.site, staff=staff, limits=limits)
    else:
        rules = [
            *site_errors(site_id, names.site, enterprise_id),
            *assignee_errors(names.staff_ids, enterprise_id=enterprise_id, duty_type=duty, staff=staff),
        ]
    rules = [
        e
        for e in rules
        if not (e.rule == "qualified" and p.duty_type is None) and not (e.rule == "at-least-one" and not p.assignees)
    ]
    return _as_row_writes(rules, names, draft), draft


@dataclass(frozen=True)
class ImportSummary:
    """How many rows, how many fine, how many with errors or warnings."""

    rows: int
    ok: int
    with_errors: int
    with_warnings: int


@dataclass(frozen=True)
class RowReport:
    """A row of the report: its number in the spreadsheet (the header is row 1), what is wrong
    with it and the soft rules it breaks."""

    row: int
    errors: tuple[FieldError, ...]
    warnings: tuple[Mapping[str, object], ...]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class FieldChange:
    """What an update changes in one field of a stored record: the value before and after, and the change in
    words ("Giờ mở cửa: 07:30–11:30 → Nghỉ")."""

    field: str
    before: str | bool | tuple[str, ...] | None
    after: str | bool | tuple[str, ...] | None
    message: str
    message_vi: str


REFUSED = "refused"
"""A staff row's action when it has errors: it is not imported (nor is any row of the file, on a commit)."""


@dataclass(frozen=True)
class StaffRowReport(RowReport):
    full_name: str | None  # as understood; for a row that could not be, the name cell as written
    action: str | None  # create | update | unchanged; refused: a row with errors (REFUSED)
    staff_id: uuid.UUID | None = None  # once committed
    changes: tuple[Mapping[str, object], ...] = ()  # an update's: each field's value before and after
    adds: StaffRow | None = None
    """A row that registers someone (create), without errors: what will be stored, for the report to list."""


@dataclass(frozen=True)
class ShiftRowReport(RowReport):
    duty_type: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    staff_ids: tuple[uuid.UUID, ...]
    assignees: tuple[str, ...] = ()  # the people as the row writes them (e-mails or names), even unresolved
    shift_id: uuid.UUID | None = None  # once committed; a stored shift the row is (import_files.stored_matches)
    action: str | None = None  # create | update (a stored shift's site or notes) | unchanged; None for a row in error
    changes: tuple[Mapping[str, object], ...] = ()  # an update's: each field's value before and after


@dataclass(frozen=True)
class ImportReport:
    """What an import found in each row, and whether it wrote them."""

    kind: Literal["staff", "shifts", "tet_hours"]
    dry_run: bool
    committed: bool
    ignored_columns: tuple[str, ...]
    summary: ImportSummary
    rows: tuple[StaffRowReport, ...] | tuple[ShiftRowReport, ...] | tuple[RowReport, ...]
    late_points: tuple[str, ...] = ()
    """Tết hours: the points this import publishes (a dry run: would publish) for the first time after the
    campaign's deadline, by name (`hours_import.published_late`)."""
    empty_points: tuple[str, ...] = ()
    """Tết hours: the points whose every row was blank and whose hours were never published: nothing imported for
    them, still unpublished (`hours_import.left_empty`)."""
    notes: tuple[Mapping[str, object], ...] = ()
    """What reading the file's shape found, said once for the file (`Columns.notes`)."""


class ImportRejected(RuleViolation):
    """A commit with at least one bad row: nothing is written; `report` says what each row needs."""

    def __init__(self, errors: list[FieldError], report: ImportReport) -> None:
        super().__init__(errors)
        self.report = report


def summarise(results: list[RowResult]) -> ImportSummary:
    """How many rows, how many fine, how many with errors or warnings."""
    return ImportSummary(
        rows=len(results),
        ok=sum(1 for r in results if not r.errors),
        with_errors=sum(1 for r in results if r.errors),
        with_warnings=sum(1 for r in results if r.warnings),
    )


def rejection(kind: str, results: list[RowResult], report: ImportReport) -> ImportRejected:
    """The 422 for a commit with bad rows: the first errors, each prefixed with its row."""
    bad = [r for r in results if r.errors]
    errors = [
        FieldError(
            f"rows.{r.row}.{e.field}",
            e.rule,
            f"Row {r.row}: {e.message}",
            f"Dòng {r.row}: {e.message_vi}",
            {"row": r.row, **e.context},
        )
        for r in bad
        for e in with_values(r.errors, r.cells)
    ][:50]
    head = FieldError(
        "file",
        "rows-valid",
        f"{len(bad)} of {len(results)} {kind} rows have errors; nothing was imported. Fix them (see "
        "report) or check with dry_run=true first.",
        f"{len(bad)}/{len(results)} dòng có lỗi; chưa nhập dòng nào. Hãy sửa các lỗi trong báo cáo.",
    )
    return ImportRejected([head, *errors], report)


# --- a staff row against the records it may be -------------------------------------------------------


def diacritics(text: str) -> int:
    """How many diacritics `text` carries: the combining marks of its letters (tones, breves, circumflexes,
    horns) and each đ/Đ — what `fold` strips."""
    marks = sum(1 for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) == "Mn")
    return marks + text.count("đ") + text.count("Đ")


def kept_name(stored: str, written: str) -> str:
    """The name an update writes: the stored spelling when the file's is the same name (equal once folded) with no
    more diacritics than it — a file typed without diacritics, or in other case or spacing, must not strip a name
    of them — else the file's (one that adds the diacritics the stored name lacks is a correction)."""
    same = fold(stored) == fold(written) and diacritics(written) <= diacritics(stored)
    return stored if same else written


def name_kept(stored: str, written: str) -> dict[str, object]:
    """The row warning of a stored name kept over the file's spelling of it: "without diacritics" only when the
    file's has none (and the stored one has), else "written differently"."""
    bare = diacritics(written) == 0 < diacritics(stored)
    how_en = "is written without diacritics" if bare else "is written differently (diacritics, case or spacing)"
    how_vi = "không dấu" if bare else "viết khác"
    return {
        "rule": "name-kept",
        "field": "full_name",
        "message": f"The name in the file ({written}) {how_en}; the stored name “{stored}” is kept.",
        "message_vi": f"Tên trong tệp {how_vi}; giữ tên đã lưu “{stored}”.",
        "stored": stored,
        "written": written,
    }


def another_person(before: StaffMember, row: StaffRow) -> FieldError | None:
    """The error of a row matched to `before` by its e-mail that is another person (the module's text): another name
    and a national ID number that is not the record's. Says whose the e-mail is and what to do: correct the e-mail,
    or — the same person renamed — write the record's own national ID number (or none)."""
    if row.email is None or not row.national_id or row.national_id == before.national_id:
        return None
    if fold(before.full_name) == fold(row.full_name):
        return None
    if before.national_id:
        id_en, id_vi = "a national ID number other than theirs", "số CCCD khác với số CCCD đã lưu của người này"
        same_en = "write their national ID number as stored"
        same_vi = "hãy ghi đúng số CCCD đã lưu của người này"
    else:
        id_en, id_vi = (
            "a national ID number, where their record has none",
            "số CCCD, trong khi hồ sơ của người này chưa có",
        )
        same_en = "leave the national ID number empty (and add it to their record afterwards)"
        same_vi = "hãy để trống số CCCD (rồi bổ sung vào hồ sơ của người này sau)"
    return FieldError(
        "email",
        "email-of-another-person",
        f"The e-mail {row.email} is {before.full_name}'s, but this row writes another name ({row.full_name}) and "
        f"{id_en}: it looks like another person, and importing it would overwrite {before.full_name}'s record. "
        f"If it is another person, correct the e-mail; if it really is {before.full_name} renamed, {same_en}.",
        f"Email {row.email} là của {before.full_name}, nhưng dòng này ghi tên khác ({row.full_name}) và {id_vi}: "
        f"có vẻ là một người khác, nhập dòng này sẽ ghi đè hồ sơ của {before.full_name}. Nếu là người khác, hãy "
        f"sửa email; nếu đúng là {before.full_name} đổi tên, {same_vi}.",
        {"stored": before.full_name, "written": row.full_name},
    )


def qualification_missing(row: StaffRow, before: StaffMember | None = None) -> FieldError | None:
    """The error of a row that would register someone at work (active) with no qualification, or leave so the
    record it updates (`before`): nobody could put them on a shift. The API's rule (`unqualified_at_work`, which the
    portal's staff form keeps too), so that a file refuses what the form refuses (QA 2026-12-06: 60 blank
    "Chuyên môn" cells passed as valid): a person not at work may have none, and a record already kept with none
    is not held up by it."""
    if not unqualified_at_work(active=row.active, qualifications=row.qualifications, before=before):
        return None
    return FieldError(
        "qualifications",
        "qualification-required",
        "No qualification: a person at work needs at least one to be put on a shift. Write one or more in the "
        "“Chuyên môn” (qualifications) column — leader, operator, technician or guard (Lãnh đạo, Điều hành, Kỹ "
        "thuật, Bảo vệ) —, or “Không” (no) in the “Đang hoạt động” (active) column if the person is not at work.",
        "Thiếu chuyên môn: người đang làm việc cần ít nhất một chuyên môn để được xếp vào ca trực. Hãy ghi một "
        "hoặc nhiều chuyên môn vào cột “Chuyên môn” (Lãnh đạo, Điều hành, Kỹ thuật, Bảo vệ), hoặc ghi “Không” ở "
        "cột “Đang hoạt động” nếu người này không còn làm việc.",
    )


def kept_unqualified(members: Iterable[StaffMember], full_name: str) -> StaffMember | None:
    """The record a row whose e-mail (or what else names a record) could not be read may be by its name (folded),
    when that record is already kept at work with no qualification: `qualification_missing` judges the row as its
    update, not held up by it; None when no record of that name is kept so (the row is judged as registering
    someone). So a row's unreadable e-mail no longer hides its empty "Chuyên môn" (QA)."""
    name = fold(full_name)
    return next(
        (
            m
            for m in members
            if fold(m.full_name) == name and unqualified_at_work(active=m.active, qualifications=m.qualifications)
        ),
        None,
    )


CELL_READ_RULES = frozenset({"name-capitalised", "name-without-diacritics", "national-id-zero"})
"""The staff row notes of how a cell was read (a name written in capitals, one without diacritics, a CCCD number
that lost its 0): of the cell itself, so kept beside a refused row's errors, which the person mends together."""


def refused_row_warnings(warnings: Iterable[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The warnings a staff row refused (one with an error) keeps: only how its cells were read (`CELL_READ_RULES`).
    What importing it would do — a record renamed, a qualification or upcoming shifts taken away, a record matched,
    an e-mail given — is no consequence of a row that will not be imported (QZ24: a row whose e-mail was row 2's
    got 14 "Lưu ý" lines of renaming Nguyễn Thị Ánh Tuyết and taking Kỹ thuật from 12 of her shifts); a refused
    row says only why it is refused."""
    return [w for w in warnings if w.get("rule") in CELL_READ_RULES]


def update_warnings(before: StaffMember, row: StaffRow) -> list[dict[str, object]]:
    """What a row matched to a record by its e-mail would change that is easy to miss in the changes' table
    (QA: a row with a manager's e-mail and another name and trade renamed and demoted him, said only there):
    another person's name — perhaps the wrong e-mail —, and qualifications taken away, which the shifts that
    need them then lack."""
    warnings: list[dict[str, object]] = []
    if row.email is not None and fold(before.full_name) != fold(row.full_name):  # (without one, `same_record` says)
        warnings.append(
            {
                "rule": "renamed",
                "field": "full_name",
                "message": f"The e-mail {row.email} is {before.full_name}'s: importing renames them {row.full_name}. "
                "If this row is another person, correct its e-mail.",
                "message_vi": f"Email {row.email} là của {before.full_name}: nhập sẽ đổi tên người này thành "
                f"{row.full_name}. Nếu dòng này là người khác, hãy sửa email.",
                "stored": before.full_name,
                "written": row.full_name,
            }
        )
    dropped = sorted(set(before.qualifications) - set(row.qualifications))
    if dropped and row.active:
        en = ", ".join(word_for("qualification", q, "en") for q in dropped)
        vi = ", ".join(word_for("qualification", q, "vi") for q in dropped)
        warnings.append(
            {
                "rule": "qualifications-dropped",
                "field": "qualifications",
                "message": f"Importing takes {en} away from {before.full_name}: the shifts planned for them that "
                "need it will be short of that qualification.",
                "message_vi": f"Nhập sẽ bỏ chuyên môn {vi} của {before.full_name}: các ca đã xếp cho người này cần "
                "chuyên môn đó sẽ bị báo thiếu.",
                "dropped": dropped,
            }
        )
    return warnings


_CHANGED_FIELDS = ("full_name", "email", "phone", "qualifications", "active", "language", "national_id")


def _shown(key: str, value: object, lang: str) -> str:
    if value is None or value == () or value == "":
        return "—" if lang == "vi" else "(none)"
    if key == "qualifications" and isinstance(value, tuple):
        return ", ".join(word_for("qualification", q, lang) for q in value)
    if key == "active":
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if key == "language":
        return {"vi": ("Tiếng Việt", "Vietnamese"), "en": ("Tiếng Anh", "English")}[str(value)][lang != "vi"]
    return str(value)


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def staff_changes(before: StaffMember, row: StaffRow) -> tuple[dict[str, object], ...]:
    """What an update changes in the record, field by field (a national ID number or an e-mail left empty keeps the
    stored one; an e-mail is given to a record without one: `email_gained_record`), each with its value before and
    after, and in words: "Số điện thoại: 0912… → 0987…"."""
    after: dict[str, object] = {
        "full_name": row.full_name,
        "email": row.email or before.email,
        "phone": row.phone,
        "qualifications": tuple(sorted(row.qualifications)),
        "active": row.active,
        "language": row.language,
        "national_id": row.national_id or before.national_id,
    }
    was: dict[str, object] = {key: getattr(before, key) for key in _CHANGED_FIELDS}
    was["qualifications"] = tuple(sorted(before.qualifications))
    return tuple(
        {
            "field": key,
            "before": _plain(was[key]),
            "after": _plain(after[key]),
            "message": f"{word_for('field', key, 'en')}: {_shown(key, was[key], 'en')} → {_shown(key, after[key], 'en')}",
            "message_vi": f"{field_name(key)}: {_shown(key, was[key], 'vi')} → {_shown(key, after[key], 'vi')}",
        }
        for key in _CHANGED_FIELDS
        if was[key] != after[key]
    )


def same_record(row: StaffRow, record_name: str, enterprise_name: str, by: str) -> dict[str, object]:
    """A row without e-mail that is a record of the enterprise (same name and phone number, or national ID
    number): it updates that record, as a row with its e-mail would, instead of registering the person twice."""
    by_en, by_vi = (
        ("national ID number", "số CCCD")
        if by == "national_id"
        else ("name and phone number", "họ tên và số điện thoại")
    )
    # The same name twice reads as a stutter ("Trần Văn Đức là Trần Văn Đức"): said once when the row writes it so.
    who_en, who_vi = (
        (f"{record_name} is", f"{record_name}")
        if row.full_name == record_name
        else (f"{row.full_name} is {record_name},", f"{row.full_name} là {record_name},")
    )
    return {
        "rule": "same-record",
        "message": f"{who_en} already registered at {enterprise_name} (same {by_en}): "
        "this row updates that record instead of registering the person a second time.",
        "message_vi": f"{who_vi} đã có hồ sơ tại {enterprise_name} (trùng {by_vi}): dòng "
        "này cập nhật hồ sơ đó thay vì tạo hồ sơ thứ hai cho cùng một người.",
        "record_name": record_name,
    }


def exact_name(name: str) -> str:
    """A name as two rows or records are the same person's name — the one rule of the staff form's question
    (`GET /staff?name=`), the staff import's same-name matching and the shift import's name lookup: NFC, case
    folded, spaces made one; diacritics count ("ƠN VĂN ÚT" is "Ơn Văn Út", "Ung Thị Ý" is not "Ưng Thị Ý").
    QA: the form took "ƠN VĂN ÚT" beside "Ơn Văn Út" without asking, and a shift import then found two of them."""
    return same_name_key(name)


def _apart(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def told_apart(a: StaffRow | StaffMember, b: StaffRow | StaffMember) -> bool:
    """Whether two people of the same name are told apart: an e-mail, a phone number or a national ID number that
    both give and that differ (one given and the other left empty tells nothing)."""
    return (
        _apart(a.email, b.email)
        or _apart(phone_key(a.phone), phone_key(b.phone))
        or _apart(a.national_id, b.national_id)
    )


def named(full_name: str, members: Iterable[StaffMember]) -> list[StaffMember]:
    """The records whose name is `full_name` (`exact_name`): whom a new person of that name may already be."""
    name = exact_name(full_name)
    return [m for m in members if exact_name(m.full_name) == name]


def email_gained_record(
    row: StaffRow, members: Iterable[StaffMember], *, taken: Iterable[uuid.UUID] = ()
) -> StaffMember | None:
    """The record a row *with* an e-mail that no record of the enterprise has is, by its name: the one person of the
    enterprise whose name is the row's (`exact_name`) and who has no e-mail, when the row gives no phone or national
    ID number that differs from theirs (`told_apart`) and no earlier row of the file is them (`taken`) — that person
    gaining an e-mail, not a namesake (QA: "Lương Văn Hải" registered without e-mail, then imported with one, became
    two people, only warned "same name"). None when no record or several have the name, or it has an e-mail."""
    same = named(row.full_name, members)
    if row.email is None or len(same) != 1 or same[0].email is not None:
        return None
    if told_apart(row, same[0]) or same[0].id in set(taken):
        return None
    return same[0]


def email_gained(row: StaffRow, record: StaffMember, enterprise_name: str) -> dict[str, object]:
    """The note of a row that gives a record of its name, registered without e-mail, the row's e-mail
    (`email_gained_record`)."""
    return {
        "rule": "email-gained",
        "field": "email",
        "message": f"{record.full_name} of {enterprise_name} has no e-mail yet: this row is taken as them, and gives "
        f"them {row.email}. If it is another person of the same name, write a phone number or national ID number "
        "that tells them apart.",
        "message_vi": f"{record.full_name} của {enterprise_name} chưa có email: dòng này được hiểu là người đó và "
        f"thêm email {row.email}. Nếu là người khác cùng tên, hãy ghi số điện thoại hoặc số CCCD để phân biệt.",
        "staff_id": str(record.id),
    }


def same_name_record(
    row: StaffRow, members: Iterable[StaffMember], *, taken: Iterable[uuid.UUID] = ()
) -> StaffMember | None:
    """The record a row without e-mail is by its name alone: the one person of the enterprise whose name is the row's
    (`exact_name`), when the row gives no e-mail, phone or national ID number that differs from theirs (`told_apart`)
    and no earlier row of the file is them (`taken`). QA: "Lương Văn Hải", no e-mail and no phone, imported twice
    made two records. None when no record or several have the name: then nothing says which."""
    same = named(row.full_name, members)
    if len(same) != 1 or row.email is not None or told_apart(row, same[0]) or same[0].id in set(taken):
        return None
    return same[0]


def same_name(record: StaffMember, enterprise_name: str) -> dict[str, object]:
    """The row warning of a row that is a record by its name alone (`same_name_record`)."""
    return {
        "rule": "same-name",
        "field": "full_name",
        "message": f"This row matches {record.full_name}, already registered at {enterprise_name} (the same name, "
        "and no other e-mail or phone number): it is that person, not a new one. If it is someone else of the same "
        "name, write their e-mail or phone number on the row.",
        "message_vi": f"Dòng này khớp với {record.full_name} đã có tại {enterprise_name} (cùng tên, không có "
        "email/điện thoại khác): đây là người đó, không tạo thêm người mới. Nếu là một người khác trùng tên, hãy "
        "ghi email hoặc số điện thoại của người đó vào dòng.",
        "record_name": record.full_name,
        "staff_id": str(record.id),
    }


def same_name_in_file(row: StaffRow, other_row: int) -> FieldError:
    """The error of a row without e-mail with the name of an earlier such row of the file and nothing else to tell
    them apart (`told_apart`): a probable duplicate, which would register one person twice."""
    return FieldError(
        "full_name",
        "same-name-in-file",
        f"Rows {other_row} and {row.row} both write {row.full_name}, with no e-mail, phone number or national ID "
        "number that tells them apart: probably one person written twice. If it is one person, delete one of the "
        "rows; if they are two people of the same name, write each one's e-mail, phone number or national ID number.",
        f"Dòng {other_row} và dòng {row.row} cùng ghi {row.full_name}, không có email, số điện thoại hay số CCCD nào "
        "để phân biệt: có lẽ là một người ghi hai lần. Nếu là một người, hãy xoá một dòng; nếu là hai người trùng "
        "tên, hãy ghi email, số điện thoại hoặc số CCCD của từng người.",
        {"other_row": other_row, "value": as_written(row.full_name)},
    )


def person_key(row: StaffRow) -> tuple[str, ...] | None:
    """What makes two rows of a file the same person (`people.same_person`'s rule without the e-mail, which the
    file's own check covers): the national ID number, else the name (folded) with the phone number."""
    if row.national_id:
        return ("national_id", row.national_id)
    key = phone_key(row.phone)
    return ("phone", fold(row.full_name), key) if key else None


def same_person_in_file(
    row: StaffRow, other_row: int, enterprise_name: str, *, other_email: str | None = None
) -> dict[str, object]:
    """A row that looks like the same person as an earlier row of the file (`other_email`: that row's), under
    another e-mail or without one; "another e-mail" is said only when both rows have one."""
    by_en, by_vi = (
        ("national ID number", "số CCCD") if row.national_id else ("name and phone number", "họ tên và số điện thoại")
    )
    both = bool(row.email and other_email)
    apart_en = " under another e-mail" if both else ""
    apart_vi = " nhưng khác email" if both else ""
    return {
        "rule": "same-person-in-file",
        "message": f"Row {row.row} ({row.full_name}) looks like the same person as row {other_row} (same {by_en})"
        f"{apart_en}: importing both makes two records of {enterprise_name} for one person. Keep one "
        "row if they are one person; check the rows if they are two.",
        "message_vi": f"Dòng {row.row} ({row.full_name}) có vẻ là cùng một người với dòng {other_row} (trùng "
        f"{by_vi}){apart_vi}: nhập cả hai sẽ tạo hai hồ sơ của {enterprise_name} cho một người. Nếu là "
        "một người, hãy giữ một dòng; nếu là hai người, hãy kiểm tra lại các dòng.",
        "other_row": other_row,
    }


def similar_name(row: StaffRow, names: list[str], enterprise_name: str) -> dict[str, object]:
    """A row to register whose name is, diacritics, case and spacing aside, that of a record of the enterprise: "only
    differs by" when no record has exactly its name, else "has the same name" (records that the row's own e-mail
    or phone tells apart, or several of that name)."""
    listed = ", ".join(f"“{n}”" for n in names)  # a name in “ ”, as both languages write it
    if all(exact_name(n) != exact_name(row.full_name) for n in names):
        how_en = f"a name that differs from {row.full_name} only by diacritics, case or spacing"
        how_vi = f"tên chỉ khác {row.full_name} ở dấu, chữ hoa hoặc khoảng trắng"
    else:
        how_en, how_vi = f"the same name as this row ({row.full_name})", f"cùng tên với dòng này ({row.full_name})"
    return {
        "rule": "similar-name",
        "field": "full_name",
        "message": f"{enterprise_name} already has {listed}, {how_en}: this row registers another person. If it is "
        "the same person, write their e-mail on the row so that it updates that record.",
        "message_vi": f"{enterprise_name} đã có {listed}, {how_vi}: dòng này sẽ tạo thêm một người. Nếu là cùng "
        "một người, hãy ghi email của người đó vào dòng để cập nhật hồ sơ đã có.",
        "names": names,
    }


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", fold(name))


def enterprises_meant(written: str, known: Iterable[str]) -> list[str]:
    """The enterprises an enterprise cell names, by their names: the one whose name it is (folded: case, diacritics and
    spacing aside); else each whose name holds the cell's words as whole words in a row — its short form ("VNPT" →
    "VNPT Long An", "Viettel" → "Chi nhánh Viettel Long An"; enterprises have no short name or code of their own).
    Several: the cell does not say which."""
    names = list(dict.fromkeys(known))
    exact = [n for n in names if fold(n) == fold(written)]
    if exact:
        return exact
    words = _words(written)
    if not words:
        return []
    size = len(words)
    return [n for n in names if any(ws[i : i + size] == words for ws in [_words(n)] for i in range(len(ws) - size + 1))]


def _likely_enterprise(written: str, known: Iterable[str]) -> str | None:
    """The one enterprise sharing a word of two letters or more with a cell that names none ("VNPT LA": "VNPT Long
    An"), when only one does: the enterprise an unknown name most likely meant."""
    words = {w for w in _words(written) if len(w) > 1}
    sharing = [n for n in dict.fromkeys(known) if words & set(_words(n))]
    return sharing[0] if len(sharing) == 1 else None


def enterprise_error(row: StaffRow, chosen: str, known: Iterable[str]) -> FieldError | None:
    """The error of a row whose enterprise column (`StaffRow.enterprise`) names another enterprise than the one the
    file is imported into, or none known, or several (`enterprises_meant`: a full name compared folded, or a short
    form that only one enterprise's name holds); None for a row that names the chosen one, or none. QA: a file of
    Viettel's, MobiFone's and VNPT's people imported into VNPT made all three VNPT's, the column only listed as not
    used; "VNPT" alone was then unknown beside "VNPT Long An"."""
    if not row.enterprise:
        return None
    names = [chosen, *known]
    meant = enterprises_meant(row.enterprise, names)
    if meant == [chosen]:
        return None
    written = as_written(row.enterprise)
    if len(meant) == 1:
        other = meant[0]
        return FieldError(
            "enterprise",
            "other-enterprise",
            f"This row belongs to {other}, not {chosen}: import it with {other} chosen.",
            f"Dòng này thuộc {other}, không phải {chosen}: hãy nhập nó khi chọn {other}.",
            {"value": written, "enterprise": other},
        )
    if meant:
        listed = _quoted(sorted(meant, key=sort_key))
        return FieldError(
            "enterprise",
            "known-enterprise",
            f"“{written}” may be any of {listed}: write the enterprise's full name — the rows of {chosen} only, in "
            "this file.",
            f"“{written}” có thể là {listed}: hãy ghi đủ tên doanh nghiệp — tệp này chỉ nhập các dòng của {chosen}.",
            {"value": written, "enterprises": sorted(meant, key=sort_key)},
        )
    likely = _likely_enterprise(row.enterprise, names)
    if likely is not None:
        return FieldError(
            "enterprise",
            "known-enterprise",
            f"No enterprise is named “{written}”: if it is {likely}, write “{likely}” — the rows of {chosen} only, in "
            "this file.",
            f"Không có doanh nghiệp nào tên “{written}”: nếu là {likely}, hãy ghi “{likely}” — tệp này chỉ nhập các "
            f"dòng của {chosen}.",
            {"value": written, "enterprise": likely},
        )
    listed = ", ".join(sorted(dict.fromkeys(names), key=sort_key))
    return FieldError(
        "enterprise",
        "known-enterprise",
        f"No enterprise is named “{written}”: write one of {listed} — the rows of {chosen} only, in this file.",
        f"Không có doanh nghiệp nào tên “{written}”: hãy ghi một trong các doanh nghiệp {listed} — tệp này chỉ "
        f"nhập các dòng của {chosen}.",
        {"value": written},
    )


def likely_name(typed: str, known: Iterable[str]) -> str | None:
    """The known name `typed` most likely means, by the districts' similar-name matcher (`new_district`: at most two
    letters away, or the start of it), else the one known name that holds every word of it in order ("Tổng đài Tân
    An" for "Tổng đài Host Tân An"); None when none is close, or `typed` is one of them."""
    names = list(known)
    guess = new_district(typed, names)
    if guess is None:
        return None
    if guess.closest is not None:
        return guess.closest
    words = fold(typed).split()
    holding = [n for n in names if _in_order(words, fold(n).split())]
    return holding[0] if len(holding) == 1 else None


def _in_order(words: list[str], within: list[str]) -> bool:
    rest = iter(within)
    return bool(words) and all(any(w == x for x in rest) for w in words)
