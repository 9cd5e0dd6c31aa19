"""The staff list and the roster as files the imports read back (domain/import_files.py makes their rows): CSV
(UTF-8 with BOM, which Excel opens with the diacritics right) or XLSX. Pure: rows in, bytes out."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from lichtruc.sheets import fit_columns
from lichtruc.text import sheet_text

from ..domain.import_files import TEXT_HEADERS


def _cells(row: Sequence[str]) -> list[str]:
    """A row as written: people typed these texts, so none may start a formula in the reader's spreadsheet."""
    return [sheet_text(v) for v in row]


def filled_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(_cells(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def filled_xlsx(header: Sequence[str], rows: Sequence[Sequence[str]], *, sheet_title: str) -> bytes:
    """One sheet: the header, then the rows. The columns of `TEXT_HEADERS` are Text cells (format "@"), so that
    Excel keeps a phone number's or CCCD number's leading zero."""
    from openpyxl import Workbook  # imported here: openpyxl (with numpy) is half a second of every start

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(header))
    for row in rows:
        sheet.append(_cells(row))
    for i, title in enumerate(header, start=1):
        if title in TEXT_HEADERS:
            for (cell,) in sheet.iter_rows(min_col=i, max_col=i, min_row=1, max_row=len(rows) + 1):
                cell.number_format = "@"
    fit_columns(sheet)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
