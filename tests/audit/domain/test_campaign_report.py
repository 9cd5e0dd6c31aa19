"""The campaign report's figures from hand-made cells, incidents and daily report statuses (domain/campaign_report.py):
the rows add up to the province's total, present = planned − absent, late by how long, the conclusion's sentences."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.documents import campaign_report as documents
from audit.domain import campaign_report as cr
from audit.domain import coverage, presence
from audit.domain.daily_reports import DayStatus
from audit.domain.errors import Invalid
from audit.domain.incidents import IncidentRecord
from audit.domain.live import KeyRef
from audit.domain.model import Campaign
from audit.domain.reports import DayCoverage, daily_coverage, span_coverage

NOW = datetime(2027, 2, 16, 2, tzinfo=UTC)  # 09:00 16/02/2027 in Vietnam


def cell(required: float, covered: float, short: int, absent: int) -> DayCoverage:
    return DayCoverage(date(2027, 2, 5), 1, 0, 1, required, covered, 0, 0, 0, short, absent)


def test_rows_add_up_to_the_province_and_present_is_planned_less_absent() -> None:
    keys = [
        # VNPT operations: two sites, 24 h asked each; one short 6 h by the plan, the other 2 h absent
        cr.KeyFigures(
            "v", "VNPT Long An", "operations", cr.figures_of([cell(24, 18, 360, 0)], gaps=1), cr.CoverageFigures()
        ),
        cr.KeyFigures(
            "v", "VNPT Long An", "operations", cr.figures_of([cell(24, 24, 0, 120)], absences=1), cr.CoverageFigures()
        ),
        cr.KeyFigures("v", "VNPT Long An", "leadership", cr.figures_of([cell(24, 24, 0, 0)]), cr.CoverageFigures()),
        cr.KeyFigures(
            "b",
            "Bưu điện tỉnh Long An",
            "patrol",
            cr.figures_of([cell(12, 9, 180, 30)], gaps=2, absences=1),
            cr.CoverageFigures(),
        ),
    ]
    rows, province = cr.coverage_rows(keys)
    assert [r.enterprise_name for r in rows] == ["Bưu điện tỉnh Long An", "VNPT Long An"]  # by name, Vietnamese order
    vnpt = rows[1]
    ops = vnpt.by_duty["operations"]
    assert (ops.required_hours, ops.planned_hours, ops.present_hours) == (48, 42, 40)
    assert (ops.gaps, ops.short_person_minutes, ops.absences, ops.absent_person_minutes) == (1, 360, 1, 120)
    assert (vnpt.total.required_hours, vnpt.total.present_hours) == (72, 64)
    # the total is the sum of the rows
    assert (province.required_hours, province.planned_hours, province.present_hours) == (84, 75, 72.5)  # 75 − 150/60
    assert (province.gaps, province.short_person_minutes, province.absences, province.absent_person_minutes) == (
        3,
        540,
        2,
        150,
    )

    said = cr.conclusion(
        coverage=rows,
        province=province,
        night=cr.CoverageFigures(),
        incidents=cr.incident_rows([], {}, now=NOW)[1],
        reports=[],
        reports_total=cr.report_rows([])[1],
        enterprises=3,
    )
    assert said[0] == (
        "Có 2/3 doanh nghiệp để xảy ra thiếu hụt người trực trong lịch trực, tổng cộng 9 giờ-người (3 khoảng thiếu): "
        "Bưu điện tỉnh Long An 3, VNPT Long An 6."
    )
    assert said[1] == (
        "Có 2/3 doanh nghiệp có người trong lịch trực nhưng không có mặt, tổng cộng 2,5 giờ-người (2 lần): "
        "Bưu điện tỉnh Long An 0,5, VNPT Long An 2."
    )
    assert said[-1] == "Không xảy ra sự cố thông tin."


def test_the_giao_thua_night_is_the_day_cells_rule_over_that_stretch() -> None:
    """A post asking 2 from 18:00 to 06:00 with 1 rostered: 12 h × 1 person short = 720 person-minutes; its day
    cells (30 Tết, mùng 1) add up to the night's figure, by the one function."""
    vn = lambda d, h: datetime(2027, 2, d, h, tzinfo=UTC) - timedelta(hours=7)  # noqa: E731
    segs = [coverage.Segment(vn(5, 18), vn(6, 6), 2, 1)]
    key = KeyRef("c", "v", None, "operations")
    night = span_coverage(
        segs, [(vn(5, 18), vn(6, 6))], vn(5, 18), vn(6, 6), shortfalls=presence.shortfalls(key, segs, [])
    )
    days = daily_coverage(segs, [(vn(5, 18), vn(6, 6))], [date(2027, 2, 5), date(2027, 2, 6)])
    assert (night.required_hours, night.covered_hours, night.short_person_minutes, night.gap_count) == (24, 12, 720, 1)
    assert sum(d.short_person_minutes for d in days) == night.short_person_minutes
    assert sum(d.required_hours for d in days) == night.required_hours


