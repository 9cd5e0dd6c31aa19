"""Daily situation reports as documents: a PDF laid out as a Vietnamese administrative report (Decree
30/2020/NĐ-CP: the issuing body top left, the national motto top right, number, place and date, the
title, the body, recipients and the signature block) and an XLSX workbook; the province's summary
for a day or a whole campaign, likewise."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from lichtruc.duty_types import duty_type_name
from lichtruc.pdf import FAMILY, new_pdf
from lichtruc.pdf.decree30 import closing, typed_section
from lichtruc.pdf.decree30 import ending as _ending
from lichtruc.pdf.decree30 import header as _header
from lichtruc.pdf.decree30 import item as _item
from lichtruc.pdf.decree30 import section as _section
from lichtruc.pdf.decree30 import title as _title
from lichtruc.sheets import DATE_FORMAT, DATETIME_FORMAT, fit_columns
from lichtruc.text import sheet_text, without_day
from lichtruc.vntime import clock, day_label, local, span

from ..domain.department import DepartmentProfile, recipient_lines
from ..domain.reports import (
    GAPS_BASIS_VI,
    AbsenceLine,
    CheckInLine,
    DailyReport,
    DutyLine,
    GapLine,
    HandoverLine,
    IncidentLine,
    PrintedFor,
    SectionIV,
    ShortfallLine,
    SoFar,
    Summary,
    SummaryRow,
    presence_note,
    provisional_note,
)

if TYPE_CHECKING:
    from fpdf import FPDF  # imported where a document is made (pdf.new_pdf)
    from openpyxl import Workbook  # imported where a workbook is made (_workbook)
    from openpyxl.worksheet.worksheet import Worksheet

CHECK_IN_VI = {
    "on_time": "Đúng giờ",
    "late": "Muộn",
    "missing": "Không điểm danh",
    "not_yet": "Chưa điểm danh",
    "not_started": "Chưa đến giờ trực",
    "absent": "Không đến",
    "confirmed": "Có mặt, không điểm danh (quản lý xác nhận khi giao ca)",
}
SEVERITY_VI = {"minor": "nhẹ", "serious": "nghiêm trọng", "critical": "đặc biệt nghiêm trọng"}
STATUS_VI = {"open": "Đang xử lý", "resolved": "Đã khắc phục"}


def _closing(pdf: FPDF, *, title: str, name: str, recipients: Sequence[str]) -> None:
    """Recipients bottom left ("Nơi nhận", as Decree 30 prints them), the signature block bottom right."""
    closing(pdf, title=title, name=name, recipients=recipient_lines(list(recipients)))


def _from(d: DutyLine | CheckInLine | AbsenceLine, lang: Literal["vi", "en"]) -> str:
    """ " từ 09:05" / " from 09:05": when a shift nobody came to was handed over (QZ14 #1: since QZ13 #2 the new shift
    starts then, not at this one's start); with the date when it was another day; empty in reports made before.
    Sections I, II and IV alike (QZ14: section II's line lacked it)."""
    if d.handed_at is None:
        return ""
    same_day = local(d.handed_at).date() == local(d.starts_at).date()
    at = f"{local(d.handed_at):%H:%M}" if same_day else clock(d.handed_at, lang)
    return f" từ {at}" if lang == "vi" else f" from {at}"


def duty_text(d: DutyLine) -> str:
    where = f", tại {', '.join(d.site_names)}" if d.site_names else ""  # every site the shift covers (QZ13 #15)
    absent = f" — không đến (giao ca cho {d.handed_to}{_from(d, 'vi')})" if d.handed_to else ""  # QZ12: rostered
    return f"{duty_type_name(d.duty_type)}: {d.full_name} ({span(d.starts_at, d.ends_at)}{where}){absent}"


def word_afterwards(c: CheckInLine, lang: Literal["vi", "en"]) -> str:
    """A manager's word afterwards on the person (QZ27 #3), which section IV counts over the check-in: "xác nhận sau:
    có mặt 06:40–14:00" / "confirmed afterwards: there 06:40–14:00", "ghi nhận sau: không có mặt" / "recorded
    afterwards: not there"; empty without one."""
    vi = lang == "vi"
    if c.recorded_absent:
        return "ghi nhận sau: không có mặt" if vi else "recorded afterwards: not there"
    if (there := c.confirmed) is not None:
        return f"{'xác nhận sau: có mặt' if vi else 'confirmed afterwards: there'} {span(*there)}"
    return ""


def check_in_text(c: CheckInLine) -> str:
    at = f" lúc {clock(c.checked_in_at)}" if c.checked_in_at else ""
    if c.handed_to:  # QZ12 #2: nobody came, the shift handed over (from the handover, QZ13 #2)
        at = f" (giao ca cho {c.handed_to}{_from(c, 'vi')})"
    elif rest := rest_text(c, "vi"):  # QZ17 #5: handed over unticked, as section IV says it
        at = f" — {rest}"
    if word := word_afterwards(c, "vi"):
        at += f"; {word}"
    return (
        f"{c.full_name} ({duty_type_name(c.duty_type)}, ca bắt đầu {clock(c.starts_at)}): {CHECK_IN_VI[c.status]}{at}"
    )


_INCIDENT_LINE_WORDS = {"vi": ("mức độ", "khôi phục lúc"), "en": ("severity", "restored at")}


def incident_text(i: IncidentLine, lang: Literal["vi", "en"] = "vi") -> str:
    """An incident's line of section III as the PDF prints it — its time, what and where, severity, status, the
    time service was restored, the handling — in `lang`'s words; the portal's report page shows the same line (the
    API's `said`, `said_en`: QZ13, the page had no severity, status nor restore time to review before signing).
    Mid-sentence the status is lower-case, and the handling needs no label of its own: each of its parts has one
    ("ứng cứu: …", "nguyên nhân: …") — QZ14 #15 read "; Đang xử lý; xử lý: ứng cứu: …"."""
    severity, status = (SEVERITY_EN, STATUS_EN) if lang == "en" else (SEVERITY_VI, STATUS_VI)
    severity_word, restored_word = _INCIDENT_LINE_WORDS[lang]
    parts = [f"{clock(i.detected_at, lang)}: {i.summary_in(lang)}"]
    if i.severity:
        parts.append(f"{severity_word}: {severity.get(i.severity, i.severity)}")
    if i.status:
        said = status.get(i.status, i.status)
        parts.append(said[:1].lower() + said[1:])
    if i.restored_at:
        parts.append(f"{restored_word} {clock(i.restored_at, lang)}")
    if handling := i.handling_in(lang):
        parts.append(handling)
    return "; ".join(parts)


def gap_text(g: GapLine, not_come: Sequence[AbsenceLine] = ()) -> str:
    """ "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), 06:00–09:05 06/02/2027: cần 1 người, bố trí 0 người — Kiều Văn Sơn
    không đến, giao ca cho Trần Văn Bảy từ 09:05": the people who never came whose hours the gap is (`section_iv`)
    named on it, not on a presence line of their own (QZ16 #1)."""
    where = g.site_name or "toàn doanh nghiệp"
    said = f"{duty_type_name(g.duty_type)} ({where}), {span(g.starts_at, g.ends_at)}: "
    said += f"cần {g.required} người, bố trí {g.planned} người"
    return said + (f" — {not_come_text(not_come, 'vi')}" if not_come else "")


def shortfall_text(s: ShortfallLine, missing: Sequence[AbsenceLine], lang: Literal["vi", "en"] = "vi") -> str:
    """A presence shortfall of section IV (`domain.reports.presence_shortfalls`, audit's rule): "Trực điều hành (toàn
    doanh nghiệp), thiếu người có mặt 09:45–13:30 06/02/2027: cần 1 người, bố trí 1 người, có mặt 0 người — Lê Thị Hồng
    Nhung không điểm danh" — the post, not each person: one absent while others kept the post covered is not one (QZ19
    #1); the plan's figure beside the fact's, so a post short in plan too reads so (QZ26 #2)."""
    who = "; ".join(absence_who(a, lang) for a in missing)
    if lang == "vi":
        where = s.site_name or "toàn doanh nghiệp"
        said = f"{duty_type_name(s.duty_type)} ({where}), thiếu người có mặt {span(s.starts_at, s.ends_at)}: "
        said += f"cần {s.required} người, bố trí {s.planned} người, có mặt {s.present} người"
    else:
        where = s.site_name or "whole enterprise"
        said = f"{duty_type_name(s.duty_type, 'en')} ({where}), short of people there {span(s.starts_at, s.ends_at)}: "
        said += f"{s.required} required, {s.planned} rostered, {s.present} there"
    return said + (f" — {who}" if who else "")


def not_come_text(not_come: Sequence[AbsenceLine], lang: Literal["vi", "en"]) -> str:
    """Who never came in a gap's hours, and whom their shift went to: "Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy
    từ 09:05" / "Kiều Văn Sơn did not come; handed over to Trần Văn Bảy from 09:05"."""
    said = []
    for a in not_come:
        if lang == "vi":
            said.append(f"{a.full_name} không đến, giao ca cho {a.handed_to}{_from(a, 'vi')}")
        else:
            said.append(f"{a.full_name} did not come; handed over to {a.handed_to}{_from(a, 'en')}")
    return "; ".join(said) if lang == "vi" else ". ".join(said)


def rest_text(c: CheckInLine | AbsenceLine, lang: Literal["vi", "en"]) -> str:
    """Whom the rest of a shift went to when it was handed over without a check-in ("Người trực không đến" unticked):
    "giao phần còn lại cho Phan Văn Hải từ 09:05" / "the rest handed over to Phan Văn Hải from 09:05"; empty otherwise
    (section II and IV say the same words, QZ17 #5); the same of one the manager said was there (`confirmed`)."""
    if c.status not in ("missing", "confirmed") or not c.rest_handed_to:
        return ""
    rest = "giao phần còn lại cho" if lang == "vi" else "the rest handed over to"
    return f"{rest} {c.rest_handed_to}{_from(c, lang)}"


def absence_where(a: AbsenceLine, lang: Literal["vi", "en"]) -> str:
    """Where a presence line's absence counts: the shift's site, and the further sites it covers, where audit counts it
    too (`presence.Absence.on_key`) — "Trạm Hưng Điền, ca kiêm cả Trạm Mỹ Thạnh Bắc" / "Hưng Điền station, the shift
    also covering Mỹ Thạnh Bắc station" (QZ17 #8b: only the first was named); the enterprise as a whole without one."""
    if not a.site_name:
        return "toàn doanh nghiệp" if lang == "vi" else "whole enterprise"
    if not a.covers_site_names:
        return a.site_name
    also = "ca kiêm cả" if lang == "vi" else "the shift also covering"
    return f"{a.site_name}, {also} {', '.join(a.covers_site_names)}"


def absence_text(a: AbsenceLine) -> str:
    """ "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), không có mặt 06:15–09:15 06/02/2027: Kiều Văn Sơn chưa điểm danh";
    one whose shift was handed over at 09:05: "…: Võ Minh Nhựt không điểm danh, giao phần còn lại cho Phan Văn Hải từ
    09:05" — one bracket, the site's (QZ17 #5: "(… (…))" read awkwardly)."""
    where = absence_where(a, "vi")
    return (
        f"{duty_type_name(a.duty_type)} ({where}), không có mặt {span(a.starts_at, a.ends_at)}: {absence_who(a, 'vi')}"
    )


def absence_who(a: AbsenceLine, lang: Literal["vi", "en"]) -> str:
    """Who of a presence line and why: "Kiều Văn Sơn chưa điểm danh" (see `absence_status`)."""
    return f"{a.full_name} {absence_status(a, lang)}"


def absence_status(a: AbsenceLine, lang: Literal["vi", "en"]) -> str:
    """Why a presence line's person was not there, as the PDF, the workbook and the portal's page say it, by its
    `status` (`domain.reports.absence_outcome`, section II's words): late at 07:20; never came, the shift handed over
    (QZ14: such a person read "chưa điểm danh"); no check-in, the shift over — "không điểm danh", with whom the rest
    went to when it was handed over (QZ16 #2: such a person read "chưa điểm danh" beside section II's "Không điểm
    danh"); "chưa điểm danh" only of a shift still under way."""
    vi = lang == "vi"
    if a.handed_to:  # as a gap names them (`not_come_text`), without brackets inside the line's (QZ17 #5)
        handed = "không đến, giao ca cho" if vi else "did not come; handed over to"
        return f"{handed} {a.handed_to}{_from(a, lang)}"
    if a.checked_in_at:
        return f"{'điểm danh muộn lúc' if vi else 'checked in late at'} {local(a.checked_in_at):%H:%M}"
    if a.status == "missing":
        said = "không điểm danh" if vi else "did not check in"
        if rest := rest_text(a, lang):
            said += f"{', ' if vi else '; '}{rest}"
        return said
    return "chưa điểm danh" if vi else "not checked in"


def duty_of(campaign_name: str) -> str:
    """The duty a campaign is, as it follows "Tình hình": "trực Tết Đinh Mùi 2027" (no "Tết Tết"); a name that
    says its duty already stands alone ("Diễn tập trực Tết 04/12/2026", not "trực Tết Diễn tập trực Tết…")."""
    folded = campaign_name.casefold()
    if "trực" in folded:
        return campaign_name
    return f"trực {campaign_name}" if folded.startswith("tết") else f"trực Tết {campaign_name}"


def report_title(report: DailyReport) -> list[str]:
    f = report.facts
    return [f"Tình hình {duty_of(without_day(f.campaign_name, f.day))}", f"ngày {day_label(f.day, 'vi')}"]


def report_pdf(report: DailyReport, *, created: datetime, profile: DepartmentProfile) -> bytes:
    """One submitted report as an A4 administrative report, in Vietnamese, fonts embedded; the place before its
    date and its recipients are the Department's as they were when it was sent (`report.printed`, R2's leftover:
    an old report printed today's profile) — for a report sent before the Department set any, its profile now
    (`profile`, ProfileNotSet while it is empty)."""
    printed = report.printed
    if printed is None:
        current = profile.required()
        printed = PrintedFor(current.place, current.report_recipients)
    f = report.facts
    pdf = new_pdf(title=f"Báo cáo tình hình trực Tết của {f.enterprise_name} ngày {f.day:%d/%m/%Y}", created=created)
    pdf.add_page()
    _header(
        pdf,
        body=f.enterprise_name,
        unit="Bộ phận trực Tết",
        number=report.number,
        at=report.submitted_at,
        place=printed.place,
    )
    _title(pdf, report_title(report))
    if report.version > 1:
        pdf.set_font(FAMILY, "I", 12)
        pdf.multi_cell(
            0, 6, f"(Báo cáo bổ sung, lần {report.version}: thay thế các lần trước)", align="C",
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(2)
    _section(pdf, "I. TÌNH HÌNH BỐ TRÍ TRỰC", map(duty_text, f.duty), empty="Không có ca trực nào trong ngày.")
    _section(pdf, "II. ĐIỂM DANH", map(check_in_text, f.check_ins), empty="Không có ca trực nào bắt đầu trong ngày.")
    _section(pdf, "III. SỰ CỐ THÔNG TIN VÀ VIỆC XỬ LÝ", map(incident_text, f.incidents), empty="Không có sự cố.")
    section = report.section  # as submitted; who never came is named on their gap, once (QZ16 #1)
    _section(
        pdf,
        f"IV. THIẾU HỤT LỰC LƯỢNG TRỰC ({GAPS_BASIS_VI})",
        [
            *(gap_text(g, people) for g, people in section.gaps),
            *(shortfall_text(s, people) for s, people in section.shortfalls),
            *map(absence_text, section.unjudged),  # a report that kept no plan's stretches, as it read then
        ],
        empty="Không có thiếu hụt.",
        # from when "không có mặt" counts (QZ18 #6)
        note=presence_note("vi") if section.shortfalls or section.unjudged else None,
    )
    _ending(
        pdf,
        lambda p: typed_section(p, "V. TÌNH HÌNH BẤT THƯỜNG, KIẾN NGHỊ", report.remarks, empty="Không có."),
        lambda p: _closing(
            p, title=signing_title(report), name=report.submitted_by_name, recipients=printed.recipients
        ),
    )
    return bytes(pdf.output())


def signing_title(report: DailyReport) -> str:
    """The capacity above the signature: the leader on duty that day signs as such; anyone else who may
    submit (a manager, an administrator) signs on behalf of the enterprise, Decree 30's "TM." — never as the
    leader on duty they were not."""
    return "Trực lãnh đạo" if report.submitted_by_name in report.facts.leader_names else f"TM. {report.enterprise_name}"


def summary_title(summary: Summary) -> list[str]:
    name = summary.campaign_name
    if summary.first == summary.last:
        when = f"ngày {day_label(summary.first, 'vi')}"
        name = without_day(name, summary.first)  # the day is said on the next line
    else:
        when = f"từ ngày {summary.first:%d/%m/%Y} đến ngày {summary.last:%d/%m/%Y}"
    return [f"Tổng hợp tình hình {duty_of(name)} của các doanh nghiệp", when]


def _status(row: SummaryRow) -> str:
    """The row's status in the inspectors' status page's words (`SummaryRow.status`); a corrected report's first
    version first, whose time made it on time or late, then the correction's (QA: "lần 2, 10:08 07/02" read as late
    beside a 09:00 deadline that the first version, at 07:40, had met)."""
    r = row.report
    if r is None:
        return "Thiếu (quá hạn)" if row.status == "missing" else "Chưa đến hạn"
    timing = "nộp muộn" if row.late else "đúng hạn"
    # one sent before its day ended tells only that day's morning: said so, long after (QZ23 #8)
    early = "gửi trước khi hết ngày, lúc " if row.before_day_ended else ""
    if r.version > 1 and row.first_submitted_at is not None:
        return f"Đã báo cáo (lần 1, {early}{clock(row.first_submitted_at)}, {timing}; bổ sung lần {r.version} lúc {clock(r.submitted_at)})"
    return f"Đã báo cáo (lần {r.version}, {early}{clock(r.submitted_at)}" + (", nộp muộn)" if row.late else ")")


def _submitted_line(summary: Summary) -> str:
    """How many reports are in, out of those already due (a day's report is due the next morning; QA: on the
    campaign's second day its count read 0/34, the days still to come counted as not sent), then how many are
    missing, late and not yet due, in the status page's words; for one day, enterprises; for several, reports of
    the enterprises' days. An enterprise that owes reports only from a later day is named with the reports not
    counted, so that the numbers add up (QZ19 #4: "7/41 đã đến hạn (5 doanh nghiệp, … trong 17 ngày); chưa đến
    hạn: 54" of 6 enterprises, 6 × 17 = 41 + 54 + the late joiner's 7, which went unsaid). A report sent before its
    deadline is not one of those due: said apart, "nộp sớm (chưa đến hạn)" (QZ22 #11: "4/37 đã đến hạn" counted two
    early reports of 06/02 among 35 due), so sent-of-due, missing, early and not yet due add up to the whole."""
    rest = [
        f"{words}: {n}"
        for words, n in (
            ("thiếu (quá hạn)", summary.count("missing")),
            ("nộp muộn", summary.late),
            ("nộp sớm (chưa đến hạn)", summary.early),
            ("chưa đến hạn", summary.count("not_yet_due")),
        )
        if n
    ]
    not_owed = [
        f"{n.enterprise_name} tính nghĩa vụ từ {n.obligations_from:%d/%m/%Y}: {n.days} báo cáo không tính"
        for n in summary.not_owed
    ]
    if summary.first == summary.last:
        why = f" ({'; '.join([f'{summary.enterprises} doanh nghiệp', *not_owed])})" if not_owed else ""
        sent = summary.submitted + summary.early  # one day: all due, or none (then the early ones are said below)
        return "; ".join([f"Số doanh nghiệp đã báo cáo: {sent}/{len(summary.rows)}{why}", *rest]) + "."
    days = (summary.last - summary.first).days + 1
    out_of = f"{summary.due} đã đến hạn" if summary.due < len(summary.rows) else str(len(summary.rows))
    each = f"{summary.enterprises} doanh nghiệp, mỗi doanh nghiệp một báo cáo mỗi ngày, trong {days} ngày"
    if not_owed:
        each += f": {summary.enterprises * days} báo cáo"
    return (
        "; ".join([f"Số báo cáo ngày đã nộp: {summary.submitted}/{out_of} ({'; '.join([each, *not_owed])})", *rest])
        + "."
    )


def summary_pdf(summary: Summary, *, created: datetime, profile: DepartmentProfile) -> bytes:
    """The province's summary: per day, each enterprise's latest report (or that it has none), under the
    Department's letterhead (`profile`, ProfileNotSet while it is empty); its number left for the office to write
    before the report type's and the Department's abbreviations (Decree 30: "Số:      /BC-STTTT")."""
    profile = profile.required()
    number = f"     /BC-{profile.symbol}"
    pdf = new_pdf(title=" ".join(summary_title(summary)), created=created)
    pdf.add_page()
    _header(pdf, body=profile.superior, unit=profile.department, number=number, at=created, place=profile.place)
    _title(pdf, summary_title(summary))
    pdf.set_font(FAMILY, "", 13)
    pdf.multi_cell(
        0, 6.5,
        _submitted_line(summary),
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    if summary.as_of is not None:  # QZ26 #8: a day under way, said as such, with what is known of it so far
        pdf.set_font(FAMILY, "I", 13)
        pdf.multi_cell(0, 6.5, provisional_text(summary.as_of), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    day: date | None = None
    *rows, last = summary.rows or (None,)
    for row in rows:
        day = _summary_row(pdf, row, day)

    def last_row(p: FPDF) -> None:
        if last is not None:
            _summary_row(p, last, day)

    _ending(
        pdf,
        last_row,
        lambda p: _closing(p, title="Giám đốc", name="", recipients=profile.summary_recipients),
    )
    return bytes(pdf.output())


def shortfalls(report: DailyReport) -> int:
    """An enterprise's "thiếu hụt" in the day's summary: what its report's section IV lists as of its submission — the
    planning gaps and the presence shortfalls, each once (`SectionIV.count`) — so the summary, the report and the
    inspectors' presence pages agree (QZ19 #1: the summary counted the gaps alone, the report every absent person)."""
    return report.section.count


def shortfalls_said(report: DailyReport) -> str:
    """The summary's "thiếu hụt" with what they are (QZ27 #2: "7 thiếu hụt" on a day the gap list showed no gap read as
    seven gaps): the planning gaps ("khoảng trống lịch trực", fewer rostered than required) and the presence
    shortfalls (people rostered not come), apart, as section IV lists them."""
    return section_said(report.section)  # as kept at submission, or a draft's as of now, as `shortfalls` counts it


def section_parts(iv: SectionIV) -> tuple[int, int]:
    """Section IV's entries by what they are: the planning gaps (fewer rostered than required) and the times someone
    rostered was not there (the presence shortfalls, and an old report's presence lines) — `SectionIV.count` is their
    sum, the summary's "thiếu hụt", never said without them (QZ29: "Số thiếu hụt" read as people short)."""
    return len(iv.gaps), len(iv.shortfalls) + len(iv.unjudged)


def section_said(iv: SectionIV, lang: Literal["vi", "en"] = "vi") -> str:
    """ "2 thiếu hụt (1 khoảng trống lịch trực, 1 lần có người trong lịch chưa có mặt)": section IV's count with its
    parts (`section_parts`), in the summary's PDF for a day reported or not yet (QZ29)."""
    gaps, absent = section_parts(iv)
    if lang == "vi":
        return f"{iv.count} thiếu hụt ({gaps} khoảng trống lịch trực, {absent} lần có người trong lịch chưa có mặt)"
    return f"{iv.count} shortfall(s) ({gaps} roster gap(s), {absent} time(s) someone rostered was not there)"


def _summary_row(pdf: FPDF, row: SummaryRow, day: date | None) -> date:
    """One enterprise's day in the summary, under its day's heading when the day changes; the row's day."""
    if row.day != day:
        pdf.set_font(FAMILY, "B", 13)
        pdf.multi_cell(0, 7, f"Ngày {day_label(row.day, 'vi')}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    r = row.report
    text = f"{row.enterprise_name}: {_status(row)}"
    if r is not None:
        f = r.facts
        leaders = f.leader_names
        text += f"; trực lãnh đạo: {', '.join(leaders) or 'không có'}; {len(f.incidents)} sự cố; {shortfalls_said(r)}"
        if r.remarks:
            text += f"; ghi chú: {r.remarks}"
    elif row.so_far is not None:
        text += f"; {so_far_text(row.so_far)}"
    _item(pdf, 6, text)
    if row.so_far is not None and r is None:
        for line in so_far_lines(row.so_far):
            pdf.multi_cell(0, 6, f"  + {line}", new_x="LMARGIN", new_y="NEXT")
    if row.recorded_since or row.handed_since:
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, _since_sent(row), new_x="LMARGIN", new_y="NEXT")
    return row.day


def provisional_text(at: datetime) -> str:
    """The summary's word on figures of a day not over or not reported yet: "Số liệu tạm tính đến 22:30 05/02/2027 (29
    tháng Chạp): …" — what they are and whose they are not yet."""
    return (
        f"{provisional_note(at)}: với ngày chưa kết thúc hoặc báo cáo chưa đến hạn, các số liệu tạm tính dưới đây lấy "
        "từ hệ thống lịch trực (trực, điểm danh, sự cố đã ghi nhận), chưa phải báo cáo của doanh nghiệp."
    )


def so_far_text(f: SoFar, lang: Literal["vi", "en"] = "vi") -> str:
    """A row's figures so far in one line (QZ26 #8): "tạm tính đến 22:30: trực lãnh đạo: …; 2 sự cố (1 đang xử lý,
    1 đã khắc phục); 1 thiếu hụt; 2 người chưa có mặt"."""
    leaders = ", ".join(f.leaders)
    people = len({a.staff_id or a.full_name for a in f.not_there})
    if lang == "vi":
        return (
            f"tạm tính đến {local(f.at):%H:%M}: trực lãnh đạo: {leaders or 'không có'}; {len(f.incidents)} sự cố "
            f"({len(f.open_incidents)} đang xử lý, {len(f.resolved_incidents)} đã khắc phục); "
            f"{section_said(f.section)}; {people} người chưa có mặt"
        )
    return (
        f"so far, as of {local(f.at):%H:%M}: leadership duty: {leaders or 'none'}; {len(f.incidents)} incident(s) "
        f"({len(f.open_incidents)} being handled, {len(f.resolved_incidents)} restored); "
        f"{section_said(f.section, 'en')}; {people} person(s) not there"
    )


def so_far_lines(f: SoFar) -> list[str]:
    """What a row's figures so far count, line by line, in the daily report's words: each incident (its time, what
    and where, status), each gap and shortfall of section IV, each person not there beside them."""
    incidents = [
        f"{clock(i.detected_at)}: {i.summary}; {STATUS_VI.get(i.status or '', i.status or '').lower()}".rstrip("; ")
        for i in f.incidents
    ]
    return [
        *(f"Sự cố {line}" for line in incidents),
        *(gap_text(g, people) for g, people in f.section.gaps),
        *(shortfall_text(s, people) for s, people in f.section.shortfalls),
        *(absence_text(a) for a in f.section.absences if not a.shortfall),
    ]


def _since_sent(row: SummaryRow) -> str:
    """What the report does not say, in one note: the day's incidents recorded (or detected) after it was sent, and
    the day's handovers made after it was sent (K3: the summary said the first, not the second)."""
    said = []
    if incidents := row.recorded_since:
        listed = "; ".join(f"{clock(i.detected_at)} {i.summary}" for i in incidents)
        said.append(f"hệ thống đã ghi nhận thêm {len(incidents)} sự cố trong ngày, báo cáo chưa nêu ({listed})")
    if handovers := row.handed_since:
        listed = "; ".join(handover_text(h, "vi") for h in handovers)
        said.append(f"đã có thêm {len(handovers)} lần giao ca trong ngày, báo cáo chưa nêu ({listed})")
    return f"  Lưu ý: sau khi gửi báo cáo này, {'; '.join(said)}; doanh nghiệp cần gửi báo cáo bổ sung."


def handover_text(h: HandoverLine, lang: Literal["vi", "en"] = "vi") -> str:
    """A handover the report does not tell, as the summary says it: "Trực điều hành (Trạm Hưng Điền A), 16:30–24:00
    06/02/2027: Trần Văn Đức giao ca cho Phạm Thị Ngọc Ánh; lý do: Ốm đột xuất" — the duty, where, the rest taken over
    (from the handover's moment to the shift's end, 24:00 at midnight), who handed over to whom, and why; one whose
    people never came: "Kiều Văn Sơn không đến, giao ca cho …" (the daily report's words)."""
    where = ", ".join(h.site_names) or ("toàn doanh nghiệp" if lang == "vi" else "whole enterprise")
    by, to = ", ".join(h.handed_by) or "—", ", ".join(h.taken_by) or "—"
    reason = " ".join((h.reason or "").split())  # a reason's typed line breaks, inline
    if lang == "vi":
        who = f"{by} không đến, giao ca cho {to}" if h.absent else f"{by} giao ca cho {to}"
        why = f"; lý do: {reason}" if reason else ""
    else:
        who = f"{by} did not come; handed over to {to}" if h.absent else f"{by} handed over to {to}"
        why = f"; reason: {reason}" if reason else ""
    return f"{duty_type_name(h.duty_type, lang)} ({where}), {span(h.starts_at, h.ends_at, lang)}: {who}{why}"


# --- XLSX --------------------------------------------------------------------------------------


def _workbook() -> Workbook:
    # Imported at the first workbook, not at import: openpyxl (with numpy) is half a second of CPU that
    # every roster process, and every test that starts one, paid at start for nothing (as fpdf, pdf.new_pdf).
    from openpyxl import Workbook

    return Workbook()


def _sheet(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    fit_columns(ws)
    ws.freeze_panes = "A2"


def _cell(value: object) -> object:
    """A value a worksheet can hold and will not run: control characters (which a text may carry) left out, a
    text that starts like a formula behind an apostrophe (openpyxl would write "=…" as a live formula); an
    instant as a date-time in Vietnam time (a spreadsheet has no time zones), so that it sorts as one."""
    if isinstance(value, datetime):
        return local(value).replace(tzinfo=None)
    return sheet_text(value) if isinstance(value, str) else value


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


CHECK_IN_EN = {
    "on_time": "On time",
    "late": "Late",
    "missing": "No check-in",
    "not_yet": "Not checked in yet",
    "not_started": "Not started yet",
    "absent": "Did not come",
    "confirmed": "There, not checked in (confirmed by the manager at the handover)",
}
SEVERITY_EN = {"minor": "minor", "serious": "serious", "critical": "critical"}
STATUS_EN = {"open": "Being handled", "resolved": "Restored"}

_REPORT_WORDS: dict[str, dict[str, Any]] = {
    "vi": {
        "sheets": ("Báo cáo", "Trực", "Điểm danh", "Sự cố", "Thiếu hụt", "Chưa có mặt"),
        "overview": ["Mục", "Nội dung"],
        "items": (
            "Doanh nghiệp",
            "Đợt trực",
            "Ngày",
            "Số",
            "Lần báo cáo",
            "Người ký",
            "Thời gian gửi",
            "Tình hình bất thường, kiến nghị",
        ),
        "duty": ["Loại trực", "Họ và tên", "Địa điểm", "Bắt đầu", "Kết thúc", "Ghi chú"],
        "check_ins": ["Họ và tên", "Loại trực", "Ca bắt đầu", "Điểm danh lúc", "Tình trạng"],
        "incidents": ["Phát hiện lúc", "Nội dung", "Mức độ", "Tình trạng", "Khôi phục lúc", "Xử lý"],
        "gaps": [
            "Loại trực",
            "Địa điểm",
            "Từ",
            "Đến",
            "Cần (người)",
            "Bố trí (người)",
            "Người không đến / không có mặt",
            "Có mặt (người)",
            "Loại thiếu hụt",
        ],
        "kinds": ("Thiếu bố trí", "Thiếu người có mặt"),
        "absences": ["Loại trực", "Địa điểm", "Không có mặt từ", "Đến", "Họ và tên", "Tình trạng", "Gây thiếu hụt"],
        "short": ("Có", "Không"),
        "whole": "Toàn doanh nghiệp",
    },
    "en": {
        "sheets": ("Report", "On duty", "Check-ins", "Incidents", "Shortfalls", "Not there"),
        "overview": ["Item", "Content"],
        "items": (
            "Enterprise",
            "Campaign",
            "Day",
            "Number",
            "Submission",
            "Signed by",
            "Submitted at",
            "Irregularities, recommendations",
        ),
        "duty": ["Duty type", "Full name", "Site", "Starts", "Ends", "Note"],
        "check_ins": ["Full name", "Duty type", "Shift starts", "Checked in at", "Status"],
        "incidents": ["Detected at", "Summary", "Severity", "Status", "Restored at", "Handling"],
        "gaps": [
            "Duty type",
            "Site",
            "From",
            "To",
            "Required (people)",
            "Planned (people)",
            "Did not come / not there",
            "There (people)",
            "Kind",
        ],
        "kinds": ("Short in plan", "Short of people there"),
        "absences": ["Duty type", "Site", "Not there from", "To", "Full name", "Status", "Left a shortfall"],
        "short": ("Yes", "No"),
        "whole": "Whole enterprise",
    },
}


def report_xlsx(report: DailyReport, lang: Literal["vi", "en"] = "vi") -> bytes:
    """One report: an overview sheet, then one sheet per section (headers and codes in words of
    `lang`, vi or en; local times)."""
    f = report.facts
    w = _REPORT_WORDS["en" if lang == "en" else "vi"]
    check_in, severity, status = (
        (CHECK_IN_EN, SEVERITY_EN, STATUS_EN) if lang == "en" else (CHECK_IN_VI, SEVERITY_VI, STATUS_VI)
    )
    sheets = w["sheets"]
    section = report.section  # as submitted; who never came is named on their gap, once (QZ16 #1)
    wb = _workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheets[0]
    values = (
        f.enterprise_name,
        f.campaign_name,
        day_label(f.day, lang),
        report.number,
        report.version,
        report.submitted_by_name,
        report.submitted_at,
        report.remarks,
    )
    _sheet(ws, w["overview"], list(zip(w["items"], values, strict=True)))
    handed = "giao ca cho" if lang == "vi" else "the shift handed over to"
    _sheet(
        wb.create_sheet(sheets[1]),
        w["duty"],
        [
            (
                duty_type_name(d.duty_type, lang),
                d.full_name,
                ", ".join(d.site_names) or w["whole"],
                d.starts_at,
                d.ends_at,
                f"{check_in['absent']} ({handed} {d.handed_to}{_from(d, lang)})" if d.handed_to else "",
            )
            for d in f.duty
        ],
    )
    _sheet(
        wb.create_sheet(sheets[2]),
        w["check_ins"],
        [
            (
                c.full_name,
                duty_type_name(c.duty_type, lang),
                c.starts_at,
                c.checked_in_at,
                _check_in_status(c, check_in[c.status], handed, lang),
            )
            for c in f.check_ins
        ],
    )
    _sheet(
        wb.create_sheet(sheets[3]),
        w["incidents"],
        [
            (
                i.detected_at,
                i.summary_in(lang),
                severity.get(i.severity or "", i.severity or ""),
                status.get(i.status or "", i.status or ""),
                i.restored_at,
                i.handling_in(lang) or "",
            )
            for i in f.incidents
        ],
    )
    _sheet(
        wb.create_sheet(sheets[4]),
        w["gaps"],
        [
            (
                duty_type_name(g.duty_type, lang),
                g.site_name or w["whole"],
                g.starts_at,
                g.ends_at,
                g.required,
                g.planned,
                not_come_text(people, lang),
                None,
                w["kinds"][0],
            )
            for g, people in section.gaps
        ]
        + [  # section IV's presence shortfalls (QZ19 #1), as the PDF and the portal's page list them after the gaps
            (
                duty_type_name(s.duty_type, lang),
                s.site_name or w["whole"],
                s.starts_at,
                s.ends_at,
                s.required,
                s.planned,
                "; ".join(absence_who(a, lang) for a in people),
                s.present,
                w["kinds"][1],
            )
            for s, people in section.shortfalls
        ],
    )
    # everyone not there once due (QZ13 #1), saying whether their absence left a shortfall of section IV (QZ19 #1)
    _sheet(
        wb.create_sheet(sheets[5]),
        w["absences"],
        [
            (
                duty_type_name(a.duty_type, lang),
                absence_where(a, lang) if a.site_name else w["whole"],
                a.starts_at,
                a.ends_at,
                a.full_name,
                absence_status(a, lang),
                "" if a.shortfall is None else w["short"][0 if a.shortfall else 1],
            )
            for a in section.absences
        ],
    )
    return _save(wb)


def _check_in_status(c: CheckInLine, said: str, handed: str, lang: Literal["vi", "en"]) -> str:
    """Section II's status cell: the status's words, with whom the shift or the rest of it went to (as the PDF)."""
    if c.handed_to:
        return f"{said} ({handed} {c.handed_to}{_from(c, lang)})"
    rest = rest_text(c, lang)
    said = f"{said} — {rest}" if rest else said
    word = word_afterwards(c, lang)
    return f"{said}; {word}" if word else said


_SUMMARY_WORDS: dict[str, dict[str, Any]] = {
    "vi": {
        "sheet": "Tổng hợp",
        "headers": (
            "Ngày",
            "Âm lịch",
            "Doanh nghiệp",
            "Tình trạng",
            "Lần",
            "Gửi lúc",
            "Trực lãnh đạo",
            "Số sự cố",
            "Sự cố ghi nhận sau khi gửi",
            "Giao ca sau khi gửi",
            "Số mục thiếu hụt (mục IV)",
            "Trong đó: khoảng trống lịch trực",
            "Trong đó: lần có người trong lịch chưa có mặt",
            "Tình hình bất thường, kiến nghị",
            "Số liệu tạm tính",
            "Sự cố đang xử lý",
            "Người chưa có mặt",
        ),
        "submitted": "Đã báo cáo",
        "before_day_ended": "Đã báo cáo (gửi trước khi hết ngày)",
        "late": "Đã báo cáo, nộp muộn",
        "missing": "Thiếu (quá hạn)",
        "not_yet_due": "Chưa đến hạn",
        "no_leader": "Không có",
    },
    "en": {
        "sheet": "Summary",
        "headers": (
            "Day",
            "Lunar day",
            "Enterprise",
            "Status",
            "Version",
            "Submitted at",
            "Leadership duty",
            "Incidents",
            "Incidents recorded after it was sent",
            "Handovers made after it was sent",
            "Shortfalls (section IV entries)",
            "Of which: roster gaps",
            "Of which: times someone rostered was not there",
            "Irregularities, recommendations (as written)",
            "Provisional figures",
            "Incidents being handled",
            "People not there",
        ),
        "submitted": "Submitted",
        "before_day_ended": "Submitted (sent before the day ended)",
        "late": "Submitted late",
        "missing": "Missing (overdue)",
        "not_yet_due": "Not yet due",
        "no_leader": "None",
    },
}


def summary_xlsx(summary: Summary, lang: Literal["vi", "en"] = "vi") -> bytes:
    """The province's summary: one row per enterprise and day (headers, status and lunar day in words of `lang`;
    the enterprises' remarks as they wrote them)."""
    w = _SUMMARY_WORDS["en" if lang == "en" else "vi"]
    wb = _workbook()
    ws = wb.active
    assert ws is not None
    ws.title = w["sheet"]
    rows = []
    for row in summary.rows:
        r, known = row.report, row.so_far
        leaders = ""
        if r is not None:  # a report sent with nobody on leadership duty says so in words, as the PDF ("không có")
            named = r.facts.leader_names
            leaders = ", ".join(named) or w["no_leader"]
        elif known is not None:  # a day not reported yet: what roster knows of it so far (QZ26 #8)
            leaders = ", ".join(known.leaders) or w["no_leader"]
        rows.append(
            (
                row.day,
                day_label(row.day, lang).partition(" (")[2].rstrip(")"),
                row.enterprise_name,
                # the inspectors' status page's words; one sent before its day ended says so (QZ23 #8)
                w["late" if row.late else "before_day_ended" if r is not None and row.before_day_ended else row.status],
                r.version if r else "",
                r.submitted_at if r else None,
                leaders,
                len(r.facts.incidents) if r else len(known.incidents) if known else "",
                len(row.recorded_since) if r else "",
                "\n".join(handover_text(h, lang) for h in row.handed_since),
                shortfalls(r) if r else known.section.count if known else "",
                *(section_parts(r.section) if r else section_parts(known.section) if known else ("", "")),
                r.remarks if r else "",
                provisional_note(known.at, lang) if known and not r else "",
                len(known.open_incidents) if known and not r else "",
                "\n".join(f"{a.full_name} ({absence_status(a, lang)})" for a in known.not_there)
                if known and not r
                else "",
            )
        )
    _sheet(ws, w["headers"], rows)
    return _save(wb)
