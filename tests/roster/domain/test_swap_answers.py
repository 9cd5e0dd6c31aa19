"""The colleague a swap request names answers before the manager decides (QZ26 #12: the manager approved, and the
colleague learnt afterwards that he worked giao thừa night): every step of a waiting request — accepted, declined,
taken, asked again, approved with and without an answer — and withdrawing and lapsing from each of them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.errors import Conflict
from roster.domain.swaps import Swap, SwapShift

STARTS = datetime(2027, 2, 5, 15, tzinfo=UTC)  # 22:00 giao thừa eve in Vietnam
ASKED = STARTS - timedelta(days=2)
LATER = ASKED + timedelta(hours=1)
AN, HOA, DUC = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def asked(*, named: uuid.UUID | None = HOA) -> Swap:
    made = Swap.request(
        shift_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        from_staff_id=AN,
        to_staff_id=named,
        reason="Về quê ăn Tết",
        actor="an.nv",
        now=ASKED,
    )
    return replace(made, about=SwapShift("operations", STARTS, STARTS + timedelta(hours=8)))


def accepted() -> Swap:
    return asked().accept(note="Được, tôi trực thay", who="Phạm Thị Hoa", actor="hoa.pt", now=LATER)


def declined() -> Swap:
    return asked().decline(note="Tối giao thừa tôi về quê", who="Phạm Thị Hoa", actor="hoa.pt", now=LATER)


def taken() -> Swap:
    return asked(named=None).take(taker=DUC, note=None, actor="duc.lv", now=LATER)


def test_a_new_request_waits_for_the_colleague_it_names_or_for_anyone() -> None:
    assert asked().stage == "asking" and asked().answer is None
    assert asked(named=None).stage == "open"


def test_the_colleague_accepts_and_the_request_is_the_managers_to_decide() -> None:
    swap = accepted()
    assert (swap.status, swap.stage, swap.answer, swap.answer_note) == (
        "requested",
        "accepted",
        "accepted",
        "Được, tôi trực thay",
    )
    assert swap.answered_at == LATER and swap.version == 2 and swap.decided_by is None
    approved = swap.approve(taker=HOA, note=None, actor="manager", now=LATER, taker_name="Phạm Thị Hoa")
    assert approved.status == "approved" and approved.to_staff_id == HOA
    assert approved.agreement is None  # the colleague's own yes says it
    assert approved.version == 3


def test_the_colleague_declines_and_no_manager_may_approve_it() -> None:
    swap = declined()
    assert (swap.status, swap.stage, swap.answer_note) == ("requested", "declined", "Tối giao thừa tôi về quê")
    with pytest.raises(Conflict) as refused:
        swap.approve(taker=HOA, note=None, actor="manager", now=LATER, agreement="gọi điện", taker_name="Phạm Thị Hoa")
    said = refused.value.first
    assert said.rule == "swap-declined"
    assert said.message_vi.startswith("Phạm Thị Hoa đã từ chối nhận ca: Tối giao thừa tôi về quê")
    assert "Phạm Thị Hoa declined this request: Tối giao thừa tôi về quê" in said.message
    assert swap.reject(note="Đã trả về", actor="manager", now=LATER).status == "rejected"  # rejecting stays possible


def test_an_answer_is_given_once() -> None:
    for swap in (accepted(), declined()):
        with pytest.raises(Conflict) as again:
            swap.accept(note=None, who="Phạm Thị Hoa", actor="hoa.pt", now=LATER)
        assert again.value.first.rule == "swap-answered"
        assert again.value.first.message_vi.startswith("Phạm Thị Hoa đã")


def test_declined_goes_back_to_the_asker_who_names_someone_else() -> None:
    again = declined().name_colleague(to_staff_id=DUC, actor="an.nv", now=LATER + timedelta(hours=1))
    assert (again.to_staff_id, again.stage, again.answer, again.answer_note, again.answered_at) == (
        DUC,
        "asking",
        None,
        None,
        None,
    )
    assert again.version == 3 and again.status == "requested"
    assert declined().name_colleague(to_staff_id=None, actor="an.nv", now=LATER).stage == "open"
    with pytest.raises(Conflict) as after_yes:
        accepted().name_colleague(to_staff_id=DUC, actor="an.nv", now=LATER)
    assert after_yes.value.first.rule == "swap-accepted"
    assert "hãy rút yêu cầu trước" in after_yes.value.first.message_vi


def test_an_open_request_is_taken_which_names_the_colleague_and_counts_as_their_yes() -> None:
    swap = taken()
    assert (swap.to_staff_id, swap.stage, swap.answer) == (DUC, "accepted", "accepted")
    assert swap.approve(taker=DUC, note=None, actor="manager", now=LATER).status == "approved"
    with pytest.raises(Conflict) as named:
        asked().take(taker=DUC, note=None, actor="duc.lv", now=LATER)
    assert named.value.first.rule == "swap-named"
    with pytest.raises(Conflict) as twice:
        swap.take(taker=uuid.uuid4(), note=None, actor="x", now=LATER)
    assert twice.value.first.rule == "swap-named"


def test_approving_without_an_answer_asks_how_the_colleague_agreed_and_keeps_it() -> None:
    for swap, taker in ((asked(), HOA), (asked(named=None), DUC)):
        with pytest.raises(Conflict) as unanswered:
            swap.approve(taker=taker, note=None, actor="manager", now=LATER, taker_name="Phạm Thị Hoa")
        said = unanswered.value.first
        assert (said.rule, said.field) == ("swap-unanswered", "agreement")
        assert said.message_vi.startswith("Phạm Thị Hoa chưa nhận ca này. Nếu người đó đã đồng ý bằng cách khác")
        assert "say how in “agreement”" in said.message
        approved = swap.approve(
            taker=taker, note=None, actor="manager", now=LATER, agreement="Chị Hoa đồng ý qua điện thoại lúc 20:15"
        )
        assert approved.status == "approved" and approved.agreement == "Chị Hoa đồng ý qua điện thoại lúc 20:15"


@pytest.mark.parametrize("step", [asked, lambda: asked(named=None), accepted, declined, taken])
def test_withdrawing_and_lapsing_close_a_request_at_every_stage(step) -> None:
    swap = step()
    assert swap.withdraw(actor="an.nv", now=LATER).status == "withdrawn"
    assert swap.as_of(STARTS).status == "lapsed"
    assert swap.lapse(actor="system", now=STARTS).status == "lapsed"
    closed = swap.withdraw(actor="an.nv", now=LATER)
    for late in (
        lambda: closed.accept(note=None, who="Phạm Thị Hoa", actor="hoa.pt", now=LATER),
        lambda: closed.decline(note=None, who="Phạm Thị Hoa", actor="hoa.pt", now=LATER),
        lambda: closed.name_colleague(to_staff_id=DUC, actor="an.nv", now=LATER),
        lambda: closed.approve(taker=HOA, note=None, actor="m", now=LATER, agreement="điện thoại"),
    ):
        with pytest.raises(Conflict) as refused:
            late()
        assert refused.value.first.rule == "swap-open"
