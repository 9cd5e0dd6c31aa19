"""Reading audit's consumer lag from Kafka (domain.lag): the group's committed offsets through an admin client,
each partition's first and end offsets and the timestamp of the first record not yet applied through a consumer
of no group (it commits nothing, joins nothing, and so never disturbs audit's own consumer). Both are made for
one reading and closed after it: the reading is asked at most every few seconds (handlers.lag keeps it), and a
client made afresh needs no care when Kafka restarts in between."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from ..domain.lag import Lag, Position, lag_of

READ_TIMEOUT_SECONDS = 5.0
"""A reading that takes longer is given up (handlers.lag answers the last figures read, with their age; none read
yet, that audit cannot tell)."""


def wall_clock() -> datetime:
    """Kafka stamps records with the producer's wall clock: the wait is measured on it, not on a test clock."""
    return datetime.now(UTC)


@dataclasses.dataclass(frozen=True)
class KafkaLag:
    """Reads the lag of each (topic, consumer group) audit consumes from the broker at `bootstrap`."""

    bootstrap: str
    subscriptions: Sequence[tuple[str, str]]
    clock: Callable[[], datetime] = wall_clock

    async def read(self) -> Lag:
        async with asyncio.timeout(READ_TIMEOUT_SECONDS):  # not wait_for (lichtruc.tasks)
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=3_000)
            consumer = AIOKafkaConsumer(
                bootstrap_servers=self.bootstrap,
                group_id=None,
                enable_auto_commit=False,
                request_timeout_ms=3_000,
                max_partition_fetch_bytes=64 * 1024,
                fetch_max_wait_ms=100,
            )
            await admin.start()
            try:
                await consumer.start()
                try:
                    return await self._read(admin, consumer)
                finally:
                    await consumer.stop()
            finally:
                await admin.close()

    async def _read(self, admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer) -> Lag:
        read_at = self.clock()
        described = await admin.describe_topics(sorted({topic for topic, _ in self.subscriptions}))
        numbers = {
            t["topic"]: sorted(p["partition"] for p in t["partitions"]) for t in described if not t["error_code"]
        }
        positions: list[Position] = []
        for topic, group in self.subscriptions:
            partitions = [TopicPartition(topic, p) for p in numbers.get(topic, ())]
            if not partitions:
                continue
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            starts = await consumer.beginning_offsets(partitions)
            ends = await consumer.end_offsets(partitions)
            for tp in partitions:
                mark = committed.get(tp)
                positions.append(
                    Position(
                        topic=topic,
                        partition=tp.partition,
                        group=group,
                        start=starts[tp],
                        end=ends[tp],
                        committed=mark.offset if mark is not None and mark.offset >= 0 else None,
                    )
                )
        times = await _first_times(consumer, [p for p in positions if p.pending])
        return lag_of(
            [dataclasses.replace(p, next_at=times.get(TopicPartition(p.topic, p.partition))) for p in positions],
            read_at=read_at,
        )


async def _first_times(consumer: AIOKafkaConsumer, waiting: list[Position]) -> dict[TopicPartition, datetime]:
    """The timestamp of the record at each waiting partition's applied offset: fetched until each has one (the
    caller's timeout bounds it)."""
    wanted = {TopicPartition(p.topic, p.partition): p.applied for p in waiting}
    if not wanted:
        return {}
    consumer.assign(list(wanted))
    for tp, offset in wanted.items():
        consumer.seek(tp, offset)
    found: dict[TopicPartition, datetime] = {}
    while len(found) < len(wanted):
        batch = await consumer.getmany(*[tp for tp in wanted if tp not in found], timeout_ms=200, max_records=1)
        for tp, records in batch.items():
            if records and tp not in found:
                found[tp] = datetime.fromtimestamp(records[0].timestamp / 1000, UTC)
    return found
