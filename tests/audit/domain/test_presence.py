"""Presence shortfalls (audit/domain/presence.py) at their boundaries: QZ13 #1, a post whose only guard never came."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from audit.domain import coverage
from audit.domain.live import KeyRef
from audit.domain.model import OnShift, PresenceMark, Shift
from audit.domain.presence import GRACE, absences, confirmations, shortfalls, shown_minutes
from audit.domain.reports import daily_coverage

KEY = KeyRef("c1", "viettel", "bts-thai-binh-trung", "border_patrol")
START = datetime(2027, 2, 5, 23, 0, tzinfo=UTC)  # 06:00 on 6 Feb 2027, Vietnam
END = START + timedelta(hours=12)
DUE = START + GRACE


def shift(*, checked_in_at: datetime | None = None, ends_at: datetime = END, status: str = "published") -> Shift:
    return Shift(
        shift_id="s1",
        campaign_id="c1",
        enterprise_id="viettel",
        site_id="bts-thai-binh-trung",
        duty_type="border_patrol",
        starts_at=START,
        ends_at=ends_at,
        status=status,
        assignees=(OnShift("son", "Kiều Văn Sơn", True, "e1", checked_in_at),),
        version=1,
        updated_seq=1,
        last_event_id="e1",
        interval_event_id="e1",
        status_event_id="e1",
    )


PLAN = [coverage.Segment(START, END, 1, 1)]


def found(s: Shift, now: datetime) -> list[tuple[datetime, datetime, int, tuple[str, ...]]]:
    return [
        (f.starts_at, f.ends_at, f.present, tuple(a.full_name for a in f.absent))
        for f in shortfalls(KEY, PLAN, absences([s], now=now))
    ]


def test_checked_in_within_the_grace_is_never_absent() -> None:
    assert found(shift(checked_in_at=DUE), START + timedelta(hours=3)) == []
    assert found(shift(checked_in_at=START - timedelta(minutes=5)), END + timedelta(hours=1)) == []


def test_nobody_is_absent_before_the_check_in_is_due() -> None:
    assert found(shift(), DUE) == []
    assert found(shift(), DUE - timedelta(minutes=1)) == []
    # the grace passed: absent from the shift's start (06:00–06:16), not from 06:15
    assert found(shift(), DUE + timedelta(minutes=1)) == [(START, DUE + timedelta(minutes=1), 0, ("Kiều Văn Sơn",))]


def test_never_checked_in_is_absent_from_the_start_to_now_then_to_the_end() -> None:
    """QZ28 #2: present means there — someone who never came is absent the whole shift, 12 h of 12, the grace
    included (it read 11 h 45, 06:15–18:00)."""
    now = START + timedelta(hours=3, minutes=15)  # 09:15
    assert found(shift(), now) == [(START, now, 0, ("Kiều Văn Sơn",))]
    assert found(shift(), END + timedelta(hours=2)) == [(START, END, 0, ("Kiều Văn Sơn",))]
    [f] = shortfalls(KEY, PLAN, absences([shift()], now=END))
    assert f.person_minutes() == 720


def test_checked_in_late_is_absent_from_the_start_to_the_check_in() -> None:
    came = START + timedelta(hours=1, minutes=7)
    assert found(shift(checked_in_at=came), END) == [(START, came, 0, ("Kiều Văn Sơn",))]


def test_handed_over_counts_nothing_after_the_handover() -> None:
    handover = START + timedelta(hours=3, minutes=10)  # roster ends the shift there (Shift.hand_over)
    assert found(shift(ends_at=handover), END) == [(START, handover, 0, ("Kiều Văn Sơn",))]
    assert found(shift(status="cancelled"), END) == []  # handed over at its start: cancelled, not counted


def test_handed_over_with_its_people_on_record_as_there_counts_none_of_them_absent() -> None:
    """QZ18 #5: "Người trực không đến" unticked — the manager's word that Sơn was there, not checked in, counts."""
    handover = START + timedelta(hours=1, minutes=10)
    old = shift(ends_at=handover)

    def taker(absent: bool | None) -> Shift:
        return replace(
            shift(), shift_id="s2", starts_at=handover, continues_shift_id="s1", handover_absent=absent, assignees=()
        )

    def absent_people(*shifts: Shift) -> list[tuple[str, datetime, datetime]]:
        return [(a.shift_id, a.starts_at, a.ends_at) for a in absences(shifts, now=END)]

    assert absent_people(old, taker(False)) == []
    assert absent_people(taker(False), old) == []  # whatever the order read
    assert absent_people(old, taker(None)) == [("s1", START, handover)]  # not said (events before 2026-12-07)
    # Ticked, roster cancels the old shift (its hours a planning gap); were it kept, it would count as before.
    assert absent_people(old, taker(True)) == [("s1", START, handover)]
    assert absent_people(shift(ends_at=handover, status="cancelled"), taker(True)) == []
    # Someone had checked in: the box was not offered, False says nothing of the one who had not.
    pair = replace(
        old,
        assignees=(
            OnShift("son", "Kiều Văn Sơn", True, "e1", None),
            OnShift("lan", "Phạm Thị Lan", True, "e1", START + timedelta(minutes=3)),
        ),
    )
    assert [a.full_name for a in absences([pair, taker(False)], now=END)] == ["Kiều Văn Sơn"]


