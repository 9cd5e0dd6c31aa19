"""Requirements expanded into intervals, compared with the planned headcount (pure)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from lichtruc.coverage import OnDuty
from roster.domain.campaigns import Peak
from roster.domain.coverage import BoardPerson, BoardShift, build_board, coverage, rules_in_force
from roster.domain.requirements import (
    Daily,
    OneOff,
    Requirement,
    RequirementVersion,
    StaffingRequirement,
    applies_from,
    changes_nothing,
    expand,
    past_kept,
    rewrites_past,
)

ICT = timezone(timedelta(hours=7))
START, END = datetime(2027, 1, 30, tzinfo=ICT), datetime(2027, 2, 16, tzinfo=ICT)
GIAO_THUA = Peak("Giao thừa", datetime(2027, 2, 5, 18, tzinfo=ICT), datetime(2027, 2, 6, 6, tzinfo=ICT))


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2027, 2, day, hour, tzinfo=ICT)


def req(window, minimum=1, peak_minimum=None, duty="operations", site=None) -> Requirement:
    return Requirement(uuid.uuid4(), site, duty, window, minimum, peak_minimum)


def test_daily_whole_day_window_covers_every_day_of_the_campaign() -> None:
    segments = expand(req(Daily(time(0), time(0))), starts_at=START, ends_at=END, peaks=[])
    assert segments[0].starts_at == START and segments[-1].ends_at == END
    assert len(segments) == 17  # 30 Jan .. 15 Feb
    assert all(s.ends_at - s.starts_at == timedelta(days=1) for s in segments)


def test_daily_window_crossing_midnight_and_clipped_to_the_campaign() -> None:
    segments = expand(req(Daily(time(22), time(6))), starts_at=START, ends_at=END, peaks=[])
    assert segments[0].starts_at == START and segments[0].ends_at == datetime(2027, 1, 30, 6, tzinfo=ICT)
    assert segments[1].starts_at == datetime(2027, 1, 30, 22, tzinfo=ICT)
    assert segments[-1].ends_at == END


def test_peak_minimum_applies_inside_the_peak_only() -> None:
    segments = expand(
        req(Daily(time(0), time(0)), minimum=2, peak_minimum=4), starts_at=at(5), ends_at=at(7), peaks=[GIAO_THUA]
    )
    assert [(s.starts_at, s.ends_at, s.required, s.peak) for s in segments] == [
        (at(5), at(5, 18), 2, None),
        (at(5, 18), at(6), 4, "Giao thừa"),
        (at(6), at(6, 6), 4, "Giao thừa"),
        (at(6, 6), at(7), 2, None),
    ]


def test_gaps_are_where_planned_falls_below_required() -> None:
    segments = expand(
        req(OneOff(at(5, 18), at(6, 6)), minimum=2, peak_minimum=3), starts_at=START, ends_at=END, peaks=[GIAO_THUA]
    )
    staffing = [
        OnDuty("an", at(5, 18), at(6, 6)),
        OnDuty("binh", at(5, 18), at(6, 6)),
        OnDuty("chi", at(5, 22), at(6, 2)),
    ]
    result = coverage(segments, staffing)
    assert result is not None
    assert (result.required, result.planned) == (3, 2)
    assert [(g.starts_at, g.ends_at, g.required, g.planned, g.peak) for g in result.gaps] == [
        (at(5, 18), at(5, 22), 3, 2, "Giao thừa"),
        (at(6, 2), at(6, 6), 3, 2, "Giao thừa"),
    ]


def test_fully_covered_has_no_gap_and_no_requirement_is_none() -> None:
    segments = expand(req(OneOff(at(5, 8), at(5, 16))), starts_at=START, ends_at=END, peaks=[])
    covered = coverage(segments, [OnDuty("an", at(5, 6), at(5, 18))])
    assert covered is not None and covered.gaps == () and covered.planned == 1
    assert coverage([], [OnDuty("an", at(5, 6), at(5, 18))]) is None


def test_a_person_on_two_overlapping_shifts_counts_once() -> None:
    segments = expand(req(OneOff(at(5, 18), at(6, 6)), minimum=2), starts_at=START, ends_at=END, peaks=[])
    twice = [OnDuty("an", at(5, 18), at(6, 6)), OnDuty("an", at(5, 20), at(6, 2))]
    result = coverage(segments, twice)
    assert result is not None
    assert result.planned == 1
    assert [(g.starts_at, g.ends_at, g.planned) for g in result.gaps] == [(at(5, 18), at(6, 6), 1)]


def test_board_counts_a_double_booked_person_once() -> None:
    an = BoardPerson(uuid.uuid4(), "Trần Văn An")
    shifts = [
        BoardShift(uuid.uuid4(), None, "operations", at(5, 8), at(5, 16), "published", (an,), 1),
        BoardShift(uuid.uuid4(), None, "operations", at(5, 8), at(5, 16), "draft", (an,), 1),
    ]
    board = build_board(
        [date(2027, 2, 5)],
        shifts=shifts,
        requirements=[req(OneOff(at(5, 8), at(5, 16)), minimum=2)],
        peaks=[],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    (cover,) = board[0].duty_types[1].coverage
    assert (cover.site_id, cover.required, cover.planned, cover.met) == (None, 2, 1, False)
    assert [g.planned for g in cover.gaps] == [1]


def test_a_scope_met_only_with_drafts_is_not_met_published() -> None:
    """A draft counts as planned (no gap), but a scope it alone fills is not covered for staff and inspectors yet."""
    an, binh = BoardPerson(uuid.uuid4(), "Trần Văn An"), BoardPerson(uuid.uuid4(), "Lê Thị Bình")
    site = uuid.uuid4()

    def cover_with(*shifts: BoardShift):
        board = build_board(
            [date(2027, 2, 5)],
            shifts=shifts,
            requirements=[req(OneOff(at(5, 8), at(5, 16)))],
            peaks=[],
            campaign_starts_at=START,
            campaign_ends_at=END,
        )
        (cover,) = board[0].duty_types[1].coverage
        return cover.met, cover.met_published

    draft = BoardShift(uuid.uuid4(), site, "operations", at(5, 8), at(5, 16), "draft", (an,), 1)
    published = BoardShift(uuid.uuid4(), site, "operations", at(5, 8), at(5, 16), "published", (binh,), 1)
    morning = BoardShift(uuid.uuid4(), site, "operations", at(5, 8), at(5, 12), "published", (binh,), 1)
    assert cover_with(draft) == (True, False)
    assert cover_with(draft, morning) == (True, False)  # the afternoon is the draft's alone
    assert cover_with(draft, published) == (True, True)  # the draft is spare
    assert cover_with(published) == (True, True)
    assert cover_with(morning) == (False, False)


def test_a_scope_says_its_published_headcount_beside_the_one_with_drafts() -> None:
    """QA 2026-12-06: 1 published and 2 drafts against 2 required read "2 planned" only; the panel needs both."""
    people = [BoardPerson(uuid.uuid4(), name) for name in ("Võ Văn Thành", "Trần Văn An", "Lê Thị Bình")]
    shifts = [
        BoardShift(uuid.uuid4(), None, "operations", at(5, 6), at(5, 18), "published", (people[0],), 1),
        BoardShift(uuid.uuid4(), None, "operations", at(5, 8), at(5, 16), "draft", (people[1],), 1),
        BoardShift(uuid.uuid4(), None, "operations", at(5, 8), at(5, 16), "draft", (people[2],), 1),
    ]
    board = build_board(
        [date(2027, 2, 5)],
        shifts=shifts,
        requirements=[req(OneOff(at(5, 8), at(5, 16)), minimum=2)],
        peaks=[],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    (cover,) = board[0].duty_types[1].coverage
    assert (cover.required, cover.planned, cover.planned_published, cover.met, cover.met_published) == (
        2,
        3,
        1,
        True,
        False,
    )
    published_only = build_board(
        [date(2027, 2, 5)],
        shifts=shifts[:1],
        requirements=[req(OneOff(at(5, 8), at(5, 16)), minimum=2)],
        peaks=[],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    (alone,) = published_only[0].duty_types[1].coverage
    assert (alone.planned, alone.planned_published) == (1, 1)


def test_board_lists_days_with_lunar_names_shifts_people_and_coverage() -> None:
    site = uuid.uuid4()
    tuyet = BoardPerson(uuid.uuid4(), "Nguyễn Thị Ánh Tuyết")
    an = BoardPerson(uuid.uuid4(), "Trần Văn An")
    night = BoardShift(uuid.uuid4(), site, "operations", at(5, 22), at(6, 6), "published", (tuyet, an), 2)
    cancelled = BoardShift(uuid.uuid4(), site, "operations", at(5, 6), at(5, 14), "cancelled", (an,), 3)
    board = build_board(
        [date(2027, 2, 5), date(2027, 2, 6)],
        shifts=[night, cancelled],
        requirements=[req(Daily(time(0), time(0)), minimum=1, peak_minimum=2)],
        peaks=[GIAO_THUA],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    eve, mung1 = board
    assert (eve.day, eve.lunar_name_vi) == (date(2027, 2, 5), "29 tháng Chạp")
    assert eve.lunar is not None and (eve.lunar.year, eve.lunar.month, eve.lunar.day) == (2026, 12, 29)
    assert (mung1.lunar_name_vi, mung1.lunar_name_en) == ("Mùng 1 Tết", "1st day of Tết")
    assert [p.name for p in eve.peaks] == ["Giao thừa"]
    assert [d.duty_type for d in eve.duty_types] == ["leadership", "operations", "incident_response", "patrol"]
    ops = eve.duty_types[1]
    assert ops.shifts == (night,)  # cancelled shifts are not on the board
    assert [p.full_name for p in ops.people] == ["Trần Văn An", "Nguyễn Thị Ánh Tuyết"]  # by given name
    [cover] = ops.coverage
    assert (cover.site_id, cover.required, cover.planned, cover.met) == (None, 2, 0, False)
    assert [(g.starts_at, g.ends_at, g.required, g.planned) for g in cover.gaps] == [
        (at(5), at(5, 18), 1, 0),
        (at(5, 18), at(5, 22), 2, 0),
    ]
    assert eve.duty_types[0].coverage == ()  # nothing required of leadership


def test_each_instant_is_judged_by_the_requirement_version_in_force_then() -> None:
    """Minimum 1 for the whole campaign, raised to 3 from noon on the 5th, removed from 06:00 on the 6th: the board
    asks 1, then 3, then nothing — each version only in its own time (rules_in_force, lichtruc.coverage.in_force)."""
    rid, campaign, enterprise = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    rule = Requirement(rid, None, "operations", Daily(time(0), time(0)), 1)

    def version(n: int, since: datetime | None, minimum: int | None) -> RequirementVersion:
        said = None if minimum is None else replace(rule, minimum=minimum)
        return RequirementVersion(rid, campaign, enterprise, n, since, said, at(1))

    versions = [version(1, None, 1), version(2, at(5, 12), 3), version(3, at(6, 6), None)]
    nobody: list[BoardShift] = []
    board = build_board(
        [date(2027, 2, 5), date(2027, 2, 6)],
        shifts=nobody,
        requirements=rules_in_force(versions),
        peaks=[],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    asked = [(g.starts_at, g.ends_at, g.required) for day in board for g in day.duty_types[1].coverage[0].gaps]
    assert asked == [(at(5), at(5, 12), 1), (at(5, 12), at(6), 3), (at(6), at(6, 6), 3)]


def test_only_the_department_rewrites_the_days_past() -> None:
    """QZ11: once the campaign has begun, a change or removal for the whole campaign is the Department's alone; a
    manager's from now on passes, and before the campaign anyone corrects freely. The refusal says why and what to do."""
    during, before = datetime(2027, 2, 8, 10, 4, tzinfo=ICT), START - timedelta(days=1)
    assert rewrites_past(since=None, now=during, campaign_starts_at=START, by_department=False)
    assert not rewrites_past(since=None, now=during, campaign_starts_at=START, by_department=True)
    assert not rewrites_past(since=during, now=during, campaign_starts_at=START, by_department=False)
    assert not rewrites_past(since=None, now=before, campaign_starts_at=START, by_department=False)
    [said] = past_kept(removal=True, duty_type="incident_response", where="Bưu điện tỉnh").errors
    assert said.rule == "past-kept" and "Bưu điện tỉnh" in said.message_vi and "xóa từ bây giờ" in said.message_vi
    assert said.message_vi.startswith("Định mức ") and "Chỉ Sở (tài khoản quản trị) sửa được" in said.message_vi


