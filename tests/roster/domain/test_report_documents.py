"""The daily report's and the province summary's words (roster/documents/reports.py): the campaign's duty named
once ("Diễn tập trực Tết…" was "trực Tết Diễn tập trực Tết…"), the count of reports in one unit, and the
Department's header as Decree 30 sets it (the superior body, then the Department on one line)."""

from __future__ import annotations

import dataclasses
import io
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import openpyxl
import pytest
from pypdf import PdfReader

from lichtruc.text import without_day
from lichtruc.vntime import lunar_day_name
from roster.documents.hours import notice_pdf, template_name
from roster.documents.reports import duty_of, report_pdf, report_title, summary_pdf, summary_title, summary_xlsx
from roster.domain.department import (
    EMPTY,
    DepartmentProfile,
    ProfileNotSet,
    as_printed,
    checked_abbreviation,
    default_abbreviation,
    recipient_lines,
)
from roster.domain.errors import RuleViolation
from roster.domain.hours import DayHours, PublishedPoint, Session
from roster.domain.reports import (
    DailyReport,
    DutyLine,
    ReportFacts,
    Summary,
    SummaryRow,
    not_owed,
    submitted_early,
    summary_status,
)


def test_the_campaigns_duty_is_named_once() -> None:
    assert duty_of("Tết Đinh Mùi 2027") == "trực Tết Đinh Mùi 2027"
    assert duty_of("Diễn tập trực Tết 04/12/2026") == "Diễn tập trực Tết 04/12/2026"
    assert duty_of("Đinh Mùi 2027") == "trực Tết Đinh Mùi 2027"


def test_the_tet_hours_templates_name_says_whose_points_and_tet_once() -> None:
    assert (
        template_name("VNPT Long An", "Tết Đinh Mùi 2027", ext="xlsx")
        == "Giờ mở cửa - VNPT Long An - Tết Đinh Mùi 2027.xlsx"
    )
    assert (
        template_name("VNPT Long An", "Đinh Mùi 2027", ext="csv") == "Giờ mở cửa Tết - VNPT Long An - Đinh Mùi 2027.csv"
    )


def test_a_name_holding_the_day_is_said_without_it_next_to_the_day() -> None:
    day = date(2027, 1, 15)
    assert without_day("Diễn tập trực Tết 15/01/2027", day) == "Diễn tập trực Tết"
    assert without_day("Diễn tập 15/1/2027 — Long An", day) == "Diễn tập Long An"
    assert without_day("Diễn tập 15/01/2027", date(2027, 1, 16)) == "Diễn tập 15/01/2027"  # another day: kept
    assert without_day("Diễn tập 115/01/2027", day) == "Diễn tập 115/01/2027"  # not that day
    assert without_day("15/01/2027", day) == "15/01/2027"  # nothing else to say


def test_the_reports_title_says_the_day_once() -> None:
    """A drill named with its date ("Diễn tập trực Tết 15/01/2027"): its one day's report and summary say
    "Tình hình Diễn tập trực Tết" above "ngày 15/01/2027 (…)", not the date twice."""
    day = date(2027, 1, 15)
    facts = ReportFacts(uuid.uuid4(), "Diễn tập trực Tết 15/01/2027", uuid.uuid4(), "VNPT Long An", day)
    start = datetime(2027, 1, 15, 1, tzinfo=UTC)
    report = DailyReport(uuid.uuid4(), facts, 1, None, "01/BC-VNPTLA", "", start, "a@b.vn", "Trần Thị Quản Lý")
    title = report_title(report)
    assert title[0] == "Tình hình Diễn tập trực Tết" and title[1].startswith("ngày 15/01/2027 (")
    assert " ".join(title).count("15/01/2027") == 1
    one = Summary(uuid.uuid4(), "Diễn tập trực Tết 15/01/2027", day, day, ())
    assert summary_title(one)[0] == "Tổng hợp tình hình Diễn tập trực Tết của các doanh nghiệp"
    later = Summary(uuid.uuid4(), "Diễn tập trực Tết 15/01/2027", day, date(2027, 1, 16), ())
    assert summary_title(later)[0] == "Tổng hợp tình hình Diễn tập trực Tết 15/01/2027 của các doanh nghiệp"


