"""CSV and XLSX for spreadsheets: CSV in UTF-8 with a byte-order mark (so that Excel shows
Vietnamese names right); in both, every text cell through `lichtruc.text.sheet_text`, the one
cleaning every service's exports share: no formula injection (a cell an attacker starts with ``=``
must not run in the inspector's spreadsheet), and no control character — no XLSX cell may hold
a C0 one (openpyxl refuses the whole sheet), and free text or an event from any producer may.

CSV is comma-separated (RFC 4180) unless `separator="semicolon"` asks for what Excel in the vi-VN
locale splits on; days and instants are ISO-like text there. In XLSX they are real dates (a day as
dd/mm/yyyy, an instant in Vietnam time as dd/mm/yyyy hh:mm), so that a sheet sorts and filters them
as dates; every column is as wide as its header and longest cell (`lichtruc.sheets.fit_columns`)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from lichtruc import vntime
from lichtruc.sheets import DATE_FORMAT, DATETIME_FORMAT, SEPARATORS, Separator, download_name, fit_columns
from lichtruc.text import sheet_text

__all__ = [
    "BOM",
    "EXPORTS",
    "cell",
    "distinct",
    "export_name",
    "filters_set",
    "none_said",
    "render_csv",
    "render_xlsx",
    "xlsx_cell",
]

BOM = "\ufeff"


def distinct(texts: Iterable[str], *, sep: str = "; ") -> str:
    """The non-blank `texts` joined by `sep`, each once, in their first order: two cause events can read
    the same ("hủy ca 10:15 03/02/2027", two shifts cancelled in the same minute), and a cell listing
    a reason twice reads as two different reasons."""
    return sep.join(dict.fromkeys(t for t in texts if t))


def cell(value: object, *, decimal_comma: bool = False) -> str:
    """One value as a CSV cell: text as a sheet's (`sheet_text`), instants in local time, days as ISO
    dates (2027-02-06), whole numbers without ".0" (24 hours, as the ";" file and the page write them), others
    with a decimal point — or, for Excel in Vietnamese (`decimal_comma`: the ";" file, whose readers take "." as
    the thousands' mark and "24.0" for 240), a decimal comma (1,5)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return vntime.local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return sheet_text(str(value))


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]], *, separator: Separator = "comma") -> bytes:
    """The whole file: BOM, header, rows, CRLF line ends (what Excel expects), cells separated as
    `separator` says (`lichtruc.sheets.SEPARATORS`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS[separator], lineterminator="\r\n")
    writer.writerow([sheet_text(h) for h in header])
    decimal_comma = separator == "semicolon"
    for row in rows:
        writer.writerow([cell(v, decimal_comma=decimal_comma) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_cell(value: object) -> object:
    """One value as an XLSX cell: text as a sheet's (a string, never a formula), instants as local
    date-times (Excel has no time zones), days as dates, numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime):
        return vntime.local(value).replace(tzinfo=None)
    if isinstance(value, date):
        return value
    return sheet_text(str(value))


NONE_OF = {  # what an empty export has none of (vi, en)
    "gaps": ("khoảng trống", "gaps"),
    "coverage": ("dòng độ phủ", "coverage rows"),
    "incidents": ("sự cố", "incidents"),
}


def filters_set(f: object, *, apart_from: Iterable[str] = ("campaign_id", "visible", "now")) -> bool:
    """Whether a filter (a dataclass of what was asked) narrows beyond its campaign: a field not at its default."""
    skip = set(apart_from)
    return any(
        getattr(f, x.name) != x.default
        for x in dataclasses.fields(f)  # type: ignore[arg-type]
        if x.name not in skip and x.default is not dataclasses.MISSING
    )


def none_said(kind: str, *, lang: str, campaign: str | None = None, filtered: bool = False) -> str:
    """An empty workbook's one line under its header (QA: a header row alone read as a broken file), the page's
    words: "Không có sự cố nào trong Tết Đinh Mùi 2027.", "… khớp bộ lọc." when a filter narrowed it."""
    vi, en = NONE_OF[kind]
    if lang == "en":
        return f"No {en}" + (f" in {campaign}" if campaign else "") + (" match the filters." if filtered else ".")
    return f"Không có {vi} nào" + (f" trong {campaign}" if campaign else "") + (" khớp bộ lọc." if filtered else ".")


def render_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str, empty: str | None = None
) -> bytes:
    """One sheet: the header row in bold and frozen, then the rows; date-times shown as
    dd/mm/yyyy hh:mm, days as dd/mm/yyyy. Every text cell is written as a string, so nothing is
    evaluated; each column as wide as its header and longest cell. Without a row, `empty` (`none_said`) in
    italics beneath the header: the one place every audit workbook says it is empty (CSV files stay header-only:
    programs read them)."""
    # Imported at the first workbook, not at import: openpyxl (with numpy) is a fifth to half a second
    # of CPU that every audit process, and every test that starts one, paid at start for nothing.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([sheet_text(h) for h in header])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_cell(v) for v in row])
    if sheet.max_row == 1 and empty:
        sheet.append([sheet_text(empty)])
        sheet["A2"].font = Font(italic=True)
    for column in sheet.iter_cols(min_row=2):
        for c in column:
            if isinstance(c.value, datetime):
                c.number_format = DATETIME_FORMAT
            elif isinstance(c.value, date):
                c.number_format = DATE_FORMAT
            elif isinstance(c.value, str):
                c.data_type = "s"
    fit_columns(sheet)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {  # what each export is, as its file is named (vi, en)
    "gaps": ("Khoảng trống", "Gaps"),
    "coverage": ("Độ phủ theo ngày", "Coverage per day"),
    "incidents": ("Sự cố", "Incidents"),
}


def export_name(
    kind: str,
    *,
    lang: str,
    ext: str,
    today: date,
    campaign: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
    separator: str = "comma",
) -> str:
    """The name an export is saved under: what it is, the campaign's name if it is of one, and the
    local days its filter's window covers (`since` included, `before` not) — or, with neither a
    campaign nor a window, the day it was made ("Sự cố - 2027-02-06.csv"). A CSV for Excel
    (`separator` semicolon) says so, "… (Excel).csv": QA saw it overwrite the comma one of the same name."""
    vi = lang == "vi"
    first = vntime.local_day(since) if since else None
    last = vntime.local_day(before - timedelta(microseconds=1)) if before else None
    if first and last:
        period: str | date | None = first if first == last else f"{first.isoformat()} – {last.isoformat()}"
    elif first:
        period = f"{'từ' if vi else 'from'} {first.isoformat()}"
    elif last:
        period = f"{'đến' if vi else 'until'} {last.isoformat()}"
    else:
        period = None if campaign else today
    name = download_name(EXPORTS[kind][0 if vi else 1], campaign, period, ext=ext)
    return name.removesuffix(f".{ext}") + f" (Excel).{ext}" if separator == "semicolon" else name
