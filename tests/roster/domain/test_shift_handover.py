"""Handing over the rest of a shift that has begun (QA 2026-12-06: a leader checked in at 08:03 falls ill at
21:00 on 29 tháng Chạp): the moment's bounds, and the two shifts it leaves."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.errors import Conflict, RuleViolation
from roster.domain.shifts import (
    OnShift,
    Shift,
    StaffFacts,
    handover_absent_errors,
    handover_default,
    handover_moment,
    handover_people_errors,
    handover_reason,
)

START = datetime(2027, 2, 5, 1, tzinfo=UTC)  # 08:00 on 29 tháng Chạp, Vietnam time
END = START + timedelta(hours=16)  # 00:00 on Mùng 1 Tết
LEADER, DEPUTY, CUONG = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
CHECKED_IN = START + timedelta(minutes=3)


def begun(status: str = "checked_in") -> Shift:
    return Shift(
        id=uuid.uuid4(),
        campaign_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        site_id=uuid.uuid4(),
        covers_site_ids=(uuid.uuid4(),),
        duty_type="operations",
        starts_at=START,
        ends_at=END,
        assignees=(
            OnShift(LEADER, "Trần Văn Lãnh", checked_in_at=CHECKED_IN if status == "checked_in" else None),
            OnShift(DEPUTY, "Lê Thị Phó"),
        ),
        status=status,
        notes="Trực giao thừa",
        version=4,
        created_at=START - timedelta(days=3),
        updated_at=CHECKED_IN,
    )


def test_the_default_moment_is_now_rounded_up_to_the_next_five_minutes() -> None:
    assert handover_default(datetime(2027, 2, 5, 13, 52, 10, tzinfo=UTC)) == datetime(2027, 2, 5, 13, 55, tzinfo=UTC)
    assert handover_default(datetime(2027, 2, 5, 13, 55, tzinfo=UTC)) == datetime(2027, 2, 5, 13, 55, tzinfo=UTC)
    assert handover_default(datetime(2027, 2, 5, 13, 55, 0, 1, tzinfo=UTC)) == datetime(2027, 2, 5, 14, tzinfo=UTC)
    shift = begun()
    assert handover_moment(shift, at=None, now=datetime(2027, 2, 5, 13, 52, tzinfo=UTC)) == datetime(
        2027, 2, 5, 13, 55, tzinfo=UTC
    )


def test_the_moment_lies_after_the_start_and_before_the_end() -> None:
    shift = begun()
    now = START + timedelta(hours=13)  # 21:00
    assert handover_moment(shift, at=START + timedelta(minutes=1), now=now) == START + timedelta(minutes=1)
    assert handover_moment(shift, at=END - timedelta(minutes=5), now=now) == END - timedelta(minutes=5)
    with pytest.raises(RuleViolation) as early:
        handover_moment(shift, at=START, now=now)
    assert (early.value.first.field, early.value.first.rule) == ("at", "handover-after-start")
    assert "Trần Văn Lãnh và Lê Thị Phó" in early.value.first.message_vi
    assert "Trần Văn Lãnh and Lê Thị Phó" in early.value.first.message
    for late in (END, END + timedelta(minutes=5)):
        with pytest.raises(RuleViolation) as after:
            handover_moment(shift, at=late, now=now)
        assert (after.value.first.field, after.value.first.rule) == ("at", "handover-before-end")
        assert "00:00 6 Feb 2027" in after.value.first.message, after.value.first.message
    # five minutes before the end, the default moment would be the end itself: nothing left to hand over
    with pytest.raises(RuleViolation) as over:
        handover_moment(shift, at=None, now=END - timedelta(minutes=2))
    assert over.value.first.rule == "handover-before-end"
    with pytest.raises(RuleViolation) as naive:
        handover_moment(shift, at=datetime(2027, 2, 5, 21), now=now)
    assert naive.value.first.rule == "timezone-required"


def test_only_a_shift_that_has_begun_is_handed_over() -> None:
    ahead = begun("published")
    with pytest.raises(Conflict) as early:
        handover_moment(ahead, at=None, now=START - timedelta(minutes=10))
    assert early.value.first.rule == "handover-not-begun"
    assert "reassign" in early.value.first.message and "đổi người trực" in early.value.first.message_vi
    # published and under way, nobody checked in (the person never came): it can be handed over
    assert handover_moment(ahead, at=None, now=START + timedelta(hours=1)) == START + timedelta(hours=1)
    for status in ("draft", "completed", "cancelled"):
        with pytest.raises(Conflict) as refused:
            begun(status).hand_over(
                now=START + timedelta(hours=1), at=START + timedelta(hours=2), warnings=(), reason="Ốm"
            )
        assert refused.value.first.rule == "invalid-status"


def test_a_reason_is_required_and_someone_new_must_take_over() -> None:
    shift = begun()
    assert handover_reason(shift, "  Trưởng ca bị ốm \n") == "Trưởng ca bị ốm"
    for blank in (None, "", "   "):
        with pytest.raises(RuleViolation) as none:
            handover_reason(shift, blank)
        assert (none.value.first.field, none.value.first.rule) == ("reason", "handover-reason-required")
        assert "Trần Văn Lãnh" in none.value.first.message_vi
    [same] = handover_people_errors(shift, [DEPUTY, LEADER])
    assert same.rule == "handover-new-people"
    assert same.message.startswith("Lê Thị Phó and Trần Văn Lãnh are already on the shift")
    assert handover_people_errors(shift, [CUONG, DEPUTY]) == []  # the deputy stays on with someone new
    [nobody] = handover_people_errors(shift, [])
    assert (nobody.field, nobody.rule) == ("assignees", "handover-people-required")
    assert "Trần Văn Lãnh" in nobody.message_vi and "Trần Văn Lãnh" in nobody.message


def test_the_shift_ends_at_the_moment_and_a_new_one_takes_over_the_rest() -> None:
    shift = begun()
    now = START + timedelta(hours=12, minutes=52)  # 20:52
    moment = handover_moment(shift, at=None, now=now)
    ended = shift.hand_over(now=now, at=moment, warnings=(), reason="Trưởng ca bị ốm")
    assert ended.kind == "rescheduled"
    assert (ended.shift.starts_at, ended.shift.ends_at) == (START, START + timedelta(hours=12, minutes=55))
    assert ended.shift.assignees == shift.assignees  # people and check-ins kept
    assert (ended.shift.status, ended.shift.version) == ("checked_in", 5)
    people = {CUONG: StaffFacts(CUONG, shift.enterprise_id, "Phạm Văn Cường", frozenset({"network"}), True)}
    new_id = uuid.uuid4()
    planned, published = shift.rest_from(
        shift_id=new_id, at=moment, staff_ids=[CUONG], people=people, warnings=(), reason="Trưởng ca bị ốm", now=now
    )
    assert (planned.kind, planned.shift.status, published.kind, published.shift.status) == (
        "planned",
        "draft",
        "published",
        "published",
    )
    rest = published.shift
    assert rest.id == new_id
    assert (rest.starts_at, rest.ends_at) == (moment, END)
    assert (rest.campaign_id, rest.enterprise_id, rest.site_id, rest.duty_type) == (
        shift.campaign_id,
        shift.enterprise_id,
        shift.site_id,
        shift.duty_type,
    )
    assert (rest.covers_site_ids, rest.notes) == (shift.covers_site_ids, shift.notes)
    assert [(a.staff_id, a.full_name, a.checked_in_at) for a in rest.assignees] == [(CUONG, "Phạm Văn Cường", None)]
    assert (rest.continues_shift_id, rest.handover_reason) == (shift.id, "Trưởng ca bị ốm")
    assert planned.shift.continues_shift_id == shift.id
    assert rest.published_at == now
    assert (shift.ends_at, shift.version) == (END, 4)  # the entity itself is not changed


def test_a_shift_nobody_came_to_is_handed_over_whole_from_its_start() -> None:
    """QZ10 #8: the leader rostered 08:00–20:00 never came; at 09:10 the manager sends a replacement from 08:00."""
    nobody = begun("published")
    now = START + timedelta(hours=1, minutes=10)  # 09:10
    assert handover_moment(nobody, at=START, now=now) == START
    with pytest.raises(RuleViolation) as before:
        handover_moment(nobody, at=START - timedelta(minutes=5), now=now)
    assert (before.value.first.field, before.value.first.rule) == ("at", "handover-after-start")
    assert (
        "chưa ai điểm danh" in before.value.first.message_vi and "nobody has checked in" in before.value.first.message
    )
    ended = nobody.hand_over(now=now, at=START, warnings=(), reason="Trưởng ca không đến")
    # not shortened to no time: handed over before it began, its people's time freed, the reason kept
    assert ended.kind == "cancelled"
    assert (ended.shift.status, ended.shift.cancel_reason) == ("cancelled", "Trưởng ca không đến")
    assert (ended.shift.starts_at, ended.shift.ends_at, ended.shift.version) == (START, END, 5)