DONG_THAP = DepartmentProfile(
    province="Đồng Tháp",
    department="Sở Thông tin và Truyền thông",
    superior="UBND TỈNH ĐỒNG THÁP",
    place="Cao Lãnh",
    report_recipients=("Sở TT&TT tỉnh Đồng Tháp", "Lưu: VT"),
    summary_recipients=("Bộ Thông tin và Truyền thông", "UBND tỉnh Đồng Tháp", "Lưu: VT"),
    version=1,
)
"""Another province than the demo's, so that a name left from Long An would show."""


def _summary(first: date, last: date) -> Summary:
    names = ("Bưu điện tỉnh Long An", "VNPT Long An")
    days = [date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1)]
    rows = tuple(SummaryRow(uuid.uuid4(), n, d, None) for d in days for n in names)
    return Summary(uuid.uuid4(), "Diễn tập trực Tết 04/12/2026", first, last, rows)


def test_the_summary_counts_in_one_unit_and_heads_as_the_decree_says() -> None:
    one = _summary(date(2026, 12, 4), date(2026, 12, 4))
    assert summary_title(one)[0] == "Tổng hợp tình hình Diễn tập trực Tết của các doanh nghiệp"  # 04/12 said below
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(
            io.BytesIO(summary_pdf(one, created=datetime(2026, 12, 4, 3, tzinfo=UTC), profile=DONG_THAP))
        ).pages
    )
    assert "Số doanh nghiệp đã báo cáo: 0/2; thiếu (quá hạn): 2." in text
    assert "UBND TỈNH ĐỒNG THÁP SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text  # one line each, the body above first
    three = _summary(date(2026, 12, 4), date(2026, 12, 6))
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(
            io.BytesIO(summary_pdf(three, created=datetime(2026, 12, 6, 3, tzinfo=UTC), profile=DONG_THAP))
        ).pages
    )
    assert (
        "Số báo cáo ngày đã nộp: 0/6 (2 doanh nghiệp, mỗi doanh nghiệp một báo cáo mỗi ngày, trong 3 ngày); "
        "thiếu (quá hạn): 6." in text
    )


def test_the_summary_names_an_enterprise_that_owes_from_a_later_day() -> None:
    """QZ19 #4: Điện lực Long An owes from 06/02; the whole campaign's PDF said "(5 doanh nghiệp, … trong 17
    ngày)" of 6, its numbers did not add up, and the day before said "2/5" without a word. Now the enterprises are
    all counted and the late joiner named, with the reports it does not owe: 3 × 3 = 7 due + 2 not counted."""
    first, last = date(2027, 2, 4), date(2027, 2, 6)
    days = [first + timedelta(days=n) for n in range(3)]
    now = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 on 07/02: every day's report is due
    owes = {"Bưu điện tỉnh Long An": None, "Điện lực Long An": date(2027, 2, 6), "VNPT Long An": None}

    def summary(first: date, last: date) -> Summary:
        those = [d for d in days if first <= d <= last]
        rows = tuple(
            SummaryRow(uuid.uuid4(), name, d, None, status=summary_status(d, None, due=time(9), now=now)[0])
            for d in those
            for name, since in owes.items()
            if since is None or d >= since
        )
        late = (not_owed(name, since, days=those, sent=()) for name, since in owes.items())
        return Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", first, last, rows, tuple(n for n in late if n))

    text = " ".join(_pages(summary_pdf(summary(first, last), created=now, profile=DONG_THAP)))
    assert (
        "Số báo cáo ngày đã nộp: 0/7 (3 doanh nghiệp, mỗi doanh nghiệp một báo cáo mỗi ngày, trong 3 ngày: 9 báo "
        "cáo; Điện lực Long An tính nghĩa vụ từ 06/02/2027: 2 báo cáo không tính); thiếu (quá hạn): 7." in text
    )
    one = summary(date(2027, 2, 5), date(2027, 2, 5))
    text = " ".join(_pages(summary_pdf(one, created=now, profile=DONG_THAP)))
    assert (
        "Số doanh nghiệp đã báo cáo: 0/2 (3 doanh nghiệp; Điện lực Long An tính nghĩa vụ từ 06/02/2027: 1 báo cáo "
        "không tính); thiếu (quá hạn): 2." in text
    )
    text = " ".join(_pages(summary_pdf(summary(last, last), created=now, profile=DONG_THAP)))
    assert "Số doanh nghiệp đã báo cáo: 0/3; thiếu (quá hạn): 3." in text  # owed that day: nothing to explain
    # A report sent for a day not owed is a row (counted as sent), not a report not counted.
    assert not_owed("Điện lực Long An", date(2027, 2, 6), days=days, sent={first}) == (
        not_owed("Điện lực Long An", date(2027, 2, 6), days=days[1:], sent=())
    )
    assert not_owed("Điện lực Long An", date(2027, 2, 6), days=days, sent={first, days[1]}) is None
    assert not_owed("VNPT Long An", None, days=days, sent=()) is None


