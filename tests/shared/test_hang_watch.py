"""The hung-test watchdog (tests/hang_watch.py): before pytest-timeout ends a test, it names each task
of the running event loop with the chain of awaits it is stuck in, down to the line, through `async
with` blocks too; cancelled in time, it says nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from hang_watch import Watchdog
from support import eventually


async def _stuck_in_a_chain(never: asyncio.Event) -> None:
    await _waiting_deeper(never)


async def _waiting_deeper(never: asyncio.Event) -> None:
    async with _closing_slowly(never):
        pass


@asynccontextmanager
async def _closing_slowly(never: asyncio.Event) -> AsyncIterator[None]:
    yield
    await never.wait()  # a shutdown that never ends, as an app's lifespan might


async def test_the_watchdog_names_the_await_a_task_is_stuck_in() -> None:
    never = asyncio.Event()
    task = asyncio.create_task(_stuck_in_a_chain(never), name="stuck-task")
    out = io.StringIO()
    try:
        with Watchdog(0.05, "tests/x.py::test_hangs", out):

            async def dumped() -> bool:
                return "where its tasks wait" in out.getvalue()

            await eventually(dumped, timeout=10, what="the watchdog's dump")
    finally:
        task.cancel()
    text = out.getvalue()
    assert "tests/x.py::test_hangs is about to time out" in text
    chain = text.split("task 'stuck-task':\n", 1)[1].split("\ntask ", 1)[0].splitlines()
    assert [line.rsplit(" in ", 1)[1] for line in chain] == [
        "_stuck_in_a_chain",
        "_waiting_deeper",
        "__aexit__",  # contextlib's: the chain goes on into the generator it drives
        "_closing_slowly",
        "wait",
    ]
    await_line = _stuck_in_a_chain.__code__.co_firstlineno + 1  # the line of its await, not of its def
    assert chain[0].split(" in ")[0].endswith(f"test_hang_watch.py:{await_line}")
    assert "asyncio/locks.py" in chain[-1]


async def test_a_watchdog_cancelled_in_time_says_nothing() -> None:
    out = io.StringIO()
    with Watchdog(0.05, "tests/x.py::test_quick", out):
        await asyncio.sleep(0)
    await asyncio.sleep(0.2)
    assert out.getvalue() == ""
