"""Tết hours of post offices and transaction points as documents: the A4 notice posted at the door (PDF) and the
public iCalendar feed (RFC 5545). Pure: values in, bytes out (no clock: times are passed in)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from lichtruc.pdf import FAMILY, new_pdf
from lichtruc.sheets import download_name
from lichtruc.text import fold, sheet_text
from lichtruc.vntime import at_local, local, lunar_day_name
from lichtruc.vntime import utc as to_utc

from ..domain.hours import DayHours, PublishedPoint, minutes, notice_title, session_text
from ..domain.hours_import import LUNAR_HEADER, SITE_HEADER

if TYPE_CHECKING:
    from fpdf import FPDF  # imported where a document is made (pdf.new_pdf)

WEEKDAYS_VI = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def weekday_vi(day: DayHours) -> str:
    return WEEKDAYS_VI[day.day.weekday()]


# --- the notice (PDF) ------------------------------------------------------------------------------


def _fitted(pdf: FPDF, text: str, width: float, *, style: str, size: float = 11.0) -> None:
    """Set the font at ``size`` or smaller, down to 7 pt, so that ``text`` fits in a cell ``width`` wide."""
    pdf.set_font(FAMILY, style, size)
    while size > 7 and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


def notice_pdf(point: PublishedPoint, *, created: datetime) -> bytes:
    """The A4 notice of one point: "THÔNG BÁO", "Thời gian mở cửa, đóng cửa giao dịch dịp Tết Nguyên đán
    <year name> <year>", the enterprise and the point, a table day by day (solar date, weekday, lunar day,
    hours or "Nghỉ") and the notes."""
    heading, subject = notice_title(point.lunar_year)
    pdf = new_pdf(title=f"{heading} {subject} – {point.site_name}", created=created)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(width, 6, point.enterprise_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    where = point.site_name + (f" – {point.district}" if point.district else "")
    pdf.multi_cell(width, 6, where, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(width, 9, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    size = 13.0
    pdf.set_font(FAMILY, "B", size)
    while pdf.get_string_width(subject) > width and size > 9:  # one line: the title reads (and extracts) whole
        size -= 0.5
        pdf.set_font(FAMILY, "B", size)
    pdf.cell(width, 7, subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(
        width,
        6,
        f"{point.site_name} trân trọng thông báo thời gian mở cửa, đóng cửa giao dịch phục vụ khách hàng như sau:",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    # The lunar day's column holds "Mùng 10 tháng Giêng" at 11 pt (it was 30 mm: the name shrank to 7 pt);
    # the hours' holds two sessions; a note too long for its column goes below the table, whole.
    cols = (23, 20, 43, 48, width - 23 - 20 - 43 - 48)
    pdf.set_font(FAMILY, "B", 11)
    for text, w in zip(("Ngày", "Thứ", "Âm lịch", "Giờ giao dịch", "Ghi chú"), cols, strict=True):
        pdf.cell(w, 8, text, border=1, align="C")
    pdf.ln()
    long_notes: list[str] = []
    for day in point.days:
        style = "B" if not day.open else ""
        note = day.note or ""
        _fitted(pdf, note, cols[4], style=style)
        if pdf.get_string_width(note) > cols[4] - 2:  # too long even small: below the table, whole
            long_notes.append(f"{day.day:%d/%m/%Y}: {note}")
            note = f"(xem ghi chú {len(long_notes)})"
        cells = (f"{day.day:%d/%m/%Y}", weekday_vi(day), lunar_day_name(day.day), session_text(day), note)
        for i, (text, w) in enumerate(zip(cells, cols, strict=True)):
            _fitted(pdf, text, w, style=style)
            pdf.cell(w, 7, text, border=1, align="L" if i >= 3 else "C")
        pdf.ln()
    if long_notes:
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 10)
        for i, text in enumerate(long_notes, start=1):
            pdf.multi_cell(width, 5, f"Ghi chú {i} – {text}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, "I", 11)
    pdf.multi_cell(
        width,
        6,
        "Ngày ghi “Nghỉ”: nghỉ giao dịch cả ngày. Xin cảm ơn Quý khách và kính chúc Quý khách năm mới "
        "an khang, thịnh vượng.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FAMILY, "", 10)
    published = f"{local(point.published_at):%H:%M %d/%m/%Y}"
    pdf.multi_cell(width, 5, f"Niêm yết lần {point.published_version}, lúc {published}.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- the iCalendar feed -------------------------------------------------------------------------------

_FOLD = 75
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _escape(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets (UTF-8), continued with CRLF + space, never inside a character
    nor between a backslash and what it escapes."""
    out: list[str] = []
    current, size, limit = "", 0, _FOLD
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit or (ch != "\\" and current.endswith("\\") and size + n + 1 > limit):
            out.append(current)
            current, size, limit = "", 0, _FOLD - 1
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _stamp(instant: datetime) -> str:
    return f"{to_utc(instant).astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _at(day: DayHours, hhmm: str) -> datetime:
    """The instant of a local wall-clock time on a day ("24:00": the next midnight); Vietnam has no DST."""
    return at_local(day.day, time(0)) + timedelta(minutes=minutes(hhmm))