def test_the_whole_campaigns_files_count_only_the_days_due_by_now() -> None:
    """QA (10:00 on mùng 2): the whole campaign's workbook called every day still to come "Chưa báo cáo" and its
    PDF counted 0/34; now the inspectors' status page's rule (`summary_status`, `now` passed in) and words."""
    now = datetime(2027, 2, 7, 3, tzinfo=UTC)  # 10:00 on mùng 2: mùng 1's reports were due at 09:00
    first, last = date(2027, 2, 4), date(2027, 2, 20)  # 17 days
    # VNPT's mùng 1, its first version at 09:30 on mùng 2: late
    sent = dataclasses.replace(_report(1), submitted_at=datetime(2027, 2, 7, 2, 30, tzinfo=UTC))
    # Bưu điện's mùng 1: on time at 07:40, its correction (lần 2) at 10:08, after the deadline (QA, Tết week)
    corrected = dataclasses.replace(_report(1), version=2, submitted_at=datetime(2027, 2, 7, 3, 8, tzinfo=UTC))
    first_sent = datetime(2027, 2, 7, 0, 40, tzinfo=UTC)
    rows = []
    for d in (date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)):
        for name in ("Bưu điện tỉnh Long An", "VNPT Long An"):
            report = {(date(2027, 2, 6), "VNPT Long An"): sent, (date(2027, 2, 6), "Bưu điện tỉnh Long An"): corrected}
            report_of = report.get((d, name))
            sent_at = (first_sent if report_of is corrected else report_of.submitted_at) if report_of else None
            status, late = summary_status(d, sent_at, due=time(9), now=now)
            rows.append(
                SummaryRow(uuid.uuid4(), name, d, report_of, status=status, late=late, first_submitted_at=sent_at)
            )
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", first, last, tuple(rows))
    text = " ".join(_pages(summary_pdf(summary, created=now, profile=DONG_THAP)))
    assert (
        "Số báo cáo ngày đã nộp: 2/6 đã đến hạn (2 doanh nghiệp, mỗi doanh nghiệp một báo cáo mỗi ngày, trong 17 "
        "ngày); thiếu (quá hạn): 4; nộp muộn: 1; chưa đến hạn: 28." in text
    )
    assert "Chưa báo cáo" not in text and "- Bưu điện tỉnh Long An: Chưa đến hạn" in text
    assert "- VNPT Long An: Đã báo cáo (lần 1, 09:30 07/02/2027, nộp muộn)" in text
    assert (
        "- Bưu điện tỉnh Long An: Đã báo cáo (lần 1, 07:40 07/02/2027, đúng hạn; bổ sung lần 2 lúc 10:08 07/02/2027)"
        in text
    )
    langs: tuple[tuple[Literal["vi", "en"], tuple[str, str, str]], ...] = (
        ("vi", ("Thiếu (quá hạn)", "Đã báo cáo, nộp muộn", "Chưa đến hạn")),
        ("en", ("Missing (overdue)", "Submitted late", "Not yet due")),
    )
    for lang, words in langs:
        sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, lang))).worksheets[0]
        lines = list(sheet.values)[1:]
        said = {(r[0].date(), r[2]): r[3] for r in lines}
        assert said[date(2027, 2, 5), "Bưu điện tỉnh Long An"] == words[0]
        assert said[date(2027, 2, 6), "VNPT Long An"] == words[1]
        assert {s for (d, _), s in said.items() if d >= date(2027, 2, 7)} == {words[2]}
        assert said[date(2027, 2, 4), "VNPT Long An"] == words[0]


