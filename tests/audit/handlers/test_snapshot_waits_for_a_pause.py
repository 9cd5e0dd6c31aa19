"""The snapshotter waits for the consumer to pause (replay.until_quiet): a snapshot replays and
encodes the state in the consumer's process, and during a catch-up it competed with it for the
CPU. A fake clock and sleep script the consumer's appends, so nothing here depends on timing."""

from __future__ import annotations

from audit.handlers import replay
from audit.handlers.context import Context


class Script:
    """A monotonic clock the snapshotter's sleeps move, and the consumer appending meanwhile:
    at every sleep the consumer has appended (at the moment the sleep ends) until it stops."""

    def __init__(self, ctx: Context, *, appends_until: float) -> None:
        self.ctx = ctx
        self.now = 100.0
        self.appends_until = appends_until
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        if self.now <= self.appends_until:
            self.ctx.appended(1)
            self.ctx.last_append_at = self.now


def context() -> Context:
    return Context(sessions=None, clock=None, audit_topic="audit")  # type: ignore[arg-type]


async def test_it_waits_while_the_consumer_appends_and_goes_in_the_first_pause() -> None:
    ctx = context()
    script = Script(ctx, appends_until=103.0)
    ctx.last_append_at = script.now  # the consumer has just appended
    await replay.until_quiet(ctx, quiet=0.5, longest=30, clock=script.clock, sleep=script.sleep)
    # It returned only once half a second had passed after the consumer's last append (at 103).
    assert script.now - ctx.last_append_at >= 0.5
    assert ctx.last_append_at >= 103.0 and script.now < 104.0


async def test_it_waits_no_longer_than_the_longest_wait() -> None:
    ctx = context()
    script = Script(ctx, appends_until=10_000.0)  # a long catch-up: the consumer never pauses
    ctx.last_append_at = script.now
    await replay.until_quiet(ctx, quiet=0.5, longest=30, clock=script.clock, sleep=script.sleep)
    assert 130.0 <= script.now < 131.0  # 30 s after it began, with the consumer still appending
    assert script.now - ctx.last_append_at < 0.5


async def test_after_a_pause_it_does_not_wait_at_all() -> None:
    ctx = context()
    script = Script(ctx, appends_until=0.0)
    ctx.last_append_at = script.now - 2.0
    await replay.until_quiet(ctx, quiet=0.5, longest=30, clock=script.clock, sleep=script.sleep)
    assert script.slept == []


def test_an_append_is_stamped_with_the_monotonic_clock() -> None:
    ctx = context()
    assert ctx.last_append_at == 0.0
    ctx.appended(7)
    assert ctx.last_append_at > 0.0
