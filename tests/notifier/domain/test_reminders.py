"""Reminder planning and quiet hours (pure), with Hypothesis for the quiet-hours rule."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lichtruc.events import Assignee, ShiftSnapshot
from lichtruc.vntime import local as to_local
from notifier.domain.reminders import (
    PUBLISHED,
    SOON,
    TOLD,
    Existing,
    QuietHours,
    ReminderPrefs,
    plan_reminders,
    quiet_hold,
    reminder_due,
    superseded,
)

START = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 local
NOW = START - timedelta(days=3)
DEFAULT = ReminderPrefs(offsets=(1440, 60))
A, B = (Assignee(staff_id=uuid.uuid4(), full_name=n) for n in ("Tuyết", "Bình"))


def shift(*, status="published", people=(A,), start=START, version=2) -> ShiftSnapshot:
    return ShiftSnapshot(
        shift_id=uuid.UUID(int=7),
        enterprise_id=uuid.UUID(int=8),
        duty_type="operations",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        assignees=people,
        status=status,
        version=version,
    )


def stored(plan, existing=()) -> list[Existing]:
    """The rows after applying ``plan`` to ``existing``, as the service layer would."""
    rows = {r.id: r for r in existing}
    for p in plan.insert:
        rid = uuid.uuid4()
        rows[rid] = Existing(rid, p.staff_id, p.offset_minutes, p.shift_starts_at, p.due_at, "scheduled")
    for u in plan.update:
        r = rows[u.id]
        rows[u.id] = Existing(r.id, r.staff_id, r.offset_minutes, u.shift_starts_at, u.due_at, "scheduled")
    for w in plan.withdraw:
        r = rows[w.id]
        rows[w.id] = Existing(r.id, r.staff_id, r.offset_minutes, r.shift_starts_at, r.due_at, "withdrawn")
    return list(rows.values())


def test_published_shift_gets_the_default_offsets_for_each_assignee() -> None:
    plan = plan_reminders(shift(people=(A, B)), [], prefs={}, default=DEFAULT, now=NOW)
    assert sorted((p.staff_id == A.staff_id, p.offset_minutes, p.due_at) for p in plan.insert) == sorted(
        [
            (True, 1440, START - timedelta(days=1)),
            (True, 60, START - timedelta(hours=1)),
            (False, 1440, START - timedelta(days=1)),
            (False, 60, START - timedelta(hours=1)),
        ]
    )
    assert plan_reminders(shift(status="draft"), [], prefs={}, default=DEFAULT, now=NOW).insert == []


def test_rescheduling_moves_waiting_reminders_and_keeps_sent_ones() -> None:
    rows = stored(plan_reminders(shift(), [], prefs={}, default=DEFAULT, now=NOW))
    sent = next(r for r in rows if r.offset_minutes == 1440)
    rows = [
        Existing(sent.id, sent.staff_id, 1440, sent.shift_starts_at, sent.due_at, "dispatched")
        if r.id == sent.id
        else r
        for r in rows
    ]
    later = START + timedelta(days=2)
    plan = plan_reminders(shift(start=later, version=3), rows, prefs={}, default=DEFAULT, now=NOW)
    assert [(u.shift_starts_at, u.due_at) for u in plan.update] == [(later, later - timedelta(hours=1))]
    assert [(p.offset_minutes, p.due_at) for p in plan.insert] == [(1440, later - timedelta(days=1))]
    assert plan.withdraw == []
    # Moving back to the original start: its 24 h reminder went already, the 1 h one moves back.
    rows = stored(plan, rows)
    back = plan_reminders(shift(version=4), rows, prefs={}, default=DEFAULT, now=NOW)
    assert [(u.shift_starts_at, u.due_at) for u in back.update] == [(START, START - timedelta(hours=1))]
    assert back.insert == [] and [w.reason for w in back.withdraw] == ["shift rescheduled or reminder settings changed"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (dict(status="cancelled"), "shift cancelled"),
        (dict(people=(B,)), "no longer assigned to the shift"),
        (dict(status="checked_in"), "shift started"),
    ],
)
def test_withdrawals_say_why(change, reason) -> None:
    rows = stored(plan_reminders(shift(), [], prefs={}, default=DEFAULT, now=NOW))
    plan = plan_reminders(shift(version=3, **change), rows, prefs={}, default=DEFAULT, now=NOW)
    assert {w.reason for w in plan.withdraw} == {reason} and len(plan.withdraw) == 2


def test_a_person_put_back_gets_their_withdrawn_reminders_back() -> None:
    rows = stored(plan_reminders(shift(), [], prefs={}, default=DEFAULT, now=NOW))
    rows = stored(plan_reminders(shift(people=(B,), version=3), rows, prefs={}, default=DEFAULT, now=NOW), rows)
    plan = plan_reminders(shift(people=(A,), version=4), rows, prefs={}, default=DEFAULT, now=NOW)
    assert len(plan.update) == 2 and plan.insert == []


def test_a_person_the_change_told_of_the_shift_gets_no_reminder_already_due_but_the_ones_to_come() -> None:
    """QZ25 #5: an approved swap's taker, 16 hours before the start, got its notice and the day-before reminder a
    second apart. Told (`told`), his past-due reminder is skipped — kept, so a later re-plan does not insert it — and
    the hour-before one planned; someone else on the shift, not told, gets his past-due one as before."""
    now = START - timedelta(hours=16)
    plan = plan_reminders(shift(people=(A, B)), [], prefs={}, default=DEFAULT, now=now, told={A.staff_id})
    assert [(p.staff_id, p.offset_minutes) for p in plan.skip] == [(A.staff_id, 1440)]
    assert sorted((p.staff_id == A.staff_id, p.offset_minutes) for p in plan.insert) == [
        (False, 60),
        (False, 1440),
        (True, 60),
    ]
    rows = stored(plan) + [
        Existing(uuid.uuid4(), p.staff_id, p.offset_minutes, p.shift_starts_at, p.due_at, "skipped") for p in plan.skip
    ]
    again = plan_reminders(shift(people=(A, B), version=3), rows, prefs={}, default=DEFAULT, now=now)
    assert not again  # the next change of the shift, told nobody: nothing inserted after all


def test_a_shift_published_less_than_a_day_ahead_skips_what_its_notice_says_and_keeps_the_hour_before() -> None:
    """QZ26 #2: published at 22:30 for 08:00, the publication mail and the late day-before reminder went seconds
    apart. The notice goes within its minute (`told_until`): a reminder due by then is skipped with its reason, also
    one falling due inside that minute; the hour-before one, still ahead, is planned."""
    now = START - timedelta(hours=9, minutes=30)
    plan = plan_reminders(
        shift(people=(A,)),
        [],
        prefs={B.staff_id: ReminderPrefs(offsets=(1440, 60))},
        default=ReminderPrefs(offsets=(570 - 1, 60)),  # 9 h 29 min: due 30 s after the publication
        now=now,
        told={A.staff_id},
        told_until=now + timedelta(seconds=60),
        told_why=PUBLISHED,
    )
    assert [p.offset_minutes for p in plan.skip] == [569] and [p.offset_minutes for p in plan.insert] == [60]
    due_later = plan_reminders(
        shift(people=(A,)),
        [],
        prefs={},
        default=ReminderPrefs(offsets=(568,)),  # due a minute after the notice's: sent as planned
        now=now,
        told={A.staff_id},
        told_until=now + timedelta(seconds=60),
        told_why=PUBLISHED,
    )
    assert due_later.skip == [] and [p.offset_minutes for p in due_later.insert] == [568]


def test_a_shift_given_back_skips_the_withdrawn_reminder_its_notice_says_and_gives_back_the_one_to_come() -> None:
    """A → B → A (swapped back) a day before: A's day-before reminder, withdrawn when the shift left her and due by
    now, is not sent beside the notice that gives it back (skipped, so no later change sends it); her hour-before
    one is hers again, once. Not for a publication (`withdrawn_too`): a shift published again after a return to
    draft tells nobody (its notice goes once), so its withdrawn reminders come back."""
    rows = stored(plan_reminders(shift(), [], prefs={}, default=DEFAULT, now=NOW))
    now = START - timedelta(hours=23)
    to_b = plan_reminders(shift(people=(B,), version=3), rows, prefs={}, default=DEFAULT, now=now, told={B.staff_id})
    rows = stored(to_b, rows)
    back = plan_reminders(shift(people=(A,), version=4), rows, prefs={}, default=DEFAULT, now=now, told={A.staff_id})
    mine = {r.id: r.offset_minutes for r in rows if r.staff_id == A.staff_id}
    assert [(mine[w.id], w.reason) for w in back.skip_stored] == [(1440, TOLD)]
    assert [mine[u.id] for u in back.update] == [60] and back.insert == [] and back.skip == []
    assert {r.offset_minutes for r in rows if r.staff_id == B.staff_id and r.id in {w.id for w in back.withdraw}} == {
        60
    }  # B's: the day-before, past due when he took it, skipped then (not stored here); the hour-before withdrawn
    republished = plan_reminders(
        shift(people=(A,), version=4),
        rows,
        prefs={},
        default=DEFAULT,
        now=now,
        told={A.staff_id},
        told_until=now + timedelta(minutes=1),
        told_why=PUBLISHED,
        withdrawn_too=False,
    )
    assert republished.skip_stored == [] and sorted(mine[u.id] for u in republished.update) == [60, 1440]


def test_nothing_is_planned_for_a_shift_that_has_started() -> None:
    assert not plan_reminders(shift(), [], prefs={}, default=DEFAULT, now=START)


def test_quiet_hours_move_a_reminder_to_when_they_began_and_merge_collisions() -> None:
    quiet = QuietHours(time(22, 30), time(6, 0))
    start = datetime(2027, 2, 5, 20, tzinfo=UTC)  # 03:00 local
    assert to_local(reminder_due(start, 60, quiet)).isoformat() == "2027-02-05T22:30:00+07:00"
    # 03:00 the day before is quiet too: back to 22:30 two evenings before the shift.
    assert to_local(reminder_due(start, 1440, quiet)).isoformat() == "2027-02-04T22:30:00+07:00"
    assert to_local(reminder_due(start, 60 * 19, quiet)).isoformat() == "2027-02-05T08:00:00+07:00"  # not quiet
    prefs = {A.staff_id: ReminderPrefs(offsets=(120, 60), quiet=quiet)}
    plan = plan_reminders(shift(start=start), [], prefs=prefs, default=DEFAULT, now=NOW)
    assert [(p.offset_minutes, to_local(p.due_at).isoformat()) for p in plan.insert] == [
        (60, "2027-02-05T22:30:00+07:00")
    ]


def test_a_reminder_past_due_inside_quiet_hours_waits_for_their_end_or_is_not_sent() -> None:
    """QA: quiet 23:00–05:00, a shift moved at 02:12 to 04:00: its reminders (moved back to 23:00, passed)
    went out at once, at 02:12. Now: at the quiet time's end if that is before the start, else not at all."""
    quiet = QuietHours(time(23, 0), time(5, 0))
    prefs = {A.staff_id: ReminderPrefs(offsets=(30, 90, 1440), quiet=quiet)}
    moved_at = datetime(2026, 12, 3, 19, 12, tzinfo=UTC)  # 02:12 local, 4 December
    at_four = datetime(2026, 12, 3, 21, tzinfo=UTC)  # 04:00 local: the quiet time lasts past the start: nothing
    assert not plan_reminders(shift(start=at_four), [], prefs=prefs, default=DEFAULT, now=moved_at).insert
    at_six = datetime(2026, 12, 3, 23, tzinfo=UTC)  # 06:00 local: after the quiet time
    plan = plan_reminders(shift(start=at_six), [], prefs=prefs, default=DEFAULT, now=moved_at)
    # 30 minutes before is 05:30, after the quiet time: as it is; 90 minutes and a day before (passed) wait for
    # 05:00, where they are one reminder (the nearer offset's).
    assert sorted((p.offset_minutes, to_local(p.due_at).strftime("%H:%M")) for p in plan.insert) == [
        (30, "05:30"),
        (90, "05:00"),
    ]
    # Outside quiet hours a reminder whose time has passed is planned as before (sent at once).
    noon = datetime(2026, 12, 4, 5, tzinfo=UTC)  # 12:00 local
    late = plan_reminders(shift(start=noon + timedelta(minutes=20)), [], prefs=prefs, default=DEFAULT, now=noon)
    assert {p.offset_minutes for p in late.insert} == {30, 90, 1440}  # all passed: the scheduler sends the latest