def test_a_report_sent_before_its_deadline_is_counted_apart_from_those_due() -> None:
    """QZ22 #11: at 07:45 on 07/02 the campaign's PDF read "4/37 đã đến hạn … thiếu (quá hạn): 33; chưa đến hạn:
    48" — two of the four were 06/02's, sent early (due at 09:00). Now, of one enterprise over 05/02–08/02: 05/02
    sent (due), 05/02 of the other missing, 06/02 sent early by one, not sent by the other, 07/02–08/02 not due:
    sent-of-due, missing, early and not yet due add up to the 8 reports."""
    now = datetime(2027, 2, 7, 0, 45, tzinfo=UTC)  # 07:45 on 07/02: 06/02's reports are due at 09:00
    first, last = date(2027, 2, 5), date(2027, 2, 8)
    sent = {(date(2027, 2, 5), "VNPT Long An"): datetime(2027, 2, 6, 0, 30, tzinfo=UTC),
            (date(2027, 2, 6), "VNPT Long An"): datetime(2027, 2, 7, 0, 40, tzinfo=UTC)}  # fmt: skip
    rows = []
    for d in (date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)):
        for name in ("Bưu điện tỉnh Long An", "VNPT Long An"):
            at = sent.get((d, name))
            report = dataclasses.replace(_report(1), submitted_at=at) if at else None
            status, late = summary_status(d, at, due=time(9), now=now)
            early = submitted_early(d, at, due=time(9), now=now)
            rows.append(SummaryRow(uuid.uuid4(), name, d, report, status=status, late=late, first_submitted_at=at,
                                   early=early))  # fmt: skip
    assert [r.early for r in rows if r.report] == [False, True]
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", first, last, tuple(rows))
    text = " ".join(_pages(summary_pdf(summary, created=now, profile=DONG_THAP)))
    assert (
        "Số báo cáo ngày đã nộp: 1/2 đã đến hạn (2 doanh nghiệp, mỗi doanh nghiệp một báo cáo mỗi ngày, trong 4 "
        "ngày); thiếu (quá hạn): 1; nộp sớm (chưa đến hạn): 1; chưa đến hạn: 5." in text
    ), text
    # one day not yet due: both sent and not sent said, the early one among those who reported
    day = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", date(2027, 2, 6), date(2027, 2, 6), tuple(rows[2:4]))
    text = " ".join(_pages(summary_pdf(day, created=now, profile=DONG_THAP)))
    assert "Số doanh nghiệp đã báo cáo: 1/2; nộp sớm (chưa đến hạn): 1; chưa đến hạn: 1." in text, text


