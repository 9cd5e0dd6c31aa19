"""The rules a shift must (errors) and should (warnings) satisfy, as pure functions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from roster.domain.errors import Conflict, Precondition, PreconditionRequired, StaleVersion
from roster.domain.shifts import (
    Booking,
    CampaignFacts,
    RuleLimits,
    ShiftDraft,
    SiteFacts,
    StaffFacts,
    campaign_errors,
    check_in_errors,
    check_transition,
    double_bookings,
    is_night_shift,
    night_hours,
    raise_double_booking,
    shift_errors,
    soft_warnings,
)

ICT = timezone(timedelta(hours=7))
ENTERPRISE = uuid.uuid4()
OTHER_ENTERPRISE = uuid.uuid4()
CAMPAIGN = CampaignFacts(
    uuid.uuid4(), "Tết Đinh Mùi 2027", datetime(2027, 1, 30, tzinfo=ICT), datetime(2027, 2, 16, tzinfo=ICT)
)
LIMITS = RuleLimits()


def at(day: int, hour: int = 0, month: int = 2) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=ICT)


def person(
    name: str = "Nguyễn Thị Ánh Tuyết",
    *,
    quals=("leader", "operator", "technician", "guard"),
    active=True,
    enterprise=ENTERPRISE,
) -> StaffFacts:
    return StaffFacts(uuid.uuid4(), enterprise, name, frozenset(quals), active)


NIGHT_START, NIGHT_END = at(5, 22), at(6, 6)


def draft(*people: StaffFacts, start=NIGHT_START, end=NIGHT_END, duty="operations", site=None) -> ShiftDraft:
    return ShiftDraft(ENTERPRISE, duty, start, end, tuple(p.id for p in people), site)


def errors_of(d: ShiftDraft, people: list[StaffFacts], site: SiteFacts | None = None) -> list[tuple[str, str]]:
    found = shift_errors(d, campaign=CAMPAIGN, site=site, staff={p.id: p for p in people}, limits=LIMITS)
    return [(e.field, e.rule) for e in found]


def test_a_valid_shift_breaks_nothing() -> None:
    tuyet = person()
    assert errors_of(draft(tuyet), [tuyet]) == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(6, 6), at(5, 22), [("ends_at", "end-after-start")]),
        (at(5, 22), at(5, 22), [("ends_at", "end-after-start")]),
        (
            at(5, 6),
            at(
                6,
                6,
            )
            + timedelta(minutes=1),
            [("ends_at", "max-length")],
        ),
        (at(29, 22, month=1), at(30, 6, month=1), [("starts_at", "inside-campaign")]),
        (at(15, 22), at(16, 6), [("ends_at", "inside-campaign")]),
    ],
)
def test_interval_rules(start, end, expected) -> None:
    tuyet = person()
    assert errors_of(draft(tuyet, start=start, end=end), [tuyet]) == expected


def test_a_campaigns_end_is_said_as_its_last_day_and_a_drills_as_its_time() -> None:
    """QA (2026-12-06): "đến 00:00 16/02/2027 (11 tháng Giêng)" read as the 11th included, where the board says
    the campaign runs to 15/02; a drill ending at another hour keeps its time."""
    [late] = campaign_errors(at(15, 22), at(16, 6), CAMPAIGN)
    assert late.message_vi.endswith(
        "kéo dài từ 00:00 30/01/2027 (23 tháng Chạp) đến hết 15/02/2027 (Mùng 10 tháng Giêng)."
    )
    assert late.message.endswith("to the end of 15 Feb 2027 (10th day of the 1st lunar month).")
    drill = replace(CAMPAIGN, name="Diễn tập", starts_at=at(3, 8), ends_at=at(3, 17))
    [late] = campaign_errors(at(3, 16), at(3, 18), drill)
    assert late.message_vi.endswith("từ 08:00 03/02/2027 (27 tháng Chạp) đến 17:00 03/02/2027 (27 tháng Chạp).")
    assert late.message.endswith("to 17:00 3 Feb 2027 (27th day of the 12th lunar month).")


def test_exactly_the_maximum_length_is_allowed() -> None:
    tuyet = person()
    assert errors_of(draft(tuyet, start=at(5, 6), end=at(6, 6)), [tuyet]) == []


def test_each_assignee_rule_names_the_position_and_the_person() -> None:
    ok = person("Trần Văn Đức")
    inactive = person("Lê Hoàng Yến", active=False)
    foreign = person("Phạm Minh Khôi", enterprise=OTHER_ENTERPRISE)
    unqualified = person("Võ Thị Hồng Nhung", quals=("guard",))
    unknown = uuid.uuid4()
    d = ShiftDraft(
        ENTERPRISE, "leadership", at(5, 22), at(6, 6), (ok.id, inactive.id, foreign.id, unqualified.id, unknown)
    )
    found = shift_errors(
        d, campaign=CAMPAIGN, site=None, staff={p.id: p for p in (ok, inactive, foreign, unqualified)}, limits=LIMITS
    )
    assert [(e.field, e.rule) for e in found] == [
        ("assignees.1", "staff-active"),
        ("assignees.2", "same-enterprise"),
        ("assignees.3", "qualified"),
        ("assignees.4", "staff-exists"),
    ]
    assert "Võ Thị Hồng Nhung" in found[2].message and "Leader qualification" in found[2].message
    assert "không có chuyên môn Lãnh đạo mà trực lãnh đạo yêu cầu" in found[2].message_vi
    assert found[2].context == {"staff_id": str(unqualified.id), "qualification": "leader"}


def test_nobody_twice_and_at_least_one() -> None:
    tuyet = person()
    assert errors_of(ShiftDraft(ENTERPRISE, "patrol", at(5, 22), at(6, 6), (tuyet.id, tuyet.id)), [tuyet]) == [
        ("assignees", "unique")
    ]
    assert errors_of(ShiftDraft(ENTERPRISE, "patrol", at(5, 22), at(6, 6), ()), []) == [("assignees", "at-least-one")]


def test_site_must_exist_and_belong_to_the_enterprise() -> None:
    tuyet = person()
    site_id = uuid.uuid4()
    assert errors_of(draft(tuyet, site=site_id), [tuyet], None) == [("site_id", "site-exists")]
    foreign = SiteFacts(site_id, OTHER_ENTERPRISE, "Bưu cục Mộc Hóa")
    assert errors_of(draft(tuyet, site=site_id), [tuyet], foreign) == [("site_id", "same-enterprise")]


def test_double_booking_names_the_conflicting_shift_across_enterprises() -> None:
    tuyet, duc = person(), person("Trần Văn Đức")
    elsewhere = uuid.uuid4()
    bookings = [
        Booking(elsewhere, duc.id, at(6, 5), at(6, 12)),  # overlaps 05:00–06:00
        Booking(uuid.uuid4(), tuyet.id, at(6, 6), at(6, 12)),  # starts when ours ends: no overlap
        Booking(uuid.uuid4(), tuyet.id, at(5, 14), at(5, 22)),  # ends when ours starts: no overlap
    ]
    found = double_bookings(draft(tuyet, duc), bookings, shift_id=None, names={duc.id: "Trần Văn Đức"})
    assert [(e.field, e.rule, e.context["shift_id"]) for e in found] == [
        ("assignees.1", "no-double-booking", str(elsewhere))
    ]
    with pytest.raises(Conflict) as err:
        raise_double_booking(found)
    assert err.value.context["conflicting_shift_id"] == str(elsewhere)


def test_a_shift_does_not_clash_with_itself() -> None:
    tuyet = person()
    own = uuid.uuid4()
    assert double_bookings(draft(tuyet), [Booking(own, tuyet.id, at(5, 22), at(6, 6))], shift_id=own, names={}) == []


def test_night_hours_are_counted_between_22_and_06_local() -> None:
    assert night_hours(at(5, 22), at(6, 6)) == 8
    assert night_hours(at(5, 18), at(5, 23)) == 1
    assert night_hours(at(6, 6), at(6, 18)) == 0
    assert is_night_shift(at(6, 0), at(6, 6)) and not is_night_shift(at(5, 18), at(6, 0))


def test_short_rest_is_a_warning_naming_the_other_shift() -> None:
    tuyet = person()
    before = uuid.uuid4()
    bookings = [Booking(before, tuyet.id, at(5, 14), at(5, 18), "patrol")]  # 4 h before 22:00
    [warning] = soft_warnings(
        draft(tuyet), bookings, shift_id=None, names={tuyet.id: tuyet.full_name}, limits=LIMITS, status="draft"
    )
    assert (warning.rule, warning.staff_id, warning.shift_id) == ("min-rest", tuyet.id, before)
    assert "4 h" in warning.message and "8 h" in warning.message
    # The other shift by its duty type and local time (with the lunar day), never by its id.
    assert warning.message_vi == (
        "Nguyễn Thị Ánh Tuyết chỉ được nghỉ 4 giờ giữa ca này và ca tuần tra, bảo vệ "
        "14:00–18:00 05/02/2027 (29 tháng Chạp) (tối thiểu 8 giờ)."
    )
    assert str(before) not in warning.message


def test_a_rest_is_said_in_hours_and_minutes() -> None:
    # QA: 50 minutes of rest read "0.833333 h" / "nghỉ 0.833333 giờ"; QZ14 #10: then "0,8 giờ" here while the
    # pickers said other decimals of the same gap — now "50 phút" / "50 min" everywhere (`lichtruc.words.rest_said`).
    tuyet = person()
    ended = at(5, 21) + timedelta(minutes=10)  # 50 minutes before the draft's 22:00
    bookings = [Booking(uuid.uuid4(), tuyet.id, at(5, 14), ended, "patrol")]
    [warning] = soft_warnings(
        draft(tuyet), bookings, shift_id=None, names={tuyet.id: tuyet.full_name}, limits=LIMITS, status="draft"
    )
    assert "only 50 min of rest" in warning.message and "0.8" not in warning.message
    assert "chỉ được nghỉ 50 phút giữa" in warning.message_vi and "0,8" not in warning.message_vi
    # 3 h 5 min of rest: neither "3,08 giờ" nor "3,1 giờ"
    [warning] = soft_warnings(
        draft(tuyet),
        [Booking(uuid.uuid4(), tuyet.id, at(5, 14), at(5, 18) + timedelta(minutes=55), "patrol")],
        shift_id=None,
        names={tuyet.id: tuyet.full_name},
        limits=LIMITS,
        status="draft",
    )
    assert "chỉ được nghỉ 3 giờ 5 phút giữa ca này" in warning.message_vi
    assert "gets only 3 h 5 min of rest between" in warning.message


@pytest.mark.parametrize(
    ("hours", "vi", "en"),
    [
        (3 + 5 / 60, "3 giờ 5 phút", "3 h 5 min"),
        (3.08, "3 giờ 5 phút", "3 h 5 min"),  # roster's candidates round to 2 decimals: the same minute
        (3.75, "3 giờ 45 phút", "3 h 45 min"),
        (4, "4 giờ", "4 h"),
        (0.75, "45 phút", "45 min"),
        (0.001, "1 phút", "1 min"),
        (7.999, "8 giờ", "8 h"),
    ],
)
def test_rest_said_in_hours_and_minutes(hours: float, vi: str, en: str) -> None:
    from lichtruc.words import rest_said

    assert (rest_said(hours, "vi"), rest_said(hours, "en")) == (vi, en)


@pytest.mark.parametrize("before", [True, False], ids=["ending as it begins", "beginning as it ends"])
def test_back_to_back_shifts_are_said_plainly_not_as_zero_hours_of_rest(before: bool) -> None:
    """QA: two shifts back to back read "chỉ được nghỉ 0 giờ giữa hai ca" ("gets only 0 h of rest")."""
    tuyet = person()
    other = uuid.uuid4()
    span = (at(5, 14), at(5, 22)) if before else (at(6, 6), at(6, 14))  # the draft is 22:00–06:00
    bookings = [Booking(other, tuyet.id, *span, "patrol")]
    [warning] = soft_warnings(
        draft(tuyet), bookings, shift_id=None, names={tuyet.id: tuyet.full_name}, limits=LIMITS, status="draft"
    )
    assert (warning.rule, warning.shift_id, warning.context["rest_hours"]) == ("min-rest", other, 0)
    label = "14:00–22:00 05/02/2027 (29 tháng Chạp)" if before else "06:00–14:00 06/02/2027 (Mùng 1 Tết)"
    assert warning.message_vi == (
        f"Nguyễn Thị Ánh Tuyết trực liền hai ca, không có thời gian nghỉ ở giữa: ca này và ca tuần tra, bảo vệ "
        f"{label} (tối thiểu 8 giờ nghỉ)."
    )
    assert warning.message.startswith(
        "Nguyễn Thị Ánh Tuyết works two shifts back to back, with no rest between them: this shift and the shift "
    )
    assert warning.message.endswith("(minimum 8 h of rest).")
    assert "0 giờ" not in warning.message_vi and "0 h" not in warning.message


def test_a_rest_of_a_minute_or_two_is_said_in_minutes_not_as_zero_hours() -> None:
    tuyet = person()
    bookings = [Booking(uuid.uuid4(), tuyet.id, at(5, 14), at(5, 22) - timedelta(minutes=2), "patrol")]
    [warning] = soft_warnings(
        draft(tuyet), bookings, shift_id=None, names={tuyet.id: tuyet.full_name}, limits=LIMITS, status="draft"
    )
    assert "chỉ được nghỉ 2 phút giữa ca này" in warning.message_vi
    assert "gets only 2 min of rest between this shift" in warning.message


def test_enough_rest_is_no_warning() -> None:
    tuyet = person()
    bookings = [Booking(uuid.uuid4(), tuyet.id, at(5, 6), at(5, 14))]  # exactly 8 h before
    assert soft_warnings(draft(tuyet), bookings, shift_id=None, names={}, limits=LIMITS, status="draft") == []


def test_a_fourth_night_shift_in_seven_days_is_a_warning() -> None:
    tuyet = person()
    nights = [Booking(uuid.uuid4(), tuyet.id, at(d, 22), at(d + 1, 6)) for d in (1, 2, 3)]
    [warning] = soft_warnings(
        draft(tuyet, start=at(5, 22), end=at(6, 6)), nights, shift_id=None, names={}, limits=LIMITS, status="draft"
    )
    assert warning.rule == "night-shifts" and warning.context == {"night_shifts": 4}
    # Three nights are allowed; and nights more than seven days apart do not add up.
    assert soft_warnings(draft(tuyet), nights[:2], shift_id=None, names={}, limits=LIMITS, status="draft") == []
    spread = [Booking(uuid.uuid4(), tuyet.id, at(d, 22, month=1), at(d + 1, 6, month=1)) for d in (20, 24, 28)]
    assert soft_warnings(draft(tuyet), spread, shift_id=None, names={}, limits=LIMITS, status="draft") == []


def test_a_day_shift_never_counts_as_a_night() -> None:
    tuyet = person()
    nights = [Booking(uuid.uuid4(), tuyet.id, at(d, 22), at(d + 1, 6)) for d in (1, 2, 3, 4)]
    assert (
        soft_warnings(
            draft(tuyet, start=at(6, 8), end=at(6, 16)), nights, shift_id=None, names={}, limits=LIMITS, status="draft"
        )
        == []
    )


# --- which neighbours a shift's warnings count --------------------------------------------------------


@pytest.mark.parametrize("status", ["published", "checked_in", "completed"])
def test_a_shift_its_staff_see_is_not_warned_of_a_draft_next_to_it(status: str) -> None:
    """A draft 4 h before a published (checked-in, completed) shift is no rest warning of it: its staff and the
    inspectors read that shift's warnings, and the draft does not exist for them. Published, it is one."""
    tuyet = person()
    names = {tuyet.id: tuyet.full_name}
    before = Booking(uuid.uuid4(), tuyet.id, at(5, 14), at(5, 18), "patrol", draft=True)  # 4 h before 22:00
    assert soft_warnings(draft(tuyet), [before], shift_id=None, names=names, limits=LIMITS, status=status) == []
    published = replace(before, draft=False)
    [warning] = soft_warnings(draft(tuyet), [published], shift_id=None, names=names, limits=LIMITS, status=status)
    assert (warning.rule, warning.shift_id, warning.context["rest_hours"]) == ("min-rest", before.shift_id, 4)