def rows(segments: list[coverage.Segment], shifts: list[Shift], now: datetime) -> list[tuple[object, ...]]:
    return [
        (f.starts_at, f.ends_at, f.required, f.rostered, f.present, tuple(a.full_name for a in f.absent))
        for f in shortfalls(KEY, segments, absences(shifts, now=now))
    ]


def test_absence_on_a_post_short_in_plan_is_counted_on_top_of_the_gap() -> None:
    """QZ26 #2: Bưu điện's response team rostered 1 of 2, its one person never came — "cần 2, xếp 1, có mặt 0" from
    its start, not lost behind the planning gap (the gap's own minutes are the plan's, counted apart)."""
    now = START + timedelta(hours=4, minutes=45)
    short = [coverage.Segment(START, END, 2, 1)]
    assert rows(short, [shift()], now) == [(START, now, 2, 1, 0, ("Kiều Văn Sơn",))]
    spans = [(f.starts_at, f.ends_at) for f in shortfalls(KEY, short, absences([shift()], now=now))]
    [cell] = daily_coverage(short, [(START, END)], [datetime(2027, 2, 6).date()], spans)
    assert (cell.uncovered_minutes, cell.absent_minutes) == (12 * 60, 4 * 60 + 45)
    # a short post whose people all came has the gap and no shortfall of presence
    assert rows(short, [shift(checked_in_at=START)], now) == []


def test_the_people_short_are_person_minutes_the_plans_and_the_absences_apart() -> None:
    """QZ27 #2, #14: the figure every page and file totals is person-minutes — 12 h short of one by the plan (cần 2, xếp
    1) and 4 h 45 of the one rostered not there on top; a post short of two for an hour is 120, never a clock's 1:00;
    those rostered beyond what is required make up for an absence first; present_min is who was there."""
    now = START + timedelta(hours=4, minutes=45)
    day = [datetime(2027, 2, 6).date()]
    short = [coverage.Segment(START, END, 2, 1)]
    found = shortfalls(KEY, short, absences([shift()], now=now))
    [cell] = daily_coverage(short, [(START, END)], day, shortfalls=found)
    assert (cell.short_person_minutes, cell.absent_person_minutes) == (12 * 60, 4 * 60 + 45)
    assert cell.missing_person_minutes == 12 * 60 + 4 * 60 + 45
    assert (cell.planned_min, cell.present_min) == (1, 0)
    [empty] = daily_coverage([coverage.Segment(START, START + timedelta(hours=1), 2, 0)], [], day)
    assert (empty.short_person_minutes, empty.uncovered_minutes) == (120, 60)
    # two rostered where one is required, one not come: the other keeps the post, no shortfall, nothing absent
    pair = replace(
        shift(),
        assignees=(*shift().assignees, OnShift("lan", "Phạm Thị Lan", True, "e1", START + timedelta(minutes=3))),
    )
    [kept] = daily_coverage(
        PLAN, [], day, shortfalls=shortfalls(KEY, [coverage.Segment(START, END, 1, 2)], absences([pair], now=now))
    )
    assert (kept.absent_person_minutes, kept.present_min) == (0, 1)