def test_a_report_sent_before_its_day_ended_says_so_in_the_final_summary() -> None:
    """QZ23 #8: on 07/02 the mid-campaign summary counted VNPT's 07/02 report (sent 07:39 07/02) "nộp sớm"; the final
    one on 16/02 read only "Đã báo cáo (lần 1, 07:39 07/02/2027)", as if it told the whole day. Now it says it was
    sent before the day ended, in the PDF and the workbook; the other day's, sent the next morning, reads as before."""
    now = datetime(2027, 2, 16, 2, tzinfo=UTC)  # 09:00 on 16/02: every report due
    day, other = date(2027, 2, 7), date(2027, 2, 6)
    sent = {day: datetime(2027, 2, 7, 0, 39, tzinfo=UTC), other: datetime(2027, 2, 7, 0, 30, tzinfo=UTC)}
    rows = []
    for d, at in sorted(sent.items()):
        report = dataclasses.replace(_report(1), submitted_at=at)
        status, late = summary_status(d, at, due=time(9), now=now)
        rows.append(
            SummaryRow(uuid.uuid4(), "VNPT Long An", d, report, status=status, late=late, first_submitted_at=at)
        )
    assert [r.before_day_ended for r in rows] == [False, True]
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", other, day, tuple(rows))
    text = " ".join(_pages(summary_pdf(summary, created=now, profile=DONG_THAP)))
    assert "- VNPT Long An: Đã báo cáo (lần 1, gửi trước khi hết ngày, lúc 07:39 07/02/2027)" in text, text
    assert "- VNPT Long An: Đã báo cáo (lần 1, 07:30 07/02/2027)" in text  # 06/02's, sent after it ended
    langs: tuple[tuple[Literal["vi", "en"], str], ...] = (
        ("vi", "Đã báo cáo (gửi trước khi hết ngày)"),
        ("en", "Submitted (sent before the day ended)"),
    )
    for lang, words in langs:
        sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, lang))).worksheets[0]
        said = {r[0].date(): r[3] for r in list(sheet.values)[1:]}
        assert said == {other: "Đã báo cáo" if lang == "vi" else "Submitted", day: words}


def _pages(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


def _report(duty_lines: int) -> DailyReport:
    day = date(2027, 2, 6)
    start = datetime(2027, 2, 6, 1, tzinfo=UTC)
    duty = tuple(
        DutyLine(uuid.uuid4(), "operations", uuid.uuid4(), f"Nhân viên số {i}", "Tổng đài Host Tân An", start, start)
        for i in range(duty_lines)
    )
    facts = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", day, duty=duty)
    return DailyReport(
        uuid.uuid4(), facts, 1, None, "01/BC-VNPTLA", "Bình thường.", start, "a@b.vn", "Trần Thị Quản Lý"
    )


def test_the_signature_is_never_alone_on_a_page_of_its_own() -> None:
    """However long the body, the last section and the signature block share a page: a report whose last
    section would end near the bottom of a page starts it on the next, with the block after it."""
    created = datetime(2027, 2, 7, 2, tzinfo=UTC)
    for lines in range(14, 40):  # from a report on one page to one whose end moves past the first page's bottom
        pages = _pages(report_pdf(_report(lines), created=created, profile=DONG_THAP))
        last = pages[-1]
        assert "Nơi nhận:" in last and "V. TÌNH HÌNH BẤT THƯỜNG, KIẾN NGHỊ" in last, (lines, len(pages))
        assert "Trần Thị Quản Lý" in last and "Bình thường." in last
    rows = tuple(SummaryRow(uuid.uuid4(), f"Doanh nghiệp {i}", date(2027, 2, 6), None) for i in range(60))
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", date(2027, 2, 6), date(2027, 2, 6), rows)
    for count in range(20, 60, 3):
        cut = Summary(summary.campaign_id, summary.campaign_name, summary.first, summary.last, rows[:count])
        last = _pages(summary_pdf(cut, created=created, profile=DONG_THAP))[-1]
        assert "Nơi nhận:" in last and f"Doanh nghiệp {count - 1}:" in last, count


def _sized_text(content: bytes) -> list[tuple[str, float]]:
    """Each piece of text of the PDF's pages with the size it is drawn at (its font size times the text
    matrix's scale, as pypdf reports them)."""
    found: list[tuple[str, float]] = []

    def seen(text: str, _cm: Any, tm: Any, _font: Any, size: float) -> None:
        if text.strip():
            found.append((text.strip(), size * abs(tm[0] or 1)))

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=seen)
    return found


