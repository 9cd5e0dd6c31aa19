"""The import page's pure parts (portal.domain.imports): the file carried between the dry run
and the commit, the template files, and roster's report read into rows."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime, timedelta, timezone
from typing import Any

import openpyxl
import pytest

from portal.app import load_catalogue
from portal.domain.campaigns import CampaignChoice
from portal.domain.imports import (
    CARRY_MAX_CHARS,
    GUIDE_ROWS,
    HEADERS,
    HOURS_COLUMNS,
    REPORTED_COLUMNS,
    ColumnGuide,
    Elsewhere,
    Kind,
    file_problems,
    fits_better,
    likely_campaign,
    mostly_outside,
    pack,
    quoted_value,
    read_report,
    rows_landing,
    rows_outside,
    rows_refused_for_times,
    template_csv,
    template_xlsx,
    unpack,
)
from portal.handlers.imports import NAMED_CAUSES, _column, template_file
from roster.domain.hours_import import HOURS_COLUMNS as ROSTER_HOURS_COLUMNS
from roster.domain.imports import SHIFT_COLUMNS, STAFF_COLUMNS
from support import present


def test_a_packed_file_comes_back_byte_for_byte() -> None:
    text = ("Họ và tên,Email\n" + "Nguyễn Văn A,a@x.vn\n" * 200).encode()
    packed = pack(text)
    assert packed is not None and packed.startswith("z:") and len(packed) < len(text)  # CSV compresses
    assert unpack(packed) == text
    noise = os.urandom(5000)  # like an .xlsx: already compressed
    packed_noise = present(pack(noise))
    assert packed_noise.startswith("b:") and unpack(packed_noise) == noise


def test_a_file_too_large_to_carry_is_not_packed() -> None:
    assert pack(os.urandom(CARRY_MAX_CHARS)) is None


@pytest.mark.parametrize("text", ["", "x:abc", "b:***", "z:" + "A" * 8])
def test_a_damaged_field_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        unpack(text)


def test_a_field_that_would_inflate_beyond_the_limit_is_refused() -> None:
    bomb = present(pack(b"\0" * 100_000))
    assert unpack(bomb, max_bytes=100_000) == b"\0" * 100_000
    with pytest.raises(ValueError):
        unpack(bomb, max_bytes=99_999)


def test_template_files_have_the_vietnamese_headers() -> None:
    data = template_csv("staff")
    assert data.startswith(b"\xef\xbb\xbf")
    assert (
        data.decode("utf-8-sig").strip() == "Họ và tên,Email,Số điện thoại,Chuyên môn,Đang hoạt động,Ngôn ngữ,Số CCCD"
    )
    guide = [ColumnGuide("duty_type", "Loại trực", "Bắt buộc.", "Trực điều hành")]
    book = openpyxl.load_workbook(
        io.BytesIO(
            template_xlsx(
                "shifts",
                sheet_title="Ca trực",
                guide_title="Hướng dẫn",
                guide=guide,
                guide_header=["Cột", "Cách ghi", "Ví dụ"],
            )
        )
    )
    assert book.sheetnames == ["Ca trực", "Hướng dẫn"]
    first = [c.value for c in book.worksheets[0][1]]
    assert first == ["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"]
    assert book.worksheets[0].max_row == 1  # no example row that would be imported by mistake
    assert [[c.value for c in row] for row in book.worksheets[1]] == [
        ["Cột", "Cách ghi", "Ví dụ"],
        ["Loại trực", "Bắt buộc.", "Trực điều hành"],
    ]


@pytest.mark.parametrize("kind", ["staff", "shifts"])
def test_the_csv_template_says_what_each_column_takes_above_it_and_roster_imports_none_of_it(kind: Kind) -> None:
    """QA: the CSV templates were a header row alone, where the XLSX ones carry a guide sheet. The CSV now says,
    above each column's header, what it takes with an example; left in, those rows import nothing."""
    roster_imports = pytest.importorskip("roster.domain.imports")
    from roster.domain.errors import RuleViolation
    from roster.domain.spreadsheets import read_table

    catalogue = load_catalogue()
    data, media_type = template_file(kind, "csv", words=lambda key, **p: catalogue.text(key, "vi", **p))
    assert media_type.startswith("text/csv") and data.startswith(b"\xef\xbb\xbf")
    note, guide, header = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len([note, guide]) == GUIDE_ROWS and note[0].startswith("Hai dòng đầu là hướng dẫn, không được nhập")
    assert header == [title for _, title in HEADERS[kind]]
    said = dict(zip(header, guide, strict=True))  # each column's guide above its header
    if kind == "staff":
        assert said["Chuyên môn"] == (
            "Bắt buộc. Một hoặc nhiều chuyên môn, cách nhau bằng dấu phẩy: Lãnh đạo, Điều hành, Kỹ thuật, Bảo vệ. "
            "Ví dụ: Lãnh đạo, Điều hành"
        )
    else:
        assert said["Bắt đầu"] == (  # QA 2026-12-06: the order of dd/mm said, not left to guess
            "Bắt buộc. Ngày giờ bắt đầu theo giờ Việt Nam, ghi theo thứ tự ngày/tháng/năm giờ:phút (05/02/2027 18:00 là "
            "18:00 ngày 5 tháng 2 năm 2027). Ví dụ: 05/02/2027 18:00"
        )
        english = template_file(kind, "csv", words=lambda key, **p: catalogue.text(key, "en", **p))[0].decode(
            "utf-8-sig"
        )
        assert "written day/month/year hours:minutes (05/02/2027 18:00 is 5 Feb 2027 at 18:00)" in english
    parse = roster_imports.parse_staff if kind == "staff" else roster_imports.parse_shifts
    with pytest.raises(RuleViolation) as left_as_is:
        parse(read_table(data, max_rows=10))
    assert left_as_is.value.rule == "not-empty"  # the guide rows are no data
    example = {
        "staff": "Lê Văn Tám,,,Kỹ thuật,,,",
        "shifts": "Trực điều hành,05/02/2027 18:00,06/02/2027 06:00,,Lê Văn Tám,",
    }
    columns, [row] = parse(read_table(data + f"{example[kind]}\r\n".encode(), max_rows=10))
    assert (row.row, row.errors, columns.ignored) == (4, [], ())  # row 4, as the note says


