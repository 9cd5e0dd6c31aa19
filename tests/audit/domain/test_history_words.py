"""An enterprise's history in words: every event type roster publishes (one example each, from
events_factory) is told in Vietnamese and in English with the names it carries or audit knows — never
its raw type, a UUID, a snake_case key or a code of the contract (tests/message_scan.py's patterns) —
also when audit knows nothing of the ids it gives; and the QA cases: directive events, staff
qualifications, a removed requirement, a daily report's sender."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from audit.domain.history import Description, Known, Wanted, describe, wanted
from audit.domain.model import OnShift, Requirement, Shift
from audit.domain.readiness import ReadinessItem
from events_factory import (
    DUC,
    DUC_NAME,
    ENTERPRISE,
    ENTERPRISE_NAME,
    ITEM,
    ITEM_TITLE_EN,
    ITEM_TITLE_VI,
    REQUIREMENT,
    ROSTER_EXAMPLES,
    SITE,
    SITE_NAME,
    TUYET,
    TUYET_NAME,
)
from lichtruc.event_schema import ROSTER_EVENTS
from lichtruc.events import SYSTEM_ACTOR, EventData, RequirementRemoved
from lichtruc.events_incidents import IncidentUpdated
from message_scan import REPR, SNAKE, UUID, leak

KNOWN = Known(
    staff={str(TUYET): TUYET_NAME, str(DUC): DUC_NAME},
    enterprises={str(ENTERPRISE): ENTERPRISE_NAME},
    sites={str(SITE): SITE_NAME},
    requirements={
        str(REQUIREMENT): Requirement(
            str(REQUIREMENT),
            "c",
            str(ENTERPRISE),
            str(SITE),
            "incident_response",
            {"kind": "daily", "start_local": "22:00", "end_local": "06:00"},
            1,
            2,
            True,  # the tombstone a removal leaves keeps the terms
            2,
            9,
        )
    },
    readiness_items={
        str(ITEM): ReadinessItem(
            str(ITEM),
            "c",
            "telecom",
            ITEM_TITLE_VI,
            ITEM_TITLE_EN,
            "",
            datetime(2027, 1, 25, 16, 59, tzinfo=UTC),
            "2027-01-25",
            1,
            True,
            3,
            9,
        )
    },
)
"""What audit's projections know of the examples' ids (as the enterprise's history reads them)."""


def said(model: type[EventData], known: Known = KNOWN, **data: Any) -> Description:
    example = ROSTER_EXAMPLES[model]().model_dump(mode="json")
    return describe(model.event_type, {**example, **data}, known=known)


def words_leak(event_type: str, d: Description) -> list[str]:
    """What a reader must not see in either text: the raw type, a UUID, a key, a repr; in the
    Vietnamese one also a code of the contract (message_scan.leak)."""
    found = []
    for lang, text in (("en", d.summary), ("vi", d.summary_vi)):
        if not text.strip():
            found.append(f"{lang}: nothing said")
        for raw in (event_type, d.what):
            if raw in text:
                found.append(f"{lang}: the raw type {raw!r} in {text!r}")
        for what, pattern in (("UUID", UUID), ("snake_case key", SNAKE), ("Python repr", REPR)):
            if m := pattern.search(text):
                found.append(f"{lang}: {what} {m.group(0)!r} in {text!r}")
    if problem := leak(d.summary_vi):
        found.append(f"vi: {problem} in {d.summary_vi!r}")
    return found


def test_every_event_type_roster_publishes_has_an_example() -> None:
    assert set(ROSTER_EXAMPLES) == set(ROSTER_EVENTS)


@pytest.mark.parametrize("model", ROSTER_EVENTS, ids=lambda m: m.event_type)
def test_every_roster_event_is_told_in_words_in_both_languages(model: type[EventData]) -> None:
    d = said(model)
    assert words_leak(model.event_type, d) == []
    assert d.summary != d.summary_vi  # each in its own language


# Accounts name the enterprises they act for by name as audit knows them (test_account_words: an
# enterprise audit has no record of keeps its id there); every other id is said in words.
NOTHING_KNOWN = Known(enterprises=KNOWN.enterprises)


@pytest.mark.parametrize("model", ROSTER_EVENTS, ids=lambda m: m.event_type)
def test_an_event_whose_ids_audit_does_not_know_is_still_told_without_them(model: type[EventData]) -> None:
    assert words_leak(model.event_type, said(model, NOTHING_KNOWN)) == []


def test_an_event_type_this_version_does_not_know_is_said_to_be_one_without_its_code() -> None:
    event_type = "lichtruc.roster.backup_generator.tested.v1"
    d = describe(event_type, {"generator_id": str(SITE), "actor": "quan-ly-vnpt"})
    assert words_leak(event_type, d) == []
    assert d.summary_vi == "Một thay đổi thuộc loại mà phiên bản này của hệ thống chưa mô tả được"
    assert (d.what, d.actor) == ("backup_generator.tested", "quan-ly-vnpt")
    shift_like = describe(
        "lichtruc.roster.shift.paused.v1", ROSTER_EXAMPLES[model_of("shift.planned")]().model_dump(mode="json")
    )
    assert words_leak("lichtruc.roster.shift.paused.v1", shift_like) == []
    assert shift_like.summary_vi.endswith(": thay đổi")


def model_of(what: str) -> type[EventData]:
    return next(m for m in ROSTER_EVENTS if m.event_type == f"lichtruc.roster.{what}.v1")


def test_a_withdrawn_swap_names_who_took_it_back() -> None:
    withdrawn = said(model_of("swap.withdrawn"))
    assert withdrawn.summary_vi == f"{TUYET_NAME} rút đề nghị đổi ca"
    assert withdrawn.summary == f"{TUYET_NAME} withdrew their swap request"
    unknown = said(model_of("swap.withdrawn"), NOTHING_KNOWN)
    assert unknown.summary_vi == "Một nhân sự rút đề nghị đổi ca"


def test_an_approved_swap_says_the_managers_note_as_a_rejection_says_its_reason() -> None:
    approved = said(model_of("shift.swapped"), note="  Đã báo trưởng trạm ")
    assert approved.summary_vi.endswith(f": duyệt đổi ca, {TUYET_NAME} → {DUC_NAME}: Đã báo trưởng trạm")
    assert approved.summary.endswith(f": swap approved, {TUYET_NAME} → {DUC_NAME}: Đã báo trưởng trạm")
    # an approval without a note, or published before the note was carried (no such key): nothing after the names
    for data in ({"note": None}, {}):
        example = ROSTER_EXAMPLES[model_of("shift.swapped")]().model_dump(mode="json")
        example.pop("note", None)
        plain = describe(model_of("shift.swapped").event_type, {**example, **data}, known=KNOWN)
        assert plain.summary_vi.endswith(f": duyệt đổi ca, {TUYET_NAME} → {DUC_NAME}")
        assert plain.summary.endswith(f": swap approved, {TUYET_NAME} → {DUC_NAME}")


def test_a_shift_whose_rest_warnings_roster_recomputed_says_so_not_a_manager_change() -> None:
    """Roster recomputes a shift's rest warnings when a shift next to it changes and announces it by
    `SYSTEM_ACTOR` (since 2026-12-05 with `changed: ["warnings"]`): the history says what happened; a person's
    update of the days before `changed` existed says what it may have changed."""
    for data in ({"actor": SYSTEM_ACTOR}, {"actor": SYSTEM_ACTOR, "changed": ["warnings"]}):
        rewarned = said(model_of("shift.updated"), **data)
        assert rewarned.summary_vi.endswith(": tính lại cảnh báo nghỉ ngơi sau khi một ca liền kề thay đổi")
        assert rewarned.summary.endswith(": rest warnings recomputed after a change to a shift next to it")
        assert rewarned.actor == SYSTEM_ACTOR
    by_hand = said(model_of("shift.updated"), actor="quan-ly-vnpt", changed=[])
    assert by_hand.summary_vi.endswith(": cập nhật điểm trực, ghi chú hoặc cảnh báo nghỉ ngơi")


def test_a_shifts_and_a_campaigns_times_are_written_as_each_language_reads_dates() -> None:
    """QA 2026-12-06: English read "05/02/2027" as 2 May; Vietnamese keeps dd/mm/yyyy."""
    moved = said(model_of("shift.rescheduled"))
    assert moved.summary.endswith(
        "moved from 20:00 5 Feb 2027 – 04:00 6 Feb 2027 to 22:00 5 Feb 2027 – 06:00 6 Feb 2027"
    )
    assert moved.summary_vi.endswith(
        "dời từ 20:00 05/02/2027 – 04:00 06/02/2027 sang 22:00 05/02/2027 – 06:00 06/02/2027"
    )
    checked_in = said(model_of("shift.checked_in"))
    assert checked_in.summary.endswith("checked in at 21:55 5 Feb 2027")
    assert checked_in.summary_vi.endswith("nhận ca lúc 21:55 05/02/2027")
    # a late check-in's reason (QZ29 #13), with it or given afterwards, said in the history
    late = said(model_of("shift.checked_in"), late_reason="Đường ngập")
    assert late.summary_vi.endswith("nhận ca lúc 21:55 05/02/2027, đến muộn vì: Đường ngập"), late.summary_vi
    explained = said(model_of("shift.late_explained"))
    assert explained.summary_vi.endswith(
        "Nguyễn Thị Ánh Tuyết nhận ca muộn lúc 22:40 05/02/2027, lý do: Đường Quốc lộ 62 ngập sâu, phải đi vòng qua "
        "Thạnh Hóa"
    ), explained.summary_vi
    assert "Nguyễn Thị Ánh Tuyết, checked in late at 22:40 5 Feb 2027, said why:" in explained.summary
    # a manager's word afterwards (QZ27 #3): who, from–to and the evidence, never mistaken for a check-in
    confirmed = said(model_of("shift.presence_confirmed"))
    assert confirmed.summary_vi.endswith(
        "xác nhận sau Nguyễn Thị Ánh Tuyết có mặt 22:40 05/02/2027 – 06:00 06/02/2027 "
        "(căn cứ: sổ giao ca, Sổ giao ca trạm Tân Hưng, trang 14)"
    ), confirmed.summary_vi
    assert "confirmed afterwards as on post 22:40 5 Feb 2027" in confirmed.summary
    corrected = said(model_of("shift.presence_corrected"))
    assert "ghi nhận sau" in corrected.summary_vi and "vắng mặt dù đã điểm danh (căn cứ: camera" in corrected.summary_vi
    # part of the shift (QZ28 #4): checked in, left at 02:00 — the time away said
    left = said(
        model_of("shift.presence_corrected"), absent_from="2027-02-05T19:00:00Z", absent_until="2027-02-05T23:00:00Z"
    )
    assert "vắng mặt 02:00 06/02/2027 – 06:00 06/02/2027 dù đã điểm danh (căn cứ: camera" in left.summary_vi, left
    opened = said(model_of("campaign.opened"))
    # to its last day's end, not "00:00" of the day after (QZ21 #9)
    assert opened.summary == "Campaign Tết Đinh Mùi 2027 opened: 00:00 30 Jan 2027 – 24:00 11 Feb 2027"
    assert opened.summary_vi == "Mở đợt trực Tết Đinh Mùi 2027: 00:00 30/01/2027 – 24:00 11/02/2027"


def _names(assignees: list[dict]) -> str:
    names = [a["full_name"] for a in assignees]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def test_a_shift_handed_over_says_from_when_who_was_relieved_and_why_and_the_new_one_what_it_took_over() -> None:
    """POST /shifts/{id}/handover (QA 2026-12-06): the shift ends early, its ShiftRescheduled naming the shift that
    took over and the reason; the new shift's snapshot names the shift it continues. The history says so, not
    "moved"."""
    example = ROSTER_EXAMPLES[model_of("shift.rescheduled")]().model_dump(mode="json")
    handed = describe(
        model_of("shift.rescheduled").event_type,
        {**example, "handed_over_to": str(uuid.uuid4()), "reason": " Trưởng ca bị ốm "},
        known=KNOWN,
    )
    assert "giao phần còn lại của ca từ 06:00 06/02/2027" in handed.summary_vi
    assert handed.summary_vi.endswith(" thôi trực: Trưởng ca bị ốm")
    assert "the rest handed over to another shift from 06:00 6 Feb 2027" in handed.summary
    assert "dời từ" not in handed.summary_vi and "moved" not in handed.summary
    planned = ROSTER_EXAMPLES[model_of("shift.planned")]().model_dump(mode="json")
    rest = {**planned["shift"], "continues_shift_id": str(uuid.uuid4()), "handover_reason": "Trưởng ca bị ốm"}
    taking = describe(model_of("shift.planned").event_type, {**planned, "shift": rest}, known=KNOWN)
    assert taking.summary_vi.endswith(", nhận phần còn lại của một ca: Trưởng ca bị ốm")
    assert taking.summary.endswith(", taking over the rest of another shift: Trưởng ca bị ốm")
    assert "nhận phần còn lại" not in said(model_of("shift.planned")).summary_vi  # any other shift: as before

    # QZ10 #3: with audit's projection of the other shift, who took over and whose shift from when, no "(bản nháp)".
    old_id, rest_id = str(uuid.uuid4()), str(uuid.uuid4())

    def projected(shift_id: str, name: str, starts_at: datetime) -> Shift:
        return Shift(
            shift_id=shift_id,
            campaign_id=None,
            enterprise_id=str(uuid.uuid4()),
            site_id=None,
            duty_type="leadership",
            starts_at=starts_at,
            ends_at=datetime(2027, 2, 5, 23, tzinfo=UTC),
            status="published",
            assignees=(OnShift(str(uuid.uuid4()), name, True, str(uuid.uuid4())),),
            version=2,
            updated_seq=1,
            last_event_id="e",
            interval_event_id="e",
            status_event_id="e",
        )

    shifts = {
        old_id: projected(old_id, "Hồ Văn Dũng", datetime(2027, 2, 5, 1, tzinfo=UTC)),  # 08:00 05/02
        rest_id: projected(rest_id, "Đoàn Quang Vinh", datetime(2027, 2, 5, 13, tzinfo=UTC)),
    }
    handed_data = {**example, "handed_over_to": rest_id, "reason": "Trưởng ca bị ốm"}
    rest_data = {**planned, "shift": {**rest, "continues_shift_id": old_id}}
    assert wanted([(model_of("shift.rescheduled").event_type, handed_data)]).shifts == {rest_id}
    assert wanted([(model_of("shift.planned").event_type, rest_data)]).shifts == {old_id}
    both = Known(staff=KNOWN.staff, shifts=shifts)
    relieved = describe(model_of("shift.rescheduled").event_type, handed_data, known=both)
    assert relieved.summary_vi.endswith(" thôi trực, Đoàn Quang Vinh nhận phần còn lại: Trưởng ca bị ốm")
    assert relieved.summary.endswith(" relieved, Đoàn Quang Vinh taking over the rest: Trưởng ca bị ốm")
    taker = describe(model_of("shift.planned").event_type, rest_data, known=both)
    assert taker.summary_vi.endswith(", nhận phần còn lại của ca 08:00 05/02/2027 của Hồ Văn Dũng: Trưởng ca bị ốm")
    assert taker.summary.endswith(
        ", taking over the rest of the 08:00 5 Feb 2027 shift of Hồ Văn Dũng: Trưởng ca bị ốm"
    )
    assert "bản nháp" not in taker.summary_vi and "draft" not in taker.summary

    # QZ10 #8: nobody came; the new shift took the old one whole from its start, the old one cancelled with it
    cancelled = ROSTER_EXAMPLES[model_of("shift.cancelled")]().model_dump(mode="json")
    gone = {**cancelled, "handed_over_to": rest_id, "reason": "Trưởng ca không đến"}
    assert wanted([(model_of("shift.cancelled").event_type, gone)]).shifts == {rest_id}
    absent = describe(model_of("shift.cancelled").event_type, gone, known=both)
    people = _names(cancelled["shift"]["assignees"])
    assert absent.summary_vi.endswith(f": {people} không đến; Đoàn Quang Vinh nhận cả ca: Trưởng ca không đến")
    assert absent.summary.endswith(
        f": {people} did not come; Đoàn Quang Vinh took over the whole shift: Trưởng ca không đến"
    )
    assert "hủy ca" not in absent.summary_vi and "cancelled" not in absent.summary
    # QZ13 #2: the replacement on duty from the handover's moment (20:00), not the start (06:00): never "cả ca"
    early = {**gone, "shift": {**cancelled["shift"], "starts_at": "2027-02-04T23:00:00Z"}}
    late = describe(model_of("shift.cancelled").event_type, early, known=both)
    assert late.summary_vi.endswith(
        f": {people} không đến; Đoàn Quang Vinh nhận ca thay từ 20:00 05/02/2027: Trưởng ca không đến"
    )
    assert late.summary.endswith(
        f": {people} did not come; Đoàn Quang Vinh took it over from 20:00 5 Feb 2027: Trưởng ca không đến"
    )
    whole = {**rest, "continues_shift_id": old_id, "starts_at": "2027-02-05T01:00:00Z"}
    took = describe(model_of("shift.planned").event_type, {**planned, "shift": whole}, known=both)
    assert took.summary_vi.endswith(", nhận cả ca 08:00 05/02/2027 của Hồ Văn Dũng: Trưởng ca bị ốm")
    assert took.summary.endswith(
        ", taking over the whole of the 08:00 5 Feb 2027 shift of Hồ Văn Dũng: Trưởng ca bị ốm"
    )


def test_a_shift_update_says_what_it_changed_naming_the_sites() -> None:
    """QA: a manager's notes edit read "cập nhật vị trí, ghi chú hoặc cảnh báo nghỉ ngơi", saying neither what
    changed nor "điểm trực". ShiftUpdated now says which parts changed; the history says them, the sites by name."""
    example = ROSTER_EXAMPLES[model_of("shift.updated")]().model_dump(mode="json")
    other = str(uuid.uuid4())
    shift = {**example["shift"], "site_id": str(SITE), "covers_site_ids": [other], "notes": " Mang theo bộ đàm "}
    data = {**example, "shift": shift, "changed": ["notes", "site", "covers"]}
    known = Known(sites={str(SITE): SITE_NAME, other: "Trạm Hưng Điền"})
    d = describe(model_of("shift.updated").event_type, data, known=known)
    assert d.summary_vi.endswith(f": đổi điểm trực sang {SITE_NAME}; kiêm cả Trạm Hưng Điền; ghi chú: Mang theo bộ đàm")
    assert "site changed to " + SITE_NAME in d.summary and "now also covers Trạm Hưng Điền" in d.summary
    # The page reads the names of the sites an update names.
    assert wanted([(model_of("shift.updated").event_type, data)]).sites == {str(SITE), other}
    # Notes removed, the site left, no covered site: said so; a site audit does not know is not an id.
    bare = {**example, "shift": {**shift, "site_id": str(uuid.uuid4()), "covers_site_ids": [], "notes": None}}
    gone = describe(model_of("shift.updated").event_type, {**bare, "changed": ["notes", "site", "covers"]})
    assert gone.summary_vi.endswith(": đổi điểm trực sang một điểm trực; không còn kiêm điểm trực nào; xóa ghi chú")
    assert words_leak(model_of("shift.updated").event_type, gone) == []


def test_a_site_update_says_what_it_changed_the_border_flag_first() -> None:
    """QZ11 #2: a manager took a border post out of the border area and the history read only “Cập nhật điểm trực
    Trạm BTS Bình Hòa Tây”. SiteUpdated now says which parts changed; the history says them, the border flag first."""
    site = model_of("site.updated")
    cleared = said(site, name="Trạm BTS Bình Hòa Tây", border_area=False, changed=["name", "border_area"])
    assert cleared.summary_vi == "Cập nhật điểm trực Trạm BTS Bình Hòa Tây: bỏ khu vực biên giới; đổi tên"
    assert cleared.summary == "Site Trạm BTS Bình Hòa Tây updated: taken out of the border area; renamed"
    marked = said(
        site, border_area=True, kind="transmitter", district="Thạnh Hóa", changed=["border_area", "kind", "district"]
    )
    assert marked.summary_vi == (
        f"Cập nhật điểm trực {SITE_NAME}: đưa vào khu vực biên giới; loại: đài phát; huyện/thị xã/TP: Thạnh Hóa"
    )
    moved = said(site, border_area=True, district=None, changed=["district"])  # a border site, its flag as it was
    assert moved.summary_vi == f"Cập nhật điểm trực {SITE_NAME} (khu vực biên giới): bỏ huyện/thị xã/TP"
    assert moved.summary == f"Site {SITE_NAME} updated, border area: district/town/city removed"
    # An event published before roster said what changed: as before.
    assert said(site, border_area=True, changed=[]).summary_vi == f"Cập nhật điểm trực {SITE_NAME} (khu vực biên giới)"
    assert words_leak(site.event_type, marked) == [] and words_leak(site.event_type, cleared) == []


def test_a_staff_record_names_its_qualifications_in_words() -> None:
    joined = said(model_of("staff.joined"))
    assert joined.summary_vi == f"Thêm nhân sự {DUC_NAME} (chuyên môn: lãnh đạo, kỹ thuật)"
    assert joined.summary == f"{DUC_NAME} joined (qualifications: leader, technician)"
    updated = said(model_of("staff.updated"), qualifications=["operator", "guard"])
    assert updated.summary_vi == f"Cập nhật nhân sự {DUC_NAME} (chuyên môn: điều hành, bảo vệ, ngừng hoạt động)"
    assert said(model_of("staff.joined"), qualifications=[]).summary_vi.endswith("(chuyên môn: —)")


def test_a_requirement_is_named_by_its_duty_type_place_and_window_set_or_removed() -> None:
    duty_vi = "trực vận hành khai thác mạng lưới và ứng cứu thông tin"
    duty_en = "network operation and incident response duty"
    removed = said(RequirementRemoved)
    assert removed.summary_vi == f"Bỏ yêu cầu tối thiểu 1 người {duty_vi} tại {SITE_NAME}, hằng ngày 22:00–06:00"
    assert removed.summary == f"Requirement removed: at least 1 on {duty_en} at {SITE_NAME}, daily 22:00–06:00"
    assert removed.subject_id == str(REQUIREMENT)
    set_ = said(model_of("requirement.set"))
    assert set_.summary_vi == (
        f"Yêu cầu tối thiểu 1 người {duty_vi} tại {SITE_NAME}, hằng ngày 22:00–06:00 (2 người giờ cao điểm)"
    )
    whole = said(
        model_of("requirement.set"),
        site_id=None,
        window={"kind": "daily", "start_local": "00:00", "end_local": "00:00"},
    )
    assert whole.summary_vi.endswith(f"{duty_vi} toàn doanh nghiệp, hằng ngày, cả ngày (2 người giờ cao điểm)")
    assert whole.summary.endswith(f"{duty_en} for the whole enterprise, daily, all day (2 at peak)")
    unknown = said(RequirementRemoved, NOTHING_KNOWN)
    assert unknown.summary_vi == "Bỏ một yêu cầu trực (audit chưa nhận được nội dung yêu cầu)"


def test_a_daily_report_says_its_day_number_and_who_sent_and_signed_it() -> None:
    d = said(model_of("daily_report.submitted"))
    assert d.summary_vi == (
        "Gửi lại báo cáo tình hình trực Tết ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi), lần 2, "
        f"số 3/BC-VNPTLA, người ký: {TUYET_NAME}"
    )
    assert d.summary == (
        "Daily duty report for 6 Feb 2027 (1st day of Tết, Đinh Mùi) submitted again, version 2, "
        f"no. 3/BC-VNPTLA, signed by {TUYET_NAME}"
    )
    assert (d.actor, d.actor_name) == ("tuyet.nta@vnpt-longan.vn", TUYET_NAME)
    first = said(model_of("daily_report.submitted"), version=1, submitted_by=None)
    assert first.summary_vi.startswith("Gửi báo cáo tình hình trực Tết ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi), số")
    assert (first.actor, first.actor_name) == (None, TUYET_NAME)


def test_an_incident_says_where_and_when_it_was_detected_and_what_changed() -> None:
    head_vi = (
        f"Sự cố tại {SITE_NAME}, Tân Hưng (khu vực biên giới), phát hiện lúc 01:15 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    )
    opened = said(model_of("incident.opened"))
    assert opened.summary_vi == (
        f"Ghi nhận sự cố đặc biệt nghiêm trọng tại {SITE_NAME}, Tân Hưng (khu vực biên giới), phát hiện lúc "
        "01:15 06/02/2027 (Mùng 1 Tết Đinh Mùi); dịch vụ bị ảnh hưởng: di động, cố định"
    )
    assert opened.summary == (
        f"Critical incident recorded at {SITE_NAME}, Tân Hưng (border area), detected at "
        "01:15 6 Feb 2027 (1st day of Tết, Đinh Mùi); services affected: mobile, fixed line"
    )
    assert said(IncidentUpdated).summary_vi == f"{head_vi}: thêm người ứng cứu {DUC_NAME}"
    noted = ROSTER_EXAMPLES[IncidentUpdated]().model_dump(mode="json")["incident"]
    noted["updates"] = [{"at": "2027-02-05T19:00:00Z", "note": "Đã điều xe ứng cứu", "by": None, "by_name": None}]
    noted["restored_at"] = "2027-02-05T20:15:00Z"
    update = said(IncidentUpdated, incident=noted, change="note_added")
    assert update.summary_vi == (
        f"{head_vi}: cập nhật tình hình: Đã điều xe ứng cứu; dịch vụ khôi phục lúc 03:15 06/02/2027 (Mùng 1 Tết Đinh Mùi)"
    )
    resolved = said(model_of("incident.resolved"))
    assert resolved.summary_vi == (
        f"{head_vi}: kết thúc sự cố, dịch vụ khôi phục lúc 03:15 06/02/2027 (Mùng 1 Tết Đinh Mùi); "
        "nguyên nhân: Thi công đường làm đứt cáp"
    )
    respelled = said(IncidentUpdated, change="district_merged")
    assert (
        respelled.summary_vi == f"{head_vi}: ghi lại huyện/thị xã/TP là Tân Hưng (gộp các cách viết của cùng một tên)"
    )
    assert respelled.summary.endswith(": district/town/city written as Tân Hưng (the spellings of one name merged)")
    no_site = {**noted, "site_id": None, "site_name": None, "border": False}
    assert said(IncidentUpdated, incident=no_site).summary_vi.startswith("Sự cố tại khu vực Tân Hưng, phát hiện lúc")
    # Z13: a responder added by mistake, taken off: who, and why when it was said
    taken_off = said(model_of("incident.responder_removed"))
    assert taken_off.summary_vi == f"{head_vi}: gỡ người ứng cứu Lê Văn Bình; lý do: Thêm nhầm người"
    assert taken_off.summary.endswith(": Lê Văn Bình taken off the responders; reason: Thêm nhầm người")
    assert said(model_of("incident.responder_removed"), reason=None).summary_vi.endswith("gỡ người ứng cứu Lê Văn Bình")


def test_readiness_hours_and_inspections_name_their_item_point_and_day() -> None:
    assert said(model_of("readiness_item.completed")).summary_vi == (
        f"Đánh dấu đã xong mục kiểm tra sẵn sàng “{ITEM_TITLE_VI}”: Đã chạy thử 2 máy phát; "
        "số văn bản / đường dẫn: Biên bản số 12/BB-KT"
    )
    assert said(model_of("readiness_item.completed")).summary.startswith(
        f"Readiness item “{ITEM_TITLE_EN}” marked done"
    )
    removed = said(model_of("readiness_item.removed"))
    assert removed.summary_vi == f"Bỏ mục kiểm tra sẵn sàng “{ITEM_TITLE_VI}” (lĩnh vực viễn thông)"
    assert said(model_of("readiness_item.removed"), NOTHING_KNOWN).summary_vi == (
        "Bỏ một mục kiểm tra sẵn sàng của lĩnh vực viễn thông"
    )
    assert said(model_of("readiness_item.defined")).summary_vi == (
        f"Thêm mục kiểm tra sẵn sàng “{ITEM_TITLE_VI}” cho lĩnh vực viễn thông, "
        "hạn hết ngày 25/01/2027 (18 tháng Chạp Bính Ngọ)"
    )
    assert said(model_of("transaction_hours.published")).summary_vi == (
        "Niêm yết giờ mở cửa dịp Tết của Điểm giao dịch Tân Hưng (lần 2): "
        "từ 05/02/2027 đến 07/02/2027, mở cửa 2 ngày, nghỉ 1 ngày"
    )
    assert said(model_of("inspection.rescheduled")).summary_vi == (
        f"Dời lịch kiểm tra (đột xuất): {ENTERPRISE_NAME} – {SITE_NAME}, từ ngày 03/02/2027 (27 tháng Chạp Bính Ngọ) "
        "sang ngày 06/02/2027 (Mùng 1 Tết Đinh Mùi), trong Tết: Trùng lịch họp của Sở"
    )
    assert said(model_of("inspection.finding_recorded")).summary == (
        f"Surprise inspection of {ENTERPRISE_NAME} – {SITE_NAME} on 6 Feb 2027 (1st day of Tết, Đinh Mùi), during Tết: "
        "result recorded: issues found"
    )
    assert said(model_of("transaction_hours.published")).summary.endswith(
        ": 5 Feb 2027 to 7 Feb 2027, open 2 days, closed 1 day"
    )


def test_what_to_read_for_a_page_is_the_sites_requirements_and_readiness_items_it_names() -> None:
    page = [(m.event_type, ROSTER_EXAMPLES[m]().model_dump(mode="json")) for m in ROSTER_EVENTS]
    want = wanted(page)
    assert want == Wanted(frozenset({str(SITE)}), frozenset({str(REQUIREMENT)}), frozenset({str(ITEM)}))
    assert wanted([("lichtruc.roster.staff.joined.v1", {"staff_id": str(DUC)})]) == wanted([])