def incident(
    enterprise: str,
    severity: str,
    response: int | None,
    restore: int | None,
    status: str,
    sector: str | None = "telecom",
) -> IncidentRecord:
    detected = datetime(2027, 2, 6, 1, tzinfo=UTC)
    return IncidentRecord(
        "i-" + enterprise + severity + str(restore), enterprise, sector, "c", detected, None, None, False, False,
        severity, status, None, None, response, restore, 1,
        {"enterprise_name": {"v": "VNPT Long An", "b": "Bưu điện tỉnh Long An"}[enterprise], "site_name": "Trạm Tân An"},
    )  # fmt: skip


def test_incidents_median_worst_and_open_ones_with_age() -> None:
    found = [
        incident("v", "minor", 600, 3600, "resolved"),
        incident("v", "critical", 1200, 7200, "resolved"),
        incident("v", "serious", 1800, None, "open"),
        incident("b", "minor", None, None, "open"),
    ]
    rows, total = cr.incident_rows(found, {"v": "VNPT Long An", "b": "Bưu điện tỉnh Long An"}, now=NOW)
    vnpt = next(r for r in rows if r.enterprise_id == "v")
    assert (vnpt.count, vnpt.by_severity) == (3, {"minor": 1, "serious": 1, "critical": 1})
    assert (vnpt.response_median, vnpt.response_worst, vnpt.restore_median, vnpt.restore_worst) == (
        1200,
        1800,
        5400,
        7200,
    )
    assert total.count == 4 and len(total.open) == 2
    assert total.open[0].age == NOW - datetime(2027, 2, 6, 1, tzinfo=UTC)  # 10 days, 1 hour
    assert cr.duration_vi(total.open[0].age) == "10 ngày 1 giờ"
    assert cr.duration_vi(total.response_worst) == "30 phút" and cr.duration_vi(7200) == "2 giờ 00 phút"


def status(enterprise: str, day: int, state: str, first: datetime | None = None, *, late: bool = False) -> DayStatus:
    due = datetime(2027, 2, day + 1, 2, tzinfo=UTC)  # 09:00 the next morning
    return DayStatus(
        enterprise, {"v": "VNPT Long An", "b": "Bưu điện tỉnh Long An"}[enterprise], date(2027, 2, day), state,  # type: ignore[arg-type]
        due, version=1 if first else None, submitted_at=first, late=late, first_submitted_at=first,
    )  # fmt: skip


def test_daily_reports_owed_on_time_late_by_how_long_and_missing() -> None:
    statuses = [
        status("b", 5, "submitted", datetime(2027, 2, 6, 1, tzinfo=UTC)),
        status("b", 6, "missing"),
        status("b", 7, "not_yet_due"),
        status("v", 5, "submitted", datetime(2027, 2, 6, 4, 30, tzinfo=UTC), late=True),  # 2 h 30 late
        status("v", 6, "submitted", datetime(2027, 2, 7, 2, 45, tzinfo=UTC), late=True),  # 45 min late
        status("v", 7, "not_owed"),
    ]
    rows, total = cr.report_rows(statuses)
    post, vnpt = rows
    assert (post.owed, post.on_time, post.late, post.missing, post.missing_days) == (2, 1, 0, 1, (date(2027, 2, 6),))
    assert (vnpt.owed, vnpt.on_time, vnpt.late, vnpt.missing) == (2, 0, 2, 0)
    assert (vnpt.worst_late, vnpt.worst_late_day) == (timedelta(hours=2, minutes=30), date(2027, 2, 5))
    assert (total.owed, total.on_time, total.late, total.missing) == (4, 1, 2, 1)
    # the province's worst late report says whose it was (the page's and the PDF's total row)
    assert (total.worst_late, total.worst_late_day, total.worst_late_enterprise) == (
        timedelta(hours=2, minutes=30),
        date(2027, 2, 5),
        "VNPT Long An",
    )
    assert (post.worst_late, post.worst_late_enterprise) == (None, None)
    said = cr.conclusion(
        coverage=[], province=cr.CoverageFigures(), night=cr.CoverageFigures(),
        incidents=cr.incident_rows([], {}, now=NOW)[1], reports=rows, reports_total=total, enterprises=2,
    )  # fmt: skip
    assert said[-1] == "Báo cáo ngày: 1/4 báo cáo đúng hạn, 2 nộp muộn, 1 không nộp (Bưu điện tỉnh Long An thiếu 1)."


