"""Download names and column widths every service's exports share (pure)."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import unquote

from lichtruc.sheets import attachment, column_width, download_name, slug


def test_a_slug_has_no_diacritics_and_joins_words_with_hyphens() -> None:
    assert slug("Khoảng trống - Tết Ất Tỵ 2027") == "khoang-trong-tet-at-ty-2027"
    assert slug("Độ phủ theo ngày: Đức Huệ / 2027") == "do-phu-theo-ngay-duc-hue-2027"


def test_a_download_name_says_what_and_what_it_covers_leaving_blanks_out() -> None:
    assert download_name("Sự cố", None, date(2027, 2, 6), ext="csv") == "Sự cố - 2027-02-06.csv"
    assert download_name("Báo cáo", "VNPT/Long An", "", ext="pdf") == "Báo cáo - VNPT Long An.pdf"


def test_the_header_carries_the_vietnamese_name_and_an_ascii_fallback() -> None:
    header = attachment("Khoảng trống - Tết Ất Tỵ 2027.xlsx")
    disposition, ascii_part, utf8_part = (p.strip() for p in header.split(";"))
    assert disposition == "attachment"
    assert ascii_part == 'filename="khoang-trong-tet-at-ty-2027.xlsx"'
    assert utf8_part.startswith("filename*=UTF-8''") and header.isascii()
    assert unquote(utf8_part.removeprefix("filename*=UTF-8''")) == "Khoảng trống - Tết Ất Tỵ 2027.xlsx"


def test_a_file_to_show_in_the_browser_is_inline_with_the_same_names() -> None:
    header = attachment("Thông báo giờ giao dịch - Điểm giao dịch Đức Hòa.pdf", inline=True)
    assert header.startswith('inline; filename="thong-bao-gio-giao-dich-diem-giao-dich-duc-hoa.pdf"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Thông báo giờ giao dịch - Điểm giao dịch Đức Hòa.pdf"


def test_a_column_is_as_wide_as_its_longest_line_as_shown_within_bounds() -> None:
    assert column_width(["id", 1, None]) == 8
    assert column_width(["ngày", date(2027, 2, 6)]) == 12
    assert column_width(["lúc", datetime(2027, 2, 6, 0, 30)]) == 18
    assert column_width(["ghi chú", "dòng một\ndòng hai dài hơn"]) == len("dòng hai dài hơn") + 2
    assert column_width(["x" * 100]) == 60
