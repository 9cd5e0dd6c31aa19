"""`make run`: infrastructure, the three services, demonstration data, addresses; Ctrl-C stops all."""

from __future__ import annotations

import signal
import sys
import time

from . import procs
from .services import ServiceProcess, service_env
from .stack import SERVICES, Stack

DEFAULT_SERVICE_PORTS = {"roster": 8101, "notifier": 8102, "audit": 8103}


def run_system(stack: Stack, *, load_demo: bool = True) -> None:
    started_infra = not (stack.postgres.is_running() and stack.kafka.is_running())
    t0 = time.monotonic()
    print("devstack: starting PostgreSQL and Kafka…", flush=True)
    stack.up()
    services = [
        ServiceProcess(
            name=name,
            port=procs.env_int(f"LICHTRUC_{name.upper()}_PORT", DEFAULT_SERVICE_PORTS[name]),
            env=service_env(name, database_url=stack.database_url(name), kafka=stack.kafka.bootstrap_servers),
            log_file=stack.postgres.data_dir.parent / "logs" / f"{name}.log",
        )
        for name in SERVICES
    ]

    def shutdown(*_: object) -> None:
        print("\ndevstack: stopping the services…", flush=True)
        for service in reversed(services):
            service.stop()
        if started_infra:
            print("devstack: stopping Kafka and PostgreSQL…", flush=True)
            stack.down()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    try:
        for service in services:
            service.start()
        for service in services:
            service.wait_ready()
        if load_demo:
            from .demo import load_demo_data

            load_demo_data(services[0].url)
    except Exception as exc:  # noqa: BLE001 - say what failed, stop everything, exit non-zero
        print(f"devstack: {exc}", file=sys.stderr)
        for service in reversed(services):
            service.stop()
        if started_infra:
            stack.down()
        sys.exit(1)

    print(f"\nlichtruc is up in {time.monotonic() - t0:.1f}s:\n")
    for service in services:
        print(f"  {service.name:9} {service.url}/docs   (health {service.url}/healthz, ready {service.url}/readyz,"
              f" events {service.url}/asyncapi.json)")
    print(f"\n  kafka     {stack.kafka.bootstrap_servers}\n  postgres  {stack.postgres.url('roster', driver='postgresql')}"
          f"  (databases: {', '.join(SERVICES)})")
    print(f"  logs      {services[0].log_file.parent}\n\nPress Ctrl-C to stop everything.", flush=True)
    while True:
        for service in services:
            if service.process is not None and service.process.poll() is not None:
                print(f"devstack: {service.name} exited ({service.process.returncode}); see {service.log_file}",
                      file=sys.stderr)
                shutdown()
        time.sleep(1)
