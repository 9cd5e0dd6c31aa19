"""One definition of coverage: distinct people on duty (lichtruc.coverage)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from lichtruc.coverage import OnDuty, Version, in_force, people_on_duty


def at(hour: int) -> datetime:
    return datetime(2027, 2, 5, hour, tzinfo=UTC)


def test_a_double_counted_person_is_counted_once() -> None:
    on_duty = [OnDuty("an", at(0), at(8)), OnDuty("an", at(2), at(6)), OnDuty("binh", at(0), at(8))]
    assert people_on_duty(on_duty, at(2), at(6)) == 2


def test_only_people_on_duty_for_the_whole_interval_count() -> None:
    on_duty = [OnDuty("an", at(0), at(4)), OnDuty("binh", at(4), at(8))]
    assert people_on_duty(on_duty, at(0), at(4)) == 1
    assert people_on_duty(on_duty, at(3), at(5)) == 0
    assert people_on_duty([], at(0), at(1)) == 0


# --- versions of a rule in force ----------------------------------------------------------------------------

T1 = datetime(2027, 2, 6, 8, tzinfo=UTC)
T2 = datetime(2027, 2, 7, 8, tzinfo=UTC)


def _pieces(*versions: Version[int]) -> list[tuple[datetime | None, datetime | None, int | None]]:
    return [(p.starts_at, p.ends_at, p.value) for p in in_force(versions)]


def test_a_change_from_now_on_leaves_the_days_before_it_to_the_version_before() -> None:
    assert _pieces(Version(1, None, 2), Version(2, T1, 5)) == [(None, T1, 2), (T1, None, 5)]


def test_a_rule_created_or_removed_from_now_on_requires_nothing_on_the_other_side() -> None:
    assert _pieces(Version(1, T1, 3)) == [(T1, None, 3)]
    assert _pieces(Version(1, None, 3), Version(2, T1, None)) == [(None, T1, 3)]


def test_a_correction_for_the_whole_campaign_replaces_every_version_before_it_but_not_one_after() -> None:
    assert _pieces(Version(1, None, 200), Version(2, T1, 300), Version(3, None, 2)) == [(None, None, 2)]
    assert _pieces(Version(3, T2, 4), Version(1, None, 200), Version(2, None, 2)) == [(None, T2, 2), (T2, None, 4)]


# Brute force: at an instant, the newest version that applies then.
def _at(versions: list[Version[int]], instant: datetime) -> int | None:
    applying = [v for v in versions if v.applies_from is None or v.applies_from <= instant]
    return max(applying, key=lambda v: v.number).value if applying else None


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 10)), st.one_of(st.none(), st.integers(0, 5))),
        min_size=1,
        max_size=6,
    )
)
def test_the_pieces_say_at_every_instant_the_newest_version_that_applies_then(drawn) -> None:
    versions = [
        Version(n + 1, None if hour is None else T1 + timedelta(hours=hour), value)
        for n, (hour, value) in enumerate(drawn)
    ]
    pieces = in_force(versions)
    for a, b in pairwise(pieces):
        assert a.ends_at is not None and b.starts_at is not None and a.ends_at <= b.starts_at
    for half_hours in range(-2, 24):
        instant = T1 + timedelta(minutes=30 * half_hours)
        covering = [
            p.value
            for p in pieces
            if (p.starts_at is None or p.starts_at <= instant) and (p.ends_at is None or instant < p.ends_at)
        ]
        assert covering == ([] if _at(versions, instant) is None else [_at(versions, instant)])
