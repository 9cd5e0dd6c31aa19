"""A shift row's names (site, people) and the rules of POST /shifts: a name not found stops only the checks
that depend on it, so that one dry run lists all of a row's errors (QA round 3: the site and the person were
said first, "the end must come after the start" only once they were fixed)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from lichtruc.text import fold
from roster.domain.errors import FieldError
from roster.domain.imports import ShiftNames, ShiftRow, resolve_shift_names, shift_draft, shift_row_errors
from roster.domain.shifts import CampaignFacts, RuleLimits, SiteFacts, StaffFacts

ICT = timezone(timedelta(hours=7))
ENTERPRISE = uuid.uuid4()
CAMPAIGN = CampaignFacts(
    uuid.uuid4(), "Tết Đinh Mùi 2027", datetime(2027, 1, 30, tzinfo=ICT), datetime(2027, 2, 16, tzinfo=ICT)
)
LEADER = StaffFacts(uuid.uuid4(), ENTERPRISE, "Nguyễn Thị Ánh Tuyết", frozenset({"leader", "operator"}), True)
GUARD = StaffFacts(uuid.uuid4(), ENTERPRISE, "Đặng Văn Bảo", frozenset({"guard"}), True)
STAFF = {s.id: s for s in (LEADER, GUARD)}
SITE = SiteFacts(uuid.uuid4(), ENTERPRISE, "Trung tâm điều hành")
# QA (2026-12-06): "to 00:00 16 Feb 2027 (11th day …)" read as the 11th included: said as its last day, as the board does
SPAN = (
    "00:00 30 Jan 2027 (23rd day of the 12th lunar month) to the end of 15 Feb 2027 (10th day of the 1st lunar month)."
)
SPAN_VI = "00:00 30/01/2027 (23 tháng Chạp) đến hết 15/02/2027 (Mùng 10 tháng Giêng)."


def row(*, site: str | None, people: tuple[str, ...], start: int, end: int, duty: str = "leadership") -> ShiftRow:
    return ShiftRow(
        3, duty, datetime(2027, 2, 5, start, tzinfo=ICT), datetime(2027, 2, 5, end, tzinfo=ICT), site, people, None
    )


def names_of(p: ShiftRow) -> ShiftNames:
    return resolve_shift_names(
        p,
        by_email={"tuyet@vnpt-la.vn": LEADER},
        by_name={fold(s.full_name): [s] for s in STAFF.values()},
        site_by_name={fold(SITE.name): SITE},
    )


def all_errors(p: ShiftRow) -> list[FieldError]:
    names = names_of(p)
    draft = shift_draft(p, names, ENTERPRISE)
    return [*names.errors, *shift_row_errors(draft, names, campaign=CAMPAIGN, staff=STAFF, limits=RuleLimits())]


def test_an_unknown_site_an_unknown_person_and_an_end_before_the_start_are_said_together() -> None:
    errors = all_errors(row(site="Trạm không có thật", people=("Nguyễn Văn A",), start=14, end=12))
    assert [(e.field, e.rule, e.message_vi) for e in errors] == [
        ("site", "site-exists", "Doanh nghiệp không có địa điểm tên “Trạm không có thật”."),
        ("assignees", "staff-exists", "Không có cán bộ nào của doanh nghiệp có email hoặc tên “Nguyễn Văn A”."),
        (
            "ends_at",
            "end-after-start",
            "Giờ kết thúc (05/02/2027 12:00) không sau giờ bắt đầu (05/02/2027 14:00): ca trực qua đêm thì ghi giờ "
            "kết thúc với ngày hôm sau (06/02/2027 12:00).",
        ),
    ]
    # QA (2026-12-04): the English page read "ends_at must be later than starts_at." — the keys, not words.
    assert errors[-1].message == (
        "The end (05/02/2027 12:00) is not after the start (05/02/2027 14:00): for a shift that runs overnight, "
        "write the end with the next day's date (06/02/2027 12:00)."
    )


def test_an_end_before_the_start_suggests_the_next_days_date_only_for_an_overnight_shift() -> None:
    # QA (2026-12-06): "09/02 12:00 → 09/02 00:00" was told only that the end must come after the start.
    p = row(site=None, people=("Nguyễn Thị Ánh Tuyết",), start=12, end=0)
    [error] = all_errors(p)
    assert error.rule == "end-after-start"
    assert error.message_vi.endswith("ca trực qua đêm thì ghi giờ kết thúc với ngày hôm sau (06/02/2027 00:00).")
    # an end at the start's very time (or later in the day, on an earlier date) is no overnight shift to suggest
    same = row(site=None, people=("Nguyễn Thị Ánh Tuyết",), start=8, end=8)
    [error] = all_errors(same)
    assert "(06/02/2027" not in error.message and error.message.endswith(
        "write an end later than the start (an overnight shift ends on the next day's date)."
    )


def test_the_people_found_are_checked_beside_one_not_found() -> None:
    p = row(site=SITE.name, people=("tuyet@vnpt-la.vn", "Không Có Ai", "đặng văn bảo"), start=8, end=16)
    names = names_of(p)
    assert (names.site, names.staff_ids, names.people_unknown, names.site_unknown) == (
        SITE,
        (LEADER.id, GUARD.id),
        True,
        False,
    )
    # the guard lacks the leadership qualification: said beside the person not found, naming him as written
    assert [(e.rule, e.context.get("staff_id"), e.context["value"]) for e in all_errors(p)] == [
        ("staff-exists", None, "Không Có Ai"),
        ("qualified", str(GUARD.id), "đặng văn bảo"),
    ]


def test_nobody_found_is_not_also_called_a_shift_without_people() -> None:
    errors = all_errors(row(site=None, people=("Không Có Ai", "Ai Đó"), start=8, end=16))
    assert [(e.field, e.rule) for e in errors] == [("assignees", "staff-exists"), ("assignees", "staff-exists")]


def test_a_row_whose_names_are_all_found_keeps_the_rules_of_post_shifts() -> None:
    p = row(site=SITE.name, people=("Nguyễn Thị Ánh Tuyết",), start=8, end=16)
    names = names_of(p)
    assert (names.errors, names.staff_ids) == ((), (LEADER.id,))
    assert all_errors(p) == []


def test_a_person_not_found_does_not_stop_the_campaign_check() -> None:
    p = row(site=None, people=("Nguyễn Thị Ánh Tuyết", "Không Có Ai"), start=8, end=16)
    after = ShiftRow(
        3, "leadership", p.starts_at + timedelta(days=20), p.ends_at + timedelta(days=20), None, p.assignees, None
    )
    # QA (2026-12-06): a shift wholly after its campaign was refused at its end only
    assert [(e.field, e.rule, e.message_vi.partition(":")[0]) for e in all_errors(after)] == [
        ("assignees", "staff-exists", "Không có cán bộ nào của doanh nghiệp có email hoặc tên “Không Có Ai”."),
        ("starts_at", "inside-campaign", "Ca trực bắt đầu sau khi đợt trực đã kết thúc"),
        ("ends_at", "inside-campaign", "Ca trực kết thúc sau đợt trực"),
    ]
    before = ShiftRow(
        3, "leadership", p.starts_at - timedelta(days=20), p.ends_at - timedelta(days=20), None, p.assignees, None
    )
    assert [(e.field, e.message) for e in all_errors(before)][1:] == [
        ("starts_at", "The shift starts before its campaign: Tết Đinh Mùi 2027 runs from " + SPAN),
        ("ends_at", "The shift ends before its campaign begins: Tết Đinh Mùi 2027 runs from " + SPAN),
    ]
    assert all_errors(before)[1].message_vi == "Ca trực bắt đầu trước đợt trực: Tết Đinh Mùi 2027 kéo dài từ " + SPAN_VI
    last_night = datetime(2027, 2, 15, 22, tzinfo=ICT), datetime(2027, 2, 16, 6, tzinfo=ICT)  # only its end is out
    overrun = ShiftRow(3, "leadership", *last_night, None, p.assignees, None)
    assert [e.field for e in all_errors(overrun) if e.rule == "inside-campaign"] == ["ends_at"]


def test_a_name_is_looked_up_by_the_one_rule_diacritics_deciding_between_names_folded_alike() -> None:
    """QA (round 8): a name the import finds is the staff form's same name (`exact_name`): case aside, two records
    of it are two people to choose by e-mail; a name written with its diacritics finds only its own record, and one
    typed without them still finds the one person it can be."""
    ung = StaffFacts(uuid.uuid4(), ENTERPRISE, "Ung Thị Ý", frozenset({"leader"}), True)
    ung_horn = StaffFacts(uuid.uuid4(), ENTERPRISE, "Ưng Thị Ý", frozenset({"leader"}), True)
    ut = StaffFacts(uuid.uuid4(), ENTERPRISE, "Ơn Văn Út", frozenset({"leader"}), True)
    ut_capitals = StaffFacts(uuid.uuid4(), ENTERPRISE, "ƠN VĂN ÚT", frozenset({"leader"}), True)
    by_name: dict[str, list[StaffFacts]] = {}
    for s in (ung, ung_horn, ut, ut_capitals, LEADER):
        by_name.setdefault(fold(s.full_name), []).append(s)

    def found(*people: str) -> tuple[tuple[uuid.UUID, ...], list[str]]:
        p = row(site=None, people=people, start=8, end=16)
        names = resolve_shift_names(p, by_email={}, by_name=by_name, site_by_name={})
        return names.staff_ids, [e.rule for e in names.errors]

    assert found("ƯNG THỊ Ý") == ((ung_horn.id,), [])
    assert found("ung thị ý") == ((ung.id,), [])
    assert found("Ung Thi Y") == ((), ["unambiguous-name"])  # either of them
    assert found("Ơn Văn Út") == ((), ["unambiguous-name"])  # two records of one name
    assert found("nguyen thi anh tuyet") == ((LEADER.id,), [])
