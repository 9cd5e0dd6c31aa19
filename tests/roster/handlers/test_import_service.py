"""A row of an import whose cell cannot be read is still judged by the rest (QA, 2026-12-05): a staff row's unknown
qualification hid that its e-mail was someone else's until it was mended. One dry run says every mistake a row
has — the unreadable cell and what it does with the records and the file's other rows, as far as the cells that
did read can tell."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta

import openpyxl
import pytest

from roster.domain.errors import RuleViolation
from roster.domain.imports import ImportRejected, ShiftRowReport, StaffRowReport
from roster.domain.reference import Enterprise, UpcomingShift
from roster.handlers import campaigns, hours, imports
from roster.handlers import reference as handlers
from roster.handlers.campaigns import OpenCampaign
from roster.handlers.reference import RegisterEnterprise, RegisterSite, RegisterStaff

from .memory_roster import MemoryRoster


async def _enterprise(roster: MemoryRoster, name: str) -> Enterprise:
    return await handlers.register_enterprise(roster.uow(), RegisterEnterprise(name, "telecom", None, ("a@vnpt.vn",)))


def _errors(report: imports.ImportReport) -> list[list[tuple[str, str]]]:
    return [[(e.field, e.rule) for e in row.errors] for row in report.rows]


async def test_a_staff_row_with_an_unreadable_cell_still_says_whose_its_e_mail_is_and_which_row_has_it_too() -> None:
    roster = MemoryRoster()
    vnpt, viettel = await _enterprise(roster, "VNPT Long An"), await _enterprise(roster, "Viettel Long An")
    anh = RegisterStaff(vnpt.id, "Phạm Thị Ngọc Anh", ("operator",), "anh@vnpt.vn", national_id="080100000001")
    await handlers.register_staff(roster.uow(), anh)
    await handlers.register_staff(roster.uow(), RegisterStaff(viettel.id, "Võ Văn Bình", ("guard",), "binh@viettel.vn"))
    sheet = (
        "Họ và tên,Email,Số điện thoại,Chuyên môn,Số CCCD\n"
        "Trần Thị Hai,anh@vnpt.vn,,Đầu bếp,080100000002\n"  # another person under Anh's e-mail, a trade unknown
        "Lê Văn Ba,ba@vnpt.vn,,Phi công,\n"  # a trade unknown: nothing else wrong
        "Lê Văn Bốn,ba@vnpt.vn,,Kỹ thuật,\n"  # row 3's e-mail
        "Ngô Văn Năm,binh@viettel.vn,12,Kỹ thuật,\n"  # Bình's e-mail (of Viettel), a phone that is no number
        ",anh@vnpt.vn,,Điều hành,080100000002\n"  # no name: whose it is cannot be judged; row 2's e-mail
    )
    report = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True)
    assert _errors(report) == [
        [("qualifications", "known-qualification"), ("email", "email-of-another-person")],
        [("qualifications", "known-qualification")],
        [("email", "unique-email")],
        [("phone", "phone-format"), ("email", "unique-email")],
        [("full_name", "required"), ("email", "unique-email")],
    ]
    hai, _ba, bon, nam, nameless = report.rows
    assert all(isinstance(r, StaffRowReport) for r in (hai, nam, nameless))
    assert hai.errors[1].context["stored"] == "Phạm Thị Ngọc Anh" and hai.errors[1].context["value"] == "anh@vnpt.vn"
    assert bon.errors[0].context["other_row"] == 3 and nameless.errors[1].context["other_row"] == 2
    assert nam.errors[1].message_vi.startswith("Email binh@viettel.vn thuộc Võ Văn Bình của Viettel Long An")
    # What a row not read would do is said once it reads: no warnings or changes beside its errors, and its action
    # says it is refused (N3: a refused row still said create or update)
    assert [(r.action, r.warnings, r.changes) for r in (hai, nam, nameless) if isinstance(r, StaffRowReport)] == [
        ("refused", (), ())
    ] * 3
    assert {r.action for r in report.rows if isinstance(r, StaffRowReport)} == {"refused"}  # every row has errors
    assert report.summary.with_errors == 5


async def test_a_refused_staff_row_that_would_update_or_register_someone_says_refused() -> None:
    """N3's leftover: a row refused for an e-mail on two rows still carried action create/update in roster's answer
    (the portal ignored it). A row with errors says "refused"; a row without says what it does."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_staff(
        roster.uow(), RegisterStaff(vnpt.id, "Phạm Thị Ngọc Anh", ("operator",), "anh@vnpt.vn")
    )
    sheet = (
        "Họ và tên,Email,Chuyên môn\n"
        "Phạm Thị Ngọc Anh,anh@vnpt.vn,Điều hành\n"  # unchanged
        "Lê Văn Ba,ba@vnpt.vn,Kỹ thuật\n"  # registers someone
        "Lê Văn Bốn,ba@vnpt.vn,Kỹ thuật\n"  # row 3's e-mail: refused, though it would register someone
        "Đỗ Minh Quân,anh@vnpt.vn,Kỹ thuật\n"  # Anh's e-mail again: refused, though it would update her
        "Trần Văn Sáu,sau@vnpt.vn,Phi công\n"  # a trade unknown: refused
    )
    report = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True)
    said = [(r.row, r.ok, r.action) for r in report.rows if isinstance(r, StaffRowReport)]
    assert said == [
        (2, True, "unchanged"),
        (3, True, "create"),
        (4, False, "refused"),
        (5, False, "refused"),
        (6, False, "refused"),
    ]


