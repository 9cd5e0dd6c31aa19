"""The local infrastructure as one unit: Kafka + PostgreSQL with a database per service."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import procs
from .kafka import QUICK_START, KafkaServer
from .paths import cache_dir
from .postgres import PostgresServer

SERVICES = ("roster", "notifier", "audit")

# Ports that collide neither with a system PostgreSQL (5432) / Kafka (9092) nor
# between the `make run` stack and the test session's own stack, and lie below Linux's
# ephemeral range (32768–60999): a client socket sitting on a port there made PostgreSQL
# fail with "address already in use" although nothing listened.
DEFAULT_PORTS = {
    "dev": {"pg": 15432, "kafka": 19092},
    "test": {"pg": 15442, "kafka": 19192},
}


@dataclass
class Stack:
    kafka: KafkaServer
    postgres: PostgresServer
    profile: str

    @classmethod
    def for_profile(cls, profile: str = "dev") -> Stack:
        """Build the stack of a profile; ports come from LICHTRUC_PG_PORT / LICHTRUC_KAFKA_PORT if set."""
        defaults = DEFAULT_PORTS[profile]
        prefix = "LICHTRUC_TEST_" if profile == "test" else "LICHTRUC_"
        pg_port = procs.env_int(f"{prefix}PG_PORT", defaults["pg"])
        kafka_port = procs.env_int(f"{prefix}KAFKA_PORT", defaults["kafka"])
        # LICHTRUC_TEST_DATA_DIR / LICHTRUC_DATA_DIR: a data folder of its own, so that two test sessions
        # (on other ports) can run side by side without removing each other's files.
        root = Path(os.environ.get(f"{prefix}DATA_DIR") or cache_dir() / profile)
        return cls(
            kafka=KafkaServer(
                data_dir=root / "kafka",
                port=kafka_port,
                controller_port=kafka_port + 1,
                jvm_options=QUICK_START if profile == "test" else (),
            ),
            postgres=PostgresServer(data_dir=root / "postgres", port=pg_port),
            profile=profile,
        )

    def up(self) -> None:
        self.postgres.start()
        for name in SERVICES:
            self.postgres.ensure_database(name)
        self.kafka.start()

    def down(self) -> None:
        self.kafka.stop()
        self.postgres.stop()

    def database_url(self, service: str) -> str:
        return self.postgres.url(service)

    def status_lines(self) -> list[str]:
        pg = "running" if self.postgres.is_running() else "stopped"
        kafka = "running" if self.kafka.is_running() else "stopped"
        return [
            f"postgres  {pg:8} 127.0.0.1:{self.postgres.port}  data: {self.postgres.data_dir}",
            f"kafka     {kafka:8} {self.kafka.bootstrap_servers}  data: {self.kafka.data_dir}",
        ]
