"""The daily report's pure parts: check-in status, the report number, who may submit, versions."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from pypdf import PdfReader

from roster.db.reports import facts_json, facts_of
from roster.documents.reports import (
    absence_status,
    absence_text,
    check_in_text,
    duty_text,
    gap_text,
    incident_text,
    not_come_text,
    report_pdf,
    report_xlsx,
    shortfall_text,
    shortfalls,
    summary_pdf,
    summary_xlsx,
)
from roster.domain.department import DepartmentProfile
from roster.domain.errors import RuleViolation
from roster.domain.incidents import Incident, Responder, Update
from roster.domain.reports import (
    LATE_AFTER,
    CheckInLine,
    DailyReport,
    DutyLine,
    GapLine,
    IncidentLine,
    ReportFacts,
    SectionIV,
    ShortfallLine,
    StaffingLine,
    Summary,
    SummaryRow,
    abbreviation,
    absences,
    assemble,
    check_in_status,
    incident_line,
    may_submit,
    number_for,
    presence_shortfalls,
    report_owed,
    section_iv,
    submit,
)
from roster.domain.shifts import OnShift, Shift
from roster.handlers.reports import submitted_event

START = datetime(2027, 2, 6, 1, tzinfo=UTC)


END = START + timedelta(hours=8)


def _kept(facts: ReportFacts) -> ReportFacts:
    """`facts` as a submitted report stores them, read back."""
    row = {"facts": facts_json(facts), "campaign_id": facts.campaign_id, "enterprise_id": facts.enterprise_id}
    return facts_of({**row, "day": facts.day})


def _status(checked_in_at: datetime | None, now: datetime) -> str:
    return check_in_status(starts_at=START, ends_at=END, checked_in_at=checked_in_at, now=now)


def test_check_in_status() -> None:
    assert _status(START + timedelta(minutes=15), START) == "on_time"
    assert _status(START + timedelta(minutes=16), START) == "late"
    assert _status(START + timedelta(minutes=16), END + timedelta(days=1)) == "late"


@pytest.mark.parametrize(
    "now",
    [START, START + timedelta(hours=2), END - timedelta(seconds=1)],
    ids=["at the start", "under way", "a second before the end"],
)
def test_no_check_in_yet_while_the_check_in_window_is_open_is_not_yet_missed(now: datetime) -> None:
    """QA: at 10:00 the draft said "Không điểm danh" for the 08:00 leader and the 06:00 operator, whose check-in
    could still happen (a person checks in until the shift ends): not_yet ("Chưa điểm danh") until then."""
    assert _status(None, now) == "not_yet"


@pytest.mark.parametrize("now", [START - timedelta(hours=9), START - timedelta(seconds=1)])
def test_no_check_in_before_the_shift_begins_is_not_started_not_a_miss(now: datetime) -> None:
    """QZ13 #15: at 09:00 an 18:00 shift read "Chưa điểm danh", the words of a real miss: nothing is owed yet."""
    assert _status(None, now) == "not_started"
    assert _status(now, now) == "on_time"  # checked in early (the window opens before the start)


@pytest.mark.parametrize("now", [END, END + timedelta(hours=12)])
def test_no_check_in_once_the_shift_has_ended_is_missed(now: datetime) -> None:
    assert _status(None, now) == "missing"