def test_the_report_says_whether_its_data_is_complete() -> None:
    assert cr.completeness_note(0, None) == "Số liệu đầy đủ: hệ thống kiểm tra đã xử lý mọi dữ liệu nhận được."
    assert cr.completeness_note(12, datetime(2027, 2, 16, 1, 55, tzinfo=UTC)) == (
        "Số liệu chưa đầy đủ: hệ thống kiểm tra còn 12 bản ghi chưa xử lý, chờ từ 08:55 16/02/2027; "
        "hãy tải lại báo cáo sau ít phút trước khi ký."
    )
    assert cr.completeness_note(None, None).startswith("Chưa kiểm tra được")


def test_incidents_by_sector_in_the_directives_order_in_the_pdf_and_the_workbook() -> None:
    """V2 #3: the sectors were in the JSON only; the PDF's incidents section and the workbook's sheet list them, in
    the directive's order, adding up to the total (one whose enterprise's sector is not known said so)."""
    found = [
        incident("v", "minor", 600, 3600, "resolved"),
        incident("v", "critical", 1200, 7200, "resolved"),
        incident("b", "minor", None, None, "open", sector="postal"),
        incident("b", "serious", None, None, "open", sector=None),
    ]
    rows, total = cr.incident_rows(found, {"v": "VNPT Long An", "b": "Bưu điện tỉnh Long An"}, now=NOW)
    assert cr.incidents_by_sector(total) == [("postal", 1), ("telecom", 2)]
    assert documents.sectors_table(report_with(rows, total)) == [
        ["Bưu chính", 1], ["Viễn thông", 2], ["Chưa rõ lĩnh vực", 1], ["Tổng cộng", 4],
    ]  # fmt: skip
    r = report_with(rows, total)
    pdf = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(documents.campaign_report_pdf(r))).pages).split()
    )
    section = pdf[pdf.index("III. SỰ CỐ") : pdf.index("IV. KIỂM TRA")]
    assert "Sự cố theo lĩnh vực:" in section and "Bưu chính 1" in section and "Viễn thông 2" in section
    assert "Chưa rõ lĩnh vực 1" in section
    sheet = load_workbook(io.BytesIO(documents.campaign_report_xlsx(r)))["Sự cố"]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    at = values.index(["Lĩnh vực", "Số sự cố"])
    assert values[at - 1] == [] and values[at + 1 : at + 5] == [
        ["Bưu chính", 1], ["Viễn thông", 2], ["Chưa rõ lĩnh vực", 1], ["Tổng cộng", 4],
    ]  # fmt: skip
    # none: no table, in neither
    empty_rows, empty = cr.incident_rows([], {}, now=NOW)
    assert documents.sectors_table(report_with(empty_rows, empty)) == []


def report_with(incidents: list[cr.IncidentRow], total: cr.IncidentRow, **more: object) -> cr.CampaignReport:
    """A report of these incidents and nothing else (no coverage, no daily reports)."""
    campaign = Campaign("c", 2027, "Tết Đinh Mùi 2027", datetime(2027, 1, 29, 17, tzinfo=UTC),
                        datetime(2027, 2, 11, 17, tzinfo=UTC), (), 1, 1)  # fmt: skip
    reports, reports_total = cr.report_rows([])
    fields: dict[str, object] = dict(
        campaign=campaign, made_at=NOW, enterprise_id=None, enterprise_name=None, enterprises=2, night=None,
        coverage=[], province=cr.CoverageFigures(), night_rows=[], night_total=cr.CoverageFigures(),
        incidents=incidents, incidents_total=total, reports=reports, reports_total=reports_total, conclusion=[],
        profile=None,
    )  # fmt: skip
    fields.update(more)
    return cr.CampaignReport(**fields)  # type: ignore[arg-type]


def test_the_conclusion_says_the_explanations_owed_given_and_never_given() -> None:
    """QZ28 #5: how many gaps and findings were to be explained, explained (and what became of them), never."""
    rows, total = cr.count_rows(
        [
            ("a", "VNPT Long An", "accepted"),
            ("a", "VNPT Long An", "unexplained"),
            ("b", "Bưu điện tỉnh Long An", "more_asked"),
            ("b", "Bưu điện tỉnh Long An", "unexplained"),
        ],
        cr.EXPLANATION_STATES,
    )
    assert [(r.enterprise_name, r["unexplained"]) for r in rows] == [("Bưu điện tỉnh Long An", 1), ("VNPT Long An", 1)]
    assert [cr.said_vi(s) for s in cr.explanations_facts(total)] == [
        "Giải trình: 4 khoảng trống trực và biên bản kiểm tra có sai lệch phải giải trình; doanh nghiệp đã giải "
        "trình 2 (thanh tra chấp nhận 1, yêu cầu bổ sung 1), 2 chưa giải trình."
    ]
    _, none = cr.count_rows([], cr.EXPLANATION_STATES)
    assert cr.explanations_facts(none) == []
    _, all_accepted = cr.count_rows([("a", "VNPT Long An", "accepted")], cr.EXPLANATION_STATES)
    assert cr.said_vi(cr.explanations_facts(all_accepted)[0]).endswith("đã giải trình 1 (thanh tra chấp nhận 1).")


