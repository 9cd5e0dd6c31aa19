"""The time service came back is not later than the moment it is recorded (QA: a manager at 09:52 closed an
incident "restored at 09:55", and the pages and the day's report said so): refused on an update and on the closing,
a minute's skew allowed; an incident recorded in the future before roster refused that (the demo's Tết) is not
held to the clock while its detection is still to come; one opened since, its detection minutes ahead, is."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from incident_kit import incident

from roster.domain.errors import RuleViolation
from roster.domain.incidents import Incident

DETECTED = datetime(2027, 2, 6, 2, 10, tzinfo=UTC)  # 09:10 on Mùng 1 Tết
NOW = datetime(2027, 2, 6, 2, 52, tzinfo=UTC)  # 09:52


def _open(detected_at: datetime = DETECTED) -> Incident:
    return incident(detected_at=detected_at)


def test_closing_with_a_restore_time_still_to_come_is_refused_naming_both_times() -> None:
    with pytest.raises(RuleViolation) as refused:
        _open().resolve(cause="Cáp", closing_note="Xong", restored_at=NOW + timedelta(minutes=3), now=NOW, actor=None)
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("restored_at", "restored-by-now")
    assert "09:55 06/02/2027" in error.message_vi and "09:52 06/02/2027" in error.message_vi
    assert "09:55 6 Feb 2027" in error.message and "09:52 6 Feb 2027" in error.message
    # QZ23 #6: "muộn hơn lúc ghi nhận" read as the time the incident was recorded; the English says "now"
    assert "(09:55 06/02/2027 (Mùng 1 Tết)) muộn hơn bây giờ (09:52" in error.message_vi, error.message_vi
    assert "later than now (09:52" in error.message


def test_an_update_with_a_restore_time_still_to_come_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        _open().add_update(note="Đã khôi phục", restored_at=NOW + timedelta(hours=1), now=NOW, actor=None)
    assert refused.value.rule == "restored-by-now"


@pytest.mark.parametrize("restored", [NOW - timedelta(minutes=20), NOW, NOW + timedelta(seconds=59)])
def test_a_restore_time_by_now_or_within_the_skew_is_taken(restored: datetime) -> None:
    updated = _open().add_update(note="Đã khôi phục", restored_at=restored, now=NOW, actor=None).incident
    resolved_at = max(NOW, restored)  # not before the restore time (QZ22 #4)
    closed = updated.resolve(cause="Cáp", closing_note="Xong", restored_at=None, now=resolved_at, actor=None).incident
    assert (closed.status, closed.restored_at, closed.resolved_at) == ("resolved", restored, resolved_at)


def test_an_incident_is_not_resolved_before_its_service_was_restored_naming_both_times() -> None:
    """QZ22 #4: at 07:31 a restore time of 07:32 was taken (the minute's skew) on the closing itself, and the page read
    "Khôi phục dịch vụ lúc 07:32" and "Kết thúc lúc 07:31". The skew stays for an update's restore time; the
    resolution is not earlier than it — given on the closing or by an earlier update."""
    now = datetime(2027, 2, 7, 0, 31, 20, tzinfo=UTC)  # 07:31:20 on Mùng 2 Tết
    ahead = datetime(2027, 2, 7, 0, 32, tzinfo=UTC)  # 07:32, typed to the minute
    opened = incident(detected_at=now - timedelta(minutes=40))
    with pytest.raises(RuleViolation) as refused:
        opened.resolve(cause="Ắc quy hỏng", closing_note="Đã thay", restored_at=ahead, now=now, actor=None)
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("restored_at", "resolved-after-restored")
    assert error.message_vi.startswith(
        "Không thể kết thúc sự cố lúc 07:31 07/02/2027 (Mùng 2 Tết), trước thời điểm khôi phục dịch vụ "
        "(07:32 07/02/2027 (Mùng 2 Tết)): nếu dịch vụ đã hoạt động lại, hãy nhập thời điểm khôi phục thực tế"
    ), error.message_vi
    assert "resolved at 07:31 7 Feb 2027" in error.message and "came back (07:32 7 Feb 2027" in error.message
    updated = opened.add_update(note="Đã thay ắc quy", restored_at=ahead, now=now, actor=None).incident  # taken
    with pytest.raises(RuleViolation) as refused:
        updated.resolve(cause="Ắc quy hỏng", closing_note="Đã thay", restored_at=None, now=now, actor=None)
    assert refused.value.rule == "resolved-after-restored"
    closed = updated.resolve(cause="Ắc quy hỏng", closing_note="Đã thay", restored_at=None, now=ahead, actor=None)
    assert (closed.incident.restored_at, closed.incident.resolved_at) == (ahead, ahead)


def test_an_incident_recorded_in_the_future_before_the_detection_rule_is_not_held_to_the_clock() -> None:
    # The demo recorded giao thừa 2027 ahead of time (before roster refused that): its restore time lies ahead
    # of the clock too, and so may its steps' times.
    ahead = NOW + timedelta(days=60)
    recorded = incident(detected_at=ahead, created_at=NOW - timedelta(days=1))
    closed = recorded.resolve(
        cause="Cáp", closing_note="Xong", restored_at=ahead + timedelta(hours=2), now=NOW, actor=None
    )
    assert closed.incident.restored_at == ahead + timedelta(hours=2)
    noted = recorded.add_update(note="Đã hàn nối", at=ahead + timedelta(hours=1), now=NOW, actor=None).incident
    assert noted.updates[0].at == ahead + timedelta(hours=1)
    with pytest.raises(RuleViolation) as refused:  # still not before its detection
        recorded.resolve(cause="Cáp", closing_note="Xong", restored_at=NOW, now=NOW, actor=None)
    assert refused.value.rule == "after-detection"
    # Once its detection has come, it is held to the clock like any other.
    later = ahead + timedelta(minutes=30)
    with pytest.raises(RuleViolation) as refused:
        recorded.resolve(
            cause="Cáp", closing_note="Xong", restored_at=later + timedelta(hours=1), now=later, actor=None
        )
    assert refused.value.rule == "restored-by-now"


@pytest.mark.parametrize("ahead", [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=5)])
def test_an_incident_opened_with_its_detection_minutes_ahead_is_held_to_the_clock(ahead: timedelta) -> None:
    """Code review: opening allows a detection up to DETECTION_SKEW (5 min) ahead of now, but the exemption of
    an incident "detected in the future" applied once its detection was more than RESTORE_SKEW (1 min) ahead —
    so one opened with its detection 2–5 minutes ahead could be resolved at once, restored tomorrow, and its
    updates dated tomorrow. The exemption follows the incident's own recording now: within the skew of it, no
    exemption."""
    opened = incident(detected_at=NOW + ahead, created_at=NOW)
    tomorrow = NOW + timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        opened.resolve(cause="Cáp", closing_note="Xong", restored_at=tomorrow, now=NOW, actor=None)
    assert refused.value.rule == "restored-by-now"
    with pytest.raises(RuleViolation) as refused:
        opened.add_update(note="Đã khôi phục", restored_at=tomorrow, now=NOW, actor=None)
    assert refused.value.rule == "restored-by-now"
    with pytest.raises(RuleViolation) as refused:
        opened.add_update(note="Đã hàn nối", at=tomorrow, now=NOW, actor=None)
    assert refused.value.rule == "at-by-now"
    with pytest.raises(RuleViolation) as refused:
        opened.add_responder(staff_id=uuid.uuid4(), full_name="Bình", on_duty=True, at=tomorrow, now=NOW, actor=None)
    assert refused.value.rule == "at-by-now"
    # Once its detection time has come, a restore time by now is taken as ever.
    then = NOW + ahead + timedelta(minutes=10)
    closed = opened.resolve(cause="Cáp", closing_note="Xong", restored_at=then, now=then, actor=None)
    assert (closed.incident.status, closed.incident.restored_at) == ("resolved", then)


@pytest.mark.parametrize("step", ["update", "responder"])
def test_an_updates_or_a_responders_time_still_to_come_is_refused_naming_both_times(step: str) -> None:
    """QA: an update dated tomorrow was taken, and the timeline showed it after the closing."""
    tomorrow = NOW + timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        if step == "update":
            _open().add_update(note="Đã hàn nối", at=tomorrow, now=NOW, actor=None)
        else:
            _open().add_responder(
                staff_id=uuid.uuid4(), full_name="Bình", on_duty=True, at=tomorrow, now=NOW, actor=None
            )
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("at", "at-by-now")
    assert "09:52 07/02/2027" in error.message_vi and "09:52 06/02/2027" in error.message_vi
    assert "09:52 7 Feb 2027" in error.message and "09:52 6 Feb 2027" in error.message


@pytest.mark.parametrize("at", [NOW - timedelta(minutes=20), NOW + timedelta(seconds=59)])
def test_an_updates_and_a_responders_time_by_now_or_within_the_skew_is_taken(at: datetime) -> None:
    updated = _open().add_update(note="Đã hàn nối", at=at, now=NOW, actor=None).incident
    added = updated.add_responder(staff_id=uuid.uuid4(), full_name="Bình", on_duty=True, at=at, now=NOW, actor=None)
    assert (added.incident.updates[0].at, added.incident.responders[0].added_at) == (at, at)


def test_the_steps_of_an_incident_recorded_in_the_future_before_the_rule_are_not_held_to_the_clock() -> None:
    ahead = NOW + timedelta(days=60)
    updated = incident(detected_at=ahead, created_at=NOW).add_update(
        note="Đã hàn nối", at=ahead + timedelta(hours=1), now=NOW, actor=None
    )
    assert updated.incident.updates[0].at == ahead + timedelta(hours=1)