def _placed(content: bytes) -> list[tuple[str, float]]:
    """Each piece of text of the PDF's pages, in the order drawn, with where it starts from the page's left edge."""
    found: list[tuple[str, float]] = []

    def seen(text: str, _cm: Any, tm: Any, _font: Any, _size: float) -> None:
        if text.strip():
            found.append((text.strip(), float(tm[4])))

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=seen)
    return found


def test_a_remarks_second_line_starts_under_its_items_words_not_outside_the_dash() -> None:
    """QZ20 #9: in the day's summary, a remark of two lines ("Dòng hai.") went on at the left margin, outside its
    item's "- "; the report's section V the same. Every line of an item after the first starts where its words do."""
    sent = dataclasses.replace(_report(1), remarks="Dòng một.\nDòng hai.")
    day = sent.facts.day
    summary = Summary(
        uuid.uuid4(), "Tết Đinh Mùi 2027", day, day, (SummaryRow(uuid.uuid4(), "VNPT Long An", day, sent),)
    )
    documents = {
        "summary": summary_pdf(summary, created=sent.submitted_at, profile=DONG_THAP),
        "report": report_pdf(sent, created=sent.submitted_at, profile=DONG_THAP),
    }
    for name, content in documents.items():
        placed = _placed(content)
        second = next(i for i, (text, _) in enumerate(placed) if text.startswith("Dòng hai."))
        item = max(i for i, (text, _) in enumerate(placed[:second]) if text.startswith("-"))
        assert placed[item][0] == "-", (name, placed[item])  # the dash on its own, its words a block beside it
        dash, words = placed[item][1], placed[item + 1][1]
        assert placed[second][1] == pytest.approx(words) and words > dash + 3, (name, placed[item : second + 1])


def test_the_summarys_header_names_the_department_on_one_line() -> None:
    """QA: the province summary's header broke "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG"; the Decree sets it on one line."""
    content = summary_pdf(
        _summary(date(2026, 12, 4), date(2026, 12, 4)), created=datetime(2026, 12, 4, 3, tzinfo=UTC), profile=DONG_THAP
    )
    lines = [line.strip() for p in PdfReader(io.BytesIO(content)).pages for line in p.extract_text().splitlines()]
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in lines, lines[:6]


def test_the_documents_print_the_departments_own_names() -> None:
    """QA (2027-02-07): every province's summary said "UBND TỈNH LONG AN" and "Long An, ngày …"; the names are
    the Department's profile's, and none of Long An's is left."""
    created = datetime(2027, 2, 7, 2, tzinfo=UTC)
    summary = " ".join(
        _pages(summary_pdf(_summary(date(2027, 2, 6), date(2027, 2, 6)), created=created, profile=DONG_THAP))
    )
    for expected in (
        "UBND TỈNH ĐỒNG THÁP SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Cao Lãnh, ngày 07 tháng 02 năm 2027",
        "Nơi nhận: - Bộ Thông tin và Truyền thông; - UBND tỉnh Đồng Tháp; - Lưu: VT.",
    ):
        assert expected in summary, (expected, summary)
    report = " ".join(_pages(report_pdf(_report(3), created=created, profile=DONG_THAP)))
    assert "Cao Lãnh, ngày 06 tháng 02 năm 2027" in report and "- Sở TT&TT tỉnh Đồng Tháp;" in report, report
    for text in (summary, report):
        for long_an in ("UBND TỈNH LONG AN", "UBND tỉnh Long An", "Long An, ngày", "Truyền thông tỉnh Long An"):
            assert long_an not in text, long_an


