"""`GET /lag`'s reading kept (handlers.lag) with a stand-in for Kafka that is slow or fails when told: the last
figures read are answered, with their age, while a new reading is slow or failed (QA Z4: a 503 whenever Kafka took
over 5 s); the domain error only when nothing was ever read; one reading at a time, never one per request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from audit.domain.errors import Unavailable
from audit.domain.lag import Lag, Position
from audit.handlers.lag import KeptLag

START = datetime(2027, 2, 6, 3, 0, tzinfo=UTC)


class SlowKafka:
    """Answers `pending` records waiting; `gate` cleared: a reading waits until it is set (Kafka slow); `failing`:
    a reading fails (Kafka down, or the reader's timeout)."""

    def __init__(self) -> None:
        self.now = START
        self.pending = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.failing: Exception | None = None
        self.started = 0
        self.reading = asyncio.Event()  # set when a reading starts

    def clock(self) -> datetime:
        return self.now

    async def read(self) -> Lag:
        self.started += 1
        self.reading.set()
        read_at = self.now
        await self.gate.wait()
        if self.failing is not None:
            raise self.failing
        return Lag(read_at, (Position("roster", 0, "audit", 0, 10 + self.pending, 10),))


async def test_a_slow_or_failed_reading_answers_the_last_figures_with_their_age_not_a_refusal() -> None:
    kafka = SlowKafka()
    kept = KeptLag(kafka)
    first = await kept.current()
    assert (first.lag.pending, first.age, first.failed, kafka.started) == (0, timedelta(0), None, 1)

    # Within `kept`: the same reading, Kafka not asked again.
    kafka.now += timedelta(seconds=2)
    assert (await kept.current()).lag is first.lag and kafka.started == 1

    # Kafka slow: a request waits `patience` at most, then is answered the last figures with their age; the reading
    # goes on meanwhile, and requests meanwhile start no other.
    kafka.gate.clear()
    kafka.pending = 4
    kafka.now += timedelta(minutes=2)
    kept.patience = timedelta(milliseconds=10)
    slow = await asyncio.gather(*(kept.current() for _ in range(5)))
    assert {(r.lag.pending, r.age, r.failed) for r in slow} == {(0, timedelta(minutes=2, seconds=2), None)}
    assert kafka.started == 2
    kafka.gate.set()  # the reading ends: the next request has the new figures (waiting for it, at most `patience`)
    kept.patience = timedelta(seconds=5)
    fresh = await kept.current()
    assert (fresh.lag.pending, fresh.age, kafka.started) == (4, timedelta(0), 2)

    # Kafka down: the last figures, their age, and why reading again failed — not asked again within `kept`.
    kafka.failing = TimeoutError("5 s")
    kafka.now += timedelta(minutes=1)
    down = await kept.current()
    assert (down.lag.pending, down.age, down.failed) == (4, timedelta(minutes=1), "TimeoutError: “5 s”")
    kafka.now += timedelta(seconds=1)
    assert (await kept.current()).age == timedelta(minutes=1, seconds=1) and kafka.started == 3
    # Back: a reading that succeeds says nothing failed any more.
    kafka.failing = None
    kafka.now += timedelta(seconds=5)
    back = await kept.current()
    assert (back.age, back.failed, kafka.started) == (timedelta(0), None, 4)
    await kept.close()


async def test_nothing_ever_read_is_the_domain_error_after_waiting_for_the_reading() -> None:
    kafka = SlowKafka()
    kafka.failing = ConnectionError("no broker")
    kept = KeptLag(kafka, patience=timedelta(0))
    with pytest.raises(Unavailable) as refused:
        await kept.current()
    assert "(ConnectionError: “no broker”)" in refused.value.detail
    # Slow the first time: the request waits for that reading (nothing older to answer), however patient.
    kafka.failing = None
    kafka.gate.clear()
    kafka.now += timedelta(seconds=5)
    kafka.reading.clear()
    asked = asyncio.create_task(kept.current())
    await kafka.reading.wait()
    await asyncio.sleep(0)  # one turn more: still waiting
    assert not asked.done() and kafka.started == 2
    kafka.gate.set()
    assert (await asked).lag.pending == 0


async def test_a_reading_under_way_ends_with_the_app() -> None:
    kafka = SlowKafka()
    kept = KeptLag(kafka, patience=timedelta(0))
    await kept.current()
    kafka.gate.clear()
    kafka.now += timedelta(seconds=5)
    await kept.current()  # answered at once; the reading waits on Kafka
    beside = asyncio.create_task(kept.closed_at_shutdown())
    await asyncio.sleep(0)
    reading = kept._reading
    assert reading is not None and not reading.done()
    beside.cancel()
    with pytest.raises(asyncio.CancelledError):
        await beside
    assert reading.cancelled()
