"""Where a hung test's coroutines wait, printed before pytest-timeout ends it.

pytest-timeout dumps every thread's stack, but an async test hangs inside the event loop: the
main thread is in `select`, and what matters is which await of which task never returns. Shortly
before the timeout a watchdog thread asks the main thread's event loop (found on its stack) to
print each task's chain of awaits, innermost last, to stderr, where the failure report shows it.
A loop that is blocked, not waiting, cannot answer; the threads' dump then says why."""

from __future__ import annotations

import asyncio
import inspect
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

GRACE_SECONDS = 10.0  # the dump comes this long before pytest-timeout's own


def await_chain(awaitable: Any) -> Iterator[FrameType]:
    """The frames of a suspended coroutine and of what it awaits, outermost first."""
    while awaitable is not None:
        frame = _frame_of(awaitable)
        if frame is not None:
            yield frame
        following = _what_it_awaits(awaitable)
        if following is not None and _frame_of(following) is None and frame is not None:
            # An async generator's asend/athrow (what `async with` over an @asynccontextmanager awaits)
            # does not say whose it is; contextlib's manager, the frame's `self`, holds the generator.
            generator = getattr(frame.f_locals.get("self"), "gen", None)
            following = generator if inspect.isasyncgen(generator) else following
        awaitable = following


def _frame_of(awaitable: Any) -> FrameType | None:
    return (
        getattr(awaitable, "cr_frame", None)
        or getattr(awaitable, "gi_frame", None)
        or getattr(awaitable, "ag_frame", None)
    )


def _what_it_awaits(awaitable: Any) -> Any:
    return (
        getattr(awaitable, "cr_await", None)
        or getattr(awaitable, "gi_yieldfrom", None)
        or getattr(awaitable, "ag_await", None)
    )


def describe_tasks(loop: asyncio.AbstractEventLoop) -> str:
    """Each unfinished task of `loop` with the line it waits on, and the awaits that lead there."""
    lines = []
    for task in asyncio.all_tasks(loop):
        lines.append(f"task {task.get_name()!r}:")
        for frame in await_chain(task.get_coro()):
            lines.append(f"  {frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
    return "\n".join(lines) or "no unfinished tasks"


def running_loop_of(thread: threading.Thread) -> asyncio.AbstractEventLoop | None:
    """The event loop `thread` is running, read from its stack (`run_forever`'s `self`), or None."""
    frame: FrameType | None = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, asyncio.BaseEventLoop) and candidate.is_running():
            return candidate
        frame = frame.f_back
    return None


class Watchdog:
    """Prints the main thread's tasks to `out` after `seconds`, unless cancelled first."""

    def __init__(self, seconds: float, name: str, out: TextIO | None = None) -> None:
        self.name, self.out = name, out
        self.timer = threading.Timer(seconds, self._dump)
        self.timer.daemon = True

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()

    def _dump(self) -> None:
        loop = running_loop_of(threading.main_thread())
        if loop is not None:
            loop.call_soon_threadsafe(self._print, loop)

    def _print(self, loop: asyncio.AbstractEventLoop) -> None:
        out = self.out or sys.stderr
        print(f"\n--- {self.name} is about to time out; where its tasks wait ---", file=out)
        print(describe_tasks(loop), file=out, flush=True)
