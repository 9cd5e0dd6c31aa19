"""What every service's downloads share: the widths of an XLSX sheet's columns, how its dates are
shown, the CSV separator a person may ask for, and the name a download is saved under.

Widths: Excel does not size columns to their contents when it opens a file; a sheet written
without widths shows "########" for dates and cuts names off. `fit_columns` sets each column from
its header and its longest cell as the reader will see it (a date as dd/mm/yyyy), within 8..60
characters (a long free text wraps rather than pushing the next columns off the screen).

CSV: RFC 4180 with a comma is what programs read; Excel in the vi-VN locale splits a CSV on its list
separator, a semicolon, so a comma file opens in one column. `SEPARATORS` names both.

Names: a download is saved under what it is and what it covers ("Khoảng trống - Tết Ất Tỵ 2027.xlsx"),
sent as RFC 6266 `filename*` (UTF-8, with the diacritics) and an ASCII `filename` for older clients
(`khoang-trong-tet-at-ty-2027.xlsx`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import quote

from .text import fold

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "SEPARATORS",
    "Separator",
    "attachment",
    "column_width",
    "download_name",
    "fit_columns",
    "slug",
]

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NARROWEST, WIDEST = 8, 60

Separator = Literal["comma", "semicolon"]
SEPARATORS: dict[str, str] = {"comma": ",", "semicolon": ";"}
"""comma: RFC 4180, for programs (the default); semicolon: what Excel in the vi-VN locale splits on."""


def _shown(value: object) -> str:
    """A cell's value as a spreadsheet shows it (dates as `DATE_FORMAT`, date-times as `DATETIME_FORMAT`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "00/00/0000 00:00"
    if isinstance(value, date):
        return "00/00/0000"
    return str(value)


def column_width(values: list[object], *, least: int = NARROWEST, most: int = WIDEST) -> int:
    """The width (in characters) of a column holding `values`, its header among them: the longest
    line of any of them, two more for the margins, within `least`..`most`."""
    longest = max((len(line) for v in values for line in _shown(v).splitlines() or [""]), default=0)
    return max(least, min(most, longest + 2))


def fit_columns(sheet: Any, *, least: int = NARROWEST, most: int = WIDEST) -> None:
    """Set each column of an openpyxl worksheet to `column_width` of its cells (header included)."""
    for column in sheet.iter_cols():
        if not column:
            continue
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = column_width([c.value for c in column], least=least, most=most)


def slug(text: str) -> str:
    """`text` as an ASCII file name part: no diacritics (đ → d), lower case, words joined by "-"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def download_name(what: str, *about: str | date | None, ext: str) -> str:
    """The Vietnamese name a download is saved under: what it is, then what it covers (a campaign's
    name, a day or a period; blanks left out), "Khoảng trống - Tết Ất Tỵ 2027.xlsx"."""
    parts = [what, *(p.isoformat() if isinstance(p, date) else p for p in about if p)]
    name = " - ".join(re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", p).strip() for p in parts)
    return f"{name}.{ext}"


def attachment(name: str, *, inline: bool = False) -> str:
    """A Content-Disposition header saving the download as `name` (RFC 6266): `filename*` in UTF-8
    with the diacritics, `filename` its ASCII slug for clients that know only that. `inline`: shown in
    the browser (a PDF to print), the name kept for saving it."""
    stem, dot, ext = name.rpartition(".")
    ascii_name = f"{slug(stem) or 'download'}.{slug(ext)}" if dot else slug(name) or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