def test_absence_on_a_post_rostered_in_full_is_a_shortfall_and_a_spare_person_absent_is_none() -> None:
    now = START + timedelta(hours=3)
    assert rows(PLAN, [shift()], now) == [(START, now, 1, 1, 0, ("Kiều Văn Sơn",))]
    assert rows([coverage.Segment(START, END, 1, 2)], [shift()], now) == []  # the other one kept it covered
    assert rows([coverage.Segment(START, END, 0, 1)], [shift()], now) == []  # nobody required
    other = KeyRef("c1", "viettel", "another-site", "border_patrol")
    assert shortfalls(other, PLAN, absences([shift()], now=now)) == []


def test_absent_then_late_check_in_keeps_every_minute_across_the_plan_filling_up() -> None:
    """QZ26 #2, Đài PT-TH: rostered 1 of 2 from 18:00, the second added at 22:45, Ánh Nguyệt checking in at 22:51 —
    absent 18:00–22:51 across both stretches of the plan (it read 22:45–22:51 only: 4 h 30 lost at the peak; and
    18:15 on, QZ28 #2: the grace is not presence)."""
    start = datetime(2027, 2, 5, 11, 0, tzinfo=UTC)  # 18:00 on 5 Feb 2027, Vietnam
    filled, came = start + timedelta(hours=4, minutes=45), start + timedelta(hours=4, minutes=51)
    nguyet = replace(
        shift(),
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        assignees=(OnShift("nguyet", "Nguyễn Thị Ánh Nguyệt", True, "e1", came),),
    )
    plan = [coverage.Segment(start, filled, 2, 1), coverage.Segment(filled, start + timedelta(hours=8), 2, 2)]
    now = start + timedelta(hours=5)
    assert rows(plan, [nguyet], now) == [
        (start, filled, 2, 1, 0, ("Nguyễn Thị Ánh Nguyệt",)),
        (filled, came, 2, 2, 1, ("Nguyễn Thị Ánh Nguyệt",)),
    ]
    assert sum(f.minutes for f in shortfalls(KEY, plan, absences([nguyet], now=now))) == 4 * 60 + 51


def test_the_day_cell_counts_the_absent_minutes() -> None:
    now = START + timedelta(hours=3, minutes=15)
    spans = [(f.starts_at, f.ends_at) for f in shortfalls(KEY, PLAN, absences([shift()], now=now))]
    [cell] = daily_coverage(PLAN, [], [datetime(2027, 2, 6).date()], spans)
    assert (cell.uncovered_minutes, cell.absent_minutes) == (0, 3 * 60 + 15)


def test_minutes_are_floored_to_the_minute_as_the_list_reads_its_times() -> None:
    """QZ14 #8: absent 06:00:00–09:00:40 reads "06:00–09:00" on the presence list, so 3:00 on the heatmap too
    (rounding gave 3:01), for the shortfall and the day cell alike."""
    now = START + timedelta(hours=3, seconds=40)
    [f] = shortfalls(KEY, PLAN, absences([shift()], now=now))
    assert f.minutes == 180
    [cell] = daily_coverage(PLAN, [], [datetime(2027, 2, 6).date()], [(f.starts_at, f.ends_at)])
    assert cell.absent_minutes == 180
    # the start's seconds count as its minute does: 06:15:50–06:17:10 reads "06:15–06:17"
    assert shown_minutes(DUE + timedelta(seconds=50), DUE + timedelta(minutes=2, seconds=10)) == 2
    assert shown_minutes(DUE, DUE) == 0 and shown_minutes(DUE, DUE - timedelta(minutes=5)) == 0