def test_one_enterprises_report_is_said_of_it_in_the_houses_order_of_duties() -> None:
    """QZ28 #4: a one-enterprise report said "Có 1/1 doanh nghiệp…"; the page listed operations first, the PDF
    leadership first."""
    keys = [
        cr.KeyFigures("v", "VNPT Long An", duty, cr.figures_of([cell(24, 18, 360, 60)], gaps=1, absences=1),
                      cr.CoverageFigures())
        for duty in ("patrol", "operations", "incident_response", "leadership")
    ]  # fmt: skip
    rows, province = cr.coverage_rows(keys)
    assert list(rows[0].by_duty) == ["leadership", "operations", "incident_response", "patrol"]  # lichtruc.duty_types
    statuses = [status("v", 5, "missing"), status("v", 6, "submitted", datetime(2027, 2, 6, 1, tzinfo=UTC))]
    reports, total = cr.report_rows(statuses)
    said = cr.conclusion(
        coverage=rows, province=province, night=cr.CoverageFigures(), incidents=cr.incident_rows([], {}, now=NOW)[1],
        reports=reports, reports_total=total, enterprises=1, enterprise_name="VNPT Long An",
    )  # fmt: skip
    assert (
        said[0]
        == "VNPT Long An để xảy ra thiếu hụt người trực trong lịch trực, tổng cộng 24 giờ-người (4 khoảng thiếu)."
    )
    assert said[1] == "VNPT Long An có người trong lịch trực nhưng không có mặt, tổng cộng 4 giờ-người (4 lần)."
    assert said[-1] == "Báo cáo ngày: 1/2 báo cáo đúng hạn, 0 nộp muộn, 1 không nộp."
    assert not any("1/1" in s for s in said)
    whole = [
        cr.KeyFigures("v", "VNPT Long An", "leadership", cr.figures_of([cell(24, 24, 0, 0)]), cr.CoverageFigures())
    ]
    rows, province = cr.coverage_rows(whole)
    said = cr.conclusion(
        coverage=rows, province=province, night=cr.CoverageFigures(), incidents=cr.incident_rows([], {}, now=NOW)[1],
        reports=[], reports_total=cr.report_rows([])[1], enterprises=1, enterprise_name="VNPT Long An",
    )  # fmt: skip
    assert said[0].startswith("VNPT Long An đã bố trí và duy trì đủ lực lượng trực theo định mức (24 giờ-người)")


def test_the_title_names_the_sectors_the_report_covers() -> None:
    assert cr.sectors_said(["television", "postal", "telecom", "postal"]) == (
        "bưu chính, viễn thông, phát thanh truyền hình"
    )
    assert cr.sectors_said(["internet"]) == "internet" and cr.sectors_said([]) == ""


def test_the_remarks_print_each_typed_line_after_its_own_mark() -> None:
    """QZ28 #4: section VIII printed "- 1. …" with a dash before the first line only."""
    from lichtruc.pdf.decree30 import typed_lines as remark_lines

    typed = "1. Đề nghị Bưu điện rà soát.\n\n2) Đề nghị VNPT bổ sung.\n- Khen thưởng.\nGhi chú thêm."
    assert remark_lines(typed) == [
        ("1.", "Đề nghị Bưu điện rà soát."),
        ("2)", "Đề nghị VNPT bổ sung."),
        ("-", "Khen thưởng."),
        ("-", "Ghi chú thêm."),
    ]
    assert remark_lines("") == [] and remark_lines(None) == []


def test_remarks_saved_from_a_version_never_saved_are_refused_not_a_server_error() -> None:
    """The fuzzer's PUT …/report/remarks with read_version 305 and no remarks saved answered 500 (an assertion): a
    version never saved is a 422 saying the version kept and what to do; the one read, or no check, passes."""
    kept = cr.Remarks("Đề nghị rà soát.", 2, "thanh.tra", "Phan Thị Thu Hà", NOW)
    for read, latest in ((305, None), (1, None), (3, kept)):
        with pytest.raises(Invalid) as refused:
            cr.check_remarks_read(read, latest, "Nội dung mới")
        assert refused.value.code == "remarks-version-unknown"
        assert f"không có lần sửa thứ {read}" in refused.value.detail_vi
    with pytest.raises(Invalid) as none_kept:
        cr.check_remarks_read(4, None, "x")
    assert "chưa có kiến nghị nào được lưu" in none_kept.value.detail_vi
    cr.check_remarks_read(2, kept, "Nội dung mới")
    cr.check_remarks_read(None, None, "Nội dung mới")
    cr.check_remarks_read(0, None, "Nội dung mới")
