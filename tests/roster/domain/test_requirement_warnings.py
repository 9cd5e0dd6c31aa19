"""A requirement above what the enterprise can staff is kept with a warning (pure: no database)."""

from __future__ import annotations

from roster.domain.requirements import beyond_staff

STAFF = [
    (True, ("operator", "leader")),
    (True, ("operator",)),
    (False, ("operator",)),  # left: not counted
    (True, ("guard",)),  # not qualified for operations
]


def test_a_minimum_above_the_active_qualified_staff_is_warned_of_in_both_languages() -> None:
    """QA: 200 people of a duty type at an enterprise of about 14 was taken without a word."""
    [warning] = beyond_staff(
        duty_type="operations", minimum=200, peak_minimum=None, enterprise_name="VNPT Long An", staff=STAFF
    )
    assert (warning.rule, warning.required, warning.available) == ("beyond-staff", 200, 2)
    assert warning.message_vi == (
        "Yêu cầu 200 người trực điều hành nhưng VNPT Long An chỉ có 2 người đang làm việc có chuyên môn Điều hành: "
        "các ca trực sẽ luôn thiếu người. Yêu cầu vẫn được lưu; hãy kiểm tra lại số người, hoặc bổ sung nhân sự "
        "(hay chuyên môn) cho doanh nghiệp."
    )
    assert warning.message.startswith(
        "The requirement asks 200 people on Operations (command) duty, but VNPT Long An has only 2 active staff with "
        "the Operator qualification"
    )
    # as many as can take it: nothing to say
    assert beyond_staff(duty_type="operations", minimum=2, peak_minimum=2, enterprise_name="X", staff=STAFF) == ()


def test_the_peak_minimum_counts_too_and_none_qualified_is_said_as_none() -> None:
    [peak] = beyond_staff(duty_type="operations", minimum=1, peak_minimum=3, enterprise_name="X", staff=STAFF)
    assert (peak.required, peak.available) == (3, 2) and "trực điều hành trong cao điểm" in peak.message_vi
    [nobody] = beyond_staff(
        duty_type="incident_response", minimum=1, peak_minimum=None, enterprise_name="VNPT Long An", staff=STAFF
    )
    assert nobody.available == 0 and "VNPT Long An không có người nào đang làm việc có chuyên môn Kỹ thuật" in (
        nobody.message_vi
    )
    assert "has no active staff with the Technician qualification at all" in nobody.message
    # QZ21 #5: one asked is one person ("asks 1 people" was said), two are people
    assert nobody.message.startswith(
        "The requirement asks 1 person on Network operation and incident response duty, but"
    )
    [two] = beyond_staff(duty_type="leadership", minimum=2, peak_minimum=None, enterprise_name="X", staff=STAFF)
    assert two.message.startswith("The requirement asks 2 people on Leadership duty, but X has only 1 active staff")


def test_a_minimum_and_a_peak_both_beyond_the_staff_are_both_named() -> None:
    """QA: minimum 50 and peak 200 where 7 are qualified named only the peak's 200; the 50 is beyond them too."""
    [both] = beyond_staff(
        duty_type="operations", minimum=50, peak_minimum=200, enterprise_name="VNPT Long An", staff=STAFF
    )
    assert (both.required, both.available) == (200, 2)
    assert both.message_vi.startswith(
        "Yêu cầu 50 người trực điều hành và 200 người trong cao điểm nhưng VNPT Long An chỉ có 2 người đang làm việc"
    )
    assert both.message.startswith(
        "The requirement asks 50 people on Operations (command) duty and 200 in a peak, but VNPT Long An has only 2"
    )
    # a minimum the staff can take is not named beside a peak they cannot
    [peak] = beyond_staff(duty_type="operations", minimum=2, peak_minimum=200, enterprise_name="X", staff=STAFF)
    assert peak.message_vi.startswith("Yêu cầu 200 người trực điều hành trong cao điểm nhưng X")
