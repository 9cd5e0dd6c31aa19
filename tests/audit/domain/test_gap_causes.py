"""A change that fills part of a gap narrows it: it is never the cause of what stays short (QA round 3).

The story, on one key through the real engine: a requirement 06:30–12:00 with nobody planned opens a gap
06:30–12:00 (its cause: the requirement). A shift 09:00–10:30 is planned (a draft: it does not count), then
published: 09:00–10:30 is covered and 06:30–09:00 and 10:30–12:00 stay short. The engine names a shift that
ends where a gap starts (or starts where it ends) among its causes — right for a person who left, wrong for
one whose shift only covered the middle of a hole that was already there."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from gap_story import KEY, settle, vn

from audit.domain.live import gap_id, opened_as, remaining, still_short, successors
from audit.domain.model import OnShift, Shift


def shift(starts: datetime, ends: datetime, status: str, *, interval: str, status_event: str) -> Shift:
    danh = OnShift("danh", "Trương Công Danh", True, interval)
    return Shift(
        "s1", "camp", "vnpt", "tan-an", "operations", starts, ends, status, (danh,), 1, 1, status_event, interval,
        status_event,
    )  # fmt: skip


def test_publishing_a_shift_in_the_middle_of_a_gap_narrows_it_and_causes_nothing_that_stays_short() -> None:
    gaps, _ = settle([], [], seq=1, event="requirement-set")
    [whole] = gaps
    assert (whole.starts_at, whole.ends_at) == (vn(6, 30), vn(12))
    assert whole.cause_event_ids == ("requirement-set",) and opened_as(whole) == "opened"

    draft = shift(vn(9), vn(10, 30), "draft", interval="planned", status_event="planned")
    gaps, changes = settle(gaps, [draft], seq=2, event="planned", window=(vn(9), vn(10, 30)))
    assert changes == [] and gaps == [whole]  # a draft counts for nobody

    published = replace(draft, status="published", status_event_id="published", last_event_id="published")
    gaps, changes = settle(gaps, [published], seq=3, event="published", window=(vn(9), vn(10, 30)))
    assert [(g.starts_at, g.ends_at, g.status) for g in gaps] == [
        (vn(6, 30), vn(9), "open"),
        (vn(10, 30), vn(12), "open"),
    ]
    morning, rest = gaps
    # Both parts still short keep the cause of the hole they are what is left of: the requirement.
    assert morning.cause_event_ids == ("requirement-set",), morning.cause_event_ids
    assert rest.cause_event_ids == ("requirement-set",), rest.cause_event_ids
    # The rest's record was opened by the publish, which narrowed the hole: told so, never as what opened it.
    assert rest.opened_by_event_id == "published" and opened_as(rest) == "narrowed"
    assert morning.opened_by_event_id == "requirement-set" and opened_as(morning) == "opened"


def test_a_hole_made_deeper_or_wider_still_names_the_change_that_did_it() -> None:
    """The same shift published, then cancelled: 06:30–12:00 is short again — the cancel reopens the
    middle, and the gap at 06:30 grows back over it (updated in place: its causes are its own, the
    engine's and the cancel that widened it). A gap opened anew by a cancel names it; one made by a later
    start names that shift."""
    gaps, _ = settle([], [], seq=1, event="requirement-set")
    published = shift(vn(9), vn(10, 30), "published", interval="planned", status_event="published")
    gaps, _ = settle(gaps, [published], seq=2, event="published", window=(vn(9), vn(10, 30)))
    cancelled = replace(published, status="cancelled", status_event_id="cancelled", last_event_id="cancelled")
    gaps, changes = settle(gaps, [cancelled], seq=3, event="cancelled", window=(vn(9), vn(10, 30)))
    assert [(c.kind, c.gap.starts_at) for c in changes] == [("closed", vn(10, 30)), ("updated", vn(6, 30))]
    [whole] = [g for g in gaps if g.status == "open"]
    assert (whole.starts_at, whole.ends_at) == (vn(6, 30), vn(12))
    assert whole.cause_event_ids == ("cancelled", "requirement-set") and opened_as(whole) == "opened"
    assert (whole.widened_by_event_ids, whole.narrowed_by_event_ids) == (("cancelled",), ("published",))

    # Nobody there at all, then a shift 06:30–09:00 moved to 07:00: 06:30–07:00 is a new hole, and the
    # late start is its cause (the engine's rule), with the move that revealed it.
    early = shift(vn(6, 30), vn(12), "published", interval="planned", status_event="published")
    gaps, _ = settle([], [early], seq=1, event="published")
    assert gaps == []
    late = replace(early, starts_at=vn(7), interval_event_id="moved", last_event_id="moved")
    gaps, _ = settle(gaps, [late], seq=2, event="moved", window=(vn(6, 30), vn(12)))
    [new] = gaps
    assert (new.starts_at, new.ends_at) == (vn(6, 30), vn(7))
    assert "moved" in new.cause_event_ids and opened_as(new) == "opened"


def test_a_hole_narrowed_twice_reads_the_same_from_every_part_of_it() -> None:
    """06:30–12:00; 06:30–09:00 covered (the gap closes, 09:00–12:00 opens); then 09:00–10:30 covered
    (09:00–12:00 closes, 10:30–12:00 opens). What stands for the first gap now is 10:30–12:00, still
    short — not "the rest was filled later"; only a part actually covered later reads as filled."""
    gaps, _ = settle([], [], seq=1, event="requirement-set")
    first = shift(vn(6, 30), vn(9), "published", interval="p1", status_event="pub1")
    gaps, _ = settle(gaps, [first], seq=2, event="pub1", window=(vn(6, 30), vn(9)))
    second = replace(shift(vn(9), vn(10, 30), "published", interval="p2", status_event="pub2"), shift_id="s2")
    gaps, _ = settle(gaps, [first, second], seq=3, event="pub2", window=(vn(9), vn(10, 30)))
    whole, middle, rest = gaps
    assert [(g.starts_at, g.status) for g in gaps] == [(vn(6, 30), "closed"), (vn(9), "closed"), (vn(10, 30), "open")]
    assert successors(whole, gaps) == (middle,) and successors(middle, gaps) == (rest,)
    assert remaining(whole, gaps) == (rest,) and remaining(middle, gaps) == (rest,)
    assert still_short(whole, remaining(whole, gaps)) == ((vn(10, 30), vn(12)),)
    assert middle.cause_event_ids == rest.cause_event_ids == ("requirement-set",)
    assert (opened_as(middle), opened_as(rest)) == ("narrowed", "narrowed")
    assert gap_id(KEY, vn(10, 30)) == rest.gap_id

    # 10:30–12:00 covered in turn: the whole hole is filled, and every part of it says so.
    third = replace(shift(vn(10, 30), vn(12), "published", interval="p3", status_event="pub3"), shift_id="s3")
    gaps, _ = settle(gaps, [first, second, third], seq=4, event="pub3", window=(vn(10, 30), vn(12)))
    whole, middle, rest = gaps
    assert rest.status == "closed" and remaining(whole, gaps) == (rest,) and still_short(whole, (rest,)) == ()


def test_a_replacement_on_duty_from_the_gaps_end_is_no_cause_of_it() -> None:
    """QZ14 #6: nobody came to the 06:30 shift; at 09:02 a replacement takes it over from 09:05 (one batch: the new
    shift's publication, then the old one's cancellation). The gap 06:30–09:05 is the cancellation's alone: it opened
    it; the publication, whose shift begins at the gap's end, neither opened it nor is among its causes."""
    from audit.domain.live import Touch

    gaps, _ = settle([], [], seq=1, event="requirement-set")
    absent = shift(vn(6, 30), vn(12), "published", interval="planned", status_event="published")
    gaps, _ = settle(gaps, [absent], seq=2, event="published", window=(vn(6, 30), vn(12)))
    assert [g.status for g in gaps] == ["closed"]
    taker = replace(absent, shift_id="s2", starts_at=vn(9, 5), status_event_id="taker", last_event_id="taker")
    touches = [Touch("taker", (vn(9, 5), vn(12))), Touch("cancelled", (vn(6, 30), vn(12)))]
    gaps, _ = settle(gaps, [taker], seq=3, event="cancelled", touches=touches)
    [gap] = [g for g in gaps if g.status == "open"]
    assert (gap.starts_at, gap.ends_at) == (vn(6, 30), vn(9, 5))
    assert gap.cause_event_ids == ("cancelled",), gap.cause_event_ids
    assert gap.opened_by_event_id == "cancelled" and opened_as(gap) == "opened"
