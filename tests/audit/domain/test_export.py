"""CSV for Excel: BOM, Vietnamese intact, no formula injection (pure)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from audit.domain.export import BOM, neutralise, render_csv


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", " =1+1", "\n=1+1", "\u00a0 @SUM(A1)"]
)
def test_cells_that_could_start_a_formula_get_a_leading_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Nguyễn Thị Ánh Tuyết", "a=b", "1", "", "'already", " Tân An", "x -1"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert neutralise(text) == text


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
