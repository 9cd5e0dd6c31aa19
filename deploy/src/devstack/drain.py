"""Wait until the stack has read what roster changed: roster's outbox delivered to Kafka, and the consumer groups
of audit and notifier at the end of the topics they read. `make run` waits so between the phases of its demo
(`devstack.phases`): audit records an event at its own clock when it reads it, so an event read after the
clock is moved to the next phase's moment would read as recorded then."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from lichtruc import topics

from . import local_http


def consumer_groups(prefix: str, groups: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each of audit's and notifier's consumer groups (`groups`: service → group) with the topics it reads."""
    roster, audit = topics.with_prefix(prefix, topics.ROSTER_EVENTS), topics.with_prefix(prefix, topics.AUDIT_EVENTS)
    reads = {"audit": (roster,), "notifier": (roster, audit)}
    return {group: reads[service] for service, group in groups.items()}


async def behind(bootstrap: str, groups: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How many records each group has still to read (a partition it never committed counts from 0)."""
    async with _Lag(bootstrap) as lag:
        return await lag.behind(groups)


class _Lag:
    """An admin client and a consumer, opened once for as many questions as a wait asks (each took a few tenths of
    a second to start, and a phase of the demo asks a few times)."""

    def __init__(self, bootstrap: str) -> None:
        self.admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)

    async def __aenter__(self) -> _Lag:
        await self.admin.start()
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()
        await self.admin.close()

    async def behind(self, groups: dict[str, tuple[str, ...]]) -> dict[str, int]:
        await self.consumer.topics()  # the cluster's metadata, partitions included (afresh: topics may be new)
        lag = {}
        for group, read in groups.items():
            committed = await self.admin.list_consumer_group_offsets(group)
            partitions = [TopicPartition(t, p) for t in read for p in self.consumer.partitions_for_topic(t) or ()]
            ends = await self.consumer.end_offsets(partitions) if partitions else {}
            lag[group] = sum(
                max(0, end - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0))
                for tp, end in ends.items()
            )
        return lag


def wait_drained(
    roster_url: str, token: str, *, bootstrap: str, groups: dict[str, tuple[str, ...]], timeout: float = 180.0
) -> None:
    """Wait until roster's outbox is empty and every group has read to the end; TimeoutError (with what is left)
    otherwise."""
    asyncio.run(_drained(roster_url, token, bootstrap=bootstrap, groups=groups, timeout=timeout))


async def _drained(
    roster_url: str, token: str, *, bootstrap: str, groups: dict[str, tuple[str, ...]], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    left: object = "nothing asked yet"
    async with (
        local_http.async_client(base_url=roster_url, timeout=30, headers=local_http.bearer(token)) as client,
        _Lag(bootstrap) as lag,
    ):
        while time.monotonic() < deadline:
            pending = (await client.get("/outbox")).raise_for_status().json()["pending"]
            behind_by = await lag.behind(groups) if not pending else {}
            if not pending and not any(behind_by.values()):
                return
            left = {"roster's outbox": pending, **behind_by}
            await asyncio.sleep(0.1)
    raise TimeoutError(f"the services have not read the demo's phase after {timeout:.0f}s: still to read {left}")