async def test_a_shift_row_with_an_unreadable_cell_still_says_its_people_its_site_and_its_double_bookings() -> None:
    roster = MemoryRoster()
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trung tâm điều hành", "base_station"))
    for name, email, trade in (
        ("Nguyễn Thị Ánh Tuyết", "tuyet@vnpt.vn", "leader"),
        ("Đặng Văn Bảo", "bao@vnpt.vn", "guard"),
    ):
        await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, name, (trade,), email))
    sheet = (
        "Loại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực,Ghi chú\n"
        'Trực nấu ăn,05/02/2027 18:00,06/02/2027 06:00,Nhà kho,"bao@vnpt.vn, Không Có Ai",\n'
        "Trực lãnh đạo,05/02/2027 20:00,06/02/2027 04:00,,bao@vnpt.vn,\n"
        "Trực lãnh đạo,hôm nay,06/02/2027 06:00,Nhà kho,tuyet@vnpt.vn,\n"
        "Trực lãnh đạo,07/02/2027 08:00,07/02/2027 16:00,,Không Có Ai,ca\x1bsáng\n"
    )
    report = await imports.import_shifts(
        roster.uow(), campaign_id=campaign.id, enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True
    )
    assert _errors(report) == [
        # the duty type does not read: not also "Bảo lacks the qualification it demands"
        [("duty_type", "known-duty-type"), ("site", "site-exists"), ("assignees", "staff-exists")],
        [("assignees", "qualified"), ("assignees", "no-double-booking")],  # with row 2, whose times read
        [("starts_at", "datetime-format"), ("site", "site-exists")],  # no times: no booking to compare
        [("notes", "no-control-characters"), ("assignees", "staff-exists")],
    ]
    assert report.rows[1].errors[1].context["other_row"] == 2
    assert [(r.staff_ids, r.assignees) for r in report.rows[::2] if isinstance(r, ShiftRowReport)] == [
        ((), ("bao@vnpt.vn", "Không Có Ai")),  # a row not read books nobody
        ((), ("tuyet@vnpt.vn",)),
    ]