def test_a_days_draft_at_ten_says_who_may_still_check_in_and_who_missed_it() -> None:
    """The QA morning: at 10:00 local, the 08:00 leader and the 06:00 operator (both under way) may still check in;
    the night's 22:00–06:00 operator, on the previous day's start, is not in the day's list; a 00:00–06:00 patrol
    that ended at 06:00 without one missed it."""
    day = date(2027, 2, 6)

    def shift(duty_type: str, start: datetime, hours: int, name: str) -> Shift:
        return Shift(
            id=uuid.uuid4(),
            campaign_id=uuid.uuid4(),
            enterprise_id=uuid.uuid4(),
            site_id=None,
            covers_site_ids=(),
            duty_type=duty_type,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            assignees=(OnShift(uuid.uuid4(), name),),
            status="published",
            notes=None,
            warnings=(),
            cancel_reason=None,
            version=2,
            created_at=START,
            updated_at=START,
        )

    local = datetime(2027, 2, 6, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # 00:00 on Mùng 1 Tết
    shifts = [
        shift("leadership", local + timedelta(hours=8), 12, "Nguyễn Thị Ánh Tuyết"),
        shift("operations", local + timedelta(hours=6), 8, "Trần Văn Đức"),
        shift("operations", local - timedelta(hours=2), 8, "Lê Văn Tám"),
        shift("patrol", local, 6, "Đặng Văn Bảo"),
    ]
    facts = assemble(
        campaign_id=uuid.uuid4(),
        campaign_name="Tết Đinh Mùi 2027",
        enterprise_id=uuid.uuid4(),
        enterprise_name="VNPT Long An",
        day=day,
        shifts=shifts,
        board_day=None,
        site_names={},
        incidents=(),
        now=local + timedelta(hours=10),
    )
    assert {c.full_name: c.status for c in facts.check_ins} == {
        "Nguyễn Thị Ánh Tuyết": "not_yet",
        "Trần Văn Đức": "not_yet",
        "Đặng Văn Bảo": "missing",
    }


def test_report_number_abbreviates_the_enterprise_as_decree_30_writes_a_body_s_symbol() -> None:
    # QZ26 #15: "1/BC-DPTVTHLA" took the V of "và" and turned Đ into D
    assert abbreviation("Đài Phát thanh và Truyền hình Long An") == "ĐPTTHLA"
    assert abbreviation("Bưu điện tỉnh Long An") == "BĐTLA"
    assert abbreviation("VNPT Long An") == "VNPTLA"
    assert abbreviation("Chi nhánh Viettel Long An") == "CNVLA"
    assert abbreviation("Trung tâm Kinh doanh VNPT - Long An") == "TTKDVNPTLA"
    assert abbreviation("Công ty Cổ phần Viễn thông FPT – Chi nhánh Long An") == "CTCPVTFPTCNLA"
    assert abbreviation("Trung tâm Điều hành thông tin của Đài Truyền hình") == "TTĐHTTĐTH"
    assert (
        abbreviation("VNPT Long An 2") == abbreviation("VNPT Long An a3f2c1") == "VNPTLA"
        and abbreviation("— ·") == "DN"
    )
    assert number_for(1, "Đài Phát thanh và Truyền hình Long An") == "1/BC-ĐPTTHLA"


def test_only_the_leader_on_duty_or_a_manager_submits_and_a_second_submission_is_version_two() -> None:
    leader, other = uuid.uuid4(), uuid.uuid4()
    facts = ReportFacts(
        uuid.uuid4(),
        "Tết Đinh Mùi 2027",
        uuid.uuid4(),
        "VNPT Long An",
        date(2027, 2, 6),
        duty=(DutyLine(uuid.uuid4(), "leadership", leader, "Nguyễn Thị Ánh Tuyết", None, START, START),),
    )
    may_submit(facts, staff_id=leader, manager=False)
    may_submit(facts, staff_id=None, manager=True)
    with pytest.raises(RuleViolation) as refused:
        may_submit(facts, staff_id=other, manager=False)
    assert "06/02/2027" in refused.value.message_vi and "VNPT Long An" in refused.value.message
    v1 = submit(facts, remarks="  Ổn định. ", latest=None, sequence=4, now=START, actor="a", signer="Tuyết")
    v2 = submit(facts, remarks="Bổ sung", latest=v1, sequence=5, now=START, actor="a", signer="Tuyết")
    assert (v1.version, v1.supersedes, v1.remarks, v1.number) == (1, None, "Ổn định.", "4/BC-VNPTLA")
    assert (v2.version, v2.supersedes) == (2, v1.id)


def test_a_report_made_before_the_english_words_were_kept_reads_in_vietnamese_in_english() -> None:
    """An incident line stored without its English text (reports before it was kept) gives its Vietnamese
    text to an English reader rather than nothing; a line with it gives the English."""
    old = IncidentLine(
        incident_id=uuid.uuid4(),
        detected_at=datetime(2027, 2, 6, 2, 40, tzinfo=UTC),
        summary="Đứt cáp quang (tại Trạm Tân An; ảnh hưởng: internet)",
        handling="nguyên nhân: thi công",
    )
    assert (old.summary_in("en"), old.handling_in("en")) == (old.summary, old.handling)
    new = replace(old, summary_en="Đứt cáp quang (at Trạm Tân An; affected: internet)", handling_en=None)
    assert (new.summary_in("en"), new.handling_in("en")) == (new.summary_en, None)
    assert (new.summary_in("vi"), new.handling_in("vi")) == (old.summary, old.handling)


def test_an_incidents_handling_writes_its_times_as_each_language_does() -> None:
    """The responders' and the updates' times: "09:58 07/02/2027" among Vietnamese words, "09:58 7 Feb 2027" among
    English ones (QA: the English report read "Cao Văn Sang (09:58 07/02/2027); 10:06 07/02/2027 Đã điều xe")."""
    at = datetime(2027, 2, 7, 2, 58, tzinfo=UTC)
    incident = Incident(
        id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        campaign_id=None,
        detected_at=at,
        site_id=None,
        district="Tân An",
        services=(),
        agency_links=False,
        border=False,
        severity="minor",
        description="Mất điện trạm",
        status="open",
        version=1,
        created_at=at,
        updated_at=at,
        responders=(Responder(uuid.uuid4(), "Cao Văn Sang", at, True),),
        updates=(Update(at + timedelta(minutes=8), "Đã điều xe máy phát"),),
    )
    line = incident_line(incident)
    assert line.handling == "ứng cứu: Cao Văn Sang (09:58 07/02/2027); 10:06 07/02/2027 Đã điều xe máy phát"
    assert line.handling_en == "responders: Cao Văn Sang (09:58 7 Feb 2027); 10:06 7 Feb 2027 Đã điều xe máy phát"
    # section III's line: the status lower-case mid-sentence, the handling without a label of its own before its
    # parts' (QZ14 #15 read "; Đang xử lý; xử lý: ứng cứu: …")
    assert incident_text(line).endswith(
        "; mức độ: nhẹ; đang xử lý; ứng cứu: Cao Văn Sang (09:58 07/02/2027); 10:06 07/02/2027 Đã điều xe máy phát"
    )
    assert incident_text(line, "en").endswith(
        "; severity: minor; being handled; responders: Cao Văn Sang (09:58 7 Feb 2027); 10:06 7 Feb 2027 Đã điều xe "
        "máy phát"
    )


def test_an_incidents_typed_lines_read_as_one_paragraph_without_doubled_punctuation() -> None:
    """QZ22 #3: a description typed on three lines, an update of two and a closing note, each ending in ".": section
    III read "…lúc 07:35. (tại …) … Đã đến trạm.⏎Đang thay ắc quy máy phát.; nguyên nhân: …; kết thúc: …". Now one
    paragraph alike in the page's line, the PDF and the workbook: lines joined after a sentence end with a space
    (else "; "), no ".;" (the separator goes, not the person's full stop), and the incident page's "Kết quả xử lý"."""
    at = datetime(2027, 2, 7, 0, 20, tzinfo=UTC)  # 07:20 on Mùng 2 Tết
    incident = Incident(
        id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        campaign_id=None,
        detected_at=at,
        site_id=None,
        district="Mộc Hóa",
        services=("mobile",),
        agency_links=False,
        border=False,
        severity="serious",
        description="Mất điện lưới trạm\nmáy phát không khởi động.\nNhân viên đến trạm lúc 07:35.",
        status="resolved",
        version=5,
        created_at=at,
        updated_at=at,
        site_name="Trạm BTS Mỹ Thạnh Bắc",
        responders=(Responder(uuid.uuid4(), "Phạm Thị Ngọc Ánh", at + timedelta(minutes=11), True),),
        updates=(Update(at + timedelta(minutes=11), "Đã đến trạm.\r\n  Đang thay ắc quy máy phát.  \n"),),
        cause="Ắc quy máy phát hỏng!",
        closing_note="Thay ắc quy\nmáy phát chạy lại",
        restored_at=at + timedelta(minutes=50),
        resolved_at=at + timedelta(minutes=55),
    )
    line = incident_line(incident)
    assert line.summary == (
        "Mất điện lưới trạm; máy phát không khởi động. Nhân viên đến trạm lúc 07:35. (tại Trạm BTS Mỹ Thạnh Bắc; "
        "ảnh hưởng: di động)"
    )
    assert line.handling == (
        "ứng cứu: Phạm Thị Ngọc Ánh (07:31 07/02/2027); 07:31 07/02/2027 Đã đến trạm. Đang thay ắc quy máy phát. "
        "Nguyên nhân: Ắc quy máy phát hỏng! Kết quả xử lý: Thay ắc quy; máy phát chạy lại"
    )
    assert line.handling_en == (
        "responders: Phạm Thị Ngọc Ánh (07:31 7 Feb 2027); 07:31 7 Feb 2027 Đã đến trạm. Đang thay ắc quy máy phát. "
        "Cause: Ắc quy máy phát hỏng! Closing note: Thay ắc quy; máy phát chạy lại"
    )
    said = incident_text(line)
    assert "\n" not in said and ".;" not in said and "!;" not in said
    facts = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", date(2027, 2, 7),
                        incidents=(line,))  # fmt: skip
    report = DailyReport(uuid.uuid4(), _kept(facts), 1, None, "1/BC-VNPTLA", "", at + timedelta(hours=3), None, "Ánh")
    text = _pdf_text(report)
    assert said in text, text
    rows = list(openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "vi"))).worksheets[3].values)
    assert (rows[1][1], rows[1][5]) == (line.summary, line.handling)


