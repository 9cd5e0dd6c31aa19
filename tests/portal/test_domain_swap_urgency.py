"""When a waiting swap request is urgent (pure, `now` passed in): its shift starts within URGENT_WITHIN and has not
started; the time left is counted up to the next whole minute, so that it never reads "0 minutes" before the start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.domain.swap_urgency import URGENT_WITHIN, StartsIn, decide_first, urgency

NOW = datetime(2027, 2, 7, 3, tzinfo=UTC)


def test_urgent_only_between_now_and_the_threshold_and_never_zero_minutes() -> None:
    assert urgency(None, now=NOW) is None  # no shift known
    assert urgency(NOW, now=NOW) is None  # started: roster reads it lapsed
    assert urgency(NOW - timedelta(minutes=5), now=NOW) is None
    assert urgency(NOW + timedelta(seconds=1), now=NOW) == StartsIn(0, 1)
    assert urgency(NOW + URGENT_WITHIN, now=NOW) == StartsIn(6, 0)
    assert urgency(NOW + URGENT_WITHIN + timedelta(seconds=1), now=NOW) is None
    assert [s.shape for s in (StartsIn(0, 40), StartsIn(3, 0), StartsIn(2, 10))] == [
        "minutes",
        "hours",
        "hours_minutes",
    ]


def test_the_soonest_shift_first_then_the_oldest_request_and_a_shift_unknown_last() -> None:
    created = [NOW - timedelta(days=d) for d in range(4)]
    keys = {
        "later": decide_first(NOW + timedelta(hours=3), created[3], "a"),
        "unknown": decide_first(None, created[3], "b"),
        "sooner_new": decide_first(NOW + timedelta(hours=1), created[0], "c"),
        "sooner_old": decide_first(NOW + timedelta(hours=1), created[2], "d"),
    }
    assert sorted(keys, key=keys.__getitem__) == ["sooner_old", "sooner_new", "later", "unknown"]