def test_the_summarys_number_ends_with_the_departments_abbreviation() -> None:
    """QA: the summary printed "Số: /BC-STTTT" whatever the Department (Decree 30: the report type's abbreviation and
    the issuing body's). The one set, else the initials of the Department's name, "và" left out, Đ kept."""
    created = datetime(2027, 2, 7, 2, tzinfo=UTC)
    one_day = _summary(date(2027, 2, 6), date(2027, 2, 6))
    merged = dataclasses.replace(DONG_THAP, department="Sở Khoa học và Công nghệ")
    assert "/BC-SKHCN" in " ".join(_pages(summary_pdf(one_day, created=created, profile=merged)))
    assert "/BC-STTTT" in " ".join(_pages(summary_pdf(one_day, created=created, profile=DONG_THAP)))
    chosen = dataclasses.replace(merged, abbreviation="SKHCNDT")
    text = " ".join(_pages(summary_pdf(one_day, created=created, profile=chosen)))
    assert "Số: /BC-SKHCNDT" in " ".join(text.split()) and "BC-SKHCN " not in text, text
    assert default_abbreviation("Sở Giáo dục và Đào tạo") == "SGDĐT"
    assert default_abbreviation("Sở TT&TT") == "STTTT" and default_abbreviation("") == ""
    assert checked_abbreviation("SKHCN") == "SKHCN" and checked_abbreviation("SGDĐT") == "SGDĐT"
    with pytest.raises(RuleViolation) as lower:
        checked_abbreviation("skhcn")
    assert lower.value.first.field == "abbreviation" and "“SKHCN”" in lower.value.first.message_vi
    for wrong in ("S KHCN", "BC-SKHCN", "SỞKHCN", "S" * 21):
        with pytest.raises(RuleViolation):
            checked_abbreviation(wrong)


def test_an_empty_profile_prints_no_document() -> None:
    """Until an administrator sets the profile, neither document is made: the refusal names the page to set it on."""
    created = datetime(2027, 2, 7, 2, tzinfo=UTC)
    for make in (
        lambda: report_pdf(_report(3), created=created, profile=EMPTY),
        lambda: summary_pdf(_summary(date(2027, 2, 6), date(2027, 2, 6)), created=created, profile=EMPTY),
    ):
        with pytest.raises(ProfileNotSet) as refused:
            make()
        assert "Thông tin Sở" in refused.value.first.message_vi and "Department details" in refused.value.first.message


def test_the_recipients_end_with_the_decrees_marks_whatever_was_typed() -> None:
    """QA (Đồng Tháp): typed as the page suggested ("…Đồng Tháp;", "Lưu: VT."), the PDFs printed ";;" and "..": a
    mark typed at a line's end is the document's to add (Decree 30: ";" after each recipient, "." after the last)."""
    typed = ["Sở Thông tin và Truyền thông tỉnh Đồng Tháp;", "UBND tỉnh Đồng Tháp ,", "Bộ TT&TT", "Lưu: VT."]
    assert recipient_lines(typed) == [
        "- Sở Thông tin và Truyền thông tỉnh Đồng Tháp;",
        "- UBND tỉnh Đồng Tháp;",
        "- Bộ TT&TT;",
        "- Lưu: VT.",
    ]
    assert recipient_lines(["Lưu: VT, KTTT;"]) == ["- Lưu: VT, KTTT."]  # the only one is the last
    assert as_printed("Cao Lãnh,") == "Cao Lãnh" and as_printed("Lưu: VT") == "Lưu: VT" and as_printed(".") == "."
    typed_profile = dataclasses.replace(
        DONG_THAP,
        place="Cao Lãnh,",
        report_recipients=("Sở TT&TT tỉnh Đồng Tháp;", "Lưu: VT."),
        summary_recipients=("Bộ Thông tin và Truyền thông;", "UBND tỉnh Đồng Tháp;", "Lưu: VT."),
    )
    created = datetime(2027, 2, 7, 2, tzinfo=UTC)
    summary = " ".join(
        _pages(summary_pdf(_summary(date(2027, 2, 6), date(2027, 2, 6)), created=created, profile=typed_profile))
    )
    report = " ".join(_pages(report_pdf(_report(3), created=created, profile=typed_profile)))
    assert "Nơi nhận: - Bộ Thông tin và Truyền thông; - UBND tỉnh Đồng Tháp; - Lưu: VT." in summary, summary
    assert "Nơi nhận: - Sở TT&TT tỉnh Đồng Tháp; - Lưu: VT." in report, report
    for text in (summary, report):
        assert ";;" not in text and ".." not in text and "Cao Lãnh, ngày 0" in text and ",," not in text


