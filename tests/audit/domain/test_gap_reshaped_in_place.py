"""A gap reshaped in place (same start, so the same id) names the change that reshaped it: one that widened
it (a later end) or deepened it (more people missing, the qualification newly missing) is among its causes
and in ``widened_by_event_ids``, and stays a cause when the engine reshapes the gap again; one that only
narrowed it (an earlier end, fewer missing) is kept in ``narrowed_by_event_ids`` and is no cause. A
recompute that changes nothing writes nothing.

One key through the real engine (`gap_story`): Tổng đài Host Tân An must have someone on operations duty
06:30–12:00 on 06/02/2027; Danh is on 06:30–08:00, Bình 09:00–10:00, Cường 10:00–12:00, so 08:00–09:00 is short."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from gap_story import KEY, settle, vn

from audit.domain.live import GapRecord, Touch, gap_id, opened_as
from audit.domain.model import OnShift, Shift


def shift(shift_id: str, who: str, starts: datetime, ends: datetime, *, qualified: bool = True) -> Shift:
    """A published shift; its events are named after it: `plan-<id>` (times and person), `pub-<id>`."""
    person = OnShift(who, who, qualified, f"plan-{shift_id}")
    plan, publish = f"plan-{shift_id}", f"pub-{shift_id}"
    return Shift(
        shift_id, "camp", "vnpt", "tan-an", "operations", starts, ends, "published", (person,), 1, 1, publish, plan,
        publish,
    )  # fmt: skip


DANH = shift("danh", "danh", vn(6, 30), vn(8))
BINH = shift("binh", "binh", vn(9), vn(10))
CUONG = shift("cuong", "cuong", vn(10), vn(12))


def opened() -> GapRecord:
    gaps, _ = settle([], [DANH, BINH, CUONG], seq=1, event="req-set")
    [gap] = gaps
    assert (gap.starts_at, gap.ends_at, gap.required, gap.actual) == (vn(8), vn(9), 1, 0)
    # The requirement that opened it; not the shifts that merely end or begin at its edges (Danh's, planned
    # and published before, made no hole: the engine's adjacency would name them, live takes the change).
    assert gap.cause_event_ids == ("req-set",)
    assert (gap.widened_by_event_ids, gap.narrowed_by_event_ids) == ((), ())
    return gap


def test_a_change_that_widens_a_gap_in_place_is_among_its_causes_and_stays_one() -> None:
    gap = opened()
    # Bình's shift cancelled: 08:00–10:00 is short, the same gap (same start) grown to Cường's start.
    cancelled = replace(BINH, status="cancelled", status_event_id="cancel-binh", last_event_id="cancel-binh")
    gaps, changes = settle([gap], [DANH, cancelled, CUONG], seq=2, event="cancel-binh", window=(vn(9), vn(10)))
    [(kind, wider)] = [(c.kind, c.gap) for c in changes]
    assert kind == "updated" and wider.gap_id == gap.gap_id == gap_id(KEY, vn(8))
    assert (wider.starts_at, wider.ends_at, wider.version) == (vn(8), vn(10), 2)
    # The cancel is a cause, beside the requirement; the neighbours' planning and publishing are not.
    assert wider.cause_event_ids == ("cancel-binh", "req-set")
    assert (wider.widened_by_event_ids, wider.narrowed_by_event_ids) == (("cancel-binh",), ())
    assert opened_as(wider) == "opened"

    # Cường's shift moved to 10:30: the gap grows again; the cancel stays among its causes, by the move.
    moved = replace(CUONG, starts_at=vn(10, 30), interval_event_id="move-cuong", last_event_id="move-cuong")
    gaps, _ = settle(gaps, [DANH, cancelled, moved], seq=3, event="move-cuong", window=(vn(10), vn(12)))
    [wider] = gaps
    assert (wider.starts_at, wider.ends_at) == (vn(8), vn(10, 30))
    assert wider.cause_event_ids == ("cancel-binh", "move-cuong", "req-set")
    assert wider.widened_by_event_ids == ("cancel-binh", "move-cuong")


def test_a_change_that_deepens_a_gap_in_place_is_among_its_causes() -> None:
    gap = opened()
    # Two people required from now on: 08:00–09:00 is short of two, the same gap made deeper; the rest of
    # the morning is short of one, new gaps the raise opened.
    gaps, changes = settle([gap], [DANH, BINH, CUONG], seq=2, event="req-raised", minimum=2)
    assert sorted((c.kind, c.gap.starts_at) for c in changes) == [
        ("opened", vn(6, 30)),
        ("opened", vn(9)),
        ("updated", vn(8)),
    ]
    [deeper] = [g for g in gaps if g.gap_id == gap.gap_id]
    assert (deeper.starts_at, deeper.ends_at, deeper.required, deeper.actual) == (vn(8), vn(9), 2, 0)
    assert "req-raised" in deeper.cause_event_ids and "req-set" in deeper.cause_event_ids
    assert (deeper.widened_by_event_ids, deeper.narrowed_by_event_ids) == (("req-raised",), ())

    # The qualification newly missing deepens it too: someone unqualified put on 08:00–09:00.
    stand_in = shift("an", "an", vn(8), vn(9), qualified=False)
    gaps, _ = settle(gaps, [DANH, BINH, CUONG, stand_in], seq=3, event="pub-an", window=(vn(8), vn(9)), minimum=2)
    [deeper] = [g for g in gaps if g.gap_id == gap.gap_id]
    assert deeper.missing_qualification and deeper.actual == 0
    assert deeper.widened_by_event_ids == ("req-raised", "pub-an") and "pub-an" in deeper.cause_event_ids


def test_a_change_that_narrows_a_gap_in_place_is_named_as_narrowing_it_and_is_no_cause() -> None:
    gap = opened()
    cancelled = replace(BINH, status="cancelled", status_event_id="cancel-binh", last_event_id="cancel-binh")
    gaps, _ = settle([gap], [DANH, cancelled, CUONG], seq=2, event="cancel-binh", window=(vn(9), vn(10)))
    [wide] = gaps
    # Giang put on 09:30–10:00: the gap (same start) ends at 09:30 — narrowed, its causes as they were.
    giang = shift("giang", "giang", vn(9, 30), vn(10))
    gaps, changes = settle(gaps, [DANH, cancelled, CUONG, giang], seq=3, event="pub-giang", window=(vn(9, 30), vn(10)))
    [(kind, narrower)] = [(c.kind, c.gap) for c in changes]
    assert kind == "updated" and narrower.gap_id == gap.gap_id
    assert (narrower.starts_at, narrower.ends_at, narrower.version) == (vn(8), vn(9, 30), 3)
    assert narrower.cause_event_ids == wide.cause_event_ids  # Giang's shift is no cause of what stays short
    assert "pub-giang" not in narrower.cause_event_ids and "plan-giang" not in narrower.cause_event_ids
    assert narrower.narrowed_by_event_ids == ("pub-giang",)
    assert narrower.widened_by_event_ids == ("cancel-binh",) and opened_as(narrower) == "opened"


def test_a_change_that_makes_a_gap_shallower_in_place_is_named_as_narrowing_it() -> None:
    # Two required, nobody planned: 06:30–12:00 short of two. Hà put on all of it leaves it short of one.
    [deep], _ = settle([], [], seq=1, event="req-set", minimum=2)
    assert (deep.starts_at, deep.ends_at, deep.required - deep.actual) == (vn(6, 30), vn(12), 2)
    ha = shift("ha", "ha", vn(6, 30), vn(12))
    gaps, changes = settle([deep], [ha], seq=2, event="pub-ha", window=(vn(6, 30), vn(12)), minimum=2)
    [shallower] = gaps
    assert [c.kind for c in changes] == ["updated"] and shallower.gap_id == deep.gap_id
    assert (shallower.starts_at, shallower.ends_at, shallower.required - shallower.actual) == (vn(6, 30), vn(12), 1)
    assert shallower.cause_event_ids == deep.cause_event_ids == ("req-set",)
    assert (shallower.narrowed_by_event_ids, shallower.widened_by_event_ids) == (("pub-ha",), ())

    # Covered at last: closed by the shift that filled it; what narrowed it before is still told.
    kim = shift("kim", "kim", vn(6, 30), vn(12))
    gaps, _ = settle(gaps, [ha, kim], seq=3, event="pub-kim", window=(vn(6, 30), vn(12)), minimum=2)
    [closed] = gaps
    assert closed.status == "closed" and closed.closed_by_event_ids == ("pub-kim",)
    assert closed.narrowed_by_event_ids == ("pub-ha",)

    # Kim's shift cancelled: the gap comes back at its start, re-opened under its old id, its history anew.
    off = replace(kim, status="cancelled", status_event_id="cancel-kim", last_event_id="cancel-kim")
    gaps, changes = settle(gaps, [ha, off], seq=4, event="cancel-kim", window=(vn(6, 30), vn(12)), minimum=2)
    [back] = gaps
    assert [c.kind for c in changes] == ["reopened"] and back.gap_id == deep.gap_id and back.status == "open"
    assert (back.narrowed_by_event_ids, back.widened_by_event_ids) == ((), ())
    assert "cancel-kim" in back.cause_event_ids


def test_a_recompute_that_changes_nothing_writes_nothing() -> None:
    gap = opened()
    cancelled = replace(BINH, status="cancelled", status_event_id="cancel-binh", last_event_id="cancel-binh")
    gaps, _ = settle([gap], [DANH, cancelled, CUONG], seq=2, event="cancel-binh", window=(vn(9), vn(10)))
    # The same roster again (a rebuild's replay, another key's change): no change, nothing to write.
    again, changes = settle(gaps, [DANH, cancelled, CUONG], seq=3, event="elsewhere")
    assert changes == [] and again == gaps
    # A swap on Danh's shift, which ends where the gap starts: the gap is as it was, and no cause moves.
    swapped = replace(DANH, assignees=(OnShift("thu", "thu", True, "swap-danh"),), last_event_id="swap-danh")
    again, changes = settle(gaps, [swapped, cancelled, CUONG], seq=4, event="swap-danh", window=(vn(6, 30), vn(8)))
    assert changes == [] and again == gaps


def test_a_remainder_widened_in_place_keeps_its_inherited_causes_and_stays_a_remainder() -> None:
    # Nobody on duty: 06:30–12:00 is short, opened by the requirement.
    [whole], _ = settle([], [], seq=1, event="req-set")
    # Danh put on 06:30–08:00 (planned, then published): what stays short, 08:00–12:00, is the remainder of
    # the morning's gap, opened by Danh's publication as narrowing it, with the requirement as its cause.
    gaps, _ = settle([whole], [DANH], seq=2, event="pub-danh", window=(vn(6, 30), vn(8)))
    [rest] = [g for g in gaps if g.status == "open"]
    assert (rest.starts_at, rest.ends_at, rest.cause_event_ids) == (vn(8), vn(12), ("req-set",))
    assert opened_as(rest) == "narrowed"
    # Cường on 10:00–12:00 narrows it in place to 08:00–10:00; then his shift is cancelled, which widens it
    # in place again. Danh's shift still ends where it starts, but only lessened the gap: the remainder keeps
    # the requirement and takes the cancel, and is still told as Danh's narrowing of the morning's gap.
    gaps, _ = settle(gaps, [DANH, CUONG], seq=3, event="pub-cuong", window=(vn(10), vn(12)))
    [rest] = [g for g in gaps if g.status == "open"]
    assert (rest.ends_at, rest.narrowed_by_event_ids) == (vn(10), ("pub-cuong",))
    off = replace(CUONG, status="cancelled", status_event_id="cancel-cuong", last_event_id="cancel-cuong")
    gaps, changes = settle(gaps, [DANH, off], seq=4, event="cancel-cuong", window=(vn(10), vn(12)))
    [(kind, wider)] = [(c.kind, c.gap) for c in changes]
    assert kind == "updated" and (wider.starts_at, wider.ends_at, wider.version) == (vn(8), vn(12), rest.version + 1)
    assert wider.cause_event_ids == ("cancel-cuong", "req-set")
    assert wider.widened_by_event_ids == ("cancel-cuong",) and wider.narrowed_by_event_ids == ("pub-cuong",)
    assert opened_as(wider) == "narrowed" and wider.opened_by_event_id == "pub-danh"


def test_in_a_batch_only_the_changes_that_reach_what_a_gap_gained_or_lost_are_named() -> None:
    gap = opened()
    # One batch: Bình's shift cancelled (09:00–10:00) and a swap on Danh's (06:30–08:00, which ends where the gap
    # starts). The gap grows to 10:00 by the cancel alone: the swap reaches the gap's start, not what it gained.
    cancelled = replace(BINH, status="cancelled", status_event_id="cancel-binh", last_event_id="cancel-binh")
    swapped = replace(DANH, assignees=(OnShift("thu", "thu", True, "swap-danh"),), last_event_id="swap-danh")
    batch = [Touch("cancel-binh", (vn(9), vn(10))), Touch("swap-danh", (vn(6, 30), vn(8)))]
    [wider], _ = settle([gap], [swapped, cancelled, CUONG], seq=2, event="swap-danh", touches=batch)
    assert (wider.starts_at, wider.ends_at) == (vn(8), vn(10))
    assert wider.widened_by_event_ids == ("cancel-binh",)
    # Giang put on 09:30–10:00 with another swap on Danh's shift: the gap ends at 09:30, narrowed by Giang alone.
    giang = shift("giang", "giang", vn(9, 30), vn(10))
    again = replace(swapped, assignees=(OnShift("danh", "danh", True, "swap-back"),), last_event_id="swap-back")
    batch = [Touch("pub-giang", (vn(9, 30), vn(10))), Touch("swap-back", (vn(6, 30), vn(8)))]
    [narrower], _ = settle([wider], [again, cancelled, CUONG, giang], seq=3, event="swap-back", touches=batch)
    assert (narrower.ends_at, narrower.narrowed_by_event_ids) == (vn(9, 30), ("pub-giang",))
    assert narrower.widened_by_event_ids == ("cancel-binh",)
