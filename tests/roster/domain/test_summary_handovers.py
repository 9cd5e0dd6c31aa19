"""The province's summary names the handovers a day's report could not tell (K3 leftover): those of the day made after
the report was sent (`domain.reports.handed_since`) — who handed over to whom, when, where and why — in the PDF's note
beside the incidents recorded since, and in the workbook, in Vietnamese and English."""

from __future__ import annotations

import dataclasses
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Literal

import openpyxl
from pypdf import PdfReader

from roster.documents.reports import handover_text, summary_pdf, summary_xlsx
from roster.domain.department import DepartmentProfile
from roster.domain.reports import (
    DailyReport,
    HandoverLine,
    IncidentLine,
    ReportFacts,
    Summary,
    SummaryRow,
    handed_since,
    handover_line,
)
from roster.domain.shifts import OnShift, Shift

DAY = date(2027, 2, 6)  # mùng 1 Tết Đinh Mùi
SENT = datetime(2027, 2, 6, 14, 30, tzinfo=UTC)  # 21:30 on the day: the report tells the day until then
PROFILE = DepartmentProfile(
    province="Long An",
    department="Sở Khoa học và Công nghệ",
    superior="UBND TỈNH LONG AN",
    place="Tân An",
    report_recipients=("Sở",),
    summary_recipients=("UBND tỉnh Long An", "Lưu: VT"),
    version=1,
)


def _shift(name: str, start: datetime, end: datetime, **extra: object) -> Shift:
    fields: dict = {
        "id": uuid.uuid4(),
        "campaign_id": uuid.uuid4(),
        "enterprise_id": uuid.uuid4(),
        "site_id": None,
        "duty_type": "operations",
        "starts_at": start,
        "ends_at": end,
        "assignees": (OnShift(uuid.uuid4(), name),),
        "status": "published",
        "version": 2,
        "created_at": start,
        "updated_at": start,
    }
    return Shift(**{**fields, **extra})


def _line(moment: datetime, made_at: datetime, **extra: object) -> HandoverLine:
    fields: dict = {
        "shift_id": uuid.uuid4(),
        "duty_type": "operations",
        "site_names": ("Trạm Hưng Điền A",),
        "handed_by": ("Trần Văn Đức",),
        "taken_by": ("Phạm Thị Ngọc Ánh",),
        "starts_at": moment,
        "ends_at": datetime(2027, 2, 6, 17, tzinfo=UTC),  # 24:00
        "made_at": made_at,
        "reason": "Ốm đột xuất",
    }
    return HandoverLine(**{**fields, **extra})


def test_a_handover_names_whom_it_took_over_from_where_and_why() -> None:
    """The taking shift's people and the shift it continues' people by name, its site and the sites it covers, its
    moment (its start) to its end, when it was recorded, the reason and whether the people never came."""
    site, covered = uuid.uuid4(), uuid.uuid4()
    old = _shift("Trần Văn Đức", datetime(2027, 2, 6, 1, tzinfo=UTC), datetime(2027, 2, 6, 9, 30, tzinfo=UTC))
    taker = _shift(
        "Phạm Thị Ngọc Ánh",
        datetime(2027, 2, 6, 9, 30, tzinfo=UTC),
        datetime(2027, 2, 6, 17, tzinfo=UTC),
        site_id=site,
        covers_site_ids=(covered,),
        continues_shift_id=old.id,
        handover_reason="Ốm đột xuất",
        handover_absent=False,
        created_at=datetime(2027, 2, 6, 15, tzinfo=UTC),
    )
    names = {site: "Trạm Hưng Điền A", covered: "Trạm Mỹ Thạnh Bắc"}
    line = handover_line(taker, old, names)
    assert line == HandoverLine(
        shift_id=taker.id,
        duty_type="operations",
        site_names=("Trạm Hưng Điền A", "Trạm Mỹ Thạnh Bắc"),
        handed_by=("Trần Văn Đức",),
        taken_by=("Phạm Thị Ngọc Ánh",),
        starts_at=taker.starts_at,
        ends_at=taker.ends_at,
        made_at=datetime(2027, 2, 6, 15, tzinfo=UTC),
        reason="Ốm đột xuất",
        absent=False,
    )
    # one taken over from nobody's coming, the shift it continues unreadable: nobody named, still said
    unknown = handover_line(
        dataclasses.replace(taker, handover_absent=True, site_id=None, covers_site_ids=()), None, {}
    )
    assert (unknown.handed_by, unknown.site_names, unknown.absent) == ((), (), True)


def test_only_the_days_handovers_made_after_the_report_was_sent_are_listed() -> None:
    """Made after the report was sent, its moment on the day — at 22:10, or backdated to 14:00 (the report, drawn from
    the roster as it was when sent, could not say it): listed, by moment. Made before the report was sent, even for a
    moment after it (planned ahead at 20:00 for 23:00): the report lists it — not. Made after it, but its moment the
    next day (00:00 is mùng 2's) or the day before: another day's report's."""
    after = SENT + timedelta(minutes=40)
    late = _line(datetime(2027, 2, 6, 15, 10, tzinfo=UTC), after)  # 22:10
    backdated = _line(datetime(2027, 2, 6, 7, tzinfo=UTC), after + timedelta(hours=1))  # 14:00, recorded at 23:10
    ahead = _line(datetime(2027, 2, 6, 16, tzinfo=UTC), SENT - timedelta(hours=1, minutes=30))  # 23:00, made 20:00
    tomorrow = _line(datetime(2027, 2, 6, 17, tzinfo=UTC), after)  # 00:00 on mùng 2
    yesterday = _line(datetime(2027, 2, 5, 16, 55, tzinfo=UTC), after)  # 23:55 on giao thừa
    at_sending = _line(datetime(2027, 2, 6, 15, tzinfo=UTC), SENT)
    listed = handed_since(DAY, [late, ahead, tomorrow, yesterday, backdated, at_sending], sent_at=SENT)
    assert listed == (backdated, late)
    assert handed_since(DAY, [late], sent_at=after + timedelta(seconds=1)) == ()  # a correction sent since tells it


