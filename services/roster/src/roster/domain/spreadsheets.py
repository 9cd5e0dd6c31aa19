"""Reading the spreadsheets managers already keep: CSV (UTF-8, with or without BOM, comma,
semicolon or tab separated; or UTF-16 as Excel's "Unicode text", .txt) and XLSX (every sheet, in order: the import
reads the first whose header it knows). An old Excel workbook (.xls) is told apart and refused with what to do."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from lichtruc.text import nfc

from .errors import RuleViolation

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE2 compound file: Excel 97–2003's .xls (openpyxl reads none; as text it was "not UTF-8")."""


@dataclass(frozen=True)
class Table:
    """The header row and the data rows with their row numbers as a spreadsheet shows them (the
    header's is 1 when it is the first row; a CSV record counts as one row however many lines a
    quoted value with line breaks runs over); blank rows are dropped, texts are in NFC
    (lichtruc.text), and every row is as wide as the widest. `lines`: the CSV records that run over
    several lines, each with the text lines it starts and ends on (what a stray quote is said by).
    An XLSX sheet's `sheet` name, its `hidden` rows (by hand or by a filter: `filtered`) and columns, and the
    workbook's later sheets (`others`, in order); `too_many`: a later sheet's refusal of its row
    count, said only if that sheet is the one read."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    header_row: int = 1
    lines: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    sheet: str = ""
    hidden: frozenset[int] = frozenset()
    filtered: bool = False
    hidden_columns: frozenset[int] = frozenset()
    """An XLSX sheet's hidden columns, by position from 0 (as the header's cells are): read all the same."""
    others: tuple[Table, ...] = ()
    workbook: tuple[str, ...] = ()
    """Every sheet's name, in order (also an empty one's): the first table's."""
    too_many: RuleViolation | None = None

    @property
    def sheets(self) -> tuple[Table, ...]:
        """This sheet and the workbook's later ones, in order."""
        return (self, *self.others)

    def header_at(self, position: int) -> Table:
        """The same sheet read with its `position`-th data row as the header: office sheets often
        put a title ("LỊCH TRỰC TẾT ĐINH MÙI 2027") and a blank line above the real header."""
        if position == 0:
            return self
        number, header = self.rows[position - 1]
        return replace(
            self,
            header=tuple("" if v is None else str(v).strip() for v in header),
            rows=self.rows[position:],
            header_row=number,
        )


def _unreadable(what: str, what_vi: str) -> RuleViolation:
    return RuleViolation(
        "file",
        "readable",
        f"The file cannot be read: {what}. Upload a .xlsx, .csv (UTF-8) or .txt (Excel's “Unicode Text”) file.",
        f"Không đọc được tệp: {what_vi}. Hãy tải lên tệp .xlsx, .csv (UTF-8) hoặc .txt (“Unicode Text” của Excel).",
    )


def _old_excel() -> RuleViolation:
    return RuleViolation(
        "file",
        "old-excel",
        "The file is an old Excel workbook (.xls, Excel 97–2003), which cannot be read: open it in Excel and save "
        "it as .xlsx (File → Save As → “Excel Workbook (*.xlsx)”), then upload that file.",
        "Tệp là sổ làm việc Excel đời cũ (.xls, Excel 97–2003), hệ thống không đọc được định dạng này: hãy mở tệp "
        "trong Excel và lưu thành .xlsx (Tệp → Lưu thành → “Sổ làm việc Excel (*.xlsx)”), rồi tải tệp đó lên.",
    )