def test_a_reminder_the_scheduler_finds_due_inside_quiet_hours_waits_for_their_end() -> None:
    """QA round 11, #3: quiet 04:00–05:30, a shift at 06:00 8 Feb 2027; its hour-before reminder (05:00, quiet) was
    due at 04:00, the service was down then and restarted at 04:50, and the reminder went at once, at 04:50."""
    quiet = QuietHours(time(4, 0), time(5, 30))
    start = datetime(2027, 2, 7, 23, tzinfo=UTC)  # 06:00 local, 8 February
    due = reminder_due(start, 60, quiet)
    assert to_local(due).isoformat() == "2027-02-08T04:00:00+07:00"
    restarted = datetime(2027, 2, 7, 21, 50, tzinfo=UTC)  # 04:50 local
    day_before = (start - timedelta(days=1), "dispatched")
    hold = quiet_hold(quiet, due_at=due, starts_at=start, others=[day_before], now=restarted)
    assert hold is not None and hold.until is not None
    assert to_local(hold.until).isoformat() == "2027-02-08T05:30:00+07:00"
    # At the quiet time's end (open at both ends) it goes; at 04:00 itself too.
    assert quiet_hold(quiet, due_at=due, starts_at=start, others=[day_before], now=hold.until) is None
    assert quiet_hold(quiet, due_at=due, starts_at=start, others=[], now=due) is None
    # Another of hers due by the quiet time's end (30 minutes before: 05:30) says the same then: this one not at all.
    half_hour = (start - timedelta(minutes=30), "scheduled")
    hold = quiet_hold(quiet, due_at=due, starts_at=start, others=[half_hour], now=restarted)
    assert hold is not None and hold.until is None
    # The quiet time lasts until a 05:15 start: not sent at all.
    early = datetime(2027, 2, 7, 22, 15, tzinfo=UTC)
    hold = quiet_hold(quiet, due_at=due, starts_at=early, others=[], now=restarted)
    assert hold is not None and hold.until is None
    # Outside quiet hours, or without any, a late reminder goes at once.
    assert quiet_hold(quiet, due_at=due, starts_at=start, others=[], now=start - timedelta(minutes=20)) is None
    assert quiet_hold(None, due_at=due, starts_at=start, others=[], now=restarted) is None