async def test_a_row_registering_someone_at_work_without_a_qualification_is_refused_as_the_staff_form_does() -> None:
    """QA (2026-12-06): 60 blank "Chuyên môn" cells passed as valid rows, where the staff form refuses to add someone
    at work without one. The API's rule (roster.domain.reference.unqualified_at_work): a person not at work may have
    none, and a row that updates a record may not take away an active person's last one (POST and PATCH /staff
    refuse the same)."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_staff(
        roster.uow(), RegisterStaff(vnpt.id, "Phạm Thị Ngọc Anh", ("operator",), "anh@vnpt.vn")
    )
    sheet = (
        "Họ và tên,Email,Số điện thoại,Chuyên môn,Đang hoạt động\n"
        "Trần Thị Hai,hai@vnpt.vn,,,\n"  # someone new at work, no qualification
        "Lê Văn Ba,,,,Có\n"  # the same without an e-mail
        "Lê Văn Bốn,bon@vnpt.vn,12,,\n"  # and a phone that is no number: both said
        "Ngô Văn Năm,nam@vnpt.vn,,,Không\n"  # not at work: may have none
        "Phạm Thị Ngọc Anh,anh@vnpt.vn,,,\n"  # an update that would take away her only one
        "Đỗ Văn Sáu,sau@vnpt.vn,,Đầu bếp,\n"  # an unknown trade: said as such, not also as none
    )
    report = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True)
    assert _errors(report) == [
        [("qualifications", "qualification-required")],
        [("qualifications", "qualification-required")],
        [("phone", "phone-format"), ("qualifications", "qualification-required")],
        [],
        [("qualifications", "qualification-required")],
        [("qualifications", "known-qualification")],
    ]
    hai = report.rows[0].errors[0]
    assert hai.message_vi.startswith("Thiếu chuyên môn: người đang làm việc cần ít nhất một chuyên môn")
    assert "“Chuyên môn”" in hai.message_vi and "“Không” ở cột “Đang hoạt động”" in hai.message_vi
    assert report.rows[4].warnings == ()  # refused: its error says it, not also what importing it would do (QZ24)
    with pytest.raises(ImportRejected):
        await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=False)


async def test_a_staff_row_with_three_mistakes_says_all_three_in_both_languages() -> None:
    """QA: a row with "not-an-email" and an empty "Chuyên môn" said only the e-mail; the missing qualification showed
    on the next check. Who a row with an unreadable e-mail is cannot be told, so it is judged as registering
    someone: at work with no qualification, refused too."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    sheet = "Họ và tên,Chuyên môn,Email,Số điện thoại\nĐoàn Văn Tú,,not-an-email,12\n"
    report = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True)
    [row] = report.rows
    assert [(e.field, e.rule) for e in row.errors] == [
        ("email", "email-format"),
        ("phone", "phone-format"),
        ("qualifications", "qualification-required"),
    ]
    assert [e.message for e in row.errors][:2] == [
        "“not-an-email” is not an e-mail address.",
        "“12” is not a phone number.",
    ]
    assert row.errors[2].message.startswith("No qualification: a person at work needs at least one")
    assert [e.message_vi for e in row.errors][:2] == [
        "“not-an-email” không phải địa chỉ email.",
        "“12” không phải số điện thoại.",
    ]
    assert row.errors[2].message_vi.startswith("Thiếu chuyên môn: người đang làm việc cần ít nhất một chuyên môn")
    assert report.summary.with_errors == 1


