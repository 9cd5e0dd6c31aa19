"""Planning gaps and gaps in force: the pure rules (domain/inforce.py) and how live gaps
carry them (domain/live.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from audit.domain import inforce
from audit.domain.coverage import CoverageKey, Gap
from audit.domain.live import KeyRef, reconcile_gaps

H = timedelta(hours=1)
START = datetime(2027, 2, 5, 16, tzinfo=UTC)  # the gap's start (23:00 giao thừa)
DEADLINE = datetime(2027, 1, 28, 17, tzinfo=UTC)  # 24 h before a campaign starting 30 January
KEY = KeyRef("camp", "vnpt", "noc", "operations")


@dataclass
class Row:
    status: str
    closed_at: datetime | None
    in_force_from: datetime


@dataclass
class Dated:
    starts_at: datetime
    readiness_deadline: datetime | None


def test_the_default_deadline_is_24_hours_before_the_campaign_and_an_own_deadline_wins() -> None:
    assert inforce.readiness_deadline(Dated(DEADLINE + 24 * H, None)) == DEADLINE
    assert inforce.readiness_deadline(Dated(DEADLINE + 24 * H, START)) == START


def test_in_force_from_is_the_earlier_of_start_and_deadline_but_never_before_the_gap_was_found() -> None:
    early = DEADLINE - 200 * H
    assert inforce.in_force_from(opened_at=early, starts_at=START, deadline=DEADLINE) == DEADLINE
    # a deadline after the gap's start: its start counts
    assert inforce.in_force_from(opened_at=early, starts_at=START, deadline=START + H) == START
    # found after the deadline (a shift cancelled late): in force at once
    assert inforce.in_force_from(opened_at=DEADLINE + 5 * H, starts_at=START, deadline=DEADLINE) == DEADLINE + 5 * H


def test_a_gap_closed_before_it_came_into_force_is_a_planning_gap_for_good() -> None:
    planning = Row("closed", DEADLINE - H, DEADLINE)
    assert not inforce.is_in_force(planning, DEADLINE - 2 * H)
    assert not inforce.is_in_force(planning, START + 100 * H)  # later "now"s do not change history
    closed_exactly_then = Row("closed", DEADLINE, DEADLINE)
    assert not inforce.is_in_force(closed_exactly_then, START)  # covered in time: [from, closed) is empty
    late = Row("closed", DEADLINE + H, DEADLINE)
    assert inforce.is_in_force(late, DEADLINE + 2 * H) and inforce.is_in_force(late, START + 1000 * H)


def test_an_open_gap_comes_into_force_when_its_moment_passes_without_any_event() -> None:
    g = Row("open", None, DEADLINE)
    assert not inforce.is_in_force(g, DEADLINE - timedelta(seconds=1))
    assert inforce.is_in_force(g, DEADLINE)
    assert [inforce.selected(g, DEADLINE - H, w) for w in ("true", "false", "all")] == [False, True, True]
    assert [inforce.selected(g, DEADLINE + H, w) for w in ("true", "false", "all")] == [True, False, True]


def _gap(start: datetime, end: datetime) -> Gap:
    return Gap(CoverageKey("vnpt", "noc", "operations"), start, end, 1, 0, False, False, ("r1",), ())


def _reconcile(open_gaps, computed, *, at, deadline=DEADLINE, seq=1):
    return reconcile_gaps(KEY, open_gaps, computed, {}, seq=seq, at=at, event_id=f"e{seq}", deadline=deadline)


def test_live_gaps_carry_in_force_from_and_a_deadline_move_is_followed_until_the_gap_is_in_force() -> None:
    at = DEADLINE - 100 * H
    [opened] = _reconcile([], [_gap(START, START + 2 * H)], at=at)
    assert opened.gap.in_force_from == DEADLINE and opened.publish
    # the campaign's deadline moves later (still before the gap's start): the open gap follows, republished
    [moved] = _reconcile([opened.gap], [_gap(START, START + 2 * H)], at=at + H, deadline=DEADLINE + 10 * H, seq=2)
    assert (moved.kind, moved.gap.in_force_from, moved.publish) == ("updated", DEADLINE + 10 * H, True)
    # closed before that: a planning gap
    [closed] = _reconcile([moved.gap], [], at=at + 2 * H, seq=3)
    assert closed.kind == "closed" and not inforce.is_in_force(closed.gap, START)

    # once in force, a deadline moved later does not take it back
    [found] = _reconcile([], [_gap(START, START + 2 * H)], at=DEADLINE + H)
    assert found.gap.in_force_from == DEADLINE + H
    assert (
        _reconcile([found.gap], [_gap(START, START + 2 * H)], at=DEADLINE + 2 * H, deadline=DEADLINE + 50 * H, seq=2)
        == []
    )
