"""The campaign report as documents: a PDF in the Decree 30 layout (`lichtruc.pdf.decree30`, roster's daily reports'
own) under the Department's letterhead, and an XLSX workbook with one sheet per section. Both read the one
`CampaignReport` the page shows; imports domain/ only (the report it prints is domain's `CampaignReport`), no I/O."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lichtruc.duty_types import DUTY_TYPE_KEYS, duty_type_name
from lichtruc.pdf import FAMILY, new_pdf
from lichtruc.pdf.decree30 import closing, ending, header, section, title, typed_section
from lichtruc.sheets import DATETIME_FORMAT, fit_columns
from lichtruc.text import as_printed, sheet_text
from lichtruc.vntime import clock, local, local_day, lunar_day_name
from lichtruc.words import SECTOR_NAMES

from ..domain.campaign_report import (
    SEVERITIES,
    CampaignReport,
    CountsRow,
    CoverageFigures,
    CoverageRow,
    duration_vi,
    hours_of,
    incidents_by_sector,
    number_vi,
    sectors_said,
)

if TYPE_CHECKING:
    from fpdf import FPDF

SEVERITY_VI = {"minor": "nhẹ", "serious": "nghiêm trọng", "critical": "đặc biệt nghiêm trọng"}
COVERAGE_HEADER = (
    "Doanh nghiệp",
    "Loại trực",
    "Giờ-người theo định mức",
    "Giờ-người đã xếp",
    "Giờ-người có mặt",
    "Số khoảng thiếu người",
    "Giờ-người thiếu (lịch chưa xếp đủ)",
    "Số lần vắng mặt",
    "Giờ-người vắng mặt (đã xếp, không có mặt)",
)


def report_title(r: CampaignReport) -> list[str]:
    """The title's lines: the report and the campaign, for the province or the enterprise."""
    sectors = sectors_said(r.sectors)  # those the report covers (QZ28 #4: the television station was left out)
    whose = r.enterprise_name or f"các doanh nghiệp {sectors + ' ' if sectors else ''}trên địa bàn tỉnh"
    return ["Tổng kết công tác trực " + r.campaign.name, f"của {whose}"]


def campaign_dates(r: CampaignReport) -> str:
    """ "từ ngày 30/01/2027 (23 tháng Chạp) đến ngày 11/02/2027 (Mùng 6 Tết)": solar and lunar."""
    first, last = local_day(r.campaign.starts_at), local_day(r.campaign.ends_at - timedelta(microseconds=1))
    return f"từ ngày {first:%d/%m/%Y} ({lunar_day_name(first)}) đến ngày {last:%d/%m/%Y} ({lunar_day_name(last)})"


Cell = str | int | float | timedelta | datetime | None
"""A table's cell as the figures are: the PDF says it in words (`said`), the workbook keeps it a number (person-hours
and counts), a duration or a date-time with its format, so that it sums and sorts (QZ28 #2)."""

HOURS_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
DURATION_FORMAT = "[h]:mm"


def said(value: Cell) -> str:
    """A cell as the PDF prints it: person-hours with a decimal comma ("12,5"), a duration in words, "—" for none."""
    if value is None or isinstance(value, timedelta):
        return duration_vi(value)
    if isinstance(value, datetime):
        return clock(value)
    if isinstance(value, float):
        return number_vi(value)
    return str(value)


def _seconds(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=round(value))


def _figures(f: CoverageFigures) -> list[Cell]:
    return [
        float(f.required_hours),
        float(f.planned_hours),
        float(f.present_hours),
        f.gaps,
        float(hours_of(f.short_person_minutes)),
        f.absences,
        float(hours_of(f.absent_person_minutes)),
    ]


def coverage_table(rows: Sequence[CoverageRow], total: CoverageFigures) -> list[list[Cell]]:
    """Each enterprise's row, then its duty types', then the province's total (the sum of the enterprises')."""
    out = []
    for row in rows:
        out.append([row.enterprise_name, "Cộng", *_figures(row.total)])
        for duty in sorted(row.by_duty, key=lambda d: DUTY_TYPE_KEYS.index(d) if d in DUTY_TYPE_KEYS else 99):
            out.append(["", duty_type_name(duty), *_figures(row.by_duty[duty])])
    out.append(["Tổng cộng", "", *_figures(total)])
    return out


def incidents_table(r: CampaignReport) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for row in [*r.incidents, r.incidents_total]:
        out.append(
            [
                row.enterprise_name,
                row.count,
                *(row.by_severity.get(s, 0) for s in SEVERITIES),
                _seconds(row.response_median),
                _seconds(row.response_worst),
                _seconds(row.restore_median),
                _seconds(row.restore_worst),
                len(row.open),
            ]
        )
    return out