def _blank(row: tuple[object, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _empty() -> RuleViolation:
    return RuleViolation(
        "file", "not-empty", "The file has no header row and no data.", "Tệp không có dòng tiêu đề và dữ liệu."
    )


def _table(
    raw_rows: list[tuple[int, tuple[object, ...]]],
    *,
    max_rows: int,
    lines: Mapping[int, tuple[int, int]] | None = None,
    strict: bool = True,
) -> Table:
    """The table of a sheet's rows. `strict`: refuse too many rows now (the first sheet); else the
    table keeps the refusal (`Table.too_many`) for when that sheet is the one read."""
    numbered = [(i, row) for i, row in raw_rows if not _blank(row)]
    if not numbered:
        raise _empty()
    (header_row, header), data = numbered[0], numbered[1:]
    too_many = None
    if len(data) > max_rows:
        too_many = RuleViolation(
            "file",
            "max-rows",
            f"The file has {len(data)} data rows; at most {max_rows} can be imported at once: "
            "split it into several files.",
            f"Tệp có {len(data)} dòng dữ liệu; mỗi lần chỉ nhập tối đa {max_rows} dòng: hãy chia thành nhiều tệp.",
            rows=len(data),
            max_rows=max_rows,
        )
        if strict:
            raise too_many
        data = data[: max_rows + 1]  # its header may still be sought; its rows are never read
    width = max(len(row) for _, row in numbered)
    return Table(
        header=tuple("" if v is None else str(v).strip() for v in nfc(header)) + ("",) * (width - len(header)),
        rows=tuple((n, nfc(tuple(row)) + (None,) * (width - len(row))) for n, row in data),
        header_row=header_row,
        lines=dict(lines or {}),
        too_many=too_many,
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _quote_never_closed(quote: str, opened: int, last: int, *, runs_on: bool = False) -> RuleViolation:
    """A quoted value open at the end of the file (`opened`: its line); `runs_on`: one so long that
    the reader gave up on line `last` (then the quote is on the record's first line or a later one)."""
    mark_vi = "dấu ngoặc kép" if quote == '"' else "dấu nháy"
    if runs_on:
        limit = csv.field_size_limit()
        limit_vi = f"{limit:,}".replace(",", ".")
        message = (
            f"Lines {opened}–{last}: a value runs on for more than {limit:,} characters: a "
            f"quotation mark ({quote}) on line {opened} or after it is most likely never closed. Close the quote "
            "or remove it."
        )
        message_vi = (
            f"Dòng {opened}–{last}: một giá trị dài quá {limit_vi} ký tự: nhiều khả năng một "
            f"{mark_vi} ({quote}) từ dòng {opened} trở đi không có dấu đóng. Hãy thêm {mark_vi} đóng hoặc xoá "
            "dấu này."
        )
    else:
        lines, lines_vi = (
            (
                f", so lines {opened}–{last} would be read as one value",
                f", nên các dòng {opened}–{last} sẽ bị đọc thành một giá trị",
            )
            if last > opened
            else ("", "")
        )
        message = (
            f"Line {opened}: a quotation mark ({quote}) opens a value that is never closed{lines}. "
            "Close the quote or remove it."
        )
        message_vi = (
            f"Dòng {opened}: {mark_vi} ({quote}) mở đầu một giá trị nhưng không có dấu đóng{lines_vi}. "
            f"Hãy thêm {mark_vi} đóng hoặc xoá dấu này."
        )
    return RuleViolation("file", "quotes-closed", message, message_vi, line=opened, last_line=last)


def _csv_records(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> list[tuple[int, int, tuple[object, ...]]]:
    """Each record with the lines it starts and ends on. A quoted value still open at the end of
    the file is refused: the csv module would quietly end it there, swallowing every line after
    the stray quote into one cell."""
    # A last line no text can hold: after a file that ends outside quotes it is a record of its
    # own; after one that ends inside a quoted value it is read as the end of that value.
    sentinel = "\uffff"
    while sentinel in text:
        sentinel += "\uffff"
    lines = io.StringIO(text if text.endswith(("\n", "\r")) else text + "\n", newline="")
    reader = csv.reader(itertools.chain(lines, [sentinel]), dialect)
    records: list[tuple[int, int, tuple[object, ...]]] = []
    try:
        for record in reader:
            start = records[-1][1] + 1 if records else 1
            records.append((start, reader.line_num, tuple(record)))
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            raise
        # No cell of an import is near the limit (128 KiB): a quote left open swallowed the lines after it.
        start = records[-1][1] + 1 if records else 1
        raise _quote_never_closed(dialect.quotechar or '"', start, reader.line_num, runs_on=True) from exc
    *records, (_, end, final) = records
    if final != (sentinel,):
        value = str(final[-1])[: -len(sentinel)]
        last = end - 1  # the sentinel's line is not the file's
        raise _quote_never_closed(dialect.quotechar or '"', last - len(_LINE_BREAK.findall(value)) + 1, last)
    return records


DELIMITERS = (",", ";", "\t")
"""What spreadsheets separate a CSV's cells with: a comma; a semicolon where the comma is the decimal
mark (Excel's "CSV" in such locales); a tab (Excel's "Unicode text")."""


def _dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV conventions (double quotes, doubled inside) with the separator most of the sample's
    rows agree on: the one that splits the most rows into the same number of cells (two or more).
    Python's csv.Sniffer gave up on a title row above the header ("LỊCH TRỰC TẾT ĐINH MÙI 2027", no
    separator in it) and fell back to commas, so a semicolon file became one cell a row."""

    def agreeing(delimiter: str) -> int:
        widths = Counter(
            len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if len(row) > 1
        )
        return max(widths.values(), default=0)

    best = max(DELIMITERS, key=agreeing)  # the first of equals: a comma
    return type("SpreadsheetCsv", (csv.excel,), {"delimiter": best})


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1  # where a person can look, not a byte offset
        raise _unreadable(
            f"it was not saved as UTF-8 text (the first character that is not is on line {line}; Excel's plain "
            "“CSV” saves so): in Excel choose Save As → “CSV UTF-8 (Comma delimited)”",
            f"tệp không được lưu theo bảng mã UTF-8 (ký tự đầu tiên không đọc được ở dòng {line}; Excel lưu như vậy "
            "khi chọn “CSV” thường): trong Excel hãy chọn Lưu thành → “CSV UTF-8 (Comma delimited)”",
        ) from exc
    dialect = _dialect(text[:8192])
    try:
        records = _csv_records(text, dialect)
    except csv.Error as exc:
        raise _unreadable(f"it is not CSV ({exc})", "tệp không đúng định dạng CSV") from exc
    # Each record is a row as Excel shows the file (QA: after a cell with a line break, the row said was the
    # text line, one more than Excel's); a blank line is a (blank) row there too.
    return _table(
        [(n, row) for n, (_, _, row) in enumerate(records, start=1)],
        max_rows=max_rows,
        lines={n: (start, end) for n, (start, end, _) in enumerate(records, start=1) if end > start},
    )


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br=["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
_FILTER = re.compile(rb"<(?:\w+:)?autoFilter\b")


def _hidden_rows(xml: bytes) -> tuple[frozenset[int], bool]:
    """The rows a sheet's XML marks hidden (`<row r="3" hidden="1">`) and whether it has a filter: what the
    read-only reader, which gives values alone, does not say. The row tags are scanned, not parsed: a parse of
    every cell again took three times as long as reading the values (a sheet formatted 50,000 rows down)."""
    hidden: set[int] = set()
    last = 0
    for tag in _ROW_TAG.finditer(xml):
        number = _ROW_NUMBER.search(tag.group(1))
        last = int(number.group(1)) if number else last + 1
        if _HIDDEN.search(tag.group(1)):
            hidden.add(last)
    return frozenset(hidden), _FILTER.search(xml) is not None


_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_COL_MIN = re.compile(rb"""\bmin=["'](\d+)["']""")
_COL_MAX = re.compile(rb"""\bmax=["'](\d+)["']""")
MAX_COLUMNS = 16384
"""Excel's widest sheet (XFD): a `<col max>` beyond it is not believed."""


def _hidden_columns(xml: bytes) -> frozenset[int]:
    """The columns a sheet's XML marks hidden (`<col min="2" max="3" hidden="1"/>`: B and C), from 0."""
    hidden: set[int] = set()
    for tag in _COL_TAG.finditer(xml):
        attrs = tag.group(1)
        low, high = _COL_MIN.search(attrs), _COL_MAX.search(attrs)
        if _HIDDEN.search(attrs) and low and high:
            hidden.update(range(int(low.group(1)) - 1, min(int(high.group(1)), MAX_COLUMNS)))
    return frozenset(hidden)


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    import openpyxl  # imported here: only uploads of spreadsheets pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(f"not a valid .xlsx workbook ({type(exc).__name__})", "không phải tệp .xlsx hợp lệ") from exc
    try:
        tables: list[Table] = []
        names = tuple(str(sheet.title) for sheet in workbook.worksheets)
        for sheet in workbook.worksheets:
            # The upload size limit bounds how many rows there can be.
            rows = [(n, tuple(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
            try:
                table = _table(rows, max_rows=max_rows, strict=not tables)
            except RuleViolation:  # an empty sheet: another may hold the table
                continue
            # The read-only sheet's own XML (openpyxl has no public way to it but loading the whole workbook
            # with every cell's style, twice as slow): a hidden row reads the same as a shown one otherwise.
            with sheet._get_source() as source:
                xml = source.read()
            hidden, filtered = _hidden_rows(xml)
            tables.append(
                replace(
                    table,
                    sheet=str(sheet.title),
                    hidden=hidden,
                    filtered=filtered,
                    hidden_columns=_hidden_columns(xml),
                )
            )
    finally:
        workbook.close()
    if not tables:
        raise _empty()
    first, *others = tables
    return replace(first, others=tuple(others), workbook=names)


def read_table(data: bytes, *, max_rows: int) -> Table:
    """Decode an uploaded CSV or XLSX file (told apart by content, not by name): the first sheet with
    something in it, and the workbook's later ones (`Table.others`). Refuses an old Excel workbook."""
    if not data:
        raise RuleViolation("file", "not-empty", "The uploaded file is empty.", "Tệp tải lên bị rỗng.")
    if data.startswith(XLS_MAGIC):
        raise _old_excel()
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows=max_rows)
    return _read_csv(data, max_rows=max_rows)