def test_a_change_from_now_on_applies_from_the_whole_minute_it_was_made() -> None:
    """Made at 10:03:27.5 on the 7th "from now on", the version applies from 10:03 — so the board's gap starts at
    10:03 and lasts the hours and minutes its times show; a correction, or a change before the campaign, has none."""
    made = datetime(2027, 2, 7, 10, 3, 27, 500000, tzinfo=ICT)
    since = applies_from("from_now", now=made, campaign_starts_at=START)
    assert since == datetime(2027, 2, 7, 10, 3, tzinfo=ICT)
    assert applies_from("whole_campaign", now=made, campaign_starts_at=START) is None
    assert applies_from("from_now", now=START - timedelta(days=1, seconds=27), campaign_starts_at=START) is None

    rid = uuid.uuid4()
    rule = Requirement(rid, None, "operations", Daily(time(0), time(0)), 1)
    versions = [
        RequirementVersion(rid, uuid.uuid4(), uuid.uuid4(), 1, None, None, at(1)),
        RequirementVersion(rid, uuid.uuid4(), uuid.uuid4(), 2, since, rule, made),
    ]
    nobody: list[BoardShift] = []
    [day] = build_board(
        [date(2027, 2, 7)],
        shifts=nobody,
        requirements=rules_in_force(versions),
        peaks=[],
        campaign_starts_at=START,
        campaign_ends_at=END,
    )
    gaps = [(g.starts_at, g.ends_at) for d in day.duty_types for c in d.coverage for g in c.gaps]
    assert gaps == [(datetime(2027, 2, 7, 10, 3, tzinfo=ICT), at(8))]


def test_a_change_of_nothing_is_told_apart_from_a_correction_of_the_time_past() -> None:
    """The form saved as it was (the same terms) changes nothing from now on, nor for the whole campaign when the
    newest version already rules all of it; for the whole campaign after a change "from now on", it rewrites the
    time before that change: a real change."""
    current = StaffingRequirement(
        uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), None, "operations", Daily(time(0), time(0)), 2, None, 3, START, START
    )
    same = current.change(
        now=START, duty_type="operations", window=Daily(time(0), time(0)), minimum=2, peak_minimum=None, site_id=None
    )
    now, raised = START + timedelta(days=2), START + timedelta(days=1)
    assert changes_nothing(current, same, since=now, newest_since=None)
    assert changes_nothing(current, same, since=now, newest_since=raised)
    assert changes_nothing(current, same, since=None, newest_since=None)
    assert not changes_nothing(current, same, since=None, newest_since=raised)
    assert not changes_nothing(current, replace(same, minimum=3), since=now, newest_since=None)
    assert not changes_nothing(current, replace(same, site_id=uuid.uuid4()), since=now, newest_since=None)
