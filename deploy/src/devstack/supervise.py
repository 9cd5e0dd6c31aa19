"""`devstack run`'s watch over its service processes, as compose's `restart:` is (QZ22 #1: `kill <audit pid>` took
the portal, roster, notifier, Kafka and PostgreSQL down with it, when the stack is where people see what an outage
of one service looks like).

A service process that exits is said so in the log, the others keep running, and it is started again after a
backoff: 5 s the first time, doubling at each exit that follows soon after a restart, at most 60 s; one that then
ran a while (as long as the cap) starts from 5 s again. Only Ctrl-C/SIGTERM (the caller's handler), or Kafka or
PostgreSQL themselves exiting (`infra_gone`), stops everything."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

FIRST_BACKOFF = 5.0
MAX_BACKOFF = 60.0


class Supervised(Protocol):
    """A service process as the supervisor sees it (`services.ServiceProcess` is one)."""

    name: str
    log_file: Path
    process: subprocess.Popen | None

    def start(self) -> None: ...


@dataclass
class _Watch:
    backoff: float
    started_at: float
    restart_at: float | None = None  # when it is to start again, once it has exited


@dataclass
class Supervisor:
    """Restarts the `services` that exit; `step` once in a while (the caller's loop), `say` the log's lines."""

    services: Sequence[Supervised]
    say: Callable[[str], None]
    infra_gone: Callable[[], str | None] = lambda: None
    """Which of Kafka and PostgreSQL has exited (its name), or None while both run."""
    first: float = FIRST_BACKOFF
    cap: float = MAX_BACKOFF
    clock: Callable[[], float] = time.monotonic
    _watches: dict[str, _Watch] = field(default_factory=dict, init=False)

    def step(self) -> str | None:
        """Look at each service once: say that one exited and when it starts again, start the ones whose backoff
        is over. Returns why everything is to stop (Kafka or PostgreSQL exited), else None."""
        gone = self.infra_gone()
        if gone is not None:
            return f"{gone} exited; stopping everything"
        now = self.clock()
        for service in self.services:
            watch = self._watches.setdefault(service.name, _Watch(backoff=self.first, started_at=now))
            if watch.restart_at is not None:
                if now >= watch.restart_at:
                    self._restart(service, watch, now)
                continue
            process = service.process
            if process is None or process.poll() is None:
                continue
            if now - watch.started_at >= self.cap:
                watch.backoff = self.first  # it ran a while: this exit is a new one, not the same failure again
            watch.restart_at = now + watch.backoff
            self.say(
                f"devstack: {service.name} exited ({process.returncode}); the others keep running; restarting it "
                f"in {watch.backoff:g} s (see {service.log_file})"
            )
        return None

    def _restart(self, service: Supervised, watch: _Watch, now: float) -> None:
        watch.restart_at = None
        watch.started_at = now
        watch.backoff = min(watch.backoff * 2, self.cap)  # the next exit, if it comes soon, waits longer
        try:
            service.start()
        except Exception as exc:  # its port still taken, say: try again after the next backoff
            watch.restart_at = now + watch.backoff
            self.say(f"devstack: {service.name} could not start again ({exc}); trying again in {watch.backoff:g} s")
            return
        self.say(f"devstack: {service.name} started again (see {service.log_file})")