def test_a_draft_is_warned_of_every_neighbour_drafts_included() -> None:
    """The manager planning a draft sees every shift: a draft 4 h before it is warned of, as a published one."""
    tuyet = person()
    names = {tuyet.id: tuyet.full_name}
    before = Booking(uuid.uuid4(), tuyet.id, at(5, 14), at(5, 18), "patrol", draft=True)
    after = Booking(uuid.uuid4(), tuyet.id, at(6, 9), at(6, 13), "patrol", draft=False)  # 3 h after 06:00
    found = soft_warnings(draft(tuyet), [before, after], shift_id=None, names=names, limits=LIMITS, status="draft")
    assert [(w.rule, w.shift_id) for w in found] == [("min-rest", before.shift_id), ("min-rest", after.shift_id)]
    said = soft_warnings(draft(tuyet), [before, after], shift_id=None, names=names, limits=LIMITS, status="published")
    assert [(w.rule, w.shift_id) for w in said] == [("min-rest", after.shift_id)]


def test_a_published_night_counts_no_draft_night_towards_the_limit() -> None:
    """Three nights before a published night, one of them a draft: two plus this one, within the limit of three.
    The same draft counts for a draft night (four), and counts for the published one once published."""
    tuyet = person()
    nights = [Booking(uuid.uuid4(), tuyet.id, at(d, 22), at(d + 1, 6), draft=d == 2) for d in (1, 2, 3)]
    assert soft_warnings(draft(tuyet), nights, shift_id=None, names={}, limits=LIMITS, status="published") == []
    [warning] = soft_warnings(draft(tuyet), nights, shift_id=None, names={}, limits=LIMITS, status="draft")
    assert warning.rule == "night-shifts" and warning.context == {"night_shifts": 4}
    all_published = [replace(b, draft=False) for b in nights]
    [warning] = soft_warnings(draft(tuyet), all_published, shift_id=None, names={}, limits=LIMITS, status="published")
    assert warning.rule == "night-shifts" and warning.context == {"night_shifts": 4}


