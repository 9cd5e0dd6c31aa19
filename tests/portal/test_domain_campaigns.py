"""Which campaign a page opens on: the one in progress, else the next, else the latest past."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.domain.campaigns import current_first

T2026 = ("2026", datetime(2026, 2, 9, tzinfo=UTC), datetime(2026, 2, 26, tzinfo=UTC))
T2027 = ("2027", datetime(2027, 1, 29, tzinfo=UTC), datetime(2027, 2, 15, tzinfo=UTC))
T2028 = ("2028", datetime(2028, 1, 18, tzinfo=UTC), datetime(2028, 2, 4, tzinfo=UTC))


def names(now: datetime) -> list[str]:
    return [c[0] for c in current_first([T2028, T2026, T2027], now=now, span=lambda c: (c[1], c[2]))]


def test_before_tet_the_next_campaign_comes_first_even_when_a_later_one_is_open() -> None:
    assert names(datetime(2026, 11, 30, tzinfo=UTC)) == ["2027", "2028", "2026"]


def test_during_tet_the_running_campaign_comes_first() -> None:
    assert names(datetime(2027, 2, 6, tzinfo=UTC)) == ["2027", "2028", "2026"]
    assert names(datetime(2028, 1, 18, tzinfo=UTC)) == ["2028", "2027", "2026"]


def test_after_the_last_one_the_latest_comes_first() -> None:
    assert names(datetime(2029, 1, 1, tzinfo=UTC)) == ["2028", "2027", "2026"]