def test_a_shift_nobody_came_to_is_cancelled_and_the_new_one_starts_at_the_moment() -> None:
    """QZ13 #2: the 08:00 leader never came; handed over at 09:07 ("Người trực không đến", the default when nobody
    checked in), the old shift is cancelled — he counts nowhere — and the new one starts at the moment, 09:10, not
    at 08:00: the hours between had nobody, and no shift may say otherwise."""
    nobody = begun("published")
    assert handover_absent_errors(nobody, None) == (True, [])  # not said: nobody checked in, so nobody came
    assert handover_absent_errors(begun(), None) == (False, [])
    assert handover_absent_errors(nobody, False) == (False, [])  # someone came but did not check in: said so
    now = START + timedelta(hours=1, minutes=7)  # 09:07
    moment = handover_moment(nobody, at=None, now=now)
    assert moment == START + timedelta(hours=1, minutes=10)
    ended = nobody.hand_over(now=now, at=moment, warnings=(), reason="Trưởng ca không đến", absent=True)
    assert ended.kind == "cancelled"
    assert (ended.shift.status, ended.shift.cancel_reason) == ("cancelled", "Trưởng ca không đến")
    people = {CUONG: StaffFacts(CUONG, nobody.enterprise_id, "Phạm Văn Cường", frozenset({"network"}), True)}
    _, published = nobody.rest_from(
        shift_id=uuid.uuid4(), at=moment, staff_ids=[CUONG], people=people, warnings=(), reason="x", now=now
    )
    assert (published.shift.starts_at, published.shift.ends_at) == (moment, END)
    # not said absent: the shift is shortened to the moment instead (someone was there without checking in)
    assert nobody.hand_over(now=now, at=moment, warnings=(), reason="Ốm").kind == "rescheduled"
    # once someone checked in, "nobody came" is refused, naming who checked in when
    came = begun()
    said, errors = handover_absent_errors(came, True)
    assert not said and [(e.field, e.rule) for e in errors] == [("absent", "handover-absent-checked-in")]
    assert "Trần Văn Lãnh đã điểm danh" in errors[0].message_vi and "08:03" in errors[0].message_vi
    with pytest.raises(RuleViolation) as refused:
        came.hand_over(now=now, at=moment, warnings=(), reason="Ốm", absent=True)
    assert refused.value.first.rule == "handover-absent-checked-in"


def test_a_shift_someone_checked_in_to_is_not_handed_over_from_its_start() -> None:
    """Some of it was worked: the moment must be after the start, and the refusal says who checked in when."""
    shift = begun()
    for at in (START, START - timedelta(minutes=5)):
        with pytest.raises(RuleViolation) as refused:
            handover_moment(shift, at=at, now=START + timedelta(hours=1))
        assert refused.value.first.rule == "handover-after-start"
        assert "Trần Văn Lãnh đã điểm danh" in refused.value.first.message_vi
        assert "08:03" in refused.value.first.message_vi and "checked in" in refused.value.first.message
    with pytest.raises(RuleViolation):
        shift.hand_over(now=START + timedelta(hours=1), at=START, warnings=(), reason="Ốm")