def test_a_shift_handed_over_whole_lists_its_absent_person_once_and_the_replacement_once() -> None:
    """QZ12 #2: Kiều Văn Sơn (08:00–16:00) never came; at 09:06 the whole shift was handed over to Trần Văn Bảy
    (the old shift cancelled, the new one continuing it from 09:06, the handover's moment since QZ13 #2). The day's
    attendance said nothing of Sơn: it lists him "Không đến (giao ca cho Trần Văn Bảy)", then Bảy, once each.
    QZ14 #1: with the new shift starting at the handover (not Sơn's start) Sơn was left out of every section; section
    IV keeps his absence, 08:15 → 09:06."""
    local = datetime(2027, 2, 6, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    campaign_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    gone = Shift(
        id=uuid.uuid4(),
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=None,
        covers_site_ids=(),
        duty_type="operations",
        starts_at=local,
        ends_at=local + timedelta(hours=8),
        assignees=(OnShift(uuid.uuid4(), "Kiều Văn Sơn"),),
        status="cancelled",
        notes=None,
        warnings=(),
        cancel_reason="Không đến",
        version=3,
        created_at=START,
        updated_at=START,
    )
    handed = local + timedelta(hours=1, minutes=6)
    taker = replace(
        gone,
        id=uuid.uuid4(),
        assignees=(OnShift(uuid.uuid4(), "Trần Văn Bảy", checked_in_at=handed + timedelta(minutes=1)),),
        starts_at=handed,
        status="checked_in",
        cancel_reason=None,
        continues_shift_id=gone.id,
        created_at=handed,
    )
    facts = assemble(
        campaign_id=campaign_id,
        campaign_name="Tết Đinh Mùi 2027",
        enterprise_id=enterprise_id,
        enterprise_name="VNPT Long An",
        day=date(2027, 2, 6),
        shifts=[taker, gone],
        board_day=None,
        site_names={},
        incidents=(),
        now=local + timedelta(hours=10),
    )
    assert [(c.full_name, c.status, c.handed_to) for c in facts.check_ins] == [
        ("Kiều Văn Sơn", "absent", "Trần Văn Bảy"),
        ("Trần Văn Bảy", "on_time", None),  # QZ12 #3: checked in a minute after the handover, not 1 h 7 min late
    ]
    assert taker.late_from == handed and gone.late_from == gone.starts_at
    # handed over before its start (a handover planned ahead): late from the start, as any shift
    assert replace(taker, starts_at=local, created_at=local - timedelta(hours=1)).late_from == local
    # QZ14: section II says the moment as section I does, kept with the report
    assert check_in_text(facts.check_ins[0]) == (
        "Kiều Văn Sơn (Trực điều hành, ca bắt đầu 08:00 06/02/2027): Không đến (giao ca cho Trần Văn Bảy từ 09:06)"
    )
    assert facts.check_ins[0].handed_at == handed and _kept(facts).check_ins[0].handed_at == handed
    # the staffing section too (it left Sơn out): Sơn once, not come, and to whom; then Bảy once, on duty
    assert [(d.full_name, d.handed_to, d.on_duty) for d in facts.duty] == [
        ("Kiều Văn Sơn", "Trần Văn Bảy", False),
        ("Trần Văn Bảy", None, True),
    ]
    assert duty_text(facts.duty[0]) == (
        "Trực điều hành: Kiều Văn Sơn (08:00–16:00 06/02/2027) — không đến (giao ca cho Trần Văn Bảy từ 09:06)"
    )
    assert facts.duty[0].handed_at == handed and _kept(facts).duty[0].handed_at == handed
    # section IV: Sơn was not there from his check-in's due moment to the handover (not to his shift's end)
    [absent] = absences(facts, until=local + timedelta(hours=10))
    assert (absent.full_name, absent.starts_at, absent.ends_at) == ("Kiều Văn Sơn", local, handed)
    # QZ14: the report knows he did not come: not "chưa điểm danh"
    assert (absent.handed_to, absent.handed_at) == ("Trần Văn Bảy", handed)
    assert absence_text(absent).endswith(
        "không có mặt 08:00–09:06 06/02/2027: Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy từ 09:06"
    )
    # a report made before the moment was kept reads to the shift's end
    old = replace(facts, duty=(replace(facts.duty[0], handed_at=None), *facts.duty[1:]))
    assert [a.ends_at for a in absences(old, until=local + timedelta(hours=10))] == [gone.ends_at]
    report = DailyReport(uuid.uuid4(), facts, 1, None, "1/BC", "", local, None, "Trần Văn Bảy")
    notes: tuple[tuple[Literal["vi", "en"], str], ...] = (
        ("vi", "Không đến (giao ca cho Trần Văn Bảy từ 09:06)"),
        ("en", "Did not come (the shift handed over to Trần Văn Bảy from 09:06)"),
    )
    for lang, note in notes:
        sheet = list(openpyxl.load_workbook(io.BytesIO(report_xlsx(report, lang))).worksheets[1].values)
        assert [r[1] for r in sheet[1:]] == ["Kiều Văn Sơn", "Trần Văn Bảy"]
        assert str(sheet[1][5]).startswith(note) and not sheet[2][5], sheet
        # section IV's presence lines have their own sheet beside the gaps' (QZ14), in the PDF's words
        later = replace(
            report, submitted_at=local + timedelta(hours=10), kept_section=None
        )  # sent after his check-in was due
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(later, lang)))
        assert book.sheetnames[-1] == ("Chưa có mặt" if lang == "vi" else "Not there")
        rows = list(book.worksheets[-1].values)
        assert rows[0][:3] == (
            ("Loại trực", "Địa điểm", "Không có mặt từ") if lang == "vi" else ("Duty type", "Site", "Not there from")
        )
        # one bracket in a presence line (QZ17 #5): the gap's words, not section I's "(giao ca cho …)"
        said_iv = "không đến, giao ca cho" if lang == "vi" else "did not come; handed over to"
        assert [r[4:6] for r in rows[1:]] == [("Kiều Văn Sơn", f"{said_iv} Trần Văn Bảy {note.split()[-2]} 09:06")]
    # the event carries section IV's presence lines beside its gaps, as the report shows them
    [carried] = submitted_event(later).absences
    assert (carried.full_name, carried.ends_at, carried.handed_to, carried.handed_at) == (
        "Kiều Văn Sơn",
        handed,
        "Trần Văn Bảy",
        handed,
    )
    assert submitted_event(report).absences == ()  # submitted before his check-in was due: nothing yet


def test_a_leader_who_never_came_is_no_leader_on_duty_who_may_sign() -> None:
    """The leader rostered who never came (the whole shift handed over) is listed in the staffing section, yet is not
    the day's leader on duty: the one who took it is (who may submit, who signs as "Trực lãnh đạo")."""
    local = datetime(2027, 2, 6, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    son, bay = OnShift(uuid.uuid4(), "Kiều Văn Sơn"), OnShift(uuid.uuid4(), "Trần Văn Bảy")
    campaign_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    gone = Shift(
        id=uuid.uuid4(),
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=None,
        covers_site_ids=(),
        duty_type="leadership",
        starts_at=local,
        ends_at=local + timedelta(hours=8),
        assignees=(son,),
        status="cancelled",
        notes=None,
        warnings=(),
        cancel_reason="Không đến",
        version=3,
        created_at=START,
        updated_at=START,
    )
    taker = replace(gone, id=uuid.uuid4(), assignees=(bay,), status="published", continues_shift_id=gone.id)
    facts = assemble(
        campaign_id=campaign_id,
        campaign_name="Tết Đinh Mùi 2027",
        enterprise_id=enterprise_id,
        enterprise_name="VNPT Long An",
        day=date(2027, 2, 6),
        shifts=[gone, taker],
        board_day=None,
        site_names={},
        incidents=(),
        now=local + timedelta(hours=2),
    )
    assert [d.full_name for d in facts.duty] == ["Kiều Văn Sơn", "Trần Văn Bảy"]
    assert facts.leaders == {bay.staff_id} and facts.leader_names == ["Trần Văn Bảy"]


def test_a_days_report_is_owed_by_the_day_it_reports_on_not_the_day_it_is_due() -> None:
    """QZ18 #3 (QZ11 #6 / QZ12 #5 before it): an enterprise owing from 06/02 owes the report of 06/02 (due at 09:00 on
    07/02), not the report of 05/02, though that one falls due on 06/02; an enterprise without the day owes both."""
    owes_from = date(2027, 2, 6)
    assert report_owed(date(2027, 2, 6), obligations_from=owes_from)
    assert report_owed(date(2027, 2, 7), obligations_from=owes_from)
    assert not report_owed(date(2027, 2, 5), obligations_from=owes_from)
    assert report_owed(date(2027, 2, 5), obligations_from=None) and report_owed(date(2027, 2, 6), obligations_from=None)


def test_section_iv_says_who_was_not_there_from_the_check_ins_grace() -> None:
    """QZ13 #1: a border patrol 06:00–18:00 whose only guard never came read "Không có." in section IV."""
    from roster.domain.reports import CheckInLine, DutyLine, absences

    shift, son = uuid.uuid4(), uuid.uuid4()
    start = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 on mùng 1
    end = start + timedelta(hours=12)
    duty = DutyLine(shift, "patrol", son, "Kiều Văn Sơn", "Trạm BTS Thái Bình Trung", start, end)

    def facts(status: str, checked_in_at: datetime | None = None) -> ReportFacts:
        line = CheckInLine(shift, "patrol", son, "Kiều Văn Sơn", start, checked_in_at, status)
        return ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "Viettel Long An", date(2027, 2, 6),
                           duty=(duty,), check_ins=(line,))  # fmt: skip

    at_915 = start + timedelta(hours=3, minutes=15)
    [never] = absences(facts("not_yet"), until=at_915)
    assert (never.starts_at, never.ends_at) == (start, at_915)  # present means there (QZ28 #2): from the start
    assert absence_text(never) == (
        "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), không có mặt 06:00–09:15 06/02/2027: Kiều Văn Sơn chưa điểm danh"
    )
    assert absences(facts("not_yet"), until=start + timedelta(minutes=15)) == ()  # not due yet
    assert absences(facts("on_time", start + timedelta(minutes=14)), until=at_915) == ()
    [late] = absences(facts("late", start + timedelta(hours=1, minutes=7)), until=end)
    assert late.ends_at == start + timedelta(hours=1, minutes=7)
    assert "không có mặt 06:00–07:07 06/02/2027: Kiều Văn Sơn điểm danh muộn lúc 07:07" in absence_text(late)
    [missed] = absences(facts("missing"), until=end + timedelta(hours=5))
    assert missed.ends_at == end  # nothing after the shift's end (a handover ends it there)