def _report(sent_at: datetime) -> DailyReport:
    facts = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", DAY)
    return DailyReport(uuid.uuid4(), facts, 1, None, "3/BC-VNPTLA", "Ổn định.", sent_at, None, "Nguyễn Thị Ánh Tuyết")


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_the_summary_says_the_handovers_since_in_its_note_and_workbook() -> None:
    """The PDF's note after the enterprise's line says them with the incidents recorded since, one note asking for a
    further report; the workbook has them in a column of their own beside the incidents', in Vietnamese or English;
    an enterprise with none, or no report, has it empty."""
    whole = _line(datetime(2027, 2, 6, 9, 30, tzinfo=UTC), SENT + timedelta(hours=1))  # 16:30–24:00
    absent = _line(
        datetime(2027, 2, 6, 15, 5, tzinfo=UTC),  # 22:05
        SENT + timedelta(hours=2),
        duty_type="patrol",
        site_names=(),
        handed_by=("Kiều Văn Sơn",),
        taken_by=("Trần Văn Bảy", "Lê Văn Tám"),
        ends_at=datetime(2027, 2, 6, 23, tzinfo=UTC),  # 06:00 the next day
        reason="Không liên lạc được\n  với người trực",
        absent=True,
    )
    assert handover_text(whole) == (
        "Trực điều hành (Trạm Hưng Điền A), 16:30–24:00 06/02/2027: Trần Văn Đức giao ca cho Phạm Thị Ngọc Ánh; "
        "lý do: Ốm đột xuất"
    )
    assert handover_text(absent, "en") == (
        "Patrol and guard duty (whole enterprise), 22:05 6 Feb 2027 – 06:00 7 Feb 2027: Kiều Văn Sơn did not come; "
        "handed over to Trần Văn Bảy, Lê Văn Tám; reason: Không liên lạc được với người trực"
    )
    incident = IncidentLine(uuid.uuid4(), datetime(2027, 2, 6, 16, 40, tzinfo=UTC), "Mất sóng trạm Hưng Điền")
    rows = (
        SummaryRow(uuid.uuid4(), "VNPT Long An", DAY, _report(SENT), (incident,), (whole, absent)),
        SummaryRow(uuid.uuid4(), "Viettel Long An", DAY, _report(SENT), handed_since=(whole,)),
        SummaryRow(uuid.uuid4(), "MobiFone Long An", DAY, _report(SENT)),
        SummaryRow(uuid.uuid4(), "Bưu điện tỉnh Long An", DAY, None, status="not_yet_due"),
    )
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", DAY, DAY, rows)
    text = _pdf_text(summary_pdf(summary, created=SENT + timedelta(hours=3), profile=PROFILE))
    assert (
        "Lưu ý: sau khi gửi báo cáo này, hệ thống đã ghi nhận thêm 1 sự cố trong ngày, báo cáo chưa nêu (23:40 "
        "06/02/2027 Mất sóng trạm Hưng Điền); đã có thêm 2 lần giao ca trong ngày, báo cáo chưa nêu (Trực điều hành "
        "(Trạm Hưng Điền A), 16:30–24:00 06/02/2027: Trần Văn Đức giao ca cho Phạm Thị Ngọc Ánh; lý do: Ốm đột xuất; "
        "Tuần tra, bảo vệ (toàn doanh nghiệp), 22:05 06/02/2027 – 06:00 07/02/2027: Kiều Văn Sơn không đến, giao ca "
        "cho Trần Văn Bảy, Lê Văn Tám; lý do: Không liên lạc được với người trực); doanh nghiệp cần gửi báo cáo bổ "
        "sung." in text
    ), text
    assert (
        "Lưu ý: sau khi gửi báo cáo này, đã có thêm 1 lần giao ca trong ngày, báo cáo chưa nêu (Trực điều hành (Trạm "
        "Hưng Điền A), 16:30–24:00 06/02/2027: Trần Văn Đức giao ca cho Phạm Thị Ngọc Ánh; lý do: Ốm đột xuất); doanh "
        "nghiệp cần gửi báo cáo bổ sung." in text
    ), text
    assert text.count("Lưu ý:") == 2  # none for MobiFone, which has nothing since, nor the one not sent
    headers: tuple[tuple[Literal["vi", "en"], tuple[str, str], str], ...] = (
        ("vi", ("Sự cố ghi nhận sau khi gửi", "Giao ca sau khi gửi"), "Số mục thiếu hụt (mục IV)"),
        (
            "en",
            ("Incidents recorded after it was sent", "Handovers made after it was sent"),
            "Shortfalls (section IV entries)",
        ),
    )
    for lang, beside, next_one in headers:
        sheet = list(openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, lang))).worksheets[0].values)
        assert sheet[0][8:11] == (*beside, next_one)
        said = {r[2]: r[8:10] for r in sheet[1:]}
        assert said["VNPT Long An"] == (1, f"{handover_text(whole, lang)}\n{handover_text(absent, lang)}"), said
        assert said["Viettel Long An"] == (0, handover_text(whole, lang))
        assert said["MobiFone Long An"] == (0, None) and said["Bưu điện tỉnh Long An"] == (None, None)