# --- confirmed afterwards (QZ27 #3): a manager's word, with evidence, counted present and marked -----------------


def said(present: bool = True, since: datetime | None = START, until: datetime | None = END) -> PresenceMark:
    return PresenceMark(
        present=present,
        evidence="handover_book",
        evidence_note="Sổ giao ca trang 14",
        by="manager@viettel.vn",
        by_name="Nguyễn Văn A",
        at=END + timedelta(hours=20),
        event_id="e9",
        starts_at=since if present else None,
        ends_at=until if present else None,
    )


def marked(s: Shift, mark: PresenceMark) -> Shift:
    return replace(s, assignees=tuple(replace(p, presence=mark) for p in s.assignees))


def test_a_whole_shift_confirmed_afterwards_is_never_absent_and_its_hours_are_told_apart() -> None:
    s = marked(shift(), said())
    later = END + timedelta(days=1)
    assert found(s, later) == []
    (c,) = confirmations([s], now=later)
    assert (c.full_name, c.starts_at, c.ends_at, c.minutes) == ("Kiều Văn Sơn", START, END, 720)  # 06:00–18:00
    assert c.presence.by_name == "Nguyễn Văn A"


def test_came_forty_minutes_late_is_absent_from_the_start_until_then_and_present_after() -> None:
    """QZ28 #2: confirmed from 06:40, present 11 h 20 on the presence list and 12 h less 40 minutes absent in the
    coverage's figures alike (the report read 11 h 35: the grace counted present)."""
    came = START + timedelta(minutes=40)  # 06:40: absent 06:00–06:40, 40 person-minutes; confirmed 06:40–18:00
    s = marked(shift(), said(since=came))
    later = END + timedelta(days=1)
    (f,) = shortfalls(KEY, PLAN, absences([s], now=later))
    assert (f.starts_at, f.ends_at, f.person_minutes()) == (START, came, 40)
    assert f.absent[0].presence == said(since=came)  # the list can say he was confirmed from 06:40
    (c,) = confirmations([s], now=later)
    assert c.person_minutes() == 680  # 11 h 20
    (day,) = daily_coverage(PLAN, [], [date(2027, 2, 6)], shortfalls=[f], confirmed=[c])
    assert (day.absent_person_minutes, day.confirmed_person_minutes, day.present_min) == (40, 680, 0)
    assert 720 - day.absent_person_minutes == c.person_minutes()  # present: the report's row and the list agree


def test_confirmed_in_the_middle_leaves_two_stretches_absent_and_a_check_in_ends_what_the_word_alone_counts() -> None:
    since, until = START + timedelta(hours=1), START + timedelta(hours=5)  # 07:00–11:00
    s = marked(shift(), said(since=since, until=until))
    later = END + timedelta(days=1)
    assert [(a.starts_at, a.ends_at) for a in absences([s], now=later)] == [(START, since), (until, END)]
    checked = marked(shift(checked_in_at=START + timedelta(hours=2)), said(since=START + timedelta(minutes=40)))
    assert [(a.starts_at, a.ends_at) for a in absences([checked], now=later)] == [
        (START, START + timedelta(minutes=40))
    ]
    (c,) = confirmations([checked], now=later)
    assert c.person_minutes() == 80  # 06:40 until the check-in at 08:00; after it, the check-in counts