def test_status_transitions() -> None:
    shift_id = uuid.uuid4()

    def shift(status: str) -> dict:
        return {
            "id": shift_id,
            "status": status,
            "duty_type": "operations",
            "starts_at": at(5, 22),
            "ends_at": at(6, 6),
        }

    check_transition(shift("draft"), "publish")
    check_transition(shift("published"), "check_in")
    for status, action in [
        ("published", "publish"),
        ("cancelled", "reschedule"),
        ("completed", "cancel"),
        ("draft", "check_in"),
        ("draft", "request_swap"),
        ("checked_in", "reassign"),
    ]:
        with pytest.raises(Conflict) as err:
            check_transition(shift(status), action)
        assert err.value.first.rule == "invalid-status"
        assert err.value.context == {"shift_id": str(shift_id), "shift_status": status}
        # Named by duty type and local time, its status in words: no id, no code.
        assert err.value.first.message_vi.startswith("Ca trực điều hành 22:00 05/02/2027")
        assert str(shift_id) not in err.value.first.message_vi and status not in err.value.first.message_vi


def test_check_in_window_opens_30_minutes_before_and_closes_at_the_end() -> None:
    lead = timedelta(minutes=30)
    start, end = at(5, 22), at(6, 6)
    assert check_in_errors(now=start - lead, starts_at=start, ends_at=end, lead=lead) == []
    assert check_in_errors(now=end - timedelta(seconds=1), starts_at=start, ends_at=end, lead=lead) == []
    early = check_in_errors(now=start - lead - timedelta(seconds=1), starts_at=start, ends_at=end, lead=lead)
    assert early[0].rule == "check-in-window" and "21:30 5 Feb 2027" in early[0].message
    assert check_in_errors(now=end, starts_at=start, ends_at=end, lead=lead)[0].rule == "check-in-window"


def test_preconditions() -> None:
    Precondition(frozenset({3})).check(3, what="shift", what_vi="ca trực", ident="x")
    Precondition(None).check(7, what="shift", what_vi="ca trực", ident="x")
    with pytest.raises(StaleVersion) as stale:
        Precondition(frozenset({2})).check(3, what="shift", what_vi="ca trực", ident="x")
    assert stale.value.current == 3
    with pytest.raises(PreconditionRequired) as missing:
        Precondition(frozenset(), present=False).check(3, what="shift", what_vi="ca trực", ident="x")
    assert missing.value.current == 3
