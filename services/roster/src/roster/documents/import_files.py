"""The staff list and the roster as files the imports read back (domain/import_files.py makes their rows): CSV
(UTF-8 with BOM, which Excel opens with the diacritics right) or XLSX. Pure: rows in, bytes out."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from lichtruc.sheets import column_width, fit_columns
from lichtruc.text import sheet_text

from ..domain.import_files import TEXT_HEADERS


def _cells(row: Sequence[str]) -> list[str]:
    """A row as written: people typed these texts, so none may start a formula in the reader's spreadsheet."""
    return [sheet_text(v) for v in row]


def filled_csv(header: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "") -> bytes:
    """The header, then the rows; `title` a line above the header (the import seeks its header below it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([sheet_text(title)])
    writer.writerow(header)
    writer.writerows(_cells(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def filled_xlsx(header: Sequence[str], rows: Sequence[Sequence[str]], *, sheet_title: str, title: str = "") -> bytes:
    """One sheet: the header, then the rows; `title` a line above the header (the import seeks its header below
    it), in bold. The columns of `TEXT_HEADERS` are Text cells (format "@"), so that Excel keeps a phone number's or
    CCCD number's leading zero."""
    from openpyxl import Workbook  # imported here: openpyxl (with numpy) is half a second of every start
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    if title:
        sheet.append([sheet_text(title)])
        sheet.cell(row=1, column=1).font = Font(bold=True)
    top = 2 if title else 1  # the header's row
    sheet.append(list(header))
    for row in rows:
        sheet.append(_cells(row))
    for i, title in enumerate(header, start=1):
        if title in TEXT_HEADERS:
            for (cell,) in sheet.iter_rows(min_col=i, max_col=i, min_row=top, max_row=len(rows) + top):
                cell.number_format = "@"
    fit_columns(sheet)
    if title:  # a sentence: it spills over the cells beside it, its column as wide as the header and rows below
        sheet.column_dimensions["A"].width = column_width([c.value for (c,) in sheet.iter_rows(min_row=top, max_col=1)])
    sheet.freeze_panes = f"A{top + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