def test_recorded_not_there_though_checked_in_is_absent_the_whole_shift() -> None:
    """QZ28 #2: "Hệ thống sẽ tính là vắng cả ca" — 12 h of 12, not 11 h 45."""
    s = marked(shift(checked_in_at=START + timedelta(minutes=5)), said(present=False))
    later = END + timedelta(days=1)
    (f,) = shortfalls(KEY, PLAN, absences([s], now=later))
    assert (f.starts_at, f.ends_at, f.person_minutes()) == (START, END, 720)  # 06:00–18:00
    assert f.absent[0].checked_in_at == START + timedelta(minutes=5) and f.absent[0].presence is not None
    (c,) = confirmations([s], now=later)
    assert (c.presence.present, c.person_minutes()) == (False, 0)


def test_the_projection_keeps_the_word_on_the_person_through_later_shift_events() -> None:
    """roster's PresenceConfirmed sets it on Tuyết (`model.presence_mark`); a later event of the shift (its completion)
    carries no word and keeps it; PresenceCorrected replaces it (the newest word stands)."""
    from audit.domain.model import apply_shift, presence_mark
    from events_factory import ROSTER_EXAMPLES
    from lichtruc.events import PresenceConfirmed, PresenceCorrected

    event = ROSTER_EXAMPLES[PresenceConfirmed]()
    assert isinstance(event, PresenceConfirmed)
    said = presence_mark(event, event_id="e4")
    assert said is not None and said[1].present and said[1].by_name == "Nguyễn Văn An"
    first = apply_shift(None, event.shift, event_id="e4", seq=4, presence=said)
    assert first is not None
    (tuyet,) = first.assignees
    assert (tuyet.presence, tuyet.cause_event_id) == (said[1], "e4")
    later = apply_shift(
        first, event.shift.model_copy(update={"version": 5, "status": "completed"}), event_id="e5", seq=5
    )
    assert later is not None and later.assignees[0].presence == said[1]
    corrected = PresenceCorrected(
        shift=event.shift.model_copy(update={"version": 6}),
        staff_id=event.staff_id,
        evidence="shift_leader",
        evidence_note="Trưởng ca xác nhận",
        confirmed_at=event.confirmed_at,
    )
    again = apply_shift(later, corrected.shift, event_id="e6", seq=6, presence=presence_mark(corrected, event_id="e6"))
    assert again is not None and again.assignees[0].presence is not None
    assert (again.assignees[0].presence.present, again.assignees[0].presence.event_id) == (False, "e6")
    assert presence_mark(event.shift, event_id="x") is None  # not a presence event


def away(since: datetime | None, until: datetime | None) -> PresenceMark:
    return replace(said(present=False), starts_at=since, ends_at=until)


def test_checked_in_and_left_at_noon_is_absent_from_noon_only() -> None:
    """QZ28 #4: "not there" from–to — checked in at 06:05, left at 12:00: away 12:00–18:00, 360 person-minutes, the
    check-in counting before; the whole shift (or a word said before it had from–to) is 720 as before; a part of the
    shift of someone checked in late adds to their lateness."""
    noon = START + timedelta(hours=6)
    left = marked(shift(checked_in_at=START + timedelta(minutes=5)), away(noon, END))
    later = END + timedelta(days=1)
    (f,) = shortfalls(KEY, PLAN, absences([left], now=later))
    assert (f.starts_at, f.ends_at, f.person_minutes()) == (noon, END, 360)
    whole = marked(shift(checked_in_at=START + timedelta(minutes=5)), away(START, END))
    (f,) = shortfalls(KEY, PLAN, absences([whole], now=later))
    assert (f.starts_at, f.ends_at, f.person_minutes()) == (START, END, 720)
    late = marked(shift(checked_in_at=START + timedelta(hours=1)), away(noon, noon + timedelta(hours=2)))
    assert [(a.starts_at, a.ends_at) for a in absences([late], now=later)] == [
        (START, START + timedelta(hours=1)),
        (noon, noon + timedelta(hours=2)),
    ]
    # away over the late check-in's own absence: one stretch
    over = marked(shift(checked_in_at=START + timedelta(hours=1)), away(START + timedelta(minutes=30), noon))
    assert [(a.starts_at, a.ends_at) for a in absences([over], now=later)] == [(START, noon)]
