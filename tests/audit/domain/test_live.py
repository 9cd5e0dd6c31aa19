"""Gap identity and how a key's stored gaps follow the engine (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from audit.domain.coverage import CoverageKey, Gap
from audit.domain.live import KeyRef, gap_id, reconcile_gaps

KEY = KeyRef("camp", "vnpt", "noc", "operations")
T0 = datetime(2027, 2, 5, 16, tzinfo=UTC)
H = timedelta(hours=1)


def engine_gap(
    start: datetime, end: datetime, required: int = 1, actual: int = 0, causes: tuple = (), peak: bool = False
) -> Gap:
    return Gap(CoverageKey("vnpt", "noc", "operations"), start, end, required, actual, False, peak, ("r1",), causes)


def apply(open_gaps, computed, previous=None, *, at=T0 - 24 * H, seq=1, event="e1", deadline=T0 - 48 * H):
    changes = reconcile_gaps(
        KEY, open_gaps, computed, previous or {}, seq=seq, at=at, event_id=event, deadline=deadline
    )
    return changes


def test_gap_id_is_stable_per_key_and_start_and_differs_otherwise() -> None:
    assert gap_id(KEY, T0) == gap_id(KeyRef("camp", "vnpt", "noc", "operations"), T0.astimezone())
    assert gap_id(KEY, T0) != gap_id(KEY, T0 + H)
    assert gap_id(KEY, T0) != gap_id(KeyRef("camp", "vnpt", None, "operations"), T0)
    assert KEY.key_id != KeyRef("camp2", "vnpt", "noc", "operations").key_id


def test_a_new_gap_opens_with_version_1_and_its_cause_is_the_event_that_revealed_it() -> None:
    # The engine names the shift that ends where the gap starts; the gap names the cancel that opened it, not
    # that neighbour's planning (QA 2026-12-06: the neighbours' events were listed first as the "causes").
    [change] = apply([], [engine_gap(T0, T0 + 2 * H, causes=("shift-evt",))], event="cancel-evt")
    assert change.kind == "opened" and change.publish
    g = change.gap
    assert (g.gap_id, g.version, g.status, g.announced) == (gap_id(KEY, T0), 1, "open", True)
    assert g.cause_event_ids == ("cancel-evt",)
    assert g.opened_by_event_id == "cancel-evt" and g.opened_seq == 1


def test_end_moving_updates_the_same_gap_and_republishes_it() -> None:
    [opened] = apply([], [engine_gap(T0, T0 + 4 * H)])
    [updated] = apply([opened.gap], [engine_gap(T0, T0 + 2 * H)], seq=2, event="e2")
    assert updated.kind == "updated" and updated.publish
    assert updated.gap.gap_id == opened.gap.gap_id and updated.gap.version == 2
    assert updated.gap.ends_at == T0 + 2 * H and updated.gap.opened_by_event_id == "e1"
    # Shorter, it keeps its causes and names the change that narrowed it.
    assert updated.gap.cause_event_ids == ("e1",) and updated.gap.narrowed_by_event_ids == ("e2",)


def test_unchanged_gap_makes_no_change_even_if_the_engine_names_other_causes() -> None:
    """A gap the change left as it was keeps its causes: the change (a swap on the shift ending where the
    gap starts, say) did not make it (QA round 3)."""
    [opened] = apply([], [engine_gap(T0, T0 + 4 * H)])
    assert apply([opened.gap], [engine_gap(T0, T0 + 4 * H)], seq=2) == []
    assert apply([opened.gap], [engine_gap(T0, T0 + 4 * H, causes=("x",))], seq=3, event="e3") == []
    # Made deeper (two required now, one more than before), the same gap keeps its causes and names the change
    # that deepened it — not the engine's neighbours.
    [deeper] = apply([opened.gap], [engine_gap(T0, T0 + 4 * H, required=2, causes=("x",))], seq=4, event="e4")
    assert deeper.kind == "updated" and deeper.publish and deeper.gap.cause_event_ids == ("e1", "e4")
    assert (deeper.gap.widened_by_event_ids, deeper.gap.narrowed_by_event_ids) == (("e4",), ())


def test_start_moving_closes_the_old_gap_and_opens_another() -> None:
    [opened] = apply([], [engine_gap(T0, T0 + 4 * H)])
    closed, new = apply([opened.gap], [engine_gap(T0 + H, T0 + 4 * H)], seq=2, event="e2")
    assert (closed.kind, closed.publish, closed.gap.status, closed.gap.version) == ("closed", True, "closed", 2)
    assert closed.gap.closed_by_event_ids == ("e2",) and closed.gap.closed_seq == 2
    assert new.kind == "opened" and new.gap.gap_id == gap_id(KEY, T0 + H)


def test_a_closed_gap_that_comes_back_reopens_under_its_id_with_a_higher_version() -> None:
    [opened] = apply([], [engine_gap(T0, T0 + 4 * H)])
    [closed] = apply([opened.gap], [], seq=2, event="e2")
    [again] = apply([], [engine_gap(T0, T0 + 3 * H)], {closed.gap.gap_id: closed.gap}, seq=3, event="e3")
    assert again.kind == "reopened" and again.gap.version == 3 and again.gap.status == "open"
    assert again.gap.closed_at is None and again.gap.opened_by_event_id == "e3"


def test_gaps_already_over_are_history_and_their_closing_is_not_published_either() -> None:
    at = T0 + 10 * H
    past, current = apply([], [engine_gap(T0, T0 + 2 * H), engine_gap(T0 + 8 * H, T0 + 12 * H)], at=at)
    assert (past.publish, past.gap.announced) == (False, False)
    assert (current.publish, current.gap.announced) == (True, True)  # under way: an alert
    [closing] = apply([past.gap, current.gap], [engine_gap(T0 + 8 * H, T0 + 12 * H)], at=at, seq=2)
    assert closing.kind == "closed" and not closing.publish


def test_a_history_gap_extended_into_the_future_becomes_an_alert() -> None:
    at = T0 + 3 * H
    [past] = apply([], [engine_gap(T0, T0 + 2 * H)], at=at)
    [longer] = apply([past.gap], [engine_gap(T0, T0 + 5 * H)], at=at, seq=2)
    assert longer.publish and longer.gap.announced


def test_a_gap_filled_in_part_is_narrowed_and_names_its_successor_and_what_is_still_short() -> None:
    from audit.domain.live import closed_as, still_short, successors

    [opened] = apply([], [engine_gap(T0, T0 + 6 * H)])
    # people for the first four hours: the gap closes, the rest opens as a new gap at the same position
    changes = apply([opened.gap], [engine_gap(T0 + 4 * H, T0 + 6 * H)], seq=7, event="e7")
    closed = next(c.gap for c in changes if c.kind == "closed")
    rest = next(c.gap for c in changes if c.kind == "opened")
    elsewhere = apply([], [engine_gap(T0 + 10 * H, T0 + 12 * H)], seq=7)[0].gap  # same position, not over the window
    older = apply([], [engine_gap(T0 + 5 * H, T0 + 6 * H)], seq=3)[0].gap  # over the window, another position
    found = successors(closed, [closed, rest, elsewhere, older])
    assert found == (rest,)
    assert closed_as(closed, found) == "narrowed" and closed_as(closed, ()) == "filled"
    assert closed_as(rest, ()) is None
    assert still_short(closed, found) == ((T0 + 4 * H, T0 + 6 * H),)
    # once the rest is filled too, the first gap stays "narrowed" but nothing of it is short
    rest_closed = apply([rest], [], seq=9, event="e9")[0].gap
    assert rest_closed.status == "closed" and successors(closed, [rest_closed]) == (rest_closed,)
    assert still_short(closed, (rest_closed,)) == ()
