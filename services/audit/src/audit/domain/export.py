"""CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel shows Vietnamese
names right) and no formula injection (a cell an attacker starts with ``=`` must not
run in the inspector's spreadsheet)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from lichtruc import vntime
from lichtruc.text import FORMULA_STARTS, neutralise

__all__ = ["BOM", "FORMULA_STARTS", "cell", "neutralise", "render_csv"]

BOM = "\ufeff"


def cell(value: object) -> str:
    """One value as a CSV cell: text neutralised, instants in local time, numbers as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return vntime.local(value).strftime("%Y-%m-%d %H:%M")
    return neutralise(str(value))


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file: BOM, header, rows, CRLF line ends (what Excel expects)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")
