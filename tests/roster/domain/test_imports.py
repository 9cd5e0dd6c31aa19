"""Reading spreadsheets and what their rows say (pure)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone

import openpyxl
import pytest

from lichtruc.text import fold
from roster.domain.errors import RuleViolation
from roster.domain.imports import (
    RowResult,
    ShiftCells,
    ShiftRow,
    StaffRow,
    another_person,
    kept_unqualified,
    parse_shifts,
    parse_staff,
    qualification_missing,
    read_the_other_way,
    refused_row_warnings,
    update_warnings,
)
from roster.domain.reference import StaffMember, parse_duty_type, parse_qualification
from roster.domain.shifts import CampaignFacts, ShiftDraft, campaign_errors, interval_errors
from roster.domain.spreadsheets import read_table
from roster.domain.values import NameRefused, clean_name, normalize_phone, parse_instant

ICT = timezone(timedelta(hours=7))


def staff_of(result: RowResult) -> StaffRow:
    assert isinstance(result.parsed, StaffRow), result
    return result.parsed


def shift_of(result: RowResult) -> ShiftRow:
    assert isinstance(result.parsed, ShiftRow), result
    return result.parsed


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_vietnamese_headers_and_values_in_csv_with_bom_and_semicolons() -> None:
    data = (
        "\ufeffHọ và tên;Email;Số điện thoại;Chuyên môn;Ngôn ngữ\n"
        "Nguyễn Thị Ánh Tuyết;Tuyet.NTA@vnpt.vn;0912 345 678;Lãnh đạo, Kỹ thuật;Tiếng Việt\n"
    ).encode()
    _cols, [row] = parse_staff(read_table(data, max_rows=10))
    assert row.errors == []
    assert row.row == 2
    p = staff_of(row)
    assert (p.full_name, p.email, p.phone, p.qualifications, p.language) == (
        "Nguyễn Thị Ánh Tuyết",
        "tuyet.nta@vnpt.vn",
        "0912345678",
        ("leader", "technician"),
        "vi",
    )


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_a_title_row_above_the_header_does_not_hide_the_separator(separator: str) -> None:
    """The csv module's sniffer gave up on a title line without a separator above the header and fell
    back to commas: a semicolon file (Excel's CSV where the comma is the decimal mark) was then one cell a
    row and refused for missing columns. In a semicolon or tab file a comma inside a cell is text."""
    qualifications = "Lãnh đạo" if separator == "," else "Lãnh đạo, Kỹ thuật"
    rows = [
        ["Họ và tên", "Email", "Chuyên môn"],
        ["Trần Văn Một", "mot@example.vn", qualifications],
        ["Lê Văn Hai", "hai@example.vn", "Kỹ thuật"],
    ]
    body = "\n".join(separator.join(row) for row in rows)
    data = f"LỊCH TRỰC TẾT ĐINH MÙI 2027\n\n{body}\n".encode()
    _cols, parsed = parse_staff(read_table(data, max_rows=10))
    assert [(r.row, r.errors) for r in parsed] == [(4, []), (5, [])]
    first = ("leader",) if separator == "," else ("leader", "technician")
    assert [(staff_of(r).full_name, staff_of(r).qualifications) for r in parsed] == [
        ("Trần Văn Một", first),
        ("Lê Văn Hai", ("technician",)),
    ]


def test_english_headers_in_xlsx_with_a_number_typed_phone() -> None:
    data = xlsx(
        [
            ["full_name", "email", "phone", "qualifications", "active", "Màu áo"],
            ["Trần Văn Đức", "duc@viettel.vn", 987654321, "operator; guard", "no", "đỏ"],
        ]
    )
    cols, [row] = parse_staff(read_table(data, max_rows=10))
    assert cols.ignored == ("Màu áo",)
    assert staff_of(row).phone == "0987654321"  # the leading zero a spreadsheet drops comes back
    assert staff_of(row).qualifications == ("guard", "operator") and staff_of(row).active is False


def test_each_bad_cell_is_named_with_its_rule() -> None:
    data = b"full_name,email,phone,qualifications,active\n,not-an-email,12,cook,maybe\n"
    _, [row] = parse_staff(read_table(data, max_rows=10))
    assert [(e.field, e.rule) for e in row.errors] == [
        ("full_name", "required"),
        ("email", "email-format"),
        ("phone", "phone-format"),
        ("qualifications", "known-qualification"),
        ("active", "yes-no"),
    ]
    assert row.parsed is None


def test_missing_required_column_lists_the_accepted_headers() -> None:
    with pytest.raises(RuleViolation) as err:
        parse_staff(read_table(b"Email\na@b.vn\n", max_rows=10))
    assert [(e.field, e.rule) for e in err.value.errors] == [
        ("full_name", "column-required"),
        ("qualifications", "column-required"),
    ]
    name, trade = err.value.errors
    # Named as the template heads it, with the headers people type (QA: 'Column “full_name” is missing: name it
    # one of “full_name”, …' in English, the API's key first).
    assert name.message.startswith("The “Họ và tên” (full name) column is missing")
    assert "full_name" not in name.message and "“Full name”" in name.message and "“Họ tên”" in name.message
    assert name.message_vi.startswith("Thiếu cột “Họ và tên”: hãy thêm cột này")
    assert name.context["accepted_headers"][0] == "Họ và tên"
    assert "“qualifications”" not in trade.message and "“Chuyên môn”" in trade.message
    # The shift template's own words (QA: "Giờ bắt đầu" where the template says "Bắt đầu").
    with pytest.raises(RuleViolation) as err:
        parse_shifts(read_table("Loại trực,Người trực\nTrực lãnh đạo,a@b.vn\n".encode(), max_rows=10))
    assert [e.message_vi.split(":")[0] for e in err.value.errors] == ["Thiếu cột “Bắt đầu”", "Thiếu cột “Kết thúc”"]


def test_row_limit_and_unreadable_files() -> None:
    data = "full_name,qualifications\n" + "".join(f"Người {i},leader\n" for i in range(6))
    with pytest.raises(RuleViolation) as err:
        read_table(data.encode(), max_rows=5)
    assert err.value.rule == "max-rows"
    with pytest.raises(RuleViolation) as err:
        read_table(b"PK\x03\x04 not really a workbook", max_rows=5)
    assert err.value.rule == "readable"
    with pytest.raises(RuleViolation) as err:
        read_table("Tên\nLê Văn Tám\n".encode("cp1258"), max_rows=5)  # Windows-1258
    assert err.value.rule == "readable" and "UTF-8" in err.value.message
    # Where to look and what to do, in words a manager follows (QA: "(byte 0)" meant nothing)
    assert "byte" not in err.value.message_vi and "dòng 1" in err.value.message_vi  # "Tên": its ê
    assert "Lưu thành → “CSV UTF-8 (Comma delimited)”" in err.value.message_vi  # the house's quotes


def test_shift_rows_accept_vietnamese_duty_names_and_local_times() -> None:
    data = xlsx(
        [
            ["Loại trực", "Bắt đầu", "Kết thúc", "Địa điểm", "Người trực", "Ghi chú"],
            [
                "Trực lãnh đạo",
                "05/02/2027 18:00",
                datetime(2027, 2, 6, 6, 0),
                "Trung tâm điều hành",
                "tuyet@vnpt.vn; Trần Văn Đức",
                "Giao thừa",
            ],
            ["ứng cứu thông tin", "2027-02-06T06:00+07:00", "18h00 06/02/2027", None, "an@vnpt.vn", None],
        ]
    )
    _, rows = parse_shifts(read_table(data, max_rows=10))
    first, second = (shift_of(r) for r in rows)
    assert (first.duty_type, first.starts_at, first.ends_at) == (
        "leadership",
        datetime(2027, 2, 5, 18, tzinfo=ICT),
        datetime(2027, 2, 6, 6, tzinfo=ICT),
    )
    assert first.assignees == ("tuyet@vnpt.vn", "Trần Văn Đức") and first.site == "Trung tâm điều hành"
    assert second.duty_type == "incident_response" and second.ends_at == datetime(2027, 2, 6, 18, tzinfo=ICT)


def test_bad_shift_cells() -> None:
    data = "duty_type,starts_at,ends_at,assignees\nnấu ăn,05/02/2027,32/02/2027 18:00,\n".encode()
    _, [row] = parse_shifts(read_table(data, max_rows=10))
    assert [(e.field, e.rule) for e in row.errors] == [
        ("duty_type", "known-duty-type"),
        ("starts_at", "datetime-format"),
        ("ends_at", "datetime-format"),
        ("assignees", "at-least-one"),
    ]
    # QA (2026-12-04): in English it named the keys ("use leadership, operations, incident_response or patrol")
    assert "incident_response" not in row.errors[0].message and "Trực lãnh đạo" in row.errors[0].message
    # QA (2026-12-06): "Ca trực chưa có người." did not say which column to fill: the template's header
    nobody = row.errors[-1]
    assert "vào cột “Người trực”" in nobody.message_vi and "in the “Người trực” (people) column" in nobody.message
    # QA (2026-12-06): it said commas where the template says semicolons; the reader takes both, and line breaks
    assert "cách nhau bằng dấu chấm phẩy (;) như tệp mẫu — dấu phẩy hoặc xuống dòng" in nobody.message_vi
    assert "separated by semicolons (;) as the template shows — commas or a new line" in nobody.message
    several = 'duty_type,starts_at,ends_at,assignees\npatrol,05/02/2027 18:00,06/02/2027 06:00,"a@x.vn; B, c@x.vn\nD"\n'
    _, [read] = parse_shifts(read_table(several.encode(), max_rows=10))
    assert isinstance(read.parsed, ShiftRow) and read.parsed.assignees == ("a@x.vn", "B", "c@x.vn", "D")


def test_a_row_not_read_whole_is_kept_as_far_as_its_cells_read() -> None:
    """What the service layer judges a row by when a cell of it does not read (QA, 2026-12-05: the row's other
    mistakes waited until it was mended); a control character in one cell no longer hides the others' errors,
    nor is its emptied cell also called empty or no time."""
    data = "full_name,email,qualifications,national_id\nTrần Thị Hai,hai@vnpt.vn,cook,12345\n".encode()
    _, [row] = parse_staff(read_table(data, max_rows=10))
    assert row.parsed is None and row.unread == {"qualifications", "national_id"}
    assert row.partial == StaffRow(2, "Trần Thị Hai", "hai@vnpt.vn", None, (), True, "vi", None)
    assert row.reads("full_name", "email") and not row.reads("email", "national_id")
    data = (
        "duty_type,starts_at,ends_at,assignees,notes\n"
        "nấu ăn,05/02/2027 18:00,\x1b06/02/2027 06:00,an@vnpt.vn,ca\x1bsáng\n"
        "patrol,05/02/2027 18:00,06/02/2027 06:00,\x1ban@vnpt.vn,\n"
    ).encode()
    _, [shift, nobody] = parse_shifts(read_table(data, max_rows=10))
    assert [(e.field, e.rule) for e in shift.errors] == [
        ("ends_at", "no-control-characters"),
        ("notes", "no-control-characters"),
        ("duty_type", "known-duty-type"),
    ]
    assert shift.partial == ShiftCells(2, None, datetime(2027, 2, 5, 18, tzinfo=ICT), None, None, ("an@vnpt.vn",))
    assert shift.unread == {"duty_type", "ends_at", "notes"}
    assert [(e.field, e.rule) for e in nobody.errors] == [("assignees", "no-control-characters")]  # not "nobody"
    assert nobody.named == ("an@vnpt.vn",)
    # lines run together: nothing of the row is trusted
    run_together = STRAY_QUOTE_STAFF.replace("Phạm Văn Ba,", '"Phạm Văn Ba",')
    _, [run_over] = parse_staff(read_table(run_together.encode(), max_rows=10))
    assert (run_over.errors[0].rule, run_over.parsed, run_over.partial) == ("one-line", None, None)


def test_vocabulary() -> None:
    assert fold("  HỌ   VÀ TÊN ") == "ho va ten" and fold("Đức") == "duc"
    assert parse_duty_type("Trực điều hành") == "operations" and parse_duty_type("TUẦN TRA") == "patrol"
    assert parse_qualification("Kỹ thuật") == "technician" and parse_qualification("chef") is None
    assert normalize_phone("+84 912.345.678") == "0912345678" and normalize_phone("12") is None
    assert parse_instant("2027-02-05 18:00") == datetime(2027, 2, 5, 18, tzinfo=ICT)
    assert parse_instant("2027-02-05T11:00:00Z") == datetime(2027, 2, 5, 18, tzinfo=ICT)
    assert parse_instant("5/2/2027 7:30") == datetime(2027, 2, 5, 7, 30, tzinfo=ICT)


def test_a_title_row_and_blank_lines_above_the_header_are_skipped() -> None:
    data = xlsx(
        [
            ["DANH SÁCH CÁN BỘ TRỰC TẾT ĐINH MÙI 2027"],
            [None],
            ["Đơn vị: VNPT Long An"],
            ["STT", "Họ và tên", "Email", "Chuyên môn"],
            [1, "Nguyễn Văn Hùng", "hungnv@vnpt.vn", "Lãnh đạo"],
            [2, "Trần Thị Thu Hà", "hattt@vnpt.vn", "Điều hành"],
        ]
    )
    cols, rows = parse_staff(read_table(data, max_rows=10))
    assert [(r.row, staff_of(r).full_name, r.errors) for r in rows] == [
        (5, "Nguyễn Văn Hùng", []),
        (6, "Trần Thị Thu Hà", []),
    ]
    assert cols.ignored == ("STT",)
    csv = "LỊCH TRỰC TẾT\n\nHọ và tên,Chuyên môn\nLê Minh Tuấn,Lãnh đạo\n".encode()
    _, [row] = parse_staff(read_table(csv, max_rows=10))
    assert (row.row, staff_of(row).full_name) == (4, "Lê Minh Tuấn")


def test_without_any_header_the_error_names_the_missing_columns() -> None:
    with pytest.raises(RuleViolation) as err:
        parse_staff(read_table("LỊCH TRỰC\nNguyễn Văn Hùng,Lãnh đạo\n".encode(), max_rows=10))
    assert {e.field for e in err.value.errors} == {"full_name", "qualifications"}


def test_shifts_with_a_date_column_and_from_to_times() -> None:
    data = xlsx(
        [
            ["LỊCH TRỰC TẾT ĐINH MÙI 2027 — VNPT LONG AN"],
            ["Ngày", "Loại trực", "Từ", "Đến", "Người trực"],
            [datetime(2027, 2, 5), "Trực lãnh đạo", "18:00", "22:00", "Nguyễn Văn Hùng"],
            ["05/02/2027", "Trực điều hành", "22h00", "06h00", "Trần Thị Thu Hà"],
            ["2027-02-06", "Ứng cứu thông tin", time(8, 0), "24:00", "Lê Minh Tuấn"],
        ]
    )
    _, rows = parse_shifts(read_table(data, max_rows=10))
    assert [r.errors for r in rows] == [[], [], []]
    assert [(shift_of(r).starts_at, shift_of(r).ends_at) for r in rows] == [
        (datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 5, 22, tzinfo=ICT)),
        (datetime(2027, 2, 5, 22, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT)),  # overnight
        (datetime(2027, 2, 6, 8, tzinfo=ICT), datetime(2027, 2, 7, 0, tzinfo=ICT)),
    ]
    csv = "date,duty,from,to,assignees\n31/02/2027,leadership,18:00,22:00,a@b.vn\n05/02/2027,leadership,7 giờ tối,22:00,a@b.vn\n"
    _, [bad_day, bad_time] = parse_shifts(read_table(csv.encode(), max_rows=10))
    assert [(e.field, e.rule) for e in bad_day.errors] == [("date", "date-format")]
    assert [(e.field, e.rule) for e in bad_time.errors] == [("starts_at", "datetime-format")]
    # Beside a "Ngày" column both languages ask for a time of day (QA: the Vietnamese asked for "05/02/2027 18:00").
    [said] = bad_time.errors
    assert said.message.startswith("“7 giờ tối” is not a time: write a time of day such as 18:00")
    assert said.message_vi.startswith(
        "Bắt đầu: “7 giờ tối” không phải giờ: hãy ghi giờ như 18:00 (hoặc 6:00 CH), ngày ghi ở cột “Ngày”"
    )


def test_phones_are_kept_in_one_national_form_and_a_cccd_gets_back_the_0_excel_dropped() -> None:
    """QA: from an XLSX number 912345691 became 0912345691, but a CSV's "912345674" stayed so, "+84 912 345 672" was
    stored "+84912345672" and "84912345766" as is; Excel's General column turned the CCCD 080190001234 into the
    number 80190001234, refused as no CCCD."""
    header: list[object] = ["Họ và tên", "Số điện thoại", "Chuyên môn", "Số CCCD"]
    people: list[list[object]] = [
        ["Lê Văn Một", 912345691, "Bảo vệ", 80190001234],  # numbers, as a General column keeps them
        ["Lê Văn Hai", "912345674", "Bảo vệ", "080190001235"],
        ["Lê Văn Ba", "+84 912 345 672", "Bảo vệ", None],
        ["Lê Văn Bốn", "84912345766", "Bảo vệ", None],
        ["Lê Văn Năm", "+44 20 7946 0958", "Bảo vệ", None],  # another country's: as typed
        ["Lê Văn Sáu", "0272 3827 777", "Bảo vệ", "80190001236"],  # 11 digits typed as text: refused, said why
    ]
    from_xlsx = parse_staff(read_table(xlsx([header, *people]), max_rows=10))[1]
    rows: list[list[object]] = [header, *people]
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
    from_csv = parse_staff(read_table(text.encode(), max_rows=10))[1]
    phones = ["0912345691", "0912345674", "0912345672", "0912345766", "+442079460958", "02723827777"]
    assert [(r.parsed or r.partial).phone for r in from_xlsx] == phones  # type: ignore[union-attr]
    assert [(r.parsed or r.partial).phone for r in from_csv] == phones  # type: ignore[union-attr]
    one, *_, six = from_xlsx
    assert staff_of(one).national_id == "080190001234"
    [note] = one.warnings
    assert (note["rule"], note["field"], note["value"]) == ("national-id-zero", "national_id", "80190001234")
    assert str(note["message_vi"]).startswith(
        "Số CCCD được Excel lưu dạng số 80190001234, mất số 0 ở đầu: đã đọc là 080190001234"
    )
    [refused] = six.errors
    assert refused.rule == "national-id-format"
    assert "có thể Excel đã bỏ mất số 0 ở đầu. Nếu là 080190001236" in refused.message_vi
    assert "Excel may have dropped its leading 0. If it is 080190001236" in refused.message
    # From the CSV the same 11 digits are text: not given a 0 silently, refused with the same advice.
    assert from_csv[0].parsed is None and "có thể Excel đã bỏ mất số 0" in from_csv[0].errors[0].message_vi


def test_shift_cells_as_excel_keeps_them() -> None:
    """QA (h1-values.xlsx): a "Ngày" cell holding Excel's serial (a date pasted as values) crashed the page; a time
    kept as a fraction of a day, Vietnamese Excel's "SA"/"CH" and English AM/PM, and "24:00" after a date were
    refused. Each is read as Excel meant it, the serial with a note saying the day it was read as."""
    serial = (date(2027, 2, 9) - date(1899, 12, 30)).days
    data = xlsx(
        [
            ["Ngày", "Loại trực", "Từ", "Đến", "Người trực"],
            [serial, "Trực điều hành", "7:00", "19:00", "Trần Thị Lan"],
            ["2027-02-12", "Trực điều hành", 0.2916666667, 0.7916666667, "Trần Thị Lan"],
            ["13/02/2027", "Trực điều hành", "7:00 SA", "7:00 CH", "Trần Thị Lan"],
            ["14/02/2027", "Trực điều hành", "7:30 AM", "12:00 PM", "Trần Thị Lan"],
            ["", "Trực điều hành", "13/02/2027 18:00", "13/02/2027 24:00", "Trần Thị Lan"],
        ]
    )
    _, rows = parse_shifts(read_table(data, max_rows=10))
    assert [r.errors for r in rows] == [[]] * 5
    at = lambda d, h, m=0: datetime(2027, 2, d, h, m, tzinfo=ICT)  # noqa: E731
    assert [(shift_of(r).starts_at, shift_of(r).ends_at) for r in rows] == [
        (at(9, 7), at(9, 19)),
        (at(12, 7), at(12, 19)),
        (at(13, 7), at(13, 19)),
        (at(14, 7, 30), at(14, 12)),
        (at(13, 18), at(14, 0)),
    ]
    [note] = rows[0].warnings
    assert (note["rule"], note["field"], note["value"]) == ("date-serial", "date", str(serial))
    assert "read as 9 Feb 2027" in str(note["message"])
    assert "đã đọc là ngày 09/02/2027" in str(note["message_vi"])
    assert [r.warnings for r in rows[1:]] == [[]] * 4
    # Impossible ones still refused: 13:00 CH, 24:30, a serial with a time of day in the "Ngày" column.
    _, [pm, late, part] = parse_shifts(
        read_table(
            xlsx(
                [
                    ["Ngày", "Loại trực", "Từ", "Đến", "Người trực"],
                    ["13/02/2027", "Trực điều hành", "13:00 CH", "19:00", "Trần Thị Lan"],
                    ["", "Trực điều hành", "13/02/2027 18:00", "13/02/2027 24:30", "Trần Thị Lan"],
                    [serial + 0.5, "Trực điều hành", "7:00", "19:00", "Trần Thị Lan"],
                ]
            ),
            max_rows=10,
        )
    )
    assert [[(e.field, e.rule) for e in r.errors] for r in (pm, late, part)] == [
        [("starts_at", "datetime-format")],
        [("ends_at", "datetime-format")],
        [("date", "date-format")],
    ]


def test_a_row_that_cannot_be_read_still_names_its_people_as_written() -> None:
    long_name = "Tôn Nữ " + "Bảo Ngọc " * 40
    data = f"full_name,phone,qualifications\nLê   Văn Tám,12,cook\n{long_name},,leader\n,,leader\n".encode()
    _, [bad, too_long, nameless] = parse_staff(read_table(data, max_rows=10))
    assert (bad.parsed, bad.named) == (None, ("Lê Văn Tám",))
    assert too_long.parsed is None and len(too_long.named[0]) == 200 and too_long.named[0].endswith("…")
    assert nameless.named == ()
    people = ";".join(f"Người {n}" for n in range(30))
    data = f"duty_type,starts_at,ends_at,assignees\nnấu ăn,05/02/2027 18:00,06/02/2027 06:00,{people}\n".encode()
    _, [row] = parse_shifts(read_table(data, max_rows=10))
    assert row.parsed is None
    assert row.named == tuple(f"Người {n}" for n in range(20))  # at most PEOPLE_SHOWN repeated


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Nguyễn   Thị\tÁnh\nTuyết ", "Nguyễn Thị Ánh Tuyết"),  # tabs and line breaks: one line
        ("\ufeffLê\u200b Văn\u2060 An\u200d", "Lê Văn An"),  # invisible characters left out
        ("Nguye\u0302\u0303n", "Nguyễn"),  # NFC
        ("Ngu\u200b\u0301", "Ngú"),  # NFC once the zero-width space between letter and accent is out
        ("Trạm 2", "Trạm 2"),
        ("\u00a0VNPT\u3000Long An\u2028", "VNPT Long An"),  # every kind of space
    ],
)
def test_a_name_is_kept_on_one_line_without_invisible_characters(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("", "required"),
        ("   ", "required"),
        ("\u200b", "required"),
        ("\u200c\u200d\u2060\ufeff", "required"),
        ("\u0301", "visible-character"),
        ("\u3164", "visible-character"),  # a Hangul filler: a letter to Unicode, blank on screen
        ("--", "visible-character"),
        ("Nguyễn\u0000A", "no-control-characters"),
        ("Nguyễn\u001bA", "no-control-characters"),
        ("Nguyễn\u009bA", "no-control-characters"),
    ],
)
def test_a_name_without_a_visible_letter_or_digit_or_with_a_control_character_is_refused(typed: str, rule: str) -> None:
    with pytest.raises(NameRefused) as refused:
        clean_name(typed, field="display_name")
    assert refused.value.rule == rule
    assert "display name" in str(refused.value) and refused.value.message_vi


def test_a_staff_sheet_reads_names_by_the_apis_rule_and_refuses_control_characters_in_any_cell() -> None:
    table = read_table(
        'Họ và tên,Email,Chuyên môn\n\u200b,,\n"Lê\nVăn An",an@x.vn,Kỹ thuật\nBình,b\u0007@x.vn,Kỹ thuật\n'.encode(),
        max_rows=10,
    )
    _, results = parse_staff(table)
    assert [[(e.field, e.rule) for e in r.errors] for r in results] == [
        [("full_name", "required")],
        [],
        [("email", "no-control-characters")],
    ]
    assert staff_of(results[1]).full_name == "Lê Văn An"
    assert results[2].named == ("Bình",)


STRAY_QUOTE_STAFF = (
    "Họ và tên,Email,Chuyên môn\n"
    '"Trần Văn Một,mot@example.vn,Lãnh đạo\n'
    "Lê Văn Hai,hai@example.vn,Kỹ thuật\n"
    "Phạm Văn Ba,ba@example.vn,Bảo vệ\n"
)


def test_a_quote_never_closed_is_refused_naming_the_line_it_opens_on() -> None:
    """The csv module ends a quoted value at the end of the file: lines 2–4 became one person
    (named with the rest of the file) and the two others silently disappeared."""
    with pytest.raises(RuleViolation) as err:
        read_table(STRAY_QUOTE_STAFF.encode(), max_rows=10)
    [error] = err.value.errors
    assert (error.field, error.rule, error.context) == ("file", "quotes-closed", {"line": 2, "last_line": 4})
    assert error.message == (
        'Line 2: a quotation mark (") opens a value that is never closed, so lines 2–4 would be read as one '
        "value. Close the quote or remove it."
    )
    assert error.message_vi.startswith('Dòng 2: dấu ngoặc kép (") mở đầu một giá trị nhưng không có dấu đóng')
    # On the last line, without a final line break, after a multi-line value that is closed:
    # the line named is where the open quote is, not where its row starts.
    tail = 'duty_type,starts_at,ends_at,assignees,notes\nleadership,a,b,"c\nd",e\nleadership,a,b,c,"chưa đóng'
    with pytest.raises(RuleViolation) as err:
        read_table(tail.encode(), max_rows=10)
    assert err.value.errors[0].context == {"line": 4, "last_line": 4}
    assert err.value.message.startswith('Line 4: a quotation mark (") opens a value that is never closed.')


def test_rows_are_numbered_as_excel_shows_them_after_a_multi_line_note() -> None:
    data = (
        "Loại trực,Bắt đầu,Kết thúc,Người trực,Ghi chú\n"
        'Trực lãnh đạo,05/02/2027 18:00,05/02/2027 22:00,a@b.vn,"Mang theo:\n- bộ đàm\n- đèn pin"\n'
        "\n"
        "Trực điều hành,05/02/2027 22:00,06/02/2027 06:00,b@b.vn,\n"
    ).encode()
    _, rows = parse_shifts(read_table(data, max_rows=10))
    # A note over lines 2–4 is fine, and is one row as Excel shows the file (QA: the rows after it were numbered
    # by their text line, one more than Excel's for each line break); the blank line is row 3.
    assert [(r.row, r.errors) for r in rows] == [(2, []), (4, [])]
    assert shift_of(rows[0]).notes == "Mang theo:\n- bộ đàm\n- đèn pin"
    # so is a list with one item a line (a cell typed with Alt+Enter, saved as CSV)
    people = 'duty_type,starts_at,ends_at,assignees\nleadership,05/02/2027 18:00,05/02/2027 22:00,"a@b.vn\nb@b.vn"\n'
    _, [row] = parse_shifts(read_table(people.encode(), max_rows=10))
    assert (row.row, row.errors, shift_of(row).assignees) == (2, [], ("a@b.vn", "b@b.vn"))
    staff = 'Họ và tên,Chuyên môn\nLê Văn Tám,"Lãnh đạo\nKỹ thuật"\nLê Văn Chín,Bảo vệ\n'
    _, rows = parse_staff(read_table(staff.encode(), max_rows=10))
    assert [(r.row, r.errors) for r in rows] == [(2, []), (3, [])]  # Excel's rows, not the text's lines
    assert staff_of(rows[0]).qualifications == ("leader", "technician")


def test_a_row_whose_one_line_values_run_over_several_lines_is_an_error() -> None:
    """A stray quote closed by the quote of a later row: lines 2–4 are one record."""
    data = STRAY_QUOTE_STAFF.replace("Phạm Văn Ba,", '"Phạm Văn Ba",') + "Võ Thị Năm,nam@example.vn,Bảo vệ\n"
    _, rows = parse_staff(read_table(data.encode(), max_rows=10))
    assert [(r.row, [(e.field, e.rule, e.context) for e in r.errors][:1]) for r in rows] == [
        (2, [("full_name", "one-line", {"first_line": 2, "last_line": 4})]),  # the text's lines
        (3, []),  # the row as Excel shows the file
    ]
    assert (
        rows[0]
        .errors[0]
        .message.startswith(
            'Lines 2–4 are read as one row: a value runs over several lines, probably because a quotation mark (") '
            "is missing its pair."
        )
    )
    shifts = (
        "duty_type,starts_at,ends_at,assignees,notes\n"
        'leadership,"05/02/2027 18:00,05/02/2027 22:00,a@b.vn,\n'
        "operations,05/02/2027 22:00,06/02/2027 06:00,b@b.vn,\n"
        'patrol,"06/02/2027 06:00",06/02/2027 12:00,c@b.vn,\n'
    )
    _, [row] = parse_shifts(read_table(shifts.encode(), max_rows=10))
    assert (row.row, row.parsed, row.errors[0].field, row.errors[0].rule) == (2, None, "starts_at", "one-line")


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffHọ và tên,Email,Chuyên môn\r\n".encode(),
        "DANH SÁCH CÁN BỘ\n\nHọ và tên,Chuyên môn\n\n".encode(),
        xlsx([["Họ và tên", "Chuyên môn"]]),
    ],
    ids=["csv", "csv-with-title", "xlsx"],
)
def test_a_file_with_a_header_but_no_data_rows_is_refused_saying_so(data: bytes) -> None:
    with pytest.raises(RuleViolation) as err:
        parse_staff(read_table(data, max_rows=10))
    assert (err.value.field, err.value.rule, err.value.message) == (
        "file",
        "not-empty",
        "The file has a header row but no data rows: add the rows to import under the header.",
    )
    assert err.value.errors[0].message_vi.startswith("Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào")


def test_a_quote_left_open_in_a_long_file_is_named_not_called_an_unreadable_file() -> None:
    """Past 128 KiB the csv module gives up on the swallowing value ("field larger than field
    limit"), which was answered as "not CSV" without a line."""
    rows = "".join(f"Người {i},nguoi{i}@example.vn,Lãnh đạo\n" for i in range(4000))
    data = f'Họ và tên,Email,Chuyên môn\nAn,an@example.vn,Lãnh đạo\n"Bình,{rows}'.encode()
    with pytest.raises(RuleViolation) as err:
        read_table(data, max_rows=5000)
    assert (err.value.rule, err.value.errors[0].context["line"]) == ("quotes-closed", 3)
    assert err.value.message.startswith("Lines 3–")
    assert 'quotation mark (") on line 3 or after it is most likely never closed' in err.value.message


def test_an_update_by_e_mail_that_renames_or_takes_a_qualification_away_is_said() -> None:
    """QA (2026-12-04): a row with a manager's e-mail, another name and only "Bảo vệ" would have renamed him and
    taken "Lãnh đạo" away, said only in the changes' table."""
    hung = StaffMember(
        uuid.uuid4(), uuid.uuid4(), "Nguyễn Văn Hùng", "hungnv@vnpt.vn", None, ("leader", "operator"), True, "vi",
        None, uuid.uuid4(), 1, datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    row = StaffRow(2, "QA Đỗ Chín", "hungnv@vnpt.vn", None, ("guard",), True, "vi")
    renamed, dropped = update_warnings(hung, row)
    assert renamed["rule"] == "renamed" and "Email hungnv@vnpt.vn là của Nguyễn Văn Hùng" in str(renamed["message_vi"])
    assert dropped["rule"] == "qualifications-dropped" and dropped["dropped"] == ["leader", "operator"]
    assert "bỏ chuyên môn Lãnh đạo, Điều hành của Nguyễn Văn Hùng" in str(dropped["message_vi"])
    # the same person without diacritics, the same trades and one more: nothing to say
    same = StaffRow(2, "nguyen van hung", "hungnv@vnpt.vn", None, ("leader", "operator", "guard"), True, "vi")
    assert update_warnings(hung, same) == []
    # leaving: the record made inactive keeps nothing to plan, so its trades are not "taken away"
    assert update_warnings(hung, StaffRow(2, "Nguyễn Văn Hùng", "hungnv@vnpt.vn", None, (), False, "vi")) == []


def test_a_row_whose_e_mail_does_not_read_is_judged_by_the_record_of_its_name_kept_with_no_qualification() -> None:
    """A row whose e-mail could not be read is checked for its qualification all the same: as registering someone,
    unless a record of its name is already kept at work with none (an older import's), which it may be updating."""
    when = datetime(2026, 12, 1, tzinfo=UTC)

    def member(name: str, qualifications: tuple[str, ...], *, active: bool = True) -> StaffMember:
        return StaffMember(
            uuid.uuid4(), uuid.uuid4(), name, None, None, qualifications, active, "vi", None, uuid.uuid4(), 1, when,
            when,
        )  # fmt: skip

    kept = member("Đoàn Văn Tư", ())
    members = [member("Hà Thị Tám", ("guard",)), kept, member("Lê Văn Ba", (), active=False)]
    row = StaffRow(2, "doan van tu", None, None, (), True, "vi")
    assert kept_unqualified(members, "doan van tu") is kept  # diacritics and case aside
    assert kept_unqualified(members, "Lê Văn Ba") is None  # not at work: nothing to keep
    assert qualification_missing(row, kept_unqualified(members, "Đoàn Văn Tư")) is None
    missing = qualification_missing(row, kept_unqualified(members, "Hà Thị Tám"))  # her record has one
    assert missing is not None and missing.rule == "qualification-required"


def test_a_row_with_a_persons_e_mail_but_another_name_and_national_id_is_another_person() -> None:
    """QA: a row "Trần Thị Hai" with anhptn@…'s e-mail and a new CCCD was only noted "nhập sẽ đổi tên người này thành
    Trần Thị Hai", and would have taken over her record (and her qualification). Another name AND a national ID number
    not the record's is an error of the row; a rename with her own number, or without one, stays allowed."""
    when = datetime(2026, 12, 1, tzinfo=UTC)

    def anh(national_id: str | None) -> StaffMember:
        return StaffMember(
            uuid.uuid4(), uuid.uuid4(), "Phạm Thị Ngọc Anh", "anhptn@vnpt.vn", "0912000111", ("operator",), True,
            "vi", national_id, uuid.uuid4(), 1, when, when,
        )  # fmt: skip

    def row(name: str, national_id: str | None) -> StaffRow:
        return StaffRow(3, name, "anhptn@vnpt.vn", None, (), True, "vi", national_id=national_id)

    error = another_person(anh("080190000111"), row("Trần Thị Hai", "080190000222"))
    assert error is not None and (error.field, error.rule) == ("email", "email-of-another-person")
    assert error.message_vi == (
        "Email anhptn@vnpt.vn là của Phạm Thị Ngọc Anh, nhưng dòng này ghi tên khác (Trần Thị Hai) và số CCCD khác "
        "với số CCCD đã lưu của người này: có vẻ là một người khác, nhập dòng này sẽ ghi đè hồ sơ của Phạm Thị Ngọc "
        "Anh. Nếu là người khác, hãy sửa email; nếu đúng là Phạm Thị Ngọc Anh đổi tên, hãy ghi đúng số CCCD đã lưu "
        "của người này."
    )
    assert "correct the e-mail" in error.message and "Phạm Thị Ngọc Anh's" in error.message
    # her record without a number: the row's is nobody's she is known by — still another person
    none_stored = another_person(anh(None), row("Trần Thị Hai", "080190000222"))
    assert none_stored is not None and "hãy để trống số CCCD" in none_stored.message_vi
    # a rename with her own number, or without one; her name in other case or without diacritics: not an error
    assert another_person(anh("080190000111"), row("Trần Thị Hai", "080190000111")) is None
    assert another_person(anh("080190000111"), row("Trần Thị Hai", None)) is None
    assert another_person(anh("080190000111"), row("PHAM THI NGOC  ANH", "080190000222")) is None


# --- the file's shape: sheets, headers, rows (QA round 6, files as offices make them) ------------------------


def workbook(
    *sheets: tuple[str, Sequence[Sequence[object]]], merge: tuple[str, ...] = (), hide: tuple[int, ...] = ()
) -> bytes:
    """A workbook of named sheets; the last sheet's cells `merge`d and its rows `hide`n (by a filter)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    for number in hide:
        sheet.row_dimensions[number].hidden = True
    if hide:
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


STAFF_HEADER = ["Họ và tên", "Email", "Số điện thoại", "Chuyên môn"]
MO = ["Quách Thị Mơ", "moqt@vnpt-longan.vn", "0912 345 731", "Kỹ thuật"]


def test_the_first_sheet_whose_header_is_known_is_read_and_said() -> None:
    notes = ("Ghi chú", [["Danh sách do phòng TCHC lập ngày 15/01/2027"], ["Gửi anh Hùng qua Zalo"]])
    data = workbook(notes, ("Danh sách", [STAFF_HEADER, MO]))
    cols, [row] = parse_staff(read_table(data, max_rows=10))
    assert staff_of(row).full_name == "Quách Thị Mơ" and row.row == 2
    [read] = cols.notes
    assert read["rule"] == "sheet-read"
    assert str(read["message_vi"]).startswith("Đã đọc trang tính “Danh sách”: các trang tính trước nó (“Ghi chú”)")
    # The data sheet first: nothing to say.
    cols, _ = parse_staff(read_table(workbook(("Danh sách", [STAFF_HEADER, MO]), notes), max_rows=10))
    assert cols.notes == ()
    # No sheet has the columns: said, with the sheets and what the first one's header reads.
    with pytest.raises(RuleViolation) as err:
        parse_staff(read_table(workbook(notes, ("Danh sách", [["Tên đầy đủ", "Nghề"], ["A", "B"]])), max_rows=10))
    first = err.value.errors[0]
    assert (first.field, first.rule) == ("file", "sheet-with-columns")
    assert "(“Ghi chú”, “Danh sách”)" in first.message_vi
    assert "“Danh sách do phòng TCHC lập ngày 15/01/2027”" in first.message_vi
    assert [e.rule for e in err.value.errors[1:]] == ["column-required", "column-required"]


def test_header_marks_and_non_breaking_spaces_are_the_same_header() -> None:
    for header in (
        ["Họ và tên (*)", "Email", "Số điện thoại", "Chuyên môn *"],
        ["Họ\u00a0và\u00a0tên:", "E-mail", "Điện thoại di động", "Chuyên môn:"],
        ["HỌ VÀ TÊN(*)", "Email", "SĐT", "Chuyên môn (*):"],
    ):
        cols, [row] = parse_staff(read_table(xlsx([header, MO]), max_rows=10))
        assert (staff_of(row).full_name, staff_of(row).phone, cols.ignored) == ("Quách Thị Mơ", "0912345731", ())


def test_a_header_over_two_rows_is_read_as_one() -> None:
    data = workbook(
        (
            "Sheet",
            [
                ["STT", "Họ và tên", "Thông tin liên hệ", None, "Chuyên môn"],
                [None, None, "Email", "Số điện thoại", None],
                [1, *MO],
            ],
        ),
        merge=("C1:D1", "A1:A2", "B1:B2", "E1:E2"),
    )
    cols, [row] = parse_staff(read_table(data, max_rows=10))
    p = staff_of(row)
    assert (row.row, p.email, p.phone) == (3, "moqt@vnpt-longan.vn", "0912345731")  # nothing silently ignored
    [two] = cols.notes
    assert two["rule"] == "two-row-header" and two["rows"] == [1, 2]
    assert "“Email”, “Số điện thoại” ở dòng 2 dưới “Thông tin liên hệ”" in str(two["message_vi"])
    # A CSV saved from it has no merged cells: the same rows read the same.
    text = "STT,Họ và tên,Thông tin liên hệ,,Chuyên môn\n,,Email,Số điện thoại,\n1," + ",".join(MO) + "\n"
    _, [row] = parse_staff(read_table(text.encode(), max_rows=10))
    assert staff_of(row).email == "moqt@vnpt-longan.vn"
    # The template's CSV guide rows above a plain header are no two-row header.
    guide = "Hướng dẫn\nBắt buộc,Nên có,Không bắt buộc,Bắt buộc\n" + ",".join(STAFF_HEADER) + "\n" + ",".join(MO)
    cols, [row] = parse_staff(read_table(guide.encode(), max_rows=10))
    assert cols.notes == () and row.row == 4


def test_a_signature_block_under_the_table_is_no_data() -> None:
    rows: list[list[object]] = [
        ["DANH SÁCH CÁN BỘ TRỰC TẾT ĐINH MÙI 2027"],
        [],
        ["STT", *STAFF_HEADER],
        [1, *MO],
        [2, "Hà Văn Hiện", "hienhv@vnpt-longan.vn", "0912 345 741", "Bảo vệ"],
        [],
        [None, None, None, "GIÁM ĐỐC"],
        [None, None, None, "(Ký, ghi rõ họ tên)"],
        [],
        [],
        [None, None, None, "Nguyễn Văn Hùng"],
    ]
    cols, results = parse_staff(read_table(xlsx(rows), max_rows=10))
    assert [(r.row, r.errors) for r in results] == [(4, []), (5, [])]
    [after] = cols.notes
    assert after["rule"] == "after-table" and after["rows"] == [7, 8, 11]
    assert str(after["message_vi"]).startswith("Bỏ qua 3 dòng sau bảng (dòng 7, 8, 11: chữ ký, ghi chú")
    # A row after a blank one that fills the required columns (a name and a qualification) is data, and so are the
    # rows above it (its errors are said): a blank row inside the table does not cut it.
    rows[7] = [None, "Lê Văn Tám", None, "GIÁM ĐỐC", "Bảo vệ"]
    cols, results = parse_staff(read_table(xlsx(rows), max_rows=10))
    assert [r.row for r in results] == [4, 5, 7, 8]
    assert [n["rows"] for n in cols.notes] == [[11]]


QA_TABLE: list[list[object]] = [
    ["DANH SÁCH CÁN BỘ TRỰC TẾT ĐINH MÙI 2027"],
    [],
    ["STT", "Họ và tên (*)", "Chuyên môn *", "Email", "Số điện thoại"],
    [1, "Lê Thị Quỳnh Như", "Điều hành", "nhultq@vnpt-longan.vn", "+84 912 345 672"],
    [2, "Quách Thị Lan", "Lãnh đạo, Điều hành", "lanqt@vnpt-longan.vn", None],
]


@pytest.mark.parametrize(
    "block",
    [
        # QA's two layouts: the maker in the name column beside the director (in the e-mail column) …
        [
            [None, "Người lập biểu", None, "GIÁM ĐỐC"],
            [None, "(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)"],
            [],
            [],
            [None, "Nguyễn Văn Hùng", None, "Trần Quốc Bảo"],
        ],
        # … and the director alone, all in the name column.
        [[None, "GIÁM ĐỐC"], [None, "(Ký tên, đóng dấu)"], [], [], [None, "Nguyễn Văn Hùng"]],
    ],
    ids=["beside", "name-column"],
)
def test_a_signature_block_in_the_name_column_is_no_people(block: list[list[object]]) -> None:
    """QA: "GIÁM ĐỐC", "(Ký tên, đóng dấu)", "Nguyễn Văn Hùng" typed in "Họ và tên (*)" under the table were read
    as people ("“GIÁM ĐỐC” không phải địa chỉ email.", "Thiếu chuyên môn"), the director matched to the manager's
    own record. Each of their rows fills two cells at most and leaves the qualification empty: the signature."""
    cols, results = parse_staff(read_table(xlsx([*QA_TABLE, [], [], *block]), max_rows=20))
    assert [(r.row, r.errors) for r in results] == [(4, []), (5, [])]
    [after] = cols.notes
    assert after["rule"] == "after-table" and after["rows"] == [8, 9, 12]
    assert str(after["message_vi"]).startswith("Bỏ qua 3 dòng sau bảng (dòng 8, 9, 12: chữ ký, ghi chú")


def test_a_blank_row_inside_the_table_does_not_cut_it() -> None:
    """Rows after a blank row that fill the required columns are people, however few cells they fill; a signature
    under them is still left out."""
    rows: list[list[object]] = [
        *QA_TABLE,
        [],
        [3, "Hồ Thị Mỹ Duyên", "Bảo vệ", None, "0912 345 679"],
        [],
        [None, "Trịnh Minh Hiếu", "Kỹ thuật"],  # two cells after a blank row, both required: data
        [],
        [None, "GIÁM ĐỐC"],
    ]
    cols, results = parse_staff(read_table(xlsx(rows), max_rows=20))
    assert [(r.row, r.errors) for r in results] == [(4, []), (5, []), (7, []), (9, [])]
    assert [staff_of(r).full_name for r in results[2:]] == ["Hồ Thị Mỹ Duyên", "Trịnh Minh Hiếu"]
    assert [n["rows"] for n in cols.notes] == [[11]]


def test_hidden_rows_are_imported_and_said() -> None:
    rows = [STAFF_HEADER, MO, ["Đã Nghỉ Việc", "nghi@vnpt-longan.vn", "0912 345 742", "Bảo vệ"], MO]
    cols, results = parse_staff(read_table(workbook(("Sheet", rows), hide=(3,)), max_rows=10))
    assert [r.row for r in results] == [2, 3, 4]
    [hidden] = cols.notes
    assert hidden["rule"] == "hidden-rows" and hidden["rows"] == [3]
    assert str(hidden["message_vi"]).startswith("Dòng 3 đang bị ẩn trong tệp (lọc): vẫn được nhập")


def test_an_old_excel_workbook_is_told_apart() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Họ và tên".encode("utf-16-le")
    with pytest.raises(RuleViolation) as err:
        read_table(ole2, max_rows=10)
    assert err.value.rule == "old-excel"
    assert "UTF-8" not in err.value.message_vi
    assert "lưu thành .xlsx (Tệp → Lưu thành → “Sổ làm việc Excel (*.xlsx)”)" in err.value.message_vi


def test_a_name_the_file_writes_all_in_lower_or_upper_case_is_read_as_names_are_written_and_said() -> None:
    """QZ10 #13: as the staff form, the import writes "NGUYỄN VĂN AN" as "Nguyễn Văn An" and says so on the row; a
    name in mixed case is read as written."""
    rows = [["Họ và tên", "Email", "Chuyên môn"], ["NGUYỄN VĂN AN", "an@vnpt.vn", "Kỹ thuật"]]
    data = xlsx([*rows, ["Lê thị Ánh", "anh@vnpt.vn", "Bảo vệ"]])
    _, [an, anh] = parse_staff(read_table(data, max_rows=10))
    assert (staff_of(an).full_name, staff_of(anh).full_name) == ("Nguyễn Văn An", "Lê thị Ánh")
    assert [(w["rule"], w["written"], w["message_vi"]) for w in an.warnings] == [
        ("name-capitalised", "Nguyễn Văn An", "Đã viết hoa chữ cái đầu: Nguyễn Văn An (đã gõ “NGUYỄN VĂN AN”).")
    ]
    assert anh.warnings == []


def test_a_name_without_any_diacritic_is_imported_as_typed_with_a_warning_to_check_it() -> None:
    """QZ15 #6: "Nguyen Van An" passed the dry run silently although the column asks for the name with its
    diacritics; now the row says so — a warning, not an error: the row is still imported, as typed. A name with
    one diacritic, or in lower case (written with capitals first), is judged as it will be stored."""
    rows = [["Họ và tên", "Email", "Chuyên môn"], ["Nguyen Van An", "an@vnpt.vn", "Kỹ thuật"]]
    data = xlsx([*rows, ["Lê Van Binh", "binh@vnpt.vn", "Bảo vệ"], ["tran thi cuc", "cuc@vnpt.vn", "Bảo vệ"]])
    _, [an, binh, cuc] = parse_staff(read_table(data, max_rows=10))
    assert (an.errors, staff_of(an).full_name) == ([], "Nguyen Van An")
    assert [(w["rule"], w["field"], w["message_vi"]) for w in an.warnings] == [
        (
            "name-without-diacritics",
            "full_name",
            "“Nguyen Van An” không có dấu — hãy kiểm tra lại họ tên (có thể vẫn nhập nếu đúng là tên không dấu).",
        )
    ]
    assert binh.warnings == []
    assert staff_of(cuc).full_name == "Tran Thi Cuc"
    assert [w["rule"] for w in cuc.warnings] == ["name-capitalised", "name-without-diacritics"]
    assert "“Tran Thi Cuc” has no diacritics" in str(cuc.warnings[1]["message"])


TET_2027 = CampaignFacts(
    uuid.uuid4(), "Tết Đinh Mùi 2027", datetime(2027, 1, 29, 17, tzinfo=UTC), datetime(2027, 2, 15, 17, tzinfo=UTC)
)


def _refused(starts_at: str, ends_at: str) -> list[tuple[str, str, str, str]]:
    """The errors of a row whose times are the cells written, as the shift import says them (the hard rules'
    interval first, else the campaign's; then `read_the_other_way`)."""
    [row] = parse_shifts(
        read_table(
            f"Loại trực,Bắt đầu,Kết thúc,Người trực\nTrực lãnh đạo,{starts_at},{ends_at},a@b.vn\n".encode(), max_rows=10
        )
    )[1]
    p = shift_of(row)
    draft = ShiftDraft(uuid.uuid4(), p.duty_type, p.starts_at, p.ends_at, ())
    errors = interval_errors(p.starts_at, p.ends_at, max_length=timedelta(hours=24)) or campaign_errors(
        p.starts_at, p.ends_at, TET_2027
    )
    return [
        (e.field, e.rule, e.message_vi, e.message) for e in read_the_other_way(errors, row.turnable, draft, TET_2027)
    ]


def test_a_day_written_month_first_is_asked_about_on_its_cells_refusal_when_only_it_would_fall_inside() -> None:
    """QZ24: "02/07/2027 22:00" (meant 7 Feb) to "03/07/2027 06:00" was refused only as "Ca trực bắt đầu sau khi đợt
    trực đã kết thúc" — no reading of both cells the other way puts the shift inside (3 Jul turned is 7 Mar), so the
    row was not said to be read the other way round. The start, whose day turned falls inside the campaign, is asked
    about at the end of its refusal; the end, which does not, is refused as it was."""
    (start, end) = _refused("02/07/2027 22:00", "03/07/2027 06:00")
    assert start[:2] == ("starts_at", "inside-campaign") and end[:2] == ("ends_at", "inside-campaign")
    assert start[2].startswith("Ca trực bắt đầu sau khi đợt trực đã kết thúc")
    assert start[2].endswith("(Mùng 10 tháng Giêng). Có phải 07/02/2027? Ngày viết theo thứ tự ngày/tháng/năm.")
    assert start[3].endswith("Did you mean 7 Feb 2027 (07/02/2027)? Dates are written day/month/year.")
    assert "Có phải" not in end[2] and "Did you mean" not in end[3]


def test_a_shift_written_month_first_that_reads_as_weeks_long_is_said_read_the_other_way_round() -> None:
    """ "02/07/2027 22:00 → 02/08/2027 06:00" (7 Feb 22:00 to 8 Feb 06:00 in a month-first sheet) reads as a month-long
    shift: once refused only as longer than 24 h, no word of the campaign. Both cells the other way round make a
    shift inside the campaign: said so, the length's refusal gone with the misreading that made it; so for an end
    before the start that only the start's misreading made."""
    assert [(f, r) for f, r, *_ in _refused("02/07/2027 22:00", "02/08/2027 06:00")] == [
        ("starts_at", "day-month-order"),
        ("ends_at", "day-month-order"),
    ]
    [(field, rule, vi, _)] = _refused("02/07/2027 22:00", "08/02/2027 06:00")
    assert (field, rule) == ("starts_at", "day-month-order") and "nếu ý là 07/02/2027" in vi


def test_a_day_outside_the_campaign_either_way_is_asked_nothing() -> None:
    """20/08/2027 (no 20th month) and 03/07/2027 (7 Mar the other way round) are outside the campaign either way:
    refused as they are, with no question."""
    said = _refused("20/08/2027 22:00", "21/08/2027 06:00") + _refused("03/07/2027 08:00", "03/07/2027 16:00")
    assert [r for _, r, *_ in said] == ["inside-campaign"] * 4
    assert not any("Có phải" in vi or "Did you mean" in en for *_, vi, en in said)


def test_a_refused_staff_row_keeps_only_how_its_cells_were_read() -> None:
    """QZ24: what importing a refused row would do is not said (renamed, qualifications dropped, shifts left…); how
    its cells were read is (a name in capitals, one without diacritics, a CCCD number's lost 0)."""
    warnings = [{"rule": r} for r in ("renamed", "name-capitalised", "qualified", "national-id-zero", "same-record")]
    assert [w["rule"] for w in refused_row_warnings(warnings)] == ["name-capitalised", "national-id-zero"]