def test_a_shift_covering_further_sites_is_listed_at_each_and_one_not_begun_is_not_started() -> None:
    """QZ13 #15, mùng 1 at 09:00: the VNPT patrol (18:00–06:00) at Trạm viễn thông Hưng Điền also covers Mỹ Thạnh Bắc
    (the board and on-duty pages said so); section I named only Hưng Điền, so Mỹ Thạnh Bắc read as unguarded — and
    section II said "Chưa điểm danh" of a shift nine hours from its start, the words of a real miss."""
    local = datetime(2027, 2, 6, 18, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    hung_dien, my_thanh_bac, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    campaign_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    patrol = Shift(
        id=uuid.uuid4(),
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=hung_dien,
        covers_site_ids=(my_thanh_bac,),
        duty_type="patrol",
        starts_at=local,
        ends_at=local + timedelta(hours=12),
        assignees=(OnShift(uuid.uuid4(), "Võ Văn Kiệt"),),
        status="published",
        notes=None,
        warnings=(),
        cancel_reason=None,
        version=1,
        created_at=START,
        updated_at=START,
    )
    facts = assemble(
        campaign_id=campaign_id,
        campaign_name="Tết Đinh Mùi 2027",
        enterprise_id=enterprise_id,
        enterprise_name="VNPT Long An",
        day=date(2027, 2, 6),
        shifts=[patrol],
        board_day=None,
        site_names={hung_dien: "Trạm viễn thông Hưng Điền", my_thanh_bac: "Mỹ Thạnh Bắc", other: "Tân Hưng"},
        incidents=(),
        now=local - timedelta(hours=9),
    )
    (line,) = facts.duty
    assert line.site_names == ("Trạm viễn thông Hưng Điền", "Mỹ Thạnh Bắc")
    assert duty_text(line) == (
        "Tuần tra, bảo vệ: Võ Văn Kiệt (18:00 06/02/2027 – 06:00 07/02/2027, tại Trạm viễn thông Hưng Điền, Mỹ Thạnh Bắc)"
    )
    (check,) = facts.check_ins
    assert check.status == "not_started"
    assert check_in_text(check) == "Võ Văn Kiệt (Tuần tra, bảo vệ, ca bắt đầu 18:00 06/02/2027): Chưa đến giờ trực"
    # a submitted report keeps the further sites (its facts as stored, read back)
    kept = facts_of({"facts": facts_json(facts), "campaign_id": facts.campaign_id,
                     "enterprise_id": facts.enterprise_id, "day": facts.day})  # fmt: skip
    assert kept.duty[0].site_names == line.site_names
    report = DailyReport(uuid.uuid4(), kept, 1, None, "1/BC", "", local, None, "Võ Văn Kiệt")
    words: tuple[tuple[Literal["vi", "en"], str], ...] = (("vi", "Chưa đến giờ trực"), ("en", "Not started yet"))
    for lang, status in words:
        later = replace(
            report, submitted_at=local + timedelta(hours=10), kept_section=None
        )  # sent after his check-in was due
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(later, lang)))
        assert list(book.worksheets[1].values)[1][2] == "Trạm viễn thông Hưng Điền, Mỹ Thạnh Bắc"
        assert list(book.worksheets[2].values)[1][4] == status
    # QZ17 #8b: at 19:00 he has not checked in: his presence line names both sites, as audit counts the absence at
    # each (presence.Absence.on_key: the site it is at and those it covers) — in the PDF, the workbook and the event
    at_seven = local + timedelta(hours=1)
    stored = facts_of({"facts": facts_json(replace(facts, check_ins=assemble(
        campaign_id=campaign_id, campaign_name="Tết Đinh Mùi 2027", enterprise_id=enterprise_id,
        enterprise_name="VNPT Long An", day=date(2027, 2, 6), shifts=[patrol], board_day=None,
        site_names={hung_dien: "Trạm viễn thông Hưng Điền", my_thanh_bac: "Mỹ Thạnh Bắc"}, incidents=(), now=at_seven,
    ).check_ins)), "campaign_id": campaign_id, "enterprise_id": enterprise_id, "day": facts.day})  # fmt: skip
    [absent] = absences(stored, until=at_seven)
    assert (absent.site_name, absent.covers_site_names) == ("Trạm viễn thông Hưng Điền", ("Mỹ Thạnh Bắc",))
    assert absence_text(absent) == (
        "Tuần tra, bảo vệ (Trạm viễn thông Hưng Điền, ca kiêm cả Mỹ Thạnh Bắc), không có mặt 18:00–19:00 06/02/2027: "
        "Võ Văn Kiệt chưa điểm danh"
    )
    at_report = DailyReport(uuid.uuid4(), stored, 1, None, "1/BC", "", at_seven, None, "Võ Văn Kiệt")
    sites: tuple[tuple[Literal["vi", "en"], str], ...] = (("vi", "ca kiêm cả"), ("en", "the shift also covering"))
    for lang, also in sites:
        rows = list(openpyxl.load_workbook(io.BytesIO(report_xlsx(at_report, lang))).worksheets[5].values)
        assert [r[1] for r in rows[1:]] == [f"Trạm viễn thông Hưng Điền, {also} Mỹ Thạnh Bắc"]
    # QZ19 #1: in section IV as a post short of people — he alone was planned at Mỹ Thạnh Bắc, which his shift covers
    short = StaffingLine("patrol", "Mỹ Thạnh Bắc", local, local + timedelta(hours=12), 1, 1)
    text = _pdf_text(replace(at_report, facts=replace(stored, staffing=(short,)), kept_section=None))
    assert (
        "Tuần tra, bảo vệ (Mỹ Thạnh Bắc), thiếu người có mặt 18:00–19:00 06/02/2027: cần 1 người, bố trí 1 người, có mặt 0 người — "
        "Võ Văn Kiệt chưa điểm danh"
    ) in text, text
    assert submitted_event(at_report).absences[0].covers_site_names == ("Mỹ Thạnh Bắc",)