def test_the_summarys_workbook_says_no_leader_on_duty_in_words() -> None:
    """QA: where the PDF says "trực lãnh đạo: không có", the workbook's "Trực lãnh đạo" was blank beside the
    counts (read as 0); now in words, in both languages — and still blank for a report not sent."""
    day = date(2027, 2, 6)
    sent = _report(2)  # two on operations duty, nobody on leadership duty
    rows = (SummaryRow(uuid.uuid4(), "VNPT Long An", day, sent), SummaryRow(uuid.uuid4(), "Bưu điện", day, None))
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", day, day, rows)
    assert "trực lãnh đạo: không có" in " ".join(
        _pages(summary_pdf(summary, created=sent.submitted_at, profile=DONG_THAP))
    )
    langs: tuple[tuple[Literal["vi", "en"], str], ...] = (("vi", "Không có"), ("en", "None"))
    for lang, none in langs:
        sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, lang))).worksheets[0]
        said = {r[2]: r[6] for r in list(sheet.values)[1:]}
        assert said == {"VNPT Long An": none, "Bưu điện": None}, said


def test_the_door_notice_gives_the_lunar_day_room_to_be_read() -> None:
    """QA: "Mùng N tháng Giêng" was shrunk to a tiny font in the notice's lunar-day column (30 mm for 41 mm of
    text): every lunar day name is drawn at the table's 11 pt."""
    days = tuple(
        DayHours(date(2027, 2, 1) + timedelta(days=i), True, (Session("07:30", "11:30"), Session("13:30", "17:00")))
        for i in range(20)
    )
    point = PublishedPoint(
        uuid.uuid4(), "Bưu điện Văn hóa xã Hưng Điền", "Tân Hưng", uuid.uuid4(), "Bưu điện tỉnh Long An",
        uuid.uuid4(), 2027, days, 1, datetime(2027, 1, 20, 3, tzinfo=UTC),
    )  # fmt: skip
    sizes = dict(_sized_text(notice_pdf(point, created=datetime(2027, 1, 20, 3, tzinfo=UTC))))
    lunar = [lunar_day_name(d.day) for d in days]
    assert "Mùng 10 tháng Giêng" in lunar
    assert all(sizes.get(name, 0) >= 10.5 for name in lunar), {n: sizes.get(n) for n in lunar}


def test_the_reports_remarks_print_each_typed_line_after_its_own_mark() -> None:
    """V6's leftover (QZ28 #4 in the campaign report): section V printed the remarks as one item, "- 1. …" with a dash
    before a number the manager typed and the next lines under it unmarked. Each typed line is now an item after its
    own mark ("1.", "a)", "-") or a dash (lichtruc.pdf.decree30.typed_lines), as the campaign report's section VIII."""
    sent = dataclasses.replace(_report(1), remarks="1. Mất điện trạm Hưng Điền.\n\n2) Đã khắc phục.\nGhi chú thêm.")
    text = " ".join(_pages(report_pdf(sent, created=sent.submitted_at, profile=DONG_THAP)))
    section = text[text.index("V. TÌNH HÌNH BẤT THƯỜNG, KIẾN NGHỊ") :]
    assert "1. Mất điện trạm Hưng Điền. 2) Đã khắc phục. - Ghi chú thêm." in section, section
    assert "- 1." not in section
