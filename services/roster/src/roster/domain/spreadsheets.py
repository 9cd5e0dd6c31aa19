"""Reading the spreadsheets managers already keep: CSV (UTF-8, with or without BOM, comma,
semicolon or tab separated; or UTF-16 as Excel's "Unicode text") and XLSX (first sheet)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from lichtruc.text import nfc

from .errors import RuleViolation

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """The header row and the data rows with their spreadsheet row numbers (the header's is 1
    when it is the first line); blank rows are dropped, texts are in NFC (lichtruc.text), and
    every row is as wide as the widest."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]

    def header_at(self, position: int) -> Table:
        """The same sheet read with its `position`-th data row as the header: office sheets often
        put a title ("LỊCH TRỰC TẾT ĐINH MÙI 2027") and a blank line above the real header."""
        if position == 0:
            return self
        _, header = self.rows[position - 1]
        return Table(header=tuple("" if v is None else str(v).strip() for v in header), rows=self.rows[position:])


def _unreadable(what: str, what_vi: str) -> RuleViolation:
    return RuleViolation(
        "file",
        "readable",
        f"The file cannot be read: {what}. Upload a .csv (UTF-8) or .xlsx file.",
        f"Không đọc được tệp: {what_vi}. Hãy tải lên tệp .csv (UTF-8) hoặc .xlsx.",
    )


def _blank(row: tuple[object, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _table(raw_rows: list[tuple[object, ...]], *, max_rows: int) -> Table:
    numbered = [(i, row) for i, row in enumerate(raw_rows, start=1) if not _blank(row)]
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
    )


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _unreadable(
            f"it is not UTF-8 text (byte {exc.start})",
            f"tệp không phải văn bản UTF-8 (byte {exc.start}); hãy lưu dạng 'CSV UTF-8'",
        ) from exc
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows: list[tuple[object, ...]] = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise _unreadable(f"it is not CSV ({exc})", "tệp không đúng định dạng CSV") from exc
    return _table(rows, max_rows=max_rows)


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    import openpyxl  # imported here: only uploads of spreadsheets pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(f"not a valid .xlsx workbook ({type(exc).__name__})", "không phải tệp .xlsx hợp lệ") from exc
    try:
        sheet = workbook.worksheets[0]
        # The upload size limit bounds how many rows there can be.
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
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