def _pdf_text(report: DailyReport) -> str:
    profile = DepartmentProfile(
        "Long An", "Sở Khoa học và Công nghệ", "", "UBND TỈNH LONG AN", "Long An", ("Sở",), version=1
    )
    content = report_pdf(report, created=report.submitted_at, profile=profile)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_one_who_never_came_whose_hours_are_a_gap_is_named_on_the_gap_not_counted_twice() -> None:
    """QZ16 #1: Kiều Văn Sơn (patrol 06:00–18:00 at Trạm BTS Thái Bình Trung) never came; at 09:05 the whole shift
    went to Trần Văn Bảy ("Người trực không đến" ticked: Sơn's shift cancelled, so 06:00–09:05 is a planning gap).
    Section IV listed the gap 06:00 → 09:05 and a presence line 06:15 → 09:05 for the same hours (the XLSX the same);
    audit counts a planning gap once. Now one line: the gap, naming Sơn — in the PDF, the XLSX and the event."""
    shift, taker, son, bay = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    start = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 on mùng 1
    handed, end = start + timedelta(hours=3, minutes=5), start + timedelta(hours=12)
    site = "Trạm BTS Thái Bình Trung"
    duty = (
        DutyLine(shift, "patrol", son, "Kiều Văn Sơn", site, start, end, "Trần Văn Bảy", (), handed),
        DutyLine(taker, "patrol", bay, "Trần Văn Bảy", site, handed, end),
    )
    check_ins = (
        CheckInLine(shift, "patrol", son, "Kiều Văn Sơn", start, None, "absent", "Trần Văn Bảy", handed),
        CheckInLine(taker, "patrol", bay, "Trần Văn Bảy", handed, handed + timedelta(minutes=2), "on_time"),
    )
    gap = GapLine("patrol", site, start, handed, 1, 0)
    facts = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "Viettel Long An", date(2027, 2, 6),
                        duty=duty, check_ins=check_ins, gaps=(gap,))  # fmt: skip
    at_ten = start + timedelta(hours=4)
    assert absences(facts, until=at_ten) == ()  # no presence line over the gap's hours
    [(line, [named])] = section_iv(facts, until=at_ten).gaps
    assert (line, named.full_name, named.handed_at) == (gap, "Kiều Văn Sơn", handed)
    assert gap_text(line, [named]) == (
        "Tuần tra, bảo vệ (Trạm BTS Thái Bình Trung), 06:00–09:05 06/02/2027: cần 1 người, bố trí 0 người — "
        "Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy từ 09:05"
    )
    assert not_come_text([named], "en") == "Kiều Văn Sơn did not come; handed over to Trần Văn Bảy from 09:05"
    # a gap of another site, or of another duty type, is not his: he keeps his presence line there
    for other in (replace(gap, site_name="Trạm BTS Mỹ Thạnh Bắc"), replace(gap, duty_type="operations")):
        [kept] = absences(replace(facts, gaps=(other,)), until=at_ten)
        assert (kept.full_name, kept.status) == ("Kiều Văn Sơn", "absent")
    # a submitted report reads the same from what it stored
    report = DailyReport(uuid.uuid4(), _kept(facts), 1, None, "1/BC-VLA", "", at_ten, None, "Trần Văn Bảy")
    assert section_iv(report.facts, until=at_ten) == section_iv(facts, until=at_ten)
    text = _pdf_text(report)
    assert (
        "06:00–09:05 06/02/2027: cần 1 người, bố trí 0 người — Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy từ "
        "09:05"
    ) in text, text
    assert "không có mặt" not in text, text
    notes: tuple[tuple[Literal["vi", "en"], str], ...] = (
        ("vi", "Kiều Văn Sơn không đến, giao ca cho Trần Văn Bảy từ 09:05"),
        ("en", "Kiều Văn Sơn did not come; handed over to Trần Văn Bảy from 09:05"),
    )
    for lang, note in notes:
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, lang)))
        gaps = list(book.worksheets[4].values)
        assert gaps[0][6] == ("Người không đến / không có mặt" if lang == "vi" else "Did not come / not there")
        assert [r[4:8] for r in gaps[1:]] == [(1, 0, note, None)]
        assert list(book.worksheets[5].values)[1:] == []  # nothing under "Chưa có mặt" / "Not there"
    event = submitted_event(report)
    assert event.absences == ()
    [carried] = event.gaps
    assert [(a.full_name, a.handed_to, a.handed_at) for a in carried.not_come] == [
        ("Kiều Văn Sơn", "Trần Văn Bảy", handed)
    ]


def test_one_whose_shift_was_handed_over_without_a_check_in_did_not_check_in_as_section_ii_says() -> None:
    """QZ16 #2: Võ Minh Nhựt's shift (06:00–18:00) was handed over at 09:05 to Phan Văn Hải with "Người trực không
    đến" unticked (his shift kept, ending at 09:05). Section II said "Không điểm danh", section IV "(Võ Minh Nhựt chưa
    điểm danh)". Now IV agrees: "không điểm danh (giao phần còn lại cho Phan Văn Hải từ 09:05)"; "chưa điểm danh" only
    while the shift is under way."""
    local = datetime(2027, 2, 6, 6, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    handed = local + timedelta(hours=3, minutes=5)
    campaign_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    kept = Shift(
        id=uuid.uuid4(),
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=None,
        covers_site_ids=(),
        duty_type="operations",
        starts_at=local,
        ends_at=handed,
        assignees=(OnShift(uuid.uuid4(), "Võ Minh Nhựt"),),
        status="published",
        notes=None,
        warnings=(),
        version=3,
        created_at=START,
        updated_at=START,
    )
    taker = replace(
        kept,
        id=uuid.uuid4(),
        assignees=(OnShift(uuid.uuid4(), "Phan Văn Hải", checked_in_at=handed + timedelta(minutes=1)),),
        starts_at=handed,
        ends_at=local + timedelta(hours=12),
        status="checked_in",
        continues_shift_id=kept.id,
        created_at=handed,
    )

    def facts_at(now: datetime, *shifts: Shift) -> ReportFacts:
        return assemble(
            campaign_id=campaign_id,
            campaign_name="Tết Đinh Mùi 2027",
            enterprise_id=enterprise_id,
            enterprise_name="Đài PT-TH Long An",
            day=date(2027, 2, 6),
            shifts=shifts,
            board_day=None,
            site_names={},
            incidents=(),
            now=now,
        )

    at_ten = local + timedelta(hours=4)
    facts = facts_at(at_ten, kept, taker)
    # QZ17 #5: section II says to whom the rest went, as section IV does (it said only "Không điểm danh")
    assert check_in_text(facts.check_ins[0]) == (
        "Võ Minh Nhựt (Trực điều hành, ca bắt đầu 06:00 06/02/2027): Không điểm danh — giao phần còn lại cho Phan Văn "
        "Hải từ 09:05"
    )
    assert (_kept(facts).check_ins[0].rest_handed_to, _kept(facts).check_ins[0].handed_at) == ("Phan Văn Hải", handed)
    assert facts.duty[0].rest_handed_to == "Phan Văn Hải" and _kept(facts).duty[0].rest_handed_to == "Phan Văn Hải"
    [absent] = absences(facts, until=at_ten)
    assert (absent.status, absent.rest_handed_to, absent.handed_at, absent.ends_at) == (
        "missing",
        "Phan Văn Hải",
        handed,
        handed,
    )
    assert absence_text(absent).endswith(
        "không có mặt 06:00–09:05 06/02/2027: Võ Minh Nhựt không điểm danh, giao phần còn lại cho Phan Văn Hải từ 09:05"
    )
    assert absence_status(absent, "en") == "did not check in; the rest handed over to Phan Văn Hải from 09:05"
    report = DailyReport(uuid.uuid4(), facts, 1, None, "1/BC", "", at_ten, None, "Phan Văn Hải")
    words: tuple[tuple[Literal["vi", "en"], str], ...] = (
        ("vi", "không điểm danh, giao phần còn lại cho Phan Văn Hải từ 09:05"),
        ("en", "did not check in; the rest handed over to Phan Văn Hải from 09:05"),
    )
    for lang, said in words:
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, lang)))
        rows = list(book.worksheets[5].values)
        assert [r[4:6] for r in rows[1:]] == [("Võ Minh Nhựt", said)]
        missed = "Không điểm danh — giao phần còn lại cho" if lang == "vi" else "No check-in — the rest handed over to"
        said_ii = f"{missed} Phan Văn Hải {'từ' if lang == 'vi' else 'from'} 09:05"
        assert [r[4] for r in list(book.worksheets[2].values)[1:]] == [
            said_ii,
            "On time" if lang == "en" else "Đúng giờ",
        ]
    # he alone was planned then (QZ19 #1: section IV lists a post short of people, not one whose post others kept)
    alone = StaffingLine("operations", None, local, handed, 1, 1)
    text = _pdf_text(replace(report, facts=replace(report.facts, staffing=(alone,)), kept_section=None))
    assert "Không điểm danh — giao phần còn lại cho Phan Văn Hải từ 09:05" in text, text
    # QZ18 #6: from when "không có mặt" counts, under section IV's heading (from LATE_AFTER, as the page's note)
    assert "Không có mặt: người trực chưa điểm danh sau 15 phút kể từ giờ bắt đầu ca (mức điểm danh muộn)" in text, text
    assert "Võ Minh Nhựt không điểm danh, giao phần còn lại cho Phan Văn Hải từ 09:05" in text and "))" not in text
    event = submitted_event(report)
    [carried] = event.absences
    assert (carried.status, carried.rest_handed_to, carried.handed_at) == ("missing", "Phan Văn Hải", handed)
    assert event.check_ins[0].rest_handed_to == "Phan Văn Hải"
    # not handed over: under way at 10:00 he has not checked in yet; once the shift is over he did not
    whole = replace(kept, ends_at=local + timedelta(hours=12))
    [under_way] = absences(facts_at(at_ten, whole), until=at_ten)
    assert under_way.status == "not_yet" and absence_text(under_way).endswith(": Võ Minh Nhựt chưa điểm danh")
    over = local + timedelta(hours=13)
    [ended] = absences(facts_at(over, whole), until=over)
    assert ended.status == "missing" and absence_text(ended).endswith(": Võ Minh Nhựt không điểm danh")
    assert check_in_text(facts_at(over, whole).check_ins[0]).endswith(": Không điểm danh")


