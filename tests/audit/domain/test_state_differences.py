"""Comparing two exported projection states (`python -m audit rebuild --check`): what differs, named row
by row, and nothing when they are the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from audit.domain.model import state_differences, state_digest


@dataclass(frozen=True)
class Row:
    gap_id: str
    starts_at: datetime
    short_by: int


def rows(n: int) -> list[Row]:
    return [Row(f"gap-{i:05d}", datetime(2027, 2, 5, i % 24, tzinfo=UTC), 1 + i % 3) for i in range(n)]


def test_the_same_states_have_no_differences_and_the_same_digest() -> None:
    state = {"coverage_gaps": rows(2_000), "shifts": []}
    copy = {"coverage_gaps": list(rows(2_000)), "shifts": []}
    assert state_differences(state, copy) == []
    assert state_digest(state) == state_digest(copy)


def test_a_changed_row_is_named_missing_as_expected_and_unexpected_as_found() -> None:
    expected = rows(3_000)
    found = [*expected[:1_500], Row("gap-01500", expected[1_500].starts_at, 9), *expected[1_501:]]
    assert state_differences({"coverage_gaps": expected}, {"coverage_gaps": found}) == [
        "coverage_gaps: 3000 row(s) expected, 3000 found",
        "  missing {'gap_id': 'gap-01500', 'starts_at': '2027-02-05T12:00:00+00:00', 'short_by': 1}",
        "  unexpected {'gap_id': 'gap-01500', 'starts_at': '2027-02-05T12:00:00+00:00', 'short_by': 9}",
    ]


def test_rows_gone_and_rows_extra_are_listed_up_to_the_limit_in_the_expected_order() -> None:
    expected = rows(100)
    found = [*expected[10:], Row("gap-extra", expected[0].starts_at, 1)]
    lines = state_differences({"coverage_gaps": expected, "staff": []}, {"coverage_gaps": found}, limit=3)
    assert lines[0] == "coverage_gaps: 100 row(s) expected, 91 found"
    assert [line.split("'")[3] for line in lines[1:]] == ["gap-00000", "gap-00001", "gap-00002", "gap-extra"]
    assert [line.split(" ")[2] for line in lines[1:]] == ["missing", "missing", "missing", "unexpected"]


def test_a_row_twice_where_it_is_expected_once_is_one_unexpected_row() -> None:
    expected = rows(5)
    lines = state_differences({"coverage_gaps": expected}, {"coverage_gaps": [*expected, expected[2]]})
    assert lines == [
        "coverage_gaps: 5 row(s) expected, 6 found",
        "  unexpected {'gap_id': 'gap-00002', 'starts_at': '2027-02-05T02:00:00+00:00', 'short_by': 3}",
    ]
