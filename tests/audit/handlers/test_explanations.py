"""The explanations' story (handlers/explanations.py `give`, `answer`) on the memory store: the same code the
service runs on PostgreSQL (tests/audit/api/test_explanations_api.py)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

import pytest

from audit.db.explanations import AccountableFilter
from audit.db.memory import MemoryExplanations
from audit.domain.errors import Conflict, NotFound
from audit.domain.explanations import Accountable, Upload, Writing
from audit.handlers.explanations import Answer, Explain, answer, give
from lichtruc.paging import PageRequest
from lichtruc.scope import Visible

NOW = datetime(2027, 2, 16, 2, 0, tzinfo=UTC)
VNPT, POST = str(uuid.uuid4()), str(uuid.uuid4())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def item(kind, enterprise, *, discrepancies=None, hour=0) -> Accountable:
    return Accountable(
        item_kind=kind,
        item_id=str(uuid.uuid4()),
        enterprise_id=enterprise,
        enterprise_name="VNPT Long An" if enterprise == VNPT else "Bưu điện tỉnh",
        site_name="Tổng đài Tân An",
        duty_type="operations",
        starts_at=datetime(2027, 2, 6, hour, tzinfo=UTC),
        ends_at=datetime(2027, 2, 6, hour + 1, tzinfo=UTC) if kind == "gap" else None,
        discrepancy_count=discrepancies,
        state="unexplained",
    )


def explain(it: Accountable, *, files=(), author="quan-ly") -> Explain:
    return Explain(
        item_kind=it.item_kind,
        item_id=uuid.UUID(it.item_id),
        writing=Writing("short_of_people", "Thiếu người có chứng chỉ"),
        uploads=tuple(files),
        author=author,
        author_name=None,
        on_behalf=False,
    )


async def test_give_keeps_the_files_and_answer_moves_the_state_in_the_lists() -> None:
    store = MemoryExplanations()
    gap, finding, other = item("gap", VNPT, hour=1), item("finding", VNPT, discrepancies=2, hour=2), item("gap", POST)
    for x in (gap, finding, other):
        store.add_item(x)
    e = (await give(store, explain(gap, files=[Upload("sổ giao ca.png", PNG)]), now=NOW)).explanation
    [a] = e.latest.attachments
    kept = await store.file(uuid.UUID(a.attachment_id))
    assert kept is not None and kept.content == PNG and kept.enterprise_id == VNPT
    assert store.locked == [("gap", gap.item_id)]
    mine = Visible(enterprises=frozenset({uuid.UUID(VNPT)}))
    waiting = await store.page(AccountableFilter(state="submitted", visible=mine), PageRequest(limit=10), now=NOW)
    assert [x.item_id for x in waiting.items] == [gap.item_id]
    assert await store.waiting(AccountableFilter()) == 1
    unexplained = await store.page(AccountableFilter(state="unexplained", visible=mine), PageRequest(limit=10), now=NOW)
    assert [x.item_id for x in unexplained.items] == [finding.item_id]  # another enterprise's not listed

    await answer(
        store,
        Answer("gap", uuid.UUID(gap.item_id), "accept", "", reviewer="thanh-tra", reviewer_name=None),
        now=NOW,
    )
    accepted = await store.page(AccountableFilter(state="accepted"), PageRequest(limit=10), now=NOW)
    assert [(x.item_id, x.versions) for x in accepted.items] == [(gap.item_id, 1)]
    assert await store.waiting(AccountableFilter()) == 0


async def test_an_unknown_item_is_not_found_and_a_finding_that_matched_has_nothing_to_explain() -> None:
    store = MemoryExplanations()
    matched = item("finding", VNPT, discrepancies=0)
    store.add_item(matched)
    with pytest.raises(NotFound) as missing:
        await give(store, explain(dataclasses.replace(matched, item_kind="gap")), now=NOW)
    assert missing.value.code == "gap-not-found"
    with pytest.raises(Conflict) as nothing:
        await give(store, explain(matched), now=NOW)
    assert nothing.value.code == "explanation-nothing-to-explain"
    assert "khớp với lịch trực" in nothing.value.detail_vi and store.kept == {}