async def test_a_row_without_e_mail_is_told_how_it_is_recognised_and_a_refused_one_is_not_told() -> None:
    """QA: the note said importing the row again would register the person twice — no longer so, a row is matched to
    the person of its exact name — and it stood beside rows refused already."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    sheet = "Họ và tên,Chuyên môn,Email\nLương Văn Hải,Điều hành,\nĐoàn Văn Tú,Điều hành,\nĐoàn Văn Tú,Kỹ thuật,\n"
    report = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True)
    good, _, refused = report.rows  # the second Đoàn Văn Tú: nothing tells the two apart, refused
    [note] = [w for w in good.warnings if w["rule"] == "email-recommended"]
    assert note["message_vi"] == (
        "Không có email: người này chỉ được nhận ra theo họ tên (và số điện thoại nếu có); hãy thêm email để không "
        "nhầm với người cùng tên."
    )
    assert "second time" not in str(note["message"]) and "recognised by the full name" in str(note["message"])
    assert refused.errors and not [w for w in refused.warnings if w["rule"] == "email-recommended"]


async def test_a_refused_staff_row_says_why_only_not_what_importing_it_would_do() -> None:
    """QZ24: a row whose e-mail was row 2's (Nguyễn Thị Ánh Tuyết's) was refused, and still got 14 "Lưu ý" lines:
    importing it would rename her Đỗ Minh Quân and take Kỹ thuật from 12 of her shifts. It will not be imported: it
    says why it is refused, and how its cells were read; the same row alone, which would be imported, is warned."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "VNPT Long An")
    made = await handlers.register_staff(
        roster.uow(), RegisterStaff(vnpt.id, "Nguyễn Thị Ánh Tuyết", ("technician",), "tuyet@vnpt.vn")
    )
    roster.state.upcoming_shifts[made.staff.id] = [
        UpcomingShift(
            uuid.uuid4(), "incident_response", roster.now + timedelta(days=d), roster.now + timedelta(days=d, hours=8)
        )
        for d in (1, 2, 3)
    ]
    head = "Họ và tên,Email,Chuyên môn\n"
    tuyet, quan = "Nguyễn Thị Ánh Tuyết,tuyet@vnpt.vn,Kỹ thuật\n", "ĐỖ MINH QUÂN,tuyet@vnpt.vn,Bảo vệ\n"
    alone = await imports.import_staff(roster.uow(), enterprise_id=vnpt.id, data=(head + quan).encode(), dry_run=True)
    rules = [str(w["rule"]) for w in alone.rows[0].warnings]
    assert not alone.rows[0].errors and rules.count("qualified") == 3
    assert {"name-capitalised", "renamed", "qualifications-dropped"} <= set(rules)
    report = await imports.import_staff(
        roster.uow(), enterprise_id=vnpt.id, data=(head + tuyet + quan).encode(), dry_run=True
    )
    assert _errors(report) == [[], [("email", "unique-email")]]
    kept, refused = report.rows
    assert isinstance(refused, StaffRowReport) and refused.changes == ()
    assert [w["rule"] for w in refused.warnings] == ["name-capitalised"]  # how the name cell was read: kept
    assert kept.warnings == () and report.summary.with_warnings == 1


async def test_too_many_night_shifts_on_several_rows_are_said_once_with_the_stretch_the_count_and_the_rows() -> None:
    """QA: a file with 8 night shifts of one person said "… sẽ trực 7 ca đêm (22:00–06:00) trong 7 ngày (tối đa 3)."
    on each of its eight rows, a count that was one window's, not the file's."""
    roster = MemoryRoster()
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_staff(
        roster.uow(), RegisterStaff(vnpt.id, "Nguyễn Thị Ánh Tuyết", ("leader",), "tuyet@vnpt.vn")
    )
    await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, "Đặng Văn Bảo", ("leader",), "bao@vnpt.vn"))
    lines = ["Loại trực,Bắt đầu,Kết thúc,Người trực"]
    for day in range(5, 13):  # rows 2, 4, … 16: eight nights in a row; Bảo's days between them
        lines.append(f"Trực lãnh đạo,{day:02}/02/2027 22:00,{day + 1:02}/02/2027 06:00,tuyet@vnpt.vn")
        lines.append(f"Trực lãnh đạo,{day + 1:02}/02/2027 08:00,{day + 1:02}/02/2027 16:00,bao@vnpt.vn")
    report = await imports.import_shifts(
        roster.uow(), campaign_id=campaign.id, enterprise_id=vnpt.id, data="\n".join(lines).encode(), dry_run=True
    )
    said = [(row.row, w) for row in report.rows for w in row.warnings if w["rule"] == "night-shifts"]
    assert [(n, w["message_vi"]) for n, w in said] == [
        (
            2,
            "Nguyễn Thị Ánh Tuyết sẽ trực 8 ca đêm (22:00–06:00) từ 05/02/2027 đến 12/02/2027, có lúc 7 ca trong 7 ngày "
            "(tối đa 3): các dòng 2, 4, 6, 8, 10, 12, 14, 16.",
        )
    ]
    assert said[0][1]["message"] == (
        "Nguyễn Thị Ánh Tuyết would work 8 night shifts (22:00–06:00) from 5 Feb 2027 to 12 Feb 2027, up to 7 within "
        "7 days (at most 3): rows 2, 4, 6, 8, 10, 12, 14, 16."
    )
    assert said[0][1]["rows"] == list(range(2, 17, 2))
    assert report.summary.with_warnings == 1


