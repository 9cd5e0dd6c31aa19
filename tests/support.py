"""Helpers the tests share: waiting for a condition, running an app in-process with its
lifespan, and reading a topic with a plain aiokafka consumer (not the services' code)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T]], *, timeout: float = 30.0, interval: float = 0.1,
                     what: str = "condition") -> T:
    """Call `probe` until it returns a truthy value without raising AssertionError; return that value."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = await probe()
            if value:
                return value
        except AssertionError as exc:
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last!r}")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan (migrations, Kafka, background loops), and a client for it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def wait_ready(client: httpx.AsyncClient, timeout: float = 60.0) -> None:
    async def ready() -> bool:
        return (await client.get("/readyz")).status_code == 200

    await eventually(ready, timeout=timeout, what="/readyz to answer 200")


async def read_topic(bootstrap: str, topic: str, *, until: Callable[[list[ConsumerRecord]], bool],
                     timeout: float = 30.0) -> list[ConsumerRecord]:
    """Read `topic` from the beginning with a plain consumer until `until(records)` holds."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"test-{uuid.uuid4().hex[:8]}",
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    records: list[ConsumerRecord] = []
    try:
        deadline = time.monotonic() + timeout
        while not until(records):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out reading {topic}: got {len(records)} record(s)")
            batch = await consumer.getmany(timeout_ms=200)
            for recs in batch.values():
                records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def produce(bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes, dict[str, Any] | None]]) -> None:
    """Put raw messages (key, value, headers) on a topic, as any producer could."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value, headers in messages:
            hdrs = [(k, str(v).encode()) for k, v in (headers or {}).items()]
            await producer.send_and_wait(topic, value, key=key, headers=hdrs)
    finally:
        await producer.stop()