def sectors_table(r: CampaignReport) -> list[list[Cell]]:
    """The incidents per sector of their enterprises (those with any), then the total."""
    total = r.incidents_total
    each = incidents_by_sector(total)
    rows: list[list[Cell]] = [[SECTOR_NAMES[s][0] if s in SECTOR_NAMES else s, n] for s, n in each]
    if unknown := total.count - sum(n for _, n in each):
        rows.append(["Chưa rõ lĩnh vực", unknown])  # an enterprise whose sector audit never heard
    return [*rows, ["Tổng cộng", total.count]] if total.count else []


SECTORS_HEADER = ("Lĩnh vực", "Số sự cố")
INCIDENTS_HEADER = (
    "Doanh nghiệp",
    "Số sự cố",
    "Mức nhẹ",
    "Nghiêm trọng",
    "Đặc biệt nghiêm trọng",
    "Thời gian phản hồi (trung vị)",
    "Phản hồi lâu nhất",
    "Thời gian khôi phục (trung vị)",
    "Khôi phục lâu nhất",
    "Chưa khắc phục",
)
REPORTS_HEADER = ("Doanh nghiệp", "Phải nộp", "Đúng hạn", "Nộp muộn", "Muộn nhất", "Không nộp", "Ngày không nộp")


def reports_table(r: CampaignReport) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for row in [*r.reports, r.reports_total]:
        worst = f"{duration_vi(row.worst_late)} (ngày {row.worst_late_day:%d/%m})" if row.worst_late_day else "—"
        days = ", ".join(f"{d:%d/%m}" for d in row.missing_days) or "—"
        if row is r.reports_total:  # counts, not every enterprise's dates again without their names (QZ28 #4)
            worst = _whose_worst(r) or worst
            days = _missing_said(r)
        out.append(
            [
                row.enterprise_name,
                row.owed,
                row.on_time,
                row.late,
                worst,
                row.missing,
                days,
            ]
        )
    return out


def _whose_worst(r: CampaignReport) -> str | None:
    """The province's latest report, said with its enterprise: "3 giờ 10 phút (Viettel Long An, ngày 05/02)"."""
    total = r.reports_total
    if total.worst_late is None or total.worst_late_day is None:
        return None
    return f"{duration_vi(total.worst_late)} ({total.worst_late_enterprise}, ngày {total.worst_late_day:%d/%m})"


def _missing_said(r: CampaignReport) -> str:
    """The total row's missing reports: how many enterprises, how many days — each enterprise's dates are in its row."""
    missing = [x for x in r.reports if x.missing]
    if not missing:
        return "—"
    days = len({d for x in missing for d in x.missing_days})
    return f"{len(missing)} doanh nghiệp, {days} ngày"


HOURS_HEADER = (
    "Doanh nghiệp",
    "Niêm yết đúng hạn",
    "Niêm yết muộn",
    "Chưa niêm yết (quá hạn)",
    "Chưa đến hạn",
    "Không tính",
)
PLANS_HEADER = ("Doanh nghiệp", "Đã kiểm tra", "Quá hạn chưa kiểm tra", "Đã hủy", "Chưa đến ngày")
READINESS_HEADER = ("Doanh nghiệp", "Đã hoàn thành", "Quá hạn", "Chưa đến hạn")
FINDINGS_HEADER = ("Thời điểm", "Doanh nghiệp", "Địa điểm", "Người vắng mặt", "Sai lệch")
EXPLANATIONS_HEADER = (
    "Doanh nghiệp", "Phải giải trình", "Đã giải trình", "Thanh tra chấp nhận", "Yêu cầu bổ sung", "Chờ thanh tra xem",
    "Chưa giải trình",
)  # fmt: skip


def hours_table(counts: tuple[list[CountsRow], CountsRow]) -> list[list[Cell]]:
    rows, total = counts
    return [
        [r.enterprise_name, r["on_time"], r["late"], r["missing"], r["pending"], r["not_owed"] + r["not_owed_published"]]
        for r in [*rows, total]
    ]  # fmt: skip


def plans_table(counts: tuple[list[CountsRow], CountsRow]) -> list[list[Cell]]:
    rows, total = counts
    return [[r.enterprise_name, *(r[s] for s in ("done", "overdue", "cancelled", "planned"))] for r in [*rows, total]]


def readiness_table(counts: tuple[list[CountsRow], CountsRow]) -> list[list[Cell]]:
    rows, total = counts
    return [[r.enterprise_name, *(r[s] for s in ("done", "overdue", "open"))] for r in [*rows, total]]