def test_a_reminder_sent_for_a_start_is_not_sent_again_for_an_offset_chosen_later() -> None:
    """QA round 11, #4: the 10:30 shift's hour-before reminder went at 10:00; at 10:10 the person chose "30 minutes
    before" only, and the new 30-minute reminder (due 10:00, passed) went at once: the same e-mail twice."""
    start = datetime(2027, 2, 7, 3, 30, tzinfo=UTC)  # 10:30 local
    first = plan_reminders(shift(start=start), [], prefs={}, default=DEFAULT, now=start - timedelta(days=2))
    rows = [r._replace(status="dispatched" if r.offset_minutes == 60 else "skipped") for r in stored(first)]
    changed_at = start - timedelta(minutes=20)
    half_hour = {A.staff_id: ReminderPrefs(offsets=(30,))}
    assert not plan_reminders(shift(start=start), rows, prefs=half_hour, default=DEFAULT, now=changed_at)
    # An offset still ahead gets its reminder; so does a passed one when nothing went yet for this start.
    ahead = {A.staff_id: ReminderPrefs(offsets=(15,))}
    plan = plan_reminders(shift(start=start), rows, prefs=ahead, default=DEFAULT, now=changed_at)
    assert [(p.offset_minutes, p.due_at) for p in plan.insert] == [(15, start - timedelta(minutes=15))]
    unsent = [r._replace(status="skipped") for r in rows]
    plan = plan_reminders(shift(start=start), unsent, prefs=half_hour, default=DEFAULT, now=changed_at)
    assert [p.offset_minutes for p in plan.insert] == [30]
    # A new start time is news: its passed reminder is planned though one went for the old time.
    moved = start + timedelta(minutes=5)
    plan = plan_reminders(shift(start=moved), rows, prefs=half_hour, default=DEFAULT, now=changed_at)
    assert [(p.offset_minutes, p.shift_starts_at) for p in plan.insert] == [(30, moved)]


