"""`devstack run`'s supervisor over small stand-in processes (QZ22 #1: one service exiting stopped the whole stack):
the one that exits is said so and started again after a growing, capped backoff; the others keep running; only
Kafka or PostgreSQL exiting stops everything."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from devstack.supervise import Supervisor


@dataclass
class StandIn:
    """A service process for the supervisor: a Python one-liner."""

    name: str
    code: str
    log_file: Path
    process: subprocess.Popen | None = None
    starts: int = 0
    spawned: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> None:
        self.starts += 1
        self.process = subprocess.Popen([sys.executable, "-c", self.code], stdin=subprocess.DEVNULL)
        self.spawned.append(self.process)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def until(done: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.02)


def test_a_service_that_exits_is_restarted_with_a_capped_backoff_and_the_others_keep_running(tmp_path) -> None:
    audit = StandIn("audit", "import sys; sys.exit(3)", tmp_path / "audit.log")
    portal = StandIn("portal", "import time; time.sleep(120)", tmp_path / "portal.log")
    said: list[str] = []
    clock = Clock()
    supervisor = Supervisor([audit, portal], say=said.append, clock=clock)
    try:
        audit.start()
        portal.start()
        until(lambda: audit.process is not None and audit.process.poll() is not None)
        assert supervisor.step() is None
        assert said == [
            f"devstack: audit exited (3); the others keep running; restarting it in 5 s (see {audit.log_file})"
        ]
        clock.now = 4.9
        supervisor.step()
        assert audit.starts == 1  # not before its backoff is over
        waits = []
        for _ in range(6):  # it exits again at once each time: restarted, each wait longer, up to a minute
            clock.now += 60
            supervisor.step()
            assert said[-1] == f"devstack: audit started again (see {audit.log_file})"
            until(lambda: audit.process is not None and audit.process.poll() is not None)
            clock.now += 1  # soon after its restart
            supervisor.step()
            assert said[-1].startswith("devstack: audit exited (3); the others keep running; restarting it in ")
            assert str(audit.log_file) in said[-1]
            waits.append(said[-1].split(" in ")[1].split(" s")[0])
        assert waits == ["10", "20", "40", "60", "60", "60"]
        assert audit.starts == 7
        assert portal.starts == 1 and portal.process is not None and portal.process.poll() is None  # left running
        assert not any("portal" in line for line in said)

        # Kafka or PostgreSQL exiting is what stops everything: the caller is told so
        gone = Supervisor([audit, portal], say=said.append, infra_gone=lambda: "Kafka", clock=clock)
        assert gone.step() == "Kafka exited; stopping everything"
    finally:
        for process in (*audit.spawned, *portal.spawned):
            process.kill()
            process.wait()
