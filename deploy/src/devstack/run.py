"""`make run`: infrastructure, the three services, demonstration data, addresses; Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from . import procs
from .keys import ADMIN_LOGIN, DevCredentials, dev_credentials
from .services import ServiceProcess, service_env
from .stack import SERVICES, Stack

DEFAULT_SERVICE_PORTS = {"roster": 8101, "notifier": 8102, "audit": 8103}
DEFAULT_SMTP_PORT = 2525


def run_system(stack: Stack, *, load_demo: bool = True) -> None:
    started_infra = not (stack.postgres.is_running() and stack.kafka.is_running())
    t0 = time.monotonic()
    print("devstack: starting PostgreSQL and Kafka…", flush=True)
    stack.up()
    from .mailcatcher import start_mailcatcher

    smtp_port = procs.env_int("LICHTRUC_SMTP_PORT", DEFAULT_SMTP_PORT)
    mail_dir = stack.postgres.data_dir.parent / "mail"
    mailcatcher = start_mailcatcher(mail_dir, smtp_port)
    extra_env = {
        "notifier": {
            "NOTIFIER_SMTP_HOST": "127.0.0.1", "NOTIFIER_SMTP_PORT": str(smtp_port),
            "NOTIFIER_PUBLIC_BASE_URL": f"http://127.0.0.1:{procs.env_int('LICHTRUC_NOTIFIER_PORT', 8102)}",
        },
    }
    credentials = dev_credentials(stack.postgres.data_dir.parent / "auth")
    services = [
        ServiceProcess(
            name=name,
            port=procs.env_int(f"LICHTRUC_{name.upper()}_PORT", DEFAULT_SERVICE_PORTS[name]),
            env={**service_env(name, database_url=stack.database_url(name), kafka=stack.kafka.bootstrap_servers),
                 **credentials.service_env(name), **extra_env.get(name, {})},
            log_file=stack.postgres.data_dir.parent / "logs" / f"{name}.log",
        )
        for name in SERVICES
    ]

    def shutdown(*_: object) -> None:
        print("\ndevstack: stopping the services…", flush=True)
        for service in reversed(services):
            service.stop()
        mailcatcher.stop()
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
        create_admin(services[0], credentials)
        if load_demo:
            from .demo import load_demo_data

            load_demo_data(services[0].url, login=ADMIN_LOGIN, password=credentials.admin_password)
    except Exception as exc:  # noqa: BLE001 - say what failed, stop everything, exit non-zero
        print(f"devstack: {exc}", file=sys.stderr)
        for service in reversed(services):
            service.stop()
        mailcatcher.stop()
        if started_infra:
            stack.down()
        sys.exit(1)

    print(f"\nlichtruc is up in {time.monotonic() - t0:.1f}s:\n")
    for service in services:
        print(f"  {service.name:9} {service.url}   (health /healthz, ready /readyz; with a token: /openapi.json,"
              f" /asyncapi.json)")
    print(f"\n  sign in   POST {services[0].url}/auth/login  login {ADMIN_LOGIN}  password {credentials.admin_password}"
          f"\n            (administrator; the demo's other accounts share this password, see README)")
    print(f"\n  kafka     {stack.kafka.bootstrap_servers}\n  postgres  {stack.postgres.url('roster', driver='postgresql')}"
          f"  (databases: {', '.join(SERVICES)})")
    print(f"  mail      smtp://127.0.0.1:{smtp_port} → {mail_dir}/*.eml (reminders and gap alerts land here)")
    print(f"  logs      {services[0].log_file.parent}\n\nPress Ctrl-C to stop everything.", flush=True)
    while True:
        for service in services:
            if service.process is not None and service.process.poll() is not None:
                print(f"devstack: {service.name} exited ({service.process.returncode}); see {service.log_file}",
                      file=sys.stderr)
                shutdown()
        time.sleep(1)


def create_admin(roster: ServiceProcess, credentials: DevCredentials) -> None:
    """The first administrator, as an operator makes one: with roster's own CLI (once; kept after)."""
    result = subprocess.run(
        [sys.executable, "-m", "roster", "create-admin", "--login", ADMIN_LOGIN, "--name", "Quản trị hệ thống",
         "--password-stdin", "--if-missing"],
        input=credentials.admin_password + "\n", env={**os.environ, **roster.env}, capture_output=True, text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"creating the administrator failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout).strip()[-800:]}")
