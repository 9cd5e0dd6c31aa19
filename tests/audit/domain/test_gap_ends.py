"""What ends an open gap's window (`live.gap_end`, QZ29 #1): a gap ended by a hand-over read "ended at 10:05, nobody
was added" on its page beside its own cause "Lê Hữu Nghĩa took over from 10:05". One key through the real engine
(`gap_story`: operations duty 06:30–12:00 on 06/02/2027 at Tổng đài Host Tân An), each way a gap can end."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from gap_story import settle, vn

from audit.domain.live import GapEnd, GapRecord, closed_as, gap_end, rest_ends
from audit.domain.model import OnShift, Shift


def shift(shift_id: str, who: str, starts: datetime, ends: datetime, *, event: str = "", **more: Any) -> Shift:
    """A published shift whose times, status and person come from `event` (default `plan-<id>`)."""
    said = event or f"plan-{shift_id}"
    person = OnShift(who, who, True, said)
    return replace(
        Shift(shift_id, "camp", "vnpt", "tan-an", "operations", starts, ends, "published", (person,), 1, 1, said,
              said, said),
        **more,
    )  # fmt: skip


def only_gap(gaps: list[GapRecord]) -> GapRecord:
    [gap] = [g for g in gaps if g.status == "open"]
    return gap


def test_a_gap_ended_by_a_hand_over_says_who_took_over_not_that_nobody_was_added() -> None:
    phuong = shift("phuong", "Hồ Thị Mai Phương", vn(6, 30), vn(12))
    gaps, _ = settle([], [phuong], seq=1, event="req-set")
    assert gaps == []
    # Phương did not come: her shift handed over from 09:05 to Nghĩa, in one change that opens 06:30–09:05.
    absent = replace(phuong, status="cancelled", status_event_id="handover")
    nghia = shift("nghia", "Lê Hữu Nghĩa", vn(9, 5), vn(12), event="handover", continues_shift_id="phuong")
    gaps, _ = settle(gaps, [absent, nghia], seq=2, event="handover")
    gap = only_gap(gaps)
    assert (gap.starts_at, gap.ends_at) == (vn(6, 30), vn(9, 5)) and "handover" in gap.cause_event_ids
    assert gap_end(gap, [absent, nghia]) == GapEnd("taken_over", ("Lê Hữu Nghĩa",))


def test_a_gap_cut_short_by_a_shift_added_for_it_says_it_was_filled_from_then() -> None:
    gaps, _ = settle([], [], seq=1, event="req-set")
    binh = shift("binh", "Nguyễn Văn Bình", vn(10), vn(12))
    gaps, _ = settle(gaps, [binh], seq=2, event="plan-binh", window=(vn(10), vn(12)))
    gap = only_gap(gaps)
    assert (gap.starts_at, gap.ends_at, gap.narrowed_by_event_ids) == (vn(6, 30), vn(10), ("plan-binh",))
    assert gap_end(gap, [binh]) == GapEnd("filled", ("Nguyễn Văn Bình",))


def test_a_gap_until_a_shift_planned_before_it_says_the_next_shift_began_and_nobody_was_added() -> None:
    danh = shift("danh", "Trương Công Danh", vn(6, 30), vn(8))
    cuong = shift("cuong", "Lê Văn Cường", vn(10), vn(12))
    gaps, _ = settle([], [danh, cuong], seq=1, event="req-set")
    gap = only_gap(gaps)
    assert (gap.starts_at, gap.ends_at) == (vn(8), vn(10))
    assert gap_end(gap, [danh, cuong]) == GapEnd("next_shift", ("Lê Văn Cường",))


def test_a_gap_until_its_window_ends_names_nobody_and_other_posts_shifts_do_not_count() -> None:
    danh = shift("danh", "Trương Công Danh", vn(6, 30), vn(10))
    elsewhere = shift("x", "Phạm Thị Thu", vn(12), vn(18), duty_type="leadership")  # another duty type, at 12:00
    other_site = shift("y", "Đỗ Minh Khoa", vn(12), vn(18), site_id="ben-luc")
    draft = shift("z", "Võ Văn Út", vn(12), vn(18), status="draft")  # not published: counts for nobody
    gaps, _ = settle([], [danh], seq=1, event="req-set")
    gap = only_gap(gaps)
    assert (gap.starts_at, gap.ends_at) == (vn(10), vn(12))
    # the 12:00 shifts begin at its end, but none of them on its post: the requirement's window ended
    assert gap_end(gap, [danh, elsewhere, other_site, draft]) == GapEnd("window_end")


def test_a_closed_gap_has_no_end_to_tell_its_closing_says_how() -> None:
    gaps, _ = settle([], [], seq=1, event="req-set")
    danh = shift("danh", "Trương Công Danh", vn(6, 30), vn(12))
    gaps, _ = settle(gaps, [danh], seq=2, event="plan-danh", window=(vn(6, 30), vn(12)))
    [closed] = gaps
    assert closed.status == "closed" and gap_end(closed, [danh]) is None


def test_the_rest_of_a_gap_filled_in_part_ends_as_a_whole_gap_does() -> None:
    """QZ29: a gap filled in part whose rest was taken over by a hand-over read "the rest ended uncovered, nobody was
    added". Phương's shift handed to Nghĩa from 09:05 opens 06:30–09:05; Bình added 06:30–07:30 fills it in part —
    the gap closes and its rest 07:30–09:05 opens in its place, which the hand-over ends as it ended the whole gap."""
    phuong = shift("phuong", "Hồ Thị Mai Phương", vn(6, 30), vn(12))
    gaps, _ = settle([], [phuong], seq=1, event="req-set")
    absent = replace(phuong, status="cancelled", status_event_id="handover")
    nghia = shift("nghia", "Lê Hữu Nghĩa", vn(9, 5), vn(12), event="handover", continues_shift_id="phuong")
    gaps, _ = settle(gaps, [absent, nghia], seq=2, event="handover")
    binh = shift("binh", "Nguyễn Văn Bình", vn(6, 30), vn(7, 30))
    gaps, _ = settle(gaps, [absent, nghia, binh], seq=3, event="plan-binh", window=(vn(6, 30), vn(7, 30)))
    first = next(g for g in gaps if g.starts_at == vn(6, 30))
    rest = [g for g in gaps if g.status == "open"]
    assert first.status == "closed" and closed_as(first, rest) == "narrowed"
    assert [(g.starts_at, g.ends_at) for g in rest] == [(vn(7, 30), vn(9, 5))]
    assert rest_ends(rest, [absent, nghia, binh]) == ((rest[0], GapEnd("taken_over", ("Lê Hữu Nghĩa",))),)


def test_each_part_left_says_its_own_end_and_a_filled_part_says_none() -> None:
    """Two parts left of one gap: the first until the next shift planned before it, the second to its window's end;
    a part filled since (closed) has no end to tell."""
    cuong = shift("cuong", "Lê Văn Cường", vn(10), vn(11))
    gaps, _ = settle([], [cuong], seq=1, event="req-set")  # 06:30–10:00 and 11:00–12:00 short
    early, late = sorted((g for g in gaps if g.status == "open"), key=lambda g: g.starts_at)
    assert (early.starts_at, early.ends_at, late.starts_at, late.ends_at) == (vn(6, 30), vn(10), vn(11), vn(12))
    filled = replace(late, status="closed")
    assert rest_ends([late, early, filled], [cuong]) == (
        (early, GapEnd("next_shift", ("Lê Văn Cường",))),
        (late, GapEnd("window_end")),
    )
