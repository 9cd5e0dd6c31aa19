"""Presence confirmed afterwards (QZ27 #3): a manager's word, with evidence, on a person of a shift that has ended —
on post from–to, or not there though checked in; refused before the end, for someone not on it, without evidence."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.errors import Conflict, RuleViolation
from roster.domain.presence import PresenceNote
from roster.domain.shifts import OnShift, Shift

T0 = datetime(2027, 2, 15, 23, tzinfo=UTC)  # 06:00 16/02/2027
TAM = uuid.uuid4()
HOA = uuid.uuid4()
AFTER = T0 + timedelta(hours=12)


def shift(status: str = "published", **people: datetime | None) -> Shift:
    return Shift(
        id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        site_id=None,
        duty_type="operations",
        starts_at=T0,
        ends_at=T0 + timedelta(hours=8),
        assignees=(OnShift(TAM, "Lò Văn Tâm", checked_in_at=people.get("tam")), OnShift(HOA, "Nguyễn Thị Hoà")),
        status=status,
        version=4,
        created_at=T0 - timedelta(days=3),
        updated_at=T0 - timedelta(days=1),
    )


def confirm(s: Shift, staff_id: uuid.UUID = TAM, *, now: datetime = AFTER, **kw: object):
    args: dict = dict(
        staff_id=staff_id,
        person=None,
        present=True,
        evidence="handover_book",
        evidence_note=" Sổ giao ca trạm Bà Đen, trang 14 ",
        by="manager@viettel.vn",
        by_name="Nguyễn Văn A",
        now=now,
    )
    return s.confirm_presence(**(args | kw))


def test_a_late_arrival_is_confirmed_from_when_they_came_the_shift_at_its_next_version() -> None:
    came = T0 + timedelta(minutes=40)
    change = confirm(shift(), since=came)
    assert (change.kind, change.shift.version, change.shift.status) == ("presence_confirmed", 5, "published")
    tam = change.shift.assignees[0]
    assert tam.presence == PresenceNote(
        True,
        "handover_book",
        "Sổ giao ca trạm Bà Đen, trang 14",
        "manager@viettel.vn",
        AFTER,
        "Nguyễn Văn A",
        came,
        T0 + timedelta(hours=8),
    )
    assert change.shift.assignees[1].presence is None
    assert PresenceNote.of(tam.presence.as_dict()) == tam.presence  # as the shift's record keeps it


def test_the_whole_shift_by_default_and_a_completed_shift_too() -> None:
    note = confirm(shift("completed")).shift.assignees[0].presence
    assert note is not None and (note.starts_at, note.ends_at) == (T0, T0 + timedelta(hours=8))


def test_refused_before_the_shift_ends_naming_it() -> None:
    with pytest.raises(Conflict) as early:
        confirm(shift(), now=T0 + timedelta(hours=7))
    assert early.value.first.rule == "shift-not-over"
    assert "Lò Văn Tâm" in early.value.first.message_vi and "chưa kết thúc" in early.value.first.message_vi
    assert "14:00 16/02/2027" in early.value.first.message_vi  # its end, in Vietnam time


def test_under_way_the_arrival_of_someone_who_cannot_check_in_is_recorded_from_when_they_came() -> None:
    # QZ29 #1: a shift handed to Lê Hữu Nghĩa, who has no account — he cannot check in, the manager says he came
    now, came = T0 + timedelta(hours=4, minutes=16), T0 + timedelta(hours=4, minutes=5)
    change = confirm(shift(), HOA, now=now, since=came, checks_in_self=False)
    assert change.kind == "presence_confirmed"
    note = change.shift.assignees[1].presence
    assert note is not None and (note.present, note.starts_at, note.ends_at) == (True, came, T0 + timedelta(hours=8))


def test_under_way_someone_who_can_check_in_is_refused_saying_so_and_not_there_waits_for_the_end() -> None:
    now = T0 + timedelta(hours=4)
    with pytest.raises(Conflict) as can:
        confirm(shift(), HOA, now=now, checks_in_self=True)
    assert can.value.first.rule == "shift-not-over"
    assert "Nguyễn Thị Hoà có tài khoản và vẫn tự điểm danh được" in can.value.first.message_vi
    assert "Nguyễn Thị Hoà has an account and may still check in themselves" in can.value.first.message
    with pytest.raises(Conflict) as away:
        confirm(shift(tam=T0), now=now, present=False, checks_in_self=False)
    assert away.value.first.rule == "shift-not-over"
    assert "hãy ghi nhận Lò Văn Tâm vắng sau khi ca kết thúc" in away.value.first.message_vi


def test_under_way_an_arrival_still_to_come_is_refused() -> None:
    now = T0 + timedelta(hours=4)
    with pytest.raises(RuleViolation) as ahead:
        confirm(shift(), HOA, now=now, since=now + timedelta(minutes=30), checks_in_self=False)
    first = ahead.value.first
    assert (first.field, first.rule) == ("present_from", "present-not-yet")
    assert first.message_vi.startswith("Nguyễn Thị Hoà chưa thể có mặt lúc 10:30 16/02/2027")
    with pytest.raises(RuleViolation) as before_start:  # the default, the shift's start, before it begins
        confirm(shift(), HOA, now=T0 - timedelta(minutes=10), checks_in_self=False)
    assert before_start.value.first.field == "present_from"
    with pytest.raises(RuleViolation) as forecast:
        confirm(shift(), HOA, now=now, until=now + timedelta(hours=1), checks_in_self=False)
    assert (forecast.value.first.field, forecast.value.first.rule) == ("present_until", "present-not-yet")


def test_refused_for_someone_not_on_the_shift_by_name() -> None:
    with pytest.raises(RuleViolation) as stranger:
        confirm(shift(), uuid.uuid4(), person="Đinh Văn Khách")
    first = stranger.value.first
    assert (first.field, first.rule) == ("staff_id", "on-shift")
    assert first.message_vi.startswith("Đinh Văn Khách không có tên trong ca trực điều hành 06:00")
    assert first.message.startswith("Đinh Văn Khách is not on the shift")


def test_evidence_is_required_and_the_time_lies_within_the_shift() -> None:
    with pytest.raises(RuleViolation) as bare:
        confirm(shift(), evidence_note="   ")
    assert (bare.value.first.field, bare.value.first.rule) == ("evidence_note", "evidence-required")
    assert "Lò Văn Tâm" in bare.value.first.message_vi
    with pytest.raises(RuleViolation) as outside:
        confirm(shift(), since=T0 - timedelta(hours=1))
    first = outside.value.first
    assert (first.field, first.rule) == ("present_from", "present-within-shift")
    # QZ28 #4: the shift's time said once (its label), the bound that lies outside named with its own time
    assert first.message_vi == (
        "Giờ bắt đầu của thời gian Lò Văn Tâm có mặt, 05:00 16/02/2027 (11 tháng Giêng), nằm ngoài ca trực điều hành "
        "06:00–14:00 16/02/2027 (11 tháng Giêng): hãy nhập giờ trong ca, hoặc để trống để lấy giờ của ca."
    )
    assert first.message_vi.count("06:00") == 1
    with pytest.raises(RuleViolation) as late_end:
        confirm(shift(), until=T0 + timedelta(hours=9))
    assert (late_end.value.first.field, late_end.value.first.rule) == ("present_until", "present-within-shift")
    with pytest.raises(RuleViolation) as reversed_:
        confirm(shift(), since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=2))
    first = reversed_.value.first
    assert (first.field, first.rule) == ("present_until", "end-after-start")  # its own rule, not "within the shift"
    assert first.message_vi == (
        "Thời gian Lò Văn Tâm có mặt kết thúc lúc 08:00 16/02/2027 (11 tháng Giêng), không sau giờ bắt đầu 09:00 "
        "16/02/2027 (11 tháng Giêng): hãy nhập giờ kết thúc sau giờ bắt đầu."
    )
    with pytest.raises(RuleViolation) as kind:
        confirm(shift(), evidence="rumour")
    assert kind.value.first.rule == "evidence-kind" and "sổ giao ca" in kind.value.first.message_vi


def test_not_there_only_of_someone_recorded_as_there() -> None:
    with pytest.raises(Conflict) as nothing:
        confirm(shift(), present=False)
    assert nothing.value.first.rule == "presence-not-recorded"
    assert "Lò Văn Tâm không điểm danh" in nothing.value.first.message_vi
    checked = shift("checked_in", tam=T0 + timedelta(minutes=5))
    change = confirm(checked, present=False, evidence="camera", evidence_note="Camera cổng trạm: không thấy ai")
    note = change.shift.assignees[0].presence
    assert change.kind == "presence_corrected" and note is not None
    assert (note.present, note.starts_at, note.ends_at, note.evidence) == (False, T0, T0 + timedelta(hours=8), "camera")
    # a confirmed presence may be corrected too; the newest word stands
    confirmed = confirm(shift()).shift
    assert confirm(confirmed, present=False).shift.assignees[0].presence.present is False


def test_not_of_a_draft_or_a_cancelled_shift() -> None:
    for status in ("draft", "cancelled"):
        with pytest.raises(Conflict) as refused:
            confirm(replace(shift(), status=status))
        assert refused.value.first.rule == "invalid-status"
        assert "không thể xác nhận có mặt" in refused.value.first.message_vi


def test_not_there_from_to_says_who_checked_in_and_left() -> None:
    """QZ28 #4: checked in at 06:05, left at 12:00 — away 12:00–14:00, the check-in standing before; the same two rules
    of its time as a confirmation's, with the absence's own boxes."""
    checked = shift("checked_in", tam=T0 + timedelta(minutes=5))
    left = T0 + timedelta(hours=6)
    note = confirm(checked, present=False, since=left).shift.assignees[0].presence
    assert note is not None and (note.present, note.starts_at, note.ends_at) == (False, left, T0 + timedelta(hours=8))
    assert PresenceNote.of(note.as_dict()) == note
    with pytest.raises(RuleViolation) as outside:
        confirm(checked, present=False, since=left, until=T0 + timedelta(hours=9))
    assert (outside.value.first.field, outside.value.first.rule) == ("absent_until", "present-within-shift")
    assert "thời gian Lò Văn Tâm vắng" in outside.value.first.message_vi
    with pytest.raises(RuleViolation) as reversed_:
        confirm(checked, present=False, since=left, until=left)
    assert (reversed_.value.first.field, reversed_.value.first.rule) == ("absent_until", "end-after-start")
    # confirmed present alone (no check-in): part of the shift away is said by confirming again the time there
    confirmed = confirm(shift()).shift
    with pytest.raises(Conflict) as instead:
        confirm(confirmed, present=False, since=left)
    assert (instead.value.first.field, instead.value.first.rule) == ("absent_from", "confirm-instead")
    assert "hãy xác nhận lại có mặt" in instead.value.first.message_vi
