"""QZ26 #14: at 22:30 on giao thừa night every qualified person a manager could hand a no-show's night shift to was
warned of too many night shifts. Why, with the demo's own roster (devstack.demo.roster): its operators work 06:00–18:00
and 18:00–06:00 in a three-person rotation, a night every third day — three nights in every seven days, the rule's
limit (ROSTER_NIGHT_SHIFT_LIMIT 3 in ROSTER_NIGHT_SHIFT_PERIOD_DAYS 7) — so one more night is a fourth. The rule counts
right: not the handed-over shift twice, not the no-show's shift against the taker, not the whole campaign's nights."""

from __future__ import annotations

import uuid
from datetime import timedelta

from devstack import demo
from roster.domain.candidacy import candidacies
from roster.domain.shifts import Booking, RuleLimits, ShiftDraft, StaffFacts, is_night_shift, soft_warnings

VNPT = demo.ENTERPRISES[0]
OPERATORS = VNPT.operators  # Ánh, Thành, Linh, Bảo (Bảo: the giao thừa reinforcement)
HANDOVER = demo.GIAO_THUA[0] + timedelta(hours=4, minutes=30)  # 22:30 on giao thừa


def _roster() -> tuple[dict[str, uuid.UUID], list[Booking], uuid.UUID]:
    """The demo's VNPT shifts as the rules read them, each person by id; and giao thừa's operations night shift."""
    ids: dict[str, uuid.UUID] = {}
    bookings, night = [], None
    for duty, starts_at, ends_at, people, _site, _covers, notes in demo.roster(VNPT):
        shift_id = uuid.uuid4()
        for p in people:
            bookings.append(Booking(shift_id, ids.setdefault(p, uuid.uuid4()), starts_at, ends_at, duty))
        if duty == "operations" and starts_at == demo.GIAO_THUA[0] and notes is None:
            night = shift_id
    assert night is not None
    return ids, bookings, night


def _judged(staff_ids: tuple[uuid.UUID, ...], bookings: list[Booking], ids: dict[str, uuid.UUID]) -> dict:
    enterprise = uuid.uuid4()
    staff = {i: StaffFacts(i, enterprise, n, frozenset({"operator"}), True) for n, i in ids.items()}
    rest = ShiftDraft(enterprise, "operations", HANDOVER, demo.GIAO_THUA[1], staff_ids)
    found = candidacies(rest, staff, bookings, shift_id=None, limits=RuleLimits(), status="published")
    return {c.full_name: c for c in found}


def test_the_demos_rotation_gives_each_operator_the_limits_three_nights_in_any_seven_days() -> None:
    ids, bookings, _ = _roster()
    for name in OPERATORS[:3]:
        nights = sorted(
            b.starts_at for b in bookings if b.staff_id == ids[name] and is_night_shift(b.starts_at, b.ends_at)
        )
        most = max(sum(1 for t in nights if a <= t < a + timedelta(days=7)) for a in nights)
        assert most == RuleLimits().night_shift_limit == 3, name


def test_taking_over_giao_thuas_night_is_a_fourth_night_for_every_operator_free_at_the_time() -> None:
    ids, bookings, night = _roster()
    no_show = next(b.staff_id for b in bookings if b.shift_id == night)  # Huỳnh Thị Mỹ Linh
    # the nobody-came handover: her shift cancelled, its booking released before the taker is judged
    left = [b for b in bookings if b.shift_id != night]
    takers = tuple(ids[n] for n in OPERATORS if ids[n] != no_show)
    judged = _judged(takers, left, ids)
    for name in ("Phạm Thị Ngọc Ánh", "Võ Văn Thành"):
        [nights] = [w for w in judged[name].warnings if w.rule == "night-shifts"]
        assert nights.context == {"night_shifts": 4}  # 3 of the rotation in the week around, and this one
    # and each also has a short rest: Ánh worked until 18:00, Thành starts again at 06:00
    assert {w.rule for w in judged["Phạm Thị Ngọc Ánh"].warnings} == {"min-rest", "night-shifts"}
    assert {w.rule for w in judged["Võ Văn Thành"].warnings} == {"min-rest", "night-shifts"}
    assert judged["Đặng Quốc Bảo"].busy  # on the giao thừa reinforcement already: a double booking


def test_the_no_shows_own_shift_and_the_handed_over_rest_are_not_counted_against_the_taker() -> None:
    ids, bookings, night = _roster()
    thanh = ids["Võ Văn Thành"]
    left = [b for b in bookings if b.shift_id != night]
    # the rest booked for the taker as the handover writes it does not count twice when judged as this shift
    rest_id = uuid.uuid4()
    taken = [*left, Booking(rest_id, thanh, HANDOVER, demo.GIAO_THUA[1], "operations")]
    draft = ShiftDraft(uuid.uuid4(), "operations", HANDOVER, demo.GIAO_THUA[1], (thanh,))
    warned = soft_warnings(draft, taken, shift_id=rest_id, names={}, limits=RuleLimits(), status="published")
    assert [w.context for w in warned if w.rule == "night-shifts"] == [{"night_shifts": 4}]
    # the no-show's cancelled shift still booked (a partial handover keeps it to the moment): not the taker's
    kept = [*left, *(b for b in bookings if b.shift_id == night)]
    assert (
        _judged((thanh,), kept, ids)["Võ Văn Thành"].warnings == _judged((thanh,), left, ids)["Võ Văn Thành"].warnings
    )


def test_a_night_shift_of_someone_off_that_week_breaks_nothing() -> None:
    """The fourth operator, Bảo, works giao thừa's reinforcement only: had he been free, he would be offered free."""
    ids, bookings, night = _roster()
    bao = ids["Đặng Quốc Bảo"]
    left = [b for b in bookings if b.shift_id != night and b.staff_id != bao]
    assert _judged((bao,), left, ids)["Đặng Quốc Bảo"].free
