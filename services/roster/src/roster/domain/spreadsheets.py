"""Reading the spreadsheets managers already keep: CSV (UTF-8, with or without BOM, comma,
semicolon or tab separated; or UTF-16 as Excel's "Unicode text") and XLSX (first sheet)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from lichtruc.text import nfc

from .errors import RuleViolation

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """The header row and the data rows with their row numbers: a sheet's row, a CSV file's line
    a record starts on (the header's is 1 when it is the first line), as a spreadsheet or a text
    editor shows them; blank rows are dropped, texts are in NFC (lichtruc.text), and every row is
    as wide as the widest. `last_lines`: the CSV records whose values run over several lines
    (a quoted value with line breaks), from the line each starts on to the line it ends on."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    last_lines: Mapping[int, int] = field(default_factory=dict)

    def header_at(self, position: int) -> Table:
        """The same sheet read with its `position`-th data row as the header: office sheets often
        put a title ("LỊCH TRỰC TẾT ĐINH MÙI 2027") and a blank line above the real header."""
        if position == 0:
            return self
        _, header = self.rows[position - 1]
        return Table(
            header=tuple("" if v is None else str(v).strip() for v in header),
            rows=self.rows[position:],
            last_lines=self.last_lines,
        )


def _unreadable(what: str, what_vi: str) -> RuleViolation:
    return RuleViolation(
        "file",
        "readable",
        f"The file cannot be read: {what}. Upload a .csv (UTF-8) or .xlsx file.",
        f"Không đọc được tệp: {what_vi}. Hãy tải lên tệp .csv (UTF-8) hoặc .xlsx.",
    )


def _blank(row: tuple[object, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _table(
    raw_rows: list[tuple[int, tuple[object, ...]]], *, max_rows: int, last_lines: Mapping[int, int] | None = None
) -> Table:
    numbered = [(i, row) for i, row in raw_rows if not _blank(row)]
    if not numbered:
        raise RuleViolation(
            "file", "not-empty", "The file has no header row and no data.", "Tệp không có dòng tiêu đề và dữ liệu."
        )
    (_, header), data = numbered[0], numbered[1:]
    if len(data) > max_rows:
        raise RuleViolation(
            "file",
            "max-rows",
            f"The file has {len(data)} data rows; at most {max_rows} can be imported at once: "
            "split it into several files.",
            f"Tệp có {len(data)} dòng dữ liệu; mỗi lần chỉ nhập tối đa {max_rows} dòng: hãy chia thành nhiều tệp.",
            rows=len(data),
            max_rows=max_rows,
        )
    width = max(len(row) for _, row in numbered)
    return Table(
        header=tuple("" if v is None else str(v).strip() for v in nfc(header)) + ("",) * (width - len(header)),
        rows=tuple((n, nfc(tuple(row)) + (None,) * (width - len(row))) for n, row in data),
        last_lines=dict(last_lines or {}),
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
    return _table(
        [(start, row) for start, _, row in records],
        max_rows=max_rows,
        last_lines={start: end for start, end, _ in records if end > start},
    )


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    import openpyxl  # imported here: only uploads of spreadsheets pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(f"not a valid .xlsx workbook ({type(exc).__name__})", "không phải tệp .xlsx hợp lệ") from exc
    try:
        sheet = workbook.worksheets[0]
        # The upload size limit bounds how many rows there can be.
        rows = [(n, tuple(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
        return _table(rows, max_rows=max_rows)
    finally:
        workbook.close()


def read_table(data: bytes, *, max_rows: int) -> Table:
    """Decode an uploaded CSV or XLSX file (told apart by content, not by name)."""
    if not data:
        raise RuleViolation("file", "not-empty", "The uploaded file is empty.", "Tệp tải lên bị rỗng.")
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows=max_rows)
    return _read_csv(data, max_rows=max_rows)
