"""`make run --at` a moment after the Tết campaign (QZ27 #3: at 09:00 16/02 "check-ins demo skipped: the stack's clock is
outside … campaign", and every past shift read as an absence): the phases check in every shift of the campaign as it
began, but the same few no-shows as on giao thừa night; the one-moment load says the campaign is over rather than
skipping."""

from __future__ import annotations

from datetime import datetime, timedelta

from devstack import demo, phases
from devstack.demo_directive import checkins

AFTER_TET = datetime(2027, 2, 16, 9, 0, tzinfo=demo.ICT)
GIAO_THUA_NIGHT = datetime(2027, 2, 5, 22, 0, tzinfo=demo.ICT)


def _starts(final: datetime) -> set[datetime]:
    return {at - phases.CHECK_IN_AFTER for at in phases.check_in_moments(final)}


def _left(final: datetime) -> list[tuple[str, str, datetime, datetime]]:
    """The demo's shifts begun by `final` whose people the phases leave not checked in."""
    return sorted(
        (e.name, duty, start, end)
        for e in demo.ENTERPRISES
        for duty, start, end, *_ in demo.roster(e)
        if demo.TET_BEGINS <= start <= final and checkins.left_missed(e.name, duty, start, end, final=final)
    )


def test_after_the_campaign_every_start_of_its_roster_is_a_check_in_moment() -> None:
    starts = {
        start for e in demo.ENTERPRISES for _, start, *_ in demo.roster(e) if demo.TET_BEGINS <= start < demo.TET_ENDS
    }
    assert _starts(AFTER_TET) == starts  # before: none at all
    moments = [p for p in phases.plan(AFTER_TET) if "check-ins" in p.what]
    assert len(moments) == len(starts) and all(p.at < AFTER_TET for p in moments)
    assert max(starts) > datetime(2027, 2, 15, tzinfo=demo.ICT)  # the campaign's last day's shifts too


def test_after_the_campaign_the_no_shows_are_giao_thua_nights_as_on_that_night() -> None:
    assert demo.GIAO_THUA[0] + timedelta(hours=5) == checkins.NO_SHOWS_AT
    left = _left(AFTER_TET)
    assert left == _left(GIAO_THUA_NIGHT + timedelta(hours=1))  # the same people as a stack at 23:00 on 05/02 leaves
    assert {(e, d) for e, d, *_ in left} == set(checkins.MISSED)
    for _, _, start, end in left:
        assert start <= checkins.NO_SHOWS_AT < end and start >= GIAO_THUA_NIGHT - timedelta(hours=4)
    assert 3 <= len(left) <= 5  # a few, not every shift of their duty types (17 days of them)


def test_inside_the_campaign_the_no_shows_are_still_those_under_way_at_the_stack_s_moment() -> None:
    final = datetime(2027, 2, 7, 10, 0, tzinfo=demo.ICT)
    left = _left(final)
    assert {(e, d) for e, d, *_ in left} == set(checkins.MISSED)
    assert all(start <= final < end for *_, start, end in left)


def test_before_the_campaign_nothing_is_checked_in() -> None:
    assert phases.check_in_moments(demo.TET_BEGINS - timedelta(hours=1)) == []


def test_the_one_moment_load_after_the_campaign_says_it_is_over(capsys) -> None:
    checkins.load(None, "unused", now=AFTER_TET)  # type: ignore[arg-type]  # nothing is asked of roster
    said = capsys.readouterr().out
    assert "campaign is over" in said and "skipped" not in said, said