def test_one_the_manager_said_was_there_when_handing_over_is_not_counted_absent() -> None:
    """QZ18 #5: Trần Văn Bình's 18:00 shift was handed over at 19:10 to Lê Thị Hoa with "Người trực không đến"
    unticked — he was there and had forgotten to check in. Section II said "Không điểm danh — giao phần còn lại …" and
    section IV counted him "không có mặt" 18:15–19:10. The manager's word counts: no presence line, and section II
    says he was there, not checked in, as the manager confirmed. Ticked, or not said (before 2026-12-07): as before."""
    local = datetime(2027, 2, 6, 18, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    handed = local + timedelta(hours=1, minutes=10)
    campaign_id, enterprise_id = uuid.uuid4(), uuid.uuid4()
    kept = Shift(
        id=uuid.uuid4(),
        campaign_id=campaign_id,
        enterprise_id=enterprise_id,
        site_id=None,
        covers_site_ids=(),
        duty_type="operations",
        starts_at=local,
        ends_at=handed,
        assignees=(OnShift(uuid.uuid4(), "Trần Văn Bình"),),
        status="published",
        notes=None,
        warnings=(),
        version=3,
        created_at=START,
        updated_at=START,
    )

    def taker(absent: bool | None) -> Shift:
        return replace(
            kept,
            id=uuid.uuid4(),
            assignees=(OnShift(uuid.uuid4(), "Lê Thị Hoa", checked_in_at=handed + timedelta(minutes=1)),),
            starts_at=handed,
            ends_at=local + timedelta(hours=6),
            status="checked_in",
            continues_shift_id=kept.id,
            handover_absent=absent,
            created_at=handed,
        )

    at_eight = local + timedelta(hours=2)

    def facts_of_day(*shifts: Shift) -> ReportFacts:
        return assemble(campaign_id=campaign_id, campaign_name="Tết Đinh Mùi 2027", enterprise_id=enterprise_id,
                        enterprise_name="VNPT Long An", day=date(2027, 2, 6), shifts=shifts, board_day=None,
                        site_names={}, incidents=(), now=at_eight)  # fmt: skip

    facts = facts_of_day(kept, taker(False))
    assert absences(facts, until=at_eight) == ()
    [bình, hoa] = facts.check_ins
    assert (bình.status, bình.rest_handed_to, bình.handed_at, hoa.status) == (
        "confirmed",
        "Lê Thị Hoa",
        handed,
        "on_time",
    )
    assert check_in_text(bình) == (
        "Trần Văn Bình (Trực điều hành, ca bắt đầu 18:00 06/02/2027): Có mặt, không điểm danh (quản lý xác nhận khi "
        "giao ca) — giao phần còn lại cho Lê Thị Hoa từ 19:10"
    )
    report = DailyReport(uuid.uuid4(), _kept(facts), 1, None, "1/BC", "", at_eight, None, "Lê Thị Hoa")
    assert report.facts.check_ins[0].status == "confirmed" and absences(report.facts, until=at_eight) == ()
    words: tuple[tuple[Literal["vi", "en"], str], ...] = (
        ("vi", "Có mặt, không điểm danh (quản lý xác nhận khi giao ca) — giao phần còn lại cho Lê Thị Hoa từ 19:10"),
        ("en", "There, not checked in (confirmed by the manager at the handover) — the rest handed over to Lê Thị Hoa "
         "from 19:10"),
    )  # fmt: skip
    for lang, said in words:
        book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, lang)))
        assert list(book.worksheets[2].values)[1][4] == said
        assert list(book.worksheets[5].values)[1:] == []  # nothing under "Chưa có mặt" / "Not there"
    text = _pdf_text(report)
    assert "Có mặt, không điểm danh (quản lý xác nhận khi giao ca) — giao phần còn lại cho Lê Thị Hoa" in text, text
    assert "không có mặt" not in text, text
    event = submitted_event(report)
    assert event.absences == () and event.check_ins[0].status == "confirmed"
    # Ticked (were the shift kept), not said (a handover before 2026-12-07), or someone else on it had checked in
    # (the box was not offered): counted as before.
    for other in (taker(True), taker(None)):
        [line] = absences(facts_of_day(kept, other), until=at_eight)
        assert (line.full_name, line.status, line.ends_at) == ("Trần Văn Bình", "missing", handed)
    came = OnShift(uuid.uuid4(), "Đặng Văn Tâm", checked_in_at=local + timedelta(minutes=2))
    pair = replace(kept, assignees=(*kept.assignees, came), status="checked_in")
    [line] = absences(facts_of_day(pair, taker(False)), until=at_eight)
    assert (line.full_name, line.status) == ("Trần Văn Bình", "missing")

    # B1: his night shift 22:00–06:00, handed over at 01:00 the next day with the word unticked: the shift that took
    # the rest begins after the report's day, and the day's report says he was there all the same
    night = replace(kept, starts_at=local + timedelta(hours=4), ends_at=local + timedelta(hours=7))
    next_day = replace(
        taker(False), continues_shift_id=night.id, starts_at=night.ends_at, ends_at=local + timedelta(hours=12)
    )
    later = local + timedelta(hours=8)
    facts = assemble(campaign_id=campaign_id, campaign_name="Tết Đinh Mùi 2027", enterprise_id=enterprise_id,
                     enterprise_name="VNPT Long An", day=date(2027, 2, 6), shifts=(night, next_day), board_day=None,
                     site_names={}, incidents=(), now=later)  # fmt: skip
    [bình] = facts.check_ins
    assert (bình.status, bình.rest_handed_to, bình.handed_at) == ("confirmed", "Lê Thị Hoa", night.ends_at)
    assert absences(facts, until=later) == () and [d.full_name for d in facts.duty] == ["Trần Văn Bình"]


def test_section_iv_says_from_when_someone_counts_as_not_there_from_the_late_rule(monkeypatch) -> None:
    """QZ18 #6: the inspector asked why 18:00–18:15 was not counted. Section IV's note says it, from `LATE_AFTER`
    (the rule the lines are counted by), in both languages — not a 15 written into the words."""
    from roster.domain import reports

    assert reports.gaps_note("vi").endswith(
        "Không có mặt: người trực chưa điểm danh sau 15 phút kể từ giờ bắt đầu ca (mức điểm danh muộn) được tính vắng "
        "từ giờ bắt đầu ca đến khi điểm danh, khi ca kết thúc hoặc được giao lại."
    )
    assert "Not there: a person not checked in 15 minutes after the shift's start" in reports.gaps_note("en")
    monkeypatch.setattr(reports, "LATE_AFTER", timedelta(minutes=20))
    assert "chưa điểm danh sau 20 phút kể từ giờ bắt đầu ca" in reports.gaps_note("vi")
    assert "not checked in 20 minutes after" in reports.presence_note("en")