def findings_table(r: CampaignReport) -> list[list[Cell]]:
    return [
        [f.observed_at, f.enterprise_name, f.site_name, ", ".join(f.missing) or "—", "; ".join(f.said)]
        for f in r.findings
    ]


def explanations_table(counts: tuple[list[CountsRow], CountsRow]) -> list[list[str]]:
    """Per enterprise: owed, explained (any version), accepted, asked for more, waiting, never explained (QZ28 #5)."""
    rows, total = counts
    return [
        [r.enterprise_name, str(sum(r.counts.values())), str(sum(r.counts.values()) - r["unexplained"]),
         *(str(r[s]) for s in ("accepted", "more_asked", "submitted", "unexplained"))]
        for r in [*rows, total]
    ]  # fmt: skip


def made_line(r: CampaignReport) -> str:
    return f"Số liệu của hệ thống kiểm tra lúc {clock(r.made_at)}. {r.completeness}".strip()


# --- PDF ---------------------------------------------------------------------------------------


def _table(pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int]) -> None:
    pdf.set_font(FAMILY, "", 8)
    with pdf.table(col_widths=tuple(widths), text_align="CENTER", line_height=4.2) as table:
        head = table.row()
        for h in headers:
            head.cell(h)
        for r in rows:
            line = table.row()
            for i, c in enumerate(r):
                line.cell(said(c), align="LEFT" if i < 2 else "RIGHT")
    pdf.ln(3)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")


