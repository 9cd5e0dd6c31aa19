"""CSV and XLSX for Excel: BOM, Vietnamese intact, no formula injection, no control characters (pure)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime
from typing import Any

import openpyxl
import pytest

from audit.domain.export import BOM, cell, filters_set, none_said, render_csv, render_xlsx, xlsx_cell
from audit.domain.model import Campaign
from audit.handlers.inspect import Board, ExportedBoard, coverage_xlsx


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


# --- what a person opens: widths, dates, separators, names -------------------------------------------------


def _sheet(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).active


def test_each_column_is_as_wide_as_its_header_or_longest_cell_within_8_to_60() -> None:
    long_name = "Trung tâm Kinh doanh VNPT Long An – Phòng Bán hàng khu vực Đức Huệ"  # 67 characters
    data = render_xlsx(
        ["id", "doanh nghiệp", "điểm trực", "ghi chú"],
        [[1, "VNPT", "Trạm Bình Hiệp", long_name], [2, "Viettel Long An", "Trạm", None]],
        title="x",
    )
    widths = {k: d.width for k, d in _sheet(data).column_dimensions.items()}
    # "id" and 1, 2: the narrowest; the header is the longest; a cell is; a long text stops at 60
    assert widths == {"A": 8, "B": len("Viettel Long An") + 2, "C": len("Trạm Bình Hiệp") + 2, "D": 60}


def test_days_are_dates_and_instants_vietnam_date_times_in_the_sheet_and_iso_text_in_the_csv() -> None:
    from datetime import date

    at = datetime(2027, 2, 5, 17, 30, tzinfo=UTC)  # 00:30 on Mùng 1 Tết in Vietnam
    data = render_xlsx(["ngày", "lúc"], [[date(2027, 2, 6), at]], title="x")
    day, instant = _sheet(data)[2]
    assert day.is_date and day.value == datetime(2027, 2, 6) and day.number_format == "dd/mm/yyyy"
    assert instant.is_date and instant.value == datetime(2027, 2, 6, 0, 30)
    assert instant.number_format == "dd/mm/yyyy hh:mm"
    rows = list(csv.reader(io.StringIO(render_csv(["ngày", "lúc"], [[date(2027, 2, 6), at]]).decode("utf-8-sig"))))
    assert rows[1] == ["2027-02-06", "2027-02-06 00:30"]
    widths = _sheet(data).column_dimensions
    assert (widths["A"].width, widths["B"].width) == (12, 18)  # "06/02/2027", "06/02/2027 00:30", not the header


def test_the_csv_for_excel_is_separated_by_semicolons_with_the_bom_and_quotes_where_needed() -> None:
    data = render_csv(["doanh nghiệp", "nguyên nhân"], [["VNPT; Long An", "hủy ca, dời giờ ca"]], separator="semicolon")
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "doanh nghiệp;nguyên nhân"
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["VNPT; Long An", "hủy ca, dời giờ ca"]
    assert render_csv(["a", "b"], [[1, 2]]).decode("utf-8-sig").splitlines() == ["a,b", "1,2"]  # the default


def test_the_csv_for_excel_writes_numbers_as_excel_in_vietnamese_reads_them() -> None:
    """QA: the ";" file wrote 24.0 hours, which Excel in Vietnamese reads as 240 ("." marks thousands there)."""
    rows = [[24.0, 1.5, 7, 0.25, "1.5 giờ"]]
    text = render_csv(["a", "b", "c", "d", "e"], rows, separator="semicolon").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["24", "1,5", "7", "0,25", "1.5 giờ"]
    machine = render_csv(["a", "b", "c", "d", "e"], rows).decode("utf-8-sig")
    # QA: the "," file wrote 24.0 where the ";" file wrote 24; both write a whole number whole
    assert list(csv.reader(io.StringIO(machine)))[1] == ["24", "1.5", "7", "0.25", "1.5 giờ"]


def test_distinct_keeps_each_text_once_in_its_first_order() -> None:
    from audit.domain.export import distinct

    texts = ["hủy ca 10:15 03/02/2027", "", "sửa ca 09:00 03/02/2027", "hủy ca 10:15 03/02/2027"]
    assert distinct(texts) == "hủy ca 10:15 03/02/2027; sửa ca 09:00 03/02/2027"


def test_an_export_is_named_after_what_it_is_its_campaign_and_its_period() -> None:
    from datetime import date

    from audit.domain.export import export_name

    today = date(2027, 2, 6)
    assert export_name("gaps", lang="vi", ext="xlsx", today=today, campaign="Tết Ất Tỵ 2027") == (
        "Khoảng trống - Tết Ất Tỵ 2027.xlsx"
    )
    assert export_name("incidents", lang="vi", ext="csv", today=today) == "Sự cố - 2027-02-06.csv"
    since, before = datetime(2027, 2, 4, 17, tzinfo=UTC), datetime(2027, 2, 7, 17, tzinfo=UTC)  # 05/02 to 07/02
    assert export_name("coverage", lang="en", ext="csv", today=today, since=since, before=before) == (
        "Coverage per day - 2027-02-05 – 2027-02-07.csv"
    )
    assert export_name("gaps", lang="vi", ext="csv", today=today, campaign="Tết", since=since) == (
        "Khoảng trống - Tết - từ 2027-02-05.csv"
    )
    # the CSV for Excel (;) beside the comma one: its own name, so that one does not overwrite the other (QA)
    campaign = "Tết Đinh Mùi 2027"
    assert export_name("gaps", lang="vi", ext="csv", today=today, campaign=campaign, separator="semicolon") == (
        "Khoảng trống - Tết Đinh Mùi 2027 (Excel).csv"
    )
    assert export_name("coverage", lang="en", ext="csv", today=today, campaign=campaign, separator="semicolon") == (
        "Coverage per day - Tết Đinh Mùi 2027 (Excel).csv"
    )


def test_an_empty_workbook_says_so_beneath_its_header_and_a_filled_one_does_not() -> None:
    """QA: an export with nothing in it was a header row alone; the sheet now says there is none, in the page's
    words (`none_said`), the campaign by name and a filter said; a sheet with rows gets no such line."""
    said = none_said("incidents", lang="vi", campaign="Tết Đinh Mùi 2027")
    assert said == "Không có sự cố nào trong Tết Đinh Mùi 2027."
    assert none_said("gaps", lang="en", campaign="Tết Đinh Mùi 2027", filtered=True) == (
        "No gaps in Tết Đinh Mùi 2027 match the filters."
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(["tên", "lúc"], [], title="Sự cố", empty=said))).active
    assert sheet is not None and list(sheet.iter_rows(values_only=True)) == [("tên", "lúc"), (said, None)]
    assert sheet["A2"].font.i
    full = openpyxl.load_workbook(io.BytesIO(render_xlsx(["tên"], [["VNPT"]], title="Sự cố", empty=said))).active
    assert full is not None and list(full.iter_rows(values_only=True)) == [("tên",), ("VNPT",)]


def test_an_empty_coverage_workbook_names_its_campaign_as_the_others_do() -> None:
    """QA: the gaps' and incidents' empty workbooks named their campaign, the coverage one did not."""
    tet = Campaign("c1", 2027, "Tết Đinh Mùi 2027", datetime(2027, 1, 29, 17, tzinfo=UTC),
                   datetime(2027, 2, 15, 17, tzinfo=UTC), (), 1, 1)  # fmt: skip
    empty = Board(campaign=tet, as_of=None, days=[], rows=[])
    for lang, said in (("vi", "Không có dòng độ phủ nào trong Tết Đinh Mùi 2027."),
                       ("en", "No coverage rows in Tết Đinh Mùi 2027.")):  # fmt: skip
        sheet = openpyxl.load_workbook(io.BytesIO(coverage_xlsx(ExportedBoard(empty, [], {}), lang))).active
        assert sheet is not None and sheet["A2"].value == said


def test_a_filter_is_set_when_a_field_beyond_the_campaign_is_not_at_its_default() -> None:
    @dataclasses.dataclass(frozen=True)
    class Asked:
        campaign_id: str | None = None
        severity: str | None = None
        in_force: str = "all"

    assert not filters_set(Asked(campaign_id="c1"))
    assert filters_set(Asked(severity="serious")) and filters_set(Asked(in_force="true"))
