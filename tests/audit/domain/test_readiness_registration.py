"""The readiness overview judges an enterprise from its registration (QZ11 #6): an item due before it was
registered was never asked of it, so it is no line of its — not overdue, not counted — unless it marked it done."""

from __future__ import annotations

from datetime import UTC, datetime

from audit.domain.readiness import ReadinessItem, ReadinessMark, mark_id, overview

NOW = datetime(2027, 2, 8, 3, tzinfo=UTC)
REGISTERED = datetime(2027, 2, 7, 2, tzinfo=UTC)  # 09:00 on 07/02 in Vietnam


def item(n: int, due: datetime) -> ReadinessItem:
    return ReadinessItem(f"i{n}", "c", "telecom", f"Mục {n}", f"Item {n}", "", due, None, n, False, 1, n)


EARLY, EARLY_DONE, LATER = (
    item(1, datetime(2027, 1, 24, 17, tzinfo=UTC)),
    item(2, datetime(2027, 1, 28, 17, tzinfo=UTC)),
    item(3, datetime(2027, 2, 7, 17, tzinfo=UTC)),
)
ENTERPRISES = [("fpt", "FPT Telecom Long An", "telecom"), ("vnpt", "VNPT Long An", "telecom")]
DONE = ReadinessMark(mark_id("i2", "fpt"), "i2", "c", "fpt", True, "", "", REGISTERED, "noc@fpt", 1, 9)


def test_an_item_due_before_the_enterprise_was_registered_is_never_its_overdue() -> None:
    rows = overview(
        items=[EARLY, EARLY_DONE, LATER], enterprises=ENTERPRISES, marks=[DONE], now=NOW, registered={"fpt": REGISTERED}
    )
    by_name = {r.name: r for r in rows}
    fpt, vnpt = by_name["FPT Telecom Long An"], by_name["VNPT Long An"]
    assert [(x.item.item_id, x.status) for x in fpt.lines] == [("i2", "done"), ("i3", "overdue")]
    assert (fpt.done, fpt.overdue, fpt.open) == (1, 1, 0)
    assert (vnpt.done, vnpt.overdue, vnpt.open) == (0, 3, 0)  # registered before any: judged on all
    # the overdue filter: FPT by the one item asked of it since it was registered
    late = overview(
        items=[EARLY, LATER], enterprises=ENTERPRISES, marks=[], now=NOW, status="overdue", registered={"fpt": NOW}
    )
    assert [r.name for r in late] == ["VNPT Long An"]  # registered after every due date: nothing overdue