def campaign_report_pdf(r: CampaignReport, *, remarks: str | None = None) -> bytes:
    """The report as an A4 administrative document in Vietnamese, fonts embedded; the Department's letterhead, place
    and recipients from its profile (a blank where none is kept yet, said so under the title)."""
    profile = r.profile or {}
    department = str(profile.get("department") or "Sở Thông tin và Truyền thông")
    superior = str(profile.get("superior") or "")
    symbol = str(profile.get("abbreviation") or "STTTT")
    place = str(profile.get("place") or profile.get("province") or "")
    recipients = [as_printed(str(x)) for x in profile.get("summary_recipients") or ("Lưu: VT",)]
    pdf = new_pdf(title=" ".join(report_title(r)), created=r.made_at)
    pdf.add_page()
    header(pdf, body=superior, unit=department, number=f"     /BC-{symbol}", at=r.made_at, place=place)
    title(pdf, report_title(r))
    pdf.set_font(FAMILY, "", 13)
    pdf.multi_cell(0, 6.5, f"Đợt trực: {r.campaign.name}, {campaign_dates(r)}.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 12)
    pdf.multi_cell(0, 6, made_line(r), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _heading(pdf, "I. BỐ TRÍ VÀ DUY TRÌ LỰC LƯỢNG TRỰC (giờ-người)")
    _table(pdf, COVERAGE_HEADER, coverage_table(r.coverage, r.province), (30, 22, 16, 16, 16, 12, 16, 12, 16))
    if r.night:
        lo, hi = r.night
        _heading(pdf, f"II. ĐÊM GIAO THỪA ({local(lo):%H:%M %d/%m} – {local(hi):%H:%M %d/%m/%Y})")
        _table(pdf, COVERAGE_HEADER, coverage_table(r.night_rows, r.night_total), (30, 22, 16, 16, 16, 12, 16, 12, 16))
    _heading(pdf, "III. SỰ CỐ THÔNG TIN VÀ VIỆC XỬ LÝ")
    _table(pdf, INCIDENTS_HEADER, incidents_table(r), (30, 12, 11, 14, 14, 17, 17, 17, 17, 14))
    if by_sector := sectors_table(r):
        pdf.set_font(FAMILY, "", 12)
        pdf.multi_cell(0, 6, "Sự cố theo lĩnh vực:", new_x="LMARGIN", new_y="NEXT")
        _table(pdf, SECTORS_HEADER, by_sector, (60, 25))
    if r.incidents_total.open:
        section(
            pdf,
            "Sự cố chưa khắc phục",
            [
                f"{i.enterprise_name}{', ' + i.site_name if i.site_name else ''}: mức độ {SEVERITY_VI.get(i.severity, i.severity)}, "
                f"phát hiện lúc {clock(i.detected_at)}, đã {duration_vi(i.age)}"
                for i in r.incidents_total.open
            ],
            empty="Không có.",
        )
    _heading(pdf, "IV. KIỂM TRA")
    if r.inspections is not None:
        _table(pdf, PLANS_HEADER, plans_table(r.inspections), (65, 25, 25, 25, 25))
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(
        0, 6, f"Số lần kiểm tra đột xuất đã ghi biên bản: {r.findings_count}; có sai lệch: {len(r.findings)}.",
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    if r.findings:
        _table(pdf, FINDINGS_HEADER, findings_table(r), (24, 30, 30, 40, 41))
    else:
        pdf.ln(2)
    if r.explanations is not None and r.explanations[0]:
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, "Giải trình của doanh nghiệp", new_x="LMARGIN", new_y="NEXT")
        _table(pdf, EXPLANATIONS_HEADER, explanations_table(r.explanations), (45, 20, 20, 20, 20, 20, 20))
    _heading(pdf, "V. BÁO CÁO NGÀY CỦA CÁC DOANH NGHIỆP")
    _table(pdf, REPORTS_HEADER, reports_table(r), (40, 16, 16, 16, 30, 16, 31))
    _heading(pdf, "VI. NIÊM YẾT GIỜ MỞ CỬA DỊP TẾT VÀ CHUẨN BỊ TRƯỚC TẾT")
    if r.hours is not None:
        _table(pdf, HOURS_HEADER, hours_table(r.hours), (45, 25, 25, 25, 25, 20))
    if r.readiness is not None:
        _table(pdf, READINESS_HEADER, readiness_table(r.readiness), (75, 30, 30, 30))

    def last(p: FPDF) -> None:
        section(p, "VII. ĐÁNH GIÁ CHUNG", r.conclusion, empty="Không có.")
        typed_section(p, "VIII. KIẾN NGHỊ", remarks, empty="Không có.")

    ending(
        pdf,
        last,
        lambda p: closing(p, title="Giám đốc", name="", recipients=_recipient_lines(recipients)),
    )
    return bytes(pdf.output())


def _recipient_lines(recipients: Sequence[str]) -> list[str]:
    last = len(recipients) - 1
    return [f"- {x}{'.' if i == last else ';'}" for i, x in enumerate(recipients)]


# --- XLSX --------------------------------------------------------------------------------------


def _with_sectors(r: CampaignReport) -> list[list[Cell]]:
    """The incidents' sheet: the table by enterprise, then (after an empty row) the one by sector."""
    by_sector = sectors_table(r)
    header: list[Cell] = list(SECTORS_HEADER)
    return [*incidents_table(r), *([[], header, *by_sector] if by_sector else [])]


def campaign_report_xlsx(r: CampaignReport, *, remarks: str | None = None) -> bytes:
    """One sheet per section: coverage, giao thừa, incidents, daily reports, the conclusion (and the remarks)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets: list[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]] = [
        ("Lực lượng trực", COVERAGE_HEADER, coverage_table(r.coverage, r.province)),
        ("Đêm giao thừa", COVERAGE_HEADER, coverage_table(r.night_rows, r.night_total)),
        ("Sự cố", INCIDENTS_HEADER, _with_sectors(r)),
        ("Kiểm tra", PLANS_HEADER, plans_table(r.inspections) if r.inspections else []),
        ("Biên bản có sai lệch", FINDINGS_HEADER, findings_table(r)),
        ("Giải trình", EXPLANATIONS_HEADER, explanations_table(r.explanations) if r.explanations else []),
        ("Báo cáo ngày", REPORTS_HEADER, reports_table(r)),
        ("Giờ mở cửa dịp Tết", HOURS_HEADER, hours_table(r.hours) if r.hours else []),
        ("Chuẩn bị trước Tết", READINESS_HEADER, readiness_table(r.readiness) if r.readiness else []),
        (
            "Đánh giá chung",
            ("Đánh giá chung",),
            [[s] for s in r.conclusion] + [["Kiến nghị: " + (remarks or "Không có.")]],
        ),
    ]
    first = True
    for name, headers, rows in sheets:
        ws = book.active if first else book.create_sheet()
        assert ws is not None
        first = False
        ws.title = name
        ws.append([sheet_text(h) for h in headers])
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append([_sheet_cell(v) for v in row])
            for c in ws[ws.max_row]:
                c.number_format = _format_of(c.value, c.number_format)
        ws.append([sheet_text(f"{r.campaign.name} — {made_line(r)}")])
        fit_columns(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_cell(value: Cell) -> object:
    """A cell as the workbook keeps it: numbers and durations as such, instants as local date-times (Excel has no
    time zones), text never a formula."""
    if isinstance(value, datetime):
        return local(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, timedelta)):
        return value
    return sheet_text(value)


def _format_of(value: object, current: str) -> str:
    """The number format of a cell's value: person-hours to two decimals, counts whole, durations in hours and minutes
    (the decimal mark and the thousands' separator are the reader's locale's)."""
    if isinstance(value, timedelta):
        return DURATION_FORMAT
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, float):
        return HOURS_FORMAT
    if isinstance(value, int):
        return COUNT_FORMAT
    return current
