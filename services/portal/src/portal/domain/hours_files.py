"""The hours page's table as a file a manager keeps or sends on (QZ27 #7): CSV (UTF-8 with a BOM, so that Excel
shows the names right; comma, or the semicolon Excel in Vietnamese splits on) and an Excel sheet — the rows of
`domain.hours.hours_table`, the very figures the page shows, in the page's order, under the page's column headings
(Vietnamese unless the reader reads English). Text cells go through `lichtruc.text.sheet_text` as every export's
do (a name cannot start a formula); hours are numbers, so a sheet adds them up. The file's name says what it is
and what it covers (`lichtruc.sheets.download_name`); the time it was made, in Vietnam time, is in the sheet's
last line, as a printed list says when it was drawn up. After the page's columns each person's first and last shift's
day, solar (a date cell in the sheet, ISO in the CSV, as audit's exports) and lunar ("Mùng 1 Tết", in the reader's
language), so that a file says when in the campaign the hours fell."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from lichtruc.sheets import DATE_FORMAT, SEPARATORS, Separator, fit_columns
from lichtruc.text import sheet_text
from lichtruc.vntime import lunar_day_name

from .dates import local
from .hours import HoursTable, PersonHours

PAGE_COLUMNS = ("name", "total", "night", "peak", "shifts", "rest_breaches", "night_run")
DAY_COLUMNS = ("first_day", "first_day_lunar", "last_day", "last_day_lunar")
FILE_COLUMNS = PAGE_COLUMNS + DAY_COLUMNS
"""The columns of the file, in order: the page's, then the first and last shift's day, solar and lunar."""
BOM = "\ufeff"


def row_of(p: PersonHours, lang: str = "vi") -> list[object]:
    """One person's line: the name, the numbers as the page shows them, then the first and last shift's day (a
    date, its lunar name in `lang`)."""
    days: list[object] = []
    for day in (p.first_day, p.last_day):
        days += [day, lunar_day_name(day, "en" if lang == "en" else "vi") if day is not None else ""]
    return [p.full_name, p.total, p.night, p.peak, p.shifts, p.rest_breaches, p.night_run, *days]


def made_at(now: datetime) -> str:
    """When the file was made, in Vietnam time: "16/02/2027 09:05"."""
    return f"{local(now):%d/%m/%Y %H:%M}"


def _cell(value: object, *, decimal_comma: bool) -> str:
    """A CSV cell: a day as ISO (yyyy-mm-dd, which every spreadsheet reads as a date), text safe from formulas, a
    number with the separator's decimal mark."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return sheet_text(value)
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if decimal_comma else text


def hours_csv(table: HoursTable, header: Sequence[str], *, separator: Separator = "comma", lang: str = "vi") -> bytes:
    """The table as CSV: BOM, `header` (the page's headings, then the days'), one line per person, CRLF line ends;
    with the semicolon a decimal comma (7,5), as Excel in Vietnamese reads a number."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS[separator], lineterminator="\r\n")
    writer.writerow([sheet_text(h) for h in header])
    for p in table.people:
        writer.writerow([_cell(v, decimal_comma=separator == "semicolon") for v in row_of(p, lang)])
    return (BOM + out.getvalue()).encode("utf-8")


def hours_xlsx(
    table: HoursTable, header: Sequence[str], *, title: str, footer: str, empty: str, lang: str = "vi"
) -> bytes:
    """The table as one sheet: the headings bold and frozen, one row per person (hours as numbers, days as dates),
    `empty` in italics when nobody has a shift, and `footer` (what the file covers and when it was made) under the
    rows."""
    from openpyxl import Workbook  # at the first workbook, not at import (as audit's exports)
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_text(title)[:31]
    sheet.append([sheet_text(h) for h in header])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for p in table.people:
        sheet.append([sheet_text(v) if isinstance(v, str) else v for v in row_of(p, lang)])
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"
        for c in sheet[sheet.max_row]:
            if isinstance(c.value, date | datetime):
                c.number_format = DATE_FORMAT
    if not table.people:
        sheet.append([sheet_text(empty)])
        sheet.cell(row=2, column=1).font = Font(italic=True)
    sheet.append([])
    sheet.append([sheet_text(footer)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    fit_columns(sheet)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
