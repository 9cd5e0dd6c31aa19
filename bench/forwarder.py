"""The latency floor of bench_audit_ingest.py: a process that consumes every record of one
topic and produces it to another (acks=all), as fast as aiokafka goes.

    python bench/forwarder.py BOOTSTRAP SOURCE TARGET

Prints "ready" once its consumer has its partitions."""

from __future__ import annotations

import asyncio
import sys
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic


async def main(bootstrap: str, source: str, target: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(source, 1, 1), NewTopic(target, 1, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    consumer = AIOKafkaConsumer(
        source, bootstrap_servers=bootstrap, group_id=f"forwarder-{uuid.uuid4().hex[:8]}", auto_offset_reset="earliest"
    )
    await producer.start()
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        print("ready", flush=True)
        while True:
            batch = await consumer.getmany(timeout_ms=20)
            for records in batch.values():
                for record in records:
                    await producer.send_and_wait(target, record.value, key=record.key)
    finally:
        await consumer.stop()
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
