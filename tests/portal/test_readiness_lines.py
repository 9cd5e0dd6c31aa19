"""A readiness line done after its due time says so (`Line.done_late`): the checklist and the inspector's
overview show it done, and late."""

from __future__ import annotations

from portal.handlers.readiness import Line


def _line(status: str, done_at: str | None) -> Line:
    return Line(
        "i1", "Nguồn điện dự phòng", "", "2027-01-21T00:00:00+07:00", "2027-01-20", status, "", "", done_at, None
    )


def test_done_after_the_due_time_is_late_and_done_in_time_or_not_done_is_not() -> None:
    assert _line("done", "2027-01-21T08:30:00+07:00").done_late
    assert _line("done", "2027-01-20T17:00:01Z").done_late  # 00:00:01 on the 21st, Vietnam time
    assert not _line("done", "2027-01-20T16:59:00Z").done_late  # 23:59 on the 20th, Vietnam time: in time
    assert not _line("overdue", None).done_late and not _line("open", None).done_late
