"""The restore time against the incident's timeline (QZ26 #11a: restored 22:42 was taken before the responder joined
and the "đã cử tổ" update, both 22:43, and the day's report printed that order): later than the update that carries
it is refused; earlier than a responder's joining or an update recorded is asked first, naming each step by name and
time, and saved once confirmed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from incident_kit import incident

from roster.domain.errors import Conflict, RuleViolation
from roster.domain.incidents import Incident

DETECTED = datetime(2027, 2, 5, 15, 35, tzinfo=UTC)  # 22:35 on giao thừa
JOINED = datetime(2027, 2, 5, 15, 43, tzinfo=UTC)  # 22:43
TYPO = datetime(2027, 2, 5, 15, 42, tzinfo=UTC)  # 22:42
NOW = datetime(2027, 2, 5, 16, 0, tzinfo=UTC)  # 23:00


def _worked() -> Incident:
    """Detected 22:35; Trần Văn Đức joined at 22:43 and "Đã cử tổ ứng cứu" was written at 22:43."""
    opened = incident(detected_at=DETECTED)
    joined = opened.add_responder(
        staff_id=uuid.uuid4(), full_name="Trần Văn Đức", on_duty=True, now=NOW, actor=None, at=JOINED
    ).incident
    return joined.add_update(note="Đã cử tổ ứng cứu", now=NOW, actor=None, at=JOINED).incident


def test_closing_with_a_restore_time_before_the_response_asks_first_naming_each_step() -> None:
    with pytest.raises(Conflict) as asked:
        _worked().resolve(cause="Mất điện", closing_note="Đã có điện", restored_at=TYPO, now=NOW, actor=None)
    [error] = asked.value.errors
    assert (error.field, error.rule) == ("restored_at", "restored-before-steps")
    assert error.message_vi.startswith(
        "Thời điểm khôi phục 22:42 05/02/2027 (29 tháng Chạp) sớm hơn Trần Văn Đức tham gia lúc 22:43 05/02/2027 "
        "(29 tháng Chạp); cập nhật “Đã cử tổ ứng cứu” lúc 22:43 05/02/2027 (29 tháng Chạp)."
    ), error.message_vi
    assert "hãy xác nhận để lưu; nếu không, hãy sửa thời điểm khôi phục" in error.message_vi
    assert "Trần Văn Đức joined at 22:43 5 Feb 2027" in error.message
    assert "the update “Đã cử tổ ứng cứu” at 22:43 5 Feb 2027" in error.message
    assert [s["name"] for s in error.context["steps"]] == ["Trần Văn Đức", "Đã cử tổ ứng cứu"]


def test_confirmed_the_earlier_restore_time_is_saved() -> None:
    closed = (
        _worked()
        .resolve(cause="Mất điện", closing_note="Tự có điện lại", restored_at=TYPO, now=NOW, actor=None, confirm=True)
        .incident
    )
    assert (closed.status, closed.restored_at) == ("resolved", TYPO)


def test_a_restore_time_after_every_step_is_saved_without_asking() -> None:
    back = JOINED + timedelta(minutes=9)
    closed = _worked().resolve(cause="Mất điện", closing_note="Xong", restored_at=back, now=NOW, actor=None).incident
    assert closed.restored_at == back


def test_an_update_carrying_a_restore_time_before_the_steps_asks_first_and_takes_the_answer() -> None:
    with pytest.raises(Conflict) as asked:
        _worked().add_update(note="Đã khôi phục", restored_at=TYPO, now=NOW, actor=None)
    assert asked.value.first.rule == "restored-before-steps"
    updated = _worked().add_update(note="Đã khôi phục", restored_at=TYPO, now=NOW, actor=None, confirm=True).incident
    assert updated.restored_at == TYPO
    # said by an update already: the closing does not ask again
    assert updated.resolve(
        cause="Mất điện", closing_note="Xong", restored_at=None, now=NOW, actor=None
    ).incident.status == ("resolved")


def test_an_update_cannot_say_service_came_back_after_its_own_time() -> None:
    with pytest.raises(RuleViolation) as refused:
        _worked().add_update(
            note="Đã khôi phục", restored_at=JOINED + timedelta(minutes=5), at=JOINED, now=NOW, actor=None
        )
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("restored_at", "restored-by-update")
    assert error.message_vi.startswith(
        "Cập nhật lúc 22:43 05/02/2027 (29 tháng Chạp) không thể ghi dịch vụ khôi phục lúc 22:48 05/02/2027 "
        "(29 tháng Chạp), sau thời điểm của chính cập nhật đó"
    ), error.message_vi
    assert (
        error.message.startswith("An update of 22:43 5 Feb 2027 (") and "came back at 22:48 5 Feb 2027" in error.message
    )


def test_before_the_detection_and_later_than_now_stay_refused_whatever_the_answer() -> None:
    with pytest.raises(RuleViolation) as before:
        _worked().resolve(
            cause="x", closing_note="y", restored_at=DETECTED - timedelta(minutes=1), now=NOW, actor=None, confirm=True
        )
    assert before.value.rule == "after-detection"
    with pytest.raises(RuleViolation) as ahead:
        _worked().resolve(
            cause="x", closing_note="y", restored_at=NOW + timedelta(hours=1), now=NOW, actor=None, confirm=True
        )
    assert ahead.value.rule == "restored-by-now"


WRITTEN_UP = datetime(2027, 2, 7, 3, 1, tzinfo=UTC)  # 10:01 on mùng 2: giao thừa's outage written up two days later


def _written_up() -> Incident:
    return incident(detected_at=DETECTED, created_at=WRITTEN_UP, updated_at=WRITTEN_UP)


def test_an_incident_written_up_afterwards_asks_the_time_a_responder_joined() -> None:
    """Q4 leftover: a responder added without a time to an incident written up afterwards counted as joining at the
    write-up, days after service came back, and every restore time was asked about though nothing disagreed."""
    written = _written_up()
    assert written.written_up_afterwards and not incident(detected_at=DETECTED).written_up_afterwards
    later = WRITTEN_UP + timedelta(minutes=5)
    with pytest.raises(RuleViolation) as refused:
        written.add_responder(staff_id=uuid.uuid4(), full_name="Trần Văn Đức", on_duty=True, now=later, actor=None)
    [error] = refused.value.errors
    assert (error.field, error.rule) == ("at", "responder-at-required")
    assert error.message_vi == (
        "Sự cố tại Đức Huệ, 22:35 05/02/2027 (29 tháng Chạp) được ghi lại sau khi xảy ra, lúc 10:01 07/02/2027 (Mùng 2 "
        "Tết): hãy nhập thời điểm Trần Văn Đức tham gia ứng cứu. Bỏ trống thì sẽ được hiểu là bây giờ (10:06 07/02/2027 "
        "(Mùng 2 Tết)), sau cả lúc dịch vụ khôi phục."
    ), error.message_vi
    assert (
        "was written up afterwards, at 10:01 7 Feb 2027" in error.message
        and "give the time Trần Văn Đức joined" in error.message
    )
    # with the time they joined, the restore time is asked about only when it really is earlier
    joined = written.add_responder(
        staff_id=uuid.uuid4(), full_name="Trần Văn Đức", on_duty=True, now=later, actor=None, at=JOINED
    ).incident
    back = JOINED + timedelta(minutes=20)
    closed = joined.resolve(cause="Mất điện", closing_note="Xong", restored_at=back, now=later, actor=None).incident
    assert closed.restored_at == back
    with pytest.raises(Conflict):
        joined.resolve(cause="Mất điện", closing_note="Xong", restored_at=TYPO, now=later, actor=None)


def test_an_incident_recorded_within_the_hour_takes_a_responder_as_of_now() -> None:
    live = incident(detected_at=DETECTED, created_at=DETECTED + timedelta(minutes=59))
    added = live.add_responder(staff_id=uuid.uuid4(), full_name="Trần Văn Đức", on_duty=True, now=NOW, actor=None)
    assert added.incident.responders[0].added_at == NOW
