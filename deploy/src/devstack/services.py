"""Start lichtruc's services as real processes (`python -m <service> serve`) and wait
until they are ready. Used by `make run` and by the end-to-end tests. The portal is started
the same way; it has no database and no Kafka, only the three services' addresses
(`portal_env`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from . import local_http, procs

CHEAP_PASSWORD_HASHING = {
    "ROSTER_PASSWORD_HASH_TIME_COST": "1",
    "ROSTER_PASSWORD_HASH_MEMORY_KIB": "8192",
    "ROSTER_PASSWORD_HASH_PARALLELISM": "1",
}
"""argon2id at its cheapest (still argon2id), for a roster that signs the demo's people in by the hundred: every
roster the tests start, and the one `make run` loads its demo phases on (`devstack.run`). At production's cost (64
MiB, 3 passes) a check took a tenth of a second or more of CPU on this 2-core machine. A hash made so is made again
at the configured cost when its account next signs in to a roster that has it (roster's `needs_rehash`)."""


STARTUP_WAIT = 300.0
"""How long `devstack run` (and the demo's phases) wait for a service to answer /readyz: a service starts in a few
seconds on a quiet machine, and took more than 90 s beside other work at a load of 16 on two cores (QZ24)."""


@dataclass
class ServiceProcess:
    name: str
    port: int
    env: dict[str, str]
    log_file: Path
    command: str = "serve"  # or "relay" (roster's outbox relay on its own)
    module: str | None = None  # `python -m <module>`; default: the name
    port_variable: str = ""  # the environment variable that chooses the port (`make run`'s), named when it is taken
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if procs.port_is_open(self.port):
            choose = f"set {self.port_variable} to another port" if self.port_variable else "choose another port"
            raise RuntimeError(f"port {self.port} for {self.name} is taken: stop what runs there or {choose}")
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module or self.name, self.command, "--port", str(self.port)],
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_ready(
        self, timeout: float = 90.0, *, say: Callable[[str], None] | None = None, every: float = 20.0
    ) -> None:
        """Wait for /readyz to answer 200; fail with the log's tail if the process died. `say`: told every
        `every` seconds while the service is alive and not ready yet, with what it last answered (`devstack run`
        on a busy machine: QA round QZ24 saw roster take more than 90 s with the machine's load at 16, and the
        stack gave up without a word in between).

        One client for all the polls, with the process's one TLS context (`local_http`): `httpx.get` builds a
        client, TLS context included, for each call, about 40 ms of CPU against 0.2 ms (2026-12-02)."""
        started = time.monotonic()
        deadline, next_word = started + timeout, started + every
        last = "no answer"
        with local_http.client(timeout=2) as client:
            while time.monotonic() < deadline:
                if say is not None and time.monotonic() >= next_word:
                    next_word += every
                    say(
                        f"{self.name} not ready yet after {time.monotonic() - started:.0f}s ({last}); waiting up to {timeout:.0f}s"
                    )
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} exited with {self.process.returncode}; last lines of "
                        f"{self.log_file}:\n{procs.tail(self.log_file)}"
                    )
                try:
                    response = client.get(f"{self.url}/readyz")
                    if response.status_code == 200:
                        return
                    last = response.text
                except httpx.HTTPError as exc:
                    last = repr(exc)
                time.sleep(0.05)
        raise TimeoutError(
            f"{self.name} not ready after {timeout:.0f}s ({last}); its log: {self.log_file}. If the machine is busy"
            " (load above its cores), start again when it is quieter"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            procs.stop_process_tree(self.process.pid, timeout=15)
        self.process = None

    def kill(self) -> None:
        """SIGKILL the service (a crash: no shutdown hooks, no last offset commit); `start()` again
        brings it back on the same port and settings (the fault-injection suite, tests/chaos)."""
        if self.process is not None and self.process.poll() is None:
            procs.kill_process_tree(self.process.pid)
            self.process.wait(timeout=10)
        self.process = None

    def send_signal(self, sig: int) -> None:
        """Send a signal to the running service, e.g. SIGSTOP/SIGCONT to freeze it for a while."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)


def service_env(
    name: str, *, database_url: str, kafka: str, topic_prefix: str = "", json_logs: bool = True, workers: int = 1
) -> dict[str, str]:
    """The environment a service reads its settings from (NAME_DATABASE_URL, …). One worker
    process unless told otherwise: the tests start many services on a small machine."""
    prefix = name.upper()
    return {
        f"{prefix}_WORKERS": str(workers),
        f"{prefix}_DATABASE_URL": database_url,
        f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": kafka,
        f"{prefix}_TOPIC_PREFIX": topic_prefix,
        f"{prefix}_LOG_JSON": "true" if json_logs else "false",
    }


def portal_env(
    *, roster_url: str, notifier_url: str, audit_url: str, session_key: str, json_logs: bool = True, workers: int = 1
) -> dict[str, str]:
    """The portal's environment: where the three services answer and the key that seals its cookie."""
    return {
        "PORTAL_WORKERS": str(workers),
        "PORTAL_ROSTER_URL": roster_url,
        "PORTAL_NOTIFIER_URL": notifier_url,
        "PORTAL_AUDIT_URL": audit_url,
        "PORTAL_SESSION_KEY": session_key,
        "PORTAL_LOG_JSON": "true" if json_logs else "false",
    }
