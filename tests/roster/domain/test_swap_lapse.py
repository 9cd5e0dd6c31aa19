"""A swap request still waiting when its shift begins lapses at that instant, not a second before (QZ15 #1: the
manager was refused at 18:10 with "ask a manager" and the request stayed waiting for ever); nobody decides it
then, and each side is told so in words meant for them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from roster.domain.errors import Conflict
from roster.domain.swaps import Swap, SwapShift

STARTS = datetime(2027, 2, 5, 11, tzinfo=UTC)  # 18:00 5 Feb 2027 in Vietnam
SECOND = timedelta(seconds=1)


def waiting() -> Swap:
    made = Swap.request(
        shift_id=uuid.uuid4(),
        enterprise_id=uuid.uuid4(),
        from_staff_id=uuid.uuid4(),
        to_staff_id=uuid.uuid4(),
        reason="Con ốm",
        actor="anhptn",
        now=STARTS - timedelta(hours=9),
    )
    about = SwapShift("operations", STARTS, STARTS + timedelta(hours=12))
    return replace(made, about=about)  # read with its shift, as the repositories do


def test_a_waiting_request_lapses_at_the_start_instant_not_a_second_before() -> None:
    swap = waiting()
    assert swap.as_of(STARTS - SECOND).status == "requested"
    assert swap.lapsed_at(STARTS - SECOND) is None
    assert swap.as_of(STARTS).status == "lapsed" and swap.lapsed_at(STARTS) == STARTS
    assert swap.as_of(STARTS + timedelta(days=1)).status == "lapsed"
    decided = swap.reject(note=None, actor="manager", now=STARTS - SECOND)
    assert decided.as_of(STARTS).status == "rejected"  # a decision made in time stands


def test_deciding_once_the_shift_began_is_refused_in_words_for_who_decides() -> None:
    swap = waiting()
    swap.ensure_current(starts_at=STARTS, now=STARTS - SECOND, deciding="manager")  # still in time
    with pytest.raises(Conflict) as manager:
        swap.ensure_current(starts_at=STARTS, now=STARTS + timedelta(minutes=10), deciding="manager")
    said = manager.value.first
    assert said.rule == "swap-lapsed"
    assert said.message_vi.startswith("Ca đã bắt đầu lúc 18:00 05/02/2027 nên yêu cầu đổi ca này đã hết hạn")
    assert "“Giao phần còn lại của ca” trên bảng" in said.message_vi
    assert "quản lý" not in said.message_vi  # not "ask a manager" to a manager
    assert "“Hand over the rest of this shift” on the board" in said.message
    with pytest.raises(Conflict) as asker:
        swap.ensure_current(starts_at=STARTS, now=STARTS, deciding="asker")
    assert "bạn vẫn là người trực ca này" in asker.value.first.message_vi
    assert "you are still on duty" in asker.value.first.message


def test_lapsing_stores_the_status_at_the_next_version_once() -> None:
    swap = waiting()
    lapsed = swap.lapse(actor="system", now=STARTS)
    assert (lapsed.status, lapsed.version, lapsed.decided_by) == ("lapsed", 2, "system")
    with pytest.raises(Conflict):
        lapsed.lapse(actor="system", now=STARTS)
