"""Apache Kafka 4 in KRaft mode, one node on loopback, from Maven Central jars.

The jars are resolved once by `mvn` from the pinned descriptor deploy/kafka/pom.xml
into the cache; storage is formatted on first start; the broker runs detached with
its pid in a file so that `down` (or another process) can stop it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import procs
from .paths import KAFKA_DESCRIPTOR_DIR, cache_dir

KAFKA_VERSION = "4.1.1"
# The broker's message.max.bytes (Kafka's default, set on purpose; docker-compose.yml sets the same).
MESSAGE_MAX_BYTES = 1_048_588


class KafkaLaunchError(RuntimeError):
    """The broker could not be fetched or started; the message says why and what to do."""


def jars_dir() -> Path:
    return cache_dir() / "kafka" / KAFKA_VERSION / "libs"


def fetch_jars(*, quiet: bool = False) -> Path:
    """Resolve the broker's jars from Maven Central (once) and return their folder."""
    target = jars_dir()
    marker = target / ".complete"
    if marker.exists():
        return target
    if shutil.which("mvn") is None:
        raise KafkaLaunchError("`mvn` is not on PATH: install Maven (apt-get install maven) and retry.")
    if shutil.which("java") is None:
        raise KafkaLaunchError("`java` is not on PATH: install a JDK 17+ (apt-get install openjdk-17-jre-headless).")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if not quiet:
        print(f"devstack: fetching Kafka {KAFKA_VERSION} jars from Maven Central (first run only)…", file=sys.stderr)
    cmd = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(KAFKA_DESCRIPTOR_DIR / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={target}",
        "-DincludeScope=runtime",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise KafkaLaunchError(
            "mvn could not resolve the Kafka jars (is Maven Central reachable?):\n"
            + (result.stdout + result.stderr)[-3000:]
        )
    marker.write_text(KAFKA_VERSION)
    return target


# The JVM's options for a broker that starts often and works little (the test profile's): its quick compiler only.
# The optimising one (C2) spends CPU compiling what a test session never runs long enough to pay back: the storage
# format took 1.2 s of CPU against 2.0, the broker 3.6 s to its readiness against 5.4, and about a fifth less idle
# (2026-12-05); a session's two brokers and the tests' own start dozens of times a day on two cores. `make run` and
# the benchmarks keep the JVM's defaults: C2 is what a deployed broker runs.
QUICK_START = ("-XX:TieredStopAtLevel=1",)


@dataclass
class KafkaServer:
    """One KRaft broker+controller bound to 127.0.0.1; `jvm_options` go before the JVM's others
    (`QUICK_START` for the test profile)."""

    data_dir: Path
    port: int
    controller_port: int
    partitions: int = 6
    heap: str = "512m"
    jvm_options: tuple[str, ...] = ()

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "broker.log"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "broker.pid"

    @property
    def properties_file(self) -> Path:
        return self.data_dir / "server.properties"

    def pid(self) -> int | None:
        return procs.read_pid(self.pid_file)

    def is_running(self) -> bool:
        return self.pid() is not None

    def _write_properties(self) -> None:
        logs = self.data_dir / "logs"
        self.properties_file.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    "node.id=1",
                    f"controller.quorum.voters=1@127.0.0.1:{self.controller_port}",
                    f"listeners=PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
                    f"advertised.listeners=PLAINTEXT://127.0.0.1:{self.port}",
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    f"log.dirs={logs}",
                    f"num.partitions={self.partitions}",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=6",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    # Tests and demos start consumers right after the broker: no rebalance delay.
                    "group.initial.rebalance.delay.ms=0",
                    # No no-op record in the metadata log every 500 ms (KIP-835's liveness signal, for a quorum's
                    # observers; this broker is its own one voter): an idle broker 0.45 s of CPU per 30 s
                    # against 0.77 (2026-12-05).
                    "metadata.max.idle.interval.ms=0",
                    # Topics are created explicitly by the services with their partition count.
                    "auto.create.topics.enable=false",
                    # Kafka's default, set on purpose: the largest record batch the broker takes (after
                    # compression). The services' producers refuse records over *_KAFKA_MAX_REQUEST_BYTES
                    # (1 MiB) before sending; keep that at most this. A consumer that cannot copy a message
                    # this large to its DLQ parks a digest of it instead (lichtruc.kafka).
                    f"message.max.bytes={MESSAGE_MAX_BYTES}",
                    "",
                ]
            )
        )

    def _java(self, main: str, *args: str, heap: str = "256m") -> list[str]:
        return [
            "java",
            *self.jvm_options,
            f"-Xmx{heap}",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={KAFKA_DESCRIPTOR_DIR / 'log4j2.properties'}",
            "-cp",
            f"{jars_dir()}/*",
            main,
            *args,
        ]

    def _format_if_needed(self) -> None:
        if (self.data_dir / "logs" / "meta.properties").exists():
            return
        cluster_id = uuid.uuid4().hex[:22]
        result = subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(self.properties_file)),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise KafkaLaunchError(
                f"formatting Kafka storage in {self.data_dir} failed:\n{result.stdout}{result.stderr}"
            )

    def start(self, *, timeout: float = 90.0) -> None:
        """Start the broker detached and wait until it accepts connections."""
        if self.is_running():
            return
        fetch_jars()
        for port in (self.port, self.controller_port):
            if procs.port_is_open(port):
                raise KafkaLaunchError(
                    f"port {port} on 127.0.0.1 is already taken by another process: stop it, or choose other "
                    "ports with LICHTRUC_KAFKA_PORT (the controller uses the next port)."
                )
        procs.ensure_dir(self.data_dir)
        self._write_properties()
        self._format_if_needed()
        if self.log_file.exists():
            self.log_file.replace(self.log_file.with_suffix(".log.1"))
        with self.log_file.open("wb") as log:
            proc = subprocess.Popen(
                self._java("kafka.Kafka", str(self.properties_file), heap=self.heap),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.data_dir,
            )
        self.pid_file.write_text(str(proc.pid))

        def ready() -> bool:
            if proc.poll() is not None:
                raise KafkaLaunchError(
                    f"Kafka exited with code {proc.returncode} while starting. Last lines of {self.log_file}:\n"
                    f"{procs.tail(self.log_file)}\nLikely causes: a port in use, a corrupt data folder "
                    f"(delete {self.data_dir}), or too little memory."
                )
            return procs.port_is_open(self.port) and "Kafka Server started" in self.log_file.read_text(errors="replace")

        try:
            procs.wait_until(ready, timeout=timeout, what=f"Kafka on {self.bootstrap_servers}")
        except TimeoutError as exc:
            self.stop()
            raise KafkaLaunchError(f"{exc}. Last lines of {self.log_file}:\n{procs.tail(self.log_file)}") from exc

    def stop(self) -> None:
        pid = self.pid()
        if pid is not None:
            procs.stop_process_tree(pid, timeout=30)
        self.pid_file.unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL the broker, as a crash would stop it: no controlled shutdown, nothing flushed
        (the fault-injection suite, tests/chaos). `start()` brings it back on the same data."""
        pid = self.pid()
        if pid is not None:
            procs.kill_process_tree(pid)
        self.pid_file.unlink(missing_ok=True)