async def test_an_enterprise_without_a_post_office_or_transaction_point_gets_no_tet_hours_template() -> None:
    """QA: VNPT's template (no post office, no transaction point) was a header alone and nothing said why. It is
    refused in words naming the enterprise, and so is an import of its hours, whole; with a transaction point
    registered, the template has its rows."""
    roster = MemoryRoster()
    vnpt = await _enterprise(roster, "Viễn thông Long An")
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Trung tâm điều hành", "base_station"))
    with pytest.raises(RuleViolation) as refused:
        await hours.hours_template(roster.ctx, campaign_id=campaign.id, enterprise_id=vnpt.id)
    assert refused.value.rule == "hours-no-points"
    assert refused.value.first.message_vi.startswith(
        "Viễn thông Long An không có bưu cục hay điểm giao dịch nào, nên không có giờ mở cửa Tết để niêm yết"
    )
    for dry_run in (True, False):  # its import too, whole and before the file is read (these bytes are no table)
        with pytest.raises(RuleViolation) as whole:
            await hours.import_hours(
                roster.uow(), campaign_id=campaign.id, enterprise_id=vnpt.id, data=b"\x00not a table", dry_run=dry_run
            )
        assert (whole.value.rule, whole.value.first.message) == (refused.value.rule, refused.value.first.message)
    await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Điểm giao dịch Tân An", "transaction_point"))
    _, _, rows = await hours.hours_template(roster.ctx, campaign_id=campaign.id, enterprise_id=vnpt.id)
    assert rows and {r[0] for r in rows} == {"Điểm giao dịch Tân An"}


