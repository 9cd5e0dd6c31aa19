"""`python -m audit rebuild` says how far it is while it replays a long log (on stderr; the
report goes to stdout at the end)."""

from __future__ import annotations

import io

from audit.rebuild import ProgressLines


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_two_seconds_with_the_share_the_pace_and_the_time_left() -> None:
    out, clock = io.StringIO(), Clock()
    progress = ProgressLines(out, every=2.0, clock=clock)
    for at, done in [(0.0, 1), (0.5, 100), (1.9, 380), (2.0, 401), (3.0, 600), (4.0, 801), (7.0, 1401)]:
        clock.now = 100.0 + at
        progress(done, 2000)
    assert out.getvalue().splitlines() == [
        "audit: rebuild: 401 of 2,000 log record(s) replayed (20 %), 200 a second, about 8 s to go",
        "audit: rebuild: 801 of 2,000 log record(s) replayed (40 %), 200 a second, about 6 s to go",
        "audit: rebuild: 1,401 of 2,000 log record(s) replayed (70 %), 200 a second, about 3 s to go",
    ]


def test_records_appended_while_it_replays_count_in_the_total() -> None:
    out, clock = io.StringIO(), Clock()
    progress = ProgressLines(out, every=1.0, clock=clock)
    progress(1, 10)
    clock.now += 1.0
    progress(12, 10)  # the log grew meanwhile: never "120 %"
    assert out.getvalue() == "audit: rebuild: 12 of 12 log record(s) replayed (100 %), 12 a second, about 0 s to go\n"
