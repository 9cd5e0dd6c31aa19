"""CSV and XLSX for spreadsheets: CSV in UTF-8 with a byte-order mark (so that Excel shows
Vietnamese names right); in both, every text cell through `lichtruc.text.sheet_text`, the one
cleaning every service's exports share: no formula injection (a cell an attacker starts with ``=``
must not run in the inspector's spreadsheet), and no control character — no XLSX cell may hold
a C0 one (openpyxl refuses the whole sheet), and free text or an event from any producer may."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from lichtruc import vntime
from lichtruc.text import sheet_text

__all__ = ["BOM", "cell", "render_csv", "render_xlsx", "xlsx_cell"]

BOM = "\ufeff"


def cell(value: object) -> str:
    """One value as a CSV cell: text as a sheet's (`sheet_text`), instants in local time, numbers as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return vntime.local(value).strftime("%Y-%m-%d %H:%M")
    return sheet_text(str(value))


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file: BOM, header, rows, CRLF line ends (what Excel expects)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet_text(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_cell(value: object) -> object:
    """One value as an XLSX cell: text as a sheet's (a string, never a formula), instants as local
    date-times (Excel has no time zones), numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime):
        return vntime.local(value).replace(tzinfo=None)
    return sheet_text(str(value))


def render_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str) -> bytes:
    """One sheet: the header row in bold and frozen, then the rows; date-times shown as
    dd/mm/yyyy hh:mm. Every text cell is written as a string, so nothing is evaluated."""
    # Imported at the first workbook, not at import: openpyxl (with numpy) is a fifth to half a second
    # of CPU that every audit process, and every test that starts one, paid at start for nothing.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([sheet_text(h) for h in header])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_cell(v) for v in row])
    for column in sheet.iter_cols(min_row=2):
        for c in column:
            if isinstance(c.value, datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(c.value, str):
                c.data_type = "s"
    for i, h in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(h) + 2))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