def test_quiet_window_boundaries_are_open() -> None:
    quiet = QuietHours(time(22, 0), time(6, 0))
    day = datetime(2027, 2, 4, tzinfo=UTC)
    at = lambda h, m=0: day.replace(hour=(h - 7) % 24) + timedelta(minutes=m)  # noqa: E731 - local h:m
    assert not quiet.contains(at(22)) and quiet.contains(at(22, 1)) and not quiet.contains(at(6))
    with pytest.raises(ValueError):
        QuietHours(time(6), time(6))


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)),
    offset=st.integers(min_value=1, max_value=20160),
    q_start=st.times(),
    q_end=st.times(),
)
def test_a_reminder_is_never_after_the_start_nor_strictly_inside_quiet_hours(start, offset, q_start, q_end) -> None:
    q_start, q_end = q_start.replace(second=0, microsecond=0), q_end.replace(second=0, microsecond=0)
    if q_start == q_end:
        return
    quiet = QuietHours(q_start, q_end)
    due = reminder_due(start, offset, quiet)
    assert due <= start
    assert due <= start - timedelta(minutes=offset)  # only ever earlier
    assert not quiet.contains(due)


def test_after_an_outage_only_the_latest_due_reminder_goes() -> None:
    now = START - timedelta(minutes=30)
    assert superseded(START - timedelta(days=1), [(START - timedelta(hours=1), "scheduled")], now)
    assert not superseded(START - timedelta(hours=1), [(START - timedelta(days=1), "scheduled")], now)
    assert not superseded(
        START - timedelta(days=1), [(START - timedelta(hours=1), "scheduled")], START - timedelta(hours=2)
    )  # the later one is not due yet
    assert not superseded(START - timedelta(days=1), [(START - timedelta(hours=1), "withdrawn")], now)


def test_a_late_reminder_waits_for_the_next_when_that_one_is_due_within_minutes() -> None:
    """QA: a shift planned at 09:47 for 10:50 sent the day-before reminder (late) at 09:47 and the hour-before one at
    09:50: two identical e-mails three minutes apart. The late one is held back when the next falls due within
    SOON (15 minutes) and before the start; further off, or at the start itself, it still goes."""
    start = START
    day_before, hour_before = start - timedelta(days=1), start - timedelta(hours=1)
    planned_at = start - timedelta(minutes=63)
    assert superseded(day_before, [(hour_before, "scheduled")], planned_at, starts_at=start)
    assert not superseded(
        day_before, [(hour_before, "scheduled")], hour_before - SOON - timedelta(minutes=1), starts_at=start
    )  # the next one is 16 minutes off: this one goes now
    assert not superseded(day_before, [(start, "scheduled")], start - timedelta(minutes=5), starts_at=start)
    assert not superseded(day_before, [(hour_before, "withdrawn")], planned_at, starts_at=start)
    assert not superseded(hour_before, [(day_before, "dispatched")], hour_before, starts_at=start)
