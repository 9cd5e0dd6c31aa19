"""Stopping background tasks (lichtruc.tasks.cancel_and_wait): a task that loses its cancellation, as
Python 3.11's `asyncio.wait_for` loses one that arrives with the awaited result, is cancelled again and
named in the log, and the stop ends; tasks that stop at once are not waited for any longer."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest

from lichtruc.tasks import cancel_and_wait


async def _polling(operation: asyncio.Future[None]) -> None:
    """A loop like notifier's scheduler: each round awaits an operation through a library's wait_for
    (the first one given, the later ones never ending)."""
    while True:
        await asyncio.wait_for(operation, 10)
        operation = asyncio.get_running_loop().create_future()


async def test_a_task_that_loses_its_cancellation_is_cancelled_again_and_named(
    caplog: pytest.LogCaptureFixture,
) -> None:
    operation = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(_polling(operation), name="scheduler-like")
    await asyncio.sleep(0)  # one step: the task is inside wait_for, waiting for the operation

    operation.set_result(None)  # the operation completes…
    with caplog.at_level(logging.WARNING, logger="lichtruc.tasks"):
        async with asyncio.timeout(10):
            await cancel_and_wait([task], again_after=0.05)  # …as the first cancellation arrives

    assert task.cancelled()
    again = [r.getMessage() for r in caplog.records if "cancelling it again" in r.getMessage()]
    if sys.version_info < (3, 12):  # where wait_for drops the cancellation: the loop had gone on
        assert again and "scheduler-like" in again[0]


async def test_tasks_that_stop_when_cancelled_are_not_waited_for_again(caplog: pytest.LogCaptureFixture) -> None:
    async def ends(result: str) -> str:
        return result

    async def fails() -> None:
        raise RuntimeError("a task that failed before the stop")

    waiting = [asyncio.create_task(asyncio.sleep(3600)) for _ in range(3)]
    failing = asyncio.create_task(fails())
    done = asyncio.create_task(ends("done"))
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING, logger="lichtruc.tasks"):
        async with asyncio.timeout(10):  # well before `again_after`
            await cancel_and_wait([*waiting, failing, done], again_after=3600)
    assert all(t.cancelled() for t in waiting) and done.result() == "done"
    assert isinstance(failing.exception(), RuntimeError)  # kept, not raised by the stop
    assert not [r for r in caplog.records if r.name == "lichtruc.tasks"]