def hours_calendar(points: Sequence[PublishedPoint], *, name: str) -> bytes:
    """One VEVENT per open session of every point (UTC times), and one all-day VEVENT per day a point is
    closed (a customer looking at mùng 1 sees "Nghỉ giao dịch", with the point's note, not an empty day that
    reads as unknown); the summary, location and description in Vietnamese. DTSTAMP is when the point
    published, so the same input gives the same bytes."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//lichtruc//Tet transaction hours//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for point in points:
        where = ", ".join(p for p in (point.site_name, point.district, point.enterprise_name) if p)
        for day in point.days:
            if not day.open:
                lines += _closed_day(point, day, where)
                continue
            for i, s in enumerate(day.sessions, start=1):
                lunar = lunar_day_name(day.day)
                description = f"{point.enterprise_name} – {point.site_name}: mở cửa giao dịch {s.opens}–{s.closes}"
                description += f" ngày {day.day:%d/%m/%Y}" + (f" ({lunar})" if lunar else "")
                if day.note:
                    description += f". {day.note}"
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{point.site_id}.{day.day:%Y%m%d}.{i}@lichtruc",
                    f"DTSTAMP:{_stamp(point.published_at)}",
                    f"DTSTART:{_stamp(_at(day, s.opens))}",
                    f"DTEND:{_stamp(_at(day, s.closes))}",
                    f"SEQUENCE:{point.published_version}",
                    f"SUMMARY:{_escape(f'Mở cửa giao dịch – {point.site_name}')}",
                    f"LOCATION:{_escape(where)}",
                    f"DESCRIPTION:{_escape(description)}",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
    lines.append("END:VCALENDAR")
    return ("".join(_fold(line) + "\r\n" for line in lines)).encode("utf-8")


def _closed_day(point: PublishedPoint, day: DayHours, where: str) -> list[str]:
    lunar = lunar_day_name(day.day)
    description = f"{point.enterprise_name} – {point.site_name}: nghỉ, không giao dịch ngày {day.day:%d/%m/%Y}"
    description += (f" ({lunar})" if lunar else "") + (f". {day.note}" if day.note else "")
    return [
        "BEGIN:VEVENT",
        f"UID:{point.site_id}.{day.day:%Y%m%d}.closed@lichtruc",
        f"DTSTAMP:{_stamp(point.published_at)}",
        f"DTSTART;VALUE=DATE:{day.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day.day + timedelta(days=1):%Y%m%d}",
        f"SEQUENCE:{point.published_version}",
        f"SUMMARY:{_escape(f'Nghỉ giao dịch – {point.site_name}')}",
        f"LOCATION:{_escape(where)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


# --- the import template -------------------------------------------------------------------------------

GUIDE = (
    (
        SITE_HEADER,
        "Tên bưu cục hoặc điểm giao dịch như đã đăng ký (the post office or transaction point, as registered).",
    ),
    ("Ngày", "Ngày dương lịch, dạng 06/02/2027 (the solar date)."),
    (
        "Âm lịch",
        "Ngày âm lịch của ngày ở cột Ngày, để tiện đối chiếu, ví dụ Mùng 1 Tết. Khi nhập, cột này được bỏ qua: "
        "ngày dương lịch ở cột Ngày mới là ngày được ghi, kể cả khi hai cột không khớp nhau; có thể xóa cột này "
        "(the lunar day, for reading only: the import ignores it and goes by the solar date).",
    ),
    (
        "Giờ mở cửa",
        "Một hoặc hai buổi, ví dụ 07:30-11:30, 13:30-17:00; ghi Nghỉ nếu đóng cửa cả ngày. Dòng để trống cả giờ "
        "lẫn ghi chú không được nhập: ngày đó giữ như đang lưu (a row with neither hours nor note is left out; "
        "write Nghỉ for a closed day).",
    ),
    ("Ghi chú", "Không bắt buộc (optional note)."),
)


LUNAR_NOTE = (
    "Chỉ để đối chiếu: khi nhập, cột Âm lịch được bỏ qua và ngày ở cột Ngày (dương lịch) là ngày được ghi. "
    "(For reading only: the import ignores this column and goes by the solar date.)"
)


def _cells(row: Sequence[object]) -> list[object]:
    """A row as written: each text without control characters and unable to start a formula (a point's name or
    a note is typed by people; the reader's spreadsheet must not run it)."""
    return [sheet_text(v) if isinstance(v, str) else v for v in row]


def template_name(enterprise_name: str, campaign_name: str, *, ext: str) -> str:
    """The template's file name: the enterprise's points' hours for the campaign, "Tết" said once ("Giờ mở cửa -
    VNPT Long An - Tết Đinh Mùi 2027.xlsx", where the campaign's name says it; else "Giờ mở cửa Tết - …")."""
    what = "Giờ mở cửa" if "tet" in fold(campaign_name).split() else "Giờ mở cửa Tết"
    return download_name(what, enterprise_name, campaign_name, ext=ext)


def template_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with BOM (Excel opens it with the diacritics right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(_cells(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], *, title: str) -> bytes:
    """The first sheet is what the import reads (the header, then one row per point and day); a second
    sheet explains each column. The lunar day's header carries a note: for reading, the date decides."""
    from openpyxl import Workbook  # imported here: openpyxl (with numpy) is half a second of every start
    from openpyxl.comments import Comment

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Giờ mở cửa"
    sheet.append(list(header))
    for row in rows:
        sheet.append(_cells(row))
    for column, width in zip("ABCDE", (40, 14, 22, 30, 30), strict=True):
        sheet.column_dimensions[column].width = width
    lunar = sheet.cell(1, list(header).index(LUNAR_HEADER) + 1)
    lunar.comment = Comment(LUNAR_NOTE, "lichtruc", width=320, height=110)
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.append([title])
    for name, text in GUIDE:
        guide.append([name, text])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