def test_section_iv_lists_a_post_short_of_people_not_one_absent_while_others_kept_it_covered() -> None:
    """QZ19 #1: Viettel's report listed "Trực điều hành (toàn doanh nghiệp), không có mặt 09:45–13:30 06/02/2027: Lê Thị
    Hồng Nhung không điểm danh" under IV though Nguyễn Hữu Lộc, on the same duty, had checked in at 06:03 and only 1 was
    required: audit's presence pages had no such shortfall and the day's summary counted "0 thiếu hụt" beside 5
    entries. Section IV now follows audit's rule (`presence_shortfalls`): covered by another present → not in IV (in
    section II and the "Chưa có mặt" sheet, marked so); the only person absent → in IV; two required, one absent → in
    IV. The summary counts what IV lists."""
    at = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 on 06/02
    loc_shift, nhung_shift, loc, nhung = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    nhung_from, nhung_to = at + timedelta(hours=3, minutes=30), at + timedelta(hours=7, minutes=30)  # 09:30–13:30
    duty = (
        DutyLine(loc_shift, "operations", loc, "Nguyễn Hữu Lộc", None, at, at + timedelta(hours=8)),
        DutyLine(nhung_shift, "operations", nhung, "Lê Thị Hồng Nhung", None, nhung_from, nhung_to),
    )
    check_ins = (
        CheckInLine(loc_shift, "operations", loc, "Nguyễn Hữu Lộc", at, at + timedelta(minutes=3), "on_time"),
        CheckInLine(nhung_shift, "operations", nhung, "Lê Thị Hồng Nhung", nhung_from, None, "missing"),
    )

    def staffing(required: int, planned_with_nhung: int) -> tuple[StaffingLine, ...]:
        return (
            StaffingLine("operations", None, at, nhung_from, required, planned_with_nhung - 1),
            StaffingLine("operations", None, nhung_from, nhung_to, required, planned_with_nhung),
            StaffingLine("operations", None, nhung_to, at + timedelta(hours=8), required, planned_with_nhung - 1),
        )

    def facts(plan: tuple[StaffingLine, ...], *, with_loc: bool = True) -> ReportFacts:
        first = 0 if with_loc else 1
        return ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "Viettel Long An", date(2027, 2, 6),
                           duty=duty[first:], check_ins=check_ins[first:], staffing=plan)  # fmt: skip

    submitted = datetime(2027, 2, 7, 2, 31, tzinfo=UTC)  # 07/02 09:31
    # 1. covered by Lộc, present: 2 planned, 1 required, 1 absent → nobody short; she is said absent, not in IV
    covered = facts(staffing(1, 2))
    section = section_iv(covered, until=submitted)
    assert section.shortfalls == () and section.count == 0
    [nhung_line] = section.absences
    assert (nhung_line.full_name, nhung_line.status, nhung_line.shortfall) == ("Lê Thị Hồng Nhung", "missing", False)
    report = DailyReport(uuid.uuid4(), _kept(covered), 1, None, "5/BC-VLA", "", submitted, None, "Trần Văn Tâm")
    assert section_iv(report.facts, until=submitted) == section  # as the submitted report stored it
    text = _pdf_text(report)
    assert "IV. THIẾU HỤT" in text and "Không có thiếu hụt." in text and "không có mặt 09:45" not in text, text
    assert shortfalls(report) == 0
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    assert [r[4:] for r in list(book.worksheets[5].values)[1:]] == [("Lê Thị Hồng Nhung", "không điểm danh", "Không")]
    assert list(book.worksheets[4].values)[1:] == []
    event = submitted_event(report)
    assert event.shortfalls == () and [(a.full_name, a.shortfall) for a in event.absences] == [
        ("Lê Thị Hồng Nhung", False)
    ]

    # 2. the only person on the duty then, absent → a shortfall naming her, in IV everywhere and counted once
    alone = facts(staffing(1, 1), with_loc=False)
    [(short, [missing])] = section_iv(alone, until=submitted).shortfalls
    assert short == ShortfallLine("operations", None, nhung_from, nhung_to, 1, 1, 0)
    assert shortfall_text(short, [missing]) == (
        "Trực điều hành (toàn doanh nghiệp), thiếu người có mặt 09:30–13:30 06/02/2027: cần 1 người, bố trí 1 người, "
        "có mặt 0 người — Lê Thị Hồng Nhung không điểm danh"
    )
    report = DailyReport(uuid.uuid4(), _kept(alone), 1, None, "5/BC-VLA", "", submitted, None, "Trần Văn Tâm")
    assert "09:30–13:30 06/02/2027: cần 1 người, bố trí 1 người, có mặt 0 người — Lê Thị Hồng Nhung" in _pdf_text(
        report
    )
    assert shortfalls(report) == 1
    # the Department's day summary counts what each section IV lists: 0 for Viettel as covered, 1 as alone (QZ19 #1)
    day = date(2027, 2, 6)
    rows = (
        SummaryRow(uuid.uuid4(), "Viettel Long An", day, replace(report, facts=_kept(covered), kept_section=None)),
        SummaryRow(uuid.uuid4(), "Bưu điện Long An", day, report),
    )
    summary = Summary(uuid.uuid4(), "Tết Đinh Mùi 2027", day, day, rows)
    profile = DepartmentProfile("Long An", "Sở Khoa học và Công nghệ", "", "UBND TỈNH LONG AN", "Long An", ("Sở",))
    pdf = PdfReader(io.BytesIO(summary_pdf(summary, created=submitted, profile=replace(profile, version=1))))
    said = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    # ... each said for what it is (QZ27 #2): a gap of the roster and a post its rostered people left are not alike
    assert "0 sự cố; 0 thiếu hụt (0 khoảng trống lịch trực, 0 lần có người trong lịch chưa có mặt)" in said, said
    assert "0 sự cố; 1 thiếu hụt (0 khoảng trống lịch trực, 1 lần có người trong lịch chưa có mặt)" in said, said
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary))).worksheets[0]
    [head, *lines] = list(sheet.values)
    # the workbook says what the figure counts and its parts beside it, as the PDF does (QZ29: "Số thiếu hụt" read as
    # people short)
    assert head[10:13] == (
        "Số mục thiếu hụt (mục IV)",
        "Trong đó: khoảng trống lịch trực",
        "Trong đó: lần có người trong lịch chưa có mặt",
    )
    counted = {r[2]: r[10:13] for r in lines}
    assert counted == {"Viettel Long An": (0, 0, 0), "Bưu điện Long An": (1, 0, 1)}, counted
    english = next(iter(openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary, "en"))).worksheets[0].values))
    assert english[10:13] == (
        "Shortfalls (section IV entries)",
        "Of which: roster gaps",
        "Of which: times someone rostered was not there",
    )
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "en")))
    assert [r[4:] for r in list(book.worksheets[4].values)[1:]] == [
        (1, 1, "Lê Thị Hồng Nhung did not check in", 0, "Short of people there")
    ]
    assert [r[-1] for r in list(book.worksheets[5].values)[1:]] == ["Yes"]
    event = submitted_event(report)
    assert [(s.present, [a.full_name for a in s.missing]) for s in event.shortfalls] == [(0, ["Lê Thị Hồng Nhung"])]
    assert [a.shortfall for a in event.absences] == [True]

    # 3. two required, both planned, she absent → 1 of 2 there: a shortfall while she was away, not after
    pair = section_iv(facts(staffing(2, 2)), until=submitted)
    assert [(s.starts_at, s.ends_at, s.required, s.present) for s, _ in pair.shortfalls] == [
        (nhung_from, nhung_to, 2, 1)
    ]
    # (the stretches before and after hers are planning gaps, 1 of 2: listed as gaps by the board, not here)
    # one not holding the duty's qualification is not counted on the plan: their absence leaves nobody short
    unqualified = facts(staffing(1, 1), with_loc=False)
    unqualified = replace(unqualified, duty=(replace(unqualified.duty[0], qualified=False),))
    assert section_iv(_kept(unqualified), until=submitted).shortfalls == ()

    # the rule alone: nothing after `now` counts; a planning gap with nobody absent is no shortfall, with her absent
    # it is one on top of the gap (QZ26 #2)
    [(early, _)] = presence_shortfalls(staffing(1, 1), [missing], now=nhung_from + timedelta(hours=1))
    assert early.ends_at == nhung_from + timedelta(hours=1)
    assert presence_shortfalls([replace(s, required=2) for s in staffing(1, 1)], [], now=submitted) == ()
    [(short_in_plan, _)] = presence_shortfalls(
        [replace(s, required=2) for s in staffing(1, 1)], [missing], now=submitted
    )
    assert (short_in_plan.required, short_in_plan.planned, short_in_plan.present) == (2, 1, 0)