async def test_a_day_read_the_other_way_round_is_named_with_the_cell_as_written() -> None:
    """QA (d-us.xlsx): "2/8/2027" in a "Ngày" column, read day first as 2 Aug 2027, was told only "Ca trực bắt đầu
    sau khi đợt trực đã kết thúc…", the report's value being the "7:00" of its start. When the day and month the
    other way round put the shift inside the campaign, the row says how it was read and what to write — nothing
    swapped —, its value the date cell as written; an Excel date cell the same, with the date Excel holds."""
    roster = MemoryRoster()
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_staff(
        roster.uow(), RegisterStaff(vnpt.id, "Nguyễn Thị Ánh Tuyết", ("leader",), "tuyet@vnpt.vn")
    )
    book = openpyxl.Workbook()
    for line in (
        ["Ngày", "Loại trực", "Từ", "Đến", "Người trực"],
        ["2/8/2027", "Trực lãnh đạo", "7:00", "19:00", "Nguyễn Thị Ánh Tuyết"],
        [datetime(2027, 9, 2), "Trực lãnh đạo", "7:00", "19:00", "Nguyễn Thị Ánh Tuyết"],  # an Excel date cell
        [None, "Trực lãnh đạo", "2/10/2027 07:00", "2/10/2027 19:00", "Nguyễn Thị Ánh Tuyết"],
        ["20/08/2027", "Trực lãnh đạo", "7:00", "19:00", "Nguyễn Thị Ánh Tuyết"],  # no other way: outside
        ["2/3/2027", "Trực lãnh đạo", "7:00", "19:00", "Nguyễn Thị Ánh Tuyết"],  # 2 Mar, and 3 Feb inside: said
        ["13/02/2027", "Trực lãnh đạo", "7:00", "19:00", "Nguyễn Thị Ánh Tuyết"],
    ):
        book.active.append(line)
    book.active["A3"].number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    report = await imports.import_shifts(
        roster.uow(), campaign_id=campaign.id, enterprise_id=vnpt.id, data=out.getvalue(), dry_run=True
    )
    assert _errors(report) == [
        [("date", "day-month-order")],
        [("date", "day-month-order")],
        [("starts_at", "day-month-order"), ("ends_at", "day-month-order")],
        [("starts_at", "inside-campaign"), ("ends_at", "inside-campaign")],
        [("date", "day-month-order")],
        [],
    ]
    us, excel, both, *_ = (row.errors for row in report.rows)
    assert us[0].message_vi == (
        f"“2/8/2027” được đọc là ngày 2 tháng 8 năm 2027, ngoài đợt trực {campaign.name}; nếu ý là 08/02/2027, hãy "
        "ghi theo dạng ngày/tháng/năm."
    )
    assert us[0].message == (
        f"“2/8/2027” is read as 2 Aug 2027 (day/month/year), outside the campaign {campaign.name}; if you meant "
        "8 Feb 2027, write it day/month/year: 08/02/2027."
    )
    assert [e.context["value"] for e in (us[0], excel[0], *both)] == [
        "2/8/2027",
        "02/09/2027",
        "2/10/2027 07:00",
        "2/10/2027 19:00",
    ]
    assert excel[0].message_vi.startswith("Excel lưu ô này là ngày 2 tháng 9 năm 2027 (02/09/2027)")
    assert "nếu ý là 09/02/2027, Excel đã đọc ngược ngày và tháng" in excel[0].message_vi


async def test_a_zero_width_space_in_a_shift_rows_person_or_site_is_folded_away_as_in_the_staff_import() -> None:
    """QA (c4-zwsp-person.csv): "Nguyễn Văn\u200b Khoa" was "Không có cán bộ nào … tên “Nguyễn Văn​ Khoa”", which
    looked identical to the stored name. The staff import stores names without such characters; the shift import
    compares its people and sites without them (lichtruc.text.fold), and names them so."""
    roster = MemoryRoster()
    campaign = (await campaigns.open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    vnpt = await _enterprise(roster, "VNPT Long An")
    await handlers.register_site(roster.uow(), RegisterSite(vnpt.id, "Tổng đài Host Tân An", "base_station"))
    await handlers.register_staff(roster.uow(), RegisterStaff(vnpt.id, "Nguyễn Văn Khoa", ("technician",), None))
    sheet = (
        "\ufeffLoại trực,Bắt đầu,Kết thúc,Địa điểm,Người trực\n"
        "Ứng cứu thông tin,15/02/2027 07:00,15/02/2027 19:00,Tổng đài\u200b Host Tân An,Nguyễn Văn\u200b Khoa\n"
        "Ứng cứu thông tin,14/02/2027 07:00,14/02/2027 19:00,\u2060Tổng đài Host Tân An,Nguyễn\u00ad Văn Khoa\ufeff\n"
    )
    report = await imports.import_shifts(
        roster.uow(), campaign_id=campaign.id, enterprise_id=vnpt.id, data=sheet.encode(), dry_run=True
    )
    assert _errors(report) == [[], []]
    assert [r.assignees for r in report.rows if isinstance(r, ShiftRowReport)] == [("Nguyễn Văn Khoa",)] * 2
