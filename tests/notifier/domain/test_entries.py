"""Which feed entries a shift change writes, and the SEQUENCE rules (pure)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from lichtruc.events import Assignee, ShiftSnapshot
from notifier.domain.entries import (
    Entry,
    Handover,
    entry_key,
    reconcile_entries,
    reference_change_is_visible,
    takers_named,
)

START = datetime(2027, 2, 5, 15, tzinfo=UTC)
T0 = datetime(2027, 1, 20, tzinfo=UTC)
KEEP = timedelta(days=30)
A, B, C = (Assignee(staff_id=uuid.uuid4(), full_name=n) for n in ("Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Phúc"))

SHIFT_ID = uuid.UUID(int=1)


def snapshot(
    version: int,
    *,
    status: str = "published",
    people=(A, B),
    start: datetime = START,
    notes: str | None = None,
    shift_id: uuid.UUID = SHIFT_ID,
) -> ShiftSnapshot:
    return ShiftSnapshot(
        shift_id=shift_id,
        enterprise_id=uuid.UUID(int=2),
        duty_type="leadership",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        assignees=tuple(people),
        status=status,
        notes=notes,
        version=version,
    )


def apply(shift: ShiftSnapshot, state: dict[str, Entry], at: datetime) -> list[Entry]:
    changes = reconcile_entries(shift, state, changed_at=at, retention=KEEP)
    for e in changes:
        state[e.key] = e
    return changes


def seq(state: dict[str, Entry]) -> dict[str, tuple[str, int]]:
    return {k: (e.status, e.sequence) for k, e in state.items()}


def key(person: Assignee | None) -> str:
    return entry_key(uuid.UUID(int=1), person.staff_id if person else None)


def test_drafts_make_no_entries_and_publishing_makes_one_per_person_and_one_for_the_shift() -> None:
    state: dict[str, Entry] = {}
    assert apply(snapshot(1, status="draft"), state, T0) == []
    apply(snapshot(2), state, T0)
    assert seq(state) == {key(None): ("confirmed", 0), key(A): ("confirmed", 0), key(B): ("confirmed", 0)}
    assert state[key(A)].people == ("Trần Văn Bình",)
    assert state[key(None)].people == ("Nguyễn Thị Ánh Tuyết", "Trần Văn Bình")


def test_only_visible_changes_raise_the_sequence_and_the_change_time() -> None:
    state: dict[str, Entry] = {}
    apply(snapshot(2), state, T0)
    assert apply(snapshot(3, status="checked_in"), state, T0 + timedelta(hours=1)) == []
    assert apply(snapshot(4, status="completed"), state, T0 + timedelta(hours=2)) == []
    changed = apply(snapshot(5, notes="Mang đèn pin"), state, T0 + timedelta(hours=3))
    assert {e.key for e in changed} == {key(None), key(A), key(B)}
    assert all(e.sequence == 1 and e.changed_at == T0 + timedelta(hours=3) for e in changed)


def test_reassignment_cancels_the_person_taken_off_and_updates_the_others() -> None:
    state: dict[str, Entry] = {}
    apply(snapshot(2), state, T0)
    apply(snapshot(3, people=(A, C)), state, T0 + timedelta(hours=1))
    assert seq(state) == {
        key(None): ("confirmed", 1),
        key(A): ("confirmed", 1),
        key(B): ("cancelled", 1),
        key(C): ("confirmed", 0),
    }
    assert state[key(B)].retain_until == START + timedelta(hours=8) + KEEP
    # Later edits of a shift B is no longer on do not reach B's feed…
    apply(snapshot(4, people=(A, C), start=START + timedelta(hours=1)), state, T0 + timedelta(hours=2))
    assert seq(state)[key(B)] == ("cancelled", 1)
    assert state[key(B)].starts_at == START
    # …until B is put back.
    apply(snapshot(5, people=(A, B), start=START + timedelta(hours=1)), state, T0 + timedelta(hours=3))
    assert seq(state)[key(B)] == ("confirmed", 2) and state[key(B)].retain_until is None
    assert seq(state)[key(C)] == ("cancelled", 2)  # 1 when the shift moved, 2 when C was taken off


def test_cancelling_cancels_every_entry_once() -> None:
    state: dict[str, Entry] = {}
    apply(snapshot(2), state, T0)
    apply(snapshot(3, people=(A,)), state, T0)
    apply(snapshot(4, status="cancelled", people=(A,)), state, T0 + timedelta(days=1))
    assert seq(state) == {key(None): ("cancelled", 2), key(A): ("cancelled", 2), key(B): ("cancelled", 1)}
    assert apply(snapshot(5, status="cancelled", people=(A,)), state, T0 + timedelta(days=2)) == []


def test_a_cancellation_carries_its_reason_to_every_entry() -> None:
    state: dict[str, Entry] = {}
    apply(snapshot(2), state, T0)
    changes = reconcile_entries(
        snapshot(3, status="cancelled"), state, changed_at=T0, retention=KEEP, reason="Trùng lịch ứng cứu"
    )
    assert {(e.key, e.status, e.cancel_reason) for e in changes} == {
        (key(None), "cancelled", "Trùng lịch ứng cứu"),
        (key(A), "cancelled", "Trùng lịch ứng cứu"),
        (key(B), "cancelled", "Trùng lịch ứng cứu"),
    }


def test_a_person_taken_off_a_shift_that_goes_on_sees_who_took_it_over() -> None:
    state: dict[str, Entry] = {}
    apply(snapshot(2), state, T0)
    apply(snapshot(3, people=(A, C)), state, T0 + timedelta(hours=1))  # B hands over to C (a swap)
    assert (state[key(B)].status, state[key(B)].handed_to) == ("cancelled", ("Lê Phúc",))
    assert state[key(A)].handed_to == () and state[key(None)].handed_to == ()
    # Taken off without anyone new (the shift goes on with fewer people): no hand-over to name.
    apply(snapshot(4, people=(C,)), state, T0 + timedelta(hours=2))
    assert (state[key(A)].status, state[key(A)].handed_to) == ("cancelled", ())
    # A cancelled shift hands over to nobody.
    apply(snapshot(5, people=(C, B)), state, T0 + timedelta(hours=3))
    apply(snapshot(6, status="cancelled", people=(C, B)), state, T0 + timedelta(hours=4))
    assert all(e.handed_to == () for k, e in state.items() if k != key(A))


def test_a_shift_cancelled_before_anyone_saw_it_makes_no_entry() -> None:
    state: dict[str, Entry] = {}
    assert apply(snapshot(2, status="cancelled"), state, T0) == []


def test_reference_data_changes() -> None:
    assert reference_change_is_visible(None, ("VNPT Long An", None))
    assert not reference_change_is_visible(("VNPT Long An", "0272"), ("VNPT Long An", "0272"))
    assert reference_change_is_visible(("VNPT Long An", "0272"), ("VNPT Long An", "0273"))


def test_a_handover_is_said_once_kept_by_later_changes_and_entries_from_before_it_say_nothing_new() -> None:
    """QZ22 #12c: the handover's event gives what the entries say of it (`Handover`); the shift's later changes
    keep it, a person put on later too; entries stored before the migration (no handover) stay as they were."""
    state: dict[str, Entry] = {}
    said = Handover("took", ("Hồ Văn Dũng",), START, "Ốm đột xuất")
    first = reconcile_entries(snapshot(2), state, changed_at=T0, retention=KEEP, handover=said)
    assert {e.said_handover for e in first} == {said}
    state.update({e.key: e for e in first})
    later = apply(snapshot(3, people=(A, B, C)), state, T0 + timedelta(hours=1))  # Lê Phúc put on
    assert {e.key for e in later} == {key(None), key(A), key(B), key(C)}  # their colleagues changed, not the handover
    assert {e.said_handover for e in state.values()} == {said}
    assert apply(snapshot(4, people=(A, B, C)), state, T0 + timedelta(hours=2)) == []  # nothing seen changed

    before: dict[str, Entry] = {}
    apply(snapshot(2), before, T0)  # as stored before 0016: nothing of a handover
    assert apply(snapshot(3, notes="Mang theo bộ đàm"), before, T0 + timedelta(hours=1))
    assert all(e.said_handover is None and e.handover_people == () for e in before.values())


def test_a_relieved_shifts_entries_told_before_its_taker_name_the_takers_once_the_taker_is_shown() -> None:
    """J1: the relieved shift's event applied first wrote its handover with no names ("Đã giao phần còn lại của ca
    từ …"); the taker's shown version names them, from its start, a visible change — and only where none was named,
    never from a draft, nothing twice."""
    state: dict[str, Entry] = {}
    apply(snapshot(1), state, T0)
    moment = START + timedelta(hours=2)
    ended = snapshot(2).model_copy(update={"ends_at": moment})
    unnamed = Handover("gave", (), moment, "Ốm đột xuất")
    for e in reconcile_entries(ended, state, changed_at=T0, retention=KEEP, handover=unnamed):
        state[e.key] = e
    assert {(e.handover, e.handover_people, e.sequence) for e in state.values()} == {("gave", (), 1)}
    rest = snapshot(1, people=(C,), start=moment, shift_id=uuid.UUID(int=9)).model_copy(
        update={"continues_shift_id": SHIFT_ID}
    )
    later = T0 + timedelta(minutes=5)
    assert takers_named(state, rest.model_copy(update={"status": "draft"}), changed_at=later) == []
    named = takers_named(state, rest, changed_at=later)
    assert sorted(e.key for e in named) == sorted(state)
    for e in named:
        assert (e.handover, e.handover_people, e.handover_at, e.handover_reason) == (
            "gave",
            ("Lê Phúc",),
            moment,
            "Ốm đột xuất",
        )
        assert (e.sequence, e.changed_at) == (2, later)
        state[e.key] = e
    assert takers_named(state, rest, changed_at=later) == []  # named already: nothing twice
    other = {k: replace(v, handover=None, handover_people=()) for k, v in state.items()}
    assert takers_named(other, rest, changed_at=later) == []  # no handover said: not theirs to name