def test_section_iv_counts_absence_on_top_of_a_planning_gap_and_keeps_it_to_the_late_check_in() -> None:
    """QZ26 #2, Đài PT-TH at giao thừa: operations needs 2 from 18:00, only Nguyễn Thị Ánh Nguyệt rostered until a
    second person is added at 22:45; she checks in at 22:51. Section IV read the gap "Cần 2, Bố trí 1" and an absence
    of 22:45–22:51 only, though nobody was there from 18:15: 4 h 30 of absence lost at the peak. Now the gap stays (the
    plan's figure) and beside it the shortfall from the grace, "cần 2, bố trí 1, có mặt 0", to her check-in."""
    start = datetime(2027, 2, 5, 11, tzinfo=UTC)  # 18:00 on 05/02
    added, came, end = (
        start + timedelta(hours=4, minutes=45),
        start + timedelta(hours=4, minutes=51),
        start + timedelta(hours=8),
    )
    mine, other, nguyet, hai = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    duty = (
        DutyLine(mine, "operations", nguyet, "Nguyễn Thị Ánh Nguyệt", None, start, end),
        DutyLine(other, "operations", hai, "Phan Văn Hải", None, added, end),
    )
    now = start + timedelta(hours=4, minutes=52)  # 22:52

    def facts(checked_in_at: datetime | None) -> ReportFacts:
        status = _status_at(start, end, checked_in_at, now)
        check_ins = (
            CheckInLine(mine, "operations", nguyet, "Nguyễn Thị Ánh Nguyệt", start, checked_in_at, status),
            CheckInLine(other, "operations", hai, "Phan Văn Hải", added, added + timedelta(minutes=1), "on_time"),
        )
        return ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "Đài PT-TH Long An", date(2027, 2, 5),
                           duty=duty, check_ins=check_ins, gaps=(GapLine("operations", None, start, added, 2, 1),),
                           staffing=(StaffingLine("operations", None, start, added, 2, 1),
                                     StaffingLine("operations", None, added, end, 2, 2)))  # fmt: skip

    late = section_iv(facts(came), until=now)
    assert section_iv(_kept(facts(came)), until=now) == late  # as a submitted report gives it
    assert [g for g, _ in late.gaps] == [GapLine("operations", None, start, added, 2, 1)]  # the plan's, kept
    assert [(s, [a.full_name for a in people]) for s, people in late.shortfalls] == [
        (ShortfallLine("operations", None, start, added, 2, 1, 0), ["Nguyễn Thị Ánh Nguyệt"]),
        (ShortfallLine("operations", None, added, came, 2, 2, 1), ["Nguyễn Thị Ánh Nguyệt"]),
    ]
    assert late.count == 3 and [a.shortfall for a in late.absences] == [True]
    assert shortfall_text(*late.shortfalls[0]) == (
        "Trực điều hành (toàn doanh nghiệp), thiếu người có mặt 18:00–22:45 05/02/2027: cần 2 người, bố trí 1 người, "
        "có mặt 0 người — Nguyễn Thị Ánh Nguyệt điểm danh muộn lúc 22:51"
    )
    # not checked in yet at 22:52: the same from 18:15, to now
    [(first, _), (rest, _)] = section_iv(facts(None), until=now).shortfalls
    assert (first.starts_at, first.ends_at, rest.ends_at, rest.present) == (start, added, now, 1)
    # she came on time: the gap alone, no shortfall
    on_time = section_iv(facts(start + timedelta(minutes=5)), until=now)
    assert on_time.shortfalls == () and on_time.count == 1


def test_section_iv_tells_two_people_of_one_name_on_one_post_apart() -> None:
    """Two "Nguyễn Văn Hùng" on one operations shift (an ordinary thing at a Vietnamese enterprise), 2 required: section
    IV counted the people missing by name, so both absent read as one missing (1 of 2 there, not 0), and one late while
    the other never came was merged into one stretch naming only the first. It counts them by staff id now."""
    at = datetime(2027, 2, 5, 23, tzinfo=UTC)  # 06:00 on 06/02
    ends = at + timedelta(hours=8)
    shift, hung_a, hung_b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    name = "Nguyễn Văn Hùng"
    duty = tuple(DutyLine(shift, "operations", who, name, None, at, ends) for who in (hung_a, hung_b))
    plan = (StaffingLine("operations", None, at, ends, 2, 2),)
    submitted = datetime(2027, 2, 7, 2, 31, tzinfo=UTC)

    def facts(a_in: datetime | None, b_in: datetime | None) -> ReportFacts:
        check_ins = tuple(
            CheckInLine(shift, "operations", who, name, at, t, _status_at(at, ends, t, submitted))
            for who, t in ((hung_a, a_in), (hung_b, b_in))
        )
        return ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", date(2027, 2, 6),
                           duty=duty, check_ins=check_ins, staffing=plan)  # fmt: skip

    def section(a_in: datetime | None, b_in: datetime | None) -> SectionIV:
        found = section_iv(facts(a_in, b_in), until=submitted)
        assert section_iv(_kept(facts(a_in, b_in)), until=submitted) == found  # as a submitted report gives it
        return found

    def said(found: SectionIV) -> list[tuple[datetime, datetime, int, list[uuid.UUID | None]]]:
        return [(s.starts_at, s.ends_at, s.present, [a.staff_id for a in people]) for s, people in found.shortfalls]

    on_time, late = at + timedelta(minutes=2), at + timedelta(hours=2)
    # one there, the other never came: one shortfall, 1 of 2 there, naming the one who never came
    one = section(on_time, None)
    assert said(one) == [(at, ends, 1, [hung_b])]
    [(short, [missing])] = one.shortfalls
    assert shortfall_text(short, [missing]).endswith(
        f"cần 2 người, bố trí 2 người, có mặt 1 người — {name} không điểm danh"
    )
    # both there: none
    assert section(on_time, on_time).shortfalls == ()
    # neither came: 0 of 2 there, both named (by name they were one person missing: "có mặt 1 người")
    assert said(section(None, None)) == [(at, ends, 0, [hung_a, hung_b])]
    # one late, the other never came: 0 there until the late one came, then 1 — two stretches, not one merged
    assert said(section(late, None)) == [(at, late, 0, [hung_a, hung_b]), (late, ends, 1, [hung_b])]
    # the rule alone: one away until the other goes, each missing in turn (1 of 2 there throughout) — two stretches,
    # each naming its own, not one naming the first (by name they were the same people missing, and merged)
    [first] = one.absences
    first = replace(first, starts_at=at + LATE_AFTER)
    second = replace(first, staff_id=hung_a, starts_at=at, ends_at=at + LATE_AFTER)
    turns = presence_shortfalls(plan, [second, first], now=submitted)
    assert [(s.starts_at, s.ends_at, s.present, [a.staff_id for a in people]) for s, people in turns] == [
        (at, at + LATE_AFTER, 1, [hung_a]),
        (at + LATE_AFTER, ends, 1, [hung_b]),
    ]
    # the event carries the lines as before, by name
    report = DailyReport(uuid.uuid4(), _kept(facts(None, None)), 1, None, "1/BC-VNPTLA", "", submitted, None, name)
    assert [(s.present, [a.full_name for a in s.missing]) for s in submitted_event(report).shortfalls] == [
        (0, [name, name])
    ]
    # two leaders of one name are two leaders on duty
    leaders = tuple(replace(d, duty_type="leadership") for d in duty)
    day = ReportFacts(uuid.uuid4(), "Tết Đinh Mùi 2027", uuid.uuid4(), "VNPT Long An", date(2027, 2, 6), duty=leaders)
    assert day.leader_names == [name, name]


def _status_at(starts_at: datetime, ends_at: datetime, checked_in_at: datetime | None, now: datetime) -> str:
    return check_in_status(starts_at=starts_at, ends_at=ends_at, checked_in_at=checked_in_at, now=now)