def test_template_headers_are_ones_roster_reads() -> None:
    roster_imports = pytest.importorskip("roster.domain.imports")
    roster_hours = pytest.importorskip("roster.domain.hours_import")
    from lichtruc.text import fold

    known_columns = {
        "staff": roster_imports.STAFF_COLUMNS,
        "shifts": roster_imports.SHIFT_COLUMNS,
        "tet_hours": roster_hours.HOURS_COLUMNS,
    }
    for kind, headers in HEADERS.items():
        known = known_columns[kind]
        for name, title in headers:
            assert fold(title) in {fold(a) for a in known[name]}, (kind, name, title)


def test_the_staff_templates_phone_and_cccd_columns_are_text_so_excel_keeps_their_leading_0() -> None:
    """QA: the template's columns were General, so Excel turned 080190001234 into 80190001234 (then refused)."""
    data = template_xlsx("staff", sheet_title="Nhân sự", guide_title="Hướng dẫn", guide=[], guide_header=["Cột"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    formats = {cell.value: sheet.column_dimensions[cell.column_letter].number_format for cell in sheet[1]}
    assert formats == {
        "Họ và tên": "General",
        "Email": "General",
        "Số điện thoại": "@",
        "Chuyên môn": "General",
        "Đang hoạt động": "General",
        "Ngôn ngữ": "General",
        "Số CCCD": "@",
    }


def test_every_column_roster_reports_has_words_in_both_languages() -> None:
    """QA: a shift file's unreadable “Ngày” cell showed the portal's error page — roster named the column "date",
    which the catalogue did not word (KeyError 'imports.column.date'). Every column roster's three imports may name
    (their own column lists) is one the portal knows, and words in Vietnamese and English."""
    assert {"staff": set(STAFF_COLUMNS), "shifts": set(SHIFT_COLUMNS)} == REPORTED_COLUMNS
    assert set(HOURS_COLUMNS) == set(ROSTER_HOURS_COLUMNS) - {"lunar_day"}  # the lunar day is never read
    catalogue = load_catalogue()
    for lang in ("vi", "en"):
        keys = catalogue.keys(lang)

        def words(key: str, lang: str = lang) -> str:
            return catalogue.text(key, lang)

        for kind, columns in REPORTED_COLUMNS.items():
            for name in {*columns, "file"}:
                assert f"imports.column.{name}" in keys, (lang, kind, name)
                assert _column(name, words, kind) != name
        for name in (*HOURS_COLUMNS, "day", "days", "sessions", "2"):
            assert _column(name, words, "tet_hours")
    assert _column("date", lambda key: catalogue.text(key, "vi"), "shifts") == "Ngày"


def test_quoted_value() -> None:
    assert quoted_value("Unknown qualification “phi công”: use leader, …") == "phi công"
    assert quoted_value("No staff member of this enterprise has the e-mail or name “O'Neil Trần”.") == "O'Neil Trần"
    assert quoted_value("Anh's e-mail, but the row's name is “Trần Thị Hai”") == "Trần Thị Hai"  # curly first
    assert quoted_value("Unknown qualification 'phi công': use leader, …") == "phi công"  # a report made before
    assert quoted_value("The full name is empty.") is None


REPORT: dict[str, Any] = {
    "kind": "staff",
    "dry_run": True,
    "committed": False,
    "ignored_columns": ["Ghi chú"],
    "summary": {"rows": 3, "ok": 2, "with_errors": 1, "with_warnings": 1},
    "rows": [
        {"row": 2, "ok": True, "errors": [], "warnings": [], "full_name": "Võ Thị Sáu", "action": "create"},
        {
            "row": 3,
            "ok": True,
            "errors": [],
            "full_name": "Lê Văn Tám",
            "action": "update",
            "warnings": [{"rule": "email-recommended", "message": "No e-mail…", "message_vi": "Không có email…"}],
        },
        {
            "row": 4,
            "ok": False,
            "full_name": None,
            "action": None,
            "warnings": [],
            "errors": [
                {
                    "field": "qualifications",
                    "rule": "known-qualification",
                    "message": "Unknown qualification 'phi công': use leader, operator, technician or guard.",
                }
            ],
        },
    ],
}


def test_read_report() -> None:
    report = read_report(REPORT)
    assert (report.rows, report.ok, report.with_errors) == (3, 2, 1)
    assert not report.can_commit
    assert report.actions == {"create": 1, "update": 1}
    assert report.ignored_columns == ("Ghi chú",)
    (error,) = report.errors
    assert (error.row, error.field, error.rule, error.value) == (4, "qualifications", "known-qualification", "phi công")
    assert error.message_vi is None
    (warning,) = report.warnings
    assert warning.message_vi == "Không có email…" and warning.name == "Lê Văn Tám"


def test_a_shift_row_that_could_not_be_read_names_its_people_as_written() -> None:
    shifts = {
        "kind": "shifts",
        "summary": {"rows": 1, "ok": 0, "with_errors": 1, "with_warnings": 0},
        "rows": [
            {
                "row": 2,
                "ok": False,
                "duty_type": None,
                "starts_at": None,
                "ends_at": None,
                "staff_ids": [],
                "assignees": ["tuyet@vnpt-la.vn", "Trần Văn Đức"],
                "warnings": [],
                "errors": [{"field": "duty_type", "rule": "known-duty-type", "message": "Unknown duty type 'x'"}],
            }
        ],
    }
    (error,) = read_report(shifts).errors
    assert (error.row, error.name, error.value) == (2, "tuyet@vnpt-la.vn, Trần Văn Đức", "x")
    staff_row = {**REPORT["rows"][2], "full_name": "Lê Văn Tám"}  # roster names a row it could not read
    (error,) = read_report({**REPORT, "rows": [staff_row]}).errors
    assert error.name == "Lê Văn Tám"


def test_a_clean_report_can_be_committed_and_an_empty_one_cannot() -> None:
    clean = {
        **REPORT,
        "summary": {"rows": 2, "ok": 2, "with_errors": 0, "with_warnings": 0},
        "rows": REPORT["rows"][:2],
    }
    assert read_report(clean).can_commit
    assert not read_report({"kind": "staff", "summary": {"rows": 0, "ok": 0, "with_errors": 0}}).can_commit


def test_file_problems_leave_out_the_rows() -> None:
    problem = {
        "errors": [
            {"field": "full_name", "rule": "column-required", "message": "Column 'full_name' is missing"},
            {"field": "rows.4.qualifications", "rule": "known-qualification", "message": "…"},
        ]
    }
    (p,) = file_problems(problem)
    assert (p.field, p.rule) == ("full_name", "column-required")


def test_an_errors_own_value_comes_first_whatever_the_rule() -> None:
    def error(**doc: str) -> dict[str, Any]:
        row = {**REPORT["rows"][2], "errors": [{"field": "national_id", **doc}]}
        return {**REPORT, "rows": [row]}

    (said,) = read_report(error(rule="national-id-format", message="'12345' is not…", value="12345")).errors
    assert said.value == "12345"  # a rule whose message the portal never read a value from
    (said,) = read_report(error(rule="known-qualification", message="Unknown 'phi công'", value="Phi Công")).errors
    assert said.value == "Phi Công"  # the cell as written, not as the message quotes it
    (said,) = read_report(error(rule="inside-campaign", message="The shift starts before its campaign")).errors
    assert said.value is None  # none said, none quoted


def test_a_staff_row_without_a_qualification_is_summed_up_under_a_cause_of_its_own() -> None:
    """QA (2026-12-06): roster now refuses a row registering someone at work with no qualification; the report's
    causes name it ("Thiếu chuyên môn: 60 dòng"), not by its first row's whole message."""
    roster_imports = pytest.importorskip("roster.domain.imports")
    row = roster_imports.StaffRow(2, "Lê Văn Tám", None, None, (), True, "vi")
    rule = roster_imports.qualification_missing(row).rule
    catalogue = load_catalogue()
    assert rule in NAMED_CAUSES
    assert [catalogue.text(f"imports.cause.{rule}", lang) for lang in ("vi", "en")] == [
        "Thiếu chuyên môn",
        "No qualification",
    ]


# --- a shift file mostly outside the campaign chosen (QZ24 #2) ------------------------------------------------


def _shifts_checked(outside: int, rows: int, *, both_ends: bool = False) -> Any:
    """roster's dry run of `rows` shift rows, the first `outside` of them outside the campaign (at its start, and at
    its end too when `both_ends`: one row still)."""
    error = {"field": "starts_at", "rule": "inside-campaign", "message": "The shift starts after its campaign."}
    twice = [error, {**error, "field": "ends_at"}] if both_ends else [error]
    return read_report(
        {
            "kind": "shifts",
            "summary": {"rows": rows, "ok": rows - outside, "with_errors": outside, "with_warnings": 0},
            "rows": [{"row": n + 2, "errors": twice if n < outside else []} for n in range(rows)],
        }
    )


def test_rows_outside_the_campaign_are_counted_once_and_most_of_them_ask_for_another_campaign() -> None:
    assert rows_outside(_shifts_checked(2, 4, both_ends=True)) == 2
    assert not mostly_outside(_shifts_checked(2, 4))  # half: not most
    assert mostly_outside(_shifts_checked(3, 4)) and mostly_outside(_shifts_checked(1, 1))
    assert not mostly_outside(_shifts_checked(0, 0))  # no row at all


def test_another_campaign_fits_better_when_most_rows_lie_inside_it_and_fewer_outside() -> None:
    drill = _shifts_checked(4, 4)
    assert fits_better(drill, _shifts_checked(0, 4))
    assert fits_better(drill, _shifts_checked(1, 4))
    assert not fits_better(drill, _shifts_checked(2, 4))  # half outside there too
    assert not fits_better(_shifts_checked(1, 4), _shifts_checked(1, 4))  # no better than the one chosen


def _row(n: int, *errors: tuple[str, str], at: tuple[str, str] | None = None) -> dict[str, Any]:
    """A shift row of roster's report: its errors (field, rule), and its times as roster read them."""
    row: dict[str, Any] = {"row": n, "errors": [{"field": f, "rule": r, "message": r} for f, r in errors]}
    return row | ({"starts_at": at[0], "ends_at": at[1]} if at else {})


def _checked(*rows: dict[str, Any]) -> Any:
    bad = sum(1 for r in rows if r["errors"])
    summary = {"rows": len(rows), "ok": len(rows) - bad, "with_errors": bad, "with_warnings": 0}
    return read_report({"kind": "shifts", "summary": summary, "rows": list(rows)})


OUT = ("starts_at", "inside-campaign")
MONTH_FIRST_DRILL = ("ends_at", "max-length")  # "02/07/2027 22:00 → 02/08/2027 06:00", read as a month long
MONTH_FIRST_TET = ("starts_at", "day-month-order")  # the same row against the Tết it fits read the other way


def test_rows_refused_for_their_times_otherwise_are_counted_apart_and_not_inside_the_other_campaign() -> None:
    """QZ25 #3: "2/3 dòng … nằm ngoài … còn 3 dòng nằm trong Tết" — the month-first row, refused as too long, was
    neither outside nor apart. Outside (2) + apart (1) + inside the drill (0) = the file's 3 rows; of the 2 outside,
    2 fall inside Tết, the month-first row not counted inside Tết (roster asks about its day there)."""
    drill = _checked(_row(2, OUT), _row(3, OUT, ("ends_at", "inside-campaign")), _row(4, MONTH_FIRST_DRILL))
    tet = _checked(_row(2), _row(3), _row(4, MONTH_FIRST_TET))
    assert rows_outside(drill) == 2 and rows_refused_for_times(drill) == (4,)
    assert rows_landing(drill, tet) == 2
    assert mostly_outside(drill) and fits_better(drill, tet)
    # a row with another error (an unknown person) but its times inside is neither outside nor apart
    assert rows_refused_for_times(_checked(_row(2, ("assignees", "staff-exists")), _row(3, OUT))) == ()
    # a row outside the drill and, there, outside too is not counted inside it
    assert rows_landing(drill, _checked(_row(2, OUT), _row(3), _row(4))) == 1


def test_the_refused_rows_are_named_the_first_five_then_an_ellipsis() -> None:
    assert Elsewhere("c", "Tết", 9, 2, 2, (4,)).refused_named == "4"
    assert Elsewhere("c", "Tết", 9, 2, 2, (3, 4, 5, 6, 7, 8, 9)).refused_named == "3, 4, 5, 6, 7, …"


ICT = timezone(timedelta(hours=7))


def _campaign(cid: str, kind: str, first: datetime, days: int) -> CampaignChoice:
    return CampaignChoice(cid, cid, kind, first, first + timedelta(days=days))


def test_the_campaign_holding_most_rows_outside_is_the_one_checked_by_the_times_roster_read() -> None:
    """N1's leftover: up to three more dry runs, one per campaign tried; now the campaign that holds most of the rows
    outside the one chosen, by the times roster read, is the one checked."""
    drill = _campaign("drill", "drill", datetime(2027, 1, 27, tzinfo=ICT), 3)
    tet = _campaign("tet-2027", "tet", datetime(2027, 1, 30, tzinfo=ICT), 17)
    last = _campaign("tet-2026", "tet", datetime(2026, 2, 10, tzinfo=ICT), 17)
    feb = ("2027-02-06T06:00:00+07:00", "2027-02-06T12:00:00+07:00")
    last_year = ("2026-02-11T23:00:00Z", "2026-02-12T05:00:00Z")
    report = _checked(_row(2, OUT, at=last_year), _row(3, OUT, at=last_year), _row(4, OUT, at=feb), _row(5))
    assert report.times[0].starts_at == datetime(2026, 2, 12, 6, tzinfo=ICT)  # read in Vietnam's time
    assert likely_campaign(report, [tet, last, drill]) is last  # 2 rows against 1
    assert likely_campaign(_checked(_row(2, OUT, at=feb)), [tet, last]) is tet
    assert likely_campaign(_checked(_row(2, OUT, at=last_year), _row(3, OUT, at=feb)), [tet, last]) is tet  # equals
    # a row inside the campaign chosen, or whose times roster did not read, places nothing
    assert likely_campaign(_checked(_row(2, at=feb), _row(3, OUT)), [tet, last]) is None
    # a shift across the campaign's end is not inside it
    across = ("2027-02-15T22:00:00+07:00", "2027-02-16T06:00:00+07:00")
    assert likely_campaign(_checked(_row(2, OUT, at=across)), [tet]) is None


def test_a_refused_staff_row_is_not_counted_among_what_the_import_does() -> None:
    """N3's leftover: roster now says "refused" of a staff row with errors (it said create or update, which the
    portal ignored); the summary's counts are of the rows imported either way."""
    error = {"field": "email", "rule": "unique-email", "message": "also on row 2"}
    rows = [
        {"row": 2, "ok": True, "errors": [], "warnings": [], "full_name": "Lê Văn Ba", "action": "create"},
        {"row": 3, "ok": False, "errors": [error], "warnings": [], "full_name": "Lê Văn Bốn", "action": "refused"},
        {"row": 4, "ok": False, "errors": [error], "warnings": [], "full_name": "Lê Văn Năm", "action": "update"},
    ]
    summary = {"rows": 3, "ok": 1, "with_errors": 2, "with_warnings": 0}
    report = read_report({"kind": "staff", "summary": summary, "rows": rows})
    assert dict(report.actions) == {"create": 1}  # an older roster's "update" on a refused row not counted either
