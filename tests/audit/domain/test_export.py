"""CSV and XLSX for Excel: BOM, Vietnamese intact, no formula injection, no control characters (pure)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from audit.domain.export import BOM, cell, render_csv, render_xlsx, xlsx_cell


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", " =1+1", "\n=1+1", "\u00a0 @SUM(A1)"]
)
def test_cells_that_could_start_a_formula_get_a_leading_apostrophe(text: str) -> None:
    assert cell(text) == xlsx_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Nguyễn Thị Ánh Tuyết", "a=b", "1", "", "'already", " Tân An", "x -1"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert cell(text) == xlsx_cell(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mất sóng\u0007 di động", "Mất sóng di động"),  # C0: no XLSX cell may hold it
        ("Trạm\u001b[31m Bình Hiệp", "Trạm[31m Bình Hiệp"),
        ("Bình Hi\u00e1\u00bb\u0087p", "Bình Hiá»p"),  # C1 (U+0087): “ệ” read byte by byte
        ("\u0007=1+1", "'=1+1"),  # left out first, then neutralised: no formula behind a control character
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),  # line breaks and tabs are the writer's
    ],
)
def test_control_characters_are_left_out_of_every_cell(text: str, expected: str) -> None:
    assert cell(text) == xlsx_cell(text) == expected


def test_a_sheet_with_control_characters_is_written_without_them() -> None:
    import openpyxl

    body = render_xlsx(["tên\u0007"], [["VNPT\u0007 Long An"], ["\u001b=HYPERLINK(1)"]], title="Thử")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [("tên",), ("VNPT Long An",), ("'=HYPERLINK(1)",)]


def test_file_is_utf8_with_bom_crlf_and_local_times() -> None:
    body = render_csv(
        ["tên", "lúc"],
        [["=cmd|' /C calc'!A0", datetime(2027, 2, 5, 17, 30, tzinfo=UTC)], ["Trần Văn Đức", None], [True, 3]],
    )
    assert body.startswith(BOM.encode("utf-8"))
    text = body.decode("utf-8").removeprefix(BOM)
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["tên", "lúc"], ["'=cmd|' /C calc'!A0", "2027-02-06 00:30"], ["Trần Văn Đức", ""], ["true", "3"]]
